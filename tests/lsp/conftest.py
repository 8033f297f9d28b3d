"""Shared client profiles and helpers for the language-server tests.

Every test drives the real server (`python -m wf_lsp serve`) over JSON-RPC with
pytest-lsp. `client` is parametrized over client profiles (position encoding, Markdown
or plain text, documentChanges or changes, push or pull diagnostics, dataSupport), so a
feature is checked the way each kind of editor sees it. A module's tests share a server of
each profile, which `client` leaves as it found it; a test that changes what a server holds
for good (settings, folders, files on disk) or ends it starts its own (`session`).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import re
import sys
import time
from dataclasses import dataclass
from typing import Union

import pytest_asyncio
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "wf_lsp", "serve"]


def converter():
    """pygls's converter, reading a code action that carries a command as a CodeAction:
    lsprotocol's reads any object with a `command` key as a Command (whose `command` is a
    string; a CodeAction's is an object)."""
    converter = default_converter()

    def command_or_code_action(value, _type):
        if isinstance(value.get("command"), str):
            return converter.structure(value, types.Command)
        return converter.structure(value, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], command_or_code_action)
    return converter


def make_client() -> LanguageClient:
    """pytest-lsp's client, plus the client-side requests our server makes."""
    client = LanguageClient(converter_factory=converter)
    register_lsp_features(client, {method: handler for method, handler in DEFAULT_CLIENT_FEATURES.items()
                                   if method != types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS})
    client.published = []  # every publishDiagnostics, in order
    client.registrations = []  # client/registerCapability, in order
    client.refreshes = []  # workspace/{codeLens,inlayHint}/refresh requests received

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish_diagnostics(ls, params: types.PublishDiagnosticsParams) -> None:
        ls.published.append(params)
        ls.diagnostics[params.uri] = params.diagnostics

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(ls, params: types.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)

    @client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister_capability(ls, params: types.UnregistrationParams) -> None:
        gone = {u.id for u in params.unregisterations}
        ls.registrations = [r for r in ls.registrations if r.id not in gone]

    @client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def code_lens_refresh(ls, params: None) -> None:
        ls.refreshes.append(types.WORKSPACE_CODE_LENS_REFRESH)

    @client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def inlay_hint_refresh(ls, params: None) -> None:
        ls.refreshes.append(types.WORKSPACE_INLAY_HINT_REFRESH)

    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client)


# What every editor lists (a client that lists none takes LSP's first 18 only).
ALL_SYMBOL_KINDS = types.ClientSymbolKindOptions(value_set=list(types.SymbolKind))


@dataclass(frozen=True)
class Profile:
    """What a client announces; `encoding` is the one position encoding it offers."""

    encoding: str
    markdown: bool = True
    document_changes: bool = True
    pull: bool = False
    data_support: bool = True
    hierarchical_symbols: bool = True
    resolve_edits: bool = False  # codeAction/resolve of `edit`, as VS Code does
    offered: tuple[str, ...] | None = None  # several encodings, in the client's order
    bare: bool = False  # a client that announces no capabilities at all
    configuration: bool = True  # answers workspace/configuration
    snippets: bool = False  # takes SnippetTextEdits in a WorkspaceEdit (LSP 3.18)
    completion_snippets: bool = False  # takes completion items whose text is a snippet

    def capabilities(self) -> types.ClientCapabilities:
        if self.bare:
            return types.ClientCapabilities()
        formats = ([types.MarkupKind.Markdown, types.MarkupKind.PlainText] if self.markdown
                   else [types.MarkupKind.PlainText])
        return types.ClientCapabilities(
            general=types.GeneralClientCapabilities(
                position_encodings=list(self.offered or (self.encoding,))),
            text_document=types.TextDocumentClientCapabilities(
                hover=types.HoverClientCapabilities(content_format=formats),
                completion=types.CompletionClientCapabilities(
                    completion_item=types.ClientCompletionItemOptions(
                        documentation_format=formats, snippet_support=self.completion_snippets)),
                rename=types.RenameClientCapabilities(prepare_support=True),
                document_symbol=types.DocumentSymbolClientCapabilities(
                    hierarchical_document_symbol_support=self.hierarchical_symbols,
                    symbol_kind=ALL_SYMBOL_KINDS),
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                    version_support=True, data_support=self.data_support,
                    related_information=True),
                diagnostic=types.DiagnosticClientCapabilities() if self.pull else None,
                code_action=types.CodeActionClientCapabilities(
                    code_action_literal_support=types.ClientCodeActionLiteralOptions(
                        code_action_kind=types.ClientCodeActionKindOptions(value_set=[
                            "", "quickfix", "refactor", "source"])),
                    data_support=self.data_support,
                    resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
                    if self.resolve_edits else None),
            ),
            window=types.WindowClientCapabilities(work_done_progress=True),
            workspace=types.WorkspaceClientCapabilities(
                configuration=self.configuration,
                symbol=types.WorkspaceSymbolClientCapabilities(symbol_kind=ALL_SYMBOL_KINDS),
                workspace_edit=types.WorkspaceEditClientCapabilities(
                    document_changes=self.document_changes, snippet_edit_support=self.snippets),
                diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
                code_lens=types.CodeLensWorkspaceClientCapabilities(refresh_support=True),
                inlay_hint=types.InlayHintWorkspaceClientCapabilities(refresh_support=True),
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                    dynamic_registration=True),
            ),
        )

    @property
    def name(self) -> str:
        parts = [self.encoding, "markdown" if self.markdown else "plain",
                 "pull" if self.pull else "push"]
        if not self.document_changes:
            parts.append("changes")
        if not self.data_support:
            parts.append("nodata")
        if self.resolve_edits:
            parts.append("resolve")
        return "/".join(parts)


# Like VS Code; like a pulling client with plain text; like an older client.
PUSH_UTF16 = Profile("utf-16", resolve_edits=True)
PULL_UTF8 = Profile("utf-8", markdown=False, document_changes=False, pull=True)
PUSH_UTF32 = Profile("utf-32", document_changes=False, data_support=False,
                     hierarchical_symbols=False)
PROFILES = {p.name: p for p in (PUSH_UTF16, PULL_UTF8, PUSH_UTF32)}


@pytest_lsp.fixture(params=list(PROFILES), config=CONFIG, scope="module")
async def shared_client(request, lsp_client: LanguageClient):
    """A client of each profile, initialized, whose server a module's tests share
    (through `client`): a server started for each test was most of the suite's time."""
    profile = PROFILES[request.param]
    lsp_client.set_configuration({"wfLsp": {}})
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=profile.capabilities()))
    lsp_client.profile = profile
    lsp_client.encoding = str(result.capabilities.position_encoding or "utf-16")
    lsp_client.server_capabilities = result.capabilities
    lsp_client.opened = set()  # the uris open, for `client` to close after each test
    did_open, did_close = lsp_client.text_document_did_open, lsp_client.text_document_did_close

    def text_document_did_open(params: types.DidOpenTextDocumentParams) -> None:
        lsp_client.opened.add(params.text_document.uri)
        did_open(params)

    def text_document_did_close(params: types.DidCloseTextDocumentParams) -> None:
        lsp_client.opened.discard(params.text_document.uri)
        did_close(params)

    lsp_client.text_document_did_open = text_document_did_open
    lsp_client.text_document_did_close = text_document_did_close
    yield
    await lsp_client.shutdown_session()


@pytest_asyncio.fixture
async def client(shared_client: LanguageClient):
    """A client of each profile, initialized; `client.profile` is its Profile.

    Its server is the module's (`shared_client`), left as a test found it: the documents
    the test opened are closed, and what the client received is forgotten, once the
    server has answered a request sent after the closes (it handles messages in order, so
    their diagnostics, cleared, are in before it). A test that changes the server's
    settings, folders or files, or ends it, starts a server of its own (`session`)."""
    configuration = copy.deepcopy(shared_client._configuration)
    forget(shared_client)
    yield shared_client
    if shared_client._server.returncode is not None:
        raise AssertionError("the shared server ended: a test that ends it uses a `session`")
    for uri in sorted(shared_client.opened):
        shared_client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(uri)))
    await shared_client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert shared_client._configuration == configuration, \
        "a test that changes the settings uses a `session` (the server is shared)"
    # A failure is shown once in a server's life (`Messages.failure`): after one, a later
    # test would not see its own.
    assert not [m.message for m in shared_client.messages if m.message.endswith("(see the log)")]
    forget(shared_client)


def forget(client: LanguageClient) -> None:
    """Forget what the client received: a test sees what its own requests brought."""
    client.published.clear()
    client.diagnostics.clear()
    client.refreshes.clear()
    client.messages.clear()
    client.log_messages.clear()
    client._last_log_index = client._setup_log_index = 0
    client.shown_documents.clear()
    client.progress_reports.clear()
    client.diagnostic_refresh_count = 0


def units(text: str, encoding: str) -> int:
    """The length of `text` in an encoding's code units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def lsp_lines(text: str, keepends: bool = False) -> list[str]:
    """The lines of `text` as an LSP client counts them: only \\n, \\r\\n and \\r end one
    (str.splitlines also splits at \\x0c, \\x85, U+2028 and others)."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def lsp_position(text: str, line: int, column: int, encoding: str) -> types.Position:
    """A code-point (line, column) of `text` in the client's units."""
    return types.Position(line, units(lsp_lines(text)[line][:column], encoding))


def token_range(text: str, line: int, token: str, encoding: str, nth: int = 0) -> types.Range:
    """The range of the nth `token` on `line`, in the client's units."""
    row = lsp_lines(text)[line]
    start = -1
    for _ in range(nth + 1):
        start = row.index(token, start + 1)
    return types.Range(lsp_position(text, line, start, encoding),
                       lsp_position(text, line, start + len(token), encoding))


def apply_edits(text: str, edits, encoding: str) -> str:
    """Apply LSP TextEdits (in `encoding` units) to `text`, as an editor would."""
    lines = lsp_lines(text, keepends=True)

    def offset(pos: types.Position) -> int:
        before = sum(len(line) for line in lines[: pos.line])
        row = lines[pos.line] if pos.line < len(lines) else ""
        count = 0
        for index, char in enumerate(row.rstrip("\r\n")):
            if count >= pos.character:
                return before + index
            count += units(char, encoding)
        return before + len(row.rstrip("\r\n"))

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def workspace_edits(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    """The TextEdits for `uri`, whether sent as documentChanges or changes."""
    if edit.document_changes:
        return [e for change in edit.document_changes
                if change.text_document.uri == uri for e in change.edits]
    return list((edit.changes or {}).get(uri, []))


async def open_document(client, text: str, name: str = "flow.yaml", version: int = 1,
                        uri: str | None = None) -> str:
    """Open `text` as `file:///work/<name>` (or `uri`); returns the uri."""
    uri = uri or f"file:///work/{name}"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "yaml", version, text)))
    return uri


def change_document(client, uri: str, version: int, text: str | None = None,
                    edits: list[types.TextEdit] = ()) -> None:
    """Send didChange: the whole new `text`, or incremental `edits` (client units)."""
    changes = ([types.TextDocumentContentChangeWholeDocument(text=text)] if text is not None else
               [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits])
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=changes))


# What the server does in its own time (a folder scanned, a workspace's files published, new
# settings pulled) is waited for this long at most: generous, because a CI machine runs two
# workers and installs code-server beside them. No test asserts how long anything takes.
SETTLE_S = 60.0


async def eventually(request, done, pause: float = 0.05):
    """Ask (`await request()`) again until `done(answer)`, for `SETTLE_S` at most; the last
    answer, which the caller's assertion then shows when it never came."""
    deadline = time.monotonic() + SETTLE_S
    while True:
        answer = await request()
        if done(answer) or time.monotonic() > deadline:
            return answer
        await asyncio.sleep(pause)


async def diagnostics(client, uri: str, version: int | None = None) -> list[types.Diagnostic]:
    """The document's current diagnostics: pulled, or waited for when pushed (those of
    `version` when given)."""
    if client.profile.pull:
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri)))
        return list(report.items)
    while True:
        mine = [p for p in client.published if p.uri == uri]
        if mine and (version is None or mine[-1].version == version):
            return list(mine[-1].diagnostics)
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


async def code_actions(client, uri: str, rng: types.Range, diagnostics=(),
                       only: list[str] | None = None) -> list[types.CodeAction]:
    """textDocument/codeAction, with source actions resolved when the profile resolves."""
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri), range=rng,
        context=types.CodeActionContext(diagnostics=list(diagnostics), only=only)))
    resolved = []
    for action in actions or []:
        if action.edit is None and client.profile.resolve_edits:
            action = await client.code_action_resolve_async(action)
        resolved.append(action)
    return resolved


@contextlib.asynccontextmanager
async def session(profile: Profile, settings: dict | None = None, *,
                  initialization_options: object = None, server: list[str] = SERVER,
                  root: str | None = None, env: dict[str, str] | None = None,
                  folders: list[str] | None = None):
    """A client of `profile` (for tests that need their own settings, server command,
    workspace root or folders, or server environment), shut down at the end."""
    client = await ClientServerConfig(server_command=server, client_factory=make_client,
                                      server_env=env).start()
    try:
        client.set_configuration({"wfLsp": settings or {}})
        result = await client.initialize_session(types.InitializeParams(
            capabilities=profile.capabilities(), initialization_options=initialization_options,
            root_uri=from_fs_path(root) if root else None,
            workspace_folders=[types.WorkspaceFolder(from_fs_path(folder), os.path.basename(folder))
                               for folder in folders] if folders else
            [types.WorkspaceFolder(from_fs_path(root), "root")] if root else None))
        client.profile = profile
        client.encoding = str(result.capabilities.position_encoding or "utf-16")
        client.server_capabilities = result.capabilities
        client.server_info = result.server_info
        yield client
        if client._server.returncode is None:  # unless the test shut it down itself
            await client.shutdown_session()
    finally:
        server_process = client._server
        if server_process is not None and server_process.returncode is None:
            server_process.kill()  # the test failed before a clean shutdown
        await client.stop()


def markdown_hover(client) -> bool:
    return client.profile.markdown


def markdown_completion(client) -> bool:
    return client.profile.markdown
