"""A duration uses a unit Go does not know.

Only `ns`, `us` (or `µs`, `μs`), `ms`, `s`, `m` and `h` exist, and they are
case-sensitive. The common slips are fixed: `1d` → `24h`, `1w` → `168h`,
`5min`/`5mins`/`5minutes` → `5m`, `2hr`/`2hrs`/`2hours` → `2h`,
`10sec`/`10secs`/`10seconds` → `10s`, `2H` → `2h`, `100MS` → `100ms`.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "1d"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "24h"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.base import duration_findings

CODE = "WF106"
NAME = "duration-unknown-unit"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return duration_findings(ctx, CODE)
