"""Findings → LSP diagnostics, pushed (publishDiagnostics) or pulled (textDocument/diagnostic).

A diagnostic is the same from one version to the next as long as its finding and the
text of the lines it points at are, and is then converted once (`converted`). Its fixes,
with ranges in the client's encoding, stay in the server (`Converted.fixes`): a code
action finds the current diagnostic a client's one stands for by code, range and message
(`current`), which tell findings apart, and one of an earlier text that no longer
matches gets no fix. They are not sent in `data`: a client never reads them, and on a
large workflow they were half of every publish and most of the time a client takes to
parse it (benchmarks/notes.md).

A converted diagnostic is kept as the JSON pygls's converter makes of it, and as that
JSON's text: a pull sends the former as it is (`Plain`), a publish joins the latter
(`WfProtocol.notify_raw`), so what an edit did not change is neither converted, nor
unstructured, nor serialized again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from itertools import compress, count
from operator import ne
import uuid

from lsprotocol import types
from pygls.uris import from_fs_path

from wf_lsp.findings import Finding, Fix, Severity
from wf_lsp.linter import Analysis
from wf_lsp.lsp.documents import DocumentSession, document_key
from wf_lsp.lsp.positions import Codec
from wf_lsp.lsp.protocol import Plain
from wf_lsp.lsp.settings import CONFIGURATION_TIMEOUT_S
from wf_lsp.parse import Source
from wf_lsp.records import record
from wf_lsp.rules import RULES

log = logging.getLogger("wf_lsp")

SOURCE = "wf-lsp"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFORMATION: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


@record(slots=True)
class Converted:
    """One diagnostic as the client gets it (`json`), with what it was made from.

    `lines` is what the conversion read of the text: whether the document has a BOM, then
    the numbers of the lines a position of the finding is on (its own, its related
    places', its fixes' edits'), then the text of each: a column in UTF-16 or UTF-8
    counts the units before it on its line. None for a diagnostic that is never reused
    (the one of a failed lint, or a finding that points into another file, whose text
    changes on its own). A diagnostic kept from the previous text whose lines, by number,
    have not changed since (`_changed_lines`) is not read again.
    """

    finding: Finding | None
    lines: tuple | None
    json: dict  # a `types.Diagnostic`, unstructured
    fixes: list[dict]  # its quick fixes, edits in client units (`fix_data`)
    text: str  # `json` serialized, without spaces (a publish joins these)


def _made(finding: Finding | None, lines: tuple | None, diagnostic: dict,
          fixes: list[dict]) -> Converted:
    return Converted(finding, lines, diagnostic, fixes,
                     json.dumps(diagnostic, separators=(",", ":")))


def converted(server, session: DocumentSession) -> list[Converted]:
    """The diagnostics of a session's analysis (none for a document that is not a
    workflow, one saying so for a document whose lint failed).

    A finding of the previous analysis (the same object, or an equal one) whose lines
    have the same text keeps its diagnostic; the others are converted. (The codec is set
    at `initialize`, before any document.) When
    every diagnostic is kept, in the same order, the session's `serial` stays, and so
    does the pull's `resultId`.
    """
    if session.diagnostics is None:
        snapshot = session.analysis
        if snapshot.failure is not None:
            diagnostic = server.protocol.unstructure(failure_diagnostic(snapshot.failure))
            items = [_made(None, None, diagnostic, [])]
        elif not snapshot.is_workflow:
            items = []
        else:
            items = _reuse_or_convert(server, session)
        before = session.converted
        if len(items) != len(before) or any(a.json is not b.json for a, b in zip(items, before)):
            session.serial += 1
        session.diagnostics = session.converted = items
    return session.diagnostics


def _reuse_or_convert(server, session: DocumentSession) -> list[Converted]:
    source = session.analysis.source
    changed = _changed_lines(session.converted_source, session.analysis.result)
    previous = {id(c.finding): c for c in session.converted if c.lines is not None}
    by_place: dict[tuple, list[Converted]] | None = None  # made when first needed
    items = []
    findings = session.analysis.result.findings
    for finding in findings:
        kept = previous.get(id(finding))
        if kept is None or kept.finding is not finding:
            # An equal finding made again: looked for among those of the same code, message
            # and place (hashing whole findings, fixes and all, costs more than converting),
            # of the previous findings that this analysis does not hold itself.
            if by_place is None:
                by_place, held = {}, {id(f) for f in findings}
                for key, item in previous.items():
                    if key not in held:
                        by_place.setdefault(_place(item.finding), []).append(item)
            kept = next((c for c in by_place.get(_place(finding), ())
                         if c.finding == finding), None)
            if kept is not None:  # held by this finding from now on: found by identity next time
                kept = Converted(finding, kept.lines, kept.json, kept.fixes, kept.text)
        if kept is not None and changed is not None and changed.isdisjoint(kept.lines[1]):
            items.append(kept)  # none of its lines changed: its lines are read as they were
            continue
        lines = _lines_read(source, finding)
        if kept is None or lines is None or kept.lines != lines:
            kept = to_converted(server, session, finding, lines)
        items.append(kept)
    session.converted_source = source
    return items


def _changed_lines(before: Source | None, analysis: Analysis) -> set[int] | None:
    """The numbers of the lines whose text differs between the text the kept diagnostics
    were checked against and the analysis's (or more of them); None when lines came or
    went (a line's number then means another line) or the BOM did: every diagnostic's
    lines are read again."""
    after, edit = analysis.source, analysis.parsed.edit
    if before is None or before.had_bom != after.had_bom or len(before.lines) != len(after.lines):
        return None
    if edit is not None and analysis.spliced_from is before:
        # The parse was spliced from that very text: the lines that differ are known.
        return set(range(edit[0], edit[2]))
    # compress(count(), map(ne, ...)): the comparison of 20,000 lines in C, not a loop of ours
    return set(compress(count(), map(ne, before.lines, after.lines)))


def _place(finding: Finding) -> tuple:
    start, end = finding.span.start, finding.span.end
    return (finding.code, finding.message, start.line, start.column, end.line, end.column)


def _lines_read(source: Source, finding: Finding) -> tuple | None:
    """What converting `finding` reads of `source` (see `Converted.lines`); None when it
    reads another file."""
    spans = [finding.span]
    for item in finding.related:
        if item.path is not None:
            return None
        spans.append(item.span)
    for fix in finding.fixes:
        if fix.path is not None:
            return None
        spans.extend(edit.span for edit in fix.edits)
    numbers = tuple(sorted({line for span in spans for line in (span.start.line, span.end.line)}))
    return (source.had_bom, numbers, *(source.line_text(n) for n in numbers))


def current(server, session: DocumentSession, sent: types.Diagnostic) -> Converted | None:
    """The diagnostic of the current analysis that `sent` (a client's, with a code action
    request) stands for: the one with its code, range and message (no two findings share
    all three), else the first with its code and range (a client that rewrote the
    message); None when there is none: `sent` is stale. Its fixes are for the current
    text, also when `sent` came from an earlier one."""
    items = converted(server, session)
    if session.by_place is None or session.by_place[0] is not items:
        index: dict[tuple, list[Converted]] = {}
        for c in items:
            if c.finding is not None:
                index.setdefault((c.finding.code, _range_key(c.json["range"])), []).append(c)
        session.by_place = (items, index)
    start, end = sent.range.start, sent.range.end
    here = session.by_place[1].get(
        (str(sent.code), (start.line, start.character, end.line, end.character)), [])
    return next((c for c in here if c.finding.message == sent.message),
                here[0] if here else None)


def _range_key(data: dict) -> tuple:
    start, end = data["start"], data["end"]
    return (start["line"], start["character"], end["line"], end["character"])


def failure_diagnostic(failure: str) -> types.Diagnostic:
    """What the user sees of a lint that failed: rather than old diagnostics that look
    current, one at the top of the file that says so."""
    first_line = failure.splitlines()[0] if failure else "?"
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
        message=(f"wf-lsp could not check this file: an internal error ({first_line[:200]}). "
                 "The server's log has the details."),
    )


def unreadable_diagnostic(why: str) -> types.Diagnostic:
    """What the user sees of a closed file of the workspace that cannot be read (a file
    the editor opens is read by the editor, and linted from its text)."""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
        message=f"wf-lsp could not check this file: {why}",
    )


def to_converted(server, session: DocumentSession, finding: Finding,
                 lines: tuple | None) -> Converted:
    """One finding as a diagnostic, with its fixes beside it. A related place or a fix in another file (the workflow a call names) is converted
    with that file's text (`server.other_file`)."""
    codec: Codec = server.codec
    source = session.analysis.source
    rule = RULES[finding.code]

    def place(path: str | None) -> tuple[str, Source | None]:
        return (session.uri, source) if path is None else server.other_file(path)

    related = []
    for item in finding.related:
        uri, text = place(item.path)
        if text is not None:
            related.append(types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri, range=codec.range_to_lsp(text, item.span)),
                message=item.message))
    fixes = []
    for fix in finding.fixes:
        uri, text = place(fix.path)
        if text is not None:
            fixes.append(fix_data(codec, text, fix, None if fix.path is None else uri))
    diagnostic = types.Diagnostic(
        range=codec.range_to_lsp(source, finding.span),
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=rule.url),
        source=SOURCE,
        message=finding.message,
        related_information=related or None,
        tags=[types.DiagnosticTag.Unnecessary] if finding.unnecessary else None,
    )
    return _made(finding, lines, server.protocol.unstructure(diagnostic), fixes)


def fix_data(codec: Codec, source: Source, fix: Fix, uri: str | None = None) -> dict:
    """A fix as plain JSON with client-encoded ranges; `uri` is
    the document it edits when that is another one (`source` is then that one's text)."""
    data = {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [
            {"range": _range_json(codec.range_to_lsp(source, edit.span)), "newText": edit.new_text}
            for edit in fix.edits
        ],
    }
    if uri is not None:
        data["uri"] = uri
    return data


def _range_json(rng: types.Range) -> dict:
    return {"start": {"line": rng.start.line, "character": rng.start.character},
            "end": {"line": rng.end.line, "character": rng.end.character}}


def publish(server, session: DocumentSession) -> None:
    """Push the diagnostics of the session's analysis, unless the client pulls them."""
    if server.client.pull_diagnostics:
        return  # the client asks (textDocument/diagnostic); never both
    items = converted(server, session)
    if not items and not session.analysis.is_workflow and not session.published:
        return  # other YAML hears nothing from us, unless it used to be a workflow
    session.published = bool(items)
    head = json.dumps({"uri": session.uri, "version": session.analysed_version})
    server.protocol.notify_raw(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                               f'{head[:-1]},"diagnostics":[{",".join(c.text for c in items)}]}}')


def clear(server, session: DocumentSession) -> None:
    """Take back the diagnostics pushed for a session (closed, or its text lost track of)."""
    if session.published and not server.client.pull_diagnostics:
        session.published = False
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=session.uri, diagnostics=[]))


def register(server) -> None:
    """Register textDocument/diagnostic (used only by clients that pull)."""

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        # A call's diagnostics depend on the workflow it calls, in another file.
        types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=True,
                                workspace_diagnostics=True),
    )
    async def pull(ls, params: types.DocumentDiagnosticParams):
        await ls.settled(params.text_document.uri)
        session = ls.analysed(params.text_document.uri)
        if session is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        items = converted(ls, session)
        result_id = session.result_id(ls.config_generation)
        if params.previous_result_id == result_id:  # the client has these diagnostics
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return Plain({"kind": types.DocumentDiagnosticReportKind.Full.value, "resultId": result_id,
                      "items": [c.json for c in items]})


    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    async def pull_workspace(ls, params: types.WorkspaceDiagnosticParams):
        """The workflow files of the workspace folders that are not open (the client
        pulls those one by one); a file unchanged, in an unchanged workspace and settings,
        since the client's `previousResultIds` is reported unchanged."""
        await ls.settled(None)
        previous = {document_key(p.uri): p.value for p in params.previous_result_ids}
        reports = []
        for path, uri in await _closed_files(ls):
            try:
                stat = os.stat(path)
            except OSError:
                continue
            result_id = (f"{stat.st_mtime_ns}.{stat.st_size}.{ls.config_generation}."
                         f"{ls.workflows_generation}")
            if previous.get(document_key(uri)) == result_id:
                reports.append(types.WorkspaceUnchangedDocumentDiagnosticReport(
                    uri=uri, version=None, result_id=result_id))
                continue
            closed = await _lint_closed(ls, path, uri)
            if closed is not None:
                reports.append(Plain({
                    "kind": types.DocumentDiagnosticReportKind.Full.value, "uri": uri,
                    "version": None, "resultId": result_id,
                    "items": [c.json for c in converted(ls, closed)]}))
        return types.WorkspaceDiagnosticReport(items=reports)


async def _closed_files(server, roots: list[str] | None = None) -> list[tuple[str, str]]:
    """(path, uri) of the YAML files under the workspace folders (or `roots`) that are
    not open."""
    from wf_lsp.files import find_workflow_files as collect
    from wf_lsp.lsp.workflows import folders

    loop = asyncio.get_running_loop()
    files, _ = await loop.run_in_executor(None, collect, folders(server) if roots is None else roots)
    found = []
    for path in files:
        uri = from_fs_path(path)
        if server.session(uri) is None:  # open documents are linted from the editor's text
            found.append((path, uri))
    return found


async def _lint_closed(server, path: str, uri: str) -> DocumentSession | None:
    """A closed file linted in a session of its own (dropped by the caller: keeping it
    would keep its whole analysis, for every file of the workspace); one that cannot be
    read (not UTF-8, not allowed) has one diagnostic that says why, as `wf-lsp lint`
    names it, and another tool's file not in UTF-8 none; None when the file is gone."""
    from wf_lsp.files import FileError, read_text, unread_report
    from wf_lsp.lsp.settings import config_for

    loop = asyncio.get_running_loop()
    try:
        text = await loop.run_in_executor(None, read_text, path)
    except OSError as exc:
        if not os.path.lexists(path):
            return None  # deleted since the folders were listed
        if isinstance(exc, FileError) and (await loop.run_in_executor(
                None, unread_report, path, exc, config_for(server, path))).skipped:
            closed = DocumentSession(uri, "", None)  # passed over, as `wf-lsp lint` does
            closed.diagnostics = closed.converted = []
            return closed
        log.debug("%s: %s", path, exc)  # said in its diagnostic, not at every pull
        closed = DocumentSession(uri, "", None)
        diagnostic = server.protocol.unstructure(unreadable_diagnostic(str(exc)))
        closed.diagnostics = closed.converted = [_made(None, None, diagnostic, [])]
        return closed
    closed = DocumentSession(uri, text, None)
    closed.analysed(None, await server.lint_in_worker(uri, text))
    return closed


async def _publish_closed(server, path: str, uri: str) -> None:
    """Lint a closed file and publish its diagnostics (or clear those it had, a file
    deleted too). Lints of one file may overlap (the start's, a callee's change, the file's
    own): only the one that read it last publishes, whatever the order they end in."""
    from wf_lsp.lsp.workflows import covered, folders, under

    token = server.documents.closed_lint_started(uri)
    closed = await _lint_closed(server, path, uri)
    if not server.documents.closed_lint_last(uri, token):
        return  # a later lint read the file again: what it finds is the file's now
    if not under(path, covered(folders(server))):
        # Its folder was removed while it was linted: its diagnostics were taken back
        # (`clear_closed_outside`), and a file of no folder gets none.
        return
    if closed is None:  # deleted: what was said of it goes with it
        take_back(server, uri)
        return
    closed.published = document_key(uri) in server.documents.closed_with_diagnostics
    if server.session(uri) is not None:
        return  # opened meanwhile: the editor's text is linted and published instead
    if converted(server, closed) or closed.published:  # new, or to clear
        publish(server, closed)
        if closed.published:
            server.documents.closed_with_diagnostics.add(document_key(uri))
        else:
            server.documents.closed_with_diagnostics.discard(document_key(uri))


async def lint_closed_files(server, paths: list[str]) -> None:
    """Lint again closed files whose diagnostics were pushed (`lintWorkspaceOnStart`)
    because a workflow they call, or that calls them, changed (a callee made callable
    takes its callers' WF603 away at once, not at the next start), or because they changed
    on disk, were deleted, or were just closed in the editor (the file says what they hold)."""
    for path in paths:
        uri = from_fs_path(path)
        if server.session(uri) is None:
            await _publish_closed(server, path, uri)


def clear_closed_outside(server, roots: list[str]) -> None:
    """Take back the diagnostics pushed for closed files that are under none of `roots`
    (the workspace folders left after some were removed)."""
    from wf_lsp.lsp.workflows import path_of, under

    for key in sorted(server.documents.closed_with_diagnostics):
        path = path_of(key)
        if path is not None and not under(path, roots):
            take_back(server, from_fs_path(path))


async def _progress_created(server, token: str) -> bool:
    """Whether the client made a progress `token`: the workspace is linted in any case (a
    client that refused was an "internal error" popup, and one that never answered had no
    closed file linted). Waited for as long as for its settings."""
    try:
        # Shielded: a timeout must not cancel pygls's future (a late answer would not find it).
        await asyncio.wait_for(asyncio.shield(server.work_done_progress.create_async(token)),
                               CONFIGURATION_TIMEOUT_S)
    except Exception as exc:  # refused, or no answer in time: no progress shown
        why = (f"no answer in {CONFIGURATION_TIMEOUT_S} s" if isinstance(exc, TimeoutError)
               else str(exc) or repr(exc))
        log.warning("window/workDoneProgress/create failed (%s): the workspace is linted "
                    "without progress", why)
        return False
    return True


def take_back(server, uri: str) -> None:
    """Take back the diagnostics pushed for a closed file, if it has any."""
    if document_key(uri) in server.documents.closed_with_diagnostics:
        server.documents.closed_with_diagnostics.discard(document_key(uri))
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


async def lint_workspace(server, roots: list[str] | None = None) -> None:
    """Lint every workflow under the workspace folders (or under `roots`, folders added
    to them), reporting $/progress."""
    if server.client.pull_diagnostics:
        log.info("lintWorkspaceOnStart: the client pulls diagnostics for open files only")
        return
    files = await _closed_files(server, roots)
    token = str(uuid.uuid4())
    progress = server.client.work_done_progress and await _progress_created(server, token)
    if progress:
        server.work_done_progress.begin(token, types.WorkDoneProgressBegin(
            title="wf-lsp: linting the workspace", percentage=0, cancellable=False))
    for index, (path, uri) in enumerate(files):
        await _publish_closed(server, path, uri)
        if progress:
            server.work_done_progress.report(token, types.WorkDoneProgressReport(
                message=os.path.basename(path), percentage=int(100 * (index + 1) / len(files))))
    if progress:
        server.work_done_progress.end(token, types.WorkDoneProgressEnd(
            message=f"{len(files)} YAML files"))

