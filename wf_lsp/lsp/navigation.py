"""Definition, references, document highlight and rename of job ids, inputs, secret
aliases, matrix variables and env variables (`wf_lsp.editor.navigation`); definition and
references of workflow ids across files (`wf_lsp.editor.calls`). An input is also named
by its callers' `workflow.inputs` keys: from one of those, the requests answer for the
input in the called workflow's file (open, or read from disk), and references and rename
of an input take in the keys of every caller (a rename is then a WorkspaceEdit of
several documents).

A rename we will not do is refused with an LSP error whose message says why (clients
show it).
"""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from wf_lsp.editor import calls, names
from wf_lsp.editor.navigation import NOT_ON_A_SYMBOL, Target, target_at
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Span
# One way to build a document's WorkspaceEdit (versioned documentChanges, or changes).
from wf_lsp.lsp import workflows
from wf_lsp.lsp.code_actions import other_document_edit, workspace_edit
from wf_lsp.records import record
from wf_lsp.semantics import INPUTS


class RenameRefused(JsonRpcException):
    """A rename the user asked for but we will not do; the message says why."""

    CODE = types.LSPErrorCodes.RequestFailed


@record
class Home:
    """A symbol and the document it is declared in (the one asked about, or the file of
    the workflow whose input a call passes)."""

    uri: str
    snapshot: Snapshot
    target: Target
    placeholder: Span | None  # what a rename replaces under the cursor, in the document asked
    # about; None where the name is written with escapes


def _joined(edits: list[types.WorkspaceEdit]) -> types.WorkspaceEdit:
    """One WorkspaceEdit of the documents of several (each of one document)."""
    if any(edit.document_changes for edit in edits):
        return types.WorkspaceEdit(document_changes=[
            change for edit in edits for change in edit.document_changes])
    return types.WorkspaceEdit(changes={uri: found for edit in edits
                                        for uri, found in edit.changes.items()})


def register(server) -> None:
    """Definition, references, document highlight, prepareRename and rename."""

    def home_of(session, pos) -> Home | None:
        """The symbol at `pos`: in the document, or the input a call's key there passes."""
        target = target_at(session.analysis, pos)
        if target is not None:
            return Home(session.uri, session.analysis, target, target.placeholder)
        passed = calls.passed_at(session.analysis, pos)
        if passed is None:
            return None
        uri, source = server.other_file(passed.callee.path)
        if source is None:
            return None
        if uri == session.uri:
            snapshot = session.analysis
        else:
            other = server.workflow(uri)
            snapshot = other.analysis if other is not None else server.lint(uri, source.text)
        target = target_at(snapshot, passed.input.span.start)
        key = names.edit_span(session.analysis.source, passed.argument.key_span, passed.input.name)
        return Home(uri, snapshot, target, key) if target is not None else None

    def on_symbol(answer, refuse: bool = False, across_files=None, indexed: bool = False):
        """A handler calling `answer(params, session, home)` when the cursor is on a
        symbol (`across_files(params, session, pos)` first, when given: a workflow id's
        answer); elsewhere in a workflow it answers None, or refuses with a message
        (renames); in other YAML, None: what can be renamed in a workflow means nothing in
        a Compose file, and the editor says the element cannot be renamed. An answer that
        reads other files (`indexed`) waits for the workspace's index (`server.until_indexed`)."""

        def answered(params):
            request = server.workflow_at(params)
            if request and across_files is not None:
                answered = across_files(params, *request)
                if answered is not None:
                    return answered
            home = home_of(*request) if request else None
            if home is not None:
                return answer(params, request[0], home)
            if refuse and request:
                raise RenameRefused(NOT_ON_A_SYMBOL)
            return None

        if not indexed:
            return answered

        async def handler(params):
            await server.until_indexed(params.text_document.uri)
            return answered(params)

        return handler

    def to_range(source, span: Span) -> types.Range:
        return server.codec.range_to_lsp(source, span)

    def location(home: Home, span: Span) -> types.Location:
        return types.Location(uri=home.uri, range=to_range(home.snapshot.source, span))

    def in_file(uri: str, source, place: calls.Place):
        """The uri and text of a place (a place without a path: `uri`, `source`)."""
        return (uri, source) if place.path is None else server.other_file(place.path)

    def located(uri: str, source, place: calls.Place) -> types.Location | None:
        uri, source = in_file(uri, source, place)
        return None if source is None else types.Location(uri=uri,
                                                          range=to_range(source, place.span))

    def elsewhere(session, place: calls.Place) -> types.Location | None:
        return located(session.uri, session.analysis.source, place)

    def called_workflow(params, session, pos):
        place = calls.definition(session.analysis, pos)
        # None when the callee's file cannot be read (gone, and no watcher said so): a
        # `[null]` was an invalid reply, an error in the editor.
        found = elsewhere(session, place) if place else None
        return [found] if found else None

    def workflow_references(params, session, pos):
        workflow_id = calls.workflow_id_at(session.analysis, pos)
        if workflow_id is None:
            return None
        view = workflows.view_of(server, session)  # the index now, not as last linted
        places = calls.references(view, session.analysis.config.workspace_id, workflow_id,
                                  params.context.include_declaration)
        return [found for place in places if (found := elsewhere(session, place))]

    def callers_keys(home: Home):
        """The view from the home document, the workflow declaring the input, and the
        callers' keys passing it ((None, None, []) for other symbols)."""
        symbol = home.target.occurrence.symbol if home.target.occurrence else None
        entry = (calls.entry_of(home.snapshot, symbol.workflow)
                 if symbol and symbol.context == INPUTS else None)
        if entry is None:
            return None, None, []
        # The index now (the home document's workflows from its text), not as last linted.
        path = workflows.path_of(home.uri)
        view = workflows.project_of(server, path).view(path or "", home.snapshot.result.entries)
        places = calls.input_arguments(view, home.snapshot.config.workspace_id, entry,
                                       symbol.name)
        return view, entry, places

    def definition(params, session, home):
        declared = home.target.definitions
        return [location(home, declared[0])] if declared else None

    def references(params, session, home):
        mentions = home.target.mentions(params.context.include_declaration)
        found = [location(home, span) for span, _ in mentions]
        _, _, places = callers_keys(home)
        found.extend(key for place in places
                     if (key := located(home.uri, home.snapshot.source, place)))
        return found

    def highlight(params, session, home):
        if home.uri != session.uri:
            return None
        return [
            types.DocumentHighlight(
                range=to_range(home.snapshot.source, span),
                kind=types.DocumentHighlightKind.Write if declared else types.DocumentHighlightKind.Read,
            )
            for span, declared in home.target.mentions(declaration=True)
        ]

    def prepare_rename(params, session, home):
        name = home.target.name
        if home.placeholder is None:
            raise RenameRefused(f"Cannot rename `{name}` here: it is written with escapes")
        if home.target.fixed:
            raise RenameRefused(f"Cannot rename `{name}`: {home.target.fixed}")
        return types.PrepareRenamePlaceholder(
            range=to_range(session.analysis.source, home.placeholder), placeholder=name)

    def rename(params, session, home):
        target, new = home.target, params.new_name
        view, entry, places = callers_keys(home)
        problem = target.rename_problem(new) or (entry and calls.argument_rename_problem(
            view, home.snapshot.config.workspace_id, entry, target.name, new))
        if problem:
            raise RenameRefused(f"Cannot rename `{target.name}`: {problem}")
        source = home.snapshot.source
        by_uri: dict[str, list[types.TextEdit]] = {home.uri: [
            types.TextEdit(range=to_range(source, e.span), new_text=e.new_text)
            for e in target.rename_edits(new)]}
        for place in places:
            uri, text = in_file(home.uri, source, place)
            span = names.edit_span(text, place.span, target.name) if text is not None else None
            if span is None:
                where = (view.shown(place.path, workflows.path_of(home.uri)) if place.path
                         else "this file")
                raise RenameRefused(f"Cannot rename `{target.name}`: the key passing it on line "
                                    f"{place.span.start.line + 1} of {where} is written with "
                                    "escapes or across lines: rename it there by hand first")
            by_uri.setdefault(uri, []).append(types.TextEdit(range=to_range(text, span),
                                                             new_text=new))
        return _joined([workspace_edit(server, session, edits) if uri == session.uri else
                        other_document_edit(server, uri, edits)
                        for uri, edits in by_uri.items()])

    server.feature(types.TEXT_DOCUMENT_DEFINITION)(
        on_symbol(definition, across_files=called_workflow, indexed=True))
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(
        on_symbol(references, across_files=workflow_references, indexed=True))
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)(on_symbol(highlight))
    server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)(on_symbol(prepare_rename, refuse=True))
    server.feature(types.TEXT_DOCUMENT_RENAME)(on_symbol(rename, refuse=True, indexed=True))
