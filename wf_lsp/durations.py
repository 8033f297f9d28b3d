"""Duration values (``timeout: "1h30m"``): Go's parser, exactly, and what a value says.

H2O Orchestrator reads durations with Go's ``time.ParseDuration``. :func:`parse_go` is a
line-by-line port of it (Go 1.19+, unchanged since), so what we accept, reject, truncate and
report matches the server to the nanosecond and to the byte of the error message.

:func:`read` takes a value apart the way Go scans it, leniently, and says where Go's syntax
first fails; the timeouts page adds rules Go does not enforce (positive, larger-to-smaller
units, no spaces), and a :class:`Reading` is ``valid`` only when it keeps those too. Which
finding a value gets, with which words and fixes, is for the duration rules to say
(WF101-WF111, ``wf_lsp/rules/duration_*.py``; ``wf_lsp.rules.durations`` asks them in order).
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from wf_lsp.findings import shortened
from wf_lsp.records import record

MAX_NS = 2**63 - 1
_LIMIT = 1 << 63  # Go sums magnitudes in a uint64, so -2**63 is reachable but 2**63 is not


@record
class Unit:
    """One of Go's duration units."""

    name: str  # as the canonical form writes it
    nanoseconds: int
    word: str  # "hour": how `in_words` says it
    spellings: tuple[str, ...]  # every way Go accepts it (case-sensitive)


# Go's unitMap, larger to smaller: the one table of units (the JSON schema's pattern and the
# editor's completion read it too). Microseconds have both micro signs, U+00B5 and U+03BC.
UNITS = (
    Unit("h", 3_600_000_000_000, "hour", ("h",)),
    Unit("m", 60_000_000_000, "minute", ("m",)),
    Unit("s", 1_000_000_000, "second", ("s",)),
    Unit("ms", 1_000_000, "millisecond", ("ms",)),
    Unit("us", 1_000, "microsecond", ("us", "µs", "μs")),
    Unit("ns", 1, "nanosecond", ("ns",)),
)
NANOSECONDS = {spelling: unit.nanoseconds for unit in UNITS for spelling in unit.spellings}
WORDS = {unit.name: unit.word for unit in UNITS}
# The next smaller unit after each spelling ("1h30" most likely meant "1h30m").
SMALLER = {spelling: smaller.name
           for unit, smaller in zip(UNITS, UNITS[1:]) for spelling in unit.spellings}

# One "number unit" pair as Go scans it: [0-9]* then optional .[0-9]*, then the unit is the
# longest run of anything that is neither an ASCII digit nor "." (so "1 h" has unit " h").
_SEGMENT = re.compile(r"([0-9]*)(?:\.([0-9]*))?([^0-9.]*)")
WHITESPACE = re.compile(r"\s+")

# Go builds the fraction's scale by repeated float64 multiplication; past 1e22 that drifts from
# the exact power of ten, so we multiply the same way (and reach inf the same way).
_SCALES = [1.0]
while _SCALES[-1] != float("inf"):
    _SCALES.append(_SCALES[-1] * 10.0)


def _go_quote(s: str) -> str:
    """Go's time.quote: control and non-ASCII characters become \\x escapes of their UTF-8 bytes."""
    out = ['"']
    for ch in s:
        if ch < " " or ch >= "\x80":
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))
        else:
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


class GoDurationError(ValueError):
    """Go rejected the text; ``str(e)`` is Go's message, byte for byte."""

    def __init__(self, kind: str, text: str, unit: str | None = None):
        self.kind, self.text, self.unit = kind, text, unit
        if kind == "missing_unit":
            message = f"time: missing unit in duration {_go_quote(text)}"
        elif kind == "unknown_unit":
            message = f"time: unknown unit {_go_quote(unit or '')} in duration {_go_quote(text)}"
        else:
            message = f"time: invalid duration {_go_quote(text)}"
        super().__init__(message)


def _split_sign(text: str) -> tuple[str, str]:
    return (text[0], text[1:]) if text[:1] in ("-", "+") else ("", text)


def parse_go(text: str) -> int:
    """Go's time.ParseDuration: nanoseconds, or GoDurationError with Go's message."""
    sign, body = _split_sign(text)
    if body == "0":  # Go's special case: a lone 0 needs no unit
        return 0
    if not body:
        raise GoDurationError("invalid", text)
    total, pos = 0, 0
    while pos < len(body):
        match = _SEGMENT.match(body, pos)
        digits, frac, unit = match.groups()
        if not digits and not frac:  # not [0-9.] here, or a "." without digits
            raise GoDurationError("invalid", text)
        whole = digits.lstrip("0")
        if len(whole) > 19 or int(whole or "0") > _LIMIT:  # leadingInt overflow
            raise GoDurationError("invalid", text)
        if not unit:
            raise GoDurationError("missing_unit", text)
        unit_ns = NANOSECONDS.get(unit)
        if unit_ns is None:
            raise GoDurationError("unknown_unit", text, unit)
        value = int(whole or "0")
        if value > _LIMIT // unit_ns:
            raise GoDurationError("invalid", text)
        value *= unit_ns
        if frac:
            # leadingFraction keeps digits while the value fits in 2**63 (at most 19 significant
            # digits, leading zeros always fit) and ignores the rest.
            sig = frac.lstrip("0")
            kept = min(len(sig), 19)
            if kept == 19 and int(sig[:19]) > _LIMIT:
                kept = 18
            f = int(sig[:kept] or "0")
            if f:
                places = len(frac) - len(sig) + kept
                scale = _SCALES[places] if places < len(_SCALES) else float("inf")
                value += int(float(f) * (float(unit_ns) / scale))  # float64 maths, truncated
                if value > _LIMIT:
                    raise GoDurationError("invalid", text)
        total += value
        if total > _LIMIT:
            raise GoDurationError("invalid", text)
        pos = match.end()
    if sign == "-":
        return -total
    if total > MAX_NS:
        raise GoDurationError("invalid", text)
    return total


def canonical(ns: int) -> str:
    """h, m, s, ms, us, ns parts, largest first, zero parts dropped: 5400s -> "1h30m"."""
    if ns == 0:
        return "0s"
    if ns < 0:
        return "-" + canonical(-ns)
    return "".join(f"{count}{unit}" for count, unit in _parts(ns))


def in_words(ns: int) -> str:
    """ "1 hour 30 minutes", "1 millisecond 500 microseconds"."""
    if ns == 0:
        return "0 seconds"
    if ns < 0:
        return "minus " + in_words(-ns)
    return " ".join(f"{count:,} {WORDS[unit]}{'' if count == 1 else 's'}"
                    for count, unit in _parts(ns))


def _parts(ns: int):
    """(count, unit) for each non-zero part of a positive duration, largest unit first."""
    for unit in UNITS:
        count, ns = divmod(ns, unit.nanoseconds)
        if count:
            yield count, unit.name


def in_seconds(ns: int) -> str:
    """ "5,400 s", "0.0015 s": exact decimal seconds, never a float."""
    sign = "-" if ns < 0 else ""
    whole, frac = divmod(abs(ns), NANOSECONDS["s"])
    fraction = f"{frac:09d}".rstrip("0")
    return f"{sign}{whole:,}{'.' + fraction if fraction else ''} s"


@record
class Suggestion:
    """A fix a duration rule offers: the text to write instead."""

    title: str
    new_text: str
    safe: bool


@record
class Verdict:
    """What a duration rule says of a value it objects to."""

    message: str
    suggestions: tuple[Suggestion, ...] = ()


@record
class DurationCheck:
    """A value as the duration rules judge it: the one finding it gets, if any."""

    text: str
    nanoseconds: int | None  # what Go's ParseDuration returns; None where it rejects the text
    code: str | None
    message: str | None
    suggestions: tuple[Suggestion, ...] = ()
    valid: bool = False  # the engine accepts it: no finding, or a hint (WF110, WF111)

    @property
    def canonical(self) -> str | None:
        return canonical(self.nanoseconds) if self.valid else None


Segment = tuple[str, "str | None", str]  # digits, fraction (None: no "."), unit


@record
class Reading:
    """A duration value taken apart as Go scans it, before any rule judges it."""

    text: str
    yaml_type: str  # str, int, float (checked as written) or bool, null, seq, map
    sign: str  # "", "-" or "+"
    body: str  # the text after the sign
    segments: tuple[Segment, ...]
    # Where Go's syntax first fails: "whitespace", "missing unit", "unknown unit" or
    # "malformed"; `at` is the segment it fails in (-1: not one segment's fault).
    syntax: str | None
    at: int
    nanoseconds: int | None  # what Go's ParseDuration returns; None where it rejects the text

    @property
    def is_text(self) -> bool:
        """A string or a number: something that can be a duration at all."""
        return self.yaml_type in ("str", "int", "float")

    @property
    def ordered(self) -> bool:
        """Each unit smaller than the one before it (so each at most once)."""
        sizes = [NANOSECONDS[unit] for _, _, unit in self.segments]
        return all(a > b for a, b in zip(sizes, sizes[1:]))

    @cached_property  # asked by every relation rule of every job, on every edit
    def valid(self) -> bool:
        """Go reads it, and it is positive with its units from larger to smaller."""
        ns = self.nanoseconds
        return self.is_text and ns is not None and ns > 0 and self.ordered

    @property
    def canonical(self) -> str | None:
        """The canonical form of a valid value, else None."""
        return canonical(self.nanoseconds) if self.valid else None


@lru_cache(maxsize=8192)
def read(text: str, yaml_type: str = "str") -> Reading:
    """What the value ``text`` (a YAML ``yaml_type``) says as a duration."""
    sign, body = _split_sign(text)
    segments = tuple(lex(body)) if body != "0" else ()
    syntax, at = _syntax(text, body, segments)
    try:
        ns = parse_go(text) if yaml_type in ("str", "int", "float") else None
    except GoDurationError:
        ns = None
    return Reading(text, yaml_type, sign, body, segments, syntax, at, ns)


def _syntax(text: str, body: str, segments: tuple[Segment, ...]) -> tuple[str | None, int]:
    """The first thing Go's syntax rejects, and the segment it is in."""
    if WHITESPACE.search(text):
        return "whitespace", -1
    for index, (digits, frac, unit) in enumerate(segments):
        if not digits and not frac:
            return "malformed", index
        if not unit:
            # "1.2.3s": a second decimal point, not a missing unit
            return ("missing unit" if index + 1 == len(segments) else "malformed"), index
        if unit not in NANOSECONDS:
            # "1e3s" and "1_000s" reach here as units "e" and "_": number syntax, not a unit.
            is_exponent = unit in ("e", "E") and index + 1 < len(segments)
            return ("unknown unit" if unit.isalpha() and not is_exponent else "malformed"), index
    if not body:
        return "malformed", -1
    return None, -1


def lex(body: str) -> list[Segment]:
    """(digits, fraction or None, unit) pairs covering ``body``, scanned like Go but leniently."""
    segments, pos = [], 0
    while pos < len(body):
        match = _SEGMENT.match(body, pos)
        segments.append(match.groups())
        pos = match.end()
    return segments


# Exact values are whole multiples of 10**-40 ns: 40 places, far below what Go keeps.
_PLACES = 40
EXACT_NS = 10**_PLACES


def exact(digits: str, frac: str | None, unit_ns: int) -> int:
    """What a number-unit pair means on paper, before Go truncates it to whole nanoseconds,
    in units of 10**-40 ns (integers: no Fraction to import or to compute with)."""
    whole, frac = digits.lstrip("0"), (frac or "").rstrip("0")[:_PLACES]
    if len(whole) > 40:  # too large for any duration; spares int() a huge digit string
        return 2**200 * EXACT_NS
    return int((whole or "0") + frac.ljust(_PLACES, "0")) * unit_ns


def exact_total(segments: tuple[Segment, ...]) -> int:
    """The exact sum of segments whose units Go knows, in 10**-40 ns."""
    return sum(exact(digits, frac, NANOSECONDS[unit]) for digits, frac, unit in segments)


def stray(text: str) -> tuple[str, str, bool] | None:
    """The first character of `text` no duration can hold (not ASCII, not a micro sign,
    not whitespace, which WF102 names), named for a message: `"１" (U+FF11 FULLWIDTH
    DIGIT ONE)`; `text` with what such characters stand for (NFKC's `1` for `１`,
    another script's decimal digit as an ASCII one) and the rest of them dropped; and
    whether that first one stands for something. None when there is none."""
    found = next((char for char in text if not char.isascii() and char not in "µμ"
                  and not WHITESPACE.match(char)), None)
    if found is None:
        return None
    import unicodedata  # rare: not worth importing on every start

    def plain(char: str) -> str:
        if char.isascii() or char in "µμ" or WHITESPACE.match(char):
            return char
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            return str(digit)
        folded = unicodedata.normalize("NFKC", char)
        return folded if folded.isascii() else ""

    name = unicodedata.name(found, "")
    named = f'"{found}" (U+{ord(found):04X}{" " + name if name else ""})'
    return named, "".join(plain(char) for char in text), plain(found) != ""


def change_to(new_text: str, safe: bool, title: str | None = None) -> Suggestion:
    """The usual fix: write `new_text` instead."""
    return Suggestion(title or f'Change to "{shortened(new_text)}"', new_text, safe)


def resolve(check: DurationCheck) -> tuple[str, bool] | None:
    """Where a repaired text ends up: its canonical form if valid, else its own safe fix."""
    if check.valid:
        return check.canonical, True
    safe = [s.new_text for s in check.suggestions if s.safe]
    return (safe[0], True) if safe else None
