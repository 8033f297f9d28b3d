import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";

import { isSupported, resolveServerCommand, type PythonInfo, type ResolveContext } from "../src/serverCommand";

const LIBS = path.join("/ext", "bundled", "libs");

interface Call {
  argv: string[];
  cwd: string | undefined;
  env: Record<string, string>;
}

/** A context whose Pythons are the given table: program name → what it reports (absent: cannot run). */
function context(pythons: Record<string, Partial<PythonInfo> & { version: [number, number, number] }>, overrides: Partial<ResolveContext> = {}) {
  const calls: Call[] = [];
  const ctx: ResolveContext = {
    settings: { path: [], interpreter: [], importStrategy: "useBundled", lintWorkspaceOnStart: false },
    bundledLibs: LIBS,
    workspaceFolder: "/ws",
    platform: "linux",
    exists: (file) => file === path.join(LIBS, "wf_lsp", "__init__.py"),
    pythonExtensionInterpreter: async () => undefined,
    probe: async (argv, cwd, env) => {
      calls.push({ argv: [...argv], cwd, env: { ...env } });
      const found = pythons[argv[0]];
      return found ? { executable: `/usr/bin/${argv[0]}`, hasWfLsp: false, ...found } : undefined;
    },
    ...overrides,
  };
  return { ctx, calls };
}

test("wfLsp.path wins over everything and is not probed", async () => {
  const { ctx, calls } = context({ python3: { version: [3, 12, 0] } }, {
    settings: { path: ["/opt/wf-lsp", "serve", "--log-level", "debug"], interpreter: ["/x/python"], importStrategy: "fromEnvironment", lintWorkspaceOnStart: false },
  });
  const result = await resolveServerCommand(ctx);
  assert.ok(result.ok);
  assert.equal(result.server.command, "/opt/wf-lsp");
  assert.deepEqual(result.server.args, ["serve", "--log-level", "debug"]);
  assert.equal(result.server.strategy, "path");
  assert.deepEqual(calls, []);
});

test("a single wfLsp.path entry is the executable, run with `serve`", async () => {
  const { ctx } = context({}, { settings: { path: ["wf-lsp"], interpreter: [], importStrategy: "useBundled", lintWorkspaceOnStart: false } });
  const result = await resolveServerCommand(ctx);
  assert.ok(result.ok);
  assert.deepEqual([result.server.command, ...result.server.args], ["wf-lsp", "serve"]);
});

test("useBundled: the first Python >= 3.10 on PATH runs the bundled copy from its folder", async () => {
  const { ctx, calls } = context({ python: { version: [3, 11, 2] }, "python3.12": { version: [3, 12, 1] } });
  const result = await resolveServerCommand(ctx);
  assert.ok(result.ok);
  assert.deepEqual([result.server.command, ...result.server.args], ["python", "-m", "wf_lsp", "serve"]);
  assert.deepEqual(result.server.env, { PYTHONPATH: LIBS });
  assert.equal(result.server.cwd, LIBS);
  assert.equal(result.server.strategy, "useBundled");
  // python3 was tried first and could not run; the bundled copy is probed the way it will run.
  assert.deepEqual(calls.map((c) => c.argv[0]), ["python3", "python"]);
  assert.ok(calls.every((c) => c.cwd === LIBS && c.env.PYTHONPATH === LIBS));
});

test("useBundled skips a Python that is too old", async () => {
  const { ctx } = context({ python3: { version: [3, 8, 10] }, "python3.11": { version: [3, 11, 0] } });
  const result = await resolveServerCommand(ctx);
  assert.ok(result.ok);
  assert.equal(result.server.command, "python3.11");
});

test("useBundled with only an old Python says which one and what is needed", async () => {
  const { ctx } = context({ python3: { version: [3, 9, 18] } });
  const result = await resolveServerCommand(ctx);
  assert.ok(!result.ok);
  assert.equal(result.problem.kind, "python-too-old");
  assert.match(result.problem.message, /3\.10 or newer/);
  assert.match(result.problem.message, /\/usr\/bin\/python3 is 3\.9\.18/);
});

test("no Python at all: one problem naming what to install and the setting", async () => {
  const { ctx, calls } = context({});
  const result = await resolveServerCommand(ctx);
  assert.ok(!result.ok);
  assert.equal(result.problem.kind, "no-python");
  assert.equal(result.problem.setting, "wfLsp.interpreter");
  assert.match(result.problem.message, /needs Python 3\.10 or newer/);
  assert.match(result.problem.message, /apt install python3/);
  assert.match(result.problem.message, /tried python3, python, python3\.14/);
  assert.equal(calls.length, 7);
});

test("useBundled with wfLsp.interpreter uses only that interpreter", async () => {
  const { ctx, calls } = context({ python3: { version: [3, 12, 0] } }, {
    settings: { path: [], interpreter: ["/opt/py/bin/python", "-X", "utf8"], importStrategy: "useBundled", lintWorkspaceOnStart: false },
  });
  const result = await resolveServerCommand(ctx);
  assert.ok(!result.ok);
  assert.equal(result.problem.kind, "interpreter-not-runnable");
  assert.deepEqual(calls.map((c) => c.argv), [["/opt/py/bin/python", "-X", "utf8"]]);
});

test("useBundled reports a build without bundled libs", async () => {
  const { ctx } = context({ python3: { version: [3, 12, 0] } }, { exists: () => false });
  const result = await resolveServerCommand(ctx);
  assert.ok(!result.ok);
  assert.equal(result.problem.kind, "bundle-missing");
  assert.equal(result.problem.setting, "wfLsp.importStrategy");
});

test("fromEnvironment: wfLsp.interpreter, run in the workspace, with its arguments kept", async () => {
  const { ctx, calls } = context({ "/ws/.venv/bin/python": { version: [3, 12, 0], hasWfLsp: true } }, {
    settings: { path: [], interpreter: ["/ws/.venv/bin/python", "-X", "utf8"], importStrategy: "fromEnvironment", lintWorkspaceOnStart: false },
    pythonExtensionInterpreter: async () => assert.fail("not asked when wfLsp.interpreter is set"),
  });
  const result = await resolveServerCommand(ctx);
  assert.ok(result.ok);
  assert.deepEqual([result.server.command, ...result.server.args], ["/ws/.venv/bin/python", "-X", "utf8", "-m", "wf_lsp", "serve"]);
  assert.equal(result.server.cwd, "/ws");
  assert.deepEqual(result.server.env, {});
  assert.deepEqual(calls[0].env, {});
});

test("fromEnvironment: the Python extension's interpreter, else python3", async () => {
  const withExtension = context({ "/ws/venv/bin/python": { version: [3, 11, 0], hasWfLsp: true } }, {
    settings: { path: [], interpreter: [], importStrategy: "fromEnvironment", lintWorkspaceOnStart: false },
    pythonExtensionInterpreter: async () => ["/ws/venv/bin/python"],
  });
  const a = await resolveServerCommand(withExtension.ctx);
  assert.ok(a.ok);
  assert.equal(a.server.origin, "python-extension");

  const without = context({ python3: { version: [3, 11, 0], hasWfLsp: true } }, {
    settings: { path: [], interpreter: [], importStrategy: "fromEnvironment", lintWorkspaceOnStart: false },
  });
  const b = await resolveServerCommand(without.ctx);
  assert.ok(b.ok);
  assert.equal(b.server.command, "python3");
  assert.equal(b.server.origin, "python-on-path");
});

test("fromEnvironment without wf_lsp installed says how to install it", async () => {
  const { ctx } = context({ python3: { version: [3, 12, 0], hasWfLsp: false } }, {
    settings: { path: [], interpreter: [], importStrategy: "fromEnvironment", lintWorkspaceOnStart: false },
  });
  const result = await resolveServerCommand(ctx);
  assert.ok(!result.ok);
  assert.equal(result.problem.kind, "wf-lsp-missing");
  // Not `pip install wf-lsp`: the package is not on the index; what works today.
  assert.doesNotMatch(result.problem.message, /pip install wf-lsp/);
  assert.match(result.problem.message, /-m pip install "git\+<wf-lsp repository URL>"`/);
  assert.match(result.problem.message, /-m pip install \.` in a clone/);
  assert.match(result.problem.message, /useBundled/);
});

test("fromEnvironment with no python3 is the no-Python problem", async () => {
  const { ctx } = context({}, { settings: { path: [], interpreter: [], importStrategy: "fromEnvironment", lintWorkspaceOnStart: false } });
  const result = await resolveServerCommand(ctx);
  assert.ok(!result.ok);
  assert.equal(result.problem.kind, "no-python");
});

test("Windows tries the py launcher first", async () => {
  const { ctx, calls } = context({ py: { version: [3, 13, 0] } }, { platform: "win32" });
  const result = await resolveServerCommand(ctx);
  assert.ok(result.ok);
  assert.deepEqual([result.server.command, ...result.server.args], ["py", "-3", "-m", "wf_lsp", "serve"]);
  assert.deepEqual(calls[0].argv, ["py", "-3"]);
});

test("version check", () => {
  assert.ok(isSupported([3, 10, 0]));
  assert.ok(isSupported([3, 14, 1]));
  assert.ok(isSupported([4, 0, 0]));
  assert.ok(!isSupported([3, 9, 18]));
  assert.ok(!isSupported([2, 7, 18]));
});
