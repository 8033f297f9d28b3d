"""What one node's subtree yields, handed from one analysis of a document to the next.

After an edit, the incremental parse (`wf_lsp.incremental`) keeps the nodes of every entry
the edit did not touch: the very same objects, at the same lines when no line came or
went. Whatever is computed from one such node alone (the sections under it, a job's model,
a rule's findings about one section) is then the same as before, and `NodeMemo.get` hands
back the previous result instead of computing it again. A node the edit touched, or one
moved by lines added or removed, is a new object: nothing is found for it.

The contract of `get(purpose, node, compute, token)`: `compute()` reads only `node`'s
subtree, the text of the lines it spans, the configuration (a memo is never carried over
a change of configuration: `analyze` starts a fresh one) and what `token` stands for
(compared with `is`, then `==`: the rest of what the result depends on, such as the key
node above a job's mapping, the same object while the edit left it alone). The
differential test (`tests/core/test_incremental.py`) checks that an analysis that used the
memo equals a full one, edit after edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


class NodeMemo:
    """Results by (purpose, node) for one analysis, seeded by the previous analysis's."""

    __slots__ = ("_previous", "_current")

    def __init__(self, previous: NodeMemo | None = None) -> None:
        # One table per purpose, by the node's id: an int hashes at C speed, where a
        # (purpose, id) pair would be a tuple made and hashed per lookup (an edit of a
        # large workflow makes some 15,000). Only what this analysis asks for is carried
        # on: the memo never outgrows the tree.
        self._previous: dict[str, dict] = previous._current if previous is not None else {}
        self._current: dict[str, dict] = {}

    def _tables(self, purpose: str) -> tuple[dict, dict]:
        """This purpose's table of the previous analysis and of this one."""
        current = self._current.get(purpose)
        if current is None:
            current = self._current[purpose] = {}
        return self._previous.get(purpose) or current, current

    def get(self, purpose: str, node: Any, compute: Callable[[], T], token: Any = None) -> T:
        previous, current = self._tables(purpose)
        key = id(node)
        found = current.get(key) or previous.get(key)
        # The node is held with its result: its id cannot have been given to another.
        if found is None or found[0] is not node or (found[1] is not token and found[1] != token):
            found = (node, token, compute())
        current[key] = found
        return found[2]

    def collect(self, purpose: str, items: Iterable[tuple[Any, Any, Any]],
                compute: Callable[[Any], Iterable[T]]) -> list[T]:
        """`get` for many nodes of one purpose, in one loop, the results joined: for each
        `(node, token, argument)` of `items`, what `compute(argument)` yields, or what it
        yielded before for that node and token. A None node has nothing to be kept by:
        computed every time. (A rule asks once per job: on a large workflow, the calls
        saved are most of an edit's.)"""
        previous, current = self._tables(purpose)
        # A purpose is asked for once per workflow: a node met again in this analysis
        # (a second document's? never the same node) is computed again, not looked up.
        find = previous.get
        out: list[T] = []
        extend = out.extend
        for node, token, argument in items:
            if node is None:
                extend(compute(argument))
                continue
            key = id(node)
            found = find(key)
            if found is None or found[0] is not node or (
                    found[1] is not token and found[1] != token):
                found = (node, token, tuple(compute(argument)))
            current[key] = found
            extend(found[2])
        return out

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
        """The analysis is built: let the previous one's results go."""
        self._previous = {}
