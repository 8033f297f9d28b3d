"""A built-in function of the template language is given a value it cannot take.

Expressions are Go templates, and Go checks what a function is given only when it calls
it: `${{ len .inputs.retries }}` with a `type: int` input parses, then fails the run ("len
of type int"), whether the input has a value or not. `len`, `index` (with an index) and
`slice` take a string, a list or a map first: an int, a float, a bool or a complex number
fails ("can't index item of type int"); `printf` takes its format first, a string (`printf 3` fails:
"expected string"); `call` calls a function value, and the workflow's data holds none
(`call .inputs.hook` fails: "non-function of type string"). A string is indexed and
sliced by whole numbers only: `${{ .inputs | index "mode" }}` indexes the string "mode"
by `.inputs` (the value piped in is the last argument), which fails ("cannot index
slice/array with type map[string]…"; `index .inputs "mode"` was meant), as does `slice
.inputs.mode "1"`; and a string takes at most 2 indexes of `slice` (`slice .inputs.mode 1
2 3` fails: "cannot 3-index slice a string"). The data and its contexts are maps keyed
by names: `index .inputs 1` fails ("value has type int; should be string"), as does
`slice` of one ("can't slice item of type map[string]…"). Reported where the kind of
the value is certain, as WF410 knows it: a literal, an input of a declared `type`, what `len`, `not`,
the comparisons or `slice` of a string give, `.` in the body of a `with` (`.` or `$` in
the body of a definition one call gives it) of one of those; as an index, `.inputs`,
`.secrets`, `.env` or `.matrix` too where it holds names, and the data itself, a map
(`.` outside every `with`, `$` outside every definition: `index "abc" .` fails). In a pipeline the value before `|` is the last
argument (`.inputs.retries | len` is `len .inputs.retries`). No fix: what was meant is
not known.

How the engine gives an input of `type: int` or `bool` to the template is not
documented: a Go int or bool is assumed (a string would take `len`). A finding that rests
on it says so and is a warning, not an error, unless configured otherwise.

Every branch is checked, as actionlint does: a condition is not evaluated, so a call in
`${{ if false }}` (or what `and` or `or` may skip) is reported though no run reaches it
while the condition stays so (in what `and` or `or` may skip, the message says that the
run fails if `and`, or `or`, gets to it).

## Bad
```yaml
id: train
inputs:
  retries:
    type: int
    default: 3
jobs:
  train:
    timeout: "1h"
    steps:
      - env:
          RETRIES: ${{ len .inputs.retries }}
        run: ./train.sh
```

## Good
```yaml
id: train
inputs:
  retries:
    type: int
    default: 3
jobs:
  train:
    timeout: "1h"
    steps:
      - env:
          RETRIES: ${{ .inputs.retries }}
        run: ./train.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.records import replace
from wf_lsp.rules.contexts import (KIND_NAMES, calls, each_job_sites, input_assumed,
                                  is_literal, is_root, kind_of, of, reference_at,
                                  run_fails)

CODE = "WF411"
NAME = "wrong-argument-type"
SEVERITY = Severity.ERROR

# The functions checked, with the most arguments they take (more is WF409's).
_MOST = {"len": 1, "index": None, "slice": 4, "printf": None, "call": None}
# How many `.` in a row `_collection` follows to the `with` that gives them (`with .`).
_DEEPEST = 16
_NOT_A_CONTAINER = frozenset({"int", "float", "bool", "complex"})
# What Go's run says, by function (for `len`, `index` and `slice`, the Go type follows).
_GO_ERRORS = {"len": "len of type", "index": "can't index item of type",
              "slice": "can't slice item of type"}
_GO_TYPES = {"string": "string", "int": "int", "bool": "bool", "float": "float64", "complex": "complex128",
             "map": "map[string]…"}


def check(ctx):
    # An input's declared type counts: a `type: int` input is an int.
    return each_job_sites(ctx, "argument types", lambda group: _check(ctx, group))


def _check(ctx, group):
    for site in group:
        found = site.expressions
        if found.error is not None or site.place.literal:
            continue
        for function, operands in calls(found, frozenset(_MOST)):
            name, most = function.name, _MOST[function.name]
            if not operands or most is not None and len(operands) > most:
                continue  # a wrong count of arguments: WF409's
            first = kind_of(ctx, site, operands[0])
            if name == "call":  # whatever it is given: no value of the data is a function
                go = f"non-function of type {_GO_TYPES[first[1]]}" if first else "non-function"
                yield ctx.report("`call` calls a function value, and the workflow's data holds "
                                 f"none ({run_fails(found, function.start)}: {go})",
                                 found.text.span(function.start, function.end))
                continue
            if first is None and name != "len":  # `printf .inputs`, `slice .`: a map
                first = _collection(ctx, site, operands[0])
            if first is None:
                continue
            what, kind = first
            if kind == "string" and name in ("index", "slice") and len(operands) > 1:
                yield from _string_indexes(ctx, site, name, first, operands)
                continue
            if kind == "map" and name == "index" and len(operands) > 1:
                yield from _map_key(ctx, site, first, operands[1])
                continue
            span = found.text.span(operands[0].start, operands[0].end)
            if name == "printf" and kind != "string":
                yield _assumed(ctx, first, ctx.report(
                    f"`printf` takes a format string first: {what} is {KIND_NAMES[kind]} "
                    f"({run_fails(found, function.start)}: expected string)", span))
            elif name in _GO_ERRORS and (kind in _NOT_A_CONTAINER or kind == "map" and
                                         name == "slice") and (
                    name != "index" or len(operands) > 1):  # `index x` gives x itself
                verb = {"len": "take the length of", "index": "index",
                        "slice": "slice"}[name]
                yield _assumed(ctx, first, ctx.report(
                    f"`{name}` cannot {verb} {what}, {KIND_NAMES[kind]} ({run_fails(found, function.start)}: "
                    f"{_GO_ERRORS[name]} {_GO_TYPES[kind]})", span))


def _string_indexes(ctx, site, name: str, item, operands):
    """A string indexed (`index`: by its first index; the others index a byte) or sliced
    by what is no whole number, or sliced by 3 indexes: the first of those Go stops at."""
    found = site.expressions
    if name == "slice" and len(operands) == 4:
        third = operands[3]
        yield ctx.report(f"`slice` cannot take 3 indexes of {item[0]}, a string "
                         f"({run_fails(found, third.start)}: cannot 3-index slice a string)",
                         found.text.span(third.start, third.end))
        return
    for operand in operands[1:2] if name == "index" else operands[1:]:
        named = kind_of(ctx, site, operand) or _collection(ctx, site, operand)
        if named is None:
            return  # not known: nor what comes after it
        if named[1] == "int":
            continue
        # Go names the index's type; `slice` does not unwrap a value of the data first, whose
        # type the engine's data decides ("interface {}" in a map of any values); a `bool`
        # input fails as a Go bool or as a string: certain, whatever Go type it is.
        go = "…" if input_assumed(named) or name == "slice" and not is_literal(operand) \
            else _GO_TYPES[named[1]]
        yield ctx.report(f"`{name}` cannot {name} {item[0]}, a string, by {named[0]}, "
                         f"{KIND_NAMES[named[1]]}: it takes a whole number "
                         f"({run_fails(found, operand.start)}: cannot index slice/array with type {go})",
                         found.text.span(operand.start, operand.end))
        return


def _map_key(ctx, site, item, key):
    """A map of the data (`.inputs`, the data itself) indexed by a key of a kind other than
    a string: its keys are names."""
    named = kind_of(ctx, site, key) or _collection(ctx, site, key)
    if named is None or named[1] == "string":
        return
    found = site.expressions
    go = "…" if input_assumed(named) else _GO_TYPES[named[1]]
    yield _assumed(ctx, named, ctx.report(
        f"`index` cannot index {item[0]}, a map of names, by {named[0]}, "
        f"{KIND_NAMES[named[1]]}: its keys are strings ({run_fails(found, key.start)}: value "
        f"has type {go}; should be string)", found.text.span(key.start, key.end)))


def _collection(ctx, site, operand, depth: int = 0) -> tuple[str, str] | None:
    """`.inputs`, `.secrets`, `.env` or `.matrix` alone where it holds names, or the data
    itself (`.` outside every `with`, `$` outside every definition), or `.`/`$` holding one
    of those: named, and "map" (the engine's Go type for it is not documented: a map of
    strings to values)."""
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.paths import DATA, dot_values

    if isinstance(operand, n.Dot) or is_root(operand):
        held = dot_values(site.expressions.parsed.template).get(operand.start)
        written = "`.`" if isinstance(operand, n.Dot) else "`$`"
        if held == DATA:
            return f"{written} (the workflow's data)", "map"
        if not isinstance(held, n.Pipeline) or depth >= _DEEPEST or len(held.commands) != 1 \
                or len(held.commands[0].args) != 1:
            return None
        inner = _collection(ctx, site, held.commands[0].args[0], depth + 1)
        if inner is None:
            return None
        if inner[0].startswith(("`.` (", "`$` (")):  # (`with .`: what that `.` holds)
            return written + inner[0][3:], inner[1]
        return f"{written} ({inner[0]})", inner[1]
    if not isinstance(operand, (n.Field, n.Variable)):
        return None
    reference = reference_at(site, operand)
    if reference is None or reference.name is not None or reference.context.name not in (
            "inputs", "secrets", "env", "matrix") or not of(ctx).visible(
            site.place, reference.context.name):
        return None
    text = site.expressions.text.value[operand.start:operand.end]
    return f"`{text}`", "map"


def _assumed(ctx, named, finding):
    """A finding that rests on an `int` or `bool` input being a Go int or bool: said so,
    and a warning at most (the configured severity still wins)."""
    assumed = input_assumed(named)
    if assumed is None:
        return finding
    return replace(finding, message=f"{finding.message}, {assumed}",
                   severity=ctx.config.severity_of(CODE, Severity.WARNING))
