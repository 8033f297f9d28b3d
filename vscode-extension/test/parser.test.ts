import assert from "node:assert/strict";
import { test } from "node:test";

import { SLOW_PARSER, parseServerVersion, slowParserAdvice, vscodeTarget } from "../src/parser";
import type { ServerCommand } from "../src/serverCommand";

test("serverInfo.version names the version and the parser", () => {
  assert.deepEqual(parseServerVersion("0.1.0 (C parser)"), { version: "0.1.0", parser: "C" });
  assert.deepEqual(parseServerVersion("0.2.0.dev1 (pure-Python parser)"), { version: "0.2.0.dev1", parser: SLOW_PARSER });
  // A wf-lsp from before the parser was named, or no serverInfo at all.
  assert.deepEqual(parseServerVersion("0.1.0"), { version: "0.1.0", parser: undefined });
  assert.deepEqual(parseServerVersion(undefined), { version: undefined, parser: undefined });
});

test("the platform name is VS Code's, as in the platform .vsix names", () => {
  assert.equal(vscodeTarget("linux", "x64"), "linux-x64");
  assert.equal(vscodeTarget("darwin", "arm64"), "darwin-arm64");
  assert.equal(vscodeTarget("win32", "x64"), "win32-x64");
});

function server(strategy: ServerCommand["strategy"], command: string, description: string): ServerCommand {
  return { command, args: [], env: {}, cwd: undefined, strategy, origin: "python-on-path", description };
}

test("the advice says how to get the C parser for the server that runs", () => {
  const bundled = slowParserAdvice(server("useBundled", "python3", "bundled wf-lsp run by /usr/bin/python3 (Python 3.15.0)"), "darwin-arm64");
  assert.match(bundled, /pure-Python YAML parser, about 9x slower/);
  assert.match(bundled, /\(bundled wf-lsp run by \/usr\/bin\/python3 \(Python 3\.15\.0\)\)/);
  assert.match(bundled, /wf-lsp-darwin-arm64-<version>\.vsix/);
  assert.match(bundled, /CPython 3\.10 to 3\.14/);

  const environment = slowParserAdvice(server("fromEnvironment", "/ws/.venv/bin/python", "wf-lsp installed in /ws/.venv/bin/python"), "linux-x64");
  assert.match(environment, /`\/ws\/\.venv\/bin\/python -m pip install ruamel\.yaml\.clib`/);

  const path = slowParserAdvice(server("path", "/opt/wf/bin/wf-lsp", "/opt/wf/bin/wf-lsp serve (from wfLsp.path)"), "win32-x64");
  assert.match(path, /Python environment of \/opt\/wf\/bin\/wf-lsp/);
  assert.doesNotMatch(path, /\.vsix/);
});
