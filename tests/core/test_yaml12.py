"""YAML 1.2 as the engine reads it: what libyaml (the C parser) rejects and YAML 1.2 allows
is read by ruamel's pure-Python parser, composed here in a loop; only text neither reads
is a syntax error, said in plain words where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from gotools import GoOracle, build
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from ruamel.yaml.error import YAMLError

from wf_lsp.parse import (MAX_DEPTH, MAX_PURE_FALLBACK, Source, _compose_c, _compose_pure,
                          parse, walk)

from .helpers import ROOT, run_cli, run_json


def _text(path: Path) -> str:
    return Source.from_text(path.read_text(encoding="utf-8")).text


def _tree(roots) -> list:
    """Every node's kind, tag, value, style and marks, parents first."""
    out = []
    for node in walk(roots):
        marks = (node.start_mark.index, node.start_mark.line, node.start_mark.column,
                 node.end_mark.index, node.end_mark.line, node.end_mark.column)
        value = node.value if node.id == "scalar" else len(node.value)
        style = getattr(node, "style", None) if node.id == "scalar" else node.flow_style
        out.append((node.id, str(node.tag), value, style, marks))
    return out


def _c_reads(text: str) -> bool:
    try:
        _compose_c(text)
    except YAMLError:
        return False
    return True


# The corpus and the examples that libyaml reads (the others have syntax errors).
SAMPLES = sorted(p for folder in ("tests/corpus", "examples")
                 for p in (ROOT / folder).rglob("*.yaml") if _c_reads(_text(p)))


# ruamel's pure scanner rejects a tab before a comment (`id: x<TAB># note`), which YAML
# 1.2 allows: such text is read by the C parser alone, as before.
PURE_REJECTS = {"tabs-in-comments.yaml"}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_pure_parser_composes_what_the_c_parser_composes(path: Path):
    text = _text(path)
    if path.name in PURE_REJECTS:
        with pytest.raises(YAMLError):
            _compose_pure(text)
        return
    assert _tree(_compose_pure(text)) == _tree(_compose_c(text))


SCALARS = st.sampled_from(["a", "1", "1h", '"q"', "'s'", "~", "true", "&x v", "*x", "!!str 5",
                           "!!int 7", "[]", "{}", "|\n  block\n", "drive://b/o/"])


@st.composite
def documents(draw) -> str:
    """Small block and flow documents with anchors, aliases, tags and merge keys."""
    lines = ["base: &x {k: v}"]
    for n in range(draw(st.integers(1, 6))):
        value = draw(SCALARS)
        if value == "drive://b/o/":
            value = "{d: drive://b/o/}" if draw(st.booleans()) else value
        if draw(st.booleans()):
            lines.append(f"k{n}:\n  <<: *x\n  v: {value}" if "\n" not in value
                         else f"k{n}: {value}")
        else:
            lines.append(f"k{n}: [{value.strip()}, {draw(SCALARS).strip()}]"
                         if "\n" not in value else f"k{n}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(0.6, at_most=60))
@given(documents())
def test_the_trees_are_the_same_for_generated_documents(text):
    if _c_reads(text):
        assert _tree(_compose_pure(text)) == _tree(_compose_c(text))


def test_a_colon_in_a_flow_scalar_is_yaml_1_2_and_every_later_finding_stays():
    text = ("id: flow\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
            "      - upload: {path: out, destination: gs://bucket/out/}\n"
            "      - upload: {path: out, destination: drive://bucket/out/}\n"
            "      - run: x\n        timeout: 5\n")
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"], f["end_column"]) for f in findings] == [
        ("WF505", 6, 42, 58),  # exact, inside the flow mapping the C parser rejected
        ("WF101", 9, 18, 19),
    ]


def test_an_anchor_defined_again_names_the_later_value():
    text = ("id: anchors\njobs:\n  a:\n    timeout: &t 2h\n    steps: [{run: x}]\n"
            '  b:\n    name: &t "B"\n    timeout: 1h\n    steps: [{run: x, timeout: *t}]\n')
    findings = run_json("-", input=text)
    # The step's timeout is "B" (reported at its anchor), not 2h (no WF201): no WF001.
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("WF107", 7, 14)]


@pytest.mark.parametrize("flow", ["[{run, *e]", "[{run: x, *e]", "[{*e]"])
def test_an_alias_of_a_mapping_still_open_as_a_key_before_a_syntax_error(flow):
    """`*e` inside the mapping `&e` names, as a key whose value is empty, in flow text the
    C parser rejects: the pure parser's compose asked where that key ends, which is not
    known yet (an internal error, exit 2). The syntax error is reported."""
    text = f"id: demo\njobs: &e\n  a:\n    steps: {flow}\n"
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"]) for f in findings] == [("WF001", 4)]


def test_a_nul_byte_is_reported_where_it_is_in_plain_words():
    text = ('id: nul\njobs:\n  a:\n    name: "a\0b"\n    timeout: 5\n'
            "    steps: [{run: x}]\n")
    done = run_cli("lint", "--format", "concise", "--stdin-filename", "nul.yaml", "-",
                   input=text)
    assert done.stdout.splitlines()[0] == (
        "nul.yaml:4:13: WF001 YAML syntax error: a control character (U+0000) is not allowed "
        "in YAML text; remove it, or write it as \\u0000 in a double-quoted string")
    assert "<unicode string>" not in done.stdout


def test_a_nul_byte_keeps_the_findings_before_it():
    text = 'id: nul\njobs:\n  a:\n    timeout: 5\n    name: "a\0b"\n    steps: [{run: x}]\n'
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [
        ("WF101", 4, 14), ("WF001", 5, 13)]


@pytest.mark.parametrize("levels", [300, MAX_DEPTH])
def test_the_pure_parser_reads_deep_nesting_without_recursion(levels):
    # The flow colon sends the document to the pure parser; the nesting is below the limit.
    text = ("id: deep\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
            "      - upload: {path: out, destination: drive://b/o/}\n"
            f"    x: {'[' * (levels - 4)}{']' * (levels - 4)}\n")
    parsed = parse(Source(text))
    assert parsed.error is None
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"]) for f in findings] == [("WF003", 7)]


def test_text_that_is_not_yaml_1_2_either_is_a_syntax_error_at_its_real_place():
    # libyaml stops at line 6 (the flow colon); YAML 1.2 reads that, and the list left
    # open on line 8 is the error.
    text = ("id: broken\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
            "      - upload: {path: out, destination: drive://b/o/}\n"
            "      - run: x\n        timeout: [5m\n")
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"]) for f in findings if f["code"] == "WF001"] == [("WF001", 8)]


def test_an_alias_in_text_only_the_pure_parser_reads_is_placed_where_it_is_written():
    # libyaml rejects the `:` in the flow value; the tree is the pure parser's, and so are
    # the aliases' places (libyaml's events stopped before `*d`: WF303 saw no repeat).
    text = ("id: p\njobs:\n  b:\n    timeout: 1h\n    steps: [{run: x}]\n    env: {U: drive://b/}\n"
            "  c:\n    timeout: 1h\n    depends_on: [&d b, *d]\n    steps: [{run: x}]\n")
    found = [f for f in run_json("-", input=text) if f["code"] == "WF303"]
    assert [(f["line"], f["column"]) for f in found] == [(9, 24)]


# What a person types that breaks YAML, and what YAML 1.2 reads where libyaml does not.
TYPOS = st.sampled_from(['"', "'", "[", "{", "]", "}", ":", ": ", "\t", " ", "  ", "- ", "? ",
                         "|", ">", "#", ",", "&a ", "*a", "&a:", "*a?", "x:y", ":x", "\n  ",
                         "\n\t", "- -", "!x ", "\\", "\ufeff", "\x85"])
SMALL_SAMPLES = [_text(p) for p in SAMPLES if len(_text(p)) < 20_000]


@st.composite
def typed_into(draw) -> str:
    """A corpus text with a few typos put in at places drawn, or a line moved a space."""
    lines = draw(st.sampled_from(SMALL_SAMPLES)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        column = draw(st.integers(0, len(lines[at])))
        typo = draw(st.one_of(TYPOS, st.sampled_from(["<indent>", "<dedent>"])))
        if typo == "<indent>":
            lines[at] = " " + lines[at]
        elif typo == "<dedent>":
            lines[at] = lines[at][1:] if lines[at].startswith(" ") else lines[at]
        else:
            lines[at] = lines[at][:column] + typo + lines[at][column:]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def go_yaml(tmp_path_factory):
    """go-yaml (gopkg.in/yaml.v3), the engine's YAML parser: tests/test_yaml_go.py."""
    oracle = GoOracle(build("yamlv3", tmp_path_factory.mktemp("go"), ("gopkg.in/yaml.v3",)))
    yield oracle
    oracle.close()


@settings(max_examples=examples(1, at_most=400))
@given(typed_into())
def test_a_typo_is_a_syntax_error_where_the_engine_s_parser_says_so(go_yaml, text):
    """A libyaml error that `_libyaml_stands` keeps is go-yaml's too, and the text the pure
    parser reads instead go-yaml reads. (It once held the pure parser to YAML 1.2 here,
    which go-yaml is not: a YAML 1.1 line break, an anchor's name ended at `:`, an empty
    key, were read where the engine fails.)"""
    go = go_yaml(text)
    assume(go.get("docs") != 0)  # nothing to run: go-yaml drops a scanner error then
    assert (parse(Source(text)).error is not None) == ("err" in go), (text, go)


def _pure_parses(monkeypatch, text: str) -> tuple[object, int]:
    """The parse of `text`, and how many times the pure parser was asked in it."""
    import wf_lsp.parse as module

    asked = []

    def pure(text):
        asked.append(len(text))
        return _compose_pure(text)

    monkeypatch.setattr(module, "_compose_pure", pure)
    return parse(Source(text)), len(asked)


def _generated_with(typo: str) -> str:
    """A workflow of some 50 KB with `typo` put in a step's name near its end."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate",
                                                  ROOT / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    lines = generate.workflow(1600).split("\n")
    at = [n for n, line in enumerate(lines) if line.startswith("      - name: ")][-3]
    lines[at] = lines[at].replace("name: ", typo, 1)
    return "\n".join(lines)


@pytest.mark.parametrize("typo", ['name: "', "name: [", 'name:"', " name: "],
                         ids=["quote", "bracket", "no-space", "indented"])
def test_a_syntax_error_yaml_1_2_makes_too_is_not_read_again_by_the_pure_parser(
        monkeypatch, typo):
    """While a quote or a bracket stands open, every keystroke parsed the text again: after
    libyaml's error, ruamel's pure-Python parser read the whole text up to it once more
    (90 ms at the end of 50 KB), which could only say the same."""
    text = _generated_with(typo)
    assert len(text) < MAX_PURE_FALLBACK
    parsed, asked = _pure_parses(monkeypatch, text)
    assert parsed.error is not None and asked == 0


@pytest.mark.parametrize("text", [
    "a: {d: drive://b/}\n",  # a `:` in a flow value
    "a: {d: drive://b/}\t# a tab after it, which ruamel's pure scanner rejects\n",
    "a: &x 1\nb: &x 2\n",  # an anchor defined again
], ids=["flow-colon", "flow-colon-tab", "anchor-again"])
def test_what_go_yaml_reads_and_libyaml_not_is_read_by_the_pure_parser(monkeypatch, text):
    parsed, asked = _pure_parses(monkeypatch, text)
    assert parsed.error is None and asked >= 1


@pytest.mark.parametrize("text", [
    "a:\n  b: 1\n: c\n",  # an empty key
    "a: &x:y 1\nb: *x:y\n",  # a `:` in an anchor's name
    "a: x\x85y\n",  # a YAML 1.1 line break in a plain value
    "a:\n  - run: echo \u2028 x\n",  # and one that ends the line where ` x` cannot go on
], ids=["empty-key", "anchor-colon", "nel", "line-separator"])
def test_what_yaml_1_2_reads_and_go_yaml_not_is_a_syntax_error(monkeypatch, text):
    """YAML 1.2 reads these; go-yaml, the engine's parser, stops where libyaml does."""
    parsed, asked = _pure_parses(monkeypatch, text)
    assert parsed.error is not None and asked == 0
