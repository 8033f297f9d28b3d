"""The editor features in-process, on lines with emoji and CJK: positions are code points.

tests/lsp drives the same features through the server in every position encoding; these
check the protocol-free answers themselves and what a `Snapshot` keeps.
"""

from __future__ import annotations

from wf_lsp.config import Config
from wf_lsp.editor.actions import actions_at
from wf_lsp.editor.code_lens import job_lenses
from wf_lsp.editor.hover import hover_text
from wf_lsp.editor.navigation import job_at, occurrences, rename_edits, rename_problem
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Fix, Position, Span
from wf_lsp.fixes import apply_fixes
from wf_lsp.linter import analyze

DOC = """\
id: ünï
jobs:
  "🚀build":
    timeout: 90m
    steps:
      - name: 中文 step
        timeout: 2h
  test:
    depends_on: ["🚀build"]  # 中
    timeout: 1h
"""


def snapshot(text: str = DOC) -> Snapshot:
    return Snapshot(analyze(text), Config())


def written(snap: Snapshot, span: Span) -> str:
    assert span.start.line == span.end.line
    return snap.source.line_text(span.start.line)[span.start.column:span.end.column]


def test_a_snapshot_builds_its_indexes_once():
    snap = snapshot()
    [workflow] = snap.workflows
    assert snap.tokens is snap.tokens
    assert snap.outline is snap.outline
    assert snap.timeline(workflow) is snap.timeline(workflow)
    other = snapshot()  # another version of the document: its own indexes
    assert other.tokens is not snap.tokens
    assert other.timeline(other.workflows[0]) is not snap.timeline(workflow)


def test_tokens_are_found_by_code_point_columns():
    snap = snapshot()
    # Inside the quoted entry, after the emoji: one code point, two UTF-16 units.
    entry = snap.tokens.at(Position(8, 19))
    assert (entry.kind, entry.ref.name, written(snap, entry.span)) == (
        "dependency", "🚀build", '"🚀build"')
    key = snap.tokens.at(Position(2, 10))  # right after the key: a cursor at a word's end
    assert (key.kind, key.job.id, written(snap, key.span)) == ("job", "🚀build", '"🚀build"')
    duration = snap.tokens.at(Position(6, 18))
    assert (duration.kind, duration.step.index, written(snap, duration.span)) == ("duration", 0, "2h")
    assert snap.tokens.at(Position(5, 14)) is None  # a value no request is about


def test_hover_on_a_step_timeout_says_which_limit_is_reached_first():
    text, span = hover_text(snapshot(), Position(6, 18), markdown=False)
    assert written(snapshot(), span) == "2h"
    assert text.splitlines() == [
        "2h · 2 hours · 7,200 s",
        "Effective limit: 1h30m, job 🚀build's timeout, reached first",
        "job 🚀build: 1h30m; steps with timeouts use 2h of it, 30m more than it has",
    ]
    markdown, _ = hover_text(snapshot(), Position(6, 18), markdown=True)
    assert "job `🚀build`'s timeout, reached first" in markdown


def test_rename_edits_keep_the_quotes_and_apply_cleanly():
    snap = snapshot()
    workflow, job_id, _ = job_at(snap, Position(8, 19))
    assert [(written(snap, span), declared) for span, declared in
            occurrences(snap, workflow, job_id, declaration=True)] == [('"🚀build"', True),
                                                                 ('"🚀build"', False)]
    assert rename_problem(snap, workflow, job_id, "build_2") is None
    edits = rename_edits(snap, workflow, job_id, "build_2")
    renamed, applied = apply_fixes(snap.source, [Fix("rename", tuple(edits), True)])
    assert applied == 1
    assert renamed == DOC.replace('"🚀build"', '"build_2"')


def test_rename_problems_name_what_is_wrong():
    snap = snapshot()
    [workflow] = snap.workflows
    assert rename_problem(snap, workflow, "test", "deploy") is None
    assert rename_problem(snap, workflow, "test", "test") is None
    assert rename_problem(snap, workflow, "🚀build", "test") == "a job named `test` already exists"
    assert rename_problem(snap, workflow, "test", "🚀 build").startswith("`🚀 build` is not a valid job id")
    assert rename_problem(snap, workflow, "test", "True") == (
        "`True` is not a valid job id: YAML reads it as true, not as a name")
    # Every mention of 🚀build is quoted, and stays so: 2026 is a string there.
    assert rename_problem(snap, workflow, "🚀build", "2026") is None


def test_code_lens_titles_follow_the_critical_path():
    snap = snapshot()
    assert [(written(snap, lens.span), lens.title) for lens in job_lenses(snap)] == [
        ('"🚀build"', "timeout 1h30m · critical path 1h30m"),
        ("test", "timeout 1h · critical path 2h30m"),
    ]
    # What clicking reveals: the jobs of a path longer than the job itself.
    assert [[written(snap, span) for span in lens.path] for lens in job_lenses(snap)] == [
        [], ['"🚀build"', "test"]]


def test_actions_at_a_place_keep_the_documents_line_breaks_and_quotes():
    text = ('id: ünï\r\njobs:\r\n  "🚀a":\r\n    name: 中文 🚀\r\n    steps:\r\n'
            '      - {run: a, timeout: "1.5h"}\r\n      - run: b\r\n        timeout: 0s\r\n')
    snap = snapshot(text)

    def applied(line: int, column: int = 0) -> dict[str, str]:
        found = actions_at(snap, Span.of(line, column, line, column))
        return {a.title: apply_fixes(snap.source, [Fix(a.title, (a.edit,), True)])[0] for a in found}

    # (the sum of the steps' timeouts, not an hour: less would be WF202's finding)
    assert applied(2) == {"Add a timeout to job `🚀a`": text.replace(
        "name: 中文 🚀\r\n", 'name: 中文 🚀\r\n    timeout: "1h30m"\r\n')}
    assert applied(5, 30) == {"Write as 1h30m": text.replace('"1.5h"', '"1h30m"')}
    assert applied(7, 18) == {}  # "Change to …" on a zero is WF104's own fix
    assert applied(6) == {}  # the step has a timeout (zero, but there)


SCALAR_NEED = """\
id: sc
jobs:
  build:
    timeout: 1h
    steps:
      - run: make
  deploy:
    timeout: 1h
    depends_on: "build"  # WF005: a list is meant
    steps:
      - run: ship
"""


def test_a_lone_name_written_for_depends_on_is_a_reference_of_the_job():
    from wf_lsp import fix
    from wf_lsp.editor.navigation import target_at

    snap = snapshot(SCALAR_NEED)
    on_key, on_need = Position(2, 3), Position(8, 17)
    for pos in (on_key, on_need):
        target = target_at(snap, pos)
        assert [(span.start.line, written(snap, span), declared)
                for span, declared in target.mentions(declaration=True)] == [
            (2, "build", True), (8, '"build"', False)]
        assert [written(snap, span) for span in target.definitions] == ["build"]
    text, _ = apply_fixes(snap.source, [Fix("rename", tuple(target_at(snap, on_need).rename_edits("compile")))])
    assert text == SCALAR_NEED.replace("build", "compile")
    assert [(f.code, f.message) for f in analyze(text).findings] == [
        (f.code, f.message.replace("build", "compile")) for f in snap.result.findings] == [
        ("WF005", "`depends_on` must be a list: `[compile]`")]
    assert "WF301" not in {f.code for f in fix(text).findings}


def test_a_step_shared_through_a_merge_key_gets_one_add_a_timeout():
    for text in ("id: dup\njobs:\n  base: &base {timeout: 1h, steps: [{run: echo a}]}\n"
                 "  merged: {<<: *base}\n",
                 "id: dup\njobs:\n  base: &base\n    timeout: 1h\n    steps:\n      - run: echo a\n"
                 "  merged:\n    <<: *base\n"):
        snap = snapshot(text)
        step = text.splitlines().index(next(row for row in text.splitlines() if "echo a" in row))
        column = text.splitlines()[step].index("run")
        found = actions_at(snap, Span.of(step, column, step, column))
        assert [(a.title, a.kind) for a in found] == [("Add a timeout to step `step 1: echo a`", "add")]
        # `merged` has the timeout its merge key brings: no WF203, no action on its key.
        assert [f.code for f in snap.result.findings] == []
        line = next(i for i, row in enumerate(text.splitlines()) if row.startswith("  merged"))
        assert actions_at(snap, Span.of(line, 2, line, 2)) == []



def test_add_a_timeout_on_a_step_jobs_share_writes_one_that_fits_each():
    # From job `a`'s step the action wrote 30m (a's share of 1h), which job `b`, 10m long,
    # reads too: a new WF201 there. It writes the least of their shares, as WF203's fix does.
    text = ("id: x\njobs:\n  a: &a\n    timeout: 1h\n    steps:\n      - run: echo a\n"
            "  b:\n    <<: *a\n    timeout: 10m\n")
    snap = snapshot(text)
    for line, column in ((5, 8), (5, 12)):  # on `-`, on `run`
        [action] = actions_at(snap, Span.of(line, column, line, column))
        assert action.title == "Add a timeout to step `step 1: echo a`"
        fixed, _ = apply_fixes(snap.source, [Fix(action.title, (action.edit,), safe=False)])
        assert 'timeout: "10m"' in fixed, fixed
        assert [f.code for f in analyze(fixed).findings] == []


def test_hover_on_an_alias_of_a_timeout_is_the_values_for_its_own_job():
    text = ("id: x\njobs:\n  a:\n    timeout: &t 90m\n    steps: [{run: a, timeout: &s 5m}]\n"
            "  b:\n    timeout: *t\n    steps: [{run: b, timeout: *s}]\n")
    snap = snapshot(text)
    # `*t` showed nothing: it is b's timeout, 90m.
    shown, span = hover_text(snap, Position(6, 14), True)
    assert written(snap, span) == "*t"
    assert shown.startswith("`90m` = **1h30m**") and "job `b`: 1h30m" in shown
    shown, span = hover_text(snap, Position(7, 31), True)
    assert written(snap, span) == "*s" and "Effective limit: 5m, the step's own (job `b`" in shown
