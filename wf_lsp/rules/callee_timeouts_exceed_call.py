"""A called workflow's timeouts add up to more than the calling job's.

A job that calls a workflow waits for its run, and the job's `timeout` covers that run:
when the called workflow's jobs, one after another along a chain of `depends_on`, may
use more time than that, the caller's limit ends a run the called workflow allows, and
its own limits mean nothing. The cross-workflow twin of WF202. Counted at least: a job
of the called workflow may run to its `timeout`; one without a timeout, to its steps'
timeouts added up; one that calls a workflow in turn, to its timeout (what it calls is
not looked into); any other, nothing. Jobs that run side by side count once, the longest
chain's. Reported on the calling job's value, the chain named in the message (a value
several calls share, through an alias or a merge key, once, naming their jobs). Nothing is
said when the called workflow is not found, not callable, repeated, has a syntax error or
a dependency cycle (WF602, WF603, WF601, WF001, WF302 say so). The fix (offered, not
applied unasked) raises the job's timeout to what the chain adds up to (past `max-job-timeout`, offered
in the editor only; none past Go's largest duration, about 292 years).

## Bad
```yaml
# file: nightly.yaml
id: nightly
jobs:
  train:
    timeout: 1h
    workflow:
      name: train-model
```

```yaml
# file: train-model.yaml
id: train-model
trigger:
  callable: true
jobs:
  fetch:
    timeout: 30m
    steps:
      - run: ./fetch.sh
  fit:
    depends_on: [fetch]
    timeout: 1h30m
    steps:
      - run: python train.py
```

## Good
```yaml
# file: nightly.yaml
id: nightly
jobs:
  train:
    timeout: 2h
    workflow:
      name: train-model
```

```yaml
# file: train-model.yaml
id: train-model
trigger:
  callable: true
jobs:
  fetch:
    timeout: 30m
    steps:
      - run: ./fetch.sh
  fit:
    depends_on: [fetch]
    timeout: 1h30m
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.durations import canonical
from wf_lsp.findings import Severity
from wf_lsp.records import replace
from wf_lsp.rules.sharing import timeout_of

CODE = "WF606"
NAME = "callee-timeouts-exceed-call"
SEVERITY = Severity.WARNING
ACROSS_FILES = True
NEEDS_COMPLETE = True
READS_TIMEOUTS = "each"
HAS_FIX = True

# The most jobs a message names: a longer chain shows its first and last ones.
SHOWN_JOBS = 6


def check(ctx):
    entry = ctx.entry
    if entry is None or not entry.calls:
        return
    jobs: dict[str, list] = {}
    for job in ctx.workflow.jobs:
        jobs.setdefault(job.id, []).append(job)
    runs: dict[str, tuple | None] = {}  # a callee's longest run, once per lint
    # A timeout several calling jobs share (an alias, a merge key): one finding, at the
    # anchor, naming every job it is true for: (its span, the callee) → the jobs' ids.
    over: dict[tuple, tuple[list[str], object, object, tuple]] = {}
    for call in entry.calls:
        same_id = jobs.get(call.job_id, ())
        limit = same_id[0].timeout if len(same_id) == 1 else None  # a repeated id: WF002's
        target = call.target(ctx.config.workspace_id)
        if limit is None or not limit.usable or target is None or target == entry.id:
            continue  # a workflow that calls itself is WF605's
        key = (limit.span, target)
        if key in over:
            over[key][0].append(call.job_id)
            continue
        callee = _judged(ctx.workspace, target)
        if callee is None:
            continue
        if target not in runs:
            runs[target] = callee.longest_run()
        run = runs[target]
        if run is not None and run[0] > limit.reading.nanoseconds:
            over[key] = ([call.job_id], limit, callee, run)
    for ids, limit, callee, (total, chain) in over.values():
        where = ("" if callee.path == entry.path
                 else f" (`{ctx.workspace.shown(callee.path, entry.path)}`)")
        whose = "job's" if len(ids) == 1 else "jobs'"
        yield ctx.report(
            f"the call of `{callee.id}`{where} may run {canonical(total)} ({_chain(chain)}), "
            f"longer than {timeout_of(ids, limit.reading.canonical)}: the "
            f"{whose} limit ends the call first",
            limit.span,
            ctx.raise_fix(f"Raise the {whose} timeout to", limit, total),
        )


def _judged(workspace, target: str):
    """The one callable workflow `target` names in `workspace` (a `View`), read whole: one
    whose run this rule judges (None otherwise)."""
    named = workspace.named(target)
    if len(named) != 1 or not named[0].callable or not named[0].complete:
        return None
    return named[0]


def least_call(workspace, entry, workspace_id: str | None, job_id: str) -> int:
    """The least a run of what the job `job_id` of the workflow `entry` calls may take, as
    this rule counts it in `workspace` (0 when it calls nothing this rule judges): the
    least timeout that gives the job no finding of this rule. WF203's guess for a calling
    job, and the editor's "Add a timeout", is at least this."""
    if entry is None or workspace is None:
        return 0
    least = 0
    for call in entry.calls:
        target = call.target(workspace_id)
        if call.job_id != job_id or target is None or target == entry.id:
            continue
        callee = _judged(workspace, target)
        run = callee.longest_run() if callee is not None else None
        if run is not None:
            least = max(least, run[0])
    return least


def call_limits(workspace, entry, workspace_id: str | None) -> tuple[int, ...]:
    """The timeouts of the jobs that call the callable workflow `entry`, where this rule
    judges the call (none when it would not)."""
    if workspace is None or entry is None or not entry.callable or entry.id is None:
        return ()
    if _judged(workspace, entry.id) is None:
        return ()
    limits = []
    for caller in workspace.entries():
        if caller.id == entry.id:
            continue  # a workflow that calls itself is WF605's
        timeouts: dict[str, int | None] = {}
        for job in caller.jobs:  # a calling job's least is its timeout
            timeouts[job.id] = None if job.id in timeouts else job.least  # a repeated id: none
        limits += [timeouts.get(call.job_id) for call in caller.calls
                   if call.target(workspace_id) == entry.id]
    return tuple(limit for limit in limits if limit)  # a call without a timeout: not judged


def lengthens_a_call(entry, limits: tuple[int, ...], job_id: str, least: int) -> bool:
    """Whether the job `job_id` of the callable workflow `entry`, run `least` at least (a
    timeout added to it), would make a call of the workflow that fits now (its caller's
    timeout one of `limits`, `call_limits`) run past that timeout: a finding of this rule
    the caller did not have. WF203's guess for such a job is then offered in the editor
    only."""
    now = entry.longest_run() if limits else None
    if now is None:
        return False
    jobs = tuple(replace(job, least=max(job.least, least)) if job.id == job_id else job
                 for job in entry.jobs)
    then = replace(entry, jobs=jobs).longest_run()
    return then is not None and any(now[0] <= limit < then[0] for limit in limits)


def _chain(chain) -> str:
    """`fetch 30m → fit 1h30m`: the jobs that add up, each with its least (jobs that add
    nothing left out), the middle of a long chain elided."""
    counted = [f"{job.id} {canonical(job.least)}" for job in chain if job.least]
    if len(counted) > SHOWN_JOBS:
        half = SHOWN_JOBS // 2
        counted = [*counted[:half], f"… {len(counted) - 2 * half} more …", *counted[-half:]]
    return " → ".join(counted)
