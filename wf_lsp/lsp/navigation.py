"""Job ids as symbols: go to definition, find references, highlight, rename.

A job is declared by its key under `jobs` and referenced by `depends_on` entries; the
cursor may be on either. Rename changes the key and every reference at once, and refuses
a name that is not a valid job id or that another job already has, with a message that
says so (an LSP error, which clients show).
"""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from wf_lsp.findings import Position, Span
from wf_lsp.linter import LintResult
from wf_lsp.lsp import cursor
# One way to build a document's WorkspaceEdit (versioned documentChanges, or changes).
from wf_lsp.lsp.code_actions import workspace_edit
from wf_lsp.model import Workflow

# Letters, digits, `_` and `-`, starting with a letter or `_`: what reads as the same
# plain string in YAML and in expressions, and never needs quoting.
JOB_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# Plain scalars YAML 1.2 reads as something other than a string.
_NOT_STRINGS = frozenset(("true", "false", "null"))


class RenameRefused(JsonRpcException):
    """A rename the user asked for but we will not do; the message says why."""

    CODE = types.LSPErrorCodes.RequestFailed


def job_at(result: LintResult, pos: Position) -> tuple[Workflow, str, Span] | None:
    """The workflow, job id and token span when `pos` is on a job key or `depends_on` entry."""
    token = cursor.token_at(result, pos)
    if token is None:
        return None
    if token.kind == "job":
        return token.workflow, token.job.id, token.span
    if token.kind == "dependency":
        return token.workflow, token.ref.name, token.span
    return None


def occurrences(workflow: Workflow, job_id: str, declaration: bool) -> list[tuple[Span, bool]]:
    """(span, is_declaration) of every mention of `job_id`, in document order."""
    found = [(span, True) for span in cursor.job_declarations(workflow, job_id)] if declaration else []
    found.extend((ref.span, False) for ref in cursor.job_references(workflow, job_id))
    return sorted(found, key=lambda item: item[0].start)


def rename_problem(workflow: Workflow, old: str, new: str) -> str | None:
    """Why `new` cannot replace job id `old`, or None when it can."""
    if not JOB_ID.fullmatch(new):
        return (f"`{new}` is not a valid job id: use letters, digits, `_` and `-`, "
                "starting with a letter or `_`")
    if new.lower() in _NOT_STRINGS:
        return f"`{new}` is not a valid job id: YAML reads it as {new.lower()}, not as a name"
    if new != old and new in workflow.by_id:
        return f"a job named `{new}` already exists"
    return None


def rename_edits(result: LintResult, workflow: Workflow, old: str, new: str) -> list[tuple[Span, str]]:
    """The edits renaming job `old` to `new`: its key(s) and every reference, quotes kept."""
    spans = {span for span, _ in occurrences(workflow, old, declaration=True)}
    return [(cursor.inner_span(result.source, span), new) for span in sorted(spans, key=lambda s: s.start)]


def register(server) -> None:
    """Definition, references, document highlight, prepareRename and rename."""

    def on_job_id(answer, refuse: bool = False):
        """A handler calling `answer(params, analysis, workflow, job_id, span)` when the cursor
        is on a job id; elsewhere it answers None, or refuses with a message (renames)."""

        def handler(params):
            request = cursor.request_at(server, params)
            found = job_at(request[0].result, request[1]) if request else None
            if found is not None:
                return answer(params, request[0], *found)
            if refuse:
                raise RenameRefused("Only a job id can be renamed here: put the cursor on a "
                                    "job's key or on a `depends_on` entry")
            return None

        return handler

    def location(analysis, span: Span) -> types.Location:
        return types.Location(uri=analysis.uri, range=server.codec.range_to_lsp(analysis.source, span))

    def definition(params, analysis, workflow, job_id, _span):
        declared = cursor.job_declarations(workflow, job_id)
        return [location(analysis, declared[0])] if declared else None

    def references(params, analysis, workflow, job_id, _span):
        mentions = occurrences(workflow, job_id, params.context.include_declaration)
        return [location(analysis, span) for span, _ in mentions]

    def highlight(params, analysis, workflow, job_id, _span):
        return [
            types.DocumentHighlight(
                range=server.codec.range_to_lsp(analysis.source, span),
                kind=types.DocumentHighlightKind.Write if declared else types.DocumentHighlightKind.Read,
            )
            for span, declared in occurrences(workflow, job_id, declaration=True)
        ]

    def prepare_rename(params, analysis, _workflow, job_id, span):
        inner = cursor.inner_span(analysis.source, span)
        return types.PrepareRenamePlaceholder(
            range=server.codec.range_to_lsp(analysis.source, inner), placeholder=job_id,
        )

    def rename(params, analysis, workflow, job_id, _span):
        problem = rename_problem(workflow, job_id, params.new_name)
        if problem:
            raise RenameRefused(f"Cannot rename `{job_id}`: {problem}")
        edits = [
            types.TextEdit(range=server.codec.range_to_lsp(analysis.source, span), new_text=text)
            for span, text in rename_edits(analysis.result, workflow, job_id, params.new_name)
        ]
        return workspace_edit(server, analysis, edits)

    server.feature(types.TEXT_DOCUMENT_DEFINITION)(on_job_id(definition))
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(on_job_id(references))
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)(on_job_id(highlight))
    server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)(on_job_id(prepare_rename, refuse=True))
    server.feature(types.TEXT_DOCUMENT_RENAME)(on_job_id(rename, refuse=True))
