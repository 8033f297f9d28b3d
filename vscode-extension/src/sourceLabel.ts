/**
 * How VS Code shows the server's diagnostic `source`. It prints source and code as one word,
 * `wf-lsp(WF203)`, and a narrow hover broke it after `wf-`; the label has a non-breaking hyphen
 * (U+2011) instead, which looks the same. The server tells its own diagnostics by their source,
 * so those that a code action request carries back get the server's again.
 *
 * No `vscode` import, so the unit tests run it under plain Node.
 */

export const SOURCE = "wf-lsp";
export const SOURCE_LABEL = "wf\u2011lsp";

/** Give a diagnostic of the server the label as its source (in place: the client keeps private data on it). */
export function withSourceLabel<T extends { source?: string }>(diagnostic: T): T {
  if (diagnostic.source === SOURCE) {
    diagnostic.source = SOURCE_LABEL;
  }
  return diagnostic;
}

/**
 * The diagnostic as the server sent it: a view whose source is the server's, reading everything
 * else (the client's private `data` too) through to the diagnostic, which is left as it is.
 */
export function withServerSource<T extends { source?: string }>(diagnostic: T): T {
  if (diagnostic.source !== SOURCE_LABEL) {
    return diagnostic;
  }
  return Object.assign(Object.create(diagnostic) as T, { source: SOURCE });
}
