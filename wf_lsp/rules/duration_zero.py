"""A duration is zero.

A zero timeout is invalid: `0`, `"0s"`, `"0h0m"`, and values so small that Go
truncates them to zero nanoseconds (`0.0000000001s`). Remove the timeout to get the
engine's default, or give a real limit.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "0s"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "15m"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.durations import Verdict, exact_total
from wf_lsp.findings import Severity

CODE = "WF104"
NAME = "duration-zero"
SEVERITY = Severity.ERROR


def judge(value, check):
    if value.nanoseconds != 0:
        return None
    why = (" is less than 1ns, which Go reads as zero" if exact_total(value.segments)
           else " is zero")
    return Verdict(f'"{value.text}"{why}: a duration must be positive')


def check(ctx):
    return ctx.duration_findings()
