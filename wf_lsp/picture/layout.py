"""Where the boxes go: grandalf's layered (Sugiyama) layout, turned to run left to right.

grandalf stacks layers top to bottom; the picture reads like its timeline, earlier on the
left, so each box is laid out with width and height swapped and the result transposed.
Each connected part of the graph is laid out on its own and the parts are stacked, in
the order of their first job. Arrows that run backwards (a dependency cycle) go right to
left through the room the layout keeps for them; a job that depends on itself gets a loop.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from wf_lsp.records import record

Point = tuple[float, float]
Key = Hashable  # what names a box

# Room between layers (arrows run there) and between boxes of one layer.
LAYER_GAP = 56.0
BOX_GAP = 22.0
PART_GAP = 28.0
LOOP_ROOM = 18.0  # above and right of a box that depends on itself


@record
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@record
class Route:
    """An arrow's way: its points, first at the tail. `kind` says how to draw it:
    `forward` (left to right through the points), `backward` (right to left) or `loop`."""

    points: tuple[Point, ...]
    kind: str


@record
class Placement:
    rects: dict[Key, Rect]
    routes: dict[tuple[Key, Key], Route]
    width: float
    height: float


def place(sizes: Mapping[Key, tuple[float, float]], edges: Sequence[tuple[Key, Key]]) -> Placement:
    """Boxes of `sizes` (key → width, height) placed for arrows `edges`, from (0, 0)."""
    from grandalf.graphs import Edge, Graph, Vertex

    vertices = {key: Vertex(key) for key in sizes}
    for key, vertex in vertices.items():
        width, height = sizes[key]
        vertex.view = _View(w=height, h=width)  # transposed: grandalf's layers run down
    order = {key: index for index, key in enumerate(sizes)}
    graph_edges = []
    for tail, head in dict.fromkeys(edges):
        edge = Edge(vertices[tail], vertices[head])
        edge.view = _EdgeView()
        graph_edges.append(edge)
    graph = Graph(list(vertices.values()), graph_edges)
    parts = sorted(graph.C, key=lambda part: min(order[v.data] for v in part.sV))

    rects: dict[Key, Rect] = {}
    routes: dict[tuple[Key, Key], Route] = {}
    top = 0.0
    for part in parts:
        top = _place_part(part, top, rects, routes) + PART_GAP
    for tail, head in edges:
        if tail == head:
            routes[(tail, head)] = _loop(rects[tail])
    width = max((rect.right for rect in rects.values()), default=0.0)
    if any(route.kind == "loop" for route in routes.values()):
        width += LOOP_ROOM
    return Placement(rects, routes, width, max(0.0, top - PART_GAP))


@dataclass
class _View:
    w: float
    h: float
    xy: Point = (0.0, 0.0)


class _EdgeView:
    """Where grandalf puts an arrow's points (it calls `setpath`)."""

    def __init__(self) -> None:
        self.points: list[Point] = []

    def setpath(self, points: list[Point]) -> None:
        self.points = points


def _place_part(part, top: float, rects: dict[Key, Rect], routes: dict) -> float:
    """Lay out one connected part below `top`, adding to `rects` and `routes`; its bottom."""
    from grandalf.layouts import SugiyamaLayout

    sugiyama = SugiyamaLayout(part)
    sugiyama.xspace, sugiyama.yspace = BOX_GAP, LAYER_GAP
    sugiyama.init_all()
    sugiyama.draw()
    loops = {e.v[0].data for e in part.degenerated_edges}
    # Transpose: grandalf's y (the layer) is our x; grandalf's x (the place in the layer) our y.
    left = min(v.view.xy[1] - v.view.h / 2 for v in part.sV)
    upper = min(v.view.xy[0] - v.view.w / 2 - (LOOP_ROOM if v.data in loops else 0)
                for v in part.sV)

    def moved(point: Point) -> Point:
        return (point[1] - left, point[0] - upper + top)

    for vertex in part.sV:
        x, y = moved(vertex.view.xy)
        width, height = vertex.view.h, vertex.view.w
        rects[vertex.data] = Rect(x - width / 2, y - height / 2, width, height)
    bottom = max(rects[v.data].bottom for v in part.sV)

    edges = []
    for edge in part.sE:
        tail, head = edge.v[0].data, edge.v[1].data
        middle = tuple(moved(point) for point in edge.view.points[1:-1])
        edges.append((tail, head, middle, rects[tail].x > rects[head].x))
    routes.update(_with_ports(edges, rects))
    return bottom


def _with_ports(edges, rects: dict[Key, Rect]) -> dict[tuple[Key, Key], Route]:
    """Arrows leave a box's right side and enter the next box's left side; an arrow back
    (a dependency cycle) leaves the left side and enters the right side, through the room
    the layout kept for it. The ends on one side of a box spread over the middle half of
    it, in the order of where they go or come from, so they do not cross there."""
    sides: dict[tuple[Key, str], list[tuple[float, tuple[Key, Key], str]]] = {}
    for tail, head, middle, backward in edges:
        toward_head = middle[0][1] if middle else rects[head].cy
        toward_tail = middle[-1][1] if middle else rects[tail].cy
        out_side, in_side = ("left", "right") if backward else ("right", "left")
        sides.setdefault((tail, out_side), []).append((toward_head, (tail, head), "tail"))
        sides.setdefault((head, in_side), []).append((toward_tail, (tail, head), "head"))
    ports: dict[tuple[tuple[Key, Key], str], Point] = {}
    for (key, side), ends in sides.items():
        rect = rects[key]
        x = rect.right if side == "right" else rect.x
        for index, (_, edge, end) in enumerate(sorted(ends, key=lambda item: item[0])):
            share = (index + 1) / (len(ends) + 1)
            ports[(edge, end)] = (x, rect.y + rect.h / 4 + share * rect.h / 2)
    return {
        (tail, head): Route((ports[((tail, head), "tail")], *middle, ports[((tail, head), "head")]),
                            "backward" if backward else "forward")
        for tail, head, middle, backward in edges
    }


def _loop(rect: Rect) -> Route:
    """A job that depends on itself: out of its right side, back in at its top."""
    return Route(((rect.right, rect.cy - rect.h / 4), (rect.right - rect.w / 6, rect.y)), "loop")
