"""The file is not valid YAML.

The engine cannot read the workflow at all. The range is where the YAML parser gave up;
the part of the document before it is still checked, so an editor keeps showing the
other problems while you type.

## Bad
```yaml
id: train
jobs:
  train:
    timeout: "2h
    steps:
      - run: python train.py
```

## Good
```yaml
id: train
jobs:
  train:
    timeout: "2h"
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity

CODE = "WF001"
NAME = "yaml-syntax"
SEVERITY = Severity.ERROR


def check(ctx):
    error = ctx.parsed.error
    if error is not None:
        yield ctx.report(CODE, error.message, error.span)
