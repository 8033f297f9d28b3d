// `npm run package [-- --target <vscode-target> ...]`: fill bundled/libs with wf_lsp and its
// dependencies (scripts/bundle_libs.py), copy the JSON schema in, then build and package the .vsix
// with vsce (which runs `vscode:prepublish`, the production build, first).
//
// Without --target (or with --target universal): the universal wf-lsp-<version>.vsix, whose server
// runs the pure-Python YAML parser. With --target linux-x64 (darwin-arm64, win32-x64, ...;
// repeatable): one wf-lsp-<target>-<version>.vsix each, carrying the C parser for every CPython
// 3.10-3.14 that the package index has for that platform, marked for that platform
// (`vsce package --target`).
//
// The Python that runs pip is $WF_LSP_BUNDLE_PYTHON, else the repository's .venv, else python3;
// nothing in the bundle depends on which (bundle_libs.py evaluates the dependencies' markers for
// the target). $WF_LSP_SCHEMA names another schema file to ship (for testing the packaging
// without one).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ext = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = dirname(ext);
const manifest = JSON.parse(readFileSync(join(ext, "package.json"), "utf8"));
const { version } = manifest;
const UNIVERSAL = "universal";
const targets = parseArgs({ options: { target: { type: "string", multiple: true } } }).values.target ?? [UNIVERSAL];

function run(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ext, ...options });
  if (result.error || result.status !== 0) {
    fail(`${command} failed${result.error ? `: ${result.error.message}` : ` with exit code ${result.status}`}`);
  }
}

function fail(message) {
  console.error(`\nnpm run package: ${message}`);
  process.exit(1);
}

function bundlePython() {
  if (process.env.WF_LSP_BUNDLE_PYTHON) return process.env.WF_LSP_BUNDLE_PYTHON;
  const venv = join(repo, ".venv", process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
  return existsSync(venv) ? venv : "python3";
}

// 1. One bundle of the server and its dependencies per build, made side by side in bundled/staging.
const libs = join(ext, "bundled", "libs");
const staging = join(ext, "bundled", "staging");
rmSync(staging, { recursive: true, force: true });
run(bundlePython(), [join(ext, "scripts", "bundle_libs.py"), repo, staging, ...targets.flatMap((target) => ["--target", target])]);

// 2. The JSON schema, for `contributes.yamlValidation`.
const schema = process.env.WF_LSP_SCHEMA || join(repo, "schemas", "workflow.schema.json");
if (!existsSync(schema)) {
  fail(`${relative(ext, schema)} is missing. The extension ships the repository's JSON schema for the YAML extension (contributes.yamlValidation); build it before packaging.`);
}
mkdirSync(join(ext, "schemas"), { recursive: true });
copyFileSync(schema, join(ext, "schemas", "workflow.schema.json"));

// 3. The .vsix files, each packaging its bundle as bundled/libs. The bundle has no runtime
// node_modules (esbuild inlines them), hence --no-dependencies. Without a `repository` in
// package.json vsce cannot make README's relative image links absolute and refuses to package;
// keep them relative then (they work in the .vsix, not on the Marketplace).
const vsce = createRequire(join(ext, "package.json")).resolve("@vscode/vsce/vsce");
const linkOptions = manifest.repository ? [] : ["--allow-missing-repository", "--no-rewrite-relative-links"];
const built = [];
for (const target of targets) {
  rmSync(libs, { recursive: true, force: true });
  renameSync(join(staging, target), libs);
  if (!existsSync(join(libs, "wf_lsp", "__main__.py"))) {
    fail(`${relative(ext, libs)} has no wf_lsp after bundling`);
  }
  const platform = target === UNIVERSAL ? [] : ["--target", target];
  const out = target === UNIVERSAL ? `wf-lsp-${version}.vsix` : `wf-lsp-${target}-${version}.vsix`;
  run(process.execPath, [vsce, "package", "--no-dependencies", ...linkOptions, ...platform, "--out", out]);
  built.push(join(ext, out));
}
rmSync(staging, { recursive: true, force: true });
console.log(`\nbuilt ${built.join("\n      ")}`);
