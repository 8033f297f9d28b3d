"""When each job may start and finish at worst, and how much of a job's time its steps claim.

A job starts once every job in its `depends_on` has succeeded, so its worst-case start is
the latest worst-case finish among them, and its worst-case finish adds its own timeout:
sums of job timeouts along the critical path of the job graph (`wf_lsp.graph`). A job
without a usable timeout whose steps all have one runs at most their sum: the steps run
one after the other, and each ends at its timeout ("whichever limit is reached first"),
so that sum is its limit. Any other job without a usable timeout may run as long as the
engine's (undocumented) default allows, so it and every job after it are *unbounded*. A
job on a dependency cycle, or after one, never starts.

Pure: reads the model only. Hover and code lens in the language server show these numbers.
"""

from __future__ import annotations

from wf_lsp.durations import canonical
from wf_lsp.model import Job, Step, Workflow
from wf_lsp.records import record

UNBOUNDED = "unbounded"


@record
class JobTiming:
    """One job's place in time. `start`/`finish` are nanoseconds, None when unbounded."""

    job_id: str
    timeout: int | None  # None: absent or not a usable duration
    start: int | None
    finish: int | None
    blocked: bool = False  # on or after a dependency cycle: never starts
    unbounded_by: str | None = None  # the first job on the critical path without a timeout
    previous: str | None = None  # the dependency the critical path comes through
    steps_limit: int | None = None  # no usable timeout: its limit, its steps' timeouts added up


@record
class Timeline:
    """Every job's timing, by job id (the first job of a repeated id)."""

    timings: dict[str, JobTiming]

    def of(self, job_id: str) -> JobTiming | None:
        """The timing of job `job_id`, None for an id no job has."""
        return self.timings.get(job_id)

    def critical_path(self, job_id: str, longest: int | None = None) -> tuple[str, ...] | None:
        """The jobs whose timeouts make up `job_id`'s worst-case finish, first one first;
        None when they are more than `longest` (found in `longest` + 1 steps)."""
        path: list[str] = []
        seen: set[str] = set()  # a set: `in path` made a chain of n jobs n² steps
        current = self.timings.get(job_id)
        while current is not None and current.job_id not in seen:
            if longest is not None and len(path) == longest:
                return None
            path.append(current.job_id)
            seen.add(current.job_id)
            current = self.timings.get(current.previous) if current.previous is not None else None
        return tuple(reversed(path))


def usable_ns(job_or_step: Job | Step) -> int | None:
    """The timeout in nanoseconds when it is set and valid, else None."""
    value = job_or_step.timeout
    return value.reading.nanoseconds if value is not None and value.usable else None


def steps_limit(job: Job) -> int | None:
    """The sum of the steps' timeouts, when every step of `job` has a usable one (a job
    that calls a workflow has no steps: None)."""
    limits = [usable_ns(step) for step in job.steps]
    return sum(limits) if limits and None not in limits else None


def least_run(job: Job) -> int:
    """How long a run of `job` may take and succeed, at least (nanoseconds): its timeout;
    without one, its steps' usable timeouts added up (each step may run to just under its
    limit); else 0, nothing known (a timeout not readable, a job that calls a workflow and
    has no timeout: what the called workflow takes is not looked into)."""
    if job.timeout is not None:
        return usable_ns(job) or 0
    return sum(ns for ns in map(usable_ns, job.steps) if ns is not None)


def build(workflow: Workflow) -> Timeline:
    """Worst-case start and finish of every job, in the job graph's order."""
    jobs, graph = workflow.by_id, workflow.graph
    timings: dict[str, JobTiming] = {}
    for job_id in graph.order:
        timings[job_id] = _timing(jobs[job_id], graph.needs[job_id], timings)
    for job_id, job in jobs.items():
        if job_id not in timings:  # never starts: a cycle is on the way
            timings[job_id] = JobTiming(job_id, usable_ns(job), None, None, blocked=True)
    return Timeline(timings)


def _timing(job: Job, deps: tuple[str, ...], done: dict[str, JobTiming]) -> JobTiming:
    timeout = usable_ns(job)
    start: int | None = 0
    previous: str | None = None
    unbounded_by: str | None = None
    for dep in deps:
        before = done[dep]
        if before.finish is None:  # unbounded beats any number; the first one listed wins
            if start is not None:
                start, previous, unbounded_by = None, dep, before.unbounded_by
        elif start is not None and (previous is None or before.finish > start):
            start, previous = before.finish, dep
    if start is None:
        return JobTiming(job.id, timeout, None, None, False, unbounded_by, previous)
    if timeout is None:
        by_steps = steps_limit(job)
        if by_steps is None:
            return JobTiming(job.id, None, start, None, False, job.id, previous)
        return JobTiming(job.id, None, start, start + by_steps, False, None, previous, by_steps)
    return JobTiming(job.id, timeout, start, start + timeout, False, None, previous)


def describe(ns: int | None) -> str:
    """`3h30m`, or `unbounded` for None."""
    return UNBOUNDED if ns is None else canonical(ns)


@record
class StepBudget:
    """How much of its job's timeout a job's steps claim, if each used its own in full."""

    job_timeout: int | None
    used: int  # the sum of the steps' usable timeouts
    timed_steps: int
    steps: int

    @property
    def over(self) -> int:
        """How far the steps' timeouts exceed the job's (0 when they fit or it has none)."""
        if self.job_timeout is None:
            return 0
        return max(0, self.used - self.job_timeout)


def step_budget(job: Job) -> StepBudget:
    """The steps' claim on `job`'s timeout."""
    timed = [ns for ns in (usable_ns(step) for step in job.steps) if ns is not None]
    return StepBudget(usable_ns(job), sum(timed), len(timed), len(job.steps))


def effective_limit(step: Step, job: Job) -> int | None:
    """The smaller of the step's own and its job's timeout: whichever is reached first."""
    limits = [ns for ns in (usable_ns(step), usable_ns(job)) if ns is not None]
    return min(limits) if limits else None
