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
from wf_lsp.rules.sharing import sharing_jobs, timeout_of

CODE = "WF201"
NAME = "step-timeout-exceeds-job"
SEVERITY = Severity.WARNING
READS_TIMEOUTS = "job"
HAS_FIX = True


def check(ctx):
    reported = set()  # merged or aliased values are shared by jobs: one finding, at the anchor
    sharers = sharing_jobs(ctx.workflow, lambda job: ((value.span, limit.span)
                                             for value, limit in _over(job)))
    return ctx.each_job("steps", lambda job: _check_job(ctx, job, reported, sharers))


def _over(job):
    """(step timeout, job timeout) of each step of `job` whose timeout is the longer."""
    limit = job.timeout
    if limit is None or not limit.usable:
        return
    for step in job.steps:
        value = step.timeout
        if (value is not None and value.usable
                and value.reading.nanoseconds > limit.reading.nanoseconds):
            yield value, limit


def _check_job(ctx, job, reported, sharers):
    for value, limit in _over(job):
        key = (value.span, limit.span)
        if key in reported:
            continue
        reported.add(key)
        ids = sharers.get(key, [job.id])  # every job that shares both, named
        step_text, job_text = value.reading.canonical, limit.reading.canonical
        whose = "job's" if len(ids) == 1 else "jobs'"
        yield ctx.report(
            f"step timeout {step_text} is longer than {timeout_of(ids, job_text)}: the "
            f"{whose} limit ends the step first",
            value.span,
            (
                ctx.replace_value_fix(f"Lower the step's timeout to {job_text}", value,
                                      job_text, safe=False),
                ctx.replace_value_fix(f"Raise {timeout_of(ids)} to {step_text}",
                                      limit, step_text, safe=False),
            ),
            (Related(limit.span, f"{timeout_of(ids)} is {job_text}"),),
        )
