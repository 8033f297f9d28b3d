"""The rules on the format's meaning (WF401-WF413, WF501-WF506, WF511-WF513), one line a case.

A case lists EVERY finding of its text as (code, the characters its range covers), so a
rule that fires where it should not fails too; the covered characters are read from the
document with the finding's line and columns, which makes the range exact or the case
fail. Fix cases show the file after the fix.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.findings import Span
from wf_lsp.fixes import fix_until_stable
from wf_lsp.parse import Source

from .helpers import apply, lint, only, run_cli, run_json, where

# A workflow with one declaration of every kind; `{}` is the step's `run` (line 19).
FLOW = """\
id: x
inputs:
  epochs: {{type: int, default: 3}}
  msg: {{type: string}}
  flag: {{type: bool}}
  path: {{type: string}}
secrets:
  - name: workspaces/w/secrets/t
    as: tok
env:
  TOP: a
jobs:
  a:
    timeout: 1h
    matrix: {{os: [l, w]}}
    env: {{JOB: b}}
    steps:
      - env: {{STEP: c}}
        run: {}
"""


def covered(text: str, span: Span) -> str:
    """The document's characters in `span`."""
    lines = Source(text).lines
    if span.start.line == span.end.line:
        return lines[span.start.line][span.start.column:span.end.column]
    parts = [lines[span.start.line][span.start.column:]]
    parts += lines[span.start.line + 1:span.end.line]
    return "".join(parts) + lines[span.end.line][:span.end.column]


def found(text: str, **settings) -> list[tuple[str, str]]:
    return [(f.code, covered(text, f.span)) for f in lint(text, **settings)]


@pytest.mark.parametrize("run, expected", [
    ("echo ${{ .inputs.epochs }} ${{ .matrix.os }}", []),
    ("echo ${{ .env.TOP }}${{ .env.JOB }}${{ .env.STEP }}", []),
    ("echo ${{ if .inputs.flag }}yes${{ end }} ${{ len .inputs.msg }}", []),
    ('echo ${{ if eq .inputs.msg "a" }}a${{ end }}', []),
    # WF401 expression-syntax
    ("echo ${{ inputs.epochs }}", [("WF401", "inputs.epochs")]),
    ("echo ${{ }}", [("WF401", "${{ }}")]),
    ("echo ${{ .inputs.epochs", [("WF401", "${{ .inputs.epochs")]),
    ("echo ${{ .inputs.msg | upper }}", [("WF401", "upper")]),
    ("echo ${{ $x }}", [("WF401", "$x")]),
    # WF402 unknown-context
    ("echo ${{ .input.epochs }}", [("WF402", "input")]),
    ("echo ${{ .Secrets.tok }}", [("WF402", "Secrets")]),
    ("echo ${{ .vars.x }}", [("WF402", "vars")]),
    # WF403 undefined-reference
    ("echo ${{ .inputs.epoch }}", [("WF403", "epoch")]),
    ("echo ${{ $.inputs.epoch }}", [("WF403", "epoch")]),
    ("echo ${{ .secrets.tk }}", [("WF403", "tk")]),
    ("echo ${{ .matrix.arch }}", [("WF403", "arch")]),
    # WF404 undefined-env
    ("echo ${{ .env.NOPE }}", [("WF404", "NOPE")]),
    ("echo ${{ .env.STEPS }}", [("WF404", "STEPS")]),
    # WF408 character-compared-with-string (an int input compares with a number: it runs)
    ("echo ${{ if eq .inputs.msg 'a' }}y${{ end }}", [("WF408", "'a'")]),
    ('echo ${{ if gt .inputs.epochs \'a\' }}y${{ end }} ${{ printf "%c" \'a\' }}', []),
    # ... and with a bool (no fix: `true` or `false`?)
    ("echo ${{ if eq .inputs.flag 't' }}y${{ end }}", [("WF408", "'t'")]),
    # WF409 wrong-argument-count: the command, or a function written as an argument
    ("echo ${{ if lt .inputs.epochs 1 2 }}y${{ end }}", [("WF409", "lt .inputs.epochs 1 2")]),
    ("echo ${{ .inputs.msg | eq }} ${{ print not }}", [("WF409", "eq"), ("WF409", "not")]),
    # ... in the body of a block, or of a define a template calls (not one no one calls)
    ('echo ${{ block "b" . }}${{ not 1 2 }}${{ end }}${{ define "d" }}${{ len }}${{ end }}',
     [("WF409", "not 1 2")]),
    # WF410 incompatible-comparison: where both kinds are certain (a variable that may be
    # given another value, an undeclared input, are not)
    ('echo ${{ if eq .inputs.flag "true" }}y${{ end }}', [("WF410", '"true"')]),
    ('echo ${{ if gt .inputs.epochs "2" }}y${{ end }} ${{ if eq .inputs.msg 3 }}y${{ end }}',
     [("WF410", '"2"'), ("WF410", "3")]),
    ("echo ${{ if lt .inputs.flag true }}y${{ end }} ${{ eq (len .env.TOP) .inputs.path }}",
     [("WF410", "true"), ("WF410", ".inputs.path")]),
    ("echo ${{ if eq .inputs.epochs 3 }}y${{ end }} ${{ if eq (len .matrix.os) 1 }}y${{ end }}"
     ' ${{ eq (not .inputs.flag) true }} ${{ if ge .inputs.msg "m" }}y${{ end }}', []),
    ("echo ${{ $v := .inputs.msg }}${{ if .inputs.flag }}${{ $v = 3 }}${{ end }}"
     "${{ if eq $v 3 }}y${{ end }} ${{ eq .inputs.nope 3 }}", [("WF403", "nope")]),
    ('echo ${{ .inputs.msg | not }} ${{ eq .inputs.msg "a" "b" }} ${{ print }}', []),
    # `eq` stops at the first operand equal to the first: the rest is never compared
    ('echo ${{ eq "a" "a" 1 }} ${{ eq "a" "b" 1 }} ${{ eq 3 3 "x" }} ${{ eq .inputs.msg "a" 1 }}',
     [("WF410", "1"), ("WF410", "1")]),
    # `.` in the body of a `with` is its value; in its `else`, in a `range`, not known
    ('echo ${{ with .inputs.epochs }}${{ if eq . "3" }}y${{ end }}${{ end }}'
     " ${{ with $e := .inputs.flag }}${{ with . }}${{ len . }}${{ end }}${{ end }}",
     [("WF410", '"3"'), ("WF411", ".")]),
    ('echo ${{ with .inputs.epochs }}${{ else }}${{ eq . "3" }}${{ end }}'
     ' ${{ range .inputs.path }}${{ eq . "3" }}${{ end }} ${{ with .inputs.msg }}${{ eq . "3" }}'
     "${{ end }}", []),
    # WF411 wrong-argument-type: where the value's kind is certain
    ("echo ${{ len .inputs.epochs }} ${{ .inputs.flag | len }} ${{ printf 3 }}",
     [("WF411", ".inputs.epochs"), ("WF411", ".inputs.flag"), ("WF411", "3")]),
    ('echo ${{ index .inputs.epochs 0 }} ${{ slice true 1 }} ${{ call .matrix.os }}',
     [("WF411", ".inputs.epochs"), ("WF411", "true"), ("WF411", "call")]),
    ('echo ${{ len .inputs.path }} ${{ index .inputs.epochs }} ${{ printf .env.TOP }}'
     " ${{ $v := .inputs.epochs }}${{ len (index .inputs \"msg\") }}", []),
    # WF412 undefined-template: a call the run gets to, of a name this value does not define
    ('echo ${{ template "nope" }} ${{ define "header" }}h${{ end }}${{ template "heder" }}',
     [("WF412", '"nope"'), ("WF412", '"heder"')]),
    ('echo ${{ define "d" }}${{ template "e" }}${{ end }}${{ if .inputs.flag }}'
     '${{ template "d" }}${{ end }}', [("WF412", '"e"')]),
    ('echo ${{ define "d" }}${{ template "zz" }}${{ end }} ${{ block "b" . }}${{ end }}'
     '${{ template "b" }} ${{ template `b` }}', []),
    # WF413 integer-overflow: a whole number past int64 that Go parses (a larger one: WF401)
    ("echo ${{ if lt .inputs.epochs 9223372036854775808 }}y${{ end }} ${{ 0x8000000000000000 }}"
     " ${{ print (9_223_372_036_854_775_808) }}",
     [("WF413", "9223372036854775808"), ("WF413", "0x8000000000000000"),
      ("WF413", "9_223_372_036_854_775_808")]),
    ("echo ${{ print 9223372036854775807 -9223372036854775808 9223372036854775808.0 1e19 }}"
     " ${{ print 0x1p63 9223372036854775808i }}", []),
    # WF407 injection-in-run
    ("echo ${{ .inputs.msg }}", [("WF407", ".inputs.msg")]),
    ("echo ${{ .secrets.tok }}", [("WF407", ".secrets.tok")]),
    ('echo ${{ printf "%s!" .inputs.msg }}', [("WF407", ".inputs.msg")]),
    # what a pipeline gives a number or a boolean is not printed; `and` prints its last
    ('echo ${{ .inputs.msg | len }} ${{ .inputs.msg | eq "a" }} ${{ and .inputs.msg true }}', []),
    ('echo ${{ .inputs.msg | len | printf "%d" }} ${{ and true .inputs.path }}',
     [("WF407", ".inputs.path")]),
    ('echo ${{ or .inputs.msg "x" }} ${{ .inputs.path | printf "%q" }}',
     [("WF407", ".inputs.msg"), ("WF407", ".inputs.path")]),
    ("echo ${{ if .inputs.flag }}${{ .inputs.path }}${{ end }}", [("WF407", ".inputs.path")]),
    # ... in its other spellings: a constant key, the whole map, `.` rebound by with/range
    ('echo ${{ index .secrets "tok" }}', [("WF407", 'index .secrets "tok"')]),
    ('echo ${{ printf "%s" (index $.inputs "msg") }}', [("WF407", 'index $.inputs "msg"')]),
    ("echo ${{ (.inputs).msg }}", [("WF407", "(.inputs).msg")]),
    ("echo ${{ .inputs }}", [("WF407", ".inputs")]),
    ("echo ${{ .secrets }}", [("WF407", ".secrets")]),
    ("echo ${{ with .inputs.msg }}${{ . }}${{ end }}", [("WF407", ".inputs.msg")]),
    ("echo ${{ range .inputs }}${{ . }}${{ end }}", [("WF407", ".inputs")]),
    # ... and a `range`'s last variable, given each element as `.` is (the first: a key)
    ("echo ${{ range $k, $v := .secrets }}${{ $v }}${{ end }}", [("WF407", ".secrets")]),
    ('echo ${{ range $v := .inputs }}${{ printf "%s" $v }}${{ end }}', [("WF407", ".inputs")]),
    ("echo ${{ range $k, $v := .secrets }}${{ with $v }}${{ . }}${{ end }}${{ end }}",
     [("WF407", ".secrets")]),
    ("echo ${{ range $k, $v := .secrets }}${{ $k }} ${{ len $v }} ${{ if $v }}y${{ end }}"
     "${{ end }}", []),
    # (not in the `else`, nor once declared again or assigned: which value it holds then
    # is not the element)
    ('echo ${{ range $v := .secrets }}${{ else }}${{ $v }}${{ end }} ${{ range $v := .secrets }}'
     '${{ $v := "x" }}${{ $v }}${{ end }}', []),
    ("echo ${{ $v := 1 }}${{ range $v = .secrets }}${{ $v }}${{ end }}", []),
    # the whole data, every secret in it: `.` at the top, `$`, `.` in a `with` of it
    ("echo ${{ . }} ${{ $ }}", [("WF407", "."), ("WF407", "$")]),
    ('echo ${{ printf "%v" . }}', [("WF407", ".")]),
    ("echo ${{ (.).inputs.msg }} ${{ ($).secrets }}",
     [("WF407", "(.).inputs.msg"), ("WF407", "($).secrets")]),
    ("echo ${{ with $ }}${{ . }}${{ end }}", [("WF407", ".")]),
    # in a `with $`, `.` is still the data: its paths are checked
    ("echo ${{ with $ }}${{ .inputs.nope }} ${{ .secrets.tok }}${{ end }}",
     [("WF403", "nope"), ("WF407", ".secrets.tok")]),
    ("echo ${{ len . }} ${{ if . }}y${{ end }} ${{ with . }}${{ .inputs.epochs }}${{ end }}", []),
    ("echo ${{ with .inputs }}${{ with .msg }}${{ . }}${{ end }}${{ end }}", [("WF407", ".msg")]),
    # in a `with .inputs`, `.` is `.inputs`: `.nope` there reads `.inputs.nope`
    ("echo ${{ with .inputs }}${{ .nope }} ${{ .msg }}${{ end }}",
     [("WF403", "nope"), ("WF407", ".msg")]),
    ('echo ${{ with .inputs }}${{ .epochs.x }} ${{ index . "msgg" }}${{ end }}',
     [("WF403", "x"), ("WF403", "msgg")]),
    # a field of a string stops the run: WF403 says so, and nothing is printed
    ("echo ${{ .inputs.msg.x }} ${{ with .secrets }}${{ .tok.y }}${{ end }}",
     [("WF403", "x"), ("WF403", "y")]),
    ("echo ${{ with .secrets }}${{ .tok }}${{ end }} ${{ with .env }}${{ .NOPE }}${{ end }}",
     [("WF407", ".tok"), ("WF404", "NOPE")]),
    # (a mistake in the `with` itself is reported there, once)
    ("echo ${{ with .input }}${{ .x }}${{ end }} ${{ with .inputs.nope }}${{ .y }}${{ end }}",
     [("WF402", "input"), ("WF403", "nope")]),
    # a `range` gives elements of unknown shape: nothing is assumed of them
    ("echo ${{ range .matrix.os }}${{ .name }}${{ end }} ${{ range $k, $v := .inputs }}"
     "${{ $v.z }}${{ end }}", []),
    # a variable holds the path it is declared with; a declaration prints nothing
    ("echo ${{ $in := .inputs }}${{ $in.nope }} ${{ $s := .secrets.tok }}${{ $s }}",
     [("WF403", "nope"), ("WF407", "$s")]),
    ("echo ${{ $m := .inputs.msg }}${{ $p := .secrets }}", []),
    ("echo ${{ $x := .inputs }}${{ if .inputs.flag }}${{ $x = .secrets }}${{ end }}${{ $x.tok }}",
     []),
    # (in the `else`, `.` is the whole data again)
    ("echo ${{ with .inputs.msg }}${{ len . }}${{ else }}${{ . }}${{ end }}", [("WF407", ".")]),
    ("echo ${{ with .inputs.epochs }}${{ . }}${{ end }}", []),
    ('echo ${{ index .inputs "epochs" }} ${{ len .inputs }} ${{ .matrix }}', []),
    ('echo ${{ if index .inputs "msg" }}y${{ end }}', []),
    # a `block`'s body, or a called `define`'s, prints the value it is given as `.` and `$`
    ('echo ${{ block "b" .inputs.msg }}${{ . }}${{ end }}', [("WF407", ".inputs.msg")]),
    ('echo ${{ define "d" }}[${{ $ }}]${{ end }}${{ template "d" .secrets.tok }}',
     [("WF407", ".secrets.tok")]),
    ('echo ${{ with .inputs.msg }}${{ block "b" . }}${{ . }}${{ end }}${{ end }}',
     [("WF407", ".inputs.msg")]),
    ('echo ${{ template "d" . }}${{ define "d" }}${{ . }}${{ end }}', [("WF407", ".")]),
    ('echo ${{ define "d" }}${{ len . }}${{ end }}${{ template "d" .secrets.tok }}'
     ' ${{ define "e" }}${{ . }}${{ end }} ${{ block "b" .inputs.epochs }}${{ . }}${{ end }}'
     ' ${{ template "f" .inputs.msg }}${{ define "f" }}${{ template "f" .inputs.msg }}${{ end }}',
     []),
    # ... and WF403
    ("echo ${{ (.inputs).z12 }}", [("WF403", "z12")]),
    ('echo ${{ index .inputs "nope" }}', [("WF403", "nope")]),
    ("echo ${{ .inputs.epochs.z13 }}", [("WF403", "z13")]),
    ("echo ${{ .matrix.os.x }}", [("WF403", "x")]),
])
def test_expressions_in_a_run(run, expected):
    assert found(FLOW.format(run)) == expected


def test_the_whole_data_printed_is_reported_only_when_it_holds_a_secret_or_a_string_input():
    numbers = "id: x\ninputs:\n  n: {type: int}\njobs:\n  a:\n    timeout: 1h\n    steps:\n" \
              "      - run: echo ${{ . }}\n"
    assert found(numbers) == []
    assert found(numbers.replace("type: int", "type: string")) == [("WF407", ".")]


MESSAGES = [
    ("echo ${{ .input.epochs }}", "`.input` is not a context: did you mean `.inputs`?"),
    ("echo ${{ .vars.x }}", "`.vars` is not a context: expressions read `.inputs`, `.secrets`, "
                            "`.env`, `.matrix`"),
    ("echo ${{ .inputs.epoch }}", "`.inputs.epoch` is not an input of this workflow: did you mean "
                                  "`epochs`?"),
    ("echo ${{ .inputs.zzz }}", "`.inputs.zzz` is not an input of this workflow (inputs: "
                                "`epochs`, `msg`, `flag`, `path`)"),
    ("echo ${{ .secrets.tk }}", "`.secrets.tk` names no secret: none has `as: tk`: did you mean "
                                "`tok`?"),
    ("echo ${{ .matrix.arch }}", "`.matrix.arch` is not a variable of job `a`'s `matrix` "
                                 "(variables: `os`)"),
    ("echo ${{ .env.NOPE }}", "`.env.NOPE` is not defined by any `env` here: it has no value "
                              "unless the runner sets it (not documented)"),
    ("echo ${{ .inputs.msg | upper }}", 'function "upper" not defined: the engine documents no '
                                        "functions or pipes"),
    ("echo ${{ .secrets.tok }}", "`.secrets.tok` (a secret) is expanded into the shell command: "
                                 "pass it through `env`"),
    ("echo ${{ .inputs }}", "`.inputs` (every input, string inputs among them) is expanded into "
                            "the shell command: pass the values it needs through `env`"),
    ("echo ${{ .secrets }}", "`.secrets` (every secret) is expanded into the shell command: pass "
                             "the values it needs through `env`"),
    ("echo ${{ . }}", "`.` (the workflow's data: every input and every secret) is expanded "
                      "into the shell command: pass the values it needs through `env`"),
    ("echo ${{ .inputs.epochs.z13 }}", "`.inputs.epochs` is an `int` input: it has no field `z13`"),
    ("echo ${{ .inputs.flag.x }}", "`.inputs.flag` is a `bool` input: it has no field `x`"),
    ("echo ${{ .matrix.os.x }}", "`.matrix.os` is a matrix variable, a string: it has no field `x`"),
]


@pytest.mark.parametrize("run, message", MESSAGES)
def test_messages(run, message):
    (finding,) = lint(FLOW.format(run))
    assert finding.message == message


def test_a_secret_with_an_empty_alias_is_no_alias_in_messages():
    text = FLOW.format("echo ${{ .secrets.db }}").replace(
        "    as: tok\n", "    as: tok\n  - name: workspaces/w/secrets/u\n    as: ''\n")
    assert [(f.code, f.message) for f in lint(text)] == [
        ("WF005", "`as` must not be empty"),
        ("WF403", "`.secrets.db` names no secret: none has `as: db` (aliases: `tok`)")]


SELF = "`.env.{0}` is read in its own value, which is evaluated before `{0}` is defined: no " \
       "`env` around this one defines it"
BESIDE = "`.env.{0}` is defined beside `{1}`, in the same `env`, whose values are evaluated " \
         "before its variables are defined: no `env` around this one defines it"
NONE = "`.env.{0}` is not defined by any `env` here: it has no value unless the runner sets " \
       "it (not documented)"


@pytest.mark.parametrize("written, replaced, expected", [
    # A variable read in its own value is that of an `env` around it ...
    ("JOB: b", 'TOP: "${{{{ .env.TOP }}}}-b"', []),
    ("STEP: c", 'JOB: "${{{{ .env.JOB }}}}-c", TOP: "${{{{ .env.TOP }}}}"', []),
    ("JOB: b", 'JOB: "${{{{ .env.TOP }}}}", X: "${{{{ .env.JOB }}}}"',
     [("WF404", "JOB", BESIDE.format("JOB", "X"))]),  # nor a sibling's: set together
    ("JOB: b", 'JOB: "${{{{ .env.STEP }}}}"', [("WF404", "STEP", NONE.format("STEP"))]),
    # ... and without one it has no value
    ("TOP: a", 'TOP: "${{{{ .env.TOP }}}}"', [("WF404", "TOP", SELF.format("TOP"))]),
    ("JOB: b", 'JOB: "${{{{ .env.JOB }}}}"', [("WF404", "JOB", SELF.format("JOB"))]),
    ("STEP: c", 'STEP: "${{{{ .env.STEP }}}}"', [("WF404", "STEP", SELF.format("STEP"))]),
])
def test_an_env_value_reads_its_own_name_from_the_env_around(written, replaced, expected):
    text = FLOW.replace(written, replaced, 1).format("echo ${{ .env.TOP }}")
    assert [(f.code, covered(text, f.span), f.message) for f in lint(text)] == expected


@pytest.mark.parametrize("run, code, fixed, safe", [
    ("echo ${{ inputs.epochs }}", "WF401", "echo ${{ .inputs.epochs }}", True),
    ("echo ${{ .input.epochs }}", "WF402", "echo ${{ .inputs.epochs }}", True),
    # A name the user made, a letter off: a guess, offered but never made by --fix ...
    ("echo ${{ .inputs.epoch }}", "WF403", "echo ${{ .inputs.epochs }}", False),
    ("echo ${{ .secrets.tk }}", "WF403", "echo ${{ .secrets.tok }}", False),
    ("echo ${{ .matrix.oss }}", "WF403", "echo ${{ .matrix.os }}", False),
    ('echo ${{ index .inputs "epoch" }}', "WF403", 'echo ${{ index .inputs "epochs" }}', False),
    # ... but the same name in another case is safe
    ("echo ${{ .inputs.Epochs }}", "WF403", "echo ${{ .inputs.epochs }}", True),
    ("echo ${{ .secrets.TOK }}", "WF403", "echo ${{ .secrets.tok }}", True),
    ("echo ${{ .env.STEPS }}", "WF404", "echo ${{ .env.STEP }}", False),
    ('echo ${{ define "header" }}h${{ end }}${{ template "heder" }}', "WF412",
     'echo ${{ define "header" }}h${{ end }}${{ template "header" }}', False),
    # a literal that spells the one value of the other side's kind
    ('echo ${{ if eq (not .inputs.flag) "true" }}y${{ end }}', "WF410",
     "echo ${{ if eq (not .inputs.flag) true }}y${{ end }}", True),
    # ... offered only where it rests on an `int` or `bool` input reaching the template as
    # a Go int or bool
    ("echo ${{ if .inputs.epochs | lt `10` }}y${{ end }}", "WF410",
     "echo ${{ if .inputs.epochs | lt 10 }}y${{ end }}", False),
    ('echo ${{ if eq .inputs.flag "true" }}y${{ end }}', "WF410",
     "echo ${{ if eq .inputs.flag true }}y${{ end }}", False),
])
def test_name_fixes(run, code, fixed, safe):
    text = FLOW.format(run)
    finding = only(text, code)
    assert finding.fix.safe is safe
    after = apply(text, finding.fix)
    assert after == FLOW.format(fixed)
    assert code not in [f.code for f in lint(after)]  # (a secret in `run` is still WF407)


@pytest.mark.parametrize("run, fixed", [
    ("echo ${{ .inputs.my-input }}", 'echo ${{ index .inputs "my-input" }}'),
    ("echo ${{ $.inputs.my-input}}", 'echo ${{ index $.inputs "my-input"}}'),
    ('echo ${{ printf "%s" .inputs.my-input }}', 'echo ${{ printf "%s" (index .inputs "my-input") }}'),
    ("echo ${{ .inputs.my-input | len }}", 'echo ${{ (index .inputs "my-input") | len }}'),
])
def test_a_name_with_a_dash_is_written_with_index(run, fixed):
    text = FLOW.format(run).replace("  path:", "  my-input:")
    finding = only(text, "WF401")
    form = '$.inputs' if "$." in run else ".inputs"
    assert finding.message == ("bad character U+002D '-': a name with `-` is read with `index`: "
                               f'write `index {form} "my-input"`')
    assert finding.fix.safe
    assert apply(text, finding.fix) == FLOW.format(fixed).replace("  path:", "  my-input:")
    # Not where the whole name is not declared, nor after a variable's field
    for other in ("echo ${{ .inputs.my-inpu }}", "echo ${{ .inputs.epochs-1 }}",
                  "echo ${{ $x := .inputs }}${{ $x.inputs.my-input }}"):
        finding = only(FLOW.format(other).replace("  path:", "  my-input:"), "WF401")
        assert finding.message == "bad character U+002D '-'" and finding.fixes == ()


def test_a_string_in_single_quotes_says_how_strings_are_written():
    """Go reads `'%s'` as a malformed character constant (its message, checked against Go
    in tests/test_expressions_go.py); the hint says what was meant."""
    hint = ("single quotes hold one character; a string is written in double quotes or "
            "backquotes")
    for run, message in [
        ("echo ${{ printf '%s' .inputs.msg }}",
         f"malformed character constant: '%s': {hint}: `\"%s\"`"),
        ("echo ${{ printf '\\t\"' }}", f"malformed character constant: '\\t\"': {hint}"),
    ]:
        assert only(FLOW.format(run), "WF401").message == message
    # The fix writes the string in double quotes, escaped as the YAML scalar's style needs
    # (none for `'\t"'`, whose characters a Go string would read otherwise).
    for run, fixed in [
        ("echo ${{ printf '%s' .inputs.msg }}", 'echo ${{ printf "%s" .inputs.msg }}'),
        ('"echo ${{ printf \'%s\' .inputs.msg }}"', '"echo ${{ printf \\"%s\\" .inputs.msg }}"'),
        ("'echo ${{ printf ''%s'' .inputs.msg }}'", "'echo ${{ printf \"%s\" .inputs.msg }}'"),
    ]:
        finding = only(FLOW.format(run), "WF401")
        assert finding.fix.safe and finding.fix.title == 'Write `"%s"`'
        assert apply(FLOW.format(run), finding.fix) == FLOW.format(fixed)
    assert only(FLOW.format("echo ${{ printf '\\t\"' }}"), "WF401").fixes == ()
    # A character constant is fine (`'a'`), and other errors get no such hint.
    assert not any(f.code == "WF401" for f in lint(FLOW.format("echo ${{ printf 'a' }}")))
    other = only(FLOW.format("echo ${{ printf 'a' ) }}"), "WF401")
    assert other.message == 'unexpected ")" in command'


def test_a_plain_value_a_comment_cut_short_says_so():
    """` #` starts a YAML comment even after `${{`: `run: echo ${{ printf "#%s" .x }}` is
    the value `echo ${{ printf "`, which Go cannot parse; the message says why, and the fix
    (unsafe: the comment's text becomes the value's) quotes the value with it."""
    run = 'echo ${{ printf "it\'s #%s" .inputs.msg }}'
    text = FLOW.format(run)
    finding = only(text, "WF401")
    assert finding.message == ('unterminated quoted string: ` #` starts a YAML comment, so the '
                               'value ends before `#%s" .inputs.msg }}`: quote the whole value')
    assert not finding.fix.safe
    fixed = apply(text, finding.fix)
    assert fixed == FLOW.format("'echo ${{ printf \"it''s #%s\" .inputs.msg }}'")
    assert "WF401" not in [f.code for f in lint(fixed)]
    # A comment after a whole expression, one with no `}}`, a quoted value: no such hint
    for run in ("echo ${{ .inputs.msg }} # note", "echo ${{ .inputs.msg # note",
                "'echo ${{ printf \"#%s }}'"):
        assert "YAML comment" not in " ".join(f.message for f in lint(FLOW.format(run)))
    # over several lines, the hint alone
    text = FLOW.format('echo ${{ printf\n          "a #b" }}')
    finding = only(text, "WF401")
    assert "starts a YAML comment" in finding.message and finding.fixes == ()


@pytest.mark.parametrize("properties", ["&cmd", "!!str", "&cmd !!str"])
def test_quoting_a_value_cut_by_a_comment_leaves_its_anchor_and_tag_outside(properties):
    """`run: &cmd echo ${{ printf "#%s" .x }}` quoted from the anchor made `&cmd` text
    and every `*cmd` an undefined alias (WF001)."""
    text = FLOW.format(f'{properties} echo ${{{{ printf "a #%s" .inputs.msg }}}}') + \
        "      - run: *cmd\n" * properties.startswith("&")
    fixed = apply(text, only(text, "WF401").fix)
    assert f"run: {properties} 'echo ${{{{ printf \"a #%s\" .inputs.msg }}}}'\n" in fixed
    assert not {"WF001", "WF401"} & {f.code for f in lint(fixed)}


def test_no_fix_where_nothing_is_close():
    for run, code in [("echo ${{ .inputs.zzz }}", "WF403"), ("echo ${{ .vars.x }}", "WF402")]:
        assert only(FLOW.format(run), code).fixes == ()


# --- exact ranges in every scalar style, after emoji and CJK -----------------------------------

STYLES = {
    "plain": "run: 😀 日本 ${{ .inputs.epoch }}\n",
    "double": 'run: "😀 \\"日本\\" \\u00e9\\t${{ .inputs.epoch }}"\n',
    "single": "run: '😀 it''s 日本 ${{ .inputs.epoch }}'\n",
    "literal": "run: |\n          echo 😀\n          日本 ${{ .inputs.epoch }} \\\n            x\n",
    "folded": "run: >-\n          😀 a\n\n          日本 ${{ .inputs.epoch }}\n",
    "plain over lines": "run: 😀 a\n          日本 b ${{ .inputs.epoch }}\n",
    "double over lines": 'run: "😀 a\n          日本 \\\n          ${{ .inputs.epoch }}"\n',
}


def in_step(value: str) -> str:
    return FLOW.format("RUN").replace("        run: RUN\n", "        " + value)


@pytest.mark.parametrize("style", STYLES)
def test_the_range_is_exact_in_every_style(style):
    text = in_step(STYLES[style])
    (finding,) = lint(text)
    assert (finding.code, covered(text, finding.span)) == ("WF403", "epoch")
    line = next(i for i, line in enumerate(Source(text).lines) if "epoch }}" in line)
    assert finding.span.start.line == line
    assert finding.span.start.column == Source(text).lines[line].index("epoch }}")
    # the fix lands on the same characters, whatever the quoting
    fixed = apply(text, finding.fix)
    assert fixed == text.replace("epoch }}", "epochs }}")


PREFIXES = ["😀", "日本語", "é", "\t", "👩‍👩‍👧", "a b", "${{ .inputs.epochs }}", "𝔘"]


@settings(max_examples=examples(1.5, at_most=150))
@given(st.lists(st.sampled_from(PREFIXES), max_size=4).map(" ".join),
       st.sampled_from(["plain", "double", "single", "literal"]))
@example("😀 日本", "double")
def test_the_range_is_exact_after_any_text(prefix, style):
    value = f"{prefix} ${{{{ .matrix.oss }}}}"
    if style == "plain":
        written = "run: echo " + value + "\n"
    elif style == "double":
        written = 'run: "' + value.replace("\t", "\\t") + '"\n'
    elif style == "single":
        written = "run: '" + value + "'\n"
    else:
        written = "run: |\n          echo " + value + "\n"
    text = in_step(written)
    codes = [(f.code, covered(text, f.span)) for f in lint(text)]
    assert codes == [("WF403", "oss")], text
    line = next(i for i, line in enumerate(Source(text).lines) if ".matrix.oss" in line)
    finding = only(text, "WF403")
    assert (finding.span.start.line, finding.span.start.column) == (
        line, Source(text).lines[line].index(".matrix.oss") + len(".matrix."))


# --- WF405 matrix outside a matrix job ---------------------------------------------------------

WITHOUT_MATRIX = "id: x\n{}jobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: {}\n"


@pytest.mark.parametrize("top, run, expected", [
    ("", "echo ${{ .matrix.os }}", ["6:23-6:33 WF405"]),
    ("env:\n  A: ${{ .matrix.os }}\n", "echo", ["3:10-3:20 WF405"]),
    ("concurrency:\n  group: g-${{ .matrix.os }}\n", "echo", ["3:16-3:26 WF405"]),
])
def test_matrix_outside_a_matrix_job(top, run, expected):
    text = WITHOUT_MATRIX.format(top, run)
    assert [where(f) for f in lint(text)] == expected
    assert covered(text, lint(text)[0].span) == ".matrix.os"


def test_matrix_messages_say_where():
    text = WITHOUT_MATRIX.format("concurrency:\n  group: g-${{ .matrix.os }}\n", "echo")
    assert only(text, "WF405").message == (
        "`.matrix.os` at workflow level (`concurrency.group`): matrix variables exist only inside "
        "a job with a `matrix`")
    text = WITHOUT_MATRIX.format("", "echo ${{ .matrix.os }}")
    assert only(text, "WF405").message == "`.matrix.os` in job `a`, which has no `matrix`"


def test_a_shared_step_is_checked_in_each_job_that_uses_it():
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    matrix: {os: [l]}\n    steps:\n"
            "      - &s {run: 'echo ${{ .matrix.os }}'}\n"
            "  b:\n    timeout: 1h\n    matrix: {py: ['3']}\n    steps: [*s]\n"
            "  c:\n    timeout: 1h\n    steps: [*s]\n")
    # one place in the file, two jobs: the path for c (no matrix), its name for b
    assert [(f.code, f.message) for f in lint(text)] == [
        ("WF405", "`.matrix.os` in job `c`, which has no `matrix`"),
        ("WF403", "`.matrix.os` is not a variable of job `b`'s `matrix` (variables: `py`)"),
    ]


# --- WF406 expression-not-allowed ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("id: x\njobs:\n  a:\n    timeout: ${{ .inputs.t }}\n    steps: [{run: a}]\n",
     [("WF406", "${{ .inputs.t }}")]),
    ('id: x\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: a, timeout: "${{ .inputs.t }}m"}]\n',
     [("WF406", '"${{ .inputs.t }}m"')]),
    ("id: w-${{ .inputs.x }}\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n",
     [("WF406", "w-${{ .inputs.x }}")]),
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    depends_on: ['${{ .inputs.j }}']\n"
     "    steps: [{run: a}]\n", [("WF406", "'${{ .inputs.j }}'")]),  # and no WF301
    ("id: x\njobs:\n  ${{ .inputs.x }}:\n    timeout: 1h\n    steps: [{run: a}]\n",
     [("WF406", "${{ .inputs.x }}")]),
    ("id: x\nsecrets:\n  - {name: '${{ .inputs.s }}', as: s}\njobs:\n  a:\n    timeout: 1h\n"
     "    steps: [{run: a}]\n", [("WF406", "'${{ .inputs.s }}'")]),
    ("id: x\nsecrets:\n  - {name: workspaces/w/secrets/s, as: '${{ .x }}'}\njobs:\n  a:\n"
     "    timeout: 1h\n    steps: [{run: a}]\n", [("WF406", "'${{ .x }}'")]),
    ("id: x\ntrigger:\n  schedule: [{cron: '${{ .inputs.c }}'}]\njobs:\n  a:\n    timeout: 1h\n"
     "    steps: [{run: a}]\n", [("WF406", "'${{ .inputs.c }}'")]),
    ("id: x\ninputs:\n  n: {type: '${{ .x }}'}\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n",
     [("WF005", "'${{ .x }}'"), ("WF406", "'${{ .x }}'")]),
    # the names an env, `inputs` or a matrix declares are keys: never evaluated
    ("id: x\nenv: {'${{ .inputs.n }}': a}\ninputs:\n  i_${{ .x }}: {type: string}\njobs:\n  a:\n"
     "    timeout: 1h\n    matrix:\n      ${{ .m }}: [a]\n    env:\n      J${{ .j }}: b\n"
     "    steps:\n      - run: a\n        env:\n          S${{ .s }}: c\n",
     [("WF406", "'${{ .inputs.n }}'"), ("WF406", "i_${{ .x }}"), ("WF406", "${{ .m }}"),
      ("WF406", "J${{ .j }}"), ("WF406", "S${{ .s }}")]),
])
def test_expressions_where_the_engine_reads_values_as_written(text, expected):
    assert found(text) == expected


def test_an_expression_as_timeout_is_told_instead_of_a_duration_problem():
    text = "id: x\njobs:\n  a:\n    timeout: ${{ .inputs.t }}\n    steps: [{run: a}]\n"
    assert only(text, "WF406").message == (
        'a timeout cannot be an expression: it must be a duration such as "30m"')


def test_a_literal_place_is_not_checked_as_an_expression():
    # an unclosed `${{` or an unknown input in an id is still WF406's alone
    text = "id: w-${{ .inputz.x\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n"
    assert [f.code for f in lint(text)] == ["WF406"]


# --- WF407 fix: into the step's env --------------------------------------------------------------

GREET = "id: x\ninputs:\n  msg: {type: string}\n  path: {type: string}\n  my-name: {type: string}\njobs:\n  a:\n    timeout: 1h\n    steps:\n"


@pytest.mark.parametrize("step, fixed", [
    ("      - name: greet\n        run: echo \"Hi ${{ .inputs.msg }}\"\n",
     "      - name: greet\n        env:\n          MSG: \"${{ .inputs.msg }}\"\n"
     "        run: echo \"Hi $MSG\"\n"),
    ("      - run: echo ${{ .inputs.msg }}\n",
     "      - run: echo $MSG\n        env:\n          MSG: \"${{ .inputs.msg }}\"\n"),
    ("      - run: |\n          echo ${{ .inputs.msg }}_x\n        name: n\n",
     "      - run: |\n          echo ${MSG}_x\n        env:\n          MSG: \"${{ .inputs.msg }}\"\n"
     "        name: n\n"),
    ("      - env:\n          A: \"1\"  # one\n        run: \"echo ${{ .inputs.msg }}\"\n",
     "      - env:\n          A: \"1\"  # one\n          MSG: \"${{ .inputs.msg }}\"\n"
     "        run: \"echo $MSG\"\n"),
    ("      - env: {A: \"1\"}\n        run: echo ${{ .inputs.msg }}\n",
     "      - env: {A: \"1\", MSG: \"${{ .inputs.msg }}\"}\n        run: echo $MSG\n"),
    ("      - env: {}\n        run: echo ${{ .inputs.msg }}\n",
     "      - env: {MSG: \"${{ .inputs.msg }}\"}\n        run: echo $MSG\n"),
    ("      - run: cat ${{ .inputs.path }}\n",
     "      - run: cat $INPUT_PATH\n        env:\n          INPUT_PATH: \"${{ .inputs.path }}\"\n"),
    # what `.` holds in a `with`, what a variable holds: the same value, the same fix
    ("      - run: echo ${{ with .inputs }}${{ .msg }}${{ end }}\n",
     "      - run: echo ${{ with .inputs }}$MSG${{ end }}\n        env:\n"
     "          MSG: \"${{ .inputs.msg }}\"\n"),
    ('      - run: echo ${{ $m := index .inputs "my-name" }}${{ $m }}\n',
     '      - run: echo ${{ $m := index .inputs "my-name" }}$MY_NAME\n        env:\n'
     '          MY_NAME: "${{ index .inputs \\"my-name\\" }}"\n'),
])
def test_injection_fix_moves_the_value_into_the_steps_env(step, fixed):
    text = GREET + step
    finding = only(text, "WF407")
    assert not finding.fix.safe  # inside single quotes in the script, $MSG would not expand
    after = apply(text, finding.fix)
    assert after == GREET + fixed
    assert lint(after) == ()


def test_injection_fix_reuses_a_variable_that_holds_the_value():
    text = GREET + ("      - env:\n          MSG: ${{ .inputs.msg }}\n"
                    "        run: echo ${{ .inputs.msg }}\n")
    after = apply(text, only(text, "WF407").fix)
    assert after == GREET + "      - env:\n          MSG: ${{ .inputs.msg }}\n        run: echo $MSG\n"


def test_injection_fixes_of_one_value_used_twice_converge():
    text = GREET + "      - run: echo ${{ .inputs.msg }} ${{ .inputs.msg }}\n"
    outcome = fix_until_stable(text, lint, lambda finding: finding.fix)
    assert outcome.text == GREET + ("      - run: echo $MSG $MSG\n        env:\n"
                                    "          MSG: \"${{ .inputs.msg }}\"\n")
    assert outcome.findings == ()


def test_injection_fix_keeps_crlf():
    text = (GREET + "      - run: echo ${{ .inputs.msg }}\n").replace("\n", "\r\n")
    after = apply(text, only(text, "WF407").fix)
    assert "\n" not in after.replace("\r\n", "")
    assert lint(after) == ()


def test_no_injection_fix_for_a_part_of_an_expression_or_a_flow_step():
    for step in ('      - run: echo ${{ printf "%s" .inputs.msg }}\n',
                 "      - {run: 'echo ${{ .inputs.msg }}'}\n"):
        assert only(GREET + step, "WF407").fixes == ()


# A secret repeated by an alias: one place, named once, not "two secrets" first used at
# the very place reported.
def test_a_secret_repeated_by_an_alias_is_said_to_be_listed_twice():
    text = ("id: x\nsecrets:\n  - &s {name: workspaces/w/secrets/a, as: t}\n  - *s\n" + JOBS)
    [finding] = lint(text)
    assert (where(finding), finding.message, finding.related) == (
        "3:43-3:44 WF503", "the secret `t` is listed twice (an alias repeats it): remove the "
                           "repeat", ())


# --- WF501-WF506 ---------------------------------------------------------------------------------

JOBS = "jobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n"


@pytest.mark.parametrize("text, expected", [
    # WF501 input-definition
    ("id: x\ninputs:\n  n: {type: int, secret: true}\n" + JOBS, [("WF501", "true")]),
    ("id: x\ninputs:\n  n: {type: bool, secret: false}\n" + JOBS, []),
    ("id: x\ninputs:\n  n: {type: string, secret: true}\n" + JOBS, []),
    # WF502 required-with-default
    ("id: x\ninputs:\n  n:\n    type: int\n    required: true\n    default: 1\n" + JOBS,
     [("WF502", "required: true")]),
    ("id: x\ninputs:\n  n: {type: int, required: true, default: }\n" + JOBS, []),
    # WF503 duplicate-secret-alias
    ("id: x\nsecrets:\n  - {name: workspaces/w/secrets/a, as: t}\n"
     "  - {name: workspaces/w/secrets/b, as: t}\n" + JOBS, [("WF503", "t")]),
    # WF504 secret-name
    ("id: x\nsecrets:\n  - {name: my-token, as: t}\n" + JOBS, [("WF504", "my-token")]),
    ("id: x\nsecrets:\n  - {name: workspaces/w/secrets/a/versions/2, as: t}\n" + JOBS, []),
    ("id: x\nsecrets:\n  - {name: workspaces/w/secrets/a/versions/, as: t}\n" + JOBS,
     [("WF504", "workspaces/w/secrets/a/versions/")]),
    ("id: x\nsecrets:\n  - {name: '/workspaces/w/secrets/a', as: t}\n" + JOBS,
     [("WF504", "'/workspaces/w/secrets/a'")]),
    # WF505 storage-url
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - upload: {path: a, destination: "
     "'gs://b/x'}\n", [("WF505", "'gs://b/x'")]),
    ("id: x\ninputs: {b: {type: string}}\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
     "      - download: {source: '${{ .inputs.b }}', path: a}\n", []),
    ("id: x\ninputs: {b: {type: string}}\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
     "      - download: {source: 'drive://${{ .inputs.b }}/x', path: a}\n", []),
    ("id: x\ninputs: {b: {type: string}}\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
     "      - download: {source: 's3://${{ .inputs.b }}/x', path: a}\n",
     [("WF505", "'s3://${{ .inputs.b }}/x'")]),
    # WF506 empty-collection
    ("id: x\njobs: {}\n", [("WF506", "{}")]),
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps: []\n", [("WF506", "[]")]),
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: ''}]\n", [("WF506", "''")]),
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    matrix: {os: []}\n    steps: [{run: a}]\n",
     [("WF506", "[]")]),
    # An empty matrix names no variable, as `steps: []` names no step.
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    matrix: {}\n    steps: [{run: a}]\n",
     [("WF506", "{}")]),
])
def test_inputs_secrets_storage(text, expected):
    assert found(text) == expected


def test_an_empty_matrix_is_said_as_such():
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n    matrix: {}\n    steps: [{run: a}]\n"
    assert only(text, "WF506").message == (
        "job `a` has an empty `matrix`: it names no variable to run the job over")


@pytest.mark.parametrize("scheme", ["DRIVE://", "Drive://", "dRiVe://"])
def test_a_drive_scheme_in_capitals_is_a_warning_with_a_safe_fix(scheme):
    # URL schemes are case-insensitive; the docs write `drive://`: a warning, not an error.
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
            f"      - upload: {{path: a, destination: {scheme}b/x}}\n")
    finding = only(text, "WF505")
    assert (finding.severity.label, finding.message) == (
        "warning", f"`{scheme}`: H2O Drive's scheme is written in lower case, `drive://`")
    assert finding.fix.safe
    assert apply(text, finding.fix) == text.replace(scheme, "drive://")
    # The configured severity still wins; a slip beyond case stays an error.
    assert only(text, "WF505", severity={"WF505": "error"}).severity.label == "error"
    slip = text.replace(scheme, scheme[:-1])
    assert only(slip, "WF505").severity.label == "error"


@pytest.mark.parametrize("text, code, fixed", [
    ("id: x\ninputs:\n  n:\n    type: int\n    required: true\n    default: 1\n" + JOBS, "WF502",
     "id: x\ninputs:\n  n:\n    type: int\n    default: 1\n" + JOBS),
    # In a flow mapping, and with a comment after it (no fix was offered): the comment stays.
    ("id: x\ninputs:\n  n: {type: int, required: true, default: 1}\n" + JOBS, "WF502",
     "id: x\ninputs:\n  n: {type: int, default: 1}\n" + JOBS),
    ("id: x\ninputs:\n  n: {required: true, type: int, default: 1}\n" + JOBS, "WF502",
     "id: x\ninputs:\n  n: {type: int, default: 1}\n" + JOBS),
    ("id: x\ninputs:\n  n: {type: int,\n      required: true,  # why\n      default: 1}\n" + JOBS,
     "WF502", "id: x\ninputs:\n  n: {type: int,\n      # why\n      default: 1}\n" + JOBS),
    ("id: x\ninputs:\n  n:\n    type: int\n    required: true  # must be set\n    default: 1\n"
     + JOBS, "WF502",
     "id: x\ninputs:\n  n:\n    type: int\n    # must be set\n    default: 1\n" + JOBS),
    ("id: x\nsecrets:\n  - {name: '/workspaces/w/secrets/a', as: t}\n" + JOBS, "WF504",
     "id: x\nsecrets:\n  - {name: 'workspaces/w/secrets/a', as: t}\n" + JOBS),
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - upload: {path: a, destination: "
     "'Drive:/b/x'}\n", "WF505", "id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - upload: "
     "{path: a, destination: 'drive://b/x'}\n"),
])
def test_safe_fixes_of_inputs_secrets_storage(text, code, fixed):
    finding = only(text, code)
    assert finding.fix.safe
    assert apply(text, finding.fix) == fixed
    assert lint(fixed) == ()


# --- WF511-WF513 schedules -----------------------------------------------------------------------

def scheduled(cron: str, inputs: str = "", declared: str = "") -> str:
    return (f"id: x\n{declared}trigger:\n  schedule:\n    - cron: {cron}\n{inputs}"
            "jobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n")


@pytest.mark.parametrize("cron, expected", [
    ('"0 2 * * *"', []),
    ("0 2 * * 1-5", []),
    ('"0 25 * * *"', [("WF511", "25")]),
    ("60 0 * * 7", [("WF511", "60"), ("WF511", "7")]),
    ('"0 0 31 2 *"', [("WF511", "31 2")]),
    ('"0 0 *"', [("WF511", "0 0 *")]),
    ("'*/0 * * * *'", [("WF511", "/0")]),
    ('"@daily"', [("WF512", "@daily")]),
    ('"0 9 * * MON-FRI"', [("WF512", "MON"), ("WF512", "FRI")]),
    ('"0 0 ? * *"', [("WF512", "?")]),
    ('"0 0 0 * * *"', [("WF512", "0 0 0 * * *")]),
    ('"0 0 L * *"', [("WF512", "L")]),
    ('"😀 0 * * *"', [("WF511", "😀")]),
    ('"0 0 */2 * 1"', [("WF512", "*/2 * 1")]),  # Vixie cron: both days; Go's robfig/cron: either
    ('"0 0 31 2 */2"', [("WF512", "31 2 */2")]),  # never in Vixie cron, runs in Go's
    ('"99 99 99 99 99 99"', [("WF511", "99"), ("WF512", "99 99 99 99 99 99")]
     + [("WF511", "99")] * 5),
    ('"1, 2 * * * *"', [("WF511", ", ")]),
    # A name or `?` hid the days' problems: `0 0 31 FEB *` had only the name's warning
    ('"0 0 31 FEB *"', [("WF511", "31 FEB"), ("WF512", "FEB")]),
    ('"0 0 31 2 ?"', [("WF511", "31 2"), ("WF512", "?")]),
    ('"0 0 */2 * MON"', [("WF512", "*/2 * MON"), ("WF512", "MON")]),
    ('"0 0 ? 2 MON"', [("WF512", "?"), ("WF512", "MON")]),  # `?` is `*`: Mondays of February
])
def test_cron(cron, expected):
    assert found(scheduled(cron)) == expected


@pytest.mark.parametrize("cron, fixed", [
    ('"@daily"', '"0 0 * * *"'),
    ("'@weekly'", "'0 0 * * 0'"),
    ('"0 9 * * mon"', '"0 9 * * 1"'),
    ('"0 0 1 JAN *"', '"0 0 1 1 *"'),
    ('"0 0 ? * *"', '"0 0 * * *"'),
    ("0 0 * * 7", "0 0 * * 0"),
    ("0 0 * * 5-7", "0 0 * * 5-6,0"),  # the same days: Friday to Sunday
    ("0 0 * * 0-7", "0 0 * * 0-6"),
    # Before, `*/6`: led by `*`, the weekday no longer let the 13th run alone
    ('"0 0 13 * 7,*/6"', '"0 0 13 * 0,*/6"'),
    ('"1, 2 * * * *"', '"1,2 * * * *"'),
])
def test_cron_fixes_write_the_documented_form(cron, fixed):
    text = scheduled(cron)
    (finding,) = lint(text)
    assert finding.fix.safe
    assert apply(text, finding.fix) == scheduled(fixed)


@pytest.mark.parametrize("cron, title, fixed", [
    # Before, "Write ``": the fix takes the item out, with its comma
    ('"0 0 * * 0,7"', "Remove `,7`", '"0 0 * * 0"'),
    # A zero-width space pasted along: before, "`1-5` is not a number" (the character unseen), no fix
    ('"0 9 * * 1-5\u200b"', "Remove the invisible character", '"0 9 * * 1-5"'),
    ('"\ufeff0 9 * * 1"', "Remove the invisible character", '"0 9 * * 1"'),
])
def test_a_schedule_fix_that_takes_characters_out_says_so(cron, title, fixed):
    finding = only(scheduled(cron), "WF511")
    assert finding.fix.title == title and finding.fix.safe
    assert apply(scheduled(cron), finding.fix) == scheduled(fixed)
    assert lint(scheduled(fixed)) == ()


def test_an_ambiguous_schedule_offers_the_reading_every_library_shares_as_an_unsafe_fix():
    text = scheduled('"0 0 */2 * 1"')
    finding = only(text, "WF512")
    assert finding.message == (
        "day of month `*/2` and day of week `1`: Vixie cron runs on days that match both, Go's "
        "robfig/cron on days that match either; the format does not say which the engine does")
    assert finding.fix.title == "Write `1-31/2`" and not finding.fix.safe
    assert apply(text, finding.fix) == scheduled('"0 0 1-31/2 * 1"')
    assert lint(scheduled('"0 0 1-31/2 * 1"')) == ()


def test_an_ambiguous_schedule_that_vixie_cron_never_runs_says_so():
    # It said "Vixie cron runs on days that match both", of a day that never comes.
    finding = only(scheduled('"0 0 31 4 */2"'), "WF512")
    assert finding.message == (
        "day of month `31` and day of week `*/2`: Vixie cron never runs it (day 31 never comes "
        "in April), Go's robfig/cron runs it on days that match either; the format does not say "
        "which the engine does")


def test_a_time_zone_prefix_is_said_and_the_schedule_after_it_checked(tmp_path):
    """`CRON_TZ=Europe/Berlin 0 9 * * *` (robfig/cron's time zone prefix) was "6 fields: a
    seconds or year field", and `TZ=UTC 0 25 * * *` hid its hour 25 behind "minute:
    `TZ=UTC` is not a number": the prefix is said as a time zone, the schedule after it
    checked, and a UTC prefix removed by --fix (the runs stay); an unknown zone is an error."""
    path = tmp_path / "w.yaml"
    three = ('"CRON_TZ=Europe/Berlin 0 9 * * *"\n    - cron: "TZ=UTC 0 25 * * MON"\n'
             '    - cron: "TZ=Mars/Olympus 0 9 * * *"')
    path.write_text(scheduled(three))
    found = [(f["code"], f["line"], f["column"], f["message"]) for f in run_json(str(path))]
    assert found == [
        ("WF512", 4, 14, "`CRON_TZ=Europe/Berlin`: a time zone is not documented: the format runs "
                         "every schedule in UTC; write its times in UTC"),
        ("WF512", 5, 14, "`TZ=UTC`: a time zone is not documented: the format runs every "
                         "schedule in UTC"),
        ("WF511", 5, 23, "hour: 25 is out of range (0-23)"),
        ("WF512", 5, 30, "day of week: the name `MON` is not documented: write `1`"),
        ("WF511", 6, 14, "`TZ=Mars/Olympus`: no time zone `Mars/Olympus` in the tz database: the "
                         "engine's cron library refuses the schedule; the format runs every "
                         "schedule in UTC"),
    ]
    run_cli("lint", "--fix", str(path))
    assert path.read_text() == scheduled(three.replace("TZ=UTC 0 25 * * MON", "0 25 * * 1"))


def test_an_every_schedule_s_duration_is_read_as_go_does(tmp_path):
    """`@every 1x` was the same warning as `@every 1h` (robfig/cron refuses it: Go's
    time.ParseDuration fails); the duration is read as Go does, and one the library rounds
    (under a second, or a fraction of one) says how it runs. `1h 30m` is fixed to `1h30m`."""
    path = tmp_path / "w.yaml"
    schedules = ["@every 1h30m", "@every 1x", "@every 1h 30m", "@every", "@every 500ms"]
    path.write_text(scheduled("\n    - cron: ".join(f'"{text}"' for text in schedules)))
    undocumented = "`@every` is not documented: the engine expects 5 numeric fields"
    found = [(f["code"], f["line"], f["column"], f["message"]) for f in run_json(str(path))]
    assert found == [
        ("WF512", 4, 14, undocumented),
        ("WF512", 5, 14, undocumented),
        ("WF511", 5, 21, "`@every`: the duration `1x` has `x`, which is no unit (`h`, `m`, `s`, "
                         "`ms`, `us`, `ns`)"),
        ("WF512", 6, 14, undocumented),
        ("WF511", 6, 21, "`@every`: the duration `1h 30m` has a space: one goes after `@every`, "
                         "none in or after the duration"),
        ("WF511", 7, 14, "`@every` needs a duration after one space (`@every 1h`)"),
        ("WF512", 7, 14, undocumented),
        ("WF512", 8, 14, f"{undocumented}; the engine's library runs `500ms` as every 1s"),
    ]
    # The spaces of `1h 30m` taken out is the fix (Go reads `1h30m`); `1x` has none
    run_cli("lint", "--fix", str(path))
    assert path.read_text() == scheduled("\n    - cron: ".join(
        f'"{text}"' for text in [*schedules[:2], "@every 1h30m", *schedules[3:]]))


def test_an_empty_list_entry_is_fixed_by_taking_its_comma_out(tmp_path):
    """`1,,2` (robfig/cron skips the empty entry) was an error `--fix` left: its comma goes;
    a field of commas alone (`,`) has nothing to keep and stays an error."""
    path = tmp_path / "w.yaml"
    path.write_text(scheduled('"0,,,30 9 1,,15 * 1,"\n    - cron: ",,5 9 , * *"'))
    done = run_cli("lint", "--fix", str(path))
    assert done.returncode == 1
    assert path.read_text() == scheduled('"0,30 9 1,15 * 1"\n    - cron: "5 9 , * *"')
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in run_json(str(path))] == [
        ("WF511", 5, 18, "day of month: an empty entry in the list `,`")]


def test_a_question_mark_in_any_field_is_undocumented_with_a_star_as_its_fix(tmp_path):
    """robfig/cron reads `?` as `*` in every field, with a step too: `? * * * *` was an error
    ("`?` is not allowed here"), `?/15` one ("`?` is not a number"); warnings now, whose
    safe fix writes `*`."""
    path = tmp_path / "w.yaml"
    path.write_text(scheduled('"? * * * *"\n    - cron: "?/15 ? * ? *"\n    - cron: "0 0 ?/2 * *"'))
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in run_json(str(path))] == [
        ("WF512", 4, 14, "minute: `?` is not documented: write `*`"),
        ("WF512", 5, 14, "minute: `?` is not documented: write `*`"),
        ("WF512", 5, 19, "hour: `?` is not documented: write `*`"),
        ("WF512", 5, 23, "month: `?` is not documented: write `*`"),
        ("WF512", 6, 18, "day of month: `?` is not documented: write `*`"),
    ]
    assert run_cli("lint", "--fix", str(path)).returncode == 0
    assert path.read_text() == scheduled('"* * * * *"\n    - cron: "*/15 * * * *"\n'
                                         '    - cron: "0 0 */2 * *"')


def test_a_day_or_month_written_out_is_an_error_whose_fix_is_its_number(tmp_path):
    """`Monday-Friday`, `TUES`, `July` (no cron library reads more than three letters) were
    "`MONDAY` is not a number" without a fix, `Wednesday` and `July` "`W` / `L` is not
    documented", a warning: each is an error whose fix writes the number."""
    path = tmp_path / "w.yaml"
    path.write_text(scheduled('"0 9 * * Monday-Friday"\n    - cron: "0 9 * * Wednesday"\n'
                              '    - cron: "0 9 1 July,sept *"'))
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in run_json(str(path))] == [
        ("WF511", 4, 22, "day of week: `Monday` is not a number (0-6): write `1`"),
        ("WF511", 4, 29, "day of week: `Friday` is not a number (0-6): write `5`"),
        ("WF511", 5, 22, "day of week: `Wednesday` is not a number (0-6): write `3`"),
        ("WF511", 6, 20, "month: `July` is not a number (1-12): write `7`"),
        ("WF511", 6, 25, "month: `sept` is not a number (1-12): write `9`"),
    ]
    assert run_cli("lint", "--fix", str(path)).returncode == 0
    assert path.read_text() == scheduled('"0 9 * * 1-5"\n    - cron: "0 9 * * 3"\n'
                                         '    - cron: "0 9 1 7,9 *"')


def test_cron_messages():
    assert only(scheduled('"0 25 * * *"'), "WF511").message == "hour: 25 is out of range (0-23)"
    assert only(scheduled('"@daily"'), "WF512").message == (
        "`@daily` is not documented: the engine expects 5 numeric fields; write `0 0 * * *`")


DECLARED = ("inputs:\n  epochs: {type: int}\n  fast: {type: bool}\n"
            "  data: {type: string, required: true}\n")


@pytest.mark.parametrize("inputs, expected", [
    ("      inputs: {data: x}\n", []),
    ("      inputs: {data: x, epochs: '-5', fast: 'false'}\n", []),
    ("      inputs: {data: x, epochs: '5.0'}\n", [("WF513", "'5.0'")]),
    ("      inputs: {data: x, epochs: '99999999999999999999'}\n",
     [("WF513", "'99999999999999999999'")]),
    ("      inputs: {data: x, fast: 'yes'}\n", [("WF513", "'yes'")]),
    ("      inputs: {data: x, fast: '1'}\n", []),  # what Go's strconv.ParseBool reads
    ("      inputs: {data: x, fast: 'F'}\n", []),
    ("      inputs: {data: x, fast: '2'}\n", [("WF513", "'2'")]),
    ("      inputs: {data: x, epochs: '+007'}\n", []),  # strconv.ParseInt, base 10
    ("      inputs: {data: x, epochs: '0x10'}\n", [("WF513", "'0x10'")]),
    ("      inputs: {data: x, epoch: '1'}\n", [("WF513", "epoch")]),
    ("      inputs: {data: x, m: '1'}\n", [("WF513", "m")]),
    ("", [("WF513", "cron: '0 2 * * *'")]),
    ("      inputs: {data: x, epochs: '${{ .inputs.data }}'}\n", []),
])
def test_schedule_inputs(inputs, expected):
    assert found(scheduled("'0 2 * * *'", inputs, DECLARED)) == expected


def test_schedule_inputs_fixes_and_messages():
    text = scheduled("'0 2 * * *'", "      inputs: {data: x, epoch: '1'}\n", DECLARED)
    finding = only(text, "WF513")
    assert finding.message == "the workflow has no input `epoch`: did you mean `epochs`?"
    assert not finding.fix.safe  # a letter off: a guess, never made by --fix
    assert apply(text, finding.fix) == text.replace("epoch:", "epochs:")
    text = scheduled("'0 2 * * *'", "      inputs: {data: x, Epochs: '1'}\n", DECLARED)
    finding = only(text, "WF513")
    assert finding.fix.safe  # the same name in another case
    assert apply(text, finding.fix) == text.replace("Epochs:", "epochs:")
    text = scheduled("'0 2 * * *'", "      inputs: {data: x, fast: 'yes'}\n", DECLARED)
    finding = only(text, "WF513")
    assert not finding.fix.safe
    assert apply(text, finding.fix) == text.replace("'yes'", '"true"')
    text = scheduled("'0 2 * * *'", "      inputs: {data: x, epochs: '0o7'}\n", DECLARED)
    assert only(text, "WF513").message == (
        "`epochs` is an `int` input: `0o7` is not a whole number in base 10: write `7`")
    text = scheduled("'0 2 * * *'", "      inputs: {data: x, epochs: '99999999999999999999'}\n",
                     DECLARED)
    assert only(text, "WF513").message == (
        "`epochs` is an `int` input: `99999999999999999999` does not fit in a 64-bit integer")
    text = scheduled("'0 2 * * *'", "", DECLARED)
    assert only(text, "WF513").message == (
        "this schedule does not give the required input `data`, which has no default: its runs "
        "cannot start")
    # An empty value was "`` is not a whole number" (two backticks around nothing)
    text = scheduled("'0 2 * * *'", "      inputs: {data: x, epochs: '', fast: ''}\n", DECLARED)
    assert [f.message for f in lint(text)] == [
        "`epochs` is an `int` input: an empty string is not a whole number",
        "`fast` is a `bool` input: an empty string is not `\"true\"` or `\"false\"`"]


def test_two_misspellings_of_one_input_rename_only_the_first():
    # Both were renamed to `epochs` by `--fix`: a duplicate key (WF002).
    text = scheduled("'0 2 * * *'", "      inputs: {data: x, epoch: '1', epochz: '2'}\n",
                     DECLARED)
    first, second = [f for f in lint(text) if f.code == "WF513"]
    assert second.message == "the workflow has no input `epochz` (inputs: `epochs`, `fast`, `data`)"
    assert second.fix is None
    assert fix_until_stable(text, lint, lambda f: f.fix).text == text.replace("epoch:", "epochs:")


def test_declarations_after_a_syntax_error_hold_back_the_rules_that_need_them():
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: echo ${{ .inputs.n }}\n" \
           "inputs: [\n"
    assert [f.code for f in lint(text)] == ["WF001"]
