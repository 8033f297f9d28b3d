"""Calls between workflows in the real server, over JSON-RPC: the workspace index follows
the files on disk, the workspace folders and the editor's documents, the callers' diagnostics follow their
callees, and definition, references, hover, completion and workspace symbols cross files."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import from_fs_path

from .conftest import (PULL_UTF8, PUSH_UTF16, PUSH_UTF32, apply_edits, change_document, diagnostics,
                       code_actions, eventually, open_document, session, token_range, workspace_edits)
from .test_diagnostics import _cli_findings

CALLER = """\
id: nightly
jobs:
  deploy:
    timeout: 1h
    workflow:
      name: deploy
      inputs:
        region: eu
"""
CALLEE = """\
id: deploy
name: Deploy 🚀
inputs:
  region:
    type: string
    required: true
    description: Where to deploy
  dry_run:
    type: bool
    default: false
jobs:
  roll-out:
    timeout: 30m
    steps:
      - run: ./deploy.sh
"""
CALLABLE = CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:")


async def codes(client, uri: str) -> list[str]:
    """The codes of the document's diagnostics now (pulled, or the last pushed)."""
    if client.profile.pull:
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri)))
        return [str(d.code) for d in report.items]
    mine = [p for p in client.published if p.uri == uri]
    return [str(d.code) for d in mine[-1].diagnostics] if mine else None


async def until(client, uri: str, expected: list[str]) -> None:
    """Wait until the document's diagnostics have exactly these codes."""
    found = await eventually(lambda: codes(client, uri), lambda found: found == expected)
    assert found == expected, f"{uri}: {found} (expected {expected})"


def watched(client, path, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=from_fs_path(str(path)), type=kind)]))


@pytest.fixture
def project(tmp_path):
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "deploy.yaml").write_text(CALLEE, encoding="utf-8")
    (tmp_path / "nightly.yaml").write_text(CALLER, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("profile", [PUSH_UTF16, PULL_UTF8, PUSH_UTF32], ids=lambda p: p.name)
async def test_a_callee_on_disk_is_checked_and_its_fix_edits_it(project, profile):
    async with session(profile, root=str(project)) as client:
        callee = project / "flows" / "deploy.yaml"
        uri = await open_document(client, CALLER, uri=from_fs_path(str(project / "nightly.yaml")))
        await until(client, uri, ["WF603"])
        (diagnostic,) = await current(client, uri)
        (related,) = diagnostic.related_information
        assert related.location.uri == from_fs_path(str(callee))
        assert related.location.range == token_range(CALLEE, 0, "deploy", client.encoding)
        fixes = [a for a in await code_actions(client, uri, diagnostic.range, [diagnostic])
                 if a.title.startswith("Make `deploy` callable")]
        (fix,) = fixes
        edits = workspace_edits(fix.edit, from_fs_path(str(callee)))
        fixed = apply_edits(CALLEE, edits, client.encoding)
        assert fixed == CALLEE.replace("name: Deploy", "trigger:\n  callable: true\nname: Deploy")
        # The editor applies it to the closed file and says so: the caller is fine now.
        callee.write_text(fixed, encoding="utf-8")
        watched(client, callee, types.FileChangeType.Changed)
        await until(client, uri, [])


async def current(client, uri):
    if client.profile.pull:
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri)))
        return list(report.items)
    return list([p for p in client.published if p.uri == uri][-1].diagnostics)


async def test_an_edit_of_an_open_callee_changes_its_callers_diagnostics(project):
    async with session(PUSH_UTF16, root=str(project)) as client:
        caller = await open_document(client, CALLER,
                                     uri=from_fs_path(str(project / "nightly.yaml")))
        await until(client, caller, ["WF603"])
        callee = await open_document(client, CALLEE,
                                     uri=from_fs_path(str(project / "flows" / "deploy.yaml")))
        change_document(client, callee, 2, CALLABLE)  # not saved
        await until(client, caller, [])
        change_document(client, callee, 3, CALLABLE.replace("region:", "zone:"))
        await until(client, caller, ["WF604", "WF604"])  # `zone` not passed; no `region`
        # Closed without saving: the file on disk says what the callee is again.
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(callee)))
        await until(client, caller, ["WF603"])


async def test_files_created_deleted_and_renamed_are_followed(tmp_path):
    (tmp_path / ".git").mkdir()
    async with session(PUSH_UTF16, root=str(tmp_path)) as client:
        caller = await open_document(client, CALLER, uri=from_fs_path(str(tmp_path / "n.yaml")))
        await until(client, caller, ["WF602"])
        first = tmp_path / "deploy.yaml"
        first.write_text(CALLABLE, encoding="utf-8")
        watched(client, first, types.FileChangeType.Created)
        await until(client, caller, [])
        renamed = tmp_path / "sub" / "deploy.yaml"
        renamed.parent.mkdir()
        first.rename(renamed)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=from_fs_path(str(first)), type=types.FileChangeType.Deleted),
            types.FileEvent(uri=from_fs_path(str(renamed)), type=types.FileChangeType.Created)]))
        await asyncio.sleep(0.3)
        assert await codes(client, caller) == []
        renamed.unlink()
        watched(client, renamed, types.FileChangeType.Deleted)
        await until(client, caller, ["WF602"])


async def test_a_folder_renamed_or_deleted_in_one_event_takes_its_workflows_along(tmp_path):
    # VS Code folds a folder's deletion, or the old side of its rename, into one event for
    # the folder (microsoft/vscode#109754), which the YAML globs do not match: the server
    # watches folders too, and a workflow of the folder stayed indexed after it was gone.
    (tmp_path / ".git").mkdir()
    flows, moved = tmp_path / "flows", tmp_path / "pipelines"
    flows.mkdir()
    (flows / "deploy.yaml").write_text(CALLABLE, encoding="utf-8")
    async with session(PUSH_UTF16, root=str(tmp_path)) as client:
        caller = await open_document(client, CALLER, uri=from_fs_path(str(tmp_path / "n.yaml")))
        await until(client, caller, [])
        (registration,) = client.registrations  # created and deleted (1 | 4)
        assert {"globPattern": "**/*", "kind": 5} in registration.register_options["watchers"]
        flows.rename(moved)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=from_fs_path(str(flows)), type=types.FileChangeType.Deleted),
            types.FileEvent(uri=from_fs_path(str(moved)), type=types.FileChangeType.Created)]))
        (found,) = await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(caller), position=types.Position(5, 14)))
        assert found.uri == from_fs_path(str(moved / "deploy.yaml"))
        (moved / "deploy.yaml").unlink()
        # Before the watcher says so, the callee's file is gone: no definition (it was
        # `[null]`, an invalid reply).
        assert await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(caller),
            position=types.Position(5, 14))) is None
        moved.rmdir()
        watched(client, moved, types.FileChangeType.Deleted)
        await until(client, caller, ["WF602"])


async def test_files_the_scan_passes_over_stay_out_of_the_index(tmp_path):
    # A build's copy (ignored), a hidden backup, a document opened from outside the folder
    # and closed: none is of the workspace, as for `wf-lsp lint .`; indexed when the
    # watcher or didClose named them, each was a lasting WF601 on the callee.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    ws, elsewhere = tmp_path, tmp_path.parent / f"{tmp_path.name}-elsewhere.yaml"
    (ws / "deploy.yaml").write_text(CALLABLE, encoding="utf-8")
    elsewhere.write_text(CALLABLE, encoding="utf-8")
    assert [code for code, *_ in _cli_findings(ws / "deploy.yaml")] == []
    async with session(PUSH_UTF16, root=str(ws)) as client:
        callee = await open_document(client, CALLABLE, uri=from_fs_path(str(ws / "deploy.yaml")))
        assert [d.code for d in await diagnostics(client, callee, 1)] == []
        for copy in (ws / "build" / "deploy.yaml", ws / ".backup" / "deploy.yaml"):
            copy.parent.mkdir()
            copy.write_text(CALLABLE, encoding="utf-8")
            watched(client, copy, types.FileChangeType.Created)
        outside = await open_document(client, CALLABLE, uri=from_fs_path(str(elsewhere)))
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(outside)))
        # Linted after those notifications, with the index they left.
        change_document(client, callee, 2, CALLABLE.replace("Where", "Where to"))
        assert [d.code for d in await diagnostics(client, callee, 2)] == []


async def test_messages_and_hover_name_other_files_from_the_project_root(tmp_path):
    """As `wf-lsp lint` run from the root names them (its notes too): the caller's folder
    named them `../../lib/deploy.yaml`."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "deploy.yaml").write_text(CALLEE, encoding="utf-8")
    (tmp_path / "flows" / "sub").mkdir(parents=True)
    caller = tmp_path / "flows" / "sub" / "nightly.yaml"
    caller.write_text(CALLER, encoding="utf-8")
    async with session(PUSH_UTF16, root=str(tmp_path / "flows")) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        await until(client, uri, ["WF603"])
        (diagnostic,) = await current(client, uri)
        assert diagnostic.message.startswith(
            "the workflow `deploy` (`lib/deploy.yaml`) is not callable")
        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri), position=types.Position(5, 14)))
        assert hover.contents.value.splitlines()[0] == (
            "**workflow Deploy 🚀 (`deploy`)** · lib/deploy.yaml · not callable")


async def test_definition_references_hover_and_completion_cross_files(project):
    (project / "flows" / "deploy.yaml").write_text(CALLABLE, encoding="utf-8")
    async with session(PUSH_UTF16, root=str(project)) as client:
        callee_uri = from_fs_path(str(project / "flows" / "deploy.yaml"))
        uri = await open_document(client, CALLER, uri=from_fs_path(str(project / "nightly.yaml")))
        await until(client, uri, [])
        on_name = types.Position(5, 14)
        doc = types.TextDocumentIdentifier(uri)
        (found,) = await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc, position=on_name))
        assert found.uri == callee_uri
        assert found.range == token_range(CALLABLE, 0, "deploy", "utf-16")

        places = await client.text_document_references_async(types.ReferenceParams(
            text_document=doc, position=on_name,
            context=types.ReferenceContext(include_declaration=True)))
        assert [(p.uri, p.range.start.line) for p in places] == [(uri, 5), (callee_uri, 0)]

        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=on_name))
        assert hover.contents.value.splitlines() == [
            "**workflow Deploy 🚀 (`deploy`)** · flows/deploy.yaml", "", "Inputs:",
            "- `region` (string, required): Where to deploy",
            "- `dry_run` (bool, default `false`)"]

        text = CALLER + "  other:\n    timeout: 1h\n    workflow:\n      name: \n"
        change_document(client, uri, 2, text)
        items = await client.text_document_completion_async(types.CompletionParams(
            text_document=doc, position=types.Position(11, 12)))
        # What to pick from: the callee's name (its file when it has none) and what the
        # hover of a call says of it (only its id was said).
        assert [(i.label, i.kind, i.detail, i.documentation) for i in items.items] == [
            ("deploy", types.CompletionItemKind.Module, "Deploy 🚀",
             types.MarkupContent(kind=types.MarkupKind.Markdown, value=hover.contents.value))]
        unnamed = CALLABLE.replace("name: Deploy 🚀\n", "")
        (project / "flows" / "deploy.yaml").write_text(unnamed, encoding="utf-8")
        watched(client, project / "flows" / "deploy.yaml", types.FileChangeType.Changed)
        items = await eventually(lambda: client.text_document_completion_async(
            types.CompletionParams(text_document=doc, position=types.Position(11, 12))),
            lambda items: items.items[0].detail != "Deploy 🚀")
        assert [(i.label, i.detail) for i in items.items] == [("deploy", "flows/deploy.yaml")]
        text = CALLER.replace("        region: eu\n", "        \n")
        change_document(client, uri, 3, text)
        items = await client.text_document_completion_async(types.CompletionParams(
            text_document=doc, position=types.Position(7, 8)))
        # The detail is what the input takes (it was its name again, `region (string, ...`),
        # the documentation its description, as Markdown renders it as written.
        assert [(i.label, i.text_edit.new_text, i.detail, i.documentation) for i in items.items] == [
            ("region", "region: ", "string · required",
             types.MarkupContent(kind=types.MarkupKind.Markdown, value="Where to deploy")),
            ("dry_run", "dry_run: ", "bool · optional · default false", None)]


async def test_a_call_typed_on_the_workflow_line_is_completed_as_a_flow_mapping(project):
    """Ctrl-Space after `workflow: ` offered nothing: the workflows a call may name are only
    offered on the `name:` line below. Each is offered here too, as the call it makes."""
    (project / "flows" / "deploy.yaml").write_text(CALLABLE, encoding="utf-8")
    async with session(PUSH_UTF16, root=str(project)) as client:
        text = CALLER + "  other:\n    timeout: 1h\n    workflow: de\n"
        uri = await open_document(client, text, uri=from_fs_path(str(project / "nightly.yaml")))
        doc = types.TextDocumentIdentifier(uri)
        for column in (14, 16):  # before what is typed of its id, and after it
            items = await eventually(lambda: client.text_document_completion_async(
                types.CompletionParams(text_document=doc, position=types.Position(10, column))),
                lambda items: items is not None and items.items)
            assert [(i.label, i.kind, i.detail, i.text_edit.new_text, i.text_edit.range)
                    for i in items.items] == [
                ("deploy", types.CompletionItemKind.Module, "Deploy 🚀", "{name: deploy}",
                 token_range(text, 10, "de", "utf-16"))]


async def test_workspace_symbols_are_the_workflows_and_jobs(project):
    async with session(PUSH_UTF16, root=str(project)) as client:
        uri = await open_document(client, CALLER.replace("deploy:\n    timeout", "ship:\n    timeout"),
                                  uri=from_fs_path(str(project / "nightly.yaml")))
        await until(client, uri, ["WF603"])
        symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="dep"))
        assert [(s.name, s.kind, s.container_name, s.location.uri) for s in symbols] == [
            ("deploy", types.SymbolKind.Module, None,
             from_fs_path(str(project / "flows" / "deploy.yaml")))]
        symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="ship"))
        # the open document's job, as its text has it (not as on disk)
        assert [(s.name, s.kind, s.container_name, s.location.uri) for s in symbols] == [
            ("ship", types.SymbolKind.Object, "nightly", uri)]


async def test_closed_files_linted_on_start_follow_their_callee(project):
    # Pushed diagnostics of closed files (lintWorkspaceOnStart) are linted again when a
    # workflow they call changes: in the editor, then on disk.
    async with session(PUSH_UTF16, {"lintWorkspaceOnStart": True}, root=str(project)) as client:
        nightly = from_fs_path(str(project / "nightly.yaml"))
        callee_path = project / "flows" / "deploy.yaml"
        callee = from_fs_path(str(callee_path))
        await until(client, nightly, ["WF603"])
        await open_document(client, CALLEE, uri=callee)
        change_document(client, callee, 2, CALLABLE)
        await until(client, nightly, [])
        change_document(client, callee, 3, CALLEE)
        await until(client, nightly, ["WF603"])
        # Closed again, then made callable on disk.
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(callee)))
        callee_path.write_text(CALLABLE, encoding="utf-8")
        watched(client, callee_path, types.FileChangeType.Changed)
        await until(client, nightly, [])
        # A change of the callee's text that means nothing new lints no closed file again.
        published = len(client.published)
        await open_document(client, CALLABLE.replace("./deploy.sh", "./deploy.sh --all"),
                            uri=callee)
        await until(client, callee, [])
        await asyncio.sleep(0.5)
        assert [p.uri for p in client.published[published:]] == [callee]


async def test_closed_files_pushed_on_start_follow_their_own_file(project):
    """A closed file changed on disk kept the diagnostics of its first text, one deleted
    kept them for good, and a document closed lost them until the next start: the last
    diagnostics published for each closed file are what `wf-lsp lint` finds in it now."""
    (project / ".git").mkdir()  # `wf-lsp lint nightly.yaml` checks its calls in the project
    caller_path, callee_path = project / "nightly.yaml", project / "flows" / "deploy.yaml"
    caller, callee = from_fs_path(str(caller_path)), from_fs_path(str(callee_path))

    def published(uri: str) -> list[tuple] | None:
        mine = [p for p in client.published if p.uri == uri]
        return [(str(d.code), d.range.start.line, d.range.start.character, d.range.end.line,
                 d.range.end.character, d.message) for d in mine[-1].diagnostics] if mine else None

    async def as_on_disk(path) -> None:
        expected = ([(code, *place, message) for code, *place, _, message in _cli_findings(path)]
                    if path.exists() else [])
        uri = from_fs_path(str(path))
        found = await eventually(lambda: asyncio.sleep(0, published(uri)),
                                 lambda found: found == expected)
        assert found == expected

    async with session(PUSH_UTF16, {"lintWorkspaceOnStart": True}, root=str(project)) as client:
        await until(client, caller, ["WF603"])
        caller_path.write_text(CALLER.replace("timeout: 1h", "timeout: 1h\n    timout: 2h"),
                               encoding="utf-8")
        watched(client, caller_path, types.FileChangeType.Changed)
        await as_on_disk(caller_path)  # WF003 too: it was WF603 alone
        # A burst: the callee made callable and the caller changed again, each said at once.
        for text in (CALLER, CALLER.replace("eu", "us")):
            callee_path.write_text(CALLABLE, encoding="utf-8")
            watched(client, callee_path, types.FileChangeType.Changed)
            caller_path.write_text(text, encoding="utf-8")
            watched(client, caller_path, types.FileChangeType.Changed)
            callee_path.write_text(CALLEE, encoding="utf-8")
            watched(client, callee_path, types.FileChangeType.Changed)
        await as_on_disk(caller_path)
        assert [code for code, *_ in published(caller)] == ["WF603"]
        # Opened, edited without saving, closed: the file's diagnostics, not none.
        await open_document(client, CALLER.replace("1h", "1 hour"), uri=caller)
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(caller)))
        await eventually(lambda: asyncio.sleep(0, published(caller)), lambda found: found)
        await as_on_disk(caller_path)
        caller_path.unlink()
        watched(client, caller_path, types.FileChangeType.Deleted)
        await as_on_disk(caller_path)  # none: they were the deleted file's for good
        assert published(callee) is None or published(callee) == []


async def test_a_pulling_client_gets_the_closed_files_diagnostics_of_the_workspace(project):
    async with session(PULL_UTF8, root=str(project)) as client:
        assert client.server_capabilities.diagnostic_provider.workspace_diagnostics
        assert client.server_capabilities.diagnostic_provider.inter_file_dependencies
        nightly = from_fs_path(str(project / "nightly.yaml"))

        async def pulled(previous=()):
            report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
                previous_result_ids=list(previous)))
            return {item.uri: item for item in report.items}

        first = await pulled()
        # Both closed files are reported; the caller's call of a workflow not callable.
        assert [str(d.code) for d in first[nightly].items] == ["WF603"]
        assert list(first[from_fs_path(str(project / "flows" / "deploy.yaml"))].items) == []
        again = await pulled(types.PreviousResultId(uri=uri, value=item.result_id)
                             for uri, item in first.items())
        assert all(isinstance(item, types.WorkspaceUnchangedDocumentDiagnosticReport)
                   for item in again.values())
        # An open document is pulled on its own, not with the workspace.
        await open_document(client, CALLER, uri=nightly)
        assert nightly not in await pulled()
        # The callee changes on disk: reported anew (the result ids changed with it).
        (project / "flows" / "deploy.yaml").write_text(CALLABLE, encoding="utf-8")
        watched(client, project / "flows" / "deploy.yaml", types.FileChangeType.Changed)
        await until(client, nightly, [])
        callee = from_fs_path(str(project / "flows" / "deploy.yaml"))
        after = await pulled(types.PreviousResultId(uri=uri, value=item.result_id)
                             for uri, item in first.items())
        assert isinstance(after[callee], types.WorkspaceFullDocumentDiagnosticReport)


async def test_workspace_folders_added_and_removed_are_indexed_and_dropped(tmp_path):
    # ws1 is not a folder of the workspace at first: added, its callee is found; removed,
    # its callee is dropped once no folder holds it (the caller, open, stays): as the CLI
    # sees ws1, and a caller alone.
    for name in ("ws0", "ws1", "alone"):
        (tmp_path / name / ".git").mkdir(parents=True)
    caller_path, callee_path = tmp_path / "ws1" / "caller.yaml", tmp_path / "ws1" / "sub" / "deploy.yaml"
    callee_path.parent.mkdir()
    callee_path.write_text(CALLABLE, encoding="utf-8")
    caller_path.write_text(CALLER, encoding="utf-8")
    (tmp_path / "alone" / "caller.yaml").write_text(CALLER, encoding="utf-8")
    ws1 = types.WorkspaceFolder(from_fs_path(str(tmp_path / "ws1")), "ws1")

    def folders(added=(), removed=()):
        client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=list(added), removed=list(removed))))

    async def definition():
        return await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(caller), position=types.Position(5, 14)))

    async with session(PUSH_UTF16, root=str(tmp_path / "ws0")) as client:
        folders(added=[ws1])
        caller = await open_document(client, CALLER, uri=from_fs_path(str(caller_path)))
        in_ws1 = [code for code, *_ in _cli_findings(caller_path)]
        assert in_ws1 == []
        await until(client, caller, in_ws1)
        (found,) = await definition()
        assert found.uri == from_fs_path(str(callee_path))

        # Removed, but its callee is under a folder still open: kept.
        sub = types.WorkspaceFolder(from_fs_path(str(callee_path.parent)), "sub")
        folders(added=[sub], removed=[ws1])
        await asyncio.sleep(0.5)
        assert await codes(client, caller) == []
        assert [found.uri for found in await definition()] == [from_fs_path(str(callee_path))]

        folders(removed=[sub])
        alone = [code for code, *_ in _cli_findings(tmp_path / "alone" / "caller.yaml")]
        assert alone == ["WF602"]
        await until(client, caller, alone)
        assert await definition() is None


async def test_closed_files_of_a_folder_added_are_linted_with_lint_workspace_on_start(tmp_path):
    # As the folders of the start are: the closed files of a folder added get their
    # diagnostics, and lose them when it is removed.
    for name in ("ws0", "ws1"):
        (tmp_path / name / ".git").mkdir(parents=True)
    (tmp_path / "ws1" / "deploy.yaml").write_text(CALLEE, encoding="utf-8")
    (tmp_path / "ws1" / "nightly.yaml").write_text(CALLER, encoding="utf-8")
    nightly = from_fs_path(str(tmp_path / "ws1" / "nightly.yaml"))
    ws1 = types.WorkspaceFolder(from_fs_path(str(tmp_path / "ws1")), "ws1")
    async with session(PUSH_UTF16, {"lintWorkspaceOnStart": True},
                       root=str(tmp_path / "ws0")) as client:
        client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=[ws1], removed=[])))
        await until(client, nightly, ["WF603"])
        client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=[], removed=[ws1])))
        await until(client, nightly, [])


DEPLOYER = """\
id: deployer
trigger:
  callable: true
  schedule:
    - cron: "0 2 * * *"
      inputs: {target: staging}
inputs:
  target: {type: string, required: true}
jobs:
  go:
    timeout: 30m
    env:
      T: ${{ .inputs.target }}
    steps:
      - run: echo "🚀 $T"
"""
SHIPPER = """\
id: shipper
jobs:
  ship:
    timeout: 1h
    workflow:
      name: deployer
      inputs:
        "target": prod  # 🚢
"""


@pytest.mark.parametrize("profile", [PUSH_UTF16, PUSH_UTF32], ids=["documentChanges", "changes"])
async def test_an_input_is_renamed_in_its_callers_keys_too(tmp_path, profile):
    from wf_lsp import lint_paths

    (tmp_path / ".git").mkdir()
    callee_path, caller_path = tmp_path / "deployer.yaml", tmp_path / "shipper.yaml"
    callee_path.write_text(DEPLOYER, encoding="utf-8")
    caller_path.write_text(SHIPPER, encoding="utf-8")
    before = [[(f.code, f.message) for f in r.findings] for r in lint_paths([tmp_path])]
    async with session(profile, root=str(tmp_path)) as client:
        caller = await open_document(client, SHIPPER, uri=from_fs_path(str(caller_path)))
        await until(client, caller, [])
        callee = from_fs_path(str(callee_path))
        on_key = token_range(SHIPPER, 7, "target", client.encoding).start
        declared = types.Location(callee, token_range(DEPLOYER, 7, "target", client.encoding))
        # From the caller's key: the input in the called workflow's file (closed).
        assert list(await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(caller), position=on_key))) == [declared]
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(caller), position=on_key))
        assert hover.contents.value.splitlines() == [
            "input `target` (string, required)", "", "of workflow `deployer` · deployer.yaml"]
        mentions = [types.Location(callee, token_range(DEPLOYER, 5, "target", client.encoding)),
                    declared,
                    types.Location(callee, token_range(DEPLOYER, 12, "target", client.encoding)),
                    types.Location(caller, token_range(SHIPPER, 7, '"target"', client.encoding))]
        assert list(await client.text_document_references_async(types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(caller), position=on_key,
            context=types.ReferenceContext(include_declaration=True)))) == mentions
        assert await client.text_document_prepare_rename_async(types.PrepareRenameParams(
            text_document=types.TextDocumentIdentifier(caller), position=on_key)) == types.PrepareRenamePlaceholder(
            range=token_range(SHIPPER, 7, "target", client.encoding), placeholder="target")
        # From the callee, open: the same mentions, and one rename of both files.
        await open_document(client, DEPLOYER, uri=callee)
        on_use = token_range(DEPLOYER, 12, "target", client.encoding).start
        assert list(await client.text_document_references_async(types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(callee), position=on_use,
            context=types.ReferenceContext(include_declaration=True)))) == mentions
        for uri, pos in ((callee, on_use), (caller, on_key)):
            edit = await client.text_document_rename_async(types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri), position=pos, new_name="env_name"))
            assert apply_edits(DEPLOYER, workspace_edits(edit, callee), client.encoding) == \
                DEPLOYER.replace("target", "env_name")
            assert apply_edits(SHIPPER, workspace_edits(edit, caller), client.encoding) == \
                SHIPPER.replace("target", "env_name")
            if edit.document_changes:
                assert [(c.text_document.uri, c.text_document.version)
                        for c in edit.document_changes] == [(callee, 1), (caller, 1)]
        # A call passing the new name already would pass it twice.
        change_document(client, caller, 2, SHIPPER + "        region: eu\n")
        await until(client, caller, ["WF604"])
        with pytest.raises(JsonRpcException) as error:
            await client.text_document_rename_async(types.RenameParams(
                text_document=types.TextDocumentIdentifier(callee), position=on_use,
                new_name="region"))
        assert error.value.message == ("Cannot rename `target`: job `ship` of shipper.yaml "
                                       "already passes `region` to `deployer`")
    callee_path.write_text(DEPLOYER.replace("target", "env_name"), encoding="utf-8")
    caller_path.write_text(SHIPPER.replace("target", "env_name"), encoding="utf-8")
    assert [[(f.code, f.message) for f in r.findings] for r in lint_paths([tmp_path])] == before


@pytest.mark.parametrize("profile", [PUSH_UTF16, PULL_UTF8], ids=lambda p: p.name)
async def test_the_callees_timeouts_make_the_callers_wf606_come_and_go(project, profile):
    """An open caller, then a closed one (linted on start, or pulled with the workspace),
    follow the timeouts of the workflow they call as it is edited."""
    callee_path = project / "flows" / "deploy.yaml"
    callee_path.write_text(CALLABLE, encoding="utf-8")
    longer = CALLABLE.replace("timeout: 30m", "timeout: 1h30m")
    nightly = from_fs_path(str(project / "nightly.yaml"))
    async with session(profile, {"lintWorkspaceOnStart": True}, root=str(project)) as client:
        caller = await open_document(client, CALLER, uri=nightly)
        await until(client, caller, [])
        callee = await open_document(client, CALLABLE, uri=from_fs_path(str(callee_path)))
        change_document(client, callee, 2, longer)  # not saved
        await until(client, caller, ["WF606"])
        (diagnostic,) = await current(client, caller)
        assert diagnostic.message == (
            "the call of `deploy` (`flows/deploy.yaml`) may run 1h30m (roll-out 1h30m), longer "
            "than job `deploy`'s timeout 1h: the job's limit ends the call first")
        assert diagnostic.range == token_range(CALLER, 3, "1h", client.encoding)
        change_document(client, callee, 3, CALLABLE)
        await until(client, caller, [])
        # The caller closed: its diagnostics come from the workspace's closed files.
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(caller)))
        change_document(client, callee, 4, longer)
        if profile.pull:
            report = await client.workspace_diagnostic_async(
                types.WorkspaceDiagnosticParams(previous_result_ids=[]))
            (item,) = [item for item in report.items if item.uri == nightly]
            assert [str(d.code) for d in item.items] == ["WF606"]
        else:
            await until(client, nightly, ["WF606"])
