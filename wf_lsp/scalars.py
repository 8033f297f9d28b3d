"""Where each character of a string scalar's value comes from in the document.

A finding inside a value (`epochs` in `run: echo ${{ .inputs.epochs }}`) must cover the
right characters of the file, but a value is not its source: quotes, escapes (`\\"`,
`\\u00e9`), folded line breaks and a block scalar's indentation all sit between the two.
`scalar_text(node, source)` reads the node's source again the way YAML does and keeps, for
every character of the value, the range of source text it came from; it checks the result
against ruamel's own value and gives up (None) where they differ, so a span is exact or
absent, never approximate.
"""

from __future__ import annotations

from bisect import bisect_right

from wf_lsp.findings import Edit, Position, Span
from wf_lsp.model import token_span
from wf_lsp.parse import Source
from wf_lsp.records import record

_BLANKS = " \t"
# YAML 1.1 line breaks ruamel still honours: a scalar holding one is left unmapped (see
# parse.LEGACY_BREAKS), rather than mapped wrongly.
_LEGACY_BREAKS = ("\x85", "\u2028", "\u2029")
_DOUBLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_STYLES = {None: "plain", "": "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}


@record
class _Run:
    """Value characters [start, end) from source text: one to one along a line when
    `exact`, else (an escape, a folded line break) all from the source range as a whole."""

    start: int
    end: int
    source_start: Position
    source_end: Position
    exact: bool


@record
class ScalarText:
    """A string scalar's value and, for each of its characters, its source range."""

    value: str
    style: str  # plain, single, double, literal or folded
    runs: tuple[_Run, ...]
    end: Position  # where the value's last character's source ends (the empty value's place)

    @classmethod
    def whole(cls, node, span: Span) -> ScalarText:
        """A scalar node whose characters all map to `span`: for one that cannot be mapped
        exactly, so that findings still land on it (on all of it)."""
        value = str(node.value)
        runs = (_Run(0, len(value), span.start, span.end, False),) if value else ()
        return cls(value, _STYLES.get(node.style, "plain"), runs, span.end)

    def position(self, offset: int) -> Position:
        """The source position where value character `offset` starts (the end for len(value))."""
        if offset >= len(self.value):
            return self.end
        run = self.runs[bisect_right(self._starts, offset) - 1]
        if run.exact:
            return Position(run.source_start.line, run.source_start.column + offset - run.start)
        return run.source_start

    def end_position(self, offset: int) -> Position:
        """The source position where value character `offset` ends."""
        run = self.runs[bisect_right(self._starts, offset) - 1]
        if run.exact:
            return Position(run.source_start.line, run.source_start.column + offset - run.start + 1)
        return run.source_end

    def span(self, start: int, end: int) -> Span:
        """The source span of `value[start:end]` (empty where the value has no characters)."""
        if end <= start:
            at = self.position(start)
            return Span(at, at)
        return Span(self.position(start), self.end_position(end - 1))

    def offset_at(self, position: Position) -> int | None:
        """The value offset of the character at a source position (a cursor), if any.

        A cursor just after the value's last character gives len(value)."""
        for run in self.runs:
            if run.exact and position.line == run.source_start.line and \
                    run.source_start.column <= position.column < run.source_end.column:
                return run.start + position.column - run.source_start.column
            if not run.exact and run.source_start <= position < run.source_end:
                return run.start
        return len(self.value) if position == self.end else None

    def edit(self, start: int, end: int, new_text: str) -> Edit:
        """Replace `value[start:end]` by `new_text` (value text: quoted as the style needs).

        Meant for names and punctuation (a plain scalar cannot take `: ` or ` #`)."""
        if self.style == "double":
            new_text = new_text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        elif self.style == "single":
            new_text = new_text.replace("'", "''")
        return Edit(self.span(start, end), new_text)

    @property
    def _starts(self) -> list[int]:
        starts = self.__dict__.get("_run_starts")
        if starts is None:
            starts = [run.start for run in self.runs]
            object.__setattr__(self, "_run_starts", starts)
        return starts


def scalar_text(node, source: Source) -> ScalarText | None:
    """The map of a string scalar node's value to its source, or None where it cannot be
    rebuilt (not a scalar, a YAML 1.1 line break, a form this reader does not know)."""
    if getattr(node, "id", None) != "scalar" or not isinstance(node.value, str):
        return None
    style = _STYLES.get(node.style)
    if style is None:
        return None
    start = token_span(node, source).start
    end = Position(node.end_mark.line, node.end_mark.column)
    try:
        if style in ("literal", "folded"):
            builder = _block(source, start, end, node.value, style == "folded")
        else:
            builder = _Builder()
            _flow(builder, source, start, end, style)
    except (IndexError, ValueError):
        return None
    if builder is None or builder.value() != node.value:
        return None
    return ScalarText(node.value, style, tuple(builder.runs), builder.end or start)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs: list[_Run] = []
        self.length = 0
        self.end: Position | None = None

    def exact(self, line: int, column: int, text: str) -> None:
        """`text` as it stands at (line, column)."""
        if not text:
            return
        if any(b in text for b in _LEGACY_BREAKS):
            raise ValueError("a YAML 1.1 line break")
        last = self.runs[-1] if self.runs else None
        end = Position(line, column + len(text))
        if last and last.exact and last.source_end == Position(line, column):
            self.runs[-1] = _Run(last.start, last.end + len(text), last.source_start, end, True)
        else:
            self.runs.append(_Run(self.length, self.length + len(text), Position(line, column), end, True))
        self._add(text, end)

    def mapped(self, text: str, start: Position, end: Position) -> None:
        """`text` made from the source range [start, end) (an escape, a line break)."""
        if text:
            self.runs.append(_Run(self.length, self.length + len(text), start, end, False))
            self._add(text, end)

    def _add(self, text: str, end: Position) -> None:
        self.parts.append(text)
        self.length += len(text)
        self.end = end

    def value(self) -> str:
        return "".join(self.parts)


def _flow(builder: _Builder, source: Source, start: Position, end: Position, style: str) -> None:
    """Plain, single- and double-quoted scalars: lines folded, quotes and escapes read."""
    quoted = style != "plain"
    first, last = start.line, end.line
    # Each line's piece of the scalar: from after the opening quote to before the closing one.
    pieces = []
    for line in range(first, last + 1):
        text = source.line_text(line)
        begin = start.column + quoted if line == first else 0
        stop = end.column - quoted if line == last else len(text)
        pieces.append((line, begin, text[:stop]))
    pending: tuple[Position, int] | None = None  # a fold waiting for the next content: (from, breaks)
    escaped_break = False
    for index, (line, begin, text) in enumerate(pieces):
        is_first, is_last = index == 0, index == len(pieces) - 1
        items = _line_items(text, begin, style)
        if not is_first:  # leading blanks of a continuation line, cut at once (not one by one:
            # each pop(0) moved the rest, quadratic in a long run of them)
            del items[:next((i for i, item in enumerate(items) if not item[3]), len(items))]
        if not is_last:
            escaped_break = bool(items) and items[-1][0] is None
            if escaped_break:
                items.pop()
            else:
                while items and items[-1][3]:  # trailing blanks before a line break
                    items.pop()
        if not items and not is_first and not is_last and not escaped_break:
            if pending is not None:  # an empty line: one more break in the fold
                pending = (pending[0], pending[1] + 1)
            continue
        if pending is not None and (items or is_last):
            fold_from, breaks = pending
            fold_to = Position(line, items[0][1] if items else len(text))
            builder.mapped(" " if breaks == 0 else "\n" * breaks, fold_from, fold_to)
            pending = None
        for value, col_start, col_end, _ in items:
            if col_end - col_start == len(value):
                builder.exact(line, col_start, value)
            else:
                builder.mapped(value, Position(line, col_start), Position(line, col_end))
        if not is_last:
            tail = Position(line, items[-1][2]) if items else Position(line, begin)
            if escaped_break:
                pending = None
                # An escaped break joins the lines; empty lines after it still count.
                pending_breaks = _empty_lines_after(pieces, index)
                if pending_breaks:
                    builder.mapped("\n" * pending_breaks, tail, Position(line + pending_breaks + 1, 0))
            elif pending is None:
                pending = (tail, 0)


def _empty_lines_after(pieces, index: int) -> int:
    count = 0
    # By index, not a slice: a copy of all the lines after each escaped break was quadratic.
    for following in range(index + 1, len(pieces) - 1):
        if pieces[following][2].strip(_BLANKS):
            break
        count += 1
    return count


def _line_items(text: str, begin: int, style: str) -> list[tuple[str | None, int, int, bool]]:
    """(value, source start column, source end column, is a raw blank) for each character
    or escape of `text[begin:]`; value None marks a backslash ending the line."""
    items = []
    column = begin
    while column < len(text):
        char = text[column]
        if style == "single" and char == "'" and text[column + 1:column + 2] == "'":
            items.append(("'", column, column + 2, False))
            column += 2
        elif style == "double" and char == "\\":
            code = text[column + 1:column + 2]
            if not code:
                items.append((None, column, column + 1, False))
                column += 1
            elif code in _DOUBLE_ESCAPES:
                items.append((_DOUBLE_ESCAPES[code], column, column + 2, False))
                column += 2
            elif code in _HEX_ESCAPES:
                size = _HEX_ESCAPES[code]
                digits = text[column + 2:column + 2 + size]
                items.append((chr(int(digits, 16)), column, column + 2 + size, False))
                column += 2 + size
            else:
                raise ValueError(f"unknown escape \\{code}")
        else:
            items.append((char, column, column + 1, char in _BLANKS))
            column += 1
    return items


def _block(source: Source, start: Position, end: Position, value: str, folded: bool
           ) -> _Builder | None:
    """Literal `|` and folded `>` scalars, with indentation indicator and chomping."""
    header = source.line_text(start.line)[start.column + 1:]
    indicators = header[:2]
    chomping = "+" if "+" in indicators else "-" if "-" in indicators else ""
    # The scalar's lines end before the end mark's line, or with it when it has text there.
    lines = range(start.line + 1, min(end.line + (end.column > 0), len(source.lines)))
    widths = [len(source.line_text(i)) - len(source.line_text(i).lstrip(" ")) for i in lines
              if source.line_text(i).strip(" ")]
    candidates = widths[:1] or [1]
    if any(c.isdigit() for c in indicators):
        # The indicator counts from the parent's indentation, which the node does not know:
        # the value's first line shows how much of the source's indentation is content.
        shown = value.lstrip("\n")
        candidates = [candidates[0] - (len(shown) - len(shown.lstrip(" ")))]
        candidates += range(max((len(source.line_text(i)) for i in lines), default=0), 0, -1)
    for indent in candidates:
        builder = _Builder()
        if _block_lines(builder, source, lines, indent, folded, chomping) and builder.value() == value:
            return builder
    return None


def _block_lines(builder: _Builder, source: Source, lines: range, indent: int, folded: bool,
                 chomping: str) -> bool:
    """ruamel's scan_block_scalar over whole lines, keeping where each piece came from."""
    if indent < 1:
        return False

    def kind(line: int) -> str:
        text = source.line_text(line)
        if len(text) <= indent and not text.strip(" "):
            return "break"
        return "content" if text[:indent].strip(" ") == "" else "end"

    def break_range(line: int) -> tuple[Position, Position]:
        return Position(line, len(source.line_text(line))), Position(line + 1, 0)

    def has_break(line: int) -> bool:
        return source.lines[line].endswith(("\n", "\r"))

    breaks: list[int] = []
    line_break: int | None = None  # the line whose break ends the last content line
    index = lines.start
    while index < lines.stop and kind(index) == "break":
        breaks.append(index)
        index += 1
    while index < lines.stop and kind(index) == "content":
        for blank in breaks:
            builder.mapped("\n", *break_range(blank))
        text = source.line_text(index)
        leading_non_space = text[indent] not in _BLANKS
        builder.exact(index, indent, text[indent:])
        line_break = index if has_break(index) else None
        breaks, following = [], index + 1
        while following < lines.stop and kind(following) == "break":
            breaks.append(following)
            following += 1
        if following < lines.stop and kind(following) == "content" and line_break is not None:
            next_text = source.line_text(following)
            if folded and leading_non_space and next_text[indent] not in _BLANKS:
                if not breaks:
                    builder.mapped(" ", Position(index, len(text)), Position(following, indent))
            else:
                builder.mapped("\n", *break_range(index))
            index = following
        else:
            break
    if chomping != "-" and line_break is not None:
        builder.mapped("\n", *break_range(line_break))
    if chomping == "+":
        for blank in breaks:
            builder.mapped("\n", *break_range(blank))
    return True
