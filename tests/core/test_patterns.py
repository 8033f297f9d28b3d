"""`LazyPattern` is the pattern `re.compile` makes, compiled when first used."""

from __future__ import annotations

import re

from wf_lsp.patterns import LazyPattern


def test_a_lazy_pattern_is_compiled_when_first_used_and_then_kept():
    pattern = LazyPattern(r"^(a+)(?P<rest>b*)$", re.M)
    assert "_compiled" not in vars(pattern)
    assert pattern.search("x\naab").group(1, "rest") == ("aa", "b")
    compiled = vars(pattern)["_compiled"]
    assert compiled is re.compile(r"^(a+)(?P<rest>b*)$", re.M)
    assert (pattern.pattern, pattern.flags, pattern.groups) == (compiled.pattern, compiled.flags, 2)
    assert pattern.sub("-", "aab\nc") == "-\nc"
    assert [m.span() for m in pattern.finditer("ab\nb")] == [(0, 2)]
    assert pattern.fullmatch("ab") and pattern.match("ba") is None
    assert vars(pattern)["_compiled"] is compiled  # compiled once


def test_a_lazy_pattern_of_bytes_and_its_errors_are_those_of_re():
    assert LazyPattern(rb"wf[-_]?lsp", re.I).search(b"[tool.WF_LSP]").group() == b"WF_LSP"
    broken = LazyPattern("(")
    try:
        broken.search("(")
    except re.error as exc:
        assert "missing )" in str(exc)
    else:
        raise AssertionError("no error")
