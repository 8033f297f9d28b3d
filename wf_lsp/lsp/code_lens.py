"""textDocument/codeLens: `timeout 2h · critical path 3h30m` on each job (`wf_lsp.editor.code_lens`).

Clients ask again after every change, and each answer comes from the lint of that
version. `wfLsp.codeLens.enable: false` turns the lenses off.

A lens whose critical path holds other jobs runs `wf-lsp.showCriticalPath` with the
arguments of VS Code's `editor.action.showReferences` (uri, position, the jobs' keys as
locations): the VS Code extension shows them in a peek view; for other editors the
server runs it and says the path in a message. Other lenses have no command (a label).
A lens whose path is too long to send with every lens (`editor.code_lens.PATH_AT_MOST`:
the paths of a chain of n jobs hold n²/2 places) is sent without its command, and
`codeLens/resolve` fills it in when the client shows it: `data` is the uri and the
job key's position.
"""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.code_lens import Lens, critical_path_of, critical_path_text, job_lenses
from wf_lsp.lsp import graph
from wf_lsp.lsp.positions import position_in

SHOW_CRITICAL_PATH = "wf-lsp.showCriticalPath"


def register(server) -> None:
    """Answer `textDocument/codeLens` (empty when the settings turn lenses off)."""

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=True))
    def code_lens(params: types.CodeLensParams) -> list[types.CodeLens] | None:
        session = server.workflow(params.text_document.uri)
        if session is None:
            return None
        if not server.settings.code_lens_enable:
            return []
        lenses = graph.lenses(server, session)
        for lens in job_lenses(session.analysis):
            if lens.reveals and not lens.path:  # too long to send with each lens
                key = server.codec.range_to_lsp(session.analysis.source, lens.span)
                lenses.append(types.CodeLens(range=key, data={
                    "uri": session.uri, "line": key.start.line, "character": key.start.character}))
            else:
                lenses.append(_code_lens(server, session, lens))
        return lenses

    @server.feature(types.CODE_LENS_RESOLVE)
    def resolve_code_lens(lens: types.CodeLens) -> types.CodeLens:
        data = lens.data if isinstance(lens.data, dict) else {}
        uri = data.get("uri")
        session = server.workflow(uri) if isinstance(uri, str) else None
        found, at = None, position_in(data)
        if session is not None and at is not None:
            found = critical_path_of(session.analysis,
                                     server.codec.from_lsp(session.analysis.source, at))
        if found is None:  # the text changed under it: the client asks for lenses again
            lens.command = types.Command(title="", command="")
            return lens
        return _code_lens(server, session, found)

    @server.command(SHOW_CRITICAL_PATH)
    def show_critical_path(ls, *arguments) -> None:
        uri, position = (arguments + (None, None))[:2]
        session = ls.workflow(uri) if isinstance(uri, str) else None
        at = position_in(position)
        if session is None or at is None:
            return
        text = critical_path_text(session.analysis, ls.codec.from_lsp(session.analysis.source, at))
        if text is not None:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Info, message=f"wf-lsp: {text}"))


def _code_lens(server, session, lens: Lens) -> types.CodeLens:
    """A job's lens: a label, or the command that reveals its critical path."""
    source = session.analysis.source
    key = server.codec.range_to_lsp(source, lens.span)
    if lens.path:
        locations = [types.Location(uri=session.uri, range=server.codec.range_to_lsp(source, span))
                     for span in lens.path]
        command = types.Command(title=lens.title, command=SHOW_CRITICAL_PATH,
                                arguments=[session.uri, key.start, locations])
    else:  # an empty command id: a label to read (clients show it unclickable)
        command = types.Command(title=lens.title, command="")
    return types.CodeLens(range=key, command=command)
