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

from wf_lsp.durations import NANOSECONDS, Verdict, canonical, change_to
from wf_lsp.findings import Severity, shortened

CODE = "WF103"
NAME = "duration-unit-order"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"
HAS_FIX = True


def judge(value, check):
    ns = value.nanoseconds
    if ns is None or value.ordered:
        return None
    sizes = [NANOSECONDS[unit] for _, _, unit in value.segments]
    repeated = len(set(sizes)) < len(sizes)
    rule = "each unit may appear only once" if repeated else "units must go from larger to smaller"
    return Verdict(f'{rule}: "{shortened(value.text)}" is {canonical(ns)}',
                   (change_to(canonical(ns), True),))


def check(ctx):
    return ctx.duration_findings()
