/**
 * Finding Pythons: running one to learn its version, and asking the Python extension (optional)
 * which interpreter the user selected.
 */

import { execFile } from "node:child_process";
import * as vscode from "vscode";

import type { PythonInfo } from "./serverCommand";

const PROBE = [
  "import importlib.util, json, sys",
  'print(json.dumps({"executable": sys.executable, "version": list(sys.version_info[:3]), "wf_lsp": importlib.util.find_spec("wf_lsp") is not None}))',
].join("; ");

/** Run `argv -c PROBE`; undefined when the program is missing, fails or prints something else. */
export function probePython(argv: readonly string[], cwd: string | undefined, env: Readonly<Record<string, string>>): Promise<PythonInfo | undefined> {
  return new Promise((resolve) => {
    execFile(
      argv[0],
      [...argv.slice(1), "-c", PROBE],
      { cwd, env: { ...process.env, ...env }, timeout: 20_000, windowsHide: true },
      (error, stdout) => {
        if (error) {
          resolve(undefined);
          return;
        }
        try {
          const line = stdout.trim().split(/\r?\n/).pop() ?? "";
          const data = JSON.parse(line) as { executable: string; version: [number, number, number]; wf_lsp: boolean };
          resolve({ executable: data.executable || argv[0], version: data.version, hasWfLsp: data.wf_lsp });
        } catch {
          resolve(undefined);
        }
      },
    );
  });
}

/** The parts of the Python extension's API used here (ms-python.python, 2023 onward). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(env: { path: string } | string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
  };
}

const PYTHON_EXTENSION = "ms-python.python";

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION);
  if (!extension) {
    return undefined;
  }
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return undefined;
  }
}

/** The interpreter the Python extension has selected for `resource`, as a command line. */
export async function pythonExtensionInterpreter(resource: vscode.Uri | undefined): Promise<string[] | undefined> {
  const api = await pythonApi();
  if (!api) {
    return undefined;
  }
  try {
    const active = api.environments?.getActiveEnvironmentPath(resource);
    if (active) {
      const resolved = await api.environments?.resolveEnvironment(active);
      const executable = resolved?.executable.uri?.fsPath;
      if (executable) {
        return [executable];
      }
    }
    const command = api.settings?.getExecutionDetails(resource).execCommand;
    return command && command.length > 0 ? command : undefined;
  } catch {
    return undefined;
  }
}

/** Call `listener` when the user selects another interpreter in the Python extension. */
export async function onPythonInterpreterChanged(listener: () => void): Promise<vscode.Disposable | undefined> {
  const api = await pythonApi();
  return api?.environments?.onDidChangeActiveEnvironmentPath(() => listener());
}
