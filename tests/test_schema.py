"""schemas/workflow.schema.json: generated from the catalog, and in agreement with the linter.

The agreement tests feed the same documents to python `jsonschema` and to
`wf_lsp.linter.analyze` and compare WHERE each finds a problem (a path into the
document), for every finding the schema can express: unknown keys (WF003), missing keys
(WF004), wrong types (WF005), exclusive keys (WF006) and bad durations (WF101-WF109).
The documents are the examples, the rule docs' examples, a corpus if there is one, and
variations of a document that uses every key of the format.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import regress
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from ruamel.yaml import YAML

from wf_lsp import cron, schema, spec
from wf_lsp.linter import analyze
from wf_lsp.model import span_of
from wf_lsp.rules import RULES
from wf_lsp.rules.durations import check_text, check_value

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "workflow.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
EXPRESSIBLE = {"WF003", "WF004", "WF005", "WF006", "WF007"} | {f"WF1{n:02d}" for n in range(1, 10)} | {
    "WF406", "WF501", "WF504", "WF505", "WF511", "WF512"}

KITCHEN_SINK = """\
id: kitchen-sink
name: Every key of the format
inputs:
  epochs:
    type: int
    required: false
    default: 10
    description: How many epochs
  token:
    type: string
    secret: true
    default: abc
  dry_run:
    type: bool
    default: false
trigger:
  schedule:
    - cron: "0 2 * * *"
      inputs:
        epochs: "5"
  callable: true
concurrency:
  group: train-${{ .inputs.epochs }}
  cancel_in_progress: false
env:
  STAGE: prod
secrets:
  - name: workspaces/ws/secrets/token
    as: token
cancel_on_failure: true
jobs:
  prepare:
    name: Prepare
    runner: cpu-small
    working_dir: /work
    timeout: "30m"
    env:
      LEVEL: "1"
    matrix:
      shard: ["a", "b"]
    steps:
      - name: Download
        working_dir: /data
        env: {X: "1"}
        timeout: "5m"
        continue_on_error: false
        download:
          source: drive://bucket/raw/
          path: ./raw/
      - run: python prepare.py
        timeout: "20m"
      - upload:
          path: ./out/
          destination: drive://bucket/out/
  train:
    depends_on: [prepare]
    timeout: "2h"
    workflow:
      name: train-model
      inputs:
        epochs: 10
        fast: true
"""

# Values every key is tried with: each YAML type, empty and blank strings, nested shapes.
VALUES = ["text", "", " ", 0, 7, 1.5, True, None, [], ["a"], [1], {}, {"a": "b"}, {"a": 1},
          {"a": ["b"]}, {"a": [1]}, {"a": None}]
# Duration texts: valid ones (hints included) and every kind of invalid one.
DURATION_TEXTS = [
    "1h", "1h30m", "2h45m30s", "+1h", ".5h", "1.h", "1h0m", "0h1m", "1μs", "1µs", "1us",
    "1ms500us", "90m", "1.5h", "2562047h", "1h\n",
    "1h 30m", " 1h", "30m1h", "1h1h", "1ms1us1µs", "90", "0", "0s", "0h0m", "0.000s", "-5m",
    "-0s", "1d", "1H", "", " ", "1e3s", "1_000s", "1:30", "h", ".s", "1..5s", "1h30",
]


def load(text: str):
    """The data a JSON-schema validator of YAML is given: YAML 1.2 (libyaml's C parser, or
    the pure one for the 1.2 it rejects: `{a: s3://b}`), names as strings, a date as written."""
    try:
        data = YAML(typ="safe", pure=False).load(text)
    except Exception:
        data = YAML(typ="safe", pure=True).load(text)
    return json.loads(json.dumps(data, default=str))


def dump(data) -> str:
    yaml = YAML(typ="safe", pure=False)
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# --- the file and its shape -------------------------------------------------------------

def test_committed_schema_is_what_the_generator_prints():
    result = subprocess.run([sys.executable, "-m", "wf_lsp.schema"], capture_output=True,
                            text=True, encoding="utf-8", check=True, cwd=ROOT)
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "schemas/workflow.schema.json is stale: run "
        "`python -m wf_lsp.schema > schemas/workflow.schema.json`")
    assert result.stdout == schema.render()


def test_schema_is_a_valid_draft_07_schema_with_id_and_title():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert SCHEMA["$id"] == "urn:wf-lsp:schema:workflow"
    assert SCHEMA["title"] == "H2O Orchestrator workflow"


def _kind_nodes(kind_name: str, node: dict):
    """(kind, object schema) for `kind_name` and every kind below it, walking the catalog."""
    yield spec.KINDS[kind_name], node
    for name, key in spec.KINDS[kind_name].keys.items():
        child = key.child_kind
        if child is None:
            continue
        prop = node["properties"][name]
        container = key.type.partition(":")[0]
        inner = {"object": prop, "list": prop.get("items"), "map": prop.get("additionalProperties")}[container]
        yield from _kind_nodes(child, inner)


def test_every_kind_and_key_of_the_catalog_is_in_the_schema_documented():
    found = list(_kind_nodes("workflow", SCHEMA))
    assert sorted(kind.name for kind, _ in found) == sorted(spec.KINDS)
    for kind, node in found:
        assert node["type"] == "object"
        assert node["additionalProperties"] is False
        assert node["description"] and node["markdownDescription"]
        assert set(node["properties"]) == set(kind.keys)
        assert node.get("required", []) == [k for k, key in kind.keys.items() if key.required]
        for name, key in kind.keys.items():
            prop = node["properties"][name]
            assert prop["markdownDescription"].startswith(key.doc)
            assert prop["description"] == prop["markdownDescription"].replace("`", "")
            assert prop.get("default") == key.default
            if key.values:
                assert prop["enum"] == list(key.values)
    assert SCHEMA["properties"]["cancel_on_failure"]["markdownDescription"].endswith(
        "\n\nDefault: `true`.")


def test_step_actions_and_job_bodies_are_one_of():
    step = SCHEMA["properties"]["jobs"]["additionalProperties"]["properties"]["steps"]["items"]
    missing = "A step needs one of run, upload or download."  # WF004's words
    assert step["oneOf"] == [{"required": [name], "errorMessage": missing}
                             for name in ("run", "upload", "download")]
    job = SCHEMA["properties"]["jobs"]["additionalProperties"]
    assert job["oneOf"] == [{"required": [name], "errorMessage": "A job needs one of steps or workflow."}
                            for name in ("steps", "workflow")]


def test_durations_have_the_pattern_message_and_examples():
    job = SCHEMA["properties"]["jobs"]["additionalProperties"]
    for timeout in (job["properties"]["timeout"], job["properties"]["steps"]["items"]["properties"]["timeout"]):
        assert timeout["type"] == "string"
        assert timeout["pattern"] == schema.DURATION_PATTERN
        assert timeout["patternErrorMessage"] == schema.DURATION_MESSAGE
        assert '"1h30m"' in timeout["description"] and '"30m1h" (order)' in timeout["description"]
        assert "below one nanosecond" in timeout["$comment"]


def test_cron_storage_and_secret_names_have_their_patterns():
    schedule = SCHEMA["properties"]["trigger"]["properties"]["schedule"]["items"]
    cron_value = schedule["properties"]["cron"]
    assert (cron_value["pattern"], cron_value["patternErrorMessage"]) == (cron.PATTERN,
                                                                          cron.PATTERN_MESSAGE)
    assert "0 0 31 2 *" in cron_value["$comment"]
    step = SCHEMA["properties"]["jobs"]["additionalProperties"]["properties"]["steps"]["items"]
    for kind, key in (("upload", "destination"), ("download", "source")):
        assert step["properties"][kind]["properties"][key]["pattern"] == spec.STORAGE_URL_PATTERN
    secret = SCHEMA["properties"]["secrets"]["items"]["properties"]
    assert secret["name"]["pattern"] == spec.SECRET_NAME_PATTERN
    literal = [key for kind in spec.KINDS.values() for key, value in kind.keys.items()
               if value.literal]
    assert sorted(literal) == ["as", "cron", "depends_on", "id", "jobs", "name", "timeout",
                               "timeout", "type"]
    assert SCHEMA["properties"]["jobs"]["propertyNames"] == schema.JOB_ID_NAMES


def test_names_read_as_written_are_no_expressions_in_the_schema():
    # WF406 says an expression in an env variable's, an input's or a matrix variable's name;
    # the schema said nothing there.
    job = SCHEMA["properties"]["jobs"]["additionalProperties"]
    step = job["properties"]["steps"]["items"]
    for mapping in (SCHEMA["properties"]["env"], SCHEMA["properties"]["inputs"],
                    job["properties"]["env"], job["properties"]["matrix"], step["properties"]["env"]):
        assert mapping["propertyNames"] == schema.NO_EXPRESSION
    text = """\
id: names
inputs:
  ${{ .inputs.a }}: {type: int}
env:
  "${{ .env.A }}": x
jobs:
  "${{ .env.J }}":
    timeout: 1h
    matrix:
      ${{ .matrix.m }}: [a]
    env: {"${{ x }}": y}
    steps:
      - run: echo
        env: {"a${{ x }}": y}
"""
    core, schema_found = agreement(text)
    assert core == schema_found == {
        ("inputs", "${{ .inputs.a }}"), ("env", "${{ .env.A }}"), ("jobs", "${{ .env.J }}"),
        ("jobs", "${{ .env.J }}", "matrix", "${{ .matrix.m }}"),
        ("jobs", "${{ .env.J }}", "env", "${{ x }}"),
        ("jobs", "${{ .env.J }}", "steps", 0, "env", "a${{ x }}")}


def test_job_ids_the_linter_refuses_the_schema_refuses():
    # WF007's ids (`clean data`, `build/linux`, `-x`) passed the schema.
    text = """\
id: ids
jobs:
  clean data: {timeout: 1h, steps: [{run: a}]}
  build/linux: {timeout: 1h, steps: [{run: a}]}
  -x: {timeout: 1h, steps: [{run: a}]}
  .x: {timeout: 1h, steps: [{run: a}]}
  "": {timeout: 1h, steps: [{run: a}]}
  "a\\ufeffb": {timeout: 1h, steps: [{run: a}]}
  ok_id-1.v2: {timeout: 1h, steps: [{run: a}]}
  データ: {timeout: 1h, steps: [{run: a}]}
  "2026": {timeout: 1h, steps: [{run: a}]}
"""
    core, schema_found = agreement(text)
    assert core == schema_found == {("jobs", name) for name in (
        "clean data", "build/linux", "-x", ".x", "", "a\ufeffb")}


@settings(max_examples=examples(10, at_most=1000))
@given(st.text(st.sampled_from("aZ9_-./ :${}\t\n\x85\ufeff\u00a0\u2028\u3000データ🚀"), max_size=6))
def test_job_id_pattern_reads_the_same_in_python_and_ecmascript(text):
    pattern = schema.JOB_ID_NAMES["else"]["pattern"]
    python = re.search(pattern, text) is not None
    assert python == (regress.Regex(pattern).find(text) is not None), repr(text)
    assert python == bool(spec.JOB_ID.fullmatch(text)), repr(text)


# --- durations: the pattern against the core ----------------------------------------------

PYTHON_PATTERN = re.compile(schema.DURATION_PATTERN)  # what python jsonschema runs
ECMA_PATTERN = regress.Regex(schema.DURATION_PATTERN)  # check-jsonschema's ECMAScript engine


def _beyond_the_pattern(text: str, check) -> bool:
    """The two classes a regex cannot express: truncated to zero below 1ns, and overflow."""
    if check.code == "WF109":
        return True
    if check.code != "WF104":
        return False
    sign, body = (text[0], text[1:]) if text[:1] in "+-" else ("", text)
    return any(c in "123456789" for c in body) and sign != "-"


_UNITS = ["h", "m", "s", "ms", "us", "µs", "μs", "ns"]
_DIGITS = st.text("0123456789", max_size=22)  # 20+ digits reach Go's overflow
_NUMBER = st.builds(str.__add__, _DIGITS, st.one_of(st.just(""), _DIGITS.map(".".__add__)))
_SEGMENT = st.tuples(_NUMBER, st.sampled_from(_UNITS + ["", "d", "H", "min", " h", "M"]))
_GO_LIKE = st.builds(
    lambda sign, segments, tail: sign + "".join(n + u for n, u in segments) + tail,
    st.sampled_from(["", "", "+", "-"]),
    st.lists(_SEGMENT, min_size=1, max_size=5),
    st.sampled_from(["", "", "", " ", "\n", "0", "."]),
)
_ANYTHING = st.text(alphabet="0123456789.+-hmsnuµμ de_:\n\t", max_size=12)


@settings(max_examples=examples(20, at_most=2000))
@given(st.one_of(_GO_LIKE, _ANYTHING))
@example("1h30m")
@example("0h0m")
@example("0.000s")
@example("+.5h")
@example("1.h")
@example("1h0m")
@example("1μs")
@example("1h\n")
@example("2562047h47m16.854775807s")
@example("2562047h47m16.854775808s")
@example("0.0000000001s")
@example("1ms1us1µs")
def test_duration_pattern_accepts_exactly_what_the_core_accepts(text):
    check = check_text(text)
    python = PYTHON_PATTERN.search(text) is not None
    ecma = ECMA_PATTERN.find(text) is not None
    assert python == ecma, text
    if python and not check.valid:
        assert _beyond_the_pattern(text, check), (text, check.code, check.message)
    else:
        assert python == check.valid, (text, check.code, check.message)


def test_the_two_inexpressible_classes_are_what_the_schema_says():
    for text in ("0.0000000001s", "0.9ns", "2562048h", "9223372036854775808ns"):
        check = check_text(text)
        assert PYTHON_PATTERN.search(text) and not check.valid
        assert _beyond_the_pattern(text, check)
    assert check_text("0.1ns").code == "WF104"


# --- cron, secret names, storage URLs: the patterns against the core ----------------------

CRON_PYTHON, CRON_ECMA = re.compile(cron.PATTERN), regress.Regex(cron.PATTERN)
_CRON_ATOMS = ["*", "0", "7", "05", "59", "60", "23", "24", "31", "32", "12", "13", "6", "1-5",
               "5-1", "*/15", "*/0", "1,2", "1,,2", "MON", "JAN", "?", "L", "5W", "1#2", "-", "/5",
               "9-17/2", "x", "日"]
_CRON_LIKE = st.lists(st.lists(st.sampled_from(_CRON_ATOMS), min_size=1, max_size=3).map(",".join),
                      min_size=0, max_size=7).map(" ".join)
_CRON_TEXT = st.one_of(_CRON_LIKE, st.text(alphabet="0123456789*,-/ \tMONJA?LW#@daily", max_size=20))


@settings(max_examples=examples(15, at_most=1500))
@given(_CRON_TEXT)
@example("0 2 * * *")
@example("00 00 01 01 0")
@example("0 0 31 2 *")
@example("5-1 * * * *")
@example("@daily")
@example("0  0\t* * *\n")
@example("0 0 */2 * 1")
@example("* * 7 * 0,*")
# a step up to Go's int and past it; spaces as Go's strings.Fields takes them (a no-break
# space is one, U+001C and a byte order mark, a space to Python's or ECMAScript's \s, are not)
@example("*/9223372036854775807 * * * *")
@example("*/09223372036854775808 * * * *")
@example("0 0 * * 1/99999999999999999999999")
@example("0\u00a00 * *\u3000*")
@example("0\x1c0 * * * *")
@example("\ufeff0 9 * * 1")
def test_cron_pattern_accepts_exactly_what_the_core_accepts(text):
    python = CRON_PYTHON.search(text) is not None
    assert python == (CRON_ECMA.find(text) is not None), text
    check = cron.check(text)
    if python and not check.valid:
        assert _cron_beyond_the_pattern(text), (text, check.problems)
    else:
        assert python == check.valid, (text, check.problems)


_NAME_PART = st.sampled_from(["ws", "my-ws", "s", "", " ", "a b", "ö", "x/y", "$", "\n"])


@settings(max_examples=examples(5, at_most=500))
@given(st.builds(lambda *parts: "".join(parts),
                 st.sampled_from(["workspaces/", "/workspaces/", "workspace/", ""]), _NAME_PART,
                 st.sampled_from(["/secrets/", "/secret/", "/"]), _NAME_PART,
                 st.sampled_from(["", "/versions/1", "/versions/", "/versions/a/b", "\n"])))
def test_secret_name_pattern_reads_the_same_in_python_and_ecmascript(text):
    python = re.search(spec.SECRET_NAME_PATTERN, text) is not None
    assert python == (regress.Regex(spec.SECRET_NAME_PATTERN).find(text) is not None), text
    assert python == bool(re.fullmatch(r"workspaces/[^/\s]+/secrets/[^/\s]+(/versions/[^/\s]+)?",
                                       text)), text


@settings(max_examples=examples(5, at_most=500))
@given(st.builds(str.__add__, st.sampled_from(["drive://", "drive:/", "drive:", "d", "", "Drive://",
                                               "s3://", "drive:// ", "drive:///", "./"]),
                 st.sampled_from(["bucket/x", "${{ .inputs.b }}/x", "", "b", "/x"])))
def test_storage_pattern_reads_the_same_in_python_and_ecmascript(text):
    python = re.search(spec.STORAGE_URL_PATTERN, text) is not None
    assert python == (regress.Regex(spec.STORAGE_URL_PATTERN).find(text) is not None), text
    literal = text.split("${{")[0]
    expected = (literal.startswith("drive://") and literal[8:9] not in ("", "/", " ")
                or "${{" in text and "drive://".startswith(literal))
    assert python == expected, text


# --- documents: the schema against the linter ---------------------------------------------

def _paths(root):
    """Maps from a composed YAML tree: value span -> path, key span -> path, node id -> path."""
    values, keys, nodes = {}, {}, {}

    def walk(node, path):
        values.setdefault(span_of(node), path)
        nodes[id(node)] = path
        if node.id == "mapping":
            for key, value in node.value:
                keys[span_of(key)] = path + (_json_name(key),)
                walk(value, path + (_json_name(key),))
        elif node.id == "sequence":
            for index, item in enumerate(node.value):
                walk(item, path + (index,))

    walk(root, ())
    return values, keys, nodes


def _json_name(key) -> str:
    """A key as the validator names it: `True:` and `0x1F:` are "true" and "31" in JSON."""
    if key.tag.endswith((":str", ":merge")):
        return key.value
    return next(iter(load(f"{key.value}: 0")))


def _cron_beyond_the_pattern(text: str) -> bool:
    """What the cron pattern cannot express: a range that goes backwards, a day that never
    comes; and what it rightly accepts though the core warns: documented fields whose pair of
    days two cron libraries read apart (`0 0 */2 * 1`, `* * 7 * 0,*`), a WF512 warning."""
    problems = cron.check(text).problems
    return bool(problems) and all(p.kind in (cron.NEVER, cron.AMBIGUOUS) or "goes backwards" in p.message
                                  for p in problems)


def _inside(values: dict, span) -> tuple:
    """The path of the innermost value holding `span` (a cron field, a URL's scheme)."""
    holding = [path for value_span, path in values.items()
               if value_span.start <= span.start and span.end <= value_span.end]
    return max(holding, key=len)


def core_locations(result) -> set[tuple]:
    """Where the linter finds a problem the schema can express, as paths into the data."""
    values, keys, nodes = _paths(result.parsed.roots[0])
    sections = result.workflows[0].sections
    beyond = {value.span for value in result.workflows[0].durations
              if value.yaml_type == "str"
              and _beyond_the_pattern(value.text, check_value(value.text, value.yaml_type))}
    crons = {span_of(s.get("cron").value) for s in sections
             if s.kind == "schedule" and s.get("cron") and s.get("cron").value_type == "str"
             and _cron_beyond_the_pattern(s.get("cron").value.value)}
    # a job id YAML reads as other than a string (`2026:`, `~:`): a JSON name is a string
    read_as = {job.key_span for job in result.workflows[0].jobs if job.id_type != "str"}
    out = set()
    for finding in result.findings:
        if finding.code not in EXPRESSIBLE or finding.span in beyond or finding.span in read_as:
            continue
        if finding.code in ("WF511", "WF512") and any(
                c.start <= finding.span.start and finding.span.end <= c.end for c in crons):
            continue
        if finding.code == "WF006":
            out.add(keys[finding.span][:-1])
        elif finding.code == "WF004":
            (path,) = {nodes[id(s.node)] for s in sections if s.anchor == finding.span}
            out.add(path)
        elif finding.span in keys and finding.span not in values:
            out.add(keys[finding.span])  # an unknown key, a name, a key whose value is empty
        else:
            out.add(_inside(values, finding.span))
    return out


def schema_locations(data) -> set[tuple]:
    out = set()
    for error in VALIDATOR.iter_errors(data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = error.schema.get("properties", {})
            out.update(path + (key,) for key in error.instance if key not in allowed)
        elif "propertyNames" in error.schema_path:  # a name, not a value (a job id)
            out.add(path + (error.instance,))
        else:
            out.add(path)
    return out


def agreement(text: str):
    """(core locations, schema locations) of a workflow document, or None outside the domain."""
    result = analyze(text)
    if not result.is_workflow:
        return None  # no `jobs` any more: the linter skips the file, the schema rejects it
    codes = {f.code for f in result.findings}
    if "WF001" in codes or "WF002" in codes:
        return None  # a syntax error or a repeated key: the schema never sees either
    if result.suppressions.comments:
        return None  # `# wf-lsp: ignore` hides from the linter what the schema still sees
    if len(result.parsed.roots) > 1:
        return None  # a file of several workflows (a call and its callee): one is validated
    core = core_locations(result)
    if "<<" in text and core:
        return None  # a merge key: the linter says a key where it is written, the schema
        # at every mapping it is merged into
    return core, schema_locations(load(text))


def _documents():
    files = sorted(ROOT.glob("examples/**/*.yaml")) + sorted(ROOT.glob("tests/corpus/**/*.y*ml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        if analyze(text, path=str(path)).is_workflow:
            yield str(path.relative_to(ROOT)), text
    for rule in RULES.values():
        for label in ("Bad", "Good"):
            for index, text in enumerate(rule.examples(label)):
                yield f"{rule.code} {label} #{index + 1}", text
    yield "kitchen sink", KITCHEN_SINK


DOCUMENTS = dict(_documents())


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_schema_and_core_agree_on_the_examples(name):
    outcome = agreement(DOCUMENTS[name])
    if outcome is None:
        # the corpus of errors holds syntax errors, repeated keys, suppressions and a file
        # of two workflows on purpose, and WF010's examples are about suppression comments
        assert name.startswith(("WF001", "WF002", "WF010", "tests/corpus/err/")), name
        return
    core, schema_found = outcome
    assert schema_found == core


def test_the_examples_hold_findings_of_every_expressible_kind():
    seen = set()
    for text in DOCUMENTS.values():
        result = analyze(text)
        seen.update(f.code for f in result.findings if f.code in EXPRESSIBLE)
    assert seen >= {"WF003", "WF004", "WF005", "WF006", "WF101", "WF102", "WF103", "WF104",
                    "WF106"}


def test_kitchen_sink_uses_every_key_and_is_clean():
    data = load(KITCHEN_SINK)
    used: set[tuple[str, str]] = set()
    for section in analyze(KITCHEN_SINK).workflows[0].sections:
        used.update((section.kind, entry.key) for entry in section.entries)
    every = {(kind.name, key) for kind in spec.KINDS.values() for key in kind.keys}
    assert every - used == set()
    assert agreement(KITCHEN_SINK) == (set(), set())
    assert data["id"] == "kitchen-sink"


def _variations(data):
    """(what changed, document) for one change at a time anywhere in `data`."""
    def places(node, path):
        if isinstance(node, dict):
            yield path, node
            for key, value in node.items():
                yield from places(value, path + (key,))
        elif isinstance(node, list):
            yield path, node
            for index, value in enumerate(node):
                yield from places(value, path + (index,))

    def at(doc, path):
        for part in path:
            doc = doc[part]
        return doc

    for path, node in list(places(data, ())):
        if isinstance(node, dict):
            keys = list(node)
            for key in keys:
                doc = copy.deepcopy(data)
                del at(doc, path)[key]
                yield f"delete {path + (key,)}", doc
                for value in VALUES:
                    doc = copy.deepcopy(data)
                    at(doc, path)[key] = copy.deepcopy(value)
                    yield f"set {path + (key,)} = {value!r}", doc
                if key == "timeout":
                    for text in DURATION_TEXTS:
                        doc = copy.deepcopy(data)
                        at(doc, path)[key] = text
                        yield f"set {path + (key,)} = {text!r}", doc
            for extra, value in (("bogus", "x"), ("run", "echo"), ("upload", {"path": "a", "destination": "b"}),
                                 ("download", {"source": "a", "path": "b"}), ("steps", []),
                                 ("workflow", {"name": "w"})):
                if extra not in node:
                    doc = copy.deepcopy(data)
                    at(doc, path)[extra] = value
                    yield f"add {path + (extra,)}", doc
        else:
            for index in range(len(node)):
                for value in VALUES:
                    doc = copy.deepcopy(data)
                    at(doc, path)[index] = copy.deepcopy(value)
                    yield f"set {path + (index,)} = {value!r}", doc


def _input_default_variations():
    for input_type in ("string", "bool", "int", "float"):
        for default in ["x", "", 3, 1.5, True, False, None, [1], {"a": 1}]:
            data = load(KITCHEN_SINK)
            data["inputs"] = {"n": {"type": input_type, "default": default}}
            yield f"input {input_type} default {default!r}", data


def test_schema_and_core_agree_on_every_single_change_of_a_full_document():
    base = load(KITCHEN_SINK)
    checked, disagreements = 0, []
    cases = list(_variations(base)) + list(_input_default_variations())
    for label, data in cases:
        outcome = agreement(dump(data))
        if outcome is None:
            continue
        checked += 1
        core, schema_found = outcome
        if core != schema_found:
            disagreements.append(f"{label}: core {sorted(core, key=str)} schema {sorted(schema_found, key=str)}")
    assert disagreements == []
    assert checked > 1500, checked


# Values written in YAML text, as a user types them: YAML 1.1 booleans (strings in 1.2, as the
# engine, the linter and yaml-language-server read them), numbers quoted or not, durations as
# numbers, expressions, empty and null values, empty collections, tags, a date.
TYPED = ["yes", "no", "on", "Off", "y", "TRUE", "True", "~", "null", "", "{}", "[]", "[a]",
         "{a: b}", '"10"', "'true'", "10", "-1", "0x1F", "0o17", "1.5", ".inf", "1_000",
         "'${{ .inputs.epochs }}'", '"${{ .env.X }}"', "${{ .matrix.shard }}", "2026-01-01",
         "!!str 5", "1h", '"1h 30m"', "5m", "30", "12:30", "x # comment", '""', "' '"]
# Names put in a key's place: other keys of the format, a number, a boolean, an expression,
# punctuation, spaces, quoted and not.
NAMES = ["name", "env", "steps", "run", "timeout", "inputs", "2026", '"2026"', "true", "'a b'",
         "a/b", "-a", "${{ .inputs.k }}", '"${{ x }}"', "ok.v2", "データ", "bogus"]
_KEY_LINE = re.compile(r"^(\s*(?:- )?)([A-Za-z_]+)(:)(\s*.*)$")
_SINK_LINES = KITCHEN_SINK.splitlines()
_KEYED = [i for i, line in enumerate(_SINK_LINES) if _KEY_LINE.match(line)]


def _misspelt(key: str, how: int) -> str:
    return [key[:-1] or "x", key + "s", key.capitalize(), key.replace("_", "-"), key[1:] + key[0],
            "x_" + key][how % 6]


@st.composite
def _mutated_sink(draw):
    """KITCHEN_SINK with one to three of its lines changed in the text: a value typed anew,
    a key misspelt or written as another name, a key added beside it, a line removed."""
    lines = list(_SINK_LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.sampled_from(_KEYED))
        match = _KEY_LINE.match(lines[index])
        if match is None:
            continue
        lead, key, colon, rest = match.groups()
        action = draw(st.sampled_from(["value", "value", "key", "name", "add", "drop"]))
        if action == "value" and rest.strip():
            lines[index] = f"{lead}{key}{colon} {draw(st.sampled_from(TYPED))}"
        elif action == "key":
            lines[index] = f"{lead}{_misspelt(key, draw(st.integers(0, 5)))}{colon}{rest}"
        elif action == "name":
            lines[index] = f"{lead}{draw(st.sampled_from(NAMES))}{colon}{rest}"
        elif action == "add":
            indent = " " * len(lead)
            lines.insert(index + 1, f"{indent}{draw(st.sampled_from(NAMES))}: x")
            break
        elif action == "drop" and not lead.strip():
            del lines[index]
            break  # the indexes of the lines below moved
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(3, at_most=300))
@given(_mutated_sink())
@example(KITCHEN_SINK.replace("continue_on_error: false", "continue_on_error: yes"))
@example(KITCHEN_SINK.replace("STAGE: prod", "STAGE: on"))
@example(KITCHEN_SINK.replace('timeout: "30m"', "timeout: 30"))
@example(KITCHEN_SINK.replace("runner: cpu-small", "runner:"))
@example(KITCHEN_SINK.replace("epochs: 10\n", "epochs: '${{ .inputs.epochs }}'\n"))
def test_schema_and_core_agree_on_documents_changed_as_text(text):
    """What a JSON-schema validator of YAML 1.2 finds wrong, the linter finds at the same
    places: no squiggle of one without the other's."""
    outcome = agreement(text)
    if outcome is not None:
        core, schema_found = outcome
        assert schema_found == core, text
