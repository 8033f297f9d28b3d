"""One record per open document (`DocumentSession`), and the server's map of them
(`OpenDocuments`).

A session owns what the server knows of one document: its text and version as the
client has them, the analysis of its latest linted version (an editor `Snapshot`),
whether its last pushed diagnostics were empty, the lint under way, and the LSP answers
built from the analysis (its diagnostics, its source actions' edits). Requests read the
analysis of the current version; nothing re-lints to answer a request.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from urllib.parse import unquote

from lsprotocol import types

from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.lsp.positions import Codec
from wf_lsp.parse import Source


def document_key(uri: str) -> str:
    """The key of a document in the server's map: clients may quote a uri either way."""
    return unquote(uri)


class DocumentSession:
    """One document: its text, its analysis, its lint under way and what was published."""

    def __init__(self, uri: str, text: str, version: int | None, opening: int = 0) -> None:
        self.uri = uri  # as the client spelled it (and as it is published)
        self.key = document_key(uri)
        self.text = text
        self.version = version
        self.opening = opening  # which opening of the uri this is (see `result_id`)
        self.analysis: Snapshot | None = None  # the lint of `analysed_version`
        self.analysed_version: int | None = None
        self.scheduled: asyncio.Future | None = None  # the task that lints and publishes
        self.linting: tuple[int | None, Future] | None = None  # the worker's lint of a version
        self.published = False  # whether the last diagnostics pushed were not empty
        # Built from `analysis` on first use, dropped with it.
        self.diagnostics: list[types.Diagnostic] | None = None
        self.source_edits: dict[str, list[types.TextEdit]] = {}

    @property
    def current(self) -> Snapshot | None:
        """The analysis when it is of the current text, else None."""
        return self.analysis if self.analysed_version == self.version else None

    def apply_changes(self, changes, version: int | None, codec: Codec) -> None:
        """Apply a didChange's changes, counting lines as YAML and the client do.

        (pygls found lines with str.splitlines, which also breaks at \\x0c, \\x85, U+2028
        and others: an edit below such a character would land on the wrong line.)
        """
        text = self.text
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                source = Source.from_text(text)
                start, end = sorted((codec.offset(source, change.range.start),
                                     codec.offset(source, change.range.end)))
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
        self.text, self.version = text, version

    def analysed(self, version: int | None, snapshot: Snapshot) -> None:
        """Take the analysis of `version`; what was built from the previous one goes."""
        self.analysis, self.analysed_version = snapshot, version
        self.diagnostics, self.source_edits = None, {}

    def forget_analysis(self) -> None:
        """Drop the analysis (to save memory, or because the settings changed)."""
        self.analysis = self.analysed_version = None
        self.diagnostics, self.source_edits = None, {}

    def linted(self, version: int | None) -> Snapshot | None:
        """The worker's lint of this very version, waited for rather than done twice."""
        if self.linting is None or self.linting[0] != version or self.linting[1].cancelled():
            return None
        try:
            return self.linting[1].result()
        except Exception:
            return None

    def stop(self) -> None:
        """Stop the lint of this text: it is closed, or opened again."""
        self.linting = None
        if self.scheduled is not None:
            self.scheduled.cancel()
            self.scheduled = None

    def result_id(self, config_generation: int) -> str:
        """The pull `resultId` of the analysis: the same only for the same text and settings."""
        return f"{self.opening}.{self.analysed_version}.{config_generation}"


class OpenDocuments:
    """The sessions of the open documents, by uri; only the `kept` used most recently
    keep their analysis (a 5,000-line analysis is some 5 MB: benchmarks/RESULTS.md)."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._sessions: dict[str, DocumentSession] = {}
        self._analysed: dict[str, None] = {}  # keys of sessions with an analysis, LRU first
        # Closed files whose pushed diagnostics (lintWorkspaceOnStart) are not empty.
        self.closed_with_diagnostics: set[str] = set()

    def get(self, uri: str) -> DocumentSession | None:
        """The session of an open document, or None."""
        return self._sessions.get(document_key(uri))

    def __iter__(self):
        """The sessions of the open documents, in the order they were opened."""
        return iter(tuple(self._sessions.values()))

    def open(self, uri: str, text: str, version: int | None, opening: int) -> DocumentSession:
        """A new session for a document just opened (an earlier one's is closed)."""
        self.close(uri)
        session = DocumentSession(uri, text, version, opening)
        session.published = session.key in self.closed_with_diagnostics
        self.closed_with_diagnostics.discard(session.key)
        self._sessions[session.key] = session
        return session

    def close(self, uri: str) -> DocumentSession | None:
        """Forget an open document and stop its lint; returns its session."""
        session = self._sessions.pop(document_key(uri), None)
        if session is not None:
            session.stop()
            self._analysed.pop(session.key, None)
        return session

    def keep(self, session: DocumentSession, version: int | None, snapshot: Snapshot) -> None:
        """Give `session` the analysis of `version` (if new), mark it used most recently,
        and drop the analyses of the sessions used least recently beyond `kept`."""
        if session.analysis is not snapshot:
            session.analysed(version, snapshot)
        self._analysed.pop(session.key, None)
        self._analysed[session.key] = None  # last: used most recently
        while len(self._analysed) > self.kept:
            oldest = next(iter(self._analysed))
            del self._analysed[oldest]
            self._sessions[oldest].forget_analysis()

    def forget_analyses(self) -> None:
        """Drop every analysis and the lints under way (the settings changed)."""
        self._analysed.clear()
        for session in self._sessions.values():
            session.linting = None
            session.forget_analysis()
