"""Where an ignore comment goes, in-process (tests/lsp/test_code_actions.py drives the
quick fixes that offer them through the server)."""

from __future__ import annotations

from wf_lsp.config import Config
from wf_lsp.editor.ignore_comments import ignore_on_line
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.linter import analyze


# The placement rules for lines no finding starts on today.

def _ignore(text: str, line: int) -> str | None:
    edit = ignore_on_line(Snapshot(analyze(text), Config()), "WF999", line)
    if edit is None:
        return None
    lines = text.splitlines(keepends=True)
    start, end = edit.span.start, edit.span.end
    assert start.line == end.line == line
    row = lines[line]
    return "".join(lines[:line]) + row[:start.column] + edit.new_text + row[end.column:] + "".join(
        lines[line + 1:])


def test_no_ignore_comment_in_the_text_of_a_block_scalar():
    text = "jobs:\n  a:\n    steps:\n      - run: |\n          echo 1\n          echo 2\n"
    assert _ignore(text, 4) is None
    assert _ignore(text, 3) == text.replace("run: |\n", "run: |  # wf-lsp: ignore[WF999]\n")


def test_no_ignore_comment_in_the_middle_of_a_string():
    text = 'jobs:\n  a:\n    name: "one\n      two\n      three"\n'
    assert _ignore(text, 3) is None
    assert _ignore(text, 4) == text.replace('three"\n', 'three"  # wf-lsp: ignore[WF999]\n')


def test_ignore_comment_after_a_syntax_error_reads_the_quotes():
    text = "jobs:\n  a: [\n  b: 'it''s # wf-lsp: ignore[WF1]'  # note\n  c: \"open # x\n"
    assert _ignore(text, 2) == text.replace("# note\n", "# note  # wf-lsp: ignore[WF999]\n")
    assert _ignore(text, 3) == text.replace('  c: "open', '  # wf-lsp: ignore[WF999]\n  c: "open')


def test_an_ignore_comment_in_capitals_is_extended():
    # A comment the linter reads in any case, so the quick fix adds to it (not a second one).
    text = "id: x\njobs:\n  a:  # WF-LSP: IGNORE[WF203]\n    steps: [{run: a}]\n"
    assert _ignore(text, 2) == text.replace("IGNORE[WF203]", "IGNORE[WF203, WF999]")
    bare = "id: x\njobs:\n  a:  # Wf-Lsp: Ignore\n    steps: [{run: a}]\n"
    assert _ignore(bare, 2) is None  # it covers every code already


def test_another_tools_comment_is_written_as_wf_lsps():
    # "Ignore … on this line" added `# wf-lsp: ignore[WF999]` after `# noqa: WF203`, which
    # wf-lsp does not read and WF010 kept saying so: it is written as wf-lsp's own.
    text = "id: x\njobs:\n  a:  # noqa: WF203 legacy\n    steps: [{run: a}]\n"
    assert _ignore(text, 2) == text.replace("# noqa: WF203", "# wf-lsp: ignore[WF203, WF999]")
    bare = "id: x\njobs:\n  a:  # wf_lsp: ignore\n    steps: [{run: a}]\n"
    assert _ignore(bare, 2) == bare.replace("# wf_lsp: ignore", "# wf-lsp: ignore")
    # To ignore WF010, which says so, it stays as it is, as asked.
    edit = ignore_on_line(Snapshot(analyze(text), Config()), "WF010", 2)
    assert (edit.span.start.column, edit.new_text) == (len("  a:  # noqa: WF203 legacy"),
                                                       "  # wf-lsp: ignore[WF010]")
    # With another tool's codes too, it stays as it is, for that tool.
    mixed = "id: x\njobs:\n  a:  # noqa: E501, WF203\n    steps: [{run: a}]\n"
    assert _ignore(mixed, 2) == mixed.replace("WF203\n", "WF203  # wf-lsp: ignore[WF999]\n")
