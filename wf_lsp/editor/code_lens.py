"""Code lens contents: `timeout 2h · critical path 3h30m`, or `no timeout`, on each job.

The critical path is the job's worst-case finish: the longest chain of job timeouts
through its `depends_on` (`wf_lsp.timeline`).
"""

from __future__ import annotations

from dataclasses import dataclass

from wf_lsp import timeline
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Span
from wf_lsp.model import Job, Workflow


@dataclass(frozen=True)
class Lens:
    """A label to show above `span`."""

    span: Span
    title: str


def job_title(snapshot: Snapshot, workflow: Workflow, job: Job) -> str:
    """`timeout 2h · critical path 3h30m`, `no timeout`, `invalid timeout`, ..."""
    if job.timeout is None:
        return "no timeout"
    if not job.timeout.usable:
        return "invalid timeout"
    title = f"timeout {job.timeout.check.canonical}"
    if job is not workflow.by_id.get(job.id):
        return title  # a repeated job id: the timeline follows the first job of that name
    timing = snapshot.timeline(workflow).of(job.id)
    if timing.blocked:
        return f"{title} · never starts (dependency cycle)"
    return f"{title} · critical path {timeline.describe(timing.finish)}"


def job_lenses(snapshot: Snapshot) -> list[Lens]:
    """One lens per job, on its key."""
    return [
        Lens(job.key_span, job_title(snapshot, workflow, job))
        for workflow in snapshot.workflows
        for job in workflow.jobs
    ]
