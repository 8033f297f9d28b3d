/** Entry point: starts `wf-lsp serve` for YAML files and wires the commands and the status bar. */

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { DidChangeConfigurationNotification, ErrorCodes, LanguageClient, ResponseError, RevealOutputChannelOn, State, type CancellationToken, type LanguageClientOptions, type Location, type MessageSignature, type Position, type StaticFeature, type StreamInfo } from "vscode-languageclient/node";

import { GraphView } from "./graphView";
import { SLOW_PARSER, parseServerVersion, slowParserAdvice, vscodeTarget } from "./parser";
import { onPythonInterpreterChanged, probePython, pythonExtensionInterpreter } from "./python";
import { resolveServerCommand, type Problem, type ServerCommand } from "./serverCommand";
import { ServerProcess } from "./serverProcess";
import { withServerSource, withSourceLabel } from "./sourceLabel";
import { CAPABILITY_KEYS, RESTART_KEYS, SECTION, expandCommand, readClientSettings, toServerSettings, withoutPullDiagnostics, type ClientSettings } from "./settings";
import { StatusItem } from "./status";

const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append("wf-lsp");
const NORMALIZE_DURATIONS = vscode.CodeActionKind.Source.append("normalizeDurations").append("wf-lsp");
/** The server's command on a job's code lens (wf_lsp/lsp/code_lens.py). */
const SHOW_CRITICAL_PATH = "wf-lsp.showCriticalPath";
/** The server's command on the code lens on `jobs:` (wf_lsp/lsp/graph.py): the job graph. */
const SHOW_GRAPH = "wf-lsp.showGraph";
const DOCUMENT_SELECTOR: { scheme: string; language: string }[] = [
  { scheme: "file", language: "yaml" },
  { scheme: "untitled", language: "yaml" },
];

let controller: ServerController | undefined;

/**
 * The language client, quiet about the requests its own stop cut short. A request that passes the
 * client's "is it running" check just before `stop()` waits for the connection, finds none (the
 * client is stopping) and fails with a plain Error the client logs as "Request … failed". Like the
 * requests of a closed connection (ConnectionInactive), such a request gets the feature's empty
 * answer; the editor asks the next server again.
 */
class WfLanguageClient extends LanguageClient {
  override handleFailedRequest<T>(type: MessageSignature, token: CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean): T {
    if (!this.isRunning() && !(error instanceof ResponseError)) {
      return defaultValue;
    }
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("wf-lsp");
  const status = new StatusItem("wfLsp.showOutput", "wfLsp.explainParser");
  const graph = new GraphView(() => controller?.runningClient());
  controller = new ServerController(context, output, status, graph);
  const server = controller;
  context.subscriptions.push(
    output,
    status,
    graph,
    vscode.commands.registerCommand("wfLsp.showGraph", () => graph.show()),
    vscode.commands.registerCommand("wfLsp.restart", () => server.restart()),
    vscode.commands.registerCommand("wfLsp.showOutput", () => output.show(true)),
    // The status item's click when the server runs the slow parser (not in the palette).
    vscode.commands.registerCommand("wfLsp.explainParser", () => server.explainParser()),
    vscode.commands.registerCommand("wfLsp.fixAll", () => server.applySourceAction(FIX_ALL, "nothing to fix")),
    vscode.commands.registerCommand("wfLsp.normalizeDurations", () => server.applySourceAction(NORMALIZE_DURATIONS, "every duration is already canonical")),
    // One listener for every `wfLsp` change, so that a change that restarts the server is not also
    // sent to the server being stopped (the client's own `synchronize` would race the restart).
    vscode.workspace.onDidChangeConfiguration((event) => {
      if ([...RESTART_KEYS, ...CAPABILITY_KEYS].some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
        output.appendLine("[client] server settings changed: restarting");
        void server.restart();
      } else if (event.affectsConfiguration(SECTION)) {
        void server.settingsChanged();
      }
    }),
    // Restricted Mode ignores the workspace's wfLsp.path/interpreter/importStrategy; trusting the
    // folder makes them count, so the server may have to change.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void server.restart()),
  );
  await server.start();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

/** Owns the language client; starts, stops and restarts it one at a time. */
class ServerController {
  private client: LanguageClient | undefined;
  /** The process of the running client's server (the client spawns a new one when it restarts it). */
  private process: ServerProcess | undefined;
  /** Answers "no code lenses" between two servers, so that the stopped server's lenses go. */
  private noLenses: vscode.Disposable | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly shownProblems = new Set<string>();
  private pythonWatch: vscode.Disposable | undefined;
  /** How to get the fast YAML parser, while the server runs the slow one. */
  private parserAdvice: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
    private readonly status: StatusItem,
    private readonly graph: GraphView,
  ) {}

  /** The client, while its server runs. */
  runningClient(): LanguageClient | undefined {
    return this.client?.isRunning() ? this.client : undefined;
  }

  clientSettings(): ClientSettings {
    const config = vscode.workspace.getConfiguration(SECTION, this.workspaceFolder());
    const raw = readClientSettings((key) => config.get(key));
    const ctx = { workspaceFolder: this.workspaceFolder()?.uri.fsPath, userHome: os.homedir(), env: process.env };
    return { ...raw, path: expandCommand(raw.path, ctx), interpreter: expandCommand(raw.interpreter, ctx) };
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  /** Tell a running server that the `wfLsp` section changed; it pulls the new values. */
  settingsChanged(): Promise<void> {
    return this.enqueue(async () => {
      const client = this.client;
      if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private workspaceFolder(): vscode.WorkspaceFolder | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
  }

  private async doStart(): Promise<void> {
    this.status.set({ kind: "starting" });
    const folder = this.workspaceFolder();
    const resolution = await resolveServerCommand({
      settings: this.clientSettings(),
      bundledLibs: path.join(this.context.extensionPath, "bundled", "libs"),
      workspaceFolder: folder?.uri.fsPath,
      platform: process.platform,
      probe: probePython,
      exists: (file) => fs.existsSync(file),
      pythonExtensionInterpreter: () => pythonExtensionInterpreter(folder?.uri),
    });
    if (!resolution.ok) {
      this.report(resolution.problem);
      return;
    }
    const server = resolution.server;
    if (server.origin === "python-extension") {
      await this.watchPythonExtension();
    }
    this.output.appendLine(`[client] starting ${server.description}: ${[server.command, ...server.args].join(" ")}`);
    const client = new WfLanguageClient("wfLsp", "wf-lsp", () => this.spawn(server), this.clientOptions());
    if (this.clientSettings().lintWorkspaceOnStart) {
      client.registerFeature(PUSH_DIAGNOSTICS);
    }
    client.onDidChangeState((event) => {
      if (this.client !== client) {
        return;
      }
      if (event.newState === State.Stopped) {
        this.status.set({ kind: "stopped" });
      } else if (event.newState === State.Running) {
        this.running(client, server);
      }
    });
    this.client = client;
    try {
      await client.start();
      this.noLenses?.dispose();
      this.noLenses = undefined;
      const info = client.initializeResult?.serverInfo;
      this.output.appendLine(`[client] ${info?.name ?? "server"} ${info?.version ?? "(no version)"} is running`);
      this.running(client, server);
      if (this.parserAdvice) {
        this.output.appendLine(`[client] ${this.parserAdvice}`);
      }
    } catch (error) {
      const message = `the language server did not start (${server.description}): ${error instanceof Error ? error.message : String(error)}`;
      this.output.appendLine(`[client] ${message}`);
      this.status.set({ kind: "failed", message });
    }
  }

  /** The status item for a running server: its version, and a warning when its parser is slow. */
  private running(client: LanguageClient, server: ServerCommand): void {
    const { version, parser } = parseServerVersion(client.initializeResult?.serverInfo?.version);
    const slowParser = parser === SLOW_PARSER;
    this.parserAdvice = slowParser ? slowParserAdvice(server, vscodeTarget(process.platform, process.arch)) : undefined;
    this.status.set({ kind: "running", version, parser, description: server.description, slowParser });
  }

  /** How to get the fast YAML parser, when the server runs the slow one; else the output. */
  explainParser(): void {
    if (!this.parserAdvice) {
      this.output.show(true); // the server was restarted with the fast one meanwhile
      return;
    }
    void vscode.window.showWarningMessage(this.parserAdvice, "Show output").then((choice) => {
      if (choice === "Show output") {
        this.output.show(true);
      }
    });
  }

  /**
   * Restart when the user picks another interpreter in the Python extension. Subscribed only once
   * that interpreter is in use, so `useBundled` never activates the Python extension.
   */
  private async watchPythonExtension(): Promise<void> {
    if (this.pythonWatch) {
      return;
    }
    this.pythonWatch = await onPythonInterpreterChanged(() => {
      const settings = this.clientSettings();
      if (!settings.path.length && settings.importStrategy === "fromEnvironment" && !settings.interpreter.length) {
        this.output.appendLine("[client] the Python extension's interpreter changed: restarting");
        void this.restart();
      }
    });
    if (this.pythonWatch) {
      this.context.subscriptions.push(this.pythonWatch);
    }
  }

  /** Start the server's process for the client (at its start, and when it restarts a crashed one). */
  private async spawn(server: ServerCommand): Promise<StreamInfo> {
    const process = await ServerProcess.start(server, (text) => this.output.append(text));
    this.process = process;
    return { reader: process.reader, writer: process.writer };
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    const process = this.process;
    this.client = undefined;
    this.process = undefined;
    if (client) {
      // VS Code keeps showing a document's last code lenses while no provider is registered.
      this.noLenses ??= vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, { provideCodeLenses: () => [] });
      process?.expectExit();
      try {
        await client.stop(5_000);
      } catch (error) {
        this.output.appendLine(`[client] stopping the server: ${String(error)}`);
      }
      await client.dispose();
    }
    process?.killAfter();
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      // Problems show in the status bar and in one notification, not by popping the output open.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: {
        // A request the editor makes just as the server is stopped can pass the client's own
        // "is it running" check, wait, and go out after `shutdown`; the server then refuses it
        // (InvalidRequest, as LSP 3.17 says) and the client logs that as an error. Such a request
        // is dropped here instead, the way the client drops those of a closed connection.
        sendRequest: (type, param, token, next) =>
          this.client === undefined
            ? Promise.reject(new ResponseError(ErrorCodes.ConnectionInactive, "the language server is restarting"))
            : next(type, param, token),
        // A job's code lens: its critical path in a peek view; the lens on `jobs:`: the job graph
        // beside the editor. The server's own answer to these, for editors without them, is a message.
        executeCommand: async (command, args, next) => {
          const client = this.client;
          if (command === SHOW_GRAPH && client && typeof args[0] === "string") {
            // The lens's `jobs:` position: in a file of several workflows, the one to draw.
            const at = args[1] as Position | undefined;
            return this.graph.show(client.protocol2CodeConverter.asUri(args[0]), at && client.protocol2CodeConverter.asPosition(at));
          }
          if (command !== SHOW_CRITICAL_PATH || !client || args.length < 3) {
            return next(command, args);
          }
          const convert = client.protocol2CodeConverter;
          const [uri, position, locations] = args as [string, Position, Location[]];
          return vscode.commands.executeCommand("editor.action.showReferences", convert.asUri(uri), convert.asPosition(position), locations.map((location) => convert.asLocation(location)));
        },
        handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(withSourceLabel)),
        provideDiagnostics: async (document, previousResultId, token, next) => {
          const report = await next(document, previousResultId, token);
          if (report?.kind === "full") {
            report.items = report.items.map(withSourceLabel);
          }
          return report;
        },
        provideCodeActions: (document, range, context, token, next) =>
          next(document, range, { ...context, diagnostics: context.diagnostics.map(withServerSource) }, token),
        workspace: {
          // The server pulls the `wfLsp` section; it gets it without the client-only keys.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return result.map((value, i) => (params.items[i]?.section === SECTION ? toServerSettings(value) : value));
          },
        },
      },
    };
  }

  /** Say what is wrong in the output and the status bar, and once per session in a notification. */
  private report(problem: Problem): void {
    this.output.appendLine(`[client] ${problem.message}`);
    this.status.set({ kind: "failed", message: problem.message });
    if (this.shownProblems.has(problem.kind)) {
      return;
    }
    this.shownProblems.add(problem.kind);
    const openSetting = `Open ${problem.setting}`;
    void vscode.window.showErrorMessage(problem.message, openSetting, "Show output").then((choice) => {
      if (choice === openSetting) {
        void vscode.commands.executeCommand("workbench.action.openSettings", problem.setting);
      } else if (choice === "Show output") {
        this.output.show(true);
      }
    });
  }

  /** Run the server's source action of `kind` on the active editor's whole document. */
  async applySourceAction(kind: vscode.CodeActionKind, nothingMessage: string): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== "yaml") {
      void vscode.window.showInformationMessage("wf-lsp: open a workflow file first.");
      return;
    }
    if (!this.client || !this.client.isRunning()) {
      void vscode.window.showWarningMessage("wf-lsp: the language server is not running. See “wf-lsp: Show output”.");
      return;
    }
    const document = editor.document;
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    // Asked as a menu asks (all source actions), not as a save does (this kind alone): the
    // server then adds the command that says what fix-all left, run below.
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", document.uri, whole, vscode.CodeActionKind.Source.value, 10)) ?? [];
    const ours = actions.filter((action) => action.kind !== undefined && kind.contains(action.kind));
    let changed = false;
    for (const action of ours) {
      if (action.edit && action.edit.size > 0) {
        changed = (await vscode.workspace.applyEdit(action.edit)) || changed;
      }
      if (action.command) {
        await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
        changed = true;
      }
    }
    if (!changed) {
      void vscode.window.showInformationMessage(`wf-lsp: ${nothingMessage} in ${path.basename(document.fileName)}.`);
    }
  }
}

/** Announces no pull diagnostics, so that the server pushes them (see withoutPullDiagnostics). */
const PUSH_DIAGNOSTICS: StaticFeature = {
  fillClientCapabilities: withoutPullDiagnostics,
  initialize: () => undefined,
  getState: () => ({ kind: "static" }),
  clear: () => undefined,
};
