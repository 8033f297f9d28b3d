"""The context providers: which inputs, secrets, env and matrix names a place sees, the
declarations' details, every expression's place, and what building them costs."""

from __future__ import annotations

import subprocess
import sys

from wf_lsp import expr, semantics
from wf_lsp.linter import analyze

from .helpers import cli_env

DOCUMENT = """\
id: sem
inputs:
  epochs:
    type: int
    default: 10
    description: How long
  token: {type: string, secret: true, required: true}
  epochs: {type: bool}
secrets:
  - name: workspaces/w/secrets/a
    as: tok
  - name: workspaces/w/secrets/b
    as: tok
  - {name: workspaces/w/secrets/c}
env: &shared
  TOP: "1"
  LEVEL: workflow
trigger:
  schedule:
    - cron: "0 2 * * *"
      inputs: {token: x}
    - cron: "@daily"
concurrency:
  group: g-${{ .inputs.epochs }}
jobs:
  train:
    timeout: 1h
    matrix:
      os: [linux, mac]
      py: ["3.11", "3.12", "3.13"]
    env:
      <<: *shared
      LEVEL: job
    steps:
      - name: 😀 ${{ .matrix.os }}
        env: {LEVEL: step, ONLY: here}
        run: echo ${{ .env.LEVEL }}
      - run: echo ${{ .env.LEVEL }}
  plain:
    timeout: 1h
    steps:
      - run: echo hi
"""


def build(text: str = DOCUMENT) -> semantics.Semantics:
    result = analyze(text)
    return semantics.of(result.workflows[0], result.source)


def test_the_contexts_are_the_expression_languages():
    assert semantics.CONTEXTS == expr.CONTEXTS


def test_inputs_with_their_details_the_first_of_a_repeated_name():
    found = build()
    assert list(found.inputs) == ["epochs", "token"]
    epochs, token = found.inputs.values()
    assert (epochs.type, epochs.default.value, epochs.required, epochs.secret, epochs.description) \
        == ("int", "10", False, False, "How long")
    assert (token.type, token.default, token.required, token.secret) == ("string", None, True, True)
    assert (epochs.span.start.line, epochs.span.start.column) == (2, 2)


def test_secrets_and_aliases():
    found = build()
    assert [(s.alias, s.name) for s in found.secrets] == [
        ("tok", "workspaces/w/secrets/a"), ("tok", "workspaces/w/secrets/b"),
        (None, "workspaces/w/secrets/c")]
    assert found.aliases["tok"] is found.secrets[0]
    assert found.secrets[0].span.start.line == 10


def test_schedules():
    found = build()
    assert [(s.cron.value, [e.key for e in s.inputs]) for s in found.schedules] == [
        ("0 2 * * *", ["token"]), ("@daily", [])]


def test_each_place_sees_its_names():
    found = build()
    group, name, run, second_run = found.sites
    assert (group.place.kind, group.place.key, group.place.level) == ("concurrency", "group",
                                                                      "workflow")
    assert (name.place.kind, name.place.key, name.place.level) == ("step", "name", "step")
    assert second_run.place.step.index == 1
    assert sorted(found.visible(group.place, "env")) == ["LEVEL", "TOP"]
    assert found.visible(group.place, "matrix") == {}
    env = found.visible(run.place, "env")
    assert sorted(env) == ["LEVEL", "ONLY", "TOP"]
    # the inner definition wins: the step's, then the job's (over a merged workflow env)
    assert (env["LEVEL"].value, env["LEVEL"].level) == ("step", "step")
    assert found.visible(second_run.place, "env")["LEVEL"].value == "job"
    matrix = found.matrix_of(run.place.job)
    assert {name: v.values for name, v in matrix.variables.items()} == {
        "os": ("linux", "mac"), "py": ("3.11", "3.12", "3.13")}
    assert matrix.instances == 6
    assert found.visible(run.place, "inputs") is found.inputs
    assert found.visible(run.place, "secrets") is found.aliases
    assert found.visible(run.place, "vars") == {}


def test_literal_places_follow_the_catalog():
    found = build("id: a\njobs:\n  j:\n    timeout: ${{ .inputs.t }}\n    steps:\n"
                  "      - run: ${{ .inputs.t }}\n")
    timeout, run = found.sites
    assert (timeout.place.key, timeout.place.literal) == ("timeout", True)
    assert (run.place.key, run.place.literal) == ("run", False)


def test_built_once_per_document():
    result = analyze(DOCUMENT)
    first = semantics.of(result.workflows[0], result.source)
    assert semantics.of(result.workflows[0], result.source) is first


def test_a_document_without_expressions_has_no_sites():
    assert build(DOCUMENT.replace("${{", "{")).sites == ()


PROBE = """\
import sys
from wf_lsp.linter import analyze
analyze(open(sys.argv[1], encoding="utf-8").read())
print(",".join(sorted(m for m in sys.modules if m in {watched!r} or m.startswith("wf_lsp.expr"))))
"""
WATCHED = ("wf_lsp.semantics", "wf_lsp.cron", "wf_lsp.scalars", "wf_lsp.expressions", "cronsim",
           "cron_descriptor")


def loaded_for(tmp_path, text: str) -> list[str]:
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PROBE.format(watched=WATCHED), str(path)],
                          env=cli_env(), capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip().split(",") if done.stdout.strip() else []


def test_a_plain_workflow_loads_neither_the_expression_parser_nor_the_model_of_names(tmp_path):
    plain = "id: a\njobs:\n  j:\n    timeout: 1h\n    steps:\n      - run: echo ${HOME}\n"
    assert loaded_for(tmp_path, plain) == []


def test_expressions_and_schedules_load_what_they_need_and_no_cron_library(tmp_path):
    loaded = loaded_for(tmp_path, DOCUMENT)
    assert {"wf_lsp.semantics", "wf_lsp.expressions", "wf_lsp.expr", "wf_lsp.cron"} <= set(loaded)
    assert "cronsim" not in loaded and "cron_descriptor" not in loaded
