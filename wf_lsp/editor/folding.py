"""Folding ranges, and the spans a selection expands through.

Every entry and list item written over several lines folds, from its key (an item's
first line) to the last written line of its value: what an editor folds by indentation
without a server, which VS Code stops doing for a document once a server answers
`foldingRange` (a server that folded only jobs took `jobs:`, `inputs:` and a `run: |`
script's fold away). Jobs and steps are regions (VS Code's *Fold All Regions* folds
them). Expanding a selection walks out from the token under the cursor through each
enclosing `key: value` entry and mapping up to the whole workflow.
"""

from __future__ import annotations

from typing import Any

from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.editor.spans import content_end
from wf_lsp.findings import Position, Span
from wf_lsp.model import span_of
from wf_lsp.parse import Source, walk
from wf_lsp.records import record


@record
class Fold:
    """Lines `first` to `last` fold; `region` for a job or a step."""

    first: int
    last: int
    region: bool = False


def folds(snapshot: Snapshot) -> list[Fold]:
    """Every entry and item of the workflows spanning more than one line, by first line
    (one fold a line: the longest)."""
    source = snapshot.source
    found: dict[int, Fold] = {}

    def add(first: int, value: Any, region: bool = False) -> None:
        # An alias's node is where its anchor is, above: nothing of its own to fold here.
        # A value ending on its first line (most of them: `timeout: 1h`) folds nothing:
        # its span and last line, made for each, were most of a 3,600-line file's 40 ms.
        if value.start_mark.line < first or value.end_mark.line <= first:
            return
        last = _last_line(source, value)
        known = found.get(first)
        if last > first and (known is None or last > known.last or region):
            found[first] = Fold(first, max(last, known.last if known else last), region)

    for workflow in snapshot.workflows:
        for node in walk([workflow.root.node], lambda node: node.id != "scalar"):
            if node.id == "mapping":
                for key, value in node.value:
                    add(key.start_mark.line, value)
            elif node.id == "sequence":
                for item in node.value:
                    add(item.start_mark.line, item)
        for job in workflow.jobs:
            if job.section is not None:
                add(job.span.start.line, job.section.node, region=True)
            for step in job.steps:
                add(step.section.span.start.line, step.section.node, region=True)
    return [found[first] for first in sorted(found)]


def outermost(found: list[Fold], limit: int) -> list[Fold]:
    """The `limit` folds nested least deep, by first line (`folds`' order): a client's
    `rangeLimit` keeps jobs and sections foldable rather than the top of the file only."""
    depths, open_ = [], []  # the folds around each one, and those still open at it
    for fold in found:
        while open_ and open_[-1].last < fold.first:
            open_.pop()
        depths.append(len(open_))
        open_.append(fold)
    kept = sorted(range(len(found)), key=lambda index: (depths[index], index))[:max(limit, 0)]
    return [found[index] for index in sorted(kept)]


def _last_line(source: Source, node: Any) -> int:
    """The last line holding the node's text: not the blank or comment lines before the
    next key (a comment inside a block scalar is the scalar's text)."""
    span = span_of(node)
    if node.id != "scalar":
        return content_end(source, span).end.line
    line = span.end.line
    while line > span.start.line and not source.line_text(line)[:span.end.column
                                                                if line == span.end.line
                                                                else None].strip():
        line -= 1
    return line


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
