"""What a value of an input's type reads as, the way the engine (Go's strconv) reads it:
shared by the schedules' inputs (WF513) and the inputs a call passes (WF604)."""

from __future__ import annotations

import re

# What Go's strconv reads: ParseInt(s, 10, 64) and ParseBool.
_INT = re.compile(r"[+-]?[0-9]+")
_INT_RANGE = (-(2**63), 2**63 - 1)
BOOLS = frozenset({"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false",
                   "False"})
# Words YAML 1.1 users write for a bool, and the value they mean.
BOOL_WORDS = {"yes": "true", "on": "true", "y": "true", "no": "false", "off": "false",
              "n": "false"}


def is_int(text: str) -> bool:
    """A whole number that fits in 64 bits."""
    return bool(_INT.fullmatch(text)) and _INT_RANGE[0] <= int(text) <= _INT_RANGE[1]


def is_bool(text: str) -> bool:
    return text in BOOLS
