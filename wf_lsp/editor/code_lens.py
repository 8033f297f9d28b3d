"""Code lens contents: `timeout 2h · critical path 3h30m`, or `no timeout`, on each job.

The critical path is the job's worst-case finish: the longest chain of job timeouts
through its `depends_on` (`wf_lsp.timeline`). When that chain holds other jobs, the lens
can reveal them (`Lens.path`: each job's key, first one first); otherwise it is a label.
A path longer than `PATH_AT_MOST` jobs is left out (`Lens.reveals` without a `path`), to
be asked for when the lens is shown (`critical_path_of`): the paths of a chain of n jobs
hold n²/2 keys, minutes of work and tens of megabytes for a chain of 1,000.
"""

from __future__ import annotations

from wf_lsp import timeline
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Position, Span
from wf_lsp.model import Job, Workflow
from wf_lsp.records import record


@record
class Lens:
    """A label to show above `span`; `path` is what clicking it reveals (empty: nothing)."""

    span: Span
    title: str
    path: tuple[Span, ...] = ()
    reveals: bool = False  # the critical path holds other jobs (in `path` unless too long)


# The longest critical path a lens carries; a longer one is asked for (`critical_path_of`).
PATH_AT_MOST = 32


def job_title(snapshot: Snapshot, workflow: Workflow, job: Job) -> str:
    """`timeout 2h · critical path 3h30m`, `no timeout`, `invalid timeout`, ..."""
    if job.timeout is None:
        return "no timeout"
    if not job.timeout.usable:
        return "invalid timeout"
    title = f"timeout {job.timeout.reading.canonical}"
    if job is not workflow.by_id.get(job.id):
        return title  # a repeated job id: the timeline follows the first job of that name
    timing = snapshot.timeline(workflow).of(job.id)
    if timing.blocked:
        return f"{title} · never starts (dependency cycle)"
    return f"{title} · critical path {timeline.describe(timing.finish)}"


def job_lenses(snapshot: Snapshot) -> list[Lens]:
    """One lens per job, on its key: linear in the jobs (a path of at most
    `PATH_AT_MOST` jobs each)."""
    lenses = []
    for workflow in snapshot.workflows:
        for job in workflow.jobs:
            title = job_title(snapshot, workflow, job)
            if "critical path" not in title:
                lenses.append(Lens(job.key_span, title))
                continue
            names = snapshot.timeline(workflow).critical_path(job.id, PATH_AT_MOST)
            if names is None:
                lenses.append(Lens(job.key_span, title, reveals=True))
            else:  # the job alone: nothing to reveal
                path = _spans(workflow, names) if len(names) > 1 else ()
                lenses.append(Lens(job.key_span, title, path, reveals=bool(path)))
    return lenses


def critical_path_of(snapshot: Snapshot, pos: Position) -> Lens | None:
    """The lens of the job whose key is at `pos`, with its whole path."""
    token = snapshot.tokens.at(pos)
    if token is None or token.kind != "job":
        return None
    workflow, job = token.workflow, token.job
    title = job_title(snapshot, workflow, job)
    if "critical path" not in title:
        return Lens(job.key_span, title)
    names = snapshot.timeline(workflow).critical_path(job.id)
    path = _spans(workflow, names) if len(names) > 1 else ()
    return Lens(job.key_span, title, path, reveals=bool(path))


def _spans(workflow: Workflow, names: tuple[str, ...]) -> tuple[Span, ...]:
    return tuple(workflow.by_id[name].key_span for name in names)


def critical_path_text(snapshot: Snapshot, pos: Position) -> str | None:
    """`preprocess 30m → train 6h → evaluate 1h: 7h30m` for the job whose key is at `pos`:
    what a lens shows where the editor has no list to reveal the path in."""
    token = snapshot.tokens.at(pos)
    if token is None or token.kind != "job":
        return None
    workflow, job = token.workflow, token.job
    if job is not workflow.by_id.get(job.id):
        return None  # a repeated job id: the timeline follows the first job of that name
    plan = snapshot.timeline(workflow)
    timing = plan.of(job.id)
    if timing.blocked:
        return None
    steps = []
    for name in plan.critical_path(job.id):
        limit = plan.of(name).timeout
        steps.append(f"{name} {timeline.describe(limit) if limit is not None else '(no timeout)'}")
    return f"critical path to {job.id}: {' → '.join(steps)}: {timeline.describe(timing.finish)}"
