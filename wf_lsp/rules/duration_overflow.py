"""A duration is too large.

Go stores durations as 64-bit nanoseconds; the largest is
`2562047h47m16.854775807s` (about 292 years). Anything larger is rejected.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "3000000h"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "72h"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.base import duration_findings

CODE = "WF109"
NAME = "duration-overflow"
SEVERITY = Severity.ERROR


def check(ctx):
    return duration_findings(ctx, CODE)
