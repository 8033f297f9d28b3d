"""A duration contains whitespace.

Go's duration format allows no spaces: `"1 h"`, `"1h 30m"` and `" 5m"` are all
rejected by the engine. The fix removes the whitespace.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "1h 30m"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "1h30m"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.base import duration_findings

CODE = "WF102"
NAME = "duration-whitespace"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return duration_findings(ctx, CODE)
