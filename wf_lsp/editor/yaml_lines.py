"""The block structure of YAML read line by line from the text, for a document being typed.

The document being typed rarely parses, so where the cursor is comes from the text
itself: indentation and `- ` markers, read upward from the cursor's line, give the path
of keys from the root (`jobs`, `train`, `steps`, item); on the cursor's line, the flow
collections opened (`{`, `[`) add theirs (`flow_entry_at`). Completion reads the lines near
the cursor with these; nothing here parses the whole document.
"""

from __future__ import annotations

import re

from wf_lsp.parse import Source
from wf_lsp.records import record

ITEM = None  # a path element: "an item of the sequence above", as opposed to a key

# `key: value`, the key plain or quoted; the value is what follows `: ` (or nothing). A
# plain key is words with blanks between them, never ending in one: a key that may end in
# blanks before `[ \t]*:` retried those blanks at each of its lengths, quadratic in a run
# of them (a line of 100,000 spaces between two words froze completion for minutes).
_KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{},:-](?:[ \t]*[^ \t#:])*"""
                  r"""|-[^\s#:](?:[ \t]*[^ \t#:])*)[ \t]*:(?:[ \t]+(?P<value>.*)|$)""")
_COMMENT = re.compile(r"(^|[ \t])#.*$")
_DECORATION = re.compile(r"^(?:[&!][^\s]*[ \t]*)*")  # an anchor or tag before a nested block


@record
class Line:
    """One line as YAML block structure sees it."""

    content: int  # column where the content starts, after any `- ` markers
    dash: int | None  # column of the first `-` of an item line
    key: str | None  # the key of a `key:` line
    value: str  # what follows `key:` without comment, or the whole content
    document_marker: bool = False

    @property
    def opens_block(self) -> bool:
        """`key:` with nothing after it (but maybe an anchor or tag): a nested block follows."""
        return self.key is not None and not _DECORATION.sub("", self.value, count=1)


def read_line(text: str) -> Line | None:
    """The structure of one line; None for blank and comment-only lines."""
    stripped = text.lstrip(" ")
    if not stripped.strip() or stripped.startswith("#"):
        return None
    if text.startswith(("---", "...")) and text[3:4] in ("", " ", "\t"):
        return Line(0, None, None, "", document_marker=True)
    content, dash = len(text) - len(stripped), None
    while stripped.startswith("-") and stripped[1:2] in ("", " ", "\t"):
        dash = content if dash is None else dash
        rest = stripped[1:].lstrip(" \t")
        content += len(stripped) - len(rest)
        stripped = rest
    match = _KEY.match(stripped)
    if match is None:
        return Line(content, dash, None, stripped)
    key = match.group("key")
    if key[:1] in "'\"":
        key = key[1:-1]
    value = _COMMENT.sub("", match.group("value") or "").strip()
    return Line(content, dash, key, value)


def path_above(source: Source, line_no: int, column: int, dash: int | None) -> list | None:
    """The keys (and ITEMs) leading from the root to a key written at `column` on `line_no`.

    `dash` is the column of the line's own `- ` when the key is an item's first one.
    None when the place is not in a mapping: inside a block scalar, after a sequence
    of scalars, or in a structure this reading does not follow (flow collections).
    """
    path: list = []
    in_sequence, limit = (True, dash) if dash is not None else (False, column)
    if in_sequence:
        path.append(ITEM)
    lines = source.lines
    for n in range(line_no - 1, -1, -1):
        if not in_sequence and limit == 0:
            break
        # Most lines above are deeper than the block or its siblings: decide on the
        # indentation alone (the walk to `jobs:` may pass thousands of lines).
        text = lines[n]
        stripped = text.lstrip(" ")
        indent = len(text) - len(stripped)
        if indent > limit or (indent == limit and (not in_sequence or _is_item(stripped))):
            continue
        line = read_line(source.line_text(n))
        if line is None:
            continue
        if line.document_marker:  # the document began without a key holding the block
            return None
        if in_sequence:
            if (line.dash is not None and line.dash >= limit) or (line.dash is None and line.content > limit):
                continue  # a sibling item, or inside one
        elif line.content >= limit and (line.dash is None or line.content > limit):
            continue  # a sibling key, or deeper
        elif line.content == limit:  # `- key: ...` at our column: the item we are in
            path.append(ITEM)
            in_sequence, limit = True, line.dash
            continue
        # A line less indented than the block: it must be the key that opens the block.
        if not line.opens_block or (in_sequence and line.content > limit):
            return None
        path.append(line.key)
        if line.dash is not None:  # `- steps:` opens a block inside an item
            path.append(ITEM)
            in_sequence, limit = True, line.dash
        else:
            in_sequence, limit = False, line.content
    if in_sequence:
        return None
    return path[::-1]


def _is_item(stripped: str) -> bool:
    return stripped[:1] == "-" and stripped[1:2] in ("", " ", "\t", "\n", "\r")


def sibling_keys(source: Source, line_no: int, column: int, own_dash: bool) -> set[str]:
    """The keys already written in the mapping whose keys sit at `column` around `line_no`."""
    found: set[str] = set()
    lines = source.lines

    def deeper(n: int) -> bool:
        text = lines[n]
        return len(text) - len(text.lstrip(" ")) > column

    if not own_dash:
        for n in range(line_no - 1, -1, -1):
            if deeper(n):
                continue
            line = read_line(source.line_text(n))
            if line is None or line.content > column:
                continue
            if line.content == column and line.key is not None and not line.document_marker:
                found.add(line.key)
                if line.dash is None:
                    continue
            break
    for n in range(line_no + 1, len(lines)):
        if deeper(n):
            continue
        line = read_line(source.line_text(n))
        if line is None or line.content > column:
            continue
        if line.content == column and line.dash is None and line.key is not None:
            found.add(line.key)
            continue
        break
    return found


def misaligned(source: Source, line_no: int, column: int) -> bool:
    """Whether a key at `column` of `line_no` would sit inside a block whose entries above
    it are written further right (`train:`, `    timeout: 1h`, and a key at column 3): a
    key there breaks the YAML. Read upward to the first line written at `column` or
    left of it; the lines passed, deeper, are the block's."""
    passed = False
    for n in range(line_no - 1, -1, -1):
        text = source.line_text(n)
        stripped = text.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        # On the indentation alone: the walk up may pass a long block.
        indent = len(text) - len(stripped)
        if indent <= column:
            return passed and indent < column
        passed = True
    return False


def sequence_items(source: Source, line_no: int, dash: int) -> set[str]:
    """The scalar items of the block sequence whose `- ` sit at `dash` around `line_no`."""
    found: set[str] = set()
    for step in (-1, 1):
        n = line_no + step
        while 0 <= n < len(source.lines):
            line = read_line(source.line_text(n))
            n += step
            if line is None or (line.dash is None and line.content > dash):
                continue
            if line.dash != dash:
                break
            if line.key is None:
                found.add(unquote(line.value))
    return found


@record
class FlowEntry:
    """A key being typed in a flow mapping written on one line (`{run: echo, ti|}`), or the
    value of one (`{timeout: 1|}`)."""

    path: tuple  # keys and ITEMs from the outermost collection to the mapping
    start: int  # the column where the key (or value) being typed starts
    present: frozenset[str]  # the mapping's other keys written on the line
    key: str | None = None  # the key whose value is being typed; None when a key is


def flow_entry_at(text: str, start: int, column: int) -> FlowEntry | None:
    """The key, or the value of a key, typed at `column` when `text[start]` opens a flow
    collection and `column` is in a mapping in it; None elsewhere (a sequence's item, past
    the collection's end)."""
    frames = _flow_frames(text, start, column)
    if not frames or frames[0].closed or not frames[-1].mapping:
        return None
    top = frames[-1]
    path = tuple(frame.key if frame.mapping else ITEM for frame in frames[:-1])
    if top.key is not None:
        value = text[top.value:column]
        return FlowEntry(path, column - len(value.lstrip()), frozenset(), top.key)
    typed = text[top.entry:column].lstrip()
    if not re.fullmatch(r"(?:[A-Za-z_][\w-]*)?", typed):
        return None
    key_start = column - len(typed)
    # The mapping read to its end: the keys after the cursor count too, the one typed not.
    whole = _flow_frames(text, top.opened, len(text))[0]
    return FlowEntry(path, key_start, frozenset(key for key, at in whole.keys if at != key_start))


class _Frame:
    """One flow collection as `_flow_frames` reads it."""

    def __init__(self, opened: int, mapping: bool) -> None:
        self.opened, self.mapping = opened, mapping
        self.entry = opened + 1  # where the current entry began
        self.key: str | None = None  # the current entry's key, once its `:` is read
        self.value = 0  # where the current entry's value begins, after its `:`
        self.keys: list[tuple[str, int]] = []  # (key, column) of every entry read
        self.closed = False


def _flow_frames(text: str, start: int, stop: int) -> list[_Frame]:
    """The collections open at `stop`, outermost first, reading `text` from the `{` or `[`
    at `start`; the outermost alone, `closed`, when it ends before `stop`."""
    frames: list[_Frame] = []
    i = start
    while i < stop:
        char = text[i]
        if char in "{[":
            frames.append(_Frame(i, char == "{"))
        elif not frames:
            return []
        elif char in "}]":
            if len(frames) == 1:
                frames[0].closed = True
                return frames
            frames.pop()
        elif char == ",":
            frames[-1].entry, frames[-1].key = i + 1, None
        elif char == ":" and (text[i + 1:i + 2] in ("", " ", "\t", ",", "]", "}")
                              or text[i - 1] in "'\""):  # `"key":value` needs no space
            top = frames[-1]
            if top.mapping and top.key is None:
                written = text[top.entry:i]
                top.key, top.value = unquote(written), i + 1
                top.keys.append((top.key, i - len(written.lstrip())))
        elif char == "#" and text[i - 1] in " \t":
            break
        elif char in "'\"":  # a quoted scalar: what it holds is no punctuation
            close = quote_end(text, i)
            if close is None:
                break
            i = close
        i += 1
    return frames


def quote_end(text: str, at: int) -> int | None:
    """The column of the quote closing the one at `at`, or None on this line."""
    quote, i = text[at], at + 1
    while i < len(text):
        if text[i] == "\\" and quote == '"':
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None

def unquote(text: str) -> str:
    """A scalar as written on a line, without its comment and quotes."""
    text = _COMMENT.sub("", text).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def jobs_in_text(source: Source) -> tuple[str, ...]:
    """The keys under a root `jobs:` line, read from the text (the model stops at an error)."""
    ids: list[str] = []
    child: int | None = None
    inside = False
    for raw in source.lines:
        line = read_line(raw.rstrip("\r\n"))
        if line is None:
            continue
        if line.content == 0 and line.dash is None:
            inside = line.key == "jobs" and line.opens_block
            child = None
            continue
        if not inside:
            continue
        if child is None:
            child = line.content
        if line.content == child and line.dash is None and line.key:
            ids.append(line.key)
    return tuple(ids)
