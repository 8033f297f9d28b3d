"""A duration has a number without a unit.

`timeout: 30` or `timeout: "30"` does not say whether it means seconds, minutes or
hours, and the engine rejects it. `1h30` has the same problem in its last part. The
fixes offer `30s`, `30m` and `30h` for a bare number; for `1h30` the next smaller unit
(`1h30m`) is the safe, preferred fix.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "30"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "30m"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.base import duration_findings

CODE = "WF101"
NAME = "duration-missing-unit"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return duration_findings(ctx, CODE)
