"""The chart as one self-contained SVG: the job graph above, the worst-case timeline below.

No fonts, images or scripts are fetched: text uses the reader's system fonts, so box
sizes come from a conservative estimate of text width (`text_width`). The palette is
CSS in the SVG's own `<style>`, switched by `prefers-color-scheme`, over an opaque
background, so it reads the same in a browser, on GitHub (as an `<img>`) and inline in
a page, light or dark. Every class is prefixed `wf-`: inline, the style is the page's.
Text goes through ElementTree, which escapes it, after `printable` has written what
XML cannot hold at all (controls, lone surrogates) as escapes.
"""

from __future__ import annotations

import unicodedata
from math import ceil
import xml.etree.ElementTree as ET

from wf_lsp.durations import canonical
from wf_lsp.picture.chart import NEVER_STARTS, Box, Chart, Missing, path_text, shown_id
from wf_lsp.picture.chart import printable as xml_text
from wf_lsp.picture.layout import Placement, Rect, Route, place
from wf_lsp.records import record

SANS = ('-apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, '
        'sans-serif')
MONO = ('ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", '
        '"DejaVu Sans Mono", monospace')

LIGHT = f"""
.wf-bg {{ fill: #ffffff; stroke: #d1d9e0; }}
.wf-text {{ font-family: {SANS}; fill: #1f2328; }}
.wf-mono {{ font-family: {MONO}; }}
.wf-muted {{ fill: #59636e; }}
.wf-strong {{ font-weight: 600; }}
.wf-accent {{ fill: #bc4c00; }}
.wf-danger {{ fill: #cf222e; }}
.wf-box {{ fill: #f6f8fa; stroke: #818b98; stroke-width: 1; }}
.wf-box.wf-critical {{ fill: #fff1e5; stroke: #bc4c00; stroke-width: 2; }}
.wf-box.wf-blocked {{ fill: #ffebe9; stroke: #cf222e; stroke-dasharray: 5 3; }}
.wf-box.wf-missing {{ fill: #ffffff; stroke: #cf222e; stroke-dasharray: 5 3; }}
.wf-call {{ fill: #f6f8fa; stroke: #818b98; stroke-dasharray: 4 3; }}
.wf-arrow {{ fill: none; stroke: #818b98; stroke-width: 1.5; }}
.wf-arrow.wf-critical {{ stroke: #bc4c00; stroke-width: 2.5; }}
.wf-arrow.wf-blocked, .wf-arrow.wf-missing {{ stroke: #cf222e; stroke-dasharray: 5 3; }}
.wf-arrow.wf-link {{ stroke-dasharray: 4 3; }}
.wf-head {{ fill: #818b98; }}
.wf-head.wf-critical {{ fill: #bc4c00; }}
.wf-head.wf-blocked, .wf-head.wf-missing {{ fill: #cf222e; }}
.wf-grid {{ stroke: #d1d9e0; stroke-width: 1; }}
.wf-rule {{ stroke: #d1d9e0; stroke-width: 1; }}
.wf-end {{ stroke: #bc4c00; stroke-width: 1.5; stroke-dasharray: 4 3; }}
.wf-bar {{ fill: #ddf4ff; stroke: #0969da; stroke-width: 1; }}
.wf-bar.wf-critical {{ fill: #ffd8b5; stroke: #bc4c00; stroke-width: 1.5; }}
.wf-bar.wf-open {{ fill: none; stroke-dasharray: 5 3; }}
.wf-swatch-blocked {{ fill: none; stroke: #cf222e; stroke-dasharray: 4 2; }}
.wf-swatch-open {{ fill: none; stroke: #59636e; stroke-width: 1; stroke-dasharray: 5 3; }}
"""
DARK = """\
  .wf-bg { fill: #0d1117; stroke: #3d444d; }
  .wf-text { fill: #e6edf3; }
  .wf-muted { fill: #9198a1; }
  .wf-accent { fill: #f0883e; }
  .wf-danger { fill: #ff7b72; }
  .wf-box { fill: #161b22; stroke: #656c76; }
  .wf-box.wf-critical { fill: #2d1a0b; stroke: #f0883e; }
  .wf-box.wf-blocked { fill: #25171c; stroke: #ff7b72; }
  .wf-box.wf-missing { fill: #0d1117; stroke: #ff7b72; }
  .wf-call { fill: #161b22; stroke: #656c76; }
  .wf-arrow { stroke: #656c76; }
  .wf-arrow.wf-critical { stroke: #f0883e; }
  .wf-arrow.wf-blocked, .wf-arrow.wf-missing { stroke: #ff7b72; }
  .wf-head { fill: #656c76; }
  .wf-head.wf-critical { fill: #f0883e; }
  .wf-head.wf-blocked, .wf-head.wf-missing { fill: #ff7b72; }
  .wf-grid, .wf-rule { stroke: #30363d; }
  .wf-end { stroke: #f0883e; }
  .wf-bar { fill: #0c2d6b; stroke: #4493f8; }
  .wf-bar.wf-critical { fill: #5a2a06; stroke: #f0883e; }
  .wf-bar.wf-open { fill: none; }
  .wf-swatch-blocked { stroke: #ff7b72; }
  .wf-swatch-open { stroke: #9198a1; }
"""
# The reader's scheme by default; an editor that knows its theme asks for one.
STYLES = {"auto": f"{LIGHT}@media (prefers-color-scheme: dark) {{\n{DARK}}}\n",
          "light": LIGHT, "dark": LIGHT + DARK}

PAD = 24.0
BOX_PAD_X, BOX_PAD_Y = 12.0, 9.0
BOX_MAX_TEXT = 240.0  # longer names are cut with … (the tooltip has them whole)
LINE = {13: 18.0, 12: 17.0, 11: 15.0}
ROW = 26.0
BAR = 16.0
MIN_WIDTH = 640.0
MAX_HEADER = 900.0
OPEN_ZONE = 110.0  # past the bounded scale: where jobs without a limit run on
HEAD = 7.0  # arrowhead length
AXIS = 42.0  # the time axis's labels, below the timeline's heading

TICK_STEPS = [s * 10**9 for s in (1, 2, 5, 10, 15, 30)] + [
    m * 60 * 10**9 for m in (1, 2, 5, 10, 15, 30)] + [
    h * 3600 * 10**9 for h in (1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440, 2880)]
MAX_TICKS = 8


def render(chart: Chart, scheme: str = "auto") -> str:
    """The chart as an SVG document, in the reader's colour scheme or in `scheme`
    ("light", "dark": the editor's theme, which a webview's media query does not see)."""
    return ET.tostring(_svg(chart, STYLES[scheme]), encoding="unicode") + "\n"


def text_width(text: str, size: float, mono: bool = False) -> float:
    """A generous estimate of `text`'s width in pixels at font `size`, after the widest
    common fallback (DejaVu Sans): wide (CJK) and emoji characters take a full em,
    combining marks and joiners nothing."""
    return sum(_ems(char, mono) for char in text) * size


def _ems(char: str, mono: bool) -> float:
    """One character's width in ems (`text_width`)."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.1
    if mono:
        return 0.62
    if char in "iljtfr.,:;|!'()[] ":
        return 0.4
    if char in "mwMW@%":
        return 0.98
    return 0.8 if char.isupper() else 0.64


def fit(text: str, size: float, limit: float, mono: bool = False) -> str:
    """`text`, cut with … to fit `limit` pixels, between two characters a reader sees
    apart (`findings.character_start`): cut a code point at a time, a flag lost its
    second letter (`🇳…` for 🇳🇱) and a skin-toned emoji its tone. One pass over the
    text: measuring it again after each character taken off took 80 s for a name of
    20,000 characters."""
    if text_width(text, size, mono) <= limit:
        return text
    from wf_lsp.findings import character_start

    room = limit / size - _ems("…", mono)
    used, end = 0.0, 0
    for char in text:
        used += _ems(char, mono)
        if used > room:
            break
        end += 1
    return text[:character_start(text, end)].rstrip("\u200d ") + "…"


@record
class _Line:
    text: str
    size: int
    classes: str
    mono: bool = False


def _box_lines(box: Box) -> list[_Line]:
    lines = [_Line(shown_id(box.job_id), 13, "wf-strong" + (" wf-accent" if box.critical else ""), True)]
    if box.name and box.name != box.job_id:
        lines.append(_Line(box.name, 12, ""))
    lines.append(_Line(" · ".join(box.facts), 11, "wf-muted"))
    if box.blocked:
        lines.append(_Line(NEVER_STARTS, 11, "wf-danger"))
    return lines


def _lines_size(lines: list[_Line]) -> tuple[float, float]:
    widths = [min(BOX_MAX_TEXT, text_width(xml_text(line.text), line.size, line.mono))
              for line in lines]
    # Whole pixels: a width summed in another order must not come out a hair narrower.
    return (ceil(max(widths)) + 2 * BOX_PAD_X,
            sum(LINE[line.size] for line in lines) + 2 * BOX_PAD_Y)


def _call_lines(box: Box) -> list[_Line]:
    return [_Line("workflow", 11, "wf-muted"), _Line(box.calls or "", 12, "wf-strong", True)]


def _missing_lines(missing: Missing) -> list[_Line]:
    return [_Line(missing.name, 13, "wf-strong wf-danger", True), _Line(missing.label, 11, "wf-danger")]


class _Canvas:
    """An SVG element tree being drawn, with helpers for the shapes the chart uses."""

    def __init__(self, parent: ET.Element) -> None:
        self.parent = parent

    def add(self, tag: str, parent: ET.Element | None = None, **attrs) -> ET.Element:
        # `class_=` for class, `text_anchor=` for text-anchor.
        names = {k: k.rstrip("_").replace("_", "-") for k in attrs}
        return ET.SubElement(self.parent if parent is None else parent, tag,
                             {names[k]: _number(v) for k, v in attrs.items()})

    def text(self, x: float, y: float, text: str, size: int, classes: str = "",
             mono: bool = False, parent: ET.Element | None = None, **attrs) -> ET.Element:
        element = self.add("text", parent, x=x, y=y, font_size=size,
                           class_=" ".join(filter(None, ["wf-text", "wf-mono" if mono else "",
                                                         classes])), **attrs)
        element.text = xml_text(text)
        return element

    def group(self, parent: ET.Element | None = None, **attrs) -> _Canvas:
        return _Canvas(self.add("g", parent, **attrs))


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def _svg(chart: Chart, style: str) -> ET.Element:
    graph = _GraphPart(chart)
    timeline = _TimelinePart(chart)
    header_lines = _header(chart)
    header_width = max(text_width(xml_text(text), size, mono)
                       for text, size, _, mono in header_lines)
    # A long critical path is cut with … (the description has it whole), not widened for.
    width = max(MIN_WIDTH, graph.width + 2 * PAD, min(header_width, MAX_HEADER) + 2 * PAD)
    header_height = sum(LINE.get(size, size + 6.0) for _, size, _, _ in header_lines) + 8
    graph_top = PAD + header_height + 12
    timeline_top = graph_top + graph.height + 28
    height = timeline_top + timeline.height(chart) + PAD

    root = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "width": _number(width),
        "height": _number(height), "viewBox": f"0 0 {_number(width)} {_number(height)}",
        "role": "img", "aria-labelledby": "wf-graph-title wf-graph-desc", "class": "wf-graph",
    })
    canvas = _Canvas(root)
    name = chart.title or chart.workflow_id or "workflow"
    canvas.add("title", id="wf-graph-title").text = xml_text(
        f"{name}: job graph and worst-case timeline")
    path = path_text(chart.critical_path)
    canvas.add("desc", id="wf-graph-desc").text = xml_text(
        f"Worst case {chart.summary}." + (f" Critical path: {path}." if path else ""))
    canvas.add("style").text = style
    canvas.add("rect", class_="wf-bg", x=0.5, y=0.5, width=width - 1, height=height - 1, rx=8)

    y = PAD
    for text, size, classes, mono in header_lines:
        y += LINE.get(size, size + 6.0)
        canvas.text(PAD, y - 5, fit(text, size, width - 2 * PAD, mono), size, classes, mono)
    canvas.add("line", class_="wf-rule", x1=PAD, y1=graph_top - 10, x2=width - PAD,
               y2=graph_top - 10)
    graph.draw(canvas.group(transform=f"translate({_number((width - graph.width) / 2)},"
                                      f"{_number(graph_top)})"))
    canvas.add("line", class_="wf-rule", x1=PAD, y1=timeline_top - 14, x2=width - PAD,
               y2=timeline_top - 14)
    timeline.draw(canvas.group(transform=f"translate({_number(PAD)},{_number(timeline_top)})"),
                  chart, width - 2 * PAD)
    return root


def _header(chart: Chart) -> list[tuple[str, int, str, bool]]:
    """(text, size, classes, monospace) for each line above the graph."""
    lines = []
    if chart.title:
        lines.append((chart.title, 16, "wf-strong", False))
    if chart.workflow_id:
        lines.append((chart.workflow_id, 12 if chart.title else 16,
                      "wf-muted" if chart.title else "wf-strong", True))
    lines.append((f"Worst case: {chart.summary}", 14,
                  "wf-strong " + ("wf-accent" if chart.worst_case is not None else "wf-danger"),
                  False))
    if len(chart.critical_path) > 1:
        lines.append(("Critical path: " + path_text(chart.critical_path), 12, "wf-muted", False))
    return lines


class _GraphPart:
    """The boxes and arrows, placed by the layout."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        self.lines = {("job", box.job_id): _box_lines(box) for box in chart.boxes}
        for box in chart.boxes:
            if box.calls is not None:
                self.lines[("call", box.job_id)] = _call_lines(box)
        # A name `depends_on` gives that is no job's: a box of its own, keyed apart from
        # the jobs' (it is no job id), with an arrow to each job that names it.
        missing = {("missing", each.name): each for each in chart.missing}
        for key, each in missing.items():
            self.lines[key] = _missing_lines(each)
        self.missing = missing
        sizes = {key: _lines_size(lines) for key, lines in self.lines.items()}
        edges = [(("job", a.before), ("job", a.after)) for a in chart.arrows]
        edges += [(("job", box.job_id), ("call", box.job_id))
                  for box in chart.boxes if box.calls is not None]
        edges += [(key, ("job", job_id)) for key, each in missing.items()
                  for job_id in each.needed_by]
        self.placement: Placement = place(sizes, edges)
        self.width, self.height = self.placement.width, self.placement.height

    def draw(self, canvas: _Canvas) -> None:
        chart, rects = self.chart, self.placement.rects
        blocked = {box.job_id for box in chart.boxes if box.blocked}
        for arrow in chart.arrows:
            route = self.placement.routes[(("job", arrow.before), ("job", arrow.after))]
            state = ("wf-critical" if arrow.critical
                     else "wf-blocked" if arrow.after in blocked else "")
            _arrow(canvas, route, state)
        for key, each in self.missing.items():
            for job_id in each.needed_by:
                _arrow(canvas, self.placement.routes[(key, ("job", job_id))], "wf-missing")
        for (kind, job_id), lines in self.lines.items():
            rect = rects[(kind, job_id)]
            if kind == "missing":
                each = self.missing[(kind, job_id)]
                group = canvas.group(class_="wf-missing")
                canvas.add("title", group.parent).text = xml_text(f"{each.name}: {each.window}")
                canvas.add("rect", group.parent, class_="wf-box wf-missing", x=rect.x, y=rect.y,
                           width=rect.w, height=rect.h, rx=6)
                _write_lines(group, rect, lines)
                continue
            if kind == "call":
                _arrow(canvas, self.placement.routes[(("job", job_id), ("call", job_id))],
                       "wf-link")
                group = canvas.group(class_="wf-callee", data_job=xml_text(job_id, keep_bidi=True))
                # Its name whole: a long one (a path) is cut with … in the box.
                canvas.add("title", group.parent).text = xml_text(
                    f"{job_id} calls workflow {chart.box(job_id).calls}")
                canvas.add("rect", group.parent, class_="wf-call", x=rect.x, y=rect.y,
                           width=rect.w, height=rect.h, rx=rect.h / 2 if rect.h < 40 else 10)
                _write_lines(group, rect, lines, center=True)
                continue
            box = chart.box(job_id)
            state = " wf-critical" if box.critical else " wf-blocked" if box.blocked else ""
            group = canvas.group(class_="wf-job", data_job=xml_text(job_id, keep_bidi=True))
            canvas.add("title", group.parent).text = xml_text(_tooltip(box))
            canvas.add("rect", group.parent, class_="wf-box" + state, x=rect.x, y=rect.y,
                       width=rect.w, height=rect.h, rx=6)
            _write_lines(group, rect, lines)


def _write_lines(canvas: _Canvas, rect: Rect, lines: list[_Line], center: bool = False) -> None:
    y = rect.y + BOX_PAD_Y
    for line in lines:
        y += LINE[line.size]
        text = fit(xml_text(line.text), line.size, rect.w - 2 * BOX_PAD_X, line.mono)
        if center:
            canvas.text(rect.cx, y - 4, text, line.size, line.classes, line.mono,
                        text_anchor="middle")
        else:
            canvas.text(rect.x + BOX_PAD_X, y - 4, text, line.size, line.classes, line.mono)


def _tooltip(box: Box) -> str:
    name = f" ({box.name})" if box.name else ""
    return f"{shown_id(box.job_id)}{name} · {' · '.join(box.facts)} · {box.window}"


def _arrow(canvas: _Canvas, route: Route, state: str) -> None:
    """A curve through the route's points and a head at its end."""
    points = route.points
    classes = " ".join(filter(None, ["wf-arrow", state]))
    head_classes = " ".join(filter(None, ["wf-head", state.replace("wf-link", "")]))
    if route.kind in ("forward", "backward"):
        # Left to right, or right to left for an arrow back: level at every point.
        way = 1 if route.kind == "forward" else -1
        *body, (x, y) = points
        d = f"M{_xy(body[0])}"
        previous = body[0]
        for point in [*body[1:], (x - way * HEAD, y)]:
            bend = (point[0] - previous[0]) / 2
            d += (f" C{_xy((previous[0] + bend, previous[1]))} {_xy((point[0] - bend, point[1]))}"
                  f" {_xy(point)}")
            previous = point
        back = x - way * HEAD
        head = f"M{_xy((x, y))} L{_xy((back, y - HEAD / 2))} L{_xy((back, y + HEAD / 2))} Z"
    else:  # a loop: out of the right side, over the corner, into the top
        (x0, y0), (x1, y1) = points
        d = (f"M{_xy((x0, y0))} C{_xy((x0 + 22, y0))} {_xy((x0 + 16, y1 - 18))}"
             f" {_xy((x0 - 2, y1 - 16))} S{_xy((x1, y1 - 16))} {_xy((x1, y1 - HEAD))}")
        head = (f"M{_xy((x1, y1))} L{_xy((x1 - HEAD / 2, y1 - HEAD))}"
                f" L{_xy((x1 + HEAD / 2, y1 - HEAD))} Z")
    canvas.add("path", class_=classes, d=d)
    canvas.add("path", class_=head_classes, d=head)


def _xy(point: tuple[float, float]) -> str:
    return f"{_number(float(point[0]))},{_number(float(point[1]))}"


class _TimelinePart:
    """The Gantt rows: one bar per job from its latest possible start to its latest end."""

    def __init__(self, chart: Chart) -> None:
        self.labels = {box.job_id: fit(xml_text(shown_id(box.job_id)), 12, 200, True) for box in chart.boxes}
        self.label_width = max((text_width(label, 12, True) for label in self.labels.values()),
                               default=0.0) + 14

    def height(self, chart: Chart) -> float:
        return AXIS + 8 + ROW * len(chart.boxes) + 26

    def draw(self, canvas: _Canvas, chart: Chart, width: float) -> None:
        runnable = [box for box in chart.boxes if not box.blocked]
        known = [ns for box in runnable for ns in (box.start, box.finish) if ns is not None]
        open_ended = any(box.finish is None for box in runnable)
        end = max(known, default=0) or 3600 * 10**9
        left = self.label_width
        plot = width - left - (OPEN_ZONE if open_ended else 0) - 16
        step = _tick_step(end, plot)
        x_of = lambda ns: left + plot * ns / end  # noqa: E731 - a scale, read as one

        canvas.text(0, 14, "Worst-case timeline", 13, "wf-strong")
        premise = "every job runs to its timeout" + (
            ", or its steps' when it has none" if any(box.steps_limit for box in runnable) else "")
        canvas.text(width, 14, premise, 11, "wf-muted", text_anchor="end")
        axis = AXIS
        top = axis + 8
        rows_bottom = top + ROW * len(chart.boxes)
        tick = 0
        while tick <= end:
            x = x_of(tick)
            canvas.add("line", class_="wf-grid", x1=x, y1=axis + 4, x2=x, y2=rows_bottom)
            canvas.text(x, axis, canonical(tick) if tick else "0", 11, "wf-muted",
                        text_anchor="middle")
            tick += step
        if open_ended:
            zone = x_of(end) + 16
            canvas.add("line", class_="wf-grid", x1=zone, y1=axis + 4, x2=zone, y2=rows_bottom,
                       stroke_dasharray="2 3")
            canvas.text(zone + OPEN_ZONE / 2, axis, "no limit →", 11, "wf-muted",
                        text_anchor="middle")
        if chart.worst_case is not None and chart.worst_case > 0:
            x = x_of(chart.worst_case)
            canvas.add("line", class_="wf-end", x1=x, y1=top - 4, x2=x, y2=rows_bottom + 4)

        for index, box in enumerate(chart.boxes):
            y = top + ROW * index
            row = canvas.group(class_="wf-row", data_job=xml_text(box.job_id, keep_bidi=True))
            classes = "wf-strong wf-accent" if box.critical else ""
            row.text(0, y + ROW / 2 + 4, self.labels[box.job_id], 12, classes, True)
            bar_y = y + (ROW - BAR) / 2
            state = " wf-critical" if box.critical else ""
            if box.blocked:
                row.text(left, y + ROW / 2 + 4, NEVER_STARTS, 11, "wf-danger")
            elif box.start is None:
                x0 = x_of(end) + 16
                row.add("rect", class_="wf-bar wf-open" + state, x=x0 + 4, y=bar_y,
                        width=OPEN_ZONE - 8, height=BAR, rx=3)
                row.text(x0 + 10, y + ROW / 2 + 4, fit(f"after {box.waits_on}", 11,
                                                       OPEN_ZONE - 16, True), 11, "wf-muted", True)
            elif box.finish is None:
                x0 = x_of(box.start)
                x1 = x_of(end) + 16 + OPEN_ZONE
                row.add("rect", class_="wf-bar wf-open" + state, x=x0, y=bar_y, width=x1 - x0,
                        height=BAR, rx=3)
                row.text(x0 + 6, y + ROW / 2 + 4, _bar_label(box), 11, "wf-muted")
            else:
                x0, x1 = x_of(box.start), x_of(box.finish)
                row.add("rect", class_="wf-bar" + state, x=x0, y=bar_y, width=max(x1 - x0, 2),
                        height=BAR, rx=3)
                label = _bar_label(box)
                inside = text_width(label, 11) + 10 <= x1 - x0
                if inside or x1 + 6 + text_width(label, 11) <= width:
                    row.text(x0 + 5 if inside else x1 + 5, y + ROW / 2 + 4, label, 11,
                             "" if inside else "wf-muted")
                else:
                    row.text(x0 - 5, y + ROW / 2 + 4, label, 11, "wf-muted", text_anchor="end")
            # Every row: one after a job without a limit says `after very-long-na…` in
            # its bar, and one that never starts cuts a long id, each said whole here.
            row.add("title", row.parent).text = xml_text(_tooltip(box))
        if chart.worst_case is not None and chart.worst_case > 0:
            x = x_of(chart.worst_case)
            row_text = f"worst case {canonical(chart.worst_case)}"
            anchor = "end" if x + text_width(row_text, 11) / 2 > width else "middle"
            canvas.text(x if anchor == "middle" else width, rows_bottom + 18, row_text, 11,
                        "wf-strong wf-accent", text_anchor=anchor)
        _legend(canvas, chart, rows_bottom + 18)


def _tick_step(end: int, plot: float) -> int:
    """The finest step of the time axis whose labels (`1h30m`) stand apart."""
    for step in TICK_STEPS:
        if end / step > MAX_TICKS:
            continue
        widest = max((text_width(canonical(tick), 11) for tick in range(step, end + 1, step)),
                     default=0.0)
        if plot * step / end >= widest + 24:
            return step
    largest = TICK_STEPS[-1]  # 120 days: beyond, whole multiples of it
    return largest * -(-end // (largest * MAX_TICKS // 2))


def _bar_label(box: Box) -> str:
    """`6h`, `6h ×4`, `no limit`: what a bar says."""
    text = canonical(box.limit) if box.limit is not None else box.timeout_label
    return text + (f" ×{box.instances}" if box.instances is not None else "")


def _legend(canvas: _Canvas, chart: Chart, y: float) -> None:
    """Swatches for what this chart has: critical path, other jobs, no limit, blocked."""
    x = 0.0
    items: list[tuple[str, str]] = []
    if chart.critical_path:
        items.append(("wf-bar wf-critical", "critical path"))
    if any(not box.critical and not box.blocked for box in chart.boxes):
        items.append(("wf-bar", "other jobs"))
    if any(box.finish is None and not box.blocked for box in chart.boxes):
        # Dashed, in neither bar colour: an open bar is orange on the critical path and
        # blue off it, and the swatch was always blue.
        items.append(("wf-swatch-open", "no limit"))
    if any(box.blocked for box in chart.boxes):
        items.append(("wf-swatch-blocked", "blocked by a cycle"))
    for classes, label in items:
        canvas.add("rect", class_=classes, x=x, y=y - 9, width=14, height=10, rx=2)
        canvas.text(x + 19, y, label, 11, "wf-muted")
        x += 19 + text_width(label, 11) + 18
