"""A timeout is above the configured maximum.

Off until `max-job-timeout` or `max-step-timeout` is set, for teams that cap how long
a run may hold a runner. The fix (offered, not applied unasked) lowers the value to the
maximum.

## Bad
```yaml
# with max-job-timeout = "6h"
id: train
jobs:
  train:
    timeout: "12h"
    steps:
      - run: python train.py
```

## Good
```yaml
# with max-job-timeout = "6h"
id: train
jobs:
  train:
    timeout: "6h"
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.durations import canonical
from wf_lsp.findings import Severity

CODE = "WF204"
NAME = "timeout-above-limit"
SEVERITY = Severity.WARNING
READS_TIMEOUTS = "each"
HAS_FIX = True


def check(ctx):
    limits = {"job": ctx.config.max_job_timeout, "step": ctx.config.max_step_timeout}

    def above(value):
        limit = limits[value.owner]
        if limit is None or not value.usable or value.reading.nanoseconds <= limit:
            return
        text = canonical(limit)
        yield ctx.report(
            f"{value.owner} timeout {value.reading.canonical} is above the configured maximum "
            f"{text} (max-{value.owner}-timeout)",
            value.span,
            (ctx.replace_value_fix(f"Lower it to {text}", value, text, safe=False),),
        )

    return ctx.each_duration("limits", above)
