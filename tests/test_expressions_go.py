"""The expression parser against Go's real text/template (tests/go/parsetemplate/main.go).

Go decides whether the engine can parse a string; `wf_lsp.expr.parse` must give the same
verdict on every input: hand-picked cases, thousands of generated ones and Hypothesis'.
"""

from __future__ import annotations

import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from gotools import GoOracle, build
from gotools import batch as go_batch

from wf_lsp.expr import parse
from wf_lsp.findings import shortened


# Pieces of actions: paths, variables, functions (built-in and not), literals of every kind
# with their edge cases, keywords, operators and characters Go rejects.
OPERANDS = [
    ".inputs.x", ".secrets.tok", ".env.HOME", ".matrix.os", ".", ".x", ".x.y.z", "inputs.x",
    "inputs", "$", "$x", "$.inputs.x", "$x.y", "nil", "true", "false", "len", "printf", "index",
    "eq", "not", "upper", "default", "(", ")", "(.x)", "(.x).y", "1", "-1", "+2", "0", "08",
    "0x1F", "0o17", "0b101", "1_000", "1__0", "_1", "1_", "0x_1", "1.5", ".5", "1.", "1e3",
    "1e400", "1e-400", "0x1p3", "0x1.8", "1i", "1+2i", "1-2.5i", "18446744073709551615",
    "18446744073709551616", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "1.5.5", "0b2", "09.5", "'a'", "'ab'", "''", "'\\n'", "'\\x41'", "'\\u00e9'", "'\\400'",
    "'\\q'", "'é'", '"s"', '"a b"', '"\\n"', '"\\q"', '"\\x4"', '"\\u00e9"', '"\\U00110000"',
    '"\\377"', '"\\400"', "\"\\'\"", '"', "`raw`", "`a\nb`", "`", "'",
]
KEYWORDS = ["if", "else", "end", "range", "with", "define", "block", "template", "break",
            "continue", "else if"]
GLUE = [" ", " ", " ", "", "\t", "\n", "|", " | ", ":=", " := ", "=", " = ", ",", ", ", ":",
        "}", "{", "-", "#", "é", "😀", "\x00", "\x7f", "[", "]"]
TEXT = ["", "", "a", "echo ", " ", "\n", "x}}", "${", "{{", "$", "}", "é", "😀"]
LEFTS = ["${{", "${{ ", "${{- ", "${{-", "${{/* c */}}", "${{- /* c */ -}}", "${{/* c", "${{ /* c */}}"]
RIGHTS = ["}}", " }}", " -}}", "-}}", "", " } }"]


def random_action(rng: random.Random) -> str:
    inner = ""
    if rng.random() < 0.35:
        inner = rng.choice(KEYWORDS) + " "
        if inner in ("define ", "block ", "template "):
            inner += rng.choice(['"t" ', '"" ', "`u` ", "t ", '"\\q" '])
    if rng.random() < 0.2:
        inner += rng.choice(["$x := ", "$i, $e := ", "$x = ", "$y := ", "$a, $b, $c := "])
    for _ in range(rng.randint(0, 4)):
        inner += rng.choice(OPERANDS) + rng.choice(GLUE)
    return rng.choice(LEFTS) + inner + rng.choice(RIGHTS)


VALID_OPERANDS = [".inputs.x", ".secrets.tok", ".env.HOME", ".matrix.os", ".", "$", "$.env.X",
                  "1", "-1.5", "0x1F", "1_000", "'a'", '"s"', '"\\u00e9"', "`raw`", "true", "nil"]


def valid_pipeline(rng: random.Random, depth: int = 0) -> str:
    """A pipeline Go accepts: an operand or a call, then maybe `| function` stages."""
    if rng.random() < 0.5:
        first = rng.choice(VALID_OPERANDS[:6])
    else:
        args = [rng.choice(VALID_OPERANDS) for _ in range(rng.randint(1, 3))]
        if depth < 2 and rng.random() < 0.3:
            args.append("(" + valid_pipeline(rng, depth + 1) + ")")
        first = rng.choice(["printf", "len", "index", "eq", "not", "print"]) + " " + " ".join(args)
    stages = [rng.choice(["len", "print", "printf \"%s\"", "urlquery", "html"])
              for _ in range(rng.randint(0, 2))]
    return " | ".join([first, *stages])


def valid_template(rng: random.Random, depth: int = 0) -> str:
    """Text and actions Go accepts, control structures balanced."""
    parts = [rng.choice(TEXT[:9])]
    for _ in range(rng.randint(1, 3)):
        pick = rng.random()
        if pick < 0.6 or depth >= 2:
            left, right = rng.choice(["${{", "${{ ", "${{- "]), rng.choice(["}}", " }}", " -}}"])
            parts.append(left + valid_pipeline(rng) + right)
        elif pick < 0.9:
            keyword = rng.choice(["if", "range", "with"])
            body = valid_template(rng, depth + 1)
            if keyword == "range" and rng.random() < 0.5:
                body += "${{ break }}"
            other = ("${{ else }}" + valid_template(rng, depth + 1)) if rng.random() < 0.4 else ""
            parts.append(f"${{{{ {keyword} {valid_pipeline(rng)} }}}}{body}{other}${{{{ end }}}}")
        else:
            parts.append("${{/* a comment */}}")
        parts.append(rng.choice(TEXT[:9]))
    return "".join(parts)


def random_template(rng: random.Random) -> str:
    if rng.random() < 0.5:
        text = valid_template(rng)
    else:
        parts = [rng.choice(TEXT)]
        for _ in range(rng.randint(1, 4)):
            parts.append(random_action(rng))
            parts.append(rng.choice(TEXT))
        text = "".join(parts)
    if rng.random() < 0.3 and text:  # a mutation: drop, repeat or insert one character
        at = rng.randrange(len(text))
        text = rng.choice([text[:at] + text[at + 1:], text[:at] + text[at] + text[at:],
                           text[:at] + rng.choice("{}$.|()\"'`- ") + text[at:]])
    return text


HAND_PICKED = [
    "", "plain text", "${{ .inputs.x }}", "${{ inputs.x }}", "${{ }}", "${{}}", "${{", "${{ .x",
    "a ${{ .x }} ${{ .y", "${{ .x }", "${{ .x }}}}", "}}", "${{ upper .x }}", "${{ .x | upper }}",
    "${{ .x | len }}", "${{ .x | }}", "${{ | .x }}", "${{ .x | 1 }}", "${{ .x | nil }}",
    "${{ nil }}", "${{ nil.x }}", '${{ "a".x }}', "${{ (.x).y }}", "${{ (len .x).y }}",
    "${{ $x := .a }}${{ $x }}", "${{ $x }}", "${{ $x = 1 }}", "${{ $ }}", "${{ $.inputs.x }}",
    "${{ if .x }}a${{ end }}", "${{ if .x }}a${{ else }}b${{ end }}",
    "${{ if .x }}a${{ else if .y }}b${{ else }}c${{ end }}", "${{ if .x }}", "${{ end }}",
    "${{ else }}", "${{ range .x }}${{ break }}${{ end }}", "${{ break }}",
    "${{ range $i, $e := .x }}${{ $i }}${{ end }}", "${{ range $i, $e, $f := .x }}${{ end }}",
    "${{ with $x := .x }}${{ $x }}${{ end }}${{ $x }}", "${{ with .x }}${{ else if .y }}${{ end }}",
    '${{ define "a" }}x${{ end }}', '${{ define "a" }}x${{ end }}${{ define "a" }}y${{ end }}',
    '${{ define "a" }}${{ end }}${{ define "a" }}y${{ end }}', '${{ define "" }}x${{ end }}x',
    '${{ template "a" }}', '${{ template "a" .x }}', "${{ template a }}",
    '${{ block "b" .x }}${{ .y }}${{ end }}', '${{ if .x }}${{ define "a" }}${{ end }}${{ end }}',
    "${{/* comment */}}", "${{- /* c */ -}}", "${{/* c */ }}", "${{ /* c */ }}", "${{/* c",
    "a  ${{- .x -}}  b", "${{-.x}}", "${{ .x -}}", "${{ .x-}}", "${{ 08 }}", "${{ 1e400 }}",
    "${{ 0x1p-2 }}", "${{ 'ab' }}", "${{ .x\n| len }}", '${{ "a\nb" }}', "${{ `a\nb` }}",
    "${{ .x.y-z }}", "${{ .é }}", "${{ .x😀 }}", "${{ ( }}", "${{ ) }}", "${{ (.x }}",
    "${{ .x:y }}", "${{ .x := 1 }}", "${{ 1+2i }}", "${{ 1i }}", "${{ .x , .y }}",
]


@pytest.fixture(scope="session")
def go_parsetemplate(tmp_path_factory):
    return build("parsetemplate", tmp_path_factory.mktemp("go-template"))


@pytest.fixture(scope="session")
def go_oracle(go_parsetemplate):
    oracle = GoOracle(go_parsetemplate)
    yield oracle
    oracle.close()


def verdicts_differ(text: str, go: dict) -> bool:
    parsed = parse(text)
    if parsed.error is not None:
        assert 0 <= parsed.error.start <= parsed.error.end <= len(text), parsed.error
    return parsed.ok != ("ok" in go)


def test_parse_agrees_with_go_on_thousands_of_templates(go_parsetemplate):
    rng = random.Random(20250113)
    texts = HAND_PICKED + [random_template(rng) for _ in range(6000)]
    answers = go_batch(go_parsetemplate, texts)
    mismatches = [(text, go, parse(text).error) for text, go in zip(texts, answers)
                  if verdicts_differ(text, go)]
    assert not mismatches, f"{len(mismatches)} disagreements with Go, first ones:\n" + "\n".join(
        f"{text!r}: go={go} python={py}" for text, go, py in mismatches[:20])
    # the inputs reach both verdicts often, and each kind of error
    assert 0.2 < sum("ok" in a for a in answers) / len(answers) < 0.8
    kinds = {parse(text).error.kind for text in texts if not parse(text).ok}
    assert kinds == {"unclosed", "empty", "missing-dot", "unknown-function", "syntax"}


ATOMS = OPERANDS + KEYWORDS + GLUE + TEXT + LEFTS + RIGHTS
templates = (st.lists(st.sampled_from(ATOMS), max_size=14).map("".join)
             | st.text(alphabet=st.sampled_from("${}. |()\"'`-:=$,ax1_/*\n\té"), max_size=24)
             | st.randoms(use_true_random=False).map(random_template))


@settings(max_examples=examples(3))
@given(templates)
def test_parse_agrees_with_go_hypothesis(go_oracle, text):
    go = go_oracle(text)
    assert not verdicts_differ(text, go), (go, parse(text).error)



# --- Hypothesis from the grammar: nested blocks, trim markers, numbers of every Go form ------

GO_NUMBERS = ["0", "-1", "+1", "07", "08", "0o7", "0O7", "0b1", "0B1", "0x1f", "0X1F", "1_0",
              "0x_1", "0_7", "1__0", "1e3", "1E+3", ".5", "5.", "0.e1", "0x1p-2", "0x1.p1", "0x1.8",
              "1i", "0x1i", "1e3i", "1.5i", "00", "0b", "0x", "1e", "'a'", "'\\''", "'\\x41'",
              "'\\101'", "'\\U0001F600'", "'😀'", "'\"'", "''"]
GRAMMAR_OPERANDS = [".", ".a", ".a.b", "$", "$.a", "$x", "$x.a", "nil", "true", '"s"', '"\\n"',
                    "`r`", "`a\nb`", "(.a)", "(.a).b", "(len .a)", "(nil)", *GO_NUMBERS]
GRAMMAR_FUNCTIONS = ["len", "print", "printf", "index", "eq", "and", "not", "slice", "call"]
_operand = st.sampled_from(GRAMMAR_OPERANDS)
_call = st.builds(lambda f, args: " ".join([f, *args]), st.sampled_from(GRAMMAR_FUNCTIONS),
                  st.lists(_operand | _operand.map(lambda o: f"(print {o})"), max_size=3))
_pipeline = st.builds(lambda declared, first, stages: declared + " | ".join([first, *stages]),
                      st.sampled_from(["", "", "$x := ", "$x = ", "$i, $e := "]),
                      _operand | _call,
                      st.lists(st.sampled_from(GRAMMAR_FUNCTIONS + ['printf "%v"']), max_size=2))
_left = st.sampled_from(["${{", "${{ ", "${{- ", "${{-\t", "${{-\n"])
_right = st.sampled_from(["}}", " }}", " -}}", "\t-}}", "\n-}}"])


def _action(words: str):
    return st.builds(lambda left, right: f"{left}{words}{right}", _left, _right)


def _block(draw_inner):
    """`if`, `range` or `with` over a body, maybe an `else` or `else if`, and its `end`."""
    return st.builds(
        lambda keyword, pipeline, opened, body, other, closed: opened.replace("@", f"{keyword} "
                                                                              f"{pipeline}")
        + body + other + closed,
        st.sampled_from(["if", "range", "with"]), _pipeline, _action("@"), draw_inner,
        st.just("") | st.builds(lambda a, b: a + b, _action("else"), draw_inner)
        | st.builds(lambda a, p, b: a.replace("@", f"else if {p}") + b, _action("@"), _pipeline,
                    draw_inner),
        _action("end"))


grammar_templates = st.recursive(
    st.sampled_from(["", "a", "\n", "é😀"]) | _pipeline.flatmap(_action)
    | st.sampled_from(["${{/* c */}}", "${{- /* c */ -}}", "${{/*\n*/}}", "${{- /**/}}",
                       "${{ break }}", "${{continue -}}"]),
    lambda inner: st.lists(inner, min_size=1, max_size=3).map("".join) | _block(inner),
    max_leaves=8)


@settings(max_examples=examples(2))
@given(grammar_templates, st.integers(0, 400), st.sampled_from(["", "", "{", "}", "$", "-", " ",
                                                                '"', "`", "'", "(", "|", "/*"]))
def test_parse_agrees_with_go_on_templates_from_the_grammar(go_oracle, text, at, inserted):
    """Templates built as the grammar builds them (pipelines and declarations, blocks with
    `else` and `else if`, `break`/`continue` inside and outside a `range`, comments, trim
    markers with a tab or a line break, every spelling of a Go number or character),
    sometimes with one character put in: wf-lsp's verdict is Go's."""
    at = min(at, len(text))
    text = text[:at] + inserted + text[at:]
    go = go_oracle(text)
    assert not verdicts_differ(text, go), (go, parse(text).error)

# --- single quotes: what wf-lsp says of them against Go's parse and run -------------------

# The inputs, secrets, env and matrix of tests/go/exectemplate/main.go's data, declared.
QUOTED_FLOW = """\
id: x
inputs:
  mode: {{type: string}}
  letter: {{type: string}}
  count: {{type: int}}
  flag: {{type: bool}}
secrets:
  - name: workspaces/w/secrets/t
    as: tok
env:
  TOP: a
jobs:
  a:
    timeout: 1h
    matrix: {{os: [l]}}
    steps:
      - env:
          V: {}
        run: echo
"""


def run_and_lint(go_exectemplate, values, codes):
    """Each value's run in Go (which must parse it), and the messages of wf-lsp's findings
    of `codes` on it, written as a workflow's quoted flow value."""
    from wf_lsp.linter import analyze

    answers = go_batch(go_exectemplate, values)
    for value, go in zip(values, answers):
        assert "parse" not in go, (value, go)
    return answers, [[f.message for f in analyze(QUOTED_FLOW.format(json.dumps(value))).findings
                      if f.code in codes] for value in values]


@pytest.fixture(scope="session")
def go_exectemplate(tmp_path_factory):
    return build("exectemplate", tmp_path_factory.mktemp("go-exec"))


@pytest.mark.parametrize("value, code", [
    # several characters: Go cannot parse them (WF401)
    ("${{ if eq .inputs.mode 'fast' }}y${{ end }}", "WF401"),
    ("${{ printf '%s!' .inputs.mode }}", "WF401"),
    # one character: a number, which eq, ne, lt... refuse to compare with a string (WF408)
    ("${{ if eq .inputs.letter 'f' }}y${{ end }}", "WF408"),
    ("${{ if ne 'f' .inputs.letter }}y${{ end }}", "WF408"),
    ("${{ if eq .inputs.letter \"x\" 'f' }}y${{ end }}", "WF408"),
    ("${{ if lt .env.TOP 'b' }}y${{ end }}", "WF408"),
    ("${{ if .matrix.os | eq 'l' }}y${{ end }}", "WF408"),
    ("${{ if eq .secrets.tok 't' }}y${{ end }}", "WF408"),
    ("${{ with .inputs }}${{ if eq .letter 'f' }}y${{ end }}${{ end }}", "WF408"),
    ("${{ if eq \"f\" 'f' }}y${{ end }}", "WF408"),
    # what runs: a number compared with a number, a character printed
    ("${{ if eq .inputs.count 'f' }}y${{ end }}", None),
    ("${{ printf \"%c\" 'f' }}${{ if eq 'a' 97 }}y${{ end }}", None),
])
def test_single_quotes_against_go(go_exectemplate, value, code):
    """WF401 (several characters) and WF408 (one, compared with a string) are reported
    exactly where Go fails, on the literal; their fix, made by --fix, gives a template Go
    parses and runs to the string comparison meant."""
    from wf_lsp.fixes import fix_until_stable  # (as `--fix` applies safe fixes)
    from wf_lsp.linter import analyze

    text = QUOTED_FLOW.format(json.dumps(value))
    findings = [f for f in analyze(text).findings if f.code in ("WF401", "WF408")]
    oracle = GoOracle(go_exectemplate)
    try:
        go = oracle(value)
        if code is None:
            assert findings == [] and "out" in go, go
            return
        assert [f.code for f in findings] == [code]
        literal = findings[0].span
        line = text.splitlines()[literal.start.line]
        assert line[literal.start.column] == line[literal.end.column - 1] == "'"
        if code == "WF401":
            assert "malformed character constant" in go["parse"], go
        else:
            assert "incompatible types for comparison" in go["exec"], go
        assert findings[0].fix.safe
        fixed = fix_until_stable(text, lambda t: analyze(t).findings).text
        fixed_value = json.loads(fixed.splitlines()[literal.start.line].split(": ", 1)[1])
        assert oracle(fixed_value) == {"out": "" if "ne " in value else
                                       "fast!" if "printf" in value else "y"}
    finally:
        oracle.close()


@pytest.mark.parametrize("value, advice", [
    ("${{ if eq .inputs.flag 't' }}y${{ end }}", "compare it with `true` or `false`"),
    ("${{ if .inputs.flag | ne 'f' }}y${{ end }}", "compare it with `true` or `false`"),
    ("${{ if eq true 'y' }}y${{ end }}", "compare it with `true` or `false`"),
    ("${{ if lt .inputs.flag 't' }}y${{ end }}", "`lt` cannot order bools"),
])
def test_a_character_compared_with_a_bool_against_go(go_exectemplate, value, advice):
    """A bool compared with a character fails the run as a string does: WF408 says so, and
    to compare with `true` or `false` where that runs, with no fix (which one `'t'` meant is
    a guess)."""
    from wf_lsp.linter import analyze

    [finding] = [f for f in analyze(QUOTED_FLOW.format(json.dumps(value))).findings
                 if f.code in ("WF401", "WF408")]
    assert finding.code == "WF408" and finding.fixes == ()
    assert finding.message.endswith(", a bool (the run fails: incompatible types for "
                                    f"comparison): {advice}")
    [go] = go_batch(go_exectemplate, [value])
    assert "incompatible types for comparison" in go["exec"], go
    # With `true` or `false` instead, `eq` and `ne` run; `lt` still fails.
    [instead] = go_batch(go_exectemplate, [value.replace("'t'", "true").replace("'f'", "false")
                                           .replace("'y'", "true")])
    assert ("out" in instead) == advice.startswith("compare"), instead

# --- built-in functions given too few or too many arguments: Go parses them, the run fails --

BUILTINS = ["and", "or", "not", "len", "index", "slice", "printf", "print", "println", "html",
            "js", "urlquery", "call", "eq", "ne", "lt", "le", "gt", "ge"]
PLAIN = ['"a"', '"%s"', "1", "0", "true", ".inputs.mode", ".inputs.count", ".matrix.os", "$.env.TOP"]


def arity_call(rng: random.Random, depth: int = 0) -> str:
    """A built-in function with 0 to 4 arguments: plain operands, and (not in `and` or `or`,
    which may stop before them) a call in parentheses or a function's bare name."""
    function = rng.choice(BUILTINS)
    args = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
        pick = rng.random()
        if function in ("and", "or") or depth or pick < 0.7:
            args.append(rng.choice(PLAIN))
        elif pick < 0.85:
            args.append(f"({arity_call(rng, depth + 1)})")
        else:
            args.append(rng.choice(BUILTINS))
    call = " ".join([function, *args])
    if not depth and rng.random() < 0.3:  # a stage of a pipeline: the value before is one more
        call = f"{rng.choice(PLAIN)} | {call}"
    return call


def test_wrong_argument_counts_are_reported_where_go_fails(go_exectemplate):
    """WF409 reports a built-in function called with a count of arguments Go refuses (each
    one Go names, and only where the run fails), on the function and its arguments."""

    rng = random.Random(20261207)
    hand_picked = ["lt .matrix.os \"l\" \"m\"", "eq", "not .inputs.mode .inputs.count", "len",
                   "index", "printf", "and", "slice", "slice .matrix.os 0 1 1 1", "eq .matrix.os",
                   ".matrix.os | eq", ".matrix.os | not", "1 | not 2", "print not", "(len) | not",
                   "$x := not", "eq 1 2 3", ".matrix.os | index", "print", "html"]
    actions = hand_picked + [arity_call(rng) for _ in range(1500)]
    values = [f"${{{{ {action} }}}}" for action in actions]
    answers, found = run_and_lint(go_exectemplate, values, {"WF409"})
    wrong = []
    for value, go, findings in zip(values, answers, found):
        arity = "exec" in go and re.search(
            r"wrong number of args|missing argument for comparison|too many slice indexes",
            go["exec"])
        # Go stops at its first error: what it names is reported, and a report means it fails.
        if bool(arity) and not findings or findings and "exec" not in go:
            wrong.append((value, go, findings))
    assert not wrong, f"{len(wrong)} disagreements with Go, first ones:\n" + "\n".join(
        map(str, wrong[:20]))
    assert 0.2 < sum("exec" in a for a in answers) / len(answers) < 0.8


@pytest.mark.parametrize("value, covered, message", [
    ("${{ if lt .matrix.os \"l\" \"m\" }}y${{ end }}", 'lt .matrix.os "l" "m"',
     "`lt` takes 2 arguments: it is given 3 (the run fails: wrong number of args for lt: want 2 "
     "got 3)"),
    ("${{ .matrix.os | eq }}", "eq", "`eq` takes at least 2 arguments: it is given 1, the value "
     "piped into it the last (the run fails: missing argument for comparison)"),
    ("${{ print not }}", "not", "`not` takes 1 argument: it is given none (the run fails: wrong "
     "number of args for not: want 1 got 0)"),
    ("${{ slice .matrix.os 0 1 1 1 }}", "slice .matrix.os 0 1 1 1", "`slice` takes an item and at "
     "most 3 indexes: it is given 4 indexes (the run fails: too many slice indexes: 4)"),
])
def test_a_wrong_argument_count_says_what_the_function_takes(go_exectemplate, value, covered,
                                                              message):
    from wf_lsp.linter import analyze

    text = QUOTED_FLOW.format(json.dumps(value))
    [finding] = [f for f in analyze(text).findings if f.code == "WF409"]
    line = text.splitlines()[finding.span.start.line]
    assert line[finding.span.start.column:finding.span.end.column] == json.dumps(covered)[1:-1]
    assert finding.message == message and finding.fixes == ()
    [go] = go_batch(go_exectemplate, [value])
    assert message.rpartition("(the run fails: ")[2][:-1] in go["exec"], go

# --- comparisons of values of different kinds: Go parses them, the run fails -------------

# Operands whose kind wf-lsp knows (with tests/go/exectemplate/main.go's data), then some it
# does not: with one of those, a comparison may fail unreported, never be reported and run.
KNOWN_KINDS = ['"a"', '"true"', '"3"', "`f`", "3", "-1", "0x1E", "1.5", "1e3", "0x1p3", "1i",
               "'f'", "true", "false", ".inputs.mode", ".inputs.letter", ".inputs.count",
               ".inputs.flag", "$.inputs.flag", ".secrets.tok", ".env.TOP", ".matrix.os",
               "(len .inputs.mode)", "(not .inputs.flag)", '(print 3)', '(printf "%d" 3)',
               "(and true .inputs.flag)", "(.inputs.flag | or false)", "(eq 1 2)",
               "(.inputs.mode | len)", "(slice .inputs.mode 1)", "(.inputs.mode | slice)"]
UNKNOWN_KINDS = ['(index .inputs "count")', "(or .inputs.mode true)", "(and 1 .inputs.flag)",
                 "(.inputs.count | and true)", ".inputs.count.x",
                 # not declared: no value (`eq` of it is false), whatever its context
                 ".env.NOPE", ".secrets.nope", ".matrix.nope"]


def comparison(rng: random.Random) -> tuple[str, bool]:
    """A comparison of two operands (or `eq` of three), maybe the last piped into it; and
    whether wf-lsp knows every operand's kind."""
    function = rng.choice(["eq", "ne", "lt", "le", "gt", "ge"])
    count = 3 if function == "eq" and rng.random() < 0.2 else 2
    operands = [rng.choice(KNOWN_KINDS if rng.random() < 0.9 else UNKNOWN_KINDS)
                for _ in range(count)]
    known = not set(operands) & set(UNKNOWN_KINDS)
    if rng.random() < 0.3:
        return f"{operands[-1]} | {function} {' '.join(operands[:-1])}", known
    return f"{function} {' '.join(operands)}", known


def test_incompatible_comparisons_are_reported_where_go_fails(go_exectemplate):
    """WF410 (with WF408 for a character against a string or a bool) reports a comparison
    exactly where Go's run fails on the kinds of its operands, wherever wf-lsp knows them
    all; and never one that runs (but `eq a b c` that stops at `b`, equal to `a`)."""

    rng = random.Random(20261208)
    hand_picked = [("eq .inputs.flag \"true\"", True), ("eq .inputs.count \"3\"", True),
                   ("eq .inputs.mode 3", True), ("lt .inputs.flag true", True),
                   ("eq .inputs.count 3.0", True), ("eq .inputs.count 'f'", True),
                   (".inputs.flag | ne \"false\"", True), ("eq 0x1E 30", True),
                   ("ge (len .inputs.mode) 4", True), ("eq 1i 1i", True), ("lt 1i 2i", True),
                   ("eq .env.NOPE 1", False), ("eq .secrets.nope 1", False),
                   ("eq .matrix.nope true", False)]
    actions = hand_picked + [comparison(rng) for _ in range(2000)]
    values = [f"${{{{ {action} }}}}" for action, _ in actions]
    answers, found = run_and_lint(go_exectemplate, values, {"WF408", "WF410"})
    wrong = []
    for (action, known), value, go, findings in zip(actions, values, answers, found):
        fails = "exec" in go and re.search(r"(incompatible|invalid) type(s)? for comparison",
                                            go["exec"])
        # (an operand of unknown kind may fail the run first, for another reason)
        if findings and not (fails if known else "exec" in go) and go != {"out": "true"} or \
                known and fails and not findings:
            wrong.append((value, go, findings))
    assert not wrong, f"{len(wrong)} disagreements with Go, first ones:\n" + "\n".join(
        map(str, wrong[:20]))
    assert 0.3 < sum("exec" in a for a in answers) / len(answers) < 0.9


@pytest.mark.parametrize("value, literal, message", [
    ("${{ if eq (not .inputs.flag) \"false\" }}y${{ end }}", '"false"',
     "`eq` cannot compare `(not .inputs.flag)`, a bool, with `\"false\"`, a string (the run "
     "fails: incompatible types for comparison): write `false`"),
    ("${{ if eq .inputs.mode \"fast\" | ne \"false\" }}y${{ end }}", '"false"',
     "`ne` cannot compare `\"false\"`, a string, with `eq .inputs.mode \"fast\"`, a bool (the "
     "run fails: incompatible types for comparison): write `false`"),
    ("${{ if eq (len .matrix.os) \"1\" }}y${{ end }}", '"1"',
     "`eq` cannot compare `(len .matrix.os)`, an int, with `\"1\"`, a string (the run fails: "
     "incompatible types for comparison): write `1`"),
])
def test_an_incompatible_comparison_fixed_runs_as_meant(go_exectemplate, value, literal,
                                                        message):
    """Where the literal can mean one value, WF410's fix (made by --fix) writes it, and Go
    runs the comparison meant."""
    from wf_lsp.fixes import fix_until_stable
    from wf_lsp.linter import analyze

    text = QUOTED_FLOW.format(json.dumps(value))
    [finding] = [f for f in analyze(text).findings if f.code == "WF410"]
    line = text.splitlines()[finding.span.start.line]
    assert line[finding.span.start.column:finding.span.end.column] == json.dumps(literal)[1:-1]
    assert finding.message == message and finding.fix.safe
    fixed = fix_until_stable(text, lambda t: analyze(t).findings).text
    assert [f for f in analyze(fixed).findings if f.code == "WF410"] == []
    fixed_value = json.loads(fixed.splitlines()[finding.span.start.line].split(": ", 1)[1])
    before, after = go_batch(go_exectemplate, [value, fixed_value])
    assert "incompatible types for comparison" in before["exec"], before
    assert after == {"out": "y"}, after


@pytest.mark.parametrize("value, message", [
    ("${{ if eq .inputs.mode 3 }}y${{ end }}", "`eq` cannot compare the input `mode`, a "
     "string, with `3`, an int (the run fails: incompatible types for comparison)"),
    ("${{ if eq .inputs.flag \"yes\" }}y${{ end }}", "`eq` cannot compare the input `flag`, a "
     "bool, with `\"yes\"`, a string (the run fails: incompatible types for comparison), if "
     "the engine gives a `bool` input to the template as a Go bool"),
    ("${{ if eq .inputs.count \"03\" }}y${{ end }}", "`eq` cannot compare the input `count`, "
     "an int, with `\"03\"`, a string (the run fails: incompatible types for comparison), if "
     "the engine gives an `int` input to the template as a Go int"),
    ("${{ if lt .inputs.flag \"true\" }}y${{ end }}", "`lt` cannot compare the input `flag`, a "
     "bool, with `\"true\"`, a string (the run fails: incompatible types for comparison), if "
     "the engine gives a `bool` input to the template as a Go bool"),
    ("${{ if lt .inputs.flag true }}y${{ end }}", "`lt` cannot order bools: the input `flag` "
     "and `true` are bools (the run fails: invalid type for comparison), if the engine gives "
     "a `bool` input to the template as a Go bool"),
    ("${{ if eq .inputs.count 1.5 }}y${{ end }}", "`eq` cannot compare the input `count`, an "
     "int, with `1.5`, a float (the run fails: incompatible types for comparison), if the "
     "engine gives an `int` input to the template as a Go int"),
])
def test_an_incompatible_comparison_without_one_meaning_has_no_fix(go_exectemplate, value,
                                                                   message):
    """No fix where which value was meant is a guess (a string input might hold "3", "03"
    or "3.0"; "yes" is no bool; `lt` orders no bools)."""
    from wf_lsp.linter import analyze

    [finding] = [f for f in analyze(QUOTED_FLOW.format(json.dumps(value))).findings
                 if f.code == "WF410"]
    assert finding.message == message and finding.fixes == ()
    [go] = go_batch(go_exectemplate, [value])
    assert message.rpartition("(the run fails: ")[2].partition(")")[0] in go["exec"], go


@pytest.mark.parametrize("value, code, message", [
    ("${{ if ge .inputs.count \"3\" }}y${{ end }}", "WF410", "`ge` cannot compare the input "
     "`count`, an int, with `\"3\"`, a string (the run fails: incompatible types for "
     "comparison), if the engine gives an `int` input to the template as a Go int: write `3`"),
    ("${{ len .inputs.count }}", "WF411", "`len` cannot take the length of the input `count`, "
     "an int (the run fails: len of type int), if the engine gives an `int` input to the "
     "template as a Go int"),
    ("${{ with .inputs.count }}${{ printf . }}${{ end }}", "WF411", "`printf` takes a format "
     "string first: `.` (the input `count`) is an int (the run fails: expected string), if the "
     "engine gives an `int` input to the template as a Go int"),
    ("${{ len (.inputs.count) }}", "WF411", "`len` cannot take the length of the input `count`, "
     "an int (the run fails: len of type int), if the engine gives an `int` input to the "
     "template as a Go int"),
    ("${{ if eq .inputs.flag \"true\" }}y${{ end }}", "WF410", "`eq` cannot compare the input "
     "`flag`, a bool, with `\"true\"`, a string (the run fails: incompatible types for "
     "comparison), if the engine gives a `bool` input to the template as a Go bool: write "
     "`true`"),
    ("${{ if le .inputs.flag true }}y${{ end }}", "WF410", "`le` cannot order bools: the input "
     "`flag` and `true` are bools (the run fails: invalid type for comparison), if the engine "
     "gives a `bool` input to the template as a Go bool"),
    ("${{ if eq .inputs.flag .inputs.count }}y${{ end }}", "WF410", "`eq` cannot compare the "
     "input `flag`, a bool, with the input `count`, an int (the run fails: incompatible types "
     "for comparison), if the engine gives a `bool` input to the template as a Go bool and an "
     "`int` input as a Go int"),
    ("${{ len .inputs.flag }}", "WF411", "`len` cannot take the length of the input `flag`, a "
     "bool (the run fails: len of type bool), if the engine gives a `bool` input to the "
     "template as a Go bool"),
    ("${{ index .inputs.flag 0 }}", "WF411", "`index` cannot index the input `flag`, a bool "
     "(the run fails: can't index item of type bool), if the engine gives a `bool` input to "
     "the template as a Go bool"),
    ("${{ len (and true .inputs.flag) }}", "WF411", "`len` cannot take the length of `(and "
     "true .inputs.flag)` (with the input `flag`), a bool (the run fails: len of type bool), if "
     "the engine gives a `bool` input to the template as a Go bool"),
])
def test_what_rests_on_a_typed_input_being_a_go_value_is_said_and_no_error(go_exectemplate,
                                                                          value, code, message):
    """How the engine gives a `type: int` or `bool` input to the template is not documented
    (workflow-schema.md): what fails only if it is a Go int or bool, as in exectemplate's
    data, is reported as a warning that says so (also what `and` or `or` of one gives),
    and WF410's fix of `"3"` or `"true"` (which a string input would need) is
    offered, not made by --fix; with the fix, Go's run ends well."""
    from wf_lsp.findings import Severity
    from wf_lsp.fixes import apply_fixes
    from wf_lsp.linter import analyze
    from wf_lsp.parse import Source

    text = QUOTED_FLOW.format(json.dumps(value))
    [finding] = [f for f in analyze(text).findings if f.code == code]
    [go] = go_batch(go_exectemplate, [value])
    assert finding.message == message and finding.severity == Severity.WARNING
    assert message.rpartition("(the run fails: ")[2].partition(")")[0] in go["exec"], go
    if finding.fixes:
        assert not finding.fix.safe
        fixed, _ = apply_fixes(Source.from_text(text), [finding.fix])
        fixed_value = json.loads(fixed.splitlines()[finding.span.start.line].split(": ", 1)[1])
        assert go_batch(go_exectemplate, [fixed_value]) == [{"out": "y"}]

# --- the bodies of `block` and `define`: checked where the run gets there ------------------


@pytest.mark.parametrize("value, code", [
    # a block runs where it is written
    ('${{ block "b" . }}${{ eq 1 }}${{ end }}', "WF409"),
    ('${{ if .inputs.flag }}${{ block "b" . }}${{ not 1 2 }}${{ end }}${{ end }}', "WF409"),
    # a define runs when a template calls it, from the top or from another definition
    ('${{ define "d" }}${{ not 1 2 }}${{ end }}${{ template "d" }}', "WF409"),
    ('${{ template "e" }}${{ define "d" }}${{ len }}${{ end }}'
     '${{ define "e" }}${{ template "d" . }}${{ end }}', "WF409"),
    ('${{ define "d" }}${{ eq 1 "3" }}${{ end }}${{ template "d" .inputs }}', "WF410"),
    # a define no one calls never runs; in a body, `.` is the caller's argument
    ('${{ define "d" }}${{ not 1 2 }}${{ eq 1 "3" }}${{ end }}ok', None),
    ('${{ define "d" }}${{ eq .count 3 }}${{ end }}${{ template "d" .inputs }}', None),
])
def test_definitions_the_run_gets_to_are_checked_against_go(go_exectemplate, value, code):
    """WF409 and WF410 look into the body of a `block` and of a `define` some `template`
    calls, where Go's run fails as anywhere else; not into a `define` no one calls."""
    from wf_lsp.linter import analyze

    findings = [f.code for f in analyze(QUOTED_FLOW.format(json.dumps(value))).findings
                if f.code in ("WF409", "WF410")]
    [go] = go_batch(go_exectemplate, [value])
    if code is None:
        assert findings == [] and "out" in go, (findings, go)
    else:
        assert findings == [code] and "exec" in go, (findings, go)

# --- a built-in function given a value it cannot take: Go parses it, the run fails ---------

TYPE_ERRORS = (r"len of type|can't index item|can't slice item|expected string|non-function|"
               r"call of nil|cannot index slice/array with type|cannot 3-index slice a string|"
               r"should be string")


def typed_call(rng: random.Random) -> tuple[str, bool]:
    """`len`, `index`, `slice`, `printf` or `call` of an operand (with an index or a value
    after it), maybe piped into it; and whether wf-lsp knows the operand's kind."""
    function = rng.choice(["len", "index", "slice", "printf", "call"])
    item = rng.choice(KNOWN_KINDS if rng.random() < 0.85 else UNKNOWN_KINDS)
    rest = {"len": [], "index": ["", "0", ".inputs", "1.5", "$.env"],
            "slice": ["", "0", "1 2", '"1"', "0 .inputs.flag", "1 2 3", "0 true"],
            "printf": ["", "3"], "call": ["", "1"]}[function]
    after = rng.choice(rest) if rest else ""
    known = item in KNOWN_KINDS
    if not after and rng.random() < 0.3:
        return f"{item} | {function}", known
    return " ".join(filter(None, [function, item, after])), known


def test_wrong_argument_types_are_reported_where_go_fails(go_exectemplate):
    """WF411 reports `len`, `index`, `slice` of a value that is no string, list or map,
    `printf` of a format that is no string and any `call`, exactly where Go's run fails
    for that reason, wherever wf-lsp knows the value's kind; never a call that runs."""

    rng = random.Random(20261209)
    hand_picked = [("len .inputs.count", True), (".inputs.flag | len", True),
                   ("index .inputs.count 0", True), ("slice 1.5", True), ("printf 3", True),
                   ("printf .inputs.count", True), ("call .inputs.mode", True),
                   ("call nil", True), ("len .inputs.mode", True), ("printf .inputs.mode", True),
                   ("index .inputs.mode 0", True), ("slice .matrix.os 1", True),
                   ('.inputs | index "mode"', True), ('index "mode" .secrets', True),
                   ("slice .inputs.mode 1 2 3", True), ('slice .inputs.mode "1"', True),
                   ("slice .inputs.mode 1 .inputs", True), ("index .inputs.mode .inputs.flag", True),
                   ('index .inputs "mode"', True), ('index "abc" "0"', True),
                   ('index "abc" 0 "x"', False)]
    actions = hand_picked + [typed_call(rng) for _ in range(1500)]
    values = [f"${{{{ {action} }}}}" for action, _ in actions]
    answers, found = run_and_lint(go_exectemplate, values, {"WF411"})
    wrong = []
    for (action, known), value, go, findings in zip(actions, values, answers, found):
        fails = "exec" in go and re.search(TYPE_ERRORS, go["exec"])
        # (`call` of a value whose evaluation fails first fails all the same)
        if findings and not (fails if known else "exec" in go) or \
                known and fails and not findings:
            wrong.append((value, go, findings))
    assert not wrong, f"{len(wrong)} disagreements with Go, first ones:\n" + "\n".join(
        map(str, wrong[:20]))
    assert 0.2 < sum("exec" in a for a in answers) / len(answers) < 0.8

@pytest.mark.parametrize("value, covered, message", [
    ('${{ .inputs | index "mode" }}', ".inputs", '`index` cannot index `"mode"`, a string, by '
     "`.inputs`, a map: it takes a whole number (the run fails: cannot index slice/array with "
     "type map[string]…)"),
    ("${{ index .inputs.mode .inputs.flag }}", ".inputs.flag", "`index` cannot index the input "
     "`mode`, a string, by the input `flag`, a bool: it takes a whole number (the run fails: "
     "cannot index slice/array with type …)"),
    ('${{ slice .inputs.mode "1" }}', '"1"', "`slice` cannot slice the input `mode`, a string, "
     'by `"1"`, a string: it takes a whole number (the run fails: cannot index slice/array with '
     "type string)"),
    ("${{ slice .inputs.mode 1 2 3 }}", "3", "`slice` cannot take 3 indexes of the input `mode`, "
     "a string (the run fails: cannot 3-index slice a string)"),
    ("${{ eq (slice .inputs.mode 1) 1 }}", "1", "`eq` cannot compare `(slice .inputs.mode 1)`, a "
     "string, with `1`, an int (the run fails: incompatible types for comparison)"),
])
def test_a_string_indexed_or_sliced_by_what_is_no_number_is_said(go_exectemplate, value,
                                                                   covered, message):
    """A string is indexed and sliced by whole numbers, by 2 at most (WF411); what `slice`
    of a string gives is a string (WF410 compares it): each error as Go's run says it."""
    from wf_lsp.linter import analyze

    text = QUOTED_FLOW.format(json.dumps(value))
    [finding] = [f for f in analyze(text).findings if f.code in ("WF410", "WF411")]
    line = text.splitlines()[finding.span.start.line]
    assert line[finding.span.start.column:finding.span.end.column] == json.dumps(covered)[1:-1]
    assert finding.message == message and finding.fixes == ()
    [go] = go_batch(go_exectemplate, [value])
    assert message.rpartition("(the run fails: ")[2].partition("…")[0].rstrip(")") in \
        go["exec"], go


# --- a template called that its value does not define: Go parses it, the run fails --------

TEMPLATE_NAMES = ["a", "b", "c", "header", "heder"]


def template_calls(rng: random.Random) -> str:
    """Definitions (`define`, `block`) and calls of names, some defined, some not; a body
    calls only names listed after its own (no recursion), and nothing is conditional: the
    run gets to every call outside an uncalled `define`."""
    parts = []
    for index, name in enumerate(TEMPLATE_NAMES):
        if rng.random() < 0.4:
            later = TEMPLATE_NAMES[index + 1:]
            body = "".join(f'${{{{ template "{rng.choice(later)}" . }}}}'
                           for _ in range(rng.randint(0, 2) if later else 0)) or "x"
            keyword = "define" if rng.random() < 0.7 else "block"
            parts.append(f'${{{{ {keyword} "{name}"{" ." * (keyword == "block")} }}}}{body}'
                         "${{ end }}")
    for _ in range(rng.randint(0, 2)):
        call = f'${{{{ template "{rng.choice(TEMPLATE_NAMES)}" }}}}'
        parts.insert(rng.randint(0, len(parts)), call)
    return "".join(parts) or "x"


def test_undefined_templates_are_reported_where_go_fails(go_exectemplate):
    """WF412 reports a `template` call of a name its value does not define where the run
    gets to it (in a `define` only when that is called), exactly where Go's run fails with
    "not defined"; never a template that runs."""

    rng = random.Random(20261210)
    hand_picked = ['${{ template "nope" }}',
                   '${{ define "header" }}h${{ end }}${{ template "heder" }}',
                   '${{ define "a" }}${{ template "zz" }}${{ end }}ok',
                   '${{ define "a" }}${{ template "zz" }}${{ end }}${{ template "a" }}',
                   '${{ template "x" }}${{ define "x" }}X${{ end }}',
                   '${{ define "x" }}${{ end }}${{ template "x" }}ok',
                   '${{ block "x" . }}${{ end }}${{ template `x` }}ok']
    values = hand_picked + [template_calls(rng) for _ in range(600)]
    answers, found = run_and_lint(go_exectemplate, values, {"WF412"})
    wrong = []
    for value, go, findings in zip(values, answers, found):
        undefined = re.search(r'template "([^"]*)" not defined', go.get("exec", ""))
        if bool(findings) != bool(undefined) or undefined and not any(
                f"template `{undefined[1]}`" in message for message in findings):
            wrong.append((value, go, findings))
    assert not wrong, f"{len(wrong)} disagreements with Go, first ones:\n" + "\n".join(
        map(str, wrong[:20]))
    assert 0.2 < sum("exec" in a for a in answers) / len(answers) < 0.8

# --- `$` alone, and `.` or `$` holding the data itself ---------------------------------------


@pytest.mark.parametrize("value, code", [
    # `$` in a definition's body is the argument of its call, as `.` is
    ('${{ define "d" }}${{ len $ }}${{ end }}${{ template "d" .inputs.count }}', "WF411"),
    ('${{ define "d" }}${{ with 1 }}${{ len $ }}${{ end }}${{ end }}${{ template "d" .inputs.count }}',
     "WF411"),
    ('${{ block "d" .inputs.count }}${{ printf $ }}${{ end }}', "WF411"),
    ('${{ define "d" }}${{ eq $ \'f\' }}${{ end }}${{ template "d" .inputs.mode }}', "WF408"),
    # outside every definition `$` is the data, in a `with` too: a map
    ('${{ with .inputs.count }}${{ len $ }}${{ end }}', None),
    ('${{ with .inputs.count }}${{ index "abc" $ }}${{ end }}', "WF411"),
    ('${{ block "d" .inputs }}${{ with .mode }}${{ len $ }}${{ end }}${{ end }}', None),
    # `.` outside every `with` is the data: no index of a string
    ('${{ index "abc" . }}', "WF411"),
    ('${{ index .inputs.mode . }}', "WF411"),
    ('${{ slice "abc" 0 $ }}', "WF411"),
    ('${{ with . }}${{ index "abc" . }}${{ end }}', "WF411"),
    ('${{ index . "inputs" }}', None),
    ('${{ with 1 }}${{ index "abc" . }}${{ end }}', None),
    ('${{ $ = 1 }}${{ index "abc" $ }}', None),
])
def test_dollar_and_the_data_are_known_against_go(go_exectemplate, value, code):
    """`$` alone is what `.` is where the template or the definition starts (the argument
    of a definition's one call; else the data, a map, in a `with` or a `range` too): WF408
    and WF411 report it where Go's run fails, and not where it runs."""
    answers, found = run_and_lint(go_exectemplate, [value], {"WF408", "WF411"})
    assert ("exec" in answers[0]) == (code is not None), answers
    assert len(found[0]) == (code is not None), found

@pytest.mark.parametrize("value, code", [
    # a map of the data is indexed by names: a key of another kind fails, whatever the data
    ("${{ index .inputs 1 }}", "WF411"), ("${{ index . 1.5 }}", "WF411"),
    ("${{ index $ true }}", "WF411"), ("${{ index . .inputs }}", "WF411"),
    ("${{ index .env 'a' }}", "WF411"), ("${{ index . (len .inputs) }}", "WF411"),
    ("${{ 1 | index .inputs }}", "WF411"), ("${{ with .inputs }}${{ index . 1 }}${{ end }}", "WF411"),
    ("${{ index .inputs .inputs.count }}", "WF411"),
    # nor is it sliced
    ("${{ slice .inputs }}", "WF411"), ("${{ slice . 0 }}", "WF411"),
    # names are keys; what a name holds is indexed as itself
    ('${{ index . "inputs" "mode" }}', None), ('${{ index .inputs "mode" 1 }}', None),
    ('${{ "mode" | index .inputs }}', None), ("${{ index . .inputs.mode }}", None),
    ("${{ index . }}", None), ("${{ len . }}", None),
])
def test_a_map_of_the_data_indexed_by_no_name_is_reported_against_go(go_exectemplate, value,
                                                                      code):
    """The data and its contexts are maps keyed by names (strings): WF411 reports `index` of
    one by an int, a float, a bool, a map, and `slice` of one, where Go's run fails."""
    answers, found = run_and_lint(go_exectemplate, [value], {"WF411"})
    assert ("exec" in answers[0]) == (code is not None), answers
    assert len(found[0]) == (code is not None), found
    if code:
        assert ("should be string" in found[0][0]) == ("should be string" in answers[0]["exec"])


# --- `.` in the body of a `with`: the value of its pipeline ---------------------------------

# Values that are true to `with` in exectemplate's data (its body runs), each of a known kind.
WITH_VALUES = ['"a"', "3", "1.5", "true", ".inputs.mode", ".inputs.count", ".inputs.flag",
               ".secrets.tok", ".matrix.os", "(len .inputs.mode)", "$c := .inputs.count",
               'print 3', "not false"]


def with_dot(rng: random.Random) -> str:
    """A comparison or a typed call of `.` in the body of a `with` (maybe inside another
    `with .`), or in its `else`, where `.` is the data again (never run here)."""
    # (the data read through `$`: `.inputs` in the body would read a field of `.`)
    other = re.sub(r"(^|[ (])\.(inputs|secrets|env|matrix)", r"\1$.\2", rng.choice(KNOWN_KINDS))
    operands = [".", other] if rng.random() < 0.5 else [other, "."]
    function = rng.choice(["eq", "ne", "lt", "ge", "len", "index", "printf"])
    if function in ("len", "printf"):
        call = f"{function} ."
    elif function == "index":
        call = "index . 0"
    else:
        call = f"{function} {' '.join(operands)}"
    body = f"${{{{ {call} }}}}"
    if rng.random() < 0.2:
        body = f"${{{{ with . }}}}{body}${{{{ end }}}}"
    if rng.random() < 0.15:
        body = f"${{{{ else }}}}{body}"
    return f"${{{{ with {rng.choice(WITH_VALUES)} }}}}{body}${{{{ end }}}}"


def test_dot_in_a_with_is_known_as_its_value_against_go(go_exectemplate):
    """WF408, WF410 and WF411 know `.` in the body of a `with` as the value of its pipeline:
    a comparison or a call of it is reported exactly where Go's run fails for its kind."""

    rng = random.Random(20261211)
    hand_picked = ['${{ with .inputs.count }}${{ eq . "3" }}${{ end }}',
                   '${{ with .inputs.mode }}${{ eq . "3" }}${{ end }}',
                   '${{ with $c := .inputs.count }}${{ with . }}${{ len . }}${{ end }}${{ end }}',
                   '${{ with .inputs.count }}${{ else }}${{ eq . "3" }}${{ end }}']
    values = hand_picked + [with_dot(rng) for _ in range(1200)]
    answers, found = run_and_lint(go_exectemplate, values, {"WF408", "WF410", "WF411"})
    # An `else` (none runs here) is checked as any branch, where `.` is the data (`printf .`
    # fails there): a finding there is a failure of a run that takes it (`with 0`).
    taken = {index: re.sub(r"^\$\{\{ with .*?\}\}(?=\$\{\{ else \}\})", "${{ with 0 }}", value)
             for index, value in enumerate(values) if value.startswith("${{ with")
             and "}}${{ else }}" in value}
    answers_else = dict(zip(taken, go_batch(go_exectemplate, list(taken.values()))))
    wrong = []
    for index, (value, go, findings) in enumerate(zip(values, answers, found)):
        go = answers_else.get(index, go)
        fails = "exec" in go and re.search(
            r"(incompatible|invalid) type(s)? for comparison|" + TYPE_ERRORS, go["exec"])
        if bool(findings) != bool(fails) and (findings or index not in answers_else):
            wrong.append((value, go, findings))
    assert not wrong, f"{len(wrong)} disagreements with Go, first ones:\n" + "\n".join(
        map(str, wrong[:20]))
    assert 0.2 < sum("exec" in a for a in answers) / len(answers) < 0.8

# --- what a `run` prints of a string input through a `block` or a `define` -----------------

RUN_FLOW = QUOTED_FLOW.replace("          V: {}\n        run: echo",
                               "          V: x\n        run: {}")


@pytest.mark.parametrize("value", [
    '${{ block "b" .inputs.mode }}[${{ . }}]${{ end }}',
    '${{ define "d" }}[${{ $ }}]${{ end }}${{ template "d" .inputs.mode }}',
    '${{ with .inputs.mode }}${{ block "b" . }}${{ . }}${{ end }}${{ end }}',
    '${{ template "d" .inputs.mode }}${{ define "d" }}${{ template "e" . }}${{ end }}'
    '${{ define "e" }}${{ printf "%s" . }}${{ end }}',
    '${{ define "d" }}${{ len . }}${{ end }}${{ template "d" .inputs.mode }}',
    '${{ block "b" .inputs.mode }}${{ eq . "x" }}${{ end }}',
    '${{ define "d" }}${{ . }}${{ end }}${{ template "d" .inputs.count }}',
    '${{ define "d" }}${{ . }}${{ end }}ok',
    # a field of `.` in a body, every call giving it `.inputs`
    '${{ define "d" }}[${{ .mode }}]${{ end }}${{ template "d" .inputs }}',
    '${{ block "b" .inputs }}${{ with .mode }}${{ . }}${{ end }}${{ end }}',
])
def test_a_string_input_printed_by_a_definition_is_reported_against_go(go_exectemplate, value):
    """WF407 follows the value a `block` or a called `define` is given into its body: it is
    reported exactly where Go's run prints the input's value into the command."""
    from wf_lsp.linter import analyze

    findings = [f for f in analyze(RUN_FLOW.format(json.dumps(value))).findings
                if f.code == "WF407"]
    [go] = go_batch(go_exectemplate, [value])
    assert "out" in go, go
    assert bool(findings) == ("fast" in go["out"]), (findings, go)
    assert all(f.message.startswith("`.inputs.mode` (a string input)") for f in findings)


@pytest.mark.parametrize("value, reported", [
    ('${{ eq "a" "a" 1 }}', False), ('${{ eq "a" `a` 1 }}', False), ("${{ eq 3 3 \"x\" }}", False),
    ("${{ eq true true 1 }}", False), ('${{ eq "a" "b" 1 }}', True), ('${{ eq "a" 1 "a" }}', True),
    # numbers are equal by value, whatever their spelling, when of one kind
    ('${{ eq 0x3 3 "x" }}', False), ('${{ eq 0o17 017 "x" }}', False), ('${{ eq 0b101 5 "x" }}', False),
    ('${{ eq 1_000 1000 "x" }}', False), ('${{ eq +3 3 "x" }}', False), ('${{ eq -0 0 "x" }}', False),
    ('${{ eq 1e3 1000.0 "x" }}', False), ('${{ eq 0x1p3 8.0 "x" }}', False),
    ('${{ eq 1.0 1.00 "x" }}', False), ("${{ eq 'a' 97 \"x\" }}", False),
    ("${{ eq 'a' '\\x61' \"x\" }}", False), ('${{ eq 1e3 1000 "x" }}', True),
    ('${{ eq 3 3.0 }}', True), ('${{ eq 1+0i 1i "x" }}', True), ("${{ eq 'a' 'b' \"x\" }}", True),
    ("${{ eq 3 'a' \"x\" }}", True),
    # operands written alike give one value (no `call`, no variable set between them)
    ('${{ eq (len .inputs.mode) (len .inputs.mode) .inputs.mode }}', False),
    ('${{ eq .inputs.count .inputs.count "x" }}', False),
    ('${{ eq (len .inputs.mode) (len .inputs.letter) (len .inputs.mode) .inputs.mode }}', False),
    ('${{ eq (len .inputs.mode) (len .inputs.letter) .inputs.mode }}', True),
    # the same operand however spaced, parenthesised or piped
    ('${{ eq (.inputs.count) .inputs.count "x" }}', False),
    ('${{ eq .inputs.count (.inputs.count) "x" }}', False),
    ('${{ eq (len .inputs.mode) (len  .inputs.mode) .inputs.mode }}', False),
    ('${{ eq (len .inputs.mode) ((len .inputs.mode)) .inputs.mode }}', False),
    ('${{ eq (len .inputs.mode) (.inputs.mode | len) .inputs.mode }}', False),
    ('${{ eq (.inputs).count .inputs.count "x" }}', False), ('${{ eq 3 (3) "x" }}', False),
    ('${{ eq (.inputs.mode | printf "%s") (printf "%s" .inputs.mode) 1 }}', False),
    ('${{ eq (printf "%s" .inputs.mode) (printf "%s" .inputs.letter) 1 }}', True),
    ('${{ eq (.inputs.mode | len) (len .inputs.letter) .inputs.mode }}', True),
    # the same path into the data, however reached
    ('${{ eq .inputs.count $.inputs.count "x" }}', False),
    ('${{ $n := .inputs.count }}${{ eq $n .inputs.count "x" }}', False),
    ('${{ with $n := .inputs.count }}${{ eq $n $.inputs.count "x" }}${{ end }}', False),
    ('${{ with .inputs }}${{ eq .count $.inputs.count "x" }}${{ end }}', False),
    ('${{ eq .inputs.count (index .inputs "count") "x" }}', False),
    ('${{ $n := .inputs.count }}${{ eq $n .inputs.flag .inputs.count }}', True),
    # `.` in the body of a `with` is the path its pipeline reads
    ('${{ with $x := .inputs.count }}${{ eq . $x "x" }}${{ end }}', False),
    ('${{ with .inputs.count }}${{ eq . $.inputs.count "x" }}${{ end }}', False),
    ('${{ with $x := .inputs.count }}${{ eq $x . "x" }}${{ end }}', False),
    ('${{ with .inputs }}${{ with .count }}${{ eq . $.inputs.count "x" }}${{ end }}${{ end }}',
     False),
    ('${{ with .inputs.count }}${{ eq . $.inputs.flag "x" }}${{ end }}', True),
    ('${{ with .inputs.count }}${{ eq . (len $.inputs.mode) "x" }}${{ end }}', True),
    ('${{ $n := .inputs.count }}${{ eq $n "x" }}', True),
    # a character (WF408) after an equal operand is never compared either
    ("${{ eq .inputs.letter $.inputs.letter 'f' }}", False),
    ("${{ eq .inputs.letter (.inputs.letter) 'f' }}", False),
    ("${{ eq .inputs.letter .inputs.mode 'f' }}", True),
])
def test_eq_stops_at_the_first_equal_operand_as_go_does(go_exectemplate, value, reported):
    """`eq a b c` is true at the first operand equal to `a`: a later one of another kind is
    never compared, and WF410 (WF408 for a character) does not report it where that is
    certain (literals of equal values: `0x3` and `3`, `'a'` and `97`; operands written
    alike that set no variable and `call` nothing: `(len .inputs.mode)` twice)."""
    from wf_lsp.linter import analyze

    findings = [f for f in analyze(QUOTED_FLOW.format(json.dumps(value))).findings
                if f.code in ("WF408", "WF410")]
    [go] = go_batch(go_exectemplate, [value])
    assert bool(findings) == reported == ("exec" in go), (findings, go)

# --- a whole number past int64: Go parses it, the run fails ---------------------------------

BIG_NUMBERS = ["9223372036854775807", "9223372036854775808", "18446744073709551615",
               "-9223372036854775808", "0x7FFFFFFFFFFFFFFF", "0x8000000000000000",
               "0xFFFFFFFFFFFFFFFF", "0x8000000000000000p0", "0o1000000000000000000000",
               "01000000000000000000000", "0777777777777777777777",
               "0b" + "1" * 64, "0b" + "1" * 63, "9_223_372_036_854_775_808",
               "9223372036854775808.0", "9223372036854775808e0", "9223372036854775808i", "1e19",
               "'a'", "3"]


def big_number(rng: random.Random) -> str:
    number = rng.choice(BIG_NUMBERS)
    return rng.choice([f"print {number}", f"lt $.inputs.count {number}", number,
                       f"if {number} }}}}y${{{{ end", f"$x := {number}", f"print ({number})",
                       f'index "abc" {number}'])


def test_integers_past_int64_are_reported_where_go_fails(go_exectemplate):
    """WF413 reports a whole number Go parses past int64 exactly where Go's run fails with
    "overflows int"; never a number that runs (a float, a complex, one in range)."""

    rng = random.Random(20261212)
    values = [f"${{{{ {big_number(rng)} }}}}" for _ in range(400)]
    answers, found = run_and_lint(go_exectemplate, values, {"WF413"})
    wrong = []
    for value, go, findings in zip(values, answers, found):
        overflow = "exec" in go and "overflows int" in go["exec"]
        # Go's words, the number quoted as every message quotes a value (a long one by its start)
        number, _, words = go.get("exec", "").rpartition(": ")[2].partition(" ")
        if bool(findings) != bool(overflow) or findings and not all(
                message.endswith(f"{shortened(number)} {words})") for message in findings):
            wrong.append((value, go, findings))
    assert not wrong, f"{len(wrong)} disagreements with Go, first ones:\n" + "\n".join(
        map(str, wrong[:20]))
    assert 0.2 < sum("overflows int" in a.get("exec", "") for a in answers) / len(answers) < 0.8

# --- fields of `.` in a definition's body: the argument of the calls that reach it ----------

BODY_PIECES = ["${{ .msg }}", "${{ .mode }}", '${{ eq .count "3" }}', '${{ eq . "3" }}',
               "${{ len . }}", "${{ $.mode }}", '${{ eq .mode "fast" }}', "${{ eq .flag 1 }}",
               "${{ .TOP }}", "${{ printf . }}", "x"]
CALL_ARGUMENTS = [".inputs", ".inputs", ".env", ".inputs.count", ".inputs.mode", ".", "$", "",
                  "$.inputs", "(index . \"inputs\")", "(or .inputs .env)"]


def definition_calls(rng: random.Random) -> str:
    """A `define` (or a `block`) whose body reads `.` or its fields, called from one to three
    places with paths of the data, values of known kinds, nothing, or from a `with`."""
    body = "".join(rng.choice(BODY_PIECES) for _ in range(rng.randint(1, 3)))
    calls = []
    for _ in range(rng.randint(1, 3)):
        argument = rng.choice(CALL_ARGUMENTS)
        call = f'${{{{ template "d" {argument} }}}}'
        if rng.random() < 0.2:
            call = f"${{{{ with .inputs }}}}{call.replace(argument, '.' if argument else '')}" \
                   "${{ end }}"
        calls.append(call)
    if rng.random() < 0.2:
        return f'${{{{ block "d" {rng.choice(CALL_ARGUMENTS) or "."} }}}}{body}${{{{ end }}}}'
    return f'${{{{ define "d" }}}}{body}${{{{ end }}}}' + "".join(calls)


def test_fields_in_a_definition_follow_its_argument_against_go(go_exectemplate):
    """WF403, WF408, WF410 and WF411 read `.` and its fields in the body of a `define` or
    `block` as the argument of the calls that reach it, where every call gives the same
    (`${{ template "d" .inputs }}`: `.msg` is an undefined input, `eq .count "3"` fails):
    each report is where Go's run fails or prints an input that is not there (`<no
    value>`), never on a template that runs clean; a body called with different
    arguments is not judged by them."""

    rng = random.Random(20261213)
    hand_picked = {  # and what is reported (where Go's run fails, or prints `<no value>`)
        '${{ define "d" }}${{ .msg }}${{ end }}${{ template "d" .inputs }}': {"WF403"},
        '${{ define "d" }}${{ eq .count "3" }}${{ end }}${{ template "d" .inputs }}': {"WF410"},
        '${{ define "d" }}${{ eq . "3" }}${{ end }}${{ template "d" .inputs.count }}': {"WF410"},
        '${{ define "d" }}${{ len . }}${{ end }}${{ template "d" .inputs.flag }}': {"WF411"},
        '${{ block "d" .inputs }}${{ eq .mode 3 }}${{ end }}': {"WF410"},
        '${{ define "d" }}${{ eq $.flag "true" }}${{ end }}${{ template "d" .inputs }}': {"WF410"},
        '${{ define "d" }}${{ .msg }}${{ end }}${{ template "d" .inputs }}'
        '${{ template "d" .inputs }}': {"WF403"},
        '${{ define "d" }}${{ template "e" .inputs.flag }}${{ end }}${{ define "e" }}'
        '${{ eq . "x" }}${{ end }}${{ template "d" . }}': {"WF410"},
        # called with two different arguments, or one of unknown shape: not judged
        '${{ define "d" }}${{ .mode }}${{ end }}${{ template "d" .inputs }}'
        '${{ template "d" .env }}': set(),
        '${{ define "d" }}${{ eq . "3" }}${{ end }}${{ template "d" .inputs.count }}'
        '${{ template "d" .inputs.mode }}': set(),
        '${{ define "d" }}${{ .msg }}${{ end }}${{ template "d" (index . "inputs") }}': {"WF403"},
        '${{ define "d" }}${{ .msg }}${{ end }}${{ template "d" (or .inputs .env) }}': set(),
        '${{ define "d" }}${{ .TOP }}${{ end }}${{ template "d" .env }}': set(),
    }
    values = list(hand_picked) + [definition_calls(rng) for _ in range(800)]
    answers, found = run_and_lint(go_exectemplate, values, {"WF403", "WF408", "WF410", "WF411"})
    wrong = []
    for value, go, findings in zip(values, answers, found):
        clean = "out" in go and "<no value>" not in go["out"]
        if findings and clean:
            wrong.append((value, go, findings))
    assert not wrong, f"{len(wrong)} reports where Go runs clean, first ones:\n" + "\n".join(
        map(str, wrong[:20]))
    for value, go, findings in zip(hand_picked, answers, found):
        assert len(findings) == len(hand_picked[value]), (value, go, findings)
    assert 0.2 < sum("exec" in a for a in answers) / len(answers) < 0.8

# --- branches no run reaches: reported all the same, as each rule's doc says ----------------


@pytest.mark.parametrize("action, code", [
    ("len 3", "WF411"), ("not 1 2", "WF409"), ('eq 1 "a"', "WF410"),
    ("eq .inputs.mode 'f'", "WF408"), ('template "nope"', "WF412"),
    ("lt 1 9223372036854775808", "WF413"),
])
def test_a_branch_no_run_reaches_is_checked_as_any(go_exectemplate, action, code):
    """A condition is not evaluated (as actionlint does): under `if false`, in what `and`
    skips, the expression rules report what fails the run wherever the branch is taken."""
    values = [f"${{{{ if false }}}}${{{{ {action} }}}}${{{{ end }}}}",
              f"${{{{ and false ({action}) }}}}" if code != "WF412" else
              f"${{{{ with \"\" }}}}${{{{ {action} }}}}${{{{ end }}}}",
              f"${{{{ if true }}}}${{{{ {action} }}}}${{{{ end }}}}"]
    answers, found = run_and_lint(go_exectemplate, values, {code})
    assert [len(findings) for findings in found] == [1, 1, 1], found
    assert ["out" in go for go in answers] == [True, True, False], answers


@pytest.mark.parametrize("action, code", [
    ("len 3", "WF411"), ("not 1 2", "WF409"), ('eq 1 "a"', "WF410"), ("printf .inputs", "WF411"),
    ("eq .inputs.mode 'f'", "WF408"), ("lt 1 9223372036854775808", "WF413"),
    ('index "abc" .', "WF411"), ("slice .inputs.mode 1 2 3", "WF411"), ("lt true false", "WF410"),
])
def test_what_and_or_may_skip_is_not_said_to_fail_the_run(go_exectemplate, action, code):
    """An operand of `and` or `or` past the first is checked, but Go evaluates it only when
    the ones before do not decide: the message says the run fails if it gets there, and
    says plainly that the run fails where the operand is the first (always evaluated)."""
    values = [f"${{{{ and false ({action}) }}}}", f"${{{{ or 1 ({action}) }}}}",
              f"${{{{ and ({action}) false }}}}"]
    answers, found = run_and_lint(go_exectemplate, values, {code})
    assert ["out" in go for go in answers] == [True, True, False], answers
    assert [len(findings) for findings in found] == [1, 1, 1], found
    assert "(the run fails if `and` gets to it: " in found[0][0], found
    assert "(the run fails if `or` gets to it: " in found[1][0], found
    assert "(the run fails: " in found[2][0], found

# --- Hypothesis: no expression rule says "error" of a template Go runs clean ----------------

FUZZ_OPERANDS = [".inputs.mode", ".inputs.count", ".inputs.flag", ".inputs.nope", ".secrets.tok",
                 ".env.TOP", ".env.NOPE", ".matrix.os", ".", "$", "$.inputs.mode", ".mode",
                 ".inputs", '"a"', '"3"', "3", "-1", "1.5", "'f'", "true", "0x1F", "1e3", "nil",
                 "$v"]
FUZZ_FUNCTIONS = ["len", "eq", "ne", "lt", "not", "and", "or", "print", "printf", "index",
                  "slice", "html", "urlquery"]
fuzz_operand = st.sampled_from(FUZZ_OPERANDS)
fuzz_call = st.builds(lambda f, args: " ".join([f, *args]), st.sampled_from(FUZZ_FUNCTIONS),
                      st.lists(fuzz_operand | fuzz_operand.map(lambda o: f"(len {o})"),
                               max_size=3))
fuzz_pipeline = st.builds(lambda first, stages: " | ".join([first, *stages]),
                          fuzz_operand | fuzz_call,
                          st.lists(st.sampled_from(FUZZ_FUNCTIONS + ['eq "a"', "printf \"%v\""]),
                                   max_size=2))


def _control(keyword, pipeline, body, other):
    declare = "$v := " if keyword != "if" and pipeline.startswith(".") else ""
    other = "${{ else }}" + other if other is not None else ""
    return f"${{{{ {keyword} {declare}{pipeline} }}}}{body}{other}${{{{ end }}}}"


fuzz_templates = st.recursive(
    st.one_of(st.sampled_from(["", "x", " "]),
              fuzz_pipeline.map(lambda p: f"${{{{ {p} }}}}")),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map("".join),
        st.builds(_control, st.sampled_from(["if", "with", "range"]), fuzz_pipeline, inner,
                  st.none() | inner),
        st.builds(lambda body, arg: f'${{{{ define "d" }}}}{body}${{{{ end }}}}'
                                    f'${{{{ template "d" {arg} }}}}', inner,
                  st.sampled_from([".inputs", ".", ".inputs.mode", ".inputs.count", ""]))),
    max_leaves=6)


# The value in a block scalar: its characters at the columns they are in the value.
FUZZ_FLOW = QUOTED_FLOW.replace("          V: {}", "          V: |-\n            {}")
FUZZ_LINE, FUZZ_COLUMN = FUZZ_FLOW.splitlines().index("            {}"), 12


@pytest.fixture(scope="session")
def go_exec_oracle(go_exectemplate):
    oracle = GoOracle(go_exectemplate)
    yield oracle
    oracle.close()


@settings(max_examples=examples(3))
@given(fuzz_templates)
def test_no_expression_error_on_a_template_go_runs_clean(go_exec_oracle, value):
    """Random small templates (fields, pipelines, `if`/`with`/`range`/`else`, definitions,
    literals): an expression rule's finding of severity error, where every run gets (not
    in a branch, a definition or what `and`/`or` may skip: those are reported whether the
    run gets there or not), is a template whose parse or run Go fails. (WF402 and WF403
    say a name is not declared, which the data here holds as the workflow does: Go prints
    nothing or `<no value>` for it.)"""
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr import parse as parse_template
    from wf_lsp.findings import Severity
    from wf_lsp.linter import analyze

    parsed = parse_template(value)
    always = [(0, len(value))] if not parsed.ok else [  # what every run evaluates
        (node.start, node.end) for node in parsed.template.nodes
        if isinstance(node, (n.Action, n.TemplateCall)) or isinstance(node, n.Control)
        and node.body == () and node.else_body is None]
    always += [] if not parsed.ok else [
        (node.pipeline.start, node.pipeline.end) for node in parsed.template.nodes
        if isinstance(node, n.Control)]
    always = [(start, end) for start, end in always
              if not re.search(r"\b(and|or)\b", value[start:end])]
    errors = [f for f in analyze(FUZZ_FLOW.format(value)).findings
              if f.code.startswith("WF4") and f.code not in ("WF402", "WF403")
              and f.severity == Severity.ERROR and f.span.start.line == FUZZ_LINE
              and any(start <= f.span.start.column - FUZZ_COLUMN < end for start, end in always)]
    go = go_exec_oracle(value)
    assert not (errors and "out" in go), (go, [(f.code, f.message) for f in errors])
