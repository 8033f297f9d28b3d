"""Text → findings: the one entry point the CLI and the language server share.

parse (with recovery) → decide whether this is a workflow → build the model in one walk
→ run every enabled rule over it → drop suppressed findings → sort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wf_lsp.config import Config
from wf_lsp.findings import Finding
from wf_lsp.model import Workflow, build, is_workflow_root
from wf_lsp.parse import Parsed, Source, parse
from wf_lsp.rules import RULES
from wf_lsp.rules.base import Context
from wf_lsp.suppression import Suppressions, scan

# A file that does not parse is still ours when it plainly is a workflow being typed.
_LOOKS_LIKE_WORKFLOW = re.compile(r"^jobs[ \t]*:", re.M)
_LOOKS_LIKE_ACTIONS = re.compile(r"^[\"']?on[\"']?[ \t]*:", re.M)


@dataclass(frozen=True)
class LintResult:
    path: str | None
    source: Source
    parsed: Parsed
    workflows: tuple[Workflow, ...]
    findings: tuple[Finding, ...]
    skipped: str | None = None  # why the file is not linted; None when it was
    suppressions: Suppressions = Suppressions()

    @property
    def is_workflow(self) -> bool:
        return self.skipped is None


def lint_text(text: str, path: str | None = None, config: Config | None = None) -> LintResult:
    """Lint one file's text. `path` is only used to match config include/exclude."""
    config = config or Config()
    source = Source.from_text(text)
    forced = config.classify(path)
    if forced == "exclude":
        return LintResult(path, source, Parsed((), None), (), (), "excluded by configuration")
    parsed = parse(source)
    if forced == "include":
        roots = tuple(root for root in parsed.roots if root.id == "mapping")
    else:
        roots = tuple(root for root in parsed.roots if is_workflow_root(root))
    if not roots:
        reason = _not_a_workflow(source, parsed) if forced != "include" else None
        if reason is not None:
            return LintResult(path, source, parsed, (), (), reason)

    workflows = tuple(build(root, source) for root in roots)
    findings: list[Finding] = []
    if parsed.error is not None and config.is_enabled("WF001"):
        findings.extend(RULES["WF001"].check(Context(source, parsed, None, config)))
    for workflow in workflows:
        ctx = Context(source, parsed, workflow, config)
        for rule in RULES.values():
            if rule.code == "WF001" or not config.is_enabled(rule.code, rule.default_on):
                continue
            if rule.needs_complete and not parsed.complete:
                continue
            findings.extend(rule.check(ctx))

    suppressions = Suppressions()
    if "wf-lsp" in source.text:
        suppressions = scan(source.lines, _block_scalar_lines(parsed.roots))
    unique = {(f.code, f.span, f.message): f for f in findings if not suppressions.hides(f)}
    ordered = tuple(sorted(unique.values(), key=lambda f: (f.span.start, f.code, f.span.end)))
    return LintResult(path, source, parsed, workflows, ordered, None, suppressions)


def _not_a_workflow(source: Source, parsed: Parsed) -> str | None:
    """Why a file without a workflow root is skipped; None to lint it anyway."""
    if parsed.error is not None:
        text = source.text
        if _LOOKS_LIKE_WORKFLOW.search(text) and not _LOOKS_LIKE_ACTIONS.search(text):
            return None
        return "not valid YAML, and not recognisably a workflow"
    if not parsed.roots:
        return "empty document"
    root = parsed.roots[0]
    if root.id != "mapping":
        return "the document is not a mapping"
    keys = {k.value for k, _ in root.value if k.id == "scalar"}
    if "on" in keys:
        return "has an `on` key (a GitHub Actions workflow?)"
    return "no `jobs` key at the root"


def _block_scalar_lines(roots) -> frozenset[int]:
    """Lines inside block scalars (`run: |`), where a `#` is text, not a comment."""
    lines: set[int] = set()
    stack, seen = list(roots), set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.id == "scalar":
            if node.style in ("|", ">"):
                end = node.end_mark
                last = end.line if end.column else end.line - 1  # ends at column 0 after it
                lines.update(range(node.start_mark.line + 1, last + 1))
        elif node.id == "sequence":
            stack.extend(node.value)
        else:
            for key, value in node.value:
                stack.extend((key, value))
    return frozenset(lines)

