"""Long runs of blanks and long multi-line scalars cost what their size does.

Each of these shapes made the real CLI quadratic (or worse) in one line's or one scalar's
length: a pattern that retried a run of blanks at each length of the key or value before
it, a list emptied from its front, the lines after each escaped line break copied. The
sizes here are those at which the old code took minutes: `run_cli`'s generous timeout
(120 s, against a few seconds now) makes a return of it fail clearly. No timing is
asserted.
"""

from __future__ import annotations

from wf_lsp.detect import _ROOT_KEY
from wf_lsp.linter import sniff_ids

from .helpers import run_cli, run_json

WORKFLOW = "id: a\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n        timeout: 1m\n"
# A step whose `run` is written on the next lines, in the style the test gives.
STEP = "id: a\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - timeout: 1m\n        run: "


def test_a_neighbours_id_line_with_a_long_blank_run_does_not_stall_a_lint(tmp_path):
    # Every YAML file of the project is sniffed for its ids (`linter.sniff_ids`): 40,000
    # blanks in a data file's `id:` line took 50 s, 200,000 some twenty minutes.
    (tmp_path / ".git").mkdir()
    (tmp_path / "flow.yaml").write_text(WORKFLOW)
    (tmp_path / "data.yaml").write_text("id: x" + " " * 200_000 + "y\n")
    done = run_cli("lint", "flow.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "All checks passed (1 workflow file).\n")


def test_the_ids_sniffed_are_those_written():
    assert sniff_ids("id: a   b  # note\nx: 1\n") == {"a   b"}
    assert sniff_ids("id: a#b\n") == {"a"}  # as before: the value stops at any `#`
    assert sniff_ids("'id': \"x y\"  \n") == {"x y"}
    assert sniff_ids("  id: nested\n") is None


def test_a_broken_file_with_a_long_blank_run_gets_its_syntax_error():
    # A file that does not parse is judged by its root keys' lines (`detect`): 20,000
    # blanks in one took 0.9 s, 400,000 some six minutes.
    text = WORKFLOW + "foo" + " " * 400_000 + "b\n"
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"]) for f in findings] == [("WF001", 8)]


def test_root_keys_are_read_as_before():
    text = 'a b  : 1\n"c ": 2\n\'d\' : 3\n"e"f": 4\ng:h: 5\n"i": j\nk  l\n'
    assert [m.group(2) for m in _ROOT_KEY.finditer(text)] == ["a b", "c ", "d", 'e"f', "i"]


def test_a_quoted_run_of_many_escaped_line_breaks_is_mapped_in_one_pass():
    # Each escaped break copied the lines after it: 40,000 such lines took 11 s, 200,000
    # some four and a half minutes.
    lines = "".join("          b\\\n" for _ in range(200_000))
    findings = run_json("-", input=STEP + '"${{ .inputs.x }}\\\n' + lines + '          c"\n')
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("WF403", 7, 27)]


def test_a_long_blank_run_opening_a_continuation_line_is_cut_at_once():
    # Each leading blank was taken off the front of the line's list, one by one: 200,000
    # took 5 s, 1,500,000 some five minutes.
    for quote in ('"', ""):
        text = STEP + quote + "${{ .inputs.x }}\n" + " " * 1_500_000 + "c" + quote + "\n"
        findings = run_json("-", input=text)
        assert [(f["code"], f["line"], f["column"]) for f in findings] == [
            ("WF403", 7, 26 + len(quote))]


def test_a_long_weekday_list_ending_in_a_7_is_read_in_one_pass():
    # Whether another day of the list is Sunday was asked of every other item for each:
    # 20,000 days ending in a 7 took 50 s, these 200,000 over an hour.
    text = ('id: w\ntrigger:\n  schedule:\n    - cron: "0 0 * * ' + "1," * 200_000
            + '7"\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n')
    (finding,) = run_json("-", input=text)
    assert (finding["code"], finding["column"]) == ("WF511", 22 + 400_000)
    assert [e["new_text"] for e in finding["fix"]["edits"]] == ["0"]


def test_a_long_blank_run_after_a_bare_ignore_is_read_once():
    # The blanks before the codes of `# wf-lsp: ignore WF203` were split at each point:
    # 40,000 blanks took 9 s, 400,000 some fifteen minutes.
    text = WORKFLOW.replace("run: x", "run: x  # wf-lsp: ignore" + " " * 400_000 + "!")
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("WF010", 6, 17)]
