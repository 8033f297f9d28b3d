"""The eleven duration rules as one judge: the one finding a value gets, with its fixes.

Each duration rule module (`duration_*.py`) says in `judge(value, check)` whether it
objects to a value (a `durations.Reading`) and how to fix it. A value gets the finding of
the first rule in ORDER that objects, so each rule is asked only about values the rules
before it let pass: the value's type, whitespace, Go's syntax and size, then the format's
own rules (zero, negative, unit order), and last the hints (odd style, not canonical).
`check` is `check_text` below, for the rules whose fixes repair the text and must know
how the repaired text is judged.

`wf-lsp duration`, hover and the duration rules' findings all come from `check_value`.
"""

from __future__ import annotations

from functools import lru_cache

from wf_lsp.durations import DurationCheck, read
from wf_lsp.rules import (
    duration_malformed,
    duration_missing_unit,
    duration_negative,
    duration_not_canonical,
    duration_overflow,
    duration_style,
    duration_type,
    duration_unit_order,
    duration_unknown_unit,
    duration_whitespace,
    duration_zero,
)

ORDER = (
    duration_type,  # WF108
    duration_whitespace,  # WF102
    duration_missing_unit,  # WF101
    duration_unknown_unit,  # WF106
    duration_malformed,  # WF107
    duration_overflow,  # WF109
    duration_zero,  # WF104
    duration_negative,  # WF105
    duration_unit_order,  # WF103
    duration_style,  # WF110
    duration_not_canonical,  # WF111
)


@lru_cache(maxsize=8192)
def check_value(text: str | None, yaml_type: str) -> DurationCheck:
    """A YAML value as a duration; `text` is the token as written (numbers are checked as
    written), None for a value that is not a scalar."""
    value = read(text or "", yaml_type)
    for rule in ORDER:
        verdict = rule.judge(value, check_text)
        if verdict is not None:
            return DurationCheck(value.text, value.nanoseconds, rule.CODE, verdict.message,
                                 verdict.suggestions, value.valid)
    return DurationCheck(value.text, value.nanoseconds, None, None, (), value.valid)


def check_text(text: str) -> DurationCheck:
    """A duration written as `text`: the one finding it gets (if any), with its fixes."""
    return check_value(text, "str")
