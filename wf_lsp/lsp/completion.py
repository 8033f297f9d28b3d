"""textDocument/completion: the candidates of `wf_lsp.editor.completion` as completion items
(keys, values, units, job ids; inside `${{ }}` contexts and names), for a workflow or one
being started; in an empty document, the item that writes a new workflow (a snippet where
the client takes them)."""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.completion import complete, incomplete, start_workflow

_ITEM_KINDS = {
    "key": types.CompletionItemKind.Property,
    "job": types.CompletionItemKind.Reference,
    "value": types.CompletionItemKind.Value,
    "unit": types.CompletionItemKind.Unit,
    "context": types.CompletionItemKind.Module,
    "name": types.CompletionItemKind.Variable,
    "workflow": types.CompletionItemKind.Module,
    "input": types.CompletionItemKind.Field,
    "snippet": types.CompletionItemKind.Snippet,
}


def register(server) -> None:
    """Answer `textDocument/completion`."""

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        # `.` for `${{ .inputs.|`; `{` for `${{|`.
        types.CompletionOptions(trigger_characters=[" ", "[", ",", ".", "{"]),
    )
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        # A workflow being started is served (`id: demo` and a new line: its keys); other
        # YAML only when it is empty: the one item that starts a workflow.
        request = server.workflow_at(params, started=True)
        if request is not None:
            found = complete(request[0].analysis, request[1])
        else:
            request = server.document_at(params)
            found = start_workflow(request[0].analysis, request[1]) if request else []
            if not found:
                return None
        source = request[0].analysis.source
        snippets = server.client.completion_snippets
        # The client's own setting for completion items, not hover's.
        markdown = server.client.completion_markdown
        doc_format = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        items = []
        for item in found:
            doc = item.documentation(markdown)
            snippet = item.snippet if snippets else None
            items.append(types.CompletionItem(
                label=item.label,
                kind=_ITEM_KINDS[item.kind],
                detail=item.detail,
                documentation=types.MarkupContent(kind=doc_format, value=doc) if doc else None,
                sort_text=item.sort,
                filter_text=item.filter,
                insert_text_format=types.InsertTextFormat.Snippet if snippet else None,
                text_edit=types.TextEdit(range=server.codec.range_to_lsp(source, item.span),
                                         new_text=snippet or item.new_text),
            ))
        # Its project still being read, the workflows a call may name and a callee's inputs
        # are those read so far: the client asks again as the user types, not keeping these;
        # and so where what is typed makes the items (a duration's).
        return types.CompletionList(is_incomplete=request[0].held_back or incomplete(found),
                                    items=items)
