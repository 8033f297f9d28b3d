"""The rule registry, every rule by code, and the engine that runs them over a document.

A rule is one module with `CODE`, `NAME`, `SEVERITY` and `check(ctx)` yielding findings
(`ctx.report(...)`, at the severity the configuration gives the rule); its docstring is
its documentation (`wf-lsp rule CODE`, docs/rules.md), with `## Bad` and `## Good` YAML
examples that a test runs through the linter. Optional: `DEFAULT_ON = False` (off until
selected or configured), `NEEDS_COMPLETE = True` (held back while the document has a
syntax error: what is missing may be after it), `UNNECESSARY = True` (editors fade the
ranges of its findings, unless `ctx.report(..., unnecessary=False)`), `HAS_FIX = True`,
`WHOLE_FILE = True` (checked once per file, not per workflow), `NAMES_LINES = True` (a
message names a line number: its findings are made again, not moved, when lines above
them come or go), `READS_TIMEOUTS = "each"` (it judges timeout values one by one) or
`"job"` (a job's together): it cannot judge a value not readable (`3h 0m`), or, for
`"job"`, the other timeouts of its job; an ignore comment for it there is not called
unused. `ACROSS_FILES = True` (it reads the other workflows of the workspace: held back
while the workspace is still being indexed, `Workspace.indexed`, where it would report
a callee not read yet as missing), `NEEDS_EVERY_WORKFLOW = True` (it says a workflow is
missing: held back too where part of the project was not read, `Workspace.unread`).
A new rule is a new module, imported and listed below.

The duration rules (WF101-WF111) also have `judge(value, check)`: one value gets one of
them, the first that objects in `wf_lsp.rules.durations.ORDER`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from types import ModuleType

from wf_lsp.config import Config
from wf_lsp.findings import Finding, Severity
from wf_lsp.memo import NodeMemo
from wf_lsp.model import Workflow
from wf_lsp.parse import Parsed, Source
from wf_lsp.records import record
from wf_lsp.rules import (
    call_cycle,
    call_inputs,
    callee_timeouts_exceed_call,
    character_compared_with_string,
    cron_syntax,
    cron_undocumented,
    dependency_cycle,
    duplicate_dependency,
    duplicate_key,
    duplicate_secret_alias,
    duplicate_workflow_id,
    duration_malformed,
    duration_missing_unit,
    duration_negative,
    duration_not_canonical,
    duration_overflow,
    duration_style,
    duration_type,
    duration_unit_order,
    duration_unknown_unit,
    duration_whitespace,
    duration_zero,
    empty_collection,
    exclusive_keys,
    expression_not_allowed,
    expression_syntax,
    incompatible_comparison,
    injection_in_run,
    input_definition,
    integer_overflow,
    invalid_job_id,
    lookalike_names,
    matrix_outside_matrix_job,
    missing_key,
    missing_timeout,
    required_with_default,
    schedule_inputs,
    secret_name,
    step_timeout_exceeds_job,
    step_timeouts_sum_exceeds_job,
    storage_url,
    timeout_above_limit,
    undefined_env,
    undefined_reference,
    undefined_template,
    unknown_context,
    unknown_dependency,
    unknown_key,
    unknown_workflow,
    unused_suppression,
    workflow_not_callable,
    wrong_argument_count,
    wrong_argument_type,
    wrong_type,
    yaml_syntax,
)
from wf_lsp.rules.base import Context
from wf_lsp.workspace import View

# In the catalog's order (`wf-lsp rules`, docs/rules.md, SARIF).
MODULES: tuple[ModuleType, ...] = (
    yaml_syntax,
    duplicate_key,
    unknown_key,
    missing_key,
    wrong_type,
    exclusive_keys,
    invalid_job_id,
    lookalike_names,
    unused_suppression,
    duration_missing_unit,
    duration_whitespace,
    duration_unit_order,
    duration_zero,
    duration_negative,
    duration_unknown_unit,
    duration_malformed,
    duration_type,
    duration_overflow,
    duration_style,
    duration_not_canonical,
    step_timeout_exceeds_job,
    step_timeouts_sum_exceeds_job,
    missing_timeout,
    timeout_above_limit,
    unknown_dependency,
    dependency_cycle,
    duplicate_dependency,
    expression_syntax,
    unknown_context,
    undefined_reference,
    undefined_env,
    matrix_outside_matrix_job,
    expression_not_allowed,
    injection_in_run,
    character_compared_with_string,
    wrong_argument_count,
    incompatible_comparison,
    wrong_argument_type,
    undefined_template,
    integer_overflow,
    input_definition,
    required_with_default,
    duplicate_secret_alias,
    secret_name,
    storage_url,
    empty_collection,
    cron_syntax,
    cron_undocumented,
    schedule_inputs,
    duplicate_workflow_id,
    unknown_workflow,
    workflow_not_callable,
    call_inputs,
    call_cycle,
    callee_timeouts_exceed_call,
)

# Each rule's page (what `wf-lsp rule CODE` prints) ships inside the package, so that a
# diagnostic's link opens offline at that rule; WF_LSP_DOCS_URL points it at a hosted
# docs/rules.md instead.
DOCS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "docs",
                        "rules")

# An example is one YAML block, or several in a row, one file each (`# file: NAME` first):
# a call and the workflow it calls. The first is the file the finding is in. Pattern texts,
# compiled on first use: only the docs and tests read the examples, not a lint.
_EXAMPLE = r"(?sm)^## (Bad|Good)\n+((?:```yaml\n.*?^```\n+)+)"
_BLOCK = r"(?sm)^```yaml\n(.*?)^```"
_FILE = r"\A# file: (\S+)\n"


@record
class Rule:
    code: str
    name: str
    severity: Severity  # the default; the configuration may change it
    default_on: bool
    needs_complete: bool
    unnecessary: bool
    has_fix: bool
    whole_file: bool
    names_lines: bool
    reads_timeouts: str | None  # "each", "job"
    across_files: bool
    needs_every_workflow: bool
    doc: str
    check: Callable[[Context], Iterable[Finding]]

    @classmethod
    def of(cls, module: ModuleType) -> Rule:
        """The rule a rule module defines."""
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            default_on=getattr(module, "DEFAULT_ON", True),
            needs_complete=getattr(module, "NEEDS_COMPLETE", False),
            unnecessary=getattr(module, "UNNECESSARY", False),
            has_fix=getattr(module, "HAS_FIX", False),
            whole_file=getattr(module, "WHOLE_FILE", False),
            names_lines=getattr(module, "NAMES_LINES", False),
            reads_timeouts=getattr(module, "READS_TIMEOUTS", None),
            across_files=getattr(module, "ACROSS_FILES", False),
            needs_every_workflow=getattr(module, "NEEDS_EVERY_WORKFLOW", False),
            doc=module.__doc__ or "",
            check=module.check,
        )

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
        if hosted:
            return f"{hosted}#{self.anchor}"
        from pathlib import Path  # only for SARIF and the server: not on a lint's start

        return Path(DOCS_DIR, f"{self.code}.md").as_uri()

    def examples(self, kind: str) -> list[str]:
        """The `Bad` or `Good` YAML examples of the documentation (the first file of each)."""
        return [files[0][1] for files in self.example_files(kind)]

    def example_files(self, kind: str) -> list[tuple[tuple[str, str], ...]]:
        """Each `Bad` or `Good` example as its files: (name, text), the first first; a
        one-file example's is named `example.yaml`."""
        examples = []
        for label, blocks in re.findall(_EXAMPLE, self.doc):
            if label == kind:
                texts = re.findall(_BLOCK, blocks)
                examples.append(tuple(
                    ((named[1] if (named := re.match(_FILE, text)) else "example.yaml"), text)
                    for text in texts))
        return examples


RULES: dict[str, Rule] = {module.CODE: Rule.of(module) for module in MODULES}


def enabled_rules(parsed: Parsed, config: Config, indexed: bool = True,
                  read_whole: bool = True) -> list[Rule]:
    """The rules that run over a document: those the configuration enables, but those
    that need the whole document when a syntax error cut it short, those that read
    other files while the workspace is not `indexed` yet, and those that say a workflow
    is missing when part of it was not read (not `read_whole`: `Workspace.unread`)."""
    return [rule for rule in RULES.values()
            if config.is_enabled(rule.code, rule.default_on)
            and (parsed.whole or not rule.needs_complete)
            and (indexed or not rule.across_files)
            and (read_whole or not rule.needs_every_workflow)]


def run(source: Source, parsed: Parsed, workflows: tuple[Workflow, ...],
        config: Config, workspace: View | None = None, memo: NodeMemo | None = None,
        silenced: Callable[[str, int], bool] | None = None) -> list[Finding]:
    """Every rule the configuration enables, over the file and each workflow in it, each
    at its configured severity. Unsorted; suppression comments are not applied here, but
    what they silence (`silenced(code, line)`) is never folded into a capped finding."""
    enabled = enabled_rules(parsed, config, workspace is None or workspace.workspace.indexed,
                            workspace is None or not workspace.workspace.unread)
    severity = {rule.code: config.severity_of(rule.code, rule.severity) for rule in enabled}
    findings: list[Finding] = []
    for index, workflow in enumerate((None, *workflows)):
        shared: dict = {}  # what the rules of one workflow compute once (see Context)
        entry = workspace.entry_of(index - 1) if workspace and workflow else None
        for rule in enabled:
            if rule.whole_file == (workflow is None):
                ctx = Context(source, parsed, workflow, config, rule.code, severity[rule.code],
                              shared, workspace=workspace, entry=entry, memo=memo,
                              names_lines=rule.names_lines, unnecessary=rule.unnecessary,
                              silenced=silenced)
                findings.extend(rule.check(ctx))
    return findings
