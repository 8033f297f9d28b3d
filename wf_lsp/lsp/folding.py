"""Folding ranges for jobs and steps, and selection ranges (expand selection).

A fold runs from a job's key (a step's first line) to the last written line of its
block. Expanding a selection walks out from the token under the cursor through each
enclosing `key: value` entry and mapping up to the whole workflow.
"""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.findings import Position, Span
from wf_lsp.linter import LintResult
from wf_lsp.lsp import cursor


def fold_lines(result: LintResult) -> list[tuple[int, int]]:
    """(first line, last line) of every job and step spanning more than one line."""
    source = result.source
    folds = set()
    for workflow in result.workflows:
        for job in workflow.jobs:
            spans = [job.span] + [step.section.span for step in job.steps]
            for span in spans:
                end = cursor.content_end(source, span).end.line
                if end > span.start.line:
                    folds.add((span.start.line, end))
    return sorted(folds)


def enclosing(result: LintResult, pos: Position) -> list[Span]:
    """The spans around `pos`, innermost first, each inside the next."""
    source = result.source
    spans: set[Span] = set()
    token = cursor.token_at(result, pos)
    if token is not None:
        spans.add(token.span)
    for workflow in result.workflows:
        root = cursor.content_end(source, workflow.root.span)
        if not root.contains(pos):
            continue
        spans.add(root)
        for job in workflow.jobs:
            if job.span.contains(pos):
                spans.add(cursor.content_end(source, job.span))
        for section in workflow.sections:
            if not section.span.contains(pos):
                continue
            spans.add(cursor.content_end(source, section.span))
            for entry in section.entries:
                if entry.merged:
                    continue
                whole = cursor.content_end(source, Span(entry.key_span.start, entry.value_span.end))
                if whole.contains(pos):
                    spans.add(whole)
                    value = cursor.content_end(source, entry.value_span)
                    if value.contains(pos) and value.start != value.end:
                        spans.add(value)
    chain: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, (-s.end.line, -s.end.column)), reverse=True):
        if not chain or (span.start <= chain[-1].start and chain[-1].end <= span.end):
            if not chain or span != chain[-1]:
                chain.append(span)
    return chain


def register(server) -> None:
    """Answer `textDocument/foldingRange` and `textDocument/selectionRange`."""

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    def folding_ranges(params: types.FoldingRangeParams) -> list[types.FoldingRange] | None:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return None
        return [
            types.FoldingRange(start_line=first, end_line=last, kind=types.FoldingRangeKind.Region)
            for first, last in fold_lines(analysis.result)
        ]

    @server.feature(types.TEXT_DOCUMENT_SELECTION_RANGE)
    def selection_ranges(params: types.SelectionRangeParams) -> list[types.SelectionRange] | None:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return None
        source = analysis.source
        answers = []
        for position in params.positions:
            pos = server.codec.from_lsp(source, position)
            selection = None
            for span in reversed(enclosing(analysis.result, pos)):
                selection = types.SelectionRange(
                    range=server.codec.range_to_lsp(source, span), parent=selection)
            # The spec wants one answer per position: an empty range where nothing encloses it.
            answers.append(selection or types.SelectionRange(range=types.Range(position, position)))
        return answers
