"""A duration is zero.

A zero timeout is invalid: `0`, `"0s"`, `"0h0m"`, and values so small that Go
truncates them to zero nanoseconds (`0.0000000001s`). Remove the timeout to get the
engine's default, or give a real limit. The fix (never applied by `--fix`: it guesses)
writes one as WF203's does: for a job an hour, or the sum of its steps' timeouts
(rounded up to a minute) when that is more; half an hour for a step; within the
configured maxima and the job's own timeout.

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
from wf_lsp.findings import Severity, shortened
from wf_lsp.rules.missing_timeout import placeholder

CODE = "WF104"
NAME = "duration-zero"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"
HAS_FIX = True


def judge(value, check):
    if value.nanoseconds != 0:
        return None
    why = (" is less than 1ns, which Go reads as zero" if exact_total(value.segments)
           else " is zero")
    return Verdict(f'"{shortened(value.text)}"{why}: a duration must be positive')


def check(ctx):
    def change(value):
        form = placeholder(ctx.config, value.owner, *ctx.workflow.owner_of(value))
        return (ctx.replace_value_fix(f'Change to "{form}"', value, form, safe=False),)

    return ctx.duration_findings(change)
