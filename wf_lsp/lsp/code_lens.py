"""Code lens on each job: `timeout 2h · critical path 3h30m`, or `no timeout`.

The critical path is the job's worst-case finish: the longest chain of job timeouts
through its `depends_on` (`wf_lsp.timeline`). Clients ask again after every change, and
each answer comes from the lint of that version. `wfLsp.codeLens.enable: false` turns
the lenses off.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from wf_lsp import timeline
from wf_lsp.findings import Span
from wf_lsp.linter import LintResult
from wf_lsp.lsp import cursor
from wf_lsp.model import Job, Workflow


@dataclass(frozen=True)
class Lens:
    span: Span
    title: str


def job_title(workflow: Workflow, job: Job) -> str:
    """`timeout 2h · critical path 3h30m`, `no timeout`, `invalid timeout`, ..."""
    if job.timeout is None:
        return "no timeout"
    if not job.timeout.usable:
        return "invalid timeout"
    plan = cursor.memo(workflow, "timeline", lambda: timeline.build(workflow))
    title = f"timeout {job.timeout.check.canonical}"
    if job is not workflow.by_id.get(job.id):
        return title  # a repeated job id: the timeline follows the first job of that name
    timing = plan.of(job.id)
    if timing.blocked:
        return f"{title} · never starts (dependency cycle)"
    return f"{title} · critical path {timeline.describe(timing.finish)}"


def job_lenses(result: LintResult) -> list[Lens]:
    """One lens per job, on its key."""
    return [
        Lens(job.key_span, job_title(workflow, job))
        for workflow in result.workflows
        for job in workflow.jobs
    ]


def register(server) -> None:
    """Answer `textDocument/codeLens` (empty when the settings turn lenses off)."""

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def code_lens(params: types.CodeLensParams) -> list[types.CodeLens] | None:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return None
        if not server.settings.code_lens_enable:
            return []
        source = analysis.source
        # An empty command id: a label to read, nothing to run (clients show it unclickable).
        return [
            types.CodeLens(
                range=server.codec.range_to_lsp(source, lens.span),
                command=types.Command(title=lens.title, command=""),
            )
            for lens in job_lenses(analysis.result)
        ]
