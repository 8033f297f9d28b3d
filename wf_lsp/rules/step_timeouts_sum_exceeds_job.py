"""The steps' timeouts add up to more than the job's.

Steps run one after another, so when every step may use its full timeout the job's
limit ends the run first: the timeouts page's example of a 55-minute and a 2h10m step in
a 3-hour job. Counted when two or more steps have timeouts; reported on the job's value.
The fix (offered, not applied unasked) raises the job's timeout to the sum (past
`max-job-timeout`, offered in the editor only; none past Go's largest duration, about
292 years).

## Bad
```yaml
id: train
jobs:
  train:
    timeout: "2h"
    steps:
      - name: Train baseline
        timeout: "1h"
        run: python train.py --config baseline
      - name: Train advanced
        timeout: "1h30m"
        run: python train.py --config advanced
```

## Good
```yaml
id: train
jobs:
  train:
    timeout: "3h"
    steps:
      - name: Train baseline
        timeout: "1h"
        run: python train.py --config baseline
      - name: Train advanced
        timeout: "1h30m"
        run: python train.py --config advanced
```
"""

from __future__ import annotations

from wf_lsp.durations import canonical
from wf_lsp.findings import Related, Severity
from wf_lsp.rules.sharing import sharing_jobs, timeout_of
from wf_lsp.timeline import step_budget

CODE = "WF202"
NAME = "step-timeouts-exceed-job"
SEVERITY = Severity.WARNING
READS_TIMEOUTS = "job"
HAS_FIX = True


def check(ctx):
    reported = set()  # merged or aliased values are shared by jobs: one finding, at the anchor
    sharers = sharing_jobs(ctx.workflow, lambda job: [over[0]] if (over := _over(job)) else [])
    return ctx.each_job("budget", lambda job: _check_job(ctx, job, reported, sharers))


def _over(job):
    """When the job's steps' timeouts add up to more than its own: its key (its timeout and
    its steps' timed values, which jobs may share) and the budget; else None."""
    budget = step_budget(job)
    if budget.timed_steps < 2 or not budget.over:
        return None
    return (job.timeout.span, tuple(value.span for value in _timed(job))), budget


def _timed(job):
    """The steps' timeouts that count in the sum."""
    return [s.timeout for s in job.steps if s.timeout is not None and s.timeout.usable]


def _check_job(ctx, job, reported, sharers):
    over = _over(job)
    if over is None or over[0] in reported:
        return
    key, budget = over
    reported.add(key)
    limit = job.timeout
    ids = sharers.get(key, [job.id])  # every job that shares them, named
    total_text = canonical(budget.used)
    whose = "job's" if len(ids) == 1 else "jobs'"
    yield ctx.report(
        f"the timeouts of {budget.timed_steps} steps add up to {total_text}, more than "
        f"{timeout_of(ids, limit.reading.canonical)}",
        limit.span,
        ctx.raise_fix(f"Raise the {whose} timeout to", limit, budget.used),
        tuple(Related(v.span, f"step timeout {v.reading.canonical}") for v in _timed(job)),
    )
