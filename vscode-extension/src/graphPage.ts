/**
 * The webview page that shows a workflow's job graph (the server's `wfLsp/graph` SVG), kept free
 * of `vscode` so that it is tested with plain Node. The page has one script, allowed by a nonce:
 * it swaps in each new picture the extension posts (so scrolling and zoom survive typing), and
 * posts `{ type: "reveal", job }` when a job's box or timeline row (`data-job`) is clicked.
 */

/** What the extension posts to the page. */
export type GraphMessage =
  | { type: "picture"; svg: string; worstCase: string; file: string }
  | { type: "none"; file: string; reason: string };

/** The `colorScheme` to ask the server for, from VS Code's `ColorThemeKind` (1 light, 2 dark, 3 high contrast, 4 high-contrast light). */
export function colorScheme(themeKind: number): "light" | "dark" {
  return themeKind === 2 || themeKind === 3 ? "dark" : "light";
}

/** The page, before any picture: `cspSource` is the webview's, `nonce` a fresh random string. */
export function graphPage(cspSource: string, nonce: string): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource} 'unsafe-inline'`, // the SVG's own <style>
    `script-src 'nonce-${nonce}'`,
    "img-src data:",
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Job graph</title>
<style>
  body { padding: 8px 12px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); }
  header { margin: 0 0 8px; font-size: 12px; color: var(--vscode-descriptionForeground); }
  header strong { color: var(--vscode-foreground); }
  #picture svg { max-width: 100%; height: auto; }
  #picture [data-job] { cursor: pointer; }
  #picture [data-job]:hover rect { filter: brightness(0.93); }
</style>
</head>
<body>
<header id="summary">Drawing the job graph…</header>
<div id="picture" role="figure"></div>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const summary = document.getElementById("summary");
  const picture = document.getElementById("picture");
  window.addEventListener("message", (event) => {
    const message = event.data;
    if (message.type === "picture") {
      summary.innerHTML = "";
      const file = document.createElement("span");
      file.textContent = message.file + " · worst case ";
      const worst = document.createElement("strong");
      worst.textContent = message.worstCase;
      summary.append(file, worst);
      picture.innerHTML = message.svg;
    } else if (message.type === "none") {
      summary.textContent = message.file + ": " + message.reason;
      picture.innerHTML = "";
    }
  });
  picture.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-job]") : null;
    if (target) {
      vscode.postMessage({ type: "reveal", job: target.getAttribute("data-job") });
    }
  });
  vscode.postMessage({ type: "ready" });
</script>
</body>
</html>
`;
}
