// Drives a running code-server with headless Chromium (playwright-core) through what a user does
// with the wf-lsp extension, and prints one JSON object with what it saw. The pytest test
// (tests/e2e/test_vscode.py) starts code-server, runs this, and asserts on the JSON.
//
// Usage: node drive.mjs '<json config>'
//   config: { url, folder, file, line, column, fixed, fixAllExpect, hoverExpect, chromium,
//             nodeModules, screenshot, failureScreenshot, resultFile,
//             problemsExpect?, problemsOnly?, parserOnly? }
//   problemsExpect: a text the Problems panel must show before its rows are read;
//   problemsOnly: stop after reading the Problems panel;
//   parserOnly: stop after clicking the status-bar item and reading the notification it opens.
// Each step records what it observed even when a later step fails; on a failure `error` is set
// and a screenshot of the page is saved to `failureScreenshot`.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const config = JSON.parse(process.argv[2]);
const require = createRequire(join(config.nodeModules, "noop.js"));
const { chromium } = require("playwright-core");

const result = { steps: [] };
const started = Date.now();
const log = (message) => {
  const line = `[drive +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`;
  result.steps.push(line);
  process.stderr.write(line + "\n");
};
const text = (s) => (s ?? "").replace(/\u00a0/g, " ");
/** Thrown to end the drive early (config.problemsOnly): not a failure. */
class Done extends Error {}

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--password-store=basic",
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
page.setDefaultTimeout(30_000);
const editor = page.locator(".editor-instance .monaco-editor").first();

/** The text of the active editor, as rendered (the file is short enough to be on screen). */
async function editorText() {
  const lines = await editor.locator(".view-lines .view-line").evaluateAll((nodes) =>
    nodes
      .map((n) => ({ top: parseFloat(n.style.top || "0"), text: n.textContent }))
      .sort((a, b) => a.top - b.top)
      .map((n) => n.text),
  );
  return text(lines.join("\n"));
}

async function goToLine(line, column) {
  await editor.click({ position: { x: 200, y: 5 } });
  await page.keyboard.press("Control+G");
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(200);
}

async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ state: "visible" });
  await page.waitForTimeout(200);
  await page.keyboard.press("Enter");
}

try {
  log(`open ${config.url}`);
  await page.goto(`${config.url}/?folder=${encodeURIComponent(config.folder)}`);
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60_000 });
  await page.locator(".explorer-folders-view, .explorer-viewlet, .part.sidebar").first().waitFor({ state: "visible" });
  log("workbench loaded");

  // Open the workflow through Quick Open, as a user would.
  await page.keyboard.press("Control+P");
  const quickOpen = page.locator(".quick-input-widget input");
  await quickOpen.waitFor({ state: "visible" });
  await quickOpen.fill(config.file);
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: config.file }).first().waitFor({ state: "visible" });
  await page.keyboard.press("Enter");
  await editor.waitFor({ state: "visible" });
  await page.locator(".tab.active", { hasText: config.file }).waitFor({ state: "visible" });
  log(`opened ${config.file}`);
  result.textBefore = await editorText();

  // 1. A squiggle from the server; give up early when the status bar says the server has been
  // down for a while (a restart, say after settings arrive, passes through "stopped").
  const squiggleStart = Date.now();
  let downSince = 0;
  for (;;) {
    const state = await page.evaluate(() => {
      if (document.querySelector(".editor-instance .squiggly-error")) return "squiggle";
      const labels = [...document.querySelectorAll(".statusbar-item, .statusbar-item [aria-label]")].map((n) => n.getAttribute("aria-label") ?? "");
      return labels.some((label) => /wf-lsp (stopped|failed)/.test(label)) ? "down" : "waiting";
    });
    if (state === "squiggle") break;
    const now = Date.now();
    downSince = state === "down" ? downSince || now : 0;
    if (downSince && now - downSince > 10_000) {
      throw new Error("the status bar says the wf-lsp server stopped or failed, and no squiggle appeared");
    }
    if (now - squiggleStart > 90_000) {
      throw new Error("no .squiggly-error within 90 s");
    }
    await page.waitForTimeout(200);
  }
  result.squiggleMs = Date.now() - squiggleStart;
  result.squiggles = await editor.locator(".squiggly-error").count();
  log(`squiggly-error after ${result.squiggleMs} ms (${result.squiggles})`);

  // 2. The status-bar item, with the server's version once it is running.
  const status = page.locator(".statusbar-item", { hasText: "wf-lsp" }).first();
  await status.waitFor({ state: "visible" });
  await page.waitForFunction(
    () => [...document.querySelectorAll(".statusbar-item")].some((n) => /wf-lsp \d/.test(n.textContent ?? "")),
    null,
    { timeout: 30_000 },
  );
  result.statusText = text(await status.innerText()).trim();
  result.statusLabel = (await status.locator("a, [role=button]").first().getAttribute("aria-label").catch(() => null)) ?? (await status.getAttribute("aria-label"));
  log(`status bar: ${result.statusText} (${result.statusLabel})`);
  if (config.parserOnly) {
    // The slow parser's warning: one click explains how to get the fast one.
    await status.click();
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "YAML parser" }).first();
    await toast.waitFor({ state: "visible", timeout: 10_000 });
    result.parserMessage = text(await toast.innerText());
    log(`notification: ${JSON.stringify(result.parserMessage)}`);
    throw new Done();
  }

  // 3. The Problems panel.
  await page.keyboard.press("Control+Shift+M");
  const problemRow = page.locator(".markers-panel .monaco-list-row", { hasText: "WF103" }).first();
  await problemRow.waitFor({ state: "visible" });
  if (config.problemsExpect) {
    await page.locator(".markers-panel .monaco-list-row", { hasText: config.problemsExpect }).first().waitFor({ state: "visible", timeout: 30_000 });
  }
  result.problems = await page.locator(".markers-panel .monaco-list-row").evaluateAll((rows) =>
    rows.map((r) => ({ text: (r.textContent ?? "").replace(/\u00a0/g, " "), label: r.getAttribute("aria-label") })),
  );
  log(`problems: ${result.problems.length} rows`);
  if (config.problemsOnly) {
    throw new Done();
  }

  // 4. Hover on the duration value.
  await goToLine(config.line, config.column);
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: /\S/ }).first();
  await hover.waitFor({ state: "visible" });
  // The diagnostic's part of the hover can come before the server's answer: wait for a second part.
  await page
    .waitForFunction(() => document.querySelectorAll(".monaco-hover:not(.hidden) .hover-row:not(.status-bar)").length >= 2, null, { timeout: 10_000 })
    .catch(() => {});
  result.hoverText = text(await hover.innerText());
  result.hoverStrong = await hover.locator("strong, b").allInnerTexts();
  // Each part of the hover: the diagnostic's ("marker") and the server's hover answer.
  result.hoverParts = await hover.locator(".hover-row").evaluateAll((rows) =>
    rows.map((r) => ({ className: r.className, text: (r.textContent ?? "").replace(/\u00a0/g, " ") })),
  );
  log(`hover: ${JSON.stringify(result.hoverText)}`);
  if (config.screenshot) {
    await page.screenshot({ path: config.screenshot });
    log(`screenshot ${config.screenshot}`);
  }
  await page.keyboard.press("Escape");

  // 5. The quick fix: Ctrl+. on the value, then the fix that writes the canonical form.
  await goToLine(config.line, config.column);
  await page.keyboard.press("Control+.");
  const menu = page.locator(".action-widget", { has: page.locator(".monaco-list-row") }).first();
  await menu.locator(".monaco-list-row").first().waitFor({ state: "visible" });
  result.quickFixes = text(await menu.innerText()).split("\n").map((s) => s.trim()).filter(Boolean);
  log(`quick fixes: ${JSON.stringify(result.quickFixes)}`);
  const wanted = menu.locator(".monaco-list-row.action", { hasText: config.fixed }).first();
  if (await wanted.count()) {
    await wanted.hover();
    await page.waitForTimeout(100);
  }
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    ([fixed]) => [...document.querySelectorAll(".editor-instance .view-line")].some((n) => (n.textContent ?? "").includes(fixed)),
    [config.fixed],
    { timeout: 15_000 },
  );
  result.textAfterQuickFix = await editorText();
  log("quick fix applied");

  // 6. "wf-lsp: Fix all problems in this file" from the command palette, then save.
  await runCommand("wf-lsp: Fix all problems in this file");
  if (config.fixAllExpect) {
    await page.waitForFunction(
      ([fixed]) => [...document.querySelectorAll(".editor-instance .view-line")].some((n) => (n.textContent ?? "").includes(fixed)),
      [config.fixAllExpect],
      { timeout: 15_000 },
    );
  }
  result.textAfterFixAll = await editorText();
  log("fix all applied");
  await editor.click({ position: { x: 200, y: 5 } });
  await page.keyboard.press("Control+S");
  await page.locator(".tab.active.dirty").waitFor({ state: "detached", timeout: 10_000 });
  log("saved");

  // 7. The squiggles go once the file is fixed.
  await page
    .waitForFunction(() => document.querySelectorAll(".editor-instance .squiggly-error").length === 0, null, { timeout: 15_000 })
    .catch(() => {});
  result.squigglesAfterFix = await editor.locator(".squiggly-error").count();

  // 8. Hover on the same, now canonical, value: the duration in words and seconds.
  await goToLine(config.line, config.column);
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  await page.waitForFunction(
    ([expect]) => [...document.querySelectorAll(".monaco-hover:not(.hidden)")].some((n) => (n.textContent ?? "").replace(/\u00a0/g, " ").includes(expect)),
    [config.hoverExpect],
    { timeout: 10_000 },
  ).catch(() => {});
  result.hoverAfterFix = text(await page.locator(".monaco-hover:not(.hidden)", { hasText: /\S/ }).first().innerText());
  log(`hover after fix: ${JSON.stringify(result.hoverAfterFix)}`);
  await page.keyboard.press("Escape");

  // 9. Clicking the status-bar item opens the wf-lsp output channel.
  await status.click();
  const output = page.locator(".part.panel .monaco-editor .view-lines", { hasText: "[client]" }).first();
  await output.waitFor({ state: "visible", timeout: 10_000 });
  result.outputText = text(await output.innerText());
  log("output channel shown");
} catch (error) {
  if (error instanceof Done) {
    log("done early, as configured");
  } else {
    result.error = String(error && error.stack ? error.stack : error);
    log(`FAILED: ${result.error.split("\n")[0]}`);
    if (config.failureScreenshot) {
      await page.screenshot({ path: config.failureScreenshot }).catch(() => {});
    }
  }
} finally {
  await browser.close().catch(() => {});
}
if (config.resultFile) {
  writeFileSync(config.resultFile, JSON.stringify(result, null, 2) + "\n");
}
process.stdout.write(JSON.stringify(result) + "\n");
