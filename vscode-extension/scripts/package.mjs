// `npm run package`: fill bundled/libs with wf_lsp and its dependencies, copy the JSON schema in,
// then build and package wf-lsp-<version>.vsix with vsce (which runs `vscode:prepublish`, the
// production build, first).
//
// The Python that runs `pip install --target` is $WF_LSP_BUNDLE_PYTHON, else the repository's
// .venv, else python3. pip evaluates environment markers for that Python, so `tomli` (needed by
// wf_lsp on Python 3.10 only) is added explicitly: the bundle must run on any Python >= 3.10.
// $WF_LSP_SCHEMA names another schema file to ship (for testing the packaging without one).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ext = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = dirname(ext);
const manifest = JSON.parse(readFileSync(join(ext, "package.json"), "utf8"));
const { version } = manifest;

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

// 1. bundled/libs: the server and its dependencies, as Microsoft's Python-tool template does.
const libs = join(ext, "bundled", "libs");
rmSync(libs, { recursive: true, force: true });
mkdirSync(libs, { recursive: true });
run(bundlePython(), [
  "-m", "pip", "install",
  "--target", libs,
  "--no-compile",
  "--disable-pip-version-check",
  "--no-warn-script-location",
  repo,
]);
// tomli is only needed below Python 3.11, so pip skipped it above when packaging with a newer
// Python; add its pure-Python wheel (the binary one is compiled for one Python version).
run(bundlePython(), [
  "-m", "pip", "install",
  "--target", libs,
  "--no-compile",
  "--disable-pip-version-check",
  "--no-deps",
  "--only-binary=:all:",
  "--implementation", "py",
  "--python-version", "3.10",
  "--platform", "any",
  "tomli>=2",
]);
// Console scripts point at the packaging machine's Python; the extension runs `-m wf_lsp`.
rmSync(join(libs, "bin"), { recursive: true, force: true });
if (!existsSync(join(libs, "wf_lsp", "__init__.py"))) {
  fail(`${relative(ext, libs)} has no wf_lsp after pip install`);
}

// 2. The JSON schema, for `contributes.yamlValidation`.
const schema = process.env.WF_LSP_SCHEMA || join(repo, "schemas", "workflow.schema.json");
if (!existsSync(schema)) {
  fail(`${relative(ext, schema)} is missing. The extension ships the repository's JSON schema for the YAML extension (contributes.yamlValidation); build it before packaging.`);
}
mkdirSync(join(ext, "schemas"), { recursive: true });
copyFileSync(schema, join(ext, "schemas", "workflow.schema.json"));

// 3. The .vsix. The bundle has no runtime node_modules (esbuild inlines them), hence --no-dependencies.
// Without a `repository` in package.json vsce cannot make README's relative image links absolute
// and refuses to package; keep them relative then (they work in the .vsix, not on the Marketplace).
const vsce = createRequire(join(ext, "package.json")).resolve("@vscode/vsce/vsce");
const linkOptions = manifest.repository ? [] : ["--allow-missing-repository", "--no-rewrite-relative-links"];
run(process.execPath, [vsce, "package", "--no-dependencies", ...linkOptions, "--out", `wf-lsp-${version}.vsix`]);
console.log(`\nbuilt ${join(ext, `wf-lsp-${version}.vsix`)}`);
