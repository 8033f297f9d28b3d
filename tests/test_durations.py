"""wf_lsp.durations (Go's ParseDuration, formatting) and the WF101-WF111 rules' checks and fixes."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.durations import (
    MAX_NS,
    DurationCheck,
    GoDurationError,
    Suggestion,
    canonical,
    in_seconds,
    in_words,
    parse_go,
)
from wf_lsp.findings import Severity
from wf_lsp.rules import RULES
from wf_lsp.rules.durations import check_text, check_value

# The duration rules' codes, and whether each is a hint (a valid value written oddly).
SEVERITY = {code: RULES[code].severity for code in RULES if code.startswith("WF1")}
HINT = Severity.HINT

S = 10**9
M = 60 * S
H = 60 * M

# (text, code, nanoseconds, [(new_text, safe), ...]) -- every example of the spec, exactly.
CASES = [
    # fine and canonical
    ("30s", None, 30 * S, []),
    ("5m", None, 5 * M, []),
    ("1h", None, H, []),
    ("1h30m", None, H + 30 * M, []),
    ("2h45m30s", None, 2 * H + 45 * M + 30 * S, []),
    ("1us", None, 1000, []),
    ("1ms500us", None, 1_500_000, []),
    ("2562047h47m16s854ms775us807ns", None, MAX_NS, []),
    # WF101 missing unit
    ("30", "WF101", None, [("30m", False), ("30h", False), ("30s", False)]),
    ("1.5", "WF101", None, [("1.5h", False), ("1.5m", False), ("1.5s", False)]),
    ("+30", "WF101", None, [("30m", False), ("30h", False), ("30s", False)]),
    ("-30", "WF101", None, []),
    ("00", "WF101", None, []),
    ("0.0", "WF101", None, []),
    ("1h30", "WF101", None, [("1h30m", True)]),
    ("1m30", "WF101", None, [("1m30s", True)]),
    ("1s500", "WF101", None, [("1s500ms", True)]),
    ("1ms500", "WF101", None, [("1ms500us", True)]),
    ("1µs500", "WF101", None, [("1us500ns", True)]),
    ("1h90", "WF101", None, [("2h30m", True)]),
    ("1ns5", "WF101", None, []),
    # WF102 whitespace
    ("1 h", "WF102", None, [("1h", True)]),
    ("1h 30m", "WF102", None, [("1h30m", True)]),
    (" 5m", "WF102", None, [("5m", True)]),
    ("5m ", "WF102", None, [("5m", True)]),
    ("\t5m", "WF102", None, [("5m", True)]),
    ("1h\n30m", "WF102", None, [("1h30m", True)]),
    ("1h\u00a030m", "WF102", None, [("1h30m", True)]),
    (" 90m", "WF102", None, [("90m", True)]),  # only the whitespace goes; WF111 may follow
    ("5 min", "WF102", None, [("5m", True)]),
    ("30m 1h", "WF102", None, [("1h30m", True)]),
    ("1 30m", "WF102", None, [("130m", False)]),  # joins two numbers: a guess
    ("1 .5h", "WF102", None, [("1.5h", False)]),
    ("- 5m", "WF102", None, [("5m", False)]),
    (" ", "WF102", None, []),
    # WF106 unknown unit
    ("1d", "WF106", None, [("24h", True)]),
    ("1w", "WF106", None, [("168h", True)]),
    ("1.5d", "WF106", None, [("36h", True)]),
    ("5min", "WF106", None, [("5m", True)]),
    ("5mins", "WF106", None, [("5m", True)]),
    ("5minutes", "WF106", None, [("5m", True)]),
    ("1minute", "WF106", None, [("1m", True)]),
    ("90min", "WF106", None, [("1h30m", True)]),
    ("2hr", "WF106", None, [("2h", True)]),
    ("2hrs", "WF106", None, [("2h", True)]),
    ("2hours", "WF106", None, [("2h", True)]),
    ("1hour", "WF106", None, [("1h", True)]),
    ("10sec", "WF106", None, [("10s", True)]),
    ("10secs", "WF106", None, [("10s", True)]),
    ("10seconds", "WF106", None, [("10s", True)]),
    ("1second", "WF106", None, [("1s", True)]),
    ("100msec", "WF106", None, [("100ms", True)]),
    ("100usec", "WF106", None, [("100us", True)]),
    ("100nsec", "WF106", None, [("100ns", True)]),
    ("2H", "WF106", None, [("2h", True)]),
    ("100MS", "WF106", None, [("100ms", True)]),
    ("10S", "WF106", None, [("10s", True)]),
    ("5Min", "WF106", None, [("5m", True)]),
    ("1M", "WF106", None, [("1m", False)]),  # minutes or months?
    ("1d12h", "WF106", None, [("36h", True)]),
    ("1h30min", "WF106", None, [("1h30m", True)]),
    ("2days", "WF106", None, [("48h", True)]),
    ("-1d", "WF106", None, []),
    ("5x", "WF106", None, []),
    ("1y", "WF106", None, []),
    ("1d12", "WF106", None, []),
    ("99999999999999999999d", "WF106", None, []),
    # WF107 malformed
    ("", "WF107", None, []),
    ("abc", "WF107", None, []),
    ("h", "WF107", None, []),
    ("--5m", "WF107", None, []),
    ("+-5m", "WF107", None, []),
    ("+", "WF107", None, []),
    ("-", "WF107", None, []),
    (".", "WF107", None, []),
    (".s", "WF107", None, []),
    ("-.s", "WF107", None, []),
    ("1.2.3s", "WF107", None, []),
    ("1h-30m", "WF107", None, []),
    ("1:30", "WF107", None, [("1h30m", False), ("1m30s", False)]),
    ("0:45", "WF107", None, [("45m", False), ("45s", False)]),
    ("1:30:15", "WF107", None, [("1h30m15s", False)]),
    ("1e3s", "WF107", None, [("16m40s", False)]),
    ("1.5e2m", "WF107", None, [("2h30m", False)]),
    ("1e3", "WF107", None, []),
    ("1_000s", "WF107", None, [("16m40s", False)]),
    ("µs", "WF107", None, []),
    # WF109 overflow
    ("2562047h47m16.854775808s", "WF109", None, []),
    ("2562047h47m16s854ms775us808ns", "WF109", None, []),
    ("9223372036854775808ns", "WF109", None, []),
    ("2562048h", "WF109", None, []),
    ("-2562048h", "WF109", None, []),
    ("99999999999999999999s", "WF109", None, []),
    # WF104 zero
    ("0", "WF104", 0, []),
    ("+0", "WF104", 0, []),
    ("-0", "WF104", 0, []),
    ("0s", "WF104", 0, []),
    ("00s", "WF104", 0, []),
    ("0h0m", "WF104", 0, []),
    ("-0s", "WF104", 0, []),
    ("0.0000000001s", "WF104", 0, []),
    # WF105 negative
    ("-5m", "WF105", -5 * M, [("5m", False)]),
    ("-90m", "WF105", -90 * M, [("1h30m", False)]),
    ("-30m1h", "WF105", -(H + 30 * M), [("1h30m", False)]),
    ("-9223372036854775808ns", "WF105", -(2**63), []),
    # WF103 unit order
    ("30m1h", "WF103", H + 30 * M, [("1h30m", True)]),
    ("1h1h", "WF103", 2 * H, [("2h", True)]),
    ("30s1m", "WF103", M + 30 * S, [("1m30s", True)]),
    ("1µs1us", "WF103", 2000, [("2us", True)]),
    ("1s1ms1s", "WF103", 2 * S + 1_000_000, [("2s1ms", True)]),
    ("0s1h", "WF103", H, [("1h", True)]),
    # WF110 style
    ("+5m", "WF110", 5 * M, [("5m", True)]),
    (".5h", "WF110", 30 * M, [("30m", True)]),
    ("5.h", "WF110", 5 * H, [("5h", True)]),
    ("1μs", "WF110", 1000, [("1us", True)]),
    ("1h0m", "WF110", H, [("1h", True)]),
    ("0h30m", "WF110", 30 * M, [("30m", True)]),
    ("1h30m0s", "WF110", H + 30 * M, [("1h30m", True)]),
    ("1.0000000001s", "WF110", S, [("1s", True)]),
    ("1.9999999999s", "WF110", 1_999_999_999, [("1s999ms999us999ns", True)]),
    # WF111 not canonical
    ("90m", "WF111", 90 * M, [("1h30m", True)]),
    ("1.5h", "WF111", 90 * M, [("1h30m", True)]),
    ("3600s", "WF111", H, [("1h", True)]),
    ("1µs", "WF111", 1000, [("1us", True)]),
    ("1.5ms", "WF111", 1_500_000, [("1ms500us", True)]),
    ("2.5m", "WF111", 150 * S, [("2m30s", True)]),
    ("01h", "WF111", H, [("1h", True)]),
    ("1.50h", "WF111", 90 * M, [("1h30m", True)]),
    ("2562047h47m16.854775807s", "WF111", MAX_NS, [("2562047h47m16s854ms775us807ns", True)]),
]


@pytest.mark.parametrize(("text", "code", "ns", "fixes"), CASES, ids=[repr(c[0]) for c in CASES])
def test_check_text(text, code, ns, fixes):
    result = check_text(text)
    assert (result.text, result.code, result.nanoseconds) == (text, code, ns)
    assert [(s.new_text, s.safe) for s in result.suggestions] == fixes
    assert sum(s.safe for s in result.suggestions) <= 1
    if code is None:
        assert result.message is None and result.valid and result.canonical == text
    else:
        assert isinstance(result.message, str) and len(result.message) > 10
        assert result.valid == (SEVERITY[code] == HINT)
    for fix in result.suggestions:
        assert fix.title and fix.new_text in fix.title
        assert check_text(fix.new_text).valid, fix


MESSAGES = [
    ("30m1h", 'units must go from larger to smaller: "30m1h" is 1h30m'),
    ("1h1h", 'each unit may appear only once: "1h1h" is 2h'),
    ("30", 'missing unit: "30" needs a unit such as "30m", "30h" or "30s"'),
    # Half typed toward "1.5h": the examples are what the fixes write ("1.h" was one).
    ("1.", 'missing unit: "1." needs a unit such as "1h", "1m" or "1s"'),
    (".5", 'missing unit: ".5" needs a unit such as "30m", "30s" or "500ms"'),
    ("1h30", 'missing unit after 30 in "1h30"; did you mean "1h30m"?'),
    ("1 h", 'whitespace is not allowed in a duration: write "1h"'),
    ("1 30m", "whitespace is not allowed in a duration: remove it"),
    ("1d", 'unknown unit "d" in "1d": durations use ns, us, ms, s, m and h; write "24h"'),
    ("5x", 'unknown unit "x" in "5x": durations use ns, us, ms, s, m and h'),
    ("", 'empty duration: write a number and a unit, like "30m"'),
    ("1:30", '"1:30" is a clock time, not a duration: write it with units, like "1h30m"'),
    ("1e3s", 'exponents are not allowed in a duration: write "16m40s"'),
    ("1_000s", 'digit separators "_" are not allowed in a duration: write "16m40s"'),
    ("abc", '"abc" is not a valid duration: write numbers each followed by a unit (ns, us, ms, s, m, h), like "1h30m"'),
    ("2562048h", '"2562048h" is too large: Go\'s durations end at about 292 years (2562047h47m16.854775807s)'),
    ("0s", '"0s" is zero: a duration must be positive'),
    ("0.0000000001s", '"0.0000000001s" is less than 1ns, which Go reads as zero: a duration must be positive'),
    ("-5m", '"-5m" is negative: a duration must be positive'),
    ("+5m", 'the "+" sign is redundant: write "+5m" as "5m"'),
    # Go accepts both: a hint, not a requirement
    (".5h", 'Go accepts a decimal point with no digit on one side, but it is easy to misread: '
     'write ".5h" as "30m"'),
    ("5.h", 'Go accepts a decimal point with no digit on one side, but it is easy to misread: '
     'write "5.h" as "5h"'),
    ("1h0m", 'zero parts add nothing: write "1h0m" as "1h"'),
    ("1.0000000001s", 'Go drops the digits below a nanosecond and reads this as 1s: write "1.0000000001s" as "1s"'),
    # Go scales a fraction in float64: 0.99999999999999999999 (kept as 18 nines) is 1.0
    ("1.99999999999999999999ns", 'Go reads this as 2ns: it scales the fraction in floating point, '
     'which rounds it up: write "1.99999999999999999999ns" as "2ns"'),
    # 155326835765979ns exactly, and 1ns less in float64
    ("43.14634326832750h", 'Go reads this as 43h8m46s835ms765us978ns: it scales the fraction in '
     'floating point, which rounds it down: write "43.14634326832750h" as '
     '"43h8m46s835ms765us978ns"'),
    ("90m", '"90m" is 1h30m: write it as "1h30m"'),
]


@pytest.mark.parametrize(("text", "message"), MESSAGES)
def test_messages(text, message):
    assert check_text(text).message == message


def test_suggestion_titles():
    assert check_text("30").suggestions[0] == Suggestion('Read as minutes: "30m"', "30m", False)
    assert check_text("5400").suggestions[0] == Suggestion('Read as seconds: "5400s" (= 1h30m)',
                                                          "5400s", False)
    assert check_text("1h30").suggestions == (Suggestion('Add the unit "m": "1h30m"', "1h30m", True),)
    assert check_text("-5m").suggestions == (Suggestion('Remove the minus sign: "5m"', "5m", False),)
    assert check_text("1 h").suggestions == (Suggestion('Remove the whitespace: "1h"', "1h", True),)
    assert check_text("1d").suggestions == (Suggestion('Change to "24h"', "24h", True),)


@pytest.mark.parametrize(
    ("text", "yaml_type", "code"),
    [
        ("true", "bool", "WF108"),
        (None, "null", "WF108"),
        ("~", "null", "WF108"),
        (None, "seq", "WF108"),
        (None, "map", "WF108"),
        ("30", "int", "WF101"),
        ("1.5", "float", "WF101"),
        ("1e3", "float", "WF107"),
        ("1:30", "int", "WF107"),
        ("5m", "str", None),
        (None, "str", "WF107"),
    ],
)
def test_check_value(text, yaml_type, code):
    result = check_value(text, yaml_type)
    assert result.code == code
    if code == "WF108":
        assert result.nanoseconds is None and not result.valid and result.suggestions == ()
        assert "duration" in result.message
    else:
        assert result == check_text(text or "")


def test_check_value_messages():
    assert check_value("true", "bool").message == 'the value is a boolean: a duration must be a string like "30m"'
    assert check_value(None, "null").message == 'the value is empty: a duration must be a string like "30m"'
    assert check_value("null", "null").message == 'the value is null: a duration must be a string like "30m"'


def test_durationcheck_properties():
    assert check_text("90m").valid and check_text("90m").canonical == "1h30m"
    assert not check_text("30m1h").valid and check_text("30m1h").canonical is None
    assert DurationCheck("x", None, "WF108", "m", ()).canonical is None
    assert check_text("1h") is check_text("1h")  # lru-cached
    assert set(SEVERITY) == {f"WF1{n:02d}" for n in range(1, 12)}
    assert [c for c, s in SEVERITY.items() if s == HINT] == ["WF110", "WF111"]


@pytest.mark.parametrize(
    ("ns", "canon", "words", "seconds"),
    [
        (5400 * S, "1h30m", "1 hour 30 minutes", "5,400 s"),
        (150 * S, "2m30s", "2 minutes 30 seconds", "150 s"),
        (1_500_000, "1ms500us", "1 millisecond 500 microseconds", "0.0015 s"),
        (1, "1ns", "1 nanosecond", "0.000000001 s"),
        (H + M + S + 1, "1h1m1s1ns", "1 hour 1 minute 1 second 1 nanosecond", "3,661.000000001 s"),
        (36 * H, "36h", "36 hours", "129,600 s"),
        (MAX_NS, "2562047h47m16s854ms775us807ns",
         "2,562,047 hours 47 minutes 16 seconds 854 milliseconds 775 microseconds 807 nanoseconds",
         "9,223,372,036.854775807 s"),
        (0, "0s", "0 seconds", "0 s"),
        (-90 * M, "-1h30m", "minus 1 hour 30 minutes", "-5,400 s"),
    ],
)
def test_formatting(ns, canon, words, seconds):
    assert (canonical(ns), in_words(ns), in_seconds(ns)) == (canon, words, seconds)


PARSE_OK = [
    ("0", 0), ("+0", 0), ("-0", 0), ("0s", 0), ("00s", 0), ("1h", H), ("-1.5h", -90 * M), ("+5m", 5 * M),
    (".5s", S // 2), ("5.s", 5 * S), ("1.s", S), ("30m1h", 90 * M), ("1h1h", 2 * H), ("1µs", 1000), ("1μs", 1000),
    ("1.9999999999s", 1_999_999_999), ("0.0000000001s", 0), ("1.0000000001s", S),
    ("2562047h47m16.854775807s", MAX_NS), ("2562047h", 2562047 * H), ("9223372036854775807ns", MAX_NS),
    ("-9223372036854775808ns", -(2**63)), ("-2562047h47m16.854775808s", -(2**63)),
    ("0." + "0" * 500 + "1h", 0),
    # Go keeps 18 of the nines, and float64 rounds them up to a whole second: Go's quirk, kept.
    ("1." + "9" * 500 + "s", 2 * S), ("0.9999999999999999999h", H),
]


@pytest.mark.parametrize(("text", "ns"), PARSE_OK)
def test_parse_go(text, ns):
    assert parse_go(text) == ns


PARSE_ERR = [
    ("", "invalid", None, 'time: invalid duration ""'),
    ("+", "invalid", None, 'time: invalid duration "+"'),
    ("--1h", "invalid", None, 'time: invalid duration "--1h"'),
    (".s", "invalid", None, 'time: invalid duration ".s"'),
    (" 5m", "invalid", None, 'time: invalid duration " 5m"'),
    ("30", "missing_unit", None, 'time: missing unit in duration "30"'),
    ("00", "missing_unit", None, 'time: missing unit in duration "00"'),
    ("1.2.3s", "missing_unit", None, 'time: missing unit in duration "1.2.3s"'),
    ("1d", "unknown_unit", "d", 'time: unknown unit "d" in duration "1d"'),
    ("1 h", "unknown_unit", " h", 'time: unknown unit " h" in duration "1 h"'),
    ("1h\t", "unknown_unit", "h\t", 'time: unknown unit "h\\x09" in duration "1h\\x09"'),
    ('1"', "unknown_unit", '"', 'time: unknown unit "\\"" in duration "1\\""'),
    ("1\\", "unknown_unit", "\\", 'time: unknown unit "\\\\" in duration "1\\\\"'),
    ("1é", "unknown_unit", "é", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
    ("µs", "invalid", None, 'time: invalid duration "\\xc2\\xb5s"'),
    ("1e3s", "unknown_unit", "e", 'time: unknown unit "e" in duration "1e3s"'),
    ("2562048h", "invalid", None, 'time: invalid duration "2562048h"'),
    ("9223372036854775808ns", "invalid", None, 'time: invalid duration "9223372036854775808ns"'),
    ("-9223372036854775809ns", "invalid", None, 'time: invalid duration "-9223372036854775809ns"'),
    ("2562047h47m16.854775808s", "invalid", None, 'time: invalid duration "2562047h47m16.854775808s"'),
    # Go checks the number's size before the unit
    ("99999999999999999999d", "invalid", None, 'time: invalid duration "99999999999999999999d"'),
]


@pytest.mark.parametrize(("text", "kind", "unit", "message"), PARSE_ERR)
def test_parse_go_errors(text, kind, unit, message):
    with pytest.raises(GoDurationError) as info:
        parse_go(text)
    assert (info.value.kind, info.value.unit, str(info.value)) == (kind, unit, message)
    assert isinstance(info.value, ValueError)


@settings(max_examples=examples(1, at_most=100))
@given(st.integers(min_value=-(2**63), max_value=MAX_NS))
def test_canonical_round_trips(ns):
    assert parse_go(canonical(ns)) == ns
    assert Decimal(in_seconds(ns)[:-2].replace(",", "")) * 10**9 == ns
    if ns > 0:
        assert check_text(canonical(ns)).code is None


# The acceptance regex of go-duration.md: Go's grammar, overflow aside.
GO_GRAMMAR = r"[+-]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)"
_PAIR = re.compile(r"([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)")
_UNIT_NS = {"ns": 1, "us": 1000, "µs": 1000, "μs": 1000, "ms": 10**6, "s": S, "m": M, "h": H}


def exact_magnitude(text: str) -> Fraction:
    """The value of a grammatical duration on paper, without Go's truncation or limits."""
    return sum(
        (Fraction(int(a or "0")) + Fraction(int(b or "0"), 10 ** len(b or ""))) * _UNIT_NS[u]
        for a, b, u in _PAIR.findall(text)
    ) or Fraction(0)


ALPHABET = list("0123456789.+-:eE_ \tdwHxµμ") + ["ns", "us", "µs", "μs", "ms", "s", "m", "h", "min", "0", "9" * 19]
soup = st.lists(st.sampled_from(ALPHABET), max_size=10).map("".join)
grammatical = st.from_regex(GO_GRAMMAR, fullmatch=True)


@settings(max_examples=examples(3, at_most=300))
@given(grammatical)
def test_grammatical_strings_parse(text):
    try:
        parse_go(text)
    except GoDurationError as error:  # only because the value is too large for int64
        assert error.kind == "invalid" and exact_magnitude(text) >= 2**63


@settings(max_examples=examples(3, at_most=300))
@given(soup.filter(lambda s: not re.fullmatch(GO_GRAMMAR, s)))
def test_ungrammatical_strings_raise(text):
    with pytest.raises(GoDurationError):
        parse_go(text)


@settings(max_examples=examples(3, at_most=300))
@given(grammatical | soup)
def test_check_invariants(text):
    result = check_text(text)
    try:
        go_ns = parse_go(text)
    except GoDurationError:
        go_ns = None
    assert result.nanoseconds == go_ns
    assert (result.code is None) == (result.message is None)
    assert result.code is None or result.code in SEVERITY
    assert sum(fix.safe for fix in result.suggestions) <= 1
    if result.valid:
        again = check_text(result.canonical)  # canonical is a fixed point
        assert again.code is None
        assert (again.nanoseconds, again.canonical) == (result.nanoseconds, result.canonical)
        assert 0 < result.nanoseconds <= MAX_NS
    for fix in result.suggestions:
        if fix.safe:
            assert check_text(fix.new_text).valid, fix
