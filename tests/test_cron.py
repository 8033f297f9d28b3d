"""Cron schedules: what the format documents, what it does not, and when they run.

Next runs come from cronsim and descriptions from cron-descriptor; the tests pin both to
the documented semantics (UTC; day of month OR day of week when both are restricted) on
known schedules, and hold the validator to cronsim's verdict on generated expressions.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wf_lsp import cron

EXAMPLES = 300 if os.environ.get("CI") == "true" else 3000
UTC = timezone.utc
# A Tuesday, midday: 2025-01-01 is a Wednesday, 2025-01-06 a Monday.
NOW = datetime(2024, 12, 31, 12, 0, tzinfo=UTC)


def problems(text: str):
    return [(p.kind, p.field, text[p.start:p.end]) for p in cron.check(text).problems]


@pytest.mark.parametrize("text", [
    "0 2 * * *", "*/15 * * * *", "0 9-17 * * 1-5", "5,35 */2 1,15 * *", "0 0 29 2 *",
    "0 0 31 1,2 *", "0 0 31 2 1", "0 0 30 2 1-5", "5/15 * * * *", "00 00 01 01 0", "59 23 31 12 6",
    "0-59/7 0-23/5 1-31/9 1-12/4 0-6/3", "0  0\t* * *", "*/100 * * * *",
])
def test_documented_schedules_are_valid(text):
    assert problems(text) == []
    assert cron.check(text).valid


@pytest.mark.parametrize(("text", "expected"), [
    ("0 25 * * *", [("range", "hour", "25")]),
    ("60 * * * *", [("range", "minute", "60")]),
    ("0 0 0 * *", [("range", "day of month", "0")]),
    ("0 0 * 13 *", [("range", "month", "13")]),
    ("0 0 * 0 *", [("range", "month", "0")]),
    ("0 0 * * 8", [("range", "day of week", "8")]),
    ("0 0 * * 7", [("range", "day of week", "7")]),
    ("0 0 1,,2 * *", [("syntax", "day of month", ",,")]),
    ("0 0 1, * *", [("syntax", "day of month", ",")]),
    ("-5 * * * *", [("syntax", "minute", "-")]),
    ("0 /5 * * *", [("syntax", "hour", "/")]),
    ("5-1 * * * *", [("range", "minute", "5-1")]),
    ("*/0 * * * *", [("range", "minute", "/0")]),
    ("*/x * * * *", [("syntax", "minute", "/x")]),
    ("1- * * * *", [("syntax", "minute", "-")]),
    ("x * * * *", [("syntax", "minute", "x")]),
    ("0 0 31 2 *", [("never", "day of month", "31 2")]),
    ("0 0 30,31 2 *", [("never", "day of month", "30,31 2")]),
    ("0 0 31 4,6,9,11 *", [("never", "day of month", "31 4,6,9,11")]),
    ("0 0 31 2 */2", [("never", "day of month", "31 2")]),  # `*…` weekday: both must match
    ("0 0 *", [("field-count", None, "0 0 *")]),
    ("", [("field-count", None, "")]),
    ("0 0 1 1 * 2025 x y", [("field-count", None, "0 0 1 1 * 2025 x y")]),
    ("@reboot", [("syntax", None, "@reboot")]),
    ("99 0 32 * 日", [("range", "minute", "99"), ("range", "day of month", "32"),
                     ("syntax", "day of week", "日")]),
])
def test_problems_name_the_field_and_the_characters(text, expected):
    assert problems(text) == expected
    assert not cron.check(text).runnable


@pytest.mark.parametrize(("text", "expected", "normalized"), [
    ("@daily", [("undocumented", None, "@daily")], "0 0 * * *"),
    ("@hourly", [("undocumented", None, "@hourly")], "0 * * * *"),
    ("@weekly", [("undocumented", None, "@weekly")], "0 0 * * 0"),
    ("@monthly", [("undocumented", None, "@monthly")], "0 0 1 * *"),
    ("@yearly", [("undocumented", None, "@yearly")], "0 0 1 1 *"),
    ("0 0 * * MON", [("undocumented", "day of week", "MON")], "0 0 * * 1"),
    ("0 0 * * mon-fri", [("undocumented", "day of week", "mon"),
                         ("undocumented", "day of week", "fri")], "0 0 * * 1-5"),
    ("0 0 1 JAN,Dec *", [("undocumented", "month", "JAN"), ("undocumented", "month", "Dec")],
     "0 0 1 1,12 *"),
    ("0 0 ? * 1", [("undocumented", "day of month", "?")], "0 0 * * 1"),
    ("0 0 L * *", [("undocumented", "day of month", "L")], None),
    ("0 0 15W * *", [("undocumented", "day of month", "15W")], None),
    ("0 0 * * 5#3", [("undocumented", "day of week", "5#3")], None),
    ("0 0 * * 5L", [("undocumented", "day of week", "5L")], None),
    ("0 0 2 * * *", [("undocumented", None, "0 0 2 * * *")], None),
    ("0 0 2 * * * 2030", [("undocumented", None, "0 0 2 * * * 2030")], None),
    ("@every 1h", [("undocumented", None, "@every")], None),
])
def test_undocumented_forms_are_told_apart_with_their_fix(text, expected, normalized):
    check = cron.check(text)
    assert problems(text) == expected
    assert check.runnable and not check.valid
    assert check.normalized() == normalized


def test_a_fix_replaces_exactly_the_undocumented_characters():
    text = "30 2 * * MON-FRI"
    edits = [edit for p in cron.check(text).problems for edit in p.fix]
    assert [(text[e.start:e.end], e.new_text) for e in edits] == [("MON", "1"), ("FRI", "5")]
    (sunday,) = cron.check("0 0 * * 7").problems
    assert [(e.start, e.end, e.new_text) for e in sunday.fix] == [(8, 9, "0")]


@pytest.mark.parametrize(("text", "expected"), [
    ("0 2 * * *", "At 02:00 UTC, every day"),
    ("@daily", "At 00:00 UTC, every day"),
    ("30 8 * * 1-5", "At 08:30 UTC, Monday through Friday"),
    ("0 0 1 * 1", "At 00:00 UTC, on day 1 of the month, or on Monday"),
    ("*/15 * * * *", "Every 15 minutes, every hour, every day"),
    ("0 */6 * * *", "Every 6 hours, every day (UTC)"),
])
def test_describe_says_when_in_utc(text, expected):
    assert cron.describe(text) == expected


def test_describe_and_next_runs_give_nothing_for_a_broken_schedule():
    assert cron.describe("0 25 * * *") is None
    assert cron.next_runs("0 0 31 2 *", NOW) == ()


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("0 2 * * *", [at(2025, 1, 1, 2), at(2025, 1, 2, 2), at(2025, 1, 3, 2)]),
    # day 1 OR Monday, both restricted
    ("0 0 1 * 1", [at(2025, 1, 1), at(2025, 1, 6), at(2025, 1, 13)]),
    # a `*`-led weekday: day AND weekday, so only day 1 (every weekday matches `*/1`)
    ("0 0 1 * */1", [at(2025, 1, 1), at(2025, 2, 1), at(2025, 3, 1)]),
    ("0 0 29 2 *", [at(2028, 2, 29), at(2032, 2, 29), at(2036, 2, 29)]),
    ("*/20 13 * * 2", [at(2024, 12, 31, 13), at(2024, 12, 31, 13, 20), at(2024, 12, 31, 13, 40)]),
    ("@weekly", [at(2025, 1, 5), at(2025, 1, 12), at(2025, 1, 19)]),
    ("0 12 * * *", [at(2025, 1, 1, 12), at(2025, 1, 2, 12), at(2025, 1, 3, 12)]),  # now is excluded
])
def test_next_runs_of_known_schedules_in_utc(text, expected):
    assert list(cron.next_runs(text, NOW)) == expected


def test_next_runs_read_any_clock_in_utc():
    tokyo = timezone(timedelta(hours=9))
    # 10:00 in Tokyo is 01:00 UTC: the 02:00 UTC run of the same day comes next
    assert cron.next_runs("0 2 * * *", datetime(2025, 1, 1, 10, 0, tzinfo=tokyo), 1) == (at(2025, 1, 1, 2),)
    assert len(cron.next_runs("* * * * *", None, 5)) == 5  # the current time by default


# Documented syntax with values around each field's range (the day of week stops at 6:
# cronsim also takes 7 for Sunday, which the format does not document).
def field(low: int, high: int):
    number = st.integers(low - 2, high + 2).filter(lambda n: n >= 0).map(str)
    if high == 6:
        number = number.filter(lambda n: n != "7")
    single = number | st.tuples(number, number).map("-".join)
    item = st.one_of(
        st.just("*"), single,
        st.tuples(st.sampled_from(["*"]) | single, st.integers(0, high + 3)).map(
            lambda pair: f"{pair[0]}/{pair[1]}"),
    )
    return st.lists(item, min_size=1, max_size=3).map(",".join)


expressions = st.tuples(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6)).map(" ".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(expressions)
def test_the_validator_agrees_with_cronsim(text):
    from cronsim import CronSim, CronSimError

    try:
        CronSim(text, NOW)
        accepted = True
    except CronSimError:
        accepted = False
    assert cron.check(text).valid == accepted, problems(text)
