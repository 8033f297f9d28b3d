"""`LazyPattern`: a regular expression compiled when it is first used.

`re.compile` runs Python code (re's parser and compiler) for each pattern: the patterns
that wf-lsp's modules compiled as they were imported were some 8% of the instructions
of `wf-lsp lint` on one small file, and most of them serve what such a lint never meets
(a file that is not a workflow, a suppression comment, a `pyproject.toml`, a finding's
fix). A pattern defined with `LazyPattern` where `re.compile` was is used as the
compiled one is (`.search`, `.fullmatch`, `.sub`, `.pattern`, ...): the first use
compiles it, and every attribute asked for is kept on it, so that later uses cost what
the compiled pattern's do. A pattern that every lint uses stays `re.compile`d.
"""

from __future__ import annotations

import re


class LazyPattern:
    """`re.compile(pattern, flags)`, made when first asked for an attribute."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:
        # Asked only for what is not on it yet: the compiled pattern's attribute, kept.
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = re.compile(*self._source)
        value = getattr(compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r})"
