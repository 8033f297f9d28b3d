"""The garbage-collector policy, in one place: what wf-lsp does to Python's cyclic
collector, and who asks for it.

A lint allocates some 100,000 objects (5,000 lines) that all live until it ends, and
next to no cycles. The cyclic collector's passes over them find nothing and took a fifth
of a large file's time, growing faster than the file (benchmarks/RESULTS.md). So:

- `wf-lsp lint` pauses the collector for the whole command and skips the interpreter's
  last full collection at exit (`for_the_command_line`): the process ends right after.
  Its worker processes pause it for their life.
- The language server pauses it from a lint's start until its diagnostics are sent
  (`pause` / `resume`; `paused()` around a lint that answers a request): with the
  collector on again at a lint's end, the next allocation started a collection over the
  lint's objects inside the publish, in the user's wait; paused until then, it runs
  after. It makes young collections rarer too (`for_the_server`). It lives long, so it
  keeps collecting.
- The library (`wf_lsp.lint`, `lint_paths`, `fix`) and `wf_lsp.linter` leave the
  collector alone: a caller's process keeps its garbage collector as it was. A caller
  who wants the speed can wrap its calls in `paused()`.

Pauses nest and may come from several threads: the collector is enabled again when the
last one ends, and only if it was enabled when the first began.
"""

from __future__ import annotations

import _thread
import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

# The server pauses from two threads. `_thread`'s lock is `threading.Lock` without
# importing `threading`, which `wf-lsp lint` has no other use for (start-up time).
_lock = _thread.allocate_lock()
_pauses = 0
_was_enabled = False


def pause() -> None:
    """Hold the cyclic collector until the matching `resume`."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1


def resume() -> None:
    """End one `pause`; the last one restores the collector as the first found it."""
    global _pauses
    with _lock:
        _pauses -= 1
        if _pauses == 0 and _was_enabled:
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """The collector held for the block (see `pause`)."""
    pause()
    try:
        yield
    finally:
        resume()


@contextmanager
def for_the_command_line() -> Iterator[None]:
    """The collector held for the command; and, since at exit the interpreter collects
    once more over every object still alive, for nothing (8-10 ms of every run), the
    heap frozen then: frozen objects are skipped. (Worker processes `pause` for life.)

    When the command ends, what it made is aged at once (`_aged`): held back, every
    object it allocated was still young, and the first allocation after the collector
    came back started a young collection over all of them (5,000 lines: some 100,000
    objects, 10-25 ms) as the process was about to end."""
    atexit.register(gc.freeze)
    with paused():
        yield
        _aged()


def _aged() -> None:
    """Every tracked object moved to the oldest generation, where the next young
    collection does not look (a full one still does): `freeze` then `unfreeze`, each a
    splice of lists, not a pass over the objects. Not when something else froze objects:
    they stay frozen."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def for_the_server() -> None:
    """Every lint leaves an analysis of some 45,000 objects (5,000 lines); at the default
    threshold (700) the young collections traverse it again and again, 10-15 ms of every
    edit's diagnostics. Fewer, larger young collections."""
    gc.set_threshold(50_000, 10, 10)
