"""textDocument/documentSymbol: the outline of `wf_lsp.editor.symbols`, nested or flat.

Clients that nest symbols get DocumentSymbols; the others a flat list of
SymbolInformation, each entry naming its parent.
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


def register(server) -> None:
    """Answer `textDocument/documentSymbol` with the hierarchical outline."""

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(params: types.DocumentSymbolParams):
        session = server.workflow(params.text_document.uri)
        if session is None:
            return None
        source = session.analysis.source
        to_range = lambda span: server.codec.range_to_lsp(source, span)  # noqa: E731
        if server.client.hierarchical_symbols:
            return [_nested(symbol, to_range) for symbol in session.analysis.outline]
        return _flat(session.analysis.outline, session.uri, to_range)


def _nested(symbol: Symbol, to_range) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=symbol.name,
        detail=symbol.detail,
        kind=_KINDS[symbol.kind],
        range=to_range(symbol.span),
        selection_range=to_range(symbol.selection),
        children=[_nested(child, to_range) for child in symbol.children],
    )


def _flat(symbols, uri: str, to_range, container: str | None = None) -> list[types.SymbolInformation]:
    """The outline as a list, each entry naming its parent: for clients without nesting."""
    out = []
    for symbol in symbols:
        out.append(types.SymbolInformation(
            name=symbol.name, kind=_KINDS[symbol.kind], container_name=container,
            location=types.Location(uri=uri, range=to_range(symbol.span)),
        ))
        out.extend(_flat(symbol.children, uri, to_range, symbol.name))
    return out
