"""Findings → LSP diagnostics, pushed (publishDiagnostics) or pulled (textDocument/diagnostic).

A diagnostic's `data` carries its fixes with ranges already in the client's encoding,
and the document version they were computed for, so a code action needs no re-lint.
"""

from __future__ import annotations

import asyncio
import logging
import os
import posixpath
import uuid
from urllib.parse import unquote, urlsplit

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from wf_lsp.findings import Finding, Fix, Severity
from wf_lsp.lsp.documents import Analysis
from wf_lsp.rules import RULES

log = logging.getLogger("wf_lsp")

SOURCE = "wf-lsp"
# A document of at least this many lines gets a $/progress indicator while it is linted.
# 5,000 lines lint in some 60 ms and 20,000 in some 0.3 s (benchmarks/RESULTS.md): only
# documents whose lint takes noticeably long get one; for the others it would only flicker
# (and cost a request to the client for every edit).
LARGE_DOCUMENT_LINES = 20_000
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFORMATION: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def diagnostics_for(server, analysis: Analysis) -> list[types.Diagnostic]:
    """The diagnostics of one analysis (none for a document that is not a workflow)."""
    cached = server.diagnostics_cache.get(analysis.uri)
    if cached is not None and cached[0] is analysis and cached[1] == server.codec:
        return cached[2]
    items = []
    if analysis.result.is_workflow:
        items = [to_diagnostic(server.codec, analysis, f, with_data=server.diagnostic_data)
                 for f in analysis.result.findings]
    server.diagnostics_cache[analysis.uri] = (analysis, server.codec, items)
    return items


def to_diagnostic(codec, analysis: Analysis, finding: Finding,
                  with_data: bool = True) -> types.Diagnostic:
    """One finding as a diagnostic; `data` (the fixes) only for clients that keep it."""
    source = analysis.source
    rule = RULES[finding.code]
    return types.Diagnostic(
        range=codec.range_to_lsp(source, finding.span),
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=rule.url),
        source=SOURCE,
        message=finding.message,
        related_information=[
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=analysis.uri,
                                        range=codec.range_to_lsp(source, related.span)),
                message=related.message,
            )
            for related in finding.related
        ] or None,
        tags=[types.DiagnosticTag.Unnecessary] if rule.unnecessary else None,
        data={"version": analysis.version,
              "fixes": [fix_data(codec, analysis, fix) for fix in finding.fixes]}
        if with_data else None,
    )


def fix_data(codec, analysis: Analysis, fix: Fix) -> dict:
    """A fix as plain JSON with client-encoded ranges (what `data` can carry)."""
    source = analysis.source
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [
            {"range": _range_json(codec.range_to_lsp(source, edit.span)), "newText": edit.new_text}
            for edit in fix.edits
        ],
    }


def _range_json(rng: types.Range) -> dict:
    return {"start": {"line": rng.start.line, "character": rng.start.character},
            "end": {"line": rng.end.line, "character": rng.end.character}}


def register(server) -> None:
    """Register textDocument/diagnostic (used only by clients that pull)."""

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False,
                                workspace_diagnostics=False),
    )
    async def pull(ls, params: types.DocumentDiagnosticParams):
        await ls.settled(params.text_document.uri)
        analysis = ls.current_analysis(params.text_document.uri)
        if analysis is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = ls.result_id(analysis)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=diagnostics_for(ls, analysis), result_id=result_id)


async def lint_workspace(server) -> None:
    """Lint every workflow under the workspace folders, reporting $/progress."""
    if server.pull_diagnostics:
        log.info("lintWorkspaceOnStart: the client pulls diagnostics for open files only")
        return
    from wf_lsp.commands.lint import collect, read_text

    folders = [f.uri for f in (server.workspace.folders or {}).values()] or (
        [server.workspace.root_uri] if server.workspace.root_uri else [])
    paths = [p for uri in folders if (p := _path(uri))]
    files, _ = collect(paths)
    token = str(uuid.uuid4())
    progress = server._client_can("window.work_done_progress")
    if progress:
        await server.work_done_progress.create_async(token)
        server.work_done_progress.begin(token, types.WorkDoneProgressBegin(
            title="wf-lsp: linting the workspace", percentage=0, cancellable=False))
    loop = asyncio.get_running_loop()
    for index, path in enumerate(files):
        uri = from_fs_path(path)
        if server.document(uri) is not None:
            continue  # open documents are linted from the editor's text
        try:
            text = await loop.run_in_executor(None, read_text, path)
        except (OSError, UnicodeError) as exc:
            log.warning("lintWorkspaceOnStart: %s: %s", path, exc)
            continue
        analysis = await asyncio.wrap_future(server._linter.submit(server.lint, uri, text, None))
        if server.document(uri) is not None:
            pass  # opened meanwhile: the editor's text is linted and published instead
        elif analysis.result.findings or uri in server._published:  # new, or to clear
            server.publish(analysis)
            # A closed file's diagnostics are not asked for again: keeping them would
            # keep its whole analysis, for every file of the workspace.
            server.diagnostics_cache.pop(uri, None)
        if progress:
            server.work_done_progress.report(token, types.WorkDoneProgressReport(
                message=os.path.basename(path), percentage=int(100 * (index + 1) / len(files))))
    if progress:
        server.work_done_progress.end(token, types.WorkDoneProgressEnd(
            message=f"{len(files)} YAML files"))


def _path(uri: str) -> str | None:
    return to_fs_path(uri) if uri and uri.startswith("file:") else None


class LintProgress:
    """$/progress for the lint of one large document: `start` it when its lint is handed to
    the worker, `finish` it once the result is published (or superseded, or cancelled).

    The lint never waits for the client: window/workDoneProgress/create is awaited in a
    task of its own, and `begin` is sent only once the client has created the token (the
    protocol allows no progress on a token it refused). A token created after the lint
    ended is still begun and ended at once, so the client is not left holding it.
    """

    def __init__(self, server, uri: str, lines: int) -> None:
        self.server = server
        self.token = f"wf-lsp-lint-{uuid.uuid4()}"
        self.title = f"wf-lsp: linting {document_name(uri)}"
        self.message = f"{lines:,} lines"
        self.begun = False
        self.ended = False
        self._finished = False
        self._end_message: str | None = None
        self._creating = asyncio.ensure_future(self._create())

    @classmethod
    def start(cls, server, uri: str, text: str) -> LintProgress | None:
        """A progress for the lint of `text`, or None: a small document, or a client
        that shows no server-initiated progress."""
        if not server._client_can("window.work_done_progress"):
            return None
        lines = line_count(text)
        if lines < LARGE_DOCUMENT_LINES:
            return None
        return cls(server, uri, lines)

    async def _create(self) -> None:
        try:
            await self.server.work_done_progress.create_async(self.token)
        except Exception as exc:  # refused, or the connection is gone: no progress
            log.debug("window/workDoneProgress/create failed: %r", exc)
            return
        self._send(self.server.work_done_progress.begin, types.WorkDoneProgressBegin(
            title=self.title, message=self.message, cancellable=False))
        self.begun = True
        if self._finished:
            self._end()

    def relinting(self, text: str) -> None:
        """The document changed while it was linted: its newest text is linted now."""
        self.message = f"{line_count(text):,} lines"
        if self.begun and not self.ended:
            self._send(self.server.work_done_progress.report,
                       types.WorkDoneProgressReport(message=self.message))

    def finish(self, message: str | None = None) -> None:
        """The lint is over: end the progress (now, or as soon as the token is created)."""
        if self._finished:
            return
        self._finished, self._end_message = True, message
        if self.begun:
            self._end()

    def _end(self) -> None:
        if self.ended:
            return
        self.ended = True
        self._send(self.server.work_done_progress.end,
                   types.WorkDoneProgressEnd(message=self._end_message))
        self.server.work_done_progress.tokens.pop(self.token, None)  # pygls keeps them all

    def _send(self, notify, value) -> None:
        try:
            notify(self.token, value)
        except Exception as exc:  # the connection is closing: nothing to show it to
            log.debug("$/progress %s: %r", self.token, exc)


def found(analysis: Analysis) -> str | None:
    """What a lint found, for the end of its progress."""
    if not analysis.result.is_workflow:
        return None
    count = len(analysis.result.findings)
    return f"{count} problem{'' if count == 1 else 's'}"


def line_count(text: str) -> int:
    """The lines of `text` as a client counts them, near enough (\n, \r\n or \r)."""
    return max(text.count("\n"), text.count("\r")) + 1


def document_name(uri: str) -> str:
    """The file name of a document's uri (`flow.yaml`, or `Untitled-1` and the like)."""
    path = unquote(urlsplit(uri).path)
    return posixpath.basename(path.rstrip("/")) or uri
