"""An expression `${{ ... }}` the engine's template language cannot parse.

Expressions are Go templates: an unclosed `${{`, an empty `${{ }}`, a path without its
leading dot (`${{ inputs.x }}`, which Go reads as a call of a function `inputs`), a pipe
into a function (`| upper`: no function is documented) or anything else Go's parser
rejects fails the run. The fix for a missing dot adds it. One finding per value: the
engine stops at the first error too.

## Bad
```yaml
id: report
inputs:
  name:
    type: string
jobs:
  report:
    steps:
      - run: echo "${{ inputs.name }}"
```

## Good
```yaml
id: report
inputs:
  name:
    type: string
jobs:
  report:
    steps:
      - env:
          NAME: ${{ .inputs.name }}
        run: echo "$NAME"
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.contexts import each_job_sites

CODE = "WF401"
NAME = "expression-syntax"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return each_job_sites(ctx, "syntax", lambda group: _check(ctx, group), declared=False)


def _check(ctx, group):
    for site in group:
        error = site.expressions.error
        if error is None or site.place.literal:  # a literal place is WF406's, parsed or not
            continue
        message = error.message
        if error.kind == "unknown-function":
            message += ": the engine documents no functions or pipes"
        yield ctx.report(f"{message}", error.span, error.fixes)
