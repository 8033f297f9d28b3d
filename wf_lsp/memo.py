"""What one node's subtree yields, handed from one analysis of a document to the next.

After an edit, the incremental parse (`wf_lsp.incremental`) keeps the nodes of every entry
the edit did not touch: the very same objects, at the same lines when no line came or
went. Whatever is computed from one such node alone (the sections under it, a job's model,
a rule's findings about one section) is then the same as before, and `NodeMemo.get` hands
back the previous result instead of computing it again. A node the edit touched, or one
moved by lines added or removed, is a new object: nothing is found for it, but a rule's
findings about a job that was only moved are the previous ones, moved (`per_item`'s
`move`: `NodeMemo.moved` says which mappings moved, and by how many lines).

The contract of `get(purpose, node, compute, token)`: `compute()` reads only `node`'s
subtree, the text of the lines it spans, the configuration (a memo is never carried over
a change of configuration: `analyze` starts a fresh one) and what `token` stands for
(compared with `is`, then `==`: the rest of what the result depends on, such as the key
node above a job's mapping, the same object while the edit left it alone). The
differential test (`tests/core/test_incremental.py`) checks that an analysis that used the
memo equals a full one, edit after edit.

`per_item` is the same contract for a whole list at once, kept by the identity of its
items: the model's `Job` of a job the edit did not touch is the very same object, and so
is what the model keeps in it (its sections). Comparing two lists of 500 jobs by identity
takes microseconds in C; looking each job up by node took most of a millisecond, once per
rule, and was most of an edit's time. `while_same` keeps one result while a token stays
equal; `hand_on` and `handed` pass anything else on to the next analysis (the model's
table of jobs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain, compress, count
from operator import is_not

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")


def same_ends(items: Sequence[Any], old: Sequence[Any]) -> tuple[int, int]:
    """How many of `items` are the very objects of `old` at the start, and then at the
    end (never overlapping): found by iterators in C."""
    most = min(len(items), len(old))
    head = next(compress(count(), map(is_not, items, old)), most)
    tail = next(compress(count(), map(is_not, reversed(items), reversed(old))), most)
    return head, min(tail, most - head)


def not_same(items: Sequence[Any], old: Sequence[Any]) -> list[int]:
    """Where `items` are not the very objects of `old` (as many of each), found in C:
    after lines changed in place, in several entries (a fix-all), the items between
    those an edit touched are still the previous ones."""
    return list(compress(count(), map(is_not, items, old)))


class NodeMemo:
    """Results by (purpose, node) for one analysis, seeded by the previous analysis's."""

    __slots__ = ("_previous", "_current", "_previous_lists", "_current_lists", "moved")

    def __init__(self, previous: NodeMemo | None = None, same_tree: bool = False) -> None:
        # One table per purpose, by the node's id: an int hashes at C speed, where a
        # (purpose, id) pair would be a tuple made and hashed per lookup (an edit of a
        # large workflow makes some 15,000). Only what this analysis asks for is carried
        # on: the memo never outgrows the tree. Over the very same tree (`same_tree`: the
        # lint of the text the workspace index parsed, which keeps the index's jobs and
        # asks for none of their sections), everything is: the lint of the fixed text
        # after it finds the sections of the steps no fix touched.
        self._previous: dict[str, dict] = previous._current if previous is not None else {}
        self._current: dict[str, dict] = ({purpose: dict(table) for purpose, table
                                           in self._previous.items()} if same_tree else {})
        # By purpose, (items, results, token): `per_item`'s (each item's results),
        # `while_same`'s and `hand_on`'s (no items).
        self._previous_lists: dict[str, tuple] = (previous._current_lists if previous is not None
                                                  else {})
        self._current_lists: dict[str, tuple] = {}
        # When the edit added or removed lines: (first, end, delta, mappings) — its lines
        # [first, end) of the earlier text were replaced, those below moved by `delta`,
        # and `mappings` (`Parsed.moved`) tells which mapping each moved copy was.
        self.moved: tuple[int, int, int, dict[int, Any]] | None = None

    def _tables(self, purpose: str) -> tuple[dict, dict]:
        """This purpose's table of the previous analysis and of this one."""
        current = self._current.get(purpose)
        if current is None:
            current = self._current[purpose] = {}
        return self._previous.get(purpose) or current, current

    def get(self, purpose: str, node: Any, compute: Callable[[], T], token: Any = None,
            identical: bool = False) -> T:
        """`compute()`, or its result of the previous analysis for the same node and token;
        with `identical`, only for the very same token object (a result that holds the
        token: a `Job` holds its section, which must be the one this analysis built)."""
        previous, current = self._tables(purpose)
        key = id(node)
        found = current.get(key) or previous.get(key)
        # The node is held with its result: its id cannot have been given to another.
        if found is None or found[0] is not node or (
                found[1] is not token and (identical or found[1] != token)):
            found = (node, token, compute())
        current[key] = found
        return found[2]

    def per_item(self, purpose: str, items: Sequence[Any],
                 compute: Callable[[Any], Iterable[T]], token: Any = None,
                 move: Callable[[tuple, int, int, int], tuple | None] | None = None,
                 anchor: Callable[[Any], Any] | None = None) -> list[T]:
        """What `compute(item)` yields for each of `items`, joined in order; for an item
        that is the same object as in the previous analysis's call of this purpose, with
        the same `token` (compared with `is`, then `==`), what it yielded then.

        `compute(item)` must read only the item (and what it holds), the text of its
        lines, the configuration and what `token` stands for; the items must be objects
        made again when any of that changes (a `Job`, made again when the edit touched
        its nodes or moved them). A purpose is asked once per analysis (a second call of
        it in the same analysis starts from the first's items: correct, but reused less).

        With `move` and `anchor`, an item that an edit only moved by lines added or
        removed above it (its `anchor(item)`, a mapping, is the moved copy of the
        previous item's: `Parsed.moved`) gets what the previous item yielded, moved:
        `move(results, first, end, delta)` (`findings.moved_findings`), or its own
        `compute` where that answers None.
        """
        before = self._previous_lists.get(purpose)
        if before is None or (before[2] is not token and before[2] != token):
            segments = [tuple(compute(item)) for item in items]
        elif move is not None and self.moved is not None:
            segments = self._moved_segments(items, before[0], before[1], compute, move, anchor)
        else:
            old_items, old_segments = before[0], before[1]
            if len(old_items) == len(items):  # an edit within items: reuse all but those
                segments = list(old_segments)
                for at in not_same(items, old_items):
                    segments[at] = tuple(compute(items[at]))
            else:  # items came or went: reuse the same ones at the start and at the end
                head, tail = same_ends(items, old_items)
                segments = [*old_segments[:head],
                            *(tuple(compute(item)) for item in items[head:len(items) - tail]),
                            *old_segments[len(old_segments) - tail:]]
        self._current_lists[purpose] = (items, segments, token)
        return list(chain.from_iterable(segments))

    def _moved_segments(self, items: Sequence[Any], old_items: Sequence[Any],
                        old_segments: Sequence[tuple], compute: Callable[[Any], Iterable],
                        move: Callable, anchor: Callable[[Any], Any]) -> list[tuple]:
        """`per_item`'s segments after an edit that added or removed lines: the items at
        the start that are the previous ones keep their results; from the end, those
        that are the previous ones or moved copies of them keep theirs, moved; the
        rest are computed."""
        first, end, delta, mappings = self.moved
        head, _ = same_ends(items, old_items)
        tail: list[tuple] = []  # from the last item back
        most = min(len(items), len(old_items)) - head
        while len(tail) < most:
            item, old = items[-1 - len(tail)], old_items[-1 - len(tail)]
            segment = old_segments[-1 - len(tail)]
            if item is not old:
                node = anchor(item)
                # A moved copy of the previous item's mapping; not merely no copy where
                # the previous item had no mapping (`a:` given its first line: its job
                # is new, and `get` answers None for it too).
                origin = mappings.get(id(node)) if node is not None else None
                if origin is None or origin is not anchor(old):
                    break
                if segment:
                    segment = move(segment, first, end, delta)
                    if segment is None:
                        break
            tail.append(segment)
        tail.reverse()
        return [*old_segments[:head],
                *(tuple(compute(item)) for item in items[head:len(items) - len(tail)]),
                *tail]

    def while_same(self, purpose: str, token: Any, compute: Callable[[], T]) -> T:
        """`compute()`, or its result of the previous analysis while `token` is the same
        (compared with `is`, then `==`, never hashed): for what reads the whole workflow
        but only a part that edits seldom change (every job's `depends_on`)."""
        before = self._previous_lists.get(purpose)
        if before is not None and (before[2] is token or before[2] == token):
            result = before[1]
        else:
            result = compute()
        self._current_lists[purpose] = ((), result, token)
        return result

    def handed(self, purpose: str) -> Any:
        """What the previous analysis handed on under `purpose` (`hand_on`), or None."""
        before = self._previous_lists.get(purpose)
        return None if before is None else before[1]

    def hand_on(self, purpose: str, value: Any) -> None:
        """Keep `value` for the next analysis of the document (`handed`)."""
        self._current_lists[purpose] = ((), value, None)

    def by_key(self, purpose: str, key: Any, compute: Callable[[], T]) -> T:
        """`compute()` for a key compared with `==`, not for a node: what depends on values
        alone (the guesses for unknown names among the same job ids)."""
        previous, current = self._tables(purpose)
        found = current.get(key) or previous.get(key)
        if found is None:
            found = (None, None, compute())
        current[key] = found
        return found[2]

    def seal(self) -> None:
        """The analysis is built: let the previous one's results go (and its nodes)."""
        self._previous, self._previous_lists, self.moved = {}, {}, None
