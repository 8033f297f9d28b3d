"""Inlay hints: `= 1h30m` after a valid duration not written in canonical form.

`timeout: 90m` reads as `timeout: 90m = 1h30m`: what the engine will do, without a
change to the file. Invalid values get a diagnostic instead, canonical ones nothing.
`wfLsp.inlayHints.enable: false` turns the hints off.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from wf_lsp.durations import in_words
from wf_lsp.findings import Position, Span
from wf_lsp.linter import LintResult


@dataclass(frozen=True)
class Hint:
    position: Position  # right after the value, closing quote included
    label: str
    tooltip: str


def duration_hints(result: LintResult, within: Span | None = None) -> list[Hint]:
    """A hint after each valid, non-canonical duration (in `within`, when given)."""
    hints = []
    for workflow in result.workflows:
        for value in workflow.durations:
            check = value.check
            if not value.usable or check.canonical == check.text:
                continue
            if within is not None and not (within.start <= value.span.end <= within.end):
                continue
            hints.append(Hint(value.span.end, f"= {check.canonical}", in_words(check.nanoseconds)))
    return sorted(hints, key=lambda hint: hint.position)


def register(server) -> None:
    """Answer `textDocument/inlayHint` (empty when the settings turn hints off)."""

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hints(params: types.InlayHintParams) -> list[types.InlayHint] | None:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return None
        if not server.settings.inlay_hints_enable:
            return []
        source = analysis.source
        within = server.codec.range_from_lsp(source, params.range)
        return [
            types.InlayHint(
                position=server.codec.to_lsp(source, hint.position),
                label=hint.label,
                padding_left=True,
                tooltip=hint.tooltip,
            )
            for hint in duration_hints(analysis.result, within)
        ]
