"""Whole-document edits: every safe fix applied until stable, every duration made canonical.

Fix-all runs the one fix engine (`wf_lsp.linter.fix_all`, as `--fix` does) and
answers with the smallest replacement between the old and the new text, so an editor
keeps its cursors, selections and undo history outside what changed.
"""

from __future__ import annotations

from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Edit, Position, Span
from wf_lsp.fixes import replace_value
from wf_lsp.linter import fix_all
from wf_lsp.model import DurationValue
from wf_lsp.parse import Source


def has_safe_fixes(snapshot: Snapshot) -> bool:
    """Whether fix-all would change anything (cheap: no fix is applied)."""
    return any(f.safe_fix for f in snapshot.result.findings)


def has_durations_to_normalize(snapshot: Snapshot) -> bool:
    """Whether some valid duration is not written in canonical form."""
    return any(_normalized(value) for w in snapshot.workflows for value in w.durations)


def fix_all_edits(snapshot: Snapshot) -> list[Edit]:
    """Every safe fix, applied until stable, as one minimal edit."""
    if not has_safe_fixes(snapshot):
        return []
    return minimal_edits(snapshot.source, fix_all(snapshot.result).source.text)


def normalize_edits(snapshot: Snapshot) -> list[Edit]:
    """Every valid duration in canonical form (what WF110/WF111's fixes write)."""
    edits = []
    for workflow in snapshot.workflows:
        for value in workflow.durations:
            canonical = _normalized(value)
            if canonical is not None:
                edits.append(replace_value(snapshot.source, value.span, value.style, value.text,
                                           canonical))
    return edits


def _normalized(value: DurationValue) -> str | None:
    """The canonical form of a valid duration written otherwise, else None."""
    canonical = value.check.canonical
    return canonical if canonical is not None and value.text != canonical else None


def minimal_edits(source: Source, new_text: str) -> list[Edit]:
    """One edit covering only what differs between the source and `new_text` (none if equal)."""
    old = source.text
    if old == new_text:
        return []
    start = 0
    limit = min(len(old), len(new_text))
    while start < limit and old[start] == new_text[start]:
        start += 1
    end_old, end_new = len(old), len(new_text)
    while end_old > start and end_new > start and old[end_old - 1] == new_text[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    # Never split a CRLF: an edit boundary between \r and \n has no LSP position.
    while start > 0 and old[start - 1] == "\r" and start < len(old) and old[start] == "\n":
        start -= 1
    while end_old < len(old) and old[end_old - 1:end_old + 1] == "\r\n":
        end_old, end_new = end_old + 1, end_new + 1
    span = Span(_position(source, start), _position(source, end_old))
    return [Edit(span, new_text[start:end_new])]


def _position(source: Source, offset: int) -> Position:
    """The code-point position of a text offset."""
    for number, line in enumerate(source.lines):
        if offset < len(line) or (offset == len(line) and not line.endswith(("\n", "\r"))):
            return Position(number, min(offset, len(line.rstrip("\r\n"))))
        offset -= len(line)
    return source.end()
