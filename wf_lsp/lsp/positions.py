"""The one place that converts positions between the core and the client.

The core counts columns in Unicode code points (what ruamel's marks give); LSP clients
count in the negotiated encoding: UTF-16 code units by default, or UTF-8 bytes, or
UTF-32 (code points). A document that starts with a BOM keeps it in the client's text
while the core strips it, so line 0 is shifted by the BOM's width here, and only here.
"""

from __future__ import annotations

import functools
import re
from array import array
from bisect import bisect_left

from lsprotocol import types

from wf_lsp.findings import Position, Span
from wf_lsp.parse import BOM, Source
from wf_lsp.records import record

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
# Our preference when the client offers several (issue: utf-8, then utf-32, else utf-16):
# utf-8 and utf-32 need no surrogate arithmetic on the client side either.
PREFERENCE = (UTF8, UTF32, UTF16)


def position_in(value: object) -> types.Position | None:
    """The position in JSON the client sends back as it is (a command's arguments, a
    lens's `data`): None when it is not one (not an object, a number missing, negative or
    past LSP's 2**31 - 1), so that the request is declined, not failed."""
    if not isinstance(value, dict):
        return None
    line, character = value.get("line"), value.get("character")
    try:
        return types.Position(line, character)
    except (TypeError, ValueError):
        return None


def _units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF32:
        return 1
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


# From this length on, a line's wide characters are found once (`_wide_characters`).
_LONG_LINE = 2_000
# The characters wider than one unit: outside the BMP in UTF-16, not ASCII in UTF-8.
_WIDER = {UTF16: re.compile("[\U00010000-\U0010ffff]"), UTF8: re.compile("[^\x00-\x7f]")}


@functools.lru_cache(maxsize=8)
def _wide_characters(text: str, encoding: str) -> tuple[array, array]:
    """Where `text`'s characters wider than one unit are, and the units they add up to
    there, each included (a line's text is one object while its document is unchanged:
    hashed once, found at once)."""
    at, extra, total = array("q"), array("q"), 0
    for match in _WIDER[encoding].finditer(text):
        total += _units(match.group(), encoding) - 1
        at.append(match.start())
        extra.append(total)
    return at, extra


@record
class Codec:
    """Converts core positions (code points, no BOM) to and from the client's units."""

    encoding: str = UTF16

    def width(self, text: str) -> int:
        """The length of `text` in the client's units."""
        if self.encoding == UTF32 or text.isascii():
            return len(text)
        return sum(_units(c, self.encoding) for c in text)

    def _width_before(self, text: str, column: int) -> int:
        """The width of `text[:column]` in the client's units. On a long line, from the
        line's wide characters, found once: every finding on a flow-style workflow written
        on one line counted its line from the start, in Python (minutes for a 100 KB line
        with an emoji or an accent in it)."""
        if self.encoding == UTF32 or text.isascii():  # (isascii is a flag: no scan)
            return column
        if len(text) < _LONG_LINE:
            return self.width(text[:column])
        at, extra = _wide_characters(text, self.encoding)
        before = bisect_left(at, column)
        return column + (extra[before - 1] if before else 0)

    def _bom(self, source: Source, line: int) -> int:
        return self.width(BOM) if line == 0 and source.had_bom else 0

    def to_lsp(self, source: Source, pos: Position) -> types.Position:
        """Code points → client units (a column past the line's end is its end)."""
        text = source.line_text(pos.line)
        column = min(pos.column, len(text))
        return types.Position(pos.line, self._bom(source, pos.line) + self._width_before(text, column))

    def from_lsp(self, source: Source, pos: types.Position) -> Position:
        """Client units → code points; out-of-range input is clamped, never an error."""
        line = max(0, min(pos.line, len(source.lines)))
        text = source.line_text(line)
        budget = max(0, pos.character - self._bom(source, line))
        if self.encoding == UTF32 or text.isascii():
            return Position(line, min(budget, len(text)))
        used = 0
        for index, char in enumerate(text):
            step = _units(char, self.encoding)
            if used + step > budget:  # inside a character: round down to its start
                return Position(line, index)
            used += step
        return Position(line, len(text))

    def offset(self, source: Source, pos: types.Position) -> int:
        """Where a client position is in the client's text (its BOM included), clamped."""
        if source.had_bom and pos.line == 0 and pos.character < self.width(BOM):
            return 0  # before the BOM (inside it: its start), where the core has no column
        core = self.from_lsp(source, pos)
        lines = source.lines
        return int(source.had_bom) + sum(map(len, lines[:core.line])) + core.column

    def range_to_lsp(self, source: Source, span: Span) -> types.Range:
        """A core span as an LSP range."""
        return types.Range(self.to_lsp(source, span.start), self.to_lsp(source, span.end))

    def range_from_lsp(self, source: Source, rng: types.Range) -> Span:
        """An LSP range as a core span, clamped to the text."""
        return Span(self.from_lsp(source, rng.start), self.from_lsp(source, rng.end))

