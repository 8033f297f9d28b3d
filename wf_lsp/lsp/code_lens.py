"""textDocument/codeLens: `timeout 2h · critical path 3h30m` on each job (`wf_lsp.editor.code_lens`).

Clients ask again after every change, and each answer comes from the lint of that
version. `wfLsp.codeLens.enable: false` turns the lenses off.

A lens whose critical path holds other jobs runs `wf-lsp.showCriticalPath` with the
arguments of VS Code's `editor.action.showReferences` (uri, position, the jobs' keys as
locations): the VS Code extension shows them in a peek view; for other editors the
server runs it and says the path in a message. Other lenses have no command (a label).
"""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.code_lens import critical_path_text, job_lenses
from wf_lsp.lsp import graph

SHOW_CRITICAL_PATH = "wf-lsp.showCriticalPath"


def register(server) -> None:
    """Answer `textDocument/codeLens` (empty when the settings turn lenses off)."""

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def code_lens(params: types.CodeLensParams) -> list[types.CodeLens] | None:
        session = server.workflow(params.text_document.uri)
        if session is None:
            return None
        if not server.settings.code_lens_enable:
            return []
        source = session.analysis.source
        lenses = [lens for lens in (graph.lens(server, session),) if lens is not None]
        for lens in job_lenses(session.analysis):
            key = server.codec.range_to_lsp(source, lens.span)
            if lens.path:
                locations = [types.Location(uri=session.uri,
                                            range=server.codec.range_to_lsp(source, span))
                             for span in lens.path]
                command = types.Command(title=lens.title, command=SHOW_CRITICAL_PATH,
                                        arguments=[session.uri, key.start, locations])
            else:  # an empty command id: a label to read (clients show it unclickable)
                command = types.Command(title=lens.title, command="")
            lenses.append(types.CodeLens(range=key, command=command))
        return lenses

    @server.command(SHOW_CRITICAL_PATH)
    def show_critical_path(ls, *arguments) -> None:
        uri, position = (arguments + (None, None))[:2]
        session = ls.workflow(uri) if isinstance(uri, str) else None
        if session is None or not isinstance(position, dict):
            return
        try:
            pos = ls.codec.from_lsp(session.analysis.source,
                                    types.Position(position["line"], position["character"]))
        except (KeyError, TypeError):
            return
        text = critical_path_text(session.analysis, pos)
        if text is not None:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Info, message=f"wf-lsp: {text}"))
