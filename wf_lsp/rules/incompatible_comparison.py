"""A comparison of values of different kinds, which Go refuses when the run gets there.

`eq`, `ne`, `lt`, `le`, `gt` and `ge` compare a string with a string, a bool with a bool,
a number with a number of its kind (ints with ints, floats with floats): anything else
fails the run ("incompatible types for comparison"), and `lt`, `le`, `gt`, `ge` cannot
order bools at all ("invalid type for comparison"). An input keeps its declared `type`:
`${{ if eq .inputs.deploy "true" }}` with a `type: bool` input compares a bool with a
string and fails whenever `deploy` has a value; `eq .inputs.count "3"` (`type: int`) and
`eq .inputs.mode 3` (`type: string`) fail the same way, as does `eq .inputs.count 1.5`
(an int and a float).

Reported only where both kinds are certain: a literal (`"3"` a string, `3` an int, `1.5` a
float, `true` a bool), an input of a declared `type`, a secret, an `env` or matrix variable
declared there (strings in the format; one that is not has no value, and `eq` of it is false), what `len` (an int), `not` and the comparisons (bools), `print`,
`printf` and the like (strings), `slice` of a string (a string) give, `and` and `or` of bools, and `.` in the body of a
`with` of one of those (`${{ with .inputs.count }}${{ eq . "3" }}${{ end }}` compares an
int), and `.` and its fields in the body of a `define` or `block` its one call gives one
of those (`.count` there, when every call gives `.inputs`). A variable, `index`, an undeclared input or `.` in a `range` is not known: no
report. `eq` is true at the first operand equal to its first and compares no further:
`eq "a" "a" 1` runs, and so does `eq 0x3 3 "x"` (numbers of one kind are equal by value,
however written; `1.0` is a float, never equal to the int `1`), and `eq (len .inputs.mode)
(.inputs.mode | len) .inputs.mode` (the same operand, however spaced, parenthesised or
piped, or the same path into the data however reached: `$n` set to `.inputs.n`, `$.inputs.n`,
`index .inputs "n"`, `.` in the body of `with .inputs.n`; where none sets a variable or uses `call`). The finding is on the literal, else on the later argument. A
character in single quotes compared with a string or a bool is WF408's.

The fix, only where the literal can mean one value: `"true"` or `"false"` compared with a
bool by `eq` or `ne` becomes `true` or `false`; a string of a whole decimal number
compared with an int (`"3"`) becomes that number (`3`). Elsewhere which value was meant is
a guess (`eq .inputs.mode 3`: a string input might hold "3", "03" or "3.0"): no fix.

How the engine gives an input of `type: int` or `bool` to the template is not
documented: a Go int or bool is assumed (were an int a float64 from JSON, `eq
.inputs.count 1.5` would run; were either a string, `eq .inputs.count "3"` and `eq
.inputs.deploy "true"` would). A finding that rests on it says so, and its fix (`"3"` to
`3`, `"true"` to `true`) is offered, not made by `--fix`.

Every branch is checked, as actionlint does: a condition is not evaluated, so a call in
`${{ if false }}` (or what `and` or `or` may skip) is reported though no run reaches it
while the condition stays so (in what `and` or `or` may skip, the message says that the
run fails if `and`, or `or`, gets to it).

## Bad
```yaml
id: deploy
inputs:
  deploy:
    type: bool
    default: false
jobs:
  release:
    timeout: "1h"
    steps:
      - env:
          TARGET: ${{ if eq .inputs.deploy "true" }}prod${{ else }}staging${{ end }}
        run: ./release.sh
```

## Good
```yaml
id: deploy
inputs:
  deploy:
    type: bool
    default: false
jobs:
  release:
    timeout: "1h"
    steps:
      - env:
          TARGET: ${{ if eq .inputs.deploy true }}prod${{ else }}staging${{ end }}
        run: ./release.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity
from wf_lsp.patterns import LazyPattern
from wf_lsp.rules.contexts import (KIND_NAMES, comparisons, compared, each_job_sites,
                                  input_assumed, is_literal, kind_of, run_fails)

CODE = "WF410"
NAME = "incompatible-comparison"
SEVERITY = Severity.WARNING
HAS_FIX = True

_ORDERINGS = frozenset({"lt", "le", "gt", "ge"})
# A string that can only mean an int: Go's decimal literal (`03` would be octal), in range.
_DECIMAL = LazyPattern(r"-?(0|[1-9][0-9]{0,18})")
_MAX_INT = 2**63 - 1


def check(ctx):
    # An input's declared type counts: a `type: bool` input is a bool.
    return each_job_sites(ctx, "comparisons", lambda group: _check(ctx, group))


def _check(ctx, group):
    for site in group:
        found = site.expressions
        if found.error is not None or site.place.literal:
            continue
        for function, operands in comparisons(found):
            name = function.name
            if len(operands) < 2 or name != "eq" and len(operands) > 2:
                continue  # a wrong count of arguments: WF409's
            first = kind_of(ctx, site, operands[0])
            if first is None:
                continue
            reported = set()
            for operand in compared(operands, found):
                other = kind_of(ctx, site, operand)
                if other is None or _characters(operands[0], operand, first, other):
                    continue
                target, against = ((operand, first) if is_literal(operand) or not is_literal(
                    operands[0]) else (operands[0], other))
                if first[1] != other[1]:
                    message = (f"`{name}` cannot compare {first[0]}, {KIND_NAMES[first[1]]}, "
                               f"with {other[0]}, {KIND_NAMES[other[1]]} ({run_fails(found, operand.start)}: "
                               "incompatible types for comparison)")
                elif name in _ORDERINGS and first[1] in ("bool", "complex"):
                    kinds = first[1] + "s" if first[1] == "bool" else "complex numbers"
                    message = (f"`{name}` cannot order {kinds}: {first[0]} and {other[0]} are "
                               f"{kinds} ({run_fails(found, operand.start)}: invalid type for comparison)")
                else:
                    continue
                assumed = input_assumed(first, other)
                if assumed:
                    message += f", {assumed}"
                if target.start not in reported:
                    reported.add(target.start)
                    yield _report(ctx, found, name, message, target, against[1],
                                  assumed is not None)


def _characters(first, operand, first_kind, other_kind) -> bool:
    """Whether the pair is a character against a string or a bool (WF408's)."""
    return any(is_literal(one) and getattr(one, "text", "").startswith("'")
               and kind[1] in ("string", "bool")
               for one, kind in ((first, other_kind), (operand, first_kind)))


def _report(ctx, found, function: str, message: str, literal, against: str, assumed: bool):
    from wf_lsp.expr import nodes as n

    value = literal.value if isinstance(literal, n.String) else None
    meant = None
    if value in ("true", "false") and against == "bool" and function in ("eq", "ne"):
        meant = value  # the bool spelled out: no other bool can be meant
    elif (value is not None and against == "int" and _DECIMAL.fullmatch(value)
          and abs(int(value)) <= _MAX_INT):
        meant = value  # the number spelled out in decimal: compared with an int, that int
    fixes = ()
    if meant is not None:
        message += f": write `{meant}`"
        # Offered, not made unasked, where it rests on an `int` or `bool` input being a Go
        # int or bool: were it a string, `"3"` or `"true"` would be right and the fix fail.
        fixes = (Fix(f"Write `{meant}`", (found.text.edit(literal.start, literal.end, meant),),
                     safe=not assumed),)
    return ctx.report(message, found.text.span(literal.start, literal.end), fixes)
