"""The job graph as a Mermaid flowchart, for Markdown that renders Mermaid (GitHub does).

Left to right like the SVG: a node per job (id, display name, timeout, steps, matrix),
an arrow per dependency, a called workflow as a subroutine node `[[...]]` on a dotted
link. The critical path is a class and a link style; the worst case is the title.
Node ids are generated (`j0`, `c0`): a job id may hold anything. Labels are quoted,
with Mermaid's entity codes for what would end or change them (`"`, `#`, `<`, `>`, `&`).
"""

from __future__ import annotations

import json

from wf_lsp.picture.chart import Chart, printable

CRITICAL = "stroke:#bc4c00,stroke-width:3px"
BLOCKED = "stroke:#cf222e,stroke-dasharray:5 3"
CALL = "stroke-dasharray:4 3"
_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}


def render(chart: Chart) -> str:
    """The chart as a Mermaid document (`flowchart LR`)."""
    name = chart.title or chart.workflow_id or "workflow"
    lines = ["---", f"title: {json.dumps(printable(f'{name} · worst case {chart.summary}'), ensure_ascii=False)}",
             "---", "flowchart LR"]
    node = {box.job_id: f"j{index}" for index, box in enumerate(chart.boxes)}
    for box in chart.boxes:
        text = [f"<b>{label(box.job_id)}</b>"]
        if box.name and box.name != box.job_id:
            text.append(label(box.name))
        text.append(label(" · ".join(box.facts)))
        if box.blocked:
            text.append("never starts: dependency cycle")
        lines.append(f'  {node[box.job_id]}["{"<br/>".join(text)}"]')
    links: list[str] = []
    for arrow in chart.arrows:
        links.append(f"  {node[arrow.before]} --> {node[arrow.after]}")
    calls = [box for box in chart.boxes if box.calls is not None]
    for index, box in enumerate(calls):
        lines.append(f'  c{index}[["workflow<br/><b>{label(box.calls or "")}</b>"]]')
        links.append(f"  {node[box.job_id]} -.-> c{index}")
    lines += links
    lines.append(f"  classDef critical {CRITICAL}")
    lines.append(f"  classDef blocked {BLOCKED}")
    lines.append(f"  classDef call {CALL}")
    for css, members in (
        ("critical", [node[box.job_id] for box in chart.boxes if box.critical]),
        ("blocked", [node[box.job_id] for box in chart.boxes if box.blocked]),
        ("call", [f"c{index}" for index in range(len(calls))]),
    ):
        if members:
            lines.append(f"  class {','.join(members)} {css}")
    critical_links = [str(index) for index, arrow in enumerate(chart.arrows) if arrow.critical]
    if critical_links:
        lines.append(f"  linkStyle {','.join(critical_links)} {CRITICAL}")
    return "\n".join(lines) + "\n"


def label(text: str) -> str:
    """`text` safe inside a quoted Mermaid label."""
    return "".join(_ENTITIES.get(char, char) for char in printable(text))
