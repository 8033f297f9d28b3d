"""The outline: workflow → jobs → steps, each with its timeout as detail.

Steps are named by `name`, or `step N` and the first words of `run` (`Step.label`).
Ranges end at the last written line of each block, not where the next key begins, so
editors that follow the cursor in the outline pick the right job.
"""

from __future__ import annotations

from wf_lsp.editor.spans import content_end
from wf_lsp.findings import Span
from wf_lsp.linter import Analysis
from wf_lsp.model import DurationValue, Section, Workflow
from wf_lsp.records import record


@record
class Symbol:
    """One outline entry, in the core's positions."""

    name: str
    kind: str  # "workflow", "job" or "step"
    detail: str | None
    span: Span
    selection: Span
    children: tuple[Symbol, ...] = ()


def timeout_detail(value: DurationValue | None) -> str | None:
    """`timeout 2h`, `timeout "2 h" (invalid)`, or None without a timeout."""
    if value is None:
        return None
    if value.usable:
        return f"timeout {value.reading.canonical}"
    return f'timeout "{value.text}" (invalid)' if value.text is not None else "timeout (invalid)"


def outline(result: Analysis) -> tuple[Symbol, ...]:
    """The symbols of every workflow in `result` (`Snapshot.outline` keeps them)."""
    return tuple(_workflow(result, workflow) for workflow in result.workflows)


def _workflow(result: Analysis, workflow: Workflow) -> Symbol:
    source = result.source
    jobs = []
    for job in workflow.jobs:
        steps = tuple(
            _symbol(step.label, "step", timeout_detail(step.timeout),
                    content_end(source, step.section.span), step.section.anchor)
            for step in job.steps
        )
        span = content_end(source, job.span)
        jobs.append(_symbol(job.id, "job", timeout_detail(job.timeout), span, job.key_span, steps))
    root = workflow.root
    return _symbol(_title(root), "workflow", None, content_end(source, root.span),
                   _name_span(root), tuple(jobs))


def _symbol(name: str, kind: str, detail: str | None, span: Span, selection: Span,
            children: tuple[Symbol, ...] = ()) -> Symbol:
    """A symbol whose selection lies inside its range, as LSP requires (VS Code rejects the
    whole outline otherwise): a range cut back to its content, as in `- run: ` half typed,
    can end before the anchor of its block does."""
    start = min(max(selection.start, span.start), span.end)
    end = max(min(selection.end, span.end), start)
    return Symbol(name, kind, detail, span, Span(start, end), children)


def _title(root: Section) -> str:
    for key in ("id", "name"):
        entry = root.get(key)
        if entry is not None and entry.value.id == "scalar" and entry.value.value:
            return str(entry.value.value)
    return "workflow"


def _name_span(root: Section) -> Span:
    for key in ("id", "name", "jobs"):
        entry = root.get(key)
        if entry is not None and not entry.merged:
            return entry.key_span
    return root.anchor
