"""A document opened with no workspace folder (Neovim's single-file mode, Helix or Kate on
a lone file), or from outside the folders, over JSON-RPC: its own project (its repository,
or its config file's folder) is indexed in the background, once, and its diagnostics are
those of `wf-lsp lint` on its file; a file of no project is linted alone, and the home
folder is never walked."""

from __future__ import annotations

import os
import sys

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path

from .conftest import PULL_UTF8, PUSH_UTF32, diagnostics, eventually, open_document, session
from .test_calls import codes, until
from .test_diagnostics import _cli_findings
from .test_projects import comparable

CALLEE = """\
id: prep
trigger:
  callable: true
jobs:
  build:
    timeout: 10m
    steps:
      - run: make
"""
CALLER = """\
id: main
jobs:
  call:
    timeout: 1h
    workflow:
      name: prep
"""


def repository(folder, marker=".git"):
    """A project with `callee.yaml` (`prep`, callable) and `caller.yaml`, which calls it."""
    folder.mkdir(parents=True)
    if marker == ".git":
        (folder / ".git").mkdir()
    else:
        (folder / marker).write_text("", encoding="utf-8")
    (folder / "flows").mkdir()
    (folder / "flows" / "callee.yaml").write_text(CALLEE, encoding="utf-8")
    (folder / "caller.yaml").write_text(CALLER, encoding="utf-8")
    return folder / "caller.yaml"


async def published(client, uri, expected_codes):
    """The document's diagnostics once their codes are `expected_codes`, as the CLI's."""
    await until(client, uri, expected_codes)
    return comparable(await diagnostics(client, uri))


@pytest.mark.parametrize("marker", [".git", "wf-lsp.toml"])
async def test_a_document_opened_without_folders_sees_its_project(tmp_path, marker):
    """`rootUri: null` and no folders: the callee of the caller's repository was not
    indexed, and the server said WF602 ("no workflow of the workspace has the id
    `prep`"), which `wf-lsp lint caller.yaml` never says."""
    caller = repository(tmp_path / "repo", marker)
    async with session(PUSH_UTF32, {"lintWorkspaceOnStart": True}) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        assert await published(client, uri, []) == _cli_findings(caller)
        found = await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri), position=types.Position(5, 14)))
        assert [place.uri for place in found] == [
            from_fs_path(str(caller.parent / "flows" / "callee.yaml"))]
        # The callee, closed, is read again from disk when it changes (a document opened
        # or saved looks, as for a folder's files the client does not watch).
        callee = caller.parent / "flows" / "callee.yaml"
        callee.write_text(CALLEE.replace("  callable: true\n", "  schedule: '0 * * * *'\n"),
                          encoding="utf-8")
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri)))
        assert await published(client, uri, ["WF603"]) == _cli_findings(caller)
        # No workspace to lint: its closed files, read for the calls, get no diagnostics.
        assert {p.uri for p in client.published} == {uri}


async def test_a_pulled_document_without_folders_waits_for_its_project(tmp_path):
    """A pull of a document whose project is being indexed waits for the index: its
    first answer is already the CLI's, not a WF602 taken back later."""
    caller = repository(tmp_path / "repo")
    async with session(PULL_UTF8) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        assert await codes(client, uri) == []


async def test_a_document_opened_from_another_repository_sees_its_own(tmp_path):
    """A workspace folder open, and `../other/caller.yaml` opened from it: the other
    repository's callee counts, and the folder's workflows do not."""
    (tmp_path / "here" / ".git").mkdir(parents=True)
    (tmp_path / "here" / "prep.yaml").write_text(CALLEE.replace("id: prep", "id: main"),
                                                 encoding="utf-8")
    caller = repository(tmp_path / "other")
    async with session(PUSH_UTF32, root=str(tmp_path / "here")) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        assert await published(client, uri, []) == _cli_findings(caller)
        # Its callee opened and closed: read again from disk, still of the index.
        callee = caller.parent / "flows" / "callee.yaml"
        callee_uri = await open_document(client, CALLEE, uri=from_fs_path(str(callee)))
        await until(client, callee_uri, [])
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(callee_uri)))
        other = await open_document(client, CALLER.replace("id: main", "id: main-two"),
                                     uri=from_fs_path(str(caller.parent / "two.yaml")))
        await until(client, other, [])
        assert comparable(await diagnostics(client, uri)) == _cli_findings(caller)


@pytest.mark.parametrize("marker", [None, ".git", "wf-lsp.toml"])
async def test_a_file_in_the_home_folder_never_has_it_walked(tmp_path, marker):
    """`vim ~/x.yaml`: no project (a home folder under git, a dotfiles repository, or
    with a config file, is none), so the home folder is not walked: `prep` under it is
    not seen, as by `wf-lsp lint ~/x.yaml`, which walked all of it for a config file
    there (every file the user has) and found `prep`."""
    home = tmp_path / "home"
    (home / "elsewhere").mkdir(parents=True)
    if marker == ".git":
        (home / ".git").mkdir()
    elif marker:
        (home / marker).write_text("", encoding="utf-8")
    (home / "elsewhere" / "callee.yaml").write_text(CALLEE, encoding="utf-8")
    lone = home / "x.yaml"
    lone.write_text(CALLER, encoding="utf-8")
    env = {**os.environ, "HOME": str(home)}
    async with session(PUSH_UTF32, env=env) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(lone)))
        await until(client, uri, ["WF602"])
        # A second document linted: the first one's index would have been done by now.
        other = await open_document(client, CALLEE.replace("id: prep", "id: other"),
                                    uri=from_fs_path(str(home / "y.yaml")))
        await until(client, other, [])
        assert await codes(client, uri) == ["WF602"]
        assert comparable(await diagnostics(client, uri)) == _cli_findings(lone, env)


async def test_a_folder_under_a_home_folder_with_a_config_file_is_scanned_alone(tmp_path):
    """A workspace folder `~/notes` (no repository) with `~/wf-lsp.toml`: the home folder
    was taken for the folder's project and scanned whole for it (`prep`, elsewhere in
    the home folder, was seen); the folder is scanned, as `wf-lsp lint` checks its files."""
    home = tmp_path / "home"
    (home / "elsewhere").mkdir(parents=True)
    (home / "notes").mkdir()
    (home / "wf-lsp.toml").write_text("", encoding="utf-8")
    (home / "elsewhere" / "callee.yaml").write_text(CALLEE, encoding="utf-8")
    caller = home / "notes" / "caller.yaml"
    caller.write_text(CALLER, encoding="utf-8")
    env = {**os.environ, "HOME": str(home)}
    async with session(PUSH_UTF32, root=str(home / "notes"), env=env) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        assert await published(client, uri, ["WF602"]) == _cli_findings(caller, env)


def served_from(folder) -> list[str]:
    """The server's command, run in `folder` (an editor starts it in its own working folder)."""
    return ["/bin/sh", "-c", 'cd "$1" && exec "$0" -m wf_lsp serve', sys.executable, str(folder)]


UNTITLED = CALLER + "  again:\n    timeout: 1h\n    workflow:\n      name: nowhere\n"


@pytest.mark.parametrize("profile", [PUSH_UTF32, PULL_UTF8])
async def test_an_untitled_document_without_folders_is_of_the_working_folder(tmp_path, profile):
    """A new untitled document with no folder (Neovim's `:enew`) is checked as `wf-lsp lint -`
    run in the server's working folder checks it, as ruff's server does: against that
    folder's project, indexed for it. It was held back for good: no call between files
    checked (WF601-WF606), and every completion list said incomplete, asked again on
    each keystroke."""
    repository(tmp_path / "repo")
    async with session(profile, server=served_from(tmp_path / "repo")) as client:
        uri = await open_document(client, UNTITLED, uri="untitled:Untitled-1")
        await until(client, uri, ["WF602"])  # `nowhere`; `prep` is the project's
        (found,) = [d for d in await diagnostics(client, uri) if d.code == "WF602"]
        assert "`nowhere`" in found.message
        # On the `workflow` key of `call`: the keys a job may take, the whole list.
        listed = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri), position=types.Position(4, 4)))
        assert listed.is_incomplete is False
        assert "runner" in [item.label for item in listed.items]


async def test_an_untitled_document_in_a_folder_without_a_root_uri_is_of_it(tmp_path):
    """`workspaceFolders` sent with a null `rootUri`: an untitled document took the
    server's working folder's config and project, whose calls were held back; it is of
    the (first) folder's, as when `rootUri` names it: its config makes an unknown
    workflow an error, and its callee is known."""
    repository(tmp_path / "repo", "wf-lsp.toml")
    (tmp_path / "repo" / "wf-lsp.toml").write_text("workflows-complete = true\n",
                                                   encoding="utf-8")
    async with session(PUSH_UTF32, folders=[str(tmp_path / "repo")]) as client:
        uri = await open_document(client, UNTITLED, uri="untitled:Untitled-1")
        await until(client, uri, ["WF602"])
        (found,) = await diagnostics(client, uri)
        assert "`nowhere`" in found.message
        assert found.severity == types.DiagnosticSeverity.Error


async def test_an_untitled_document_in_a_folder_is_checked_against_it(tmp_path):
    """With a workspace folder, an untitled document is of its project, read: a call of an
    id it has not is said."""
    repository(tmp_path / "repo")
    async with session(PUSH_UTF32, root=str(tmp_path / "repo")) as client:
        uri = await open_document(client, CALLER.replace("name: prep", "name: nowhere"),
                                  uri="untitled:Untitled-1")
        await until(client, uri, ["WF602"])


async def test_the_home_folder_as_workspace_folder_is_not_walked(tmp_path):
    """`code ~` (or a root `/`): every YAML file the user has was scanned (and with
    lintWorkspaceOnStart, linted), a lone `~/x.yaml` checked against all of them. The
    folder is as none, and the user is told: a file opened in it is checked against its
    own repository, a file of no project alone, as `wf-lsp lint FILE` does."""
    home = tmp_path / "home"
    (home / "elsewhere").mkdir(parents=True)
    (home / "elsewhere" / "callee.yaml").write_text(CALLEE, encoding="utf-8")
    lone = home / "x.yaml"
    lone.write_text(CALLER, encoding="utf-8")
    caller = repository(home / "repo")
    env = {**os.environ, "HOME": str(home)}
    async with session(PUSH_UTF32, {"lintWorkspaceOnStart": True}, root=str(home),
                       env=env) as client:
        in_repo = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        assert await published(client, in_repo, []) == _cli_findings(caller, env)
        uri = await open_document(client, CALLER, uri=from_fs_path(str(lone)))
        assert await published(client, uri, ["WF602"]) == _cli_findings(lone, env)
        # No closed file of it was linted; the user was told why.
        assert {p.uri for p in client.published} == {in_repo, uri}
        assert any("is the home folder" in shown.message for shown in client.messages)


async def test_a_repository_inside_an_opened_project_is_indexed_for_itself(tmp_path):
    """`/tmp/x.yaml` opened alone with `/tmp/wf-lsp.toml`, then a file of a repository
    in /tmp: the first project's walk passes over the repository (another project), which
    is indexed when a file of it is opened."""
    outer = tmp_path / "tmp"
    outer.mkdir()
    (outer / "wf-lsp.toml").write_text("", encoding="utf-8")
    (outer / "x.yaml").write_text(CALLEE.replace("id: prep", "id: x"), encoding="utf-8")
    caller = repository(outer / "someone" / "repo")
    async with session(PUSH_UTF32) as client:
        first = await open_document(client, CALLEE.replace("id: prep", "id: x"),
                                    uri=from_fs_path(str(outer / "x.yaml")))
        await until(client, first, [])

        async def said():  # the first project indexed (its log line)
            return [m.message for m in client.log_messages if "opened outside" in m.message]
        assert await eventually(said, bool)
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        assert await published(client, uri, []) == _cli_findings(caller)


@pytest.mark.parametrize("limit", [None, "40"])
async def test_a_project_too_big_to_walk_is_read_in_part(tmp_path, limit):
    """A document opened with no folder in a repository of many folders: its root was
    walked whole, however big (a data set's 100,000 folders: minutes of a busy thread
    and disk, the document's calls waiting). The walk stops at its bound
    (`WF_LSP_WALK_LIMIT` here, 50,000 files and folders by default), says so once, and
    WF602 ("no workflow of the workspace has the id") is not claimed of a project read
    in part; read whole, it is."""
    caller = repository(tmp_path / "repo")
    (caller.parent / "flows" / "callee.yaml").unlink()  # `prep` is nowhere
    for index in range(60):
        (caller.parent / "data" / f"d{index:02}").mkdir(parents=True)
    env = {key: value for key, value in os.environ.items() if key != "WF_LSP_WALK_LIMIT"}
    if limit is not None:
        env["WF_LSP_WALK_LIMIT"] = limit
    async with session(PULL_UTF8, env=env) as client:
        uri = await open_document(client, CALLER, uri=from_fs_path(str(caller)))
        said = [m.message for m in client.messages if "files and folders" in m.message]
        if limit is None:
            assert await codes(client, uri) == ["WF602"]
            assert said == []
            return
        assert await codes(client, uri) == []  # the pull waits for the project's index
        said = [m.message for m in client.messages if "files and folders" in m.message]
        assert said == [f"wf-lsp: {caller.parent} holds more than 40 files and folders: only "
                        "those were looked at for workflows, and a call to a workflow not "
                        "found there is not reported (WF602). Open the project's folder as "
                        "a workspace folder to have all of it read."]
        # An ignore comment for WF602 is not called unused (WF010) meanwhile.
        ignored = await open_document(
            client, CALLER.replace("name: prep", "name: prep  # wf-lsp: ignore[WF602]")
            .replace("id: main", "id: two"),
            uri=from_fs_path(str(caller.parent / "two.yaml")))
        assert await codes(client, ignored) == []
        found = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri), position=types.Position(3, 4)))
        assert found is not None
