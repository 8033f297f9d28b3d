"""`wf-lsp serve`: the language server (LSP 3.17 over stdio or TCP, on pygls 2).

This module owns the document lifecycle: it lints documents when they open or change,
keeps one `Analysis` per document version for every request to reuse, and loads
settings. Features live in their own modules (`FEATURES`); each has
`register(server)` and reads `server.analysis(uri)`, `server.codec` (the one position
converter) and `server.settings`.

Scheduling: a change is linted at once, in a worker thread so the event loop keeps
reading messages; changes that arrive while a lint runs are coalesced into one more
lint of the newest version; a result is never published for an older version.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from wf_lsp import __version__
from wf_lsp.config import Config, ConfigError, clear_cache, find_config
from wf_lsp.linter import lint_text
from wf_lsp.lsp import settings as settings_module
from wf_lsp.lsp.documents import Analysis
from wf_lsp.lsp.positions import Codec, negotiate
from wf_lsp.lsp.settings import Settings

log = logging.getLogger("wf_lsp")

FEATURES = ("diagnostics", "code_actions", "hover", "navigation", "symbols", "completion",
            "inlay_hints", "code_lens", "folding")
CONFIG_GLOBS = ("**/pyproject.toml", "**/wf-lsp.toml", "**/.wf-lsp.toml")
_LEVELS = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO,
           "debug": logging.DEBUG}


class WfProtocol(LanguageServerProtocol):
    """pygls picks the client's first encoding; we want ours: utf-8, utf-32, utf-16."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            general.position_encodings = [negotiate(params.capabilities)]
        return (yield from super().lsp_initialize(params))


class WfLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("wf-lsp", __version__, protocol_cls=WfProtocol)
        self.codec = Codec()
        self.settings = Settings()
        self.client_supports_markdown = True
        self.pull_diagnostics = False
        self.settings_generation = 0  # bumped when settings change: a new resultId
        self._analyses: dict[str, Analysis] = {}
        self._tasks: dict[str, asyncio.Future] = {}
        self._reported: set[str] = set()  # messages shown once
        self.diagnostics_cache: dict[str, tuple] = {}  # uri → (analysis, codec, diagnostics)

    # -- documents ---------------------------------------------------------------------

    def document(self, uri: str):
        """The open document, or None (never creates one from disk, as pygls would)."""
        return self.workspace.text_documents.get(uri)

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
            cached = self.lint(uri, doc.source, doc.version)
            self._analyses[uri] = cached
        return cached

    def lint(self, uri: str, text: str, version: int | None) -> Analysis:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        config = self.config_for(path)
        return Analysis(uri, version, lint_text(text, path, config), config)

    def config_for(self, path: str | None) -> Config:
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

    def forget(self, uri: str) -> None:
        self._analyses.pop(uri, None)
        self.diagnostics_cache.pop(uri, None)
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()

    def schedule(self, uri: str) -> None:
        """Lint `uri` soon; a lint already running will pick up the newest version."""
        task = self._tasks.get(uri)
        if task is not None and not task.done():
            return
        self._tasks[uri] = asyncio.ensure_future(self._lint_soon(uri))

    async def _lint_soon(self, uri: str) -> None:
        if self.settings.debounce_ms:
            await asyncio.sleep(self.settings.debounce_ms / 1000)
        loop = asyncio.get_running_loop()
        while True:
            doc = self.document(uri)
            if doc is None:
                return
            version = doc.version
            analysis = self._analyses.get(uri)
            if analysis is None or analysis.version != version:
                analysis = await loop.run_in_executor(None, self.lint, uri, doc.source, version)
                current = self.document(uri)
                if current is None:
                    return
                if current.version != version:
                    continue  # edited meanwhile: one more lint, of the newest text
                self._analyses[uri] = analysis
            self.publish(analysis)
            return

    def relint_open_documents(self) -> None:
        self._analyses.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)

    def publish(self, analysis: Analysis) -> None:
        from wf_lsp.lsp.diagnostics import diagnostics_for

        if self.pull_diagnostics:
            return  # the client asks (textDocument/diagnostic); never both
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=analysis.uri, diagnostics=diagnostics_for(self, analysis),
            version=analysis.version))

    # -- messages ----------------------------------------------------------------------

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        log.warning(message)
        if message in self._reported:
            return
        self._reported.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"wf-lsp: {message}"))

    def report_server_error(self, error: Exception, source) -> None:
        # Logged with its traceback; requests are answered with an LSP error by pygls;
        # a failing notification is said once, and the server goes on.
        log.error("internal error (%s): %s", getattr(source, "__name__", source), error,
                  exc_info=error)
        if source.__name__ != "FeatureRequestError":
            self.show_once(f"internal error: {error} (see the log)", types.MessageType.Error)

    # -- settings ----------------------------------------------------------------------

    async def load_settings(self, pushed: object = None) -> None:
        raw = pushed
        if self._client_can("workspace.configuration"):
            try:
                values = await self.workspace_configuration_async(types.ConfigurationParams(
                    items=[types.ConfigurationItem(section="wfLsp")]))
                raw = values[0] if values else None
            except Exception as exc:  # a client that errors out: keep the defaults
                log.warning("workspace/configuration failed: %s", exc)
        elif isinstance(pushed, dict) and "wfLsp" in pushed:
            raw = pushed["wfLsp"]
        new, errors = settings_module.parse(raw)
        for message in errors:
            self.show_once(message)
        self.settings = new
        _set_level(new.log_level)
        self.settings_generation += 1

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
            if self.server.protocol.transport is None:
                return
            kind = self.KINDS.get(record.levelno, types.MessageType.Log)
            self.server.window_log_message(types.LogMessageParams(type=kind, message=self.format(record)))
        except Exception:  # logging must never take the server down
            pass


def create_server() -> WfLanguageServer:
    server = WfLanguageServer()

    @server.feature(types.INITIALIZE)
    def on_initialize(ls: WfLanguageServer, params: types.InitializeParams) -> None:
        ls.codec = Codec(negotiate(params.capabilities))
        text = params.capabilities.text_document
        formats = text.hover.content_format if text and text.hover else None
        ls.client_supports_markdown = formats is None or types.MarkupKind.Markdown in formats
        ls.pull_diagnostics = bool(text and text.diagnostic)
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("wfLsp", options), dict):
            ls.settings, errors = settings_module.parse(options.get("wfLsp", options))
            for message in errors:
                ls.show_once(message)
        log.info("wf-lsp %s: %s positions, %s diagnostics", __version__, ls.codec.encoding,
                 "pull" if ls.pull_diagnostics else "push")

    @server.feature(types.INITIALIZED)
    async def on_initialized(ls: WfLanguageServer, params: types.InitializedParams) -> None:
        await ls.load_settings()
        if ls._client_can("workspace.did_change_watched_files.dynamic_registration"):
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                types.Registration(
                    id="wf-lsp-config-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]),
                )]))
        ls.relint_open_documents()
        if ls.settings.lint_workspace_on_start:
            from wf_lsp.lsp.diagnostics import lint_workspace

            await lint_workspace(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WfLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls._analyses.pop(params.text_document.uri, None)
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WfLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WfLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.forget(uri)
        if not ls.pull_diagnostics:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: WfLanguageServer,
                                       params: types.DidChangeConfigurationParams) -> None:
        await ls.load_settings(params.settings)
        clear_cache()
        ls.relint_open_documents()
        await _refresh(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: WfLanguageServer,
                                       params: types.DidChangeWatchedFilesParams) -> None:
        log.info("configuration files changed: re-linting open documents")
        clear_cache()
        ls._reported.clear()
        ls.relint_open_documents()
        await _refresh(ls)

    @server.feature(types.SHUTDOWN)
    def on_shutdown(ls: WfLanguageServer, params: None) -> None:
        for task in ls._tasks.values():
            task.cancel()
        ls._tasks.clear()

    for name in FEATURES:
        try:
            module = importlib.import_module(f"wf_lsp.lsp.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"wf_lsp.lsp.{name}":
                raise
            continue
        module.register(server)
    return server


async def _refresh(ls: WfLanguageServer) -> None:
    """Ask the client to re-pull what depends on settings, where it supports that."""
    requests = (
        ("workspace.diagnostics.refresh_support", ls.workspace_diagnostic_refresh_async),
        ("workspace.code_lens.refresh_support", ls.workspace_code_lens_refresh_async),
        ("workspace.inlay_hint.refresh_support", ls.workspace_inlay_hint_refresh_async),
    )
    for capability, request in requests:
        if capability.startswith("workspace.diagnostics") and not ls.pull_diagnostics:
            continue
        if ls._client_can(capability):
            try:
                await request(None)
            except Exception as exc:
                log.warning("%s failed: %s", capability, exc)


def run(args) -> int:
    """Entry point of `wf-lsp serve`."""
    handlers: list[logging.Handler] = []
    if args.log_file:
        handler = logging.FileHandler(args.log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(handler)
    server = create_server()
    client_handler = ClientLogHandler(server)
    client_handler.setFormatter(logging.Formatter("%(message)s"))
    handlers.append(client_handler)
    for handler in handlers:
        log.addHandler(handler)
    log.propagate = False
    _set_level(args.log_level)
    if args.log_file:  # pygls' own records, for debugging the protocol
        logging.getLogger("pygls").addHandler(handlers[0])
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not port.isdigit():
            print(f"wf-lsp: error: --tcp expects HOST:PORT, got {args.tcp!r}", file=sys.stderr)
            return 2
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0
