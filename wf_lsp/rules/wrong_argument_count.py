"""A built-in function of the template language is given too few or too many arguments.

Expressions are Go templates, and Go checks a function's arguments only when it calls
it: `${{ not .inputs.a .inputs.b }}` parses, then fails the run ("wrong number of args
for not: want 1 got 2"). `not` and `len` take one argument; `ne`, `lt`, `le`, `gt` and `ge`
two; `eq` two or more (the first compared with each other); `and`, `or`, `index`, `printf`
and `call` at least one; `slice` an item and at most three indexes. In a pipeline the value
before `|` is the last argument (`.inputs.a | not` is `not .inputs.a`), and a function
written as another's argument (`print not`) is called with none. `print`, `println`,
`html`, `js` and `urlquery` take any number. The body of a `block`, and of a `define` some
`template` calls, is checked too: the run gets there (a `define` no one calls never runs).
No fix: which arguments were meant is not known.

Every branch is checked, as actionlint does: a condition is not evaluated, so a call in
`${{ if false }}` (or what `and` or `or` may skip) is reported though no run reaches it
while the condition stays so (in what `and` or `or` may skip, the message says that the
run fails if `and`, or `or`, gets to it).

## Bad
```yaml
id: build
inputs:
  target:
    type: string
    default: linux
jobs:
  build:
    timeout: "1h"
    steps:
      - env:
          LINUX: ${{ if eq .inputs.target }}yes${{ end }}
        run: ./build.sh
```

## Good
```yaml
id: build
inputs:
  target:
    type: string
    default: linux
jobs:
  build:
    timeout: "1h"
    steps:
      - env:
          LINUX: ${{ if eq .inputs.target "linux" }}yes${{ end }}
        run: ./build.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.contexts import each_job_sites, run_fails

CODE = "WF409"
NAME = "wrong-argument-count"
SEVERITY = Severity.ERROR

# Go's built-in functions with a bound on their arguments (text/template's funcs.go): the
# least and the most (None: no most).
_ARGUMENTS = {
    "not": (1, 1), "len": (1, 1), **dict.fromkeys(("ne", "lt", "le", "gt", "ge"), (2, 2)),
    "eq": (2, None), "slice": (1, 4),
    **dict.fromkeys(("and", "or", "index", "printf", "call"), (1, None)),
}


def check(ctx):
    # Each value alone: what the workflow declares does not count.
    return each_job_sites(ctx, "arguments", lambda group: _check(ctx, group), declared=False)


def _check(ctx, group):
    # Loaded here: a workflow without `${{` never needs the expression parser.
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.paths import pipelines

    for site in group:
        found = site.expressions
        if found.error is not None or site.place.literal:
            continue
        for pipeline in pipelines(found.parsed.template):
            for index, command in enumerate(pipeline.commands):
                function, *args = command.args or (None,)
                if isinstance(function, n.Identifier):  # piped: the value before is one more
                    yield from _judge(ctx, found, function.name, command,
                                      len(args) + (index > 0), index > 0)
                for arg in args:  # `print not`: a function as an argument is called with none
                    if isinstance(arg, n.Identifier):
                        yield from _judge(ctx, found, arg.name, arg, 0, False)


def _judge(ctx, found, name: str, node, count: int, piped: bool):
    least, most = _ARGUMENTS.get(name, (0, None))
    if least <= count and (most is None or count <= most):
        return
    takes = "an item and at most 3 indexes" if name == "slice" else (
        f"{'' if least == most else 'at least '}{least} argument{'s' * (least > 1)}")
    given = f"{count - 1} indexes" if name == "slice" and count else str(count) if count else "none"
    if piped:
        given += ", the value piped into it the last"
    yield ctx.report(f"`{name}` takes {takes}: it is given {given} ({run_fails(found, node.start)}: "
                     f"{_go_error(name, count, least, most)})", found.text.span(node.start, node.end))


def _go_error(name: str, count: int, least: int, most: int | None) -> str:
    """What Go says, for the message."""
    if name == "eq" and count:  # its signature takes one; then it refuses to compare nothing
        return "missing argument for comparison"
    if name == "slice" and count:
        return f"too many slice indexes: {count - 1}"
    want = least if least == most else f"at least {min(least, 1)}"
    return f"wrong number of args for {name}: want {want} got {count}"
