"""While the workspace's workflows are being indexed (the folders' scan at the start, a
document's project opened with no folder, a folder added), a pushing client (Neovim
before 0.10, Helix, eglot, Sublime) saw findings about calls between files that the
index, once read, took back: WF602 `no workflow of the workspace has the id` for a callee
only not read yet. Every publish is now `wf-lsp lint`'s findings, or those without the
rules about calls between files (held back until the index is read), never one the CLI
does not report."""

from __future__ import annotations

from lsprotocol import types
from pygls.uris import from_fs_path

from .conftest import PUSH_UTF32, open_document, session
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
