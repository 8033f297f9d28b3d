"""Hover end to end: durations, steps' limits and budgets, jobs, keys; Markdown and plain text."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .conftest import lsp_position, markdown_hover, open_document, token_range

DOC = """\
id: hover-demo
name: "🚀 hover"
jobs:
  prep:
    timeout: 30m
    steps:
      - {name: "📦 fetch", timeout: "90m", run: fetch}
  train:
    depends_on: [prep]
    timeout: "2h"
    steps:
      - {name: "🧪 fit 中文", timeout: "1h30m", run: fit}
      - {name: eval, timeout: "15m", run: eval}
      - {name: "😀 bad", timeout: "30x", run: bad}
      - {run: plot, timeout: "1h 30m"}
  report:
    depends_on: [train, prep]
    steps:
      - run: report
inputs:
  size:
    type: int
cancel_on_failure: false
"""
LINES = DOC.splitlines()


def plain(text: str) -> str:
    """What a client without Markdown gets: the same lines, without markup or blank lines."""
    return text.replace("**", "").replace("`", "").replace("\n\n", "\n")


async def hover_at(client, uri: str, line: int, token: str, offset: int = 1):
    column = LINES[line].index(token) + offset
    return await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=lsp_position(DOC, line, column, client.encoding),
    ))


def expect(client, result, markdown_text: str, line: int, token: str) -> None:
    assert result is not None
    if markdown_hover(client):
        assert result.contents == types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown_text)
    else:
        assert result.contents == types.MarkupContent(kind=types.MarkupKind.PlainText,
                                                      value=plain(markdown_text))
    assert result.range == token_range(DOC, line, token, client.encoding)


TRAIN = (
    "**job `train`**\n\n"
    "timeout 2h · 4 steps\n\n"
    "depends on `prep` · needed by `report`\n\n"
    "Worst-case start: 30m · finish: 2h30m\n\n"
    "Critical path: `prep` → `train`"
)
# What hovering each token shows (in Markdown; plain text is the same without markup).
CASES = {
    "a step's duration after emoji and CJK": (11, '"1h30m"', (
        "**1h30m** · 1 hour 30 minutes · 5,400 s\n\n"
        "Effective limit: 1h30m, the step's own (job `train`: 2h)\n\n"
        "job `train`: 2h; steps with timeouts use 1h45m of it"
    )),
    "a step limited by its job, written non-canonically": (6, '"90m"', (
        "**1h30m** · 1 hour 30 minutes · 5,400 s\n\n"
        '"90m" is 1h30m: write it as "1h30m"\n\n'
        "Effective limit: 30m, job `prep`'s timeout, reached first\n\n"
        "job `prep`: 30m; steps with timeouts use 1h30m of it, 1h more than it has"
    )),
    "a job's duration and its steps' budget": (9, '"2h"', (
        "**2h** · 2 hours · 7,200 s\n\n"
        "job `train`: 2h; steps with timeouts use 1h45m of it"
    )),
    "an invalid duration and its fix": (14, '"1h 30m"', (
        '**Invalid duration**: whitespace is not allowed in a duration: write "1h30m"\n\n'
        'Fix: Remove the whitespace: "1h30m"'
    )),
    "an invalid duration without a fix": (13, '"30x"', (
        '**Invalid duration**: unknown unit "x" in "30x": durations use ns, us, ms, s, m and h'
    )),
    "a job key": (7, "train", TRAIN),
    "a depends_on entry": (16, "train", TRAIN),
    "a job without timeout": (15, "report", (
        "**job `report`**\n\n"
        "no timeout · 1 step\n\n"
        "depends on `train`, `prep` · nothing depends on it\n\n"
        "Worst-case start: 2h30m · finish: unbounded (no timeout)\n\n"
        "Critical path: `prep` → `train` → `report`"
    )),
    "a key with a default": (22, "cancel_on_failure", (
        "**cancel_on_failure** · boolean\n\n"
        "When a job fails, cancel the other running jobs; its dependents never run.\n\n"
        "Default: `true`"
    )),
    "a key with allowed values": (21, "type", (
        "**type** · string · required\n\n"
        "The input's type.\n\n"
        "Allowed values: `string`, `bool`, `int`"
    )),
    "a key holding a list": (10, "steps", (
        "**steps** · list of steps\n\n"
        "The steps, run in order. A job has `steps` or `workflow`."
    )),
}


@pytest.mark.parametrize("case", CASES)
async def test_hover(client, case):
    line, token, text = CASES[case]
    uri = await open_document(client, DOC)
    expect(client, await hover_at(client, uri, line, token), text, line, token)


async def test_crlf_and_bom(client):
    line, token, text = CASES["a step's duration after emoji and CJK"]
    uri = await open_document(client, "\ufeff" + DOC.replace("\n", "\r\n"))
    expect(client, await hover_at(client, uri, line, token), text, line, token)


async def test_plain_text_exactly(client):
    if markdown_hover(client):
        return  # the Markdown profiles get the texts of CASES as they are
    uri = await open_document(client, DOC)
    result = await hover_at(client, uri, 11, '"1h30m"')
    assert result.contents.value == (
        "1h30m · 1 hour 30 minutes · 5,400 s\n"
        "Effective limit: 1h30m, the step's own (job train: 2h)\n"
        "job train: 2h; steps with timeouts use 1h45m of it"
    )


async def test_nothing_to_say(client):
    uri = await open_document(client, DOC)
    # A value that is not a duration, a name that is not a key the format has, a blank.
    assert await hover_at(client, uri, 0, "hover-demo") is None
    assert await hover_at(client, uri, 20, "size") is None
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=len(LINES) + 5, character=3),
    ))
    assert result is None


async def test_not_a_workflow_or_not_open(client):
    compose = "services:\n  web:\n    image: nginx\n    stop_grace_period: 90m\n"
    uri = await open_document(client, compose, "docker-compose.yaml")
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(3, 25)))
    assert result is None
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri="file:///nowhere/closed.yaml"),
        position=types.Position(0, 0)))
    assert result is None
