"""The picture for the editor: `wf-lsp graph`'s SVG of an open document, and its lens's title.

The VS Code extension shows it beside the workflow (a webview that asks again as the
document changes, through the server's `wfLsp/graph` request) and reveals a job when its
box is clicked: the SVG marks each job's box and timeline row with `data-job`, and
`GraphView.jobs` says where each job's key is. The chart and its SVG are the ones
`wf-lsp graph` draws (`wf_lsp.picture`), so the picture, the code lens's critical path
and the hover all read the same timeline (`wf_lsp.timeline`). A file of several YAML
documents (`---`) has a picture and a lens per workflow: the one at a position
(`workflow_at`), the first one when none is given.
"""

from __future__ import annotations

from wf_lsp.durations import canonical
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Position, Span
from wf_lsp.model import Workflow
from wf_lsp.picture.chart import cut_at, from_workflow
from wf_lsp.records import record


@record
class GraphView:
    """The picture of one workflow of a document."""

    svg: str
    worst_case: str  # `7h30m · 7 hours 30 minutes`, `unbounded (build has no timeout)`, ...
    critical_path: tuple[str, ...]  # job ids, first to run first
    jobs: tuple[tuple[str, Span], ...]  # each job id drawn, with its key (first job of an id)


def workflow_at(snapshot: Snapshot, pos: Position | None = None) -> Workflow | None:
    """`Snapshot.workflow_at`: the workflow the picture of `pos` is of."""
    return snapshot.workflow_at(pos)


def graph_view(snapshot: Snapshot, scheme: str = "auto", at: Position | None = None
               ) -> GraphView | None:
    """The picture of the workflow at `at` (`workflow_at`: the first one without it), as
    `wf-lsp graph` draws; None if none. `scheme` is the SVG's colours: the reader's
    ("auto"), "light" or "dark"."""
    workflow = workflow_at(snapshot, at)
    if workflow is None:
        return None
    from wf_lsp.picture.svg import render  # grandalf's layout: imported when first drawn

    chart = from_workflow(workflow, cut_at(snapshot.result.parsed, workflow))
    jobs = tuple((box.job_id, workflow.by_id[box.job_id].key_span) for box in chart.boxes
                 if box.job_id in workflow.by_id)
    return GraphView(render(chart, scheme), chart.summary, chart.critical_path, jobs)


def graph_lens_title(snapshot: Snapshot, workflow: Workflow) -> str | None:
    """`Show job graph · worst case 7h30m`: the lens on the workflow's `jobs:`; None
    without that key.

    The worst case is the chart's own, so the lens says what the picture it opens says,
    and that it is drawn up to a syntax error that cut the workflow short (the picture
    said so; the lens gave the worst case of the part read as the whole's)."""
    if workflow.jobs_key_span is None:
        return None
    chart = from_workflow(workflow, cut_at(snapshot.result.parsed, workflow))
    if chart.unbounded_by is not None:  # in the picture's words ("build has no timeout")
        return f"Show job graph · worst case {chart.summary}"  # the summary says the cut
    if not chart.boxes:
        title = "Show job graph"
    elif chart.worst_case is not None:
        title = f"Show job graph · worst case {canonical(chart.worst_case)}"
    else:
        title = "Show job graph · nothing can start (dependency cycle)"
    return title if chart.cut_at is None else f"{title} · {chart.cut_note}"
