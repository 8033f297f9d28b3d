"""An input is `required: true` and has a `default`.

"If default is provided, the input always has a value": a run that does not give the
input gets the default, so `required: true` asks for nothing. Either drop `required`
(what the engine does anyway) or drop the default if runs must choose. The fix removes
`required: true` (a comment after it stays).

## Bad
```yaml
id: train
inputs:
  epochs:
    type: int
    required: true
    default: 10
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py
```

## Good
```yaml
id: train
inputs:
  epochs:
    type: int
    default: 10
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity, Span
from wf_lsp.fixes import remove_item
from wf_lsp.rules.contexts import declares, of

CODE = "WF502"
NAME = "required-with-default"
SEVERITY = Severity.HINT
UNNECESSARY = True
HAS_FIX = True


def check(ctx):
    # One finding per item of a section of any size: capped as one value's items are.
    return ctx.capped(list(_each(ctx)), "the workflow's inputs")


def _each(ctx):
    if not declares(ctx, "inputs"):
        return
    for item in of(ctx).inputs.values():
        if not item.required or item.default is None:
            continue
        entry = item.section.get("required")
        span = Span(entry.key_span.start, entry.value_span.end)
        fixes = ()
        if not entry.merged:
            node = item.section.node
            index = next(i for i, (key, _) in enumerate(node.value) if key is entry.key_node)
            edits = remove_item(ctx.source, node, index)
            if edits:
                fixes = (Fix("Remove `required: true`", edits, safe=True),)
        yield ctx.report(f"input `{item.name}` is required but has a `default`: the input "
                         "always has a value", span, fixes)
