"""The paths into the workflow's data that a template reads: `.inputs.x`, `$.secrets.y`.

Only paths whose root is certainly the workflow's data are listed: a field at the top
level, in an `if`, in the `else` of a `range` or `with`, or in a `with $`; and `$.…`
anywhere outside a `define`/`block` body. Inside other `range` and `with` bodies `.` is
rebound, and a definition's
`.` and `$` are its caller's argument, so their fields name something else. The other
spellings of a path are read as it: `index .inputs "x"` (constant string keys, each a
name of the path) and a field of a parenthesized path, `(.inputs).x`.
"""

from __future__ import annotations

from wf_lsp.expr import nodes as n
from wf_lsp.records import record


@record
class Path:
    """`.inputs.epochs`, `$.inputs.epochs` or `index .inputs "epochs"`: `segments` are the
    names after the dot (or the keys)."""

    segments: tuple[n.Segment, ...]
    start: int  # the leading `.` or `$`
    end: int

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
    found: list[Path] = []
    _walk_nodes(template.nodes, True, found)
    return tuple(sorted(found, key=lambda path: path.start))


def _walk_nodes(nodes, dot_is_root: bool, found: list[Path]) -> None:
    for node in nodes:
        if isinstance(node, n.Action):
            _walk_pipeline(node.pipeline, dot_is_root, found)
        elif isinstance(node, n.Control):
            _walk_pipeline(node.pipeline, dot_is_root, found)
            _walk_nodes(node.body, _root_in_body(node, dot_is_root), found)
            if node.else_body is not None:
                _walk_nodes(node.else_body, dot_is_root, found)
        elif isinstance(node, n.TemplateCall) and node.pipeline is not None:
            _walk_pipeline(node.pipeline, dot_is_root, found)


def _root_in_body(node: n.Control, dot_is_root: bool) -> bool:
    """Whether `.` is the data in the body of `if`, `with` or `range`: in an `if`'s as
    outside it; in a `with $` (or `with .` where `.` is the data), still the data."""
    if node.keyword == "if":
        return dot_is_root
    if node.keyword != "with" or node.pipeline.declarations or len(node.pipeline.commands) != 1:
        return False
    args = node.pipeline.commands[0].args
    return len(args) == 1 and _path(args[0], dot_is_root) == Path((), args[0].start, args[0].end)


def _walk_pipeline(pipeline: n.Pipeline, dot_is_root: bool, found: list[Path]) -> None:
    for command in pipeline.commands:
        path = _indexed(command, dot_is_root)
        if path is not None:
            if path.segments:
                found.append(path)
            continue
        for arg in command.args:
            _walk_operand(arg, dot_is_root, found)


def _walk_operand(operand, dot_is_root: bool, found: list[Path]) -> None:
    path = _path(operand, dot_is_root)
    if path is not None:
        if path.segments:
            found.append(path)
    elif isinstance(operand, n.Chain):
        _walk_operand(operand.operand, dot_is_root, found)
    elif isinstance(operand, n.Pipeline):
        _walk_pipeline(operand, dot_is_root, found)


def _path(operand, dot_is_root: bool) -> Path | None:
    """The path an operand reads when its root is the workflow's data (no segments for
    the data itself: `.` at the top, `$`), or None."""
    if isinstance(operand, n.Field):
        return Path(operand.segments, operand.start, operand.end) if dot_is_root else None
    if isinstance(operand, n.Dot):
        return Path((), operand.start, operand.end) if dot_is_root else None
    if isinstance(operand, n.Variable):
        if operand.segments[0].name != "$":
            return None
        return Path(operand.segments[1:], operand.start, operand.end)
    if isinstance(operand, n.Chain):
        base = _path(operand.operand, dot_is_root)
        return None if base is None else Path(base.segments + operand.segments, operand.start,
                                              operand.end)
    if isinstance(operand, n.Pipeline) and not operand.declarations and \
            len(operand.commands) == 1:
        command = operand.commands[0]
        if len(command.args) == 1:
            return _path(command.args[0], dot_is_root)
        return _indexed(command, dot_is_root)
    return None


def _indexed(command: n.Command, dot_is_root: bool) -> Path | None:
    """`index .inputs "x"` as the path `.inputs.x`, the whole command its span, when every
    key is a constant string; None for any other command."""
    args = command.args
    if len(args) < 2 or not isinstance(args[0], n.Identifier) or args[0].name != "index" \
            or not all(isinstance(key, n.String) for key in args[2:]):
        return None
    base = _path(args[1], dot_is_root)
    if base is None:
        return None
    return Path(base.segments + tuple(_name_of(key) for key in args[2:]), command.start,
                command.end)


def _name_of(key: n.String) -> n.Segment:
    """A string key as a name: its span is inside the quotes when it is written as it is
    (no escapes), so that a fix or a rename can edit the name alone."""
    if key.end - key.start == len(key.value) + 2:
        return n.Segment(key.value, key.start + 1, key.end - 1)
    return n.Segment(key.value, key.start, key.end)
