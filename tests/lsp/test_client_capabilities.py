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
