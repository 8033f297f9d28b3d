"""What a value of an input's type reads as, the way the engine (Go's strconv) reads it:
shared by the schedules' inputs (WF513) and the inputs a call passes (WF604)."""

from __future__ import annotations

from wf_lsp.findings import shortened
from wf_lsp.patterns import LazyPattern

# What Go's strconv reads: ParseInt(s, 10, 64) and ParseBool.
_INT = LazyPattern(r"[+-]?[0-9]+")
_INT_RANGE = (-(2**63), 2**63 - 1)
BOOLS = frozenset({"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false",
                   "False"})
# Words YAML 1.1 users write for a bool, and the value they mean.
BOOL_WORDS = {"yes": "true", "on": "true", "y": "true", "no": "false", "off": "false",
              "n": "false"}
_YAML_INT = LazyPattern(r"([+-]?)(?:0x([0-9a-fA-F_]+)|0o([0-7_]+)|0b([01_]+)|([0-9_]+))")


def shown(text: str) -> str:
    """`text` in backticks for a message, or `an empty string` (two backticks show nothing)."""
    return f"`{shortened(text)}`" if text else "an empty string"


def int_problem(text: str, yaml_type: str = "str") -> str | None:
    """Why the engine cannot read `text` as an `int` input's value, or None: a string is
    read in base 10, a YAML int is the number it resolves to (`0x10` is 16); either must
    fit in 64 bits."""
    value = yaml_int(text) if yaml_type == "int" else (
        int(text) if _INT.fullmatch(text) else None)
    if value is None:
        other = yaml_int(text) if yaml_type == "str" else None
        if other is not None:
            return (f"`{shortened(text)}` is not a whole number in base 10: "
                    f"write `{shortened(str(other))}`")
        return f"{shown(text)} is not a whole number"
    if not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
        return f"`{shortened(text)}` does not fit in a 64-bit integer"
    return None


def yaml_int(text: str) -> int | None:
    """The number a plain scalar means when YAML 1.2, as the parser reads it, resolves it
    as an int (decimal, `0x` hex, `0o` octal, `0b` binary; `_` between digits ignored);
    None for any other text."""
    match = _YAML_INT.fullmatch(text)
    if match is None:
        return None
    sign, *numerals = match.groups()
    base, digits = next((base, numeral.replace("_", ""))
                        for base, numeral in zip((16, 8, 2, 10), numerals) if numeral)
    if not digits:
        return None
    return int(sign + digits, base)


def is_bool(text: str) -> bool:
    return text in BOOLS
