"""An expression reads a context other than `.inputs`, `.secrets`, `.env` or `.matrix`.

Those four are the data an expression can read; any other first name (`.input.epochs`,
`.secret.token`, `.vars.x`) has no value at run time. When the name is close to a
context, the fix corrects it (`.input` → `.inputs`).

## Bad
```yaml
id: train
inputs:
  epochs:
    type: int
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py --epochs ${{ .input.epochs }}
```

## Good
```yaml
id: train
inputs:
  epochs:
    type: int
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py --epochs ${{ .inputs.epochs }}
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity
from wf_lsp.rules.base import name_list
from wf_lsp.typos import close_match
from wf_lsp.rules.contexts import each_job_evaluated, rename

CODE = "WF402"
NAME = "unknown-context"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return each_job_evaluated(ctx, lambda pairs: _check(ctx, pairs))


def _check(ctx, pairs):
    from wf_lsp.semantics import CONTEXTS  # loaded already: the document has expressions

    for _, reference in pairs:
        context = reference.context
        if context.name in CONTEXTS or not reference.written(0):
            continue  # (a context `.` holds is judged where the `with` writes it)
        guess = close_match(context.name, list(CONTEXTS))
        known = name_list(f".{name}" for name in CONTEXTS)
        edit = rename(ctx, context.span, context.name, guess) if guess else None
        if guess:
            message = f"`.{context.name}` is not a context: did you mean `.{guess}`?"
        else:
            message = f"`.{context.name}` is not a context: expressions read {known}"
        fixes = (Fix(f"Change to `.{guess}`", (edit,), safe=True),) if edit else ()
        yield ctx.report(message, context.span, fixes)
