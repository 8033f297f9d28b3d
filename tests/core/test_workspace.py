"""The workspace index (`wf_lsp.workspace`) and the rules over it, in-process: what a file
contributes, the view from one file, and call cycles against a brute-force closure."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from wf_lsp.config import Config
from wf_lsp.linter import analyze, index_text
from wf_lsp.workspace import Workspace, shown

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
@settings(max_examples=150, deadline=None)
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
