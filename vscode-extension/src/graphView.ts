/**
 * "wf-lsp: Show job graph": the workflow's job graph and worst-case timeline in a webview beside
 * the editor. The picture comes from the server (`wfLsp/graph`, wf_lsp/lsp/graph.py), drawn again
 * as the document changes and when the theme changes; it follows the active YAML editor. Clicking
 * a job's box reveals that job's key in the editor. In a file of several workflows (`---`), the one
 * drawn is the one of the lens clicked, else the one the cursor is in.
 */

import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as vscode from "vscode";
import type { LanguageClient, Range } from "vscode-languageclient/node";

import { colorScheme, graphPage, type GraphMessage } from "./graphPage";

const GRAPH_REQUEST = "wfLsp/graph";
/** How long typing pauses before the picture is drawn again. */
const REDRAW_DELAY_MS = 250;

type GraphAnswer = { svg: string; worstCase: string; criticalPath: string[]; jobs: { id: string; range: Range }[] } | null;

export class GraphView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.Uri | undefined;
  /** Where in the document the workflow to draw is (the server draws the first without it). */
  private position: vscode.Position | undefined;
  private jobs = new Map<string, Range>();
  private ready = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.panel && event.document.uri.toString() === this.document?.toString()) {
          this.redrawSoon();
        }
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor?.document.languageId === "yaml" && editor.document.uri.toString() !== this.document?.toString()) {
          this.document = editor.document.uri;
          this.position = editor.selection.active;
          void this.redraw();
        }
      }),
      vscode.window.onDidChangeActiveColorTheme(() => void this.redraw()),
    );
  }

  /** Open (or bring forward) the picture of the workflow at `position` in `uri`, or of the one
   * at the cursor of the active editor. */
  async show(uri?: vscode.Uri, position?: vscode.Position): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const document = uri ?? editor?.document.uri;
    if (!document) {
      void vscode.window.showInformationMessage("wf-lsp: open a workflow file first.");
      return;
    }
    this.document = document;
    this.position = position ?? (editor?.document.uri.toString() === document.toString() ? editor.selection.active : undefined);
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      this.panel = vscode.window.createWebviewPanel("wfLsp.graph", "Job graph", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      this.ready = false;
      this.panel.webview.html = graphPage(this.panel.webview.cspSource, randomBytes(16).toString("base64"));
      this.panel.webview.onDidReceiveMessage((message) => this.received(message));
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        clearTimeout(this.timer);
      });
    }
    await this.redraw();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }

  private redrawSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.redraw(), REDRAW_DELAY_MS);
  }

  private async redraw(): Promise<void> {
    const panel = this.panel;
    const document = this.document;
    if (!panel || !document || !this.ready) {
      return; // drawn when the page says it is ready
    }
    const file = path.basename(document.fsPath || document.path);
    panel.title = `Job graph: ${file}`;
    const client = this.client();
    if (!client?.isRunning()) {
      this.post({ type: "none", file, reason: "the language server is not running" });
      return;
    }
    let answer: GraphAnswer;
    try {
      answer = await client.sendRequest<GraphAnswer>(GRAPH_REQUEST, {
        textDocument: { uri: client.code2ProtocolConverter.asUri(document) },
        position: this.position && client.code2ProtocolConverter.asPosition(this.position),
        colorScheme: colorScheme(vscode.window.activeColorTheme.kind),
      });
    } catch (error) {
      this.post({ type: "none", file, reason: `no picture (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    if (document !== this.document) {
      return; // the active editor changed meanwhile: its own redraw follows
    }
    if (!answer) {
      this.jobs.clear();
      this.post({ type: "none", file, reason: "not a workflow" });
      return;
    }
    this.jobs = new Map(answer.jobs.map((job) => [job.id, job.range]));
    this.post({ type: "picture", svg: answer.svg, worstCase: answer.worstCase, file });
  }

  private post(message: GraphMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private received(message: { type?: string; job?: string }): void {
    if (message.type === "ready") {
      this.ready = true;
      void this.redraw();
    } else if (message.type === "reveal" && typeof message.job === "string") {
      void this.reveal(message.job);
    }
  }

  /** Show the job's key in the document's editor, selected, in the column it is in. */
  private async reveal(job: string): Promise<void> {
    const range = this.jobs.get(job);
    const client = this.client();
    if (!range || !this.document || !client) {
      return;
    }
    const selection = client.protocol2CodeConverter.asRange(range);
    const open = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === this.document?.toString());
    await vscode.window.showTextDocument(this.document, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.One, selection, preserveFocus: false });
  }
}
