"""The paths into the workflow's data that a template reads: `.inputs.x`, `$.secrets.y`.

A path is listed when its root is certainly the workflow's data: a field where `.` is the
data (at the top level, in an `if`, in the `else` of a `range` or `with`), `$.…` anywhere
outside a `define`/`block` body, and what `.` or a variable holds when that is a path
itself. In the body of `${{ with .inputs }}`, `.` is `.inputs`, so `.epochs` there is the
path `.inputs.epochs` whose first name is implied (`Path.implied`: written at the `with`,
not here); `${{ $in := .inputs }}` binds `$in` the same way, to the end of the `if`,
`with` or `range` it is declared in, and `$in` alone reads `.inputs`. What a `range`
gives (`.` in its body, its variables) is an element of unknown shape, and so is a
variable assigned with `=` anywhere in the template (which value it holds depends on the
run): paths from them are not listed, nor those in a definition's body, whose `.` and `$`
are its caller's argument. The other spellings of a path are read as it: `index .inputs
"x"` (constant string keys, each a name of the path) and a field of a parenthesized path,
`(.inputs).x`.
"""

from __future__ import annotations

from collections.abc import Iterator

from wf_lsp.expr import nodes as n
from wf_lsp.records import record

# What `.` or a variable holds: the names of a path into the data (`()` for the data
# itself), or None when it is something else (an element of a `range`, a function's result).
Held = tuple[n.Segment, ...] | None


@record
class Path:
    """`.inputs.epochs`, `$.inputs.epochs` or `index .inputs "epochs"`: `segments` are the
    names after the dot (or the keys)."""

    segments: tuple[n.Segment, ...]
    start: int  # the leading `.` or `$`
    end: int
    # How many of the first segments are not written here but held by `.` or the variable
    # the path starts from (`.epochs` in the body of `${{ with .inputs }}`: 1, `inputs`,
    # whose segment is where the `with` writes it).
    implied: int = 0

    @property
    def context(self) -> n.Segment:
        """The first name: `inputs`, `secrets`, `env`, `matrix` (or a mistake)."""
        return self.segments[0]

    @property
    def name(self) -> n.Segment | None:
        """The second name: the input, secret alias, variable, ...; None for `.inputs` alone."""
        return self.segments[1] if len(self.segments) > 1 else None


def references(template: n.Template) -> tuple[Path, ...]:
    """Every path into the workflow's data, in the order they appear."""
    walk = _Walk(assigned_variables(template.nodes))
    walk.nodes(template.nodes, (), {"$": ()})
    return tuple(sorted(walk.found, key=lambda path: path.start))


def held_at(text: str, offset: int, variable: str = ".") -> tuple[str, ...] | None:
    """What `.` (or `variable`, `$in`) holds in an action written at `offset` of `text`
    (being typed there, so that the rest need not parse): the names of a path,
    `("inputs",)` in the body of `${{ with .inputs }}` or after `${{ $in := .inputs }}`,
    `()` for the data itself (also `.` when the text before does not parse); None where it
    is something else (in a `range`, a definition; a variable not declared there)."""
    from wf_lsp.expr.parser import parse  # (the parser imports nothing of this module)

    probe = ".x" if variable == "." else f"{variable}.x"
    head, at = text[:offset] + f"${{{{ {probe} }}}}", len(text[:offset]) + 4
    for ends in range(_DEEPEST_UNCLOSED):  # the `end`s of the `with`s still open there
        parsed = parse(head + "${{ end }}" * ends)
        if parsed.ok:
            found = [path for path in references(parsed.template) if path.start == at]
            return tuple(seg.name for seg in found[0].segments[:found[0].implied]) \
                if found else None
        if not parsed.error.message.startswith("unexpected EOF"):
            break
    return () if variable == "." else None


# How many constructs left open before a cursor `held_at` closes, at most.
_DEEPEST_UNCLOSED = 32


class _Walk:
    def __init__(self, assigned: frozenset[str]) -> None:
        self.assigned = assigned  # variables whose value is not followed
        self.found: list[Path] = []

    def nodes(self, nodes, dot: Held, variables: dict[str, Held]) -> None:
        variables = dict(variables)  # what an action declares lasts to the list's end
        for node in nodes:
            if isinstance(node, n.Action):
                self.pipeline(node.pipeline, dot, variables)
                self.declare(node.pipeline, dot, variables, False)
            elif isinstance(node, n.Control):
                inner = dict(variables)  # its pipeline's variables: the body's and the else's
                self.pipeline(node.pipeline, dot, inner)
                held = self.declare(node.pipeline, dot, inner, node.keyword == "range")
                if node.keyword == "with":
                    body_dot = held
                elif node.keyword == "range":
                    body_dot = None  # an element (or a key's value) of unknown shape
                else:
                    body_dot = dot
                self.nodes(node.body, body_dot, inner)
                if node.else_body is not None:
                    self.nodes(node.else_body, dot, inner)
            elif isinstance(node, n.TemplateCall) and node.pipeline is not None:
                self.pipeline(node.pipeline, dot, variables)

    def declare(self, pipeline: n.Pipeline, dot: Held, variables: dict[str, Held],
                ranged: bool) -> Held:
        """Bind the variables `pipeline` declares; what its value is as a path."""
        held = self.value(pipeline, dot, variables)
        for variable in pipeline.declarations:
            name = variable.segments[0].name
            variables[name] = None if ranged or name in self.assigned else held
        return held

    def value(self, pipeline: n.Pipeline, dot: Held, variables: dict[str, Held]) -> Held:
        """The path a pipeline's value is (a lone operand or `index` with constant keys)."""
        if len(pipeline.commands) != 1:
            return None
        command = pipeline.commands[0]
        path = self.path(command.args[0], dot, variables) if len(command.args) == 1 else \
            self.indexed(command, dot, variables)
        return None if path is None else path.segments

    def pipeline(self, pipeline: n.Pipeline, dot: Held, variables: dict[str, Held]) -> None:
        for command in pipeline.commands:
            path = self.indexed(command, dot, variables)
            if path is not None:
                self.add(path)
                continue
            for arg in command.args:
                self.operand(arg, dot, variables)

    def operand(self, operand, dot: Held, variables: dict[str, Held]) -> None:
        path = self.path(operand, dot, variables)
        if path is not None:
            self.add(path, isinstance(operand, n.Variable))
        elif isinstance(operand, n.Chain):
            self.operand(operand.operand, dot, variables)
        elif isinstance(operand, n.Pipeline):
            self.pipeline(operand, dot, variables)

    def add(self, path: Path, variable: bool = False) -> None:
        """A path that names something here; `$in` alone, holding `.inputs`, reads it too."""
        if len(path.segments) > path.implied or (variable and path.segments):
            self.found.append(path)

    def path(self, operand, dot: Held, variables: dict[str, Held]) -> Path | None:
        """The path an operand reads when its root is the workflow's data (no segments for
        the data itself: `.` at the top, `$`), or None."""
        if isinstance(operand, n.Field):
            return None if dot is None else Path(dot + operand.segments, operand.start,
                                                 operand.end, len(dot))
        if isinstance(operand, n.Dot):
            return None if dot is None else Path(dot, operand.start, operand.end, len(dot))
        if isinstance(operand, n.Variable):
            held = variables.get(operand.segments[0].name)
            return None if held is None else Path(held + operand.segments[1:], operand.start,
                                                  operand.end, len(held))
        if isinstance(operand, n.Chain):
            base = self.path(operand.operand, dot, variables)
            return None if base is None else Path(base.segments + operand.segments,
                                                  operand.start, operand.end, base.implied)
        if isinstance(operand, n.Pipeline) and not operand.declarations and \
                len(operand.commands) == 1:
            command = operand.commands[0]
            if len(command.args) == 1:
                return self.path(command.args[0], dot, variables)
            return self.indexed(command, dot, variables)
        return None

    def indexed(self, command: n.Command, dot: Held, variables: dict[str, Held]) -> Path | None:
        """`index .inputs "x"` as the path `.inputs.x`, the whole command its span, when
        every key is a constant string; None for any other command."""
        args = command.args
        if len(args) < 2 or not isinstance(args[0], n.Identifier) or args[0].name != "index" \
                or not all(isinstance(key, n.String) for key in args[2:]):
            return None
        base = self.path(args[1], dot, variables)
        if base is None:
            return None
        return Path(base.segments + tuple(_name_of(key) for key in args[2:]), command.start,
                    command.end, base.implied)


# What `.` holds in `dot_values`: the data itself (outside every `with`), or something of
# unknown shape (a `range`'s element, a definition's argument).
DATA, UNKNOWN = "data", "unknown"


def dot_values(template: n.Template) -> dict[int, n.Pipeline | str]:
    """What each `.` written alone holds, by its offset: the pipeline of the `with` whose
    body it is in (its value, whatever `with` declares), `DATA` or `UNKNOWN`."""
    found: dict[int, n.Pipeline | str] = {}

    def walk(nodes, dot) -> None:
        for node in nodes:
            if isinstance(node, (n.Action, n.Control, n.TemplateCall)) and \
                    node.pipeline is not None:
                for pipeline in _nested(node.pipeline):
                    for command in pipeline.commands:
                        for arg in command.args:
                            if isinstance(arg, n.Dot):
                                found[arg.start] = dot
            if isinstance(node, n.Control):
                if node.keyword == "with":
                    held = node.pipeline
                    body_dot = n.Pipeline((), False, held.commands, held.start, held.end)
                else:
                    body_dot = UNKNOWN if node.keyword == "range" else dot
                walk(node.body, body_dot)
                walk(node.else_body or (), dot)

    walk(template.nodes, DATA)
    for definition in template.definitions:
        walk(definition.body, UNKNOWN)
    return found


def assigned_variables(nodes) -> frozenset[str]:
    """The variables some `$x = …` in the template assigns: which value they hold after
    it depends on the branches the run takes."""
    return frozenset(variable.segments[0].name for pipeline in _pipelines(nodes)
                     if pipeline.is_assign for variable in pipeline.declarations)


def pipelines(template: n.Template) -> Iterator[n.Pipeline]:
    """Every pipeline the template's run can reach, those in parentheses too: outside its
    definitions, and in the body of each definition it calls (`reached`). Paths in a body
    are its caller's argument's (`references` lists none of them)."""
    for nodes in reached(template):
        yield from _pipelines(nodes)


def template_calls(template: n.Template) -> Iterator[n.TemplateCall]:
    """Every `template` (and `block`) the template's run can reach, as `pipelines`."""
    for nodes in reached(template):
        yield from _calls(nodes)


def reached(template: n.Template) -> Iterator[tuple[n.Node, ...]]:
    """The nodes the template's run can reach: outside its definitions, and the body of
    each definition it calls (a `block`'s, a `define`'s that some `template` names, those
    they call in turn). A definition no one calls never runs."""
    bodies: dict[str, list] = {}
    for definition in template.definitions:  # one body of a name has content (Go's rule)
        bodies.setdefault(definition.name, []).extend(definition.body)
    called, pending = set(), [template.nodes]
    while pending:
        nodes = pending.pop()
        yield nodes
        for call in _calls(nodes):
            if call.name not in called and call.name in bodies:
                called.add(call.name)
                pending.append(tuple(bodies[call.name]))


def _calls(nodes) -> Iterator[n.TemplateCall]:
    """The templates `nodes` call (`template`, `block`), at any depth."""
    for node in nodes:
        if isinstance(node, n.TemplateCall):
            yield node
        elif isinstance(node, n.Control):
            yield from _calls(node.body)
            yield from _calls(node.else_body or ())


def _pipelines(nodes) -> Iterator[n.Pipeline]:
    for node in nodes:
        if isinstance(node, (n.Action, n.Control, n.TemplateCall)) and node.pipeline is not None:
            yield from _nested(node.pipeline)
        if isinstance(node, n.Control):
            yield from _pipelines(node.body)
            yield from _pipelines(node.else_body or ())


def _nested(pipeline: n.Pipeline) -> Iterator[n.Pipeline]:
    yield pipeline
    for command in pipeline.commands:
        for arg in command.args:
            while isinstance(arg, n.Chain):
                arg = arg.operand
            if isinstance(arg, n.Pipeline):
                yield from _nested(arg)


def _name_of(key: n.String) -> n.Segment:
    """A string key as a name: its span is inside the quotes when it is written as it is
    (no escapes), so that a fix or a rename can edit the name alone."""
    if key.end - key.start == len(key.value) + 2:
        return n.Segment(key.value, key.start + 1, key.end - 1)
    return n.Segment(key.value, key.start, key.end)
