"""Definition, references, document highlight and rename of job ids (`wf_lsp.editor.navigation`).

A rename we will not do is refused with an LSP error whose message says why (clients
show it).
"""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from wf_lsp.editor.navigation import (NOT_ON_A_JOB_ID, job_at, job_declarations, occurrences,
                                      rename_edits, rename_problem)
from wf_lsp.editor.spans import inner_span
from wf_lsp.findings import Span
# One way to build a document's WorkspaceEdit (versioned documentChanges, or changes).
from wf_lsp.lsp.code_actions import text_edit, workspace_edit


class RenameRefused(JsonRpcException):
    """A rename the user asked for but we will not do; the message says why."""

    CODE = types.LSPErrorCodes.RequestFailed


def register(server) -> None:
    """Definition, references, document highlight, prepareRename and rename."""

    def on_job_id(answer, refuse: bool = False):
        """A handler calling `answer(params, session, workflow, job_id, span)` when the cursor
        is on a job id; elsewhere it answers None, or refuses with a message (renames)."""

        def handler(params):
            request = server.workflow_at(params)
            found = job_at(request[0].analysis, request[1]) if request else None
            if found is not None:
                return answer(params, request[0], *found)
            if refuse:
                raise RenameRefused(NOT_ON_A_JOB_ID)
            return None

        return handler

    def to_range(session, span: Span) -> types.Range:
        return server.codec.range_to_lsp(session.analysis.source, span)

    def location(session, span: Span) -> types.Location:
        return types.Location(uri=session.uri, range=to_range(session, span))

    def definition(params, session, workflow, job_id, _span):
        declared = job_declarations(workflow, job_id)
        return [location(session, declared[0])] if declared else None

    def references(params, session, workflow, job_id, _span):
        mentions = occurrences(workflow, job_id, params.context.include_declaration)
        return [location(session, span) for span, _ in mentions]

    def highlight(params, session, workflow, job_id, _span):
        return [
            types.DocumentHighlight(
                range=to_range(session, span),
                kind=types.DocumentHighlightKind.Write if declared else types.DocumentHighlightKind.Read,
            )
            for span, declared in occurrences(workflow, job_id, declaration=True)
        ]

    def prepare_rename(params, session, _workflow, job_id, span):
        inner = inner_span(session.analysis.source, span)
        return types.PrepareRenamePlaceholder(range=to_range(session, inner), placeholder=job_id)

    def rename(params, session, workflow, job_id, _span):
        problem = rename_problem(workflow, job_id, params.new_name)
        if problem:
            raise RenameRefused(f"Cannot rename `{job_id}`: {problem}")
        edits = rename_edits(session.analysis, workflow, job_id, params.new_name)
        return workspace_edit(server, session, [text_edit(server, session, e) for e in edits])

    server.feature(types.TEXT_DOCUMENT_DEFINITION)(on_job_id(definition))
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(on_job_id(references))
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)(on_job_id(highlight))
    server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)(on_job_id(prepare_rename, refuse=True))
    server.feature(types.TEXT_DOCUMENT_RENAME)(on_job_id(rename, refuse=True))
