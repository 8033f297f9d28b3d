"""Hover end to end: durations, steps' limits and budgets, jobs, keys; Markdown and plain text."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .conftest import (
    PULL_UTF8, change_document, diagnostics, lsp_position, markdown_hover, open_document,
    session, token_range,
)

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
concurrency:
  group: nightly
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
    "an input's key: the input it declares": (20, "size", "**input `size`** · int · optional"),
    "a step's duration after emoji and CJK": (11, '"1h30m"', (
        "**1h30m** · 1 hour 30 minutes · 5,400 s\n\n"
        "Effective limit: 1h30m, the step's own (job `train`: 2h)\n\n"
        "job `train`: 2h; steps with timeouts use 1h45m of it"
    )),
    "a step limited by its job, written non-canonically": (6, '"90m"', (
        "`90m` = **1h30m** · 1 hour 30 minutes · 5,400 s\n\n"
        "Effective limit: 30m, job `prep`'s timeout, reached first\n\n"
        "job `prep`: 30m; steps with timeouts use 1h30m of it, 1h more than it has"
    )),
    "a job's duration and its steps' budget": (9, '"2h"', (
        "**2h** · 2 hours · 7,200 s\n\n"
        "job `train`: 2h; steps with timeouts use 1h45m of it"
    )),
    # The diagnostic says what is wrong (in the same hover, in VS Code and Neovim): the
    # hover says what Go reads, the rule, and what the fix makes of the value.
    "an invalid duration and its fix": (14, '"1h 30m"', (
        '"1h 30m": Go reads no duration · WF102 duration-whitespace\n\n'
        "Fix: **1h30m** (1 hour 30 minutes)")),
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
    # Its type was its own name again (`concurrency · concurrency`).
    "a key holding a mapping": (23, "concurrency", (
        "**concurrency** · mapping (concurrency)\n\n"
        "Limits concurrent runs of the workflow that share a `group`."
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
    # A value that is not a duration, a blank.
    assert await hover_at(client, uri, 0, "hover-demo") is None
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


async def test_a_workflow_being_started_is_hovered(client):
    # A root `id` and no `jobs` yet: not linted, but no longer silent to hover.
    async def hover(uri, line, column):
        return await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line, column)))

    uri = await open_document(client, "id: demo\nname: Demo\ncancel_on_failure: false\n")
    result = await hover(uri, 2, 3)
    first = result.contents.value.split("\n")[0]
    assert first == ("**cancel_on_failure** · boolean" if markdown_hover(client)
                     else "cancel_on_failure · boolean")
    # Another tool's file with an `id` stays silent.
    uri = await open_document(client, "id: demo\non: push\nname: x\n", "other.yaml")
    assert await hover(uri, 2, 1) is None


async def test_an_invalid_timeout_is_worded_as_the_graph_words_it(client):
    # The hover said "has no valid timeout" where the graph's lens said "has an invalid timeout".
    text = ('id: w\njobs:\n  build:\n    timeout: "1 h"\n    steps: [{run: make}]\n'
            '  deploy:\n    depends_on: [build]\n    timeout: 2h\n    steps: [{run: ship}]\n')
    uri = await open_document(client, text)

    async def hover(line):
        result = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, 3)))
        return plain(result.contents.value).splitlines()

    assert (await hover(2))[1:] == [
        "invalid timeout · 1 step", "no dependencies · needed by deploy",
        "Worst-case start: 0s · finish: unbounded (invalid timeout)"]
    assert "Worst-case start: unbounded (build has an invalid timeout) · finish: unbounded" in (
        await hover(5))
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert "Show job graph · worst case unbounded (build has an invalid timeout)" in [
        lens.command.title for lens in lenses if lens.command]


BAD = """\
id: bad
jobs:
  a:
    timeout: "45"
    steps:
      - {run: a, timeout: "1h 30m"}
      - {run: b, timeout: 0s}
      - {run: c, timeout: 30m1h}
      - {run: d, timeout: -5m}
      - {run: e, timeout: 1h0m}
      - {run: f, timeout: 2days}
      - {run: g, timeout: "1.5h"}
      - {run: h, timeout: "5µs"}
"""


async def _hovers(client, uri: str, text: str) -> dict[int, str | None]:
    """The hover text on each line's timeout value, by line."""
    found = {}
    for line, row in enumerate(text.splitlines()):
        if "timeout: " in row:
            column = row.index("timeout: ") + len("timeout: ") + 1
            result = await client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=lsp_position(text, line, column, client.encoding)))
            found[line] = plain(result.contents.value) if result else None
    return found


async def test_a_hover_never_repeats_a_diagnostic(client):
    uri = await open_document(client, BAD)
    found = await diagnostics(client, uri)
    hovers = await _hovers(client, uri, BAD)
    assert {d.range.start.line for d in found} == {3, 5, 6, 7, 8, 9, 10}
    for diagnostic in found:
        hover = hovers[diagnostic.range.start.line]
        assert hover is None or diagnostic.message not in hover, (diagnostic.message, hover)
        assert hover is None or "Invalid duration" not in hover
    assert hovers == {
        3: '"45": Go reads no duration · WF101 duration-missing-unit\n'
           "Fixes: 45m (45 minutes), 45h (45 hours) or 45s (45 seconds)",
        5: '"1h 30m": Go reads no duration · WF102 duration-whitespace\n'
           "Fix: 1h30m (1 hour 30 minutes)",
        # Zero said nothing at all: its fix "Change to …" guesses a limit, not a reading.
        6: '"0s": Go reads 0 seconds · WF104 duration-zero',
        7: '"30m1h": Go reads 1 hour 30 minutes · WF103 duration-unit-order\n'
           "Fix: 1h30m (1 hour 30 minutes)",
        8: '"-5m": Go reads minus 5 minutes · WF105 duration-negative\nFix: 5m (5 minutes)',
        9: "1h0m = 1h · 1 hour · 3,600 s\nEffective limit: 1h (job a has an invalid timeout)\n"
           "job a has an invalid timeout; steps with timeouts add up to 2h30m5us",
        10: '"2days": Go reads no duration · WF106 duration-unknown-unit\nFix: 48h (48 hours)',
        # Valid as the timeouts page writes them: what they mean, not "write it as".
        11: "1.5h = 1h30m · 1 hour 30 minutes · 5,400 s\nEffective limit: 1h30m "
            "(job a has an invalid timeout)\njob a has an invalid timeout; steps with timeouts "
            "add up to 2h30m5us",
        12: "5µs · 5 microseconds · 0.000005 s\nEffective limit: 5us (job a has an invalid "
            "timeout)\njob a has an invalid timeout; steps with timeouts add up to 2h30m5us",
    }


ODD = """\
id: odd
jobs:
  a:
    timeout: 0s
    steps:
      - {run: a, timeout: １h}
      - {run: b, timeout: 😀 1h}
      - {run: c, timeout: "30x"}
"""


async def test_an_invalid_value_says_what_it_is_and_which_rule_objects(client):
    # `0s`, `１h` (a fullwidth digit) and `30x` showed nothing on hover; `😀 1h` was said to
    # hold whitespace to remove, though the emoji is what is wrong, and had no fix.
    uri = await open_document(client, ODD)
    found = {d.range.start.line: (d.code, d.message) for d in await diagnostics(client, uri)}
    assert found == {
        3: ("WF104", '"0s" is zero: a duration must be positive'),
        5: ("WF107", '"１" (U+FF11 FULLWIDTH DIGIT ONE) is not allowed in a duration: write "1h"'),
        6: ("WF102", 'whitespace and "😀" (U+1F600 GRINNING FACE) are not allowed in a '
                     'duration: remove them'),
        7: ("WF106", 'unknown unit "x" in "30x": durations use ns, us, ms, s, m and h')}
    assert await _hovers(client, uri, ODD) == {
        3: '"0s": Go reads 0 seconds · WF104 duration-zero',
        5: '"１h": Go reads no duration · WF107 duration-malformed\nFix: 1h (1 hour)',
        6: '"😀 1h": Go reads no duration · WF102 duration-whitespace\nFix: 1h (1 hour)',
        7: '"30x": Go reads no duration · WF106 duration-unknown-unit',
    }
    # Any text is quoted as the diagnostics quote it: a backtick ended a code span early,
    # a line break split the line.
    line = '      - {run: d, timeout: "1`h\\nx"}'
    text = ODD + line + "\n"
    change_document(client, uri, 2, text)
    await diagnostics(client, uri, 2)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=lsp_position(text, 8, line.index("1`"), client.encoding)))
    assert result.contents.value == (
        '"1\\`h\\\\nx": Go reads no duration · WF102 duration-whitespace'  # Markdown's escapes
        if markdown_hover(client) else '"1`h\\nx": Go reads no duration · WF102 duration-whitespace')


ODD_IDS = """\
id: odd-ids
jobs:
  "":
    timeout: 1h
    steps: [{run: a}]
  "a`b":
    timeout: 1h
    depends_on: [""]
    steps: [{run: a}]
"""


async def test_a_job_id_empty_or_holding_a_backtick_is_shown_in_the_hover(client):
    # An empty id was `job ` with nothing after it, and `a`b` ended its code span at its
    # own backtick (`a` in code, then `b` and a stray backtick).
    uri = await open_document(client, ODD_IDS)

    async def first_line(line: int, column: int) -> str:
        result = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=column)))
        return result.contents.value.split("\n")[0]

    markdown = markdown_hover(client)
    assert await first_line(2, 3) == ('**job `""`**' if markdown else 'job ""')
    assert await first_line(5, 3) == ("**job ``a`b``**" if markdown else "job a`b")
    assert await first_line(7, 18) == ('**job `""`**' if markdown else 'job ""')


async def test_the_message_of_a_rule_turned_off_is_in_the_hover():
    async with session(PULL_UTF8, {"ignore": ["WF103"]}) as client:
        uri = await open_document(client, BAD)
        assert 7 not in {d.range.start.line for d in await diagnostics(client, uri)}
        hover = (await _hovers(client, uri, BAD))[7]
        assert hover == ('"30m1h": Go reads 1 hour 30 minutes\n'
                         'Invalid duration: units must go from larger to smaller: "30m1h" is '
                         '1h30m\nFix: 1h30m (1 hour 30 minutes)')


EXPRESSION_TIMEOUT = """\
id: limits
inputs:
  limit: {type: string, default: 2h}
jobs:
  a:
    timeout: "${{ .inputs.limit }}"  # 🚀
    steps: [{run: a}]
"""


async def test_a_timeout_written_as_an_expression_is_not_judged_as_a_duration(client):
    # WF406 says the engine does not evaluate it; the hover said "whitespace is not allowed
    # in a duration: remove it", which would break the expression and fix nothing.
    uri = await open_document(client, EXPRESSION_TIMEOUT)
    assert [d.code for d in await diagnostics(client, uri)] == ["WF406"]
    row = EXPRESSION_TIMEOUT.splitlines()[5]

    async def hover(column: int):
        return await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=lsp_position(EXPRESSION_TIMEOUT, 5, column, client.encoding)))

    assert await hover(row.index('"')) is None
    # The name in it is what it is anywhere else; on the `${{ }}` around it too.
    result = await hover(row.index("limit") + 1)
    assert plain(result.contents.value) == "input limit · string · optional\nDefault: 2h"
    assert result.range == token_range(EXPRESSION_TIMEOUT, 5, "limit", client.encoding)
    for column in (row.index("${{") + 1, row.index("}}")):
        result = await hover(column)
        assert plain(result.contents.value) == "input limit · string · optional\nDefault: 2h"
        assert result.range == token_range(EXPRESSION_TIMEOUT, 5, "${{ .inputs.limit }}",
                                           client.encoding)


async def test_a_long_duration_is_quoted_by_its_start(client):
    # A valid timeout of thousands of characters (leading zeros) was shown whole: one line
    # of a screen's width over the hover.
    long = "0" * 5000 + "1h"
    text = f'id: long\njobs:\n  a:\n    timeout: "{long}"\n    steps: [{{run: a}}]\n'
    uri = await open_document(client, text)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=lsp_position(text, 3, 20, client.encoding)))
    first = plain(result.contents.value).splitlines()[0]
    assert first.startswith("0" * 30) and "..." in first and len(first) < 120
