"""textDocument/inlayHint: `= 1h30m` after a duration not written in canonical form, and
`→ every day at 02:00 UTC` after a schedule (`wf_lsp.editor.inlay_hints`).
`wfLsp.inlayHints.enable: false` turns the hints off.
"""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.inlay_hints import duration_hints, schedule_hints


def register(server) -> None:
    """Answer `textDocument/inlayHint` (empty when the settings turn hints off)."""

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hints(params: types.InlayHintParams) -> list[types.InlayHint] | None:
        session = server.workflow(params.text_document.uri)
        if session is None:
            return None
        if not server.settings.inlay_hints_enable:
            return []
        source = session.analysis.source
        within = server.codec.range_from_lsp(source, params.range)
        return [
            types.InlayHint(
                position=server.codec.to_lsp(source, hint.position),
                label=hint.label,
                padding_left=True,
                tooltip=hint.tooltip,
            )
            for hint in sorted(duration_hints(session.analysis, within)
                               + schedule_hints(session.analysis, within),
                               key=lambda hint: hint.position)
        ]
