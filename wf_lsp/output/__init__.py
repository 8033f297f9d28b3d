"""Output formats of `wf-lsp lint`, one module each, imported only when chosen.

Every format module has `write(reports, out, color)`; `reports` are `FileReport`s
sorted by path, with findings sorted by position and code.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from wf_lsp.findings import Finding
from wf_lsp.parse import Source

MODULES = {
    "full": "full",
    "concise": "concise",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
    "gitlab": "gitlab",
}


@dataclass(frozen=True)
class FileReport:
    """What linting one file gave: findings, or why it was skipped or failed."""

    path: str  # as shown to the user
    findings: tuple[Finding, ...] = ()
    source: Source | None = None
    error: str | None = None  # could not be read or configured
    skipped: str | None = None  # not a workflow, or excluded
    fixed: int = 0  # fixes applied (with --fix)
    diff: str | None = None  # with --diff


def write(format_name: str, reports: list[FileReport], out, color: bool) -> None:
    module = importlib.import_module(f"wf_lsp.output.{MODULES[format_name]}")
    module.write(reports, out, color)
