"""`wf-lsp serve`: the language server (LSP 3.17 over stdio or TCP, on pygls 2).

This module owns the document lifecycle: it lints documents when they open or change,
keeps the `Analysis` of the current version of recently used documents for every
request to reuse, and loads settings. The contract the feature modules rely on:

- `FEATURES` names the modules `wf_lsp.lsp.<name>`; each has `register(server)` that
  registers its handlers with `@server.feature(...)`. A module that does not exist
  (yet) is skipped.
- `WfLanguageServer.analysis(uri)` is the `Analysis` of the document's current version
  (linted synchronously if stale), or None for an unknown or closed document and for
  YAML that is not a workflow.
- `server.codec` (`positions.Codec`) is the one position converter;
  `server.settings` (`settings.Settings`) the client's `wfLsp` settings;
  `server.client_supports_markdown` whether hovers may be Markdown.

Scheduling: a change is linted at once, in one worker thread so the event loop keeps
reading messages; changes that arrive while a lint runs are coalesced into one more
lint of the newest version; a result is never published for an older version. The
lint of a large document reports $/progress (`diagnostics.LintProgress`).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import itertools
import logging
import os
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from wf_lsp import version_text
from wf_lsp.config import Config, ConfigError, clear_cache, find_config
from wf_lsp.linter import lint_text
from wf_lsp.lsp import settings as settings_module
from wf_lsp.lsp.documents import Analysis
from wf_lsp.lsp.positions import Codec, negotiate
from wf_lsp.lsp.settings import Settings
from wf_lsp.parse import Source

log = logging.getLogger("wf_lsp")

FEATURES = ("diagnostics", "code_actions", "hover", "navigation", "symbols", "completion",
            "inlay_hints", "code_lens", "folding")
CONFIG_GLOBS = ("**/pyproject.toml", "**/wf-lsp.toml", "**/.wf-lsp.toml")
_LEVELS = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO,
           "debug": logging.DEBUG}
# A client that never answers workspace/configuration must not stop linting forever.
CONFIGURATION_TIMEOUT_S = 10
# Full analyses (parse tree and model, some 5 MB for 5,000 lines) are kept for the
# documents used most recently; the others keep their text and published diagnostics
# and are analysed again on their next request (benchmarks/RESULTS.md, memory).
KEPT_ANALYSES = 8


class WfProtocol(LanguageServerProtocol):
    """pygls picks the client's first encoding; we want ours: utf-8, utf-32, utf-16."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            general.position_encodings = [negotiate(params.capabilities)]
        result = yield from super().lsp_initialize(params)
        text = params.capabilities.text_document
        if not (text and text.diagnostic):
            # A client that cannot pull gets pushed diagnostics, and no diagnosticProvider:
            # one that pulled anyway (vscode-languageclient does when told the server can)
            # would show every diagnostic twice.
            result.capabilities.diagnostic_provider = None
        return result

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        """Apply the changes with the client's lines, as pygls' whole new text.

        pygls finds lines with str.splitlines, which also breaks at \\x0c, \\x85, U+2028
        and others: an edit below such a character would land on the wrong line. A
        change to a document that is not open (a client's race with didClose) is dropped
        with a log line; pygls would fail on it.
        """
        doc = self._server.document(params.text_document.uri)
        if doc is None:
            log.warning("didChange for %s, which is not open: ignored", params.text_document.uri)
            return None
        text = doc.source
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                source, codec = Source.from_text(text), self._server.codec
                start, end = sorted((codec.offset(source, change.range.start),
                                     codec.offset(source, change.range.end)))
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
        whole = types.DidChangeTextDocumentParams(
            text_document=params.text_document,
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)])
        return (yield from super().lsp_text_document__did_change(whole))

    def structure_message(self, data):
        """pygls drops a request whose params do not fit the protocol; answer it with
        InvalidParams instead, or the client would wait for ever."""
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], error=exc.to_response_error())
            raise


class WfLanguageServer(LanguageServer):
    """The pygls server with wf-lsp's documents, analyses and settings."""

    def __init__(self) -> None:
        # serverInfo.version names the YAML parser too: clients can tell a slow one.
        super().__init__("wf-lsp", version_text(), protocol_cls=WfProtocol)
        self.codec = Codec()
        self.settings = Settings()
        self.client_supports_markdown = True
        self.pull_diagnostics = False
        self.diagnostic_data = True  # whether the client keeps a diagnostic's `data`
        self.diagnostics_cache: dict[str, tuple] = {}  # uri → (analysis, codec, diagnostics)
        self.cli_log_level = "info"
        self._initial_settings: dict = {}  # from initializationOptions
        self._analyses: dict[str, Analysis] = {}
        self._tasks: dict[str, asyncio.Future] = {}
        self._inflight: dict[str, tuple[int | None, Future]] = {}  # uri → the worker's lint
        self._collector_pauses = 0  # lints between their start and their publish
        self.config_generation = 0  # bumped when settings or config files change (resultId)
        # Which opening of a document this is: a document closed and opened again may
        # reuse its version numbers, and must not get an `unchanged` pull report.
        self._openings: dict[str, int] = {}
        self._next_opening = itertools.count(1)
        self._published: set[str] = set()  # uris whose last push was not empty
        self._reported: set[str] = set()  # messages shown once
        self._settings_ready: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None  # set once serving
        self.loop_thread: int | None = None
        # One worker: lints are CPU-bound (threads would only share the GIL) and run in
        # the order they were asked for.
        self._linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wf-lint")

    # -- documents ---------------------------------------------------------------------

    def document(self, uri: str):
        """The open document, or None (never creates one from disk, as pygls would)."""
        return self.workspace.text_documents.get(unquote(uri))  # pygls keys them unquoted

    def analysis(self, uri: str) -> Analysis | None:
        """The analysis of the current version of an open workflow, else None."""
        analysis = self.current_analysis(uri)
        if analysis is None or not analysis.result.is_workflow:
            return None
        return analysis

    def current_analysis(self, uri: str) -> Analysis | None:
        """Like `analysis`, for any open document, workflow or not."""
        doc = self.document(uri)
        if doc is None:
            return None
        cached = self._analyses.get(uri)
        if cached is None or cached.version != doc.version:
            cached = self._inflight_result(uri, doc.version) or self.lint(uri, doc.source, doc.version)
        self.keep(cached)
        return cached

    def _inflight_result(self, uri: str, version: int | None) -> Analysis | None:
        """The worker's lint of this very version, waited for rather than done twice."""
        inflight = self._inflight.get(uri)
        if inflight is None or inflight[0] != version or inflight[1].cancelled():
            return None
        try:
            return inflight[1].result()
        except Exception:
            return None

    def keep(self, analysis: Analysis) -> None:
        """Remember `analysis` as its document's latest, and forget the analyses of the
        documents used least recently beyond KEPT_ANALYSES."""
        self._analyses.pop(analysis.uri, None)
        self._analyses[analysis.uri] = analysis  # last: used most recently
        while len(self._analyses) > KEPT_ANALYSES:
            oldest = next(iter(self._analyses))
            del self._analyses[oldest]
            self.diagnostics_cache.pop(oldest, None)  # it holds the analysis too

    def lint(self, uri: str, text: str, version: int | None) -> Analysis:
        """Lint one text with the config that applies to `uri`."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        config = self.config_for(path)
        return Analysis(uri, version, lint_text(text, path, config), config)

    def config_for(self, path: str | None) -> Config:
        """The config files' settings for `path`, with the client's settings on top."""
        try:
            base = find_config(path or self._root_folder())
        except ConfigError as exc:
            self.show_once(str(exc), types.MessageType.Error)
            base = Config()
        try:
            return self.settings.config_for(base)
        except ConfigError as exc:  # settings were checked key by key; combined, still bad
            self.show_once(str(exc), types.MessageType.Error)
            return base

    def _root_folder(self) -> str:
        root = self.workspace.root_path if self.protocol._workspace else None
        return root or os.getcwd()

    def opened(self, uri: str) -> None:
        """A document was opened: nothing of an earlier opening is reused; lint it soon."""
        self._drop_work(uri)
        self._openings[uri] = next(self._next_opening)
        self.schedule(uri)

    def result_id(self, analysis: Analysis) -> str:
        """The pull `resultId` of an analysis: the same only for the same text and settings."""
        return f"{self._openings.get(analysis.uri, 0)}.{analysis.version}.{self.config_generation}"

    def forget(self, uri: str) -> None:
        """Drop everything known about a closed document."""
        self._drop_work(uri)
        self._published.discard(uri)
        self._openings.pop(uri, None)

    def _drop_work(self, uri: str) -> None:
        """Forget the analyses of `uri` and stop its lint: its text is no longer that."""
        self._analyses.pop(uri, None)
        self.diagnostics_cache.pop(uri, None)
        self._inflight.pop(uri, None)  # the old text's lint, whatever its version
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()

    def schedule(self, uri: str) -> None:
        """Lint `uri` soon; a lint already running will pick up the newest version."""
        task = self._tasks.get(uri)
        if task is not None and not task.done():
            return
        self._tasks[uri] = asyncio.ensure_future(self._lint_soon(uri))

    async def settled(self, uri: str) -> None:
        """Wait for the settings and for a lint of `uri` under way (a pull waits for it
        instead of linting the same text a second time)."""
        if self._settings_ready is not None:
            await self._settings_ready.wait()
        task = self._tasks.get(uri)
        if task is not None and not task.done():
            await asyncio.wait([task])

    async def _lint_soon(self, uri: str) -> None:
        if self._settings_ready is not None:
            await self._settings_ready.wait()
        if self.settings.debounce_ms:
            await asyncio.sleep(self.settings.debounce_ms / 1000)
        from wf_lsp.lsp.diagnostics import LintProgress, found

        progress: LintProgress | None = None  # a large document's, until it is published
        self._pause_collector()
        try:
            while True:
                doc = self.document(uri)
                if doc is None:
                    return
                version = doc.version
                analysis = self._analyses.get(uri)
                if analysis is None or analysis.version != version:
                    started, generation = time.perf_counter(), self.config_generation
                    future = self._linter.submit(self.lint, uri, doc.source, version)
                    self._inflight[uri] = (version, future)
                    if progress is None:  # never waits for the client
                        progress = LintProgress.start(self, uri, doc.source)
                    else:
                        progress.relinting(doc.source)
                    try:
                        analysis = await asyncio.wrap_future(future)
                    finally:
                        if self._inflight.get(uri, (None, None))[1] is future:
                            del self._inflight[uri]
                    log.debug("linted %s v%s: %d findings in %.1f ms", uri, version,
                              len(analysis.result.findings),
                              (time.perf_counter() - started) * 1000)
                    current = self.document(uri)
                    if current is None:
                        return
                    if current.version != version or generation != self.config_generation:
                        log.debug("%s: v%s changed while linting; linting v%s", uri, version,
                                  current.version)
                        continue  # edited (or settings changed) meanwhile: lint the newest
                    self.keep(analysis)
                self.publish(analysis)
                if progress is not None:
                    progress.finish(found(analysis))
                return
        finally:
            self._resume_collector()
            if progress is not None:  # closed, cancelled or failed: end what was begun
                progress.finish()

    def _pause_collector(self) -> None:
        """Hold the cyclic garbage collector from a lint's start until its diagnostics are
        sent. A lint allocates some 100,000 objects (5,000 lines); with the collector on
        again, the next allocation starts a collection over all of them, which fell on the
        publish, in the user's wait. Paused until then, it runs after the message is out."""
        self._collector_pauses += 1
        gc.disable()

    def _resume_collector(self) -> None:
        self._collector_pauses -= 1
        if self._collector_pauses == 0:
            gc.enable()

    def relint_open_documents(self) -> None:
        """Settings or config files changed: lint every open document again."""
        self.config_generation += 1  # a lint under way used the old settings: it is redone
        self._inflight.clear()
        self._analyses.clear()
        self.diagnostics_cache.clear()
        for doc in list(self.workspace.text_documents.values()):
            self.schedule(doc.uri)  # the uri as the client spelled it

    def publish(self, analysis: Analysis) -> None:
        """Push the diagnostics of `analysis`, unless the client pulls them."""
        from wf_lsp.lsp.diagnostics import diagnostics_for

        if self.pull_diagnostics:
            return  # the client asks (textDocument/diagnostic); never both
        uri = analysis.uri
        items = diagnostics_for(self, analysis)
        if not analysis.result.is_workflow and uri not in self._published:
            return  # other YAML hears nothing from us, unless it used to be a workflow
        if items:
            self._published.add(uri)
        else:
            self._published.discard(uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=items, version=analysis.version))

    def stop_work(self) -> None:
        """Cancel scheduled lints (shutdown)."""
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()
        self._linter.shutdown(wait=False, cancel_futures=True)

    # -- messages ----------------------------------------------------------------------

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """Log `message`, and show it to the user the first time only."""
        if self.loop is not None and threading.get_ident() != self.loop_thread:
            # From a lint thread (a bad config file): the transport belongs to the loop.
            with contextlib.suppress(RuntimeError):  # the loop is gone: shutting down
                self.loop.call_soon_threadsafe(self.show_once, message, kind)
            return
        log.warning(message)
        if message in self._reported:
            return
        self._reported.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"wf-lsp: {message}"))

    def report_server_error(self, error: Exception, source) -> None:
        """Something failed: log it with its traceback and go on. pygls answers a failed
        request with an LSP error; other failures are also shown to the user, once."""
        if (source.__name__ == "FeatureRequestError" and isinstance(error, JsonRpcException)
                and not isinstance(error, JsonRpcInternalError)):
            log.info("request refused: %s", error)  # on purpose (a rename we will not do)
            return
        what = {"FeatureRequestError": "internal error in a request handler",
                "FeatureNotificationError": "internal error in a notification handler"}.get(
                    source.__name__, "could not read a message from the client")
        log.error("%s: %s", what, error, exc_info=sys.exc_info()[0] is not None)
        if source.__name__ == "FeatureNotificationError":
            self.show_once(f"{what}: {error} (see the log)", types.MessageType.Error)
        elif source.__name__ != "FeatureRequestError":
            # The details differ with every bad message: say it once, whatever they are.
            self.show_once(f"{what} (see the log)", types.MessageType.Error)

    # -- settings ----------------------------------------------------------------------

    async def load_settings(self, pushed: object = None) -> None:
        """Read the `wfLsp` settings: pulled with workspace/configuration when the client
        can, else from a didChangeConfiguration push; initializationOptions underneath."""
        raw: object = None
        found = False
        if self._client_can("workspace.configuration"):
            try:
                # Shielded: a timeout must not cancel pygls's own future, or the client's
                # late answer would fail to resolve it (an error on the connection).
                values = await asyncio.wait_for(asyncio.shield(
                    self.workspace_configuration_async(types.ConfigurationParams(
                        items=[types.ConfigurationItem(section="wfLsp")]))),
                    CONFIGURATION_TIMEOUT_S)
                raw, found = (values[0] if values else None), True
            except Exception as exc:  # a client that errors out: keep what we have
                log.warning("workspace/configuration failed: %r", exc)
        elif isinstance(pushed, dict) and "wfLsp" in pushed:
            raw, found = pushed["wfLsp"], True
        if not found:
            return
        if isinstance(raw, dict) or raw is None:
            raw = {**self._initial_settings, **(raw or {})}
        self.apply_settings(raw)

    def apply_settings(self, raw: object) -> None:
        """Check and take a `wfLsp` section; each bad key is shown once, by name."""
        new, errors = settings_module.parse(raw)
        for message in errors:
            self.show_once(message)
        self.settings = new
        _set_level(new.log_level or self.cli_log_level)

    def _client_can(self, dotted: str) -> bool:
        value = self.client_capabilities
        for part in dotted.split("."):
            value = getattr(value, part, None)
            if value is None:
                return False
        return bool(value)


def _set_level(name: str) -> None:
    log.setLevel(_LEVELS.get(name, logging.INFO))


class ClientLogHandler(logging.Handler):
    """Sends our log records to the client's output channel (window/logMessage)."""

    KINDS = {logging.ERROR: types.MessageType.Error, logging.WARNING: types.MessageType.Warning,
             logging.INFO: types.MessageType.Info, logging.DEBUG: types.MessageType.Log}

    def __init__(self, server: WfLanguageServer) -> None:
        super().__init__()
        self.server = server

    def emit(self, record: logging.LogRecord) -> None:
        try:
            loop = self.server.loop
            if self.server.protocol.writer is None or loop is None:
                return
            kind = self.KINDS.get(record.levelno, types.MessageType.Log)
            params = types.LogMessageParams(type=kind, message=self.format(record))
            if threading.get_ident() == self.server.loop_thread:
                self.server.window_log_message(params)
            else:  # from the lint worker: the transport belongs to the event loop
                loop.call_soon_threadsafe(self.server.window_log_message, params)
        except Exception:  # logging must never take the server down
            pass


def create_server() -> WfLanguageServer:
    """The server with its lifecycle handlers and every feature module registered."""
    server = WfLanguageServer()

    @server.feature(types.INITIALIZE)
    def on_initialize(ls: WfLanguageServer, params: types.InitializeParams) -> None:
        ls.codec = Codec(negotiate(params.capabilities))
        ls.loop, ls.loop_thread = asyncio.get_running_loop(), threading.get_ident()
        ls._settings_ready = asyncio.Event()
        text = params.capabilities.text_document
        formats = text.hover.content_format if text and text.hover else None
        ls.client_supports_markdown = formats is None or types.MarkupKind.Markdown in formats
        ls.pull_diagnostics = bool(text and text.diagnostic)
        # Pulled diagnostics keep `data` (LSP 3.17); pushed ones where the client says so.
        ls.diagnostic_data = ls.pull_diagnostics or bool(
            text and text.publish_diagnostics and text.publish_diagnostics.data_support)
        options = params.initialization_options
        if isinstance(options, dict):
            section = options.get("wfLsp", options)
            if isinstance(section, dict):
                ls._initial_settings = dict(section)
                ls.apply_settings(ls._initial_settings)
        log.info("wf-lsp %s: %s positions, %s diagnostics", ls.version, ls.codec.encoding,
                 "pull" if ls.pull_diagnostics else "push")

    @server.feature(types.INITIALIZED)
    async def on_initialized(ls: WfLanguageServer, params: types.InitializedParams) -> None:
        try:
            await ls.load_settings()
        finally:
            ls._settings_ready.set()
        if ls._client_can("workspace.did_change_watched_files.dynamic_registration"):
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                types.Registration(
                    id="wf-lsp-config-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]),
                )]))
        if ls.settings.lint_workspace_on_start:
            await _lint_workspace(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WfLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.opened(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WfLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WfLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        had_diagnostics = uri in ls._published
        ls.forget(uri)
        if had_diagnostics and not ls.pull_diagnostics:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: WfLanguageServer,
                                       params: types.DidChangeConfigurationParams) -> None:
        await ls.load_settings(params.settings)
        ls.relint_open_documents()
        await _refresh(ls)
        if ls.settings.lint_workspace_on_start:  # closed files showing problems, too
            await _lint_workspace(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: WfLanguageServer,
                                       params: types.DidChangeWatchedFilesParams) -> None:
        log.info("configuration files changed: re-linting open documents")
        clear_cache()
        ls._reported.clear()  # a config file that is still wrong is said again
        ls.relint_open_documents()
        await _refresh(ls)
        if ls.settings.lint_workspace_on_start:
            await _lint_workspace(ls)

    @server.feature(types.SHUTDOWN)
    def on_shutdown(ls: WfLanguageServer, params: None) -> None:
        ls.stop_work()

    for name in FEATURES:
        try:
            module = importlib.import_module(f"wf_lsp.lsp.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"wf_lsp.lsp.{name}":
                raise
            continue
        module.register(server)
    return server


async def _lint_workspace(ls: WfLanguageServer) -> None:
    from wf_lsp.lsp.diagnostics import lint_workspace

    await lint_workspace(ls)


async def _refresh(ls: WfLanguageServer) -> None:
    """Ask the client to re-pull what depends on settings, where it supports that."""
    requests = (
        ("workspace.diagnostics.refresh_support", ls.workspace_diagnostic_refresh_async),
        ("workspace.code_lens.refresh_support", ls.workspace_code_lens_refresh_async),
        ("workspace.inlay_hint.refresh_support", ls.workspace_inlay_hint_refresh_async),
    )
    for capability, request in requests:
        if capability.startswith("workspace.diagnostics") and not ls.pull_diagnostics:
            continue  # pushed diagnostics are re-sent by the re-lint
        if ls._client_can(capability):
            try:
                await request(None)
            except Exception as exc:
                log.warning("%s failed: %r", capability, exc)


def run(args) -> int:
    """Entry point of `wf-lsp serve`."""
    handlers: list[logging.Handler] = []
    if args.log_file:
        handler = logging.FileHandler(args.log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(handler)
        logging.getLogger("pygls").addHandler(handler)  # the protocol's own records
    server = create_server()
    client_handler = ClientLogHandler(server)
    client_handler.setFormatter(logging.Formatter("%(message)s"))
    handlers.append(client_handler)
    for handler in handlers:
        log.addHandler(handler)
    log.propagate = False
    server.cli_log_level = args.log_level
    _set_level(args.log_level)
    # Every lint leaves an analysis of some 45,000 objects (5,000 lines) and next to no
    # cycles; at the default threshold (700) the young collections traverse it again
    # and again, 10-15 ms of every edit's diagnostics. Fewer, larger young collections
    # (benchmarks/RESULTS.md).
    gc.set_threshold(50_000, 10, 10)
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not port.isdigit():
            print(f"wf-lsp: error: --tcp expects HOST:PORT, got {args.tcp!r}", file=sys.stderr)
            return 2
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0
