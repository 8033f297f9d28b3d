"""An edited text's parse from the previous one: only the entries the edit fell in are composed.

In the language server most edits fall inside one entry of a block mapping: one job under
`jobs:`, one top-level section. `reparse` composes only that entry's lines and splices the
new nodes into the previous tree; the entries it did not touch keep their nodes, those
below the edit moved by the number of lines it added or removed. Lines changed in place
in several entries (the fixes of `--fix` and its count, a replace-all) are spliced the
same way, the entries of one mapping composed together; and where such lines lie deeper
in a job (a step's `timeout`, an `env` value), only the innermost entries holding them
are composed, all in one text, and spliced into copies of the mappings and lists above
them: the job's other steps keep their nodes. Everything after the
parse (classify, the model, every rule, suppressions) runs over the whole spliced tree
exactly as after a full parse, so every rule, also one that looks across jobs or files,
is covered by construction. The differential test (`tests/core/test_incremental.py`)
checks that an analysis from a spliced parse equals a full one, edit after edit.

The same text keeps its parse, whatever its shape (the lint of a file the workspace index
has just parsed). After a previous parse with a syntax error, the text is parsed in full,
keeping the previous nodes before the error where it is cut at the same line with the same
lines above (`parse`'s `kept`: the keystrokes while a quote stands open). Where the entry
cannot be isolated safely, `reparse` answers None and the caller parses the whole text: a
previous parse that was not one block mapping or not libyaml's (the pure parser's, where libyaml rejected the text), a text
with anchors and aliases (a reused node could be an alias of one that changed), with
`\\r`, YAML 1.1 line breaks or a BOM that came or went, a changed line outside any entry,
lines added or removed across entries, and any fragment that does not compose to exactly
its entries, each starting where the previous one did (an indentation change, a key added
or split, a syntax error, a second document).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import partial
from itertools import compress, count
from operator import ne

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any

from wf_lsp.parse import (LEGACY_BREAKS, Parsed, Source, _readers, may_share_nodes,
                          nested_too_deep, parse, without_line)
from wf_lsp.records import replace  # not dataclasses': its imports cost a start 15 ms


def reparse(old: Source, parsed: Parsed, new: Source) -> Parsed | None:
    """The parse of `new`, spliced from `parsed` (the parse of `old`), or None when the
    edit between them cannot be isolated in entries of the mapping (then parse in full)."""
    if old == new:  # the same text (a lint from the workspace index's parse): the same parse,
        end = len(new.lines)  # whatever its shape, flow, aliases, `\r` or a syntax error
        return replace(parsed, edit=(end, end, end), moved=None)
    if not parsed.complete:  # a syntax error stands: the part before it may be the same
        splice = None
        if parsed.left_out is not None:  # the roots are those of `old` with that line blank
            splice = partial(reparse, without_line(old, parsed.left_out),
                             replace(parsed, error=None, left_out=None, edit=None, moved=None))
        again = parse(new, kept=(old, parsed), splice=splice)
        return replace(again, edit=_changed(old.lines, new.lines)) \
            if again.roots is parsed.roots and again.roots else again
    if (parsed.fallback or len(parsed.roots) != 1
            or old.had_bom != new.had_bom
            or "\r" in old.text or "\r" in new.text
            or any(char in old.text or char in new.text for char in LEGACY_BREAKS)
            or may_share_nodes(old.text)):
        return None
    root = parsed.roots[0]
    if not _block_mapping(root) or root.start_mark.column != 0:
        return None
    old_lines, new_lines = old.lines, new.lines
    first, old_end, new_end = _changed(old_lines, new_lines)  # some differ: not the same text
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
    whole: list[tuple[int, int, int]] = []  # the top-level entries composed whole
    for index, start, end, held in groups:
        key, value = pairs[index]
        nested = _entries(value, held, end) if _block_mapping(value) else None
        if nested is None:
            whole.append((index, start, end))
            continue
        if not delta:  # lines changed in place: composed entry by entry where they stand
            nested = _spliced_deeper(value, nested, new_lines, total, pairs, index)
            if not nested:
                continue
            value = pairs[index][1]
        made = _fragments(new_lines, [(inner_start, stop + delta)
                                      for _, inner_start, stop, _ in nested],
                          value.start_mark.column, wrapped=True)
        if made is None:
            return None
        inner_pairs, inner_end = list(value.value), None
        for (inner, *_), entry in zip(nested, made[0]):
            inner_pairs[inner] = entry
        if nested[-1][2] >= total:  # the last entry runs to the end: so does the document
            stream_end, inner_end = made[1], made[2]
        if delta:  # one run: the entries below it move
            below = nested[-1][0] + 1
            inner_pairs[below:] = _shifted(inner_pairs[below:], delta, moved)
        pairs[index] = (key, _clone(value, value=inner_pairs, end_mark=_moved(value.end_mark, delta)
                                    if inner_end is None else inner_end))
    if whole:
        made = _fragments(new_lines, [(start, end + delta) for _, start, end in whole], 0,
                          wrapped=False)
        if made is None:
            return None
        for (index, *_), entry in zip(whole, made[0]):
            pairs[index] = entry
        if whole[-1][2] >= total:
            stream_end = made[1]
    if delta:
        below = groups[-1][0] + 1
        pairs[below:] = _shifted(pairs[below:], delta, moved)
    top = _clone(root, value=pairs, end_mark=_moved(root.end_mark, delta)
                 if stream_end is None else stream_end)
    return Parsed((top,), None, (first, old_end, new_end), moved or None)


# How many levels below an entry of a top-level mapping (a job) `_deeper` goes: any
# deeper, an entry is composed whole (the input decides how deep it nests).
MAX_DEEPER = 8
WHOLE = 0  # in a plan of `_deeper`: the entry is composed alone


def _spliced_deeper(value: Any, nested: list, lines: tuple[str, ...], total: int,
                    pairs: list, index: int) -> list:
    """After lines changed in place (a fix-all's timeouts, spread over many jobs), the
    entries of `value` (the mapping under top-level entry `index`: `jobs`, `inputs`) whose changed
    lines lie deeper in them, each spliced from what was composed of those lines alone:
    a step's `timeout` in a job of 60 nodes composes 2 nodes, and the job's other steps
    keep theirs (the model's sections of them are kept too). `pairs[index]` is replaced
    by a copy of the entry holding the copies; returns the entries of `nested` left to
    compose whole (all of them when the deeper lines did not compose as they stood)."""
    leaves: list[tuple[Any, int, int, int]] = []
    plans: dict[int, Any] = {}
    rest = []
    for entry in nested:
        inner, start, stop, held = entry
        job = value.value[inner][1]
        found: list[tuple[Any, int, int, int]] = []
        plan = (_deeper(job, held, stop, lines, found, 0)
                if stop < total and _block_mapping(job) and all(f > start for f, _ in held)
                else None)  # the text's last entry ends where the text does: composed whole
        if plan is None:
            rest.append(entry)
        else:
            plans[inner] = plan
            leaves.extend(found)
    if not plans:
        return nested
    made = _leaves(lines, leaves)
    if made is None:
        return nested
    inner_pairs = list(value.value)
    for inner, plan in plans.items():
        key, job = inner_pairs[inner]
        inner_pairs[inner] = (key, _rebuilt(job, plan, made))
    key, _ = pairs[index]
    pairs[index] = (key, _clone(value, value=inner_pairs))
    return rest


def _deeper(mapping: Any, runs: list[tuple[int, int]], limit: int, lines: tuple[str, ...],
            leaves: list, depth: int) -> dict | None:
    """Where the changed `runs` in `mapping` (a block mapping on lines up to `limit`) are
    composed: for each entry holding some, the plan of its value (a mapping's entries,
    a list's items, as deep as their lines allow) or WHOLE, the entry composed alone (put
    in `leaves`); None when some run cannot be placed so (its mapping's entry is then
    composed whole, a level up)."""
    groups = _entries(mapping, runs, limit)
    if groups is None or depth > MAX_DEEPER:
        return None
    column = mapping.start_mark.column
    plan: dict[int, Any] = {}
    for index, start, stop, held in groups:
        value = mapping.value[index][1]
        found: list = []
        inner = (_deeper_value(value, held, stop, lines, found, depth + 1)
                 if all(first > start for first, _ in held) else None)
        if inner is not None:
            plan[index] = inner
            leaves.extend(found)
            continue
        # Alone, the entry must end where it ends in the text: a value that ends at a
        # token of its own, or, before a sibling key, whatever it is (the key is composed
        # too, and ends it). The key's line holds nothing before it (a list's dash).
        if (column == 0 or lines[start][:column].strip()
                or (index + 1 == len(mapping.value) and not _ends_itself(value))):
            return None
        plan[index] = WHOLE
        leaves.append((mapping, index, start, stop))
    return plan


def _deeper_value(value: Any, runs: list[tuple[int, int]], limit: int,
                  lines: tuple[str, ...], leaves: list, depth: int) -> dict | None:
    """`_deeper` for an entry's value: a block mapping's entries, or the mappings a block
    list holds, item by item (a run on an item's first line, its dash's, is not placed)."""
    if _block_mapping(value):
        return _deeper(value, runs, limit, lines, leaves, depth)
    if value.id != "sequence" or value.flow_style or not value.value or depth > MAX_DEEPER:
        return None
    items = value.value
    starts = []
    for item in items:
        mark = item.start_mark
        prefix = lines[mark.line][:mark.column]
        if not _block_mapping(item) or prefix.strip() != "-" or \
                prefix.index("-") != value.start_mark.column:
            return None
        starts.append(mark.line)
    plan: dict[int, Any] = {}
    held: dict[int, list[tuple[int, int]]] = {}
    for first, end in runs:
        at = bisect_right(starts, first) - 1
        stop = starts[at + 1] if at + 1 < len(starts) else limit
        if at < 0 or first == starts[at] or end > stop:
            return None
        held.setdefault(at, []).append((first, end))
    for at, item_runs in held.items():
        stop = starts[at + 1] if at + 1 < len(starts) else limit
        inner = _deeper(items[at], item_runs, stop, lines, leaves, depth + 1)
        if inner is None:
            return None
        plan[at] = inner
    return plan


def _ends_itself(node: Any) -> bool:
    """Whether a value ends at a token of its own (a quoted or non-empty plain scalar, a
    flow collection), not where the next token starts (a block collection, a block
    scalar, an empty value)."""
    if node.id == "scalar":
        return node.style in ('"', "'") or (not node.style and node.value != "")
    return bool(node.flow_style)


def _leaves(lines: tuple[str, ...], leaves: list[tuple[Any, int, int, int]]
            ) -> dict[tuple[int, int], tuple[Any, Any]] | None:
    """The entries `_deeper` placed, by (id of their mapping, index), composed together:
    each run of entries of one mapping under a wrapper key (`w0:`, `w1:`, ...) on the
    line above its first, every other line blank, so that marks are the text's; an
    entry whose value does not end itself (a block collection or scalar) comes with the
    sibling key after it, which ends it. None if the lines are not those entries."""
    text: list[str] = []
    at = 0
    groups: list[tuple[Any, int, list[tuple[int, int]]]] = []  # mapping, column, keys
    for mapping, index, start, stop in leaves:
        column = mapping.start_mark.column
        if not groups or groups[-1][0] is not mapping or start < at:
            if start - 1 < at:
                return None
            text.append("\n" * (start - 1 - at) + f"w{len(groups)}:\n")
            groups.append((mapping, column, []))
        elif start > at:
            text.append("\n" * (start - at))
        body = lines[start:stop]
        for line in body:
            stripped = line.lstrip(" ")
            if stripped and stripped[0] not in "#\n" and len(line) - len(stripped) < column:
                return None  # a line of the parent's level: not one entry any more
        text.extend(body)
        groups[-1][2].append((index, start))
        at = stop
        if not _ends_itself(mapping.value[index][1]):  # its sibling key ends it (`_deeper`)
            text.append(lines[stop])
            groups[-1][2].append((-1, stop))
            at = stop + 1
    joined = "".join(text)
    if nested_too_deep(Source(joined)) is not None:
        return None
    from ruamel.yaml.error import YAMLError

    try:
        documents = _readers()[0](joined)
    except YAMLError:
        return None
    if len(documents) != 1 or not _block_mapping(documents[0]) \
            or len(documents[0].value) != len(groups):
        return None
    made: dict[tuple[int, int], tuple[Any, Any]] = {}
    for number, ((key, value), (mapping, column, keys)) in enumerate(
            zip(documents[0].value, groups)):
        if key.value != f"w{number}" or not _block_mapping(value) or \
                len(value.value) != len(keys):
            return None
        for (index, line), pair in zip(keys, value.value):
            if (pair[0].start_mark.line, pair[0].start_mark.column) != (line, column):
                return None
            if index >= 0:
                # Composed without the key after it (its old value ended itself), it
                # ends where it ends in the text only if it still ends itself.
                if _ends_itself(mapping.value[index][1]) and not _ends_itself(pair[1]):
                    return None
                made[(id(mapping), index)] = pair
    return made


def _rebuilt(node: Any, plan: dict[int, Any], made: dict[tuple[int, int], tuple[Any, Any]]
             ) -> Any:
    """A copy of `node` (a mapping or a list) with the entries or items of `plan` replaced:
    by what was composed of them (WHOLE), or by their copies, made the same way."""
    if node.id == "mapping":
        pairs = list(node.value)
        for index, inner in plan.items():
            key, value = pairs[index]
            pairs[index] = (made[(id(node), index)] if inner == WHOLE
                            else (key, _rebuilt(value, inner, made)))
        return _clone(node, value=pairs)
    items = list(node.value)
    for index, inner in plan.items():
        items[index] = _rebuilt(items[index], inner, made)
    return _clone(node, value=items)


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


def _fragments(lines: tuple[str, ...], spans: list[tuple[int, int]], column: int,
               wrapped: bool) -> tuple[list[tuple[Any, Any]], Any, Any] | None:
    """The (key, value) nodes of the entries on the lines [start, stop) of each span (in
    order, apart, entries of one mapping at `column`), composed together with the marks
    they have in the whole text; and where the document and the wrapped mapping end
    (what the caller takes when the last entry is the text's last: there they need not
    end at the same place). None if those lines are not those entries.

    Every other line of the composed text is blank, so lines and columns are the text's,
    and many entries cost one compose: composed one by one, each scanned the blank lines
    above it, and a fix-all of the thousands of entries of a 5 MB file took seconds
    more than a full parse. The line after each entry comes too, so that the entry ends
    where it ends in the text (a block collection ends at the next token): the next
    entry's key, composed as an entry of its own. Entries of a nested mapping are
    composed under a wrapper key at the top level (`w:` on the line above the first).
    """
    if wrapped and spans[0][0] == 0:
        return None
    text: list[str] = []
    keys: list[int] = []  # the lines of the composed mapping's keys, in order
    at = 0  # the lines of `text` so far
    for number, (start, stop) in enumerate(spans):
        if stop <= start or start < at:
            return None
        body = lines[start:stop]
        for line in body:
            stripped = line.lstrip(" ")
            if stripped and stripped[0] not in "#\n" and len(line) - len(stripped) < column:
                return None  # a line of the parent's level: not one entry any more
        text.append("\n" * (start - at - 1) + "w:\n" if wrapped and not number
                    else "\n" * (start - at))
        text.extend(body)
        keys.append(start)
        at = stop
        if stop < len(lines) and (number + 1 == len(spans) or spans[number + 1][0] != stop):
            text.append(lines[stop])
            keys.append(stop)
            at = stop + 1
    stop = spans[-1][1]
    top = wrapped and stop < len(lines) and not lines[stop].startswith(" ")
    if top:
        keys.pop()  # the next top-level key: the document's, not the wrapper's
    padding = len(text[0]) - (3 if wrapped else 0)
    joined = "".join(text)
    # The blank lines above add no depth (and 20,000 of them cost a scan): not them.
    if nested_too_deep(Source(joined[padding:])) is not None:
        return None
    from ruamel.yaml.error import YAMLError

    try:
        # The first reader alone (libyaml): an entry it rejects, such as a flow value with a
        # `:` that the pure parser reads, is left to the full parse and its fallback.
        documents = _readers()[0](joined)
    except YAMLError:
        return None
    if len(documents) != 1 or not _block_mapping(documents[0]):
        return None
    document = documents[0]
    pairs, inner_end = document.value, None
    if wrapped:
        if len(pairs) != 1 + top or (top and pairs[1][0].start_mark.line != stop):
            return None
        key, value = pairs[0]
        if key.value != "w" or not _block_mapping(value):
            return None
        pairs, inner_end = value.value, value.end_mark
    if len(pairs) != len(keys) or any(
            (key.start_mark.line, key.start_mark.column) != (line, column)
            for (key, _), line in zip(pairs, keys)):
        return None
    starts = {start for start, _ in spans}
    return [pair for pair, line in zip(pairs, keys) if line in starts], document.end_mark, inner_end


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
