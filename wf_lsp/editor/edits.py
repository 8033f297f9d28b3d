"""Whole-document edits: every safe fix applied until stable, every duration made canonical.

Fix-all runs the one fix engine (`wf_lsp.linter.fix_all`, as `--fix` does) and answers
with the smallest edits between the old and the new text, one per changed value, so an
editor keeps its cursors, selections and undo history outside what changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from wf_lsp.difference import differences
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Edit, Position, Span
from wf_lsp.fixes import replace_value
from wf_lsp.linter import fix_all
from wf_lsp.model import DurationValue
from wf_lsp.parse import Source

# What an edit replaces at least: a word (a duration, a key, a job id: letters, digits and
# `_.+-µμ`), a run of blanks, a line break (CRLF as one) or any other single character.
_TOKEN = re.compile(r"\r\n|[\w.+\-µμ]+|[ \t]+|.", re.S)


def has_safe_fixes(snapshot: Snapshot) -> bool:
    """Whether fix-all would change anything (cheap: no fix is applied)."""
    return any(f.safe_fix for f in snapshot.result.findings)


def has_durations_to_normalize(snapshot: Snapshot) -> bool:
    """Whether some valid duration is not written in canonical form."""
    return any(_normalized(snapshot, value) for w in snapshot.workflows for value in w.durations)


def fix_all_edits(snapshot: Snapshot) -> list[Edit]:
    """Every safe fix, applied until stable, as minimal edits (one per changed value)."""
    if not has_safe_fixes(snapshot):
        return []
    return minimal_edits(snapshot.source, fix_all(snapshot.result).source.text)


def what_remains(snapshot: Snapshot) -> str | None:
    """What fix-all left in the document linted as `snapshot`, and why; None if nothing.

    `3 problems remain, none with a safe fix: 2 with fixes to choose from (WF101, WF203), 1
    without a fix (WF003)`.
    """
    findings = snapshot.result.findings
    if not findings:
        return None
    groups = (("with fixes to choose from", [f for f in findings if f.fixes and not f.safe_fix]),
              ("without a fix", [f for f in findings if not f.fixes]),
              # Left by a fix-all that stopped early (edits in conflict, many passes).
              ("with a safe fix another fix-all may apply", [f for f in findings if f.safe_fix]))
    # Each problem a finding stands for (`Finding.count`: a value's past its first 20).
    parts = [f"{_problems(group)} {why} ({_codes(group)})" for why, group in groups if group]
    count = _problems(findings)
    head = f"{count} problem{'s' if count > 1 else ''} remain{'' if count > 1 else 's'}"
    if not groups[2][1]:
        head += ", none with a safe fix" if count > 1 else ", with no safe fix"
    return f"{head}: {', '.join(parts)}"


def _problems(findings) -> int:
    return sum(finding.count for finding in findings)


def _codes(findings) -> str:
    """`WF101, WF203 ×2`: each code once, in order, with its count where more than one."""
    counts: dict[str, int] = {}
    for finding in sorted(findings, key=lambda f: f.code):
        counts[finding.code] = counts.get(finding.code, 0) + finding.count
    return ", ".join(code if n == 1 else f"{code} ×{n}" for code, n in counts.items())


def normalize_edits(snapshot: Snapshot) -> list[Edit]:
    """Every valid duration in canonical form (what WF110/WF111's fixes write)."""
    edits = []
    for workflow in snapshot.workflows:
        for value in workflow.durations:
            canonical = _normalized(snapshot, value)
            if canonical is not None:
                edits.append(replace_value(snapshot.source, value.span, value.style, value.text,
                                           canonical))
    return edits


def _normalized(snapshot: Snapshot, value: DurationValue) -> str | None:
    """The canonical form of a valid duration written otherwise, else None; None too for
    a value an alias uses under another key (an env variable's `90m` is no duration)."""
    canonical = value.reading.canonical
    if canonical is None or value.text == canonical or snapshot.is_shared(value.span):
        return None
    return canonical


def minimal_edits(source: Source, new_text: str) -> list[Edit]:
    """The edits that turn the source into `new_text`: one per changed run of words, in
    document order (none if equal).

    Lines are compared first, then the words of each changed block of lines, so that
    `timeout: "90m"` → `timeout: "1h30m"` is one edit of `90m`: an editor keeps every
    cursor, marker and undo step outside the values that changed.
    """
    old = source.text
    if old == new_text:
        return []
    old_lines, new_lines = source.lines, Source(new_text).lines
    starts = list(accumulate((len(line) for line in old_lines), initial=0))
    changes: list[tuple[int, int, str]] = []
    for i1, i2, j1, j2 in differences(old_lines, new_lines):
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        changes.extend((starts[i1] + start, starts[i1] + end, text)
                       for start, end, text in _word_changes(before, after))
    return [Edit(Span(_position(source, starts, start), _position(source, starts, end)), text)
            for start, end, text in changes]


def _word_changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, new text) of each changed run of tokens of `old`, in offsets of `old`.

    A CRLF is one token, so no change begins or ends inside one (a place an LSP position
    cannot name).
    """
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    offsets = list(accumulate(map(len, old_tokens), initial=0))
    return [(offsets[i1], offsets[i2], "".join(new_tokens[j1:j2]))
            for i1, i2, j1, j2 in differences(old_tokens, new_tokens)]


def _position(source: Source, starts: list[int], offset: int) -> Position:
    """The code-point position of a text offset (`starts`: each line's first offset)."""
    line = bisect_right(starts, offset) - 1
    if line >= len(source.lines):  # the end of a text whose last line has its line break
        return source.end()
    return Position(line, offset - starts[line])
