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
run): paths from them are not listed. In the body of a definition, `.` and `$` are the
argument of the `template` (or `block`) that calls it: `.msg` in `${{ define "d" }}` is
`.inputs.msg` when every call that reaches it is `${{ template "d" .inputs }}` (called
with several paths, or with a value of unknown shape, it is not listed). The other spellings of a path are read as it: `index .inputs
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
    """Every path into the workflow's data, in the order they appear: in the body of a
    definition too, where its `.` and `$` are the argument of the calls that reach it
    (`${{ template "d" .inputs }}`: `.msg` in `d` is `.inputs.msg`), when every such call
    gives the same path (a body called with `.inputs` and with `.env`, or with a value of
    unknown shape, has no path where they differ)."""
    walk = _Walk(assigned_variables(template.nodes), bodies(template))
    walk.nodes(template.nodes, (), {"$": ()})
    for name, runs in walk.runs.items():
        if name in walk.unclear:
            continue
        first, *others = runs  # (the same names, held from another call alike)
        walk.found.extend(path for path in first.values() if all(
            _names(other.get(path.start)) == _names(path) for other in others))
    return tuple(sorted(walk.found, key=lambda path: path.start))


def _names(path: Path | None) -> tuple | None:
    return None if path is None else (tuple(seg.name for seg in path.segments), path.implied)


def bodies(template: n.Template) -> dict[str, tuple[n.Node, ...]]:
    """The body of each name a `define` or `block` gives (of a name given twice, the one
    with content: Go's rule)."""
    found: dict[str, list] = {}
    for definition in template.definitions:
        found.setdefault(definition.name, []).extend(definition.body)
    return {name: tuple(body) for name, body in found.items()}


def held_at(text: str, offset: int, variable: str = ".") -> tuple[str, ...] | None:
    """What `.` (or `variable`, `$in`) holds in an action written at `offset` of `text`
    (being typed there, so that the rest need not parse): the names of a path,
    `("inputs",)` in the body of `${{ with .inputs }}` or after `${{ $in := .inputs }}`,
    `()` for the data itself (also `.` and `$` when the text before does not parse); None
    where it is something else (in a `range`, a definition called from several places; a
    variable not declared there). `$` is the data, save in a definition's body, where it is
    the argument of its call."""
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
    return () if variable in (".", "$") else None


# How many constructs left open before a cursor `held_at` closes, at most.
_DEEPEST_UNCLOSED = 32


# How many different arguments a definition is followed with, at most (a body that calls
# itself with a longer path each time would go on for ever): past it, none of its paths.
_MOST_RUNS = 8


class _Walk:
    def __init__(self, assigned: frozenset[str], bodies: dict[str, tuple[n.Node, ...]]) -> None:
        self.assigned = assigned  # variables whose value is not followed
        self.found: list[Path] = []
        self.bodies = bodies
        # Each definition's walks, one per argument it is called with: its paths by start.
        self.runs: dict[str, list[dict[int, Path]]] = {}
        self.walked: dict[str, list] = {}  # the arguments each was walked with, as names
        self.unclear: set[str] = set()  # walked too many ways: none of its paths is listed

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
            elif isinstance(node, n.TemplateCall):
                held = None  # `template "d"` alone gives it nil
                if node.pipeline is not None:
                    self.pipeline(node.pipeline, dot, variables)
                    held = self.value(node.pipeline, dot, variables)
                self.call(node.name, held)

    def call(self, name: str, held: Held) -> None:
        """Walk the body of the definition `name` with `.` and `$` holding `held` (its own
        variables: a template sees none of its caller's), once per argument."""
        body = self.bodies.get(name)
        walked = self.walked.setdefault(name, [])
        names = None if held is None else tuple(seg.name for seg in held)
        if body is None or names in walked or name in self.unclear:
            return
        if len(walked) == _MOST_RUNS:
            self.unclear.add(name)
            return
        walked.append(names)
        outer = (self.found, self.assigned)
        self.found, self.assigned = [], assigned_variables(body)
        self.nodes(body, held, {"$": held})
        found, (self.found, self.assigned) = self.found, outer
        self.runs.setdefault(name, []).append({path.start: path for path in found})

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
            # (`index .inputs` with no key, piped into or not, is `.inputs` where it is written)
            path = self.indexed(command, dot, variables) if len(command.args) > 2 else None
            if path is not None:
                self.add(path)
                continue
            for arg in command.args:
                self.operand(arg, dot, variables)

    def operand(self, operand, dot: Held, variables: dict[str, Held]) -> None:
        path = self.path(operand, dot, variables)
        if path is not None:  # (`$` alone is the data, or a definition's argument, as `.`)
            self.add(path, isinstance(operand, n.Variable) and operand.segments[0].name != "$")
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
    """What each `.` or `$` written alone holds, by its offset: the pipeline of the `with`
    whose body it is in (its value, whatever `with` declares), or of the one `template` (or
    `block`) that calls the definition it is in, `DATA` or `UNKNOWN` (in a `range`, in a
    definition called from several places or with no argument). `$` is what `.` is where
    the template (or the definition) starts, in a `with` or a `range` too."""
    found: dict[int, n.Pipeline | str] = {}
    assigned = assigned_variables(template.nodes) | frozenset().union(
        *(assigned_variables(definition.body) for definition in template.definitions))
    calls: dict[str, list[n.TemplateCall]] = {}
    for nodes in (template.nodes, *(definition.body for definition in template.definitions)):
        for call in _calls(nodes):
            calls.setdefault(call.name, []).append(call)

    def held(pipeline: n.Pipeline) -> n.Pipeline:  # its value, whatever it declares
        return n.Pipeline((), False, pipeline.commands, pipeline.start, pipeline.end)

    def walk(nodes, dot, root) -> None:
        for node in nodes:
            if isinstance(node, (n.Action, n.Control, n.TemplateCall)) and \
                    node.pipeline is not None:
                for pipeline in _nested(node.pipeline):
                    for command in pipeline.commands:
                        for arg in command.args:
                            if isinstance(arg, n.Dot):
                                found[arg.start] = dot
                            elif isinstance(arg, n.Variable) and len(arg.segments) == 1 \
                                    and arg.segments[0].name == "$":
                                found[arg.start] = UNKNOWN if "$" in assigned else root
            if isinstance(node, n.Control):
                if node.keyword == "with":
                    body_dot = held(node.pipeline)
                else:
                    body_dot = UNKNOWN if node.keyword == "range" else dot
                walk(node.body, body_dot, root)
                walk(node.else_body or (), dot, root)

    walk(template.nodes, DATA, DATA)
    for definition in template.definitions:
        callers = calls.get(definition.name, ())
        alone = len(callers) == 1 and callers[0].pipeline is not None
        argument = held(callers[0].pipeline) if alone else UNKNOWN
        walk(definition.body, argument, argument)
    return found


def assigned_variables(nodes) -> frozenset[str]:
    """The variables some `$x = …` in the template assigns: which value they hold after
    it depends on the branches the run takes."""
    return frozenset(variable.segments[0].name for pipeline in _pipelines(nodes)
                     if pipeline.is_assign for variable in pipeline.declarations)


def pipelines(template: n.Template) -> Iterator[n.Pipeline]:
    """Every pipeline the template's run can reach, those in parentheses too: outside its
    definitions, and in the body of each definition it calls (`reached`). Paths in a body
    start from its callers' argument (`references` lists them where every call agrees)."""
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
    named = bodies(template)
    called, pending = set(), [template.nodes]
    while pending:
        nodes = pending.pop()
        yield nodes
        for call in _calls(nodes):
            if call.name not in called and call.name in named:
                called.add(call.name)
                pending.append(named[call.name])


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
