"""The real server over JSON-RPC with a workspace folder that holds what is not a regular
file: a FIFO named like a workflow is passed over by the workspace scan, the pulled
workspace diagnostics and a watched-file event, and the server goes on answering; a
symlink to a workflow is that workflow, not a second one with its id; a file that cannot
be read as UTF-8 is said where the workspace's diagnostics are shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path

from .conftest import (PULL_UTF8, PUSH_UTF16, change_document, diagnostics, eventually,
                       open_document, session)
from .test_calls import CALLEE, CALLER, DEPLOYER, SHIPPER, until, watched

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "deploy.yaml").write_text(CALLEE, encoding="utf-8")
    (tmp_path / "nightly.yaml").write_text(CALLER, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    os.mkfifo(tmp_path / "flows" / "pipe.yml")
    return tmp_path


async def test_a_fifo_in_the_workspace_is_passed_over_and_the_server_answers(project):
    async with session(PUSH_UTF16, root=str(project)) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(project / "nightly.yaml")))
        # WF603 needs the callee on disk: the scan went past the FIFOs and finished.
        await until(client, uri, ["WF603"])
        symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="deploy"))
        assert [s.location.uri for s in symbols if s.kind == types.SymbolKind.Module] == [
            from_fs_path(str(project / "flows" / "deploy.yaml"))]
        # A watched-file event about a FIFO is read as a file with no workflow.
        watched(client, project / "pipe.yaml", types.FileChangeType.Changed)
        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri),
            position=types.Position(line=3, character=14)))
        assert hover is not None


async def test_a_pulling_clients_workspace_diagnostics_leave_the_fifo_out(project):
    async with session(PULL_UTF8, root=str(project)) as client:
        report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
            previous_result_ids=[]))
        assert sorted(item.uri for item in report.items) == sorted(
            from_fs_path(str(project / name)) for name in ("flows/deploy.yaml", "nightly.yaml"))


@pytest.mark.parametrize("profile", [PULL_UTF8, PUSH_UTF16], ids=["pull", "push"])
async def test_a_closed_file_that_is_not_utf8_has_a_diagnostic_that_says_so(project, profile):
    # As `wf-lsp lint` names it ("flows/latin.yaml: not UTF-8 ..."): the server only logged
    # it, at every pull, and the workspace's diagnostics left the file out.
    (project / "flows" / "latin.yaml").write_bytes(b"id: caf\xe9\njobs: {}\n")
    (project / "wide.yaml").write_bytes("id: wide\n".encode("utf-16"))
    expected = {from_fs_path(str(project / "flows" / "latin.yaml")):
                "wf-lsp could not check this file: not UTF-8 (byte 0xe9 on line 1): "
                "save the file as UTF-8",
                from_fs_path(str(project / "wide.yaml")):
                "wf-lsp could not check this file: not UTF-8 (UTF-16 LE): save the file as "
                "UTF-8"}
    async with session(profile, {"lintWorkspaceOnStart": True}, root=str(project)) as client:
        if profile.pull:
            report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
                previous_result_ids=[]))
            found = {item.uri: item.items for item in report.items if item.uri in expected}
        else:
            async def published():  # lintWorkspaceOnStart publishes them one by one
                return {p.uri: p.diagnostics for p in client.published if p.uri in expected}

            found = await eventually(published, lambda found: len(found) == len(expected))
        assert {uri: [(d.message, d.severity, d.range.start.line) for d in items]
                for uri, items in found.items()} == {
            uri: [(message, types.DiagnosticSeverity.Error, 0)] for uri, message in expected.items()}


@pytest.mark.parametrize("profile", [PULL_UTF8, PUSH_UTF16], ids=["pull", "push"])
async def test_another_tools_closed_file_not_in_utf8_has_no_diagnostic(project, profile):
    # A UTF-16 Kubernetes manifest (Windows PowerShell's `>`) and a Latin-1 Compose file
    # had "wf-lsp could not check this file: UTF-16 text: save the file as UTF-8": they are
    # not workflows, passed over as `wf-lsp lint` passes them over.
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
    (project / "cm.yaml").write_bytes(manifest.encode("utf-16"))
    (project / "flows" / "compose.yaml").write_bytes(b"# caf\xe9\nservices:\n  web: {}\n")
    (project / "wide.yaml").write_bytes("id: wide\n".encode("utf-16"))  # ours: said
    theirs = {from_fs_path(str(project / "cm.yaml")),
              from_fs_path(str(project / "flows" / "compose.yaml"))}
    wide = from_fs_path(str(project / "wide.yaml"))
    async with session(profile, {"lintWorkspaceOnStart": True}, root=str(project)) as client:
        if profile.pull:
            report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
                previous_result_ids=[]))
            found = {item.uri: item.items for item in report.items}
        else:
            async def published():  # after the end of the workspace's lint
                ended = any(isinstance(r, types.WorkDoneProgressEnd)
                            for reports in client.progress_reports.values() for r in reports)
                return ended and {p.uri: p.diagnostics for p in client.published}

            found = await eventually(published, bool)
        assert [d.message for d in found[wide]] == [
            "wf-lsp could not check this file: not UTF-8 (UTF-16 LE): save the file as "
            "UTF-8"]
        assert {uri: list(found.get(uri, [])) for uri in theirs} == {uri: [] for uri in theirs}


SELF_CALLING = CALLER.replace("id: nightly", "id: self\ntrigger:\n  callable: true").replace(
    "jobs:", "jobs:\n  again:\n    timeout: 1h\n    workflow:\n      name: self")


async def test_a_workflow_opened_by_a_symlink_is_the_workflow_the_scan_found(project):
    (project / "flows" / "self.yaml").write_text(SELF_CALLING, encoding="utf-8")
    (project / "link.yaml").symlink_to(Path("flows") / "self.yaml")
    async with session(PUSH_UTF16, root=str(project)) as client:
        uri = await open_document(client, SELF_CALLING,
                                  uri=from_fs_path(str(project / "link.yaml")))
        # WF603 (`deploy` is not callable) needs the scan: then no WF601 came with it.
        await until(client, uri, ["WF605", "WF603"])
        symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="self"))
        assert [s.location.uri for s in symbols if s.kind == types.SymbolKind.Module] == [uri]


def test_a_document_opened_while_the_workspace_is_scanned_is_linted_with_what_it_found(tmp_path):
    """An editor opens the file it shows straight after `initialized`: its first lint ran
    before the scan had indexed the callee, and its WF602 stayed (12 runs in 12)."""
    from .raw_rpc import RawServer

    (tmp_path / "callee.yaml").write_text(DEPLOYER, encoding="utf-8")
    (tmp_path / "caller.yaml").write_text(SHIPPER, encoding="utf-8")
    uri = from_fs_path(str(tmp_path / "caller.yaml"))
    with RawServer() as server:
        server.request("initialize", {
            "processId": None, "rootUri": tmp_path.as_uri(),
            "workspaceFolders": [{"uri": tmp_path.as_uri(), "name": "w"}],
            "capabilities": {"workspace": {"configuration": True, "workspaceFolders": True}}})
        server.notify("initialized", {})
        server.open(uri, SHIPPER)
        published = None
        while published != []:  # a first lint may publish WF602; the one after the scan, nothing
            message = server.next_message()
            if message.get("method") == "workspace/configuration":
                server.send({"jsonrpc": "2.0", "id": message["id"],
                             "result": [{}] * len(message["params"]["items"])})
            elif message.get("method") == "textDocument/publishDiagnostics":
                published = [d["code"] for d in message["params"]["diagnostics"]]
                assert published in ([], ["WF602"]), published
        hover = server.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                      "position": {"line": 5, "character": 14}})
        assert "deployer" in str(hover["result"])
        assert server.request("shutdown")["result"] is None
        server.notify("exit")




async def test_a_symlink_made_after_the_scan_is_the_workflow_it_leads_to(project):
    # Created while the server runs, then deleted: an alias of the indexed file, so no
    # WF601 against the workflow itself, and deleting it keeps the file's workflow.
    path = project / "flows" / "self.yaml"
    path.write_text(SELF_CALLING, encoding="utf-8")
    link = project / "link.yaml"

    async def workflows():
        symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="self"))
        return [s.location.uri for s in symbols if s.kind == types.SymbolKind.Module]

    async with session(PUSH_UTF16, root=str(project)) as client:
        nightly = from_fs_path(str(project / "nightly.yaml"))
        await until(client, await open_document(client, CALLER, uri=nightly), ["WF603"])
        link.symlink_to(Path("flows") / "self.yaml")
        watched(client, link, types.FileChangeType.Created)
        uri = await open_document(client, SELF_CALLING, uri=from_fs_path(str(link)))
        await until(client, uri, ["WF605", "WF603"])
        assert await workflows() == [uri]
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri)))
        link.unlink()
        watched(client, link, types.FileChangeType.Deleted)
        assert await workflows() == [from_fs_path(str(path))]


async def test_a_symlink_made_in_a_repository_keeps_every_file_in_its_project(project):
    """In a repository (a `.git`), a link to a workflow made while the server ran had
    every file of the index lose its project: the next lint of a caller said WF602 'no
    workflow of the workspace has the id `deploy`' (`wf-lsp lint` says WF603), and go to
    definition found no callee."""
    (project / ".git").mkdir()
    async with session(PUSH_UTF16, root=str(project)) as client:
        nightly = from_fs_path(str(project / "nightly.yaml"))
        await until(client, await open_document(client, CALLER, uri=nightly), ["WF603"])
        link = project / "link.yaml"
        link.symlink_to(Path("flows") / "deploy.yaml")
        watched(client, link, types.FileChangeType.Created)
        change_document(client, nightly, 2, CALLER + "\n")
        assert [d.code for d in await diagnostics(client, nightly, 2)] == ["WF603"]
        found = await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(nightly),
            position=types.Position(line=5, character=14)))
        assert [place.uri for place in found] == [from_fs_path(str(project / "flows" / "deploy.yaml"))]


@pytest.mark.parametrize("folder, link, target", [
    ("ci/workflows", "workflows", "ci/workflows"),  # a short name for a deep folder
    ("", "links/up", ".."),  # a folder linked to the one above it, whose config it shows
], ids=["short-name", "up"])
async def test_a_workflow_opened_through_a_linked_folder_is_the_file_the_scan_found(
        tmp_path, folder, link, target):
    """The scan does not enter a linked folder (nor does `wf-lsp lint .`); a document
    opened by a path through one was a second workflow with its own id: WF601 against
    itself (or, by a link to the folder above, a project of its own that held no callee:
    WF602), which `wf-lsp lint` of that path never says."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "wf-lsp.toml").write_text("", encoding="utf-8")
    held = tmp_path / folder
    held.mkdir(parents=True, exist_ok=True)
    (held / "deploy.yaml").write_text(CALLEE, encoding="utf-8")
    (held / "nightly.yaml").write_text(CALLER, encoding="utf-8")
    (tmp_path / link).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / link).symlink_to(Path(target), target_is_directory=True)
    opened = tmp_path / link / "nightly.yaml"
    async with session(PUSH_UTF16, root=str(tmp_path)) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(opened)))
        await until(client, uri, ["WF603"])  # `deploy` is not callable: the scan is done
        found = await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri),
            position=types.Position(line=5, character=14)))
        assert [place.uri for place in found] == [from_fs_path(str(held / "deploy.yaml"))]
        symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="nightly"))
        assert [s.location.uri for s in symbols if s.kind == types.SymbolKind.Module] == [uri]
