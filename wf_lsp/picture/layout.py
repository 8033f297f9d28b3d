"""Where the boxes go: grandalf's layered (Sugiyama) layout, turned to run left to right.

grandalf stacks layers top to bottom; the picture reads like its timeline, earlier on the
left, so each box is laid out with width and height swapped and the result transposed.
Each connected part of the graph is laid out on its own and the parts are stacked, in
the order of their first job. Arrows that run backwards (a dependency cycle) go right to
left through the room the layout keeps for them; a job that depends on itself gets a loop.

A workflow is input, so the work is bounded by the size of the picture. Nothing recurses
(grandalf's two recursive steps are loops here) and grandalf's quadratic bookkeeping
(merging parts, finding a layer, looking up alignment conflicts) is replaced. An arrow
that crosses k layers is a bend per layer in the layout (a point of the drawing): jobs
that each depend on all earlier ones have n³/6 of them. Beyond BENDS + BENDS_PER_ITEM ×
(jobs + arrows) bends in a part, the layout places the jobs with only the arrows between
neighbouring layers (each job stays in its layer) and the others are drawn straight. So
the layout is O((jobs + arrows + bends) × d), d the largest number of arrows at one job,
with bends ≤ 1000 + 4 × (jobs + arrows): near-linear in the size of the SVG it draws.
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

# At most this many bends (BENDS, and BENDS_PER_ITEM per job and arrow) for the arrows
# that cross layers, each of which is a point in the layout per layer it crosses.
BENDS = 1000
BENDS_PER_ITEM = 4


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
    from grandalf.graphs import Edge, Vertex

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
    parts = sorted(_parts(list(vertices.values()), graph_edges),
                   key=lambda part: min(order[v.data] for v in part.sV))

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


def _parts(vertices: list, edges: list) -> list:
    """The connected parts, as grandalf's `Graph(vertices, edges).C` makes them: each
    part's jobs in the order in which grandalf's merges leave them (a part joined to
    another by an edge goes after it), its edges in the order given; a lone job has no
    edge (its loop is drawn apart). Made here, because grandalf merges the parts by
    comparing their sets (quadratic: 13 s for a cycle of 1,000 jobs) and gathers a
    part's edges in a set, whose order (that of their ids) would change the picture from
    run to run. A union-find whose parts are linked lists, joined end to end."""
    from grandalf.graphs import graph_core
    from grandalf.utils.poset import Poset

    parent = {v: v for v in vertices}
    last = {v: v for v in vertices}  # of a part, by its representative
    after: dict = {}  # each job → the next job of its part
    size = dict.fromkeys(vertices, 1)

    def find(v):
        root = v
        while parent[root] is not root:
            root = parent[root]
        while parent[v] is not root:  # path compression
            parent[v], v = root, parent[v]
        return root

    first = {v: v for v in vertices}  # of a part, by its representative
    for edge in edges:
        x, y = find(edge.v[0]), find(edge.v[1])
        if x is y:
            continue
        after[last[x]] = first[y]  # y's jobs go after x's
        head, tail = first[x], last[y]
        if size[x] < size[y]:
            x, y = y, x
        parent[y] = x
        size[x] += size[y]
        first[x], last[x] = head, tail
    members: dict = {}
    for v in vertices:
        root = find(v)
        if root not in members:
            members[root], v = [], first[root]
            while v is not None:
                members[root].append(v)
                v = after.get(v)
    own: dict = {root: [] for root in members}
    for edge in edges:
        own[find(edge.v[0])].append(edge)
    parts = []
    for root, jobs in members.items():
        part_edges = own[root] if len(jobs) > 1 else []
        part = graph_core.__new__(graph_core)  # its __init__ compares sets again per job
        part.directed = True
        part.sV, part.sE = Poset(jobs), Poset(part_edges)
        part.degenerated_edges = {edge for edge in part_edges if edge.deg == 0}
        for edge in part_edges:
            tail, head = edge.v
            tail.e.append(edge)
            if head is not tail:
                head.e.append(edge)
        for v in jobs:
            v.c = part
        parts.append(part)
    return parts


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
    from grandalf.utils.poset import Poset

    sugiyama = _sugiyama_class()(part)
    sugiyama.xspace, sugiyama.yspace = BOX_GAP, LAYER_GAP
    # grandalf's own search for the edges to turn round recurses once per job of a path
    # (a chain of 1,000 jobs overflows the stack): the same search, as a loop.
    roots = [v for v in part.sV if not v.e_in()]
    feedback = _feedback_edges(part, roots)
    straight = _too_long(part, feedback)
    if straight:
        # The layout sees only the arrows between neighbouring layers, which keep every
        # job in its layer; the longer ones are drawn straight, once the boxes are placed.
        kept = set(part.sE).difference(straight)
        part.sE = Poset([edge for edge in part.sE if edge in kept])
        for vertex in part.sV:
            vertex.e = [edge for edge in vertex.e if edge in kept]
        feedback = [edge for edge in feedback if edge in kept]
    sugiyama.init_all(roots=roots, inverted_edges=feedback)
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
    for edge in (*part.sE, *straight):
        tail, head = edge.v[0].data, edge.v[1].data
        middle = tuple(moved(point) for point in edge.view.points[1:-1])
        edges.append((tail, head, middle, rects[tail].x > rects[head].x))
    routes.update(_with_ports(edges, rects))
    return bottom


def _feedback_edges(part, roots) -> list:
    """The edges that close a cycle, as grandalf's depth-first search (Tarjan's, in
    `get_scs_with_feedback`) finds them: from each root, then from each job not reached
    yet, in order; an edge back to a job on the current path turns round. With an
    explicit stack, and the same order of visits, so the picture is the same."""
    on_path: dict = {}  # each job reached: True while the search is below it
    feedback = set()
    for start in (*roots, *part.sV):
        if start in on_path:
            continue
        on_path[start] = True
        stack = [(start, iter(start.e_out()))]
        while stack:
            vertex, edges = stack[-1]
            for edge in edges:
                head = edge.v[1]
                if head not in on_path:
                    on_path[head] = True
                    stack.append((head, iter(head.e_out())))
                    break
                if on_path[head]:
                    feedback.add(edge)
            else:
                on_path[vertex] = False
                stack.pop()
    return [edge for edge in part.sE if edge in feedback]


def _too_long(part, feedback: list) -> list:
    """The arrows to draw straight rather than through the layout: none, unless the
    bends of the arrows that cross layers would be more than BENDS (see the module's
    docstring); then every arrow that crosses a layer. grandalf's layers: the longest
    path to each job once the `feedback` edges are turned round, loops left out."""
    turned = set(feedback)
    later: dict = {vertex: [] for vertex in part.sV}
    waiting = dict.fromkeys(part.sV, 0)
    arrows = []
    for edge in part.sE:
        if edge.deg == 0:
            continue
        tail, head = reversed(edge.v) if edge in turned else edge.v
        later[tail].append(head)
        waiting[head] += 1
        arrows.append((edge, tail, head))
    layer = dict.fromkeys(part.sV, 0)
    ready = [vertex for vertex, count in waiting.items() if count == 0]
    while ready:
        vertex = ready.pop()
        for head in later[vertex]:
            layer[head] = max(layer[head], layer[vertex] + 1)
            waiting[head] -= 1
            if waiting[head] == 0:
                ready.append(head)
    bends = sum(layer[head] - layer[tail] - 1 for _, tail, head in arrows)
    if bends <= BENDS + BENDS_PER_ITEM * (len(part.sV) + len(arrows)):
        return []
    return [edge for edge, tail, head in arrows if layer[head] - layer[tail] > 1]


_SUGIYAMA = None


def _sugiyama_class():
    """grandalf's SugiyamaLayout with its block placement (Brandes and Köpf's horizontal
    compaction) as a loop: grandalf's recurses once per block to the left of a block,
    as deep as a layer is wide or a chain is long, past Python's recursion limit."""
    global _SUGIYAMA
    if _SUGIYAMA is not None:
        return _SUGIYAMA
    from grandalf.layouts import SugiyamaLayout

    class Layers(list):
        """grandalf's list of layers, in which a layer finds its place by identity:
        grandalf's `layers.index(layer)` compares lists, layer by layer (quadratic)."""

        def index(self, layer, *_) -> int:
            if not hasattr(self, "places"):
                self.places = {id(each): place for place, each in enumerate(self)}
            return self.places[id(layer)]

    class Sugiyama(SugiyamaLayout):
        def rank_all(self, roots, optimize=False) -> None:
            super().rank_all(roots, optimize)
            self.layers = Layers(self.layers)  # complete: the dummies go into these

        def _detect_alignment_conflicts(self) -> None:
            super()._detect_alignment_conflicts()
            # grandalf looks each candidate alignment up in this list: quadratic.
            self.conflicts = set(self.conflicts)

        def _SugiyamaLayout__place_block(self, v) -> None:
            # Each block's placement is a generator that yields the root of a block it
            # must wait for; a stack of them stands for grandalf's call stack.
            stack = [self._block_steps(v)]
            while stack:
                wanted = next(stack[-1], None)
                if wanted is None:
                    stack.pop()
                else:
                    stack.append(self._block_steps(wanted))

        def _block_steps(self, v):
            """grandalf's `__place_block(v)`, line for line, with `yield u` for its
            recursive call."""
            g = self.grx
            if g[v].X is not None:
                return
            g[v].X = 0.0  # every block is placed at 0 first
            w = v
            while True:
                j = g[w].pos - self.dirh  # the box before w in its layer is placed first
                r = g[w].rank
                if 0 <= j < len(self.layers[r]):
                    wprec = self.layers[r][j]
                    delta = self.xspace + (wprec.view.w + w.view.w) / 2.0
                    u = g[wprec].root
                    yield u
                    if g[v].sink is v:
                        g[v].sink = g[u].sink
                    if g[v].sink != g[u].sink:
                        s = g[u].sink
                        g[s].shift = min(g[s].shift, g[v].X - (g[u].X + delta))
                    else:
                        g[v].X = max(g[v].X, g[u].X + delta)
                w = g[w].align
                if w is v:
                    break

    _SUGIYAMA = Sugiyama
    return Sugiyama


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
