/** The status-bar item: the server's state and version; a click opens the output channel. */

import * as vscode from "vscode";

export type ServerState = { kind: "starting" } | { kind: "running"; version: string | undefined; description: string } | { kind: "stopped" } | { kind: "failed"; message: string };

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: ServerState = { kind: "starting" };
  private readonly subscription: vscode.Disposable;

  constructor(showOutputCommand: string) {
    this.item = vscode.window.createStatusBarItem("wfLsp.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "wf-lsp";
    this.item.command = showOutputCommand;
    this.subscription = vscode.window.onDidChangeActiveTextEditor(() => this.updateVisibility());
    this.render();
  }

  set(state: ServerState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    const item = this.item;
    const state = this.state;
    item.backgroundColor = undefined;
    switch (state.kind) {
      case "starting":
        item.text = "$(loading~spin) wf-lsp";
        item.tooltip = "wf-lsp: starting the language server…";
        break;
      case "running": {
        const version = state.version ?? "?";
        item.text = `$(check) wf-lsp ${version}`;
        item.tooltip = new vscode.MarkdownString(`**wf-lsp ${version}**: running\n\n${state.description}\n\nClick to show the output.`);
        break;
      }
      case "stopped":
        item.text = "$(circle-slash) wf-lsp";
        item.tooltip = "wf-lsp: the language server is stopped. Run “wf-lsp: Restart server”. Click to show the output.";
        break;
      case "failed":
        item.text = "$(error) wf-lsp";
        item.tooltip = `wf-lsp: ${state.message}\n\nClick to show the output.`;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        break;
    }
    const label = state.kind === "running" ? `wf-lsp ${state.version ?? ""} running` : `wf-lsp ${state.kind}`;
    item.accessibilityInformation = { label: label.replace(/\s+/g, " ").trim() };
    this.updateVisibility();
  }

  /** Shown with a YAML editor, and always when something is wrong. */
  private updateVisibility(): void {
    const yaml = vscode.window.activeTextEditor?.document.languageId === "yaml";
    if (yaml || this.state.kind === "failed" || this.state.kind === "stopped") {
      this.item.show();
    } else {
      this.item.hide();
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
