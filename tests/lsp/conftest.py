"""Shared client profiles and helpers for the language-server tests.

Every test drives the real server (`python -m wf_lsp serve`) over JSON-RPC with
pytest-lsp. `client` is parametrized over client profiles (position encoding, Markdown
or plain text, documentChanges or changes, push or pull diagnostics, dataSupport), so a
feature is checked the way each kind of editor sees it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "wf_lsp", "serve"]


@dataclass(frozen=True)
class Profile:
    encoding: str
    markdown: bool = True
    document_changes: bool = True
    pull: bool = False
    data_support: bool = True
    hierarchical_symbols: bool = True

    def capabilities(self) -> types.ClientCapabilities:
        formats = ([types.MarkupKind.Markdown, types.MarkupKind.PlainText] if self.markdown
                   else [types.MarkupKind.PlainText])
        return types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=[self.encoding]),
            text_document=types.TextDocumentClientCapabilities(
                hover=types.HoverClientCapabilities(content_format=formats),
                completion=types.CompletionClientCapabilities(
                    completion_item=types.ClientCompletionItemOptions(documentation_format=formats)),
                rename=types.RenameClientCapabilities(prepare_support=True),
                document_symbol=types.DocumentSymbolClientCapabilities(
                    hierarchical_document_symbol_support=self.hierarchical_symbols),
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                    version_support=True, data_support=self.data_support,
                    related_information=True),
                diagnostic=types.DiagnosticClientCapabilities() if self.pull else None,
                code_action=types.CodeActionClientCapabilities(data_support=self.data_support),
            ),
            workspace=types.WorkspaceClientCapabilities(
                configuration=True,
                workspace_edit=types.WorkspaceEditClientCapabilities(
                    document_changes=self.document_changes),
                diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
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
        return "/".join(parts)


PROFILES = {p.name: p for p in (
    Profile("utf-16"),
    Profile("utf-8", markdown=False, document_changes=False, pull=True),
    Profile("utf-32", document_changes=False, data_support=False, hierarchical_symbols=False),
)}


@pytest_lsp.fixture(params=list(PROFILES), config=ClientServerConfig(server_command=SERVER))
async def client(request, lsp_client: LanguageClient):
    """A client of each profile, initialized; `client.profile` is its Profile."""
    profile = PROFILES[request.param]
    lsp_client.set_configuration({"wfLsp": {}})
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=profile.capabilities()))
    lsp_client.profile = profile
    lsp_client.encoding = str(result.capabilities.position_encoding or "utf-16")
    lsp_client.server_capabilities = result.capabilities
    yield
    await lsp_client.shutdown_session()


def units(text: str, encoding: str) -> int:
    """The length of `text` in an encoding's code units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def lsp_position(text: str, line: int, column: int, encoding: str) -> types.Position:
    """A code-point (line, column) of `text` in the client's units."""
    return types.Position(line, units(text.splitlines()[line][:column], encoding))


def token_range(text: str, line: int, token: str, encoding: str, nth: int = 0) -> types.Range:
    """The range of the nth `token` on `line`, in the client's units."""
    row = text.splitlines()[line]
    start = -1
    for _ in range(nth + 1):
        start = row.index(token, start + 1)
    return types.Range(lsp_position(text, line, start, encoding),
                       lsp_position(text, line, start + len(token), encoding))


def apply_edits(text: str, edits, encoding: str) -> str:
    """Apply LSP TextEdits (in `encoding` units) to `text`, as an editor would."""
    lines = text.splitlines(keepends=True)

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


async def open_document(client, text: str, name: str = "flow.yaml", version: int = 1) -> str:
    uri = f"file:///work/{name}"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "yaml", version, text)))
    return uri


async def diagnostics(client, uri: str) -> list[types.Diagnostic]:
    """The document's current diagnostics: pulled, or waited for when pushed."""
    if client.profile.pull:
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri)))
        return report.items
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def markdown_hover(client) -> bool:
    return client.profile.markdown


def markdown_completion(client) -> bool:
    return client.profile.markdown
