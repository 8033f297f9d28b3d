"""The format's meaning end to end: hover, completion, definition, references, highlight
and rename of the names `${{ }}` reads, and a schedule's hover and inlay hint.

Expressions sit after emoji and CJK, in a `run: |` block and in a double-quoted string
with escapes, so that every range is checked in each client's position encoding.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from cronsim import CronSim
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .conftest import (PUSH_UTF16, apply_edits, change_document, diagnostics, lsp_position,
                       open_document, session, token_range, workspace_edits)

DOC = """\
id: meaning
inputs:
  epochs: {type: int, default: 10, description: How many passes}
secrets:
  - name: workspaces/ws/secrets/api
    as: api
env:
  TOP: "1"
trigger:
  schedule:
    - cron: "0 2 1 1 *"
      inputs: {epochs: "3"}
jobs:
  train:
    matrix:
      os: [linux, mac]
    env:
      LEVEL: job
    steps:
      - name: 😀 ${{ .matrix.os }}
        run: |
          echo 中文🎉 ${{ .env.LEVEL }} ${{ .inputs.epochs }}
          curl -H "${{ .secrets.api }}"
      - run: "echo \\"é\\t\\" 🚀 ${{ .inputs.epochs }} ${{ .env.TOP }}"
"""
LINES = DOC.splitlines()
EPOCHS = [(2, 0), (11, 0), (21, 0), (23, 0)]  # (line, nth `epochs` on it)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def at(client, line: int, token: str, offset: int = 1, text: str = DOC) -> types.Position:
    return lsp_position(text, line, text.splitlines()[line].index(token) + offset, client.encoding)


def test_the_lines_hold_what_the_tests_say():
    assert all("epochs" in LINES[line] for line, _ in EPOCHS)
    assert "\\t" in LINES[23] and "🚀" in LINES[23] and "中文🎉" in LINES[21]


async def test_the_server_announces_what_these_requests_need(client):
    capabilities = client.server_capabilities
    assert capabilities.definition_provider and capabilities.references_provider
    assert capabilities.document_highlight_provider
    assert capabilities.rename_provider.prepare_provider is True
    assert {".", "{", " "} <= set(capabilities.completion_provider.trigger_characters)
    assert capabilities.inlay_hint_provider and capabilities.hover_provider


HOVERS = [  # (line, token, where in it, the name hovered, the hover's first line)
    (21, ".inputs.epochs", 10, "epochs", "input `epochs` · int · optional"),
    (23, ".inputs.epochs", 8, "epochs", "input `epochs` · int · optional"),
    (23, ".env.TOP", 6, "TOP", "env `TOP` · defined in the workflow's env"),
    (21, ".env.LEVEL", 7, "LEVEL", "env `LEVEL` · defined in the env of job `train`"),
    (22, ".secrets.api", 10, "api", "secret `api`"),
    (19, ".matrix.os", 9, "os", "matrix variable `os` of job `train`"),
    (11, "epochs", 2, "epochs", "input `epochs` · int · optional"),  # a schedule's input
    (5, "api", 1, "api", "secret `api`"),  # the alias itself
    # The context word of a path: what it holds.
    (21, ".inputs", 3, "inputs", "context `inputs` · the workflow's inputs, by their keys in "
     "`inputs`"),
    (19, ".matrix", 1, "matrix", "context `matrix` · the variables of the job's `matrix`, one "
     "value per instance"),
]


@pytest.mark.parametrize("case", HOVERS, ids=[f"{c[0]}:{c[1]}" for c in HOVERS])
async def test_hover_on_a_name_covers_exactly_it(client, case):
    line, token, offset, name, head = case
    result = await hover_with_head(client, line, token, offset, head)
    nth = LINES[line][:LINES[line].index(token)].count(name)
    assert result.range == token_range(DOC, line, name, client.encoding, nth)


async def hover_with_head(client, line: int, token: str, offset: int, head: str):
    """The hover at `offset` in `token` on `line`, whose first line is `head`."""
    uri = await open_document(client, DOC)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=doc(uri), position=at(client, line, token, offset)))
    first = result.contents.value.split("\n")[0]
    assert first.replace("**", "") == (
        head if client.profile.markdown else head.replace("`", ""))
    return result


# Anywhere else on a path or its `${{ }}`, the hover is the name's (it was nothing): (line,
# the token the cursor is in, where in it, what the hover covers, the first line).
HOVERS_AROUND = [
    (21, ".inputs.epochs", 0, ".inputs.epochs", "input `epochs` · int · optional"),  # a dot
    (21, "${{ .inputs.epochs }}", 1, "${{ .inputs.epochs }}", "input `epochs` · int · optional"),
    (21, "${{ .inputs.epochs }}", 19, "${{ .inputs.epochs }}", "input `epochs` · int · optional"),
    (23, "${{ .env.TOP }}", 3, "${{ .env.TOP }}", "env `TOP` · defined in the workflow's env"),
    (22, "${{ .secrets.api }}", 3, "${{ .secrets.api }}", "secret `api`"),
]


@pytest.mark.parametrize("case", HOVERS_AROUND, ids=[f"{c[0]}:{c[1]}:{c[2]}" for c in HOVERS_AROUND])
async def test_hover_anywhere_on_a_path_or_its_expression_is_the_names(client, case):
    line, token, offset, covered, head = case
    result = await hover_with_head(client, line, token, offset, head)
    assert result.range == token_range(DOC, line, covered, client.encoding)


async def test_hover_on_the_dollar_of_a_path_and_on_an_expression_of_several():
    text = ("id: x\ninputs: {n: {type: int}}\nenv: {A: a}\njobs:\n  j:\n    timeout: 1h\n"
            "    steps:\n      - run: echo ${{ $.inputs.n }} ${{ printf \"%v%v\" .inputs.n .env.A }}\n")
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, text)
        result = await client.text_document_hover_async(types.HoverParams(
            text_document=doc(uri), position=at(client, 7, "$.inputs", 0, text)))
        assert result.contents.value.split("\n")[0] == "**input `n`** · int · optional"
        assert result.range == token_range(text, 7, "$.inputs.n", client.encoding)
        # On `printf`: the first line of each name the expression reads.
        result = await client.text_document_hover_async(types.HoverParams(
            text_document=doc(uri), position=at(client, 7, "printf", 2, text)))
        assert result.contents.value.split("\n\n") == [
            "**input `n`** · int · optional", "**env `A`** · defined in the workflow's env"]


async def test_hover_on_the_dollar_of_a_path_in_a_definition_says_what_it_reads(client):
    # In the body of `block "d" .inputs`, `$` is `.inputs`: `$.inputs` reads
    # `.inputs.inputs` (WF403), but the hover on its `$` described the `inputs` context
    # alone, as if the path were `.inputs`.
    line = '      - name: 😀 ${{ block "d" .inputs }}${{ $.inputs }}${{ end }}'
    text = DOC.replace(LINES[19], line)
    uri = await open_document(client, text)
    assert "WF403" in [d.code for d in await diagnostics(client, uri)]
    for offset in (0, 1):  # the `$`, the dot after it
        result = await client.text_document_hover_async(types.HoverParams(
            text_document=doc(uri), position=lsp_position(
                text, 19, line.index("$.inputs") + offset, client.encoding)))
        head, context = result.contents.value.replace("**", "").split("\n")[:3:2] \
            if client.profile.markdown else result.contents.value.split("\n")[:2]
        expected = ("path `.inputs.inputs` · `$` holds `.inputs` here",
                    "context `inputs` · the workflow's inputs, by their keys in `inputs`")
        assert (head, context) == (expected if client.profile.markdown else
                                   tuple(e.replace("`", "") for e in expected))
        assert result.range == token_range(text, 19, "$.inputs", client.encoding)


async def test_hover_on_a_schedule_and_the_hint_after_it(client):
    uri = await open_document(client, DOC)
    before = datetime.now(timezone.utc)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=doc(uri), position=at(client, 10, '"0 2', 3)))
    runs = CronSim("0 2 1 1 *", before)
    expected = " · ".join(next(runs).strftime("%a %Y-%m-%d %H:%M") for _ in range(3))
    lines = [line for line in result.contents.value.replace("**", "").split("\n") if line]
    assert lines == ["At 02:00 UTC, on day 1 of the month, only in January",
                     f"Next runs (UTC): {expected}"]
    assert result.range == token_range(DOC, 10, '"0 2 1 1 *"', client.encoding)
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc(uri), range=types.Range(types.Position(0, 0), types.Position(len(LINES), 0))))
    assert [(h.position, h.label, h.tooltip) for h in hints] == [
        (at(client, 10, '"0 2 1 1 *"', len('"0 2 1 1 *"')),
         "→ at 02:00 UTC, on day 1 of the month, only in January",
         "At 02:00 UTC, on day 1 of the month, only in January")]


async def test_hover_on_a_schedule_with_thousands_of_leading_zeros(client):
    # `000...05 * * * *` (5,000 zeros) runs at minute 5, as Go reads it; hover failed with
    # an internal error (cronsim's int() of over 4,300 digits raised) and gave nothing.
    value = "0" * 5000 + "5 * * * *"
    text = f'id: x\ntrigger:\n  schedule:\n    - cron: "{value}"\njobs:\n  a:\n    timeout: 1h\n' \
        "    steps: [{run: a}]\n"
    uri = await open_document(client, text)
    before = datetime.now(timezone.utc)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=doc(uri), position=at(client, 3, '"0', 3, text)))
    runs = CronSim("5 * * * *", before)
    expected = " · ".join(next(runs).strftime("%a %Y-%m-%d %H:%M") for _ in range(3))
    lines = [line for line in result.contents.value.replace("**", "").split("\n") if line]
    assert lines == ["At 5 minutes past the hour", f"Next runs (UTC): {expected}"]


async def test_completion_inside_an_expression_being_typed(client):
    uri = await open_document(client, DOC)
    # Type `${{ .env.` at the end of the double-quoted string, after escapes and an emoji.
    end = LINES[23].rindex('"')
    typed = LINES[23][:end] + " ${{ .env." + LINES[23][end:]
    text = DOC.replace(LINES[23], typed)
    change_document(client, uri, 2, text)
    cursor = lsp_position(text, 23, end + len(" ${{ .env."), client.encoding)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=cursor,
        context=types.CompletionContext(types.CompletionTriggerKind.TriggerCharacter, ".")))
    assert [(i.label, i.kind, i.detail) for i in result.items] == [
        ("TOP", types.CompletionItemKind.Variable, "1 · workflow env"),
        ("LEVEL", types.CompletionItemKind.Variable, "job · job env")]
    assert [i.text_edit.range for i in result.items] == [types.Range(cursor, cursor)] * 2
    # In the block, after CJK and an emoji: `${{ .in|puts.epochs }}` offers the contexts.
    cursor = at(client, 21, ".inputs", 3, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=cursor))
    assert [(i.label, i.text_edit.new_text) for i in result.items] == [
        ("inputs", ".inputs"), ("secrets", ".secrets"), ("env", ".env"), ("matrix", ".matrix")]
    assert result.items[0].text_edit.range == token_range(text, 21, ".inputs", client.encoding)


async def test_completion_after_the_space_that_follows_the_braces(client):
    # `${{ ` typed at the end of a plain value: the value ends at `${{` (YAML drops the
    # trailing space), so the cursor was outside it and nothing was offered, at the very
    # moment the space, a trigger character, asked.
    uri = await open_document(client, DOC)
    typed = "      - name: 😀 ${{ "
    text = DOC.replace(LINES[19], typed)
    change_document(client, uri, 2, text)
    cursor = lsp_position(text, 19, len(typed), client.encoding)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=cursor,
        context=types.CompletionContext(types.CompletionTriggerKind.TriggerCharacter, " ")))
    assert [(i.label, i.text_edit.new_text) for i in result.items] == [
        ("inputs", ".inputs"), ("secrets", ".secrets"), ("env", ".env"), ("matrix", ".matrix")]
    assert [i.text_edit.range for i in result.items] == [types.Range(cursor, cursor)] * 4
    # Past a closed expression, spaces are no place for one.
    closed = "      - name: 😀 ${{ .matrix.os }} "
    text = DOC.replace(LINES[19], closed)
    change_document(client, uri, 3, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=lsp_position(text, 19, len(closed), client.encoding)))
    assert not (result.items if result else [])


async def test_no_completion_inside_an_escape_of_a_quoted_value(client):
    # `${{ .in\\"` in a double-quoted value: a cursor between the two characters of an
    # escape (`\\`, one backslash of the value) got the contexts with a range before it,
    # which LSP forbids (a client drops them, or edits the wrong place). Nothing now; at
    # the escape's start the path before it is completed as ever.
    uri = await open_document(client, DOC)
    typed = '      - run: "echo ${{ .in\\\\ }}"'
    text = DOC.replace(LINES[23], typed)
    change_document(client, uri, 2, text)
    inside = lsp_position(text, 23, typed.index("\\") + 1, client.encoding)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=inside))
    assert not (result.items if result else []), result
    before = lsp_position(text, 23, typed.index("\\"), client.encoding)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=before))
    assert [i.text_edit.new_text for i in result.items][:1] == [".inputs"]
    assert result.items[0].text_edit.range == types.Range(
        lsp_position(text, 23, typed.index(".in"), client.encoding), before)


async def test_completion_of_dollar_in_a_definition_offers_what_its_call_gives(client):
    # In the body of `block "d" .inputs`, `$` is `.inputs` (Go gives a definition's `$` the
    # call's argument): `$.` offered the contexts, whose `$.inputs` reads `.inputs.inputs`
    # (nothing: WF403). It offers the names of the inputs, as `.` there does; outside a
    # definition, in a `with`, `$` is the data and gets the contexts as ever.
    uri = await open_document(client, DOC)
    for version, (before, after, expected) in enumerate([
            ('${{ block "d" .inputs }}${{ $.e', " }}${{ end }}", [".epochs"]),
            ('${{ with .inputs }}${{ $.in', " }}${{ end }}",
             ["$.inputs", "$.secrets", "$.env", "$.matrix"])], start=2):
        typed = "      - name: 😀 " + before
        text = DOC.replace(LINES[19], typed + after)
        change_document(client, uri, version, text)
        cursor = lsp_position(text, 19, len(typed), client.encoding)
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=doc(uri), position=cursor))
        assert [i.text_edit.new_text for i in result.items] == expected
        dot = lsp_position(text, 19, typed.rindex("$.") + 1 if len(expected) == 1 else
                           typed.rindex("$."), client.encoding)
        assert result.items[0].text_edit.range == types.Range(dot, cursor)


@pytest.mark.parametrize("typed", ["${{ .matrix.os }", "${{ (.matrix.os)", "${{ \"a\"",
                                   "${{ 3", "${{ eq .matrix.os 1}"])
async def test_no_context_where_no_operand_can_go(client, typed):
    # The `}` of the `}}` being typed, after `)`, a string's closing quote, a number being
    # typed: `.inputs`, `.secrets`, `.env` were offered there, `3` replaced by `.inputs`.
    uri = await open_document(client, DOC)
    line = "      - name: 😀 " + typed
    text = DOC.replace(LINES[19], line)
    change_document(client, uri, 2, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=lsp_position(text, 19, len(line), client.encoding)))
    assert result is not None and not result.items
    # After `(`, a pipe, or an operand and a space, one starts: the contexts are offered.
    for version, operand in enumerate(("${{ (", "${{ .matrix.os |", "${{ eq .matrix.os "), 3):
        line = "      - name: 😀 " + operand
        text = DOC.replace(LINES[19], line)
        change_document(client, uri, version, text)
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=doc(uri), position=lsp_position(text, 19, len(line), client.encoding)))
        assert [i.label for i in result.items] == ["inputs", "secrets", "env", "matrix"]


HYPHENATED = """\
id: dashes
inputs:
  my-input: {type: int, default: 1}
  ok: {type: int, default: 2}
jobs:
  train:
    timeout: 1h
    steps:
      - run: 😀 ${{ .inputs.m§
"""


@pytest.mark.parametrize("line, accepted", [
    ("      - run: 😀 ${{ .inputs.m§", '      - run: 😀 ${{ index .inputs "my-input"'),
    ('      - run: "😀 ${{ eq $.inputs.§ 1 }}"',
     '      - run: "😀 ${{ eq (index $.inputs \\"my-input\\") 1 }}"'),
])
async def test_a_name_with_a_dash_is_completed_as_index(client, line, accepted):
    # `.inputs.my-input` was written, which Go reads as `.inputs.my` and a bad `-`: WF401
    # said so as soon as the item was taken.
    text = HYPHENATED.replace(HYPHENATED.splitlines()[8], line.replace("§", ""))
    uri = await open_document(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=lsp_position(text, 8, line.index("§"), client.encoding)))
    assert [(i.label, i.filter_text) for i in result.items] == [
        ("my-input", ".inputs.my-input" if "$." not in line else "$.inputs.my-input"),
        ("ok", None)]
    written = apply_edits(text, [result.items[0].text_edit], client.encoding)
    assert written.splitlines()[8].startswith(accepted)
    closed = written if "}}" in line else written.replace('"my-input"', '"my-input" }}')
    change_document(client, uri, 2, closed)
    assert [d.code for d in await diagnostics(client, uri, 2)] == []


@pytest.mark.parametrize("line, accepted", [
    ("      - run: 😀 ${{ with .inputs }}${{ .m§", '${{ with .inputs }}${{ index . "my-input"'),
    ("      - run: 😀 ${{ with .inputs }}${{ m§", '${{ with .inputs }}${{ index . "my-input"'),
    ('      - run: "😀 ${{ with .inputs }}${{ eq .§ 1 }}${{ end }}"',
     '${{ with .inputs }}${{ eq (index . \\"my-input\\") 1 }}'),
    ("      - run: 😀 ${{ with $in := .inputs }}${{ $in.m§",
     '${{ with $in := .inputs }}${{ index $in "my-input"'),
    ('      - run: 😀 ${{ block "d" .inputs }}${{ $.m§', '${{ block "d" .inputs }}${{ index $ "my-input"'),
    ("      - run: 😀 ${{ with .inputs }}${{ eq §", '${{ with .inputs }}${{ eq (index . "my-input")'),
])
async def test_a_name_with_a_dash_is_completed_as_index_where_dot_holds_it(client, line,
                                                                           accepted):
    # In `${{ with .inputs }}`, `.my-input` was written (Go reads `.my` and a bad `-`:
    # WF401), though outside a `with` the same name is written with `index`.
    text = HYPHENATED.replace(HYPHENATED.splitlines()[8], line.replace("§", ""))
    uri = await open_document(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=lsp_position(text, 8, line.index("§"), client.encoding)))
    assert [(i.label, i.filter_text, i.text_edit.new_text) for i in result.items][1:] == [
        ("ok", ".ok", ".ok")]
    assert result.items[0].filter_text == ".my-input"
    written = apply_edits(text, [result.items[0].text_edit], client.encoding)
    assert accepted in written.splitlines()[8]
    if "{{ end }}" not in line:
        # (its last line; `eq` takes two operands)
        written = written.rstrip("\n") + " 1" * line.endswith("eq §") + " }}${{ end }}\n"
    change_document(client, uri, 2, written)
    assert [d.code for d in await diagnostics(client, uri, 2)] == []


@pytest.mark.parametrize("typed, offered", [
    ('${{ with .inputs }}${{ index . "m', ["my-input", "ok"]),
    ('${{ with $in := .inputs }}${{ index $in "', ["my-input", "ok"]),
    ('${{ block "d" .inputs }}${{ index $ "m', ["my-input", "ok"]),
    ('${{ index . "m', []),  # `.` is the data: no names of its own
])
async def test_the_key_of_index_is_completed_where_dot_holds_a_context(client, typed, offered):
    # `index . "my-input"` is what completion writes in `${{ with .inputs }}`, but typing
    # it by hand got nothing in its string: only `index .inputs "…"` had the names.
    line = f"      - run: 😀 {typed}"
    text = HYPHENATED.replace(HYPHENATED.splitlines()[8], line)
    uri = await open_document(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=lsp_position(text, 8, len(line), client.encoding)))
    assert [i.label for i in (result.items if result else [])] == offered
    if offered:
        written = apply_edits(text, [result.items[0].text_edit], client.encoding)
        assert written.splitlines()[8].endswith(typed.rstrip("m") + "my-input")


async def test_a_path_without_its_leading_dot_is_completed_with_it(client):
    # `${{ inputs.` as GitHub Actions writes it got nothing, and WF401 said the dot was
    # missing: the names are offered, each written with the dot over the whole path.
    line = "      - run: 😀 ${{ inputs.o"
    text = HYPHENATED.replace(HYPHENATED.splitlines()[8], line)
    uri = await open_document(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=lsp_position(text, 8, len(line), client.encoding)))
    assert [(i.label, i.filter_text, i.text_edit.new_text) for i in result.items] == [
        ("my-input", "inputs.my-input", 'index .inputs "my-input"'),
        ("ok", "inputs.ok", ".inputs.ok")]
    assert [i.text_edit.range.start for i in result.items] == [
        lsp_position(text, 8, line.index("inputs"), client.encoding)] * 2
    written = apply_edits(text, [result.items[1].text_edit], client.encoding)
    change_document(client, uri, 2, written.replace(".inputs.ok", ".inputs.ok }}"))
    assert [d.code for d in await diagnostics(client, uri, 2)] == []


async def test_definition_references_and_highlight(client):
    uri = await open_document(client, DOC)
    declaration = token_range(DOC, 2, "epochs", client.encoding)
    uses = [token_range(DOC, line, "epochs", client.encoding, nth) for line, nth in EPOCHS[1:]]
    position = at(client, 23, "epochs", 2)
    result = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc(uri), position=position))
    assert list(result) == [types.Location(uri=uri, range=declaration)]
    for include, expected in ((True, [declaration, *uses]), (False, uses)):
        result = await client.text_document_references_async(types.ReferenceParams(
            text_document=doc(uri), position=position,
            context=types.ReferenceContext(include_declaration=include)))
        assert [location.range for location in result] == expected
    result = await client.text_document_document_highlight_async(types.DocumentHighlightParams(
        text_document=doc(uri), position=at(client, 5, "api")))
    assert [(h.range, h.kind) for h in result] == [
        (token_range(DOC, 5, "api", client.encoding), types.DocumentHighlightKind.Write),
        (token_range(DOC, 22, "api", client.encoding), types.DocumentHighlightKind.Read)]


async def test_rename_changes_the_declaration_and_every_expression(client):
    uri = await open_document(client, DOC)
    position = at(client, 21, "epochs", 3)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=doc(uri), position=position))
    assert prepared == types.PrepareRenamePlaceholder(
        range=token_range(DOC, 21, "epochs", client.encoding), placeholder="epochs")
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=doc(uri), position=position, new_name="passes"))
    renamed = apply_edits(DOC, workspace_edits(edit, uri), client.encoding)
    assert renamed == DOC.replace("epochs", "passes")
    for new, line, token, expected in (
            ("api_key", 22, "api", DOC.replace("as: api", "as: api_key").replace(
                ".secrets.api", ".secrets.api_key")),
            ("STAGE", 17, "LEVEL", DOC.replace("LEVEL", "STAGE")),
            ("system", 19, ".os", DOC.replace("os: [", "system: [").replace(".os", ".system"))):
        edit = await client.text_document_rename_async(types.RenameParams(
            text_document=doc(uri), position=at(client, line, token, 1), new_name=new))
        assert apply_edits(DOC, workspace_edits(edit, uri), client.encoding) == expected
    change_document(client, uri, 2, renamed)
    codes = {d.code for d in await diagnostics(client, uri, version=2)}
    assert "WF403" not in codes and "WF513" not in codes


async def test_a_rename_we_will_not_do_says_why(client):
    uri = await open_document(client, DOC)
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_rename_async(types.RenameParams(
            text_document=doc(uri), position=at(client, 23, "TOP"), new_name="has-dash"))
    assert error.value.message == (
        "Cannot rename `TOP`: `has-dash` is not a name an expression can read: letters, digits "
        "and `_`, not starting with a digit")
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_rename_async(types.RenameParams(
            text_document=doc(uri), position=at(client, 21, "LEVEL"), new_name="TOP"))
    assert error.value.message == (
        "Cannot rename `LEVEL`: `.env.TOP` already exists where `LEVEL` is declared or used")


# A job's env whose STAGE is made from the workflow's: the value of an `env` entry is
# evaluated around that `env`, so `.env.STAGE` in it is the workflow's STAGE.
STAGES = """\
id: stages
env:
  STAGE: prod
jobs:
  ship:
    timeout: 1h
    env:
      STAGE: "🚀 ${{ .env.STAGE }}-b"
    steps:
      - run: echo ${{ .env.STAGE }}
"""


async def test_an_env_value_reading_its_own_name_reads_the_env_around(client):
    uri = await open_document(client, STAGES)
    outer = token_range(STAGES, 2, "STAGE", client.encoding)
    inner = token_range(STAGES, 7, "STAGE", client.encoding)
    in_value = token_range(STAGES, 7, "STAGE", client.encoding, 1)
    in_run = token_range(STAGES, 9, "STAGE", client.encoding)
    result = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc(uri), position=at(client, 7, ".env.STAGE", 6, STAGES)))
    assert list(result) == [types.Location(uri=uri, range=outer)]
    for position, expected in ((at(client, 2, "STAGE", 1, STAGES), [outer, in_value]),
                               (at(client, 7, "STAGE", 1, STAGES), [inner, in_run])):
        result = await client.text_document_references_async(types.ReferenceParams(
            text_document=doc(uri), position=position,
            context=types.ReferenceContext(include_declaration=True)))
        assert [location.range for location in result] == expected
    # Renaming the job's STAGE leaves the workflow's, which its value reads, alone.
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=doc(uri), position=at(client, 7, "STAGE", 1, STAGES), new_name="TARGET"))
    assert apply_edits(STAGES, workspace_edits(edit, uri), client.encoding) == STAGES.replace(
        '      STAGE: "', '      TARGET: "').replace("echo ${{ .env.STAGE", "echo ${{ .env.TARGET")
    assert await diagnostics(client, uri) == []
