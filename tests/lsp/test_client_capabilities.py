"""What editors other than VS Code get: each feature answers within the capabilities a
client declares (Neovim, Helix, Emacs, Sublime, Kate, vim-lsp declare far less), checked
with raw messages so that nothing is added to what the client sends."""

from __future__ import annotations

from lsprotocol import types

from .conftest import apply_edits, converter
from .raw_rpc import RawServer

URI = "file:///work/flow.yaml"
DOC = """\
id: nightly
jobs:
  train:
    timeout: 30m
    steps:
      - run: python train.py
  deploy:
    depends_on: [train, train]
    timeout: 1h
    steps:
      - run: ./ship.sh
"""
FIX_ALL = "source.fixAll.wf-lsp"
FIXED = DOC.replace("[train, train]", "[train]")


def _edited(text: str, edits: list[dict]) -> str:
    """`text` with the raw TextEdits of a reply applied."""
    return apply_edits(text, [converter().structure(e, types.TextEdit) for e in edits], "utf-16")


def _fix_all(server: RawServer) -> dict:
    """The fix-all source action the server offers for DOC."""
    reply = server.request("textDocument/codeAction", {
        "textDocument": {"uri": URI},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": [FIX_ALL]}})
    [action] = reply["result"]
    return action


def test_a_client_that_resolves_edits_but_does_not_keep_data_gets_the_edit_at_once():
    # It would send the action back to codeAction/resolve without its `data`, which says
    # which document and which action it is: the edit would never come.
    with RawServer() as server:
        server.initialize({
            "textDocument": {"codeAction": {
                "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["source"]}},
                "resolveSupport": {"properties": ["edit"]}}},
            "workspace": {"workspaceEdit": {"documentChanges": True}}})
        server.open(URI, DOC)
        server.diagnostics(URI)
        action = _fix_all(server)
        [change] = action["edit"]["documentChanges"]
        assert _edited(DOC, change["edits"]) == FIXED


def _actions(server: RawServer, found: dict) -> list[dict]:
    """The server's answer for `found`, DOC's WF303 (`train` listed twice)."""
    return server.request("textDocument/codeAction", {
        "textDocument": {"uri": URI}, "range": found["range"],
        "context": {"diagnostics": [found]}})["result"]


def _wf303(server: RawServer) -> dict:
    [found] = [d for d in server.diagnostics(URI) if d["code"] == "WF303"]
    return found


def test_a_client_without_code_action_literals_gets_commands_that_apply_the_edits():
    # LSP 3.17: without codeActionLiteralSupport, a code action reply holds Commands only
    # (vim-lsc, LanguageClient-neovim read each as one).
    with RawServer() as server:
        server.initialize({"workspace": {"applyEdit": True}})
        server.open(URI, DOC)
        found = _wf303(server)
        commands = _actions(server, found)
        assert commands and all(set(c) == {"title", "command", "arguments"} for c in commands)
        [remove] = [c for c in commands if c["title"] == "Remove the second `train`"]
        server.send({"jsonrpc": "2.0", "id": "run", "method": "workspace/executeCommand",
                     "params": {"command": remove["command"], "arguments": remove["arguments"]}})
        asked = server.next_message()
        while asked.get("method") != "workspace/applyEdit":
            asked = server.next_message()
        assert _edited(DOC, asked["params"]["edit"]["changes"][URI]) == FIXED
        server.send({"jsonrpc": "2.0", "id": asked["id"], "result": {"applied": True}})
        assert server.reply_to("run") == {"jsonrpc": "2.0", "id": "run", "result": None}
        [fix_all] = [c for c in commands if c["title"].startswith("wf-lsp: Fix all")]
        assert _edited(DOC, fix_all["arguments"][0]["changes"][URI]) == FIXED


def test_a_client_that_takes_neither_code_action_literals_nor_edits_gets_no_actions():
    with RawServer() as server:
        server.initialize({})
        server.open(URI, DOC)
        assert _actions(server, _wf303(server)) == []


def _symbol_kinds(capabilities: dict) -> tuple[set[int], set[int]]:
    """The kinds of DOC's outline (flat) and of its workspace symbols."""
    with RawServer() as server:
        server.initialize(capabilities)
        server.open(URI, DOC)
        server.diagnostics(URI)
        outline = server.request("textDocument/documentSymbol",
                                 {"textDocument": {"uri": URI}})["result"]
        found = server.request("workspace/symbol", {"query": ""})["result"]
        return {s["kind"] for s in outline}, {s["kind"] for s in found}


def test_a_client_that_lists_no_symbol_kinds_gets_those_of_lsps_first_version():
    # LSP 3.17: without `symbolKind.valueSet` a client takes File (1) to Array (18) only.
    outline, workspace = _symbol_kinds({})
    assert outline == {types.SymbolKind.Module, types.SymbolKind.Class, types.SymbolKind.Function}
    assert workspace == {types.SymbolKind.Module, types.SymbolKind.Class}
    every = {"valueSet": list(range(1, 27))}
    outline, workspace = _symbol_kinds({"textDocument": {"documentSymbol": {"symbolKind": every}},
                                        "workspace": {"symbol": {"symbolKind": every}}})
    assert outline == {types.SymbolKind.Module, types.SymbolKind.Object, types.SymbolKind.Event}
    assert workspace == {types.SymbolKind.Module, types.SymbolKind.Object}


def _hover_and_documentation(text_document: dict) -> tuple[dict, dict]:
    """The hover of DOC's `30m` and the documentation of a key completed, for a client
    announcing `text_document`."""
    with RawServer() as server:
        server.initialize({"textDocument": text_document})
        server.open(URI, DOC.replace("timeout: 1h", "time"))
        hover = server.request("textDocument/hover", {
            "textDocument": {"uri": URI}, "position": {"line": 3, "character": 14}})["result"]
        items = server.request("textDocument/completion", {
            "textDocument": {"uri": URI}, "position": {"line": 8, "character": 8}})["result"]
        documented = [item["documentation"] for item in items["items"] if "documentation" in item]
        return hover["contents"], documented[0]


def test_a_client_that_does_not_put_markdown_first_gets_plain_text():
    """A client that names no formats, or plain text first, was sent Markdown hovers
    (`**30m**` shown with its stars); LSP says the order is the client's preference."""
    for formats in (None, ["plaintext"], ["plaintext", "markdown"]):
        said = {} if formats is None else {"contentFormat": formats}
        documented = {"completionItem": {}} if formats is None else {
            "completionItem": {"documentationFormat": formats}}
        hover, documentation = _hover_and_documentation({"hover": said, "completion": documented})
        for content in (hover, documentation):
            assert content["kind"] == "plaintext", (formats, content)
            assert "**" not in content["value"], (formats, content)
    hover, documentation = _hover_and_documentation({
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "completion": {"completionItem": {"documentationFormat": ["markdown"]}}})
    assert hover["kind"] == documentation["kind"] == "markdown"
    assert hover["value"].startswith("**30m**")


def test_folding_keeps_to_the_clients_range_limit_outermost_first():
    """`rangeLimit` was ignored (a fold for each entry and item over several lines). The
    folds kept are the outermost, each a whole line (what `lineFoldingOnly` folds)."""
    with RawServer() as server:
        server.initialize({"textDocument": {"foldingRange": {"rangeLimit": 3,
                                                             "lineFoldingOnly": True}}})
        server.open(URI, DOC)
        found = server.request("textDocument/foldingRange", {"textDocument": {"uri": URI}})
    assert [(f["startLine"], f["endLine"]) for f in found["result"]] == [(1, 10), (2, 5), (6, 10)]
    assert not any("startCharacter" in f or "endCharacter" in f for f in found["result"])
