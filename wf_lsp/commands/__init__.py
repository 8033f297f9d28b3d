"""The subcommands of `wf-lsp`, one module each, imported only when run, and what they
share with `wf_lsp.cli`: the exit codes and `UsageError`."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with how the command was called: reported in one line, exit 2."""
