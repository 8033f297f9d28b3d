"""A whole number in an expression is past the largest int Go's templates take.

Go's template parser reads a whole number up to the largest unsigned 64-bit one
(18446744073709551615), but its run turns a constant into an int, a float or a complex
number, and an int stops at 9223372036854775807: `${{ if lt .inputs.count
9223372036854775808 }}` parses, then fails the run whenever it gets there
("9223372036854775808 overflows int"), wherever the number is written (an argument, a
condition, a variable's value). A larger number does not parse at all: WF401. No fix: a
float (`9223372036854775808.0`) would run, but compares with no int.

Every branch is checked, as actionlint does: a condition is not evaluated, so a call in
`${{ if false }}` (or what `and` or `or` may skip) is reported though no run reaches it
while the condition stays so (in what `and` or `or` may skip, the message says that the
run fails if `and`, or `or`, gets to it).

## Bad
```yaml
id: train
inputs:
  steps:
    type: int
    default: 1000
jobs:
  train:
    timeout: "1h"
    steps:
      - env:
          CAPPED: ${{ if lt .inputs.steps 18446744073709551615 }}no${{ end }}
        run: ./train.sh
```

## Good
```yaml
id: train
inputs:
  steps:
    type: int
    default: 1000
jobs:
  train:
    timeout: "1h"
    steps:
      - env:
          CAPPED: ${{ if lt .inputs.steps 9223372036854775807 }}no${{ end }}
        run: ./train.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity, shortened
from wf_lsp.patterns import LazyPattern
from wf_lsp.rules.contexts import each_job_sites, run_fails

CODE = "WF413"
NAME = "integer-overflow"
SEVERITY = Severity.ERROR

# A test before the walk: no number past int64 is written in fewer than 18 characters
# (`0x8000000000000000`).
_LONG_NUMBER = LazyPattern(r"[0-9A-Fa-f_xXoObB]{18}")


def check(ctx):
    # Each value alone: what the workflow declares does not count.
    return each_job_sites(ctx, "integers", lambda group: _check(ctx, group), declared=False)


def _check(ctx, group):
    # Loaded here: a workflow without `${{` never needs the expression parser.
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.literals import overflows_int
    from wf_lsp.expr.paths import pipelines

    for site in group:
        found = site.expressions
        if found.error is not None or site.place.literal or \
                not _LONG_NUMBER.search(found.text.value):
            continue
        for pipeline in pipelines(found.parsed.template):
            for command in pipeline.commands:
                for arg in command.args:
                    if isinstance(arg, n.Number) and overflows_int(arg.text):
                        yield ctx.report(
                            f"`{shortened(arg.text)}` is past the largest int of Go's templates, "
                            f"9223372036854775807 ({run_fails(found, arg.start)}: {shortened(arg.text)} "
                            "overflows int)",
                            found.text.span(arg.start, arg.end))

