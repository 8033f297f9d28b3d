"""`wf-lsp serve`: the language server (LSP 3.17 over stdio or TCP, on pygls 2).

This module is the lifecycle and the scheduling: it keeps one `DocumentSession` per
open document (`server.documents`), lints documents when they open or change, keeps the
analyses of the documents used most recently, loads settings, and registers the
feature modules. What a feature module may rely on:

- `server.workflow(uri)`: the session of an open workflow whose `analysis` (an editor
  `Snapshot`) is that of its current text, linted now if stale; None for an unknown or
  closed document and for YAML that is not a workflow (with `started=True`, not for a
  workflow being started either: hover and completion serve it, `detect.Verdict.started`).
  `server.workflow_at(params)` adds the request's position in code points, and
  `server.document_at(params)` does for any open document.
- `server.workflows`: every workflow of the workspace (`wf_lsp.workspace.Workspace`, kept
  current by `lsp/workflows.py`), each lint checking calls against its file's project's
  part of it (`workflows.project_of`);
  `server.other_file(path)` the uri and text of a file an answer points into.
- `server.codec` (`positions.Codec`) is the one position converter, `server.client`
  (`capabilities.ClientSupport`) what the client can do, `server.settings`
  (`settings.Settings`) the client's `wfLsp` settings.

Scheduling: a change is linted at once, in one worker thread so the event loop keeps
reading messages; changes that arrive while a lint runs are coalesced into one more
lint of the newest version; a result is never published for an older version. The
lint of a large document reports $/progress (`progress.LintProgress`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.io_ import run_async
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from wf_lsp import gc_policy, version_text
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.files import clear_cache, read_text, walked
from wf_lsp.config import Config
from wf_lsp.linter import Analysis, analyze
from wf_lsp.lsp import (code_actions, code_lens, completion, diagnostics, folding, graph,
                        hover, inlay_hints, logs, navigation, settings, symbols, workflows)
from wf_lsp.lsp.documents import ChangeRejected, DocumentSession, OpenDocuments
from wf_lsp.lsp.positions import Codec
from wf_lsp.lsp.progress import LintProgress, problems_found
from wf_lsp.lsp.protocol import FramedInput, FramedStream, WfProtocol, converter
from wf_lsp.parse import Parsed, Source
from wf_lsp.workspace import Workspace

if TYPE_CHECKING:
    from wf_lsp.findings import Position

log = logging.getLogger("wf_lsp")

FEATURES = (diagnostics, code_actions, hover, navigation, symbols, completion, inlay_hints,
            code_lens, folding, graph, workflows)  # each registers its handlers
CONFIG_GLOBS = ("**/pyproject.toml", "**/wf-lsp.toml", "**/.wf-lsp.toml")
# Full analyses (parse tree and model, some 5 MB for 5,000 lines) are kept for the
# documents used most recently; the others keep their text and published diagnostics
# and are analysed again on their next request (benchmarks/RESULTS.md, memory).
KEPT_ANALYSES = 8


class WfLanguageServer(LanguageServer):
    """The pygls server with wf-lsp's document sessions, scheduling and settings."""

    def __init__(self) -> None:
        # serverInfo.version names the YAML parser too: clients can tell a slow one.
        super().__init__("wf-lsp", version_text(), protocol_cls=WfProtocol,
                         converter_factory=converter)
        self.codec = Codec()
        self.settings = settings.Settings()
        self.cli_log_level = "info"
        self.initial_settings: dict = {}  # from initializationOptions
        self.documents = OpenDocuments(KEPT_ANALYSES)
        self.config_generation = 0  # bumped when settings or config files change (resultId)
        self.settings_ready: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None  # set once serving
        self.loop_thread: int | None = None
        # Which opening of a document a session is: a document closed and opened again may
        # reuse its version numbers, and must not get an `unchanged` pull report.
        self._openings = itertools.count(1)
        self.messages = logs.Messages(self)
        # One worker: lints are CPU-bound (threads would only share the GIL) and run in
        # the order they were asked for.
        self._linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wf-lint")
        # And one for indexing the workspace (`index_in_background`): a scan of 5,000 files
        # takes seconds, and in the lints' worker it held every lint asked for meanwhile
        # (the opened document's edits answered after it). Beside them, a lint shares the
        # GIL with it, a few milliseconds more rather than seconds.
        self._indexer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wf-index")
        # Every workflow of the workspace, by file (`lsp/workflows.py` keeps it current):
        # what calls between workflows are checked against. Replaced, never changed.
        self.workflows = Workspace()
        self.workflows_generation = 0  # bumped when `workflows` changes (result ids)
        self.workflows_ready: asyncio.Event | None = None  # set once the folders are scanned
        # What the client does not watch, as last read (`workflows.recheck`): the time and
        # size of each indexed file outside the folders, and the marks above the folders.
        self.unwatched: dict[str, tuple[int, int] | None] = {}
        self.marks_above: dict[str, object] = {}
        self.rechecking = False
        self.recheck_again = False  # asked for during a recheck: it looks once more
        # The projects of documents opened outside the folders, each indexed once, by root:
        # the task indexing it (done once it is: `workflows.index_project_of`).
        self.opened_projects: dict[str, asyncio.Future] = {}
        # The workspace folders added whose scan is under way (`workflows.folders_changed`).
        self.scanning: list[str] = []
        # WF_LSP_INCREMENTAL=0 turns reuse of the previous parse off, whatever the
        # `incremental` setting says (for diagnosis: the diagnostics are meant to be the same).
        self.incremental_allowed = os.environ.get("WF_LSP_INCREMENTAL", "1").strip() != "0"

    def index_in_background(self, fn, *args):
        """Run `fn(*args)`, a scan of files, in the indexing thread (a concurrent Future),
        beside the lints' worker: lints are not held up by it. What it returns is taken
        in on the event loop, which the lints read the index from."""
        return self._indexer.submit(fn, *args)

    def other_file(self, path: str) -> tuple[str, Source | None]:
        """The uri and text of a file a finding or an answer points into: the editor's
        text when it is open, else the file's; None when it cannot be read."""
        uri = from_fs_path(path)
        session = self.session(uri)
        if session is not None:
            return session.uri, Source.from_text(session.text)
        try:
            return uri, Source.from_text(read_text(path))
        except OSError:
            return uri, None

    # -- documents ---------------------------------------------------------------------

    def session(self, uri: str) -> DocumentSession | None:
        """The session of an open document, or None."""
        return self.documents.get(uri)

    def open_document(self, item: types.TextDocumentItem) -> None:
        """A document was opened: nothing of an earlier opening is reused; lint it soon."""
        self.documents.open(item.uri, item.text, item.version, next(self._openings))
        self.schedule(item.uri)

    def analysed(self, uri: str) -> DocumentSession | None:
        """The open document with the analysis of its current text (linted now if stale)."""
        session = self.session(uri)
        if session is None or session.lost_track:
            return None
        snapshot = session.current
        # Linted while its project was read, read whole now (a document whose findings
        # cannot change is not linted again then, `workflows.too_soon`): a completion of a
        # call's `name` offered the workflows read by then until the next edit.
        if snapshot is not None and workflows.read_since(self, uri, snapshot):
            snapshot = None
        if snapshot is None:
            snapshot = session.linted(session.version) or self.lint(session.uri, session.text,
                                                                     session.analysis)
        self.documents.keep(session, session.version, snapshot)
        return session

    def workflow(self, uri: str, started: bool = False) -> DocumentSession | None:
        """Like `analysed`, for a workflow only: other YAML gets no editor features. With
        `started`, a workflow being started too (a root `id` and no key of another tool's,
        not linted until it has `jobs`)."""
        session = self.analysed(uri)
        return session if session is not None and _serves(session.analysis, started) else None

    def workflow_at(self, params, started: bool = False) -> tuple[DocumentSession, Position] | None:
        """The open workflow a request is about and the request's position in code points."""
        request = self.document_at(params)
        return request if request is not None and _serves(request[0].analysis, started) else None

    def document_at(self, params) -> tuple[DocumentSession, Position] | None:
        """Like `workflow_at`, for any open document (YAML that is not a workflow too)."""
        session = self.analysed(params.text_document.uri)
        if session is None:
            return None
        return session, self.codec.from_lsp(session.analysis.source, params.position)

    def lint(self, uri: str, text: str, previous: Snapshot | None = None) -> Snapshot:
        """Lint one text with the config that applies to `uri`. A failure (a bug of
        ours) is logged with the uri and becomes the snapshot's `failure`: the document
        then shows one diagnostic saying so, and the server goes on. `previous`, an
        analysis of an earlier text of the document, lets the parse of what the edit
        did not touch be reused (`wf_lsp.incremental`), unless that is switched off."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        reuse = None
        if previous is not None and self.incremental_allowed and self.settings.incremental:
            reuse = previous.result
        try:
            config = settings.config_for(self, path)
            with gc_policy.paused():  # also when a request lints: see gc_policy
                # Its project's workflows: another repository's are not its callees.
                workspace = workflows.project_of(self, path and os.path.abspath(path))
                return Snapshot(analyze(text, path=path, config=config,
                                        workspace=workspace, previous=reuse), config)
        except Exception as exc:
            log.error("internal error while linting %s: %r", uri, exc, exc_info=True)
            failed = Analysis(path, Source.from_text(text), Parsed((), None), (), (),
                              "wf-lsp failed on it")
            return Snapshot(failed, Config(), failure=f"{type(exc).__name__}: {exc}")

    async def lint_in_worker(self, uri: str, text: str) -> Snapshot:
        """`lint`, in the worker thread (the event loop keeps reading messages)."""
        return await asyncio.wrap_future(self._linter.submit(self.lint, uri, text))

    def lose_track(self, session: DocumentSession) -> None:
        """A change did not fit the text (`DocumentSession.apply_changes`): say so, stop
        linting it and take its diagnostics away; until the client sends the whole text,
        requests about it are answered as for a document that is not open."""
        self.messages.show_once(
            f"lost track of the text of {session.uri}: the editor sent a change that does not "
            f"fit it ({session.lost_track}). Close and reopen the file to check it again.",
            types.MessageType.Error)
        session.stop()
        diagnostics.clear(self, session)

    # -- scheduling --------------------------------------------------------------------

    def schedule(self, uri: str) -> None:
        """Lint `uri` soon; a lint already running will pick up the newest version."""
        session = self.session(uri)
        if session is None or session.lost_track:
            return
        if session.scheduled is not None and not session.scheduled.done():
            # The lint under way may have read what made this one needed (the workflows
            # of a scan that ended meanwhile): it lints again when it ends.
            session.stale = True
            return
        session.scheduled = asyncio.ensure_future(self._lint_soon(session))
        session.scheduled.add_done_callback(lambda task: _log_failure(task, session.uri))

    async def settled(self, uri: str | None) -> None:
        """Wait for the settings, the workspace's workflows and a lint of `uri` under way
        (a pull waits for it instead of linting the same text a second time)."""
        if self.settings_ready is not None:
            await self.settings_ready.wait()
        await self.until_indexed(uri)
        session = self.session(uri) if uri is not None else None
        if session is not None and session.scheduled is not None and not session.scheduled.done():
            await asyncio.wait([session.scheduled])

    async def until_indexed(self, uri: str | None) -> None:
        """Wait for the workspace's workflows as `uri` sees them: the folders' first scan,
        and the indexing of its project when it was opened from outside them (what answers
        across files waits for: a rename of an input made before missed the callers' keys
        not read yet, and a definition or hover of a call found no callee)."""
        if self.workflows_ready is not None:
            await self.workflows_ready.wait()
        indexing = workflows.indexing(self, uri) if uri is not None else None
        if indexing is not None and not indexing.done():
            await asyncio.wait([indexing])

    async def _lint_soon(self, session: DocumentSession) -> None:
        if self.settings_ready is not None:
            await self.settings_ready.wait()
        if self.settings.debounce_ms:
            await asyncio.sleep(self.settings.debounce_ms / 1000)
        progress: LintProgress | None = None  # a large document's, until it is published
        gc_policy.pause()  # until the diagnostics are sent (see gc_policy)
        try:
            while self.session(session.uri) is session:  # else closed, or opened again
                version, text = session.version, session.text
                if session.current is None:
                    started, generation = time.perf_counter(), self.config_generation
                    session.stale = False
                    future = self._linter.submit(self.lint, session.uri, text, session.analysis)
                    session.linting = (version, future)
                    if progress is None:  # never waits for the client
                        progress = LintProgress.start(self, session.uri, text)
                    else:
                        progress.relinting(text)
                    try:
                        snapshot = await asyncio.wrap_future(future)
                    finally:
                        if session.linting is not None and session.linting[1] is future:
                            session.linting = None
                    log.debug("linted %s v%s: %d findings in %.1f ms", session.uri, version,
                              len(snapshot.result.findings),
                              (time.perf_counter() - started) * 1000)
                    if self.session(session.uri) is not session:
                        return
                    if session.version != version or generation != self.config_generation \
                            or session.stale:
                        log.debug("%s: v%s changed while linting; linting v%s", session.uri,
                                  version, session.version)
                        continue  # edited (or settings changed) meanwhile: lint the newest
                    if workflows.too_soon(self, session.uri, snapshot):
                        continue  # its project was read meanwhile: linted whole
                    # The analysis it replaces is let go after the publish: freeing
                    # it (some 1 ms on 20,000 lines) is not worth a wait.
                    replaced = session.analysis  # noqa: F841 (held until the return)
                    self.documents.keep(session, version, snapshot)
                    workflows.linted(self, session.uri, snapshot.result.entries)
                diagnostics.publish(self, session)
                if progress is not None:
                    progress.finish(problems_found(session.analysis))
                return
        finally:
            gc_policy.resume()
            if progress is not None:  # closed, cancelled or failed: end what was begun
                progress.finish()

    def relint_open_documents(self) -> None:
        """Settings or config files changed: lint every open document again."""
        self.config_generation += 1  # a lint under way used the old settings: it is redone
        self.documents.forget_analyses()
        for session in self.documents:
            self.schedule(session.uri)

    def relint_closed_files(self, paths: list[str]) -> None:
        """Lint closed files again whose pushed diagnostics (`lintWorkspaceOnStart`) may
        have changed: a workflow they call changed (`workflows._update`)."""
        asyncio.ensure_future(diagnostics.lint_closed_files(self, paths))

    def closed_files_changed(self, paths: list[str]) -> None:
        """Files changed, created or deleted on disk, or closed in the editor: with
        `lintWorkspaceOnStart`, those it lints (its walk of the folders reaches them) are
        linted again, and the others lose the diagnostics they had (moved out of the
        folders, or into an ignored one)."""
        if not (self.settings.lint_workspace_on_start and not self.client.pull_diagnostics):
            return
        roots, linted = workflows.folders(self), []
        for path in paths:
            if walked(path, roots):
                linted.append(path)
            else:
                diagnostics.take_back(self, from_fs_path(path))
        if linted:
            self.relint_closed_files(linted)

    async def lint_folders_changed(self, added: list[str], current: list[str]) -> None:
        """With `lintWorkspaceOnStart`, workspace folders added have their closed files
        linted as the folders of the start had, and the closed files of those removed
        lose their diagnostics."""
        if self.settings.lint_workspace_on_start and not self.client.pull_diagnostics:
            diagnostics.clear_closed_outside(self, current)
            if added:
                await diagnostics.lint_workspace(self, added)

    def stop_work(self) -> None:
        """Cancel scheduled lints (shutdown)."""
        for session in self.documents:
            session.stop()
        self._linter.shutdown(wait=False, cancel_futures=True)
        self._indexer.shutdown(wait=False, cancel_futures=True)

    def start_tcp(self, host: str, port: int) -> None:
        """pygls's `start_tcp`, which says on stderr where it listens once it does
        ("wf-lsp: listening on 127.0.0.1:40123"): pygls only logs it, where no one sees it,
        and with port 0 the port is known only then."""
        self._stop_event = stop_event = threading.Event()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.protocol.set_writer(writer)
            # `exit` is pygls's sys.exit in this task, which asyncio wrote to stderr as
            # "Unhandled exception in client_connected_cb" with its traceback: the server
            # is closed instead, and `run` returns the exit code.
            with contextlib.suppress(SystemExit):
                await run_async(stop_event=stop_event, reader=FramedStream(reader),
                                protocol=self.protocol,
                                logger=logging.getLogger("pygls.server"),
                                error_handler=self.report_server_error)
            self.shutdown()

        async def serve() -> None:
            self._server = listening = await asyncio.start_server(connection, host, port)
            print(f"wf-lsp: listening on {_addresses(listening.sockets)}", file=sys.stderr,
                  flush=True)
            async with listening:
                await listening.serve_forever()

        with contextlib.suppress(asyncio.CancelledError):  # `shutdown` closed the server
            asyncio.run(serve())

    # -- failures and settings ---------------------------------------------------------

    def report_server_error(self, error: Exception, source) -> None:
        """Something failed: log it with its traceback and go on (`Messages.failure`)."""
        if source is JsonRpcException:  # pygls's read loop: a message it could not read
            self.protocol.unreadable(error)
        self.messages.failure(error, source)

    def apply_settings(self, raw: object, checked: tuple[str, ...] | None = None) -> None:
        """Check and take a `wfLsp` section; each bad key is shown once, by name, and each
        unknown one of those `checked` (None: all)."""
        new, errors = settings.parse(raw, checked)
        for message in errors:
            self.messages.show_once(message)
        self.settings = new
        logs.set_level(new.log_level or self.cli_log_level)


def create_server() -> WfLanguageServer:
    """The server with its lifecycle handlers and every feature module registered."""
    server = WfLanguageServer()

    @server.feature(types.INITIALIZE)
    def on_initialize(ls: WfLanguageServer, params: types.InitializeParams) -> None:
        ls.codec = Codec(ls.client.encoding)
        ls.loop, ls.loop_thread = asyncio.get_running_loop(), threading.get_ident()
        ls.settings_ready = asyncio.Event()
        ls.workflows_ready = asyncio.Event()
        options = params.initialization_options
        if isinstance(options, dict):
            section = options.get("wfLsp", options)
            if isinstance(section, dict):
                ls.initial_settings = dict(section)
                # Options that are not under `wfLsp` may be the client's own: their keys
                # are not said to be unknown settings.
                ls.apply_settings(ls.initial_settings, None if "wfLsp" in options else ())
        log.info("wf-lsp %s: %s positions, %s diagnostics", ls.version, ls.codec.encoding,
                 "pull" if ls.client.pull_diagnostics else "push")

    @server.feature(types.INITIALIZED)
    async def on_initialized(ls: WfLanguageServer, params: types.InitializedParams) -> None:
        try:
            await settings.load(ls)
        finally:
            ls.settings_ready.set()
        if ls.client.watched_files_registration:
            await _watch_files(ls)  # before the scan, so that no change during it is missed
        try:
            await workflows.scan(ls)
        finally:
            ls.workflows_ready.set()
        workflows.relint_held_back(ls)
        if ls.settings.lint_workspace_on_start:
            await diagnostics.lint_workspace(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WfLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.open_document(params.text_document)  # at once: a didChange may follow
        uri = params.text_document.uri  # before its lint: the file it is, by another path
        ls.workflows = workflows.opened_as_aliases(ls, ls.workflows, [uri])
        workflows.index_project_of(ls, params.text_document.uri)
        asyncio.ensure_future(_recheck_unwatched(ls))

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: WfLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        await _recheck_unwatched(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WfLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        session = ls.session(uri)
        if session is None:  # a client's race with didClose
            log.warning("didChange for %s, which is not open: ignored", uri)
            return
        try:
            session.apply_changes(params.content_changes, params.text_document.version,
                                  ls.codec)
        except ChangeRejected:
            ls.lose_track(session)
            return
        ls.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WfLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        session = ls.documents.close(uri)
        if session is not None:
            diagnostics.clear(ls, session)
            path = workflows.path_of(uri)
            if path is not None:  # its unsaved text is gone: the file says what it holds
                workflows.from_disk(ls, path)
                ls.closed_files_changed([path])  # and its diagnostics, as at the start

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: WfLanguageServer,
                                       params: types.DidChangeConfigurationParams) -> None:
        await settings.load(ls, params.settings)
        await _settings_changed(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: WfLanguageServer,
                                       params: types.DidChangeWatchedFilesParams) -> None:
        config_changed, changed = workflows.changed_files(ls, params)
        if not config_changed:
            # Workflow files only: the documents they concern are linted again, and the
            # files themselves, closed, have their own diagnostics made again.
            ls.closed_files_changed(changed)
            return
        log.info("configuration files changed: re-linting open documents")
        clear_cache()
        workflows.projects_changed(ls)
        ls.messages.forget()  # a config file that is still wrong is said again
        await _settings_changed(ls)

    @server.feature(types.SHUTDOWN)
    def on_shutdown(ls: WfLanguageServer, params: None) -> None:
        ls.stop_work()

    for feature in FEATURES:
        feature.register(server)
    return server


async def _watch_files(ls: WfLanguageServer) -> None:
    """Ask the client to watch the config and workflow files, and wait for its answer (the
    watchers then see every change during the scan that follows) for as long as the
    settings are waited for, no longer: the scan waited for good, and a client that
    refused (an error reply, which was an "internal error" popup) or never answered had
    every pull, definition and reference wait with it. A refusal is one warning in the
    log, no answer one line."""
    asked = ls.client_register_capability_async(types.RegistrationParams(registrations=[
        types.Registration(
            id="wf-lsp-config-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[*(types.FileSystemWatcher(glob_pattern=g)
                            for g in (*CONFIG_GLOBS, *workflows.YAML_GLOBS)),
                          workflows.FOLDER_WATCHER]),
        )]))
    try:
        # Shielded: a timeout must not cancel pygls's future (a late answer would not find it).
        await asyncio.wait_for(asyncio.shield(asked), settings.CONFIGURATION_TIMEOUT_S)
    except TimeoutError:
        log.info("the client did not answer the registration of the watched files in %d s: "
                 "the workspace is read without waiting", settings.CONFIGURATION_TIMEOUT_S)
    except Exception as exc:  # refused
        log.warning("the client did not watch the workspace's files (%s): a file changed "
                    "outside the editor is seen when it is opened", exc)


def _addresses(sockets) -> str:
    """`127.0.0.1:40123`, `[::1]:40123`: where the sockets listen (a host name may give
    several, each with its own port when asked for port 0)."""
    shown = []
    for sock in sockets:
        host, port = sock.getsockname()[:2]
        shown.append(f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
    return ", ".join(shown)


def _serves(snapshot: Snapshot, started: bool) -> bool:
    """Whether editor features answer for a document: a workflow's, or one being started."""
    return snapshot.is_workflow or (started and snapshot.being_written)


def _log_failure(task: asyncio.Future, uri: str) -> None:
    """Log, with the uri, what failed in a lint's task after the lint (say, its publish)."""
    if not task.cancelled() and task.exception() is not None:
        log.error("internal error while publishing the diagnostics of %s", uri,
                  exc_info=task.exception())


async def _recheck_unwatched(ls: WfLanguageServer) -> None:
    """A document was opened or saved: the user is at work, and may have changed what the
    client does not watch (`workflows.recheck`)."""
    try:
        if await workflows.recheck(ls):  # the projects may have changed: as for a config file
            clear_cache()
            await _settings_changed(ls)
    except Exception:  # a bug of ours: logged, and the editor goes on
        log.error("internal error while reading again what the editor does not watch",
                  exc_info=True)


async def _settings_changed(ls: WfLanguageServer) -> None:
    """Lint open documents again, ask the client to re-pull what depends on settings, and
    lint the workspace again when asked to (closed files showing problems, too)."""
    ls.relint_open_documents()
    await settings.ask_for_refresh(ls)
    if ls.settings.lint_workspace_on_start:
        await diagnostics.lint_workspace(ls)


def run(args) -> int:
    """Entry point of `wf-lsp serve`."""
    if args.stdio and args.tcp:  # (TCP won, the --stdio asked for ignored)
        print("wf-lsp: error: --stdio and --tcp are exclusive: the server talks over one "
              "of them", file=sys.stderr)
        return 2
    server = create_server()
    logs.start(server, args.log_file, args.log_level)
    server.cli_log_level = args.log_level
    gc_policy.for_the_server()
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not port.isdigit():
            print(f"wf-lsp: error: --tcp expects HOST:PORT, got {args.tcp!r}", file=sys.stderr)
            return 2
        if int(port) > 65535:  # (else socket's OverflowError: an "internal error")
            print(f"wf-lsp: error: --tcp expects a port from 0 to 65535, got {port}",
                  file=sys.stderr)
            return 2
        host = host or "127.0.0.1"
        try:
            server.start_tcp(host, int(port))
        except OSError as exc:
            # A host that does not resolve ("Name or service not known") named no
            # address, and asyncio's refused bind named it as a Python tuple.
            reason = os.strerror(exc.errno) if (exc.errno or 0) > 0 else exc.strerror or exc
            print(f"wf-lsp: error: cannot listen on {host}:{port}: {reason}", file=sys.stderr)
            return 2
    else:
        # Headers read as `protocol.Framing` does: pygls's loop went deaf after one it
        # did not know.
        server.start_io(FramedInput(sys.stdin.buffer))
    return server.protocol.exit_code
