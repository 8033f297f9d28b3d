"""textDocument/codeLens: `timeout 2h · critical path 3h30m` on each job (`wf_lsp.editor.code_lens`).

Clients ask again after every change, and each answer comes from the lint of that
version. `wfLsp.codeLens.enable: false` turns the lenses off.
"""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.code_lens import job_lenses


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
        # An empty command id: a label to read, nothing to run (clients show it unclickable).
        return [
            types.CodeLens(
                range=server.codec.range_to_lsp(source, lens.span),
                command=types.Command(title=lens.title, command=""),
            )
            for lens in job_lenses(session.analysis)
        ]
