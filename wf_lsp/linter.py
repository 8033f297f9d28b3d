"""Text → findings: the one entry point the CLI and the language server share.

parse (with recovery) → decide whether this is a workflow → build the model in one walk
→ run every enabled rule over it → drop suppressed findings → sort.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

from wf_lsp.config import Config
from wf_lsp.detect import classify
from wf_lsp.findings import Finding, Span
from wf_lsp.model import Workflow, build, span_of
from wf_lsp.parse import Parsed, Source, parse
from wf_lsp.rules import RULES
from wf_lsp.rules.base import Context
from wf_lsp.suppression import Suppressions, scan


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
    # A lint allocates some 100,000 objects that all live until it ends, and no cycles:
    # the cyclic collector's passes over them (in the server, over every analysis kept
    # too) find nothing, and took a fifth of the time (benchmarks/RESULTS.md).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _lint_text(text, path, config)
    finally:
        if collecting:
            gc.enable()


def _lint_text(text: str, path: str | None, config: Config | None) -> LintResult:
    config = config or Config()
    source = Source.from_text(text)
    forced = config.classify(path)
    if forced == "exclude":
        return LintResult(path, source, Parsed((), None), (), (), "excluded by configuration")
    parsed = parse(source)
    if forced == "include":
        roots = tuple(root for root in parsed.roots if root.id == "mapping")
    else:
        verdict = classify(parsed, source.text)
        if not verdict.is_workflow:
            return LintResult(path, source, parsed, (), (), verdict.reason)
        roots = verdict.roots

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

    if not parsed.complete:
        cut = _cut_value(parsed.roots)
        if cut is not None:
            findings = [f for f in findings if f.code == "WF001" or f.span != cut]

    suppressions = Suppressions()
    if "wf-lsp" in source.text:
        suppressions = scan(source.lines, *_text_regions(parsed.roots))
    unique = {(f.code, f.span, f.message): f for f in findings if not suppressions.hides(f)}
    ordered = tuple(sorted(unique.values(), key=lambda f: (f.span.start, f.code, f.span.end)))
    return LintResult(path, source, parsed, workflows, ordered, None, suppressions)


def _cut_value(roots) -> Span | None:
    """The empty value the part before a syntax error ends with, if any.

    `b:` whose content was on the lines cut off reads as null: findings about it
    ("must be a mapping, not empty") describe the cut, not the user's text.
    """
    node = roots[-1] if roots else None
    while node is not None and node.id != "scalar":
        if not node.value:
            return None
        node = node.value[-1][1] if node.id == "mapping" else node.value[-1]
    if node is None or node.tag != "tag:yaml.org,2002:null" or node.value:
        return None
    return span_of(node)


def _text_regions(roots) -> tuple[frozenset[int], tuple[Span, ...]]:
    """Where a `#` is text, not a comment: the lines inside block scalars (`run: |`), and
    quoted scalars that mention wf-lsp (`run: "echo '# wf-lsp: ignore'"`)."""
    lines: set[int] = set()
    quoted: list[Span] = []
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
            elif node.style in ('"', "'") and "wf-lsp" in node.value:
                quoted.append(span_of(node))
        elif node.id == "sequence":
            stack.extend(node.value)
        else:
            for key, value in node.value:
                stack.extend((key, value))
    return frozenset(lines), tuple(quoted)

