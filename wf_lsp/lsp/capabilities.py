"""What the client can do, read once from its `initialize` request.

Every feature asks `server.client` (a `ClientSupport`) rather than walking the client's
capabilities itself: the defaults for a client that leaves a capability out are here,
in one place.
"""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.lsp.positions import PREFERENCE, UTF16
from wf_lsp.records import record


@record
class ClientSupport:
    """The capabilities wf-lsp acts on; the defaults are those of a client announcing none."""

    encoding: str = UTF16  # the position encoding negotiated (`negotiate`)
    # Markdown only where the client names it before plain text (a client that names no
    # formats gets plain text: LSP says to send what the client can show).
    hover_markdown: bool = False
    completion_markdown: bool = False  # documentation of completion items
    completion_snippets: bool = False  # completion items whose text is a snippet
    pull_diagnostics: bool = False  # textDocument/diagnostic; else they are pushed
    folding_limit: int | None = None  # the most folding ranges a document's answer has
    hierarchical_symbols: bool = False
    # Whether the client lists the symbol kinds it takes (`symbolKind.valueSet`) for
    # documentSymbol and workspace/symbol: one that does not takes File to Array only.
    symbol_kinds: bool = False
    workspace_symbol_kinds: bool = False
    action_literals: bool = False  # CodeActions in textDocument/codeAction, else Commands
    resolves_edits: bool = False  # codeAction/resolve fills in `edit`
    apply_edit: bool = False  # takes workspace/applyEdit
    document_changes: bool = False  # versioned edits in a WorkspaceEdit
    snippet_edits: bool = False  # SnippetTextEdits in those (LSP 3.18)
    work_done_progress: bool = False  # server-initiated $/progress
    configuration: bool = False  # answers workspace/configuration
    watched_files_registration: bool = False  # didChangeWatchedFiles registered dynamically
    diagnostics_refresh: bool = False
    code_lens_refresh: bool = False
    inlay_hint_refresh: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities) -> ClientSupport:
        """Read what the client announced."""
        text = capabilities.text_document
        hover_formats = text.hover.content_format if text and text.hover else None
        pull = _has(capabilities, "text_document.diagnostic")
        item = text.completion.completion_item if text and text.completion else None
        completion_formats = item.documentation_format if item else None
        action = text.code_action if text else None
        folding = text.folding_range if text else None
        literals = bool(action and action.code_action_literal_support)
        resolve = action.resolve_support if action else None
        return cls(
            encoding=negotiate(capabilities),
            hover_markdown=_prefers_markdown(hover_formats),
            completion_markdown=_prefers_markdown(completion_formats),
            completion_snippets=bool(item and item.snippet_support),
            pull_diagnostics=pull,
            folding_limit=folding.range_limit if folding else None,
            hierarchical_symbols=_has(
                capabilities, "text_document.document_symbol.hierarchical_document_symbol_support"),
            symbol_kinds=_has(capabilities, "text_document.document_symbol.symbol_kind.value_set"),
            workspace_symbol_kinds=_has(capabilities, "workspace.symbol.symbol_kind.value_set"),
            action_literals=literals,
            # A client that does not keep `data` sends a source action back without what
            # says which one it is: its edit would never be filled in.
            resolves_edits=literals and bool(resolve and "edit" in resolve.properties
                                             and action.data_support),
            apply_edit=_has(capabilities, "workspace.apply_edit"),
            document_changes=_has(capabilities, "workspace.workspace_edit.document_changes"),
            snippet_edits=_has(capabilities, "workspace.workspace_edit.snippet_edit_support"),
            work_done_progress=_has(capabilities, "window.work_done_progress"),
            configuration=_has(capabilities, "workspace.configuration"),
            watched_files_registration=_has(
                capabilities, "workspace.did_change_watched_files.dynamic_registration"),
            diagnostics_refresh=_has(capabilities, "workspace.diagnostics.refresh_support"),
            code_lens_refresh=_has(capabilities, "workspace.code_lens.refresh_support"),
            inlay_hint_refresh=_has(capabilities, "workspace.inlay_hint.refresh_support"),
        )


def _prefers_markdown(formats: list[str] | None) -> bool:
    """Whether Markdown is the first of `formats` we can send (the client's order is its
    preference: `["plaintext", "markdown"]` asks for plain text)."""
    sendable = (types.MarkupKind.Markdown, types.MarkupKind.PlainText)
    known = [kind for kind in formats or () if kind in sendable]
    return bool(known) and known[0] == types.MarkupKind.Markdown


def _has(capabilities: types.ClientCapabilities, dotted: str) -> bool:
    """Whether the capability at the dotted path is there and true (or a non-empty object)."""
    value: object = capabilities
    for part in dotted.split("."):
        value = getattr(value, part, None)
        if value is None:
            return False
    return bool(value)


def negotiate(capabilities: types.ClientCapabilities) -> str:
    """The encoding to use: our preference among those the client offers, else utf-16."""
    general = capabilities.general
    offered = [str(e) for e in (general.position_encodings or [])] if general else []
    for encoding in PREFERENCE:
        if encoding in offered:
            return encoding
    return UTF16
