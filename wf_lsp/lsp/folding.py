"""textDocument/foldingRange and textDocument/selectionRange (`wf_lsp.editor.folding`)."""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.folding import enclosing, folds, outermost


def register(server) -> None:
    """Answer `textDocument/foldingRange` and `textDocument/selectionRange`."""

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    def folding_ranges(params: types.FoldingRangeParams) -> list[types.FoldingRange] | None:
        session = server.workflow(params.text_document.uri)
        if session is None:
            return None
        found = folds(session.analysis)
        limit = server.client.folding_limit
        if limit is not None and len(found) > limit:
            found = outermost(found, limit)
        # Whole lines only (no characters): what a `lineFoldingOnly` client folds.
        return [
            types.FoldingRange(start_line=fold.first, end_line=fold.last,
                               kind=types.FoldingRangeKind.Region if fold.region else None)
            for fold in found
        ]

    @server.feature(types.TEXT_DOCUMENT_SELECTION_RANGE)
    def selection_ranges(params: types.SelectionRangeParams) -> list[types.SelectionRange] | None:
        session = server.workflow(params.text_document.uri)
        if session is None:
            return None
        source = session.analysis.source
        answers = []
        for position in params.positions:
            pos = server.codec.from_lsp(source, position)
            selection = None
            for span in reversed(enclosing(session.analysis, pos)):
                selection = types.SelectionRange(
                    range=server.codec.range_to_lsp(source, span), parent=selection)
            # The spec wants one answer per position: an empty range where nothing encloses it.
            answers.append(selection or types.SelectionRange(range=types.Range(position, position)))
        return answers
