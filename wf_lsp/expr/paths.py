"""The paths into the workflow's data that a template reads: `.inputs.x`, `$.secrets.y`.

Only paths whose root is certainly the workflow's data are listed: a field at the top
level, in an `if`, or in the `else` of a `range` or `with`; and `$.…` anywhere outside a
`define`/`block` body. Inside `range` and `with` bodies `.` is rebound, and a definition's
`.` and `$` are its caller's argument, so their fields name something else.
"""

from __future__ import annotations

from wf_lsp.expr import nodes as n
from wf_lsp.records import record


@record
class Path:
    """`.inputs.epochs` or `$.inputs.epochs`: `segments` are the names after the dot."""

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
            _walk_nodes(node.body, dot_is_root and node.keyword == "if", found)
            if node.else_body is not None:
                _walk_nodes(node.else_body, dot_is_root, found)
        elif isinstance(node, n.TemplateCall) and node.pipeline is not None:
            _walk_pipeline(node.pipeline, dot_is_root, found)


def _walk_pipeline(pipeline: n.Pipeline, dot_is_root: bool, found: list[Path]) -> None:
    for command in pipeline.commands:
        for arg in command.args:
            _walk_operand(arg, dot_is_root, found)


def _walk_operand(operand, dot_is_root: bool, found: list[Path]) -> None:
    if isinstance(operand, n.Field):
        if dot_is_root:
            found.append(Path(operand.segments, operand.start, operand.end))
    elif isinstance(operand, n.Variable):
        if operand.segments[0].name == "$" and len(operand.segments) > 1:
            found.append(Path(operand.segments[1:], operand.start, operand.end))
    elif isinstance(operand, n.Chain):
        _walk_operand(operand.operand, dot_is_root, found)
    elif isinstance(operand, n.Pipeline):
        _walk_pipeline(operand, dot_is_root, found)
