"""Expressions in a document: exact spans for every part, errors and their fixes.

Each case writes an expression after emoji or CJK text, in one scalar style, and checks
that the spans cover exactly the characters named, on the right line and column.
"""

from __future__ import annotations

import pytest

from wf_lsp import expressions
from wf_lsp.expr import parse, references
from wf_lsp.findings import Span
from wf_lsp.fixes import apply_fixes
from wf_lsp.parse import Source, parse as parse_yaml


def scalars(document: str):
    source = Source.from_text(document)
    parsed = parse_yaml(source)
    assert parsed.error is None
    found = [expressions.in_scalar(node, source) for node in expressions.values(parsed.roots[0])]
    return source, [item for item in found if item is not None]


def text_at(source: Source, span: Span) -> str:
    if span.start.line == span.end.line:
        return source.line_text(span.start.line)[span.start.column:span.end.column]
    lines = [source.line_text(span.start.line)[span.start.column:]]
    lines += [source.line_text(i) for i in range(span.start.line + 1, span.end.line)]
    return "\n".join([*lines, source.line_text(span.end.line)[:span.end.column]])


STYLES = {
    "plain": "run: 😀 echo ${{ .inputs.epochs }} ${{ .secrets.tok }}\n",
    "double": 'run: "日本 \\"x\\" \\u00e9 ${{ .inputs.epochs }} ${{ .secrets.tok }}"\n',
    "single": "run: '😀 it''s ${{ .inputs.epochs }} ${{ .secrets.tok }}'\n",
    "literal": "run: |\n  echo 日本\n  python ${{ .inputs.epochs }} \\\n    ${{ .secrets.tok }}\n",
    "folded": "run: >-\n  😀 a\n  ${{ .inputs.epochs }}\n\n  ${{ .secrets.tok }}\n",
    "multi-line plain": "run: 😀 a\n  b ${{ .inputs.epochs }}\n\n  ${{ .secrets.tok }}\n",
    "double folded": 'run: "😀 a\n  ${{ .inputs.epochs }} \\\n  ${{ .secrets.tok }}"\n',
}


@pytest.mark.parametrize("style", STYLES)
def test_every_name_has_its_exact_span_in_every_style(style):
    source, found = scalars(STYLES[style])
    (item,) = found
    assert item.error is None
    first, second = item.references
    assert text_at(source, first.span) == ".inputs.epochs"
    assert text_at(source, first.context.span) == "inputs" and first.context.name == "inputs"
    assert text_at(source, first.name.span) == "epochs" and first.name.name == "epochs"
    assert text_at(source, second.name.span) == "tok"
    assert [text_at(source, span) for span in item.expressions] == [
        "${{ .inputs.epochs }}", "${{ .secrets.tok }}"]
    assert text_at(source, first.expression) == "${{ .inputs.epochs }}"


def test_the_path_on_its_line_and_column():
    source, (item,) = scalars("jobs:\n  a:\n    steps:\n      - run: |\n          日本😀 ${{ .inputs.x }}\n")
    # 10 spaces, 日本😀 (one code point each), a space, `${{ `, `.inputs.`: x is column 26
    assert item.references[0].name.span == Span.of(4, 26, 4, 27)


def test_keys_are_not_expressions():
    source, found = scalars("env:\n  ${{ .x }}: a\n  B: ${{ .inputs.y }}\n")
    assert [ref.name.name for item in found for ref in item.references] == ["y"]


def test_a_value_without_an_expression_has_none():
    assert scalars("a: b\nc: '${ {x}}'\n")[1] == []


@pytest.mark.parametrize(("document", "kind", "covered"), [
    ("a: echo ${{ .inputs.x\n", "unclosed", "${{ .inputs.x"),
    ('a: "😀 ${{ }}"\n', "empty", "${{ }}"),
    ("a: 日本 ${{ inputs.x }}\n", "missing-dot", "inputs.x"),
    ("a: ${{ upper .inputs.x }}\n", "unknown-function", "upper"),
    ("a: |\n  ${{ .inputs.x-y }}\n", "syntax", "-"),
    ("a: ${{ if .x }}b\n", "syntax", "${{ if .x }}"),
])
def test_errors_cover_what_is_wrong(document, kind, covered):
    source, (item,) = scalars(document)
    assert item.error.kind == kind
    assert text_at(source, item.error.span) == covered


@pytest.mark.parametrize("document", [
    "a: 日本 ${{ inputs.x }}\n",
    'a: "é\\t${{ secrets.t }}"\n',
    "a: |\n  😀 ${{ matrix.os }} ${{ .env.X }}\n",
    "a: >\n  x\n  ${{ env.HOME }}\n",
])
def test_the_missing_dot_fix_makes_the_value_parse(document):
    source, (item,) = scalars(document)
    (fix,) = item.error.fixes
    assert fix.safe
    fixed, applied = apply_fixes(source, [fix])
    assert applied == 1
    _, (after,) = scalars(fixed)
    assert after.error is None
    assert after.references[0].context.name in expressions.CONTEXTS


def test_references_only_where_the_dot_is_the_workflow_data():
    parsed = parse("${{ range .matrix.os }}${{ .name }}${{ $.inputs.x }}${{ end }}"
                   "${{ with .inputs }}${{ .y }}${{ else }}${{ .env.Z }}${{ end }}"
                   '${{ define "t" }}${{ .w }}${{ end }}${{ if .a }}${{ .b }}${{ end }}')
    assert parsed.ok
    names = [".".join(seg.name for seg in path.segments) for path in references(parsed.template)]
    assert names == ["matrix.os", "inputs.x", "inputs", "inputs.y", "env.Z", "a", "b"]


def _paths(text: str) -> list[tuple[str, str, int]]:
    """Each path as its names, the text it is written as, and how many names are implied."""
    parsed = parse(text)
    assert parsed.ok, parsed.error
    return [(".".join(seg.name for seg in path.segments), text[path.start:path.end],
             path.implied) for path in references(parsed.template)]


def test_with_makes_dot_its_value_and_dollar_stays_the_data():
    text = ("${{ with .inputs }}${{ .nope }}${{ $.secrets.s }}${{ index . \"k\" }}"
            "${{ with .msg }}${{ .x }}${{ . }}${{ end }}${{ end }}${{ with $ }}${{ .env.A }}${{ end }}")
    assert _paths(text) == [
        ("inputs", ".inputs", 0), ("inputs.nope", ".nope", 1), ("secrets.s", "$.secrets.s", 0),
        ("inputs.k", 'index . "k"', 1), ("inputs.msg", ".msg", 1), ("inputs.msg.x", ".x", 2),
        ("env.A", ".env.A", 0),
    ]


def test_range_gives_an_element_of_unknown_shape():
    # `.` and the range's variables are elements: nothing read through them is listed.
    assert _paths("${{ range $k, $v := .inputs }}${{ .a }}${{ $v.b }}${{ $k }}${{ end }}"
                  "${{ range .env }}${{ with .c }}${{ .d }}${{ end }}${{ end }}") == [
        ("inputs", ".inputs", 0), ("env", ".env", 0)]


def test_variables_hold_the_path_they_are_declared_with_to_the_end_of_their_block():
    text = ("${{ $in := .inputs }}${{ $in.a }}${{ if .x }}${{ $s := .secrets }}${{ $s.t }}"
            "${{ end }}${{ with $m := .matrix }}${{ $m.os }}${{ end }}${{ $in }}")
    assert _paths(text) == [
        ("inputs", ".inputs", 0), ("inputs.a", "$in.a", 1), ("x", ".x", 0),
        ("secrets", ".secrets", 0), ("secrets.t", "$s.t", 1), ("matrix", ".matrix", 0),
        ("matrix.os", "$m.os", 1), ("inputs", "$in", 1)]


def test_a_variable_assigned_anywhere_holds_no_known_path():
    # Which value `$x` holds after the `if` depends on the run: neither is assumed.
    assert _paths("${{ $x := .inputs }}${{ if .c }}${{ $x = .secrets }}${{ end }}${{ $x.t }}") \
        == [("inputs", ".inputs", 0), ("c", ".c", 0), ("secrets", ".secrets", 0)]


def test_index_with_constant_keys_and_a_field_of_a_parenthesized_path_are_paths():
    text = ('${{ index .inputs "a" }}${{ index $ "secrets" "b\\x41" }}${{ (.inputs).c }}'
            '${{ index .inputs .inputs.d }}${{ with .x }}${{ index .inputs "e" }}${{ end }}')
    parsed = parse(text)
    assert parsed.ok
    found = [(tuple(seg.name for seg in path.segments), text[path.start:path.end],
              text[path.segments[-1].start:path.segments[-1].end])
             for path in references(parsed.template)]
    assert found == [
        (("inputs", "a"), 'index .inputs "a"', "a"),  # the key's span: inside its quotes
        (("secrets", "bA"), 'index $ "secrets" "b\\x41"', '"b\\x41"'),  # escaped: all of it
        (("inputs", "c"), "(.inputs).c", "c"),
        (("inputs",), ".inputs", "inputs"),  # a key known only at run time: the map alone
        (("inputs", "d"), ".inputs.d", "d"),
        (("x",), ".x", "x"),
        (("x", "inputs", "e"), 'index .inputs "e"', "e"),  # `.` is `.x` there
    ]


def test_a_partial_tree_before_an_error_keeps_its_references():
    source, (item,) = scalars("a: ${{ .inputs.x }} ${{ }}\n")
    assert item.error.kind == "empty"
    assert [ref.name.name for ref in item.references] == ["x"]


def test_a_value_the_map_cannot_follow_is_covered_whole():
    # A YAML 1.1 line break (U+2028) in the value: no exact map, so the whole value.
    source, (item,) = scalars('a: "x\u2028 ${{ inputs.y }}"\n')
    assert item.text.style == "double"
    assert item.error.kind == "missing-dot"
    assert item.error.span == Span.of(0, 3, 0, 23)


def test_a_value_is_lexed_once_for_its_parse_and_its_actions(monkeypatch):
    """A value's template is parsed and its `${{ }}` actions found from one lexing of it
    (each value of a large file was lexed twice: a tenth of reading its expressions)."""
    from wf_lsp.expr import lexer

    lexed = []
    lex = lexer.lex
    monkeypatch.setattr(lexer, "lex", lambda text: lexed.append(text) or lex(text))
    document = "run: echo ${{ .inputs.a }} and ${{ .env.lexed_once }}\n"
    source, (found,) = scalars(document)
    assert [text_at(source, span) for span in found.expressions] == [
        "${{ .inputs.a }}", "${{ .env.lexed_once }}"]
    assert lexed == ["echo ${{ .inputs.a }} and ${{ .env.lexed_once }}"]


def test_a_value_is_kept_by_its_own_text_not_its_line():
    """The expressions of a value are kept by what they are read from (`in_scalar`): on a
    line of thousands of values (a workflow written as one line of JSON) that is the
    value's text, not the line, which every value would otherwise compare again."""
    jobs = ", ".join(f'"j{n}": {{"steps": [{{"run": "echo ${{{{ .inputs.x }}}} {n}"}}]}}'
                     for n in range(200))
    document = f'{{"id": "w", "jobs": {{{jobs}}}}}\n'
    source = Source.from_text(document)
    values = [node for node in expressions.values(parse_yaml(source).roots[0])
              if "${{" in str(node.value)]
    assert len(values) == 200
    for node in values:
        written = expressions._written(node, source)[-1]
        assert sum(map(len, written)) == len(node.value) + 2  # its quotes
    # A block scalar is read by whole lines: its header's rest, then each line to its
    # end mark's (the next key's, where it ends).
    source = Source.from_text("run: |\n  a ${{ .inputs.x }}\n  b\nname: x\n")
    (node,) = [n for n in expressions.values(parse_yaml(source).roots[0]) if n.style == "|"]
    assert expressions._written(node, source)[-1] == (
        "|\n", "  a ${{ .inputs.x }}\n", "  b\n", "name: x\n")
