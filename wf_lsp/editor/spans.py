"""Spans as a reader sees them: a name without its quotes, a block ending at its last word."""

from __future__ import annotations

from wf_lsp.findings import Position, Span
from wf_lsp.parse import Source


def inner_span(source: Source, span: Span) -> Span:
    """`span` without the quotes of a quoted one-line scalar: the text a rename replaces."""
    if span.start.line != span.end.line:
        return span
    text = source.line_text(span.start.line)[span.start.column:span.end.column]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return Span.of(span.start.line, span.start.column + 1, span.end.line, span.end.column - 1)
    return span


def content_end(source: Source, span: Span) -> Span:
    """`span` ending at its last written character, not at the next key's line.

    A block mapping's node ends where the next token starts; folds and symbol ranges
    should end at the last line of the content, before blank and comment-only lines.
    """
    line, column = span.end.line, span.end.column
    text = source.line_text(line)
    if not text[:column].strip():
        line -= 1
        while line > span.start.line:
            stripped = source.line_text(line).strip()
            if stripped and not stripped.startswith("#"):
                break
            line -= 1
        line = max(line, span.start.line)
        column = len(source.line_text(line).rstrip())
        if line == span.start.line:
            column = max(column, span.start.column)
    return Span(span.start, Position(line, column))
