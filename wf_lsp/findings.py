"""The data that crosses layers: positions, spans, edits, fixes and findings.

Everything here is a frozen dataclass so that the CLI, the fix engine and the language
server can share and cache values freely, with slots (a large file has a million of them).
Lines and columns are 0-based and columns count Unicode code points (what ruamel's marks
give); the CLI adds 1 for humans and the language server converts to the negotiated
encoding at its boundary only.
"""

from __future__ import annotations

import re
from enum import IntEnum

from wf_lsp.patterns import LazyPattern
from wf_lsp.records import record


class Severity(IntEnum):
    """How bad a finding is; higher is worse, so `max()` and `>=` read naturally."""

    HINT = 1
    INFORMATION = 2
    WARNING = 3
    ERROR = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        """`"warning"` → `Severity.WARNING`, any case; the short forms `warn` and `info`
        too (ESLint's, and the language server protocol's `Info`). One reading for the
        configuration's `severity` table and `--fail-on`: the config took `info` where the
        command line said "invalid choice"."""
        key = name.strip().lower()
        key = _SHORT_SEVERITIES.get(key, key)
        try:
            return cls[key.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {name!r} (expected error, warning, information or hint)"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


_SHORT_SEVERITIES = {"warn": "warning", "info": "information"}


@record(order=True, slots=True)
class Position:
    line: int
    column: int


@record(order=True, slots=True)
class Span:
    start: Position
    end: Position

    @classmethod
    def of(cls, line: int, column: int, end_line: int, end_column: int) -> Span:
        return cls(Position(line, column), Position(end_line, end_column))

    @property
    def last_line(self) -> int:
        """The last line the span covers: one that ends at column 0 of a later line (a
        block scalar's, a block mapping's) stops at the end of the line before."""
        end = self.end
        return end.line - 1 if end.column == 0 and end.line > self.start.line else end.line

    def contains(self, pos: Position) -> bool:
        """True when `pos` lies in the span, its end included (a cursor after a token)."""
        return self.start <= pos <= self.end


@record(slots=True)
class Edit:
    """Replace the text in `span` by `new_text` (an empty span inserts)."""

    span: Span
    new_text: str


@record(slots=True)
class Replacement:
    """Replace `value[start:end]` by `new_text`, in code-point offsets of one string value.

    What checkers of a value's content (expressions, cron) propose; the value's source map
    (`scalars.ScalarText.edit`) turns it into an `Edit` of the document.
    """

    start: int
    end: int
    new_text: str


@record(slots=True)
class Fix:
    """A change that resolves a finding.

    `safe` fixes keep the meaning or follow an unambiguous intent: `--fix`, fix-all and
    the editor's preferred quick fix apply only those. Unsafe ones are offered, never
    applied unasked.
    """

    title: str
    edits: tuple[Edit, ...]
    safe: bool = False
    # The file the edits are in, when it is not the finding's own (absolute): a call's
    # fix may change the workflow it calls. The lint of one text applies only its own.
    path: str | None = None
    # What the fix decides together with others (`timeouts of job train`): fixes of one
    # group, each made without knowing the others, are never applied in the same pass
    # (`fixes.guess_until_stable`).
    group: str | None = None
    # It writes a value for the user to replace (`run: echo TODO`, a required input's
    # `""`), or one the configuration refuses (a job raised past `max-job-timeout`):
    # offered in the editor, never made by `--unsafe-fixes`, whose result would pass the
    # lint while doing what nobody chose (a guess is a likely intent; this is not).
    placeholder: bool = False


@record(slots=True)
class Related:
    """Another place that explains a finding (the first of two duplicate keys, ...)."""

    span: Span
    message: str
    path: str | None = None  # the file it is in, when not the finding's own (absolute)


@record(slots=True)
class Finding:
    code: str
    message: str
    span: Span
    severity: Severity
    fixes: tuple[Fix, ...] = ()
    related: tuple[Related, ...] = ()
    # What it marks does nothing (an unused ignore comment): editors fade the range.
    unnecessary: bool = False
    # How many problems it stands for: one over a value's problems past the first listed
    # (`Context.capped`), which "Found N problems", "Fixed N problems" and "N fixable"
    # count each (a 100,000-item cron all fixed said "Fixed 21 problems").
    count: int = 1

    @property
    def fix(self) -> Fix | None:
        """The fix to show first: the safe one if any, else the first offered."""
        for fix in self.fixes:
            if fix.safe:
                return fix
        return self.fixes[0] if self.fixes else None

    @property
    def safe_fix(self) -> Fix | None:
        return next((fix for fix in self.fixes if fix.safe), None)

    @property
    def own_fixes(self) -> tuple[Fix, ...]:
        """The fixes that edit the finding's own file (not another workflow's)."""
        return tuple(fix for fix in self.fixes if fix.path is None)


# How much of a user's value a message quotes: a timeout, a URL, an expression's number
# in full; past it, the first characters, so that one finding stays one line (a
# 5,000-digit timeout quoted whole printed a screen).
QUOTED_MAX = 40


def shortened(text: str) -> str:
    """`text` as a message quotes it: whole up to `QUOTED_MAX` characters, else its start
    and `...`, cut between two characters a reader sees apart (`character_start`)."""
    return text if len(text) <= QUOTED_MAX else f"{text[:character_start(text, QUOTED_MAX - 4)]}..."


def character_start(text: str, at: int) -> int:
    """`at`, or the start of the character a reader sees there when `at` is inside one (a
    grapheme cluster, near enough without a library): not before a combining accent, a
    variation selector, an emoji's skin tone or tag, a Hangul vowel or final; not beside a
    zero-width joiner (woman, ZWJ, laptop); not between a flag's two letters. Cut there, `é`
    written `e` and U+0301 was quoted `e`, a flag as a lone letter. A value of marks alone
    is cut at `at` (there is no reader's character to keep whole)."""
    import unicodedata

    start = at
    while 0 < at < len(text):
        char, before = text[at], text[at - 1]
        if (unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Mc")
                or char == _ZWJ or before == _ZWJ or _EXTENDS.search(char)):
            at -= 1
        elif _regional(char) and _regional(before):
            run = 0  # the letters before `at`: an odd number splits a flag
            while run < at and _regional(text[at - run - 1]):
                run += 1
            if run % 2 == 0:
                return at  # between two flags
            at -= 1
        else:
            return at
    return at or start


_ZWJ = "\u200d"
# Variation selectors, emoji skin tones, tags (a subdivision flag's), Hangul vowels and finals.
_EXTENDS = LazyPattern("[\ufe00-\ufe0f\U000e0100-\U000e01ef\U0001f3fb-\U0001f3ff"
                       "\U000e0020-\U000e007f\u1160-\u11ff\ud7b0-\ud7ff]")


def _regional(char: str) -> bool:
    """A regional indicator: a flag is two (`FR`: U+1F1EB U+1F1F7)."""
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def path_text(path: str) -> str:
    """`path` as text that any output can hold. A file name that is not UTF-8 reaches
    Python with its bad bytes as lone surrogates (PEP 383), which a UTF-8 stream or a
    JSON reader rejects; they are shown as U+FFFD, as ruff and most tools show them.
    SARIF (`wf_lsp.output.sarif`), whose paths are URIs, percent-encodes the bytes
    instead (exact)."""
    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no file name's byte stands for
        data = path.encode("utf-8", "replace")
    return data.decode("utf-8", "replace")


# C0 and C1 controls and DEL: what a terminal acts on rather than shows.
_CONTROLS = LazyPattern("[\x00-\x1f\x7f-\x9f]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\a": "\\a", "\b": "\\b", "\t": "\\t",
            "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r"}


def quoted_path(path: str) -> str:
    """`path` as the text outputs (and stderr) print it: `path_text`, and a name with a
    control character in it quoted as git quotes it, `"a\\nb.yaml"`, `"\\x1b[31m.yaml"`:
    printed raw, a newline in a name faked a finding's line, an ESC coloured the terminal.
    JSON, SARIF, GitLab and GitHub hold every name exactly (their formats escape it)."""
    text = path_text(path)
    if text.isprintable() or not _CONTROLS.search(text):  # no control is printable
        return text
    escaped = re.sub(r'[\\"\x00-\x1f\x7f-\x9f]',
                     lambda m: _ESCAPES.get(m[0]) or f"\\x{ord(m[0]):02x}", text)
    return f'"{escaped}"'


def place_name(path: str) -> str:
    """Where a report's error is, as an error line says it: `quoted_path`, and standard
    input read without a name (`-`) in words ("-: standard input is not UTF-8" said it
    twice, and "-: internal error" not at all)."""
    return "standard input" if path == "-" else quoted_path(path)


def moved_findings(findings: tuple[Finding, ...], first: int, end: int, delta: int
                   ) -> tuple[Finding, ...] | None:
    """`findings` of an earlier text after an edit replaced its lines [first, end) and
    moved the lines from `end` on by `delta`: each place in this file above the edit as
    it was, each below it moved (their fixes' edits and related places too); None when
    one is in the lines the edit replaced (what was found there must be found again).
    The messages are kept: a finding whose message names a line is not to be moved."""
    def position(pos: Position) -> Position:
        if pos.line < first:
            return pos
        if pos.line >= end:
            return Position(pos.line + delta, pos.column)
        raise _Unmoved

    def span(old: Span) -> Span:
        return Span(position(old.start), position(old.end))

    try:
        return tuple(Finding(
            f.code, f.message, span(f.span), f.severity,
            tuple(fix if fix.path is not None else Fix(
                fix.title, tuple(Edit(span(e.span), e.new_text) for e in fix.edits),
                fix.safe, None, fix.group, fix.placeholder) for fix in f.fixes),
            tuple(r if r.path is not None else Related(span(r.span), r.message, None)
                  for r in f.related), f.unnecessary, f.count) for f in findings)
    except _Unmoved:
        return None


class _Unmoved(Exception):
    """A place in lines an edit replaced: it has no place in the new text."""
