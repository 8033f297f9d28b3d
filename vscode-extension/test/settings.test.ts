import assert from "node:assert/strict";
import { test } from "node:test";

import { CAPABILITY_KEYS, RESTART_KEYS, expandCommand, expandVariables, readClientSettings, toServerSettings, withoutPullDiagnostics } from "../src/settings";

const ctx = { workspaceFolder: "/ws", userHome: "/home/u", env: { VENV: "/opt/venv" } };

test("the server gets the wfLsp section without the client-only keys", () => {
  const section = {
    select: ["WF1"],
    ignore: [],
    severity: { WF203: "warning" },
    requireTimeout: "all",
    maxJobTimeout: "6h",
    maxStepTimeout: "",
    inlayHints: { enable: false },
    codeLens: { enable: true },
    debounceMs: 0,
    logLevel: "debug",
    lintWorkspaceOnStart: false,
    path: ["/bin/wf-lsp"],
    interpreter: ["/usr/bin/python3"],
    importStrategy: "fromEnvironment",
    trace: { server: "verbose" },
  };
  const { path, interpreter, importStrategy, trace, ...serverKeys } = section;
  assert.deepEqual(toServerSettings(section), serverKeys);
  assert.equal(Object.keys(serverKeys).length, 11);  // every server setting, none dropped
});

test("server settings are a copy: editing them leaves VS Code's object alone", () => {
  const section = { select: ["WF1"] };
  const settings = toServerSettings(section);
  (settings.select as string[]).push("WF2");
  assert.deepEqual(section.select, ["WF1"]);
});

test("a section that is not an object becomes {}", () => {
  for (const value of [null, undefined, 3, "x", ["a"]]) {
    assert.deepEqual(toServerSettings(value), {});
  }
});

test("client settings: defaults and malformed values", () => {
  assert.deepEqual(readClientSettings(() => undefined), { path: [], interpreter: [], importStrategy: "useBundled", lintWorkspaceOnStart: false });
  const values: Record<string, unknown> = { path: "  /bin/wf-lsp ", interpreter: ["", 3, " python3.12 "], importStrategy: "bogus" };
  assert.deepEqual(readClientSettings((key) => values[key]), { path: ["/bin/wf-lsp"], interpreter: ["python3.12"], importStrategy: "useBundled", lintWorkspaceOnStart: false });
  assert.equal(readClientSettings((key) => (key === "lintWorkspaceOnStart" ? true : undefined)).lintWorkspaceOnStart, true);
  assert.equal(readClientSettings((key) => (key === "lintWorkspaceOnStart" ? "yes" : undefined)).lintWorkspaceOnStart, false);
  assert.equal(readClientSettings((key) => (key === "importStrategy" ? "fromEnvironment" : undefined)).importStrategy, "fromEnvironment");
});

test("variables expand as in ruff's extension", () => {
  assert.equal(expandVariables("${workspaceFolder}/.venv/bin/python", ctx), "/ws/.venv/bin/python");
  assert.equal(expandVariables("${userHome}/x", ctx), "/home/u/x");
  assert.equal(expandVariables("~/x", ctx), "/home/u/x");
  assert.equal(expandVariables("a~/x", ctx), "a~/x");
  assert.equal(expandVariables("${env:VENV}/bin/python", ctx), "/opt/venv/bin/python");
  assert.equal(expandVariables("${env:MISSING}x", ctx), "x");
  assert.equal(expandVariables("${unknown}", ctx), "${unknown}");
  // Without a folder the variable stays, so the error message shows what was configured.
  assert.equal(expandVariables("${workspaceFolder}/p", { ...ctx, workspaceFolder: undefined }), "${workspaceFolder}/p");
});

test("a relative program path is taken from the workspace folder; a bare name is left for PATH", () => {
  assert.deepEqual(expandCommand([".venv/bin/python", "-X", "utf8"], ctx), ["/ws/.venv/bin/python", "-X", "utf8"]);
  assert.deepEqual(expandCommand(["./tools/wf-lsp"], ctx), ["/ws/tools/wf-lsp"]);
  assert.deepEqual(expandCommand(["python3.12"], ctx), ["python3.12"]);
  assert.deepEqual(expandCommand(["/usr/bin/python3"], ctx), ["/usr/bin/python3"]);
  assert.deepEqual(expandCommand([], ctx), []);
});

test("linting the whole workspace makes the client ask for pushed diagnostics, after a restart", () => {
  const capabilities = { textDocument: { diagnostic: { dynamicRegistration: true }, hover: {} }, workspace: {} };
  withoutPullDiagnostics(capabilities);
  assert.deepEqual(capabilities, { textDocument: { hover: {} }, workspace: {} });
  withoutPullDiagnostics({});  // nothing to remove: no error
  assert.ok(CAPABILITY_KEYS.includes("lintWorkspaceOnStart") && !RESTART_KEYS.includes("lintWorkspaceOnStart"));
});
