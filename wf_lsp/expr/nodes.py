"""The syntax tree of a template (`text/template`'s parse tree, with spans).

Every node has `start` and `end`: code-point offsets into the string that was parsed, end
exclusive. A path such as `.inputs.epochs` keeps each of its names as a `Segment` with its
own offsets, so that a finding can cover `epochs` alone and a fix can rename it.
"""

from __future__ import annotations

from wf_lsp.records import record


@record
class Segment:
    """One name of a path: `inputs` in `.inputs.epochs` (offsets exclude the dot)."""

    name: str
    start: int
    end: int


@record
class Text:
    start: int
    end: int


@record
class Field:
    """`.inputs.epochs`: names looked up from the current data (`.`)."""

    segments: tuple[Segment, ...]
    start: int
    end: int


@record
class Variable:
    """`$`, `$x` or `$.inputs.x`: `segments[0]` is the variable (`$` is the root data)."""

    segments: tuple[Segment, ...]
    start: int
    end: int


@record
class Chain:
    """`(pipeline).field` or a field of another operand."""

    operand: Operand
    segments: tuple[Segment, ...]
    start: int
    end: int


@record
class Dot:
    start: int
    end: int


@record
class Nil:
    start: int
    end: int


@record
class Bool:
    value: bool
    start: int
    end: int


@record
class Number:
    text: str
    start: int
    end: int


@record
class String:
    value: str  # unquoted
    start: int
    end: int


@record
class Identifier:
    """A function name: `len`, `printf`, ..."""

    name: str
    start: int
    end: int


@record
class Command:
    """One stage of a pipeline: an operand, or a function and its arguments."""

    args: tuple[Operand, ...]
    start: int
    end: int


@record
class Pipeline:
    """`$x := .a | f` — optional variable declarations, then commands joined by `|`."""

    declarations: tuple[Variable, ...]
    is_assign: bool  # `=` rather than `:=`
    commands: tuple[Command, ...]
    start: int
    end: int


@record
class Action:
    """`${{ pipeline }}`: its value is printed. Offsets include the delimiters."""

    pipeline: Pipeline
    start: int
    end: int


@record
class Control:
    """`if`, `range` or `with` up to its `end`: `else_body` is None without `else`."""

    keyword: str
    pipeline: Pipeline
    body: tuple[Node, ...]
    else_body: tuple[Node, ...] | None
    start: int
    end: int


@record
class TemplateCall:
    """`${{ template "name" pipeline }}` (and the call a `block` makes)."""

    name: str
    pipeline: Pipeline | None
    start: int
    end: int
    # The name's string literal, quotes included: where a finding on the name goes.
    name_start: int
    name_end: int


@record
class Definition:
    """The body of `${{ define "name" }}` or `${{ block "name" x }}`: its `.` is the caller's
    argument, not the workflow's data."""

    name: str
    body: tuple[Node, ...]
    start: int
    end: int


@record
class LoopJump:
    """`break` or `continue` inside a `range`."""

    keyword: str
    start: int
    end: int


@record
class Template:
    """A parsed string: its top-level nodes and the templates it defines."""

    nodes: tuple[Node, ...]
    definitions: tuple[Definition, ...]


Operand = Field | Variable | Chain | Dot | Nil | Bool | Number | String | Identifier | Pipeline
Node = Text | Action | Control | TemplateCall | LoopJump
