"""Code actions: quick fixes from the findings' fix data, ignore comments, and the
`source.fixAll.wf-lsp` and `source.normalizeDurations.wf-lsp` source actions.

A bridge between the core's `Fix`/`Edit` (code points) and LSP `WorkspaceEdit`s. Every
fix comes from the core: quick fixes from the diagnostic's `data` (or, for clients
without dataSupport, from the finding the diagnostic matches in the current analysis),
fix-all from `wf_lsp.fixes.fix_until_stable`, the one engine the CLI's `--fix` uses.
Source actions are computed in `codeAction/resolve` when the client resolves edits,
and at once for clients that do not.
"""

from __future__ import annotations

from lsprotocol import types

from wf_lsp.findings import Edit, Position, Span
from wf_lsp.fixes import fix_until_stable, replace_value
from wf_lsp.linter import lint_text
from wf_lsp.lsp.diagnostics import SOURCE, fix_data
from wf_lsp.lsp.documents import Analysis
from wf_lsp.lsp.positions import Codec
from wf_lsp.parse import Source
from wf_lsp.suppression import COMMENT

FIX_ALL = "source.fixAll.wf-lsp"
NORMALIZE = "source.normalizeDurations.wf-lsp"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL, NORMALIZE]
SOURCE_TITLES = {FIX_ALL: "wf-lsp: Fix all auto-fixable problems",
                 NORMALIZE: "wf-lsp: Normalize durations"}


def register(server) -> None:
    """Register textDocument/codeAction and codeAction/resolve."""

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=KINDS, resolve_provider=True))
    def code_action(ls, params: types.CodeActionParams):
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return None
        only = params.context.only
        actions: list[types.CodeAction] = []
        if _wanted(types.CodeActionKind.QuickFix, only):
            titles: set[str] = set()
            for diagnostic in params.context.diagnostics:
                if diagnostic.source != SOURCE:
                    continue
                for action in quick_fixes(ls, analysis, diagnostic):
                    if action.title not in titles:  # one "Ignore WF103 on this line" per line
                        titles.add(action.title)
                        actions.append(action)
        resolves = _client_resolves_edits(ls)
        for kind in (FIX_ALL, NORMALIZE):
            if _wanted(kind, only) and _offers(kind, analysis):
                action = types.CodeAction(title=SOURCE_TITLES[kind], kind=kind,
                                          data={"uri": analysis.uri, "kind": kind})
                actions.append(action if resolves else resolve_source_action(ls, action))
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    def code_action_resolve(ls, action: types.CodeAction) -> types.CodeAction:
        return resolve_source_action(ls, action)


def _client_resolves_edits(ls) -> bool:
    text = ls.client_capabilities.text_document
    support = text.code_action.resolve_support if text and text.code_action else None
    return bool(support and "edit" in support.properties)


def _wanted(kind: str, only: list[str] | None) -> bool:
    """Kinds are hierarchical: `source` or `source.fixAll` ask for `source.fixAll.wf-lsp`."""
    if not only:
        return True
    return any(kind == o or kind.startswith(f"{o}.") for o in only)


def _offers(kind: str, analysis: Analysis) -> bool:
    """Cheap: whether the source action would change anything."""
    if kind == FIX_ALL:
        return any(f.safe_fix for f in analysis.result.findings)
    return any(_normalized(value) for w in analysis.workflows for value in w.durations)


def _normalized(value) -> str | None:
    """The canonical form of a valid duration written otherwise, else None."""
    canonical = value.check.canonical
    return canonical if canonical is not None and value.text != canonical else None


def resolve_source_action(ls, action: types.CodeAction) -> types.CodeAction:
    """Fill in the edit of a source action, for the document's current version."""
    data = action.data if isinstance(action.data, dict) else {}
    uri, kind = data.get("uri"), data.get("kind")
    analysis = ls.analysis(uri) if isinstance(uri, str) else None
    if analysis is None or kind not in SOURCE_TITLES:
        return action
    action.edit = workspace_edit(ls, analysis, _source_edits(ls, analysis, kind))
    return action


# The last edits of each source action: a client that does not resolve asks for them
# with every list of actions, and fix-all lints several times.
_last_source_edits: dict[str, tuple[Analysis, Codec, list[types.TextEdit]]] = {}


def _source_edits(ls, analysis: Analysis, kind: str) -> list[types.TextEdit]:
    last = _last_source_edits.get(kind)
    if last is not None and last[0] is analysis and last[1] == ls.codec:
        return last[2]
    edits = fix_all_edits(ls, analysis) if kind == FIX_ALL else normalize_edits(ls, analysis)
    _last_source_edits[kind] = (analysis, ls.codec, edits)
    return edits


# -- quick fixes ---------------------------------------------------------------------------

def quick_fixes(ls, analysis: Analysis, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    """The finding's fixes, then "Ignore … on this line" and "Ignore … in this file";
    nothing for a diagnostic that is not one of the current version's."""
    fixes = _fixes_for(ls, analysis, diagnostic)
    if fixes is None:
        return []
    code = str(diagnostic.code)
    actions = []
    for fix in fixes:
        edits = [types.TextEdit(range=_range(e["range"]), new_text=e["newText"]) for e in fix["edits"]]
        actions.append(types.CodeAction(
            title=fix["title"], kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
            is_preferred=fix["safe"] or None, edit=workspace_edit(ls, analysis, edits)))
    line = ls.codec.from_lsp(analysis.source, diagnostic.range.start).line
    for title, edit in ((f"Ignore {code} on this line", ignore_on_line(analysis, code, line)),
                        (f"Ignore {code} in this file", ignore_in_file(analysis, code))):
        if edit is not None:
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=workspace_edit(ls, analysis, [_text_edit(ls, analysis.source, edit)])))
    return actions


def _fixes_for(ls, analysis: Analysis, diagnostic: types.Diagnostic) -> list[dict] | None:
    """The fixes of the diagnostic's finding in the current version, or None when the
    current version has no such finding (the diagnostic is stale)."""
    data = diagnostic.data
    if (isinstance(data, dict) and data.get("version") == analysis.version
            and _valid_fixes(data.get("fixes"))):
        return data["fixes"]
    # No data (a client without dataSupport), data of another version, or data we did
    # not write: the finding with the same code and range in the current version.
    for finding in analysis.result.findings:
        if (finding.code == str(diagnostic.code)
                and ls.codec.range_to_lsp(analysis.source, finding.span) == diagnostic.range):
            return [fix_data(ls.codec, analysis, fix) for fix in finding.fixes]
    return None


def _valid_fixes(fixes: object) -> bool:
    """Whether `fixes` has the shape `fix_data` writes (a client echoes it back)."""
    def position(p) -> bool:
        return (isinstance(p, dict) and isinstance(p.get("line"), int)
                and isinstance(p.get("character"), int))

    return isinstance(fixes, list) and all(
        isinstance(fix, dict) and isinstance(fix.get("title"), str)
        and isinstance(fix.get("safe"), bool) and isinstance(fix.get("edits"), list)
        and all(isinstance(e, dict) and isinstance(e.get("newText"), str)
                and isinstance(e.get("range"), dict)
                and position(e["range"].get("start")) and position(e["range"].get("end"))
                for e in fix["edits"])
        for fix in fixes)


# -- ignore comments -----------------------------------------------------------------------

def ignore_on_line(analysis: Analysis, code: str, line: int) -> Edit | None:
    """Extend the line's `# wf-lsp: ignore[...]`, or add one after what the line has.

    When the line ends inside a multi-line string, a `#` there would be text, so the
    comment goes alone on the line above (which covers the next line); inside a block
    scalar's text there is no place for a comment, and None is returned.
    """
    source = analysis.source
    text = source.line_text(line)
    shape = _line_shape(analysis, line)
    if shape.in_text:
        return None
    comment = shape.comment
    if comment is not None:
        match = COMMENT.search(text, max(comment - 1, 0))
        if match is not None and match.group(1) == "ignore":
            if not (match.group(2) or "").strip():
                return None  # a bare ignore already covers every code
            end = match.end(2)
            return Edit(Span.of(line, end, line, end), f", {code}")
    if shape.open_at_end:
        indent = len(text) - len(text.lstrip(" "))
        return Edit(Span.of(line, 0, line, 0),
                    f"{' ' * indent}# wf-lsp: ignore[{code}]{_newline(source)}")
    stripped = len(text.rstrip())
    return Edit(Span.of(line, stripped, line, len(text)), f"  # wf-lsp: ignore[{code}]")


def ignore_in_file(analysis: Analysis, code: str) -> Edit:
    """Extend the file's `# wf-lsp: ignore-file[...]`, or add one after the leading comments."""
    lines = analysis.source.lines
    for number, line in enumerate(lines):
        if not line.lstrip().startswith("#"):
            continue
        match = COMMENT.search(line)
        if match is not None and match.group(1) == "ignore-file" and (match.group(2) or "").strip():
            end = match.end(2)
            return Edit(Span.of(number, end, number, end), f", {code}")
    # After a leading comment block (a header, a schema modeline), before the content.
    first = 0
    while first < len(lines) and lines[first].lstrip().startswith("#"):
        first += 1
    if first == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        end = len(lines[-1])  # only comments, and no final newline: start a new line
        return Edit(Span.of(first - 1, end, first - 1, end),
                    f"{_newline(analysis.source)}# wf-lsp: ignore-file[{code}]")
    return Edit(Span.of(first, 0, first, 0),
                f"# wf-lsp: ignore-file[{code}]{_newline(analysis.source)}")


def _newline(source: Source) -> str:
    """The document's own line ending."""
    first = source.lines[0] if source.lines else ""
    return "\r\n" if first.endswith("\r\n") else "\r" if first.endswith("\r") else "\n"


class _LineShape:
    """Where a comment can go on one line: `comment` is the column of the line's real
    comment (not a `#` inside a quoted string); `open_at_end` when the line ends inside
    a multi-line scalar; `in_text` when the line is text of a block or multi-line scalar."""

    def __init__(self) -> None:
        self.comment: int | None = None
        self.open_at_end = False
        self.in_text = False


def _line_shape(analysis: Analysis, line: int) -> _LineShape:
    shape = _LineShape()
    text = analysis.source.line_text(line)
    inside: list[tuple[int, int]] = []  # columns covered by scalars on this line
    parsed = analysis.result.parsed
    # After a syntax error only a prefix of the text was composed into nodes.
    read_up_to = (float("inf") if parsed.error is None else
                  min([parsed.error.span.start.line] + [r.end_mark.line for r in parsed.roots]))
    if line < read_up_to:
        for node in _scalars_on_line(parsed.roots, line):
            start, end = node.start_mark, node.end_mark
            if node.style in ("|", ">"):
                # The header line takes a comment; the lines of text after it do not.
                if start.line < line:
                    shape.in_text = True
                continue
            if start.line < line:
                if end.line > line:
                    shape.in_text = True  # a middle line of a multi-line string
                    return shape
                inside.append((0, end.column))
            elif end.line > line:
                shape.open_at_end = True
                inside.append((start.column, len(text)))
            else:
                inside.append((start.column, end.column))
    else:  # no nodes here: read the quotes on the line
        inside = _quoted_runs(text)
        if inside and inside[-1][1] > len(text):
            shape.open_at_end = True
    for column, char in enumerate(text):
        if (char == "#" and (column == 0 or text[column - 1] in " \t")
                and not any(a <= column < b for a, b in inside)):
            shape.comment = column
            break
    return shape


def _scalars_on_line(roots, line: int):
    """Scalar nodes whose text touches `line`, skipping subtrees that cannot."""
    stack, seen = list(roots), set()
    while stack:
        node = stack.pop()
        if id(node) in seen or not (node.start_mark.line <= line <= node.end_mark.line):
            continue
        seen.add(id(node))
        if node.id == "scalar":
            if not (node.end_mark.line == line and node.end_mark.column == 0
                    and node.start_mark.line < line):
                yield node
        elif node.id == "sequence":
            stack.extend(node.value)
        else:
            for key, value in node.value:
                stack.extend((key, value))


def _quoted_runs(text: str) -> list[tuple[int, int]]:
    """Column ranges of quoted scalars on one line; an unclosed one runs past the end."""
    runs, column = [], 0
    while column < len(text):
        char = text[column]
        before = text[:column].rstrip()
        if char in "'\"" and (not before or before[-1] in ":-[{,?"):
            end = column + 1
            while end < len(text):
                if char == '"' and text[end] == "\\":
                    end += 2
                    continue
                if text[end] == char:
                    if char == "'" and text[end + 1:end + 2] == "'":
                        end += 2
                        continue
                    break
                end += 1
            runs.append((column, end + 1))
            column = end + 1
        else:
            column += 1
    return runs


# -- source actions ------------------------------------------------------------------------

def fix_all_edits(ls, analysis: Analysis) -> list[types.TextEdit]:
    """Every safe fix, applied until stable, as one minimal edit."""
    if not any(f.safe_fix for f in analysis.result.findings):
        return []
    path, config = analysis.result.path, analysis.config
    outcome = fix_until_stable(analysis.source.text,
                               lambda text: lint_text(text, path, config).findings)
    return _minimal_edit(ls, analysis.source, outcome.text)


def normalize_edits(ls, analysis: Analysis) -> list[types.TextEdit]:
    """Every valid duration in canonical form (what WF110/WF111's fixes write)."""
    edits = []
    for workflow in analysis.workflows:
        for value in workflow.durations:
            canonical = _normalized(value)
            if canonical is not None:
                edit = replace_value(analysis.source, value.span, value.style, value.text, canonical)
                edits.append(_text_edit(ls, analysis.source, edit))
    return edits


def _minimal_edit(ls, source: Source, new_text: str) -> list[types.TextEdit]:
    """One edit covering only what differs between the source and `new_text`."""
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
    # Never split a CRLF: an edit boundary between \r and \n has no LSP position.
    while start > 0 and old[start - 1] == "\r" and start < len(old) and old[start] == "\n":
        start -= 1
    while end_old < len(old) and old[end_old - 1:end_old + 1] == "\r\n":
        end_old, end_new = end_old + 1, end_new + 1
    span = Span(_position(source, start), _position(source, end_old))
    return [_text_edit(ls, source, Edit(span, new_text[start:end_new]))]


def _position(source: Source, offset: int) -> Position:
    """The code-point position of a text offset."""
    for number, line in enumerate(source.lines):
        if offset < len(line) or (offset == len(line) and not line.endswith(("\n", "\r"))):
            return Position(number, min(offset, len(line.rstrip("\r\n"))))
        offset -= len(line)
    return source.end()


def _text_edit(ls, source: Source, edit: Edit) -> types.TextEdit:
    return types.TextEdit(range=ls.codec.range_to_lsp(source, edit.span), new_text=edit.new_text)


def _range(data: dict) -> types.Range:
    return types.Range(
        start=types.Position(data["start"]["line"], data["start"]["character"]),
        end=types.Position(data["end"]["line"], data["end"]["character"]))


def workspace_edit(ls, analysis: Analysis, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    """A TextDocumentEdit versioned to the analysed text, or `changes` for older clients."""
    if ls._client_can("workspace.workspace_edit.document_changes"):
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=analysis.uri, version=analysis.version),
            edits=edits)])
    return types.WorkspaceEdit(changes={analysis.uri: edits})
