"""Duration values (``timeout: "1h30m"``): Go's parser, exactly, and the product's stricter rules.

H2O Orchestrator reads durations with Go's ``time.ParseDuration``. :func:`parse_go` is a
line-by-line port of it (Go 1.19+, unchanged since), so what we accept, reject, truncate and
report matches the server to the nanosecond and to the byte of the error message.

The timeouts page adds rules Go does not enforce (positive, larger-to-smaller units, no
spaces). :func:`check_text` reports the ONE most important problem with a value, in this order:
WF108 type, WF102 whitespace, WF101/WF106/WF107 syntax, WF109 overflow, WF104 zero,
WF105 negative, WF103 unit order, then the hints WF110 (odd style) and WF111 (not canonical),
together with fixes. A fix marked ``safe`` keeps the meaning (or the intent is unambiguous),
so ``--fix`` may apply it unasked. Fixes that rewrite a value give it in canonical form, so
applying one leads to no further finding; only removing whitespace keeps the user's spelling
(``" 90m"`` becomes ``"90m"``, and the WF111 hint may follow), unless WF110 would find it odd
(``"1h 0m"`` becomes ``"1h"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_NS = 2**63 - 1
_LIMIT = 1 << 63  # Go sums magnitudes in a uint64, so -2**63 is reachable but 2**63 is not

_US = 1_000
_MS = 1_000_000
_S = 1_000_000_000
_M = 60 * _S
_H = 60 * _M
# Go's unitMap: case-sensitive, both micro signs (U+00B5 and Greek U+03BC).
_UNIT_NS = {"ns": 1, "us": _US, "µs": _US, "μs": _US, "ms": _MS, "s": _S, "m": _M, "h": _H}
_CANON = (("h", _H), ("m", _M), ("s", _S), ("ms", _MS), ("us", _US), ("ns", 1))
_WORDS = {
    "h": "hour", "m": "minute", "s": "second", "ms": "millisecond", "us": "microsecond", "ns": "nanosecond",
}
_SMALLER = {"h": "m", "m": "s", "s": "ms", "ms": "us", "µs": "ns", "μs": "ns", "us": "ns"}

# One "number unit" pair as Go scans it: [0-9]* then optional .[0-9]*, then the unit is the
# longest run of anything that is neither an ASCII digit nor "." (so "1 h" has unit " h").
_SEGMENT = re.compile(r"([0-9]*)(?:\.([0-9]*))?([^0-9.]*)")
_WS = re.compile(r"\s+")
_CLOCK = re.compile(r"([0-9]+):([0-9]{1,2})(?::([0-9]{1,2}(?:\.[0-9]*)?))?")
# Anchored and unambiguous on purpose: an unanchored search over long digit runs backtracks
# quadratically, and values are user input.
_EXPONENT = re.compile(r"([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE]([+-]?[0-9]{1,3})(.*)", re.S)
_UNDERSCORE = re.compile(r"(?<=[0-9])_(?=[0-9])")

# Go builds the fraction's scale by repeated float64 multiplication; past 1e22 that drifts from
# the exact power of ten, so we multiply the same way (and reach inf the same way).
_SCALES = [1.0]
while _SCALES[-1] != float("inf"):
    _SCALES.append(_SCALES[-1] * 10.0)

# Slips seen in real workflows, keyed by casefold(): (nanoseconds per unit, safe to apply unasked).
# "M" is left unsafe: it may mean months.
_ALIASES: dict[str, tuple[int, bool]] = {"m": (_M, False)}
for _names, _ns in (
    ("d day days", 24 * _H),
    ("w wk wks week weeks", 7 * 24 * _H),
    ("h hr hrs hour hours", _H),
    ("min mins minute minutes", _M),
    ("s sec secs second seconds", _S),
    ("ms msec msecs millis millisecond milliseconds", _MS),
    ("us μs usec usecs μsec μsecs micros microsecond microseconds", _US),
    ("ns nsec nsecs nanos nanosecond nanoseconds", 1),
):
    _ALIASES.update((_name, (_ns, True)) for _name in _names.split())

SEVERITY = {
    "WF101": "error",  # duration-missing-unit
    "WF102": "error",  # duration-whitespace
    "WF103": "error",  # duration-unit-order
    "WF104": "error",  # duration-zero
    "WF105": "error",  # duration-negative
    "WF106": "error",  # duration-unknown-unit
    "WF107": "error",  # duration-malformed
    "WF108": "error",  # duration-type
    "WF109": "error",  # duration-overflow
    "WF110": "hint",  # duration-style
    "WF111": "hint",  # duration-not-canonical
}


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
        unit_ns = _UNIT_NS.get(unit)
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
    return " ".join(f"{count:,} {_WORDS[unit]}{'' if count == 1 else 's'}"
                    for count, unit in _parts(ns))


def _parts(ns: int):
    """(count, unit) for each non-zero part of a positive duration, largest unit first."""
    for unit, size in _CANON:
        count, ns = divmod(ns, size)
        if count:
            yield count, unit


def in_seconds(ns: int) -> str:
    """ "5,400 s", "0.0015 s": exact decimal seconds, never a float."""
    sign = "-" if ns < 0 else ""
    whole, frac = divmod(abs(ns), _S)
    fraction = f"{frac:09d}".rstrip("0")
    return f"{sign}{whole:,}{'.' + fraction if fraction else ''} s"


@dataclass(frozen=True)
class Suggestion:
    title: str
    new_text: str
    safe: bool


@dataclass(frozen=True)
class DurationCheck:
    text: str
    nanoseconds: int | None
    code: str | None
    message: str | None
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def valid(self) -> bool:
        return self.code is None or SEVERITY[self.code] == "hint"

    @property
    def canonical(self) -> str | None:
        return canonical(self.nanoseconds) if self.valid and self.nanoseconds is not None else None


def _lex(body: str) -> list[tuple[str, str | None, str]]:
    """(digits, fraction or None, unit) pairs covering ``body``, scanned like Go but leniently."""
    segments, pos = [], 0
    while pos < len(body):
        match = _SEGMENT.match(body, pos)
        segments.append(match.groups())
        pos = match.end()
    return segments


# Exact values are whole multiples of 10**-40 ns: 40 places, far below what Go keeps.
_PLACES = 40
_EXACT_NS = 10**_PLACES


def _exact(digits: str, frac: str | None, unit_ns: int) -> int:
    """What a number-unit pair means on paper, before Go truncates it to whole nanoseconds,
    in units of 10**-40 ns (integers: no Fraction to import or to compute with)."""
    whole, frac = digits.lstrip("0"), (frac or "").rstrip("0")[:_PLACES]
    if len(whole) > 40:  # too large for any duration; spares int() a huge digit string
        return 2**200 * _EXACT_NS
    return int((whole or "0") + frac.ljust(_PLACES, "0")) * unit_ns


def _change_to(new_text: str, safe: bool, title: str | None = None) -> Suggestion:
    return Suggestion(title or f'Change to "{new_text}"', new_text, safe)


def _resolve(candidate: str) -> tuple[str, bool] | None:
    """Where a repaired text ends up: its canonical form if valid, else its own safe fix."""
    result = check_text(candidate)
    if result.valid:
        return result.canonical, True
    safe = [s.new_text for s in result.suggestions if s.safe]
    return (safe[0], True) if safe else None


def _result(text, ns, code, message, *suggestions) -> DurationCheck:
    return DurationCheck(text, ns, code, message, tuple(suggestions))


def _check_whitespace(text: str) -> DurationCheck:
    stripped = _WS.sub("", text)
    # Spaces between digits ("1 30m") join two numbers into one: a guess, not a formatting fix.
    number = "0123456789."
    joins_numbers = any(
        0 < m.start() and m.end() < len(text) and text[m.start() - 1] in number and text[m.end()] in number
        for m in _WS.finditer(text)
    )
    fixes: list[Suggestion] = []
    if stripped:
        result = check_text(stripped)
        if result.valid:
            # Keep the user's own spelling (a WF111 hint, off by default, may follow), unless
            # it is odd enough for WF110: the fix must not leave a finding behind.
            written = result.canonical if result.code == "WF110" else stripped
            fixes.append(Suggestion(f'Remove the whitespace: "{written}"', written, not joins_numbers))
        else:
            fixes.extend(_change_to(s.new_text, s.safe and not joins_numbers) for s in result.suggestions)
    fix = f': write "{fixes[0].new_text}"' if fixes and fixes[0].safe else ": remove it"
    return _result(text, None, "WF102", f"whitespace is not allowed in a duration{fix}", *fixes)


def _check_unknown_unit(text, sign, segments, unit) -> DurationCheck:
    total, safe = 0, True
    for digits, frac, seg_unit in segments:
        if seg_unit in _UNIT_NS:
            unit_ns = _UNIT_NS[seg_unit]
        elif seg_unit.casefold() in _ALIASES and (digits or frac):
            unit_ns, alias_safe = _ALIASES[seg_unit.casefold()]
            safe = safe and alias_safe
        else:
            total = None
            break
        total += _exact(digits, frac, unit_ns)
    fixes = []
    if total is not None and sign != "-" and 0 < total // _EXACT_NS <= MAX_NS:
        fixes.append(_change_to(canonical(total // _EXACT_NS), safe))
    hint = f'; write "{fixes[0].new_text}"' if fixes else ""
    return _result(
        text, None, "WF106",
        f'unknown unit "{unit}" in "{text}": durations use ns, us, ms, s, m and h{hint}', *fixes,
    )


def _check_malformed(text: str, body: str) -> DurationCheck:
    fixes: list[Suggestion] = []
    if not body:
        return _result(text, None, "WF107", 'empty duration: write a number and a unit, like "30m"')
    clock = _CLOCK.fullmatch(text)
    if clock:
        first, second, third = clock.groups()
        readings = [f"{first}h{second}m{third}s"] if third else [f"{first}h{second}m", f"{first}m{second}s"]
        for reading in readings:
            resolved = _resolve(reading)
            if resolved:
                fixes.append(_change_to(resolved[0], False))
        example = f', like "{fixes[0].new_text}"' if fixes else ""
        message = f'"{text}" is a clock time, not a duration: write it with units{example}'
        return _result(text, None, "WF107", message, *fixes)
    repaired, problem = text, None
    if _UNDERSCORE.search(text):
        repaired, problem = _UNDERSCORE.sub("", text), 'digit separators "_" are not allowed'
    exponent = _EXPONENT.fullmatch(repaired)
    if exponent:
        sign, mantissa, power, rest = exponent.groups()
        from decimal import Decimal  # rare: not worth importing on every start

        repaired = sign + format(Decimal(mantissa).scaleb(int(power)), "f") + rest
        problem = "exponents are not allowed"
    if problem:
        resolved = _resolve(repaired) if repaired != text else None
        if resolved:
            fixes.append(_change_to(resolved[0], False))
        hint = f': write "{resolved[0]}"' if resolved else ": write the number out in full, with a unit"
        return _result(text, None, "WF107", f"{problem} in a duration{hint}", *fixes)
    message = (f'"{text}" is not a valid duration: write numbers each followed by a unit '
               '(ns, us, ms, s, m, h), like "1h30m"')
    return _result(text, None, "WF107", message)


def _check_missing_unit(text: str, sign: str, body: str, segments) -> DurationCheck:
    if len(segments) == 1:  # a bare number: seconds, minutes or hours are all plausible
        fixes = []
        for unit, word in (("s", "seconds"), ("m", "minutes"), ("h", "hours")):
            resolved = _resolve(f"{sign}{body}{unit}")
            if resolved:
                fixes.append(Suggestion(f'Read as {word}: "{resolved[0]}"', resolved[0], False))
        example = f' such as "{body}s", "{body}m" or "{body}h"' if fixes else ""
        return _result(text, None, "WF101", f'missing unit: "{text}" needs a unit{example}', *fixes)
    # "1h30": the unit after the previous one is what people leave out.
    fixes, number = [], "".join(p for p in segments[-1][:2] if p is not None)
    unit = _SMALLER.get(segments[-2][2])
    resolved = _resolve(text + unit) if unit else None
    if resolved:
        fixes.append(Suggestion(f'Add the unit "{unit}": "{resolved[0]}"', resolved[0], resolved[1]))
    hint = f'; did you mean "{text}{unit}"?' if resolved else ""
    return _result(text, None, "WF101", f'missing unit after {number} in "{text}"{hint}', *fixes)


def _check_valid_go(text: str, ns: int, sign: str, segments) -> DurationCheck:
    if ns == 0:
        exact = sum(_exact(d, f, _UNIT_NS[u]) for d, f, u in segments)
        why = " is less than 1ns, which Go reads as zero" if exact else " is zero"
        return _result(text, ns, "WF104", f'"{text}"{why}: a duration must be positive')
    if ns < 0:
        positive = canonical(-ns)
        fixes = [_change_to(positive, False, f'Remove the minus sign: "{positive}"')] if -ns <= MAX_NS else []
        return _result(text, ns, "WF105", f'"{text}" is negative: a duration must be positive', *fixes)
    fix = _change_to(canonical(ns), True)
    sizes = [_UNIT_NS[u] for _, _, u in segments]
    if any(a <= b for a, b in zip(sizes, sizes[1:])):
        repeated = len(set(sizes)) < len(sizes)
        rule = "each unit may appear only once" if repeated else "units must go from larger to smaller"
        return _result(text, ns, "WF103", f'{rule}: "{text}" is {canonical(ns)}', fix)
    exact = sum(_exact(d, f, _UNIT_NS[u]) for d, f, u in segments)
    if sign == "+":
        why = 'the "+" sign is redundant'
    elif any(not d or f == "" for d, f, _ in segments):
        why = "a decimal point needs digits on both sides"
    elif any(u == "μs" for _, _, u in segments):
        why = 'the Greek letter "μ" (U+03BC) is an unusual way to write microseconds'
    elif any(_exact(d, f, 1) == 0 for d, f, _ in segments):
        why = "zero parts add nothing"
    elif exact != ns * _EXACT_NS:
        why = f"Go ignores digits below a nanosecond and reads this as {canonical(ns)}"
    elif text != canonical(ns):
        return _result(text, ns, "WF111", f'"{text}" is {canonical(ns)}: write it as "{canonical(ns)}"', fix)
    else:
        return _result(text, ns, None, None)
    return _result(text, ns, "WF110", f'{why}: write "{text}" as "{canonical(ns)}"', fix)


@lru_cache(maxsize=8192)
def check_text(text: str) -> DurationCheck:
    """The one finding (if any) for a duration written as ``text``, with its fixes."""
    if _WS.search(text):
        return _check_whitespace(text)
    sign, body = _split_sign(text)
    segments = [] if body == "0" else _lex(body)
    for index, (digits, frac, unit) in enumerate(segments):
        if not digits and not frac:
            return _check_malformed(text, body)
        if not unit:
            if index + 1 < len(segments):  # "1.2.3s": a second decimal point, not a missing unit
                return _check_malformed(text, body)
            return _check_missing_unit(text, sign, body, segments)
        if unit not in _UNIT_NS:
            # "1e3s" and "1_000s" reach here as units "e" and "_": number syntax, not a unit.
            is_exponent = unit in ("e", "E") and index + 1 < len(segments)
            if unit.isalpha() and not is_exponent:
                return _check_unknown_unit(text, sign, segments, unit)
            return _check_malformed(text, body)
    if not body:
        return _check_malformed(text, body)
    try:
        ns = parse_go(text)
    except GoDurationError:  # the syntax is fine, so Go's only complaint left is the size
        limit = "2562047h47m16.854775807s (about 292 years)"
        message = f'"{text}" is too large: the longest duration Go accepts is {limit}'
        return _result(text, None, "WF109", message)
    return _check_valid_go(text, ns, sign, segments)


_TYPE_NAMES = {"bool": "a boolean", "null": "empty", "seq": "a list", "map": "a mapping"}


def check_value(text: str | None, yaml_type: str) -> DurationCheck:
    """Check a YAML value; ``text`` is the token as written (numbers are checked as written)."""
    if yaml_type in ("str", "int", "float"):
        return check_text(text or "")
    what = _TYPE_NAMES.get(yaml_type, f"a {yaml_type}")
    found = "the value is empty" if yaml_type == "null" else f"the value is {what}"
    return _result(text or "", None, "WF108", f'{found}: a duration must be a string like "30m"')
