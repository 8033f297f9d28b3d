/**
 * The `wfLsp` settings: which ones the server reads and which ones only the extension reads.
 *
 * Pure functions (no `vscode` import) so the unit tests run under plain Node.
 */

import * as path from "node:path";

export const SECTION = "wfLsp";

export type ImportStrategy = "useBundled" | "fromEnvironment";

/** Settings that decide how the server is started; read by the extension only. */
export interface ClientSettings {
  readonly path: readonly string[];
  readonly interpreter: readonly string[];
  readonly importStrategy: ImportStrategy;
  /** The server lints every workflow of the workspace, open or not (it then pushes diagnostics). */
  readonly lintWorkspaceOnStart: boolean;
}

/** Keys of the `wfLsp` section that the server never sees. */
export const CLIENT_ONLY_KEYS: readonly string[] = ["path", "interpreter", "importStrategy", "trace"];

/** Changing any of these restarts the server: they decide which process runs. */
export const RESTART_KEYS: readonly string[] = ["path", "interpreter", "importStrategy"];

/** Changing any of these restarts the client too: they decide the capabilities it announces. */
export const CAPABILITY_KEYS: readonly string[] = ["lintWorkspaceOnStart"];

/**
 * The `wfLsp` section as the server gets it through `workspace/configuration`: a plain JSON
 * object without the client-only keys. Anything that is not an object becomes `{}`.
 */
export function toServerSettings(section: unknown): Record<string, unknown> {
  if (section === null || typeof section !== "object" || Array.isArray(section)) {
    return {};
  }
  const copy = JSON.parse(JSON.stringify(section)) as Record<string, unknown>;
  for (const key of CLIENT_ONLY_KEYS) {
    delete copy[key];
  }
  return copy;
}

/** Read and normalise the client-only settings; a malformed value counts as unset. */
export function readClientSettings(get: (key: string) => unknown): ClientSettings {
  return {
    path: stringList(get("path")),
    interpreter: stringList(get("interpreter")),
    importStrategy: get("importStrategy") === "fromEnvironment" ? "fromEnvironment" : "useBundled",
    lintWorkspaceOnStart: get("lintWorkspaceOnStart") === true,
  };
}

function stringList(value: unknown): string[] {
  if (typeof value === "string") {
    // A bare string is a common slip for a one-element list.
    return value.trim() ? [value.trim()] : [];
  }
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((item): item is string => typeof item === "string" && item.trim() !== "").map((s) => s.trim());
}

/** What `${...}` variables and a leading `~` expand to. */
export interface ExpandContext {
  readonly workspaceFolder?: string;
  readonly userHome: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Expand `${workspaceFolder}`, `${userHome}`, `${env:NAME}` and a leading `~` (as ruff's extension does). */
export function expandVariables(value: string, ctx: ExpandContext): string {
  let out = value.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (match, name: string, envName?: string) => {
    if (envName !== undefined) {
      return ctx.env[envName] ?? "";
    }
    if (name === "userHome") {
      return ctx.userHome;
    }
    return ctx.workspaceFolder ?? match;
  });
  if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
    out = ctx.userHome + out.slice(1);
  }
  return out;
}

/**
 * Expand variables in a command line and make a relative program path (one with a slash, like
 * `.venv/bin/python`) relative to the workspace folder. A bare name (`python3`) is left for PATH.
 */
export function expandCommand(argv: readonly string[], ctx: ExpandContext): string[] {
  const expanded = argv.map((arg) => expandVariables(arg, ctx));
  if (expanded.length > 0 && ctx.workspaceFolder) {
    const program = expanded[0];
    if (/[\\/]/.test(program) && !path.isAbsolute(program)) {
      expanded[0] = path.join(ctx.workspaceFolder, program);
    }
  }
  return expanded;
}

/**
 * The client capabilities without pull diagnostics (`textDocument.diagnostic`). The server pulls
 * diagnostics for open documents only, and pushes when the client cannot pull; linting the
 * whole workspace (`lintWorkspaceOnStart`) publishes diagnostics for closed files, so the client
 * asks it to push.
 */
export function withoutPullDiagnostics(capabilities: { textDocument?: { diagnostic?: unknown } }): void {
  if (capabilities.textDocument) {
    delete capabilities.textDocument.diagnostic;
  }
}
