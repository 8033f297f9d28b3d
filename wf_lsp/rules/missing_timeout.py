"""A job (or, when configured, a step) has no timeout.

Without one, the engine's default applies, and its value is not documented: a hung
job may run far longer than anyone expects. `require-timeout` chooses what needs one:
`jobs` (the default), `steps`, `all` or `none`. Held back while the file has a syntax
error, since the timeout may be after it. The fix adds one to replace (never by `--fix`:
it guesses), such that the timeouts `--unsafe-fixes` adds to one job fit together: for a
job an hour, or the sum of its steps' timeouts when that is more (half an hour counted for
each step without one, when steps need one), or, for a job that calls a workflow, what
the called workflow's jobs add up to along its longest chain when that is more (as WF606
counts it; past `max-job-timeout`, offered in the editor only), rounded up to a minute;
for a step half an hour, or its share of what the job's timeout leaves once the other
steps' are taken out (the least of the jobs' shares, for a step several jobs share);
within the configured maxima. A job's guess in a callable workflow that would make a call
of it run past its caller's timeout (WF606) is offered in the editor only. None beside a misspelt `timeout`, which WF003 renames.

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
from wf_lsp.durations import MAX_NS, NANOSECONDS, canonical, parse_go
from wf_lsp.findings import Fix, Severity, shortened
from wf_lsp.fixes import insert_key
from wf_lsp.rules.callee_timeouts_exceed_call import call_limits, least_call, lengthens_a_call
from wf_lsp.rules.sharing import jobs_named, sharing_jobs

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


def placeholder(config, owner: str, job=None, step=None, also=(), at_least: int = 0) -> str:
    """The timeout a fix writes where it has to guess one (`owner`), so that the guesses
    `--unsafe-fixes` makes for one job together fit each other (less would be WF201's or
    WF202's finding): for a job, 1h or the sum of its steps' timeouts when more, counting
    the 30m each step without one gets when steps need one, rounded up to a minute, at
    most the configured maximum; for a step, 30m, at most the maximum and its share of
    what the `job`'s timeout leaves (the other steps' timeouts taken out, the rest split
    with the steps that need one too), rounded down to a minute; for a step other jobs
    share too (`also`: each one's job and step), the least of their shares. A job's is at
    least `at_least` (what the workflow it calls may run), rounded up to a minute, above
    the maximum too (the caller makes that fix a placeholder). Also WF104's "Change to …"."""
    steps_too = config.require_timeout in ("steps", "all")
    if owner == "job":
        steps = 0
        if job is not None:
            untimed = sum(timeline.usable_ns(s) is None for s in job.steps) if steps_too else 0
            steps = timeline.step_budget(job).used + untimed * _step_guess(config)
        guess = max(JOB_PLACEHOLDER_NS, -(-steps // _MINUTE_NS) * _MINUTE_NS)
        most = config.max_job_timeout
        if at_least:
            # Less would end the call before the run it allows: WF606's finding, which
            # `--unsafe-fixes` took back (and the summary counted as a hidden fix).
            called = -(-at_least // _MINUTE_NS) * _MINUTE_NS
            guess = max(guess, called)
            most = most if most is None or most >= called else called
        limits = [guess, most]
    else:
        limits = [_step_guess(config), *(_share(each, its, steps_too)
                                         for each, its in ((job, step), *also) if each)]
    return canonical(min(limit for limit in limits if limit))


def _step_guess(config) -> int:
    return min(limit for limit in (STEP_PLACEHOLDER_NS, config.max_step_timeout) if limit)


def _share(job, step, steps_too: bool) -> int | None:
    """What `job`'s timeout leaves `step`: None when the job has none; the job's whole
    timeout when the other steps leave nothing (the guess is then a finding, which
    `--unsafe-fixes` takes back)."""
    job_ns = timeline.usable_ns(job)
    if job_ns is None:
        return None
    others = [timeline.usable_ns(s) for s in job.steps if s is not step]
    left = job_ns - sum(ns for ns in others if ns is not None)
    share = left // (1 + (others.count(None) if steps_too else 0))
    unit = _MINUTE_NS if share >= _MINUTE_NS else NANOSECONDS["s"]
    share -= share % unit
    return share if share > 0 else job_ns


def add_timeout(source, config, job, step, group: str | None = None,
                label: str | None = None, also=(), at_least: int = 0,
                too_long=None) -> Fix | None:
    """"Add a timeout" to the step (said as `label`, its own by default; `also` the other
    jobs that share it, with their step, for `placeholder`), or to the job when `step` is
    None (at least `at_least`, what the workflow it calls may run): a guess at the value,
    so never safe (fix-all leaves it), in `group` (`Fix.group`); offered in the editor
    only (`Fix.placeholder`) when `at_least` is past `max-job-timeout`. None beside a
    misspelt `timeout`, which WF003's rename makes the timeout; None past Go's largest
    duration. In the editor only too when `too_long(nanoseconds)` says the value would
    make a call of the job's workflow run past its caller's timeout (WF606)."""
    section = job.section if step is None else step.section
    if "timeout" in section.misspelt.values():
        return None
    if at_least > MAX_NS:
        return None
    value = placeholder(config, "job" if step is None else "step", job, step, also, at_least)
    edit = insert_key(source, section, f'timeout: "{value}"')
    if edit is None:
        return None
    what = jobs_named([job.id]) if step is None else f"step `{shortened(label or step.label)}`"
    if step is None and section.anchor != job.key_span:  # `b: *a`: written in a's mapping
        what += " (written at the anchor it aliases, for every job that uses it)"
    if too_long is not None and step is None and too_long(parse_go(value)):
        return Fix(f"Add a timeout to {what}, past what its workflow's callers allow", (edit,),
                   safe=False, group=group, placeholder=True)
    most = config.max_job_timeout
    if most is not None and at_least > most:
        return Fix(f"Add a timeout to {what}, past max-job-timeout {canonical(most)}", (edit,),
                   safe=False, group=group, placeholder=True)
    return Fix(f"Add a timeout to {what}", (edit,), safe=False, group=group)


def check(ctx):
    reported = set()  # a step several jobs share (an alias, a merge key): one finding
    sharers = (sharing_jobs(ctx.workflow, _untimed)
               if ctx.config.require_timeout in ("steps", "all") else {})
    # What each calling job's callee may run: read across workflows, so the findings kept
    # job by job are kept only while it stays the same.
    calls = {call.job_id: least_call(ctx.workspace, ctx.entry, ctx.config.workspace_id,
                                     call.job_id)
             for call in (ctx.entry.calls if ctx.entry is not None else ())}
    # For a callable workflow, its callers' timeouts, which a job's guess must not pass.
    limits = call_limits(ctx.workspace, ctx.entry, ctx.config.workspace_id)
    runs = tuple((job.id, job.needs, job.least) for job in ctx.entry.jobs) if limits else ()
    return ctx.per_job("missing", ctx.workflow.jobs,
                       lambda job: _check_job(ctx, job, reported, sharers, calls, limits),
                       token=(tuple(calls.items()), limits, runs))


def _untimed(job):
    """Where each step of `job` without a timeout is."""
    return [step.section.anchor for step in job.steps if step.section.get("timeout") is None]


def _check_job(ctx, job, reported, sharers, calls, limits):
    scope = ctx.config.require_timeout
    if job.section is None:
        return
    if scope in ("jobs", "all") and job.section.get("timeout") is None:
        yield ctx.report(
            f"{jobs_named([job.id])} has no timeout: the engine's undocumented default applies",
            job.key_span, _fixes(ctx, job, None, at_least=calls.get(job.id, 0), limits=limits),
        )
    if scope in ("steps", "all"):
        for step in job.steps:
            where = step.section.anchor
            if step.section.get("timeout") is None and where not in reported:
                reported.add(where)
                holders = _holders(ctx, step, sharers.get(where, [job.id])) or [(job, step)]
                label, of = _step_of(step, holders)
                # The timeout added is every job's: one that fits each of them.
                also = [(other, its) for other, its in holders if other is not job]
                yield ctx.report(f"step `{shortened(label)}` of {of} has no timeout", where,
                                 _fixes(ctx, job, step, label, also))


def _holders(ctx, step, ids) -> list:
    """(job, its step) for each job of `ids` that holds `step`'s mapping, in order."""
    found = []
    for job_id in ids:
        job = ctx.workflow.by_id[job_id]
        its = next((s for s in job.steps if s.section is step.section), None)
        if its is not None:
            found.append((job, its))
    return found


def _step_of(step, holders) -> tuple[str, str]:
    """The step's label and the jobs it is of: (`step 1: python train.py`, "jobs `a`, `b`").
    Unnamed, shared at other positions, it is said by what it does and each job with its
    position: (`python train.py`, "jobs `a` (step 1), `d` (step 2)"); the first job's
    position was said for all."""
    ids = [job.id for job, _ in holders]
    if step.name or len({its.index for _, its in holders}) == 1:
        return step.label, jobs_named(ids)
    at = ", ".join(f"`{shortened(job.id)}` (step {its.index + 1})" for job, its in holders)
    return step.doing or "…", f"jobs {at}"


def _fixes(ctx, job, step, label: str | None = None, also=(), at_least: int = 0,
           limits=()) -> tuple[Fix, ...]:
    too_long = (lambda ns: lengthens_a_call(ctx.entry, limits, job.id, ns)) if limits else None
    fix = add_timeout(ctx.source, ctx.config, job, step, ctx.workflow.timeouts_group(job),
                      label, also, at_least, too_long)
    return (fix,) if fix else ()
