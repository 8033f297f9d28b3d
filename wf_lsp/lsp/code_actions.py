"""Code actions: quick fixes from the findings' fix data, ignore comments, fix-all and
normalize-durations source actions. Every edit comes from the core's one fix engine;
nothing here is computed lazily, so clients without codeAction/resolve get it all."""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.findings import Edit, Position, Span
from wf_lsp.fixes import fix_until_stable, replace_value
from wf_lsp.linter import lint_text
from wf_lsp.lsp.diagnostics import SOURCE, fix_data
from wf_lsp.lsp.documents import Analysis
from wf_lsp.parse import Source
from wf_lsp.suppression import COMMENT

FIX_ALL = "source.fixAll.wf-lsp"
NORMALIZE = "source.normalizeDurations.wf-lsp"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL, NORMALIZE]


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=KINDS, resolve_provider=False))
    def code_action(ls, params: types.CodeActionParams):
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return None
        only = params.context.only
        actions: list[types.CodeAction] = []
        if _wanted(types.CodeActionKind.QuickFix, only):
            for diagnostic in params.context.diagnostics:
                if diagnostic.source == SOURCE:
                    actions.extend(quick_fixes(ls, analysis, diagnostic))
        for kind, build in ((FIX_ALL, fix_all_edit), (NORMALIZE, normalize_edit)):
            if _wanted(kind, only):
                edits = build(ls, analysis)
                if edits:
                    title = ("wf-lsp: Fix all auto-fixable problems" if kind == FIX_ALL
                             else "wf-lsp: Normalize durations")
                    actions.append(types.CodeAction(
                        title=title, kind=kind, edit=_workspace_edit(ls, analysis, edits)))
        return actions


def _wanted(kind: str, only: list[str] | None) -> bool:
    """Kinds are hierarchical: `source` asks for `source.fixAll.wf-lsp` too."""
    if not only:
        return True
    return any(kind == o or kind.startswith(f"{o}.") for o in only)


def quick_fixes(ls, analysis: Analysis, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    code = str(diagnostic.code)
    actions = []
    for fix in _fixes_for(ls, analysis, diagnostic):
        edits = [types.TextEdit(range=_range(e["range"]), new_text=e["newText"]) for e in fix["edits"]]
        actions.append(types.CodeAction(
            title=fix["title"], kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
            is_preferred=fix["safe"] or None, edit=_workspace_edit(ls, analysis, edits)))
    line = ls.codec.from_lsp(analysis.source, diagnostic.range.start).line
    for title, edit in ((f"Ignore {code} on this line", _ignore_on_line(analysis, code, line)),
                        (f"Ignore {code} in this file", _ignore_in_file(analysis, code))):
        if edit is not None:
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=_workspace_edit(ls, analysis, [_text_edit(ls, analysis.source, edit)])))
    return actions


def _fixes_for(ls, analysis: Analysis, diagnostic: types.Diagnostic) -> list[dict]:
    data = diagnostic.data
    if isinstance(data, dict) and data.get("version") == analysis.version and "fixes" in data:
        return data["fixes"]
    # No data (a client without dataSupport) or an older version: find the finding.
    for finding in analysis.result.findings:
        if (finding.code == str(diagnostic.code)
                and ls.codec.range_to_lsp(analysis.source, finding.span) == diagnostic.range):
            return [fix_data(ls.codec, analysis, fix) for fix in finding.fixes]
    return []


def _ignore_on_line(analysis: Analysis, code: str, line: int) -> Edit | None:
    """Extend the line's `# wf-lsp: ignore[...]`, or add one after what the line has."""
    text = analysis.source.line_text(line)
    match = COMMENT.search(text)
    if match is not None and match.group(1) == "ignore":
        if match.group(2) is None:
            return None  # a bare ignore already covers every code
        end = match.end(2)
        return Edit(Span.of(line, end, line, end), f", {code}")
    end = len(text)
    return Edit(Span.of(line, end, line, end), f"  # wf-lsp: ignore[{code}]")


def _ignore_in_file(analysis: Analysis, code: str) -> Edit:
    lines = analysis.source.lines
    for number, line in enumerate(lines):
        match = COMMENT.search(line)
        if match is not None and match.group(1) == "ignore-file" and match.group(2) is not None:
            end = match.end(2)
            return Edit(Span.of(number, end, number, end), f", {code}")
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    return Edit(Span.of(0, 0, 0, 0), f"# wf-lsp: ignore-file[{code}]{newline}")


def fix_all_edit(ls, analysis: Analysis) -> list[types.TextEdit]:
    """Every safe fix, applied until stable, as one minimal edit."""
    if not any(f.safe_fix for f in analysis.result.findings):
        return []
    path, config = analysis.result.path, analysis.config
    outcome = fix_until_stable(analysis.source.text,
                               lambda text: lint_text(text, path, config).findings)
    return _minimal_edit(ls, analysis.source, outcome.text)


def normalize_edit(ls, analysis: Analysis) -> list[types.TextEdit]:
    """Every valid duration in canonical form."""
    edits = []
    for workflow in analysis.workflows:
        for value in workflow.durations:
            canonical = value.check.canonical
            if canonical is not None and value.text != canonical:
                edit = replace_value(analysis.source, value.span, value.style, value.text, canonical)
                edits.append(_text_edit(ls, analysis.source, edit))
    return edits


def _minimal_edit(ls, source: Source, new_text: str) -> list[types.TextEdit]:
    old = source.text
    if old == new_text:
        return []
    start = 0
    limit = min(len(old), len(new_text))
    while start < limit and old[start] == new_text[start]:
        start += 1
    end_old, end_new = len(old), len(new_text)
    while end_old > start and end_new > start and old[end_old - 1] == new_text[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    span = Span(_position(source, start), _position(source, end_old))
    return [_text_edit(ls, source, Edit(span, new_text[start:end_new]))]


def _position(source: Source, offset: int) -> Position:
    for number, line in enumerate(source.lines):
        if offset < len(line) or (offset == len(line) and not line.endswith(("\n", "\r"))):
            # An offset inside a line ending counts as the end of the line's text.
            return Position(number, min(offset, len(line.rstrip("\r\n"))))
        offset -= len(line)
    return source.end()


def _text_edit(ls, source: Source, edit: Edit) -> types.TextEdit:
    return types.TextEdit(range=ls.codec.range_to_lsp(source, edit.span), new_text=edit.new_text)


def _range(data: dict) -> types.Range:
    return types.Range(
        start=types.Position(data["start"]["line"], data["start"]["character"]),
        end=types.Position(data["end"]["line"], data["end"]["character"]))


def _workspace_edit(ls, analysis: Analysis, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    if ls._client_can("workspace.workspace_edit.document_changes"):
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=analysis.uri, version=analysis.version),
            edits=edits)])
    return types.WorkspaceEdit(changes={analysis.uri: edits})
