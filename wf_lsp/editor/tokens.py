"""What is at a position of a linted document: a key, a job id, a `depends_on` entry, a timeout.

Hover, navigation, selection ranges and the other requests about a position all start
by asking this. The answer comes from the workflow model of the lint; the index that
makes it a bisection (a 5,000-line workflow has thousands of keys) is built once per
snapshot (`Snapshot.tokens`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from wf_lsp.findings import Position, Span
from wf_lsp.linter import Analysis
from wf_lsp.model import (DependencyRef, DurationValue, Entry, Job, Section, Step, Workflow,
                          token_span, yaml_type)
from wf_lsp.parse import Source
from wf_lsp.records import record


@record
class Token:
    """One thing a request can be about, and the model objects it belongs to.

    kind: `key` (a key of a section), `job` (a job's key under `jobs`), `dependency`
    (an entry of `depends_on`) or `duration` (a `timeout` value).
    """

    kind: str
    span: Span
    workflow: Workflow
    section: Section | None = None
    entry: Entry | None = None
    job: Job | None = None
    step: Step | None = None
    ref: DependencyRef | None = None
    duration: DurationValue | None = None


def _key(span: Span) -> tuple[int, int, int, int]:
    # Plain int tuples: hashing and sorting thousands of Span dataclasses is the slow part.
    return (span.start.line, span.start.column, span.end.line, span.end.column)


class TokenIndex:
    """The tokens of one lint result in document order, found by bisection."""

    def __init__(self, result: Analysis) -> None:
        found: dict[tuple[int, int, int, int], tuple] = {}
        for workflow in result.workflows:
            _collect(workflow, result.source, found)
        self._keys = sorted(found)
        self._starts = [(key[0], key[1]) for key in self._keys]
        self._found = found

    def at(self, pos: Position) -> Token | None:
        """The token under `pos`, or the one `pos` sits right after (a cursor at a word's end)."""
        i = bisect_right(self._starts, (pos.line, pos.column))
        for key in self._keys[max(0, i - 2):i][::-1]:
            if (key[0], key[1]) <= (pos.line, pos.column) <= (key[2], key[3]):
                kind, span, workflow, *models = self._found[key]
                return Token(kind, span, workflow, *models)
        return None


def dependencies(job: Job, source: Source) -> tuple[DependencyRef, ...]:
    """A job's `depends_on` entries; a lone name written where the list belongs
    (`depends_on: build`, which WF005 makes `[build]`) is one too, so that navigation
    finds it and a rename of the job keeps it naming the job."""
    if job.depends_on or job.section is None:
        return job.depends_on
    entry = job.section.get("depends_on")
    node = entry.value if entry is not None else None
    if node is None or node.id != "scalar" or yaml_type(node) != "str" or not node.value:
        return job.depends_on
    return (DependencyRef(node.value, token_span(node, source), job.id),)


def _collect(workflow: Workflow, source: Source,
             found: dict[tuple[int, int, int, int], tuple]) -> None:
    """Fill `found` with (kind, span, workflow, section, entry, job, step, ref, duration)."""
    owners: dict[Span, tuple[Job, Step | None]] = {}
    for job in workflow.jobs:
        span = job.key_span
        found.setdefault(_key(span), ("job", span, workflow, job.section, None, job))
        if job.timeout is not None:
            owners.setdefault(job.timeout.span, (job, None))
        for step in job.steps:
            if step.timeout is not None:
                owners.setdefault(step.timeout.span, (job, step))
        for ref in dependencies(job, source):
            found.setdefault(_key(ref.span),
                             ("dependency", ref.span, workflow, job.section, None, job, None, ref))
    for value in workflow.durations:
        job, step = owners.get(value.span, (None, None))
        found.setdefault(_key(value.span),
                         ("duration", value.span, workflow, None, None, job, step, None, value))
    # `timeout: *t`: the alias, whose node is its anchor's, is that job's or step's value.
    for job in workflow.jobs:
        for step, value in ((None, job.timeout), *((s, s.timeout) for s in job.steps)):
            span = _alias_after(value.read_at, source) if value is not None else None
            if span is not None:
                found.setdefault(_key(span),
                                 ("duration", span, workflow, None, None, job, step, None, value))
    # A section's own keys first; merged ones (`<<: *defaults`) only where nothing else is.
    for merged in (False, True):
        for section in workflow.sections:
            for entry in section.entries:
                if entry.merged == merged:
                    span = entry.key_span
                    found.setdefault(_key(span), ("key", span, workflow, section, entry))


def _alias_after(key: Span | None, source: Source) -> Span | None:
    """The alias written after the key at `key` on its line (`timeout: *t` → `*t`)."""
    if key is None:
        return None
    text = source.line_text(key.end.line)
    match = _ALIAS.match(text, key.end.column)
    if match is None:
        return None
    return Span.of(key.end.line, match.start(1), key.end.line, match.end(1))


# A key's `:`, then an alias: `*` and its name, which ends at a space or a flow indicator.
_ALIAS = re.compile(r"\s*:\s+(\*[^\s,\[\]{}]+)")
