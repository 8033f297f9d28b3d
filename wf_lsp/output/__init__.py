"""Output formats of `wf-lsp lint`, one module each, imported only when chosen.

Every format module has `write(reports, out, color)`; `reports` are `wf_lsp.Report`s
sorted by path, with findings sorted by position and code. A new format is a module
here, a name in `FORMATS` and a branch in `writer`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import TextIO

    from wf_lsp.linter import Report

FORMATS = ("full", "concise", "json", "github", "sarif", "gitlab")



def writer(format_name: str) -> Callable[[Sequence[Report], TextIO, bool], None]:
    """The `write` function of a format. Each is imported here, when chosen: together
    they would cost `wf-lsp lint` milliseconds of start-up (json, hashlib, urllib)."""
    if format_name == "full":
        from wf_lsp.output import full as module
    elif format_name == "concise":
        from wf_lsp.output import concise as module
    elif format_name == "json":
        from wf_lsp.output import json_format as module
    elif format_name == "github":
        from wf_lsp.output import github as module
    elif format_name == "sarif":
        from wf_lsp.output import sarif as module
    elif format_name == "gitlab":
        from wf_lsp.output import gitlab as module
    else:
        raise ValueError(f"unknown output format {format_name!r}")
    return module.write

