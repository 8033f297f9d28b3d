"""A character in single quotes is compared with a string (or a bool).

In Go's templates `'f'` is a character constant: a number (102), not a one-letter string.
`eq`, `ne`, `lt`, `le`, `gt` and `ge` refuse to compare a number with a string, so
`${{ if eq .inputs.mode 'f' }}` fails the run ("incompatible types for comparison")
whenever `mode` has a value. Reported where the other side is certainly a string: a string
in double quotes or backquotes, a `type: string` input, a secret, an `env` variable or a
matrix variable (all strings in the format). The fix writes the character in double
quotes (when it is no `\\` or `"`): compared with a string, it can only mean one. Several
characters in single quotes do not parse at all: WF401.

A `type: bool` input (or `true`, `false`) compared with a character fails the same way
(`eq .inputs.flag 't'`): the message says to compare it with `true` or `false` (`lt` and
the other orderings take no bool), with no fix, since which one `'t'` or `'y'` meant is a
guess.

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
from wf_lsp.rules.contexts import each_job_sites, of

CODE = "WF408"
NAME = "character-compared-with-string"
SEVERITY = Severity.WARNING
HAS_FIX = True

# Go's comparison functions: each refuses operands of different basic kinds.
_COMPARISONS = frozenset({"eq", "ne", "lt", "le", "gt", "ge"})
# The contexts whose every value is a string (`env`, `matrix` and secrets by the format).
_STRINGS = {"env": "the variable", "matrix": "the matrix variable", "secrets": "the secret"}


def check(ctx):
    # An input's declared type counts: a `type: string` input is a string.
    return each_job_sites(ctx, "characters", lambda group: _check(ctx, group))


def _check(ctx, group):
    # Loaded here: a workflow without `${{` never needs the expression parser.
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.paths import pipelines

    for site in group:
        found = site.expressions
        if found.error is not None or site.place.literal or "'" not in found.text.value:
            continue
        # The paths into the data by where they start, for the operands that are one.
        paths = {reference.span.start: reference for reference in found.references}
        for pipeline in pipelines(found.parsed.template):
            for index, command in enumerate(pipeline.commands):
                function = command.args[0] if command.args else None
                if not isinstance(function, n.Identifier) or function.name not in _COMPARISONS:
                    continue
                operands = list(command.args[1:])
                if index:  # `x | eq 'f'`: the stage before is the last operand
                    before = pipeline.commands[index - 1].args
                    operands += before if len(before) == 1 else [None]
                other = next(filter(None, (_other(ctx, found, paths, o) for o in operands)),
                             None)
                if other is None:
                    continue
                for operand in operands:
                    if isinstance(operand, n.Number) and operand.text.startswith("'"):
                        yield _report(ctx, found, function.name, operand, *other)


def _other(ctx, found, paths, operand) -> tuple[str, str] | None:
    """How to name `operand` and its kind when it is certainly a string or a bool (`the
    input `mode``, `string`), else None."""
    from wf_lsp.expr import nodes as n

    if isinstance(operand, (n.String, n.Bool)):
        kind = "string" if isinstance(operand, n.String) else "bool"
        return f"`{found.text.value[operand.start:operand.end]}`", kind
    if not isinstance(operand, (n.Field, n.Variable)):
        return None
    reference = paths.get(found.text.span(operand.start, operand.end).start)
    if reference is None or reference.name is None or reference.rest:
        return None
    context, name = reference.context.name, reference.name.name
    if context == "inputs":
        declared = of(ctx).inputs.get(name)
        return (f"the input `{name}`", declared.type) if declared and declared.type in (
            "string", "bool") else None
    return (f"{_STRINGS[context]} `{name}`", "string") if context in _STRINGS else None


def _report(ctx, found, function: str, constant, other: str, kind: str):
    from wf_lsp.expr.literals import quoted_as_string

    value = constant.text
    as_string = quoted_as_string(value)
    message = (f"`{value}` is a character, a number to Go: `{function}` cannot compare it with "
               f"{other}, a {kind} (the run fails: incompatible types for comparison)")
    fixes = ()
    if kind == "bool":  # `'t'` for true, `'y'` for yes? A guess: no fix
        message += (": compare it with `true` or `false`" if function in ("eq", "ne") else
                    f": `{function}` cannot order bools")
    elif as_string is not None:
        message += f": write `{as_string}`"
        fixes = (Fix(f"Write `{as_string}`",
                     (found.text.edit(constant.start, constant.end, as_string),), safe=True),)
    return ctx.report(message, found.text.span(constant.start, constant.end), fixes)
