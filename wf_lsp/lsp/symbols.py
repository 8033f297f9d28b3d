"""Document symbols: the outline workflow → jobs → steps, each with its timeout as detail.

Steps are named by `name`, or `step N` and the first words of `run` (`Step.label`).
Ranges end at the last written line of each block, not where the next key begins, so
editors that follow the cursor in the outline pick the right job.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from wf_lsp.linter import LintResult
from wf_lsp.lsp import cursor
from wf_lsp.model import DurationValue, Section, Workflow
from wf_lsp.findings import Span


@dataclass(frozen=True)
class Symbol:
    """One outline entry, in the core's positions."""

    name: str
    kind: str  # "workflow", "job" or "step"
    detail: str | None
    span: Span
    selection: Span
    children: tuple[Symbol, ...] = ()


def timeout_detail(value: DurationValue | None) -> str | None:
    """`timeout 2h`, `timeout "2 h" (invalid)`, or None without a timeout."""
    if value is None:
        return None
    if value.usable:
        return f"timeout {value.check.canonical}"
    return f'timeout "{value.text}" (invalid)' if value.text is not None else "timeout (invalid)"


def outline(result: LintResult) -> tuple[Symbol, ...]:
    """The symbols of every workflow in `result`."""
    return tuple(_workflow(result, workflow) for workflow in result.workflows)


def _workflow(result: LintResult, workflow: Workflow) -> Symbol:
    source = result.source
    jobs = []
    for job in workflow.jobs:
        steps = tuple(
            Symbol(step.label, "step", timeout_detail(step.timeout),
                   cursor.content_end(source, step.section.span), step.section.anchor)
            for step in job.steps
        )
        span = cursor.content_end(source, job.span)
        jobs.append(Symbol(job.id, "job", timeout_detail(job.timeout), span, job.key_span, steps))
    root = workflow.root
    return Symbol(_title(root), "workflow", None, cursor.content_end(source, root.span),
                  _name_span(root), tuple(jobs))


def _title(root: Section) -> str:
    for key in ("id", "name"):
        entry = root.get(key)
        if entry is not None and entry.value.id == "scalar" and entry.value.value:
            return str(entry.value.value)
    return "workflow"


def _name_span(root: Section) -> Span:
    for key in ("id", "name", "jobs"):
        entry = root.get(key)
        if entry is not None and not entry.merged:
            return entry.key_span
    return root.anchor


_KINDS = {
    "workflow": types.SymbolKind.Module,
    "job": types.SymbolKind.Class,
    "step": types.SymbolKind.Function,
}


def register(server) -> None:
    """Answer `textDocument/documentSymbol` with the hierarchical outline."""

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(params: types.DocumentSymbolParams):
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return None
        symbols = cursor.memo(analysis.result, "symbols.outline", lambda: outline(analysis.result))
        to_range = lambda span: server.codec.range_to_lsp(analysis.source, span)  # noqa: E731
        if _hierarchical(server):
            return [_nested(symbol, to_range) for symbol in symbols]
        return _flat(symbols, analysis.uri, to_range)


def _hierarchical(server) -> bool:
    capabilities = server.client_capabilities
    document = capabilities.text_document if capabilities else None
    symbol = document.document_symbol if document else None
    return bool(symbol and symbol.hierarchical_document_symbol_support)


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
