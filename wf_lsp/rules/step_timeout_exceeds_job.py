"""A step's timeout is longer than its job's.

The job's timeout covers all of its steps, so a step can never run longer than the job:
its own limit is dead text that misleads the reader. Reported on the step's value, with
the job's timeout as related information. Fixes (offered, not applied unasked): lower
the step to the job's timeout, or raise the job's to the step's.

## Bad
```yaml
id: train
jobs:
  train:
    timeout: "2h"
    steps:
      - name: Train model
        timeout: "3h"
        run: python train.py
```

## Good
```yaml
id: train
jobs:
  train:
    timeout: "4h"
    steps:
      - name: Train model
        timeout: "3h"
        run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Related, Severity

CODE = "WF201"
NAME = "step-timeout-exceeds-job"
SEVERITY = Severity.WARNING
READS_TIMEOUTS = "job"
HAS_FIX = True


def check(ctx):
    reported = set()  # merged or aliased values are shared by jobs: one finding, at the anchor
    return ctx.each_job("steps", lambda job: _check_job(ctx, job, reported))


def _check_job(ctx, job, reported):
    limit = job.timeout
    if limit is None or not limit.usable:
        return
    for step in job.steps:
        value = step.timeout
        if value is None or not value.usable or (value.span, limit.span) in reported:
            continue
        if value.reading.nanoseconds > limit.reading.nanoseconds:
            reported.add((value.span, limit.span))
            step_text, job_text = value.reading.canonical, limit.reading.canonical
            yield ctx.report(
                f"step timeout {step_text} is longer than job `{job.id}`'s timeout "
                f"{job_text}: the job's limit ends the step first",
                value.span,
                (
                    ctx.replace_value_fix(f"Lower the step's timeout to {job_text}", value,
                                          job_text, safe=False),
                    ctx.replace_value_fix(f"Raise job `{job.id}`'s timeout to {step_text}",
                                          limit, step_text, safe=False),
                ),
                (Related(limit.span, f"job `{job.id}`'s timeout is {job_text}"),),
            )
