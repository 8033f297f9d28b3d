"""Inlay hints: `= 1h30m` after a valid duration not written in canonical form, and
`→ every day at 02:00 UTC` after a schedule's `cron`.

`timeout: 90m` reads as `timeout: 90m = 1h30m`: what the engine will do, without a
change to the file. Invalid values get a diagnostic instead, canonical ones nothing (nor
does `5µs`: the micro sign is a documented unit). A schedule the engine cannot run gets
no hint either: its diagnostic says why.
"""

from __future__ import annotations

from wf_lsp.durations import in_words
from wf_lsp.editor.actions import rewritten
from wf_lsp.editor.schedules import cron_values, hint_label, sentence
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Position, Span
from wf_lsp.records import record


@record
class Hint:
    """A label to show at `position`, with a tooltip."""

    position: Position  # right after the value, closing quote included
    label: str
    tooltip: str


def duration_hints(snapshot: Snapshot, within: Span | None = None) -> list[Hint]:
    """A hint after each valid, non-canonical duration (in `within`, when given)."""
    hints = []
    for workflow in snapshot.workflows:
        for value in workflow.durations:
            form = rewritten(value)
            if form is None:
                continue
            if within is not None and not (within.start <= value.span.end <= within.end):
                continue
            hints.append(Hint(value.span.end, f"= {form}", in_words(value.reading.nanoseconds)))
    return sorted(hints, key=lambda hint: hint.position)


def schedule_hints(snapshot: Snapshot, within: Span | None = None) -> list[Hint]:
    """`→ every day at 02:00 UTC` after each runnable `cron` (ending in `within`, when given)."""
    hints = []
    for value in cron_values(snapshot, within):
        label = hint_label(value.text)
        if label is not None:
            hints.append(Hint(value.span.end, label, sentence(value.text)))
    return hints
