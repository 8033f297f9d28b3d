"""textDocument/hover: the hover texts of `wf_lsp.editor.hover`, as Markdown or plain text."""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.calls import on_call
from wf_lsp.editor.hover import hover_text


def register(server) -> None:
    """Answer `textDocument/hover` from the document's current lint."""

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(params: types.HoverParams) -> types.Hover | None:
        request = server.workflow_at(params, started=True)  # a workflow being started too
        if request is not None and on_call(request[0].analysis, request[1]):
            # A call's callee, in another file: waited for on a call only (a duration
            # hovered at the start waited seconds for the folders' scan).
            await server.until_indexed(params.text_document.uri)
            request = server.workflow_at(params, started=True)
        if request is None:
            return None
        session, pos = request
        markdown = server.client.hover_markdown
        found = hover_text(session.analysis, pos, markdown)
        if found is None:
            return None
        text, span = found
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        return types.Hover(
            contents=types.MarkupContent(kind=kind, value=text),
            range=server.codec.range_to_lsp(session.analysis.source, span),
        )
