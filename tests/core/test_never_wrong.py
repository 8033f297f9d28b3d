"""Issue 11's reproductions, through the real command line: hostile or unusual input
neither crashes the linter nor makes it call valid YAML invalid (or the reverse), and a
fix changes only what was flagged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wf_lsp.output import FORMATS

from .helpers import JOB, cli_env, run_cli, run_json


def _merge_chain(depth: int) -> str:
    """`m1: &m1 {k1: v}`, `m2: &m2 {<<: *m1, k2: v}`, ... and a job that merges the last."""
    chain = "".join(f"  m{n}: &m{n} {{<<: *m{n - 1}, k{n}: v}}\n" for n in range(2, depth + 1))
    return (f"id: deep-merge\nx:\n  m1: &m1 {{k1: v}}\n{chain}"
            f"jobs:\n  a:\n    <<: *m{depth}\n    timeout: 1h\n    steps: [{{run: x}}]\n")


def test_a_merge_chain_thousands_deep_is_read_without_recursion():
    depth = 3_000
    findings = run_json("-", input=_merge_chain(depth))
    # Every key the chain brings into the job is unknown to a job, each said once.
    unknown = sorted(f["message"].split("`")[1] for f in findings if f["code"] == "WF003")
    assert unknown == sorted(["x"] + [f"k{n}" for n in range(1, depth + 1)])


def test_a_mappings_own_keys_win_over_the_merged_ones():
    text = ("id: w\nx:\n  base: &base {timeout: 5m}\n  mid: &mid {<<: *base, timeout: 1h}\n"
            "jobs:\n  a:\n    <<: *mid\n    steps: [{run: x, timeout: 30m}]\n")
    # The job's timeout is 1h (mid's own), not 5m (what mid merges): the step fits.
    done = run_cli("lint", "--select", "WF201", "-", input=text)
    assert done.returncode == 0, done.stdout + done.stderr


# --- any file name, any failure: valid output, exit 2, the other files still reported -------

BAD_NAME = os.fsdecode(b"bad\xff.yaml")  # not UTF-8: Python holds the byte as U+DCFF


def _two_files(folder: Path) -> Path:
    text = JOB.format("5")  # WF101 at 4:14
    try:
        (folder / BAD_NAME).write_text(text, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system only takes UTF-8 names")
    (folder / "good.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_a_name_that_is_not_utf8(tmp_path, fmt):
    folder = _two_files(tmp_path)
    done = run_cli("lint", "--format", fmt, str(folder), input=b"")
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode("utf-8")  # strict: the output is valid UTF-8
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    shown = "bad%FF.yaml" if fmt == "sarif" else "bad\ufffd.yaml"
    assert shown in out and "good.yaml" in out


TRICK_NAME = "a\nfake.yaml:1:1: WF999 boom\x1b[31m.yaml"


@pytest.mark.parametrize("fmt", ["full", "concise", "json"])
def test_a_name_with_control_characters_is_quoted_in_text_and_exact_in_json(tmp_path, fmt):
    # POSIX file systems take any byte but `/` and NUL in a name: no skip to hide behind.
    (tmp_path / TRICK_NAME).write_text(JOB.format("5"), encoding="utf-8")
    done = run_cli("lint", "--format", fmt, TRICK_NAME, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    if fmt == "json":
        assert [f["path"] for f in json.loads(done.stdout)] == [TRICK_NAME]
        return
    # Quoted as git quotes it: no line that looks like a finding, no ESC for the terminal.
    assert '"a\\nfake.yaml:1:1: WF999 boom\\x1b[31m.yaml":4:14: WF101' in done.stdout
    assert "\x1b" not in done.stdout and not done.stdout.startswith("a\n")
    # Said so on stderr too (a workflow: another tool's file not in UTF-8 is passed over).
    (tmp_path / TRICK_NAME).write_bytes(b"id: caf\xe9\n")
    done = run_cli("lint", "--format", fmt, TRICK_NAME, cwd=tmp_path)
    assert done.stderr.startswith('wf-lsp: error: "a\\nfake.yaml:1:1: WF999 boom\\x1b[31m.yaml": '
                                  "not UTF-8"), done.stderr


def test_a_diff_header_quotes_a_c1_control_as_git_does_and_git_applies_it(tmp_path):
    # U+009B is CSI to a terminal that takes 8-bit controls: it was printed raw in the
    # `---` and `+++` lines, while the finding's line quoted the name.
    name = "c1\x9b31m.yaml"
    (tmp_path / name).write_text(JOB.format("1h 30m"), encoding="utf-8")
    done = run_cli("lint", "--diff", name, cwd=tmp_path)
    assert done.stdout.startswith('--- "a/c1\\302\\23331m.yaml"\n+++ "b/c1\\302\\23331m.yaml"\n')
    assert "\x9b" not in done.stdout
    applied = subprocess.run(["git", "apply", "-"], input=done.stdout, cwd=tmp_path,
                             capture_output=True, text=True, encoding="utf-8")
    assert (applied.returncode, applied.stderr) == (0, "")
    assert "timeout: 1h30m" in (tmp_path / name).read_text(encoding="utf-8")


def test_a_config_key_with_control_characters_is_quoted_in_its_error(tmp_path):
    # The key was printed raw: its newline split the error in two lines ("wf-lsp: error: :
    # unknown key"), its ESC went to the terminal.
    (tmp_path / "wf-lsp.toml").write_text('"sel\\u001bect\\n" = ["WF1"]\n', encoding="utf-8")
    (tmp_path / "w.yaml").write_text(JOB.format("1h"), encoding="utf-8")
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert (done.stderr, done.returncode) == (
        'wf-lsp: error: wf-lsp.toml: "sel\\x1bect\\n": unknown key (did you '
        "mean `select`?)\n", 2)


def test_an_internal_error_is_one_line_exit_2_and_the_other_files_are_reported(tmp_path):
    folder = _two_files(tmp_path)
    (folder / "crash.yaml").write_text(JOB.format("1h"), encoding="utf-8")
    # A failure of wf-lsp itself on one file, whatever its cause: here made on purpose.
    script = (
        "import sys\n"
        "import wf_lsp.commands.lint as lint\n"
        "real = lint.analyze\n"
        "def analyze(text, path=None, **options):\n"
        "    if path.endswith('crash.yaml'):\n"
        "        raise RecursionError('maximum recursion depth exceeded')\n"
        "    return real(text, path=path, **options)\n"
        "lint.analyze = analyze\n"
        "from wf_lsp.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, "lint", "--format", "concise",
                           str(folder)], capture_output=True, env=cli_env(), timeout=60)
    assert done.returncode == 2
    errors = done.stderr.decode("utf-8").splitlines()
    assert errors == [f"wf-lsp: error: {folder / 'crash.yaml'}: internal error (RecursionError: "
                      "maximum recursion depth exceeded); please report it with the file"]
    out = done.stdout.decode("utf-8")
    assert "bad\ufffd.yaml:4:14: WF101" in out and "good.yaml:4:14: WF101" in out
    # Told apart from a file's fault in JSON and the statistics: a bug, not io-error.
    done = subprocess.run([sys.executable, "-c", script, "lint", "--format", "json",
                           str(folder)], capture_output=True, env=cli_env(), timeout=60)
    (crash,) = [f for f in json.loads(done.stdout) if f["code"] == "wf-lsp"]
    assert (crash["rule"], crash["message"]) == ("internal-error", errors[0].split(": ", 3)[3])
    done = subprocess.run([sys.executable, "-c", script, "lint", "--statistics", str(folder)],
                          capture_output=True, env=cli_env(), timeout=60)
    assert done.stdout.decode().splitlines()[-1] == "1\twf-lsp\t    internal-error"


# --- fixes touch only what was flagged -------------------------------------------------------

def _fixed(tmp_path, text: str, *options: str) -> tuple[str, subprocess.CompletedProcess]:
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    done = run_cli("lint", "--fix", *options, str(path))
    assert done.returncode in (0, 1), done.stderr
    return path.read_text(encoding="utf-8"), done


def test_an_unsafe_guess_that_makes_a_step_too_long_is_taken_back(tmp_path):
    text = "id: w\njobs:\n  a:\n    timeout: -1h\n    steps:\n      - run: x\n        timeout: 90m\n"
    fixed, done = _fixed(tmp_path, text, "--unsafe-fixes")
    # The guess 1h for -1h would make 90m too long (WF201): the value is left to the user.
    assert fixed == text
    assert done.returncode == 1 and "WF105" in done.stdout and "WF201" not in done.stdout


TWO_STEPS = ("id: w\njobs:\n  a:\n    timeout: {job}\n    steps:\n      - run: x\n"
             "        timeout: 30s\n      - run: y\n        timeout: 2h45m30s\n")


@pytest.mark.parametrize("job", ["1.5h", "2h"])
def test_unsafe_fixes_of_one_jobs_timeouts_agree(tmp_path, job):
    # WF202 raises the job to the steps' sum, WF201 would lower the step to the job's old
    # timeout: one of them, and the lint after it, which finds nothing more to do.
    fixed, done = _fixed(tmp_path, TWO_STEPS.format(job=job), "--unsafe-fixes")
    assert fixed == TWO_STEPS.format(job="2h46m")
    assert done.returncode == 0, done.stdout


def test_an_added_timeout_fits_a_step_timeout_fixed_in_the_same_run(tmp_path):
    text = "id: w\njobs:\n  a:\n    steps:\n      - run: x\n        timeout: 30m1h\n"
    fixed, done = _fixed(tmp_path, text, "--unsafe-fixes")
    # The step's 1h30m is read before the job's timeout is guessed: not 1h (WF201).
    assert fixed == ('id: w\njobs:\n  a:\n    timeout: "1h30m"\n    steps:\n      - run: x\n'
                     "        timeout: 1h30m\n")
    assert done.returncode == 0, done.stdout


def test_added_timeouts_of_one_job_fit_together(tmp_path):
    (tmp_path / "wf-lsp.toml").write_text('require-timeout = "all"\n', encoding="utf-8")
    text = ("id: w\njobs:\n  a:\n    steps:\n      - run: x\n      - run: y\n"
            "      - run: z\n        timeout: 20m\n"
            "  b:\n    timeout: 45m\n    steps:\n      - run: x\n      - run: y\n")
    fixed, done = _fixed(tmp_path, text, "--unsafe-fixes")
    # a: 30m for each step without one, and the job their sum; b: its 45m shared, in
    # minutes. All in one pass: one check of a job made them together.
    assert fixed == ('id: w\njobs:\n  a:\n    timeout: "1h20m"\n    steps:\n'
                     '      - timeout: "30m"\n        run: x\n      - timeout: "30m"\n        run: y\n'
                     "      - run: z\n        timeout: 20m\n"
                     '  b:\n    timeout: 45m\n    steps:\n      - timeout: "22m"\n        run: x\n'
                     '      - timeout: "22m"\n        run: y\n')
    assert done.returncode == 0, done.stdout


def test_unsafe_fixes_of_a_timeout_merged_into_two_jobs_agree(tmp_path):
    text = ("id: w\nx:\n  base: &b {timeout: 1h}\njobs:\n  a:\n    <<: *b\n    steps:\n"
            "      - {run: x, timeout: 2h}\n      - {run: y, timeout: 30m}\n"
            "  b:\n    <<: *b\n    steps:\n      - {run: x, timeout: 3h}\n")
    fixed, done = _fixed(tmp_path, text, "--unsafe-fixes")
    # The shared 1h is raised to a's steps' sum (WF202): a's 2h step fits and stays, b's
    # 3h is lowered to what the job's limit now is, not to the 1h it was.
    assert fixed == text.replace("1h}", "2h30m}").replace("3h}", "2h30m}")
    assert "WF20" not in done.stdout


def test_a_job_of_many_steps_gets_every_timeout_at_once(tmp_path):
    (tmp_path / "wf-lsp.toml").write_text('require-timeout = "all"\n', encoding="utf-8")
    text = "id: w\njobs:\n  a:\n    steps:\n" + "".join(f"      - run: s{n}\n" for n in range(12))
    fixed, done = _fixed(tmp_path, text, "--unsafe-fixes")
    assert fixed.count('timeout: "30m"') == 12 and 'timeout: "6h"' in fixed
    assert done.returncode == 0, done.stdout


def test_a_value_is_made_readable_before_the_sum_that_could_not_count_it(tmp_path):
    text = ("id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n"
            "        timeout: 30\n      - run: y\n        timeout: 1h\n      - run: z\n"
            "        timeout: 24h\n")
    fixed, done = _fixed(tmp_path, text, "--unsafe-fixes")
    # WF101's error first (30 → 30m), then WF202 raises the job to the sum with it (as
    # examples/broken/timeouts.yaml has it).
    assert fixed == text.replace("1h\n    steps", "25h30m\n    steps").replace("30\n", "30m\n")
    assert done.returncode == 0, done.stdout


def test_a_job_whose_guesses_contradict_its_values_is_left_to_the_user(tmp_path):
    text = ("id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n"
            "        timeout: 30\n      - run: y\n        timeout: 2h\n")
    fixed, done = _fixed(tmp_path, text, "--unsafe-fixes")
    # Any unit for 30 makes the steps' sum more than 1h (WF202): not guessed, and then no
    # step lowered to a job's timeout beside a value still to be written.
    assert fixed == text
    assert [line.split()[1] for line in done.stdout.splitlines()[:2]] == ["WF101", "WF201"]


def test_a_timeout_lowered_to_the_maximum_below_its_steps_is_left_to_the_user(tmp_path):
    (tmp_path / "wf-lsp.toml").write_text('max-job-timeout = "2h"\n', encoding="utf-8")
    text = ("id: w\njobs:\n  a:\n    timeout: 3h\n    steps:\n      - run: x\n"
            "        timeout: 1h\n      - run: y\n        timeout: 1h30m\n")
    fixed, done = _fixed(tmp_path, text, "--unsafe-fixes")
    # 2h would be less than the steps' 2h30m (WF202): WF204 stays, for the steps to change.
    assert fixed == text
    assert "WF204" in done.stdout and "WF202" not in done.stdout


def test_a_fix_at_an_anchor_that_an_alias_uses_elsewhere_is_offered_not_applied(tmp_path):
    text = 'id: w\njobs:\n  a:\n    timeout: &x "1d"\n    steps:\n      - run: *x\n'
    fixed, done = _fixed(tmp_path, text)
    assert fixed == text and done.returncode == 1
    (finding,) = run_json(str(tmp_path / "w.yaml"))
    assert finding["code"] == "WF106" and finding["fix"]["safe"] is False
    assert finding["fix"]["title"].endswith("(an alias also uses this value as `run`)")
    assert finding["fix"]["edits"][0]["new_text"] == "24h"


def test_a_fix_at_an_anchor_that_aliases_use_for_the_same_key_stays_safe(tmp_path):
    text = ('id: w\njobs:\n  a:\n    timeout: &x "1d"\n    steps: [{run: x}]\n'
            "  b:\n    timeout: *x\n    steps: [{run: x}]\n")
    fixed, _ = _fixed(tmp_path, text)
    assert fixed == text.replace('"1d"', '"24h"')



def test_an_item_removed_beside_an_alias_leaves_the_anchors_list_alone(tmp_path):
    # The alias `*d` is its anchor's node, with the anchor's marks: the second `a` was
    # removed from line 9 through job a's list (`[&d b *d]`, a new WF301), by --fix. The
    # alias is placed where it is written: each list loses its own repeat.
    text = ("id: w\njobs:\n  a:\n    timeout: 1h\n    depends_on: [&d b, *d]\n"
            "    steps: [{run: a}]\n  b:\n    timeout: 1h\n    steps: [{run: b}]\n"
            "  c:\n    depends_on: [a, *d, a]\n    timeout: 1h\n    steps: [{run: c}]\n")
    fixed, done = _fixed(tmp_path, text)
    assert fixed == text.replace("[&d b, *d]", "[&d b]").replace("[a, *d, a]", "[a, *d]")
    assert done.returncode == 0 and run_json(str(tmp_path / "w.yaml")) == []


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_renamed_key_keeps_its_quotes(tmp_path, quote):
    text = ("id: w\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: x}]\n"
            f"  b:\n    {quote}depends-on{quote}: [a]\n    timeout: 1h\n    steps: [{{run: x}}]\n")
    fixed, done = _fixed(tmp_path, text)
    assert fixed == text.replace("depends-on", "depends_on") and done.returncode == 0


# --- explicit tags and complex keys ----------------------------------------------------------

def test_explicit_tags_that_change_a_values_type_are_checked_as_that_type():
    text = ("id: tags\njobs:\n"
            "  a:\n    timeout: !!int 1h\n    steps: [{run: x}]\n"
            "  b:\n    timeout: !!seq 1h\n    steps: [{run: x}]\n"
            "  c:\n    timeout: 1h\n    steps: !!str [{run: x}]\n"
            "  d:\n    timeout: !!str 1h\n    name: !!str 5\n    steps: [{run: x}]\n")
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in findings] == [
        ("WF005", 4, 14, "`!!int 1h`: the tag says a number, and `1h` is not one; the engine "
                         "cannot read it"),
        ("WF005", 7, 14, "`!!seq` on the single value `1h`: the tag says a list, and the "
                         "engine cannot read it as one"),
        ("WF005", 11, 12, "`!!str` on a list: the tag says a string, and the engine cannot "
                          "read a list as one"),
    ]


def test_a_tag_that_fits_is_no_finding_and_the_value_is_checked_as_tagged():
    text = "id: tags\njobs:\n  a:\n    timeout: !!int 5\n    steps: [{run: x}]\n"
    assert [f["code"] for f in run_json("-", input=text)] == ["WF101"]  # a number: no unit


def test_complex_keys_as_a_job_id_or_a_root_key_are_named():
    text = ("id: complex\njobs:\n  ? [a, b]\n  : timeout: 1h\n    steps: [{run: x}]\n"
            "  c:\n    timeout: 1h\n    steps: [{run: x}]\n? {d: e}\n: x\n")
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in findings] == [
        ("WF005", 3, 5, "a job id must be a name, not a list"),
        ("WF005", 9, 3, "a key of the workflow must be a name, not a mapping"),
    ]


def test_a_complex_key_is_named_once_whatever_its_value():
    # Not a job (a number) and not a string (a list), under `jobs` and `env`: the key is
    # the finding, once; no message quotes the parser's idea of it.
    text = ("id: complex\njobs:\n  ? {c: d}\n  : 1\n  a:\n    timeout: 1h\n"
            "    env:\n      ? [e, f]\n      : [1]\n    steps: [{run: x}]\n")
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in findings] == [
        ("WF005", 3, 5, "a job id must be a name, not a mapping"),
        ("WF005", 8, 9, "a key must be a name, not a list"),
    ]
