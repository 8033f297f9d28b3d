// Bundles the extension into dist/extension.js (or, with --tests, each unit test into out/test/).
// Usage: node scripts/build.mjs [--production] [--tests]
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes("--production");
const tests = process.argv.includes("--tests");

const common = {
  bundle: true,
  platform: "node",
  // VS Code 1.82, the oldest this extension supports, runs extensions on Node 18.
  target: "node18",
  format: "cjs",
  logLevel: "warning",
  absWorkingDir: root,
};

if (tests) {
  rmSync(join(root, "out"), { recursive: true, force: true });
  const entryPoints = readdirSync(join(root, "test"))
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join("test", name));
  // Unit tests cover the modules that do not import `vscode`; marking it external makes an
  // accidental import fail at run time rather than silently bundle nothing.
  await esbuild.build({ ...common, entryPoints, outdir: "out/test", external: ["vscode"], sourcemap: "inline" });
} else {
  await esbuild.build({
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
    minify: production,
    sourcemap: production ? false : "linked",
  });
}
