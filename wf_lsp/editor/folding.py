"""Folding ranges for jobs and steps, and the spans a selection expands through.

A fold runs from a job's key (a step's first line) to the last written line of its
block. Expanding a selection walks out from the token under the cursor through each
enclosing `key: value` entry and mapping up to the whole workflow.
"""

from __future__ import annotations

from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.editor.spans import content_end
from wf_lsp.findings import Position, Span


def fold_lines(snapshot: Snapshot) -> list[tuple[int, int]]:
    """(first line, last line) of every job and step spanning more than one line."""
    source = snapshot.source
    folds = set()
    for workflow in snapshot.workflows:
        for job in workflow.jobs:
            spans = [job.span] + [step.section.span for step in job.steps]
            for span in spans:
                end = content_end(source, span).end.line
                if end > span.start.line:
                    folds.add((span.start.line, end))
    return sorted(folds)


def enclosing(snapshot: Snapshot, pos: Position) -> list[Span]:
    """The spans around `pos`, innermost first, each inside the next."""
    source = snapshot.source
    spans: set[Span] = set()
    token = snapshot.tokens.at(pos)
    if token is not None:
        spans.add(token.span)
    for workflow in snapshot.workflows:
        root = content_end(source, workflow.root.span)
        if not root.contains(pos):
            continue
        spans.add(root)
        for job in workflow.jobs:
            if job.span.contains(pos):
                spans.add(content_end(source, job.span))
        for section in workflow.sections:
            if not section.span.contains(pos):
                continue
            spans.add(content_end(source, section.span))
            for entry in section.entries:
                if entry.merged:
                    continue
                whole = content_end(source, Span(entry.key_span.start, entry.value_span.end))
                if whole.contains(pos):
                    spans.add(whole)
                    value = content_end(source, entry.value_span)
                    if value.contains(pos) and value.start != value.end:
                        spans.add(value)
    chain: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, (-s.end.line, -s.end.column)), reverse=True):
        if not chain or (span.start <= chain[-1].start and chain[-1].end <= span.end):
            if not chain or span != chain[-1]:
                chain.append(span)
    return chain
