"""A duration's units are not ordered from larger to smaller.

The format requires units from larger to smaller, each at most once: `30m1h`,
`1h1h` and `30s1m` are invalid (Go itself would add the parts up, which hides the
mistake). The fix writes the same total in canonical form: `30m1h` → `1h30m`.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "30m1h"
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

CODE = "WF103"
NAME = "duration-unit-order"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return duration_findings(ctx, CODE)
