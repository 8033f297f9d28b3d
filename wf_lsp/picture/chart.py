"""What the picture shows, as data: a box per job, an arrow per dependency, the worst case.

Every renderer (SVG, HTML, Mermaid, DOT, JSON) draws a `Chart` and nothing else, so they
cannot disagree. The numbers come from the core's worst-case timeline; `_schedule` is
the one place this package reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from math import prod
from typing import Any

from wf_lsp import timeline
from wf_lsp.durations import canonical, in_words
from wf_lsp.model import Job, Workflow, name_entries
from wf_lsp.parse import Parsed
from wf_lsp.records import record
from wf_lsp.timeline import JobTiming, describe

NEVER_STARTS = "never starts: dependency cycle"


@record
class Box:
    """One job: what its box says and where its bar lies (nanoseconds, None = unbounded)."""

    job_id: str
    name: str | None  # the display name, when the job has one
    timeout: int | None  # None: absent or not a usable duration
    timeout_label: str  # `timeout 6h`, `no limit`, `invalid timeout`, `steps' timeouts 25m`
    steps: int
    instances: int | None  # matrix combinations; None for a job without `matrix`
    calls: str | None  # the workflow a `workflow:` job calls
    start: int | None  # latest possible start
    finish: int | None  # latest possible end
    blocked: bool  # on or after a dependency cycle: never starts
    critical: bool
    waits_on: str | None = None  # the job without a limit that makes start unbounded
    steps_limit: int | None = None  # no usable timeout: its steps' timeouts added up bound it

    @property
    def limit(self) -> int | None:
        """How long it may run: its timeout, or its steps' added up; None: no limit."""
        return self.timeout if self.timeout is not None else self.steps_limit

    @property
    def facts(self) -> tuple[str, ...]:
        """`timeout 6h`, `2 steps`, `×4 matrix`: the box's small print. (A call has no
        steps: every format draws the called workflow as a box of its own.)"""
        facts = [self.timeout_label]
        if self.calls is None:
            facts.append(f"{self.steps} step{'' if self.steps == 1 else 's'}")
        if self.instances is not None:
            facts.append(f"×{self.instances} matrix")
        return tuple(facts)

    @property
    def window(self) -> str:
        """`worst case: starts by 30m, ends by 6h30m`, or why it has no end, or that it
        never starts. (It said `ends by unbounded`, and `starts by unbounded` of a job after
        one without a limit, naming none.)"""
        if self.blocked:
            return f"{NEVER_STARTS}: it is on or after one"
        if self.start is None:
            return f"worst case: no bound: it runs after {self.waits_on}, which has no limit"
        start = "starts at once" if self.start == 0 else f"starts by {describe(self.start)}"
        if self.finish is None:
            return f"worst case: {start}, no end: it has {_no_limit(self)}"
        return f"worst case: {start}, ends by {describe(self.finish)}"


@record
class Arrow:
    """`depends_on`: `after` runs once `before` has succeeded."""

    before: str
    after: str
    critical: bool


@record
class Missing:
    """A name in `depends_on` that is no job's id (WF301): drawn as a box of its own,
    dashed, `no such job`, with an arrow to each job that names it, so that the picture
    does not show those jobs as if they waited for nothing else. In a workflow cut by a
    syntax error (`cut_at`), the job may be defined after it: `no such job before line 9`
    (WF301 waits for the whole file)."""

    name: str
    needed_by: tuple[str, ...]  # the jobs whose `depends_on` names it, in document order
    cut_at: int | None = None

    @property
    def label(self) -> str:
        """What its box says under the name."""
        return MISSING if self.cut_at is None else f"{MISSING} before line {self.cut_at}"

    @property
    def window(self) -> str:
        """What its tooltip says."""
        needed = f"needed by {', '.join(map(shown_id, self.needed_by))}"
        if self.cut_at is not None:
            return (f"no job read before the syntax error on line {self.cut_at} has this id "
                    f"({needed})")
        return f"no job has this id: the engine rejects the workflow ({needed})"


MISSING = "no such job"


@record
class Chart:
    """A workflow's job graph and worst-case timeline."""

    workflow_id: str | None
    title: str | None  # the workflow's display name
    boxes: tuple[Box, ...]  # in document order, one per job id
    arrows: tuple[Arrow, ...]
    critical_path: tuple[str, ...]  # job ids, first to run first
    worst_case: int | None  # nanoseconds; None when unbounded or nothing can start
    cut_at: int | None = None  # the line (from 1) of a syntax error that cut the workflow
    missing: tuple[Missing, ...] = ()  # names in `depends_on` that are no job's, as first named

    def box(self, job_id: str) -> Box:
        """The box of job `job_id`."""
        return self._by_id[job_id]

    @cached_property
    def _by_id(self) -> dict[str, Box]:
        # The SVG asks for each job's box: a scan each time is quadratic.
        return {box.job_id: box for box in self.boxes}

    @property
    def unbounded_by(self) -> str | None:
        """The job without a limit that makes the worst case unbounded, if any."""
        path = self.critical_path
        if self.worst_case is not None or not path:
            return None
        return next((job_id for job_id in path if self.box(job_id).limit is None), path[-1])

    @property
    def summary(self) -> str:
        """`7h30m · 7 hours 30 minutes`, `unbounded (build has no timeout)`, ...; of a
        workflow cut by a syntax error, `... · drawn up to the syntax error on line 4`:
        mid-edit, the editor's picture said `0s (no jobs)` of a file full of jobs."""
        if self.cut_at is None:
            return self._whole_summary
        return f"{self._whole_summary} · {self.cut_note}"

    @property
    def cut_note(self) -> str | None:
        """`drawn up to the syntax error on line 4`, of a workflow cut by one."""
        if self.cut_at is None:
            return None
        return f"drawn up to the syntax error on line {self.cut_at}"

    @property
    def _whole_summary(self) -> str:
        if not self.boxes:
            return "0s (no jobs)"
        if self.worst_case is not None:
            return f"{canonical(self.worst_case)} · {in_words(self.worst_case)}"
        culprit = self.unbounded_by
        if culprit is not None:
            return f"unbounded ({culprit} has {_no_limit(self.box(culprit))})"
        return "nothing can start (every job is on or after a dependency cycle)"


def _no_limit(box: Box) -> str:
    return "an invalid timeout" if box.timeout_label == INVALID else "no timeout"


NO_LIMIT, INVALID = "no limit", "invalid timeout"
STEPS_LIMIT = "steps' timeouts"  # no timeout of its own: `steps' timeouts 25m`, their sum


def _schedule(
    workflow: Workflow,
) -> tuple[Mapping[str, JobTiming], Callable[[str], tuple[str, ...]]]:
    """Each job's worst-case timing, and the critical path to a job: the core computes both
    (`wf_lsp.timeline`, over the job graph `workflow.graph` that the arrows show)."""
    plan = timeline.build(workflow)
    return plan.timings, plan.critical_path


def cut_at(parsed: Parsed | None, workflow: Workflow) -> int | None:
    """The line (from 1) of the syntax error that cut `workflow` short, whose picture shows
    the part before it; None when it was read whole (no error, an error in a later YAML
    document, or a half-typed word read as a blank line: `Parsed.left_out`)."""
    if (parsed is None or parsed.error is None or parsed.left_out is not None
            or not parsed.roots or parsed.roots[-1] is not workflow.root.node):
        return None
    return parsed.error.span.start.line + 1


def from_workflow(workflow: Workflow, cut: int | None = None) -> Chart:
    """The chart of `workflow` (the first job of a repeated id stands for it), cut short
    by a syntax error on line `cut` (`cut_at`) if given."""
    timings, critical_path = _schedule(workflow)
    jobs = workflow.by_id
    runnable = [job_id for job_id in jobs if not timings[job_id].blocked]
    path: tuple[str, ...] = ()
    worst: int | None = None if jobs else 0  # no jobs: done at once
    if runnable:
        unbounded = [job_id for job_id in runnable if timings[job_id].finish is None]
        if unbounded:  # the longest chain that runs into a job without a limit
            end = max(unbounded, key=lambda job_id: len(critical_path(job_id)))
        else:
            end = max(runnable, key=lambda job_id: timings[job_id].finish)
            worst = timings[end].finish
        path = critical_path(end)
    on_path = set(path)
    steps_on_path = set(zip(path, path[1:]))
    boxes = tuple(_box(job, timings[job_id], job_id in on_path) for job_id, job in jobs.items())
    arrows = tuple(
        Arrow(before, job_id, (before, job_id) in steps_on_path)
        for job_id, needs in workflow.graph.needs.items()
        for before in needs
    )
    return Chart(_text(workflow.root.get("id")), _text(workflow.root.get("name")), boxes,
                 arrows, path, worst, cut, _missing(workflow, cut))


def _missing(workflow: Workflow, cut: int | None) -> tuple[Missing, ...]:
    """The names in `depends_on` that are no job's id, each with the jobs naming it (the
    graph leaves them out: `JobGraph.of`)."""
    jobs = workflow.by_id
    named: dict[str, dict[str, None]] = {}
    for job in workflow.jobs:
        for ref in job.depends_on:
            if ref.name not in jobs:
                named.setdefault(ref.name, {})[job.id] = None
    return tuple(Missing(name, tuple(needed_by), cut) for name, needed_by in named.items())


def _box(job: Job, timing: JobTiming, critical: bool) -> Box:
    value = job.timeout
    if value is None:
        timeout, label = None, NO_LIMIT
    elif value.usable:
        timeout, label = value.reading.nanoseconds, f"timeout {value.reading.canonical}"
    else:
        timeout, label = None, INVALID
    if timing.steps_limit is not None:
        label = f"{STEPS_LIMIT} {canonical(timing.steps_limit)}"
    section = job.section
    call = section.get("workflow") if section else None
    waits_on = timing.unbounded_by if timing.start is None and not timing.blocked else None
    return Box(
        job.id, _text(section.get("name")) if section else None, timeout, label,
        len(job.steps), _instances(section.get("matrix")) if section else None,
        (_field(call.value, "name") or "?") if call is not None else None,
        timing.start, timing.finish, timing.blocked, critical, waits_on, timing.steps_limit,
    )


def _instances(entry) -> int | None:
    """How many instances a `matrix` runs: the product of its lists' lengths."""
    if entry is None or entry.value.id != "mapping":
        return None
    sizes: dict[str, int] = {}
    for variable in name_entries(entry.value):
        # A value that is not a list is a type error (WF005): it counts as one.
        value = variable.value
        sizes[variable.key] = len(value.value) if value.id == "sequence" else 1
    return prod(sizes.values())


def _field(node: Any, key: str) -> str | None:
    """The text of `key` in a mapping node, if it is a non-empty scalar."""
    if node.id != "mapping":
        return None
    for key_node, value in node.value:
        if key_node.id == "scalar" and key_node.value == key and value.id == "scalar":
            return str(value.value) or None
    return None


def _text(entry) -> str | None:
    if entry is None or entry.value.id != "scalar" or entry.value.value in (None, ""):
        return None
    return str(entry.value.value)


def shown_id(job_id: str) -> str:
    """A job id as the picture writes it: one that shows nothing (`""`, spaces: WF007)
    in quotes, where its box and its timeline row were blank."""
    return job_id if printable(job_id) else f'"{job_id}"'


def path_text(path: tuple[str, ...]) -> str:
    """`a → b → c`: a critical path as the picture writes it."""
    return " → ".join(map(shown_id, path))


def printable(text: str, keep_bidi: bool = False) -> str:
    """`text` for a picture: runs of whitespace (a display name may span lines) as one
    space, and what XML 1.0 and Graphviz cannot hold (controls, lone surrogates) as
    escapes such as `\\x01`; so are the bidirectional embeddings, overrides and
    isolates (U+202A-U+202E, U+2066-U+2069), which turned the rest of a line around: a
    name with U+202E wrote a box's tooltip, or the critical path after it, backwards
    (`keep_bidi`: kept, in what is not shown, such as the id a webview reveals)."""
    text = " ".join(text.split())
    return "".join(
        char if (("\x20" <= char <= "\ud7ff") or ("\ue000" <= char <= "\ufffd")
                 or char >= "\U00010000") and (keep_bidi or char not in _BIDI)
        else f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        for char in text
    )


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def as_data(chart: Chart) -> dict[str, Any]:
    """The chart as JSON-ready data: jobs, dependencies, timeline, critical path, total."""
    worst = chart.worst_case
    return {
        "workflow": {"id": chart.workflow_id, "name": chart.title,
                     "syntax_error_line": chart.cut_at},
        "worst_case": {
            "nanoseconds": worst,
            "canonical": canonical(worst) if worst is not None else None,
            "words": in_words(worst) if worst is not None else None,
            "bounded": worst is not None,
            "unbounded_by": chart.unbounded_by,
            "summary": chart.summary,
        },
        "critical_path": list(chart.critical_path),
        "jobs": [
            {
                "id": box.job_id,
                "name": box.name,
                "timeout": canonical(box.timeout) if box.timeout is not None else None,
                "timeout_label": box.timeout_label,
                "limit": canonical(box.limit) if box.limit is not None else None,
                "steps": box.steps,
                "matrix_instances": box.instances,
                "calls": box.calls,
                "depends_on": [a.before for a in chart.arrows if a.after == box.job_id],
                "start_ns": box.start,
                "finish_ns": box.finish,
                "start": None if box.blocked else describe(box.start),
                "finish": None if box.blocked else describe(box.finish),
                "blocked": box.blocked,
                "critical": box.critical,
            }
            for box in chart.boxes
        ],
        "dependencies": [
            {"before": a.before, "after": a.after, "critical": a.critical} for a in chart.arrows
        ],
        # Named in `depends_on`, and no job has the id (WF301): not in `dependencies`,
        # whose ends are jobs.
        "missing_jobs": [
            {"id": missing.name, "needed_by": list(missing.needed_by)}
            for missing in chart.missing
        ],
    }
