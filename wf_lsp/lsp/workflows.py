"""The server's index of the workspace's workflows (`wf_lsp.workspace`), kept current, and
what answers from it across files: workspace symbols, and where a call leads.

The index is scanned from the workspace folders once initialized (as `wf-lsp lint`
scans them; a folder inside a project, from the project's root: `covered`), then follows
the editor: an open document's workflows are those of its latest lint; a closed file's
are read from disk when it is closed, created, changed, deleted or renamed
(`workspace/didChangeWatchedFiles`); a folder added to the workspace is scanned, and the
files of one removed are dropped (`folders_changed`). What the client does not watch (its
watchers are of the workspace folders) is looked at when a document is opened or saved
(`recheck`): the indexed files outside the folders (a repository's other folders), read
again when their time or size changed, and the `.git` and config files above the folders,
which when they come, go or change make the index scanned again. When a file's
workflows change, the open documents they concern (callers of its ids, workflows it calls,
the same ids) are linted again, so that a callee's change shows in its callers' diagnostics.

The folders may hold several projects (two repositories side by side, as folders of
their own or in one folder): the index knows each file's (`Workspace.projects`), and a
document is linted against its own project's workflows (`project_of`), as `wf-lsp lint`
checks each project's files against that project only. A config file or a `.git` that
comes or goes may move files to another project (`projects_changed`).

A document opened outside what the index covers (no workspace folder at all, as in
Neovim's single-file mode; or a file of another repository) has its own project indexed
in the background, once (`index_project_of`): the repository or config file's folder it
is in, as `wf-lsp lint FILE` indexes it; a file of no project is linted alone (the
home folder and `/` are none: `files.too_wide`), so neither is ever walked. Its files
are then kept as a folder's are (read again by `recheck`, rescanned with the folders);
their closed files get no diagnostics. Such a root is walked up to a bound
(`walk_limit`): a project root holding many thousands of folders (a data set's, a huge
monorepo) is read in part, said once, and WF602 says nothing of its documents' calls.
"""

from __future__ import annotations

import asyncio
import logging
import os

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from wf_lsp.editor import calls
from wf_lsp.config import ConfigError
from wf_lsp.files import (CONFIG_FILES, YAML_SUFFIXES, discover, file_identity, find_config,
                          index_workspace, passed_over, project_roots, read_text, too_wide,
                          upward, walked)
from wf_lsp.linter import index_text
from wf_lsp.lsp.symbols import symbol_kind
from wf_lsp.records import replace
from wf_lsp.workspace import View, WorkflowEntry, Workspace

log = logging.getLogger("wf_lsp")

# How many files and folders the walk of a project no workspace folder holds looks at
# (`index_project_of`): walked whole, a root of a data set's 100,000 folders kept a
# thread and the disk busy for minutes, and the document's calls waited for it. A
# workspace folder is the user's choice and is walked whole.
WALK_LIMIT = 50_000


def walk_limit() -> int:
    """`WALK_LIMIT`, or the environment's `WF_LSP_WALK_LIMIT`."""
    try:
        return max(1, int(os.environ.get("WF_LSP_WALK_LIMIT", "")))
    except ValueError:
        return WALK_LIMIT

YAML_GLOBS = ("**/*.yaml", "**/*.yml")
# Folders too, created and deleted: a client may fold a folder's deletion (or the old side
# of its rename) into one event for the folder, which `**/*.yaml` does not match (VS Code
# does, microsoft/vscode#109754): its workflows stayed indexed until the server restarted.
FOLDER_WATCHER = types.FileSystemWatcher(glob_pattern="**/*",
                                         kind=types.WatchKind.Create | types.WatchKind.Delete)


def path_of(uri: str) -> str | None:
    """The file path of a `file:` uri (None for an untitled document, and for a uri no
    file can have: one holding a lone surrogate, which a JSON string can and a file name
    cannot; looked for on disk, or made a uri again, it failed)."""
    if not uri.startswith("file:"):
        return None
    path = os.path.abspath(to_fs_path(uri))
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return path


def folders(server) -> list[str]:
    """The paths of the workspace folders (or of the root the client gave), less the
    home folder and `/` (`too_wide_folders`)."""
    return walkable(_given_folders(server))


def _given_folders(server) -> list[str]:
    uris = [f.uri for f in (server.workspace.folders or {}).values()] or (
        [server.workspace.root_uri] if server.workspace.root_uri else [])
    return [path for uri in uris if (path := path_of(uri))]


def walkable(paths: list[str]) -> list[str]:
    """The workspace folders that are not the home folder or `/` (`files.too_wide`):
    `code ~` scanned every YAML file the user has (`/`: the whole machine, for minutes,
    other users' files too), linted each with lintWorkspaceOnStart, and held every call
    back meanwhile. Such a folder is as none: a document opened in it has its own
    project read (`index_project_of`), as with no folder, or is linted alone."""
    wide = too_wide()
    return [path for path in paths if not wide(path)]


def too_wide_folders(server, paths: list[str] | None = None) -> None:
    """Say that the workspace folders among `paths` (all of them by default) that are too
    wide (`walkable`) are not scanned, once each, as ruff and rust-analyzer warn."""
    for path in (_given_folders(server) if paths is None else paths):
        if path not in walkable([path]):
            server.messages.show_once(
                f"the workspace folder {path} is the "
                f"{'root of the file system' if os.path.dirname(path) == path else 'home folder'}"
                ": its files are not scanned for workflows (it holds far more than a "
                "project); a file opened in it is checked against its own project (its "
                "repository or its config file's folder). Open a project's folder to have "
                "all of it checked.")


def root_folder(server) -> str:
    """The root the client gave; else its first workspace folder (a client may send
    `workspaceFolders` with a null `rootUri`: its untitled documents took the server's
    working folder's config and project, not the folder's); else, with no folder at all
    (or before initialize), the working folder, as `wf-lsp lint -` run there and ruff's
    server with no folder."""
    try:
        root = server.workspace.root_path
    except RuntimeError:  # not initialized (pygls has no workspace yet)
        return os.getcwd()
    if not root:
        given = _given_folders(server)
        root = given[0] if given else None
    return root or os.getcwd()


def file_of(server, path: str | None) -> str:
    """Where a document stands: its file, or for one without a file (`untitled:`) a file
    in the root folder (`root_folder`), whose config and project it is linted with."""
    return path if path is not None else os.path.join(root_folder(server), "untitled")


def covered(paths: list[str]) -> list[str]:
    """The folders the index covers for these workspace folders: each one, or the root of
    the project it lies in (a folder of a repository opened alone: `wf-lsp lint` checks
    its files against every workflow of the repository, and so does the server)."""
    root_of = project_roots()
    # The project a file of the folder would be in: the folder's, or one above it; and
    # the folder itself when the walk of that passes it over (`.h2o/workflows`).
    found = []
    for path in paths:
        root = root_of(os.path.join(path, "*")) or path
        found.append(root)
        if top := passed_over(os.path.join(path, "*"), root):
            found.append(top)
    return list(dict.fromkeys(found))


def indexed_tops(server) -> list[str]:
    """The folders the index covers: the workspace folders' (`covered`), and the projects
    of documents opened outside them (`index_project_of`)."""
    return list(dict.fromkeys([*covered(folders(server)), *server.opened_projects]))


async def scan(server) -> None:
    """Index the workflows of the workspace folders (in the indexing thread, beside the
    lints), then lint again the open documents that the workflows found concern."""
    too_wide_folders(server)
    roots = folders(server)
    # The projects of documents opened outside the folders are walked again after it
    # (`_index_opened`, below), within their bound.
    paths = covered(roots)
    if not paths:
        return
    scanned, server.unwatched, server.marks_above = await asyncio.wrap_future(
        server.index_in_background(_index_unwatched, paths, roots))
    # What the open documents say wins over their files on disk.
    opened = {path: session.analysis.result.entries for session in server.documents
              if (path := path_of(session.uri)) and session.analysis is not None}
    scanned = opened_as_aliases(server, scanned)
    scanned = scanned.with_files(opened, projects=_projects(server, opened))
    server.workflows = scanned
    server.workflows_generation += 1
    log.info("indexed %d workflows in %s", sum(len(e) for e in scanned.files.values()),
             ", ".join(paths))
    # A document's project indexed while this scan ran lost its files to it: indexed
    # again (one whose indexing is still to come takes them in itself).
    for root, indexed in server.opened_projects.items():
        if root not in paths and indexed.done():
            server.opened_projects[root] = asyncio.ensure_future(_index_opened(server, root))
    found = tuple(entry for path, entries in scanned.files.items() if path not in opened
                  for entry in entries)
    # And those whose first lint is under way: it read the workspace before this scan.
    first = [session for session in server.documents if session.analysis is None]
    for session in [*concerned(server, found), *first]:
        session.forget_analysis()
        server.schedule(session.uri)


def _index_unwatched(paths: list[str], roots: list[str]):
    """`index_workspace(paths)`, with what `recheck` compares later: the time and size of
    its files outside the workspace folders `roots`, and the marks above them."""
    return (*_index_stamped(paths, roots), _marks_above(roots))


def _index_stamped(paths: list[str], roots: list[str], project: str | None = None,
                   limit: int | None = None):
    """`index_workspace(paths)` (one `project`'s files, when given; `limit`: its walk's
    bound), and the time and size of its files outside `roots`."""
    scanned = index_workspace(paths, project=project, limit=limit)
    outside = [path for path in scanned.files if not under(path, roots)]
    return scanned, {path: _stamp(path) for path in outside}


def index_project_of(server, uri: str) -> None:
    """A document was opened: when it is outside what the index covers (no workspace
    folder, or a file of another repository), index its project in the background, once
    (`wf-lsp lint FILE` checks it against its project too; with no folder, nothing
    was, and every call was a WF602). A file of no project is linted alone, as the CLI
    lints it (the home folder and `/` are no project: `files.too_wide`). A document the
    scan does not reach, a folder on the way passed over (`.h2o/workflows/`:
    `files.passed_over`), has its folder indexed, as `wf-lsp lint` of the file walks it."""
    path = file_of(server, path_of(uri))
    if server.workflows_ready is None:
        return
    root = project_roots()(path)  # never the home folder or `/` (`files.too_wide`)
    tops = covered(folders(server))
    if under(path, tops):
        wanted = [passed_over(path, root or next(top for top in tops if under(path, [top])))]
    elif root is not None:
        # A project inside another's (a repository in a folder with a config file) is not
        # walked with it (`index_workspace`'s `project`): indexed for itself.
        wanted = [root, passed_over(path, root)]
    else:
        return
    for top in wanted:
        if top is not None and top not in tops and top not in server.opened_projects:
            server.opened_projects[top] = asyncio.ensure_future(_index_opened(server, top, uri))


async def _index_opened(server, top: str, uri: str | None = None) -> None:
    """`index_project_of`'s work: after the folders' scan and the opened document's first
    lint (its own diagnostics are not held up by the project's files), index `top` (a
    project's root, or a folder of one the scan passes over) in the indexing thread, take
    its closed files in, and lint its project's open documents again."""
    await server.workflows_ready.wait()  # the first scan replaces the whole index
    session = server.session(uri) if uri is not None else None
    if session is not None and session.scheduled is not None:
        await asyncio.wait([session.scheduled])
    root = project_roots()(os.path.join(top, "*"))
    limit = walk_limit()
    try:
        scanned, stamps = await asyncio.wrap_future(
            server.index_in_background(_index_stamped, [top], folders(server), root, limit))
    except Exception:  # a bug of ours: logged, and the document keeps its own lint
        log.error("internal error while indexing %s", top, exc_info=True)
        return
    # What the open documents say wins over their files on disk.
    changes = {path: entries for path, entries in scanned.files.items()
               if server.session(from_fs_path(path)) is None}
    workflows = opened_as_aliases(server, server.workflows.with_files(
        changes, scanned.aliases, scanned.projects))
    unread = (*(f for f in workflows.unread if not under(f, [top])), *scanned.unread)
    server.workflows = replace(workflows, unread=unread)
    if scanned.unread:
        server.messages.show_once(
            f"{top} holds more than {limit:,} files and folders: only those were looked "
            "at for workflows, and a call to a workflow not found there is not reported "
            "(WF602). Open the project's folder as a workspace folder to have all of it "
            "read.")
        log.info("not read, in %s: %s%s", top, ", ".join(scanned.unread[:10]),
                 f" and {len(scanned.unread) - 10} more folders" if len(scanned.unread) > 10
                 else "")
    server.workflows_generation += 1
    server.unwatched.update(stamps)  # outside the folders: `recheck` reads them again
    log.info("indexed %d workflows in %s, %s", sum(len(e) for e in changes.values()), top,
             "the project of a document opened outside the workspace folders" if top == root
             else "a folder the scan passes over, where a document was opened")
    for session in server.documents:
        path = file_of(server, path_of(session.uri))
        if _projects(server, [path])[path] == root:
            session.forget_analysis()
            server.schedule(session.uri)
    if server.client.pull_diagnostics and server.client.diagnostics_refresh:
        asyncio.ensure_future(_refresh(server))


def indexing(server, uri: str) -> asyncio.Future | None:
    """The indexing of the project of a document opened outside the folders, when there
    is one (a pull of the document waits for it)."""
    return _indexing_of(server, path_of(uri))


def _indexing_of(server, path: str | None) -> asyncio.Future | None:
    if not server.opened_projects:
        return None
    path = file_of(server, path)
    root = _projects(server, [path])[path]
    # Its project's, and that of a folder the scan passes over that holds it: the one
    # still under way, if either is.
    tasks = [task for top in (root, root and passed_over(path, root))
             if top and (task := server.opened_projects.get(top)) is not None]
    return next((task for task in tasks if not task.done()), tasks[0] if tasks else None)


def indexed(server, path: str | None) -> bool:
    """Whether the index holds the project of the file `path` whole: not while the
    folders' first scan runs, nor while the project of a document opened outside them is
    indexed (`index_project_of`), nor while a folder added that holds it is scanned
    (`folders_changed`). Until it is, its lints hold back the rules about calls between
    files (`Workspace.indexed`): a push client saw WF602 for a callee not read yet, taken
    back seconds later. (Each of these is marked done only after the index holds what it
    read: so a lint that finds it done reads the index whole.) A document without a file
    is of the root folder's project (`file_of`; with no folder, the working folder's,
    indexed as a file's opened there: it was never indexed, and such a document was
    held back for good, no call between files checked and every completion list said
    incomplete)."""
    path = file_of(server, path)
    task = _indexing_of(server, path)
    if task is not None:
        return task.done()
    if under(path, server.scanning):
        return False
    ready = server.workflows_ready
    # A file outside the folders (and of no project indexed for it) is linted alone.
    return ready is None or ready.is_set() or not under(path, covered(folders(server)))


def relint_held_back(server) -> None:
    """The index was read whole: lint again the open documents whose findings about
    calls between files were held back and may be there now (`too_soon`; one whose
    analysis was let go, whatever it holds). A lint under way when it was read sees to
    it itself when it ends (`server._lint_soon`)."""
    for session in server.documents:
        snapshot = session.analysis
        if (too_soon(server, session.uri, snapshot) if snapshot is not None else
                session.held_back and indexed(server, path_of(session.uri))):
            session.forget_analysis()
            server.schedule(session.uri)


def calling(snapshot) -> bool:
    """Whether a document's workflows call others (files the index holds)."""
    return any(entry.calls for entry in snapshot.result.entries)


def read_since(server, uri: str, snapshot) -> bool:
    """Whether a document's analysis was made while its project was being read
    (`indexed`), which is read whole now: what it answers from the index (the workflows a
    call may name, a callee's inputs) is of the files read by then."""
    workspace = snapshot.result.workspace
    return workspace is not None and not workspace.indexed and indexed(server, path_of(uri))


def too_soon(server, uri: str, snapshot) -> bool:
    """Whether a document's analysis held back the findings about calls between files
    (its project was being read, `indexed`), now read, that may be there: its workflows
    call others, or share an id with another file's (WF601), or it has ignore comments
    (one naming such a rule is judged once they ran). Another document's lint would be
    the same again: one more lint and publish of each document opened at the start."""
    result, path = snapshot.result, path_of(uri)
    if not read_since(server, uri, snapshot):
        return False
    if result.suppressions.comments or calling(snapshot):
        return True
    view = project_of(server, path).view(path or "", result.entries)
    return any(entry.id is not None and len(view.named(entry.id)) > 1
               for entry in result.entries)


def _stamp(path: str) -> tuple[int, int] | None:
    """A file's modification time and size; None when it is gone."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_mtime_ns, found.st_size


def _marks_above(roots: list[str]) -> dict[str, object]:
    """What, above the workspace folders, decides their projects: each `.git` there (only
    whether it is: git changes its folder's time at every command) and each config file
    (its time and size). Some forty `stat`s for a folder ten levels deep."""
    marks: dict[str, object] = {}
    for root in roots:
        for folder in upward(os.path.dirname(root)):
            for name in (".git", *CONFIG_FILES):
                path = os.path.join(folder, name)
                stamp = os.path.lexists(path) if name == ".git" else _stamp(path)
                if stamp:
                    marks[path] = stamp
    return marks


async def recheck(server) -> bool:
    """What the client does not watch, looked at again (a document was opened or saved):
    the indexed files outside the workspace folders whose time or size changed are read
    again (`from_disk`); when a `.git` or config file above the folders came, went or
    changed (`git init` in the folder above), the folders are scanned again, and True is
    returned (every open document is then linted again by the caller).

    Asked while a recheck is under way, that one looks once more when it ends: a file
    changed after it read the times (a save in the middle) is not left for the next
    save."""
    if server.workflows_ready is None or not server.workflows_ready.is_set():
        return False  # the scan under way reads them
    if server.rechecking:
        server.recheck_again = True
        return False
    server.rechecking = True
    changed = False
    try:
        while True:
            server.recheck_again = False
            changed = await _recheck_once(server) or changed
            if not server.recheck_again:
                return changed
    finally:
        server.rechecking = False


async def _recheck_once(server) -> bool:
    roots = folders(server)
    known = dict(server.unwatched)
    stamps, marks = await asyncio.get_running_loop().run_in_executor(
        None, lambda: ({path: _stamp(path) for path in known}, _marks_above(roots)))
    if marks != server.marks_above:
        log.info("a .git or config file above the workspace folders changed: "
                 "scanning them again")
        await scan(server)
        projects_changed(server)  # the open documents' too (the scan took them as known)
        return True
    tops = indexed_tops(server)
    for path, stamp in stamps.items():
        if stamp != known[path] and server.unwatched.get(path) == known[path]:
            from_disk(server, path, tops)  # (records its new stamp)
    return False


def linted(server, uri: str, entries: tuple[WorkflowEntry, ...]) -> None:
    """An open document was linted: take its workflows into the index."""
    path = path_of(uri)
    if path is not None:
        _update(server, {path: entries}, besides=uri)


def from_disk(server, path: str, tops: list[str] | None = None) -> None:
    """A closed file was created, changed or deleted (or a document closed): index what
    the file on disk says, if the workspace scan would have read it. `tops`: the folders
    the index covers (`covered`), when the caller has them for many files."""
    path = os.path.abspath(path)
    if server.session(from_fs_path(path)) is not None:
        return  # open: its lints keep the index
    tops = indexed_tops(server) if tops is None else tops
    if tops and not walked(path, tops):
        # Outside the folders, hidden or ignored (a build's copy, a document opened from
        # elsewhere and now closed): not of the workspace, as for `wf-lsp lint`. Indexed,
        # its ids were a WF601 on their originals until the server restarted.
        _update(server, {path: ()})
        return
    if not under(path, folders(server)):  # the client does not watch it: `recheck` does
        server.unwatched[path] = _stamp(path)
    held_by, holder = server.workflows.holder(path), _same_file_held(server.workflows, path)
    if holder != held_by:
        # A link made since the scan is known by the path its file is held under, not as
        # a second file with the same ids (WF601); a link removed is a path of none.
        server.workflows = server.workflows.with_alias(path, holder)
        if held_by != path:
            from_disk(server, held_by, tops)
    if holder != path:  # its workflows as its file's own path reads them
        from_disk(server, holder, tops)
        return
    try:
        text = read_text(path)
        entries = index_text(text, path=path, config=find_config(path))
    except OSError:
        entries = ()  # gone, or unreadable: no workflow of it
    except ConfigError as exc:  # said where the config file is used
        log.warning("indexing %s: %s", path, exc)
        entries = ()
    _update(server, {path: entries})


def _same_file_held(workspace: Workspace, path: str) -> str:
    """The path the index holds the file at `path` under, when it is indexed by another
    path (`path` reached through a symlink, or a hard link of it); else `path`. Looked
    for only when `path` may have another (a link in it, or a file with several names)."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):  # gone: a link removed is no longer a path of its file
        return path
    identity, holder = (found.st_dev, found.st_ino), workspace.holder(path)
    if holder != path and file_identity(holder) == identity:
        return holder
    real = os.path.realpath(path)
    if real == path and found.st_nlink < 2:
        return path
    if real in workspace.files:
        return real
    return next((other for other in workspace.files
                 if other != path and file_identity(other) == identity), path)


def opened_as_aliases(server, workspace: Workspace, uris: list[str] | None = None
                      ) -> Workspace:
    """`workspace` with the path of each open document that is another path of a file it
    holds (reached through a linked folder, which the scan does not enter, as `wf-lsp
    lint` does not) an alias of that file: the document is that workflow, not a second
    one with its ids (a WF601 against itself, which `wf-lsp lint` of that path never
    says). `uris`: those documents only (one just opened)."""
    for uri in [session.uri for session in server.documents] if uris is None else uris:
        path = path_of(uri)
        if path is not None and path not in workspace.files:
            holder = _same_file_held(workspace, path)
            if holder != workspace.holder(path):
                workspace = workspace.with_alias(path, holder)
    return workspace


async def folders_changed(server, params: types.DidChangeWorkspaceFoldersParams) -> None:
    """Workspace folders were added or removed (pygls has changed `server.workspace`):
    index the added ones (in the indexing thread, as `scan`), drop the files that only the
    removed ones held, and lint again what the workflows found or dropped concern."""
    if server.workflows_ready is not None:
        await server.workflows_ready.wait()  # the first scan replaces the whole index
    added = [path for folder in params.event.added if (path := path_of(folder.uri))]
    too_wide_folders(server, added)
    added = covered(walkable(added))
    removed = covered([path for folder in params.event.removed
                       if (path := path_of(folder.uri))])
    scanned = Workspace()
    # Their documents' lints hold back until what the scan found is in the index
    # (`indexed`): taken out after `_update`, not when the scan ends.
    server.scanning.extend(added)
    try:
        if added:
            scanned = await asyncio.wrap_future(server.index_in_background(index_workspace, added))
        # Under the folders of now: a folder removed while it was scanned is not taken in.
        current = indexed_tops(server)
        changes = {path: () for path in server.workflows.files
                   if under(path, removed) and not under(path, current)}
        changes.update((path, entries) for path, entries in scanned.files.items()
                       if under(path, current))
        # What an open document says wins over its file, in the index or not.
        changes = {path: entries for path, entries in changes.items()
                   if server.session(from_fs_path(path)) is None}
        log.info("workspace folders added: %s; removed: %s; %d files indexed again",
                 ", ".join(added) or "none", ", ".join(removed) or "none", len(changes))
        _update(server, changes, aliases=scanned.aliases)
    finally:
        for folder in added:
            server.scanning.remove(folder)
    if projects_changed(server):  # a document from outside a folder added is of it now
        server.relint_open_documents()
    relint_held_back(server)
    await server.lint_folders_changed(added, covered(folders(server)))


def project_of(server, path: str | None) -> Workspace:
    """The index as a file of it sees the workspace: its project's workflows (a
    document without a file: the root folder's project, whose config it is linted with),
    not `indexed` while that project is still being read."""
    whole = indexed(server, path)  # first: the index read after it is at least as new
    path = file_of(server, path)
    project = server.workflows.project(_projects(server, [path])[path])
    return project if whole else replace(project, indexed=False)


def _projects(server, paths) -> dict[str, str | None]:
    """Each path's project: the index's, else found on disk (`_find_projects`)."""
    known, holder = server.workflows.projects, server.workflows.holder
    found = _find_projects(server, [path for path in paths if holder(path) not in known])
    return {path: known[holder(path)] if holder(path) in known else found[path]
            for path in paths}


def _find_projects(server, paths) -> dict[str, str | None]:
    """Each path's project root (`files.project_root`); None for a file of the folders
    outside any project (those are one workspace, as the files `wf-lsp lint` is given
    are); a file outside the folders and any project (a document opened from elsewhere)
    is a project of its own, as `wf-lsp lint FILE` lints it."""
    root_of, tops, found = project_roots(), None, {}
    for path in paths:
        found[path] = root_of(path)
        if found[path] is None:
            tops = covered(folders(server)) if tops is None else tops
            if not under(path, tops):
                found[path] = path
    return found


def projects_changed(server) -> bool:
    """A config file or a `.git` came, went or changed, or a folder: each indexed file's
    project is found again; True when one changed (the caller lints the documents again)."""
    projects = _find_projects(server, list(server.workflows.files))
    if projects == server.workflows.projects:
        return False
    server.workflows = replace(server.workflows, projects=projects)
    server.workflows_generation += 1
    return True


def under(path: str, folders: list[str]) -> bool:
    """Whether `path` is one of `folders` or inside one."""
    return any(path == folder or path.startswith(os.path.join(folder, "")) for folder in folders)


def _update(server, changes: dict[str, tuple[WorkflowEntry, ...]], besides: str | None = None,
            aliases: dict[str, str] | None = None) -> None:
    """Take the workflows of the files of `changes` into the index, and lint again what
    they concern (the document `besides`, just linted, apart)."""
    olds = {path: server.workflows.files.get(path, ()) for path in changes}
    changes = {path: entries for path, entries in changes.items() if entries != olds[path]}
    if not changes:
        return
    server.workflows = server.workflows.with_files(
        changes, aliases, _projects(server, [path for path, entries in changes.items() if entries]))
    server.workflows_generation += 1  # workspace/diagnostic's result ids change
    old = tuple(entry for path in changes for entry in olds[path])
    new = tuple(entry for entries in changes.values() for entry in entries)
    relinted = False
    for session in concerned(server, (*old, *new)):
        if session.uri != besides:
            log.debug("%s: re-linted, %s changed", session.uri,
                      next(iter(changes)) if len(changes) == 1 else f"{len(changes)} files")
            session.forget_analysis()
            server.schedule(session.uri)
            relinted = True
    # A document opened outside the workspace (nothing indexed of it before) concerns
    # no one else until it changes.
    changed_meaning = any([e.meaning for e in olds[path]] != [e.meaning for e in entries]
                          for path, entries in changes.items())
    meant = changed_meaning and (relinted or old or besides is None)
    if (changed_meaning and server.settings.lint_workspace_on_start
            and not server.client.pull_diagnostics):
        # The closed files whose pushed diagnostics may change with it: linted again.
        touches = _touching((*old, *new))
        closed = [other for other, others in server.workflows.files.items()
                  if other not in changes and touches(others)
                  and server.session(from_fs_path(other)) is None]
        if closed:
            server.relint_closed_files(closed)
    if meant and server.client.pull_diagnostics and server.client.diagnostics_refresh:
        # A pulling client asks again (the documents, and the workspace's closed files);
        # each pull of a document waits for its lint. Not for a change of positions only:
        # every keystroke above a workflow's id moves it.
        asyncio.ensure_future(_refresh(server))


async def _refresh(server) -> None:
    try:
        await server.workspace_diagnostic_refresh_async(None)
    except Exception as exc:  # the client's failure to answer: nothing to undo
        log.warning("workspace/diagnostic/refresh failed: %r", exc)


def concerned(server, changed: tuple[WorkflowEntry, ...]) -> list:
    """The open documents whose findings may change with these workflows: those that
    call them or that they call, and those with the same ids."""
    touches = _touching(changed)
    return [session for session in server.documents if session.analysis is not None
            and touches(session.analysis.result.entries)]


def _touching(changed: tuple[WorkflowEntry, ...]):
    """Whether workflows (`touching(entries)`) call, are called by, or share an id with
    `changed`."""
    ids = {entry.id for entry in changed if entry.id is not None}
    # The id a call names, resource names included (whatever their workspace: a few
    # documents linted once too often cost less than a stale diagnostic).
    called = {call.name.rsplit("/", 1)[-1] for entry in changed for call in entry.calls}

    def touching(entries: tuple[WorkflowEntry, ...]) -> bool:
        return any(entry.id in ids or entry.id in called
                   or any(call.name.rsplit("/", 1)[-1] in ids for call in entry.calls)
                   for entry in entries)
    return touching


def changed_files(server, params: types.DidChangeWatchedFilesParams) -> tuple[bool, list[str]]:
    """Index the YAML files of a didChangeWatchedFiles, and those of a folder created or
    deleted; whether a config file changed, and the YAML files that did (a folder's too)."""
    config_changed, changed = False, []
    holding = None  # the folders above indexed files, made once, when a deletion asks
    tops = indexed_tops(server)  # once for the batch (a checkout changes many files)
    for change in params.changes:
        path = path_of(change.uri)
        if path is None:
            continue
        if path.endswith(YAML_SUFFIXES):
            from_disk(server, path, tops)
            changed.append(path)
        elif os.path.basename(path) in CONFIG_FILES or os.path.basename(path) == ".git":
            # A `.git` made or removed (`git init`) starts or ends a project, as a config does.
            config_changed = True
        elif change.type == types.FileChangeType.Deleted:
            if holding is None:
                holding = {folder for indexed in server.workflows.files
                           for folder in upward(os.path.dirname(indexed))}
            inside = os.path.join(path, "")
            if path in holding:  # a folder of workflows: each is read again, and is gone
                for indexed in [f for f in server.workflows.files if f.startswith(inside)]:
                    from_disk(server, indexed, tops)
            # Its files' diagnostics go with it (YAML that is not a workflow's too).
            changed.extend(found for key in server.documents.closed_with_diagnostics
                           if (found := path_of(key)) and found.startswith(inside))
        elif (change.type == types.FileChangeType.Created and os.path.isdir(path)
              and walked(path, tops, is_dir=True)):
            for found in discover([path]).files:  # moved or copied in whole
                from_disk(server, found, tops)
                changed.append(found)
    return config_changed, list(dict.fromkeys(changed))


def register(server) -> None:
    """workspace/didChangeWorkspaceFolders; workspace/symbol: the workflows and jobs of
    the workspace."""

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_workspace_folders(params: types.DidChangeWorkspaceFoldersParams):
        await folders_changed(server, params)

    @server.feature(types.WORKSPACE_SYMBOL)
    def workspace_symbols(params: types.WorkspaceSymbolParams):
        found = []
        for symbol in calls.workspace_symbols(server.workflows.entries(), params.query):
            uri, source = server.other_file(symbol.path)
            if source is None:
                continue
            found.append(types.SymbolInformation(
                name=symbol.name,
                kind=symbol_kind(symbol.kind, server.client.workspace_symbol_kinds),
                location=types.Location(uri=uri,
                                        range=server.codec.range_to_lsp(source, symbol.span)),
                container_name=symbol.container))
        return found


def view_of(server, session) -> View:
    """The current index as an open document sees it (its own workflows from its text)."""
    entries = session.analysis.result.entries
    path = path_of(session.uri)
    return project_of(server, path).view(path or "", entries)
