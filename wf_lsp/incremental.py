"""An edited text's parse from the previous one: only the entries the edit fell in are composed.

In the language server most edits fall inside one entry of a block mapping: one job under
`jobs:`, one top-level section. `reparse` composes only that entry's lines and splices the
new nodes into the previous tree; the entries it did not touch keep their nodes, those
below the edit moved by the number of lines it added or removed. Lines changed in place
in several entries (the fixes of `--fix` and its count, a replace-all) are spliced entry
by entry the same way. Everything after the
parse (classify, the model, every rule, suppressions) runs over the whole spliced tree
exactly as after a full parse, so every rule, also one that looks across jobs or files,
is covered by construction. The differential test (`tests/core/test_incremental.py`)
checks that an analysis from a spliced parse equals a full one, edit after edit.

Where the entry cannot be isolated safely, `reparse` answers None and the caller parses
the whole text: a previous parse that was not complete, not one block mapping or not
libyaml's (the pure parser's, where libyaml rejected the text), a text with anchors and
aliases (a reused node could be an alias of one that changed), with `\\r`, YAML 1.1 line
breaks or a BOM that came or went, a changed line outside any entry, lines added or
removed across entries, and any fragment that does not compose to exactly one entry
starting where the previous one did (an indentation change, a key added or split, a
syntax error, a second document).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import compress, count
from operator import ne
from typing import Any

from wf_lsp.parse import (LEGACY_BREAKS, Parsed, Source, _readers, may_share_nodes,
                          nested_too_deep)


def reparse(old: Source, parsed: Parsed, new: Source) -> Parsed | None:
    """The parse of `new`, spliced from `parsed` (the parse of `old`), or None when the
    edit between them cannot be isolated in entries of the mapping (then parse in full)."""
    if (not parsed.complete or parsed.fallback or len(parsed.roots) != 1
            or old.had_bom != new.had_bom
            or "\r" in old.text or "\r" in new.text
            or any(char in old.text or char in new.text for char in LEGACY_BREAKS)
            or may_share_nodes(old.text)):
        return None
    root = parsed.roots[0]
    if not _block_mapping(root) or root.start_mark.column != 0:
        return None
    old_lines, new_lines = old.lines, new.lines
    first, old_end, new_end = _changed(old_lines, new_lines)
    if old_end == first == new_end:
        return Parsed(parsed.roots, None, (first, first, first))  # the same lines
    delta = new_end - old_end
    # Lines changed in place may lie in several entries (the fixes of a fix-all, a
    # replace-all, several cursors): each entry is composed again. Lines that came or
    # went are one run, and the entries below it move.
    runs = [(first, old_end)] if delta else _runs(old_lines, new_lines, first, old_end)
    total = len(old_lines)
    groups = _entries(root, runs, total)
    if groups is None:
        return None
    moved: dict[int, Any] = {}  # filled by `_shifted`
    pairs = list(root.value)
    stream_end = None  # where the document ends, when its last entry was composed
    for index, start, end, held in groups:
        key, value = pairs[index]
        nested = _entries(value, held, end) if _block_mapping(value) else None
        if nested is None:
            made = _fragment(new_lines, start, end + delta, 0, wrapped=False)
            if made is None:
                return None
            pairs[index], document_end, _ = made
            if end >= total:  # the entry runs to the end: so does the document
                stream_end = document_end
            continue
        inner_pairs, inner_end = list(value.value), None
        for inner, inner_start, stop, _ in nested:
            made = _fragment(new_lines, inner_start, stop + delta, value.start_mark.column,
                             wrapped=True)
            if made is None:
                return None
            inner_pairs[inner], document_end, mapping_end = made
            if stop >= total:
                stream_end, inner_end = document_end, mapping_end
        if delta:  # one run: the entries below it move
            inner_pairs[inner + 1:] = _shifted(inner_pairs[inner + 1:], delta, moved)
        pairs[index] = (key, _clone(value, value=inner_pairs, end_mark=_moved(value.end_mark, delta)
                                    if inner_end is None else inner_end))
    if delta:
        pairs[index + 1:] = _shifted(pairs[index + 1:], delta, moved)
    top = _clone(root, value=pairs, end_mark=_moved(root.end_mark, delta)
                 if stream_end is None else stream_end)
    return Parsed((top,), None, (first, old_end, new_end), moved or None)


def _changed(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[int, int, int]:
    """The first line that differs, and where the differing lines end in each text."""
    # The first unequal pair from each end, found by iterators at C speed (a loop in
    # Python over 20,000 lines took a millisecond of each keystroke).
    most = min(len(old), len(new))
    first = next(compress(count(), map(ne, old, new)), most)
    tail = next(compress(count(), map(ne, reversed(old), reversed(new))), most)
    tail = min(tail, most - first)
    return first, len(old) - tail, len(new) - tail


def _runs(old: tuple[str, ...], new: tuple[str, ...], first: int, end: int
          ) -> list[tuple[int, int]]:
    """The runs [start, stop) of consecutive lines that differ in [first, end), where the
    texts have as many lines."""
    runs: list[list[int]] = []
    for number in compress(count(first), map(ne, old[first:end], new[first:end])):
        if runs and runs[-1][1] == number:
            runs[-1][1] = number + 1
        else:
            runs.append([number, number + 1])
    return [(start, stop) for start, stop in runs]


def _block_mapping(node: Any) -> bool:
    return node.id == "mapping" and not node.flow_style and bool(node.value)


def _entries(mapping: Any, runs: list[tuple[int, int]], limit: int
             ) -> list[tuple[int, int, int, list[tuple[int, int]]]] | None:
    """The entries of `mapping` whose lines hold the changed runs of lines [first, end),
    in order: each entry's index, its lines [start, stop) from its key's line to the
    next key's (or `limit`), and the runs it holds; None when a run is not inside one
    entry."""
    pairs = mapping.value
    column = mapping.start_mark.column
    key_lines = [key.start_mark.line for key, _ in pairs]  # in order: a block mapping
    found: list[tuple[int, int, int, list[tuple[int, int]]]] = []
    for first, end in runs:
        index = bisect_right(key_lines, first) - 1
        if index < 0:
            return None
        if index > 0 and end == first == key_lines[index]:
            index -= 1  # lines only inserted above a key: most often the end of the entry before
        start = key_lines[index]
        stop = key_lines[index + 1] if index + 1 < len(pairs) else limit
        if pairs[index][0].start_mark.column != column or end > stop or start >= stop:
            return None
        if index + 1 < len(pairs) and pairs[index + 1][0].start_mark.column != column:
            return None
        if found and found[-1][0] == index:
            found[-1][3].append((first, end))
        else:
            found.append((index, start, stop, [(first, end)]))
    return found


def _fragment(lines: tuple[str, ...], start: int, stop: int, column: int,
              wrapped: bool) -> tuple[tuple[Any, Any], Any, Any] | None:
    """The (key, value) nodes of the one entry on `lines[start:stop]`, composed alone but
    with the marks it has in the whole text, and where the document and the wrapped
    mapping end when the entry is the last (at the end of the text they need not end at
    the same place); None if those lines are not one entry.

    Blank lines stand for the lines above, so lines and columns are the text's; the
    line after the entry comes too, so that the entry ends where it ends in the text (a
    block collection ends at the next token). A nested entry is composed under a
    wrapper key at the top level (`w:` on the line above it).
    """
    if stop <= start or (wrapped and start == 0):
        return None
    body = lines[start:stop]
    for line in body:
        stripped = line.lstrip(" ")
        if stripped and stripped[0] not in "#\n" and len(line) - len(stripped) < column:
            return None  # a line of the parent's level: not one entry any more
    after = lines[stop:stop + 1]
    above = ("\n" * (start - 1) + ("w:\n" if wrapped else "\n")) if start else ""
    text = above + "".join(body) + "".join(after)
    # The blank lines above add no depth (and 20,000 of them cost a scan): the body alone.
    if nested_too_deep(Source(("w:\n" if wrapped else "") + text[len(above):])) is not None:
        return None
    from ruamel.yaml.error import YAMLError

    try:
        # The first reader alone (libyaml): an entry it rejects, such as a flow value with a
        # `:` that the pure parser reads, is left to the full parse and its fallback.
        documents = _readers()[0](text)
    except YAMLError:
        return None
    if len(documents) != 1 or not _block_mapping(documents[0]):
        return None
    document = documents[0]
    top = bool(after) and not after[0].startswith(" ")  # the line after is a top-level key
    pairs = document.value
    if len(pairs) != 1 + top or (top and pairs[-1][0].start_mark.line != stop):
        return None
    inner_end = None
    if wrapped:
        key, value = pairs[0]
        if key.value != "w" or not _block_mapping(value):
            return None
        pairs, inner_end = value.value, value.end_mark
        sibling = bool(after) and not top  # the line after is the next nested key
        if len(pairs) != 1 + sibling or (sibling and pairs[-1][0].start_mark.line != stop):
            return None
    key = pairs[0][0]
    if (key.start_mark.line, key.start_mark.column) != (start, column):
        return None
    return pairs[0], document.end_mark, inner_end


def _moved(mark: Any, delta: int) -> Any:
    """`mark` `delta` lines down (the same mark when delta is 0)."""
    return _shifted_marks(delta)(mark) if delta else mark


def _shifted_marks(delta: int) -> Callable[[Any], Any]:
    """What moves a mark `delta` lines down: a new mark of the kind `parse` relocates
    marks to (the C parser's own cannot be made), one per mark however many nodes
    share it."""
    from ruamel.yaml.error import StreamMark

    made: dict[int, Any] = {}

    def moved(mark: Any) -> Any:
        known = made.get(id(mark))
        if known is None:
            known = made[id(mark)] = StreamMark(mark.name, mark.index, mark.line + delta,
                                                mark.column)
        return known
    return moved


def _shifted(pairs: list[tuple[Any, Any]], delta: int,
             origins: dict[int, Any]) -> list[tuple[Any, Any]]:
    """The entries below an edit: the same nodes when no line came or went, else copies
    moved by `delta` lines (the previous tree is not changed: an older analysis may
    still be answering a request from it), each mapping's copy recorded in `origins` (by
    the copy's id: the mapping it was copied from). An Enter near the top of a large
    document copies most of it: every node and mark, one attribute list per class."""
    if not delta:
        return list(pairs)
    mark = _shifted_marks(delta)

    def move(node: Any) -> Any:  # a loop would need parents; entries nest a few levels
        kind = node.id
        copy = _copy(node)
        if kind == "mapping":
            copy.value = [(move(k), move(v)) for k, v in node.value]
            origins[id(copy)] = node
        elif kind == "sequence":
            copy.value = [move(item) for item in node.value]
        copy.start_mark = mark(node.start_mark)
        copy.end_mark = mark(node.end_mark)
        return copy

    return [(move(key), move(value)) for key, value in pairs]


def _clone(node: Any, **changes: Any) -> Any:
    """A copy of a ruamel node (slots, no __dict__) with some attributes replaced."""
    copy = _copy(node)
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


_SLOTS: dict[type, tuple[str, ...]] = {}  # by class: every slot of it and its bases


def _copy(thing: Any) -> Any:
    """A shallow copy of a ruamel node (slots, no __dict__)."""
    cls = type(thing)
    names = _SLOTS.get(cls)
    if names is None:
        names = _SLOTS[cls] = tuple(dict.fromkeys(
            name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ())
            if name not in ("__weakref__", "__dict__")))
    copy = object.__new__(cls)
    for name in names:
        try:
            setattr(copy, name, getattr(thing, name))
        except AttributeError:  # a slot never set
            pass
    return copy
