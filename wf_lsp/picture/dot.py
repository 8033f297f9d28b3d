"""The job graph in Graphviz's DOT language: `dot -Tpng` and friends draw it.

Left to right like the SVG; the same boxes, arrows and called workflows (dashed), a name
`depends_on` gives that is no job's as a dashed red box (`no such job`), the
critical path thick and coloured, the worst case in the graph's label, each job's
worst-case start and end in its tooltip. Node ids are generated (`j0`, `c0`, `m0`); labels
are quoted strings with `\\` and `"` escaped, `&` as `&amp;` (Graphviz reads entities in
them), and `\\n` between lines.
"""

from __future__ import annotations

from wf_lsp.picture.chart import Chart, path_text, printable, shown_id

ACCENT, DANGER, LINE, FILL = "#bc4c00", "#cf222e", "#818b98", "#f6f8fa"


def render(chart: Chart) -> str:
    """The chart as a DOT digraph."""
    name = chart.title or chart.workflow_id or "workflow"
    heading = [name, f"worst case {chart.summary}"]
    if len(chart.critical_path) > 1:
        heading.append("critical path: " + path_text(chart.critical_path))
    lines = [
        "digraph workflow {",
        f"  graph [rankdir=LR, labelloc=t, fontname=\"sans-serif\", "
        f"label={quote(*heading)}];",
        f"  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\", fontsize=11, "
        f"color=\"{LINE}\", fillcolor=\"{FILL}\"];",
        f"  edge [color=\"{LINE}\"];",
    ]
    node = {box.job_id: f"j{index}" for index, box in enumerate(chart.boxes)}
    for box in chart.boxes:
        text = [shown_id(box.job_id)]
        if box.name and box.name != box.job_id:
            text.append(box.name)
        text.append(" · ".join(box.facts))
        attrs = [f"label={quote(*text)}", f"tooltip={quote(box.window)}"]
        if box.critical:
            attrs += [f'color="{ACCENT}"', "penwidth=2", 'fillcolor="#fff1e5"']
        elif box.blocked:
            attrs += [f'color="{DANGER}"', 'style="rounded,filled,dashed"', 'fillcolor="#ffebe9"']
        lines.append(f"  {node[box.job_id]} [{', '.join(attrs)}];")
    for arrow in chart.arrows:
        style = (f' [color="{ACCENT}", penwidth=2.5]' if arrow.critical
                 else f' [color="{DANGER}", style=dashed]' if chart.box(arrow.after).blocked
                 else "")
        lines.append(f"  {node[arrow.before]} -> {node[arrow.after]}{style};")
    for index, missing in enumerate(chart.missing):
        lines.append(f"  m{index} [label={quote(missing.name, missing.label)}, "
                     f"tooltip={quote(missing.window)}, color=\"{DANGER}\", "
                     f"fontcolor=\"{DANGER}\", style=\"rounded,dashed\"];")
        lines.extend(f"  m{index} -> {node[job_id]} [color=\"{DANGER}\", style=dashed];"
                     for job_id in missing.needed_by)
    for index, box in enumerate(box for box in chart.boxes if box.calls is not None):
        lines.append(f"  c{index} [label={quote('workflow', box.calls or '')}, "
                     'style="rounded,dashed"];')
        lines.append(f"  {node[box.job_id]} -> c{index} [style=dashed];")
    return "\n".join(lines) + "\n}\n"


def quote(*lines: str) -> str:
    """A DOT string of `lines`, centred one under the other."""
    # `&` too: Graphviz reads `&amp;` and `&#65;` in any label as entities (a job `&#65;` was "A").
    body = "\\n".join(printable(line).replace("\\", "\\\\").replace('"', '\\"')
                      .replace("&", "&amp;") for line in lines)
    return f'"{body}"'
