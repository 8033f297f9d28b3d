"""Definition, references, document highlight and rename of job ids, inputs, secret
aliases, matrix variables and env variables (`wf_lsp.editor.navigation`); definition and
references of workflow ids across files (`wf_lsp.editor.calls`).

A rename we will not do is refused with an LSP error whose message says why (clients
show it).
"""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from wf_lsp.editor import calls
from wf_lsp.editor.navigation import NOT_ON_A_SYMBOL, target_at
from wf_lsp.findings import Span
# One way to build a document's WorkspaceEdit (versioned documentChanges, or changes).
from wf_lsp.lsp import workflows
from wf_lsp.lsp.code_actions import text_edit, workspace_edit


class RenameRefused(JsonRpcException):
    """A rename the user asked for but we will not do; the message says why."""

    CODE = types.LSPErrorCodes.RequestFailed


def register(server) -> None:
    """Definition, references, document highlight, prepareRename and rename."""

    def on_symbol(answer, refuse: bool = False, across_files=None):
        """A handler calling `answer(params, session, target)` when the cursor is on a
        symbol (`across_files(params, session, pos)` first, when given: a workflow id's
        answer); elsewhere it answers None, or refuses with a message (renames)."""

        def handler(params):
            request = server.workflow_at(params)
            if request and across_files is not None:
                answered = across_files(params, *request)
                if answered is not None:
                    return answered
            target = target_at(request[0].analysis, request[1]) if request else None
            if target is not None:
                return answer(params, request[0], target)
            if refuse:
                raise RenameRefused(NOT_ON_A_SYMBOL)
            return None

        return handler

    def to_range(session, span: Span) -> types.Range:
        return server.codec.range_to_lsp(session.analysis.source, span)

    def location(session, span: Span) -> types.Location:
        return types.Location(uri=session.uri, range=to_range(session, span))

    def elsewhere(session, place: calls.Place) -> types.Location | None:
        if place.path is None:
            return location(session, place.span)
        uri, source = server.other_file(place.path)
        return None if source is None else types.Location(
            uri=uri, range=server.codec.range_to_lsp(source, place.span))

    def called_workflow(params, session, pos):
        place = calls.definition(session.analysis, pos)
        return [elsewhere(session, place)] if place else None

    def workflow_references(params, session, pos):
        workflow_id = calls.workflow_id_at(session.analysis, pos)
        if workflow_id is None:
            return None
        view = workflows.view_of(server, session)  # the index now, not as last linted
        places = calls.references(view, session.analysis.config.workspace_id, workflow_id,
                                  params.context.include_declaration)
        return [found for place in places if (found := elsewhere(session, place))]

    def definition(params, session, target):
        declared = target.definitions
        return [location(session, declared[0])] if declared else None

    def references(params, session, target):
        mentions = target.mentions(params.context.include_declaration)
        return [location(session, span) for span, _ in mentions]

    def highlight(params, session, target):
        return [
            types.DocumentHighlight(
                range=to_range(session, span),
                kind=types.DocumentHighlightKind.Write if declared else types.DocumentHighlightKind.Read,
            )
            for span, declared in target.mentions(declaration=True)
        ]

    def prepare_rename(params, session, target):
        placeholder = target.placeholder
        if placeholder is None:
            raise RenameRefused(f"Cannot rename `{target.name}` here: it is written with escapes")
        return types.PrepareRenamePlaceholder(range=to_range(session, placeholder),
                                              placeholder=target.name)

    def rename(params, session, target):
        problem = target.rename_problem(params.new_name)
        if problem:
            raise RenameRefused(f"Cannot rename `{target.name}`: {problem}")
        edits = target.rename_edits(params.new_name)
        return workspace_edit(server, session, [text_edit(server, session, e) for e in edits])

    server.feature(types.TEXT_DOCUMENT_DEFINITION)(
        on_symbol(definition, across_files=called_workflow))
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(
        on_symbol(references, across_files=workflow_references))
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)(on_symbol(highlight))
    server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)(on_symbol(prepare_rename, refuse=True))
    server.feature(types.TEXT_DOCUMENT_RENAME)(on_symbol(rename, refuse=True))
