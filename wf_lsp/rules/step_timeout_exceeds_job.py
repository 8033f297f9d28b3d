"""A step's timeout is longer than its job's.

The job's timeout covers all of its steps, so a step can never run longer than the job:
its own limit is dead text that misleads the reader. Reported on the step's value, with
the job's timeout as related information. Fixes (offered, not applied unasked): lower
the step to the job's timeout, or raise the job's to the step's. A step several jobs
share (an alias, a merge key) is one finding, naming every job timeout it is longer than;
lowered, it is lowered to the shortest.

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
    limits: dict = {}  # a step several jobs share: the timeouts it is longer than, in order
    for job in ctx.workflow.jobs if sharers else ():
        for value, limit in _over(job):
            limits.setdefault(value.span, {}).setdefault(limit.span, limit)
    return ctx.each_job("steps", lambda job: _check_job(ctx, job, reported, sharers, limits))


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


def _check_job(ctx, job, reported, sharers, limits):
    for value, limit in _over(job):
        if value.span in reported:
            continue
        reported.add(value.span)
        # Every job timeout that ends the step first, each with the jobs that share it
        # (jobs that merge the step and set their own timeouts: one finding, not one each).
        over = list(limits.get(value.span, {limit.span: limit}).values())
        jobs = [(sharers.get((value.span, each.span), [job.id]), each) for each in over]
        step_text = value.reading.canonical
        lowest = min(over, key=lambda each: each.reading.nanoseconds).reading.canonical
        than = [timeout_of(ids, each.reading.canonical) for ids, each in jobs]
        than = " and ".join(filter(None, (", ".join(than[:-1]), than[-1])))
        if len(jobs) > 1:
            whose = "jobs' limits end"
        else:
            whose = "job's limit ends" if len(jobs[0][0]) == 1 else "jobs' limit ends"
        yield ctx.report(
            f"step timeout {step_text} is longer than {than}: the {whose} the step first",
            value.span,
            (
                ctx.replace_value_fix(f"Lower the step's timeout to {lowest}", value,
                                      lowest, safe=False),
                *(ctx.replace_value_fix(f"Raise {timeout_of(ids)} to {step_text}",
                                        each, step_text, safe=False) for ids, each in jobs),
            ),
            tuple(Related(each.span, f"{timeout_of(ids)} is {each.reading.canonical}")
                  for ids, each in jobs),
        )
