"""Code actions at a place, beyond the findings' own fixes:

- "Write as 1h30m" on a valid duration not written in canonical form, whether WF111 is on
  or not (when a WF110/WF111 finding is reported, its quick fix does this instead);
- "Change to "1h"" on a duration of zero, which has no fix of its own (unsafe: it
  guesses a value, the one "Add a timeout" writes);
- "Add a timeout" on a job's key line or a step's first line, when it has none, with a
  placeholder value the user overwrites (`Action.snippet` marks it for editors that take
  snippet edits).

A value written with the micro sign (`5µs`) counts as canonical: the timeouts page lists
`µs` as a unit of its own, and only the off-by-default WF111 asks for `us`.
"""

from __future__ import annotations

from dataclasses import dataclass

from wf_lsp import timeline
from wf_lsp.durations import canonical
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Edit, Position, Span
from wf_lsp.fixes import replace_value
from wf_lsp.model import DurationValue, Job, Section, Step
from wf_lsp.parse import Source
from wf_lsp.rules.durations import check_value

# Placeholder timeouts: an hour for a job, half of one for a step (at most the job's own
# and the configured maxima, so the value added is never itself a finding).
JOB_PLACEHOLDER_NS = 3_600_000_000_000
STEP_PLACEHOLDER_NS = 1_800_000_000_000


@dataclass(frozen=True)
class Action:
    """One action, in the core's terms: apply `edit`."""

    title: str
    kind: str  # "rewrite" (a value written another way) or "add" (a key added)
    edit: Edit
    # The finding this resolves, (code, span): a diagnostic of it makes the action a
    # quick fix of that diagnostic.
    resolves: tuple[str, Span] | None = None
    snippet: str | None = None  # `edit.new_text` with its placeholder marked as ${1:...}


def rewritten(value: DurationValue) -> str | None:
    """The canonical form of a valid value written another way (`1.5h` → `1h30m`), or None."""
    if not value.usable or value.text is None:
        return None
    form = value.reading.canonical
    return None if value.text.replace("µs", "us") == form else form


def actions_at(snapshot: Snapshot, span: Span) -> list[Action]:
    """The actions for a cursor or selection at `span`."""
    actions = []
    reported = {(f.span, f.code) for f in snapshot.result.findings}
    for workflow in snapshot.workflows:
        for value in workflow.durations:
            if not (value.span.start <= span.end and span.start <= value.span.end):
                continue
            check = check_value(value.text, value.yaml_type)
            form = rewritten(value)
            if form is not None and (value.span, check.code) not in reported:
                edit = _replace(snapshot, value, form)
                actions.append(Action(f"Write as {form}", "rewrite", edit))
            if check.nanoseconds == 0 and check.code == "WF104":
                form = _placeholder(snapshot, *_owner(workflow.jobs, value))
                edit = _replace(snapshot, value, form)
                actions.append(Action(f'Change to "{form}"', "rewrite", edit,
                                      resolves=("WF104", value.span)))
        for job in workflow.jobs:
            actions.extend(_timeouts_to_add(snapshot, job, span.start))
    return actions


def _placeholder(snapshot: Snapshot, job: Job | None, step: Step | None) -> str:
    """The timeout "Add a timeout" writes: 1h for a job, 30m for a step, within the limits."""
    config = snapshot.config
    if step is None:
        limits = [JOB_PLACEHOLDER_NS, config.max_job_timeout]
    else:
        job_ns = timeline.usable_ns(job) if job is not None else None
        limits = [STEP_PLACEHOLDER_NS, config.max_step_timeout, job_ns]
    return canonical(min(limit for limit in limits if limit))


def _replace(snapshot: Snapshot, value: DurationValue, new_text: str) -> Edit:
    return replace_value(snapshot.source, value.span, value.style, value.text, new_text)


def _owner(jobs: tuple[Job, ...], value: DurationValue) -> tuple[Job | None, Step | None]:
    for job in jobs:
        if job.timeout is not None and job.timeout.span == value.span:
            return job, None
        for step in job.steps:
            if step.timeout is not None and step.timeout.span == value.span:
                return job, step
    return None, None


def _timeouts_to_add(snapshot: Snapshot, job: Job, pos: Position) -> list[Action]:
    """"Add a timeout" for the job when `pos` is on its key's line, for a step on its first line."""
    if job.section is None:
        return []
    if pos.line == job.key_span.start.line and job.section.get("timeout") is None:
        action = _add_timeout(snapshot, job.section, _placeholder(snapshot, job, None),
                              f"Add a timeout to job `{job.id}`", job.key_span)
        return [action] if action else []
    for step in job.steps:
        if pos.line == step.section.anchor.start.line and step.section.get("timeout") is None:
            action = _add_timeout(snapshot, step.section, _placeholder(snapshot, job, step),
                                  f"Add a timeout to step `{step.label}`", step.section.anchor)
            return [action] if action else []
    return []


def _add_timeout(snapshot: Snapshot, section: Section, value: str, title: str,
                 finding_span: Span) -> Action | None:
    """`timeout: "1h"` in `section`: after a one-line `name`, else before its first key."""
    source = snapshot.source
    own = [entry for entry in section.entries if not entry.merged]
    if not own:
        return None
    key, marked = f'timeout: "{value}"', f'timeout: "${{1:{value}}}"'
    first = min(own, key=lambda entry: entry.key_span.start)
    at = first.key_span.start
    if section.node.flow_style:  # {run: a} → {timeout: "30m", run: a}
        edit = Edit(Span(at, at), f"{key}, ")
        return Action(title, "add", edit, ("WF203", finding_span), f"{marked}, ")
    line_break = _line_break(source, at.line)
    indent = " " * at.column
    name = section.get("name")
    if (name is not None and not name.merged
            and name.key_span.start.line == name.value_span.end.line
            and name.key_span.start.column == at.column):
        end = Position(name.key_span.start.line, len(source.line_text(name.key_span.start.line)))
        edit = Edit(Span(end, end), f"{line_break}{indent}{key}")
        return Action(title, "add", edit, ("WF203", finding_span), f"{line_break}{indent}{marked}")
    edit = Edit(Span(at, at), f"{key}{line_break}{indent}")
    return Action(title, "add", edit, ("WF203", finding_span), f"{marked}{line_break}{indent}")


def _line_break(source: Source, line: int) -> str:
    """The line break the document uses at `line` (a final line without one: \\n)."""
    text = source.lines[line] if line < len(source.lines) else ""
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            return ending
    return "\n"
