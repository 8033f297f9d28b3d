"""Calls across files in the editor package (`wf_lsp.editor.calls`), without a server: a
snapshot linted in a workspace of a caller and the workflow it calls."""

from __future__ import annotations

from wf_lsp.config import Config
from wf_lsp.editor import calls
from wf_lsp.editor.completion import complete
from wf_lsp.editor.hover import hover_text
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Position
from wf_lsp.linter import analyze, index_text
from wf_lsp.workspace import Workspace

CALLER = """\
id: nightly
jobs:
  ship:
    timeout: 1h
    workflow:
      name: deploy
      inputs:
        region: eu
""" + " " * 8 + "\n"  # the cursor's line, for the input names
CALLEE = """\
id: deploy
inputs:
  region: {type: string, required: true}
  dry_run: {type: bool, default: false, description: Only say what would change}
trigger: {callable: true}
jobs:
  roll-out:
    timeout: 30m
    steps: [{run: ./deploy.sh}]
"""
OTHERS = {"/p/flows/deploy.yaml": CALLEE,
          "/p/report.yaml": "id: report\njobs:\n  a: {timeout: 1h, steps: [{run: x}]}\n",
          "/p/archive.yaml": CALLEE.replace("id: deploy", "id: archive")}
ON_NAME = Position(5, 14)


def snapshot(text: str = CALLER) -> Snapshot:
    workspace = Workspace.of(e for path, t in OTHERS.items() for e in index_text(t, path=path))
    return Snapshot(analyze(text, path="/p/nightly.yaml", workspace=workspace), Config())


def test_definition_is_the_called_workflows_id_in_its_file():
    place = calls.definition(snapshot(), ON_NAME)
    assert (place.path, place.span.start, place.span.end) == (
        "/p/flows/deploy.yaml", Position(0, 4), Position(0, 10))
    assert calls.definition(snapshot(), Position(2, 3)) is None  # a job id: not a call


def test_references_of_a_workflow_id_across_files():
    snap = snapshot()
    assert calls.workflow_id_at(snap, ON_NAME) == "deploy"
    assert calls.workflow_id_at(snap, Position(0, 6)) == "nightly"
    places = calls.references(snap.workspace, None, "deploy", declaration=True)
    assert [(p.path, p.span.start.line) for p in places] == [
        (None, 5), ("/p/flows/deploy.yaml", 0)]
    assert calls.references(snap.workspace, None, "deploy", declaration=False) == places[:1]


def test_hover_on_a_call_shows_the_callees_inputs():
    text, span = hover_text(snapshot(), ON_NAME, markdown=False)
    assert text.splitlines() == [
        "workflow deploy · flows/deploy.yaml", "", "Inputs:", "- region (string, required)",
        "- dry_run (bool, default false): Only say what would change"]
    assert span.start == Position(5, 12)


def test_completion_of_callable_workflows_and_of_the_inputs_not_passed():
    snap = snapshot(CALLER.replace("name: deploy", "name: "))
    names = complete(snap, Position(5, 12))
    assert [(i.label, i.kind) for i in names] == [("archive", "workflow"), ("deploy", "workflow")]
    inputs = complete(snapshot(), Position(8, 8))
    # The detail says what the label does not (it repeated the name); the description is
    # the documentation.
    assert [(i.label, i.new_text, i.detail, i.documentation(False)) for i in inputs] == [
        ("dry_run", "dry_run: ", "bool · optional · default false", "Only say what would change")]


def test_workspace_symbols_are_workflows_then_jobs_matching_the_query():
    snap = snapshot()
    found = calls.workspace_symbols(snap.workspace.entries(), "ro")
    assert [(s.name, s.kind, s.container) for s in found] == [
        ("report", "workflow", None), ("roll-out", "job", "archive"),
        ("roll-out", "job", "deploy")]
