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
    uri: str
    version: int | None
    result: LintResult
    config: Config

    @property
    def source(self) -> Source:
        return self.result.source

    @property
    def workflows(self) -> tuple[Workflow, ...]:
        return self.result.workflows
