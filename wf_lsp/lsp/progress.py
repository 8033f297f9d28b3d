"""$/progress for the lint of a large document.

A document of LARGE_DOCUMENT_LINES or more gets a progress indicator while it is linted
(`LintProgress`), ended with what the lint found (`problems_found`).
"""

from __future__ import annotations

import asyncio
import logging
import posixpath
import uuid
from urllib.parse import unquote, urlsplit

from lsprotocol import types

from wf_lsp.editor.snapshot import Snapshot

log = logging.getLogger("wf_lsp")

# A document of at least this many lines gets a $/progress indicator while it is linted.
# 5,000 lines lint in some 60 ms and 20,000 in some 0.3 s (benchmarks/RESULTS.md): only
# documents whose lint takes noticeably long get one; for the others it would only flicker
# (and cost a request to the client for every edit).
LARGE_DOCUMENT_LINES = 20_000


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
        if not server.client.work_done_progress:
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


def problems_found(snapshot: Snapshot) -> str | None:
    """`3 problems`: what a lint found, for the end of its progress (None for other YAML)."""
    if not snapshot.is_workflow:
        return None
    count = len(snapshot.result.findings)
    return f"{count} problem{'' if count == 1 else 's'}"


def line_count(text: str) -> int:
    """The lines of `text` as a client counts them, near enough (\n, \r\n or \r)."""
    return max(text.count("\n"), text.count("\r")) + 1


def document_name(uri: str) -> str:
    """The file name of a document's uri (`flow.yaml`, or `Untitled-1` and the like)."""
    path = unquote(urlsplit(uri).path)
    return posixpath.basename(path.rstrip("/")) or uri
