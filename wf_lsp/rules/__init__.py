"""The rule registry: every rule, by code.

A rule is one module with `CODE`, `NAME`, `SEVERITY` and `check(ctx)` yielding findings;
its docstring is its documentation (`wf-lsp rule CODE`, docs/rules.md), with `## Bad`
and `## Good` YAML examples that a test runs through the linter. Optional:
`DEFAULT_ON = False` (off until selected or configured), `NEEDS_COMPLETE = True` (held
back while the document has a syntax error: what is missing may be after it),
`UNNECESSARY = True` (editors fade the range).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from wf_lsp.findings import Finding, Severity

MODULES = (
    "yaml_syntax",
    "duplicate_key",
    "unknown_key",
    "missing_key",
    "wrong_type",
    "exclusive_keys",
    "duration_missing_unit",
    "duration_whitespace",
    "duration_unit_order",
    "duration_zero",
    "duration_negative",
    "duration_unknown_unit",
    "duration_malformed",
    "duration_type",
    "duration_overflow",
    "duration_style",
    "duration_not_canonical",
    "step_timeout_exceeds_job",
    "step_timeouts_exceed_job",
    "missing_timeout",
    "timeout_above_limit",
    "unknown_dependency",
    "dependency_cycle",
    "duplicate_dependency",
    "expression_syntax",
    "unknown_context",
    "undefined_reference",
    "undefined_env",
    "matrix_outside_matrix_job",
    "expression_not_allowed",
    "injection_in_run",
    "input_definition",
    "required_with_default",
    "duplicate_secret_alias",
    "secret_name",
    "storage_url",
    "empty_collection",
    "cron_syntax",
    "cron_undocumented",
    "schedule_inputs",
)

# Each rule's page (what `wf-lsp rule CODE` prints) ships inside the package, so that a
# diagnostic's link opens offline at that rule; WF_LSP_DOCS_URL points it at a hosted
# docs/rules.md instead.
DOCS_DIR = Path(__file__).resolve().parent.parent / "docs" / "rules"

_EXAMPLE = re.compile(r"^## (Bad|Good)\n+```yaml\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    default_on: bool
    needs_complete: bool
    unnecessary: bool
    has_fix: bool
    doc: str
    check: Callable[..., Iterable[Finding]]

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]

    @property
    def anchor(self) -> str:
        """The docs/rules.md heading anchor, e.g. `wf103-duration-unit-order`."""
        return f"{self.code.lower()}-{self.name}"

    @property
    def url(self) -> str:
        hosted = os.environ.get("WF_LSP_DOCS_URL")
        return f"{hosted}#{self.anchor}" if hosted else (DOCS_DIR / f"{self.code}.md").as_uri()

    def examples(self, kind: str) -> list[str]:
        """The `Bad` or `Good` YAML examples of the documentation."""
        return [text for label, text in _EXAMPLE.findall(self.doc) if label == kind]


def _load() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for name in MODULES:
        module = importlib.import_module(f"wf_lsp.rules.{name}")
        rules[module.CODE] = Rule(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            default_on=getattr(module, "DEFAULT_ON", True),
            needs_complete=getattr(module, "NEEDS_COMPLETE", False),
            unnecessary=getattr(module, "UNNECESSARY", False),
            has_fix=getattr(module, "HAS_FIX", False),
            doc=module.__doc__ or "",
            check=module.check,
        )
    return rules


RULES: dict[str, Rule] = _load()
