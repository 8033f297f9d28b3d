"""What changed between two sequences (lines, words), in time near-linear in their length.

`difflib.SequenceMatcher` over the lines of a whole file takes time that grows with the
number of changed lines times their repeats: a fix-all that rewrites `timeout: 1h 30m`
in 4,000 jobs took 10 s to show as `--diff` (and 800 took 20 s as the editor's fix-all,
without autojunk). Here a patience diff finds the fixed points first: the items that
occur once on each side (each job's id), in an order both sides share; only the short
stretches between them go to `SequenceMatcher`. Used by `wf-lsp lint --diff` and by the
editor's minimal edits (`wf_lsp.editor.edits`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence

# Above this many pairs of items, a stretch with no item unique on both sides is replaced
# whole rather than matched item by item: `SequenceMatcher` without autojunk takes time
# in the product of the lengths times the repeats of an item (`steps:`, a blank).
_MATCH_AT_MOST = 40_000


def differences(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) of each changed stretch, `old[i1:i2]` replaced by `new[j1:j2]`, in
    order; between any two, at least one equal item.

    The common head and tail are set aside, then the items that occur once in each
    side's stretch, in an order both sides share (the longest increasing run), are the
    fixed points, and the stretches between them are compared the same way.
    """
    from difflib import SequenceMatcher

    found = []
    todo = [(0, len(old), 0, len(new))]
    while todo:
        i1, i2, j1, j2 = todo.pop()
        while i1 < i2 and j1 < j2 and old[i1] == new[j1]:
            i1, j1 = i1 + 1, j1 + 1
        while i1 < i2 and j1 < j2 and old[i2 - 1] == new[j2 - 1]:
            i2, j2 = i2 - 1, j2 - 1
        if i1 == i2 and j1 == j2:
            continue
        if i1 == i2 or j1 == j2:
            found.append((i1, i2, j1, j2))
            continue
        anchors = _unique_in_order(old, i1, i2, new, j1, j2)
        if anchors:
            for (a1, b1), (a2, b2) in zip([(i1 - 1, j1 - 1), *anchors], [*anchors, (i2, j2)]):
                todo.append((a1 + 1, a2, b1 + 1, b2))
        elif (i2 - i1) * (j2 - j1) <= _MATCH_AT_MOST:
            matcher = SequenceMatcher(None, old[i1:i2], new[j1:j2], autojunk=False)
            found.extend((i1 + a1, i1 + a2, j1 + b1, j1 + b2)
                         for tag, a1, a2, b1, b2 in matcher.get_opcodes() if tag != "equal")
        else:
            found.append((i1, i2, j1, j2))
    found.sort()
    return found


def _unique_in_order(old: Sequence[str], i1: int, i2: int,
                     new: Sequence[str], j1: int, j2: int) -> list[tuple[int, int]]:
    """The (i, j) of items that occur once in `old[i1:i2]` and once in `new[j1:j2]`, equal,
    as many as keep the same order on both sides (a longest increasing run of j)."""
    in_old, in_new = Counter(old[i1:i2]), Counter(new[j1:j2])
    where = {item: j for j, item in enumerate(new[j1:j2], j1) if in_new[item] == 1}
    pairs = [(i, where[item]) for i, item in enumerate(old[i1:i2], i1)
             if in_old[item] == 1 and item in where]
    # Patience sorting: tails[k] is the smallest j ending a run of k + 1 pairs.
    tails: list[int] = []
    ends: list[int] = []  # the pair's index ending each run in tails
    before: list[int] = []  # each pair's predecessor in its run
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        before.append(ends[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[k], ends[k] = j, index
    run = []
    index = ends[-1] if ends else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def patch_lines(text: str) -> list[str]:
    """The lines as `patch` and git count them: ended by `\\n` only (a `\\r` stays in its
    line; `str.splitlines` would also split at form feeds and U+2028)."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def unified_diff(old: Sequence[str], new: Sequence[str], old_name: str, new_name: str,
                 context: int = 3) -> Iterator[str]:
    """The lines of a unified diff of two lists of lines (each but the last with its `\\n`),
    as `diff -u` writes them: hunks with `context` equal lines around each change,
    changes closer than twice that in one hunk; nothing when the lists are equal."""
    stretches = differences(old, new)
    if not stretches:
        return
    yield f"--- {_header_name(old_name)}\n"
    yield f"+++ {_header_name(new_name)}\n"
    group = [stretches[0]]
    for stretch in stretches[1:]:
        if stretch[0] - group[-1][1] > 2 * context:
            yield from _hunk(old, new, group, context)
            group = []
        group.append(stretch)
    yield from _hunk(old, new, group, context)


# How git's quote_c_style writes a character inside quotes (other control characters: octal;
# a C1 control, which a terminal may act on as ESC's two characters (U+009B is CSI), as the
# octal of its UTF-8 bytes, as git writes every byte past ASCII by default).
_C_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
              "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _header_name(name: str) -> str:
    """A file's name in a `---` or `+++` line, as git writes it, so that `git apply` and
    `patch` read it back: between C-style quotes when it holds a quote, a backslash or a
    control character; followed by a tab when it holds a space (`patch` ends a bare name
    at the first space: `a/my flows/x.yaml` was a file `a/my` to it)."""
    if any(_c_char(char) != char for char in name):
        name = '"' + "".join(map(_c_char, name)) + '"'
    return f"{name}\t" if " " in name else name


def _c_char(char: str) -> str:
    if char in _C_ESCAPES:
        return _C_ESCAPES[char]
    if char < " " or "\x7f" <= char <= "\x9f":
        return "".join(f"\\{byte:03o}" for byte in char.encode("utf-8"))
    return char


def _hunk(old: Sequence[str], new: Sequence[str], group: list[tuple[int, int, int, int]],
          context: int) -> Iterator[str]:
    first, last = group[0], group[-1]
    start = max(0, first[0] - context)
    end = min(len(old), last[1] + context)
    new_start, new_end = first[2] - (first[0] - start), last[3] + (end - last[1])
    yield f"@@ -{_range(start, end)} +{_range(new_start, new_end)} @@\n"
    at = start
    for i1, i2, j1, j2 in group:
        yield from _marked(" ", old[at:i1])
        yield from _marked("-", old[i1:i2])
        yield from _marked("+", new[j1:j2])
        at = i2
    yield from _marked(" ", old[at:end])


def _marked(mark: str, lines: Sequence[str]) -> Iterator[str]:
    for line in lines:
        if line.endswith("\n"):
            yield mark + line
        else:  # the last line, without a line break: as diff and git say it (patch reads it)
            yield f"{mark}{line}\n\\ No newline at end of file\n"


def _range(start: int, stop: int) -> str:
    """A hunk's range as the unified format writes it: `3` (one line), `3,4`, `2,0` (none:
    the line before)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"
