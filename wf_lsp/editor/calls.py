"""Calls between workflows in the editor: where a call leads, who calls a workflow, what
a called workflow takes, and the workflows and jobs of the workspace as symbols.

An input of a workflow is named in its callers too, by the keys of their `workflow.inputs`:
definition and hover lead from such a key to the input, and references and a rename of
the input (`wf_lsp.editor.names`) take in those keys, in every file.

Answers from a `Snapshot`'s workspace view (`wf_lsp.workspace`): the workspace the
document was linted in, its own workflows as its current text has them. Places in other
files are (absolute path, span); the protocol layer turns them into locations.
"""

from __future__ import annotations

from collections.abc import Iterator

from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Position, Span
from wf_lsp.model import Workflow
from wf_lsp.records import record
from wf_lsp.workspace import Argument, Call, Input, View, WorkflowEntry


@record
class Place:
    """A span in a file: `path` None for the document asked about."""

    path: str | None
    span: Span


def call_at(snapshot: Snapshot, pos: Position) -> tuple[WorkflowEntry, Call] | None:
    """The call whose `workflow.name` value is under the cursor, with its workflow."""
    for entry in snapshot.result.entries:
        for call in entry.calls:
            if call.span.contains(pos):
                return entry, call
    return None


def on_call(snapshot: Snapshot, pos: Position) -> bool:
    """Whether the cursor is on a call's name or on a key of its `workflow.inputs`: the
    places whose hover reads the workspace (`hover_text`)."""
    return call_at(snapshot, pos) is not None or any(
        argument.key_span.contains(pos) for entry in snapshot.result.entries
        for call in entry.calls for argument in call.arguments)


def callee(snapshot: Snapshot, call: Call) -> WorkflowEntry | None:
    """The workflow a call names, when it is in the workspace."""
    target = call.target(snapshot.config.workspace_id)
    return snapshot.workspace.get(target) if target is not None else None


def workflow_id_at(snapshot: Snapshot, pos: Position) -> str | None:
    """The workflow id under the cursor: a workflow's own `id`, or a call's name."""
    for entry in snapshot.result.entries:
        if entry.id is not None and entry.id_span.contains(pos):
            return entry.id
    found = call_at(snapshot, pos)
    return found[1].target(snapshot.config.workspace_id) if found else None


@record
class Passed:
    """A key of a call's `workflow.inputs` naming an input the called workflow declares."""

    caller: WorkflowEntry
    argument: Argument
    callee: WorkflowEntry
    input: Input


def passed_at(snapshot: Snapshot, pos: Position) -> Passed | None:
    """The key of a call's `workflow.inputs` under the cursor, when the input is declared."""
    for entry in snapshot.result.entries:
        for call in entry.calls:
            for argument in call.arguments:
                if argument.key_span.contains(pos):
                    target = callee(snapshot, call)
                    item = target.input(argument.name) if target else None
                    return Passed(entry, argument, target, item) if item else None
    return None


def entry_of(snapshot: Snapshot, workflow: Workflow) -> WorkflowEntry | None:
    """The workspace entry of one of the document's workflows."""
    for model, entry in zip(snapshot.workflows, snapshot.result.entries):
        if model is workflow:
            return entry
    return None


def _callers(view: View, workspace_id: str | None,
             entry: WorkflowEntry) -> Iterator[tuple[WorkflowEntry, Call]]:
    """Every call in the workspace that reaches `entry` (none for a repeated id's others)."""
    if entry.id is None or view.get(entry.id) is not entry:
        return
    for caller in view.entries():
        for call in caller.calls:
            if call.target(workspace_id) == entry.id:
                yield caller, call


def input_arguments(view: View, workspace_id: str | None, entry: WorkflowEntry,
                    name: str) -> list[Place]:
    """The keys of the callers' `workflow.inputs` that pass input `name` to `entry`."""
    found = [_place(view, caller.path, argument.key_span)
             for caller, call in _callers(view, workspace_id, entry)
             for argument in call.arguments if argument.name == name]
    return sorted(found, key=lambda p: (p.path is not None, p.path or "", p.span.start))


def argument_rename_problem(view: View, workspace_id: str | None, entry: WorkflowEntry,
                            old: str, new: str) -> str | None:
    """Why the callers of `entry` keep input `old` from being named `new`: a call that
    passes both would pass `new` twice."""
    for caller, call in _callers(view, workspace_id, entry):
        names = {argument.name for argument in call.arguments}
        if old in names and new in names and old != new:
            return (f"job `{call.job_id}` of {view.shown(caller.path, entry.path)} already passes "
                    f"`{new}` to `{entry.id}`")
    return None


def _place(view: View, path: str | None, span: Span) -> Place:
    return Place(None if view.workspace.holder(path) == view.path else path, span)


def definition(snapshot: Snapshot, pos: Position) -> Place | None:
    """Where the workflow a call names is defined (its `id`), or the input a call's
    `workflow.inputs` key passes, in its file."""
    passed = passed_at(snapshot, pos)
    if passed is not None:
        return _place(snapshot.workspace, passed.callee.path, passed.input.span)
    found = call_at(snapshot, pos)
    target = callee(snapshot, found[1]) if found else None
    return _place(snapshot.workspace, target.path, target.id_span) if target else None


def references(view: View, workspace_id: str | None, workflow_id: str,
               declaration: bool) -> list[Place]:
    """Every call of `workflow_id` in the workspace (and its `id`s with `declaration`);
    `workspace_id` is the local workspace's, for calls by resource name."""
    found = []
    for entry in view.entries():
        if declaration and entry.id == workflow_id:
            found.append(_place(view, entry.path, entry.id_span))
        found.extend(_place(view, entry.path, call.span) for call in entry.calls
                     if call.target(workspace_id) == workflow_id)
    return sorted(found, key=lambda p: (p.path is not None, p.path or "", p.span.start))


def hover_text(snapshot: Snapshot, pos: Position, markdown: bool) -> tuple[str, Span] | None:
    """On a call's name: the called workflow, its file and its inputs; on a key of its
    `workflow.inputs`: the input it passes."""
    code = (lambda text: f"`{text}`") if markdown else (lambda text: text)
    passed = passed_at(snapshot, pos)
    if passed is not None:
        shown = shown_file(snapshot.workspace, passed.callee, passed.caller.path)
        return (f"input {input_line(passed.input, code)}\n\nof workflow {code(passed.callee.id)}"
                f" · {shown}", passed.argument.key_span)
    found = call_at(snapshot, pos)
    if found is None:
        return None
    entry, call = found
    target = callee(snapshot, call)
    if target is None:
        return None
    return workflow_text(snapshot.workspace, target, entry.path, markdown), call.span


def workflow_text(view: View, target: WorkflowEntry, path: str | None, markdown: bool) -> str:
    """A called workflow, its file (as the file at `path` sees it) and its inputs: the
    hover of a call's name and the documentation of its completion."""
    code = (lambda text: f"`{text}`") if markdown else (lambda text: text)
    title = f"{target.name} ({code(target.id)})" if target.name else code(target.id)
    lines = [f"{'**' if markdown else ''}workflow {title}{'**' if markdown else ''} · "
             f"{shown_file(view, target, path)}" + ("" if target.callable else " · not callable")]
    if target.inputs:
        lines.append("")
        lines.append("Inputs:")
        lines.extend(f"- {input_line(item, code)}" for item in target.inputs)
    else:
        lines.append("")
        lines.append("No inputs.")
    return "\n".join(lines)


def shown_file(view: View, target: WorkflowEntry, path: str | None) -> str:
    """The file `target` is written in, as the file at `path` names it."""
    return view.shown(target.path, path) if target.path != path else "this file"


def input_line(item: Input, code) -> str:
    """`epochs` (int, default 10) — what it is for; `dataset` (string, required)."""
    facts = [item.type or "no type"]
    if item.default is not None:
        facts.append(f"default {code(item.default)}")
    elif item.required:
        facts.append("required")
    line = f"{code(item.name)} ({', '.join(facts)})"
    return f"{line}: {item.description}" if item.description else line


def callable_workflows(snapshot: Snapshot) -> list[WorkflowEntry]:
    """The workflows a call may name, sorted by id (the first of a repeated id)."""
    view = snapshot.workspace
    found = {}
    for entry in view.entries():
        if entry.callable and entry.id is not None and view.get(entry.id) is entry:
            found[entry.id] = entry
    return [found[key] for key in sorted(found)]


def call_of_job(snapshot: Snapshot, job_id: str) -> Call | None:
    """The call a job of this document makes."""
    for entry in snapshot.result.entries:
        for call in entry.calls:
            if call.job_id == job_id:
                return call
    return None


@record
class WorkspaceSymbol:
    name: str
    kind: str  # "workflow" or "job"
    path: str | None
    span: Span
    container: str | None  # a job's workflow id


def workspace_symbols(entries, query: str) -> list[WorkspaceSymbol]:
    """The workflows and jobs whose name holds `query`'s letters in order (as editors
    filter), case ignored: workflows first, then their jobs."""
    wanted = query.lower()

    def matches(name: str) -> bool:
        letters = iter(name.lower())
        return all(char in letters for char in wanted)

    found = []
    for entry in entries:
        if entry.id is not None and matches(entry.id):
            found.append(WorkspaceSymbol(entry.id, "workflow", entry.path, entry.id_span, None))
        for job in entry.jobs:
            if matches(job.id):
                found.append(WorkspaceSymbol(job.id, "job", entry.path, job.span, entry.id))
    return sorted(found, key=lambda s: (s.kind != "workflow", s.name, s.path or ""))
