"""The picture for the editor: `wf-lsp graph`'s SVG of an open document, and its lens's title.

The VS Code extension shows it beside the workflow (a webview that asks again as the
document changes, through the server's `wfLsp/graph` request) and reveals a job when its
box is clicked: the SVG marks each job's box and timeline row with `data-job`, and
`GraphView.jobs` says where each job's key is. The chart and its SVG are the ones
`wf-lsp graph` draws (`wf_lsp.picture`), so the picture, the code lens's critical path
and the hover all read the same timeline (`wf_lsp.timeline`).
"""

from __future__ import annotations

from wf_lsp.durations import canonical
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Span
from wf_lsp.picture.chart import from_workflow
from wf_lsp.records import record


@record
class GraphView:
    """The picture of one workflow of a document."""

    svg: str
    worst_case: str  # `7h30m · 7 hours 30 minutes`, `unbounded (build has no timeout)`, ...
    critical_path: tuple[str, ...]  # job ids, first to run first
    jobs: tuple[tuple[str, Span], ...]  # each job id drawn, with its key (first job of an id)


def graph_view(snapshot: Snapshot, scheme: str = "auto") -> GraphView | None:
    """The picture of the document's first workflow (as `wf-lsp graph` draws); None if none.
    `scheme` is the SVG's colours: the reader's ("auto"), "light" or "dark"."""
    if not snapshot.workflows:
        return None
    from wf_lsp.picture.svg import render  # grandalf's layout: imported when first drawn

    workflow = snapshot.workflows[0]
    chart = from_workflow(workflow)
    jobs = tuple((box.job_id, workflow.by_id[box.job_id].key_span) for box in chart.boxes
                 if box.job_id in workflow.by_id)
    return GraphView(render(chart, scheme), chart.summary, chart.critical_path, jobs)


def graph_lens_title(snapshot: Snapshot) -> str | None:
    """`Show job graph · worst case 7h30m`: the lens on `jobs:`; None without a workflow.

    The worst case is the chart's own, so the lens says what the picture it opens says."""
    if not snapshot.workflows or snapshot.workflows[0].jobs_key_span is None:
        return None
    chart = from_workflow(snapshot.workflows[0])
    if not chart.boxes:
        return "Show job graph"
    if chart.worst_case is not None:
        return f"Show job graph · worst case {canonical(chart.worst_case)}"
    if chart.unbounded_by is not None:
        return f"Show job graph · worst case unbounded ({chart.unbounded_by} has no limit)"
    return "Show job graph · nothing can start (dependency cycle)"
