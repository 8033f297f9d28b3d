"""Code lens end to end: each job's timeout and worst-case finish, refreshed with the document."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from .conftest import PROFILES, eventually, open_document, session, token_range
from .test_inlay_hints import change_settings

SHOW = "wf-lsp.showCriticalPath"
SHOW_GRAPH = "wf-lsp.showGraph"
EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "ml-training.yaml").read_text(encoding="utf-8")


async def lenses(client, uri: str) -> list[tuple]:
    """The jobs' lenses (the one on `jobs:` that opens the job graph: tests/lsp/test_graph.py)."""
    result = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    return [(lens.range, lens.command.title, lens.command.command) for lens in result
            if lens.command is None or lens.command.command != SHOW_GRAPH]


def key(text: str, line: int, name: str, client) -> types.Range:
    return token_range(text, line, name, client.encoding)


async def test_the_timeouts_page_example(client):
    uri = await open_document(client, EXAMPLE)
    lines = EXAMPLE.splitlines()
    line = {name: lines.index(f"  {name}:") for name in ("preprocess", "train", "evaluate")}
    # A job after others reveals its critical path when clicked; the first one is a label.
    assert await lenses(client, uri) == [
        (key(EXAMPLE, line["preprocess"], "preprocess", client), "timeout 30m · critical path 30m", ""),
        (key(EXAMPLE, line["train"], "train", client), "timeout 6h · critical path 6h30m", SHOW),
        (key(EXAMPLE, line["evaluate"], "evaluate", client), "timeout 1h · critical path 7h30m", SHOW),
    ]


async def test_no_timeout_invalid_unbounded_and_cycles(client):
    text = """\
id: lens
jobs:
  "🚀 prep": {steps: [{run: a}]}
  bad: {timeout: "2 h", steps: [{run: a}]}
  after: {timeout: 1h, depends_on: ["🚀 prep"], steps: [{run: a}]}
  loop: {timeout: 1h, depends_on: [loop], steps: [{run: a}]}
"""
    uri = await open_document(client, text)
    assert await lenses(client, uri) == [
        (key(text, 2, '"🚀 prep"', client), "no timeout", ""),
        (key(text, 3, "bad", client), "invalid timeout", ""),
        (key(text, 4, "after", client), "timeout 1h · critical path unbounded", SHOW),
        (key(text, 5, "loop", client), "timeout 1h · never starts (dependency cycle)", ""),
    ]


async def test_refreshed_after_a_change(client):
    uri = await open_document(client, EXAMPLE)
    changed = EXAMPLE.replace('timeout: "30m"', 'timeout: "1h"', 1)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)],
    ))
    titles = [title for _, title, _ in await lenses(client, uri)]
    assert titles == ["timeout 1h · critical path 1h", "timeout 6h · critical path 7h",
                      "timeout 1h · critical path 8h"]


# Its own server: a change of settings is the server's, and `client`'s is shared.
@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=lambda p: p.name)
async def test_turned_off_and_on_by_settings(profile):
    async with session(profile) as client:
        uri = await open_document(client, EXAMPLE)
        await change_settings(client, {"codeLens": {"enable": False}})
        assert await eventually(lambda: lenses(client, uri), lambda r: r == []) == []
        await change_settings(client, {"codeLens": {"enable": True}})
        result = await eventually(lambda: lenses(client, uri), lambda r: len(r) == 3)
        assert [title for _, title, _ in result] == [
            "timeout 30m · critical path 30m", "timeout 6h · critical path 6h30m",
            "timeout 1h · critical path 7h30m"]


async def test_clicking_a_lens_reveals_the_critical_path(client):
    uri = await open_document(client, EXAMPLE)
    lines = EXAMPLE.splitlines()
    line = {name: lines.index(f"  {name}:") for name in ("preprocess", "train", "evaluate")}
    result = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    command = result[3].command  # after the lens on `jobs:` and two jobs'
    # The arguments of VS Code's editor.action.showReferences: uri, position, locations
    # (the VS Code extension shows them in a peek view).
    target, position, locations = command.arguments
    assert (target, position) == (uri, {"line": line["evaluate"], "character": 2})
    assert locations == [
        {"uri": uri, "range": {"start": {"line": line[name], "character": 2},
                               "end": {"line": line[name], "character": 2 + len(name)}}}
        for name in ("preprocess", "train", "evaluate")]
    assert SHOW in client.server_capabilities.execute_command_provider.commands
    # Any other editor runs it on the server, which says the path.
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command.command, arguments=command.arguments))
    assert [(m.type, m.message) for m in client.messages] == [(
        types.MessageType.Info,
        "wf-lsp: critical path to evaluate: preprocess 30m → train 6h → evaluate 1h: 7h30m")]


# A chain of jobs whose critical paths, sent with every lens, hold n²/2 places: 4.5 million
# for 3,000 jobs (11 s for 900, minutes for 3,000); the lenses come in a second.
CHAIN = 3000


async def test_a_long_chain_sends_long_paths_when_asked(client):
    text = "id: chain\njobs:\n  j0: {timeout: 1m, steps: [{run: x}]}\n" + "".join(
        f"  j{i}: {{timeout: 1m, depends_on: [j{i - 1}], steps: [{{run: x}}]}}\n"
        for i in range(1, CHAIN))
    uri = await open_document(client, text)
    try:
        result = await asyncio.wait_for(client.text_document_code_lens_async(
            types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))), 30)
    except TimeoutError:
        pytest.fail("no code lenses in 30 s: they went superlinear in the jobs")
    jobs = [lens for lens in result if lens.command is None or lens.command.command != SHOW_GRAPH]
    assert len(jobs) == CHAIN
    # Short paths come with their lens (at most 32 jobs), longer ones when resolved.
    assert jobs[0].command.title == "timeout 1m · critical path 1m"
    assert len(jobs[31].command.arguments[2]) == 32
    assert all(lens.command is None for lens in jobs[32:])
    assert client.server_capabilities.code_lens_provider.resolve_provider
    last = await asyncio.wait_for(client.code_lens_resolve_async(jobs[-1]), 30)
    assert last.range == jobs[-1].range == key(text, CHAIN + 1, f"j{CHAIN - 1}", client)
    assert last.command.title == "timeout 1m · critical path 50h"
    target, position, locations = last.command.arguments
    assert (target, position) == (uri, {"line": CHAIN + 1, "character": 2})
    assert [location["range"]["start"]["line"] for location in locations] == list(range(2, CHAIN + 2))
