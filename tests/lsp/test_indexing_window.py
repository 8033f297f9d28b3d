"""While the workspace's workflows are being indexed (the folders' scan at the start, a
document's project opened with no folder, a folder added), a pushing client (Neovim
before 0.10, Helix, eglot, Sublime) saw findings about calls between files that the
index, once read, took back: WF602 `no workflow of the workspace has the id` for a callee
only not read yet. Every publish is now `wf-lsp lint`'s findings, or those without the
rules about calls between files (held back until the index is read), never one the CLI
does not report. What answers from the index waits for it (a hover only in a document
that calls others), or says it is not whole yet (completion's `isIncomplete`); the
tests hold the scan back (`held_scan`) rather than race a large one."""

from __future__ import annotations

import contextlib
import time

from lsprotocol import types
from pygls.uris import from_fs_path

from .conftest import PUSH_UTF32, SETTLE_S, open_document, session
from .raw_rpc import RawServer
from .test_calls import until
from .test_diagnostics import _cli_findings
from .test_projects import comparable

ACROSS_FILES = {"WF601", "WF602", "WF603", "WF604", "WF605", "WF606"}
FILLER = """\
id: filler-{n}
jobs:
  work:
    timeout: 10m
    steps:
      - run: echo {n}
"""
CALLEE = """\
id: prep
trigger:
  callable: true
inputs:
  day:
    type: string
    required: true
jobs:
  build:
    timeout: 10m
    steps:
      - run: make
"""
# A call of the callee (its input missing: WF604 once the callee is read) and of a
# workflow that no file has (WF602 in the end too).
CALLER = """\
id: main
jobs:
  call:
    timeout: 1h
    workflow:
      name: prep
  other:
    timeout: 1h
    workflow:
      name: nowhere
"""


def project(folder, files: int = 400):
    """A repository of `files` workflows, a callee and its caller (`caller.yaml`): large
    enough that its indexing takes a while."""
    (folder / ".git").mkdir(parents=True)
    (folder / "flows").mkdir()
    for n in range(files):
        (folder / "flows" / f"filler-{n}.yaml").write_text(FILLER.format(n=n), encoding="utf-8")
    (folder / "flows" / "prep.yaml").write_text(CALLEE, encoding="utf-8")
    (folder / "caller.yaml").write_text(CALLER, encoding="utf-8")
    return folder / "caller.yaml"


def check_publishes(client, uri, cli):
    """Each publish of `uri` is the CLI's findings, or those without the rules about
    calls between files; the last is the CLI's."""
    local = [f for f in cli if f[0] not in ACROSS_FILES]
    mine = [comparable(p.diagnostics) for p in client.published if p.uri == uri]
    assert mine and mine[-1] == cli
    for found in mine:
        assert found in (cli, local), found


async def test_no_folder_publishes_nothing_the_index_takes_back(tmp_path):
    caller = project(tmp_path / "repo")
    cli = _cli_findings(caller)
    assert {f[0] for f in cli} == {"WF602", "WF604"}
    async with session(PUSH_UTF32) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        await until(client, uri, ["WF604", "WF602"])
        check_publishes(client, uri, cli)


async def test_the_folders_scan_publishes_nothing_it_takes_back(tmp_path):
    caller = project(tmp_path / "repo")
    cli = _cli_findings(caller)
    async with session(PUSH_UTF32, root=str(tmp_path / "repo")) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        await until(client, uri, ["WF604", "WF602"])
        check_publishes(client, uri, cli)


async def test_a_folder_added_publishes_nothing_its_scan_takes_back(tmp_path):
    """A document opened in a workspace folder just added, while it is scanned: it is
    of the folders (no project of its own is indexed for it), and the scan holds its
    callee."""
    (tmp_path / "first" / ".git").mkdir(parents=True)
    caller = project(tmp_path / "repo")
    cli = _cli_findings(caller)
    async with session(PUSH_UTF32, folders=[str(tmp_path / "first")]) as client:
        first = await open_document(client, FILLER.format(n="first"),
                                    uri=from_fs_path(str(tmp_path / "first" / "a.yaml")))
        await until(client, first, [])  # the first scan is done
        client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(
                added=[types.WorkspaceFolder(from_fs_path(str(tmp_path / "repo")), "repo")],
                removed=[])))
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        await until(client, uri, ["WF604", "WF602"])
        check_publishes(client, uri, cli)


async def test_what_answers_across_files_waits_for_the_index(tmp_path):
    """Asked at once, before the document's project was read: go to definition and hover
    of a call found no callee (nothing, and no hover), and a rename of an input left the
    keys of the callers not read yet passing the old name (each call then a WF604)."""
    caller = project(tmp_path / "repo")
    passing = caller.parent / "passing.yaml"
    passing.write_text(CALLER.replace("      name: prep\n", "      name: prep\n      inputs:\n"
                                      "        day: monday\n").replace("id: main", "id: passing"),
                       encoding="utf-8")
    async with session(PUSH_UTF32) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        at_call = types.TextDocumentPositionParams(types.TextDocumentIdentifier(uri),
                                                   types.Position(5, 14))
        found = await client.text_document_definition_async(types.DefinitionParams(
            at_call.text_document, at_call.position))
        assert [place.uri for place in found] == [
            from_fs_path(str(caller.parent / "flows" / "prep.yaml"))]
        hovered = await client.text_document_hover_async(types.HoverParams(
            at_call.text_document, at_call.position))
        assert hovered is not None and "prep" in hovered.contents.value

    async with session(PUSH_UTF32) as client:
        callee = caller.parent / "flows" / "prep.yaml"
        callee_uri = await open_document(client, CALLEE, uri=from_fs_path(str(callee)))
        edit = await client.text_document_rename_async(types.RenameParams(
            types.TextDocumentIdentifier(callee_uri), types.Position(4, 3), "weekday"))
        edited = {*(edit.changes or {}),
                  *(change.text_document.uri for change in edit.document_changes or ())}
        assert edited == {callee_uri, from_fs_path(str(passing))}


@contextlib.contextmanager
def held_scan(root):
    """A server of the workspace folder `root` whose first scan has not begun, until
    `release()`: it begins once the client answers the registration of the files it
    watches (sent before the scan), which this client holds back."""
    with RawServer() as server:
        uri = from_fs_path(str(root))
        server.request("initialize", {
            "processId": None, "rootUri": uri,
            "workspaceFolders": [{"uri": uri, "name": "repo"}],
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}})
        server.notify("initialized", {})
        while (message := server.next_message()).get("method") != "client/registerCapability":
            pass

        def release() -> None:
            server.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

        yield server, release


def completion(server, uri: str, line: int, character: int) -> dict:
    return server.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})["result"]


def test_completion_while_indexing_says_it_is_incomplete(tmp_path):
    """The workflows a call may name, asked before the folders were scanned: a partial
    list (here none) said complete, which the client kept; and asked again once they
    were, the same, until the next edit."""
    caller = project(tmp_path / "repo", files=0)
    # No call named yet: nothing the index may change the findings of (not linted again).
    typing = CALLER[:CALLER.index("name: prep")] + "name: \n"
    with held_scan(tmp_path / "repo") as (server, release):
        uri = from_fs_path(str(caller))
        server.open(uri, typing)
        assert completion(server, uri, 5, 12) == {"isIncomplete": True, "items": []}
        release()
        deadline = time.monotonic() + SETTLE_S  # the scan, in its own time
        while (found := completion(server, uri, 5, 12))["isIncomplete"] \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [item["label"] for item in found["items"]] == ["prep"]
        # Workspace symbols: those read then, all of them once read.
        symbols = server.request("workspace/symbol", {"query": ""})["result"]
        assert {symbol["name"] for symbol in symbols} >= {"main", "prep"}


def test_hover_waits_for_the_index_only_in_a_call(tmp_path):
    """A hover on a duration right after the start waited for the folders' scan (seconds
    on a large repository), also in a document that calls others; a hover on a call waits
    for its callee still."""
    caller = project(tmp_path / "repo", files=0)
    alone = tmp_path / "repo" / "alone.yaml"
    alone.write_text(FILLER.format(n="alone"), encoding="utf-8")
    with held_scan(tmp_path / "repo") as (server, release):
        caller_uri, alone_uri = from_fs_path(str(caller)), from_fs_path(str(alone))
        server.open(caller_uri, CALLER)
        server.open(alone_uri, FILLER.format(n="alone"))
        server.send({"jsonrpc": "2.0", "id": "on-call", "method": "textDocument/hover", "params": {
            "textDocument": {"uri": caller_uri}, "position": {"line": 5, "character": 14}}})
        # Answered while the call's hover waits (`reply_to` fails on any other reply).
        hovered = server.request("textDocument/hover", {
            "textDocument": {"uri": alone_uri}, "position": {"line": 3, "character": 14}})
        assert hovered["result"]["contents"]["value"].startswith("10m")
        # Off the calls in a document that has some: a timeout answers at once too.
        hovered = server.request("textDocument/hover", {
            "textDocument": {"uri": caller_uri}, "position": {"line": 3, "character": 14}})
        assert hovered["result"]["contents"]["value"].startswith("1h")
        release()
        on_call = server.reply_to("on-call")
        assert "prep" in on_call["result"]["contents"]["value"]


def test_an_edit_while_the_project_is_indexed_is_not_held_up(tmp_path):
    """`nvim repo/caller.yaml` (no folder) in a repository of thousands of workflows: its
    indexing ran in the lints' worker, and every edit made meanwhile was linted after it
    (seconds with no diagnostics). The edit's diagnostics now come before the index is
    read, which is said in the log when it is: the scan is in a thread of its own."""
    caller = project(tmp_path / "repo", files=3000)
    with RawServer() as server:
        server.initialize()  # rootUri null, no workspaceFolders
        uri = from_fs_path(str(caller))
        server.open(uri, CALLER)
        server.diagnostics(uri, 1)  # the first lint, after which the project is indexed
        server.change(uri, 2, {"text": CALLER.replace("1h", "2h")})
        while True:
            message = server.next_message()
            params = message.get("params") or {}
            assert not (message.get("method") == "window/logMessage"
                        and params["message"].startswith("indexed ")), \
                "the edit's lint waited for the project's index"
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and params["version"] == 2):
                break
        # Once the index is read, the calls are checked against it.
        assert {d["code"] for d in server.diagnostics(uri, 2)} == {"WF602", "WF604"}
