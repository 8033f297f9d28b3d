"""One lint of one document version, kept and reused for every request on it.

Hover, code actions and navigation read the `Analysis` of the current version; nothing
re-lints to answer a request.
"""

from __future__ import annotations

from dataclasses import dataclass

from wf_lsp.config import Config
from wf_lsp.linter import LintResult
from wf_lsp.model import Workflow
from wf_lsp.parse import Source


@dataclass(frozen=True)
class Analysis:
    """The lint of one version of one document, and the config it was linted with."""

    uri: str
    version: int | None
    result: LintResult
    config: Config

    @property
    def source(self) -> Source:
        """The text as the core sees it (without a BOM)."""
        return self.result.source

    @property
    def workflows(self) -> tuple[Workflow, ...]:
        """The workflow models of the document (one per YAML document that is one)."""
        return self.result.workflows
