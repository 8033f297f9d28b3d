/**
 * The status-bar item: the server's state, version and YAML parser. A click opens the output
 * channel, or, when the server runs the slow parser, explains how to get the fast one.
 */

import * as vscode from "vscode";

export type ServerState =
  | { kind: "starting" }
  | { kind: "running"; version: string | undefined; parser: string | undefined; description: string; slowParser: boolean }
  | { kind: "stopped" }
  | { kind: "failed"; message: string };

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: ServerState = { kind: "starting" };
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly showOutputCommand: string,
    private readonly explainParserCommand: string,
  ) {
    this.item = vscode.window.createStatusBarItem("wfLsp.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "wf-lsp";
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
    item.command = this.showOutputCommand;
    switch (state.kind) {
      case "starting":
        item.text = "$(loading~spin) wf-lsp";
        item.tooltip = "wf-lsp: starting the language server…";
        break;
      case "running": {
        const version = state.version ?? "?";
        const parser = state.parser ? `, ${state.parser} YAML parser` : "";
        if (state.slowParser) {
          item.text = `$(warning) wf-lsp ${version}`;
          item.tooltip = new vscode.MarkdownString(`**wf-lsp ${version}**: running with the slow ${state.parser} YAML parser\n\n${state.description}\n\nClick for how to get the fast one.`);
          item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
          item.command = this.explainParserCommand;
        } else {
          item.text = `$(check) wf-lsp ${version}`;
          item.tooltip = new vscode.MarkdownString(`**wf-lsp ${version}**: running${parser}\n\n${state.description}\n\nClick to show the output.`);
        }
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
    const label =
      state.kind === "running"
        ? `wf-lsp ${state.version ?? ""} running${state.parser ? `, ${state.parser} parser` : ""}${state.slowParser ? " (slow)" : ""}`
        : `wf-lsp ${state.kind}`;
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
