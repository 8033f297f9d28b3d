"""Projects in the server's workspace, over JSON-RPC: two repositories (as two workspace
folders, or side by side in one) are apart, as `wf-lsp lint` keeps them: a workflow of
one is no callee, duplicate or caller for the other, and a document's diagnostics are
those of the real command line on its file."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path

from .conftest import PUSH_UTF32, open_document, session
from .test_calls import CALLABLE, CALLEE, CALLER, until, watched
from .test_diagnostics import _cli_findings

# Calls `stage`, which is not callable: its WF603 needs the workspace scanned.
STAGED = CALLABLE.replace("jobs:", "jobs:\n  stage:\n    timeout: 1h\n    workflow:\n"
                                   "      name: stage\n", 1)
STAGE = "id: stage\njobs:\n  go:\n    timeout: 5m\n    steps:\n      - run: ./stage.sh\n"
NIGHTLY = CALLER.replace("id: nightly", "id: nightly-two")


def repositories(top, with_git=("one", "two")):
    """`one/` and `two/`, each with a `deploy` workflow; two's calls a `stage` of its own,
    and two has a caller of `deploy`."""
    for name in ("one", "two"):
        (top / name).mkdir()
        if name in with_git:
            (top / name / ".git").mkdir()
    (top / "one" / "deploy.yaml").write_text(CALLABLE, encoding="utf-8")
    (top / "two" / "deploy.yaml").write_text(STAGED, encoding="utf-8")
    (top / "two" / "stage.yaml").write_text(STAGE, encoding="utf-8")
    (top / "two" / "nightly.yaml").write_text(NIGHTLY, encoding="utf-8")
    return top / "one", top / "two"


def comparable(diagnostics) -> list[tuple]:
    """Diagnostics as `_cli_findings` has findings (code points: PUSH_UTF32)."""
    names = {types.DiagnosticSeverity.Error: "error", types.DiagnosticSeverity.Warning: "warning",
             types.DiagnosticSeverity.Information: "information",
             types.DiagnosticSeverity.Hint: "hint"}
    return [(d.code, d.range.start.line, d.range.start.character, d.range.end.line,
             d.range.end.character, names[d.severity], d.message) for d in diagnostics]


async def check_apart(client, one, two) -> None:
    deploy = await open_document(client, STAGED, uri=from_fs_path(str(two / "deploy.yaml")))
    # WF603 (`stage`) shows the scan is done: and no WF601 for one's `deploy`.
    await until(client, deploy, ["WF603"])
    published = [p for p in client.published if p.uri == deploy][-1].diagnostics
    assert comparable(published) == _cli_findings(two / "deploy.yaml")
    # two's caller leads to two's `deploy`, not to one's (the first by path).
    nightly = await open_document(client, NIGHTLY, uri=from_fs_path(str(two / "nightly.yaml")))
    await until(client, nightly, [])
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(nightly), position=types.Position(5, 14)))
    assert [place.uri for place in found] == [deploy]
    # one's `deploy` has no callers: two's are not its.
    callers = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(from_fs_path(str(one / "deploy.yaml"))),
        position=types.Position(0, 5), context=types.ReferenceContext(include_declaration=False)))
    assert not callers


async def test_two_repositories_as_two_workspace_folders_are_apart(tmp_path):
    """VS Code's multi-root workspace of two repositories: two's `deploy` had a WF601 on
    one's, which `wf-lsp lint` (in each, or of both) never reports."""
    one, two = repositories(tmp_path)
    async with session(PUSH_UTF32, root=str(one), folders=[str(one), str(two)]) as client:
        await open_document(client, CALLABLE, uri=from_fs_path(str(one / "deploy.yaml")))
        await check_apart(client, one, two)


async def test_two_repositories_in_one_folder_are_apart(tmp_path):
    one, two = repositories(tmp_path)
    async with session(PUSH_UTF32, root=str(tmp_path)) as client:
        await open_document(client, CALLABLE, uri=from_fs_path(str(one / "deploy.yaml")))
        await check_apart(client, one, two)


@pytest.mark.parametrize("marker", [".git", "wf-lsp.toml"])
async def test_a_folder_made_a_project_leaves_the_one_around_it(tmp_path, marker):
    """`git init two` (or a config file in it) while the server runs: two's workflows
    are a project of their own from then on, as for `wf-lsp lint`."""
    (tmp_path / ".git").mkdir()
    one, two = repositories(tmp_path, with_git=())
    async with session(PUSH_UTF32, root=str(tmp_path)) as client:
        deploy = await open_document(client, STAGED, uri=from_fs_path(str(two / "deploy.yaml")))
        await until(client, deploy, ["WF601", "WF603"])
        if marker == ".git":
            (two / ".git").mkdir()
        else:
            (two / marker).write_text("", encoding="utf-8")
        watched(client, two / marker, types.FileChangeType.Created)
        await until(client, deploy, ["WF603"])
        published = [p for p in client.published if p.uri == deploy][-1].diagnostics
        assert comparable(published) == _cli_findings(two / "deploy.yaml")


async def test_a_folder_of_a_repository_opened_alone_sees_the_whole_repository(tmp_path):
    """VS Code opened on `repo/flows`: the callee in `repo/shared` is in the caller's
    project, as `wf-lsp lint` (pre-commit) sees it; the server knew only the folder and
    said the call was of no workflow (an error, with `workflows-complete`)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "wf-lsp.toml").write_text("workflows-complete = true\n", encoding="utf-8")
    for name in ("flows", "shared"):
        (tmp_path / name).mkdir()
    callee = tmp_path / "shared" / "deploy.yaml"
    callee.write_text(CALLABLE, encoding="utf-8")
    caller = tmp_path / "flows" / "nightly.yaml"
    caller.write_text(CALLER, encoding="utf-8")
    async with session(PUSH_UTF32, root=str(tmp_path / "flows")) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        # Not callable: WF603 shows the callee was found.
        callee_uri = await open_document(client, CALLABLE.replace("  callable: true\n", ""),
                                         uri=from_fs_path(str(callee)))
        await until(client, uri, ["WF603"])
        # Closed unsaved (the editor went there by definition): the file counts again,
        # and stays in the index.
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(callee_uri)))
        await until(client, uri, [])
        assert _cli_findings(caller) == []
        found = await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri), position=types.Position(5, 14)))
        assert [place.uri for place in found] == [callee_uri]


def _saved(client, uri: str) -> None:
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        types.TextDocumentIdentifier(uri)))


async def test_a_file_of_the_repository_outside_the_folder_is_read_again_on_a_save(tmp_path):
    """VS Code opened on `repo/flows` watches that folder only: the callee in
    `repo/shared`, made callable by a `git pull`, kept the caller's WF603 until the server
    restarted. A save (or an opening) reads again what changed outside the folder."""
    (tmp_path / ".git").mkdir()
    for name in ("flows", "shared"):
        (tmp_path / name).mkdir()
    callee = tmp_path / "shared" / "deploy.yaml"
    callee.write_text(CALLABLE.replace("  callable: true\n", ""), encoding="utf-8")
    caller = tmp_path / "flows" / "nightly.yaml"
    caller.write_text(CALLER, encoding="utf-8")
    async with session(PUSH_UTF32, root=str(tmp_path / "flows")) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        await until(client, uri, ["WF603"])
        callee.write_text(CALLABLE, encoding="utf-8")  # no watcher sees it
        _saved(client, uri)
        await until(client, uri, [])
        assert _cli_findings(caller) == []
        callee.unlink()  # gone: the call is of no workflow the server knows
        _saved(client, uri)
        await until(client, uri, [])  # (no WF602 without `workflows-complete`)
        found = await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri), position=types.Position(5, 14)))
        assert not found


async def test_git_init_above_the_folder_is_seen_on_a_save(tmp_path):
    """`git init` in the folder above the one the editor opened: the editor watches its
    folder only, and the server went on checking the folder alone until it restarted."""
    for name in ("flows", "shared"):
        (tmp_path / name).mkdir()
    (tmp_path / "shared" / "deploy.yaml").write_text(
        CALLABLE.replace("  callable: true\n", ""), encoding="utf-8")
    caller = tmp_path / "flows" / "nightly.yaml"
    caller.write_text(CALLER, encoding="utf-8")
    async with session(PUSH_UTF32, root=str(tmp_path / "flows")) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        await until(client, uri, ["WF602"])  # the folder alone has no `deploy`
        (tmp_path / ".git").mkdir()
        _saved(client, uri)
        await until(client, uri, ["WF603"])  # the repository's callee, not callable
        published = [p for p in client.published if p.uri == uri][-1].diagnostics
        assert comparable(published) == _cli_findings(caller)


async def test_a_document_from_outside_the_folders_and_any_project_is_alone(tmp_path):
    """A copy of a workflow opened from elsewhere (no `.git`, no config file, as the
    folder): `wf-lsp lint` of either file finds nothing; the folder's had a WF601 on it."""
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "deploy.yaml").write_text(STAGED, encoding="utf-8")
    (tmp_path / "ws" / "stage.yaml").write_text(STAGE, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    copy = tmp_path / "elsewhere" / "deploy.yaml"
    copy.write_text(CALLABLE, encoding="utf-8")
    async with session(PUSH_UTF32, root=str(tmp_path / "ws")) as client:
        copy_uri = await open_document(client, CALLABLE, uri=from_fs_path(str(copy)))
        await until(client, copy_uri, [])
        uri = await open_document(client, STAGED, uri=from_fs_path(str(tmp_path / "ws" / "deploy.yaml")))
        await until(client, uri, ["WF603"])
        assert _cli_findings(copy) == []
        # Its folder added to the workspace: the folders' files outside any project are
        # one workspace, as for `wf-lsp lint ws elsewhere`.
        client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=[types.WorkspaceFolder(
                from_fs_path(str(copy.parent)), "elsewhere")], removed=[])))
        await until(client, uri, ["WF601", "WF603"])


async def test_a_save_while_outside_files_are_read_again_is_looked_at(tmp_path):
    """A save that came while the files outside the folder were being read again (after
    the save before it) was not looked at: a callee changed in between kept the caller's
    old diagnostics until the next save. The callee is read first of 2,000 files there;
    it changes while the others are read (the pause lets the server start), and a save
    follows: the last diagnostics are `wf-lsp lint`'s."""
    (tmp_path / ".git").mkdir()
    for name in ("flows", "shared"):
        (tmp_path / name).mkdir()
    callee = tmp_path / "shared" / "a-deploy.yaml"  # read before the others
    not_callable = CALLABLE.replace("  callable: true\n", "")
    callee.write_text(not_callable, encoding="utf-8")
    for index in range(2000):
        (tmp_path / "shared" / f"other-{index}.yaml").write_text(
            CALLABLE.replace("id: deploy", f"id: other-{index}"), encoding="utf-8")
    caller = tmp_path / "flows" / "nightly.yaml"
    caller.write_text(CALLER, encoding="utf-8")
    async with session(PUSH_UTF32, root=str(tmp_path / "flows")) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        await until(client, uri, ["WF603"])
        _saved(client, uri)
        await asyncio.sleep(0.002)
        callee.write_text(CALLABLE, encoding="utf-8")
        _saved(client, uri)
        await until(client, uri, [])
        assert _cli_findings(caller) == []


@pytest.mark.parametrize("folder", ["repository", "hidden", None])
async def test_workflows_kept_in_a_hidden_folder_see_each_other(tmp_path, folder):
    """Workflows kept in `.h2o/workflows/` of a repository: the scan passes over hidden
    folders, and a document opened there (the repository open, or that folder itself, or
    no folder) had WF602 for the callee beside it; it is checked as `wf-lsp lint` of its
    file checks it, and follows that callee's changes on disk."""
    (tmp_path / ".git").mkdir()
    held = tmp_path / ".h2o" / "workflows"
    held.mkdir(parents=True)
    (held / "deploy.yaml").write_text(CALLABLE, encoding="utf-8")
    (held / "nightly.yaml").write_text(CALLER, encoding="utf-8")
    root = {"repository": str(tmp_path), "hidden": str(held), None: None}[folder]
    async with session(PUSH_UTF32, root=root) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(held / "nightly.yaml")))
        (held / "deploy.yaml").write_text(CALLEE, encoding="utf-8")  # no longer callable
        watched(client, held / "deploy.yaml", types.FileChangeType.Changed)
        await until(client, uri, ["WF603"])
        published = [p for p in client.published if p.uri == uri][-1].diagnostics
        assert comparable(published) == _cli_findings(held / "nightly.yaml")
        found = await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri), position=types.Position(5, 14)))
        assert [place.uri for place in found] == [from_fs_path(str(held / "deploy.yaml"))]
