"""A built-in function of the template language is given a value it cannot take.

Expressions are Go templates, and Go checks what a function is given only when it calls
it: `${{ len .inputs.retries }}` with a `type: int` input parses, then fails the run ("len
of type int"), whether the input has a value or not. `len`, `index` (with an index) and
`slice` take a string, a list or a map first: an int, a float, a bool or a complex number
fails ("can't index item of type int"); `printf` takes its format first, a string (`printf 3` fails:
"expected string"); `call` calls a function value, and the workflow's data holds none
(`call .inputs.hook` fails: "non-function of type string"). Reported where the kind of
the value is certain, as WF410 knows it: a literal, an input of a declared `type`, what
`len`, `not` or the comparisons give, `.` in the body of a `with` (or of a definition one
call gives it) of one of those. In a pipeline the value before `|` is the last
argument (`.inputs.retries | len` is `len .inputs.retries`). No fix: what was meant is
not known.

How the engine gives an input of `type: int` or `bool` to the template is not
documented: a Go int or bool is assumed (a string would take `len`). A finding that rests
on it says so and is a warning, not an error, unless configured otherwise.

Every branch is checked, as actionlint does: a condition is not evaluated, so a call in
`${{ if false }}` (or what `and` or `or` may skip) is reported though no run reaches it
while the condition stays so.

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
                                  kind_of)

CODE = "WF411"
NAME = "wrong-argument-type"
SEVERITY = Severity.ERROR

# The functions checked, with the most arguments they take (more is WF409's).
_MOST = {"len": 1, "index": None, "slice": 4, "printf": None, "call": None}
_NOT_A_CONTAINER = frozenset({"int", "float", "bool", "complex"})
# What Go's run says, by function (for `len`, `index` and `slice`, the Go type follows).
_GO_ERRORS = {"len": "len of type", "index": "can't index item of type",
              "slice": "can't slice item of type"}
_GO_TYPES = {"string": "string", "int": "int", "bool": "bool", "float": "float64", "complex": "complex128"}


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
                                 f"none (the run fails: {go})",
                                 found.text.span(function.start, function.end))
                continue
            if first is None:
                continue
            what, kind = first
            span = found.text.span(operands[0].start, operands[0].end)
            if name == "printf" and kind != "string":
                yield _assumed(ctx, first, ctx.report(
                    f"`printf` takes a format string first: {what} is {KIND_NAMES[kind]} (the "
                    "run fails: expected string)", span))
            elif name in _GO_ERRORS and kind in _NOT_A_CONTAINER and (
                    name != "index" or len(operands) > 1):  # `index x` gives x itself
                verb = {"len": "take the length of", "index": "index",
                        "slice": "slice"}[name]
                yield _assumed(ctx, first, ctx.report(
                    f"`{name}` cannot {verb} {what}, {KIND_NAMES[kind]} (the run fails: "
                    f"{_GO_ERRORS[name]} {_GO_TYPES[kind]})", span))


def _assumed(ctx, named, finding):
    """A finding that rests on an `int` or `bool` input being a Go int or bool: said so,
    and a warning at most (the configured severity still wins)."""
    assumed = input_assumed(named)
    if assumed is None:
        return finding
    return replace(finding, message=f"{finding.message}, {assumed}",
                   severity=ctx.config.severity_of(CODE, Severity.WARNING))
