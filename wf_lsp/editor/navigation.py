"""Job ids as symbols: where one is declared and mentioned, and whether a rename may go ahead.

A job is declared by its key under `jobs` and referenced by `depends_on` entries; the
cursor may be on either. A rename changes the key and every reference at once, and is
refused for a name that is not a valid job id or that another job already has, with a
message that says so.
"""

from __future__ import annotations

from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.editor.spans import inner_span
from wf_lsp.findings import Edit, Position, Span
from wf_lsp.model import DependencyRef, Workflow
from wf_lsp.spec import job_id_problem

NOT_ON_A_JOB_ID = ("Only a job id can be renamed here: put the cursor on a job's key or on a "
                   "`depends_on` entry")


def job_at(snapshot: Snapshot, pos: Position) -> tuple[Workflow, str, Span] | None:
    """The workflow, job id and token span when `pos` is on a job key or `depends_on` entry."""
    token = snapshot.tokens.at(pos)
    if token is None:
        return None
    if token.kind == "job":
        return token.workflow, token.job.id, token.span
    if token.kind == "dependency":
        return token.workflow, token.ref.name, token.span
    return None


def job_references(workflow: Workflow, job_id: str) -> tuple[DependencyRef, ...]:
    """Every `depends_on` entry naming `job_id`, each place once (aliases share a node)."""
    refs: dict[Span, DependencyRef] = {}
    for job in workflow.jobs:
        for ref in job.depends_on:
            if ref.name == job_id:
                refs.setdefault(ref.span, ref)
    return tuple(refs.values())


def job_declarations(workflow: Workflow, job_id: str) -> tuple[Span, ...]:
    """The key spans of the jobs named `job_id` (more than one when the id is repeated)."""
    return tuple(job.key_span for job in workflow.jobs if job.id == job_id)


def occurrences(workflow: Workflow, job_id: str, declaration: bool) -> list[tuple[Span, bool]]:
    """(span, is_declaration) of every mention of `job_id`, in document order."""
    found = [(span, True) for span in job_declarations(workflow, job_id)] if declaration else []
    found.extend((ref.span, False) for ref in job_references(workflow, job_id))
    return sorted(found, key=lambda item: item[0].start)


def rename_problem(workflow: Workflow, old: str, new: str) -> str | None:
    """Why `new` cannot replace job id `old`, or None when it can."""
    problem = job_id_problem(new)  # the rule WF007 holds the ids written to the same
    if problem:
        return f"`{new}` is not a valid job id: {problem}"
    if new != old and new in workflow.by_id:
        return f"a job named `{new}` already exists"
    return None


def rename_edits(snapshot: Snapshot, workflow: Workflow, old: str, new: str) -> list[Edit]:
    """The edits renaming job `old` to `new`: its key(s) and every reference, quotes kept."""
    spans = {span for span, _ in occurrences(workflow, old, declaration=True)}
    return [Edit(inner_span(snapshot.source, span), new)
            for span in sorted(spans, key=lambda s: s.start)]
