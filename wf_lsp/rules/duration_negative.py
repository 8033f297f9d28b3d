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

from wf_lsp.durations import MAX_NS, Verdict, canonical, change_to
from wf_lsp.findings import Severity, shortened

CODE = "WF105"
NAME = "duration-negative"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"
HAS_FIX = True


def judge(value, check):
    ns = value.nanoseconds
    if ns is None or ns >= 0:
        return None
    positive = canonical(-ns)
    fixes = ((change_to(positive, False, f'Remove the minus sign: "{positive}"'),)
             if -ns <= MAX_NS else ())
    return Verdict(f'"{shortened(value.text)}" is negative: a duration must be positive', fixes)


def check(ctx):
    return ctx.duration_findings()
