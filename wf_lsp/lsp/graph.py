"""`wfLsp/graph`: the picture of a workflow's job graph, and the lens on `jobs:` that opens it.

The request (wf-lsp's own) takes `{"textDocument": {"uri": ...}, "position": {"line": 12,
"character": 0}, "colorScheme": "dark"}` (`position`, in the negotiated encoding: the
workflow drawn is the one of the YAML document it is in, in a file of several separated
by `---`; without it, the first. `colorScheme`: "light", "dark" or "auto", the default:
the SVG's colours follow the reader's `prefers-color-scheme`, which a webview does not get
from the editor's theme) and answers null for a document that is not an open workflow, else

    {"svg": "<svg …>", "worstCase": "7h30m · 7 hours 30 minutes",
     "criticalPath": ["preprocess", "train", "evaluate"],
     "jobs": [{"id": "train", "range": <the job key's range>}, ...]}

from the lint of the document's current text (`wf_lsp.picture.view`). The VS Code
extension shows the SVG in a webview beside the editor, asks again as the document
changes, and reveals `jobs[i].range` when the box marked `data-job="<id>"` is clicked.

The lens on each workflow's `jobs:` (`Show job graph · worst case 7h30m`, with the code
lenses setting) runs `wf-lsp.showGraph` with the document's uri and the position of that
`jobs:` (a client that passes the uri alone gets the first workflow): the VS Code
extension opens the webview; for other editors the server runs it and says the worst case
and the critical path in a message, with the command that draws the picture (`wf-lsp
graph FILE`, which draws a file's first workflow: named for that one only).
"""

from __future__ import annotations

import os
import shlex
import subprocess

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.uris import to_fs_path

from wf_lsp.picture.view import graph_lens_title, graph_view, workflow_at
from wf_lsp.lsp.positions import position_in


GRAPH_REQUEST = "wfLsp/graph"
SHOW_GRAPH = "wf-lsp.showGraph"
SCHEMES = ("auto", "light", "dark")


def register(server) -> None:
    """Answer `wfLsp/graph` and run `wf-lsp.showGraph`."""

    @server.feature(GRAPH_REQUEST)
    def graph(params) -> dict | None:
        uri, scheme = _uri(params), getattr(params, "colorScheme", "auto")
        if scheme not in SCHEMES:
            raise JsonRpcInvalidParams(f"colorScheme: expected one of {', '.join(SCHEMES)}")
        given = _position(getattr(params, "position", None))
        session = server.workflow(uri)
        if session is None:
            return None
        source = session.analysis.source
        at = server.codec.from_lsp(source, given) if given is not None else None
        view = graph_view(session.analysis, scheme, at)
        if view is None:
            return None

        def lsp_range(span) -> dict:
            rng = server.codec.range_to_lsp(source, span)
            return {"start": {"line": rng.start.line, "character": rng.start.character},
                    "end": {"line": rng.end.line, "character": rng.end.character}}

        return {"svg": view.svg, "worstCase": view.worst_case,
                "criticalPath": list(view.critical_path),
                "jobs": [{"id": job_id, "range": lsp_range(span)} for job_id, span in view.jobs]}

    @server.command(SHOW_GRAPH)
    def show_graph(ls, *arguments) -> None:
        uri, position = (arguments + (None, None))[:2]
        session = ls.workflow(uri) if isinstance(uri, str) else None
        if session is None:
            return
        snapshot = session.analysis
        at = None
        if position is not None:
            given = position_in(position)
            if given is None:
                return
            at = ls.codec.from_lsp(snapshot.source, given)
        view = graph_view(snapshot, at=at)
        if view is None:
            return
        through = f" ({' → '.join(view.critical_path)})" if len(view.critical_path) > 1 else ""
        drawn = ""
        if workflow_at(snapshot, at) is snapshot.workflows[0]:
            path = _shell_word(to_fs_path(uri)) if uri.startswith("file:") else "FILE"
            drawn = f"; `wf-lsp graph {path} -o graph.html` draws the job graph"
        ls.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Info,
            message=f"wf-lsp: worst case {view.worst_case}{through}{drawn}"))


def lenses(server, session) -> list[types.CodeLens]:
    """The lens on each workflow's `jobs:` key (none without a workflow or `jobs:`)."""
    snapshot = session.analysis
    found = []
    for workflow in snapshot.workflows:
        title = graph_lens_title(snapshot, workflow)
        if title is None:
            continue
        key = server.codec.range_to_lsp(snapshot.source, workflow.jobs_key_span)
        found.append(types.CodeLens(range=key, command=types.Command(
            title=title, command=SHOW_GRAPH, arguments=[session.uri, key.start])))
    return found


def _uri(params) -> str:
    """The `textDocument.uri` of a request's params (pygls hands them over as an object)."""
    document = getattr(params, "textDocument", None) or getattr(params, "text_document", None)
    uri = getattr(document, "uri", None)
    if not isinstance(uri, str):
        raise JsonRpcInvalidParams("wfLsp/graph takes {\"textDocument\": {\"uri\": ...}}")
    return uri


def _position(position) -> types.Position | None:
    """The request's `position` (None without one), or InvalidParams: a number that is not
    LSP's (a bool, a fraction, negative or past 2**31 - 1) was an internal error."""
    if position is None:
        return None
    line, character = (getattr(position, name, None) for name in ("line", "character"))
    if not isinstance(line, bool) and not isinstance(character, bool):
        try:
            return types.Position(line, character)
        except (TypeError, ValueError):
            pass
    raise JsonRpcInvalidParams('position: expected {"line": ..., "character": ...}, '
                               "whole numbers from 0 to 2147483647")


def _shell_word(path: str) -> str:
    """`path` as one word of the command line a reader copies from the message: quoted
    where a space or another special character would split it or change it."""
    return subprocess.list2cmdline([path]) if os.name == "nt" else shlex.quote(path)
