"""A valid duration is written in an odd way.

Go accepts it, but it reads badly or does not say what it means: a leading `+`,
a bare fraction (`.5h`, `5.h`), the Greek letter mu (`μs`, which looks like the
micro sign `µs`), zero parts (`1h0m`), or fraction digits finer than a nanosecond that
Go silently drops. The fix writes the canonical form.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "1h0m"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "1h"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.base import duration_findings

CODE = "WF110"
NAME = "duration-style"
SEVERITY = Severity.HINT
HAS_FIX = True


def check(ctx):
    return duration_findings(ctx, CODE)
