"""Text nested deeper than any workflow is not composed: ruamel's C composer recurses per
level and kills the process (SIGSEGV) at some 30,000 levels."""

from __future__ import annotations

import subprocess
import sys

import pytest

from wf_lsp.findings import Span
from wf_lsp.parse import MAX_DEPTH, Source, parse

TOO_DEEP = f"nested more than {MAX_DEPTH:,} levels deep: too deep to read"


def _flow(levels: int, before: str = "") -> str:
    return before + "[" * levels + "]" * levels + "\n"


def _block(levels: int) -> str:
    """A mapping in a mapping ..., one column of indentation each."""
    return "".join(" " * level + f"k{level}:\n" for level in range(levels - 1)) + (
        " " * (levels - 1) + "last: x\n")


@pytest.mark.parametrize("text, where", [
    (_flow(100_000), Span.of(0, 1_000, 0, 1_001)),
    (_flow(30_000, "id: deep\njobs:\n  a:\n    steps: "), Span.of(3, 11 + 997, 3, 11 + 998)),
    ("{a: " * 5_000 + "}" * 5_000 + "\n", Span.of(0, 4_000, 0, 4_001)),
    ("- " * 50_000 + "x\n", Span.of(0, 2_000, 0, 2_001)),  # compact sequences
    (_block(1_500), Span.of(1_000, 1_000, 1_000, 1_001)),
    ('- "a\u2028b"\n' + _flow(2_000, "- "), Span.of(1, 2 + 999, 1, 2 + 1_000)),
], ids=["flow", "flow in a workflow", "flow mappings", "compact", "block",
        "after a YAML 1.1 line break"])
def test_too_deep_is_not_composed(text, where):
    parsed = parse(Source.from_text(text))
    assert (parsed.roots, parsed.error.message, parsed.error.span) == ((), TOO_DEEP, where)


@pytest.mark.parametrize("text", [
    _flow(MAX_DEPTH), _block(MAX_DEPTH), "- " * (MAX_DEPTH - 1) + "x\n",
], ids=["flow", "block", "compact"])
def test_the_limit_itself_is_composed(text):
    parsed = parse(Source.from_text(text))
    assert parsed.error is None and len(parsed.roots) == 1


def test_a_workflow_with_thousands_of_brackets_is_measured_and_composed():
    # Over the quick bound (one bracket pair per job), so measured from the events.
    text = "id: wide\njobs:\n" + "".join(
        f"  j{n}:\n    depends_on: [j{n - 1}]\n    steps: [{{run: \"echo [{n}\"}}]\n"
        for n in range(1, 2_000))
    parsed = parse(Source.from_text(text))
    assert parsed.error is None and len(parsed.roots[0].value[1][1].value) == 1_999


def test_a_syntax_error_before_the_depth_is_the_error():
    parsed = parse(Source.from_text("a: [b, c\nd: ]\n" + _flow(5_000)))
    assert parsed.error.message.startswith("YAML syntax error: ")


def test_the_pure_python_parser_is_guarded_too(monkeypatch):
    from wf_lsp import parse as parse_module

    monkeypatch.setattr(parse_module, "_c_parser", lambda: None)  # as without the C extension
    parsed = parse(Source.from_text(_flow(30_000)))
    assert (parsed.error.message, parsed.error.span) == (TOO_DEEP, Span.of(0, 1_000, 0, 1_001))


def test_the_cli_survives_a_file_that_would_crash_the_composer(tmp_path):
    (tmp_path / "deep.yaml").write_text(_flow(100_000))
    (tmp_path / "flow.yaml").write_text(_flow(30_000, "id: deep\njobs:\n  a:\n    steps: "))
    done = subprocess.run([sys.executable, "-m", "wf_lsp", "lint", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr  # a finding, not a signal
    assert f"flow.yaml:4:1009: WF001 {TOO_DEEP}\n" in done.stdout, done.stdout
    assert "deep.yaml" not in done.stdout  # not a workflow: skipped
