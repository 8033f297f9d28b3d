"""Suppression comments: `# wf-lsp: ignore[WF202]` and `# wf-lsp: ignore-file[...]`.

`ignore` at the end of the line where a finding starts, or alone on the line above (after
another comment too: `# legacy job  # wf-lsp: ignore[WF203]`), silences it; a bare `ignore` silences every code, a list (comma-separated codes, prefixes
or rule names) only those. `ignore-file` anywhere applies to the whole file. Any case
will do (`# WF-LSP: IGNORE[wf106]`), as ruff reads `# NOQA: e501`. A comment-like line
inside a block scalar (`run: |`) is text, not a comment.

Each comment keeps where it is and what it lists, so that the linter can tell which
comments silenced something and which did not (`unused-suppression`), and a fix can
remove what is not needed.

A comment written another tool's way is not read: `# noqa: WF103`, `# yamllint
disable-line rule:WF103` (any that names a wf-lsp rule), and
any that names wf-lsp otherwise written (`# wf_lsp: ignore`, `# wf-lsp ignore[WF103]`,
`# wf-lsp: disable=WF103`). It is kept as `Foreign`, for `unused-suppression` to say so
where it is, with the directive wf-lsp reads in its place. A bare `# noqa` names no rule
and may be another tool's: it is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from itertools import islice

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any

from wf_lsp.findings import Position, Span
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import field, record

COMMENT = LazyPattern(r"(?:^|\s)#\s*wf-lsp:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?",
                      re.IGNORECASE)
BARE = -1  # the "entry" of a comment without a list: every code
# The directives read on one line: a line of 30,000 is no one's (each finding of a line is
# compared with each directive of it: quadratic).
PER_LINE = 8


@record
class Entry:
    """One entry of a comment's list, as written."""

    text: str
    span: Span
    selects: str | None  # the code or code prefix it stands for; None: no rule has it


@record
class Comment:
    """One `# wf-lsp: ignore...` comment."""

    span: Span  # from its `#` to the end of the directive (`ignore`, or its `]`)
    whole_file: bool  # `ignore-file`
    alone: bool  # alone on its line: it covers the next line too
    entries: tuple[Entry, ...]  # empty: bare, every code
    list_span: Span | None  # between the brackets, when there are any
    removal: Span  # what goes when the comment goes (see `_removal`)
    # A bare comment followed by codes without brackets (`ignore WF203`, `ignore: WF203`,
    # as `# noqa: E501` is written, `ignore(WF203)`, `ignore=WF203`): the span of the
    # codes (and of a closing parenthesis) and the words. It is
    # still bare, every code, as ruff keeps `# noqa F401`; `unused-suppression` says so.
    unbracketed: tuple[Span, tuple[str, ...]] | None = None

    @property
    def lines(self) -> tuple[int, ...]:
        """The lines where findings it silences start (none for `ignore-file`)."""
        if self.whole_file:
            return ()
        line = self.span.start.line
        return (line, line + 1) if self.alone else (line,)

    def silencing(self, code: str, exact: bool = False) -> list[int]:
        """Which of its entries silence `code` (`BARE` for a bare comment); with `exact`,
        only entries that name `code` itself (not a prefix of it, not a bare comment)."""
        if not self.entries:
            return [] if exact else [BARE]
        return [index for index, entry in enumerate(self.entries)
                if entry.selects is not None and (
                    entry.selects == code if exact
                    else entry.selects == "ALL" or code.startswith(entry.selects))]


@record
class Foreign:
    """A comment meant for wf-lsp but written another tool's way (`# noqa: WF103`), which
    wf-lsp does not read."""

    span: Span  # from its `#` to the end of what it lists (a note after it is not in it)
    written: str  # the span's text
    directive: str  # what wf-lsp reads in its place: `# wf-lsp: ignore[WF103]`
    others: tuple[str, ...] = ()  # another tool's codes it names too (`E501`): kept
    range: bool = False  # `# yamllint disable rule:WF203`, until `enable`: wf-lsp has none

    @property
    def same(self) -> bool:
        """Whether `directive` means what the comment meant, to be written in its place."""
        return not self.others and not self.range


@record
class Suppressions:
    comments: tuple[Comment, ...] = ()
    # line → indexes into `comments` of those that cover it; whole-file ones under None
    by_line: dict[int | None, tuple[int, ...]] = field(default_factory=dict, compare=False,
                                                       repr=False)
    foreign: tuple[Foreign, ...] = ()  # comments meant for wf-lsp that it does not read

    def silences(self, code: str, line: int) -> bool:
        """Whether a comment silences a finding of `code` starting on `line`."""
        return bool(self.silencers(code, line))

    def silencers(self, code: str, line: int, exact: bool = False) -> list[tuple[int, int]]:
        """(comment index, entry index) of everything that silences a finding of `code`
        starting on `line`; `exact` as in `Comment.silencing`."""
        found = []
        for index in (*self.by_line.get(line, ()), *self.by_line.get(None, ())):
            found += [(index, entry) for entry in self.comments[index].silencing(code, exact)]
        return found


@record
class Usage:
    """What the comments of a linted document did: read by `unused-suppression`, which
    runs once more after the others, when this is known."""

    suppressions: Suppressions
    used: frozenset[tuple[int, int]]  # (comment index, entry index) that silenced something
    ran: frozenset[str]  # the codes of the rules that ran over the whole document
    rules: Mapping[str, Any]  # the registry, code → Rule (a rule module cannot import it)
    # Where the rules that read timeouts (`Rule.reads_timeouts`) could not judge: line →
    # the kinds of those rules ("each" at a timeout not readable, `3h 0m`; "job" also at
    # the other timeouts of its job).
    unread: Mapping[int, frozenset[str]] = field(default_factory=dict)


def mentions(text: str) -> bool:
    """Whether `text` names wf-lsp, in any case (`lsp`: `wf_lsp`, `wflsp` too), or has
    another tool's ignore comment that may be meant for it (`Foreign`: `noqa`, a
    yamllint rule `wf...`; yamllint's comments are common in YAML): the cheap test before
    looking for a comment (lowering a 5,000-line file's text takes a fraction of a
    millisecond, each `in` a fraction of that; a case-blind regular expression, several
    times as long)."""
    lowered = text.lower()
    return "lsp" in lowered or "noqa" in lowered or "rule:wf" in lowered


def directive(match: re.Match[str]) -> str:
    """`ignore` or `ignore-file`, however a `COMMENT` match wrote it."""
    return match.group(1).lower()


def scan(lines, text_lines: frozenset[int] = frozenset(), text_spans: tuple[Span, ...] = (),
         *, resolve: Callable[[str], str | None]) -> Suppressions:
    """Find suppression comments; `text_lines` are lines inside block scalars and
    `text_spans` quoted scalars, where a `#` is text. `resolve` turns a listed word into
    the code or prefix it selects (None when no rule has it)."""
    comments: list[Comment] = []
    foreign: list[Foreign] = []
    by_line: dict[int | None, tuple[int, ...]] = {}
    for number, line in enumerate(lines):
        if number in text_lines or not mentions(line):
            continue
        # Every directive of the line (`# wf-lsp: ignore[WF201]  # wf-lsp: ignore[WF103]`:
        # the second was not read, in silence), and the first written another tool's way.
        matches = list(islice(((m, start) for m in COMMENT.finditer(line)
                               if not _inside(Position(number, start := line.index("#", m.start())),
                                              text_spans)), PER_LINE))
        foreign += _foreign(number, line, text_spans, resolve)
        for match, start in matches:
            listed = match.group(2)
            comment = Comment(
                span=Span.of(number, start, number, match.end()),
                whole_file=directive(match) == "ignore-file",
                alone=_alone(number, line[:start], text_spans),
                entries=_entries(number, match.start(2), listed, resolve) if listed else (),
                list_span=(Span.of(number, match.start(2), number, match.end(2))
                           if listed is not None else None),
                removal=_removal(number, line, start, match.end()),
                unbracketed=None if listed is not None else _unbracketed(
                    number, line, match.end(), resolve),
            )
            for covered in comment.lines or (None,):
                by_line[covered] = by_line.get(covered, ()) + (len(comments),)
            comments.append(comment)
    return Suppressions(tuple(comments), by_line, tuple(foreign))


def _alone(number: int, before: str, text_spans: tuple[Span, ...]) -> bool:
    """Whether a directive after `before` is alone on its line: nothing before it, or only
    a comment (`# legacy job  # wf-lsp: ignore[WF203]` above the job: it was taken to be
    at the end of a line with nothing on it, silencing nothing, and `--fix` removed it)."""
    text = before.lstrip()
    return not text or text[0] == "#" and not _inside(
        Position(number, len(before) - len(text)), text_spans)


def _entries(line: int, column: int, listed: str,
             resolve: Callable[[str], str | None]) -> tuple[Entry, ...]:
    entries = []
    for match in re.finditer(r"[^,\s]+", listed):
        word = match.group()
        entries.append(Entry(word, Span.of(line, column + match.start(), line, column + match.end()),
                             resolve(word)))
    return tuple(entries)


# Words after a bare directive: `ignore WF203`, `ignore: WF203, WF201`. The blanks after
# a colon only: `[ \t]*:?[ \t]*` split a run of blanks without one at each point (40,000
# blanks after `# wf-lsp: ignore` took 9 s).
# `ignore(WF203)` and `ignore=WF203` (as pylint's `disable=`) are read so too, and a
# list apart from its directive (`ignore [WF203]`, `ignore: [WF203]`) or not closed
# (`ignore[WF203`), or after more words to the directive (`ignore-line[WF203]`, read as
# `ignore`): each was a bare `ignore` (an `ignore-file`: every finding of the file) in
# silence.
_UNBRACKETED = LazyPattern(r"(?:-[\w-]*)?[ \t]*(?:[:=][ \t]*)?(?:([(\[])[ \t]*)?"
                           r"([A-Za-z][\w-]*(?:[ \t]*,[ \t]*[A-Za-z][\w-]*)*)(?(1)[ \t]*[)\]]?)")


def _unbracketed(number: int, line: str, end: int,
                 resolve: Callable[[str], str | None]) -> tuple[Span, tuple[str, ...]] | None:
    """The codes after a bare directive, when each word there names a rule (`ignore
    legacy job` is a note; `ignore all of it` too: `all` alone is no code meant), or in
    brackets or parentheses, a list whatever it names."""
    match = _UNBRACKETED.match(line, end)
    if match is None:
        return None
    words = tuple(word.strip() for word in match.group(2).split(","))
    if not match.group(1) and not all(resolve(word) not in (None, "ALL") for word in words):
        return None
    start = match.start(1) if match.group(1) else match.start(2)  # `(WF203)`: all of it
    return Span.of(number, start, number, match.end()), words


# Another tool's ignore comment, or wf-lsp's written otherwise (`Foreign`), to the end
# of its directive; what it lists is read after it (`_LISTED`, `_RULE`). The blanks
# after a colon only, as in `_UNBRACKETED`.
FOREIGN = LazyPattern(
    r"(?:^|\s)#[ \t]*(?:(?P<tool>wf[-_ ]?lsp)[ \t]*(?::[ \t]*)?"
    r"(?:(?P<verb>ignore-file|ignore|disable-file|disable-line|disable|noqa|skip-file)\b"
    r"|(?P<word>[A-Za-z][\w-]*))"
    r"|(?:(?P<file>ruff|flake8)[ \t]*:[ \t]*)?noqa\b"
    r"|yamllint[ \t]+(?P<yamllint>disable-line|disable)\b)",
    re.IGNORECASE)
# A list after a directive: `[WF103]`, `(WF103)`, `: WF103, WF201`, `=WF103`, `WF103 E501`.
_LISTED = LazyPattern(r"[ \t]*(?:\[([^\]]*)\]|\(([^)]*)\)|(?:[:=][ \t]*)?"
                      r"([A-Za-z][\w-]*(?:(?:[ \t]*,[ \t]*|[ \t]+)[A-Za-z][\w-]*)*))")
_RULE = LazyPattern(r"[ \t]+rule:([\w-]+)", re.IGNORECASE)  # yamllint's
_CODE_LIKE = LazyPattern(r"[A-Za-z]+\d+")  # `E501`, `WF103`: another tool's codes too


def _foreign(number: int, line: str, text_spans: tuple[Span, ...],
             resolve: Callable[[str], str | None]) -> list[Foreign]:
    """The comment of `line` meant for wf-lsp but written another tool's way, if any: any
    that names wf-lsp otherwise than `# wf-lsp: ignore`, and another tool's that names a
    rule. Only the first such directive is read, past wf-lsp's own: what follows is its
    text (a line of 30,000 `# noqa: E1` took half a second)."""
    from wf_lsp.typos import close_match

    found = []
    for match in FOREIGN.finditer(line):
        start = line.index("#", match.start())
        if COMMENT.match(line, match.start()) or _inside(Position(number, start), text_spans):
            continue
        ours, end, closed = match.group("tool") is not None, match.end(), False
        verb = (match.group("verb") or "").lower()
        if match.group("word"):  # `ignores`, `ingore`, `ignore_file`; not `wf-lsp is slow`
            verb = close_match(match.group("word").lower(), ("ignore", "ignore-file")) or ""
            if not verb:
                break
        words: list[tuple[str, int]] = []  # each listed word and where it ends
        if match.group("yamllint"):
            while (rule := _RULE.match(line, end)) is not None:
                words.append((rule.group(1), rule.end()))
                end = rule.end()
            if not words:
                break  # every yamllint rule: not meant for wf-lsp
        elif (listed := _LISTED.match(line, end)) is not None:
            group = next(g for g in (1, 2, 3) if listed.group(g) is not None)
            closed, column, text = group != 3, listed.start(group), listed.group(group)
            previous = 0
            for word in re.finditer(r"[^,\s]+", text):
                # A list goes on after a comma, or with codes (`# noqa: E501 W291`);
                # other words are a note (`# noqa: WF103 legacy value`).
                if not (closed or not words or "," in text[previous:word.start()]
                        or _CODE_LIKE.fullmatch(word.group()) or resolve(word.group())):
                    break
                words.append((word.group(), column + word.end()))
                previous = word.end()
            if closed:
                end = listed.end()
            elif words:
                end = words[-1][1]
        codes = [word for word, _ in words]
        others: list[str] = []
        if ours:
            # Words without brackets are codes when each names a rule, else a note (as
            # `_unbracketed` reads them).
            if not closed and not all(resolve(word) for word in codes):
                codes, end = [], match.end()
        else:
            mine = [word for word in codes if resolve(word) not in (None, "ALL")]
            if not mine:
                break  # another tool's, for its own codes (a bare `# noqa` too)
            others = [word for word in codes if word not in mine]
            codes = mine
        whole = verb in ("ignore-file", "disable-file", "skip-file") \
            or match.group("file") is not None or (match.group("yamllint") or "").lower() == "disable"
        directive = "ignore-file" if whole else "ignore"
        found.append(Foreign(
            Span.of(number, start, number, end), line[start:end],
            f"# wf-lsp: {directive}" + (f"[{', '.join(codes)}]" if codes else ""),
            tuple(others), (match.group("yamllint") or "").lower() == "disable"))
        break
    return found


def _removal(number: int, line: str, start: int, end: int) -> Span:
    """The directive alone: a note after it (`# wf-lsp: ignore[WF203] legacy job`) is the
    user's explanation and stays as a comment of its own (`# legacy job`), as another
    comment after it does; with nothing after it, the directive with the space before it,
    or its whole line when nothing else is on it."""
    text = line.rstrip("\r\n")
    after = _AFTER.match(text, end)
    if after.end() < len(text):
        if text[after.end()] == "#":
            return Span.of(number, start, number, after.end())
        return Span.of(number, _MARK.search(text, start).start(), number, after.end())
    if not text[:start].strip():
        return Span.of(number, 0, number + 1, 0)
    return Span.of(number, len(text[:start].rstrip()), number, len(text))


_MARK = LazyPattern("wf-lsp", re.IGNORECASE)
# Between a directive and its note: spaces, and a separator such as `:` or `--`.
_AFTER = LazyPattern(r"\s*(?:[-:;,\u2013\u2014]+\s+)?")


def _inside(pos: Position, spans: tuple[Span, ...]) -> bool:
    return any(span.start <= pos < span.end for span in spans)
