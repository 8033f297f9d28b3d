"""textDocument/completion: the candidates of `wf_lsp.editor.completion` as completion items
(keys, values, units, job ids; inside `${{ }}` contexts and names)."""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.completion import complete

_ITEM_KINDS = {
    "key": types.CompletionItemKind.Property,
    "job": types.CompletionItemKind.Reference,
    "value": types.CompletionItemKind.Value,
    "unit": types.CompletionItemKind.Unit,
    "context": types.CompletionItemKind.Module,
    "name": types.CompletionItemKind.Variable,
    "workflow": types.CompletionItemKind.Module,
    "input": types.CompletionItemKind.Field,
}


def register(server) -> None:
    """Answer `textDocument/completion`."""

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        # `.` for `${{ .inputs.|`; `{` for `${{|`.
        types.CompletionOptions(trigger_characters=[" ", "[", ",", ".", "{"]),
    )
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        request = server.workflow_at(params)
        if request is None:
            return None
        session, pos = request
        source = session.analysis.source
        # The client's own setting for completion items, not hover's.
        markdown = server.client.completion_markdown
        doc_format = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        items = []
        for item in complete(session.analysis, pos):
            doc = item.documentation(markdown)
            items.append(types.CompletionItem(
                label=item.label,
                kind=_ITEM_KINDS[item.kind],
                detail=item.detail,
                documentation=types.MarkupContent(kind=doc_format, value=doc) if doc else None,
                sort_text=item.sort,
                filter_text=item.filter,
                text_edit=types.TextEdit(range=server.codec.range_to_lsp(source, item.span),
                                         new_text=item.new_text),
            ))
        return types.CompletionList(is_incomplete=False, items=items)
