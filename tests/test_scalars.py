"""scalar_text: every value character maps back to the source text it came from.

The oracle is ruamel itself: it writes values in every scalar style (folded at narrow
widths, escaped, indented), parses them back, and scalar_text must rebuild the very value
ruamel read, with each character that stands as itself in the source found there.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from wf_lsp.findings import Position, Span
from wf_lsp.parse import Source, parse
from wf_lsp.scalars import scalar_text



def values_of(text: str):
    """(source, [(key, value node)]) of a one-level mapping document."""
    source = Source.from_text(text)
    parsed = parse(source)
    assert parsed.error is None, parsed.error
    return source, [(k.value, v) for k, v in parsed.roots[0].value]


def source_text(source: Source, span: Span) -> str:
    lines = [source.line_text(i) + "\n" for i in range(span.start.line, span.end.line + 1)]
    lines[-1] = lines[-1][:span.end.column]
    lines[0] = lines[0][span.start.column:]
    return "".join(lines)


def check_map(source: Source, node) -> None:
    mapped = scalar_text(node, source)
    assert mapped is not None, (node.style, node.value)
    assert mapped.value == node.value
    for offset, char in enumerate(mapped.value):
        span = mapped.span(offset, offset + 1)
        assert span.start <= span.end
        text = source_text(source, span)
        if len(text) == 1 and char not in "\n ":
            assert text == char, (offset, char, text, span)
        if text == char:  # the cursor maps back to that character
            assert mapped.offset_at(span.start) == offset
    start = mapped.value.find("${{")
    while start >= 0:  # the expression's opening always stands as itself
        assert source_text(source, mapped.span(start, start + 3)) == "${{"
        start = mapped.value.find("${{", start + 1)


CASES = [
    # (document, key, the value's substring, its expected source span)
    ('run: 😀 ${{ .inputs.x }}\n', "run", ".inputs.x", (0, 11, 0, 20)),
    ('run: "日本 \\"q\\" ${{ .inputs.x }}"\n', "run", ".inputs.x", (0, 19, 0, 28)),
    ('run: "\\u00e9\\t${{ .inputs.x }}"\n', "run", ".inputs.x", (0, 18, 0, 27)),
    ("run: 'it''s ${{ .inputs.x }}'\n", "run", ".inputs.x", (0, 16, 0, 25)),
    ("run: |\n  echo 😀\n  go ${{ .inputs.x }}\n", "run", ".inputs.x", (2, 9, 2, 18)),
    ("run: |2-\n     echo\n    日本 ${{ .inputs.x }}\n", "run", ".inputs.x", (2, 11, 2, 20)),
    ("run: >+\n  a\n  b ${{ .inputs.x }}\n\n", "run", ".inputs.x", (2, 8, 2, 17)),
    ("run: a\n  b ${{ .inputs.x }}\n", "run", ".inputs.x", (1, 8, 1, 17)),
    ('run: "a\n\n   b ${{ .inputs.x }}"\n', "run", ".inputs.x", (2, 9, 2, 18)),
    ('run: "a \\\n   b${{ .inputs.x }}"\n', "run", ".inputs.x", (1, 8, 1, 17)),
    ("run: &anchor !!str ${{ .inputs.x }}\n", "run", ".inputs.x", (0, 23, 0, 32)),
    ("run: ${{\n  .inputs.x }}\n", "run", ".inputs.x", (1, 2, 1, 11)),
]


@pytest.mark.parametrize(("document", "key", "part", "expected"), CASES)
def test_a_value_part_has_its_exact_source_span(document, key, part, expected):
    source, values = values_of(document)
    node = dict(values)[key]
    mapped = scalar_text(node, source)
    start = mapped.value.index(part)
    span = mapped.span(start, start + len(part))
    assert span == Span.of(*expected)
    assert source_text(source, span) == part
    check_map(source, node)


def test_a_line_fold_is_one_character_from_the_whole_gap():
    source, values = values_of("run: one\n\n  two\n")
    mapped = scalar_text(values[0][1], source)
    assert mapped.value == "one\ntwo"
    assert mapped.span(3, 4) == Span.of(0, 8, 2, 2)


def test_edits_are_quoted_as_the_style_needs():
    source, values = values_of("a: \"x ${{ .inputs.x }}\"\nb: 'y ${{ .z }}'\n")
    double, single = (scalar_text(node, source) for _, node in values)
    assert double.edit(0, 1, 'say "hi"').new_text == 'say \\"hi\\"'
    assert single.edit(0, 1, "it's").new_text == "it''s"
    assert double.edit(6, 6, ".").span == Span.of(0, 10, 0, 10)


def test_not_a_string_scalar_gives_none():
    source, values = values_of("a: [1]\nb: 5\n")
    assert scalar_text(values[0][1], source) is None
    assert scalar_text(values[1][1], source).value == "5"  # a plain scalar's text


def test_a_cursor_maps_to_a_value_offset():
    source, values = values_of('run: "é ${{ .x }}"\n')
    mapped = scalar_text(values[0][1], source)
    assert mapped.offset_at(Position(0, 12)) == mapped.value.index(".x")
    assert mapped.offset_at(Position(0, 17)) == len(mapped.value)  # after the last character
    assert mapped.offset_at(Position(0, 0)) is None  # the key


ALPHABET = st.sampled_from(
    ["${{ .inputs.x }}", "${{", "}}", " ", " ", "  ", "a", "b", "x", "😀", "日本", "é", "\\", '"',
     "'", "\t", "\n", "\n\n", "#", ":", "-", "\u00a0", "q "])
STYLES = [str, DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString,
          FoldedScalarString]


@settings(max_examples=examples(2, at_most=1500))
@given(st.lists(st.lists(ALPHABET, min_size=1, max_size=12).map("".join), min_size=1, max_size=4),
       st.lists(st.sampled_from(STYLES), min_size=4, max_size=4),
       st.sampled_from([12, 20, 80]), st.sampled_from([2, 4]))
def test_every_style_ruamel_writes_maps_back(texts, styles, width, indent):
    yaml = YAML()
    yaml.width = width
    yaml.indent(mapping=indent)
    data = {"outer": {f"k{i}": style(text) for i, (text, style) in enumerate(zip(texts, styles))}}
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    source = Source.from_text(buffer.getvalue())
    parsed = parse(source)
    assume(parsed.error is None)  # ruamel writes a few forms it cannot read back (\x07 in `|`)
    values = [(k.value, v) for k, v in parsed.roots[0].value]
    for _, node in values[0][1].value:
        if node.id == "scalar" and isinstance(node.value, str):
            check_map(source, node)
