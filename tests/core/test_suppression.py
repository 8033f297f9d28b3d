"""`# wf-lsp: ignore[...]` comments: where they apply, to which codes, and where they are text."""

from __future__ import annotations

import pytest

from .helpers import lint, result, run_cli, where

FLOW = """\
id: x
jobs:
  a:
    timeout: 30m1h{c1}
    steps:{c2}
      - {{run: a, timeout: "1 h"}}{c3}
      - {{run: b, timeout: 1d}}
  b:{c4}
    steps: [{{run: b}}]
"""
ALL = ["4:14-4:19 WF103", "6:27-6:32 WF102", "7:27-7:29 WF106", "8:3-8:4 WF203"]


def found(**comments) -> list[str]:
    """What is reported, comments that silence nothing aside (see the WF010 tests)."""
    text = FLOW.format(**{"c1": "", "c2": "", "c3": "", "c4": "", **comments})
    return [where(f) for f in lint(text, ignore=["WF010"])]


def test_without_comments_everything_is_reported():
    assert found() == ALL


@pytest.mark.parametrize("comment, hidden", [
    ("  # wf-lsp: ignore[WF103]", True),
    ("  # wf-lsp: ignore[wf103]", True),  # codes are not case-sensitive
    ("  # wf-lsp: ignore[WF1]", True),  # a prefix
    ("  # wf-lsp: ignore[WF203, WF103]", True),  # a list, spaces allowed
    ("  # wf-lsp: ignore", True),  # bare: every code
    ("  # wf-lsp: ignore[]", True),  # an empty list is bare
    ("  #wf-lsp:ignore[WF103]", True),
    ("  # wf-lsp: ignore[WF102]", False),  # another code
    ("  # wf-lsp: ignore[WF2]", False),  # another prefix
    ("  # WF-LSP: IGNORE[wf103]", True),  # nor is the directive (ruff's `# NOQA: e501` works)
    ("  # Wf-Lsp: Ignore", True),
    ("  # wf-lsp ignore[WF103]", False),  # not the syntax
    ("  # ignore[WF103]", False),
])
def test_at_the_end_of_the_line_where_the_finding_starts(comment, hidden):
    expected = ALL[1:] if hidden else ALL
    assert found(c1=comment) == expected


def test_alone_on_the_line_above_covers_the_next_line_only():
    text = FLOW.format(c1="", c2="", c3="", c4="").replace(
        "      - {run: a", "      # wf-lsp: ignore[WF102, WF106]\n      - {run: a")
    assert [where(f) for f in lint(text, ignore=["WF010"])] == [
        "4:14-4:19 WF103", "8:27-8:29 WF106", "9:3-9:4 WF203"]


def test_a_comment_after_a_key_covers_only_findings_that_start_on_its_line():
    # on the `steps:` line: nothing starts there
    assert found(c2="  # wf-lsp: ignore") == ALL
    # on a job's key: the job's missing timeout starts there
    assert found(c4="  # wf-lsp: ignore[WF203]") == ALL[:3]


def test_a_finding_over_two_lines_is_suppressed_on_its_first():
    text = ('id: x\njobs:\n  a:\n    timeout: "1h{}\n      30m"{}\n    steps: [{{run: a}}]\n')
    # (and WF010 says that the comment on its second line silences nothing)
    assert [f.code for f in lint(text.format("", "  # wf-lsp: ignore"))] == ["WF102", "WF010"]
    # Inside the quotes it is text (and whitespace in the value): nothing is suppressed.
    assert [f.code for f in lint(text.format("  # wf-lsp: ignore", ""), ignore=["WF010"])] == [
        "WF102"]
    assert [f.code for f in lint(
        text.format("", "").replace("    timeout:", "    # wf-lsp: ignore\n    timeout:"))] == []


@pytest.mark.parametrize("comment, expected", [
    ("# wf-lsp: ignore-file[WF2]\n", ALL[:3]),
    ("# wf-lsp: ignore-file[WF102,WF106]\n", [ALL[0], ALL[3]]),
    ("# wf-lsp: ignore-file\n", []),
    ("# wf-lsp: ignore-file[WF3]\n", ALL),
])
def test_ignore_file_anywhere_applies_to_the_whole_file(comment, expected):
    text = FLOW.format(c1="", c2="", c3="", c4="")
    at_top = comment + text
    at_bottom = text + comment
    assert [where(f) for f in lint(at_top, ignore=["WF010"])] == [_shift(s) for s in expected]
    assert [where(f) for f in lint(at_bottom, ignore=["WF010"])] == expected


def _shift(span: str) -> str:
    """The same finding one line lower (a line was added above)."""
    start, rest = span.split("-", 1)
    end, code = rest.split(" ")
    move = lambda pos: f"{int(pos.split(':')[0]) + 1}:{pos.split(':')[1]}"  # noqa: E731
    return f"{move(start)}-{move(end)} {code}"


def test_inside_a_block_scalar_it_is_text():
    text = ("id: x\njobs:\n  a:\n    timeout: 30m1h\n    steps:\n      - run: |\n"
            "          # wf-lsp: ignore-file\n          echo  # wf-lsp: ignore\n"
            "          # wf-lsp: ignore\n        timeout: 1d\n")
    assert [where(f) for f in lint(text)] == ["4:14-4:19 WF103", "10:18-10:20 WF106"]
    assert result(text).suppressions.comments == ()


def test_a_comment_right_after_a_block_scalar_is_a_comment():
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: |\n"
            "          echo\n        # wf-lsp: ignore[WF106]\n        timeout: 1d\n")
    assert lint(text) == ()


def test_suppressed_findings_do_not_fail_the_run(tmp_path):
    text = FLOW.format(c1="", c2="", c3="", c4="") + "# wf-lsp: ignore-file[WF1]\n"
    (tmp_path / "w.yaml").write_text(text)
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert done.stdout == ("w.yaml:8:3: WF203 job `b` has no timeout: the engine's undocumented "
                           "default applies\nFound 1 problem (1 information) in 1 workflow file.\n"
                           "1 hidden fix can be enabled with `wf-lsp lint --fix --unsafe-fixes`.\n")
    assert done.returncode == 0


def test_a_syntax_error_can_be_suppressed_too():
    text = "# wf-lsp: ignore-file[WF001]\nid: x\njobs:\n  a:\n    timeout: 30m1h\n  b: [\n"
    assert [f.code for f in lint(text)] == ["WF103"]


def test_inside_a_quoted_string_it_is_text_but_a_comment_after_it_counts():
    step = '      - {{run: "echo # wf-lsp: ignore", timeout: 1d}}{}\n'
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n" + step
    assert [where(f) for f in lint(text.format(""))] == ["6:49-6:51 WF106"]
    assert lint(text.format("  # wf-lsp: ignore[WF106]")) == ()


def test_the_directive_in_any_case_is_read_by_the_cli(tmp_path):
    # `# WF-LSP: IGNORE[wf106]` silenced nothing, and said nothing either.
    text = ("# Wf-Lsp: Ignore-File[MISSING-TIMEOUT]\nid: x\njobs:\n  a:\n"
            "    timeout: 1h  # WF-LSP: IGNORE[WF103] legacy value\n"
            "    steps:\n      - {run: a, timeout: 1d}  # WF-LSP: IGNORE[wf106]\n"
            "  b:\n    steps: [{run: \"echo '# WF-LSP: IGNORE'\", timeout: 1d}]\n")
    (tmp_path / "w.yaml").write_text(text)
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert done.stdout.splitlines()[:2] == [
        "w.yaml:5:35: WF010 `WF103` silences nothing on this line",
        'w.yaml:9:55: WF106 unknown unit "d" in "1d": durations use ns, us, ms, s, m and h; '
        'write "24h"']  # in a quoted string it is text, as in lower case
    assert len(done.stdout.splitlines()) == 4
    assert run_cli("lint", "--fix", "w.yaml", cwd=tmp_path).stdout == (
        "Fixed 2 problems.\nAll checks passed (1 workflow file).\n")
    assert (tmp_path / "w.yaml").read_text() == text.replace(
        "# WF-LSP: IGNORE[WF103] legacy value", "# legacy value").replace('timeout: 1d}]', 'timeout: 24h}]')


def test_codes_without_brackets_are_said_and_bracketed_by_the_fix(tmp_path):
    """`# wf-lsp: ignore WF203` silenced every code on its line (the codes read as a note),
    in silence: the job's WF103 below was hidden too. It is said, as ruff warns of
    `# noqa F401`, and `--fix` brackets the codes; a note that names no rule stays a note."""
    text = ("id: x\njobs:\n  a:\n    timeout: 30m1h  # wf-lsp: ignore: WF203, duration-unit-order\n"
            "    steps: [{run: a}]\n  b:  # wf-lsp: ignore WF203\n    steps: [{run: b}]  "
            "# wf-lsp: ignore legacy step\n  c:  # wf-lsp: ignore-file WF203 -- old\n"
            "    steps: [{run: c}]\n")
    (tmp_path / "w.yaml").write_text(text)
    done = run_cli("lint", "--format", "concise", "w.yaml", cwd=tmp_path)
    assert done.stdout.splitlines()[:4] == [
        "w.yaml:4:39: WF010 `WF203, duration-unit-order` without brackets is a note: this "
        "comment silences every code on this line; write `ignore[WF203, duration-unit-order]`",
        "w.yaml:6:24: WF010 `WF203` without brackets is a note: this comment silences every "
        "code on this line; write `ignore[WF203]`",
        "w.yaml:7:24: WF010 this ignore comment silences nothing on this line",
        "w.yaml:8:29: WF010 `WF203` without brackets is a note: this comment silences every "
        "code in this file; write `ignore-file[WF203]`"]
    run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == text.replace(
        "# wf-lsp: ignore: WF203, duration-unit-order", "# wf-lsp: ignore[duration-unit-order]"
    ).replace("# wf-lsp: ignore WF203", "# wf-lsp: ignore[WF203]").replace(
        "  # wf-lsp: ignore legacy step", "  # legacy step").replace(
        "ignore-file WF203", "ignore-file[WF203]")


FOREIGN = """\
id: x
jobs:
  a:  # noqa: WF203
    steps: [{run: a}]
  b:
    timeout: 48h
    steps:
      - run: b
        timeout: 1d  # wf_lsp: ignore[WF106] legacy value
  g:  # yamllint disable-line rule:WF203
    steps: [{run: g}]
  c:  # wf-lsp: disable=missing-timeout
    steps: [{run: c}]
  d:  # wf-lsp ignore[WF203]
    steps: [{run: "echo '# noqa: WF203'"}]
  e:  # WFLSP: IGNORE
    steps: [{run: e}]
  f:  # noqa: E501, WF203
    steps: [{run: f}]
"""


def test_another_tools_comment_meant_for_wf_lsp_is_said_and_rewritten(tmp_path):
    """`# noqa: WF203` (a ruff user's habit), `# wf_lsp: ignore[...]`, `# yamllint
    disable-line rule:WF203`, `# wf-lsp: disable=...`, `# wf-lsp ignore[...]` were not read:
    the finding stayed and nothing said why. Each is a WF010 finding on the comment, whose
    fix, unsafe, writes wf-lsp's own; `--unsafe-fixes` makes it before guessing, so the job
    the comment meant to leave alone gets no timeout added."""
    (tmp_path / "w.yaml").write_text(FOREIGN)
    done = run_cli("lint", "--format", "concise", "--select", "WF010", "w.yaml", cwd=tmp_path)
    assert done.stdout.splitlines()[-1] == (
        "6 hidden fixes can be enabled with `wf-lsp lint --fix --unsafe-fixes`.")
    assert done.stdout.splitlines()[:-2] == [
        "w.yaml:3:7: WF010 wf-lsp does not read `# noqa: WF203`: it silences nothing; "
        "write `# wf-lsp: ignore[WF203]`",
        "w.yaml:9:22: WF010 wf-lsp does not read `# wf_lsp: ignore[WF106]`: it silences "
        "nothing; write `# wf-lsp: ignore[WF106]`",
        "w.yaml:10:7: WF010 wf-lsp does not read `# yamllint disable-line rule:WF203`: it "
        "silences nothing; write `# wf-lsp: ignore[WF203]`",
        "w.yaml:12:7: WF010 wf-lsp does not read `# wf-lsp: disable=missing-timeout`: it "
        "silences nothing; write `# wf-lsp: ignore[missing-timeout]`",
        "w.yaml:14:7: WF010 wf-lsp does not read `# wf-lsp ignore[WF203]`: it silences "
        "nothing; write `# wf-lsp: ignore[WF203]`",
        "w.yaml:16:7: WF010 wf-lsp does not read `# WFLSP: IGNORE`: it silences nothing; "
        "write `# wf-lsp: ignore`",
        "w.yaml:18:7: WF010 wf-lsp does not read `# noqa: E501, WF203`: it silences nothing "
        "here; write `# wf-lsp: ignore[WF203]` as well (wf-lsp reads no other tool's comments)"]
    # The fix is unsafe: `--fix` leaves the comments as they are.
    run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == FOREIGN.replace("timeout: 1d", "timeout: 24h")
    (tmp_path / "w.yaml").write_text(FOREIGN)
    run_cli("lint", "--fix", "--unsafe-fixes", "w.yaml", cwd=tmp_path)
    fixed = (tmp_path / "w.yaml").read_text()
    assert fixed == FOREIGN.replace("# noqa: WF203", "# wf-lsp: ignore[WF203]", 1).replace(
        "timeout: 1d  # wf_lsp: ignore[WF106] legacy value", "timeout: 24h  # legacy value"
    ).replace("# yamllint disable-line rule:WF203", "# wf-lsp: ignore[WF203]").replace(
        "# wf-lsp: disable=missing-timeout", "# wf-lsp: ignore[missing-timeout]").replace(
        "# wf-lsp ignore[WF203]", "# wf-lsp: ignore[WF203]").replace(
        "# WFLSP: IGNORE", "# wf-lsp: ignore").replace(
        "  f:  # noqa: E501, WF203\n    steps: [{run: f}]",
        '  f:  # noqa: E501, WF203\n    timeout: "1h"\n    steps: [{run: f}]')
    # What the comments meant to silence is silenced; the rewritten ones are used. The
    # one with another tool's codes too has no fix: it is still said.
    assert [line.split(" WF010 ")[0] for line in run_cli(
        "lint", "--format", "concise", "w.yaml", cwd=tmp_path).stdout.splitlines()[:-1]] == [
        "w.yaml:18:7:"]


@pytest.mark.parametrize("comment", [
    "# noqa",  # bare: may be another tool's
    "# noqa: E501",
    "# NOQA:B018 why",
    "# yamllint disable-line rule:line-length",
    "# yamllint disable-line",
    "# wf-lsp: ignore[WF203]",  # wf-lsp's own
    "# see the wflsp docs",  # no directive
    "# legacy wf_lsp job",
])
def test_other_tools_own_comments_are_left_alone(comment):
    text = f"id: x\njobs:\n  a:  {comment}\n    timeout: 1h\n    steps: [{{run: a}}]\n"
    assert [f.message for f in lint(text) if "does not read" in f.message] == []


def test_another_tools_comment_in_a_string_or_a_block_is_text():
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
            "      - run: \"echo '# noqa: WF203'\"\n      - run: |\n          # noqa: WF203\n"
            "          # wf_lsp: ignore\n")
    assert lint(text) == ()


def test_a_yamllint_range_is_said_without_a_fix():
    text = ("id: x\njobs:\n  # yamllint disable rule:WF203 rule:line-length\n"
            "  a:\n    steps: [{run: a}]\n")
    (finding,) = [f for f in lint(text) if f.code == "WF010"]
    assert finding.message == (
        "wf-lsp does not read `# yamllint disable rule:WF203 rule:line-length`, and has no "
        "range of lines: write `# wf-lsp: ignore[WF203]` on each line, or "
        "`# wf-lsp: ignore-file[WF203]` for the whole file")
    assert finding.fixes == ()


def test_codes_in_parentheses_or_after_an_equals_sign_are_said_and_bracketed(tmp_path):
    """`# wf-lsp: ignore(WF203)` and `ignore=WF203` were read as a bare `ignore`, in
    silence: the WF103 on the line was hidden too. Said as `ignore WF203` is, and `--fix`
    brackets the codes."""
    text = ("id: x\njobs:\n  a:\n    timeout: 30m1h  # wf-lsp: ignore( WF110 ) slow\n"
            "    steps: [{run: a, timeout: 30m1h}]  # wf-lsp: ignore=WF110\n")
    (tmp_path / "w.yaml").write_text(text)
    done = run_cli("lint", "--format", "concise", "w.yaml", cwd=tmp_path)
    assert done.stdout.splitlines()[:2] == [
        "w.yaml:4:37: WF010 `ignore( WF110 )` is read as a bare `ignore`: this comment "
        "silences every code on this line; write `ignore[WF110]`",
        "w.yaml:5:57: WF010 `ignore=WF110` is read as a bare `ignore`: this comment silences "
        "every code on this line; write `ignore[WF110]`"]
    run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == text.replace("30m1h", "1h30m").replace(
        "  # wf-lsp: ignore( WF110 ) slow", "  # slow").replace("  # wf-lsp: ignore=WF110", "")


def test_long_runs_in_another_tools_comment_are_read_once():
    # Each pattern is matched at one place, with blanks before a colon only: no split of
    # a run of blanks at each point, and one comment read per line.
    blanks = " " * 200_000
    lines = [f"# wflsp{blanks}!", f"# noqa:{blanks}WF203{blanks}!", f"# wf_lsp: ignore WF1,{blanks}!",
             f"# yamllint disable-line{blanks}rule:WF203{blanks}", "# noqa: E1 " * 20_000,
             f"# wf-lsp: ignore({blanks}WF203{blanks}x"]
    for line in lines:
        text = f"id: x\njobs:\n  a:\n    timeout: 1h\n    steps: [{{run: a}}]  {line}\n"
        assert len([f for f in lint(text) if f.code == "WF010"]) <= 1


def test_every_directive_of_a_line_is_read_and_one_after_a_note_is_alone(tmp_path):
    """A second `# wf-lsp: ignore[...]` on a line was not read, in silence; and one after a
    note on a line of its own (`# legacy job  # wf-lsp: ignore[WF203]`) was taken to be at
    the end of that line: said to silence nothing, and removed by `--fix`."""
    text = ("id: x\njobs:\n  # legacy job  # wf-lsp: ignore[WF203]\n  a:\n    steps: [{run: a}]\n"
            "  b:  # wf-lsp: ignore[WF303]  # wf-lsp: ignore[WF203] no limit yet\n"
            "    steps: [{run: b}]\n")
    (tmp_path / "w.yaml").write_text(text)
    done = run_cli("lint", "--format", "concise", "w.yaml", cwd=tmp_path)
    assert done.stdout.splitlines()[:-2] == ["w.yaml:6:24: WF010 `WF303` silences nothing on this line"]
    run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == text.replace("# wf-lsp: ignore[WF303]  ", "")


def test_a_line_of_many_directives_reads_a_few():
    # Each finding of a line was compared with each directive of it: 30,000 took minutes.
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]  "
            + "# wf-lsp: ignore[WF1] " * 30_000 + "\n")
    assert [where(f) for f in lint(text)] == [
        f"5:{41 + 22 * n}-5:{44 + 22 * n} WF010" for n in range(8)]


def test_a_list_apart_from_its_directive_or_not_closed_is_said_and_bracketed(tmp_path):
    """`# wf-lsp: ignore-file [WF201]` (a blank before the list) was a bare `ignore-file`,
    in silence: every finding of the file was hidden. So were `ignore: [WF201]` and
    `ignore[WF201` on their lines. Each is said, and `--fix` brackets the list."""
    text = ("# wf-lsp: ignore-file [WF201]\nid: x\njobs:\n  a:\n"
            "    timeout: 30m1h  # wf-lsp: ignore: [WF201, WF999]\n"
            "    steps: [{run: a, timeout: 30m1h}]  # wf-lsp: ignore[WF201\n")
    (tmp_path / "w.yaml").write_text(text)
    done = run_cli("lint", "--format", "concise", "w.yaml", cwd=tmp_path)
    assert done.stdout.splitlines()[:3] == [
        "w.yaml:1:23: WF010 `ignore-file [WF201]` is read as a bare `ignore-file`: this "
        "comment silences every code in this file; write `ignore-file[WF201]`",
        "w.yaml:5:39: WF010 `ignore: [WF201, WF999]` is read as a bare `ignore`: this "
        "comment silences every code on this line; write `ignore[WF201, WF999]`",
        "w.yaml:6:56: WF010 `ignore[WF201` is read as a bare `ignore`: this comment silences "
        "every code on this line; write `ignore[WF201]`"]
    run_cli("lint", "--fix", "--select", "WF010", "w.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == text.replace(
        "ignore-file [WF201]", "ignore-file[WF201]").replace(
        "ignore: [WF201, WF999]", "ignore[WF201]").replace("ignore[WF201\n", "ignore[WF201]\n")
    # (`WF999` named no rule: the next pass took it out.)


@pytest.mark.parametrize("comment, message, written", [
    # A directive mistyped was not read, in silence.
    ("# wf-lsp: ignores[WF103]", "wf-lsp does not read `# wf-lsp: ignores[WF103]`: it silences "
                                 "nothing; write `# wf-lsp: ignore[WF103]`",
     "# wf-lsp: ignore[WF103]"),
    ("# wf-lsp: ingore", "wf-lsp does not read `# wf-lsp: ingore`: it silences nothing; write "
                         "`# wf-lsp: ignore`", "# wf-lsp: ignore"),
    ("# wf-lsp: ignore_file[WF103]", "wf-lsp does not read `# wf-lsp: ignore_file[WF103]`: it "
                                     "silences nothing; write `# wf-lsp: ignore-file[WF103]`",
     "# wf-lsp: ignore-file[WF103]"),
    # More words to the directive were read as a bare `ignore`, in silence.
    ("# wf-lsp: ignore-line[WF103]", "`ignore-line[WF103]` is read as a bare `ignore`: this "
                                     "comment silences every code on this line; write "
                                     "`ignore[WF103]`", "# wf-lsp: ignore[WF103]"),
    ("# wf-lsp is slow here", None, None),  # no directive
])
def test_a_directive_mistyped_is_said(comment, message, written):
    text = f"id: x\njobs:\n  a:\n    timeout: 30m1h  {comment}\n    steps: [{{run: a}}]\n"
    said = [f for f in lint(text) if f.code == "WF010"]
    assert [f.message for f in said] == ([message] if message else [])
    if message:  # the fix writes what wf-lsp reads
        (edit,) = said[0].fix.edits
        line = text.splitlines()[3]
        assert (line[:edit.span.start.column] + edit.new_text + line[edit.span.end.column:]
                == f"    timeout: 30m1h  {written}")
