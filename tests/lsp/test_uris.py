"""The language server on what differs on Windows: a file's URI and its path map both ways
through pygls.uris (a `\\` in a name is percent-encoded, never taken for a separator), and CRLF
documents get diagnostics at the right lines. The command line's side: tests/test_portability.py."""

from __future__ import annotations

import os

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from .conftest import PUSH_UTF16, diagnostics, open_document, session

# A job without a timeout (WF203) and a step timeout written backwards (WF103), with CRLF.
CRLF_DOC = ('id: nightly\r\njobs:\r\n  train:\r\n    steps:\r\n      - run: python train.py\r\n'
            '        timeout: "30m1h"\r\n')
WF103_LINE, WF103_COLUMN = 5, 17  # 0-based; the value "30m1h" with its quotes


@pytest.mark.skipif(os.name == "nt", reason="\\ is the path separator on Windows: no file name there holds one")
async def test_server_maps_a_backslash_name_between_uri_and_path(tmp_path):
    """The workspace lint names the file by its URI, and the server finds the file's
    configuration from a URI the client sends: both are the path, backslash and all."""
    odd_folder = tmp_path / "we\\ird dir ü"
    odd_folder.mkdir()
    flow = odd_folder / "a\\b.workflow.yaml"
    flow.write_bytes(CRLF_DOC.encode("utf-8"))
    (odd_folder / "wf-lsp.toml").write_text('ignore = ["WF203"]\n', encoding="utf-8")
    async with session(PUSH_UTF16, {"lintWorkspaceOnStart": True}, root=str(odd_folder)) as client:
        while not client.published:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        [published] = client.published
        assert published.uri == from_fs_path(str(flow)) and to_fs_path(published.uri) == str(flow)
        # Only WF103: the configuration next to the file was found from its URI.
        assert [(d.code, d.range.start.line, d.range.start.character) for d in published.diagnostics] == [
            ("WF103", WF103_LINE, WF103_COLUMN)]

        # The editor opens it by the same URI, with a step added: the same configuration applies.
        text = CRLF_DOC + "      - run: python eval.py\r\n        timeout: 0\r\n"
        uri = await open_document(client, text, uri=published.uri)
        found = await diagnostics(client, uri, version=1)
        assert [(d.code, d.range.start.line, d.range.start.character) for d in found] == [
            ("WF103", WF103_LINE, WF103_COLUMN), ("WF104", 7, 17)]
