"""Code actions: quick fixes from the findings' fix data, ignore comments, the editor's
own actions at a place (`wf_lsp.editor.actions`: "Write as 1h30m", "Add a timeout", as
refactorings or as quick fixes of the diagnostic they resolve), and the
`source.fixAll.wf-lsp` and `source.normalizeDurations.wf-lsp` source actions.

A bridge between the core's `Fix`/`Edit` (code points) and LSP `WorkspaceEdit`s. Every
fix comes from the core: quick fixes from the fix data of the current analysis's
diagnostic that the one in the request stands for (by code, range and message:
`diagnostics.current`), fix-all from `wf_lsp.editor.edits`, which runs the one engine
the CLI's `--fix` uses.
Source actions are computed in `codeAction/resolve` when the client resolves edits,
and at once for clients that do not. A fix-all picked from a menu carries the command
`wf-lsp.whatFixAllLeft`, which the client runs once the edit is in: it shows how many
problems remain and why (`window/showMessage`); a fix-all on save stays quiet.
A client that takes no CodeActions in the reply (it declares no
`codeActionLiteralSupport`; LSP allows it Commands only) gets each action as the command
`wf-lsp.applyEdit`, with which the server asks it to apply the edit (`workspace/applyEdit`),
or nothing when it cannot be asked that.
"""

from __future__ import annotations

import logging

from lsprotocol import types

from wf_lsp import gc_policy
from wf_lsp.editor.actions import Action, actions_at
from wf_lsp.editor.edits import (fix_all_edits, has_durations_to_normalize, has_safe_fixes,
                                 normalize_edits, what_remains)
from wf_lsp.editor.ignore_comments import ignore_in_file, ignore_on_line
from wf_lsp.findings import Edit
from wf_lsp.lsp.diagnostics import SOURCE, current
from wf_lsp.lsp.documents import DocumentSession

log = logging.getLogger("wf_lsp")

FIX_ALL = "source.fixAll.wf-lsp"
WHAT_REMAINS = "wf-lsp.whatFixAllLeft"  # a command the server runs: workspace/executeCommand
APPLY_EDIT = "wf-lsp.applyEdit"  # an action for a client that takes Commands only
NORMALIZE = "source.normalizeDurations.wf-lsp"
KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite,
         types.CodeActionKind.Refactor, FIX_ALL, NORMALIZE]
_KINDS = {"rewrite": types.CodeActionKind.RefactorRewrite, "add": types.CodeActionKind.Refactor}
SOURCE_TITLES = {FIX_ALL: "wf-lsp: Fix all auto-fixable problems",
                 NORMALIZE: "wf-lsp: Normalize durations"}
_OFFERS = {FIX_ALL: has_safe_fixes, NORMALIZE: has_durations_to_normalize}  # cheap
_EDITS = {FIX_ALL: fix_all_edits, NORMALIZE: normalize_edits}


def register(server) -> None:
    """Register textDocument/codeAction and codeAction/resolve."""

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=KINDS, resolve_provider=True))
    def code_action(ls, params: types.CodeActionParams):
        session = ls.workflow(params.text_document.uri)
        if session is None:
            return None
        only = params.context.only
        source = session.analysis.source
        # The editor's own actions here (rewrite a value, add a timeout), each a quick fix
        # of the diagnostic it resolves when that diagnostic is in the request.
        at_place: dict[tuple | None, list[Action]] = {}  # by (code, range) of the diagnostic
        ours = {_key(d): d for d in params.context.diagnostics if d.source == SOURCE}
        asked = any(_wanted(kind, only) for kind in (types.CodeActionKind.QuickFix, *_KINDS.values()))
        place = ls.codec.range_from_lsp(source, params.range)
        for action in actions_at(session.analysis, place) if asked else ():
            key = None
            if action.resolves is not None:
                code, span = action.resolves
                key = (code, _key(ls.codec.range_to_lsp(source, span)))
            at_place.setdefault(key if key in ours else None, []).append(action)
        actions: list[types.CodeAction] = []
        if _wanted(types.CodeActionKind.QuickFix, only):
            titles: set[str] = set()
            for diagnostic in params.context.diagnostics:
                if diagnostic.source != SOURCE:
                    continue
                more = [editor_action(ls, session, a, diagnostic)
                        for a in at_place.pop(_key(diagnostic), [])]
                for action in quick_fixes(ls, session, diagnostic, more, titles):
                    if action.title not in titles:  # one "Ignore WF103 on this line" per line
                        titles.add(action.title)
                        actions.append(action)
        # The others (or all, when quick fixes are not asked for) as refactorings.
        for action in (a for group in at_place.values() for a in group):
            if _wanted(_KINDS[action.kind], only):
                actions.append(editor_action(ls, session, action))
        for kind in (FIX_ALL, NORMALIZE):
            if _wanted(kind, only) and _OFFERS[kind](session.analysis):
                action = types.CodeAction(title=SOURCE_TITLES[kind], kind=kind,
                                          data={"uri": session.uri, "kind": kind})
                if kind == FIX_ALL and _picked_from_a_menu(params.context):
                    # Run by the client once the edit is applied: says what is left.
                    action.command = types.Command(title="Say what fix-all left",
                                                   command=WHAT_REMAINS, arguments=[session.uri])
                actions.append(action if ls.client.resolves_edits
                               else resolve_source_action(ls, action))
        return actions if ls.client.action_literals else as_commands(ls, actions)

    @server.feature(types.CODE_ACTION_RESOLVE)
    def code_action_resolve(ls, action: types.CodeAction) -> types.CodeAction:
        return resolve_source_action(ls, action)

    @server.command(APPLY_EDIT)
    async def apply_edit(ls, *arguments) -> None:
        given = arguments[0] if arguments else None
        edit = ls.protocol.structure(given, types.WorkspaceEdit) if isinstance(given, dict) \
            else None
        if edit is not None and (edit.changes or edit.document_changes):  # as given
            await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit))

    @server.command(WHAT_REMAINS)
    def what_remains_after_fix_all(ls, *arguments) -> None:
        uri = arguments[0] if arguments else None
        session = ls.workflow(uri) if isinstance(uri, str) else None
        if session is None:
            return
        left = what_remains(session.analysis)
        log.info("fix-all on %s: %s", uri, left or "no problems remain")
        if left is not None:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Info, message=f"wf-lsp: {left}."))


def as_commands(ls, actions: list[types.CodeAction]) -> list[types.Command]:
    """The actions as Commands that apply their edits, for a client that takes no
    CodeActions; none when it cannot be asked to apply an edit. Fix-all's message of what
    it left is not said: a client may send the change it made after it answers
    workspace/applyEdit (Neovim sends changes up to 150 ms late), and the message would
    count the problems of the text before the fix."""
    if not ls.client.apply_edit:
        return []
    return [types.Command(title=action.title, command=APPLY_EDIT,
                          arguments=[ls.protocol.unstructure(action.edit)])
            for action in actions if action.edit is not None]


def _picked_from_a_menu(context: types.CodeActionContext) -> bool:
    """Whether the user asked for actions to choose from (Ctrl+., Source Action…, Neovim's
    code_action(), the extension's fix-all command), not for fix-all alone: editors run
    that on save (VS Code's codeActionsOnSave, a BufWritePre), where a message each time
    would be noise. The log says what is left either way."""
    if context.trigger_kind == types.CodeActionTriggerKind.Automatic:
        return False
    only = context.only
    return not only or not all(kind == "source.fixAll" or kind.startswith("source.fixAll.")
                               for kind in only)


def _wanted(kind: str, only: list[str] | None) -> bool:
    """Kinds are hierarchical: `source` or `source.fixAll` ask for `source.fixAll.wf-lsp`."""
    if not only:
        return True
    return any(kind == o or kind.startswith(f"{o}.") for o in only)


def resolve_source_action(ls, action: types.CodeAction) -> types.CodeAction:
    """Fill in the edit of a source action, for the document's current version."""
    data = action.data if isinstance(action.data, dict) else {}
    uri, kind = data.get("uri"), data.get("kind")
    session = ls.workflow(uri) if isinstance(uri, str) else None
    if session is None or kind not in SOURCE_TITLES:
        return action
    # Kept with the analysis: a client that does not resolve asks for them with every
    # list of actions, and fix-all lints several times.
    if kind not in session.source_edits:
        with gc_policy.paused():  # fix-all lints several times
            session.source_edits[kind] = [text_edit(ls, session, edit)
                                          for edit in _EDITS[kind](session.analysis)]
    action.edit = workspace_edit(ls, session, session.source_edits[kind])
    return action


def quick_fixes(ls, session: DocumentSession, diagnostic: types.Diagnostic,
                more: list[types.CodeAction] = (),
                offered: set[str] = frozenset()) -> list[types.CodeAction]:
    """The finding's fixes, then `more` (the editor's actions for it), then "Ignore … on
    this line" and "Ignore … in this file"; nothing for a diagnostic that is not one of the
    current version's. An editor action titled as one of the fixes takes its place: the
    same edit, as a snippet where the client takes them ("Add a timeout"). An ignore
    action titled as one in `offered` (for another diagnostic of the request) is left
    out: each reads the file, and a request for every diagnostic of a file would read it
    once per diagnostic."""
    fixes = _fixes_for(ls, session, diagnostic)
    if fixes is None:
        return []
    code = str(diagnostic.code)
    actions = []
    instead = {action.title: action for action in more}
    for fix in fixes:
        if fix["title"] in instead:
            actions.append(instead.pop(fix["title"]))
            continue
        edits = [types.TextEdit(range=_range(e["range"]), new_text=e["newText"]) for e in fix["edits"]]
        # A fix of another document (the workflow a call names) edits that one.
        edit = (workspace_edit(ls, session, edits) if "uri" not in fix
                else other_document_edit(ls, fix["uri"], edits))
        actions.append(types.CodeAction(
            title=fix["title"], kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
            is_preferred=fix["safe"] or None, edit=edit))
    actions.extend(instead.values())
    snapshot = session.analysis
    line = ls.codec.from_lsp(snapshot.source, diagnostic.range.start).line
    for title, edit_of in (
            (f"Ignore {code} on this line", lambda: ignore_on_line(snapshot, code, line)),
            (f"Ignore {code} in this file", lambda: ignore_in_file(snapshot, code))):
        if title in offered:
            continue
        edit = edit_of()
        if edit is not None:
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=workspace_edit(ls, session, [text_edit(ls, session, edit)])))
    return actions


def editor_action(ls, session: DocumentSession, action: Action,
                  diagnostic: types.Diagnostic | None = None) -> types.CodeAction:
    """An action of `wf_lsp.editor.actions`: a quick fix of `diagnostic` when given; its
    placeholder a snippet tab stop where the client takes snippet edits."""
    if action.snippet is not None and ls.client.snippet_edits and ls.client.document_changes:
        edit = types.SnippetTextEdit(
            range=ls.codec.range_to_lsp(session.analysis.source, action.edit.span),
            snippet=types.StringValue(action.snippet))
    else:
        edit = text_edit(ls, session, action.edit)
    return types.CodeAction(
        title=action.title,
        kind=types.CodeActionKind.QuickFix if diagnostic is not None else _KINDS[action.kind],
        diagnostics=[diagnostic] if diagnostic is not None else None,
        edit=workspace_edit(ls, session, [edit]))


def _key(item: types.Diagnostic | types.Range) -> tuple:
    """A diagnostic as (code, range) or a range as a tuple, to find them by."""
    if isinstance(item, types.Diagnostic):
        return (str(item.code), _key(item.range))
    return (item.start.line, item.start.character, item.end.line, item.end.character)


def _fixes_for(ls, session: DocumentSession, diagnostic: types.Diagnostic) -> list[dict] | None:
    """The fixes of the diagnostic's finding in the current version, or None when the
    current version has no such finding (the diagnostic is stale)."""
    found = current(ls, session, diagnostic)
    return None if found is None else found.fixes


def text_edit(ls, session: DocumentSession, edit: Edit) -> types.TextEdit:
    """A core edit as an LSP one, in the client's encoding."""
    return types.TextEdit(range=ls.codec.range_to_lsp(session.analysis.source, edit.span),
                          new_text=edit.new_text)


def _range(data: dict) -> types.Range:
    return types.Range(
        start=types.Position(data["start"]["line"], data["start"]["character"]),
        end=types.Position(data["end"]["line"], data["end"]["character"]))


def other_document_edit(ls, uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    """Edits of a document other than the one asked about: versioned to the editor's
    text when it is open, else of the file on disk (version null)."""
    if ls.client.document_changes:
        session = ls.session(uri)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=session.version if session else None),
            edits=edits)])
    return types.WorkspaceEdit(changes={uri: edits})


def workspace_edit(ls, session: DocumentSession,
                   edits: list[types.TextEdit | types.SnippetTextEdit]) -> types.WorkspaceEdit:
    """A TextDocumentEdit versioned to the analysed text, or `changes` for older clients."""
    if ls.client.document_changes:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=session.uri, version=session.analysed_version),
            edits=edits)])
    return types.WorkspaceEdit(changes={session.uri: edits})
