"""What is at a position of a linted document: a key, a job id, a `depends_on` entry, a timeout.

Hover, navigation and the other request handlers all start by asking this. The answer
comes from the workflow model of the lint the server already has; the index that makes
it a bisection (a 5,000-line workflow has thousands of keys) is built once per lint
result and kept while that result lives. Pure: positions are the core's code points.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from wf_lsp.findings import Position, Span
from wf_lsp.linter import LintResult
from wf_lsp.model import DependencyRef, DurationValue, Entry, Job, Section, Step, Workflow
from wf_lsp.parse import Source

T = TypeVar("T")

# id(owner) → (weak reference to owner, {name: value}). Weak, so an old lint's caches go
# with it; checked by identity, so a recycled id never returns another lint's values.
_MEMO: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}


def memo(owner: object, name: str, build: Callable[[], T]) -> T:
    """`build()` once per `owner` object and `name`, kept while `owner` is alive."""
    key = id(owner)
    slot = _MEMO.get(key)
    if slot is None or slot[0]() is not owner:
        def forget(ref: weakref.ref, key: int = key) -> None:
            current = _MEMO.get(key)
            if current is not None and current[0] is ref:
                del _MEMO[key]

        slot = (weakref.ref(owner, forget), {})
        _MEMO[key] = slot
    values = slot[1]
    if name not in values:
        values[name] = build()
    return values[name]


@dataclass(frozen=True)
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


class Index:
    """The tokens of one lint result in document order, found by bisection."""

    def __init__(self, result: LintResult) -> None:
        found: dict[tuple[int, int, int, int], tuple] = {}
        for workflow in result.workflows:
            _collect(workflow, found)
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


def _collect(workflow: Workflow, found: dict[tuple[int, int, int, int], tuple]) -> None:
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
        for ref in job.depends_on:
            found.setdefault(_key(ref.span),
                             ("dependency", ref.span, workflow, job.section, None, job, None, ref))
    for value in workflow.durations:
        job, step = owners.get(value.span, (None, None))
        found.setdefault(_key(value.span),
                         ("duration", value.span, workflow, None, None, job, step, None, value))
    # A section's own keys first; merged ones (`<<: *defaults`) only where nothing else is.
    for merged in (False, True):
        for section in workflow.sections:
            for entry in section.entries:
                if entry.merged == merged:
                    span = entry.key_span
                    found.setdefault(_key(span), ("key", span, workflow, section, entry))


def index_for(result: LintResult) -> Index:
    """The token index of `result`, built on first use."""
    return memo(result, "cursor.index", lambda: Index(result))


def token_at(result: LintResult, pos: Position) -> Token | None:
    """What is at `pos` in a linted document, or None."""
    return index_for(result).at(pos)


def request_at(server, params) -> tuple[Any, Position] | None:
    """The current analysis of a request's document and its position in code points.

    None for a document that is not open or not a workflow: such requests answer nothing.
    """
    analysis = server.analysis(params.text_document.uri)
    if analysis is None:
        return None
    return analysis, server.codec.from_lsp(analysis.source, params.position)


def job_references(workflow: Workflow, job_id: str) -> tuple[DependencyRef, ...]:
    """Every `depends_on` entry naming `job_id`, each place once (aliases share a node)."""
    refs: dict[Span, DependencyRef] = {}
    for job in workflow.jobs:
        for ref in job.depends_on:
            if ref.name == job_id:
                refs.setdefault(ref.span, ref)
    return tuple(refs.values())


def job_declarations(workflow: Workflow, job_id: str) -> tuple[Span, ...]:
    """The key spans of the jobs named `job_id` (more than one when the id is repeated)."""
    return tuple(job.key_span for job in workflow.jobs if job.id == job_id)


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
