"""Fix-all's minimal edits: applied by the core's fix engine, they give exactly the new text,
one edit per changed run of words."""

from __future__ import annotations

import os
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.editor.edits import fix_all_edits, minimal_edits, what_remains
from wf_lsp.config import Config
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Fix
from wf_lsp.fixes import apply_fixes
from wf_lsp.linter import analyze
from wf_lsp.parse import Source

# Line breaks of every kind, wide characters (UTF-16 surrogates, CJK) and YAML punctuation.
TEXTS = st.text(alphabet="ab :#\n\r\t中é🚀", max_size=40)
WORD = re.compile(r"[\w.+\-µμ]*")  # the characters of one token of the edits
WORD_BEFORE = re.compile(r"[\w.+\-µμ]*$")


def _offset(source: Source, line: int, column: int) -> int:
    return sum(map(len, source.lines[:line])) + column


@settings(max_examples=examples())
@given(TEXTS, TEXTS)
@example("a\r\nb", "a\nb")
@example("a\r\n", "a\r\n\r\n")
@example("🚀\n中", "🚀\né\n中")
@example("a b\nc\nd e", "a x\nc\nd y")
@example("aaa b", "aab b")
def test_the_edits_turn_the_old_text_into_the_new(old, new):
    source = Source(old)
    edits = minimal_edits(source, new)
    if old == new:
        assert edits == []
        return
    assert edits
    # The oracle: the engine `--fix` uses, which finds offsets its own way.
    assert apply_fixes(source, [Fix("fix all", tuple(edits), True)]) == (new, 1)
    offsets = [(_offset(source, e.span.start.line, e.span.start.column),
                _offset(source, e.span.end.line, e.span.end.column)) for e in edits]
    # In document order, apart from each other (an unchanged character between any two).
    assert all(end < next_start for (_, end), (next_start, _) in zip(offsets, offsets[1:]))
    for start, end in offsets:
        for offset in (start, end):  # an LSP position cannot sit between \r and \n
            assert offset == 0 or old[offset - 1:offset + 1] != "\r\n"
    # Minimal: no more is replaced than what differs, widened to whole words (and by one
    # character at each end, for a CRLF).
    prefix = len(os.path.commonprefix([old, new]))
    suffix = len(old) - len(os.path.commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
    differs_from = prefix - len(WORD_BEFORE.search(old[:prefix]).group(0))
    differs_to = WORD.match(old, max(prefix, suffix)).end()
    replaced = sum(end - start for start, end in offsets)
    assert replaced <= differs_to - differs_from + 2


def test_fix_all_sends_one_edit_per_changed_value():
    text = ('id: x\njobs:\n  a:\n    nmae: "🚀 a"\n    timeout: "30m1h"\n    steps:\n'
            "      - {run: a, timeout: 45m0s}\n  b:\n    depends_on: [a, a]\n    timeout: 1h\n"
            "    steps: [{run: b}]\n")
    snapshot = Snapshot(analyze(text), Config())
    edits = fix_all_edits(snapshot)
    assert [(e.span.start.line, snapshot.source.line_text(e.span.start.line)
             [e.span.start.column:e.span.end.column], e.new_text) for e in edits] == [
        (3, "nmae", "name"), (4, "30m1h", "1h30m"), (6, "45m0s", "45m"), (8, ", a", "")]


SHARED = """\
id: x
env:
  WAIT: &w 90m
jobs:
  a:
    timeout: *w
    steps: [{run: sleep $WAIT, timeout: &t 60m}]
  b:
    timeout: &s 120m
    env: {T: *t}
    steps: [{run: b, timeout: *s}]
"""


def test_normalize_and_write_as_leave_values_aliases_use_under_other_keys():
    """`WAIT: &w 90m` is an env variable too: made `1h30m`, `sleep $WAIT` would break."""
    from wf_lsp.editor.actions import actions_at
    from wf_lsp.editor.edits import normalize_edits
    from wf_lsp.findings import Position, Span

    snap = Snapshot(analyze(SHARED), Config())
    new, _ = apply_fixes(snap.source, [Fix("normalize", tuple(normalize_edits(snap)))])
    # `120m` is read as a timeout wherever it is used: written canonically, once.
    assert new == SHARED.replace("&s 120m", "&s 2h")
    for line, column in ((2, 12), (6, 43)):
        at = Position(line, column)
        assert actions_at(snap, Span(at, at)) == []
    at = Position(8, 18)
    assert [a.title for a in actions_at(snap, Span(at, at))] == ["Write as 2h"]


def test_what_fix_all_left_counts_each_problem_of_a_capped_value():
    # A schedule's 70 problems without a fix are 21 findings, the last "50 more like
    # these": "21 problems remain" was said of them.
    items = ["99", "60", "1"] * 35  # 70 without a fix
    text = ('id: w\ntrigger:\n  schedule:\n    - cron: "0 0 * * ' + ",".join(items)
            + '"\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n')
    assert what_remains(Snapshot(analyze(text), Config())) == (
        "70 problems remain, none with a safe fix: 70 without a fix (WF511 ×70)")
