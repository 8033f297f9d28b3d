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

from wf_lsp.durations import Verdict
from wf_lsp.findings import Severity, shortened

CODE = "WF109"
NAME = "duration-overflow"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"


def judge(value, check):
    # Go's syntax is fine, yet Go rejects it: the only complaint left is the size.
    if not value.is_text or value.syntax is not None or value.nanoseconds is not None:
        return None
    return Verdict(f'"{shortened(value.text)}" is too large: Go\'s durations end at about 292 years '
                   "(2562047h47m16.854775807s)")


def check(ctx):
    return ctx.duration_findings()
