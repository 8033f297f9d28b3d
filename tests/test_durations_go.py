"""parse_go against the real Go time.ParseDuration (tests/go/parseduration/main.go).

The Go program is built once per session (tests/gotools.py); without Go these tests fail.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from gotools import GoOracle, build
from gotools import batch as go_batch

from wf_lsp.durations import GoDurationError, parse_go
from wf_lsp.rules.durations import check_text

GO_PREFIX = {
    "invalid": "time: invalid duration ",
    "missing_unit": "time: missing unit in duration ",
    "unknown_unit": "time: unknown unit ",
}


@pytest.fixture(scope="session")
def go_parseduration(tmp_path_factory):
    return build("parseduration", tmp_path_factory.mktemp("go"))


@pytest.fixture(scope="session")
def go_oracle(go_parseduration):
    oracle = GoOracle(go_parseduration)
    yield oracle
    oracle.close()


def python_answer(text: str) -> dict:
    try:
        return {"ns": parse_go(text)}
    except GoDurationError as error:
        assert str(error).startswith(GO_PREFIX[error.kind]), (error.kind, str(error))
        assert (error.unit is not None) == (error.kind == "unknown_unit")
        return {"err": str(error)}


# Building blocks for inputs: Go's units and near misses, signs, separators, quoting and
# non-ASCII characters (Go's messages escape them byte by byte), numbers around the int64 limit.
UNITS = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
NEAR_UNITS = ["d", "w", "H", "M", "S", "MS", "Ms", "min", "hr", "sec", "µ", "μ", "u", "n", "e", "E", "x", "hh"]
ODD = [" ", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", '"', "\\", "_", ":", ",", "é", "\u00a0", "\ufffd", "😀", "５"]
BIG = [
    "9223372036854775807", "9223372036854775808", "9223372036854775809", "922337203685477580",
    "922337203685477581", "18446744073709551615", "18446744073709551616", "99999999999999999999",
    "2562047", "2562048", "153722867", "153722868", "9223372036854775", "9223372036854", "9223372036",
]
ATOMS = list("0123456789") * 3 + [".", ".", "+", "-", "0", "00"] + UNITS * 2 + NEAR_UNITS + ODD + BIG


def random_number(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.3:
        return str(rng.randint(0, 1000))
    if pick < 0.45:
        return rng.choice(BIG)

    def digits(low: int, high: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(rng.randint(low, high)))

    if pick < 0.85:  # fractions, long ones included: Go's float64 truncation lives here
        return rng.choice(["", "0", "1", digits(1, 6), rng.choice(BIG)]) + "." + rng.choice(
            [digits(0, 3), digits(8, 12), digits(15, 22), digits(23, 60),
             "0" * rng.randint(20, 400) + digits(1, 20)]
        )
    if pick < 0.93:  # a few nanoseconds written with many trailing zeros
        return "0." + "0" * rng.randint(5, 12) + digits(1, 4) + "0" * rng.randint(0, 25)
    return "0" * rng.randint(1, 30) + digits(1, 20)


def random_input(rng: random.Random) -> str:
    if rng.random() < 0.4:  # character soup
        return "".join(rng.choice(ATOMS) for _ in range(rng.randint(0, 8)))
    text = rng.choice(["", "", "", "+", "-", "--", "+-"])
    for _ in range(rng.randint(1, 4)):
        unit = rng.choice(UNITS * 6 + NEAR_UNITS + ODD + [""])
        text += random_number(rng) + unit
    return text


HAND_PICKED = [
    "", "0", "+0", "-0", "00", "0.0", "0s", "+", "-", "--1h", "+-1h", ".", ".s", "-.s", "s", "h", "1", "1.",
    "1.s", ".5s", "5.h", "1.2.3s", "1h30", "30m1h", "1h1h", "1µs1us", "1μs", "µs", "1 h", " 1h", "1h ",
    "1h\t", '1"', "1\\", "1é", "1😀", "1\x00", "1\x7f", "1\ufffd", "1d", "1e3s", "1_000s", "1:30",
    "2562047h47m16.854775807s", "2562047h47m16.854775808s", "2562047h47m16.8547758079999s",
    "2562047h47m16s854ms775us807ns", "2562047h47m16s854ms775us808ns", "2562047h", "2562048h",
    "2562047.7880152155h", "2562047.78801521555h", "153722867m", "153722868m", "153722867.28m",
    "9223372036854775807ns", "9223372036854775808ns", "-9223372036854775808ns", "-9223372036854775809ns",
    "9223372036854775.807us", "9223372036854775.808us", "-2562047h47m16.854775808s",
    "-2562047h47m16.854775809s", "9223372036854775808.5ns", "99999999999999999999d",
    "1.9999999999s", "1." + "9" * 30 + "s", "1." + "9" * 500 + "s", "0." + "0" * 400 + "1h",
    "0.9999999999999999999h", "0.9223372036854775808h", "0.9223372036854775809h",
    "0.00000000000000000000001h", "4611686018427387904ns4611686018427387904ns",
    "4611686018427387904ns4611686018427387903ns", "-4611686018427387904ns4611686018427387904ns",
    # Go's fraction scale is built by repeated float64 multiplication; with exact powers of ten
    # these would come out 1ns lower
    "0.0000000010000000000000000s", "0.00000000100000000000000000s", "0.0000000080000000000000000s",
    "0.0000000150000000000000000s",
    # Go keeps a 19th fraction digit only while the digits fit in 2**63: these tell it apart
    "0.05324424510194444137h", "0.7857159015666666584m", "0.6268947121666666331h", "0.9314521164300000214h",
    "1h" * 3000, "1" * 5000 + "h", "0" * 5000 + "1h", "1." + "0" * 5000 + "1ns",
]


def test_parse_go_matches_go_on_thousands_of_inputs(go_parseduration):
    rng = random.Random(20240601)
    texts = HAND_PICKED + [random_input(rng) for _ in range(8000)]
    mismatches = [
        (text, go, python_answer(text))
        for text, go in zip(texts, go_batch(go_parseduration, texts))
        if python_answer(text) != go
    ]
    assert not mismatches, f"{len(mismatches)} disagreements with Go, first ones:\n" + "\n".join(
        f"{text[:80]!r}: go={go} python={py}" for text, go, py in mismatches[:20]
    )
    # the corpus really reaches every outcome: a value and each of Go's three messages
    outcomes = {"ns" if "ns" in a else next(k for k, p in GO_PREFIX.items() if a["err"].startswith(p))
                for a in map(python_answer, texts)}
    assert outcomes == {"ns", *GO_PREFIX}


GO_GRAMMAR = r"[+-]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)"
inputs = st.lists(st.sampled_from(ATOMS), max_size=12).map("".join) | st.from_regex(
    GO_GRAMMAR, fullmatch=True
)


@settings(max_examples=examples(3, at_most=300))
@given(inputs)
def test_parse_go_matches_go_hypothesis(go_oracle, text):
    go = go_oracle(text)
    assert python_answer(text) == go
    assert check_text(text).nanoseconds == go.get("ns")


@pytest.mark.parametrize("text, exact, said", [
    ("1.9999999999s", "1999999999.9", "Go drops the digits below a nanosecond"),
    ("1.99999999999999999999ns", "1.99999999999999999999", "which rounds it up"),
    ("43.14634326832750h", "155326835765979", "which rounds it down"),
])
def test_what_wf110_says_go_reads_is_what_go_reads(go_oracle, text, exact, said):
    check = check_text(text)
    assert check.code == "WF110" and said in check.message
    go = go_oracle(text)["ns"]
    assert go == check.nanoseconds
    written = Decimal(exact)  # the value in nanoseconds, as written
    assert (go == int(written) if said.startswith("Go drops") else
            go > written if said.endswith("up") else go < written)
