"""The expressions `${{ ... }}` of a workflow's string values, with document spans.

`in_scalar(node, source)` parses a value as the engine's template language
(`wf_lsp.expr`) and turns every offset into a line and column of the document through
the value's source map (`wf_lsp.scalars`): the `${{ ... }}` actions, each path into the
workflow's data with a span per name, and the first syntax error with its fix as `Edit`s.
Keys are never expressions: `values(root)` walks a document's string values only.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import islice

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any

from wf_lsp import expr
from wf_lsp.expr import lexer
from wf_lsp.findings import Fix, Span
from wf_lsp.model import token_span
from wf_lsp.parse import Source
from wf_lsp.records import record
from wf_lsp.scalars import ScalarText, scalar_text

CONTEXTS = expr.CONTEXTS
_FIX_TITLES = {"missing-dot": "Add the leading dot"}
# The expressions of the scalar nodes read last, by node (the node is kept, so its id is
# not reused). After an edit, `wf_lsp.incremental` hands the nodes of the entries it did
# not touch to the next analysis as they were: same text, same lines and columns, so the
# same expressions. An entry keeps its node and result alive, some 5 KB: emptied past
# MAX_READ (a 5,000-line workflow with 150 expressions has 175), so it holds at most
# about 10 MB; or twice as many as the largest document read holds `${{` (`expect`): a
# job of 17,000 steps was read whole again after every keystroke, its values dropped
# 2,000 at a time (20 s an edit). Past that, the values read longest ago go first: the
# table keeps what the last two analyses read.
_READ: dict[int, tuple[Any, ScalarExpressions | None]] = {}
MAX_READ = 2_000
_limit = MAX_READ
# The same, by what a result is made from (`_written`): a node made anew with the same
# value, style and marks over the same lines, as in an entry composed again because a
# fix changed another of its lines (the lint of `--fix` and of the fixable count, after
# the fixes of a job's timeouts: its `run` scripts were read again), or in a full parse.
_WRITTEN: dict[tuple, ScalarExpressions | None] = {}


@record
class Segment:
    """One name of a path (`epochs` in `.inputs.epochs`), without its dot."""

    name: str
    span: Span


@record
class Reference:
    """A path into the workflow's data: `.inputs.epochs`, `$.secrets.token`."""

    context: Segment  # inputs, secrets, env, matrix (or a mistake)
    name: Segment | None  # None for a bare `.inputs`
    rest: tuple[Segment, ...]  # names past the second (`.inputs.x.y`)
    span: Span  # the whole path, its leading `.` or `$` included
    expression: Span  # the `${{ ... }}` it is in
    # How many of the names (context, name, rest) are not written in this path but held by
    # `.` or the variable it starts from, their spans where they are written: `.epochs` in
    # `${{ with .inputs }}${{ .epochs }}` is `.inputs.epochs` with `inputs` implied.
    implied: int = 0

    def written(self, index: int) -> bool:
        """Whether the path's `index`th name (0: the context, 1: the name) is written in it,
        rather than where `.` or its variable got it (where a finding about it belongs)."""
        return index >= self.implied


@record
class ExpressionError:
    """The first thing the engine's template parser rejects in a value."""

    kind: str  # unclosed, empty, missing-dot, unknown-function or syntax (see wf_lsp.expr.parser)
    message: str
    span: Span
    fixes: tuple[Fix, ...] = ()


@record
class ScalarExpressions:
    """A string value holding `${{`: its expressions, references and first error."""

    text: ScalarText  # the value and its source map
    expressions: tuple[Span, ...]  # each `${{ ... }}`, delimiters included
    references: tuple[Reference, ...]  # paths whose root is the workflow's data, in order
    error: ExpressionError | None
    parsed: expr.Parsed  # the tree, in offsets of `text.value` (hover, completion)


def in_scalar(node: Any, source: Source) -> ScalarExpressions | None:
    """The expressions of a string scalar node; None when it holds no `${{`."""
    if getattr(node, "id", None) != "scalar" or not isinstance(node.value, str) \
            or lexer.LEFT_DELIM not in node.value:
        return None
    key = id(node)
    read = _READ.pop(key, None)  # (put back last: the tables are in the order last read)
    if read is not None and read[0] is node:
        _READ[key] = read
        return read[1]
    written = _written(node, source)
    found = _WRITTEN.pop(written, _WRITTEN)
    if found is _WRITTEN:
        text = scalar_text(node, source)
        if text is None:  # a form the source map does not follow: findings cover the whole value
            text = ScalarText.whole(node, token_span(node, source))
        found = of_text(text)
    for table in (_READ, _WRITTEN):
        if len(table) >= _limit:  # those read longest ago, the first half, are let go
            for old in list(islice(table, len(table) // 2)):
                del table[old]
    _READ[key] = (node, found)
    _WRITTEN[written] = found
    return found


def expect(count: int) -> None:
    """A document holding `count` times `${{` is read: `in_scalar` keeps twice as many
    values (what this analysis and the next read), if more than MAX_READ."""
    global _limit
    _limit = max(_limit, 2 * count)


def _written(node: Any, source: Source) -> tuple:
    """All that `in_scalar` reads of a scalar node: its value, style and marks, and the
    text between the marks; a block scalar's lines whole, from its header's to its end
    mark's (`scalar_text` and `token_span` read nothing else). The text of the value, not
    of its lines: each of a thousand values on one line of a megabyte (a workflow written
    as one line of JSON) would be compared with that line again in the next analysis."""
    start, end = node.start_mark, node.end_mark
    lines = source.lines
    if node.style in ("|", ">"):
        written = (lines[start.line][start.column:], *lines[start.line + 1:end.line + 1])
    elif start.line == end.line:
        written = (lines[start.line][start.column:end.column],)
    else:
        written = (lines[start.line][start.column:], *lines[start.line + 1:end.line],
                   lines[end.line][:end.column] if end.line < len(lines) else "")
    return (node.value, node.style, start.line, start.column, end.line, end.column, written)


def of_text(text: ScalarText) -> ScalarExpressions:
    """The expressions of a mapped value (one holding no `${{` has none)."""
    value = text.value
    parsed = expr.parse(value)
    actions = _action_ranges(value)
    expressions = tuple(text.span(start, end) for start, end in actions)
    references = []
    for path in expr.references(parsed.template):
        around = next((text.span(s, e) for s, e in actions if s <= path.start < e),
                      text.span(path.start, path.end))
        segments = [Segment(seg.name, text.span(seg.start, seg.end)) for seg in path.segments]
        references.append(Reference(segments[0], segments[1] if len(segments) > 1 else None,
                                    tuple(segments[2:]), text.span(path.start, path.end), around,
                                    path.implied))
    error = None
    if parsed.error is not None:
        problem = parsed.error
        fixes = ()
        if problem.fix is not None:
            edit = text.edit(problem.fix.start, problem.fix.end, problem.fix.new_text)
            fixes = (Fix(_FIX_TITLES.get(problem.kind, "Fix the expression"), (edit,), safe=True),)
        error = ExpressionError(problem.kind, problem.message, text.span(problem.start, problem.end),
                                fixes)
    return ScalarExpressions(text, expressions, tuple(references), error, parsed)


@lru_cache(maxsize=4096)  # as expr.parse: a server lints the same values again and again
def _action_ranges(value: str) -> tuple[tuple[int, int], ...]:
    """[start, end) of each `${{ ... }}` as the lexer cut them (to the end when unclosed)."""
    ranges, start = [], None
    for token in lexer.tokens(value):
        if token.kind == lexer.LEFT:
            start = token.start
        elif token.kind == lexer.RIGHT and start is not None:
            ranges.append((start, token.end))
            start = None
        elif token.kind == lexer.ERROR:
            if start is not None:
                ranges.append((start, len(value)))
            break
    return tuple(ranges)


def values(root: Any) -> Iterator[Any]:
    """Every scalar value node under `root`, keys excluded, each node once (aliases)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.id == "scalar":
            yield node
        elif node.id == "sequence":
            stack.extend(reversed(node.value))
        elif node.id == "mapping":
            stack.extend(value for _, value in reversed(node.value))
