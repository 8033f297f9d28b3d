"""The workspace index (`wf_lsp.workspace`) and the rules over it, in-process: what a file
contributes, the view from one file, and call cycles against a brute-force closure."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.config import Config
from wf_lsp.durations import canonical
from wf_lsp.findings import Position, Severity, Span
from wf_lsp.linter import analyze, index_text
from wf_lsp.workspace import Workspace, shown

from .helpers import where

CALLEE = """\
id: deploy
name: Deploy
inputs:
  region: {type: string, required: true, description: Where}
  dry_run:
    type: bool
    default: false
trigger:
  callable: true
jobs:
  go:
    timeout: 1h
    steps: [{run: a}]
"""


def test_an_entry_has_what_other_files_need():
    (entry,) = index_text(CALLEE, path="/p/deploy.yaml")
    assert (entry.path, entry.id, entry.name, entry.callable) == (
        "/p/deploy.yaml", "deploy", "Deploy", True)
    assert [(i.name, i.type, i.required, i.default, i.description, i.needed)
            for i in entry.inputs] == [("region", "string", True, None, "Where", True),
                                       ("dry_run", "bool", False, "false", None, False)]
    assert [j.id for j in entry.jobs] == ["go"]
    assert entry.make_callable is None


def test_a_file_without_an_id_key_is_not_parsed_and_other_yaml_has_no_workflow():
    assert index_text("jobs: {a: {steps: [{run: x}]}}\n", path="/p/a.yaml") == ()
    assert index_text("id: web\nservices: {web: {image: nginx}}\n", path="/p/c.yaml") == ()


def test_the_edit_that_makes_a_workflow_callable():
    def made(text: str) -> str:
        (entry,) = index_text(text, path="/p/w.yaml")
        edit = entry.make_callable
        lines = text.splitlines(keepends=True)
        start, end = edit.span.start, edit.span.end
        before = "".join(lines[: start.line]) + lines[start.line][: start.column] \
            if start.line < len(lines) else text
        after = ("".join(lines[end.line:]))[end.column:] if end.line < len(lines) else ""
        return before + edit.new_text + after

    jobs = "jobs:\n    a:\n        steps: [{run: x}]\n"
    assert made("id: w\n" + jobs) == "id: w\ntrigger:\n    callable: true\n" + jobs
    assert made("id: w\ntrigger:\n  callable: false\njobs: {}\n") == (
        "id: w\ntrigger:\n  callable: true\njobs: {}\n")
    assert made("id: w\ntrigger:\n   schedule: []\njobs: {}\n") == (
        "id: w\ntrigger:\n   callable: true\n   schedule: []\njobs: {}\n")
    (flow,) = index_text("{id: w, jobs: {a: {steps: [{run: x}]}}}\n", path="/p/w.yaml")
    assert flow.make_callable is None  # flow style: no fix rather than a rewrite


def test_the_view_puts_a_files_current_text_in_place_of_what_the_index_had():
    workspace = Workspace.of(index_text(CALLEE, path="/p/deploy.yaml"))
    edited = index_text(CALLEE.replace("id: deploy", "id: ship"), path="/p/deploy.yaml")
    view = workspace.view("/p/deploy.yaml", edited)
    assert view.get("deploy") is None and view.get("ship") is edited[0]
    assert view.ids() == ["ship"]
    other = workspace.view("/p/other.yaml", ())
    assert other.get("deploy").path == "/p/deploy.yaml"


def test_paths_in_messages_are_relative_to_the_file_that_says_them():
    assert shown("/p/flows/deploy.yaml", "/p/nightly.yaml") == "flows/deploy.yaml"
    assert shown("/p/deploy.yaml", "/p/team/nightly.yaml") == "../deploy.yaml"
    assert shown(None, "/p/a.yaml") == "this text"


def workflow(index: int, calls: list[int]) -> str:
    jobs = "".join(f"  call{n}:\n    timeout: 1h\n    workflow: {{name: w{n}}}\n" for n in calls)
    jobs = jobs or "  a: {timeout: 1h, steps: [{run: x}]}\n"
    return f"id: w{index}\ntrigger:\n  callable: true\njobs:\n{jobs}"


def reaches(graph: dict[int, set[int]], start: int) -> dict[int, int]:
    """Each workflow `start` leads to, with the fewest calls it takes."""
    distance, frontier = {start: 0}, [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in graph[node]:
                if nxt not in distance:
                    distance[nxt] = distance[node] + 1
                    following.append(nxt)
        frontier = following
    return distance


@given(st.integers(1, 6).flatmap(lambda n: st.lists(
    st.sets(st.integers(0, n - 1), max_size=3), min_size=n, max_size=n)))
@settings(max_examples=examples(1.5, at_most=150))
def test_a_call_is_on_a_cycle_exactly_when_its_callee_leads_back(graph_lists):
    graph = dict(enumerate(graph_lists))
    texts = {f"/p/w{i}.yaml": workflow(i, sorted(calls)) for i, calls in graph.items()}
    workspace = Workspace.of(e for path, text in texts.items() for e in index_text(text, path=path))
    for i, calls in graph.items():
        path = f"/p/w{i}.yaml"
        found = {f.span.start.line: f for f in analyze(
            texts[path], path=path, config=Config(select=("WF605",)), workspace=workspace).findings}
        for order, callee in enumerate(sorted(calls)):
            line = 4 + 3 * order + 2  # the job's `workflow:` line
            back = reaches(graph, callee).get(i)
            assert (line in found) == (back is not None), (graph, i, callee)
            if callee == i:
                assert found[line].message == f"`w{i}` calls itself: its runs never end"
            elif back is not None:
                # The cycle shown is a shortest one: i, callee, ..., i.
                assert found[line].message.count("→") == back + 1
                assert len(found[line].related) == back


def test_relative_paths_are_made_absolute_so_one_file_is_one_entry(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (entry,) = index_text(CALLEE, path="deploy.yaml")
    assert entry.path == os.path.join(str(tmp_path), "deploy.yaml")


# --- WF606: a call's timeout against the called workflow's -------------------------------

TRAIN = """\
id: train
trigger:
  callable: true
jobs:
{jobs}"""


def call_timeout(limit: str, jobs: str, name: str = "train", callee_path: str = "/p/train.yaml",
                 callee: str | None = None, **settings) -> tuple:
    """WF606's findings in a caller whose one job has `limit` and calls `name`, with the
    workflow `train` of `jobs` (or the text `callee`) in its own file (or in the
    caller's, for `callee_path` None)."""
    callee = callee if callee is not None else TRAIN.format(jobs=jobs)
    caller = f"id: nightly\njobs:\n  run:\n    timeout: {limit}\n    workflow:\n      name: {name}\n"
    if callee_path is None:
        caller, entries = f"{caller}---\n{callee}", ()
    else:
        entries = index_text(callee, path=callee_path)
    config = Config(select=("WF606",), **settings)
    return analyze(caller, path="/p/nightly.yaml", config=config,
                   workspace=Workspace.of(entries)).findings


def test_a_chain_of_the_callees_jobs_longer_than_the_calls_timeout():
    jobs = ("  fetch: {timeout: 30m, steps: [{run: a}]}\n"
            "  fit: {timeout: 1h30m, depends_on: [fetch], steps: [{run: b}]}\n")
    (finding,) = call_timeout('"1h"', jobs)
    assert finding.message == (
        "the call of `train` (`train.yaml`) may run 2h (fetch 30m → fit 1h30m), longer than "
        "job `run`'s timeout 1h: the job's limit ends the call first")
    assert (finding.severity, where(finding)) == (Severity.WARNING, "4:14-4:18 WF606")
    (fix,) = finding.fixes
    # Inside the quotes, which stay.
    assert (fix.title, fix.safe, [(e.new_text, e.span) for e in fix.edits]) == (
        "Raise the job's timeout to 2h", False, [("2h", Span(Position(3, 14), Position(3, 16)))])
    # Exactly as long as the chain: the call can end within it.
    assert call_timeout("2h", jobs) == ()
    assert call_timeout("1h59m59s", jobs)


def test_jobs_side_by_side_count_once_the_longest_chain_not_the_sum():
    jobs = ("  a: {timeout: 1h, steps: [{run: a}]}\n"
            "  b: {timeout: 40m, steps: [{run: a}]}\n"
            "  c: {timeout: 30m, depends_on: [b], steps: [{run: a}]}\n"
            "  d: {timeout: 10m, depends_on: [a, c], steps: [{run: a}]}\n")
    assert call_timeout("1h20m", jobs) == ()  # not 2h20m, the four added up
    (finding,) = call_timeout("1h19m", jobs)
    assert "may run 1h20m (b 40m → c 30m → d 10m)" in finding.message


def test_a_job_without_a_timeout_counts_its_steps_timeouts_or_nothing():
    jobs = ("  prep: {steps: [{run: a}]}\n"  # nothing known: 0
            "  fit:\n    depends_on: [prep]\n    steps:\n"
            "      - {timeout: 40m, run: a}\n      - {run: b}\n      - {timeout: 30m, run: c}\n"
            "  odd: {timeout: 3h 0m, steps: [{timeout: 5h, run: a}]}\n")  # not readable: 0
    (finding,) = call_timeout("1h", jobs)
    assert "may run 1h10m (fit 1h10m)," in finding.message
    assert call_timeout("1h10m", jobs) == ()


def test_a_job_of_the_callee_that_calls_on_counts_its_timeout_only():
    jobs = ("  inner: {timeout: 2h, workflow: {name: deeper}}\n"
            "  untimed: {workflow: {name: deeper}}\n")
    deeper = "id: deeper\ntrigger: {callable: true}\njobs:\n  long: {timeout: 9h, steps: [{run: a}]}\n"
    entries = [*index_text(TRAIN.format(jobs=jobs), path="/p/train.yaml"),
               *index_text(deeper, path="/p/deeper.yaml")]
    caller = "id: nightly\njobs:\n  run:\n    timeout: 3h\n    workflow:\n      name: train\n"
    assert analyze(caller, path="/p/nightly.yaml", config=Config(select=("WF606",)),
                   workspace=Workspace.of(entries)).findings == ()
    (finding,) = call_timeout("1h", jobs)
    assert "may run 2h (inner 2h)," in finding.message


def test_a_callee_in_the_same_file_and_by_its_resource_name():
    jobs = "  fit: {timeout: 2h, steps: [{run: a}]}\n"
    (same,) = call_timeout("1h", jobs, callee_path=None)
    assert same.message.startswith("the call of `train` may run 2h (fit 2h), longer")
    resource = "/workspaces/ml/workflows/train"
    assert len(call_timeout("1h", jobs, name=resource, workspace_id="ml")) == 1
    # Another workspace's, or any resource name when the local id is not configured.
    assert call_timeout("1h", jobs, name=resource, workspace_id="other") == ()
    assert call_timeout("1h", jobs, name=resource) == ()


def test_nothing_is_said_where_the_callees_limits_are_not_known_for_sure():
    long = "  fit: {timeout: 2h, steps: [{run: a}]}\n"
    assert len(call_timeout("1h", long)) == 1
    # Not callable (WF603), unknown (WF602), a dependency cycle (WF302), a syntax error.
    assert call_timeout("1h", "", callee=TRAIN.format(jobs=long).replace("true", "false")) == ()
    assert call_timeout("1h", long, name="nothing") == ()
    cycle = ("  a: {timeout: 2h, depends_on: [b], steps: [{run: a}]}\n"
             "  b: {timeout: 2h, depends_on: [a], steps: [{run: a}]}\n")
    assert call_timeout("1h", cycle) == ()
    broken = TRAIN.format(jobs="  fit:\n    steps: [{timeout: 2h, run: a}]\n    timeout: [1m\n")
    assert call_timeout("1h", "", callee=broken) == ()
    # Two workflows with the id (WF601): which one runs is not known.
    entries = [*index_text(TRAIN.format(jobs=long), path="/p/a.yaml"),
               *index_text(TRAIN.format(jobs="  fit: {timeout: 1m, steps: [{run: a}]}\n"),
                           path="/p/b.yaml")]
    caller = "id: nightly\njobs:\n  run:\n    timeout: 1h\n    workflow:\n      name: train\n"
    assert analyze(caller, path="/p/nightly.yaml", config=Config(select=("WF606",)),
                   workspace=Workspace.of(entries)).findings == ()
    # The caller's own timeout not readable (WF101's), or absent (WF203's).
    assert call_timeout("1 h", long) == ()


def test_a_chain_past_gos_largest_duration_is_said_but_not_written_as_a_timeout():
    jobs = ("  a: {timeout: 2000000h, steps: [{run: a}]}\n"
            "  b: {timeout: 2000000h, depends_on: [a], steps: [{run: a}]}\n")
    (finding,) = call_timeout("1h", jobs)
    assert "may run 4000000h (a 2000000h → b 2000000h)," in finding.message
    assert finding.fixes == ()


def test_the_callees_jobs_in_the_message_are_those_that_count_a_long_chain_elided():
    jobs = "".join(f"  j{i}: {{timeout: 1m, {f'depends_on: [j{i - 1}], ' if i else ''}"
                   f"steps: [{{run: a}}]}}\n" for i in range(10))
    (finding,) = call_timeout("5m", jobs)
    assert "may run 10m (j0 1m → j1 1m → j2 1m → … 4 more … → j7 1m → j8 1m → j9 1m)," \
        in finding.message


@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.sets(st.integers(0, n - 1), max_size=3), min_size=n, max_size=n),
    st.lists(st.sampled_from([None, 0, 1, 5, 30]), min_size=n, max_size=n))),
    st.integers(1, 60))
@settings(max_examples=examples(1.5, at_most=150))
def test_the_callees_run_is_its_longest_chain_of_job_limits(graph_and_minutes, limit):
    """Against a brute force: every path of the job graph (a DAG: each job needs lower
    numbers only), the sum of its jobs' timeouts; a job without one (None) counts 0."""
    needs_lists, minutes = graph_and_minutes
    needs = {i: sorted(n for n in needed if n < i) for i, needed in enumerate(needs_lists)}
    jobs = "".join(
        f"  j{i}:\n" + (f"    timeout: {m}m\n" if m else "")
        + (f"    depends_on: [{', '.join(f'j{n}' for n in needs[i])}]\n" if needs[i] else "")
        + "    steps: [{run: a}]\n"
        for i, m in enumerate(minutes))

    def longest(i: int) -> int:
        return (minutes[i] or 0) + max((longest(n) for n in needs[i]), default=0)

    worst = max(longest(i) for i in needs)
    found = call_timeout(f"{limit}m", jobs)
    assert len(found) == (worst > limit)
    if found:
        assert f"may run {canonical(worst * 60 * 10**9)} (" in found[0].message


def test_a_workspace_not_indexed_yet_holds_back_the_rules_about_calls():
    """The editor's index while it is being read (`Workspace.indexed` False): a callee
    missing from it may only not be read yet. The rules about calls between files say
    nothing (no WF602 for `deploy`), and an ignore comment for one of them is not called
    unused (WF010): once indexed, `deploy` is there and not callable, and WF603 is what the
    comment silences."""
    caller = ("id: nightly\njobs:\n  ship:\n    timeout: 2h\n    workflow:\n"
              "      name: deploy  # wf-lsp: ignore[WF603]\n"
              "  again:\n    timeout: 2h\n    workflow:\n      name: deploy\n")
    callee = "id: deploy\njobs:\n  go:\n    timeout: 1h\n    steps: [{run: a}]\n"
    reading = Workspace(indexed=False)
    assert [f.code for f in analyze(caller, path="/p/nightly.yaml", workspace=reading).findings] == []
    indexed = Workspace.of(index_text(callee, path="/p/deploy.yaml"))
    assert [(f.code, f.span.start.line) for f in
            analyze(caller, path="/p/nightly.yaml", workspace=indexed).findings] == [("WF603", 9)]
