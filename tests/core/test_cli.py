"""`wf-lsp` through the real command line in a subprocess: lint, duration, rules, rule.

Output formats other than concise and JSON are tested in tests/test_output_formats.py.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from wf_lsp.commands.rules import rule_markdown
from wf_lsp.rules import RULES

from .helpers import JOB, ROOT, cli_env, run_cli, run_json

BAD = JOB.format("30m1h")  # WF103 at 4:14, safe fix
NO_TIMEOUT = "id: x\njobs:\n  a:\n    steps: [{run: a}]\n"  # WF203, information
HINT = JOB.format("+5m")  # WF110, hint
CLEAN = JOB.format("1h30m")
COMPOSE = "services:\n  web:\n    healthcheck:\n      timeout: 10 s\n"
ACTIONS = "on: push\njobs:\n  test:\n    timeout-minutes: 5\n    steps: [{run: x}]\n"


def files(folder: Path, named: dict[str, str]) -> Path:
    """Write the files `{relative path: text}` under `folder`. Of several, a workflow's
    `id: x` gets the file's name (`sub/a.yaml` → `id: sub-a-yaml`): linted together, the
    files are distinct workflows, as in a real project (a repeated id is WF601's)."""
    for name, text in named.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if len(named) > 1:
            own_id = re.sub(r"[^A-Za-z0-9]+", "-", name)
            text = re.sub(r"^id: x$", f"id: {own_id}", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
    return folder


# --- text output, summary, exit codes ----------------------------------------------------------

def test_concise_output_and_summary(tmp_path):
    files(tmp_path, {"b.yaml": BAD, "a.yml": NO_TIMEOUT, "c.yaml": CLEAN})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout == (
        "a.yml:3:3: WF203 job `a` has no timeout: the engine's undocumented default applies\n"
        'b.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m\n'
        "Found 2 problems (1 error, 1 information) in 3 workflow files.\n"
        "1 fixable with `wf-lsp lint --fix` (1 hidden fix can be enabled with "
        "`--unsafe-fixes`).\n")
    assert (done.stderr, done.returncode) == ("", 1)


# A dependency one letter off (WF301: a guess, unsafe) and a step with nothing to run
# (WF004: its fix writes `run: echo TODO`, a placeholder `--unsafe-fixes` never makes).
GUESSED = ("id: x\njobs:\n  etl:\n    timeout: 1h\n    steps: [{run: a}]\n  load:\n"
           "    timeout: 1h\n    depends_on: [elt]\n    steps: [{name: nothing}]\n")


@pytest.mark.parametrize("named, args, hint", [
    ({"w.yaml": GUESSED}, (),
     "1 hidden fix can be enabled with `wf-lsp lint --fix --unsafe-fixes`."),
    ({"w.yaml": GUESSED, "b.yaml": BAD}, (),
     "1 fixable with `wf-lsp lint --fix` (1 hidden fix can be enabled with `--unsafe-fixes`)."),
    # Asked for: what --fix --unsafe-fixes would fix (--diff --unsafe-fixes: "Would fix 2")
    ({"w.yaml": GUESSED, "b.yaml": BAD}, ("--unsafe-fixes",),
     "2 fixable with `wf-lsp lint --fix --unsafe-fixes`."),
    # What --fix leaves, still guessed at
    ({"w.yaml": GUESSED, "b.yaml": BAD}, ("--fix",),
     "1 hidden fix can be enabled with `wf-lsp lint --fix --unsafe-fixes`."),
    # A guess at what a safe fix reveals (the step above the job made readable, WF201)
    ({"w.yaml": JOB.format("30m1h") + "        timeout: 2h\n"}, (),
     "1 fixable with `wf-lsp lint --fix` (1 hidden fix can be enabled with `--unsafe-fixes`)."),
])
def test_summary_counts_the_guesses_unsafe_fixes_would_make(tmp_path, named, args, hint):
    """As ruff's "(N hidden fixes can be enabled with the `--unsafe-fixes` option)", in
    the text formats only; placeholders are not counted: they are never made."""
    files(tmp_path, named)
    for fmt in ("concise", "full"):
        done = run_cli("lint", "--format", fmt, *args, cwd=tmp_path)
        assert done.stdout.splitlines()[-1] == hint
        if "--fix" in args:
            break  # the files are fixed now
    assert "hidden" not in run_cli("lint", "--format", "json", *args, cwd=tmp_path).stdout


# WF202's guess raises the job to 2h, past `max-job-timeout`: the engine takes it back (WF204)
OVER_THE_CAP = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\n"
                "        timeout: 1h\n      - run: b\n        timeout: 1h\n")


def test_unsafe_fixes_count_what_they_would_make_not_a_guess_taken_back(tmp_path):
    """Asked for with `--unsafe-fixes`, "N fixable" is counted by making the fixes. (The
    hint of hidden fixes counts the guesses offered, as ruff's does: a third analysis of
    every file to count them exactly doubled a large file's lint.)"""
    files(tmp_path, {"wf-lsp.toml": 'max-job-timeout = "1h30m"\n', "w.yaml": OVER_THE_CAP,
                     "b.yaml": BAD})
    done = run_cli("lint", "--format", "concise", "--unsafe-fixes", cwd=tmp_path)
    assert done.stdout.splitlines()[-1] == "1 fixable with `wf-lsp lint --fix --unsafe-fixes`."
    diff = run_cli("lint", "--diff", "--unsafe-fixes", "w.yaml", cwd=tmp_path)
    assert (diff.stdout, diff.stderr) == ("", "No fixes to apply.\n")


# WF606's guess raises the caller to the callee's 2h (1h, then 1h), past `max-job-timeout` as well
CALLED_OVER_THE_CAP = {
    "caller.yaml": "id: x\njobs:\n  a:\n    timeout: 1h\n    workflow:\n      name: y\n",
    "callee.yaml": "id: y\ntrigger:\n  callable: true\njobs:\n  b:\n    timeout: 1h\n"
                   "    steps:\n      - run: b\n  c:\n    depends_on: [b]\n    timeout: 1h\n"
                   "    steps:\n      - run: c\n",
}


@pytest.mark.parametrize("named", [{"w.yaml": OVER_THE_CAP}, CALLED_OVER_THE_CAP])
def test_hint_counts_no_raise_past_max_job_timeout(tmp_path, named):
    """"1 hidden fix can be enabled with --unsafe-fixes" was followed by "No fixes to
    apply": WF202's and WF606's raise past the cap is a guess the engine takes back (it
    brings WF204). It is offered for the editor alone, as a placeholder is: not counted."""
    files(tmp_path, {"wf-lsp.toml": 'max-job-timeout = "1h30m"\n', **named})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines()[-1] == "Found 1 problem (1 warning) in " \
        f"{len(named)} workflow file{'s' * (len(named) > 1)}."
    diff = run_cli("lint", "--diff", "--unsafe-fixes", cwd=tmp_path)
    assert (diff.stdout, diff.stderr) == ("", "No fixes to apply.\n")
    (item,) = json.loads(run_cli("lint", "--format", "json", cwd=tmp_path).stdout)
    assert item["fix"]["title"] == "Raise the job's timeout to 2h, past max-job-timeout 1h30m"


# A job that calls a workflow whose chain runs 3h (`fit` 2h, then `publish` 1h), without a timeout
CALLS_WITHOUT_TIMEOUT = {
    "caller.yaml": "id: x\njobs:\n  a:\n    workflow:\n      name: y\n",
    "callee.yaml": CALLED_OVER_THE_CAP["callee.yaml"].replace("timeout: 1h\n", "timeout: 2h\n", 1),
}


def test_a_calling_jobs_guessed_timeout_covers_what_it_calls(tmp_path):
    """WF203's guess for a job that calls a workflow was the usual 1h: shorter than the
    call's 3h, a WF606 that `--unsafe-fixes` took back, after "1 hidden fix" ("No fixes to
    apply"). It is the callee's longest chain now, and stands."""
    files(tmp_path, CALLS_WITHOUT_TIMEOUT)
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines()[-1] == (
        "1 hidden fix can be enabled with `wf-lsp lint --fix --unsafe-fixes`.")
    fixed = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", cwd=tmp_path)
    assert fixed.stdout == "Fixed 1 problem.\nAll checks passed (2 workflow files).\n", fixed.stdout
    assert (tmp_path / "caller.yaml").read_text() == (
        'id: caller-yaml\njobs:\n  a:\n    timeout: "3h"\n    workflow:\n      name: y\n')


def test_a_calling_jobs_guess_past_max_job_timeout_is_offered_not_counted(tmp_path):
    """Past `max-job-timeout`, the timeout that covers the call brings WF204 and any less
    WF606: the editor offers it (a placeholder), the summary does not count it."""
    files(tmp_path, {"wf-lsp.toml": 'max-job-timeout = "2h30m"\n', **CALLS_WITHOUT_TIMEOUT})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines()[-1] == "Found 1 problem (1 information) in 2 workflow files."
    diff = run_cli("lint", "--diff", "--unsafe-fixes", cwd=tmp_path)
    assert (diff.stdout, diff.stderr) == ("", "No fixes to apply.\n")
    (item,) = json.loads(run_cli("lint", "--format", "json", cwd=tmp_path).stdout)
    assert item["fix"]["title"] == "Add a timeout to job `a`, past max-job-timeout 2h30m"


MONDAY_TO_SUNDAY = ('id: x\ntrigger:\n  schedule:\n    - cron: "0 9 * * MON-SUN"\njobs:\n'
                    '  a:\n    timeout: 1h\n    steps:\n      - run: a\n')


def test_fix_does_not_number_the_names_of_a_weekday_range_to_sunday(tmp_path):
    """`--fix` made `MON-SUN` (backwards to the engine's Go library) `1-0`: the same
    error, its intent gone, and `--unsafe-fixes` then kept it so. The names' fixes are
    the range's guess now, the week to Sunday, made by `--unsafe-fixes` only."""
    files(tmp_path, {"w.yaml": MONDAY_TO_SUNDAY})
    done = run_cli("lint", "--fix", "--format", "concise", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == MONDAY_TO_SUNDAY, done.stdout
    assert done.stdout.splitlines()[-1] == (
        "3 hidden fixes can be enabled with `wf-lsp lint --fix --unsafe-fixes`.")
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", cwd=tmp_path)
    assert done.stdout == "Fixed 3 problems.\nAll checks passed (1 workflow file).\n"
    assert (tmp_path / "w.yaml").read_text() == MONDAY_TO_SUNDAY.replace("MON-SUN", "1-6,0")


def test_a_character_no_duration_holds_is_named_and_fixed_when_it_stands_for_one(tmp_path):
    """`１h` (a fullwidth digit) was "not a valid duration" without a fix, and `😀 1h` was
    told to remove its whitespace, the emoji unnamed: each names the character now; a
    fullwidth digit is written as the ASCII one by `--fix`, a dropped emoji is a guess."""
    files(tmp_path, {"w.yaml": JOB.format("１h").replace("- run: a", "- {run: a, timeout: 😀 1h}")})
    done = run_cli("lint", "--format", "concise", "--quiet", cwd=tmp_path)
    assert done.stdout.splitlines() == [
        'w.yaml:4:14: WF107 "１" (U+FF11 FULLWIDTH DIGIT ONE) is not allowed in a duration: '
        'write "1h"',
        'w.yaml:6:27: WF102 whitespace and "😀" (U+1F600 GRINNING FACE) are not allowed in a '
        'duration: remove them'], done.stdout
    run_cli("lint", "--fix", cwd=tmp_path)
    assert "timeout: 1h\n" in (tmp_path / "w.yaml").read_text(encoding="utf-8")
    assert "timeout: 😀 1h}" in (tmp_path / "w.yaml").read_text(encoding="utf-8")
    run_cli("lint", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert "😀" not in (tmp_path / "w.yaml").read_text(encoding="utf-8")


BLANK_NAMES = """\
id: x
jobs:
  "  ":
    timeout: 1h
    steps: [{run: a}]
  a:
    timeout: 1h
    depends_on: [""]
    steps: [{run: a}]
"""


def test_a_blank_job_id_and_an_empty_dependency_are_said_as_they_are(tmp_path):
    """A job id of spaces was called "an empty name", and `depends_on: [""]` was dropped
    from the model: nothing reported it, nor linked it to a job `""` when there was one."""
    files(tmp_path, {"w.yaml": BLANK_NAMES})
    done = run_cli("lint", "--format", "concise", "--quiet", cwd=tmp_path)
    assert [line.split(": ", 1)[1] for line in done.stdout.splitlines()] == [
        "WF007 a name of whitespace alone is not a valid job id: use letters, digits, `_`, "
        "`-` and `.`, not starting with `-` or `.`",
        "WF301 an empty name names no job (jobs: `  `)"], done.stdout
    (tmp_path / "w.yaml").write_text(BLANK_NAMES.replace('"  ":', '"":'), encoding="utf-8")
    done = run_cli("lint", "--format", "concise", "--quiet", cwd=tmp_path)
    assert [line.split(": ", 1)[1] for line in done.stdout.splitlines()] == [
        "WF007 an empty name is not a valid job id: use letters, digits, `_`, `-` and `.`, "
        "not starting with `-` or `.`"], done.stdout
    graph = run_cli("graph", "--format", "mermaid", "w.yaml", cwd=tmp_path)
    # `a` needs the job `""`, which is on the critical path (an id of `""` ended it there)
    assert "j0 --> j1" in graph.stdout and "class j0,j1 critical" in graph.stdout, graph.stdout


def test_wf601s_documentation_says_what_the_lint_of_a_hidden_folders_file_reads(tmp_path):
    """`wf-lsp rule WF601` said the workspace was found "as `wf-lsp lint .` finds them",
    which never enters `.h2o/`; a file named there is checked against its folder too."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".h2o" / "workflows").mkdir(parents=True)
    for name in ("a.yaml", "b.yaml"):  # one id twice
        (tmp_path / ".h2o" / "workflows" / name).write_text(JOB.format("1h"), encoding="utf-8")
    done = run_cli("lint", "--format", "concise", "--quiet", ".h2o/workflows/b.yaml", cwd=tmp_path)
    assert done.stdout.startswith(".h2o/workflows/b.yaml:1:5: WF601 "), done.stdout
    assert "`.h2o/workflows/a.yaml`" in done.stdout
    assert run_cli("lint", "--quiet", ".", cwd=tmp_path).stdout == ""  # `.` walks past `.h2o`
    documented = " ".join(run_cli("rule", "WF601").stdout.split())
    assert ("for a file linted in a folder that walk passes over (a hidden one: "
            "`.h2o/workflows/`), those of its folder and below it") in documented


CUT_BY_A_COMMENT = ('id: x\ninputs:\n  n: {type: int}\njobs:\n  a:\n    timeout: 1h\n'
                    '    steps:\n      - run: echo ${{ printf "a #%d" .inputs.n }}  # say it\n'
                    '      - run: echo ${{ printf "#%d" .inputs.n }} ${{ printf " #" }} #b\n')


def test_quoting_a_value_cut_by_a_comment_leaves_a_comment_after_it_out(tmp_path):
    """WF401's unsafe fix quoted the rest of the line, `# say it` included: the step then
    echoed the comment. The comment after the value's expressions stays a comment."""
    files(tmp_path, {"w.yaml": CUT_BY_A_COMMENT})
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", cwd=tmp_path)
    assert done.stdout == "Fixed 2 problems.\nAll checks passed (1 workflow file).\n"
    assert (tmp_path / "w.yaml").read_text() == CUT_BY_A_COMMENT.replace(
        'echo ${{ printf "a #%d" .inputs.n }}', '\'echo ${{ printf "a #%d" .inputs.n }}\'').replace(
        'echo ${{ printf "#%d" .inputs.n }} ${{ printf " #" }}',
        '\'echo ${{ printf "#%d" .inputs.n }} ${{ printf " #" }}\'')


def test_a_cron_number_with_a_plus_sign_is_read_as_the_engine_reads_it(tmp_path):
    """`+5` was "not a number", an error: the engine's Go cron library reads it with
    strconv.Atoi, which takes the sign. It is an undocumented spelling (as `MON` is), whose
    safe fix drops the sign; `+25` is still out of range."""
    text = ('id: x\ntrigger:\n  schedule:\n    - cron: "+5 */+15 * * 1-+5"\n'
            '    - cron: "0 +25 * * *"\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\n')
    files(tmp_path, {"w.yaml": text})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines()[:5] == [
        "w.yaml:4:14: WF512 minute: the sign of `+5` is not documented: write `5`",
        "w.yaml:4:19: WF512 hour: the sign of `+15` is not documented: write `15`",
        "w.yaml:4:29: WF512 day of week: the sign of `+5` is not documented: write `5`",
        "w.yaml:5:16: WF511 hour: 25 is out of range (0-23)",
        "w.yaml:5:16: WF512 hour: the sign of `+25` is not documented: write `25`",
    ]
    run_cli("lint", "--fix", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == text.replace("+", "")
    assert [line.split(": ", 1)[1] for line in run_cli(
        "lint", "--format", "concise", cwd=tmp_path).stdout.splitlines()[:-1]] == [
        "WF511 hour: 25 is out of range (0-23)"]


def test_a_depends_on_made_a_list_is_still_yaml_and_the_same_name(tmp_path):
    """WF005's safe fix wrote the string's value bare in `[...]`: `"#prep"` became `[#prep]`
    (a comment: broken YAML), `"${{ .x }}m"` a mapping, `"a, b"` two names, and a block
    scalar `|` lost its line break, joining the next key. It is quoted when bare would not
    read the same."""
    text = ('id: x\njobs:\n  a:\n    depends_on: "#prep"\n    timeout: 1h\n    steps:\n'
            '      - run: a\n  b:\n    depends_on: "a, c"\n    timeout: 1h\n    steps:\n'
            '      - run: a\n  c:\n    depends_on: |\n      a\n    timeout: 1h\n    steps:\n'
            '      - run: a\n  d:\n    depends_on: a\n    timeout: 1h\n    steps:\n      - run: a\n')
    files(tmp_path, {"w.yaml": text})
    done = run_cli("lint", "--fix", "--format", "concise", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == text.replace(
        '"#prep"', '["#prep"]').replace('"a, c"', '["a, c"]').replace(
        "|\n      a\n", '["a\\n"]\n').replace("depends_on: a\n", "depends_on: [a]\n")
    assert "WF001" not in done.stdout and "WF005" not in done.stdout, done.stdout


def test_unsafe_fixes_close_no_dependency_cycle(tmp_path):
    """`depends_on: [reprot]` in a job `report` depends on: `--unsafe-fixes` renamed it to
    `report`, a cycle (WF302, an error the engine rejects) that was not there, after the
    summary counted it as a hidden fix. The rename is offered in the editor only."""
    text = ("id: x\njobs:\n  train:\n    depends_on: [reprot]\n    timeout: 1h\n    steps:\n"
            "      - run: a\n  report:\n    depends_on: [train]\n    timeout: 1h\n    steps:\n"
            "      - run: a\n")
    files(tmp_path, {"w.yaml": text})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines()[-1] == "Found 1 problem (1 error) in 1 workflow file."
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", cwd=tmp_path)
    assert "WF302" not in done.stdout and (tmp_path / "w.yaml").read_text() == text
    (item,) = json.loads(run_cli("lint", "--format", "json", cwd=tmp_path).stdout)
    assert item["fix"]["title"] == "Change to `report`, which closes a dependency cycle"


CALLER_AND_CALLEE_UNTIMED = ("id: x\njobs:\n  retrain:\n    workflow:\n      name: fit-model\n---\n"
                             "id: fit-model\ntrigger:\n  callable: true\njobs:\n  fit:\n    steps:\n"
                             "      - timeout: 2h\n        run: a\n  publish:\n    depends_on: [fit]\n"
                             "    steps:\n      - run: b\n")


def test_unsafe_fixes_converge_when_a_caller_and_its_callee_get_timeouts_together(tmp_path):
    """The caller's guess was the called chain before the callee's jobs got theirs (2h, then
    3h): WF606, so it was taken back for good, and a second `--fix --unsafe-fixes` made the
    3h. It tries again in the next pass: one run makes all three, a second nothing."""
    files(tmp_path, {"w.yaml": CALLER_AND_CALLEE_UNTIMED})
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", cwd=tmp_path)
    assert done.stdout == "Fixed 3 problems.\nAll checks passed (1 workflow file).\n", done.stdout
    assert (tmp_path / "w.yaml").read_text() == CALLER_AND_CALLEE_UNTIMED.replace(
        "  retrain:\n", '  retrain:\n    timeout: "3h"\n').replace(
        "  fit:\n", '  fit:\n    timeout: "2h"\n').replace(
        "  publish:\n", '  publish:\n    timeout: "1h"\n')
    again = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", cwd=tmp_path)
    assert again.stdout == "All checks passed (1 workflow file).\n"


# `publish` in the called workflow: any timeout for it makes the call run past `retrain`'s 2h45m
CALLED_TO_THE_LIMIT = ("id: x\njobs:\n  retrain:\n    timeout: 2h45m\n    workflow:\n"
                       "      name: fit-model\n---\nid: fit-model\ntrigger:\n  callable: true\n"
                       "jobs:\n  fit:\n    timeout: 2h45m\n    steps:\n      - run: a\n"
                       "  publish:\n    depends_on: [fit]\n    steps:\n      - run: b\n")


def test_hint_counts_no_guess_that_would_make_a_call_run_past_its_caller(tmp_path):
    """WF203's 1h for `publish` lengthened the called chain past its caller's timeout (a
    WF606 it did not have): `--unsafe-fixes` took it back, after "1 hidden fix" ("No fixes
    to apply"). It is offered in the editor only, and not counted."""
    files(tmp_path, {"w.yaml": CALLED_TO_THE_LIMIT})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines()[-1] == "Found 1 problem (1 information) in 1 workflow file."
    diff = run_cli("lint", "--diff", "--unsafe-fixes", cwd=tmp_path)
    assert (diff.stdout, diff.stderr) == ("", "No fixes to apply.\n")
    (item,) = json.loads(run_cli("lint", "--format", "json", cwd=tmp_path).stdout)
    assert item["fix"]["title"] == (
        "Add a timeout to job `publish`, past what its workflow's callers allow")


def test_clean_run_says_so_and_exits_0(tmp_path):
    files(tmp_path, {"w.yaml": CLEAN})
    done = run_cli("lint", cwd=tmp_path)  # piped: concise is the default format
    assert (done.stdout, done.stderr, done.returncode) == (
        "All checks passed (1 workflow file).\n", "", 0)


def test_quiet_prints_findings_only(tmp_path):
    files(tmp_path, {"w.yaml": BAD})
    done = run_cli("lint", "-q", "w.yaml", cwd=tmp_path)
    assert done.stdout == 'w.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m\n'


def test_silent_prints_nothing_but_errors_and_the_exit_code_says(tmp_path):
    # ruff's --silent was "unrecognized arguments: --silent (did you mean `--select`?)".
    files(tmp_path, {"w.yaml": BAD, "ok.yaml": CLEAN})
    for args in (("w.yaml",), ("--statistics", "w.yaml"), ("--diff", "w.yaml")):
        done = run_cli("lint", "--silent", *args, cwd=tmp_path)
        assert (done.stdout, done.stderr, done.returncode) == ("", "", 1)
    done = run_cli("lint", "-s", "ok.yaml", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == ("", "", 0)
    done = run_cli("lint", "-s", "w.yaml", "gone.yaml", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "", "wf-lsp: error: gone.yaml: no such file or folder\n", 2)
    # What was asked for is still written: standard input's fixed text, --output-file.
    done = run_cli("lint", "-s", "--fix", "-", input=BAD, cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (CLEAN, "", 0)
    done = run_cli("lint", "-s", "-o", "report.txt", "w.yaml", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("", 1)
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("w.yaml:4:14: WF103")


def test_the_lint_command_is_the_default(tmp_path):
    files(tmp_path, {"w.yaml": BAD})
    assert run_cli("w.yaml", cwd=tmp_path).stdout == run_cli("lint", "w.yaml", cwd=tmp_path).stdout


@pytest.mark.parametrize("text, fail_on, code", [
    (CLEAN, None, 0),
    (BAD, None, 1),
    (NO_TIMEOUT, None, 0),  # information is below the default, warning
    (NO_TIMEOUT, "warning", 0),
    (NO_TIMEOUT, "information", 1),
    (HINT, "information", 0),
    (HINT, "hint", 1),
    (BAD, "error", 1),
    (JOB.format("1h").replace("timeout", "timout"), "error", 0),  # WF003 is a warning
    (JOB.format("1h").replace("timeout", "timout"), None, 1),
    # The configuration's short forms: `--fail-on info` was "invalid choice" while a
    # severity table took `info`.
    (NO_TIMEOUT, "info", 1),
    (NO_TIMEOUT, "INFO", 1),
    (NO_TIMEOUT, "warn", 0),
    (JOB.format("1h").replace("timeout", "timout"), "warn", 1),
])
def test_exit_codes_and_fail_on(tmp_path, text, fail_on, code):
    files(tmp_path, {"w.yaml": text})
    args = ["lint", "w.yaml"] + (["--fail-on", fail_on] if fail_on else [])
    assert run_cli(*args, cwd=tmp_path).returncode == code


def test_an_unknown_fail_on_says_the_severities(tmp_path):
    done = run_cli("lint", "--fail-on", "loud", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.endswith("wf-lsp lint: error: argument --fail-on: unknown severity "
                                "'loud' (expected error, warning, information or hint)\n")


def test_usage_errors_exit_2_without_traceback(tmp_path):
    for args in (["lint", "--fail-on", "loud"], ["lint", "-", "other.yaml"],
                 ["lint", "--select", "WF9"], ["lint", "--ignore", "XX"], ["nonsense-option"]):
        done = run_cli(*args, cwd=tmp_path, input="")
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr and "error" in done.stderr, args


def test_a_misspelt_command_is_said_and_nothing_is_linted(tmp_path):
    """`wf-lsp lnt .` linted `.`, with "lnt: no such file or folder" above the report."""
    files(tmp_path, {"w.yaml": BAD})
    # The nearest by edits (difflib's score said `rule` for `rulse`, and nothing for
    # `graf`); both when two are as near.
    for typo, meant in (("lnt", "`lint`"), ("grpah", "`graph`"), ("serv", "`serve`"),
                        ("graf", "`graph`"), ("rulse", "`rule` or `rules`"),
                        ("rulez", "`rule` or `rules`"), ("Rules", "`rules`"),
                        ("check", "`lint`")):  # ruff's; it was "check: no such file or folder"
        done = run_cli(typo, ".", cwd=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (
            2, "", f"wf-lsp: error: unknown command `{typo}` (did you mean {meant}?)\n")
    # A path is linted as one, missing or not: `wf-lsp lnt` lints a file of that name.
    files(tmp_path, {"lnt": BAD})
    assert run_cli("lnt", "--format", "concise", cwd=tmp_path).returncode == 1
    done = run_cli("lint.yaml", cwd=tmp_path)
    assert done.stderr == "wf-lsp: error: lint.yaml: no such file or folder\n"


def test_help_version_and_explain_as_words_are_what_ruff_users_mean(tmp_path):
    """`wf-lsp help`, `wf-lsp version` (ruff's, git's) and `wf-lsp explain WF103` were linted
    as paths ("help: no such file or folder", exit 2), `-V` (ruff's) was "unrecognized
    arguments: -V"; `--explain` (ruff's old flag) was
    "unrecognized" with nothing to say what to type instead."""
    files(tmp_path, {"w.yaml": BAD})
    top = run_cli("--help", cwd=tmp_path)
    for args, shown in ((["help"], top.stdout), (["help", "graph"],
                        run_cli("graph", "--help", cwd=tmp_path).stdout),
                        (["version"], run_cli("--version", cwd=tmp_path).stdout),
                        (["-V"], run_cli("--version", cwd=tmp_path).stdout)):  # ruff's
        done = run_cli(*args, cwd=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (0, shown, ""), args
    assert top.stdout.startswith("usage: wf-lsp")
    done = run_cli("explain", "WF103", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "wf-lsp: error: unknown command `explain` (did you mean `rule`?)\n")
    for args, meant in ((["--explain", "WF103"], "did you mean `wf-lsp rule WF103`?"),
                        (["lint", "--explain=duration-unit-order"],
                         "did you mean `wf-lsp rule WF103`?"),
                        (["--explain"], "a rule's documentation is `wf-lsp rule CODE`")):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 2 and done.stdout == "", args
        assert done.stderr.splitlines()[-1].endswith(f" ({meant})"), done.stderr
    # A file of that name is still a path, linted.
    files(tmp_path, {"help": BAD})
    assert run_cli("help", "--format", "concise", cwd=tmp_path).returncode == 1


def test_a_shell_pattern_that_matched_nothing_is_said_as_one(tmp_path):
    """`wf-lsp lint flows/*.yml` where the files are `.yaml`: the shell passes the pattern
    on as written, and "no such file or folder" alone did not say that wf-lsp does not
    expand it, nor that naming the folder lints every workflow in it."""
    files(tmp_path, {"flows/w.yaml": BAD})
    done = run_cli("lint", "flows/*.yml", "gone/*.yaml", "flows/gone.yaml", cwd=tmp_path)
    assert done.returncode == 2
    gone = os.path.join("flows", "gone.yaml")
    assert done.stderr.splitlines() == [
        f"wf-lsp: error: {name}: no such file or folder{why}" for name, why in (
            ("flows/*.yml", ": no file matched this pattern (wf-lsp does not expand it; "
                            "`wf-lsp lint flows` lints every workflow in the folder)"),
            (gone, ""),
            ("gone/*.yaml", ": no file matched this pattern (wf-lsp does not expand it)"))]
    done = run_cli("lint", "--format", "json", "**/*.yml", cwd=tmp_path / "flows")
    (item,) = json.loads(done.stdout)
    assert item["code"] == "wf-lsp" and item["message"] == (
        "no such file or folder: no file matched this pattern (wf-lsp does not expand it; "
        "`wf-lsp lint .` lints every workflow in the folder)")
    done = run_cli("lint", "flows", cwd=tmp_path)  # as it says: the folder's workflow
    assert done.returncode == 1 and "WF103" in done.stdout


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_errors_come_before_the_report_also_under_pythonunbuffered(tmp_path, unbuffered):
    """With `PYTHONUNBUFFERED=1` (set in many Docker images and CI jobs), stderr was held
    back whole: "wf-lsp: error: gone.yaml: ..." and the warnings came after the findings
    and "Found 1 problem", in a terminal as in a CI log (stdout and stderr in one pipe)."""
    files(tmp_path, {"w.yaml": BAD})
    env = cli_env(PYTHONUNBUFFERED=unbuffered)
    if not unbuffered:
        env.pop("PYTHONUNBUFFERED")
    done = subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "--format", "concise",
                           "w.yaml", "gone.yaml"], cwd=tmp_path, env=env, timeout=120,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8")
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        "wf-lsp: error: gone.yaml: no such file or folder",
        'w.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m',
        "Found 1 problem (1 error) in 1 workflow file; 1 file could not be checked.",
        "1 fixable with `wf-lsp lint --fix`."]


def test_ruffs_options_that_wf_lsp_has_otherwise_say_what_to_use(tmp_path):
    """A user of ruff types its options: `--no-respect-gitignore` was "unrecognized
    arguments" alone, `--show-files` guessed `--show-fixes`, `--exclude` did not say that
    the config file holds it."""
    files(tmp_path, {"w.yaml": BAD})
    for args, said in (
            (["--no-respect-gitignore"], "did you mean `--no-ignore-files`?"),
            (["--extend-ignore=WF1"], "did you mean `--ignore`?"),
            (["--exclude", "vendor/", "."],
             "`exclude` goes in the config file: wf-lsp.toml or [tool.wf-lsp]"),
            (["--show-files"], "--verbose says which files were passed over, and why"),
            (["--fix-only"], "`--fix -e -s` fixes without a word or an exit 1 for what remains"),
            (["--no-fix"], "wf-lsp fixes nothing unless given --fix")):
        done = run_cli("lint", *args, cwd=tmp_path)
        assert (done.stdout, done.returncode) == ("", 2), args
        assert done.stderr.splitlines()[-1].endswith(f" ({said})"), done.stderr
    assert (tmp_path / "w.yaml").read_text(encoding="utf-8") == BAD  # nothing was run
    # What each points to does what it says.
    done = run_cli("lint", "--fix", "-e", "-s", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == ("", "", 0)
    assert (tmp_path / "w.yaml").read_text(encoding="utf-8") == CLEAN


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX's")
def test_serve_typed_at_a_prompt_says_what_it_is_and_how_to_stop_it():
    """`wf-lsp serve` in a terminal waited in silence, as if it hung: an editor starts it.
    Said on stderr only when standard input is a terminal (never to an editor), and
    Ctrl-C ends it without a traceback."""
    import tty

    master, terminal = os.openpty()
    tty.setraw(terminal)  # the request below as written: no line editing, no \r → \n
    server = subprocess.Popen([sys.executable, "-m", "wf_lsp", "serve"], stdin=terminal,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
    os.close(terminal)
    try:
        # Its answer to a request says it is serving, reading the terminal (Ctrl-C during
        # the start-up always ended it); then Ctrl-C, which hung it until Ctrl-D.
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                           "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        os.write(master, f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
        header = server.stdout.readline()
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=60)
    finally:
        server.kill()
        os.close(master)
    assert header.startswith(b"Content-Length: "), (header, out)
    assert err.decode() == (
        "wf-lsp: the language server talks LSP on standard input and output, for an editor "
        "to start it (docs/editors.md has each editor's setup); Ctrl-C stops it\n")
    assert server.returncode == 130
    done = run_cli("serve", input="")  # an editor's pipe: nothing but the protocol
    assert done.stderr == "" and done.stdout == ""


# --- JSON ------------------------------------------------------------------------------------

KEYS = ["path", "code", "rule", "severity", "message", "line", "column", "end_line",
        "end_column", "fix", "related"]


def test_json_is_one_sorted_array_with_exactly_the_documented_keys(tmp_path):
    two = ("id: x\njobs:\n  a:\n    timout: 1h\n    steps:\n"
           "      - {run: a, timeout: 30}\n      - {run: b, timeout: \"30m1h\"}\n")
    files(tmp_path, {"b.yaml": two, "a.yaml": NO_TIMEOUT, "sub/c.yaml": BAD})
    done = run_cli("lint", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr == ""
    items = json.loads(done.stdout)
    assert all(list(item) == KEYS for item in items)
    assert [(i["path"], i["line"], i["column"], i["code"]) for i in items] == [
        ("a.yaml", 3, 3, "WF203"),
        ("b.yaml", 3, 3, "WF203"),
        ("b.yaml", 4, 5, "WF003"),
        ("b.yaml", 6, 27, "WF101"),
        ("b.yaml", 7, 27, "WF103"),
        (os.path.join("sub", "c.yaml"), 4, 14, "WF103"),
    ]
    assert items[3] == {
        "path": "b.yaml", "code": "WF101", "rule": "duration-missing-unit", "severity": "error",
        "message": 'missing unit: "30" needs a unit such as "30m", "30h" or "30s"',
        "line": 6, "column": 27, "end_line": 6, "end_column": 29,
        # no safe fix: the first offered one, unsafe
        "fix": {"title": 'Read as minutes: "30m"', "safe": False, "path": "b.yaml", "edits": [
            {"line": 6, "column": 27, "end_line": 6, "end_column": 29, "new_text": "30m"}]},
        "related": [],
    }
    assert items[0]["severity"] == "information"
    add = items[0]["fix"]
    assert (add["title"], add["safe"]) == ("Add a timeout to job `a`", False)
    assert items[2]["fix"] == {"title": "Rename to `timeout`", "safe": True, "path": "b.yaml",
                               "edits": [
        {"line": 4, "column": 5, "end_line": 4, "end_column": 11, "new_text": "timeout"}]}
    assert items[4]["fix"]["edits"] == [  # inside the quotes, which stay
        {"line": 7, "column": 28, "end_line": 7, "end_column": 33, "new_text": "1h30m"}]
    assert (items[4]["end_line"], items[4]["end_column"]) == (7, 34)  # the quotes included


def test_json_of_a_clean_run_is_an_empty_array(tmp_path):
    files(tmp_path, {"w.yaml": CLEAN})
    done = run_cli("lint", "--format", "json", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("[]\n", 0)


def test_json_has_an_entry_for_each_file_that_could_not_be_read(tmp_path):
    # As ruff's E902: the report was `[]` while the run exited 2 (stderr only said why).
    files(tmp_path, {"w.yaml": BAD})
    (tmp_path / "latin1.yaml").write_bytes(b"id: x\njobs:\n  a:\n    name: caf\xe9\n")
    done = run_cli("lint", "--format", "json", "w.yaml", "latin1.yaml", "gone.yaml",
                   cwd=tmp_path)
    assert done.returncode == 2
    items = json.loads(done.stdout)
    assert all(list(item) == KEYS for item in items)
    assert [(i["path"], i["code"]) for i in items] == [
        ("gone.yaml", "wf-lsp"), ("latin1.yaml", "wf-lsp"), ("w.yaml", "WF103")]
    assert items[1] == {
        "path": "latin1.yaml", "code": "wf-lsp", "rule": "io-error", "severity": "error",
        "message": "not UTF-8 (byte 0xe9 on line 4): save the file as UTF-8",
        "line": 1, "column": 1, "end_line": 1, "end_column": 1, "fix": None, "related": []}
    assert items[0]["message"] == "no such file or folder"


def test_json_multi_line_edits_are_exclusive_and_1_based(tmp_path):
    text = ("id: x\njobs:\n  a:\n    depends_on:\n      - b\n      - b\n    timeout: 1h\n"
            "    steps: [{run: a}]\n  b: {timeout: 1h, steps: [{run: b}]}\n")
    files(tmp_path, {"w.yaml": text})
    (item,) = run_json("w.yaml", cwd=tmp_path)
    assert item["code"] == "WF303"
    # The whole `      - b` line: from column 1 of line 6 to column 1 of line 7.
    assert item["fix"]["edits"] == [
        {"line": 6, "column": 1, "end_line": 7, "end_column": 1, "new_text": ""}]


# --- --output-file ---------------------------------------------------------------------------

def test_output_file_holds_the_report_stdout_nothing(tmp_path):
    """As ruff's `--output-file`: the report, of any format, in the file (its folders
    made), stdout empty, the exit code the findings'. Text is concise by default, with its
    summary, never coloured; GitHub's annotations are read from the log, not a file."""
    files(tmp_path, {"w.yaml": BAD})
    done = run_cli("lint", "--format", "json", "-o", "reports/wf.json", "w.yaml", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == ("", "", 1)
    assert json.loads((tmp_path / "reports/wf.json").read_text()) == run_json("w.yaml", cwd=tmp_path)
    done = run_cli("lint", "--output-file", "report.txt", "w.yaml", cwd=tmp_path,
                   env=cli_env(FORCE_COLOR="1", GITHUB_ACTIONS="true"))
    assert (done.stdout, done.returncode) == ("", 1)
    assert (tmp_path / "report.txt").read_text() == (
        'w.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m\n'
        "Found 1 problem (1 error) in 1 workflow file.\n1 fixable with `wf-lsp lint --fix`.\n")
    # `-`, as `wf-lsp graph -o -`: stdout
    assert run_cli("lint", "-o", "-", "w.yaml", cwd=tmp_path).stdout.startswith("w.yaml:4:14:")


@pytest.mark.parametrize("target, said", [
    ("reports", "--output-file reports is a folder; give a file"),
    ("w.yaml/r.json", "--output-file w.yaml/r.json: w.yaml is not a folder"),
    ("", '--output-file "" names no file'),
    # Its folder may be written (what was asked before): the file is made and taken back
    # first, as `-o /proc/x/y` is; it was found at the end, the fixes written.
    ("r" * 300 + ".json", f"--output-file {'r' * 300}.json: file name too long"),
    ("reports/" + "r" * 300 + "/r.json", f"--output-file reports/{'r' * 300}/r.json: file name too long"),
])
def test_an_output_file_that_cannot_be_written_stops_the_run_first(tmp_path, target, said):
    """Said before anything is linted, exit 2: no fix written for a report that is lost."""
    files(tmp_path, {"w.yaml": BAD})
    (tmp_path / "reports").mkdir()
    done = run_cli("lint", "--fix", "--format", "sarif", "-o", target, "w.yaml", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == ("", f"wf-lsp: error: {said}\n", 2)
    assert (tmp_path / "w.yaml").read_text() == BAD
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["reports", "w.yaml"]


# --- selection ---------------------------------------------------------------------------------

MANY = ("id: x\njobs:\n  a:\n    timeout: 90m\n    timout: 1h\n    steps:\n"
        "      - {run: a, timeout: \"30m1h\"}\n      - {run: b, timeout: +5m}\n  b:\n    steps: [{run: b}]\n")


@pytest.mark.parametrize("args, codes", [
    ([], ["WF003", "WF103", "WF110", "WF203"]),
    (["--select", "WF1"], ["WF103", "WF110", "WF111"]),
    (["--select", "WF103,WF2"], ["WF103", "WF203"]),
    (["--select", "wf103"], ["WF103"]),
    (["--ignore", "WF1"], ["WF003", "WF203"]),
    (["--ignore", "WF110,WF203"], ["WF003", "WF103"]),
    (["--extend-select", "WF111"], ["WF003", "WF103", "WF110", "WF111", "WF203"]),
    (["--select", "WF1", "--ignore", "WF11"], ["WF103"]),
    (["--extend-select", "WF111", "--ignore", "WF111"], ["WF003", "WF103", "WF110", "WF203"]),
    (["--select", "ALL"], ["WF003", "WF103", "WF110", "WF111", "WF203"]),
    # rule names wherever codes go, in any case, `_` for `-`
    (["--select", "duration-unit-order"], ["WF103"]),
    (["--select", "duration-unit-order,WF2"], ["WF103", "WF203"]),
    (["--ignore", "Missing_Timeout,unknown-key"], ["WF103", "WF110"]),
    (["--extend-select", "duration-not-canonical"], ["WF003", "WF103", "WF110", "WF111", "WF203"]),
    # each option given again adds to its list, as ruff's (the last one alone counted)
    (["--ignore", "WF110", "--ignore", "WF203"], ["WF003", "WF103"]),
    (["--select", "WF103", "--select", "WF2"], ["WF103", "WF203"]),
    (["--select", "WF1", "--extend-select", "WF003", "--extend-select", "WF203"],
     ["WF003", "WF103", "WF110", "WF111", "WF203"]),
])
def test_select_ignore_and_extend_select_with_prefixes(tmp_path, args, codes):
    files(tmp_path, {"w.yaml": MANY})
    assert sorted({i["code"] for i in run_json("w.yaml", *args, cwd=tmp_path)}) == codes


# --- statistics, and what is fixable ----------------------------------------------------------

def test_statistics_prints_the_table_only(tmp_path):
    files(tmp_path, {"w.yaml": MANY, "v.yaml": BAD})
    done = run_cli("lint", "--statistics", cwd=tmp_path)
    assert done.stdout == ("2\tWF103\t[*] duration-unit-order\n"
                           "1\tWF003\t    unknown-key\n"  # `timeout` is there already
                           "1\tWF110\t[*] duration-style\n"
                           "1\tWF203\t    missing-timeout\n")
    assert (done.stderr, done.returncode) == ("", 1)
    assert run_cli("lint", "--statistics", "--format", "full", cwd=tmp_path).stdout == done.stdout
    done = run_cli("lint", "--statistics", "--format", "json", cwd=tmp_path)
    assert json.loads(done.stdout)[:2] == [
        {"code": "WF103", "name": "duration-unit-order", "count": 2, "fixable": True},
        {"code": "WF003", "name": "unknown-key", "count": 1, "fixable": False}]
    # A file that could not be read is a row, as the JSON report names it (it had none).
    (tmp_path / "latin1.yaml").write_bytes(b"id: caf\xe9\n")
    done = run_cli("lint", "--statistics", cwd=tmp_path)
    assert done.stdout.endswith("1\tWF203\t    missing-timeout\n1\twf-lsp\t    io-error\n")
    assert done.returncode == 2
    done = run_cli("lint", "--statistics", "--format", "json", cwd=tmp_path)
    assert json.loads(done.stdout)[-1] == {"code": "wf-lsp", "name": "io-error", "count": 1,
                                           "fixable": False}
    (tmp_path / "latin1.yaml").unlink()
    files(tmp_path, {"w.yaml": CLEAN, "v.yaml": CLEAN})
    assert run_cli("lint", "--statistics", cwd=tmp_path).stdout == ""
    assert run_cli("lint", "--statistics", "--format", "json", cwd=tmp_path).stdout == "[]\n"


def test_fix_with_statistics_says_what_it_fixed_under_the_table(tmp_path):
    """`--fix --statistics` printed the table of what was left alone, the fixes it wrote
    not said: the line the summary has is under the table (not in JSON, not with -q)."""
    zero = BAD.replace("steps:", "steps: [{run: b}]\n  b:\n    timeout: 0s\n    steps:")
    files(tmp_path, {"w.yaml": zero})
    done = run_cli("lint", "--fix", "--statistics", cwd=tmp_path)
    assert (done.stdout, done.returncode) == (
        "1\tWF104\t    duration-zero\nFixed 1 problem.\n", 1)
    files(tmp_path, {"w.yaml": BAD})
    done = run_cli("lint", "--fix", "--statistics", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("Fixed 1 problem.\n", 0)
    files(tmp_path, {"w.yaml": BAD})
    assert run_cli("lint", "--fix", "--statistics", "-q", cwd=tmp_path).stdout == ""
    files(tmp_path, {"w.yaml": BAD})
    done = run_cli("lint", "--fix", "--statistics", "--format", "json", cwd=tmp_path)
    assert done.stdout == "[]\n"


@pytest.mark.parametrize("fmt", ["github", "sarif", "gitlab"])
def test_statistics_with_a_report_format_is_a_usage_error(tmp_path, fmt):
    # The table went into the report: the README's GitLab recipe redirects it into
    # gl-code-quality-report.json. As ruff: the table or JSON only.
    files(tmp_path, {"w.yaml": BAD})
    done = run_cli("lint", "--statistics", "--format", fmt, cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == ("", (
        "wf-lsp: error: --statistics is a table or JSON (--format full, concise, json), "
        f"not a {fmt} report\n"), 2)
    # github is the default under GitHub Actions, not asked for: the table.
    done = run_cli("lint", "--statistics", cwd=tmp_path, env=cli_env(GITHUB_ACTIONS="true"))
    assert (done.stdout, done.returncode) == ("1\tWF103\t[*] duration-unit-order\n", 1)


@pytest.mark.parametrize("args, asked", [
    (("--format", "sarif"), "a sarif report"), (("--format", "json"), "a json report"),
    (("--output-format", "concise"), "a concise report"), (("--statistics",), "a count per code"),
    (("--statistics", "--format", "json"), "a count per code"),
])
def test_diff_with_a_format_or_statistics_is_a_usage_error(tmp_path, args, asked):
    # The patch was printed in their place, in silence (a SARIF file a CI step reads held a
    # diff). ruff's --diff and --statistics conflict too.
    files(tmp_path, {"w.yaml": BAD})
    done = run_cli("lint", "--diff", *args, cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "", f"wf-lsp: error: --diff prints the fixes as a patch, not {asked}\n", 2)
    # The format under GitHub Actions is not asked for: the patch.
    done = run_cli("lint", "--diff", cwd=tmp_path, env=cli_env(GITHUB_ACTIONS="true"))
    assert (done.stdout.startswith("--- a/w.yaml\n"), done.returncode) == (True, 1)


# Renaming `depends-on` reveals that it names no job: WF301, whose fix is safe too.
CASCADE = ("id: x\njobs:\n  build:\n    timeout: 1h\n    steps:\n      - run: a\n"
           "  ship:\n    timeout: 1h\n    depends-on: [Build]\n    steps:\n      - run: b\n")
# A value under a misspelt `timeout` is checked as a duration at once, not after the rename.
MISSPELT = JOB.format("5 m").replace("timeout", "timout")
CORPUS = sorted((Path(__file__).resolve().parents[1] / "corpus" / "err").glob("*.yaml"))


@pytest.mark.parametrize("text", [BAD, MANY, CASCADE, MISSPELT, *(p.read_text(encoding="utf-8")
                                                        for p in CORPUS)])
def test_the_summarys_fixable_count_is_what_fix_fixes(tmp_path, text):
    files(tmp_path, {"w.yaml": text})
    said = run_cli("lint", "--format", "concise", cwd=tmp_path).stdout
    fixed = run_cli("lint", "--format", "concise", "--fix", cwd=tmp_path).stdout
    fixable = [line.split()[0] for line in said.splitlines() if "fixable with" in line]
    done = [line.split()[1] for line in fixed.splitlines() if line.startswith("Fixed ")]
    assert fixable == done


def test_a_fix_that_reveals_another_is_made_and_counted_as_the_problem_shown(tmp_path):
    """The rename reveals WF301 (`Build`), which the next pass fixes: one problem was
    shown and is gone (it said "2 fixable" and "Fixed 2 problems": fixes, not problems)."""
    files(tmp_path, {"w.yaml": CASCADE})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert [line for line in done.stdout.splitlines() if "WF" in line] == [
        "w.yaml:9:5: WF003 unknown key `depends-on` in a job: did you mean `depends_on`?"]
    assert done.stdout.endswith("\n1 fixable with `wf-lsp lint --fix`.\n")
    done = run_cli("lint", "--fix", cwd=tmp_path)
    assert done.stdout == "Fixed 1 problem.\nAll checks passed (1 workflow file).\n"
    assert (tmp_path / "w.yaml").read_text() == CASCADE.replace(
        "depends-on: [Build]", "depends_on: [build]")


# Two WF303 findings settled by one fix, a WF102 whose fix makes the job's timeout readable,
# and with it a step's longer timeout a new WF201.
SETTLED = ("id: p\njobs:\n  a:\n    timeout: 1 h\n    steps:\n      - run: echo\n"
           "        timeout: 2h\n  b:\n    timeout: 1h\n    depends_on: [a, a, a]\n"
           "    steps:\n      - run: echo\n")


@pytest.mark.parametrize("text, args, summary", [
    (SETTLED, (), "Fixed 3 problems; 1 new one appeared.\n"
                  "Found 1 problem (1 warning) in 1 workflow file.\n"
                  "1 hidden fix can be enabled with `wf-lsp lint --fix --unsafe-fixes`.\n"),
    # WF202's guess (the job raised to its steps' sum) settles WF201 too: one fix, two gone
    ("id: p\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\n        timeout: 2h\n"
     "      - run: b\n        timeout: 30m\n", ("--unsafe-fixes",),
     "Fixed 2 problems.\nAll checks passed (1 workflow file).\n"),
])
def test_fixed_counts_the_problems_gone_and_says_what_the_fixes_brought(tmp_path, text, args,
                                                                         summary):
    """"Fixed N problems" counted fixes applied ("Fixed 3" above a new WF201, "Fixed 1" for
    two findings gone): now the findings before and after, as ruff's "N fixed, M remaining"."""
    files(tmp_path, {"w.yaml": text})
    fixed = summary.split()[1]
    said = run_cli("lint", "--diff", *args, cwd=tmp_path)
    assert said.stderr == f"Would fix {fixed} problems in 1 file.\n"
    done = run_cli("lint", "--format", "concise", "--fix", *args, cwd=tmp_path)
    assert done.stdout.endswith(summary), done.stdout


def test_exit_non_zero_on_fix_when_the_fixes_brought_a_finding(tmp_path):
    """The file was rewritten: a hook fails the commit, whatever the count of problems
    fixed and new says (it is decided by the rewrite)."""
    files(tmp_path, {"w.yaml": SETTLED})
    done = run_cli("lint", "--fix", "--exit-non-zero-on-fix", "w.yaml", cwd=tmp_path)
    assert done.returncode == 1


def test_the_value_of_a_misspelt_timeout_is_checked_at_once(tmp_path):
    files(tmp_path, {"w.yaml": MISSPELT})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert [line for line in done.stdout.splitlines() if "WF" in line] == [
        "w.yaml:3:3: WF203 job `a` has no timeout: the engine's undocumented default applies",
        "w.yaml:4:5: WF003 unknown key `timout` in a job: did you mean `timeout`?",
        'w.yaml:4:13: WF102 whitespace is not allowed in a duration: write "5m"']
    run_cli("lint", "--fix", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == JOB.format("5m")
    # A key the rename does not go to (the job has its `timeout`) is not a duration.
    files(tmp_path, {"w.yaml": MISSPELT.replace("    steps", "    timeout: 1h\n    steps")})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert [line.split()[1] for line in done.stdout.splitlines() if "WF" in line] == ["WF003"]


# --- fixing ------------------------------------------------------------------------------------

FIXED = MANY.replace('"30m1h"', '"1h30m"').replace("+5m", "5m")


def test_fix_writes_in_place_and_reports_what_remains(tmp_path):
    files(tmp_path, {"w.yaml": MANY})
    done = run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text(encoding="utf-8") == FIXED
    # What remains, including what the fixes revealed: the now valid step timeouts add up
    # to more than the job's.
    assert done.stdout == (
        "w.yaml:4:14: WF202 the timeouts of 2 steps add up to 1h35m, more than job `a`'s "
        "timeout 1h30m\n"
        "w.yaml:5:5: WF003 unknown key `timout` in a job (allowed: name, runner, depends_on, "
        "matrix, working_dir, timeout, env, steps, workflow)\n"
        "w.yaml:9:3: WF203 job `b` has no timeout: the engine's undocumented default applies\n"
        "Fixed 2 problems; 1 new one appeared.\n"
        "Found 3 problems (2 warnings, 1 information) in 1 workflow file.\n"
        "2 hidden fixes can be enabled with `wf-lsp lint --fix --unsafe-fixes`.\n")
    assert done.returncode == 1
    again = run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert "Fixed" not in again.stdout and (tmp_path / "w.yaml").read_text() == FIXED


def test_show_fixes_lists_the_problems_fixed_per_file_and_code(tmp_path):
    """As ruff's `--show-fixes`: with --fix, a "Fixed N problems:" block, each file and
    its problems fixed per code, most first; without, what --fix would fix."""
    two = JOB.format('"1h0m"').replace("- run: a\n", "- run: a\n        timeout: 1h0m\n")
    files(tmp_path, {"w.yaml": MANY, "v.yaml": two})
    done = run_cli("lint", "--show-fixes", cwd=tmp_path)
    assert done.stdout.endswith(
        "Would fix 4 problems with `wf-lsp lint --fix`:\n"
        "- v.yaml:\n"
        "    2 × WF110 (duration-style)\n"
        "- w.yaml:\n"
        "    1 × WF103 (duration-unit-order)\n"
        "    1 × WF110 (duration-style)\n"
        "\n"
        "Found 6 problems (1 error, 1 warning, 1 information, 3 hints) in 2 workflow files.\n"
        "4 fixable with `wf-lsp lint --fix` (2 hidden fixes can be enabled with "
        "`--unsafe-fixes`).\n"), done.stdout
    done = run_cli("lint", "--fix", "--show-fixes", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text(encoding="utf-8") == FIXED.replace(
        "id: x", "id: w-yaml")
    assert "Fixed 4 problems; 1 new one appeared:\n- v.yaml:\n    2 × WF110 (duration-style)\n" \
           "- w.yaml:\n    1 × WF103 (duration-unit-order)\n    1 × WF110 (duration-style)\n\n" \
           "Found 3 problems" in done.stdout, done.stdout
    # Nothing fixed: no block; a JSON report has no summary to hold one.
    assert "Fixed" not in run_cli("lint", "--fix", "--show-fixes", cwd=tmp_path).stdout
    assert run_cli("lint", "--show-fixes", "--format", "json", cwd=tmp_path).stdout.startswith("[")


def test_exit_non_zero_on_fix(tmp_path):
    files(tmp_path, {"w.yaml": BAD})
    done = run_cli("lint", "--fix", "--exit-non-zero-on-fix", "w.yaml", cwd=tmp_path)
    assert done.stdout == "Fixed 1 problem.\nAll checks passed (1 workflow file).\n"
    assert done.returncode == 1


def test_fix_applies_no_unsafe_fix_unless_asked(tmp_path):
    files(tmp_path, {"w.yaml": JOB.format("-5m")})
    assert run_cli("lint", "--fix", "w.yaml", cwd=tmp_path).returncode == 1
    assert (tmp_path / "w.yaml").read_text() == JOB.format("-5m")
    assert run_cli("lint", "--fix", "--unsafe-fixes", "w.yaml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "w.yaml").read_text() == JOB.format("5m")


def test_fix_keeps_the_file_mode(tmp_path):
    path = files(tmp_path, {"w.yaml": BAD}) / "w.yaml"
    path.chmod(0o640)
    run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (path.stat().st_mode & 0o777, path.read_text()) == (0o640, CLEAN)
    assert [p.name for p in tmp_path.iterdir()] == ["w.yaml"]  # no temporary file left


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path):
    files(tmp_path, {"w.yaml": BAD, "clean.yaml": CLEAN})
    done = run_cli("lint", "--diff", cwd=tmp_path)
    assert done.stdout == (
        "--- a/w.yaml\n+++ b/w.yaml\n@@ -1,6 +1,6 @@\n id: w-yaml\n jobs:\n   a:\n"
        "-    timeout: 30m1h\n+    timeout: 1h30m\n     steps:\n       - run: a\n")
    assert done.stderr == "Would fix 1 problem in 1 file.\n"
    assert done.returncode == 1
    assert (tmp_path / "w.yaml").read_text() == BAD.replace("id: x", "id: w-yaml")
    done = run_cli("lint", "--diff", "clean.yaml", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == ("", "No fixes to apply.\n", 0)


def _applied(tmp_path, diff: str) -> None:
    """Apply a diff as git does (outside any repository it is `patch`): the oracle."""
    done = subprocess.run(["git", "apply", "--unsafe-paths", "-"], input=diff, cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, f"git apply refused the diff: {done.stderr}"


@pytest.mark.parametrize("ending", ["\n", ""], ids=["line-break", "no-line-break-at-the-end"])
def test_diff_applies_to_what_fix_writes(tmp_path, ending):
    # 2,000 jobs, each with a fix: difflib's matching over the whole file took seconds
    # for that (10 s for 4,000); the last line, a fix too, may lack its line break.
    text = "id: many\njobs:\n" + "".join(
        f"  j{i}:\n    steps:\n      - run: echo {i}\n    timeout: 1h 30m\n"
        for i in range(2000))
    text = text[:-1] + ending
    files(tmp_path, {"w.yaml": text, "fixed.yaml": text})
    done = run_cli("lint", "--diff", "w.yaml", cwd=tmp_path)
    assert done.stderr == "Would fix 2000 problems in 1 file.\n"
    assert done.stdout.count("\n-    timeout: 1h 30m") == 2000
    assert done.stdout.endswith("+    timeout: 1h30m\n" if ending else
                                "+    timeout: 1h30m\n\\ No newline at end of file\n")
    _applied(tmp_path, done.stdout)
    run_cli("lint", "--fix", "fixed.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_bytes() == (tmp_path / "fixed.yaml").read_bytes()


def test_diff_names_files_relative_to_the_working_folder_as_git_does(tmp_path):
    # `a//tmp/.../w.yaml` was an "invalid path" to git apply, and patch -p1 found no file.
    files(tmp_path, {"w.yaml": BAD, "sub/keep.txt": ""})
    for name in ("w.yaml", str(tmp_path / "w.yaml")):
        done = run_cli("lint", "--diff", name, cwd=tmp_path)
        assert done.stdout.startswith("--- a/w.yaml\n+++ b/w.yaml\n@@ -1,6 +1,6 @@\n")
        applied = subprocess.run(["git", "apply", "--check", "-"], input=done.stdout,
                                 cwd=tmp_path, capture_output=True, text=True)
        assert (applied.returncode, applied.stderr) == (0, "")
    # Outside the working folder, as git diff --no-index names it: git applies it only
    # with --unsafe-paths.
    done = run_cli("lint", "--diff", str(tmp_path / "w.yaml"), cwd=tmp_path / "sub")
    assert done.stdout.startswith("--- a/../w.yaml\n+++ b/../w.yaml\n")
    _applied(tmp_path / "sub", done.stdout)
    assert "timeout: 1h30m" in (tmp_path / "w.yaml").read_text()


def test_diff_of_a_file_reached_through_a_symlink_names_the_file_it_leads_to(tmp_path):
    # In a repository with the links committed, git apply refused `a/link.yaml` ("patch
    # failed": to git the link is the name of its target) and `a/linked/w.yaml` ("beyond a
    # symbolic link").
    files(tmp_path, {"flows/w.yaml": BAD})
    (tmp_path / "link.yaml").symlink_to(os.path.join("flows", "w.yaml"))
    (tmp_path / "linked").symlink_to("flows")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "flows"]):
        subprocess.run([*git, *command], cwd=tmp_path, check=True, capture_output=True)
    for name in ("link.yaml", "linked/w.yaml"):
        done = run_cli("lint", "--diff", name, cwd=tmp_path)
        assert done.stdout.startswith("--- a/flows/w.yaml\n+++ b/flows/w.yaml\n"), done.stdout
        applied = subprocess.run(["git", "apply", "--check", "-"], input=done.stdout,
                                 cwd=tmp_path, capture_output=True, text=True)
        assert (applied.returncode, applied.stderr) == (0, "")


@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_diff_of_a_file_with_a_bom_applies_to_what_fix_writes(tmp_path, ending):
    # The BOM is in the first line's context: without it, git said "patch failed: w.yaml:1".
    text = ("\ufeff" + JOB.format("1d")).replace("\n", ending)
    for name in ("w.yaml", "fixed.yaml"):
        (tmp_path / name).write_bytes(text.encode())
    diff = run_cli("lint", "--diff", "w.yaml", input=b"", cwd=tmp_path).stdout.decode()
    assert diff.startswith(f"--- a/w.yaml\n+++ b/w.yaml\n@@ -1,6 +1,6 @@\n \ufeffid: x{ending}")
    _applied(tmp_path, diff)
    run_cli("lint", "--fix", "fixed.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_bytes() == (tmp_path / "fixed.yaml").read_bytes()
    assert (tmp_path / "w.yaml").read_bytes().startswith(b"\xef\xbb\xbfid: x")


# --- suppression comments ----------------------------------------------------------------------

SUPPRESSED = ("id: x\njobs:\n  a:\n    timeout: 30m1h  # wf-lsp: ignore[duration-unit-order]\n"
              "    steps:\n      - run: a  # wf-lsp: ignore[WF999]\n"
              "      # wf-lsp: ignore\n      - run: b\n"
              "      - {run: c, timeout: 1h}  # wf-lsp: ignore[WF1, WF203] note  # keep this\n")


def test_ignore_comments_take_rule_names_and_unused_or_unknown_ones_are_findings(tmp_path):
    files(tmp_path, {"w.yaml": SUPPRESSED})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines() == [
        "w.yaml:6:34: WF010 `WF999` is no rule's code or name",
        "w.yaml:7:7: WF010 this ignore comment silences nothing on this line or the next",
        "w.yaml:9:32: WF010 `WF1`, `WF203` silence nothing on this line",
        "Found 3 problems (3 warnings) in 1 workflow file.",
        "3 fixable with `wf-lsp lint --fix`.",
    ]
    assert done.returncode == 1
    assert run_cli("lint", "--fix", cwd=tmp_path).returncode == 0
    assert (tmp_path / "w.yaml").read_text(encoding="utf-8") == (
        "id: x\njobs:\n  a:\n    timeout: 30m1h  # wf-lsp: ignore[duration-unit-order]\n"
        "    steps:\n      - run: a\n      - run: b\n"
        "      - {run: c, timeout: 1h}  # note  # keep this\n")


@pytest.mark.parametrize("before, after", [
    # the user's note after the directive stays, a separator before it goes
    ("1h  # wf-lsp: ignore[WF103] legacy value, see JIRA-12", "1h  # legacy value, see JIRA-12"),
    ("1h  # wf-lsp: ignore[WF103]: legacy", "1h  # legacy"),
    ("1h  # wf-lsp: ignore -- legacy", "1h  # legacy"),
    # another comment before or after the directive stays
    ("1h  # noqa  # wf-lsp: ignore[WF103]", "1h  # noqa"),
    ("1h  # noqa  # wf-lsp: ignore[WF103] why", "1h  # noqa  # why"),
    ("1h  # wf-lsp: ignore[WF103]  # other", "1h  # other"),
    # an unused entry goes, and the note with the used ones stays
    ("30m1h  # wf-lsp: ignore[WF103, WF999] legacy", "30m1h  # wf-lsp: ignore[WF103] legacy"),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_the_fix_of_an_unused_ignore_comment_keeps_the_note_after_it(tmp_path, before, after,
                                                                       newline):
    files(tmp_path, {"w.yaml": JOB.format(before).replace("\n", newline)})
    assert run_cli("lint", "--fix", "w.yaml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "w.yaml").read_bytes().decode() == JOB.format(after).replace(
        "\n", newline)


def test_the_fix_of_an_unused_comment_alone_on_its_line_keeps_its_note(tmp_path):
    text = "# wf-lsp: ignore-file[WF999] generated, see gen.py\n" + JOB.format(
        "1h").replace("    steps:", "    # wf-lsp: ignore[WF1] why\n    steps:")
    files(tmp_path, {"w.yaml": text})
    assert run_cli("lint", "--fix", "w.yaml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "w.yaml").read_text(encoding="utf-8") == "# generated, see gen.py\n" + (
        JOB.format("1h").replace("    steps:", "    # why\n    steps:"))


def test_an_unused_entry_is_removed_and_the_used_ones_stay(tmp_path):
    # `1h0m` is read (WF110 is about its style): WF2's rules judged it.
    files(tmp_path, {"w.yaml": JOB.format("1h0m  # wf-lsp: ignore[WF110, WF2, duraton-style]")})
    # An entry that silences nothing and one that names no rule: two findings (an editor
    # fades only the first), each removing its entry.
    assert [(i["column"], i["message"], i["fix"]) for i in run_json("w.yaml", cwd=tmp_path)] == [
        (44, "`WF2` silences nothing on this line", {
            "title": "Remove `WF2`", "safe": True, "path": "w.yaml", "edits": [
                {"line": 4, "column": 37, "end_line": 4, "end_column": 62,
                 "new_text": "WF110, duraton-style"}]}),
        (49, "`duraton-style` is no rule's code or name (did you mean `duration-style`?)", {
            "title": "Remove `duraton-style`", "safe": True, "path": "w.yaml", "edits": [
                {"line": 4, "column": 37, "end_line": 4, "end_column": 62,
                 "new_text": "WF110, WF2"}]})]
    assert run_cli("lint", "--fix", "w.yaml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "w.yaml").read_text() == JOB.format("1h0m  # wf-lsp: ignore[WF110]")


def test_a_comment_for_a_rule_that_did_not_run_is_left_alone(tmp_path):
    text = JOB.format("1h  # wf-lsp: ignore[duration-not-canonical, WF203]")
    files(tmp_path, {"w.yaml": text})
    # WF111 is off by default, WF203 ignored by the configuration: neither ran.
    assert run_json("w.yaml", "--ignore", "WF203", cwd=tmp_path) == []
    assert [i["message"] for i in run_json("w.yaml", cwd=tmp_path)] == [
        "`WF203` silences nothing on this line"]
    # Only a comment that names it silences it; and it can be turned off.
    files(tmp_path, {"w.yaml": JOB.format("1h  # wf-lsp: ignore[WF203, unused-suppression]")})
    assert run_json("w.yaml", cwd=tmp_path) == []
    files(tmp_path, {"w.yaml": text})
    assert run_json("w.yaml", "--ignore", "unused-suppression", cwd=tmp_path) == []


def test_fix_keeps_a_suppression_that_another_fix_makes_needed(tmp_path):
    # `3h 0m` is not a duration yet, so WF201 cannot compare it and the comment silences
    # nothing: --fix removed it in the pass that fixed the value, and the warning the
    # user had silenced came back. Removing a comment waits for the other fixes.
    step = "3h 0m  # wf-lsp: ignore[WF201] longer on purpose"
    files(tmp_path, {"w.yaml": JOB.format("1h") + f"        timeout: {step}\n"})
    # Nor is the comment reported: WF201 could not judge (as ruff's RUF100 after a syntax
    # error); the summary counts the one problem there is.
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert done.stdout.splitlines()[-3:] == [
        'w.yaml:7:18: WF102 whitespace is not allowed in a duration: write "3h"',
        "Found 1 problem (1 error) in 1 workflow file.",
        "1 fixable with `wf-lsp lint --fix`."]
    done = run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (done.stdout, done.returncode) == (
        "Fixed 1 problem.\nAll checks passed (1 workflow file).\n", 0)
    assert (tmp_path / "w.yaml").read_text() == JOB.format("1h") + (
        "        timeout: 3h  # wf-lsp: ignore[WF201] longer on purpose\n")
    # A comment that silences nothing once the value is fixed still goes.
    files(tmp_path, {"w.yaml": JOB.format("1h") + f"        timeout: {step.replace('201', '103')}\n"})
    run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == JOB.format("1h") + (
        "        timeout: 3h  # longer on purpose\n")


def test_comments_beside_the_timeouts_of_a_job_with_one_not_read_wait_for_it(tmp_path):
    text = ("id: w\njobs:\n  a:\n    timeout: 1h  # wf-lsp: ignore[WF202]\n    steps:\n"
            "      - run: x\n        timeout: 30m 1h  # wf-lsp: ignore[WF201, WF303]\n"
            "      - run: y\n        timeout: 40m\n"
            "  b:\n    timeout: 1h  # wf-lsp: ignore[WF201]\n    steps: [{run: x}]\n")
    files(tmp_path, {"w.yaml": text})
    # WF202's sum and WF201 wait for `30m 1h`; a comment for another rule, or on a job
    # whose timeouts are all read, is judged as ever.
    assert [(i["line"], i["code"], i["message"]) for i in run_json("w.yaml", cwd=tmp_path)] == [
        (7, "WF102", 'whitespace is not allowed in a duration: write "1h30m"'),
        (7, "WF010", "`WF303` silences nothing on this line"),
        (11, "WF010", "`WF201` silences nothing on this line")]
    run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert (tmp_path / "w.yaml").read_text() == text.replace("30m 1h", "1h30m").replace(
        "WF201, WF303]", "WF201]").replace("1h  # wf-lsp: ignore[WF201]\n    steps: [", "1h\n    steps: [")
    # A comment for the whole file waits for every timeout of it.
    files(tmp_path, {"w.yaml": "# wf-lsp: ignore-file[WF201]\n" + JOB.format("1h")
                     + "        timeout: 3h 0m\n"})
    assert [i["code"] for i in run_json("w.yaml", cwd=tmp_path)] == ["WF102"]


def test_job_ids_the_engine_cannot_use_are_errors(tmp_path):
    ids = {"clean data": "3:3", "123": "6:3", '""': "9:3", "1e3": "12:3", "ok_id": None,
           "データ": None, "01-fetch": None, "job.v2": None}
    text = "id: x\njobs:\n" + "".join(
        f"  {name}:\n    timeout: 1h\n    steps: [{{run: a}}]\n" for name in ids)
    files(tmp_path, {"w.yaml": text})
    done = run_cli("lint", "--format", "concise", "--select", "invalid-job-id", cwd=tmp_path)
    assert [line.split(" WF007 ")[0] for line in done.stdout.splitlines()[:-2]] == [
        f"w.yaml:{at}:" for at in ids.values() if at]
    assert "an empty name is not a valid job id" in done.stdout
    assert done.returncode == 1


def test_quoted_job_ids_are_names_and_the_fix_quotes_the_others(tmp_path):
    """`"2026":` and `"true":` are strings in YAML: ids like any other. Written plain,
    WF007 says to quote them and --fix does; `depends_on: [2026]` is WF005's, quoted too."""
    text = ('id: x\njobs:\n  "2026":\n    timeout: 1h\n    steps: [{run: a}]\n'
            '  "true":\n    timeout: 1h\n    depends_on: ["2026"]\n    steps: [{run: b}]\n'
            '  1e3:\n    timeout: 1h\n    depends_on: [2026, "true"]\n    steps: [{run: c}]\n')
    files(tmp_path, {"w.yaml": text})
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines()[:-2] == [
        "w.yaml:10:3: WF007 `1e3` is not a valid job id: YAML reads it as a number, not as a "
        "name: quote it",
        "w.yaml:12:18: WF005 an item of `depends_on` must be a string, not a number: quote it",
    ]
    done = run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert (tmp_path / "w.yaml").read_text() == text.replace("  1e3:", '  "1e3":').replace(
        "[2026,", '["2026",')


# --- standard input ----------------------------------------------------------------------------

def test_stdin_with_a_filename_uses_its_config_and_name(tmp_path):
    files(tmp_path, {"sub/wf-lsp.toml": 'extend-select = ["WF111"]\n'})
    done = run_cli("lint", "-", "--stdin-filename", "sub/w.yaml", input=JOB.format("90m"),
                   cwd=tmp_path)
    assert done.stdout.splitlines()[0] == 'sub/w.yaml:4:14: WF111 "90m" is 1h30m: write it as "1h30m"'
    done = run_cli("lint", "-", input=JOB.format("90m"), cwd=tmp_path)
    assert done.stdout == "All checks passed (1 workflow file).\n"
    assert run_cli("lint", "-", input=BAD, cwd=tmp_path).stdout.startswith("-:4:14: WF103 ")


def test_stdin_filename_alone_reads_standard_input(tmp_path):
    """As in ruff: `--stdin-filename` without a path reads standard input (it was ignored,
    and the folder linted); with paths but no `-`, it is a usage error."""
    files(tmp_path, {"y.yaml": CLEAN})
    done = run_cli("lint", "--stdin-filename", "x.yaml", input=BAD, cwd=tmp_path)
    assert done.stdout.startswith('x.yaml:4:14: WF103 units must go from larger to smaller: ')
    assert done.returncode == 1
    done = run_cli("lint", "--fix", "--stdin-filename", "x.yaml", input=BAD, cwd=tmp_path)
    assert (done.stdout, done.returncode) == (CLEAN, 0)
    done = run_cli("lint", "--stdin-filename", "x.yaml", "y.yaml", input=BAD, cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "", "wf-lsp: error: --stdin-filename names standard input: give - as the only path, "
        "or no path\n", 2)


def test_stdin_fix_writes_the_fixed_text_to_stdout_and_findings_to_stderr(tmp_path):
    done = run_cli("lint", "--fix", "-", input=MANY, cwd=tmp_path)
    assert done.stdout == FIXED
    assert done.stderr.startswith("-:4:14: WF202 ")
    assert "\nFixed 2 problems; 1 new one appeared.\n" in done.stderr


def test_stdin_that_is_not_a_workflow_is_skipped(tmp_path):
    done = run_cli("lint", "-", "--verbose", input=COMPOSE, cwd=tmp_path)
    assert done.stdout == "All checks passed (0 workflow files).\n"
    # Named as its errors name it: it was "skipped -:" beside "error: standard input: ...".
    assert done.stderr == ("wf-lsp: skipped standard input: looks like a Docker Compose file "
                           "(`services`)\n")


# --- walking folders ---------------------------------------------------------------------------

def test_folders_are_walked_for_yaml_files_only(tmp_path):
    files(tmp_path, {
        "a.yaml": BAD, "b.yml": BAD, "c.txt": BAD, "d.yaml.bak": BAD,
        "sub/deep/e.yaml": BAD, ".hidden/f.yaml": BAD,
        "node_modules/g.yaml": BAD, ".git/h.yaml": BAD,
    })
    paths = [i["path"] for i in run_json(cwd=tmp_path)]
    assert paths == ["a.yaml", "b.yml", os.path.join("sub", "deep", "e.yaml")]
    # named explicitly, any file is linted, whatever its suffix
    assert [i["path"] for i in run_json("c.txt", "sub", cwd=tmp_path)] == [
        "c.txt", os.path.join("sub", "deep", "e.yaml")]


def _repository(tmp_path: Path) -> Path:
    """A git work tree (a `.git` folder is what git and ruff look for) with ignore files."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return files(tmp_path, {
        ".git/info/exclude": "local.yaml\n",
        ".gitignore": "# generated\nbuild/\n\n*.gen.yaml\n!keep.gen.yaml\n",
        "a.yaml": BAD, "local.yaml": BAD, "build/b.yaml": BAD, "x.gen.yaml": BAD,
        "keep.gen.yaml": BAD,
        "sub/.gitignore": "out/\n!*.gen.yaml\n",  # deeper: wins over the top's `*.gen.yaml`
        "sub/.ignore": "drop.yaml\n",
        "sub/c.yaml": BAD, "sub/drop.yaml": BAD, "sub/out/d.yaml": BAD, "sub/y.gen.yaml": BAD,
        "sub/out/keep.gen.yaml": BAD,  # under an ignored folder: git cannot re-include it
        "node_modules/pkg/e.yaml": BAD, ".github/f.yaml": BAD,
    })


def test_ignore_files_are_honoured_when_walking_folders(tmp_path):
    _repository(tmp_path)
    done = run_cli("lint", "--format", "concise", "--verbose", cwd=tmp_path)
    assert [line.split(":")[0] for line in done.stdout.splitlines()[:-2]] == [
        "a.yaml", "keep.gen.yaml", "sub/c.yaml", "sub/y.gen.yaml"]
    assert done.stderr.splitlines() == [
        "wf-lsp: skipped .git/: a hidden folder",
        "wf-lsp: skipped .github/: a hidden folder",
        "wf-lsp: skipped build/: ignored by .gitignore:2 (`build/`)",
        "wf-lsp: skipped local.yaml: ignored by .git/info/exclude:1 (`local.yaml`)",
        "wf-lsp: skipped node_modules/: `node_modules` folders are not walked",
        "wf-lsp: skipped sub/drop.yaml: ignored by sub/.ignore:1 (`drop.yaml`)",
        "wf-lsp: skipped sub/out/: ignored by sub/.gitignore:1 (`out/`)",
        "wf-lsp: skipped x.gen.yaml: ignored by .gitignore:4 (`*.gen.yaml`)",
    ]
    # Without --verbose, nothing is said about what was passed over.
    assert run_cli("lint", cwd=tmp_path).stderr == ""


def test_ignore_files_above_the_walked_folder_count_and_named_files_are_always_linted(tmp_path):
    _repository(tmp_path)
    sub = tmp_path / "sub"
    paths = [i["path"] for i in run_json(".", cwd=sub)]
    assert paths == ["c.yaml", "y.gen.yaml"]
    paths = [i["path"] for i in run_json("drop.yaml", "out/d.yaml", "../build", cwd=sub)]
    # A file given by name is linted; a folder given by name is walked.
    assert paths == [os.path.join("..", "build", "b.yaml"), "drop.yaml",
                     os.path.join("out", "d.yaml")]


def test_no_ignore_files_walks_what_they_exclude_but_not_hidden_folders(tmp_path):
    _repository(tmp_path)
    paths = [i["path"] for i in run_json("--no-ignore-files", cwd=tmp_path)]
    assert paths == [os.path.join(*p.split("/")) for p in (
        "a.yaml", "build/b.yaml", "keep.gen.yaml", "local.yaml", "sub/c.yaml",
        "sub/drop.yaml", "sub/out/d.yaml", "sub/out/keep.gen.yaml", "sub/y.gen.yaml",
        "x.gen.yaml")]


def test_gitignore_counts_in_a_git_work_tree_only_and_ignore_everywhere(tmp_path):
    # As ruff: outside a repository git ignores a .gitignore, and so does the walk.
    files(tmp_path, {".gitignore": "a.yaml\n", ".ignore": "b.yaml\n",
                     "a.yaml": BAD, "b.yaml": BAD, "repo/.gitignore": "c.yaml\n",
                     "repo/c.yaml": BAD, "repo/d.yaml": BAD})
    (tmp_path / "repo" / ".git").mkdir()
    assert [i["path"] for i in run_json(cwd=tmp_path)] == [
        "a.yaml", os.path.join("repo", "d.yaml")]


def test_config_include_and_exclude_when_walking(tmp_path):
    files(tmp_path, {
        "wf-lsp.toml": 'exclude = ["vendor", "*.generated.yaml"]\ninclude = ["tasks/*.yaml"]\n',
        "a.yaml": BAD, "vendor/b.yaml": BAD, "c.generated.yaml": BAD,
        # no `jobs`, but forced to be a workflow by include: "the workflow needs `jobs`"
        "tasks/t.yaml": "id: t\nname: x\n",
        "other/t.yaml": "id: t\nname: x\n",
    })
    done = run_cli("lint", "--verbose", "--format", "concise", cwd=tmp_path)
    assert done.stdout.splitlines() == [
        'a.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m',
        "tasks/t.yaml:1:1: WF004 the workflow needs `jobs`",
        "Found 2 problems (2 errors) in 2 workflow files.",
        "1 fixable with `wf-lsp lint --fix`.",
    ]
    assert done.stderr.splitlines() == [
        "wf-lsp: skipped c.generated.yaml: excluded by configuration",
        "wf-lsp: skipped other/t.yaml: no `jobs` key at the root",
        "wf-lsp: skipped vendor/: excluded by `exclude` in wf-lsp.toml",
    ]


def test_a_folder_excluded_by_the_config_above_it_is_never_entered(tmp_path):
    # A vendored project with its own config, broken here: the root's exclude prunes
    # vendor/ before the walk reads it (as ruff's), where it failed the run (exit 2), and,
    # fixed, had vendor/sub/ linted by the config nearest its files, which excludes nothing.
    files(tmp_path, {"wf-lsp.toml": 'exclude = ["vendor/"]\n', "a.yaml": CLEAN,
                     "vendor/sub/wf-lsp.toml": 'select = [\n', "vendor/sub/b.yaml": BAD})
    done = run_cli("lint", "--verbose", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "All checks passed (1 workflow file).\n",
        "wf-lsp: skipped vendor/: excluded by `exclude` in wf-lsp.toml\n", 0)
    (tmp_path / "vendor" / "sub" / "wf-lsp.toml").write_text("")
    assert run_json(cwd=tmp_path) == []


def test_excludes_of_named_paths_are_their_own_configs(tmp_path):
    # As ruff with --force-exclude (its pre-commit hook): a file named is judged by its own
    # config, which a nested project's is; a folder named is walked, what is in it judged
    # by the configs below it. A walk from the top prunes vendor/ all the same.
    files(tmp_path, {"wf-lsp.toml": 'exclude = ["vendor/"]\n', "vendor/a.yaml": BAD,
                     "vendor/sub/wf-lsp.toml": "", "vendor/sub/b.yaml": BAD})
    b = os.path.join("vendor", "sub", "b.yaml")
    for named in (["vendor/a.yaml", b], ["vendor"]):
        done = run_cli("lint", "--verbose", "--format", "concise", *named, cwd=tmp_path)
        assert done.stdout.splitlines()[0].startswith(f"{b}:4:14: WF103"), named
        assert done.stderr == "wf-lsp: skipped vendor/a.yaml: excluded by configuration\n"


def test_the_exclude_of_a_config_named_on_the_command_line_prunes_the_walk(tmp_path):
    files(tmp_path, {"strict.toml": 'exclude = ["gen/"]\n', "a.yaml": CLEAN,
                     "gen/wf-lsp.toml": 'select = [\n', "gen/b.yaml": BAD})
    done = run_cli("lint", "--verbose", "--config", "strict.toml", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "All checks passed (1 workflow file).\n",
        "wf-lsp: skipped gen/: excluded by `exclude` in strict.toml\n", 0)


def test_a_lint_at_the_top_of_this_repository_passes_over_what_is_broken_on_purpose():
    # tests/corpus/err/ and examples/broken/ are broken on purpose (151 problems in a lint
    # here); the repository's config passes over them: test_corpus.py and `dev.py
    # examples` lint them, from their folders, whose configs exclude nothing.
    done = run_cli("lint", "--verbose", cwd=ROOT)
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith("All checks passed"), done.stdout
    assert {line for line in done.stderr.splitlines() if "exclude" in line} == {
        "wf-lsp: skipped examples/: excluded by `exclude` in pyproject.toml",
        "wf-lsp: skipped tests/corpus/err/: excluded by `exclude` in pyproject.toml"}


def test_non_workflow_yaml_is_skipped_silently_and_named_with_verbose(tmp_path):
    files(tmp_path, {"docker-compose.yaml": COMPOSE, "ci.yml": ACTIONS,
                       "list.yaml": "- a\n- b\n", "empty.yaml": "# nothing\n",
                       "w.yaml": CLEAN})
    done = run_cli("lint", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "All checks passed (1 workflow file).\n", "", 0)
    done = run_cli("lint", "--verbose", cwd=tmp_path)
    assert done.stderr.splitlines() == [
        "wf-lsp: skipped ci.yml: looks like a GitHub Actions workflow (`on` at the root)",
        "wf-lsp: skipped docker-compose.yaml: looks like a Docker Compose file (`services`)",
        "wf-lsp: skipped empty.yaml: empty document",
        "wf-lsp: skipped list.yaml: the document is not a mapping",
    ]


def test_unreadable_and_non_utf8_files_get_an_error_and_the_others_are_linted(tmp_path):
    files(tmp_path, {"a.yaml": BAD, "z.yaml": BAD})
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "latin1.yaml").write_bytes(b"id: x\njobs:\n  a:\n    name: caf\xe9\n")
    (tmp_path / "utf16.yaml").write_bytes("id: x\n".encode("utf-16"))
    done = run_cli("lint", "--format", "concise", ".", "missing.yaml", cwd=tmp_path)
    # A broken symlink found by the walk is passed over (tests/core/test_files.py); named,
    # it is an error, as below.
    assert done.stderr.splitlines() == [
        "wf-lsp: error: latin1.yaml: not UTF-8 (byte 0xe9 on line 4): save the file as UTF-8",
        "wf-lsp: error: missing.yaml: no such file or folder",
        "wf-lsp: error: utf16.yaml: not UTF-8 (UTF-16 LE): save the file as UTF-8",
    ]
    assert done.stdout.splitlines() == [
        'a.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m',
        'z.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m',
        "Found 2 problems (2 errors) in 2 workflow files; 3 files could not be checked.",
        "2 fixable with `wf-lsp lint --fix`.",
    ]
    assert done.returncode == 2
    clean = run_cli("lint", "dangling.yaml", cwd=tmp_path)
    assert clean.stdout == "No problems found (0 workflow files; 1 file could not be checked).\n"
    assert clean.returncode == 2


def test_a_folder_named_like_a_yaml_file_is_walked_not_read(tmp_path):
    files(tmp_path, {"x.yaml/inner.yaml": BAD})
    done = run_cli("lint", "x.yaml", "--format", "concise", "-q", cwd=tmp_path)
    assert done.stdout == (f"{os.path.join('x.yaml', 'inner.yaml')}:4:14: WF103 units must go "
                           'from larger to smaller: "30m1h" is 1h30m\n')
    assert (done.stderr, done.returncode) == ("", 1)


@pytest.mark.parametrize("encoding, name", [
    ("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE"), ("utf-32", "UTF-32 LE"),
    ("utf-32-le", "UTF-32 LE"), ("utf-32-be", "UTF-32 BE")])
def test_utf16_and_utf32_are_named_with_or_without_a_bom(tmp_path, encoding, name):
    # Without a BOM, the text decoded as UTF-8 (a zero byte beside each character) and
    # the file was passed over in silence: "All checks passed (0 workflow files)". Named
    # as the skip of another tool's file names it: it was "UTF-16 text" beside a skip's
    # "not UTF-8 (UTF-16 LE)".
    (tmp_path / "w.yaml").write_bytes(BAD.encode(encoding))
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert (done.stderr, done.returncode) == (
        f"wf-lsp: error: w.yaml: not UTF-8 ({name}): save the file as UTF-8\n", 2)
    done = run_cli("lint", "-", input=BAD.encode(encoding), cwd=tmp_path)
    assert (done.stderr, done.returncode) == (
        f"wf-lsp: error: standard input: not UTF-8 ({name}): save the file as UTF-8\n"
        .encode(), 2)


def test_utf8_text_after_a_stray_nul_is_utf8_with_a_syntax_error(tmp_path):
    # YAML's rule reads `\0i` as the start of UTF-16: the file was "UTF-16 text: save the
    # file as UTF-8" (it is UTF-8) and went unchecked, while the editor showed its NUL.
    (tmp_path / "w.yaml").write_bytes(b"\x00" + BAD.encode())
    done = run_cli("lint", "w.yaml", "--format", "concise", cwd=tmp_path)
    assert (done.stderr, done.returncode) == ("", 1)
    assert done.stdout.startswith("w.yaml:1:1: WF001 YAML syntax error: a control character (U+0000)")
    for start in (b"\x00\x00", b"\x00\x00\x00"):  # nor UTF-32's pattern, nor UTF-16's
        (tmp_path / "w.yaml").write_bytes(start + BAD.encode())
        done = run_cli("lint", "w.yaml", "--verbose", cwd=tmp_path)
        assert "UTF-" not in done.stderr and done.returncode == 0, done.stderr


def test_stdin_that_is_not_utf8_is_an_error(tmp_path):
    # "-: standard input is not UTF-8" said standard input twice, and not where.
    done = run_cli("lint", "-", input=b"id: caf\xe9\n", cwd=tmp_path)
    assert done.stderr == (b"wf-lsp: error: standard input: not UTF-8 (byte 0xe9 on line 1): "
                           b"save the file as UTF-8\n")
    assert done.returncode == 2
    # Named, it is that file, as everywhere.
    done = run_cli("lint", "--stdin-filename", "w.yaml", input=b"id: caf\xe9\n", cwd=tmp_path)
    assert done.stderr == (b"wf-lsp: error: w.yaml: not UTF-8 (byte 0xe9 on line 1): "
                           b"save the file as UTF-8\n")
    # --fix gives it back unchanged, as every text it does not fix: a filter (Vim's
    # `:%!wf-lsp lint --fix -`) replaced the buffer with nothing.
    done = run_cli("lint", "--fix", "-", input=b"id: caf\xe9\n", cwd=tmp_path)
    assert (done.stdout, done.returncode) == (b"id: caf\xe9\n", 2)
    assert done.stderr.startswith(b"wf-lsp: error: standard input: not UTF-8 (byte 0xe9")


MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
MANIFEST_LOOK = "looks like a Kubernetes manifest (`apiVersion` and `kind: ConfigMap`)"


@pytest.mark.parametrize("encoding, name", [
    ("utf-16", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE"), ("utf-32", "UTF-32 LE"),
    ("utf-32-be", "UTF-32 BE")])
def test_another_tools_file_not_in_utf8_is_passed_over_not_an_error(tmp_path, encoding, name):
    # Windows PowerShell 5.1's `kubectl get -o yaml > cm.yaml` writes UTF-16 LE with a BOM:
    # the lint of the folder said "cm.yaml: UTF-16 text: save the file as UTF-8" and
    # exited 2, failing CI on a file that is not a workflow. It is passed over, as a
    # UTF-8 manifest is, named or found by the walk; a workflow beside it is still linted.
    data = ("\ufeff" if encoding.endswith("-be") else "") + MANIFEST
    (tmp_path / "cm.yaml").write_bytes(data.encode(encoding))
    files(tmp_path, {"w.yaml": CLEAN})
    why = f"wf-lsp: skipped cm.yaml: not UTF-8 ({name}), and not a workflow: {MANIFEST_LOOK}\n"
    for paths in ([], ["cm.yaml"]):  # the walk's, and pre-commit's names
        done = run_cli("lint", *paths, cwd=tmp_path)
        assert (done.stderr, done.returncode) == ("", 0)
        done = run_cli("lint", "--verbose", *paths, cwd=tmp_path)
        assert (done.stderr, done.returncode) == (why, 0)
    assert run_json("cm.yaml", cwd=tmp_path) == []
    done = run_cli("lint", "--stdin-filename", "cm.yaml", input=data.encode(encoding),
                   cwd=tmp_path)
    assert (done.stderr, done.returncode) == (b"", 0)
    # `--fix` gives standard input back as it came, as for any text it passes over.
    done = run_cli("lint", "--fix", "-", input=data.encode(encoding), cwd=tmp_path)
    assert (done.stdout, done.returncode) == (data.encode(encoding), 0)


def test_a_latin1_file_is_judged_by_its_text_and_a_workflow_stays_an_error(tmp_path):
    (tmp_path / "compose.yaml").write_bytes(b"# caf\xe9\nservices:\n  web:\n    image: x\n")
    (tmp_path / "w.yaml").write_bytes(BAD.encode("utf-16"))
    (tmp_path / "latin.yaml").write_bytes(BAD.replace("steps:", "name: caf\xe9\n    steps:")
                                          .encode("latin-1"))
    done = run_cli("lint", "--verbose", "--format", "concise", cwd=tmp_path)
    assert done.stderr.splitlines() == [
        "wf-lsp: error: latin.yaml: not UTF-8 (byte 0xe9 on line 5): save the file as UTF-8",
        "wf-lsp: error: w.yaml: not UTF-8 (UTF-16 LE): save the file as UTF-8",
        "wf-lsp: skipped compose.yaml: not UTF-8 (byte 0xe9 on line 1), and not a workflow: "
        "looks like a Docker Compose file (`services`)",
    ]
    assert done.returncode == 2
    # An excluded file is that, whatever its encoding.
    files(tmp_path, {"wf-lsp.toml": 'exclude = ["w.yaml", "latin.yaml"]\n'})
    done = run_cli("lint", "--verbose", "w.yaml", "latin.yaml", cwd=tmp_path)
    assert sorted(done.stderr.splitlines()) == [
        "wf-lsp: skipped latin.yaml: excluded by configuration",
        "wf-lsp: skipped w.yaml: excluded by configuration"]
    assert done.returncode == 0


# `<&-`, `>&-` and `2>&-` are a POSIX shell's: the child's descriptor is closed before it
# starts (`preexec_fn`), which Windows has no way to do. Never skipped on Linux (CI).
CLOSES_A_DESCRIPTOR = pytest.mark.skipif(sys.platform == "win32",
                                         reason="closes a file descriptor in the child")


def _without(fd: int, *args: str, stdout=subprocess.PIPE, cwd: Path) -> subprocess.CompletedProcess:
    """`wf-lsp ARGS` with file descriptor `fd` closed, as `<&-`, `>&-` or `2>&-` leave it."""
    return subprocess.run([sys.executable, "-m", "wf_lsp", *args], cwd=cwd, env=cli_env(),
                          stdin=subprocess.DEVNULL if fd != 0 else None, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, encoding="utf-8", timeout=120,
                          preexec_fn=lambda: os.close(fd))


@CLOSES_A_DESCRIPTOR
@pytest.mark.parametrize("args", [("lint", "-"), ("graph", "-"), ("duration", "--stdin")])
def test_a_closed_standard_input_is_said_not_an_internal_error(tmp_path, args):
    done = _without(0, *args, cwd=tmp_path)
    assert (done.stderr, done.stdout, done.returncode) == (
        "wf-lsp: error: standard input is closed: nothing to read\n", "", 2)


@CLOSES_A_DESCRIPTOR
def test_a_closed_standard_output_is_said_not_an_internal_error(tmp_path):
    files(tmp_path, {"w.yaml": BAD})
    done = _without(1, "lint", "w.yaml", stdout=None, cwd=tmp_path)
    assert (done.stderr, done.returncode) == (
        "wf-lsp: error: standard output is closed: nowhere to write\n", 2)


@CLOSES_A_DESCRIPTOR
@pytest.mark.parametrize("args", [("--version",), ("--help",), ("lint", "--help")])
def test_version_and_help_to_a_closed_standard_output_are_said(tmp_path, args):
    # `--version >&-` wrote nothing and exited 0 (print to no stdout); argparse puts the
    # help on stderr then, and the exit says it was not where asked, as to a full disk.
    done = _without(1, *args, stdout=None, cwd=tmp_path)
    assert done.stderr.endswith("wf-lsp: error: standard output is closed: nowhere to write\n")
    assert done.returncode == 2
    if args == ("--version",):
        assert done.stderr == "wf-lsp: error: standard output is closed: nowhere to write\n"
    # A usage error's message is the usage error's, as before.
    done = _without(1, "lint", "--format", "nope", stdout=None, cwd=tmp_path)
    assert "invalid choice: 'nope'" in done.stderr and "closed" not in done.stderr


@CLOSES_A_DESCRIPTOR
def test_with_standard_error_closed_errors_stay_out_of_the_output(tmp_path):
    files(tmp_path, {"w.yaml": BAD})
    done = subprocess.run(
        [sys.executable, "-m", "wf_lsp", "lint", "--format", "json", "missing.yaml", "w.yaml"],
        cwd=tmp_path, env=cli_env(), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        encoding="utf-8", timeout=120, preexec_fn=lambda: os.close(2))
    # The missing file is in the report (its entry), not stderr's line
    assert [f["code"] for f in json.loads(done.stdout)] == ["wf-lsp", "WF103"]
    assert done.returncode == 2


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("lint", "w.yaml"), ("lint", "--format", "json", "w.yaml"),
                                  ("rules",), ("graph", "w.yaml"), ("duration", "1h"),
                                  ("--version",), ("--help",), ("lint", "--help")])
@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_output_to_a_full_disk_is_said_not_an_internal_error(tmp_path, args, unbuffered):
    """Python's output buffered, as it is unless PYTHONUNBUFFERED is set, too: a report
    smaller than the buffer met the full disk at the exit (exit 120, "Exception ignored")."""
    files(tmp_path, {"w.yaml": BAD})
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "wf_lsp", *args], cwd=tmp_path,
                              env=cli_env(PYTHONUNBUFFERED=unbuffered), stdout=full,
                              stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", timeout=120)
    assert (done.stderr, done.returncode) == (
        "wf-lsp: error: cannot write the output: No space left on device\n", 2)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_a_reader_that_left_changes_no_exit_code(tmp_path, jobs, unbuffered):
    """`wf-lsp lint DIR | head -1`: once the reader has left, the rest of the output is
    dropped without a word and the exit code is the run's, 1 for findings, with workers
    or without. Before, the first write that failed ended the run with 2 (and a report
    small enough for the pipe's buffer with 1), so the code depended on the timing."""
    files(tmp_path, {f"w{i}.yaml": BAD for i in range(20)})
    reader, writer = os.pipe()
    os.close(reader)  # the reader left before the first line: every write fails
    try:
        for args in (("lint", "-j", jobs, "."), ("lint", "-v", "-j", jobs, "."),
                     ("rule", "WF103")):
            done = subprocess.run([sys.executable, "-m", "wf_lsp", *args], cwd=tmp_path,
                                  env=cli_env(PYTHONUNBUFFERED=unbuffered), stdout=writer,
                                  stderr=subprocess.PIPE,
                                  text=True, encoding="utf-8", timeout=120)
            assert (done.returncode, done.stderr) == (0 if args[0] == "rule" else 1, ""), args
        # `2>&1 | head -1`: the errors and what --verbose says go the same way.
        done = subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "-v", "-j", jobs,
                               "missing.yaml", "."], cwd=tmp_path,
                              env=cli_env(PYTHONUNBUFFERED=unbuffered), stdout=writer,
                              stderr=writer, timeout=120)
        assert done.returncode == 2
    finally:
        os.close(writer)


# --- configuration errors ----------------------------------------------------------------------

@pytest.mark.parametrize("name, content, message", [
    ("pyproject.toml", '[tool.wf-lsp]\nrequire-timout = "all"\n',
     "require-timout: unknown key (did you mean `require-timeout`?)"),
    ("wf-lsp.toml", 'severity = { WF203 = "loud" }\n',
     "severity.WF203: unknown severity 'loud' (expected error, warning, information, hint or off)"),
    (".wf-lsp.toml", "max-job-timeout = 5\n",
     'max-job-timeout: missing unit: "5" needs a unit such as "5h", "5m" or "5s"'),
    # As WF106 says it in a workflow; it was 'expected a positive duration like "6h"'.
    ("wf-lsp.toml", 'max-job-timeout = "1d"\n', 'max-job-timeout: unknown unit "d" in "1d": '
     'durations use ns, us, ms, s, m and h; write "24h"'),
    ("wf-lsp.toml", 'select = ["XX1"]\n',
     "select: 'XX1' matches no rule code or name (see `wf-lsp rules`)"),
    ("wf-lsp.toml", "select = [\n", "invalid TOML: "),
    # A pattern that matches nothing was taken in silence, one pathspec refuses was an
    # internal error at the first file.
    ("wf-lsp.toml", 'include = ["["]\n',
     "include: '[' has a `[` with no `]`: write \\[ for a name's ["),
    ("wf-lsp.toml", 'exclude = ["ok/*.yaml", "[z-a]"]\n',
     "exclude: '[z-a]' is not a pattern as .gitignore reads them (bad character range z-a)"),
    ("wf-lsp.toml", 'exclude = ["!"]\n',
     "exclude: '!' is not a pattern as .gitignore reads them (Invalid git pattern: '!')"),
    ("wf-lsp.toml", 'include = ["#w.yaml"]\n',
     "include: '#w.yaml' is a comment as .gitignore reads it: write \\# for a name's #"),
    # Windows' separator, an escape as .gitignore reads it: each matched nothing, in silence.
    *(("wf-lsp.toml", f'exclude = ["{written}"]\n',
       f"exclude: {meant!r} has `\\` between names, which .gitignore reads as an escape: "
       f"folders are separated by `/` on every system: write {meant.replace(chr(92), '/')!r}"
       + (" (`[*]` for a `*` in a name)" if "*" in meant else ""))
      for written, meant in (("sub\\\\w.yaml", "sub\\w.yaml"), ("vendor\\\\", "vendor\\"),
                             ("flows\\\\*.yaml", "flows\\*.yaml"))),
])
def test_a_bad_config_exits_2_naming_the_file_and_key(tmp_path, name, content, message):
    files(tmp_path, {"w.yaml": BAD, name: content})
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert done.returncode == 2
    # Named as the findings name files: from the working folder, not in full; with the
    # key's line (a TOML syntax error says its own place).
    line = "" if message.startswith("invalid TOML") else ":2" if "[tool" in content else ":1"
    assert done.stderr.startswith(f"wf-lsp: error: {name}{line}: {message}")
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize("name", ["wf-lsp.toml", ".wf-lsp.toml"])
@pytest.mark.parametrize("make, message", [
    (os.mkdir, "not a regular file: a folder"),
    (lambda path: os.symlink("gone.toml", path), "a broken symbolic link (to gone.toml)"),
])
def test_a_config_name_that_is_no_file_is_said_not_passed_over(tmp_path, name, make, message):
    """A folder or a broken link under a config file's name was passed over without a
    word, and the run went on with the defaults: it is said, as a file that cannot be read
    is (the nearest config is the one meant)."""
    files(tmp_path, {"w.yaml": BAD})
    make(tmp_path / name)
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert (done.stderr, done.stdout, done.returncode) == (
        f"wf-lsp: error: {name}: {message}\n", "", 2)


BAD_CONFIG = ('selct = ["WF1"]\nrequire-timeout = "job"\nignore = ["duration-unit-ordr"]\n'
              'max-job-timeout = "30m1h"\n[tool.wf-lsp]\nselect = ["WF1"]\n')


@pytest.mark.parametrize("fmt", ["concise", "full", "json", "sarif", "github"])
def test_a_config_error_is_said_once_with_every_bad_key_and_nothing_is_linted(tmp_path, fmt):
    many = {f"d{n}/w{m}.yaml": BAD for n in range(3) for m in range(3)}
    files(tmp_path, {"wf-lsp.toml": BAD_CONFIG, **many})
    done = run_cli("lint", "--format", fmt, cwd=tmp_path)
    where = "wf-lsp.toml"  # as every output names the files: from the working folder
    assert done.stderr.splitlines() == [
        f"wf-lsp: error: {where}:1: selct: unknown key (did you mean `select`?)",
        f"wf-lsp: error: {where}:2: require-timeout: expected one of none, jobs, steps, all, "
        "got 'job' (did you mean `jobs`?)",
        f"wf-lsp: error: {where}:3: ignore: 'duration-unit-ordr' matches no rule code or name "
        "(did you mean `duration-unit-order`?)",
        f"wf-lsp: error: {where}:4: max-job-timeout: units must go from larger to smaller: "
        '"30m1h" is 1h30m',
        f"wf-lsp: error: {where}:5: tool: `[tool.wf-lsp]` is for pyproject.toml: this file takes "
        "the keys at top level (`select = [...]`, no table)",
    ]
    # Stopped before linting: no findings, no summary, not even an empty JSON array.
    assert (done.stdout, done.returncode) == ("", 2)


def test_another_tools_table_in_a_config_file_is_named_as_that_tools(tmp_path):
    """`--config ruff.toml` (the wrong file), or `[tool.ruff]` pasted in wf-lsp.toml, was
    "`[tool.wf-lsp]` is for pyproject.toml", of a table the file does not have."""
    files(tmp_path, {"ruff.toml": '[tool.ruff]\nselect = ["E"]\n', "w.yaml": BAD,
                     "p/wf-lsp.toml": 'select = ["WF1"]\n[tool.yamllint.rules]\nx = 1\n',
                     "p/w.yaml": BAD})
    for args, where, table in ((["--config", "ruff.toml", "w.yaml"], "ruff.toml:1", "ruff"),
                               ([os.path.join("p", "w.yaml")],
                                os.path.join("p", "wf-lsp.toml:2"), "yamllint")):
        done = run_cli("lint", *args, cwd=tmp_path)
        assert (done.stdout, done.returncode) == ("", 2), args
        assert done.stderr == (
            f"wf-lsp: error: {where}: tool: `[tool.{table}]` is not wf-lsp's: this file takes "
            "wf-lsp's keys alone, at top level (`select = [...]`)\n")


def test_ruffs_lint_table_is_said_to_hold_keys_of_the_level_above(tmp_path):
    # `[lint]` as in ruff.toml (or `[tool.wf-lsp.lint]`) was "lint: unknown key; known
    # keys: ...", as if `lint` were a typo.
    files(tmp_path, {"wf-lsp.toml": '[lint]\nignore = ["WF203"]\n', "w.yaml": BAD,
                     "p/pyproject.toml": '[tool.wf-lsp.lint]\nignore = ["WF203"]\n',
                     "p/w.yaml": BAD})
    for where in (tmp_path, tmp_path / "p"):
        done = run_cli("lint", "w.yaml", cwd=where)
        assert (done.stdout, done.returncode) == ("", 2)
        assert done.stderr.endswith(
            ": lint: no `[lint]` table here, unlike ruff's: write its keys (`select = [...]`) "
            "where `lint` is\n")


def test_two_bad_config_files_are_each_said_once_and_stdin_stops_too(tmp_path):
    files(tmp_path, {"a/wf-lsp.toml": 'selct = []\n', "a/x/w.yaml": BAD, "a/w.yaml": BAD,
                     "b/.wf-lsp.toml": 'severity = { WF103 = "loud" }\n', "b/w.yaml": BAD,
                     "c/w.yaml": BAD})
    done = run_cli("lint", cwd=tmp_path)
    assert done.stderr.splitlines() == [
        "wf-lsp: error: a/wf-lsp.toml:1: selct: unknown key (did you mean `select`?)",
        "wf-lsp: error: b/.wf-lsp.toml:1: severity.WF103: unknown severity 'loud' (expected "
        "error, warning, information, hint or off)",
    ]
    # From below it, the file is named in full, as a finding in a file above would be.
    done = run_cli("lint", "w.yaml", cwd=tmp_path / "a" / "x")
    assert done.stderr == (f"wf-lsp: error: {tmp_path / 'a' / 'wf-lsp.toml'}:1: selct: unknown "
                           "key (did you mean `select`?)\n")
    assert (done.stdout, done.returncode) == ("", 2)
    done = run_cli("lint", "-", "--stdin-filename", "a/w.yaml", input=BAD, cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("", 2) and done.stderr.count("\n") == 1
    # The files under a good config (or none) lint as usual when named alone.
    assert run_cli("lint", "c", cwd=tmp_path).returncode == 1


def test_an_explicit_config_file_that_is_missing_or_bad_is_a_usage_error(tmp_path):
    files(tmp_path, {"w.yaml": BAD, "bad.toml": 'ignore = "WFX"\n'})
    done = run_cli("lint", "--config", "missing.toml", "w.yaml", cwd=tmp_path)
    assert done.stderr == ("wf-lsp: error: missing.toml: cannot read: "
                           "No such file or directory\n")
    assert (done.stdout, done.returncode) == ("", 2)
    done = run_cli("lint", "--config", "bad.toml", "w.yaml", cwd=tmp_path)
    assert done.stderr == ("wf-lsp: error: bad.toml:1: ignore: 'WFX' matches no "
                           "rule code or name (see `wf-lsp rules`)\n")
    assert done.returncode == 2


def test_config_takes_key_value_pairs_as_ruffs(tmp_path):
    """`--config 'KEY = VALUE'` sets one key over every config file (the file's, or the one
    `--config` names), under `--select`/`--ignore`; it was "cannot read: No such file"."""
    files(tmp_path, {"w.yaml": MANY, "wf-lsp.toml": 'ignore = ["WF003"]\n',
                     "other.toml": 'select = ["WF1"]\n'})

    def codes(*args: str) -> list[str]:
        return sorted({i["code"] for i in run_json("w.yaml", *args, cwd=tmp_path)})

    assert codes() == ["WF103", "WF110", "WF203"]
    assert codes("--config", 'extend-select = ["WF111"]') == ["WF103", "WF110", "WF111", "WF203"]
    assert codes("--config", 'ignore=["WF110"]', "--config", "require-timeout = 'none'") == [
        "WF003", "WF103"]  # the pair's ignore replaces the file's, as its key would
    assert codes("--config", "other.toml", "--config", 'ignore = ["WF110"]') == [
        "WF103", "WF111"]
    assert codes("--config", 'select = ["WF1"]', "--ignore", "WF11") == ["WF103"]
    # Without a config file, its globs are from the working folder, not from each file's.
    files(tmp_path, {"sub/w.yaml": NO_TIMEOUT})
    (tmp_path / "wf-lsp.toml").unlink()
    done = run_cli("lint", "--config", 'per-file-ignores = { "sub/*.yaml" = ["WF203"] }',
                   "sub", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("All checks passed (1 workflow file).\n", 0)
    for args, error in (
            (['select = ["WF9"]'], "--config: select: 'WF9' matches no rule code or name "
                                   "(see `wf-lsp rules`)"),
            (["selct = []"], "--config: selct: unknown key (did you mean `select`?)"),
            (["require-timeout = all"], "--config 'require-timeout = all' is neither a file "
                                        "nor a TOML `KEY = VALUE` pair (Invalid value (at line 1, "
                                        "column 19)): a string is quoted, "
                                        "`'require-timeout = \"all\"'`"),
            (["other.toml", "wf-lsp.toml"], "--config names one config file, got 2: "
                                            "'other.toml', 'wf-lsp.toml'")):
        done = run_cli("lint", *(f"--config={arg}" for arg in args), "w.yaml", cwd=tmp_path)
        assert (done.stdout, done.stderr, done.returncode) == (
            "", f"wf-lsp: error: {error}\n", 2)


def test_show_settings_says_what_a_file_is_linted_with_and_from_where(tmp_path):
    """ruff's `--show-settings` was "unrecognized arguments": nothing said why a rule ran."""
    files(tmp_path, {"legacy/w.yaml": MANY, "wf-lsp.toml":
                     'ignore = ["WF1"]\nmax-job-timeout = "6h"\nexclude = ["gen/"]\n'
                     'per-file-ignores = { "legacy/*.yaml" = ["WF203"] }\n'})
    done = run_cli("lint", "--show-settings", "legacy/w.yaml", "--select", "WF2,WF3",
                   "--config", "workflows-complete = true", cwd=tmp_path)
    assert (done.stderr, done.returncode) == ("", 0)
    assert done.stdout == (
        "Settings for: legacy/w.yaml\n"
        "Config file: wf-lsp.toml\n"
        "--config: workflows-complete = true\n"
        "Command line: --select WF2,WF3\n"
        "per-file-ignores: 'legacy/*.yaml' ignores WF203 here\n"
        f"Rules run (6 of {len(RULES)}):\n"  # the others: another rule may come
        "  WF201  step-timeout-exceeds-job         warning\n"
        "  WF202  step-timeouts-exceed-job         warning\n"
        "  WF204  timeout-above-limit              warning\n"
        "  WF301  unknown-dependency               error\n"
        "  WF302  dependency-cycle                 error\n"
        "  WF303  duplicate-dependency             warning\n"
        'require-timeout = "jobs"\n'
        'max-job-timeout = "6h"\n'
        "max-step-timeout = (none)\n"
        "include = []\n"
        'exclude = ["gen/"]\n'
        "workflows-complete = true\n"
        "workspace-id = (none)\n")
    done = run_cli("lint", "--show-settings", "gen/x.yaml", cwd=tmp_path)
    assert "\nExcluded by `exclude`: not linted\n" in done.stdout
    done = run_cli("lint", "--show-settings", cwd=tmp_path / "legacy")
    assert done.stdout.startswith(f"Settings for: .\nConfig file: {tmp_path / 'wf-lsp.toml'}\n")


# --- parallel ----------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
def test_jobs_above_the_cpus_it_may_run_on_are_capped_and_verbose_says_so(tmp_path):
    """`--jobs 80` on 2 CPUs started 80 workers taking turns (10x slower): capped at the
    CPUs the process may use, as the default is."""
    for n in range(12):
        (tmp_path / f"w{n:02d}.yaml").write_text(JOB.format(f"{n + 1}m"), encoding="utf-8")
    cpu = min(os.sched_getaffinity(0))

    def lint(*args):
        return subprocess.run([sys.executable, "-m", "wf_lsp", "lint", *args, "."],
                              cwd=tmp_path, env=cli_env(), capture_output=True, text=True,
                              encoding="utf-8", timeout=120,
                              preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))

    many, one = lint("--verbose", "--jobs", "80"), lint("--jobs", "1")
    assert many.stderr == ("wf-lsp: --jobs 80 is more than the 1 CPU this process may run "
                           "on: 1 used\n")
    assert (many.stdout, many.returncode) == (one.stdout, one.returncode)
    assert "in 12 workflow files" in one.stdout
    assert lint("--jobs", "80").stderr == ""  # said only under `--verbose`


def test_jobs_2_gives_the_same_output_as_jobs_1(tmp_path):
    texts = [BAD, NO_TIMEOUT, HINT, CLEAN, COMPOSE, MANY, "id: [\n", JOB.format("1d")]
    for n in range(40):
        (tmp_path / f"w{n:02d}.yaml").write_text(texts[n % len(texts)], encoding="utf-8")
    serial = run_cli("lint", "--jobs", "1", "--verbose", cwd=tmp_path)
    parallel = run_cli("lint", "--jobs", "2", "--verbose", cwd=tmp_path)
    assert (parallel.stdout, parallel.stderr, parallel.returncode) == (
        serial.stdout, serial.stderr, serial.returncode)
    assert serial.stdout.count("\n") > 40 and "in 30 workflow files" in serial.stdout
    assert (run_cli("lint", "--jobs", "2", "--format", "json", cwd=tmp_path).stdout
            == run_cli("lint", "--jobs", "1", "--format", "json", cwd=tmp_path).stdout)


def test_jobs_2_fixes_the_files_as_jobs_1(tmp_path):
    """In worker processes `--fix` writes the same files and says the same as in one."""
    texts = [BAD, NO_TIMEOUT, HINT, CLEAN, MANY, JOB.format("1d"), JOB.format("90")]
    runs = {}
    for jobs in ("1", "2"):
        folder = tmp_path / jobs
        folder.mkdir()
        for n in range(30):
            (folder / f"w{n:02d}.yaml").write_text(texts[n % len(texts)], encoding="utf-8")
        done = run_cli("lint", "--fix", "--jobs", jobs, cwd=folder)
        runs[jobs] = (done.stdout, done.stderr, done.returncode,
                      {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()})
    assert runs["1"] == runs["2"]
    assert runs["1"][3] != {f"w{n:02d}.yaml": texts[n % len(texts)] for n in range(30)}


def test_jobs_below_1_are_refused(tmp_path):
    files(tmp_path, {"w.yaml": BAD})
    for value in ("0", "-3"):
        done = run_cli("lint", "--jobs", value, "w.yaml", cwd=tmp_path)
        assert (done.stdout, done.returncode) == ("", 2), value
        assert done.stderr.endswith("wf-lsp lint: error: argument --jobs/-j: must be at least 1\n")
    done = run_cli("lint", "-j", "two", "w.yaml", cwd=tmp_path)
    assert done.stderr.endswith("error: argument --jobs/-j: invalid int value: 'two'\n")
    assert run_cli("lint", "-j", "1", "w.yaml", cwd=tmp_path).returncode == 1


def test_jobs_start_no_more_workers_than_files(tmp_path):
    """`--jobs 500` on 20 files forked 500 workers (the pool starts them all at once), most
    of them idle, each a copy of the workspace: a worker per file at most."""
    files(tmp_path, {f"w{n:02d}.yaml": CLEAN for n in range(20)})
    run = subprocess.Popen([sys.executable, "-m", "wf_lsp", "lint", "--jobs", "500", "."],
                           cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    most = 0
    while run.poll() is None:
        most = max(most, len(_children(run.pid)))
    said, _ = run.communicate()
    assert (said, run.returncode) == (b"All checks passed (20 workflow files).\n", 0)
    assert most <= 20


def _children(pid: int) -> dict[int, bytes]:
    """The processes whose parent is `pid`, with their command lines (from /proc)."""
    found = {}
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            if parent == pid:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    found[int(entry)] = cmdline.read()
        except (OSError, ValueError):
            continue  # not a process, or one that ended meanwhile
    return found


def _still_running(pid: int, cmdline: bytes) -> bool:
    """Whether `pid` is still the process it was (a zombie has no command line)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as current:
            return current.read() == cmdline
    except OSError:
        return False


def _started_as_a_terminal_does(command: list[str], **options) -> subprocess.Popen:
    """`command` with SIGINT at its default, as a terminal's foreground job has it. A shell
    script's background job (`pytest ... &`) ignores SIGINT and what it starts inherits that,
    Python too: the lint never heard the test's Ctrl-C and ran to its end (exit 1)."""
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:  # a handler of this process's is the default again in the child (exec)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(command, **options)
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="finds the workers in /proc")
def test_ctrl_c_stops_a_parallel_lint_at_once(tmp_path):
    """Ctrl-C (SIGINT to the process group, as a terminal sends it) while the workers index
    the workspace, then while they lint, then while they fix: exit 130 at once, nothing
    said, no worker left, no temporary file. Before, one run in four hung for good (the
    workers, interrupted too, left the pool's queues locked), others printed tracebacks."""
    # Two workers a pool: `--jobs` is capped at the CPUs the lint may use (two here).
    assert len(os.sched_getaffinity(0)) >= 2, "a parallel lint needs two CPUs to start workers"
    subprocess.run([sys.executable, str(Path(__file__).parents[2] / "benchmarks" / "generate.py"),
                    "--tree", str(tmp_path), "--workflows", "1500", "--others", "300"],
                   check=True, capture_output=True)
    for phase, extra, piped in (("index", (), False), ("lint", (), False),
                                ("lint", ("--fix",), False), ("lint", (), True)):
        out = tmp_path / "out.txt"  # not a pipe: a run that went on would block on it ...
        with open(out, "w+", encoding="utf-8") as output:
            # ... but as `wf-lsp lint | less` has it, read after the Ctrl-C (a stopped
            # worker's half-sent result then left the pool's thread waiting for good)
            # Started as from a script's `pytest ... &`, which ignores SIGINT (the helper).
            kept = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                run = _started_as_a_terminal_does(
                    [sys.executable, "-m", "wf_lsp", "lint", "-j", "2", *extra, "."],
                    cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE if piped else output,
                    stderr=output, start_new_session=True)
            finally:
                signal.signal(signal.SIGINT, kept)
            try:
                workers: dict[int, bytes] = {}
                index_pool: set[int] = set()
                # Each pool forks its 2 workers at once, the workspace's index first.
                while True:
                    assert run.poll() is None, f"the lint ended before its {phase} pool started"
                    children = _children(run.pid)
                    workers.update(children)
                    if len(children) >= 2 and not index_pool:
                        index_pool = set(children)
                    if index_pool and (phase == "index" or len(set(children) - index_pool) >= 2):
                        break
                os.killpg(run.pid, signal.SIGINT)
                said, _ = run.communicate(timeout=20)
                assert not said, said
            finally:
                if run.poll() is None:
                    os.killpg(run.pid, signal.SIGKILL)
                    run.wait()
        assert (run.returncode, out.read_text(encoding="utf-8")) == (130, ""), (phase, extra)
        assert [pid for pid, cmdline in workers.items() if _still_running(pid, cmdline)] == []
        out.unlink()
    assert list(tmp_path.rglob(".wf-lsp-*")) == []


# --- wf-lsp duration ---------------------------------------------------------------------------

def test_duration_text():
    done = run_cli("duration", "1h30m", "90m", "1.5h", "5µs", "1h0m", "30m1h", "1 h", "abc", "--",
                   "-5m")
    assert done.stdout.splitlines() == [
        '"1h30m": 1h30m · 1 hour 30 minutes · 5,400 s',
        # What it means; no advice from WF111, which is off by default.
        '"90m": 1h30m · 1 hour 30 minutes · 5,400 s',
        '"1.5h": 1h30m · 1 hour 30 minutes · 5,400 s',
        '"5µs": 5us · 5 microseconds · 0.000005 s',
        '"1h0m": 1h · 1 hour · 3,600 s  (WF110: zero parts add nothing: write "1h0m" as "1h")',
        '"30m1h": WF103 units must go from larger to smaller: "30m1h" is 1h30m → 1h30m',
        '"1 h": WF102 whitespace is not allowed in a duration: write "1h" → 1h',
        '"abc": WF107 "abc" is not a valid duration: write numbers each followed by a unit '
        '(ns, us, ms, s, m, h), like "1h30m"',
        '"-5m": WF105 "-5m" is negative: a duration must be positive → 5m',
    ]
    assert done.returncode == 1
    assert run_cli("duration", "1h", "+5m", "1ms500us").returncode == 0  # hints are valid


def test_whitespace_in_a_duration_says_what_is_left_when_that_is_no_duration():
    # Each was told "whitespace is not allowed in a duration: remove it", which left no
    # duration either (nothing at all, for a value of a space).
    done = run_cli("duration", "a b", "1 x", " ", "😀 1h", "1 30m")
    assert done.stdout.splitlines() == [
        '"a b": WF102 whitespace is not allowed in a duration, and without it, "ab" is not a '
        'valid duration: write numbers each followed by a unit (ns, us, ms, s, m, h), like '
        '"1h30m"',
        '"1 x": WF102 whitespace is not allowed in a duration, and without it, unknown unit '
        '"x" in "1x": durations use ns, us, ms, s, m and h',
        '" ": WF102 a duration of whitespace alone is empty: write a number and a unit, like '
        '"30m"',
        '"😀 1h": WF102 whitespace and "😀" (U+1F600 GRINNING FACE) are not allowed in a '
        'duration: remove them → 1h',
        # Without the space it is a duration, though maybe not the one meant: a guess.
        '"1 30m": WF102 whitespace is not allowed in a duration: remove it → 130m',
    ]


def test_duration_json_exactly_as_documented():
    done = run_cli("duration", "--json", "1h30m", "30m1h", "90m", "1 h", "0.0000000001s",
                   "3000000h", "--", "-5m")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert all(list(line) == ["input", "valid", "nanoseconds", "canonical", "code", "message"]
               for line in lines)
    assert [(d["input"], d["valid"], d["nanoseconds"], d["canonical"], d["code"]) for d in lines] == [
        ("1h30m", True, 5_400_000_000_000, "1h30m", None),
        ("30m1h", False, 5_400_000_000_000, None, "WF103"),  # Go accepts it; we do not
        ("90m", True, 5_400_000_000_000, "1h30m", "WF111"),  # a hint: still valid
        ("1 h", False, None, None, "WF102"),  # Go rejects it: null
        ("0.0000000001s", False, 0, None, "WF104"),  # Go truncates to zero
        ("3000000h", False, None, None, "WF109"),
        ("-5m", False, -300_000_000_000, None, "WF105"),
    ]
    assert lines[0]["message"] is None
    assert lines[1]["message"] == 'units must go from larger to smaller: "30m1h" is 1h30m'
    assert done.returncode == 1


def test_duration_stdin_keeps_spaces_and_removes_only_line_ends():
    done = run_cli("duration", "--json", "--stdin", input=b" 5m \r\n1h\n\t2h\x0c\n\n30m")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(d["input"], d["code"]) for d in lines] == [
        (" 5m ", "WF102"), ("1h", None), ("\t2h\x0c", "WF102"), ("", "WF107"), ("30m", None)]


def test_duration_quotes_a_huge_value_by_its_start():
    # Before, a 5,000-digit value was printed twice whole: a screen for one line. The JSON
    # output keeps the input exactly.
    huge = "9" * 5000 + "s"
    done = run_cli("duration", huge, "0" * 5000 + "1h")
    assert done.stdout.splitlines() == [
        '"' + "9" * 36 + '...": WF109 "' + "9" * 36 + '..." is too large: Go\'s durations end '
        "at about 292 years (2562047h47m16.854775807s)",
        '"' + "0" * 36 + '...": 1h · 1 hour · 3,600 s']
    assert json.loads(run_cli("duration", "--json", huge).stdout)["input"] == huge


def test_duration_needs_a_value():
    done = run_cli("duration")
    assert (done.stdout, done.stderr, done.returncode) == (
        "", "wf-lsp: error: give one or more values, or --stdin\n", 2)
    # Not "give ... --stdin" when --stdin was given; a blank line is a value, the empty one.
    done = run_cli("duration", "--stdin", input="")
    assert (done.stdout, done.stderr, done.returncode) == (
        "", "wf-lsp: error: standard input held no values (one per line)\n", 2)
    assert run_cli("duration", "--stdin", input="\n").stdout.startswith('"": WF107 ')
    assert run_cli("duration", "--stdin", "1h", input="").stdout.startswith('"1h": 1h ')


def test_a_negative_duration_is_a_value_not_an_option():
    done = run_cli("duration", "-5m")
    assert (done.stdout, done.stderr, done.returncode) == (
        '"-5m": WF105 "-5m" is negative: a duration must be positive → 5m\n', "", 1)
    done = run_cli("duration", "1h", "-.5h", "--json", "-1h30m", "2h", "--", "-3s")
    assert [json.loads(line)["input"] for line in done.stdout.splitlines()] == [
        "1h", "-.5h", "-1h30m", "2h", "-3s"]


def test_another_dash_value_is_told_to_follow_the_double_dash():
    done = run_cli("duration", "-x")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.endswith("wf-lsp duration: error: unrecognized arguments: -x (a value that starts "
                                "with - goes after --: wf-lsp duration -- -x)\n")
    assert run_cli("duration", "--", "-x").stdout.startswith('"-x": WF107 ')
    done = run_cli("duration", "--jsn", "1h")  # a mistyped option is not a value
    assert done.stderr.endswith("error: unrecognized arguments: --jsn (did you mean `--json`?)\n")


def test_an_unknown_option_is_said_with_the_commands_usage_and_the_option_meant(tmp_path):
    """`wf-lsp lint --formt json` printed the top level's usage (`wf-lsp [-h] [--version]
    COMMAND ...`), which lists none of lint's options, and no guess; as ruff (clap) does,
    the command's usage and the option meant are said."""
    files(tmp_path, {"w.yaml": BAD})
    for args, error in (
            (("lint", "--formt", "json"), "wf-lsp lint: error: unrecognized arguments: --formt "
             "(did you mean `--format`?)"),
            (("--unsafe_fixes", "--fix"), "wf-lsp lint: error: unrecognized arguments: "
             "--unsafe_fixes (did you mean `--unsafe-fixes`?)"),
            (("lint", "--statistcs=1"), "wf-lsp lint: error: unrecognized arguments: "
             "--statistcs=1 (did you mean `--statistics`?)"),
            (("rules", "--formt", "json"), "wf-lsp rules: error: unrecognized arguments: "
             "--formt json (did you mean `--format`?)"),
            (("lint", "--add-noqa"), "wf-lsp lint: error: unrecognized arguments: --add-noqa")):
        done = run_cli(*args, cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, ""), args
        usage, _, last = done.stderr.rstrip("\n").rpartition("\n")
        assert last == error
        assert usage.startswith(f"usage: wf-lsp {'lint' if args[0] != 'rules' else 'rules'} [-h]")
    assert (tmp_path / "w.yaml").read_text() == BAD  # nothing was fixed


def test_an_empty_select_is_a_usage_error_not_a_pass(tmp_path):
    """`--select "$CODES"` with CODES unset selected no rule and said "All checks passed"."""
    files(tmp_path, {"w.yaml": BAD})
    for value in ("", " , "):
        done = run_cli("lint", "--select", value, "w.yaml", cwd=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (
            2, "", f"wf-lsp: error: --select {value!r} names no rule: give codes, prefixes or "
            "rule names (ALL: every rule)\n")


def test_exit_zero_exits_0_on_findings_and_2_on_errors(tmp_path):
    """ruff's `--exit-zero` (CI that reports without failing) was a usage error; it exits 0
    whatever the findings, --diff's and --exit-non-zero-on-fix's too, and still 2 when a
    file could not be checked."""
    files(tmp_path, {"w.yaml": BAD})
    done = run_cli("lint", "--exit-zero", "--format", "concise", "w.yaml", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("w.yaml:4:14: WF103 ")
    assert run_cli("lint", "-e", "--diff", "w.yaml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "w.yaml").read_text() == BAD
    assert run_cli("lint", "-e", "--fix", "--exit-non-zero-on-fix", "w.yaml",
                   cwd=tmp_path).returncode == 0
    assert (tmp_path / "w.yaml").read_text() == CLEAN
    assert run_cli("lint", "--exit-zero", "missing.yaml", cwd=tmp_path).returncode == 2


# --- wf-lsp rules, wf-lsp rule -----------------------------------------------------------------

def test_rules_lists_the_catalog():
    done = run_cli("rules")
    lines = done.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [[r.code, r.name] for r in RULES.values()]
    # The severities line up, after the longest name too (`character-compared-with-string`).
    assert len({line.index(f" {r.severity.label} ") for line, r in zip(lines, RULES.values())}) == 1
    assert lines[list(RULES).index("WF111")].endswith(
        "(off by default)  A valid duration is not in canonical form.")
    items = json.loads(run_cli("rules", "--format", "json").stdout)
    assert items[list(RULES).index("WF103")] == {
        "code": "WF103", "name": "duration-unit-order", "severity": "error", "default": True,
        "fix": True, "summary": "A duration's units are not ordered from larger to smaller."}


def test_rule_prints_its_documentation_with_a_bad_and_a_good_example():
    done = run_cli("rule", "WF103")
    assert done.returncode == 0
    assert done.stdout == rule_markdown(RULES["WF103"], heading="#")
    assert done.stdout.startswith("# WF103 duration-unit-order\n")
    assert '## Bad\n```yaml\n' in done.stdout and '## Good\n```yaml\n' in done.stdout
    assert 'timeout: "30m1h"' in done.stdout
    assert run_cli("rule", "wf103").stdout == done.stdout


def test_rule_takes_a_rule_name_too():
    done = run_cli("rule", "step-timeout-exceeds-job")
    assert done.returncode == 0
    assert done.stdout == rule_markdown(RULES["WF201"], heading="#")


def test_a_config_selects_ignores_and_sets_severity_by_rule_name(tmp_path):
    files(tmp_path, {"wf-lsp.toml": 'select = ["duration-unit-order", "missing-timeout"]\n'
                                    'ignore = ["WF203"]\n'
                                    '[severity]\nduration-unit-order = "warning"\n',
                     "w.yaml": MANY})
    assert [(i["code"], i["severity"]) for i in run_json(cwd=tmp_path)] == [("WF103", "warning")]


def test_an_unknown_rule_name_is_a_usage_error_with_a_guess(tmp_path):
    done = run_cli("lint", "--select", "duration-unit-ordr", cwd=tmp_path)
    assert done.stderr == ("wf-lsp: error: --select: 'duration-unit-ordr' matches "
                           "no rule code or name (did you mean `duration-unit-order`?)\n")
    assert (done.stdout, done.returncode) == ("", 2)


def test_a_bad_selector_is_said_by_the_option_typed_and_a_list_by_spaces_gets_commas(tmp_path):
    """"command line: select: 'WF1O3' ..." named no option the user typed; `--select "WF1
    WF3"` (codes apart as a shell lists them) said "see `wf-lsp rules`", which lists both."""
    done = run_cli("lint", "--select", "WF1O3", "--ignore", "wf2 duration-zero",
                   "--extend-select", "WF111,E501", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("", 2)
    assert done.stderr == (
        "wf-lsp: error: --select: 'WF1O3' matches no rule code or name (see `wf-lsp rules`)\n"
        "wf-lsp: error: --extend-select: 'E501' matches no rule code or name "
        "(see `wf-lsp rules`)\n"
        "wf-lsp: error: --ignore: 'wf2 duration-zero' matches no rule code or name "
        "(separate them with commas: `wf2,duration-zero`)\n")
    # The same words in a config file: its key, and the same hint.
    files(tmp_path, {"wf-lsp.toml": 'select = ["WF1 WF3"]\n', "w.yaml": BAD})
    done = run_cli("lint", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("", 2)
    assert done.stderr == ("wf-lsp: error: wf-lsp.toml:1: select: 'WF1 WF3' matches no rule "
                           "code or name (separate them with commas: `WF1,WF3`)\n")


def test_an_unknown_rule_exits_2():
    done = run_cli("rule", "WF999")
    assert (done.stdout, done.returncode) == ("", 2)
    assert done.stderr == "wf-lsp: error: unknown rule 'WF999' (see `wf-lsp rules`)\n"


def test_a_misspelt_rule_name_gets_a_guess_as_in_the_configuration():
    done = run_cli("rule", "duration_unit_ordr")
    assert (done.stdout, done.returncode) == ("", 2)
    assert done.stderr == ("wf-lsp: error: unknown rule 'duration_unit_ordr' "
                           "(did you mean `duration-unit-order`?)\n")


def test_rule_given_a_prefix_or_all_says_it_names_several():
    """`wf-lsp rule WF1` and `wf-lsp rule ALL` (as `--select` takes them) were "unknown rule
    'WF1' (see `wf-lsp rules`)", as if no rule began so."""
    for word, said in (
            ("WF1", "'WF1' names 11 rules, WF101 to WF111: give one (`wf-lsp rule WF101`), or "
                    "`wf-lsp rules` lists them"),
            ("wf60", "'wf60' names 6 rules, WF601 to WF606: give one (`wf-lsp rule WF601`), "
                     "or `wf-lsp rules` lists them"),
            ("all", "'all' names every rule: give one (`wf-lsp rule WF103`), or "
                    "`wf-lsp rules --format markdown` prints every rule's page"),
            ("WF9", "unknown rule 'WF9' (see `wf-lsp rules`)")):
        done = run_cli("rule", word)
        assert (done.stdout, done.stderr, done.returncode) == (
            "", f"wf-lsp: error: {said}\n", 2), word
    assert run_cli("rule", "wf101").stdout.startswith("# WF101 duration-missing-unit\n")


def test_a_code_without_its_wf_gets_it_as_a_guess(tmp_path):
    """`wf-lsp rule 103` and `--select 103` said "see `wf-lsp rules`", which lists `WF103`;
    `wf-lsp rules WF103` was "unrecognized arguments" alone."""
    done = run_cli("rule", "103")
    assert (done.stdout, done.stderr, done.returncode) == (
        "", "wf-lsp: error: unknown rule '103' (did you mean `WF103`?)\n", 2)
    for option, word, code in (("--select", "103", "WF103"), ("--ignore", "1", "WF1"),
                               ("--extend-select", " 203", "WF203")):
        done = run_cli("lint", option, word, cwd=tmp_path)
        assert (done.stderr, done.returncode) == (
            f"wf-lsp: error: {option}: {word.strip()!r} matches no rule code or "
            f"name (did you mean `{code}`?)\n", 2)
    assert run_cli("rule", "1").stderr == "wf-lsp: error: unknown rule '1' (see `wf-lsp rules`)\n"
    done = run_cli("rules", "WF103")
    assert done.returncode == 2
    assert done.stderr.endswith("wf-lsp rules: error: unrecognized arguments: WF103 (`rules` lists "
                                "every rule and takes no argument: did you mean "
                                "`wf-lsp rule WF103`?)\n")
    assert run_cli("rules", "WF1").stderr.endswith(
        "unrecognized arguments: WF1 (`rules` lists every rule and takes no argument: "
        "`wf-lsp rule CODE` shows one)\n")


def _lint_with_stderr_on_a_terminal(folder: Path, *args: str) -> tuple[int, str, str]:
    """`wf-lsp lint` with stderr on a pseudo-terminal (stdout a pipe): (exit, stdout, stderr)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    # A terminal 100 columns wide, as a real one has a size (tqdm draws nothing in 0 columns).
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "wf_lsp", "lint", *args, str(folder)],
                            stdout=subprocess.PIPE, stderr=slave, env=cli_env(), cwd=folder)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout = proc.stdout.read().decode("utf-8")
    proc.wait(timeout=120)
    os.close(master)
    return proc.returncode, stdout, b"".join(chunks).decode("utf-8", "replace")


def test_a_progress_bar_on_a_terminal_over_many_files_and_never_otherwise(tmp_path):
    for index in range(60):
        (tmp_path / f"flow{index:02}.yaml").write_text(JOB.format("30m1h"), encoding="utf-8")
    code, stdout, stderr = _lint_with_stderr_on_a_terminal(tmp_path)
    assert code == 1 and stdout.count("WF103") == 60
    assert "/60 [" in stderr and "file/s" in stderr  # tqdm's bar, counting files
    # --quiet, or stderr not a terminal: no bar, and the findings are the same.
    code, quiet_out, quiet_err = _lint_with_stderr_on_a_terminal(tmp_path, "--quiet")
    assert code == 1 and "/60 [" not in quiet_err and quiet_out.count("WF103") == 60
    piped = run_cli("lint", str(tmp_path))
    assert piped.returncode == 1 and piped.stderr == ""


def test_every_command_and_argument_says_what_it_is_in_its_help():
    """`wf-lsp COMMAND --help` describes the command and each argument (`wf-lsp rules
    --help` was a bare usage line, `--format` and `serve --log-level` had no word)."""
    import argparse

    from wf_lsp.cli import _parser

    [commands] = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == {"lint", "duration", "rules", "rule", "graph", "serve"}
    silent = [f"{name} {action.dest}" for name, command in commands.choices.items()
              for action in command._actions if not action.help]
    silent += [name for name, command in commands.choices.items() if not command.description]
    assert silent == []


def test_output_format_is_ruffs_name_for_format(tmp_path):
    """`wf-lsp lint --output-format json`, as ruff spells it, was a usage error
    ("unrecognized arguments"); it is `--format`, named once in the help with its choices."""
    files(tmp_path, {"w.yaml": BAD})
    for args in (("--output-format", "json"), ("--output-format=json",)):
        done = run_cli("lint", *args, "w.yaml", cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert [i["code"] for i in json.loads(done.stdout)] == ["WF103"]
    bad = run_cli("lint", "--output-format", "xml", "w.yaml", cwd=tmp_path)
    assert bad.returncode == 2 and "invalid choice: 'xml'" in bad.stderr
    help_text = run_cli("lint", "--help", env=cli_env(COLUMNS="200")).stdout
    assert help_text.count("--output-format") == 1
    assert "  --format, --output-format {full,concise,json,github,sarif,gitlab}" in help_text


def test_a_run_that_lints_nothing_says_how_much_it_passed_over(tmp_path):
    """"All checks passed (0 workflow files)" for a folder whose workflows sit in a hidden
    folder, or do not look like workflows, left the user wondering what was checked."""
    (tmp_path / ".h2o").mkdir()
    (tmp_path / ".h2o" / "flow.yaml").write_text(JOB.format("1h"))
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    done = run_cli("lint", cwd=tmp_path)
    assert (done.stdout, done.returncode) == (
        "All checks passed (0 workflow files; 2 passed over: `--verbose` says why).\n", 0)
    done = run_cli("lint", "--verbose", cwd=tmp_path)
    assert done.stdout == "All checks passed (0 workflow files).\n"
    assert done.stderr.count("wf-lsp: skipped ") == 2
    (tmp_path / "flow.yaml").write_text(JOB.format("1h"))  # one linted: no count needed
    assert run_cli("lint", cwd=tmp_path).stdout == "All checks passed (1 workflow file).\n"


def test_a_folder_with_no_workflow_is_warned_about_and_the_exit_stays_0(tmp_path):
    """A CI job pointed at the wrong folder went green: "All checks passed (0 workflow
    files)", and with -q nothing at all. As ruff's "No Python files found", a warning on
    stderr, exit 0; not for files named (pre-commit names them), nor standard input."""
    (tmp_path / "empty").mkdir()
    files(tmp_path, {"other/compose.yaml": COMPOSE, "flows/w.yaml": CLEAN})
    for args in ((), ("-q",), ("--format", "json")):
        done = run_cli("lint", *args, "empty", cwd=tmp_path)
        assert (done.stderr, done.returncode) == (
            "wf-lsp: warning: no workflow files found under empty\n", 0), args
    done = run_cli("lint", "-q", "empty", "other", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "", "wf-lsp: warning: no workflow files found under empty, other (1 passed over: "
        "`--verbose` says why)\n", 0)
    done = run_cli("lint", "--verbose", "other", cwd=tmp_path)
    assert done.stderr.splitlines()[-1] == "wf-lsp: warning: no workflow files found under other"
    for args in (("-s", "empty"), ("empty", "flows"), ("other/compose.yaml",), ("-",)):
        done = run_cli("lint", *args, input=COMPOSE, cwd=tmp_path)
        assert (done.stderr, done.returncode) == ("", 0), args


def test_under_pre_commit_a_clean_run_prints_nothing(tmp_path):
    """pre-commit (PRE_COMMIT=1) shows the outputs of its parallel batches together: a
    clean batch's "All checks passed (0 workflow files; ...)" contradicted another's
    findings. What is wrong is still said."""
    files(tmp_path, {"w.yaml": CLEAN, "compose.yaml": COMPOSE})
    done = run_cli("lint", "w.yaml", "compose.yaml", cwd=tmp_path, env=cli_env(PRE_COMMIT="1"))
    assert (done.stdout, done.stderr, done.returncode) == ("", "", 0)
    (tmp_path / "latin1.yaml").write_bytes(b"id: x\njobs:\n  a:\n    name: caf\xe9\n")
    done = run_cli("lint", "w.yaml", "latin1.yaml", cwd=tmp_path, env=cli_env(PRE_COMMIT="1"))
    assert (done.stdout, done.returncode) == (
        "No problems found (1 workflow file; 1 file could not be checked).\n", 2)


def test_an_empty_path_is_a_usage_error(tmp_path):
    """`wf-lsp lint "$UNSET"` said "error: : no such file or folder", then a summary."""
    done = run_cli("lint", "", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "", 'wf-lsp: error: an empty path ("") names no file or folder\n', 2)
