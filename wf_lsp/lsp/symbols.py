"""textDocument/documentSymbol: the outline of `wf_lsp.editor.symbols`, nested or flat.

Clients that nest symbols get DocumentSymbols; the others a flat list of
SymbolInformation, each entry naming its parent. A client that lists no symbol kinds gets
kinds among LSP's first ones (`symbol_kind`), here and in workspace/symbol.
"""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.editor.symbols import Symbol

# Chosen for how editors name them beside a symbol ("train (object)", "Load data (event)"
# in VS Code's outline and breadcrumbs): a job is no class and a step no function.
_KINDS = {
    "workflow": types.SymbolKind.Module,
    "job": types.SymbolKind.Object,
    "step": types.SymbolKind.Event,
}
# For a client that lists no symbol kinds, which takes LSP's first ones only (File to
# Array, LSP 3.17 `symbolKind`): the nearest of those.
_FIRST_KINDS = {**_KINDS, "job": types.SymbolKind.Class, "step": types.SymbolKind.Function}


def symbol_kind(kind: str, listed: bool) -> types.SymbolKind:
    """The SymbolKind of an outline's `kind` for a client that lists the kinds it takes
    (`listed`) or not."""
    return (_KINDS if listed else _FIRST_KINDS)[kind]


def register(server) -> None:
    """Answer `textDocument/documentSymbol` with the hierarchical outline."""

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(params: types.DocumentSymbolParams):
        session = server.workflow(params.text_document.uri)
        if session is None:
            return None
        source = session.analysis.source
        to_range = lambda span: server.codec.range_to_lsp(source, span)  # noqa: E731
        listed = server.client.symbol_kinds
        if server.client.hierarchical_symbols:
            return [_nested(symbol, to_range, listed) for symbol in session.analysis.outline]
        return _flat(session.analysis.outline, session.uri, to_range, listed)


def _nested(symbol: Symbol, to_range, listed: bool) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=symbol.name,
        detail=symbol.detail,
        kind=symbol_kind(symbol.kind, listed),
        range=to_range(symbol.span),
        selection_range=to_range(symbol.selection),
        children=[_nested(child, to_range, listed) for child in symbol.children],
    )


def _flat(symbols, uri: str, to_range, listed: bool,
          container: str | None = None) -> list[types.SymbolInformation]:
    """The outline as a list, each entry naming its parent: for clients without nesting."""
    out = []
    for symbol in symbols:
        out.append(types.SymbolInformation(
            name=symbol.name, kind=symbol_kind(symbol.kind, listed), container_name=container,
            location=types.Location(uri=uri, range=to_range(symbol.span)),
        ))
        out.extend(_flat(symbol.children, uri, to_range, listed, symbol.name))
    return out
