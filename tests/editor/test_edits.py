"""Fix-all's minimal edit: applied by the core's fix engine, it gives exactly the new text."""

from __future__ import annotations

import os

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wf_lsp.editor.edits import minimal_edits
from wf_lsp.findings import Fix
from wf_lsp.fixes import apply_fixes
from wf_lsp.parse import Source

# Line breaks of every kind, wide characters (UTF-16 surrogates, CJK) and YAML punctuation.
TEXTS = st.text(alphabet="ab :#\n\r\t中é🚀", max_size=40)
EXAMPLES = 100 if os.environ.get("CI") == "true" else 1000


def _offset(source: Source, line: int, column: int) -> int:
    return sum(map(len, source.lines[:line])) + column


@settings(max_examples=EXAMPLES, deadline=None)
@given(TEXTS, TEXTS)
@example("a\r\nb", "a\nb")
@example("a\r\n", "a\r\n\r\n")
@example("🚀\n中", "🚀\né\n中")
def test_the_edit_turns_the_old_text_into_the_new(old, new):
    source = Source(old)
    edits = minimal_edits(source, new)
    if old == new:
        assert edits == []
        return
    [edit] = edits
    # The oracle: the engine `--fix` uses, which finds offsets its own way.
    assert apply_fixes(source, [Fix("fix all", (edit,), True)]) == (new, 1)
    start = _offset(source, edit.span.start.line, edit.span.start.column)
    end = _offset(source, edit.span.end.line, edit.span.end.column)
    for offset in (start, end):  # an LSP position cannot sit between \r and \n
        assert offset == 0 or old[offset - 1:offset + 1] != "\r\n"
    # Minimal: only what differs, widened by at most one character at each end for a CRLF.
    prefix = len(os.path.commonprefix([old, new]))
    suffix = len(os.path.commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
    assert start >= prefix - 1 and end <= len(old) - suffix + 1
