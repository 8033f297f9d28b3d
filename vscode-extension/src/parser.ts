/**
 * Which YAML parser the server runs, read from its `serverInfo.version` ("0.1.0 (C parser)"), and
 * what to tell a user whose server runs the slow pure-Python one.
 *
 * No `vscode` import, so it is unit-tested under node.
 */

import type { ServerCommand } from "./serverCommand";

/** The parser wf-lsp falls back to without ruamel.yaml.clib's C extension: about 9x slower. */
export const SLOW_PARSER = "pure-Python";

export interface ServerVersion {
  /** The wf-lsp version, e.g. "0.1.0". */
  readonly version: string | undefined;
  /** "C" or "pure-Python"; undefined from a wf-lsp too old to say. */
  readonly parser: string | undefined;
}

/** Split `serverInfo.version`: "0.1.0 (C parser)" → 0.1.0 and C. */
export function parseServerVersion(text: string | undefined): ServerVersion {
  const match = /^(\S+) \((.+) parser\)$/.exec(text?.trim() ?? "");
  return match ? { version: match[1], parser: match[2] } : { version: text?.trim() || undefined, parser: undefined };
}

/** VS Code's name of a platform, as in `vsce package --target` and the platform .vsix names. */
export function vscodeTarget(platform: string, arch: string): string {
  return `${platform}-${arch}`;
}

/** Why the server runs the slow parser and how to get the fast one, for the server it runs. */
export function slowParserAdvice(server: ServerCommand, target: string): string {
  const slow = `wf-lsp runs the ${SLOW_PARSER} YAML parser, about 9x slower than its C parser on large workflows`;
  switch (server.strategy) {
    case "useBundled":
      return (
        `${slow}: this package of the extension has no C parser for the Python that runs it (${server.description}). ` +
        `Install the extension's build for your platform, ${target} (the Marketplace and Open VSX pick it by themselves; ` +
        `from a .vsix, install wf-lsp-${target}-<version>.vsix rather than the universal wf-lsp-<version>.vsix), ` +
        "and run it with CPython 3.10 to 3.14 (wfLsp.interpreter chooses which)."
      );
    case "fromEnvironment":
      return `${slow}: ruamel.yaml.clib is not installed in the environment it runs in (${server.description}). Install it there (\`${server.command} -m pip install ruamel.yaml.clib\`), then restart the server.`;
    default:
      return `${slow}: ruamel.yaml.clib is not installed in the Python environment of ${server.command} (${server.description}). Install it there, then restart the server.`;
  }
}
