"""The editor's own code actions end to end: "Write as 1h30m" on any valid duration not in
canonical form (with or without WF111), "Add a timeout" on a job or step without one (a
snippet for clients that take snippet edits), "Change to …" on a zero duration."""

from __future__ import annotations

import dataclasses

from lsprotocol import types

from .conftest import (
    PUSH_UTF16, apply_edits, code_actions, diagnostics, lsp_position, open_document, session,
    workspace_edits
)

DOC = """\
id: refactor 🛠
jobs:
  build:
    name: "📦 build"
    steps:
      - name: compile 中文
        run: make
        timeout: 0s
      - {run: test, timeout: "1.5h"}
      - {run: lint, timeout: 5µs}
  ship:
    depends_on: [build]
    timeout: 90m
    steps:
      - run: ship
"""
LINES = DOC.splitlines()
REWRITE = types.CodeActionKind.RefactorRewrite
REFACTOR = types.CodeActionKind.Refactor
QUICKFIX = types.CodeActionKind.QuickFix


def at(client, line: int, token: str) -> types.Range:
    """A cursor inside `token` on `line`."""
    position = lsp_position(DOC, line, LINES[line].index(token) + 1, client.encoding)
    return types.Range(position, position)


def edited(client, action: types.CodeAction, uri: str) -> str:
    edits = workspace_edits(action.edit, uri)
    assert all(isinstance(e, types.TextEdit) for e in edits)  # no snippets unless announced
    return apply_edits(DOC, edits, client.encoding)


async def actions_at(client, uri: str, rng: types.Range, diagnostics=(), only=None):
    return {a.title: a for a in await code_actions(client, uri, rng, diagnostics, only=only)
            if not a.kind.startswith("source")}


async def test_write_as_canonical_without_wf111(client):
    uri = await open_document(client, DOC)
    found = await diagnostics(client, uri)
    assert "WF111" not in {d.code for d in found}  # off by default
    actions = await actions_at(client, uri, at(client, 12, "90m"))
    assert list(actions) == ["Write as 1h30m"]
    action = actions["Write as 1h30m"]
    assert (action.kind, action.diagnostics, action.is_preferred) == (REWRITE, None, None)
    assert edited(client, action, uri) == DOC.replace("timeout: 90m", "timeout: 1h30m")
    # Quotes are kept; the micro sign is a documented unit: nothing to rewrite.
    action = (await actions_at(client, uri, at(client, 8, "1.5h")))["Write as 1h30m"]
    assert edited(client, action, uri) == DOC.replace('"1.5h"', '"1h30m"')
    assert await actions_at(client, uri, at(client, 9, "5µs")) == {}
    # The refactorings menu asks for `refactor` only; a quick-fix menu does not get it.
    assert list(await actions_at(client, uri, at(client, 12, "90m"), only=["refactor"])) == [
        "Write as 1h30m"]
    assert await actions_at(client, uri, at(client, 12, "90m"), only=[QUICKFIX]) == {}


async def test_with_wf111_the_quick_fix_does_it_and_is_not_repeated():
    async with session(PUSH_UTF16, {"select": ["WF"]}) as client:
        uri = await open_document(client, DOC)
        [wf111] = [d for d in await diagnostics(client, uri) if d.code == "WF111" and d.range.start.line == 12]
        actions = await actions_at(client, uri, wf111.range, [wf111])
        assert list(actions) == ['Change to "1h30m"', "Ignore WF111 on this line",
                                 "Ignore WF111 in this file"]
        assert edited(client, actions['Change to "1h30m"'], uri) == DOC.replace("90m", "1h30m")


async def test_add_a_timeout_to_a_job_and_to_a_step(client):
    uri = await open_document(client, DOC)
    actions = await actions_at(client, uri, at(client, 2, "build"))
    action = actions["Add a timeout to job `build`"]
    assert (action.kind, action.diagnostics) == (REFACTOR, None)
    # After the job's one-line name, where the timeouts page puts it; room for its steps'
    # timeouts (1.5h and 5µs), rounded up to a minute.
    assert edited(client, action, uri) == DOC.replace(
        '    name: "📦 build"\n', '    name: "📦 build"\n    timeout: "1h31m"\n')
    # On a step's first line; the step's placeholder is at most its job's timeout.
    action = (await actions_at(client, uri, at(client, 14, "run")))["Add a timeout to step `step 1: ship`"]
    assert edited(client, action, uri) == DOC.replace(
        "      - run: ship\n", '      - timeout: "30m"\n        run: ship\n')
    # Not on every line of a job: a lightbulb on each would be noise.
    assert await actions_at(client, uri, at(client, 6, "make")) == {}


async def test_add_a_timeout_to_the_step_the_cursor_is_in(client):
    # Steps in a flow list share a line: the action was the first step's wherever the
    # cursor was (in the second step, `Add a timeout to step 1`).
    text = "id: flow\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: x}, {run: \"😀 y\"}]\n"
    line = text.splitlines()[4]
    uri = await open_document(client, text, name="steps-on-one-line.yaml")
    for token, title, written in [
        ("x}", "Add a timeout to step `step 1: x`", '[{timeout: "30m", run: x}, {run: "😀 y"}]'),
        ("y\"", "Add a timeout to step `step 2: 😀 y`", '[{run: x}, {timeout: "30m", run: "😀 y"}]'),
    ]:
        cursor = lsp_position(text, 4, line.index(token), client.encoding)
        actions = await actions_at(client, uri, types.Range(cursor, cursor))
        assert list(actions) == [title]
        edits = workspace_edits(actions[title].edit, uri)
        assert apply_edits(text, edits, client.encoding).splitlines()[4] == f"    steps: {written}"


async def test_add_a_timeout_fixes_wf203_and_is_a_snippet_where_the_client_takes_them():
    profile = dataclasses.replace(PUSH_UTF16, resolve_edits=False, snippets=True)
    async with session(profile) as client:
        uri = await open_document(client, DOC)
        [wf203] = [d for d in await diagnostics(client, uri) if d.code == "WF203"]
        assert wf203.range.start.line == 2  # on the job's key
        actions = await code_actions(client, uri, wf203.range, [wf203], only=[QUICKFIX])
        assert [a.title for a in actions] == ["Add a timeout to job `build`",
                                              "Ignore WF203 on this line", "Ignore WF203 in this file"]
        add = actions[0]
        assert (add.kind, add.diagnostics, add.is_preferred) == (QUICKFIX, (wf203,), None)
        [change] = add.edit.document_changes
        [snippet] = change.edits
        assert isinstance(snippet, types.SnippetTextEdit)
        assert snippet.snippet.value == '\n    timeout: "${1:1h31m}"'
        end = lsp_position(DOC, 3, len(LINES[3]), client.encoding)
        assert snippet.range == types.Range(end, end)


async def test_change_a_zero_duration(client):
    uri = await open_document(client, DOC)
    [wf104] = [d for d in await diagnostics(client, uri) if d.code == "WF104"]
    actions = await code_actions(client, uri, wf104.range, [wf104], only=[QUICKFIX])
    assert [a.title for a in actions] == ['Change to "30m"', "Ignore WF104 on this line",
                                          "Ignore WF104 in this file"]
    change = actions[0]
    # A guess at the value: offered, never preferred (nor applied by fix-all).
    assert (change.kind, change.diagnostics, change.is_preferred) == (QUICKFIX, (wf104,), None)
    assert edited(client, change, uri) == DOC.replace("timeout: 0s", "timeout: 30m")


CALLER = """\
id: nightly
jobs:
  train:
    workflow:
      name: fit-model
---
id: fit-model
trigger:
  callable: true
jobs:
  fit:
    timeout: 2h
    steps:
      - run: python train.py
  publish:
    depends_on: [fit]
    timeout: 1h
    steps:
      - run: ./publish.sh
"""


async def test_add_a_timeout_to_a_calling_job_covers_the_call(client):
    """The quick fix for a job that calls a workflow added the usual 1h: less than the
    call's 3h, WF606's warning in its place. It covers the callee's longest chain now."""
    uri = await open_document(client, CALLER)
    [wf203] = [d for d in await diagnostics(client, uri) if d.code == "WF203"]
    actions = await code_actions(client, uri, wf203.range, [wf203], only=[QUICKFIX])
    add = actions[0]
    assert add.title == "Add a timeout to job `train`"
    edits = workspace_edits(add.edit, uri)
    assert apply_edits(CALLER, edits, client.encoding) == CALLER.replace(
        "  train:\n", '  train:\n    timeout: "3h"\n')
