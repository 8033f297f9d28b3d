"""The model the rules share: anchors and merges, partial documents."""

from __future__ import annotations

import pytest

from wf_lsp.findings import Span

from .helpers import ROOT, lint, result, spans, where


def model(text: str):
    (workflow,) = result(text).workflows
    return workflow


# --- the model ----------------------------------------------------------------------------------

FLOW = """\
id: pipeline
jobs:
  prep:
    timeout: "30m"
    steps:
      - name: Clean
        run: python clean.py
      - run: python check.py --all --quick now
        timeout: 5m
      - upload: {path: a, destination: b}
  train:
    depends_on: [prep, ghost]
    steps:
      - run: python train.py
"""


def test_jobs_steps_timeouts_and_references():
    workflow = model(FLOW)
    assert [job.id for job in workflow.jobs] == ["prep", "train"]
    prep, train = workflow.jobs
    assert workflow.by_id["train"] is train
    assert (prep.timeout.text, prep.timeout.reading.canonical, prep.timeout.owner) == (
        "30m", "30m", "job")
    assert prep.timeout.span == Span.of(3, 13, 3, 18)  # quotes included
    assert [step.label for step in prep.steps] == [
        "Clean", "step 2: python check.py --all --quick …", "step 3: upload"]
    assert [step.timeout and step.timeout.text for step in prep.steps] == [None, "5m", None]
    assert prep.steps[1].timeout.owner == "step" and prep.steps[1].timeout.usable
    assert [(ref.name, ref.span, ref.job_id) for ref in train.depends_on] == [
        ("prep", Span.of(11, 17, 11, 21), "train"), ("ghost", Span.of(11, 23, 11, 28), "train")]
    assert workflow.dependents("prep") == ("train",)
    assert train.timeout is None
    assert [d.text for d in workflow.durations] == ["30m", "5m"]


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "corpus").rglob("*.y*ml"))
                         + sorted((ROOT / "examples").rglob("*.y*ml")), ids=lambda p: p.name)
def test_a_plain_workflows_sections_come_in_document_order_each_job_in_one_run(path):
    """A workflow whose jobs share no node keeps its sections in the order it built them
    (no sort) and each job's in one run: the same as sorting them by place, and as
    finding each job's by its mapping's span."""
    from wf_lsp.linter import analyze
    from wf_lsp.model import _SECTION_ORDER, Workflow

    for workflow in analyze(path.read_text(encoding="utf-8", errors="replace")).workflows:
        assert workflow.sections == tuple(sorted(workflow.sections, key=_SECTION_ORDER))
        if workflow.plain:
            general = Workflow(workflow.root, workflow.jobs, workflow.sections,
                               workflow.durations, workflow.jobs_key_span)  # not plain
            assert workflow.section_groups == general.section_groups
            assert workflow.durations == tuple(v for job in workflow.jobs for v in job.timeouts)


def test_sections_and_their_anchors():
    workflow = model(FLOW)
    kinds = [(s.kind, s.anchor) for s in workflow.sections]
    assert kinds == [
        ("workflow", Span.of(0, 0, 0, 12)),
        ("job", Span.of(2, 2, 2, 6)),  # a job's: its key
        ("step", Span.of(5, 8, 5, 19)),  # a step's: its first line
        ("step", Span.of(7, 8, 7, 46)),
        ("step", Span.of(9, 8, 9, 41)),
        ("upload", Span.of(9, 8, 9, 14)),  # under a key: the key
        ("job", Span.of(10, 2, 10, 7)),
        ("step", Span.of(13, 8, 13, 28)),
    ]


# --- anchors, aliases, merge keys ---------------------------------------------------------------

MERGED = """\
id: merged
jobs:
  train: &defaults
    timeout: 2h
    steps:
      - run: python train.py
        timeout: 3h
  again:
    <<: *defaults
    depends_on: [train]
  evaluate:
    <<: [*defaults]
    timeout: 4h
    steps:
      - run: python evaluate.py
"""


def test_a_job_that_merges_a_timeout_has_one():
    workflow = model(MERGED)
    train, again, evaluate = workflow.jobs
    assert again.timeout.text == "2h" and again.timeout.span == train.timeout.span
    assert again.section.get("timeout").merged and not again.section.get("depends_on").merged
    assert evaluate.timeout.text == "4h"  # its own wins over the merged one
    assert [s.timeout.text for s in again.steps] == ["3h"]  # merged steps, the same nodes
    assert "WF203" not in [f.code for f in lint(MERGED)]


def test_a_finding_in_aliased_content_is_reported_once_at_the_anchor():
    # The step of `train` (3h in a 2h job) is also `again`'s step: one WF201, at the anchor,
    # though two jobs hold it; `evaluate` has its own steps. It names both jobs: it named
    # `train` alone, and its fix "Raise job `train`'s timeout" raised `again`'s too.
    found = lint(MERGED)
    assert [(where(f), f.message) for f in found] == [
        ("7:18-7:20 WF201", "step timeout 3h is longer than the timeout 2h of jobs `train`, "
                            "`again`: the jobs' limit ends the step first")]
    assert [fix.title for fix in found[0].fixes] == [
        "Lower the step's timeout to 2h", "Raise the timeout of jobs `train`, `again` to 3h"]
    assert [r.message for r in found[0].related] == ["the timeout of jobs `train`, `again` is 2h"]
    # every timeout once, a merged one at its anchor
    assert [d.text for d in model(MERGED).durations] == ["2h", "3h", "4h"]


def test_a_shared_step_longer_than_several_job_timeouts_is_one_finding_naming_each():
    # Three findings at one place, one per job timeout, each with its own fixes.
    text = ("id: x\njobs:\n  a: &a\n    timeout: 1h\n    steps:\n      - run: echo\n"
            "        timeout: 2h\n  b:\n    <<: *a\n    timeout: 30m\n"
            "  c:\n    <<: *a\n    timeout: 45m\n  d: *a\n")
    (found,) = lint(text)
    assert (where(found), found.message) == (
        "7:18-7:20 WF201", "step timeout 2h is longer than the timeout 1h of jobs `a`, `d`, "
                           "job `b`'s timeout 30m and job `c`'s timeout 45m: the jobs' limits "
                           "end the step first")
    # Lowered, the step fits every job: the first fix, which --unsafe-fixes applies.
    assert [fix.title for fix in found.fixes] == [
        "Lower the step's timeout to 30m", "Raise the timeout of jobs `a`, `d` to 2h",
        "Raise job `b`'s timeout to 2h", "Raise job `c`'s timeout to 2h"]
    assert [(r.span.start.line + 1, r.message) for r in found.related] == [
        (4, "the timeout of jobs `a`, `d` is 1h"), (10, "job `b`'s timeout is 30m"),
        (13, "job `c`'s timeout is 45m")]


def test_step_timeouts_over_a_merged_job_timeout_name_every_job_that_shares_them():
    text = MERGED.replace("timeout: 3h", "timeout: 90m\n      - run: x\n        timeout: 1h")
    (found,) = [f for f in lint(text) if f.code == "WF202"]
    assert found.message == ("the timeouts of 2 steps add up to 2h30m, more than the timeout "
                             "2h of jobs `train`, `again`")
    assert found.fix.title == "Raise the jobs' timeout to 2h30m"
    # One job alone, as before.
    (alone,) = [f for f in lint(text.replace("<<: *defaults\n", "timeout: 1m\n")) if f.code == "WF202"]
    assert alone.message.endswith("more than job `train`'s timeout 2h")


def test_a_step_several_jobs_share_without_a_timeout_is_one_finding_naming_them():
    # Two findings at one place, each naming one job, with two fixes of one step.
    text = MERGED.replace("        timeout: 3h\n", "")
    assert [(where(f), f.message) for f in lint(text, require_timeout="steps")] == [
        ("6:9-6:29 WF203", "step `step 1: python train.py` of jobs `train`, `again` has no "
                           "timeout"),
        ("14:9-14:32 WF203", "step `step 1: python evaluate.py` of job `evaluate` has no timeout")]


def test_a_step_shared_at_other_positions_is_said_with_each_jobs_position():
    # It was "step `step 1: python train.py` of jobs `a`, `d`": d's is its step 2.
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - &one\n"
            "        run: python train.py\n  d:\n    timeout: 1h\n    steps:\n"
            "      - {run: prep, timeout: 5m}\n      - *one\n")
    found = lint(text, require_timeout="steps")
    assert [(where(f), f.message, f.fix.title) for f in found] == [
        ("6:9-6:13 WF203", "step `python train.py` of jobs `a` (step 1), `d` (step 2) has no "
                           "timeout", "Add a timeout to step `python train.py`")]
    # A name is the same at every position.
    named = text.replace("run: python train.py", "name: Train\n        run: python train.py")
    assert [f.message for f in lint(named, require_timeout="steps")] == [
        "step `Train` of jobs `a`, `d` has no timeout"]


def test_a_timeout_added_to_a_step_several_jobs_share_fits_each_job():
    # It was 30m, a's guess: longer than d's 10m, a WF201 the fix made in d.
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - &one\n"
            "        run: python train.py\n  d:\n    timeout: 10m\n    steps:\n      - *one\n")
    (found,) = lint(text, require_timeout="steps")
    assert [edit.new_text for edit in found.fix.edits] == ['timeout: "10m"\n        ']
    fixed = text.replace("        run: python", '        timeout: "10m"\n        run: python')
    assert lint(fixed, require_timeout="steps") == ()


MATRIX_SHARED = """\
id: x
jobs:
  a: &a
    timeout: 1h
    matrix: {y: ["1"]}
    steps:
      - run: echo ${{ .matrix.x }}
  b: *a
  c: {<<: *a}
"""


def test_a_matrix_variable_several_jobs_lack_is_one_finding_naming_them():
    # Three findings at one place, each naming one job.
    assert [(where(f), f.message) for f in lint(MATRIX_SHARED)] == [
        ("7:31-7:32 WF403", "`.matrix.x` is not a variable of the `matrix` of jobs `a`, `b`, "
                            "`c` (variables: `y`)")]
    # Through `with` too; jobs with the same variables are listed together.
    other = MATRIX_SHARED.replace("${{ .matrix.x }}", "${{ with .matrix }}${{ .x }}${{ end }}")
    other = other.replace("{<<: *a}", '{<<: *a, matrix: {z: ["2"]}}')
    assert [f.message for f in lint(other)] == [
        "`.matrix.x` is not a variable of the `matrix` of jobs `a`, `b`, `c` (variables: `y` in "
        "`a`, `b`; `z` in `c`)"]
    text = MATRIX_SHARED.replace('    matrix: {y: ["1"]}\n', "")
    assert [(where(f), f.message) for f in lint(text)] == [
        ("6:23-6:32 WF405", "`.matrix.x` in jobs `a`, `b`, `c`, which have no `matrix`")]


def test_a_shared_matrix_variable_is_said_for_the_jobs_it_is_wrong_in():
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps: &s\n"
            "      - run: echo ${{ .matrix.modle }}\n"
            "  b:\n    timeout: 1h\n    matrix: {modle: [s]}\n    steps: *s\n"
            "  c:\n    timeout: 1h\n    matrix: {model: [s]}\n    steps: *s\n"
            "  d:\n    timeout: 1h\n    matrix: {mode: [s], z: [t]}\n    steps: *s\n")
    # `b` has it, `a` has no matrix: a rename for `c` would break `b` (it was offered).
    assert [(where(f), f.message, f.fixes) for f in lint(text)] == [
        ("6:23-6:36 WF405", "`.matrix.modle` in job `a`, which has no `matrix`", ()),
        ("6:31-6:36 WF403", "`.matrix.modle` is not a variable of the `matrix` of jobs `c`, "
                            "`d` (variables: `model` in `c`; `mode`, `z` in `d`)", ())]
    # Jobs that lack it alike, and no job has it: the guess and its fix, as for one job.
    alike = text.replace("{modle: [s]}", "{model: [s]}").replace("{mode: [s], z: [t]}",
                                                                   "{model: [t]}")
    found = [f for f in lint(alike) if f.code == "WF403"]
    assert [(f.message, [fix.title for fix in f.fixes]) for f in found] == [
        ("`.matrix.modle` is not a variable of the `matrix` of jobs `b`, `c`, `d`: did you "
         "mean `model`?", ["Change to `model`"])]


def test_an_env_variable_another_job_sharing_the_step_defines_names_the_jobs_without_it():
    # It said "not defined by any `env` here", in a step that job `a` reads it in rightly.
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    env: {DATA: d}\n    steps: &s\n"
            "      - run: echo ${{ .env.DATA }}\n"
            "  b:\n    timeout: 1h\n    env: {DATE: d}\n    steps: *s\n"
            "  c:\n    timeout: 1h\n    steps: *s\n")
    assert [(where(f), f.message, f.fixes) for f in lint(text)] == [
        ("7:28-7:32 WF404", "`.env.DATA` is not defined by any `env` around it in jobs `b`, "
                            "`c`: it has no value unless the runner sets it (not documented)", ())]
    # No job has it: "here" is true for each, and the guess (the same for all) is offered.
    alike = text.replace("{DATA: d}", "{DATE: d}").replace(
        "  c:\n    timeout: 1h\n", "  c:\n    timeout: 1h\n    env: {DATE: e}\n")
    assert [(f.message, [fix.title for fix in f.fixes]) for f in lint(alike)] == [
        ("`.env.DATA` is not defined by any `env` here: did you mean `DATE`?",
         ["Change to `DATE`"])]


def test_empty_collections_and_a_twice_listed_dependency_several_jobs_share_name_them():
    # Each named the first job alone: `b` and `c` have the same empty steps.
    text = ("id: x\njobs:\n  z:\n    timeout: 1h\n    steps: [{run: z}]\n  a: &a\n"
            "    timeout: 1h\n    depends_on: [z, z]\n    matrix: {x: []}\n    steps: []\n"
            "  b: *a\n  c: {<<: *a}\n")
    assert [(where(f), f.message) for f in lint(text)] == [
        ("8:21-8:22 WF303", "jobs `a`, `b`, `c` list `z` twice in `depends_on`"),
        ("9:17-9:19 WF506", "matrix variable `x` of jobs `a`, `b`, `c` has no values: the jobs "
                            "have no combination to run"),
        ("10:12-10:14 WF506", "jobs `a`, `b`, `c` have no steps: `steps` is empty")]
    text = text.replace("{x: []}", "&m {}").replace("  c: {<<: *a}\n",
                                                    "  c: {<<: *a, matrix: *m, steps: [{run: c}]}\n")
    assert [f.message for f in lint(text) if f.code == "WF506"] == [
        "jobs `a`, `b`, `c` have an empty `matrix`: it names no variable to run the jobs over",
        "jobs `a`, `b` have no steps: `steps` is empty"]


def test_an_invalid_merged_timeout_is_reported_once():
    text = MERGED.replace("timeout: 2h", "timeout: 2 h")
    assert spans(text) == ["4:14-4:17 WF102"]


def test_aliased_scalars_and_nested_merges():
    text = ("id: x\njobs:\n  a:\n    timeout: &limit 1h\n    steps:\n      - &step {run: a, timeout: *limit}\n"
            "  b:\n    <<: {<<: {timeout: *limit}}\n    steps: [*step, {run: b, timeout: &l2 30m1h}]\n"
            "  c:\n    timeout: *l2\n    steps: [{run: c}]\n")
    workflow = model(text)
    assert [job.timeout.text for job in workflow.jobs] == ["1h", "1h", "30m1h"]
    assert workflow.jobs[0].timeout.span == Span.of(3, 20, 3, 22)  # the token, not `&limit`
    assert spans(text) == ["9:42-9:47 WF103"]  # used by b's step and c: reported once


def test_merged_unknown_keys_are_reported_at_their_anchor_once():
    text = MERGED.replace("    timeout: 2h\n", "    timeout: 2h\n    timout: 1h\n")
    found = [where(f) for f in lint(text) if f.code == "WF003"]
    assert found == ["5:5-5:11 WF003"]


MERGED_JOBS = """\
id: x
x-common: &common
  a: {timeout: 1h, steps: [{run: a, timeout: 2h}]}
  b: {timeout: 5m, steps: [{run: common b}]}
x-more: &more
  <<: *common
  b: {timeout: 9m, steps: [{run: more b}]}
  c: {steps: [{run: c}]}
jobs:
  <<: [*common, *more]
  c:
    depends_on: [a, b]
    timeout: 1h
    steps: [{run: own c}]
"""


def test_jobs_merged_into_jobs_are_jobs_where_they_are_written():
    workflow = model(MERGED_JOBS)
    # Its own keys win, then the first merge of a list: as the engine's YAML reader reads it.
    assert [(job.id, job.key_span.start.line) for job in workflow.jobs] == [
        ("c", 10), ("a", 2), ("b", 3)]
    assert workflow.by_id["b"].timeout.text == "5m"
    # `depends_on: [a, b]` names jobs; a's step is checked once, at the anchor, though
    # `common` is merged twice (directly and through `more`).
    assert spans(MERGED_JOBS) == ["2:1-2:9 WF003", "3:46-3:48 WF201", "5:1-5:7 WF003"]


def test_a_jobs_keys_merged_into_jobs_are_said_once_at_the_merge_key():
    text = ("id: x\njobs:\n  a: &defaults\n    timeout: 1h\n    steps: [{run: a}]\n"
            "  <<: *defaults\n")  # meant for a job, written one level too high
    assert [(where(f), f.message) for f in lint(text)] == [
        ("6:3-6:5 WF005", "`<<` merges `timeout` (a string), `steps` (a list) into `jobs`, "
                          "where each must be a mapping (a job)")]


def test_a_job_aliased_under_another_id_is_a_job_of_that_id():
    text = ("id: x\njobs:\n  a: &job\n    timeout: 1h\n    steps: [{run: a}]\n  b: *job\n"
            "  c:\n    depends_on: [a, b]\n    timeout: 1h\n    steps: [{run: c}]\n")
    workflow = model(text)
    # It was job `a` twice, and `depends_on: [b]` an unknown job.
    assert [(job.id, job.key_span.start.line) for job in workflow.jobs] == [
        ("a", 2), ("b", 5), ("c", 6)]
    assert workflow.jobs[0].section is workflow.jobs[1].section
    assert spans(text) == []
    # Its timeout, added, is written in a's mapping: the fix says so.
    found = lint(text.replace("    timeout: 1h\n    steps: [{run: a}]", "    steps: [{run: a}]"))
    assert [(f.code, f.fixes[0].title) for f in found] == [
        ("WF203", "Add a timeout to job `a`"),
        ("WF203", "Add a timeout to job `b` (written at the anchor it aliases, for every job "
                  "that uses it)")]


def test_a_key_added_to_a_merged_one_that_excludes_it_is_said_at_the_added_key():
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - &step {run: a}\n"
            "      - <<: *step\n        upload: {path: o, destination: 'drive://b/'}\n")
    # At `upload`, the second step's own, not at the `run` the first step has alone.
    assert spans(text) == ["8:9-8:15 WF006"]


def test_a_duration_read_through_an_alias_of_another_keys_value_says_where_it_is_read():
    text = ("id: x\nenv:\n  REGION: &r eu-west-1\njobs:\n  a:\n    timeout: 1h\n"
            "    steps: [{run: a, timeout: *r}]\n")
    [finding] = lint(text)
    # Where it is written (the value to edit), and where it is read as a timeout: the
    # env value alone looked like a duration error on a region.
    assert where(finding) == "3:14-3:23 WF107"
    assert [(r.span.start.line, r.span.start.column, r.message) for r in finding.related] == [
        (6, 21, "read as a `timeout` here, through an alias")]
    # A timeout's own anchor, read again by another job, needs no such note.
    assert all(not f.related for f in lint(MERGED.replace("timeout: 2h", "timeout: 2 h")))


@pytest.mark.parametrize("merge, expected", [
    ("<<: 5", ["5:9-5:10 WF005"]),
    ("<<: [{name: n}, null]", ["5:21-5:25 WF005"]),
    ("<<:", ["5:5-5:7 WF005"]),
    ("<<: *t", ["5:5-5:7 WF005"]),  # at the `<<`: the anchored `1h` is a fine timeout
    ("<<: [*t]", ["5:5-5:7 WF005"]),
    ("<<: {name: n}", []),
])
def test_a_merge_key_that_merges_no_mapping_is_refused(merge, expected):
    text = f"id: x\njobs:\n  a:\n    timeout: &t 1h\n    {merge}\n    steps: [{{run: a}}]\n"
    assert spans(text) == expected

# --- partial documents ----------------------------------------------------------------------------

PARTIAL = """\
id: typing
jobs:
  first:
    depends_on: [later, nowhere]
    steps:
      - run: python first.py
        timeout: 30m1h
      - name: no action yet
  second:
    timeout: "1h
    steps:
      - run: x
"""


def test_a_partial_document_reports_the_syntax_error_and_what_the_part_before_allows():
    assert spans(PARTIAL) == ["7:18-7:23 WF103", "10:14-10:15 WF001"]
    linted = result(PARTIAL)
    assert not linted.parsed.complete
    assert [job.id for job in linted.workflows[0].jobs] == ["first", "second"]


def test_missing_keys_timeouts_and_dependencies_wait_for_the_rest_of_the_file():
    # The same text without the error reports them: held back, not lost.
    complete = PARTIAL.replace('"1h\n', '"1h"\n')
    assert sorted({f.code for f in lint(complete)}) == ["WF004", "WF103", "WF203", "WF301"]
    assert sorted({f.code for f in lint(PARTIAL)}) == ["WF001", "WF103"]


def test_an_empty_value_where_the_file_was_cut_is_not_reported():
    # `second:` and `timeout:` lost their content to the cut: neither "must be a mapping,
    # not empty" nor "the value is empty".
    assert [f.code for f in lint("id: x\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n"
                                 "  second:\n    timeout: \"1h\n")] == ["WF001"]
    assert [f.code for f in lint("id: x\njobs:\n  a:\n    steps: [{run: a}]\n    timeout:\n"
                                 "      [1h\n")] == ["WF001"]
    # but an empty value well before the error is the user's
    assert [f.code for f in lint("id: x\njobs:\n  a:\n    timeout:\n    steps: [{run: a}]\n"
                                 "  b: [\n")] == ["WF108", "WF001"]


def test_relation_and_structure_rules_still_check_the_part_before():
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    timeout: 2h\n    depends_on: [a]\n"
            "    steps:\n      - {run: a, upload: {path: a, destination: 'drive://b'}, timeout: 3h}\n  b: [\n")
    assert [f.code for f in lint(text)] == ["WF002", "WF302", "WF006", "WF201", "WF001"]


def test_a_merged_depends_on_is_reported_once():
    text = ("id: x\njobs:\n  a: &base\n    timeout: 1h\n    depends_on: [ghost, b, b]\n"
            "    steps: [{run: a}]\n  b:\n    <<: *base\n")
    # b merges a's `depends_on`: its unknown job, its duplicate and the self-dependency it
    # creates for b are reported once each, at the anchor's list.
    assert spans(text) == ["5:18-5:23 WF301", "5:25-5:26 WF302", "5:28-5:29 WF303"]


def test_tag_of_is_ruamels_tag_for_every_kind_of_tag():
    from wf_lsp.model import tag_of
    from wf_lsp.parse import Source, parse

    text = ("a: 1\nb: x\nc: [1.5, true, null]\nd: !!str 5\ne: !<tag:yaml.org,2002:int> 5\n"
            "f: !custom a\ng: !<tag:example.com,2000:%21x> y\n'<<': q\nh: &m {i: 1}\n"
            "j: {<<: *m}\n")
    roots = parse(Source.from_text(text)).roots
    stack, seen = list(roots), 0
    while stack:
        node = stack.pop()
        seen += 1
        assert tag_of(node) == node.tag
        if node.id == "mapping":
            stack.extend(item for pair in node.value for item in pair)
        elif node.id == "sequence":
            stack.extend(node.value)
    assert seen > 20
