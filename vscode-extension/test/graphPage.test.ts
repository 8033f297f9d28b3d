import assert from "node:assert/strict";
import { test } from "node:test";

import { colorScheme, graphPage } from "../src/graphPage";

test("the picture follows the editor's theme: dark and high-contrast dark ask for the dark palette", () => {
  assert.deepEqual([1, 2, 3, 4].map(colorScheme), ["light", "dark", "dark", "light"]);
});

test("the page runs only its own script (nonce) and loads nothing from outside", () => {
  const page = graphPage("vscode-webview://abc", "N0nce+/=");
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1] ?? "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-N0nce\+\/='/);
  assert.doesNotMatch(csp, /unsafe-eval|https?:/);
  const scripts = [...page.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [' nonce="N0nce+/="']);
  // A click on a job's box or row (data-job) asks the extension to reveal it.
  assert.match(page, /closest\("\[data-job\]"\)/);
  assert.match(page, /type: "reveal"/);
});
