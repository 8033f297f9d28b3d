"""A duration is negative.

Timeouts must be positive: `-5m` is rejected. The fix drops the sign; it is offered,
not applied unasked, since the intended value is a guess.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "-5m"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "5m"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.base import duration_findings

CODE = "WF105"
NAME = "duration-negative"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return duration_findings(ctx, CODE)
