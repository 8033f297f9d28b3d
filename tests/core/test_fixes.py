"""The fix engine: `apply_fixes` unit cases, and fixes that converge on generated workflows.

The property, as ruff tests its fixes: applying the safe fixes pass after pass never
breaks the YAML, never creates a finding that was not there (a fix may only *reveal*
what its finding hid: a valid value can now be compared with its job's, a renamed key
is now checked), and ends in a stable file in fewer than MAX_PASSES passes. The same over
the golden corpus and the examples, as they are and with values and keys broken, with
`--unsafe-fixes` too: a second run changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.findings import Edit, Fix, Span
from wf_lsp.fixes import (MAX_PASSES, _overlaps, apply_fixes, fix_until_stable,
                           guess_until_stable, replace_value, tally_by_code)
from wf_lsp.linter import analyze, fix_all
from wf_lsp.parse import Source
from wf_lsp.rules import RULES

from .helpers import JOB, ROOT, lint, result

# --- apply_fixes ----------------------------------------------------------------------------


def edit(line, column, end_line, end_column, text) -> Edit:
    return Edit(Span.of(line, column, end_line, end_column), text)


def fix(*edits: Edit, title="fix") -> Fix:
    return Fix(title, tuple(edits), True)


SOURCE = Source("abcdef\nghijkl\n")


def test_disjoint_fixes_are_applied_together_from_the_end():
    text, count = apply_fixes(SOURCE, [fix(edit(0, 0, 0, 1, "A")), fix(edit(1, 5, 1, 6, "L!"))])
    assert (text, count) == ("Abcdef\nghijkL!\n", 2)


def test_touching_edits_do_not_overlap():
    text, count = apply_fixes(SOURCE, [fix(edit(0, 0, 0, 3, "X")), fix(edit(0, 3, 0, 6, "Y"))])
    assert (text, count) == ("XY\nghijkl\n", 2)


def test_an_overlapping_fix_waits_for_the_next_pass():
    first, second = fix(edit(0, 1, 0, 4, "1")), fix(edit(0, 3, 0, 5, "2"))
    assert apply_fixes(SOURCE, [first, second]) == ("a1ef\nghijkl\n", 1)
    assert apply_fixes(SOURCE, [second, first]) == ("abc2f\nghijkl\n", 1)


def test_a_fix_is_applied_entirely_or_not_at_all():
    taken = fix(edit(1, 0, 1, 2, "G"))
    # Its first edit is free, its second overlaps `taken`: neither may be applied.
    both = fix(edit(0, 0, 0, 1, "A"), edit(1, 1, 1, 3, "H"))
    assert apply_fixes(SOURCE, [taken, both]) == ("abcdef\nGijkl\n", 1)
    # Alone, both of its edits are.
    assert apply_fixes(SOURCE, [both]) == ("Abcdef\ngHjkl\n", 1)


def test_insertions_at_one_point_conflict_but_not_at_the_edge_of_a_replacement():
    one, two = fix(edit(0, 2, 0, 2, "1")), fix(edit(0, 2, 0, 2, "2"))
    assert apply_fixes(SOURCE, [one, two]) == ("ab1cdef\nghijkl\n", 1)
    inside = fix(edit(0, 3, 0, 3, "|"))
    assert apply_fixes(SOURCE, [fix(edit(0, 1, 0, 5, "-")), inside])[1] == 1
    after = fix(edit(0, 5, 0, 5, "|"))
    assert apply_fixes(SOURCE, [fix(edit(0, 1, 0, 5, "-")), after]) == ("a-|f\nghijkl\n", 2)


def test_edits_count_code_points_and_keep_crlf():
    source = Source("k: \"🚀\" 30m1h\r\nz: 1\r\n")
    text, _ = apply_fixes(source, [fix(edit(0, 7, 0, 12, "1h30m"))])
    assert text == "k: \"🚀\" 1h30m\r\nz: 1\r\n"


def test_an_edit_past_a_line_end_stops_at_the_line_end():
    text, _ = apply_fixes(SOURCE, [fix(edit(0, 4, 0, 99, "!"))])
    assert text == "abcd!\nghijkl\n"


def test_a_deletion_of_whole_lines():
    text, _ = apply_fixes(SOURCE, [fix(edit(0, 0, 1, 0, ""))])
    assert text == "ghijkl\n"


@pytest.mark.parametrize("written, style, old, new, expected", [
    ('"30m1h"', '"', "30m1h", "1h30m", '"1h30m"'),
    ("'30m1h'", "'", "30m1h", "1h30m", "'1h30m'"),
    ("30m1h", "", "30m1h", "1h30m", "1h30m"),
    ('"30m\\x31h"', '"', "30m1h", "1h30m", '"1h30m"'),  # an escape: the whole token is rewritten
])
def test_replace_value_keeps_the_quotes(written, style, old, new, expected):
    source = Source(f"t: {written}\n")
    span = Span.of(0, 3, 0, 3 + len(written))
    text, _ = apply_fixes(source, [fix(replace_value(source, span, style, old, new))])
    assert text == f"t: {expected}\n"


def test_fix_until_stable_runs_the_passes_an_overlap_needs():
    calls = []

    def fake_lint(text):
        # A real lint result shape: WF103 on the value until it is canonical.
        calls.append(text)
        return lint(text)

    text = JOB.format("30m1h")
    outcome = fix_until_stable(text, fake_lint)
    assert outcome.text == JOB.format("1h30m")
    assert (outcome.applied, outcome.findings) == (1, ())
    assert calls == [text, outcome.text]


def test_fix_until_stable_applies_only_what_is_chosen():
    text = JOB.format("-5m")  # WF105's fix is unsafe
    assert fix_until_stable(text, lint).text == text
    assert fix_until_stable(text, lint, lambda f: f.fix).text == JOB.format("5m")


# --- generated workflows ---------------------------------------------------------------------

JOB_IDS = ["prep", "train", "eval", "report"]
DEP_NAMES = JOB_IDS + ["prepp", "trian", "evl", "deploy", "Train"]
DURATIONS = ["2h", "45m", "10m", "3h", "1h30m", "20m", "1h", "4h", "30m", "2h10m", "30m1h", "1h1h", "1 h", "1h 30m", "30", "1h30",
             "1d", "5min", "2H", "100MS", "+5m", "1h0m", ".5h", "90m", "1μs", "-5m", "0", "",
             "abc", "1:30", "1e3s", "3000000h", "0.0000000001s", "true", "[1h]", "1h 0m"]
TIMEOUT_KEYS = ["timeout", "timeout", "timeout", "timout", "timeot", "Timeout"]


@st.composite
def value(draw, indent: str) -> str:
    text = draw(st.sampled_from(DURATIONS))
    if text in ("true", "[1h]"):
        return text
    quote = draw(st.sampled_from(["", "", '"', '"', "'", "|", "|-"]))
    if not text and not quote:
        return ""  # `timeout:` with nothing after it
    if quote.startswith("|"):
        return f"{quote}\n{indent}  {text}" if text.strip() else '""'
    return f"{quote}{text}{quote}"


@st.composite
def deps(draw, indent: str) -> str:
    names = draw(st.lists(st.sampled_from(DEP_NAMES), min_size=1, max_size=3))
    key = draw(st.sampled_from(["depends_on", "depends_on", "depends-on"]))
    style = draw(st.sampled_from(["flow", "block", "scalar"]))
    if style == "scalar":
        return f"{indent}{key}: {names[0]}\n"
    if style == "flow":
        return f"{indent}{key}: [{', '.join(names)}]\n"
    return f"{indent}{key}:\n" + "".join(f"{indent}  - {n}\n" for n in names)


@st.composite
def step(draw, index: int) -> str:
    lines = [f"      - name: step {index}\n", f"        run: {draw(st.sampled_from(RUNS))}\n"]
    if draw(st.booleans()):
        lines.append(f"        {draw(st.sampled_from(TIMEOUT_KEYS))}: {draw(value('        '))}\n")
    if draw(st.integers(0, 5)) == 0:
        lines.append(f"        {draw(st.sampled_from(['nmae', 'env', 'contine_on_error']))}: 1\n")
    return lines[0] + "".join(draw(st.permutations(lines[1:])))


@st.composite
def job(draw, job_id: str) -> str:
    parts = []
    # Usually one timeout (or a misspelt one), sometimes two: `timout` and `timeot` must
    # not both be renamed to `timeout`.
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 1, 2]))):
        parts.append(f"    {draw(st.sampled_from(TIMEOUT_KEYS))}: {draw(value('    '))}\n")
    if draw(st.booleans()):
        parts.append(draw(deps("    ")))
    if draw(st.integers(0, 4)) == 0:
        parts.append("    env:\n      EPOCHS: 10\n")
    steps_key = draw(st.sampled_from(["steps", "steps", "steps", "stepz"]))
    count = draw(st.integers(1, 3))
    parts.append(f"    {steps_key}:\n" + "".join(draw(step(i)) for i in range(count)))
    return f"  {job_id}:\n" + "".join(draw(st.permutations(parts)))


# Schedules whose fixes must keep the days (a weekday 7 in a range), or pick a reading.
CRONS = ["0 9 * * 5-7", "0 0 * * 0-7", "1 1 * * 1-7/2", "0 0 * * 6-7", "0 0 * * 7", "@daily",
         "0 9 * * MON-FRI", "0 0 ? * *", "1, 2 * * * *", "0 0 */2 * 1", "0 25 * * *", "0 2 * * *",
         "0 0 * * 7,*/6", "0 0 * * SUN-SAT", "0 0 * * MON-SUN", "\u200b0 0 * * 1", "0 0 * jan,FEB 7",
         "@weekly", "0 0 * * 7-7", "0 0 * * 6-0", "+5 */+15 +1-+9 * 1-+7", "0 9 * * FRI-+0"]
# Commands whose expressions have fixes: a value ` #` cut short (quoted, with an anchor), a
# string in single quotes, a missing dot, a name with `-`, a comparison resting on an int.
RUNS = ["python x.py", 'echo ${{ printf "a #%s" .inputs.msg }}',
        '&cmd echo ${{ printf "a #%s" .inputs.msg }}', 'echo ${{ printf "#%s" .inputs.msg }} # note',
        "echo ${{ printf '%s' .inputs.msg }}",
        "echo ${{ inputs.msg }}", "echo ${{ .inputs.my-input }}", "'${{ eq .inputs.n \"3\" }}'",
        "echo ${{ .inputs.msg }"]


@st.composite
def workflow(draw) -> str:
    ids = draw(st.lists(st.sampled_from(JOB_IDS), min_size=1, max_size=4, unique=True))
    crons = draw(st.lists(st.sampled_from(CRONS), max_size=2))
    trigger = "trigger:\n  schedule:\n" + "".join(f'    - cron: "{c}"\n' for c in crons) if crons else ""
    inputs = "inputs:\n  msg: {type: string}\n  n: {type: int}\n  my-input: {type: string}\n"
    return "id: generated\n" + inputs + trigger + "jobs:\n" + "".join(draw(job(i)) for i in ids)


# What applying a fix of one code may reveal: the finding its problem hid.
# A value that became valid can now be compared: with its job's, the limit, a call's run.
RELATIONS = {"WF201", "WF202", "WF204", "WF606"}
REVEALS = {code: RELATIONS for code in (
    "WF101", "WF102", "WF103", "WF104", "WF105", "WF106", "WF107", "WF108", "WF109", "WF110",
    "WF111")}
# A renamed key is checked at last, everything below it included; but a rename never
# duplicates a key (WF002) nor breaks the YAML.
REVEALS["WF003"] = set(RULES) - {"WF001", "WF002"}
# `depends_on: a` made a list is now checked: its names, and an expression in it.
REVEALS["WF005"] = {"WF301", "WF302", "WF303", "WF406"}
# A guess applied changes why a neighbour gets none: `[trian, Train]`'s `Train` was the
# guess for `trian`, and once `trian` is `train`, `train` is listed already.
REVEALS["WF301"] = {"WF301"}
# An expression made readable (`printf '%s'` → `printf "%s"`) is now judged: a string input
# expanded into `run` (WF407), a comparison, a name.
REVEALS["WF401"] = {code for code in RULES if "WF402" <= code <= "WF413"}


def passes(text: str, choose) -> list[tuple[str, tuple]]:
    """Every (text, findings) from the start to the stable end, one entry per pass."""
    findings = lint(text)
    history = [(text, findings)]
    for _ in range(MAX_PASSES):
        fixes = [f for f in map(choose, findings) if f is not None]
        if not fixes:
            return history
        text, count = apply_fixes(Source(text), fixes)
        assert count >= 1
        findings = lint(text)
        history.append((text, findings))
    raise AssertionError(f"no stable file after {MAX_PASSES} passes:\n{text}")


def new_findings(before, after) -> list:
    """(code, message) pairs found after but not before; positions may move, so line
    numbers in messages (`already set on line 13`) are left out of the comparison."""
    def key(finding):
        return finding.code, re.sub(r"\bline \d+", "line N", finding.message)

    counted = Counter(map(key, before))
    counted.subtract(map(key, after))
    return [pair for pair, n in counted.items() if n < 0]


@settings(max_examples=examples(0.8, at_most=80), suppress_health_check=[HealthCheck.too_slow])
@given(workflow())
def test_safe_fixes_converge_and_add_no_new_finding(text):
    history = passes(text, lambda finding: finding.safe_fix)
    assert "WF001" not in [f.code for f in history[0][1]], text  # the generator writes YAML
    for (before_text, before), (after_text, after) in zip(history, history[1:]):
        assert "WF001" not in [f.code for f in after], after_text
        fixed = {f.code for f in before if f.safe_fix}
        allowed = set().union(*(REVEALS.get(code, set()) for code in fixed))
        created = [(code, message) for code, message in new_findings(before, after)
                   if code not in allowed]
        assert not created, f"{before_text}\n→\n{after_text}"
    final_text, final = history[-1]
    assert not [f for f in final if f.safe_fix]
    # The engine's own loop (what --fix runs) ends in the same file.
    outcome = fix_until_stable(text, lint)
    assert (outcome.text, outcome.findings) == (final_text, final)


@settings(max_examples=examples(0.4, at_most=40), suppress_health_check=[HealthCheck.too_slow])
@given(workflow())
def test_applying_the_first_offered_fix_even_unsafe_never_breaks_the_yaml(text):
    history = passes(text, lambda finding: finding.fix)
    for after_text, after in history:
        assert "WF001" not in [f.code for f in after], after_text
    assert not [f for f in history[-1][1] if f.fix]


# What teams that cap timeouts or want every step bounded lint with: guesses must fit
# these too (WF203's placeholders, WF204's lowered values).
TIMEOUT_SETTINGS = [{}, {"require_timeout": "all"}, {"require_timeout": "steps"},
                    {"max_job_timeout": "2h"}, {"max_job_timeout": "3h", "max_step_timeout": "1h"},
                    {"require_timeout": "all", "max_job_timeout": "2h"}]


def timeout_findings(analysis) -> Counter:
    """The WF2xx findings (a job's timeouts' relations) by code and job."""
    jobs = [(job.span, job.id) for workflow in analysis.workflows for job in workflow.jobs]

    def job_of(finding) -> str | None:
        return next((job_id for span, job_id in jobs
                     if span.start <= finding.span.start < span.end), None)

    return Counter((f.code, job_of(f)) for f in analysis.findings if f.code.startswith("WF2"))


@settings(max_examples=examples(1.5, at_most=150), suppress_health_check=[HealthCheck.too_slow])
@given(workflow(), st.sampled_from(TIMEOUT_SETTINGS))
def test_unsafe_fixes_raise_no_timeout_finding_of_their_own(text, options):
    """`--fix --unsafe-fixes` guesses timeouts (WF104, WF105, WF201-WF204) for one job
    from the others: whatever they chose together, no job ends with a WF2xx finding it did
    not have once its values were readable (after the safe fixes)."""
    analysis = result(text, **options)
    made = analyze(fix_all(analysis).text, config=analysis.config)
    guessed = fix_all(analysis, unsafe=True)
    assert "WF001" not in [f.code for f in guessed.findings], guessed.text
    final = analyze(guessed.text, config=analysis.config)
    assert final.findings == guessed.findings
    created = timeout_findings(final) - timeout_findings(made)
    assert not created, f"{made.source.text}\n→\n{guessed.text}"


@settings(max_examples=examples(3, at_most=300))
@given(st.lists(st.tuples(st.integers(0, 40), st.sampled_from([0, 0, 1, 2, 5])), max_size=30))
def test_fixes_are_chosen_as_by_comparing_every_pair(edits):
    """The engine looks at a chosen edit's neighbours only; it chooses what comparing each
    fix with every chosen edit would (a fix of one edit each, in the given order)."""
    text = "x" * 50 + "\n"
    chosen: list[tuple[int, int]] = []
    for start, length in edits:
        end = min(start + length, 50)
        if not any(_overlaps(start, end, other) for other in chosen):
            chosen.append((start, end))
    fixes = [Fix("f", (Edit(Span.of(0, start, 0, min(start + length, 50)), "y"),), True)
             for start, length in edits]
    assert apply_fixes(Source(text), fixes)[1] == len(chosen)


def timeout_last(text: str) -> str:
    """The job's `timeout:` line (the file's one job, last) moved below its `steps`."""
    line = re.search(r"^    timeout: .*\n", text, re.M)[0]
    return text.replace(line, "", 1) + line


@pytest.mark.parametrize("steps, job, options", [
    (["2h", "30m"], "1h", {}),  # WF201 and WF202
    (["2h", "30m", None], "1h", {"require_timeout": "all"}),  # and WF203 for a step
    (["26h", "1h"], "30h", {"max_job_timeout": "24h"}),  # WF204, WF201, WF202
    (["45m", "3h", "45m"], "1h", {"max_step_timeout": "2h"}),  # WF204 on a step
    (["20m", "2h"], "90", {}),  # WF101 first, then the sums
    (["1h", "1h"], "1h", {"max_job_timeout": "1h30m"}),  # WF202 raising it beyond the limit
])
def test_unsafe_fixes_do_not_depend_on_where_the_jobs_timeout_is_written(steps, job, options):
    """`timeout:` above `steps` raised the job to its steps' sum (WF202 first); below them,
    the step was lowered to the job first (WF201, the first in reading order), then the
    job raised to the new sum: two results for one job."""
    text = "id: p\njobs:\n  a:\n    timeout: " + job + "\n    steps:\n" + "".join(
        f"      - run: echo {n}\n" + (f"        timeout: {value}\n" if value else "")
        for n, value in enumerate(steps))
    above = fix_all(result(text, **options), unsafe=True)
    below = fix_all(result(timeout_last(text), **options), unsafe=True)
    assert timeout_last(above.source.text) == below.source.text
    assert [(f.code, f.message) for f in above.findings] == [
        (f.code, f.message) for f in below.findings]


INJECTED = """\
id: x
inputs:
  name: {type: string}
secrets:
  - {name: workspaces/ml/secrets/tok, as: tok}
jobs:
  a:
    timeout: 1h
    steps:
      - run: |
          echo ${{ .inputs.name }}
          curl -H "token: ${{ .secrets.tok }}" example.com
"""


def test_unsafe_fixes_make_every_guess_whose_edits_had_to_wait():
    """Both WF407 guesses of one `run` add its `env`: the second clashed with the first,
    and was left for a second `--unsafe-fixes` (a guess was made in the first pass only)."""
    once = fix_all(result(INJECTED), unsafe=True)
    assert once.findings == ()
    assert once.source.text == INJECTED.replace("${{ .inputs.name }}", "$NAME").replace(
        "${{ .secrets.tok }}", "$TOK") + (
        '        env:\n          NAME: "${{ .inputs.name }}"\n          TOK: "${{ .secrets.tok }}"\n')
    assert fix_all(result(once.source.text), unsafe=True).source.text == once.source.text


CALLED = """\
id: nightly
jobs:
  train:
    timeout: 2h
    workflow:
      name: fit-model
  retrain:
    depends_on: [train]
    timeout: 2h45m
    workflow:
      name: fit-model
---
id: fit-model
trigger:
  callable: true
jobs:
  lint:
    timeout: 45m
    steps:
      - run: ./lint.sh
  fit:
    depends_on: [lint]
    steps:
      - timeout: 2h
        run: python train.py
  publish:
    depends_on: [fit]
    steps:
      - run: ./publish.sh
"""


def test_a_guessed_timeout_in_a_called_workflow_brings_its_callers_no_finding():
    """`--fix --unsafe-fixes` added `timeout: "1h"` to `publish`, which lengthened the
    called chain past `retrain`'s 2h45m, a WF606 the user did not have (and a second run
    raised it: not stable). That guess is taken back; the others are made."""
    analysis = result(CALLED)
    assert [(f.code, f.span.start.line) for f in analysis.findings] == [
        ("WF606", 3), ("WF203", 20), ("WF203", 25)]
    once = fix_all(analysis, unsafe=True)
    assert [(f.code, f.span.start.line) for f in once.findings] == [("WF203", 26)]
    assert once.source.text == CALLED.replace("timeout: 2h\n    workflow", "timeout: 2h45m\n    workflow", 1
                                              ).replace("  fit:\n", '  fit:\n    timeout: "2h"\n')
    assert fix_all(result(once.source.text), unsafe=True).source.text == once.source.text


def test_a_guess_taken_back_when_a_fix_makes_the_workflow_look_plain():
    """With an anchor and a cron's `*/2` (read as maybe an alias) every job's timeouts were
    one group; WF512's fix rewrote `*/2`, the groups became each job's, and the steps'
    guessed timeouts that overran `train`'s 100ms (a WF202 it did not have) were kept."""
    text = SHARED.format(cron="0 0 */2 * 1")
    guessed = fix_all(result(text, require_timeout="all"), unsafe=True)
    assert "WF202" not in [f.code for f in guessed.findings]
    # The cron is rewritten; the steps are left without a timeout, the job's as it was.
    assert "0 0 1-31/2 * 1" in guessed.source.text and guessed.source.text.count("timeout:") == 1


SHARED = """\
id: shared
inputs:
  msg: {{type: string}}
trigger:
  schedule:
    - cron: "{cron}"
jobs:
  train:
    timeout: 100ms
    steps:
      - name: step 0
        run: python x.py
      - name: step 1
        run: &cmd echo ${{{{ .inputs.msg }}}}
"""


def test_guesses_that_lengthen_a_call_in_the_same_file_are_found_by_halves():
    """A callable workflow of 64 chained jobs without timeouts and its caller in one file:
    the guessed timeouts together make the call's chain longer than the caller's 2h (a
    WF606 it did not have), no one job's alone. Finding that took a lint of the text per
    job's guesses (10 s for 300 jobs); taken back by halves it takes a few, with the same
    result: none of them made."""
    jobs = "".join(f"  j{i}:\n" + (f"    depends_on: [j{i - 1}]\n" if i else "")
                   + f"    steps:\n      - run: echo {i}\n" for i in range(64))
    text = ("id: lib\ntrigger:\n  callable: true\njobs:\n" + jobs
            + "---\nid: main\njobs:\n  call:\n    timeout: 2h\n    workflow:\n      name: lib\n")
    linted = []

    def counted(t: str):
        linted.append(t)
        return analyze(t).findings

    findings = analyze(text).findings
    assert {f.code for f in findings} == {"WF203"}
    outcome = guess_until_stable(text, findings, counted,
                                 lambda f: f.fixes[0] if f.code == "WF203" else None)
    assert "WF606" not in {f.code for f in outcome.findings}
    assert outcome.text == text
    assert len(linted) < 20, len(linted)


# --- the corpus and the examples, as they are and broken -------------------------------------

def _corpus() -> list[tuple[str, str]]:
    """(name, text) of each workflow of the golden corpus and the examples with a finding."""
    found = []
    for folder in ("tests/corpus/err", "tests/corpus/ok", "examples"):
        for path in sorted((ROOT / folder).rglob("*.y*ml")):
            text = path.read_text(encoding="utf-8-sig")
            if result(text).is_workflow:
                found.append((str(path.relative_to(ROOT)), text))
    return found


CORPUS = _corpus()
# What a user's edit breaks: a timeout's value, a schedule, a command, a key's spelling.
_BREAKS = [
    (re.compile(r"(?m)(?<=\btimeout: )[^#\n]*"), lambda: st.sampled_from(DURATIONS)),
    (re.compile(r'(?m)(?<=\bcron: )"[^"\n]*"'),
     lambda: st.sampled_from(CRONS).map(lambda c: f'"{c}"')),
    (re.compile(r"(?m)(?<=\brun: )[^|>\n][^\n]*"), lambda: st.sampled_from(RUNS)),
    (re.compile(r"(?m)^(\s*(?:- )?)(timeout|depends_on|steps)(?=:)"),
     lambda: st.sampled_from(["timout", "depends-on", "Timeout", "stepz"])),
    (re.compile(r"(?m)(?<=\bdepends_on: )[^#\n]*"), lambda: st.lists(
        st.sampled_from(DEP_NAMES), min_size=1, max_size=3).map(lambda n: f"[{', '.join(n)}]")),
    (re.compile(r"\$\{\{ *\.inputs\.\w+ *\}\}"), lambda: st.sampled_from(
        ["${{ inputs.msg }}", "${{ .inputs.my-input }}", "${{ printf '%s' .inputs.msg }}",
         "${{ .inputs.msg }"])),
]


@st.composite
def broken_corpus(draw) -> str:
    """A corpus workflow with up to 3 of its values or keys broken as `_BREAKS` says."""
    _, text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(0, 3))):
        pattern, values = draw(st.sampled_from(_BREAKS))
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        match = draw(st.sampled_from(matches))
        new = draw(values())
        if pattern.groups:  # a key: its indentation kept
            start, end = match.span(2)
        else:
            start, end = match.span()
        text = text[:start] + new + text[end:]
    return text


def _check_fixed(text: str, options: dict, unsafe: bool) -> None:
    """`--fix` (with `--unsafe-fixes` when `unsafe`) on `text`: still YAML, no finding it
    did not have (but what a fix reveals), and a second run changes nothing."""
    analysis = result(text, **options)
    if not analysis.is_workflow or "WF001" in {f.code for f in analysis.findings}:
        return
    fixed = fix_all(analysis, unsafe=unsafe)
    again = analyze(fixed.source.text, config=analysis.config)
    assert "WF001" not in {f.code for f in again.findings}, fixed.source.text
    # A fix made counts as its code's, whether its finding is gone or was made again
    # (`1h 0m` written `1h`, then judged by WF111).
    fixed_codes = {f.code for f in analysis.findings if (f.safe_fix or unsafe and f.fix)}
    allowed = set().union(*(REVEALS.get(code, set()) for code in fixed_codes))
    # New as the summary's "N new ones appeared" counts them (`tally_by_code`): a finding
    # whose message names what a fix changed (a step's label, `.input.x` made `.inputs.x`)
    # is the same problem still there.
    created = {code: n for code, n in tally_by_code(analysis.findings, again.findings)[1].items()
               if code not in allowed}
    assert not created, f"{text}\n→\n{fixed.source.text}"
    assert fix_all(again, unsafe=unsafe).source.text == fixed.source.text, fixed.source.text


@pytest.mark.parametrize("unsafe", [False, True], ids=["fix", "unsafe-fixes"])
@pytest.mark.parametrize("name, text", CORPUS, ids=[name for name, _ in CORPUS])
def test_fixing_the_corpus_keeps_it_yaml_adds_nothing_and_converges(name, text, unsafe):
    _check_fixed(text, {}, unsafe)


@settings(max_examples=examples(0.6, at_most=120), suppress_health_check=[HealthCheck.too_slow])
@given(broken_corpus(), st.sampled_from(TIMEOUT_SETTINGS), st.booleans())
def test_fixing_a_broken_corpus_workflow_keeps_it_yaml_adds_nothing_and_converges(
        text, options, unsafe):
    """As `test_safe_fixes_converge_and_add_no_new_finding`, on the corpus's workflows
    (anchors, calls, matrices, expressions the generator does not write) with values and
    keys broken; with `--unsafe-fixes` too, where the guesses may bring no finding either."""
    _check_fixed(text, options, unsafe)
