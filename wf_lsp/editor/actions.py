"""Code actions at a place, beyond the findings' own fixes:

- "Write as 1h30m" on a valid duration not written in canonical form, whether WF111 is on
  or not (when a WF110/WF111 finding is reported, its quick fix does this instead), unless
  an alias uses the value under another key (`WAIT: &w 90m`, `timeout: *w`);
- "Add a timeout" on a job's key line or a step's first line, when it has none: WF203's
  fix (`rules.missing_timeout.add_timeout`), offered where WF203 reports nothing too (a
  step, by default), its placeholder value marked (`Action.snippet`) for editors that
  take snippet edits; for a job that calls a workflow, at least what that one may run. Where WF203 does report, it stands in for the finding's own fix.
  A step that several jobs share (an alias, a merge key) gets one, as its first job sees it.

A value written with the micro sign (`5µs`) counts as canonical: the timeouts page lists
`µs` as a unit of its own, and only the off-by-default WF111 asks for `us`.
"""

from __future__ import annotations

from wf_lsp.editor.calls import entry_of
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Edit, Position, Span
from wf_lsp.fixes import replace_value
from wf_lsp.model import DurationValue, Job
from wf_lsp.records import record
from wf_lsp.rules.callee_timeouts_exceed_call import least_call
from wf_lsp.rules.durations import check_value
from wf_lsp.rules.missing_timeout import add_timeout


@record
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
    reported = None  # made when a duration is at `span`: most requests have none there
    for workflow in snapshot.workflows:
        for value in workflow.durations:
            if not (value.span.start <= span.end and span.start <= value.span.end):
                continue
            check = check_value(value.text, value.yaml_type)
            form = rewritten(value)
            if form is not None and reported is None:
                reported = {(f.span, f.code) for f in snapshot.result.findings}
            # Not a value an alias uses under another key: that key's would change too.
            if form is not None and (value.span, check.code) not in reported \
                    and not snapshot.is_shared(value.span):
                edit = replace_value(snapshot.source, value.span, value.style, value.text, form)
                actions.append(Action(f"Write as {form}", "rewrite", edit))
        for job in workflow.jobs:
            for action in _timeouts_to_add(snapshot, workflow, job, span.start):
                # A step shared by jobs (an alias, a merge key) gets one: it fits them all.
                if all(action.resolves != done.resolves for done in actions):
                    actions.append(action)
    return actions


def _timeouts_to_add(snapshot: Snapshot, workflow, job: Job, pos: Position) -> list[Action]:
    """"Add a timeout" for the job when `pos` is on its key's line, for a step on its first
    line (the one `pos` is in, when several start on that line)."""
    if job.section is None:
        return []
    if pos.line == job.key_span.start.line and job.section.get("timeout") is None:
        # As WF203's: less than the called workflow may run would be WF606's finding.
        at_least = least_call(snapshot.workspace, entry_of(snapshot, workflow),
                              snapshot.config.workspace_id, job.id)
        return _add_timeout(snapshot, job, None, job.key_span, at_least=at_least)
    on_line = [step for step in job.steps if pos.line == step.section.anchor.start.line]
    # Several on one line (`steps: [{run: a}, {run: b}]`): the one the cursor is in; the
    # first step of the line was taken wherever the cursor was.
    inside = [step for step in on_line if step.section.span.start <= pos <= step.section.span.end]
    for step in inside or on_line:
        if step.section.get("timeout") is None:
            # The other jobs that hold this step's mapping: the value added is theirs too,
            # so it must fit each (WF203's fix guesses so).
            also = [(other, its) for other in workflow.jobs if other is not job
                    for its in other.steps if its.section is step.section]
            return _add_timeout(snapshot, job, step, step.section.anchor, also)
    return []


def _add_timeout(snapshot: Snapshot, job: Job, step, finding_span: Span, also=(),
                 at_least: int = 0) -> list[Action]:
    fix = add_timeout(snapshot.source, snapshot.config, job, step, also=also, at_least=at_least)
    if fix is None:
        return []
    [edit] = fix.edits
    # The value is the one quoted string the edit writes: `timeout: "1h"`.
    before, value, after = edit.new_text.split('"')
    snippet = f'{before}"${{1:{value}}}"{after}'
    return [Action(fix.title, "add", edit, ("WF203", finding_span), snippet)]
