"""Diagnostics kept from one version to the next (`wf_lsp/lsp/diagnostics.py`) over
JSON-RPC: after edits that keep some findings and change others, a line inserted above
them, and a changed emoji before a finding on its line (the finding is the same in code
points, its range in UTF-16 and UTF-8 is not), every diagnostic (range, message, related
places, fix data) is what the same document opened with the same text in a server of its
own gets, whose diagnostics are all converted afresh, and its places are where `wf-lsp
lint` puts them; so with the edits sent whole and as ranges. Quick fixes of a kept diagnostic, and of one sent back from an earlier
version, edit the current text right. A pull after an edit that changes no diagnostic is
answered `unchanged`. Hypothesis varies the characters before a finding on its line,
keeping their number in code points (the finding stays the same) and changing their
width in the client's units."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from .conftest import (
    PULL_UTF8, apply_edits, change_document, code_actions, diagnostics, lsp_position, open_document,
    session, token_range, workspace_edits
)
from .test_fuzz import EXAMPLES, lint_by_cli, server  # noqa: F401 (`server`: a fixture)

DOC = """\
id: nightly
jobs:
  train:
    timeout: "30m1h"
    steps:
      - {name: "🚀 go", timeout: 90}
      - run: echo "x"
        timeout: 45m0s
  report:
    depends_on: [train, train]
    steps:
      - name: Report 📊
        timeout: 2h
        run: echo done
"""

# Each text from the one before: one finding changes (the others stay); the emoji before
# a finding on its line becomes a letter; a line is inserted above everything; a step with
# a new finding is added; the inserted line goes again.
EDITS = [
    ('"30m1h"', '"20m1h"'),
    ('"🚀 go"', '"é go"'),
    ("id: nightly", "# the nightly run\nid: nightly"),
    ("        run: echo done\n",
     "        run: echo done\n      - run: echo again\n        timeout: 0s\n"),
    ("# the nightly run\n", ""),
]


def _comparable(found: list[types.Diagnostic]) -> list[tuple]:
    """Everything a diagnostic says."""
    return [(d.code, d.range, d.severity, d.message, d.source, d.code_description.href,
             d.tags, d.data,
             [(r.location.uri, r.location.range, r.message) for r in d.related_information or ()])
            for d in found]


async def _fresh(server, text: str) -> list[tuple]:
    """The diagnostics of `text` opened (again) in `server`: nothing is reused."""
    uri = await open_document(server, text)
    found = _comparable(await diagnostics(server, uri, version=1))
    server.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri)))
    return found


def _edit(text: str, old: str, new: str, encoding: str) -> types.TextEdit:
    """The edit that replaces the first `old` in `text` with `new`, in the client's units."""
    start = text.index(old)

    def position(offset: int) -> types.Position:
        line, column = text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1)
        if column == 0:  # also the end of a text that ends with a line break
            return types.Position(line, 0)
        return lsp_position(text, line, column, encoding)

    return types.TextEdit(types.Range(position(start), position(start + len(old))), new)


@pytest.mark.parametrize("incremental", [False, True], ids=["whole", "incremental"])
async def test_kept_diagnostics_are_those_of_a_fresh_conversion(client, tmp_path, incremental):
    uri = await open_document(client, DOC)
    text = DOC
    await diagnostics(client, uri, version=1)
    async with session(client.profile) as fresh:
        for version, (old, new) in enumerate(EDITS, start=2):
            assert old in text
            if incremental:  # applied to the server's text, by the line it split it into
                change_document(client, uri, version,
                                edits=[_edit(text, old, new, client.encoding)])
            text = text.replace(old, new, 1)
            if not incremental:
                change_document(client, uri, version, text)
            found = await diagnostics(client, uri, version=version)
            assert _comparable(found) == await _fresh(fresh, text)
            assert [(d.range, d.severity, d.code, d.message) for d in found] == [
                (types.Range(types.Position(**r["start"]), types.Position(**r["end"])), s, c, m)
                for r, s, c, m in lint_by_cli(text, tmp_path / "flow.yaml", client.encoding)]
            if version == 3:  # the emoji became a letter: the same findings, other ranges
                missing_unit = next(d for d in found if d.code == "WF101")
                assert missing_unit.range == token_range(text, 5, "90", client.encoding)


async def test_quick_fixes_of_kept_and_moved_diagnostics_edit_the_current_text(client):
    uri = await open_document(client, DOC)
    first = {d.code: d for d in await diagnostics(client, uri, version=1)}
    text = DOC.replace('"30m1h"', '"20m1h"')
    change_document(client, uri, 2, text)
    second = {d.code: d for d in await diagnostics(client, uri, version=2)}
    # The duplicate dependency's diagnostic is the same in both versions: sent back from
    # the first, its fix applies to the second.
    assert first["WF303"] == second["WF303"]
    fixed = await _quick_fix(client, uri, first["WF303"], 2, text)
    assert fixed == text.replace("[train, train]", "[train]")
    # The changed one, sent back from the first version: the current fix, not the old one.
    assert await _quick_fix(client, uri, first["WF103"], 2, text) == text.replace(
        '"20m1h"', '"1h20m"')
    # The emoji before "90" becomes a letter: the fix's range follows in the client's units.
    text = text.replace('"🚀 go"', '"é go"')
    change_document(client, uri, 3, text)
    third = {d.code: d for d in await diagnostics(client, uri, version=3)}
    assert await _quick_fix(client, uri, third["WF101"], 3, text) == text.replace(
        "timeout: 90}", "timeout: 90m}")
    # A line above everything: what was sent before names places that moved: no fix.
    text = "# the nightly run\n" + text
    change_document(client, uri, 4, text)
    fourth = {d.code: d for d in await diagnostics(client, uri, version=4)}
    assert await code_actions(client, uri, third["WF101"].range, [third["WF101"]],
                              only=[types.CodeActionKind.QuickFix]) == []
    assert await _quick_fix(client, uri, fourth["WF101"], 4, text) == text.replace(
        "timeout: 90}", "timeout: 90m}")


async def _quick_fix(client, uri: str, diagnostic: types.Diagnostic, version: int,
                     text: str) -> str:
    """`text` after the first quick fix offered for `diagnostic` (its finding's fix)."""
    actions = await code_actions(client, uri, diagnostic.range, [diagnostic],
                                 only=[types.CodeActionKind.QuickFix])
    assert actions, diagnostic
    action = actions[0]
    edit = action.edit
    if edit.document_changes:
        assert edit.document_changes[0].text_document.version == version
    return apply_edits(text, workspace_edits(edit, uri), client.encoding)


def _range(data: dict) -> types.Range:
    return types.Range(types.Position(**data["start"]), types.Position(**data["end"]))


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.text("aé日🚀", min_size=3, max_size=3), min_size=2, max_size=5),
       whole=st.booleans())
def test_a_finding_after_characters_of_other_widths_moves_with_them(server, names, whole):
    uri = "file:///work/widths.yaml"
    line = DOC.splitlines().index('      - {name: "🚀 go", timeout: 90}')
    text = DOC.replace("🚀 go", names[0])
    server.open(uri, text)
    for version, name in enumerate(names[1:], start=2):
        if whole:
            server.change(uri, version, {"text": DOC.replace("🚀 go", name)})
        else:  # the old name's range, in the client's units
            row = text.splitlines()[line]
            start = row.index('"') + 1
            old = token_range(text, line, row[start:start + 3], server.encoding)
            server.change(uri, version, {"range": {
                "start": {"line": old.start.line, "character": old.start.character},
                "end": {"line": old.end.line, "character": old.end.character}}, "text": name})
        text = DOC.replace("🚀 go", name)
        pulled = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        [missing_unit] = [d for d in pulled["result"]["items"] if d["code"] == "WF101"]
        assert _range(missing_unit["range"]) == token_range(text, line, "90", server.encoding)
        # Its quick fix's range follows too, in the client's units.
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": missing_unit["range"],
            "context": {"diagnostics": [missing_unit], "only": ["quickfix"]}})["result"]
        minutes = actions[0]["edit"]["changes"][uri]
        edits = [types.TextEdit(_range(e["range"]), e["newText"]) for e in minutes]
        assert apply_edits(text, edits, server.encoding) == text.replace(
            "timeout: 90}", "timeout: 90m}")
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


async def test_a_pull_after_an_edit_that_changes_no_diagnostic_is_unchanged():
    async with session(PULL_UTF8) as client:
        uri = await open_document(client, DOC)

        def pull(previous: str | None = None):
            return client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri), previous_result_id=previous))

        first = await pull()
        # A comment at the end of the file: every diagnostic stays as it is.
        text = DOC + "# the end\n"
        change_document(client, uri, 2, text)
        same = await pull(first.result_id)
        assert same.kind == "unchanged" and same.result_id == first.result_id
        # The client keeps the first report's diagnostics; their fixes are for this version.
        duplicate = next(d for d in first.items if d.code == "WF303")
        assert await _quick_fix(client, uri, duplicate, 2, text) == text.replace(
            "[train, train]", "[train]")
        # The emoji becomes a letter: the same findings, but ranges on that line move.
        text = text.replace('"🚀 go"', '"é go"')
        change_document(client, uri, 3, text)
        moved = await pull(first.result_id)
        assert moved.kind == "full" and moved.result_id != first.result_id
        assert [d.range for d in moved.items if d.code == "WF101"] == [
            token_range(text, 5, "90", client.encoding)]
        # And back: the text of version 1 again, but not the report the client has now.
        change_document(client, uri, 4, DOC)
        back = await pull(moved.result_id)
        assert back.kind == "full" and back.result_id not in (first.result_id, moved.result_id)
        assert back.items == first.items
