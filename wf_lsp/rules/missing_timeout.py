"""A job (or, when configured, a step) has no timeout.

Without one, the engine's default applies, and its value is not documented: a hung
job may run far longer than anyone expects. `require-timeout` chooses what needs one:
`jobs` (the default), `steps`, `all` or `none`. Held back while the file has a syntax
error, since the timeout may be after it. The fix adds one to replace (never by `--fix`:
it guesses): for a job an hour, or the sum of its steps' timeouts (rounded up to a
minute) when that is more; half an hour for a step; within the configured maxima and the
job's own timeout. None beside a misspelt `timeout`, which WF003 renames.

## Bad
```yaml
id: train
jobs:
  train:
    steps:
      - run: python train.py
```

## Good
```yaml
id: train
jobs:
  train:
    timeout: "2h"
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp import timeline
from wf_lsp.durations import NANOSECONDS, canonical
from wf_lsp.findings import Fix, Severity
from wf_lsp.fixes import insert_key

CODE = "WF203"
NAME = "missing-timeout"
SEVERITY = Severity.INFORMATION
NEEDS_COMPLETE = True
HAS_FIX = True

# Placeholder timeouts: an hour for a job, half of one for a step (at most the job's own
# and the configured maxima, so the value added is never itself a finding).
JOB_PLACEHOLDER_NS = 3_600_000_000_000
STEP_PLACEHOLDER_NS = 1_800_000_000_000
_MINUTE_NS = NANOSECONDS["m"]


def placeholder(config, owner: str, job=None, step=None) -> str:
    """The timeout a fix writes where it has to guess one (`owner`): for a job, 1h or the
    sum of its steps' timeouts when more (less would be WF201's or WF202's finding),
    rounded up to a minute, at most the configured maximum; for a step, 30m at most the
    maximum and the `job`'s timeout. Also WF104's "Change to …"."""
    if owner == "job":
        steps = timeline.step_budget(job).used if job is not None else 0
        guess = max(JOB_PLACEHOLDER_NS, -(-steps // _MINUTE_NS) * _MINUTE_NS)
        limits = [guess, config.max_job_timeout]
    else:
        job_ns = timeline.usable_ns(job) if job is not None else None
        limits = [STEP_PLACEHOLDER_NS, config.max_step_timeout, job_ns]
    return canonical(min(limit for limit in limits if limit))


def add_timeout(source, config, job, step) -> Fix | None:
    """"Add a timeout" to the step, or to the job when `step` is None: a guess at the
    value, so never safe (fix-all leaves it). None beside a misspelt `timeout`, which
    WF003's rename makes the timeout."""
    section = job.section if step is None else step.section
    if "timeout" in section.misspelt.values():
        return None
    value = placeholder(config, "job" if step is None else "step", job, step)
    edit = insert_key(source, section, f'timeout: "{value}"')
    if edit is None:
        return None
    what = f"job `{job.id}`" if step is None else f"step `{step.label}`"
    return Fix(f"Add a timeout to {what}", (edit,), safe=False)


def check(ctx):
    return ctx.each_job("missing", lambda job: _check_job(ctx, job))


def _check_job(ctx, job):
    scope = ctx.config.require_timeout
    if job.section is None:
        return
    if scope in ("jobs", "all") and job.section.get("timeout") is None:
        yield ctx.report(
            f"job `{job.id}` has no timeout: the engine's undocumented default applies",
            job.key_span, _fixes(ctx, job, None),
        )
    if scope in ("steps", "all"):
        for step in job.steps:
            if step.section.get("timeout") is None:
                yield ctx.report(
                    f"step `{step.label}` of job `{job.id}` has no timeout",
                    step.section.anchor, _fixes(ctx, job, step),
                )


def _fixes(ctx, job, step) -> tuple[Fix, ...]:
    fix = add_timeout(ctx.source, ctx.config, job, step)
    return (fix,) if fix else ()
