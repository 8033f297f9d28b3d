import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { CLIENT_ONLY_KEYS, RESTART_KEYS } from "../src/settings";

// Run from the extension folder (npm test).
const root = process.cwd();
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
type Category = { id: string; title: string; properties: Record<string, Record<string, unknown>> };
const categories: Category[] = manifest.contributes.configuration;
const properties: Record<string, Record<string, unknown>> = Object.assign({}, ...categories.map((c) => c.properties));
const extensionSource = readFileSync(join(root, "src", "extension.ts"), "utf8");

/** The settings the server reads (issue 4), and their defaults. */
const SERVER_SETTINGS: Record<string, unknown> = {
  "wfLsp.select": [],
  "wfLsp.extendSelect": [],
  "wfLsp.ignore": [],
  "wfLsp.severity": {},
  "wfLsp.requireTimeout": "jobs",
  "wfLsp.maxJobTimeout": "",
  "wfLsp.maxStepTimeout": "",
  "wfLsp.inlayHints.enable": true,
  "wfLsp.codeLens.enable": true,
  "wfLsp.debounceMs": 0,
  "wfLsp.incremental": true,
  "wfLsp.logLevel": "info",
  "wfLsp.lintWorkspaceOnStart": false,
};
const CLIENT_SETTINGS: Record<string, unknown> = {
  "wfLsp.path": [],
  "wfLsp.interpreter": [],
  "wfLsp.importStrategy": "useBundled",
  "wfLsp.trace.server": "off",
};

test("every setting is contributed with its default, and nothing else", () => {
  assert.deepEqual(Object.keys(properties).sort(), Object.keys({ ...SERVER_SETTINGS, ...CLIENT_SETTINGS }).sort());
  for (const [key, value] of Object.entries({ ...SERVER_SETTINGS, ...CLIENT_SETTINGS })) {
    assert.deepEqual(properties[key].default, value, key);
  }
});

test("every setting has a type and a markdown description; every enum value is described", () => {
  for (const [key, schema] of Object.entries(properties)) {
    assert.ok(schema.type, `${key} has no type`);
    assert.ok(typeof schema.markdownDescription === "string" && schema.markdownDescription.length > 20, `${key} has no markdownDescription`);
    if (schema.enum) {
      assert.equal((schema.enumDescriptions as string[] | undefined)?.length, (schema.enum as string[]).length, `${key} enumDescriptions`);
      assert.ok((schema.enum as string[]).includes(schema.default as string), `${key} default not in enum`);
    }
  }
});

test("the Settings editor heads the settings wf-lsp and labels them without a 'Wf Lsp' prefix", () => {
  // It heads an extension's settings with its displayName when they come in several categories,
  // and drops from each label the part of the key that its category's id starts with (a single
  // category's id is the extension's, wf-lsp.wf-lsp, which `wfLsp.codeLens` does not start with).
  assert.equal(manifest.displayName, "wf-lsp");
  assert.ok(categories.length > 1);
  for (const category of categories) {
    assert.match(category.id, /^wfLsp\.[a-z]+$/, category.title);
    assert.ok(Object.keys(category.properties).length > 0, category.title);
  }
  const keys = categories.flatMap((c) => Object.keys(c.properties));
  assert.equal(new Set(keys).size, keys.length, "a setting in two categories");
});

test("a rule's page, which a diagnostic's code links to, opens in the Markdown preview", () => {
  const associations = manifest.contributes.configurationDefaults["workbench.editorAssociations"];
  assert.deepEqual(associations, { "**/wf_lsp/docs/rules/*.md": "vscode.markdown.preview.editor" });
  // The pages the server links to (Rule.url), in the repository and in the bundled package.
  const pages = readdirSync(join(root, "..", "wf_lsp", "docs", "rules"));
  assert.ok(pages.includes("WF103.md"), pages.join(", "));
});

test("client-only keys are exactly the settings the server does not read", () => {
  const clientTopLevel = Object.keys(CLIENT_SETTINGS).map((key) => key.split(".")[1]);
  assert.deepEqual([...CLIENT_ONLY_KEYS].sort(), [...new Set(clientTopLevel)].sort());
  assert.ok(RESTART_KEYS.every((key) => CLIENT_ONLY_KEYS.includes(key)));
});

test("Restricted Mode ignores the workspace's choice of program", () => {
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, "limited");
  assert.deepEqual([...untrusted.restrictedConfigurations].sort(), RESTART_KEYS.map((key) => `wfLsp.${key}`).sort());
});

test("every contributed command is registered, with the wf-lsp category", () => {
  const commands: { command: string; title: string; category: string }[] = manifest.contributes.commands;
  assert.deepEqual(
    commands.map((c) => `${c.category}: ${c.title}`),
    ["wf-lsp: Restart server", "wf-lsp: Show output", "wf-lsp: Fix all problems in this file", "wf-lsp: Normalize durations in this file", "wf-lsp: Show job graph"],
  );
  for (const { command } of commands) {
    assert.ok(extensionSource.includes(`registerCommand("${command}"`), `${command} is not registered`);
  }
});

test("activation and schema association", () => {
  assert.deepEqual(manifest.activationEvents, ["onLanguage:yaml"]);
  assert.equal(manifest.main, "./dist/extension.js");
  const [validation] = manifest.contributes.yamlValidation;
  assert.equal(validation.url, "./schemas/workflow.schema.json");
  assert.ok(validation.fileMatch.includes("*.workflow.yaml") && validation.fileMatch.includes("*.wf.yaml"));
});
