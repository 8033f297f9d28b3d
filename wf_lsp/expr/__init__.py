"""Expressions `${{ ... }}`: the engine's template language (Go's text/template), by offsets.

`parse(text)` reads a whole string as the engine does and returns its tree with spans (code
point offsets into `text`) or the first error; `references(template)` lists the paths into
the workflow's data (`.inputs.x`, `$.secrets.y`). Nothing here knows YAML: mapping offsets
to lines and columns of a document is `wf_lsp.expressions`' job.
"""

from __future__ import annotations

from wf_lsp.expr.parser import (
    BUILTIN_FUNCTIONS,
    CONTEXTS,
    ParseError,
    Parsed,
    parse,
)
from wf_lsp.expr.paths import Path, references

__all__ = [
    "BUILTIN_FUNCTIONS", "CONTEXTS", "ParseError", "Parsed", "Path", "parse",
    "references",
]
