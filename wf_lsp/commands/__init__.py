"""The subcommands of `wf-lsp`, one module each, imported only when run, and what they
share with `wf_lsp.cli`: the exit codes and `UsageError`."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with how the command was called: reported in one line, exit 2."""


def read_stdin() -> bytes:
    """Standard input's bytes; a `UsageError` when the process has none (`<&-`), which
    Python leaves as `sys.stdin = None`."""
    if sys.stdin is None:
        raise UsageError("standard input is closed: nothing to read")
    return sys.stdin.buffer.read()
