"""A character in single quotes is compared with a string (or a bool).

In Go's templates `'f'` is a character constant: a number (102), not a one-letter string.
`eq`, `ne`, `lt`, `le`, `gt` and `ge` refuse to compare a number with a string, so
`${{ if eq .inputs.mode 'f' }}` fails the run ("incompatible types for comparison")
whenever `mode` has a value. Reported where the other side is certainly a string: a string
in double quotes or backquotes, a `type: string` input, a secret, an `env` variable or a
matrix variable (all strings in the format), what `print` or `printf` gives; and only a
pair the run compares (each operand with the first; `eq 'a' 97 "x"` stops at `97`, equal
to `'a'`, and runs). The fix
writes the character in double quotes (when it is no `\\` or `"`): compared with a
string, it can only mean one. Several characters in single quotes do not parse at all:
WF401.

A `type: bool` input (or `true`, `false`) compared with a character fails the same way
(`eq .inputs.flag 't'`): the message says to compare it with `true` or `false` (`lt` and
the other orderings take no bool), with no fix, since which one `'t'` or `'y'` meant is a
guess. Other comparisons of values of different kinds: WF410.

Every branch is checked, as actionlint does: a condition is not evaluated, so a call in
`${{ if false }}` (or what `and` or `or` may skip) is reported though no run reaches it
while the condition stays so (in what `and` or `or` may skip, the message says that the
run fails if `and`, or `or`, gets to it).

## Bad
```yaml
id: build
inputs:
  mode:
    type: string
    default: f
jobs:
  build:
    timeout: "1h"
    steps:
      - env:
          FAST: ${{ if eq .inputs.mode 'f' }}yes${{ end }}
        run: ./build.sh
```

## Good
```yaml
id: build
inputs:
  mode:
    type: string
    default: f
jobs:
  build:
    timeout: "1h"
    steps:
      - env:
          FAST: ${{ if eq .inputs.mode "f" }}yes${{ end }}
        run: ./build.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity
from wf_lsp.rules.contexts import compared, comparisons, each_job_sites, kind_of, run_fails

CODE = "WF408"
NAME = "character-compared-with-string"
SEVERITY = Severity.WARNING
HAS_FIX = True


def check(ctx):
    # An input's declared type counts: a `type: string` input is a string.
    return each_job_sites(ctx, "characters", lambda group: _check(ctx, group))


def _check(ctx, group):
    # Loaded here: a workflow without `${{` never needs the expression parser.
    from wf_lsp.expr import nodes as n

    for site in group:
        found = site.expressions
        if found.error is not None or site.place.literal or "'" not in found.text.value:
            continue
        for function, operands in comparisons(found):
            # Each operand is compared with the first (`eq` up to one equal to it): a
            # character first against any string or bool after, a later one against it.
            pairs = [(operands[0], operand) for operand in compared(operands, found)]
            for character in operands:
                if not (isinstance(character, n.Number) and character.text.startswith("'")):
                    continue
                others = (kind_of(ctx, site, b if a is character else a)
                          for a, b in pairs if character in (a, b))
                other = next((o for o in others if o and o[1] in ("string", "bool")), None)
                if other is not None:
                    yield _report(ctx, found, function.name, character, *other)


def _report(ctx, found, function: str, constant, other: str, kind: str):
    from wf_lsp.expr.literals import quoted_as_string

    value = constant.text
    as_string = quoted_as_string(value)
    message = (f"`{value}` is a character, a number to Go: `{function}` cannot compare it with "
               f"{other}, a {kind} ({run_fails(found, constant.start)}: incompatible types for "
               "comparison)")
    fixes = ()
    if kind == "bool":  # `'t'` for true, `'y'` for yes? A guess: no fix
        message += (": compare it with `true` or `false`" if function in ("eq", "ne") else
                    f": `{function}` cannot order bools")
    elif as_string is not None:
        message += f": write `{as_string}`"
        fixes = (Fix(f"Write `{as_string}`",
                     (found.text.edit(constant.start, constant.end, as_string),), safe=True),)
    return ctx.report(message, found.text.span(constant.start, constant.end), fixes)
