"""Inlay hints end to end: `= 1h30m` after valid durations not written in canonical form."""

from __future__ import annotations


import pytest
from lsprotocol import types

from .conftest import PROFILES, eventually, lsp_position, open_document, session

DOC = """\
id: hints
jobs:
  a:
    timeout: 90m  # 🎉 a comment
    steps:
      - {name: "🧪", timeout: "120s", run: a}
      - {timeout: "1h30m", run: b}
      - {timeout: "30x", run: c}
      - {timeout: 1h0m, run: d}
      - {timeout: 5µs, run: e}
"""
LINES = DOC.splitlines()


def after(client, line: int, token: str) -> types.Position:
    return lsp_position(DOC, line, LINES[line].index(token) + len(token), client.encoding)


async def hints(client, uri: str, first: int, last: int):
    return await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(first, 0), types.Position(last, 0)),
    ))


async def test_hints_after_non_canonical_durations(client):
    uri = await open_document(client, DOC)
    result = await hints(client, uri, 0, len(LINES))
    assert [(hint.position, hint.label, hint.tooltip, hint.padding_left) for hint in result] == [
        (after(client, 3, "90m"), "= 1h30m", "1 hour 30 minutes", True),
        (after(client, 5, '"120s"'), "= 2m", "2 minutes", True),
        (after(client, 8, "1h0m"), "= 1h", "1 hour", True),
    ]  # not after the canonical "1h30m", the invalid "30x" nor "5µs" (a documented unit)


async def test_only_the_requested_range(client):
    uri = await open_document(client, DOC)
    result = await hints(client, uri, 5, 6)
    assert [(hint.position, hint.label) for hint in result] == [(after(client, 5, '"120s"'), "= 2m")]


async def change_settings(client, settings: dict) -> None:
    """What an editor does when the user edits its settings: notify, then answer the pull."""
    client.set_configuration({"wfLsp": settings})
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))


# Its own server: a change of settings is the server's, and `client`'s is shared.
@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=lambda p: p.name)
async def test_turned_off_and_on_by_settings(profile):
    async with session(profile) as client:
        uri = await open_document(client, DOC)
        await change_settings(client, {"inlayHints": {"enable": False}})
        result = await eventually(lambda: hints(client, uri, 0, len(LINES)), lambda r: not r)
        assert list(result) == []
        await change_settings(client, {"inlayHints": {"enable": True}})
        result = await eventually(lambda: hints(client, uri, 0, len(LINES)), lambda r: len(r) == 3)
        assert [hint.label for hint in result] == ["= 1h30m", "= 2m", "= 1h"]
