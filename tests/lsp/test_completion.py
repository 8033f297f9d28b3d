"""Completion end to end, in documents being typed (most of them do not parse)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from lsprotocol import types

from .conftest import (PUSH_UTF16, apply_edits, diagnostics, markdown_completion,
                       open_document, session, units)
from .raw_rpc import RawServer

KEY = types.CompletionItemKind.Property
JOB = types.CompletionItemKind.Reference
VALUE = types.CompletionItemKind.Value
UNIT = types.CompletionItemKind.Unit


async def complete(client, text: str, marker: str = "§", newline: str = "\n"):
    """Open `text` without the marker and complete where the marker was."""
    line = next(i for i, row in enumerate(text.splitlines()) if marker in row)
    before = text.splitlines()[line].split(marker)[0]  # on a last line empty but for it too
    text = text.replace(marker, "").replace("\n", newline)
    uri = await open_document(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line, units(before, client.encoding)),
    ))
    return text, result


def summary(result, incomplete: bool = False) -> list[tuple]:
    """The items, in their order; the list said complete, unless it is a duration's, made
    of what is typed (`1` → `1h`; `15` → `15m`, not in the list `1` got)."""
    assert result.is_incomplete is incomplete
    ordered = sorted(result.items, key=lambda item: item.sort_text or item.label)
    return [(item.label, item.kind, item.detail) for item in ordered]


def accept(client, text: str, result, label: str) -> str:
    """The document after choosing the item `label`."""
    (item,) = [item for item in result.items if item.label == label]
    return apply_edits(text, [item.text_edit], client.encoding)


STEP_KEYS = [
    ("working_dir", KEY, "string"),
    ("env", KEY, "mapping of strings"),
    ("timeout", KEY, "duration"),
    ("continue_on_error", KEY, "boolean"),
    ("run", KEY, "string"),
    ("upload", KEY, "mapping (an upload)"),
    ("download", KEY, "mapping (a download)"),
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
async def test_step_keys_on_a_half_typed_line(client, newline):
    text, result = await complete(client, """\
id: complete
jobs:
  prep:
    timeout: 30m
    steps:
      - run: echo 🎉
  train:
    depends_on: [prep]
    steps:
      - name: fit
        ti§
""", newline=newline)
    assert summary(result) == STEP_KEYS
    assert accept(client, text, result, "timeout").splitlines()[10] == "        timeout: "
    assert accept(client, text, result, "upload").splitlines()[10] == "        upload:"
    (timeout,) = [item for item in result.items if item.label == "timeout"]
    doc = ("**timeout** · duration\n\nThe most this step may take: a Go duration, units from larger "
           "to smaller (`10m`, `1h30m`). The job's timeout still applies; whichever is reached first "
           "ends the step.")
    if markdown_completion(client):
        assert timeout.documentation == types.MarkupContent(kind=types.MarkupKind.Markdown, value=doc)
    else:
        plain = doc.replace("**", "").replace("`", "").replace("\n\n", "\n")
        assert timeout.documentation == types.MarkupContent(kind=types.MarkupKind.PlainText, value=plain)


async def test_job_keys_leave_out_present_and_excluded_ones(client):
    text, result = await complete(client, """\
id: complete
jobs:
  train:
    depends_on: []
    §
    steps:
      - run: fit
""")
    assert summary(result) == [
        ("name", KEY, "string"),
        ("runner", KEY, "string"),
        ("matrix", KEY, "mapping of name → list of strings"),
        ("working_dir", KEY, "string"),
        ("timeout", KEY, "duration"),
        ("env", KEY, "mapping of strings"),
    ]  # not `workflow`: a job has `steps` or `workflow`
    assert accept(client, text, result, "runner").splitlines()[4] == "    runner: "


async def test_a_long_blank_run_above_does_not_stall_completion(client):
    # The lines above the cursor are read for their keys (`yaml_lines`): one whose key
    # could end in blanks retried a run of them at each of its lengths, and 300,000 blanks
    # in a line above froze completion for minutes (the minute allowed fails it).
    text, result = await asyncio.wait_for(complete(client, (
        "id: complete\njobs:\n  train:\n    half typed" + " " * 300_000
        + "note\n    depends_on: []\n    §\n    steps:\n      - run: fit\n")), 60)
    assert [label for label, _, _ in summary(result)] == [
        "name", "runner", "matrix", "working_dir", "timeout", "env"]


async def test_root_keys_required_first(client):
    _, result = await complete(client, "na§\njobs:\n  a:\n    steps: [{run: a}]\n")
    assert summary(result) == [
        ("id", KEY, "string · required"),
        ("name", KEY, "string"),
        ("inputs", KEY, "mapping of name → input"),
        ("trigger", KEY, "mapping (the trigger)"),
        ("concurrency", KEY, "mapping (concurrency)"),
        ("env", KEY, "mapping of strings"),
        ("secrets", KEY, "list of secrets"),
        ("cancel_on_failure", KEY, "boolean"),
    ]


async def test_renaming_a_key_keeps_its_value(client):
    text, result = await complete(client, "id: x\njobs:\n  a:\n    tim§eout: 1h\n    steps: []\n")
    assert accept(client, text, result, "runner").splitlines()[3] == "    runner: 1h"


async def test_job_ids_in_a_flow_depends_on_after_emoji(client):
    text, result = await complete(client, """\
id: complete
jobs:
  "🚀launch":
    steps: [{run: go}]
  prep:
    steps: [{run: prep}]
  build:
    timeout: 1h
    steps: [{run: build}]
  train:
    depends_on: ["🚀launch", b§]
""")
    assert summary(result) == [("prep", JOB, None), ("build", JOB, "timeout 1h")]
    assert accept(client, text, result, "build").splitlines()[10] == '    depends_on: ["🚀launch", build]'


async def test_job_ids_in_a_block_depends_on(client):
    text, result = await complete(client, """\
id: complete
jobs:
  prep:
    steps: [{run: prep}]
  build:
    steps: [{run: build}]
  train:
    depends_on:
    - prep
    - §
    steps: [{run: fit}]
""")
    assert summary(result) == [("build", JOB, None)]
    assert accept(client, text, result, "build").splitlines()[9] == "    - build"


async def test_job_ids_after_an_empty_depends_on_come_as_a_flow_list(client):
    source = """\
id: complete
jobs:
  prep:
    steps: [{run: prep}]
  train:
    timeout: 1h
    depends_on: §
    steps: [{run: fit}]
"""
    text, result = await complete(client, source)
    assert summary(result) == [("prep", JOB, None)]
    assert accept(client, text, result, "prep").splitlines()[6] == "    depends_on: [prep]"
    text, result = await complete(client, source.replace("§", "pr§"))
    assert accept(client, text, result, "prep").splitlines()[6] == "    depends_on: [prep]"


@pytest.mark.parametrize("place", ["    depends_on: §", "    depends_on: [§]",
                                   "    depends_on:\n    - §"])
async def test_job_ids_that_would_close_a_cycle_are_left_out(client, place):
    # `test` needs `train`, which needs `build`: `test` and `train` were offered in
    # `build`'s `depends_on`, and either made a cycle (WF302).
    _, result = await complete(client, f"""\
id: complete
jobs:
  build:
    timeout: 1h
{place}
    steps: [{{run: make}}]
  train:
    timeout: 1h
    depends_on: [build]
    steps: [{{run: fit}}]
  test:
    timeout: 1h
    depends_on: [train]
    steps: [{{run: check}}]
  docs:
    timeout: 1h
    steps: [{{run: docs}}]
""")
    assert [item.label for item in result.items] == ["docs"]


@pytest.mark.parametrize("line, expected", [
    ("   §", []), ("   na§", []),  # the job's keys sit at column 4: one at 3 breaks the YAML
    ("    §", ["name", "runner"]), ("     §", []),
])
async def test_no_key_where_its_siblings_are_further_right(client, line, expected):
    # A space is a trigger character: the third space of an indentation offered the job's
    # keys, and taking one wrote it left of `timeout:`, a YAML error.
    _, result = await complete(client, f"""\
id: complete
jobs:
  train:
    timeout: 1h
{line}
    steps:
      - run: fit
""")
    assert [item.label for item in result.items][:2] == expected


async def test_keys_in_flow_mappings_leave_out_the_ones_written(client):
    text, result = await complete(client, """\
id: complete
jobs:
  prep:
    timeout: 1h
    steps:
      - {run: "a, b: c", §, timeout: 5m}
""")
    assert [label for label, *_ in summary(result)] == [
        "name", "working_dir", "env", "continue_on_error"]  # not run/upload/download, not timeout
    assert accept(client, text, result, "env").splitlines()[5] == \
        '      - {run: "a, b: c", env: , timeout: 5m}'
    text, result = await complete(client, """\
id: complete
jobs:
  prep: {timeout: 1h, st§}
""")
    assert [label for label, *_ in summary(result)] == [
        "name", "runner", "depends_on", "matrix", "working_dir", "env", "steps", "workflow"]
    assert accept(client, text, result, "steps").splitlines()[2] == "  prep: {timeout: 1h, steps: }"
    # A step in the job's flow mapping; in a value what a block's value gets (units after a
    # number); nothing past the mapping's end.
    _, result = await complete(client, "id: c\njobs:\n  a: {timeout: 1h, steps: [{run: x, §}]}\n")
    assert "continue_on_error" in [label for label, *_ in summary(result)]
    _, result = await complete(client, "id: c\njobs:\n  a: {timeout: 1§}\n")
    assert [item.filter_text for item in result.items] == ["1h", "1m", "1s", "1ms", "1us", "1ns"]
    _, result = await complete(client, "id: c\njobs:\n  a:\n    steps:\n      - {run: x} §\n")
    assert summary(result) == []

async def test_booleans_and_input_types(client):
    text, result = await complete(client, """\
id: complete
inputs:
  size:
    type: §
jobs:
  a:
    steps: [{run: a}]
""")
    assert summary(result) == [("string", VALUE, None), ("bool", VALUE, None), ("int", VALUE, None)]
    assert accept(client, text, result, "int").splitlines()[3] == "    type: int"
    text, result = await complete(client, """\
id: complete
jobs:
  a:
    steps:
      - run: a
        continue_on_error: t§
""")
    assert summary(result) == [("true", VALUE, None), ("false", VALUE, "default")]
    assert accept(client, text, result, "true").splitlines()[5] == "        continue_on_error: true"


async def test_duration_units_after_a_number(client):
    text, result = await complete(client, """\
id: complete
jobs:
  a:
    timeout: "1h3§"
    steps: [{run: a}]
""")
    assert summary(result, incomplete=True) == [
        ("m", UNIT, "minutes"), ("s", UNIT, "seconds"), ("ms", UNIT, "milliseconds"),
        ("us", UNIT, "microseconds"), ("ns", UNIT, "nanoseconds"),
    ]  # not `h`: units go from larger to smaller
    assert [item.filter_text for item in result.items] == ["1h3m", "1h3s", "1h3ms", "1h3us", "1h3ns"]
    assert accept(client, text, result, "m").splitlines()[3] == '    timeout: "1h3m"'
    _, result = await complete(client, "id: x\njobs:\n  a:\n    timeout: 90§\n")
    assert [item.label for item in result.items] == ["h", "m", "s", "ms", "us", "ns"]
    # `9`'s items (`9h`, ...) do not hold `90`'s: the editor asks again for each digit.
    assert result.is_incomplete is True


async def test_only_duration_lists_say_they_are_incomplete(client):
    """Every list said `isIncomplete` in an untitled document (and while indexing): the
    editor asked again on each keystroke. Keys, values and job ids are all there is at
    their place; a duration's items are made of what is typed."""
    text = "id: x\njobs:\n  a:\n    timeout: §\n    steps: [{run: a}]\n  b:\n    §\n"
    for line in (3, 6):
        marked = "\n".join(row if n == line else row.replace("§", "")
                           for n, row in enumerate(text.splitlines())) + "\n"
        _, result = await complete(client, marked)
        assert result.items
        assert result.is_incomplete is (line == 3)


async def test_an_empty_timeout_is_offered_durations_that_fit_where_it_is(client):
    # An empty `timeout:` got nothing. A job's: what its steps' timeouts add up to first,
    # nothing shorter; a step's: shorter than its job's timeout; canonical forms.
    text, result = await complete(client, """\
id: complete
jobs:
  a:
    timeout: §
    steps:
      - run: a
        timeout: 45m
      - run: b
        timeout: 1h
""")
    assert summary(result, incomplete=True) == [("1h45m", VALUE, "what the steps' timeouts add up to"),
                               ("2h", VALUE, "2 hours")]
    assert accept(client, text, result, "1h45m").splitlines()[3] == "    timeout: 1h45m"
    _, result = await complete(client, """\
id: complete
jobs:
  a:
    timeout: 1h
    steps:
      - run: a
        timeout: "§"
""")
    assert summary(result, incomplete=True) == [("5m", VALUE, "5 minutes"), ("10m", VALUE, "10 minutes"),
                               ("30m", VALUE, "30 minutes")]
    _, result = await complete(client, "id: x\njobs:\n  a:\n    timeout: §\n    steps: [{run: a}]\n")
    assert [item.label for item in result.items] == ["30m", "1h", "2h"]


async def test_a_step_of_a_short_job_is_offered_shorter_timeouts(client):
    # A step of a job of 10m or less got nothing (10m, 30m, 1h are no shorter than its job's).
    _, result = await complete(client, """\
id: complete
jobs:
  a:
    timeout: 10m
    steps:
      - run: a
        timeout: §
""")
    assert summary(result, incomplete=True) == [("1m", VALUE, "1 minute"), ("2m", VALUE, "2 minutes"),
                               ("5m", VALUE, "5 minutes")]
    _, result = await complete(client, "id: x\njobs:\n  a:\n    timeout: 45s\n"
                                       "    steps:\n      - run: a\n        timeout: §\n")
    assert [item.label for item in result.items] == ["5s", "10s", "30s"]
    # A job of 15m: 10m alone fitted; as many as elsewhere, each shorter than the job's.
    _, result = await complete(client, "id: x\njobs:\n  a:\n    timeout: 15m\n"
                                       "    steps:\n      - run: a\n        timeout: §\n")
    assert [item.label for item in result.items] == ["2m", "5m", "10m"]


@pytest.mark.parametrize("line, expected", [
    ("    steps: [{run: a, timeout: §}]", ["1m", "2m", "5m"]),  # the job's timeout is 10m
    ("    steps: [{run: a, timeout: 5§}]", ["h", "m", "s", "ms", "us", "ns"]),  # units
    ("    steps: [{run: a, continue_on_error: §}]", ["true", "false"]),
    ("    steps: [{run: a, timeout:§}]", []),  # `timeout:1m` would be one plain scalar
    ("    steps: [{run: a, timeout: 1m}, {run: b, timeout: '§'}]", ["1m", "2m", "5m"]),
])
async def test_values_are_offered_in_a_flow_mapping(client, line, expected):
    # Keys were offered inside `{...}` but their values got nothing.
    text, result = await complete(client, f"id: x\njobs:\n  a:\n    timeout: 10m\n{line}\n")
    assert [item.label for item in result.items] == expected
    if expected[:1] == ["1m"]:
        accepted = accept(client, text, result, "2m")
        assert accepted.splitlines()[4] == line.replace("§", "2m")
        uri = await open_document(client, accepted, name="accepted.yaml")
        assert [d.code for d in await diagnostics(client, uri)] == []


async def test_a_schedule_in_a_flow_mapping_is_offered_quoted(client):
    text, result = await complete(client, "id: x\ntrigger:\n  schedule: [{cron: §}]\n"
                                          "jobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n")
    assert accept(client, text, result, "0 2 * * *").splitlines()[2] == \
        '  schedule: [{cron: "0 2 * * *"}]'


SCHEDULED = """\
id: complete
trigger:
  schedule:
    - cron: §
jobs:
  a:
    timeout: 1h
    steps: [{run: a}]
"""


async def test_an_empty_cron_is_offered_common_schedules_in_words(client):
    text, result = await complete(client, SCHEDULED)
    assert summary(result)[:3] == [("0 2 * * *", VALUE, "Every day at 02:00 UTC"),
                                   ("0 * * * *", VALUE, "Every hour"),
                                   ("*/15 * * * *", VALUE, "Every 15 minutes")]
    # Quoted: a plain scalar cannot start with `*`.
    accepted = accept(client, text, result, "*/15 * * * *")
    assert accepted.splitlines()[3] == '    - cron: "*/15 * * * *"'
    uri = await open_document(client, accepted, name="accepted.yaml")
    assert await diagnostics(client, uri) == []
    text, result = await complete(client, SCHEDULED.replace("cron: §", "cron: '0 §'"))
    assert [item.label for item in result.items] == [
        "0 2 * * *", "0 * * * *", "0 2 * * 1-5", "0 2 * * 1", "0 0 1 * *"]
    assert accept(client, text, result, "0 * * * *").splitlines()[3] == "    - cron: '0 * * * *'"


@pytest.mark.parametrize("declared, expected", [
    ("    type: bool\n    default: §\n", ["true", "false"]),
    ("    default: §\n    type: bool\n", ["true", "false"]),  # the type written after it
    ("    type: int\n    default: §\n", []),
])
async def test_a_bool_inputs_default_is_offered_true_and_false(client, declared, expected):
    text, result = await complete(client, "id: complete\ninputs:\n  dry:\n" + declared
                                  + "jobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n")
    assert [item.label for item in result.items] == expected


async def test_nothing_inside_a_block_scalar_or_after_a_plain_value(client):
    _, result = await complete(client, """\
id: complete
jobs:
  a:
    steps:
      - run: |
          echo one
          ec§
""")
    assert list(result.items) == []
    _, result = await complete(client, "id: complete§\njobs:\n  a:\n    steps: [{run: a}]\n")
    assert list(result.items) == []


@pytest.mark.parametrize("comment", ["# hello §", "  # un§der jobs", "#§", "    # a note, then a sp§"])
async def test_nothing_inside_a_comment_line(client, comment):
    """A space is a trigger character: typing a comment asked at every word (and the
    server answered an internal error)."""
    _, result = await complete(client, f"id: x\njobs:\n{comment}\n  a:\n    steps: [{{run: a}}]\n")
    assert list(result.items) == []


@pytest.mark.parametrize("text", ["id: demo\n§", "id: demo\nj§", "id: demo\n\nname: x\n§"])
async def test_a_workflow_being_started_gets_the_root_keys(client, text):
    # After `id: demo` and Enter (or `j`, which does not parse) nothing came until `jobs:`
    # existed: such a document is not linted, but is completed as a workflow.
    text, result = await complete(client, text)
    labels = [item.label for item in sorted(result.items, key=lambda item: item.sort_text)]
    assert labels[0] == "jobs" and "id" not in labels and "inputs" in labels
    if client.profile.pull:  # not a workflow until it has `jobs`: no diagnostic yet
        uri = await open_document(client, text, name="started.yaml")
        assert await diagnostics(client, uri) == []


@pytest.mark.parametrize("text", [
    "id: demo\non: push\n§",  # GitHub Actions' `on`
    "id: 5\n§",  # a record's number, not a workflow's name
    "id: demo\nnamespace: dev\n§",  # a key this format does not have (Kestra's)
    "jobs:\n  build:\n    name: Build\n    §",  # `jobs` alone: a GitHub workflow before its `on`
])
async def test_other_yaml_with_an_id_gets_nothing(client, text):
    _, result = await complete(client, text)
    assert result is None


@pytest.mark.parametrize("text", [
    "id: a\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n---\nservices:\n  web: {}\n§",
    "id: demo\n---\nservices:\n  web: {}\n§",
])
async def test_another_tools_document_after_a_workflow_gets_no_keys(client, text):
    # The root keys of a workflow were offered in the compose document after `---`.
    _, result = await complete(client, text)
    assert result is None or list(result.items) == []


NEW_WORKFLOW = """\
id: my-workflow
jobs:
  build:
    timeout: 30m
    steps:
      - run: echo hello
"""


@pytest.mark.parametrize("text", ["§", "w§", "# a new file\n\nwor§kflow\n"])
async def test_an_empty_document_gets_one_item_that_starts_a_workflow(client, text):
    text, result = await complete(client, text)
    assert summary(result) == [
        ("workflow", types.CompletionItemKind.Snippet,
         "a new workflow: `id`, and a job with a timeout and a step")]
    (item,) = result.items
    assert item.filter_text == "workflow" and item.insert_text_format is None  # no snippets
    accepted = apply_edits(text, [item.text_edit], client.encoding)
    assert accepted.endswith(NEW_WORKFLOW)
    uri = await open_document(client, accepted, name="new.yaml")
    assert await diagnostics(client, uri) == []


async def test_the_new_workflow_is_a_snippet_where_the_client_takes_them():
    async with session(replace(PUSH_UTF16, completion_snippets=True)) as client:
        _, result = await complete(client, "§")
        (item,) = result.items
        assert item.insert_text_format == types.InsertTextFormat.Snippet
        assert item.text_edit.new_text == (
            "id: ${1:my-workflow}\njobs:\n  ${2:build}:\n    timeout: ${3:30m}\n    steps:\n"
            "      - run: ${4:echo hello}\n")


@pytest.mark.parametrize("text", ["s§", "services:\n§", "w§\nservices: {}\n", "  w§"])
async def test_only_an_empty_document_and_the_start_of_its_name_get_it(client, text):
    # Typing another tool's first key, or anything in a file with content, gets nothing.
    _, result = await complete(client, text)
    assert result is None


async def test_no_completion_for_other_yaml(client):
    _, result = await complete(client, "services:\n  web:\n    im§\n")
    assert result is None


async def test_positions_past_the_end_answer_quietly(client):
    text = "id: x\njobs:\n  a:\n    steps: [{run: a}]"  # no final newline
    uri = await open_document(client, text)
    for position in (types.Position(4, 0), types.Position(99, 99), types.Position(3, 999)):
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position))
        assert list(result.items) == []


def test_completion_after_a_long_run_in_an_expression_answers():
    """The run of path characters before the cursor was found by a search anchored at the
    cursor, which tried every start in a long run ended by another character: 20,000
    characters took a second, these 200,000 some two minutes, past `RawServer`'s generous
    wait (20 s, against a blink now). No timing is asserted."""
    uri = "file:///long-run/flow.yaml"
    line = "      - run: echo ${{ " + "a" * 200_000 + "(inp"
    with RawServer() as server:
        server.initialize()
        server.open(uri, "id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n" + line + "\n")
        reply = server.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": 5, "character": len(line)}})
    items = reply["result"]["items"]
    assert [(item["label"], item["textEdit"]["newText"]) for item in items] == [
        ("inputs", ".inputs"), ("secrets", ".secrets"), ("env", ".env")]
    assert {item["textEdit"]["range"]["start"]["character"] for item in items} == {len(line) - 3}
