"""The job graph as a Mermaid flowchart, for Markdown that renders Mermaid (GitHub does).

Left to right like the SVG, in a frame titled with the workflow and its worst case: a
node per job (id, display name, timeout, steps, matrix), an arrow per dependency, a
called workflow as a subroutine node `[[...]]` on a dotted link, a name `depends_on` gives
that is no job's as a dashed red node (`no such job`) on dotted links to the jobs naming it.
The critical path is a class and a link style. Node ids are generated (`j0`, `c0`, `m0`): a
job id may hold anything.
Labels are quoted and their text HTML-escaped, `#`, `%` and backquotes included: Mermaid
reads `#name;` as its own entity codes (which its renderer does not always turn back),
`%%{...}%%` anywhere as a directive, a label that starts with a backquote as Markdown, and
`\\n` as a line break, so a backslash is followed by an invisible word joiner. Mermaid
draws no diagram past 500 links or 50,000 characters (`too_big`: `wf-lsp graph` warns).
"""

from __future__ import annotations

import re

from wf_lsp.picture.chart import NEVER_STARTS, Chart, printable, shown_id

CRITICAL = "stroke:#bc4c00,stroke-width:3px"
BLOCKED = "stroke:#cf222e,stroke-dasharray:5 3"
CALL = "stroke-dasharray:4 3"
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "#": "&num;",
            "`": "&grave;", "%": "&percnt;",
            # A word joiner keeps `\\n` from becoming a line break, and shows nothing.
            "\\": "\\\u2060"}


def render(chart: Chart) -> str:
    """The chart as a Mermaid document (`flowchart LR`)."""
    name = printable(chart.title or chart.workflow_id or "workflow")
    lines = [
        "flowchart LR",
        f"  accTitle: {_unparsed(name)}: job graph",
        f"  accDescr: worst case {_unparsed(chart.summary)}",
        f'  subgraph workflow["{label(name)} · worst case {label(chart.summary)}"]',
        "  direction LR",
    ]
    node = {box.job_id: f"j{index}" for index, box in enumerate(chart.boxes)}
    for box in chart.boxes:
        text = [f"<b>{label(shown_id(box.job_id))}</b>"]
        if box.name and box.name != box.job_id:
            text.append(label(box.name))
        text.append(label(" · ".join(box.facts)))
        if box.blocked:
            text.append(NEVER_STARTS)
        lines.append(f'  {node[box.job_id]}["{"<br/>".join(text)}"]')
    calls = [box for box in chart.boxes if box.calls is not None]
    for index, box in enumerate(calls):
        lines.append(f'  c{index}[["workflow<br/><b>{label(box.calls or "")}</b>"]]')
    for index, missing in enumerate(chart.missing):
        lines.append(f'  m{index}["<b>{label(missing.name)}</b><br/>{label(missing.label)}"]')
    for arrow in chart.arrows:
        lines.append(f"  {node[arrow.before]} --> {node[arrow.after]}")
    for index, box in enumerate(calls):
        lines.append(f"  {node[box.job_id]} -.-> c{index}")
    for index, missing in enumerate(chart.missing):  # after the others: linkStyle counts
        lines.extend(f"  m{index} -.-> {node[job_id]}" for job_id in missing.needed_by)
    lines.append("  end")
    lines.append(f"  classDef critical {CRITICAL}")
    lines.append(f"  classDef blocked {BLOCKED}")
    lines.append(f"  classDef callee {CALL}")
    if chart.missing:
        lines.append(f"  classDef missing {BLOCKED},color:#cf222e")
    for css, members in (
        ("critical", [node[box.job_id] for box in chart.boxes if box.critical]),
        ("blocked", [node[box.job_id] for box in chart.boxes if box.blocked]),
        ("callee", [f"c{index}" for index in range(len(calls))]),
        ("missing", [f"m{index}" for index in range(len(chart.missing))]),
    ):
        if members:
            lines.append(f"  class {','.join(members)} {css}")
    critical_links = [str(index) for index, arrow in enumerate(chart.arrows) if arrow.critical]
    if critical_links:
        lines.append(f"  linkStyle {','.join(critical_links)} {CRITICAL}")
    first = len(chart.arrows) + len(calls)
    missing_links = range(first, first + sum(len(m.needed_by) for m in chart.missing))
    if missing_links:
        lines.append(f"  linkStyle {','.join(map(str, missing_links))} stroke:#cf222e")
    return "\n".join(lines) + "\n"


# Mermaid's limits, `maxEdges` and `maxTextSize` (JavaScript's length: UTF-16 units): past
# either it draws an error instead of the diagram. A diagram cannot raise them (they are
# secure settings), and GitHub's renderer keeps them.
MAX_LINKS, MAX_TEXT = 500, 50_000


def too_big(chart: Chart, text: str) -> str | None:
    """Why Mermaid will not draw `text`, the chart's diagram, if it will not."""
    links = (len(chart.arrows) + sum(box.calls is not None for box in chart.boxes)
             + sum(len(missing.needed_by) for missing in chart.missing))
    if links > MAX_LINKS:
        return f"{links:,} links, and Mermaid draws at most {MAX_LINKS:,} (maxEdges)"
    size = len(text.encode("utf-16-le")) // 2
    if size > MAX_TEXT:
        return (f"{size:,} characters, and Mermaid reads at most {MAX_TEXT:,} "
                "(maxTextSize)")
    return None


def _unparsed(text: str) -> str:
    """`text` as a line of plain text (accTitle, accDescr), with a word joiner inside each
    `%%`: Mermaid reads `%%{...}%%` anywhere in the document as a directive (a theme, or,
    left open, everything up to the end) before it parses a line."""
    return re.sub("%(?=%)", "%\u2060", printable(text))


def label(text: str) -> str:
    """`text` safe inside a quoted Mermaid label: shown as written, never as markup."""
    return "".join(_ESCAPES.get(char, char) for char in printable(text))
