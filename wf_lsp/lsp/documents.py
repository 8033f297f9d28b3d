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
import re
from concurrent.futures import Future
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lsprotocol import types

from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.lsp.positions import Codec
from wf_lsp.parse import Source

if TYPE_CHECKING:  # diagnostics imports this module
    from wf_lsp.lsp.diagnostics import Converted


# A surrogate code point that is not half of a pair: JSON's "\ud800" escape decodes to
# one (JavaScript strings may hold them), and no UTF-8 encoder, nor ruamel's C parser,
# takes it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """The client's text with each lone surrogate replaced by U+FFFD, one code point for
    one, so that it can be analysed: a position means the same in both, in each encoding
    (U+FFFD is as wide as a lone surrogate: one UTF-16 unit, one code point, and the three
    UTF-8 bytes an encoder writes in its place). An edit made from it writes U+FFFD
    where the client had a lone surrogate: no UTF-8 file can hold one anyway."""
    if text.isascii():
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


class ChangeRejected(ValueError):
    """A didChange that does not fit the text the server has (and was not applied)."""


def document_key(uri: str) -> str:
    """The key of a document in the server's map: clients may quote a uri either way."""
    return unquote(uri)


class DocumentSession:
    """One document: its text, its analysis, its lint under way and what was published."""

    def __init__(self, uri: str, text: str, version: int | None, opening: int = 0) -> None:
        self.uri = uri  # as the client spelled it (and as it is published)
        self.key = document_key(uri)
        self.text = readable(text)
        self.version = version
        self.opening = opening  # which opening of the uri this is (see `result_id`)
        self.analysis: Snapshot | None = None  # the lint of `analysed_version`
        self.analysed_version: int | None = None
        self.scheduled: asyncio.Future | None = None  # the task that lints and publishes
        # Lint again when the lint under way ends: what it read (the workspace's workflows)
        # changed meanwhile.
        self.stale = False
        self.linting: tuple[int | None, Future] | None = None  # the worker's lint of a version
        self.published = False  # whether the last diagnostics pushed were not empty
        # Whether its latest analysis held back the findings about calls between files,
        # its project being indexed still (`workflows.indexed`): kept when the analysis
        # is let go, its diagnostics are still those.
        self.held_back = False
        # Why the server no longer knows the client's text (a change that did not fit
        # it), until the client sends the whole text again; None while it does.
        self.lost_track: str | None = None
        # Built from `analysis` on first use, dropped with it.
        self.diagnostics: list[Converted] | None = None
        # `diagnostics` by (code, range), and the list it indexes: a code action finds the
        # current diagnostic of each one a client sends back here, not in a scan of all.
        self.by_place: tuple[list[Converted], dict[tuple, list[Converted]]] | None = None
        self.source_edits: dict[str, list[types.TextEdit]] = {}
        # The diagnostics built last: those of a new analysis are taken from here where
        # they are the same (`lsp/diagnostics`). `serial` counts the times they changed.
        self.converted: list[Converted] = []
        self.converted_source: Source | None = None  # the text `converted` was checked against
        self.serial = 0

    @property
    def current(self) -> Snapshot | None:
        """The analysis when it is of the current text, else None."""
        return self.analysis if self.analysed_version == self.version else None

    def apply_changes(self, changes, version: int | None, codec: Codec) -> None:
        """Apply a didChange's changes, counting lines as YAML and the client do.

        A range that ends before it starts or begins or ends below the text is not
        applied, nor is the rest of that didChange (`ChangeRejected`): guessing would
        leave the server with a text that is not the client's, and every answer after
        it wrong. The session has then `lost_track` of the text, ignores changes of a
        range, and follows again from a change of the whole text. A character past the
        end of a line is that line's end (LSP 3.17 says so).

        (pygls found lines with str.splitlines, which also breaks at \\x0c, \\x85, U+2028
        and others: an edit below such a character would land on the wrong line.)
        """
        text = None if self.lost_track else self.text
        # The analysis of the current text has split it into lines already.
        current = self.current
        known = current.source if current is not None and current.failure is None else None
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                if text is None:
                    continue  # lost track: there is no text to apply it to
                source = known if known is not None else Source.from_text(text)
                known = None  # after this change, the text is another
                problem = _misfit(source, change.range)
                if problem is not None:
                    self.lost_track = problem
                    raise ChangeRejected(problem)
                start = codec.offset(source, change.range.start)
                end = codec.offset(source, change.range.end)
                text = text[:start] + readable(change.text) + text[end:]
            else:
                text = readable(change.text)
        if text is not None:
            self.text, self.lost_track = text, None
        self.version = version

    def analysed(self, version: int | None, snapshot: Snapshot) -> None:
        """Take the analysis of `version`; what was built from the previous one goes."""
        self.analysis, self.analysed_version = snapshot, version
        self.diagnostics, self.source_edits = None, {}
        workspace = snapshot.result.workspace
        self.held_back = workspace is not None and not workspace.indexed

    def forget_analysis(self) -> None:
        """Drop the analysis and all that was built from it (to save memory, or because
        the settings changed)."""
        self.analysis = self.analysed_version = None
        self.diagnostics, self.source_edits, self.converted = None, {}, []
        self.converted_source = None

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
        """The pull `resultId` of the diagnostics built last: the same only for the same
        diagnostics (an edit that changes none of them keeps it) and settings."""
        return f"{self.opening}.{self.serial}.{config_generation}"


def _misfit(source: Source, rng: types.Range) -> str | None:
    """Why a change's range does not fit the text, or None. The line after the last is
    allowed (some clients send it for the end of a text without a final line break)."""
    start, end = rng.start, rng.end
    for pos in (start, end):
        if pos.line > len(source.lines):
            return (f"line {pos.line + 1} is below the text, which has {len(source.lines)} "
                    "lines")
    if (start.line, start.character) > (end.line, end.character):
        return (f"the range ends ({end.line + 1}:{end.character + 1}) before it starts "
                f"({start.line + 1}:{start.character + 1})")
    return None


class OpenDocuments:
    """The sessions of the open documents, by uri; only the `kept` used most recently
    keep their analysis (a 5,000-line analysis is some 5 MB: benchmarks/RESULTS.md)."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._sessions: dict[str, DocumentSession] = {}
        self._analysed: dict[str, None] = {}  # keys of sessions with an analysis, LRU first
        # Closed files whose pushed diagnostics (lintWorkspaceOnStart) are not empty.
        self.closed_with_diagnostics: set[str] = set()
        # The lint of a closed file that read it last, by key, while one is under way: an
        # earlier lint that ends later does not publish over it (`closed_lint_started`).
        self._closed_lints: dict[str, object] = {}

    def closed_lint_started(self, uri: str) -> object:
        """A lint of a closed file is about to read it: its token for `closed_lint_last`."""
        token = self._closed_lints[document_key(uri)] = object()
        return token

    def closed_lint_last(self, uri: str, token: object) -> bool:
        """Whether the lint of `token` is the last to have read its file: its result is the
        file's latest state (a change on disk during a lint asks for another, which read
        it later). Asked once, when it ends."""
        key = document_key(uri)
        if self._closed_lints.get(key) is not token:
            return False
        del self._closed_lints[key]
        return True

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
