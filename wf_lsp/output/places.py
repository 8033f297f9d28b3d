"""Places in other files than a finding's own (a related place, a fix of the workflow a
call names), as the output formats show them."""

from __future__ import annotations

import os
from collections.abc import Callable


def sources_by_path(reports) -> Callable[[str], object]:
    """A lookup of a file's `Source` by absolute path: a linted file's from its report,
    another's read from disk when first asked for (None when it cannot be)."""
    known = {os.path.abspath(r.path): r.source for r in reports if r.source is not None}

    def source(path: str):
        if path not in known:
            from wf_lsp.files import read_text
            from wf_lsp.parse import Source

            try:
                known[path] = Source.from_text(read_text(path))
            except OSError:
                known[path] = None
        return known[path]

    return source
