/**
 * Which process to start as the language server, decided from the settings and the Pythons found.
 *
 * Pure apart from the injected `probe` (runs a Python and reports its version) and `exists`, so the
 * order of resolution is unit-tested without VS Code.
 */

import * as path from "node:path";

import type { ClientSettings } from "./settings";

export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** What a Python interpreter said about itself. */
export interface PythonInfo {
  readonly executable: string;
  readonly version: readonly [number, number, number];
  /** Whether `import wf_lsp` would find a module (with the probe's cwd and environment). */
  readonly hasWfLsp: boolean;
}

/** Run `argv` as a Python with the given cwd and extra environment; undefined when it cannot run. */
export type Probe = (argv: readonly string[], cwd: string | undefined, env: Readonly<Record<string, string>>) => Promise<PythonInfo | undefined>;

export type Origin = "path" | "interpreter" | "python-extension" | "python-on-path";

export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Added to the extension host's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string | undefined;
  readonly strategy: "path" | "useBundled" | "fromEnvironment";
  readonly origin: Origin;
  /** One line for the output channel and the status-bar tooltip. */
  readonly description: string;
}

/** Why no server can start, said once to the user, with the setting that fixes it. */
export interface Problem {
  readonly kind: "no-python" | "python-too-old" | "interpreter-not-runnable" | "wf-lsp-missing" | "bundle-missing";
  readonly message: string;
  readonly setting: string;
}

export type Resolution = { readonly ok: true; readonly server: ServerCommand } | { readonly ok: false; readonly problem: Problem };

export interface ResolveContext {
  readonly settings: ClientSettings;
  /** `<extension>/bundled/libs`. */
  readonly bundledLibs: string;
  readonly workspaceFolder: string | undefined;
  readonly platform: string;
  readonly probe: Probe;
  readonly exists: (path: string) => boolean;
  /** The Python extension's selected interpreter, when that extension is installed. */
  readonly pythonExtensionInterpreter: () => Promise<readonly string[] | undefined>;
}

const SERVE = ["-m", "wf_lsp", "serve"];

/** Pythons tried in order when no interpreter is configured. */
export function pythonCandidates(platform: string): string[][] {
  if (platform === "win32") {
    return [["py", "-3"], ["python"], ["python3"]];
  }
  return [["python3"], ["python"], ["python3.14"], ["python3.13"], ["python3.12"], ["python3.11"], ["python3.10"]];
}

export function isSupported(version: readonly number[]): boolean {
  const [major, minor] = version;
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

function versionText(info: PythonInfo): string {
  return info.version.join(".");
}

/**
 * Resolve the server command: `wfLsp.path`; else, with `fromEnvironment`, the workspace's Python
 * (`wfLsp.interpreter`, the Python extension's, `python3`) running `-m wf_lsp serve`; else
 * (`useBundled`) a Python >= 3.10 running the copy of wf_lsp in `bundled/libs`.
 */
export async function resolveServerCommand(ctx: ResolveContext): Promise<Resolution> {
  const { settings } = ctx;
  if (settings.path.length > 0) {
    const [command, ...rest] = settings.path;
    const args = rest.length > 0 ? rest : ["serve"];
    return {
      ok: true,
      server: {
        command,
        args,
        env: {},
        cwd: ctx.workspaceFolder,
        strategy: "path",
        origin: "path",
        description: `${[command, ...args].join(" ")} (from wfLsp.path)`,
      },
    };
  }
  if (settings.importStrategy === "fromEnvironment") {
    return fromEnvironment(ctx);
  }
  return useBundled(ctx);
}

async function fromEnvironment(ctx: ResolveContext): Promise<Resolution> {
  let argv: readonly string[];
  let origin: Origin;
  let setting = "wfLsp.interpreter";
  if (ctx.settings.interpreter.length > 0) {
    argv = ctx.settings.interpreter;
    origin = "interpreter";
  } else {
    const fromExtension = await ctx.pythonExtensionInterpreter();
    if (fromExtension && fromExtension.length > 0) {
      argv = fromExtension;
      origin = "python-extension";
      setting = "python.defaultInterpreterPath";
    } else {
      argv = ctx.platform === "win32" ? ["python"] : ["python3"];
      origin = "python-on-path";
    }
  }
  const where = originText(origin);
  const info = await ctx.probe(argv, ctx.workspaceFolder, {});
  if (!info) {
    if (origin === "python-on-path") {
      return noPython(ctx, [argv]);
    }
    return problem("interpreter-not-runnable", `wf-lsp could not run the Python interpreter ${quote(argv)} (${where}). Check that it exists, or clear ${setting}.`, setting);
  }
  if (!isSupported(info.version)) {
    return problem(
      "python-too-old",
      `wf-lsp needs Python ${MIN_PYTHON.join(".")} or newer; ${info.executable} (${where}) is Python ${versionText(info)}. Choose a newer interpreter in ${setting}.`,
      setting,
    );
  }
  if (!info.hasWfLsp) {
    return problem(
      "wf-lsp-missing",
      `wf-lsp is not installed in ${info.executable} (${where}). Install it there from its repository (\`${info.executable} -m pip install "git+<wf-lsp repository URL>"\`, or \`${info.executable} -m pip install .\` in a clone of it: wf-lsp is not on the package index), or set wfLsp.importStrategy to "useBundled" to run the copy that ships with the extension.`,
      "wfLsp.importStrategy",
    );
  }
  return {
    ok: true,
    server: {
      command: argv[0],
      args: [...argv.slice(1), ...SERVE],
      env: {},
      cwd: ctx.workspaceFolder,
      strategy: "fromEnvironment",
      origin,
      description: `wf-lsp installed in ${info.executable} (Python ${versionText(info)}, ${where})`,
    },
  };
}

async function useBundled(ctx: ResolveContext): Promise<Resolution> {
  const libs = ctx.bundledLibs;
  if (!ctx.exists(path.join(libs, "wf_lsp", "__init__.py"))) {
    return problem(
      "bundle-missing",
      `This build of the wf-lsp extension has no bundled server (${libs} is empty; \`npm run package\` fills it). Set wfLsp.importStrategy to "fromEnvironment" to use the wf-lsp installed in your Python environment.`,
      "wfLsp.importStrategy",
    );
  }
  // PYTHONPATH puts the bundled copy first; running from its folder keeps a `wf_lsp` directory in
  // the workspace (or the current directory) from shadowing it through `-m`'s sys.path[0].
  const env = { PYTHONPATH: libs };
  const configured = ctx.settings.interpreter.length > 0;
  const candidates = configured ? [ctx.settings.interpreter] : pythonCandidates(ctx.platform);
  const tooOld: PythonInfo[] = [];
  for (const argv of candidates) {
    const info = await ctx.probe(argv, libs, env);
    if (!info) {
      if (configured) {
        return problem("interpreter-not-runnable", `wf-lsp could not run the Python interpreter ${quote(argv)} (from wfLsp.interpreter). Check that it exists, or clear the setting.`, "wfLsp.interpreter");
      }
      continue;
    }
    if (!isSupported(info.version)) {
      tooOld.push(info);
      continue;
    }
    return {
      ok: true,
      server: {
        command: argv[0],
        args: [...argv.slice(1), ...SERVE],
        env,
        cwd: libs,
        strategy: "useBundled",
        origin: configured ? "interpreter" : "python-on-path",
        description: `bundled wf-lsp run by ${info.executable} (Python ${versionText(info)})`,
      },
    };
  }
  if (tooOld.length > 0) {
    const found = tooOld.map((info) => `${info.executable} is ${versionText(info)}`).join(", ");
    return problem(
      "python-too-old",
      `wf-lsp needs Python ${MIN_PYTHON.join(".")} or newer to run its language server (${found}). Install a newer Python and reload the window, or point wfLsp.interpreter at one.`,
      "wfLsp.interpreter",
    );
  }
  return noPython(ctx, candidates);
}

function noPython(ctx: ResolveContext, tried: readonly (readonly string[])[]): Resolution {
  const install =
    ctx.platform === "win32"
      ? "from python.org or the Microsoft Store"
      : ctx.platform === "darwin"
        ? "with `brew install python` or from python.org"
        : "with your package manager, e.g. `sudo apt install python3`";
  return problem(
    "no-python",
    `wf-lsp needs Python ${MIN_PYTHON.join(".")} or newer to run its language server, and found none (tried ${tried.map((argv) => argv.join(" ")).join(", ")}). Install Python ${install}, then reload the window; or set wfLsp.interpreter to a Python ${MIN_PYTHON.join(".")}+.`,
    "wfLsp.interpreter",
  );
}

function problem(kind: Problem["kind"], message: string, setting: string): Resolution {
  return { ok: false, problem: { kind, message, setting } };
}

function originText(origin: Origin): string {
  switch (origin) {
    case "interpreter":
      return "from wfLsp.interpreter";
    case "python-extension":
      return "the Python extension's selected interpreter";
    case "python-on-path":
      return "found on PATH";
    default:
      return "from wfLsp.path";
  }
}

function quote(argv: readonly string[]): string {
  return `\`${argv.join(" ")}\``;
}
