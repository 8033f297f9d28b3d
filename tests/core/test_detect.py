"""What is a workflow: positive evidence for the format, the look of its neighbours.

`tests/corpus/other/<tool>/` holds files of the formats that sit beside workflows in a
repository, written in the shapes those tools document; every one must be skipped, with
a `--verbose` reason naming the tool its folder is named for (`misc/` holds YAML with no
look worth naming, `shared-keys/` the files of tools whose only clue is a root key several
tools have, which must name no tool; `broken-*` files do not parse). The CLI runs over them file by file,
as a folder, and with every file named.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wf_lsp.detect import classify
from wf_lsp.parse import Source, parse

from .helpers import ROOT, lint, result, run_cli, where

OTHER = ROOT / "tests" / "corpus" / "other"
LOOKS = {
    "github-actions": "a GitHub Actions",
    "gitlab-ci": "a GitLab CI configuration",
    "azure-pipelines": "an Azure Pipelines definition",
    "circleci": "a CircleCI configuration",
    "bitbucket": "a Bitbucket Pipelines configuration",
    "travis": "a Travis CI configuration",
    "concourse": "a Concourse",
    "drone-woodpecker": "Drone pipeline",
    "buildkite": "a Buildkite pipeline",
    "cirrus-ci": "a Cirrus CI configuration",
    "dagu": "a Dagu DAG",
    "argo": "an Argo Workflows manifest",
    "tekton": "a Tekton resource",
    "kubernetes": "a Kubernetes manifest",
    "compose": "a Docker Compose file",
    "ansible": "Ansible",
    "helm": "Helm chart",
    "cloud-build": "a Google Cloud Build configuration",
    "dataproc": "a Dataproc workflow template",
    "serverless": "a Serverless Framework configuration",
    "home-assistant": "a Home Assistant automation",
    "codefresh": "a Codefresh pipeline",
    "copilot": "an AWS Copilot",
    "sourcegraph": "a Sourcegraph batch spec",
    "stackstorm": "a StackStorm rule",
    "shared-keys": "another tool's configuration",
}
NO_LOOK = ("no `jobs` key at the root", "`jobs` but no `id`, and nothing that only a workflow has")
# `id` and `jobs` of another tool's: the reason names a key of a record and one of the root.
RECORDS = "`jobs` is a list of records with `{}` and the root has `{}`: neither is a workflow's"
FILES = sorted(p.relative_to(OTHER).as_posix() for p in OTHER.rglob("*") if p.is_file())


def verdict(text: str):
    return classify(parse(Source(text)), text)


# --- the verdict --------------------------------------------------------------------------------

STEPS = "{a: {timeout: 1h, steps: [{run: a}]}}"


@pytest.mark.parametrize("text", [
    "id: x\njobs: {}\n",
    "id: x\njobs:\n",  # both required keys, one still empty
    "id: x\njobs: [a, b]\n",  # the required keys, `jobs` of the wrong type (WF005 says so)
    "on: push\nid: x\njobs: {}\n",  # `id` and `jobs` are this format's: `on` is a stray key
    f"jobs: {STEPS}\n",  # everything in it is this format's: only `id` is missing
    "jobs:\n  a:\n    timout: 1h\n    steps:\n      - nmae: a\n        run: a\n",  # with typos
    f"na:\njobs: {STEPS}\n",  # a root key being typed
    "jobs: {a: {workflow: {name: other}}}\n",  # a job that calls a workflow
    "jobs: {a: {depends_on: [b]}, b: {}}\n",  # a key only this format has...
    "jobs: {a: {image: x, depends_on: [b], steps: [{run: a}]}}\n",  # ...in a job with steps
    "jobs: {a: {working_dir: /x}}\n",
    "jobs: {a: {steps: [{uses: x, continue_on_error: true}]}}\n",
    "jobs: {a: {steps: [{uses: x, working_dir: /x}]}}\n",
    "jobs: {a: {steps: [{upload: {path: x}}]}}\n",
    "jobs: {a: {steps: [{download: {source: x}}]}}\n",
    "jobs: {a: {steps: [{command: 'cp drive://b/x .'}]}}\n",
    f"cancel_on_failure: false\njobs: {STEPS}\nversion: 2\n",  # ...wins over a neighbour's key
    f"trigger: {{schedule: [{{cron: '0 2 * * *'}}]}}\npool: x\njobs: {STEPS}\n",
    f"trigger: {{callable: true}}\njobs: {STEPS}\n",
    "id:\n  jobs:\n    a: {}\n",  # `jobs` indented under `id`
    # `jobs` misspelt, with jobs plainly this format's: linted, so the typo is said
    f"id: x\njbos: {STEPS}\n",
    f"id: x\nJobs: {STEPS}\n",
    f"jbos: {STEPS}\n",
    "jobz: {a: {depends_on: [b]}, b: {}}\n",
    # `jobs` written as a list by mistake, of this format's jobs: linted (WF005), whatever
    # else the root has
    "id: x\ndescription: y\njobs:\n  - name: a\n    steps: [{run: a}]\n",
    "id: x\ndescription: y\njobs: [{nmae: a}, {timeout: 1h}]\n",
    # ...or of jobs as list items under their ids, or being typed
    "id: x\njobs:\n  - train:\n      steps: [{run: a}]\n  - test: {timeout: 1h}\n",
    "id: x\njobs:\n  - train:\n  - test:\n",
    "id: x\njobs:\n  - train: {st: }\n",
    # a number as `id` and a root key not this format's, but jobs that are this format's
    "id: 7\nstatus: x\njobs: {a: {steps: [{run: a}]}}\n",
    "id: 7\nstatus: x\njobs: {a: {steps: [{run: a}]}, b: }\n",
    # a number as `id` (WF005 says to quote it) with this format's jobs, or one being typed
    "id: 7\njobs: {a: {steps: [{run: a}]}}\n",
    "id: 7\njobs: {a: {st: }}\n",
    # an H2O Drive location in a value, beside a root key not this format's
    "x: 1\njobs: {a: {steps: [{run: 'cp m drive://b/'}]}}\n",
    # GitHub's spelling of a step's key, in a workflow with `id` or a key only it has:
    # WF003 says what to write instead
    "id: x\njobs: {a: {steps: [{run: a, working-directory: b}]}}\n",
    "jobs: {a: {depends_on: [b], steps: [{run: a, continue-on-error: true}]}, b: {}}\n",
])
def test_workflows_are_known_by_positive_evidence(text):
    found = verdict(text)
    assert (found.is_workflow, found.reason, found.looks_like) == (True, None, None)
    assert [root.id for root in found.roots] == ["mapping"]


@pytest.mark.parametrize("text, reason", [
    ("jobs:\n", NO_LOOK[1]),  # `jobs` alone is no evidence
    ("id: 5\nJobs: {a: {owner: b}, c: {owner: d}}\n", NO_LOOK[0]),  # a typo's jobs are not ours
    ("Jobs:\n  build:\n    runs-on: x\n    steps: [{run: a}]\n", NO_LOOK[0]),  # not ours
    ("name: x\njobs: {a: {steps: [{uses: x}]}}\n", NO_LOOK[1]),  # not this format's step
    ("jobs: {a: {image: x, steps: [{run: a}]}}\n", NO_LOOK[1]),  # not this format's job
    ("jobs: {a: {steps: [checkout]}}\n", NO_LOOK[1]),
    ("jobs: {a: {timeout: 1h}}\n", NO_LOOK[1]),  # no job has steps
    # `depends_on` and `working_dir` in a job with no steps and another tool's keys: Docker
    # Compose services and Helm values' jobs have them too
    ("jobs:\n  backup:\n    image: busybox:1.36\n    schedule: '0 3 * * *'\n"
     "    working_dir: /data\n    command: [/backup.sh]\n", NO_LOOK[1]),
    ("jobs: {a: {image: x, depends_on: [b]}, b: {}}\n", NO_LOOK[1]),
    ("jobs: {a: {working_dir: /x, env: [{name: A, value: b}]}}\n", NO_LOOK[1]),
    ("jobz: {a: {image: x, depends_on: [b]}, b: {}}\n", NO_LOOK[0]),
    # a job's key the format does not have, with no `id`: not linted, steps or not
    ("jobs: {build: {steps: [{run: make}], continue-on-error: true}}\n", NO_LOOK[1]),
    (f"jobs: {STEPS}\nimage: x\n", NO_LOOK[1]),  # not this format's root key
    ("id: x\nname: y\n", NO_LOOK[0]),
    # a root `id` and `jobs` of another tool: a list of records beside another root key
    ("id: 7\nstatus: ok\njobs: [{id: 1, name: build}, {id: 2, name: test}]\n",
     RECORDS.format("id", "status")),
    # an API's record: a number as `id`, and jobs that are records, as a list or a mapping
    ("id: 1234\nname: nightly\njobs:\n  build: {id: 55, status: success}\n",
     "`jobs` is a mapping of records with `id` and the root has a number as `id`: neither "
     "is a workflow's"),
    ("id: 4821\njobs:\n  build:\n    id: 1\n    status: [\n", "not valid YAML, and `jobs` is "
     "a mapping of records with `id` and the root has a number as `id`: neither is a "
     "workflow's"),
    ("id: 1234\njobs:\n  - {id: 55, name: build, steps: [{name: x, status: success}]}\n",
     "`jobs` is a list of records with `id` and the root has a number as `id`: neither is "
     "a workflow's"),
    ("id: etl\njobs: [{stepId: a, sparkJob: {}}]\nplacement: {managedCluster: {}}\n",
     "looks like a Dataproc workflow template (`jobs` with `stepId`)"),
    # a root key that is a typo of `jobs` with no job of this format's under it, beside
    # a `trigger` that is not this format's either: not linted (`--fix` renamed `job`)
    ("job:\n  name: backup\n  command: /backup.sh\ntrigger:\n  schedule: '0 3 * * *'\n",
     NO_LOOK[0]),
    ("job: {cmd: make}\ncancel_on_failure: true\n", NO_LOOK[0]),
    ("on: push\njobs: {a: {steps: [{run: a}]}}\n",
     "looks like a GitHub Actions workflow (`on` at the root)"),
    ('"on": push\njobs: {}\n', "looks like a GitHub Actions workflow (`on` at the root)"),
    # a `drive://` location written in another tool's file: an upload to H2O Drive from a
    # GitHub Actions step or a container's arguments are not this format's
    ("on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: 'h2o drive upload m drive://b/'}]\n",
     "looks like a GitHub Actions workflow (`on` at the root)"),
    ("services: {up: {image: x, command: [cp, /m, 'drive://b/']}}\njobs: {a: {image: x}}\n",
     "looks like a Docker Compose file (`services`)"),
    ("jobs: {sync: {image: x, schedule: '0 * * * *', args: ['drive://b/']}}\n", NO_LOOK[1]),
    # a `drive://` location in a comment is no evidence (a Helm values file's note)
    ("# results go to drive://b/\nx: 1\njobs: {a: {steps: [{name: a, run: a}]}}\n",
     NO_LOOK[1]),
    ("x: [\njobs:\n  a:\n    steps:\n      - run: a  # then drive://b/\n",
     "not valid YAML, and not recognisably a workflow"),
    # nor a key this format alone has, in a comment of a broken file (a Helm values note)
    ("# continue_on_error: true, set by the chart\nx: [\njobs:\n  a:\n    image: x\n",
     "not valid YAML, and not recognisably a workflow"),
    ("x: 1\njobs:  # cancel_on_failure: false\n  a: {image: x\n",
     "not valid YAML, and not recognisably a workflow"),
    ("# depends_on: the db chart\nx: [\njobs:\n  a:\n    steps: x\n",
     "not valid YAML, and not recognisably a workflow"),
    ("on: push\njobs:\n  a:\n    steps:\n      - run: cp m drive://b/\n      - run: [\n",
     "not valid YAML, and it looks like a GitHub Actions workflow (`on` at the root)"),
    ("jobs:\n  a:\n    timeout-minutes: 5\n    steps:\n      - run: cp m drive://b/ [\n"
     "      - run: [\n", "not valid YAML, and not recognisably a workflow"),
    # a root key several tools have names a tool only with what is that tool's under it
    ("stages:\n  train: {cmd: python train.py}\n",
     "looks like another tool's configuration (`stages` at the root)"),  # DVC
    ("stages: [build, test]\n", "looks like a GitLab CI configuration (`stages` of names)"),
    ("pipelines:\n  build: {group: main}\n",
     "looks like another tool's configuration (`pipelines` at the root)"),  # GoCD
    ("pipelines:\n  default: [{step: {script: [make]}}]\n",
     "looks like a Bitbucket Pipelines configuration (`pipelines.default`)"),
    ("workflows:\n  primary: {steps: [script@1: {}]}\n",
     "looks like another tool's configuration (`workflows` at the root)"),  # Bitrise
    ("workflows:\n  main: {jobs: [test]}\n",
     "looks like a CircleCI configuration (`workflows` of `jobs`)"),
    ("version: 1.4\njobs: {backup: {cmd: ./backup.sh, time: '0 0 3 * * *'}}\n",
     "looks like another tool's configuration (`version` and `jobs` at the root)"),  # Jobber
    ("include:\n  - local: ci/docs.yml\n",
     "looks like a GitLab CI configuration (`include` of `local`, `project` or `template`)"),
    ("jobs:\n  b:\n    runs-on: x\n    steps: [{run: a}]\n",
     "looks like a GitHub Actions workflow (jobs with `runs-on`)"),
    ("jobs:\n  call:\n    uses: ./.github/workflows/x.yml\n    with: {env: prod}\n",
     "looks like a GitHub Actions workflow (jobs with `uses`)"),  # a reusable workflow's call
    # a GitHub Actions workflow without `on` or `runs-on` yet: its steps' keys are GitHub's
    # spelling, not typos of `working_dir` and `continue_on_error` (it was linted: WF004)
    ("name: ci\njobs:\n  b:\n    steps:\n      - run: make\n        working-directory: src\n",
     "looks like a GitHub Actions workflow (steps with `working-directory`)"),
    ("jobs:\n  b:\n    steps:\n      - run: make\n        continue-on-error: true\n"
     "      - run: [\n", "not valid YAML, and it looks like a GitHub Actions workflow "
                        "(steps with `continue-on-error`)"),
    ("jobs:\n  b:\n    steps:\n      - run: [\n      - run: make\n"
     "        working-directory: src\n", "not valid YAML, and not recognisably a workflow"),
    # a CircleCI config without `version` or `docker` yet: a `run` step of `command`
    ("jobs:\n  b:\n    steps:\n      - run:\n          name: t\n          command: make\n",
     "looks like a CircleCI configuration (steps with `run.command`)"),
    ("services:\n  web: {timeout: 10s}\n", "looks like a Docker Compose file (`services`)"),
    ("version: 2.1\njobs: {a: {steps: [{run: a}]}}\n",
     "looks like a CircleCI configuration (`version` and `jobs`)"),
    ("trigger: [main]\njobs:\n  - job: a\n", "looks like an Azure Pipelines definition "
     "(`jobs` as a list of `job`)"),
    # an Azure Pipelines template whose jobs are written by its expressions
    ("parameters: {os: [linux]}\njobs:\n  - ${{ each os in parameters.os }}:\n"
     "      - job: build_${{ os }}\n", "looks like an Azure Pipelines definition "
     "(`jobs` of `${{ each }}` or `${{ if }}`)"),
    # Cirrus CI and Dagu beside the formats they resemble (they were said to be these)
    ("build_task:\n  before_script: make deps\n  script: make\n",
     "looks like a GitLab CI configuration (job `build_task` with `script` or `stage`)"),
    ("task:\n  script: make\n  timeout_in: 5m\n",
     "looks like a Cirrus CI configuration (`task` with `timeout_in`)"),
    ("steps:\n  - name: build\n    command: make\n",
     "looks like a Buildkite pipeline (steps with `command` or `wait`)"),
    ("steps:\n  - name: build\n    command: make\n  - name: test\n    command: make test\n"
     "    depends: build\n", "looks like a Dagu DAG (steps with `name` and `depends`)"),
    ("- jobs\n", "the document is not a mapping"),
    ("just text\n", "the document is not a mapping"),
    ("- hosts: all\n  tasks: []\n", "looks like an Ansible playbook (plays with `hosts`)"),
    ("", "empty document"),
    ("# only a comment\n", "empty document"),
    ("services: [\n", "not valid YAML, and not recognisably a workflow"),
    # a root `id` and a `jobs:` line deeper, in a file whose root keys are another tool's
    ("id: f\nnamespace: n\ntasks:\n  - id: a\n    jobs:\n      - x\n  - id: b\n    m: [\n",
     "not valid YAML, and not recognisably a workflow"),  # Kestra
    ("id: https://x/s.json\ntype: object\nproperties:\n  jobs:\n    type: {\n",
     "not valid YAML, and not recognisably a workflow"),  # a JSON schema
    ("jobs:\n  a:\n    image: x\n    steps: [\n", "not valid YAML, and not recognisably a workflow"),
    ("jobs:\n  build:\n    runs-on: [\n", "not valid YAML, and not recognisably a workflow"),
    ("jobs:\n  backup:\n    image: busybox\n    working_dir: /data\n    command: [\n",
     "not valid YAML, and not recognisably a workflow"),
    ("name: x\njobs:\n  - job: a\n    steps: [\n", "not valid YAML, and it looks like an Azure "
     "Pipelines definition (`jobs` as a list of `job`)"),
    ("on: push\njobs:\n  a: [\n", "not valid YAML, and it looks like a GitHub Actions workflow "
     "(`on` at the root)"),
    # `jobs` (and `id`) in the text of another tool's file with a syntax error: the part
    # before the error is judged as a valid file is (they were linted: WF003 on every key)
    ("jobs:\n  nightly:\n    account_id: 1\n    execute_steps: [dbt build\n",
     "not valid YAML, and not recognisably a workflow"),  # dbt Cloud jobs
    ("id: etl\njobs:\n- pysparkJob: {mainPythonFileUri: 'gs://b/x.py'}\n  stepId: extract\n"
     "- pysparkJob: {mainPythonFileUri: 'gs://b/y.py}\nplacement: {}\n",
     "not valid YAML, and it looks like a Dataproc workflow template (`jobs` with `stepId`)"),
    # a file being written top to bottom, before the root key that says whose it is: its
    # `jobs` plainly records, or both clues at the root before any record is written
    ("id: etl\njobs:\n- pysparkJob:\n    mainPythonFileUri: gs://b/x.py\n",
     "`jobs` is a list of records with `pysparkJob`: not a workflow's jobs"),
    ("id: etl\njobs:\n- pysparkJob: {mainPythonFileUri: gs://b/x.py}\n  stepId: extract\n"
     "- pysparkJob:\n", "looks like a Dataproc workflow template (`jobs` with `stepId`)"),
    # ...or with a syntax error where the typing stands: a quote left open on a key that
    # is not a job's or a step's, a list of jobs and a word typed under it, a record
    # begun under the records
    # a template of a workflow (Jinja, Salt, Helm), not one: `{%` or `{{` lines break YAML,
    # and a placeholder in a value reads as a mapping with a mapping as key
    ("{% for j in jobs %}\njobs:\n  a:\n    steps:\n      - run: make\n",
     "not valid YAML, and not recognisably a workflow"),
    ("jobs:\n{{- range .Values.jobs }}\n  {{ .name }}:\n    steps:\n      - run: make\n",
     "not valid YAML, and not recognisably a workflow"),
    ("jobs:\n  a:\n    steps:\n      - run: {{ command }}\n", NO_LOOK[1]),
    ("jobs:\n  backup:\n    cron: '0", "not valid YAML, and not recognisably a workflow"),
    ("jobs:\n  a:\n    steps:\n      - name: x\n        exec: \"x",
     "not valid YAML, and not recognisably a workflow"),
    ("name: cron-app\njobs:\n  - name: nightly\n    k",
     "not valid YAML, and not recognisably a workflow"),
    ("jobs:\n- hadoopJob:\n    mainJarFileUri: file:",
     "not valid YAML, and not recognisably a workflow"),
    ("id: 4821\nstatus: failed\njobs:\n  - id: 9913\n    name: build\n  - i",
     "`jobs` is a list of records with `id` and the root has `status`: neither is a "
     "workflow's"),
    ("id: 4821\nstatus: failed\njobs:\n",
     "the root has `status` and a number as `id`: neither is a workflow's"),
    ("id: 1234\nname: n\njobs:\n  build: {id: 55, status: ok}\n  test:\n",
     "`jobs` is a mapping of records with `id` and the root has a number as `id`: neither is "
     "a workflow's"),
    ("jobs:\n  b:\n    steps:\n      - run:\n          name: t\n",
     "looks like a CircleCI configuration (steps with `run.name`)"),
    ("id: 4821\nstatus: failed\njobs:\n  - id: 9913\n    status: success\n  - id: 9914\n"
     "    status: [\n", "not valid YAML, and `jobs` is a list of records with `id` and the root "
                        "has `status`: neither is a workflow's"),  # an API's record of a run
])
def test_other_yaml_is_skipped_with_a_reason(text, reason):
    found = verdict(text)
    assert (found.is_workflow, found.reason, found.roots) == (False, reason, ())
    assert result(text, "f.yaml").skipped == reason


def test_the_verdict_names_the_look_apart_from_the_reason():
    found = verdict("apiVersion: batch/v1\nkind: Job\nspec: {activeDeadlineSeconds: 60}\n")
    assert found.looks_like == "a Kubernetes manifest"
    assert found.reason == "looks like a Kubernetes manifest (`apiVersion` and `kind: Job`)"
    assert verdict("jobs:\n").looks_like is None


def test_every_workflow_document_of_a_stream_is_linted_and_others_skipped():
    text = ("id: a\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n---\nservices: {timeout: 1 h}\n"
            "---\nid: b\njobs: {b: {timeout: 30m1h, steps: [{run: b}]}}\n")
    linted = result(text)
    assert [w.root.get("id").value.value for w in linted.workflows] == ["a", "b"]
    assert [where(f) for f in linted.findings] == ["7:21-7:26 WF103"]
    # A stream of other documents is skipped for what its first one looks like.
    assert verdict("kind: pipeline\n---\nkind: secret\n").reason == (
        "looks like a Drone pipeline (`kind: pipeline`)")
    # ... or the first that has a look: a GitLab CI component's `spec` header has none
    assert verdict("spec:\n  inputs: {stage: {default: test}}\n---\nlint:\n  stage: test\n"
                   "  script: [make]\n").reason == (
        "looks like a GitLab CI configuration (job `lint` with `script` or `stage`)")


# --- what the user sees ---------------------------------------------------------------------

def test_a_workflow_without_its_id_is_linted_and_told_so():
    text = "jobs:\n  train:\n    timeout: 1h\n    steps:\n      - run: python train.py\n"
    assert [(where(f), f.message) for f in lint(text)] == [
        ("1:1-1:6 WF004", "the workflow needs `id`")]


def test_jobs_indented_under_an_id_with_a_value_is_a_syntax_error_that_says_so():
    text = "id: m\n jobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\n"
    assert [(where(f), f.message) for f in lint(text)] == [
        ("2:6-2:7 WF001", "YAML syntax error: mapping values are not allowed in this context "
                          "(`jobs` is indented more than `id` above it)")]


def test_jobs_indented_under_an_empty_id_is_a_workflow_missing_its_jobs():
    text = "id:\n jobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\n"
    assert [(where(f), f.message) for f in lint(text)] == [
        ("1:1-1:4 WF004", "the workflow needs `jobs` (`jobs` is indented under `id`)"),
        ("2:2-7:1 WF005", "`id` must be a string, not a mapping")]


def test_the_indentation_hint_is_only_given_for_a_key_under_a_value():
    # `echo a: b` is the error here, not the indentation of `run`.
    text = "id: x\njobs:\n  a:\n    steps:\n      - name: x\n        run: echo a: b\n"
    (finding,) = lint(text)
    assert finding.message == ("YAML syntax error: mapping values are not allowed in this "
                               "context (the `: ` in `run`'s value starts a mapping: quote "
                               "the value)")


@pytest.mark.parametrize("text", [
    "id: [x\njobs:\n  a:\n    timeout: 30m1h\n",  # no document survives the error
    "jobs:\n  a:\n    depends_on: [b\n",  # `jobs` at the root and a key only workflows have
    "jobs:\n  a:\n    steps: [\n",  # `jobs` at the root, and only this format's keys
    "jobs:\n  a:\n    steps:\n      - download: {source: 'drive://b/x', path: [\n",
    # a quote left open on a key of this format's, in a job or a step, as it is typed
    "jobs:\n  a:\n    steps:\n      - run: make\n    timeout: \"1h",
    # with `id`, a line of a `run: |` block that starts `{{` is no template
    "id: x\njobs:\n  a:\n    steps:\n      - run: |\n          {{ a }}\n        timeout: [5m\n",
    "jobs:\n  a:\n    steps:\n      - run: \"make",
])
def test_a_broken_file_that_plainly_is_a_workflow_gets_its_syntax_error(text):
    assert [f.code for f in lint(text)] == ["WF001"]


def test_a_root_key_being_typed_on_the_first_line_is_said_on_its_word():
    # It was "mapping values are not allowed in this context" at `jobs:` (YAML reads `na
    # jobs` as one string): the word is a key being typed, as on any line below, and the
    # rest of the document is read.
    findings = lint("na\njobs:\n  a:\n    steps: [{run: a}]\n")
    assert [f.code for f in findings] == ["WF001", "WF004", "WF203"]
    assert findings[0].message.startswith("YAML syntax error: `na` has no `:` after it")


@pytest.mark.parametrize("text", [
    "jobs:\n  a:\n    runer: x\n    steps:\n      - run: [\n",  # a job's key misspelt
    "jobs:\n  a:\n    image: x\n    depends_on: [b]\n    steps:\n      - run: [\n",
    "jobs:\n  a:\n    image: x\n    steps:\n      - run: a\n        continue_on_error: [\n",
    "id: x\nowner: y\njobs:\n- name: a\n  steps: [\n",  # a list of jobs by mistake
])
def test_a_broken_workflow_with_a_key_not_its_own_before_the_error_is_still_linted(text):
    # The part before the error is judged as a valid file is: a job's unknown key does not
    # outweigh a key only this format has, and `id` with `jobs` is a workflow.
    assert verdict(text).is_workflow


def test_a_broken_file_is_linted_in_the_part_before_the_error():
    text = "id: x\nnmae: y\n jobs: {}\n"
    assert [f.code for f in lint(text)] == ["WF003", "WF001"]


def test_config_include_still_forces_any_file_in():
    compose = (OTHER / "compose" / "healthcheck.yaml").read_text(encoding="utf-8")
    forced = result(compose, "c.yaml", include=["c.yaml"])
    assert forced.skipped is None
    assert "WF004" in [f.code for f in forced.findings]


# --- the corpus of other formats, through the real command line --------------------------------

def expected_reason(name: str, reason: str) -> bool:
    """Whether `reason` is right for corpus file `name`: the look its folder is named for
    (after "not valid YAML" for a `broken-` file), or for `misc/` what is missing."""
    folder, _, file = name.partition("/")
    if file.startswith("broken-") != reason.startswith("not valid YAML, and "):
        return False
    if file.startswith("broken-"):
        reason = reason.removeprefix("not valid YAML, and ").removeprefix("it ")
        if reason == "not recognisably a workflow":
            return True
    if folder == "misc":
        # a bare list of steps (Google Cloud Workflows) is no mapping
        return reason in (*NO_LOOK, "the document is not a mapping") or reason.startswith(
            tuple(RECORDS.split("`{}`")[0].replace("list", kind) for kind in ("list", "mapping")))
    return reason.startswith("looks like ") and LOOKS[folder] in reason.split(" (")[0]


def test_the_corpus_has_every_neighbour_and_the_hard_cases():
    assert len(FILES) >= 60
    assert {name.partition("/")[0] for name in FILES} == {*LOOKS, "misc"}
    text = {name: (OTHER / name).read_text(encoding="utf-8") for name in FILES}
    hard = {
        "circleci/jobs-with-steps.yml": ["version: 2.1", "    steps:", "no_output_timeout: 1h"],
        "circleci/config.yml": ["version: 2.1", "orbs:"],
        "gitlab-ci/gitlab-ci.yml": ["timeout: 1h 30m"],
        "cloud-build/cloudbuild.yaml": ["timeout: 1200s"],
        "compose/healthcheck.yaml": ["healthcheck:", "timeout: 10s"],
        "azure-pipelines/jobs-list.yml": ["jobs:\n  - job: Build"],
        "concourse/pipeline.yml": ["jobs:\n  - name: unit", "plan:"],
        "helm/values-jobs.yaml": ["jobs:\n  cleanup:", "    steps:", "timeout: 30m"],
        "kubernetes/configmap-with-a-workflow.yaml": ["    id: train\n    jobs:"],
        "dataproc/workflow-template.yaml": ["id: nightly-etl\njobs:\n- pysparkJob:"],
        "misc/pipeline-run-record.yaml": ["id: 4821", "jobs:\n  - id: 9913"],
        "misc/broken-kestra-flow.yaml": ["id: publish-ci", "        jobs:"],
        "shared-keys/dvc.yaml": ["stages:\n  prepare:", "    cmd:"],
        "shared-keys/pipeline.gocd.yaml": ["pipelines:\n  build:", "          jobs:"],
        "shared-keys/onedev-buildspec.yml": ["version: 33\njobs:\n- name: CI", "timeout:"],
        "misc/api-job-record.yaml": ["id: 1234", "jobs:\n  build:\n    id: 55"],
        "misc/helm-values-drive-comment.yaml": ["# drive://reports/", "    steps:"],
        "misc/broken-helm-values-drive-comment.yaml": ["to drive://reports/", "      - name:"],
        "misc/broken-helm-values-comment-keys.yaml": ["# continue_on_error: true",
                                                      "# depends_on:", "limits: {cpu"],
        "misc/prometheus-rules.yaml": ["for: 5m"],
        "home-assistant/automation.yaml": ["id: morning", "trigger:\n  - platform:"],
        "codefresh/codefresh.yml": ["stages:\n  - clone", "timeout: 30m"],
    }
    for name, parts in hard.items():
        assert all(part in text[name] for part in parts), name


def skipped_lines(stderr: str) -> dict[str, str]:
    """`wf-lsp: skipped NAME: REASON` lines (and nothing else), as {NAME: REASON}."""
    lines = stderr.splitlines()
    assert all(line.startswith("wf-lsp: skipped ") for line in lines), stderr
    return dict(line.removeprefix("wf-lsp: skipped ").split(": ", 1) for line in lines)


def test_the_corpus_is_silent_as_a_folder_and_each_reason_names_the_look():
    done = run_cli("lint", "--verbose", "--select", "ALL", ".", cwd=OTHER)
    assert (done.stdout, done.returncode) == ("All checks passed (0 workflow files).\n", 0)
    # A folder with no workflow in it is said (cli's test of it), after the reasons.
    said, warning = done.stderr.rsplit("wf-lsp: warning: ", 1)
    assert warning == "no workflow files found under .\n"
    reasons = skipped_lines(said)
    assert sorted(reasons) == FILES
    wrong = {name: why for name, why in reasons.items() if not expected_reason(name, why)}
    assert wrong == {}


def test_the_corpus_is_silent_with_every_file_named():
    for jobs in ("1", "2"):
        done = run_cli("lint", "--format", "json", "--jobs", jobs, *FILES, cwd=OTHER)
        assert (done.stdout, done.stderr, done.returncode) == ("[]\n", "", 0)


@pytest.mark.parametrize("name", FILES)
def test_each_corpus_file_is_silent_on_its_own(name):
    done = run_cli("lint", "--verbose", "--format", "concise", name, cwd=OTHER)
    assert (done.stdout, done.returncode) == ("All checks passed (0 workflow files).\n", 0)
    reasons = skipped_lines(done.stderr)
    assert list(reasons) == [name] and expected_reason(name, reasons[name]), reasons


# A file being written is each of its prefixes in turn. These prefixes of corpus files are
# workflows as this format defines them (or the same workflow with a list of jobs by
# mistake), or one with a key being typed, with nothing of the other tool's written yet, so
# the findings are right for them: (file, the line being written).
AMBIGUOUS_PREFIXES = {
    # `jobs: {build: {steps: [{run: null}]}}`, then a word typed under `run:`
    ("circleci/run-command-no-version.yml", 6), ("circleci/run-command-no-version.yml", 7),
    # `id` and an empty `jobs`, then `- pysparkJob:` as a workflow's job written as a list,
    # and a word typed under it
    ("dataproc/broken-template.yaml", 4), ("dataproc/broken-template.yaml", 5),
    ("dataproc/broken-template.yaml", 6),
    ("dataproc/workflow-template.yaml", 4), ("dataproc/workflow-template.yaml", 5),
    ("dataproc/workflow-template.yaml", 6),
    # `name`, `env`, `jobs` and steps of `name` and `run`: a workflow without its `id`, and
    # the first letter of a step's next key (`r`un, `c`ontinue_on_error, `w`orking_dir)
    ("github-actions/broken-no-on-yet-continue-on-error.yml", 9),
    ("github-actions/broken-no-on-yet-continue-on-error.yml", 10),
    ("github-actions/broken-no-on-yet-continue-on-error.yml", 11),
    ("github-actions/no-on-yet-working-directory.yml", 7),
    ("github-actions/no-on-yet-working-directory.yml", 8),
    # a number as `id` (which WF005 asks to quote) and `jobs` empty or a job not written yet
    ("misc/api-job-record-list.yaml", 2), ("misc/api-job-record-list.yaml", 3),
    ("misc/api-job-record.yaml", 3), ("misc/api-job-record.yaml", 4),
    ("misc/api-job-record.yaml", 5),
}


def cuts(line: str) -> list[int]:
    """Where a line is cut while it is typed: after its whole text, after the first
    character of its key (or of the `-` of an item), and after its first quote."""
    start = len(line) - len(line.lstrip(" "))
    quote = min((i for i in (line.find("'"), line.find('"')) if i >= 0), default=-1)
    return sorted({len(line), *([start + 1] if line.strip() else []),
                   *([quote + 1] if quote >= 0 else [])})


def test_every_prefix_of_the_corpus_is_silent_but_for_workflows(tmp_path):
    """Each file of the corpus cut where it stands while it is written top to bottom (after
    each line; in a line, after the first character of its key and inside its first quote),
    linted as a folder: only the prefixes that are workflows (above) get a finding."""
    names = {}
    for name in FILES:
        lines = (OTHER / name).read_text(encoding="utf-8").splitlines(keepends=True)
        for number, line in enumerate(lines, 1):
            for cut in cuts(line):
                # each in a project of its own: a prefix's id meets no other prefix's
                folder = tmp_path / f"{len(names)}"
                folder.mkdir()
                (folder / "wf-lsp.toml").write_text("", encoding="utf-8")
                text = "".join(lines[:number - 1]) + line[:cut]
                (folder / Path(name).name).write_text(text, encoding="utf-8")
                names[f"{len(names)}/{Path(name).name}"] = (name, number)
    assert len(names) > 6000
    done = run_cli("lint", "--format", "json", "--select", "ALL", ".", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    found = {names[finding["path"]] for finding in json.loads(done.stdout)}
    assert sorted(found) == sorted(AMBIGUOUS_PREFIXES)
