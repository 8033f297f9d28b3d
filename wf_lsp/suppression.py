"""Suppression comments: `# wf-lsp: ignore[WF202]` and `# wf-lsp: ignore-file[...]`.

`ignore` at the end of the line where a finding starts, or alone on the line above,
silences it; a bare `ignore` silences every code, a list (comma-separated codes or
prefixes) only those. `ignore-file` anywhere applies to the whole file. A comment-like
line inside a block scalar (`run: |`) is text, not a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wf_lsp.findings import Finding, Position, Span

COMMENT = re.compile(r"(?:^|\s)#\s*wf-lsp:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?")
ALL = ("",)  # a prefix every code starts with


@dataclass(frozen=True)
class Suppressions:
    by_line: dict[int, tuple[str, ...]] = field(default_factory=dict)
    file: tuple[str, ...] = ()

    def hides(self, finding: Finding) -> bool:
        code = finding.code
        if any(code.startswith(p) for p in self.file):
            return True
        return any(code.startswith(p) for p in self.by_line.get(finding.span.start.line, ()))


def scan(lines, text_lines: frozenset[int] = frozenset(),
         text_spans: tuple[Span, ...] = ()) -> Suppressions:
    """Find suppression comments; `text_lines` are lines inside block scalars and
    `text_spans` quoted scalars, where a `#` is text."""
    by_line: dict[int, tuple[str, ...]] = {}
    whole_file: tuple[str, ...] = ()
    for number, line in enumerate(lines):
        if "wf-lsp" not in line or number in text_lines:
            continue
        match = next((m for m in COMMENT.finditer(line)
                      if not _inside(Position(number, line.index("#", m.start())), text_spans)),
                     None)
        if match is None:
            continue
        codes = _codes(match.group(2))
        if match.group(1) == "ignore-file":
            whole_file += codes
            continue
        by_line[number] = by_line.get(number, ()) + codes
        if not line[: match.start()].strip():  # alone on its line: covers the next one
            by_line[number + 1] = by_line.get(number + 1, ()) + codes
    return Suppressions(by_line, whole_file)


def _inside(pos: Position, spans: tuple[Span, ...]) -> bool:
    return any(span.start <= pos < span.end for span in spans)


def _codes(listed: str | None) -> tuple[str, ...]:
    if listed is None:
        return ALL
    codes = tuple(code.strip().upper() for code in listed.split(",") if code.strip())
    return codes or ALL
