"""What every rule gets: the context of one document, and helpers shared by rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from wf_lsp.config import Config
from wf_lsp.findings import Finding, Fix, Related, Span
from wf_lsp.fixes import replace_value
from wf_lsp.model import DurationValue, Workflow
from wf_lsp.parse import Parsed, Source


@dataclass(frozen=True)
class Context:
    source: Source
    parsed: Parsed
    workflow: Workflow
    config: Config

    @property
    def complete(self) -> bool:
        """False when only the part before a syntax error could be read."""
        return self.parsed.complete

    def report(self, code: str, message: str, span: Span, fixes: tuple[Fix, ...] = (),
               related: tuple[Related, ...] = ()) -> Finding:
        from wf_lsp.rules import RULES

        severity = self.config.severity_of(code, RULES[code].severity)
        return Finding(code, message, span, severity, tuple(fixes), tuple(related))

    def replace_value_fix(self, title: str, value: DurationValue, new_text: str,
                          safe: bool) -> Fix:
        edit = replace_value(self.source, value.span, value.style, value.text, new_text)
        return Fix(title, (edit,), safe)


def duration_findings(ctx: Context, code: str) -> Iterator[Finding]:
    """The findings of one duration code: the checker gives each value one code."""
    for value in ctx.workflow.durations:
        check = value.check
        if check.code != code or "${{" in (value.text or ""):
            continue  # an expression is not a duration to check: WF406 says so
        fixes = tuple(
            ctx.replace_value_fix(s.title, value, s.new_text, s.safe) for s in check.suggestions
        )
        yield ctx.report(code, check.message or code, value.span, fixes)


# A message names this many choices at most: enough to spot a slip, short enough to read.
MAX_LISTED = 8


def name_list(names) -> str:
    """Names for a message: `a`, `b`, ... and 117 more (`none` when there are none)."""
    names = list(names)
    shown = ", ".join(f"`{n}`" for n in names[:MAX_LISTED]) or "none"
    more = len(names) - MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown
