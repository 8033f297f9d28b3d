"""The benchmarks' adversarial shapes, scaled down: every finding there, each message bounded.

The shapes come from `benchmarks/generate.py` (the benchmarks time them at full size); here
they must give exactly the findings they are made of. No timing is asserted.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter

import pytest

from wf_lsp.findings import Edit, Fix, Severity, Span, shortened
from wf_lsp.graph import MAX_SEARCHED_COMPONENT
from wf_lsp.typos import MAX_COMPARISONS, Guesser

from wf_lsp.linter import analyze
from wf_lsp.rules.base import Context

from .helpers import JOB, ROOT, apply, lines_run, lint, run_cli, run_json

_spec = importlib.util.spec_from_file_location("bench_generate",
                                               ROOT / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

MAX_MESSAGE = 400  # characters: a message names a few jobs, never all of them


def edges_of(text: str) -> set[tuple[str, str]]:
    """(job, dependency) of every `depends_on` entry of a generated workflow."""
    found, job = set(), None
    for line in text.splitlines():
        if match := re.fullmatch(r"  (\w+):", line):
            job = match.group(1)
        elif match := re.fullmatch(r"    depends_on: \[(.*)\]", line):
            found.update((job, name) for name in match.group(1).split(", "))
    return found


def test_a_dense_graph_reports_every_edge_once_with_a_shortest_cycle():
    text = generate.dense_graph(12)
    findings = lint(text)
    assert {f.code for f in findings} == {"WF302"}
    assert len(findings) == len({f.span for f in findings}) == 12 * 11
    named = set()
    for finding in findings:
        job, need, back = finding.message.removeprefix("dependency cycle: ").split(" → ")
        assert job == back  # each job needs every other: two jobs make the shortest cycle
        named.add((job, need))
    assert named == edges_of(text)


def test_a_dense_graph_too_large_to_search_still_names_each_edge():
    jobs = MAX_SEARCHED_COMPONENT + 8
    text = generate.dense_graph(jobs)
    findings = lint(text)
    assert len(findings) == len({f.span for f in findings}) == jobs * (jobs - 1)
    named = set()
    for finding in findings:
        assert len(finding.message) < MAX_MESSAGE
        match = re.fullmatch(r"dependency cycle: (\w+) → (\w+) → … → (\w+) "
                             rf"\({jobs} jobs depend on each other\)", finding.message)
        assert match and match.group(1) == match.group(3), finding.message
        named.add(match.group(1, 2))
    assert named == edges_of(text)


def test_thousands_of_unknown_dependencies_are_each_reported():
    text = generate.unknown_dependencies(300, per_job=3)
    findings = run_json("-", input=text)  # the real CLI, through its JSON output
    assert Counter(f["code"] for f in findings) == {"WF301": 900}
    assert len({(f["line"], f["column"]) for f in findings}) == 900
    assert all(len(f["message"]) < MAX_MESSAGE and f["message"].endswith("and 291 more)")
               for f in findings)


def test_guesses_stop_when_the_comparisons_run_out_and_the_findings_stay():
    jobs = [f"stage_{n:04d}" for n in range(1000)]
    body = "".join(f"  {job}:\n    steps: [{{run: make}}]\n" for job in jobs)
    # One near miss of every job, 20 to a job (a job's first 20 are listed one by one).
    last = "".join(f"  l{n}:\n    steps: [{{run: make}}]\n    depends_on:\n"
                   + "".join(f"      - {job}x\n" for job in jobs[n * 20:n * 20 + 20])
                   for n in range(50))
    text = f"id: typos\njobs:\n{body}{last}"
    findings = [f for f in lint(text) if f.code == "WF301"]
    assert len(findings) == 1000
    guessed = [f for f in findings if "did you mean" in f.message]
    # Each name costs one comparison per job of a similar length: all 1,000 of them here.
    assert len(guessed) == MAX_COMPARISONS // 1000
    assert all(f.message.endswith(f"did you mean `{jobs[n]}`?") for n, f in enumerate(guessed))
    assert guessed == findings[:len(guessed)]  # in document order, then none


def test_a_guesser_works_each_word_out_once_and_within_its_budget():
    guesser = Guesser(["timeout", "steps", "depends_on"], budget=4)
    assert guesser.best("timout") == "timeout"
    assert guesser.best("timout", excluded={"timeout"}) is None
    assert guesser.best("timout") == "timeout"  # remembered: no second comparison
    assert guesser.best("stepz") is None  # 2 candidates of a close length, 1 comparison left
    assert Guesser(["Depends-On"]).best("depends_on") == "Depends-On"  # folded alike


def test_findings_all_over_one_long_line():
    jobs = 3000
    text = generate.one_long_line(jobs)
    findings = lint(text)
    assert [f.code for f in findings] == ["WF101"] * jobs
    assert all(f.span.start.line == f.span.end.line == 0 for f in findings)
    columns = [f.span.start.column for f in findings]
    assert columns == sorted(set(columns))
    assert {text[f.span.start.column:f.span.end.column] for f in findings} == {'"30"'}


def test_megabytes_of_findings_are_each_reported():
    text = generate.many_findings(0.2)
    jobs = text.count("\n  job_")
    findings = lint(text)
    assert Counter(f.code for f in findings) == {
        "WF102": jobs, "WF005": jobs, "WF101": jobs, "WF003": jobs}


def test_nesting_past_the_limit_is_one_finding():
    findings = run_json("-", input=generate.deep_nesting(2_000))
    assert [(f["code"], f["line"]) for f in findings] == [("WF001", 6)]
    assert findings[0]["message"].startswith("nested more than 1,000 levels deep")


def test_flow_uploads_are_read_as_yaml_1_2_with_every_finding():
    findings = run_json("-", input=generate.flow_uploads(50))
    assert Counter(f["code"] for f in findings) == {"WF101": 50}  # each job's "30"


def _findings(documents: int) -> Counter:
    """The findings, by code, of a file of `documents` workflows, each with one WF101."""
    text = "---\n".join(f"id: w{i}\njobs:\n  a:\n    timeout: 30\n    steps: [{{run: x}}]\n"
                         for i in range(documents))
    return Counter(f.code for f in analyze(text, path="w.yaml").findings)


def test_each_of_thousands_of_documents_costs_what_one_does():
    # Each workflow looked for its id among all the file's workflows (quadratic: 5,000
    # documents took 19 s, most of it such scans and whole-text searches).
    few, found = lines_run(lambda: _findings(100))
    assert found == {"WF101": 100}
    many, found = lines_run(lambda: _findings(800))
    assert found == {"WF101": 800}
    assert many / few < 8.5  # 8 times the documents: 9.25 times the lines when quadratic


def test_a_huge_value_is_quoted_by_its_start_and_a_short_one_whole():
    """Before, a 5,000-digit timeout, number or name was quoted whole in its finding's
    message: one finding printed a screen. Each message quotes the value's first
    characters; a value of a usual length is quoted exactly."""
    digits, name = "9" * 5000, "c" * 5000
    text = (
        "id: huge\n"
        "trigger:\n  schedule:\n    - cron: \"0 0 * * " + digits + "\"\n"
        "jobs:\n  a:\n    timeout: \"" + digits + "s\"\n"
        "    ? " + "k" * 5000 + "\n    : 1\n"
        "    steps:\n"
        "      - run: echo ${{ " + digits + " }} ${{ print 1" + digits + " }}\n"
        "        timeout: " + digits + "\n"
        "      - run: echo ${{ .inputs." + name + " }} ${{ template \"" + name + "\" }}\n"
        "        timeout: \"3000000h\"\n"
        "      - run: echo ${{ printf '" + "a" * 60 + "' }}\n"
        "        timeout: " + "x" * 5000 + "\n"
    )
    findings = run_json("-", input=text)
    assert {f["code"] for f in findings} >= {"WF003", "WF101", "WF107", "WF109", "WF401",
                                             "WF403", "WF412", "WF511"}
    assert all(len(f["message"]) < MAX_MESSAGE for f in findings), [f["message"] for f in findings]
    assert '"3000000h" is too large' in " ".join(f["message"] for f in findings)
    # The fix of a long character constant writes the whole string, not the quoted start.
    (character,) = [f for f in lint(text) if "character constant" in f.message]
    assert "${{ printf \"" + "a" * 60 + "\" }}" in apply(text, character.fixes[0])


@pytest.mark.parametrize(("kept", "cluster"), [
    ("a" * 35, "e\u0301"),  # é as e and a combining acute: the accent was cut off
    ("a" * 35, "\U0001f1eb\U0001f1f7"),  # a flag, FR: its F was quoted alone
    ("a" * 33 + "\U0001f1e9\U0001f1ea", "\U0001f1eb\U0001f1f7"),  # one flag kept, one not
    ("a" * 34, "\U0001f469\u200d\U0001f4bb"),  # woman, ZWJ, laptop: the woman and the joiner
    ("a" * 35, "\u2764\ufe0f"),  # a heart and its emoji selector
    ("a" * 35, "\U0001f44d\U0001f3fd"),  # a thumb and its skin tone
    ("a" * 35, "\u1100\u1161\u11a8"),  # a Hangul syllable in jamo
])
def test_a_long_value_is_quoted_without_cutting_a_character_a_reader_sees(kept, cluster):
    """The first 36 code points were quoted, wherever that fell: inside a letter and its
    accent, a flag's pair, an emoji sequence. The cut is moved before such a character."""
    name = kept + cluster + "x" * 10
    text = f"id: w\njobs:\n  a:\n    timeout: 1h\n    steps: [{{run: x}}]\n    depends_on: [\"{name}\"]\n"
    (finding,) = run_json("-", input=text)
    assert finding["message"] == f"unknown job `{kept}...`: this workflow has no other job"
    assert shortened("\u0301" * 50) == "\u0301" * 36 + "..."  # marks alone: cut as before


def test_names_of_thousands_of_characters_are_quoted_by_their_start(tmp_path):
    """A key written in YAML's explicit form (`? key`) can be thousands of characters
    long. The rules that name keys, jobs, inputs and workflows quoted it whole (a
    duplicate key, a dependency or call cycle, a call's inputs, two lookalike names, a
    job without a timeout), in the message, its related notes and its fix's title: one
    finding a screen. Each quotes its start, as the value rules do."""
    job, key, name, callee = "j" * 3000, "k" * 3000, "n" * 3000, "w" * 3000
    composed, decomposed = "\u00e9" * 1500, "e\u0301" * 1500
    (tmp_path / "a.yaml").write_text(
        "id: a\ntrigger:\n  callable: true\njobs:\n"
        f"  ? {job}\n  : depends_on: [{job}x]\n    workflow:\n      name: {callee}\n"
        f"      inputs:\n        ? {name}\n        : 1\n"
        f"  ? {job}x\n  : timeout: 1h\n    depends_on: [{job}]\n"
        f"    steps:\n      - run: a\n        ? {key}\n        : 1\n        ? {key}\n        : 2\n"
        f"  ? {job}\n  : timeout: 1h\n    steps: [{{run: b}}]\n"
        f"  ? {composed}\n  : {{timeout: 1h, steps: [{{run: c}}]}}\n"
        f"  ? {decomposed}\n  : {{timeout: 1h, steps: [{{run: c}}]}}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        f"id: {callee}\ntrigger:\n  callable: true\n"
        f"inputs:\n  ? {name}x\n  : {{type: string, required: true}}\n"
        f"jobs:\n  ? {job}\n  : timeout: 1h\n    workflow:\n      name: a\n", encoding="utf-8")
    findings = run_json("--select", "ALL", cwd=tmp_path)
    assert {f["code"] for f in findings} >= {"WF002", "WF008", "WF203", "WF302", "WF604",
                                             "WF605"}
    for finding in findings:
        said = [finding["message"], *(r["message"] for r in finding["related"]),
                *([finding["fix"]["title"]] if finding["fix"] else [])]
        assert all(len(text) < MAX_MESSAGE for text in said), said


def _capped(findings: list[dict], code: str, more: int, where: str) -> dict:
    """The one finding over the problems of a value past the first 20, checked."""
    assert [f["code"] for f in findings] == [code] * 21
    summary = findings[-1]
    assert summary["message"] == f"{more} more like these in {where} (the first 20 are listed)"
    assert (summary["line"], summary["column"]) > (findings[19]["end_line"], findings[19]["end_column"])
    return summary


def test_one_schedule_of_100_000_bad_items_is_21_findings_and_fix_makes_every_item(tmp_path):
    # Before, 100,000 findings (6.5 s to open in the server, 5.6 s per edit): the first 20
    # are listed, the rest said in one, whose safe fix makes all of theirs.
    text = ('id: w\ntrigger:\n  schedule:\n    - cron: "0 0 * * ' + ",".join(["7"] * 100_000)
            + '"\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n')
    summary = _capped(run_json("-", input=text), "WF511", 99_980, "this schedule")
    # The last item's (`,7` after `7,`) overlaps its neighbour's: the next pass makes it.
    assert summary["fix"]["safe"] and len(summary["fix"]["edits"]) == 99_979
    (tmp_path / "w.yaml").write_text(text)
    done = run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert done.stdout.endswith("All checks passed (1 workflow file).\n")
    assert '- cron: "0 0 * * 0"\n' in (tmp_path / "w.yaml").read_text()


def test_a_capped_schedule_is_fixed_as_when_every_problem_was_listed(tmp_path):
    # Problems without a fix (61), and fixes that overlap in one pass (7 and 0 under 5-7):
    # the fix of the rest waits for the next pass as a listed one would.
    items = ["7", "99", "1", "7", "5-7", "60", "0"] * 15
    text = ('id: w\ntrigger:\n  schedule:\n    - cron: "0 0 * * ' + ",".join(items)
            + '"\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n')
    (tmp_path / "w.yaml").write_text(text)
    run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    fixed = (tmp_path / "w.yaml").read_text()
    # What the fixes made when every problem was listed (the code before): 7 and 5-7 read
    # with Sunday as 0, the 0 already there kept.
    assert '- cron: "0 0 * * ' + ",".join(["99", "1", "5-6", "60", "0"] * 15) + '"\n' in fixed


def test_a_long_list_of_unknown_jobs_or_numbers_is_21_findings(tmp_path):
    names = ", ".join(f"n{i}" for i in range(1000))
    numbers = ", ".join(str(i) for i in range(1000))
    text = (f"id: w\njobs:\n  a:\n    timeout: 1h\n    steps: [{{run: x}}]\n"
            f"    depends_on: [{names}]\n  b:\n    timeout: 1h\n    steps: [{{run: x}}]\n"
            f"    matrix:\n      x: [{numbers}]\n")
    findings = run_json("-", input=text)
    _capped([f for f in findings if f["code"] == "WF301"], "WF301", 980, "job `a`'s `depends_on`")
    summary = _capped([f for f in findings if f["code"] == "WF005"], "WF005", 980, "this list")
    assert [e["new_text"] for e in summary["fix"]["edits"]] == [f'"{i}"' for i in range(20, 1000)]


def test_a_column_of_words_where_keys_are_due_is_one_syntax_error():
    """Each word alone on its line where a key is due is read as a key being typed, and the
    document is read again with that line blank: a column of them read each next word so,
    one parse inside another (an internal error, recursion too deep, at 3,000 words). One
    word is left out, the first: the others are the syntax error libyaml reports."""
    words = [f"    w{i}" for i in range(3000)]
    text = "\n".join(["id: x", "jobs:", "  a:", "    runner: cpu", *words, "    timeout: 5m"]) + "\n"
    run = run_cli("lint", "--stdin-filename", "words.yaml", "--format", "json", "-", input=text)
    assert run.returncode == 1, run.stderr
    assert [(f["code"], f["line"], f["column"]) for f in json.loads(run.stdout)] == [
        ("WF001", 5, 5)]


@pytest.mark.parametrize(("text", "expected"), [
    # A job's first key, above its others: YAML reads `ti timeout` as one string, and the
    # job was "must be a mapping (a job), not a string" with "mapping values are not
    # allowed in this context" a line below.
    ("id: x\njobs:\n  a:\n    ti\n    timeout: 5m\n    steps: [{run: x}]\n", [("WF001", 4, 5)]),
    ("id: x\njobs:\n  ti\n  a:\n    timeout: 5m\n    steps: [{run: x}]\n", [("WF001", 3, 3)]),
    ("ti\nid: x\njobs:\n  a:\n    timeout: 5m\n    steps: [{run: x}]\n", [("WF001", 1, 1)]),
    # Two words are no key being typed: the string YAML read, as before.
    ("id: x\njobs:\n  a:\n    w0\n    w1\n    timeout: 5m\n    steps: [{run: x}]\n",
     [("WF005", 4, 5), ("WF001", 6, 12)]),
])
def test_a_first_key_being_typed_is_said_on_its_word(text, expected):
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == expected
    if expected[0][0] == "WF001" and len(expected) == 1:
        assert findings[0]["message"] == ("YAML syntax error: `ti` has no `:` after it, so it "
                                          "is not a key: write `ti: ` and its value")


def test_a_key_typed_under_a_line_ended_by_a_lone_cr_keeps_the_lines_below():
    """The word's line read as blank kept its `\n`, which joined the lone `\r` above into
    one line break: every finding below was a line too high, its fix on the line above."""
    text = 'id: x\rti\njobs:\r\n  a:\r\n    timeout: "30m1h"\r\n    steps: [{run: x}]\r\n'
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [
        ("WF001", 2, 1), ("WF103", 5, 14)]
    assert [(e["line"], e["column"], e["new_text"]) for e in findings[1]["fix"]["edits"]] == [
        (5, 15, "1h30m")]


def test_the_problems_of_a_capped_schedule_are_counted_each(tmp_path):
    # The one finding over the rest stood for one problem: "Found 75 problems" was
    # "Found 21", and a fix of them all "Fixed 21 problems". Each problem counts, in the
    # summary, its fixable, `--show-fixes`, `--statistics` and what --fix fixed.
    items = ["7", "99", "1", "7", "5-7", "60", "0"] * 15  # 75 problems, 45 with a fix
    text = ('id: w\ntrigger:\n  schedule:\n    - cron: "0 0 * * ' + ",".join(items)
            + '"\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n')
    (tmp_path / "w.yaml").write_text(text)
    shown = run_cli("lint", "--show-fixes", "w.yaml", cwd=tmp_path).stdout
    assert shown.endswith("Would fix 45 problems with `wf-lsp lint --fix`:\n- w.yaml:\n"
                          "    45 × WF511 (cron-syntax)\n\nFound 75 problems (75 errors) in 1 "
                          "workflow file.\n45 fixable with `wf-lsp lint --fix`.\n")
    table = run_cli("lint", "--statistics", "w.yaml", cwd=tmp_path).stdout
    assert table == "75\tWF511\t[*] cron-syntax\n"
    fixed = run_cli("lint", "--fix", "--show-fixes", "w.yaml", cwd=tmp_path).stdout
    assert fixed.endswith("Fixed 45 problems:\n- w.yaml:\n    45 × WF511 (cron-syntax)\n\n"
                          "Found 30 problems (30 errors) in 1 workflow file.\n")


def test_past_the_first_20_problems_of_a_value_no_finding_is_made():
    # A finding was made for each of a 100,000-item cron's problems (most of its lint) to
    # list 20: only those are made; of the rest, their safe fixes and where they are.
    analysis = analyze(JOB.format("1h"))
    ctx = Context(analysis.source, analysis.parsed, analysis.workflows[0], analysis.config,
                  "WF511", Severity.ERROR)
    made, fixed = [], []

    def finding(item):
        made.append(item)
        return ctx.report(f"item {item}", Span.of(3, item, 3, item + 1))

    def fixes(item):
        fixed.append(item)
        return (Fix("x", (Edit(Span.of(3, item, 3, item + 1), "y"),), safe=True),)

    found = ctx.capped(list(range(1000)), "this list", finding, fixes,
                       lambda rest: Span.of(3, rest[0], 3, rest[-1] + 1))
    assert (made, fixed) == (list(range(20)), list(range(20, 1000)))
    assert [f.message for f in found[:20]] == [f"item {n}" for n in range(20)]
    assert (found[20].count, found[20].span, len(found[20].fix.edits)) == (
        980, Span.of(3, 20, 3, 1000), 980)


def test_an_env_of_thousands_of_numbers_is_21_findings_and_fix_quotes_them_all(tmp_path):
    # Each value of a mapping was a finding: an `env` of 1,000 unquoted numbers was 1,000.
    env = "".join(f"      K{i}: {i}\n" for i in range(1000))
    text = f"id: w\njobs:\n  a:\n    timeout: 1h\n    steps: [{{run: x}}]\n    env:\n{env}"
    summary = _capped(run_json("-", input=text), "WF005", 980, "this mapping")
    assert [e["new_text"] for e in summary["fix"]["edits"]] == [f'"{i}"' for i in range(20, 1000)]
    (tmp_path / "w.yaml").write_text(text)
    done = run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert done.stdout == "Fixed 1000 problems.\nAll checks passed (1 workflow file).\n"


def test_a_matrix_of_many_lists_counts_each_problem_in_them():
    # The finding over a mapping's rest stands for each problem of the lists in it.
    matrix = "".join(f"      x{i}: [{i}, {i}]\n" for i in range(100))
    text = f"id: w\njobs:\n  a:\n    timeout: 1h\n    steps: [{{run: x}}]\n    matrix:\n{matrix}"
    findings = lint(text)
    assert [f.count for f in findings] == [1] * 20 + [180]
    assert findings[-1].message == "180 more like these in this mapping (the first 20 are listed)"


def test_a_job_of_thousands_of_step_timeouts_each_finds_its_step():
    """`owner_of` finds a step by bisection (a scan of the steps for each value made
    20,000 steps' WF201 minutes long): each value still gets its own step, the job's
    timeout written after the steps none, and a timeout of a step aliased from inside
    another step's value that step, the innermost."""
    steps = 2000
    text = ("id: w\njobs:\n  a:\n    steps:\n"
            + "".join(f"      - run: s{n}\n        timeout: 2h\n" for n in range(steps))
            + "      - run: outer\n        env: {X: &inner {run: inner, timeout: 3h}}\n"
            + "        timeout: 4h\n      - *inner\n    timeout: 1h\n")
    analysis = analyze(text)
    workflow, = analysis.workflows
    owners = [workflow.owner_of(value) for value in sorted(workflow.durations, key=lambda v: v.span.start)]
    named = [(job.id, step and step.index) for job, step in owners]
    assert named == [("a", n) for n in range(steps)] + [("a", steps + 1), ("a", steps),
                                                        ("a", None)]
    findings = [f for f in lint(text) if f.code == "WF201"]
    assert len(findings) == steps + 2


def test_thousands_of_inputs_secrets_and_steps_alike_are_capped_and_counted():
    """A list's or mapping's items with one problem each (1,000 inputs of `type: strng`)
    were a finding each: 100,000 of them 13-21 s of lint. The first 20 of each rule are
    listed and one finding says how many more; the counts stay exact."""
    many = 1000
    text = ("id: w\ninputs:\n" + "".join(f"  in_{n}:\n    type: strng\n" for n in range(many))
            + "secrets:\n" + "".join(f"  - name: workspaces/w/secrets/s{n}\n"
                                     for n in range(many))
            + "jobs:\n  a:\n    timeout: 1h\n    steps:\n"
            + "".join(f"      - rn: echo {n}\n" for n in range(many)))
    findings = run_json("-", input=text)
    assert Counter(f["code"] for f in findings) == {"WF005": 21, "WF004": 42, "WF003": 21}
    summaries = sorted(f["message"] for f in findings if "more like these" in f["message"])
    assert summaries == [f"{many - 20} more like these in {where} (the first 20 are listed)"
                         for where in ("the workflow's inputs", "the workflow's secrets",
                                       "this job's steps", "this job's steps")]
    statistics = run_cli("lint", "--statistics", "-", input=text).stdout
    assert statistics.split() == [str(2 * many), "WF004", "missing-key",
                                  str(many), "WF003", "[*]", "unknown-key",
                                  str(many), "WF005", "wrong-type"]


def test_thousands_of_inputs_and_secrets_each_wrong_in_their_own_rule_are_capped():
    many = 500
    text = ("id: w\ninputs:\n"
            + "".join(f"  in_{n}:\n    type: int\n    secret: true\n    required: true\n"
                      f"    default: 1\n" for n in range(many))
            + "secrets:\n" + "".join(f"  - name: s{n}\n    as: token\n" for n in range(many))
            + JOB.format("1h").removeprefix("id: x\n"))
    findings = run_json("-", input=text)
    assert Counter(f["code"] for f in findings) == {"WF501": 21, "WF502": 21, "WF503": 21,
                                                    "WF504": 21}
    statistics = run_cli("lint", "--statistics", "-", input=text).stdout
    assert {code: int(count) for count, code in re.findall(r"(\d+)\s+(WF\d+)", statistics)
            } == {"WF501": many, "WF502": many, "WF503": many - 1, "WF504": many}


def test_thousands_of_list_items_that_are_no_mapping_are_capped():
    text = ("id: w\nsecrets:\n" + "".join(f"  - s{n}\n" for n in range(300))
            + JOB.format("1h").removeprefix("id: x\n"))
    findings = run_json("-", input=text)
    assert [f["code"] for f in findings] == ["WF005"] * 21
    assert findings[-1]["message"] == "280 more like these in this list (the first 20 are listed)"
    assert "300 errors" in run_cli("lint", "-", input=text).stdout


@pytest.mark.parametrize("comment", ["  # wf-lsp: ignore[WF005]", "  # wf-lsp: ignore"])
def test_an_ignore_comment_on_an_item_past_the_cap_silences_it(comment):
    """An item among the capped rest ("N more like these") with an ignore comment: the
    comment was said to silence nothing (WF010) and the problem was counted. A finding a
    comment silences is never folded into the rest: it is silenced, the rest one fewer."""
    text = ("id: w\ninputs:\n"
            + "".join(f"  in_{n}: {{type: strng}}{comment if n == 25 else ''}\n"
                      for n in range(30))
            + JOB.format("1h").removeprefix("id: x\n"))
    findings = run_json("-", input=text)
    assert [f["code"] for f in findings].count("WF010") == 0, findings
    assert [f["message"] for f in findings if "more like these" in f["message"]] == [
        "9 more like these in the workflow's inputs (the first 20 are listed)"]
    statistics = run_cli("lint", "--statistics", "-", input=text).stdout
    assert statistics.split()[:2] == ["29", "WF005"], statistics


def _steps_reading(names: list[str], comment_at: int | None = None, comment: str = "") -> str:
    """A workflow with one input, `epochs`, and a job whose steps read `names`, three a step."""
    steps = ["      - run: echo " + " ".join(f"${{{{ .inputs.{n} }}}}" for n in names[i:i + 3])
             + (comment if i // 3 == comment_at else "") for i in range(0, len(names), 3)]
    return ("id: w\ninputs:\n  epochs: {type: int}\njobs:\n  a:\n    timeout: 1h\n"
            "    steps:\n" + "\n".join(steps) + "\n")


def test_thousands_of_undefined_names_in_a_job_are_21_findings_counted_each():
    """17,000 steps reading 51,000 undefined inputs were 51,000 findings (39 s to open
    in the server, 27 s a keystroke): a job's problems of one `${{ }}` rule are capped as
    a list's items are, the first 20 listed and one finding over the rest, counted each."""
    names = [f"n{i}" for i in range(600)]
    text = _steps_reading(names)
    findings = run_json("-", input=text)
    summary = _capped(findings, "WF403", 580, "this job's steps")
    assert [f["message"].split("`")[1] for f in findings[:20]] == [
        f".inputs.{n}" for n in names[:20]]
    assert (summary["line"], summary["end_line"]) == (8 + 20 // 3, 8 + 599 // 3)
    statistics = run_cli("lint", "--statistics", "-", input=text).stdout
    assert statistics == "600\tWF403\t    undefined-reference\n"
    assert "Found 600 problems (600 errors)" in run_cli("lint", "-", input=text).stdout


def test_capped_undefined_names_are_all_fixed_by_fix(tmp_path):
    # `.inputs.EPOCHS` is `epochs` in another case: a safe fix, which the summary's makes
    # for the rest.
    (tmp_path / "w.yaml").write_text(_steps_reading(["EPOCHS"] * 300), encoding="utf-8")
    shown = run_cli("lint", "--show-fixes", "w.yaml", cwd=tmp_path).stdout
    assert "300 fixable with `wf-lsp lint --fix`." in shown
    done = run_cli("lint", "--fix", "w.yaml", cwd=tmp_path)
    assert done.stdout == "Fixed 300 problems.\nAll checks passed (1 workflow file).\n"
    assert (tmp_path / "w.yaml").read_text(encoding="utf-8").count(".inputs.epochs") == 300


@pytest.mark.parametrize("comment", ["  # wf-lsp: ignore[WF403]", "  # wf-lsp: ignore"])
def test_an_ignore_comment_on_an_expression_past_the_cap_silences_it(comment):
    text = _steps_reading([f"n{i}" for i in range(90)], comment_at=20, comment=comment)
    findings = run_json("-", input=text)
    assert [f["code"] for f in findings].count("WF010") == 0, findings
    assert [f["message"] for f in findings if "more like these" in f["message"]] == [
        "67 more like these in this job's steps (the first 20 are listed)"]
    statistics = run_cli("lint", "--statistics", "-", input=text).stdout
    assert statistics.split()[:2] == ["87", "WF403"], statistics


def test_undefined_names_in_a_job_outside_its_steps_are_capped_in_the_job():
    env = "".join(f"      K{i}: ${{{{ .secrets.s{i} }}}}\n" for i in range(40))
    text = f"id: w\njobs:\n  a:\n    timeout: 1h\n    steps: [{{run: x}}]\n    env:\n{env}"
    findings = run_json("-", input=text)
    _capped([f for f in findings if f["code"] == "WF403"], "WF403", 20, "this job")


def test_a_key_without_its_colon_before_a_long_run_of_spaces_is_said_at_once():
    """`half typed`, 300,000 spaces, `note`, where a job's first key is due: the pattern that
    cut the value from a comment after it tried every split of the spaces (minutes; the
    language server spun at full CPU). Said at once, the value shortened."""
    text = ("id: w\njobs:\n  a:\n    half typed" + " " * 300_000
            + "note\n    depends_on: []\n    steps:\n      - run: x\n")
    [finding] = [f for f in run_json("-", input=text) if f["code"] == "WF001"]
    assert finding["message"].startswith("YAML syntax error: `half` has no `:` after it")
    assert len(finding["message"]) < 300
