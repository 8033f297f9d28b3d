"""Cron schedules: what the format documents, what it does not, and when they run.

Next runs come from cronsim and descriptions from cron-descriptor; the tests pin both to
the documented semantics (UTC; day of month OR day of week when both are restricted) on
known schedules, and hold the validator to cronsim's verdict on generated expressions.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp import cron

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
    ("0 0 31 2 */1", [("never", "day of month", "31 2")]),  # `*…` weekday: both must match
    ("0 0 31 2 *", [("never", "day of month", "31 2")]),
    # the forms of other crons, still checked field by field: seconds first, or a year last
    ("99 0 0 * * *", [("undocumented", None, "99 0 0 * * *"), ("range", "second", "99")]),
    ("0 0 0 31 2 *", [("undocumented", None, "0 0 0 31 2 *"), ("never", "day of month", "31 2")]),
    ("0 0 * * 7 2026", [("undocumented", None, "0 0 * * 7 2026"), ("range", "day of week", "7")]),
    ("0 0 0 1 * * 1900", [("undocumented", None, "0 0 0 1 * * 1900"), ("range", "year", "1900")]),
    # a space beside a comma, where five fields remain without it
    ("1, 2 * * * *", [("syntax", None, ", ")]),
    ("0 0 1 ,15 * *", [("syntax", None, " ,")]),
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


@pytest.mark.parametrize(("text", "expected"), [
    # Go's strconv.Atoi refuses a number past its int: the engine cannot parse these
    ("*/99999999999999999999 * * * *", [("range", "minute", "/99999999999999999999")]),
    ("0-59/18446744073709551616 * * * *", [("range", "minute", "/18446744073709551616")]),
    ("0 0 * * */9223372036854775808", [("range", "day of week", "/9223372036854775808")]),
    ("0 0 0 * * */99999999999999999999", [("undocumented", None, "0 0 0 * * */99999999999999999999"),
                                          ("range", "day of week", "/99999999999999999999")]),
])
def test_a_step_past_go_s_int_is_out_of_range(text, expected):
    assert problems(text) == expected
    assert not cron.check(text).runnable


def test_a_step_up_to_go_s_int_runs_once_in_the_field():
    assert problems("*/9223372036854775807 * * * *") == []
    assert problems("*/0009223372036854775807 * * * *") == []  # Atoi takes leading zeros
    assert cron.describe("*/9223372036854775807 * * * *") == "Every hour"


@pytest.mark.parametrize(("text", "kind", "part"), [
    ("0 0 * * */" + "9" * 5000, "range", "/" + "9" * 5000),
    ("1" * 5000 + " * * * *", "range", "1" * 5000),
    ("0 0 1-" + "9" * 5000 + " * *", "range", "9" * 5000),
])
def test_a_number_of_thousands_of_digits_is_a_finding_not_an_internal_error(text, kind, part):
    """Before, Python's int() of 4,300 digits or more raised: `wf-lsp lint` said "internal
    error" for the file. The message quotes the number's first digits only."""
    (problem,) = cron.check(text).problems
    assert (problem.kind, text[problem.start:problem.end]) == (kind, part)
    assert "..." in problem.message and len(problem.message) < 200


@pytest.mark.parametrize(("text", "expected"), [
    # Before, "At 05 minutes past the hour" and "on day 01 of the month"
    ("05 * * * *", "At 5 minutes past the hour"),
    ("0 0 01 * *", "At 00:00 UTC, on day 1 of the month"),
    ("0 0 01,015 * 00", "At 00:00 UTC, on days 1 and 15 of the month, or on Sunday"),
])
def test_numbers_written_with_leading_zeros_read_without_them(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize("zeros", [1, 4300, 10_000])
def test_a_value_of_thousands_of_leading_zeros_runs_as_its_number(zeros):
    # Go reads `000...05` as 5; next_runs raised (cronsim's int() of 4,300 digits or more)
    text = "0" * zeros + "5 " + "0" * zeros + "9 * * " + "0" * zeros + "1"
    assert cron.next_runs(text, NOW) == cron.next_runs("5 9 * * 1", NOW) != ()
    assert cron.describe(text) == cron.describe("5 9 * * 1")


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
    # A range of a number and a name: before, "`W` is not documented" (the W of WED), no fix
    ("0 0 * * 0-WED", [("undocumented", "day of week", "WED")], "0 0 * * 0-3"),
    ("0 0 * 1-JUL *", [("undocumented", "month", "JUL")], "0 0 * 1-7 *"),
    ("0 0 ? * 1", [("undocumented", "day of month", "?")], "0 0 * * 1"),
    ("0 0 L * *", [("undocumented", "day of month", "L")], None),
    ("0 0 15W * *", [("undocumented", "day of month", "15W")], None),
    ("0 0 * * 5#3", [("undocumented", "day of week", "5#3")], None),
    ("0 0 * * 5L", [("undocumented", "day of week", "5L")], None),
    ("0 0 2 * * *", [("undocumented", None, "0 0 2 * * *")], None),
    ("0 10 * * ? *", [("undocumented", None, "0 10 * * ? *")], None),  # AWS: a year last
    ("0 0 12 ? * MON", [("undocumented", None, "0 0 12 ? * MON")], None),  # Quartz
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


@pytest.mark.parametrize(("weekdays", "spelled"), [
    ("7", "0"), ("0-7", "0-6"), ("5-7", "5-6,0"), ("6-7", "6,0"), ("1-7/2", "1-5/2,0"),
    ("0-7/7", "0"), ("3-7/2", "3-5/2,0"), ("7-7", "0"), ("2-7/3", "2-5/3"),
    ("7/2", "0"),  # 7-7/2, as Vixie cron and cronsim read it
    ("7-3", None),  # backwards: no spelling keeps it
])
def test_a_weekday_7_is_spelled_with_0_for_the_same_days(weekdays, spelled):
    """The fix keeps the days Vixie cron (which takes 7 for Sunday) runs on: cronsim, which
    reads 7 as Sunday too, gives the same runs for both spellings."""
    from cronsim import CronSim

    text = f"0 0 * * {weekdays}"
    (problem,) = cron.check(text).problems
    assert (problem.kind, text[problem.start:problem.end]) == ("range", "7")
    assert [e.new_text for e in problem.fix] == ([spelled] if spelled else [])
    if spelled:
        assert cron.check(f"0 0 * * {spelled}").valid
        before, after = CronSim(text, NOW), CronSim(f"0 0 * * {spelled}", NOW)
        assert [next(before) for _ in range(14)] == [next(after) for _ in range(14)]


def fixed(text: str, problems) -> str:
    """`text` with every fix of `problems` applied."""
    for edit in sorted((e for p in problems for e in p.fix), key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.new_text + text[edit.end:]
    return text


@pytest.mark.parametrize(("weekdays", "spelled"), [
    ("7,0", "0"), ("0,7", "0"), ("0,7,3", "0,3"), ("1,7", "1,0"), ("5-7,0", "5-6,0"),
    ("7,7", "0"), ("SUN,7", "0"), ("7,SUN", "0"), ("FRI-7", "5-6,0"), ("SUN-7", "0-6"),
    ("1-7/2,0", "1-5/2,0"), ("0-7", "0-6"), ("1,7-3", "1,7-3"),
])
def test_a_weekday_7_in_a_list_is_not_a_second_sunday(weekdays, spelled):
    """`7,0` is `0`, not `0,0`: the fixes of every problem (WF511's 7, WF512's names)
    together, and the same runs in cronsim."""
    from cronsim import CronSim

    text = f"0 0 * * {weekdays}"
    after = fixed(text, cron.check(text).problems)
    assert after == f"0 0 * * {spelled}"
    if weekdays != spelled:
        assert cron.check(after).valid
        before, now = CronSim(text, NOW), CronSim(after, NOW)
        assert [next(before) for _ in range(14)] == [next(now) for _ in range(14)]


def fixed_safely(text: str) -> str:
    """`text` after `--fix`: one problem's safe fix at a time, checked again after each (as
    the fix engine does with fixes whose edits overlap: `MON-7`)."""
    for _ in range(20):
        fixable = [p for p in cron.check(text).problems if p.fix and p.fix_keeps_meaning]
        if not fixable:
            return text
        text = fixed(text, fixable[:1])
    raise AssertionError(f"the fixes do not settle: {text}")


@pytest.mark.parametrize(("text", "spelled"), [
    # Before, `7,*/6` became `*/6`: a weekday led by `*`, so the 13th had to be a weekend day
    ("0 0 13 * 7,*/6", "0 0 13 * 0,*/6"),
    ("0 0 13 * 7,*", "0 0 13 * 0,*"),  # the 13th or any day, not the 13th alone
    ("0 0 13 * 7,?", "0 0 13 * 0,*"),
    ("0 0 13 * 7,0", "0 0 13 * 0"),
])
def test_a_weekday_7_that_goes_keeps_the_field_restricting(text, spelled):
    from cronsim import CronSim

    assert fixed_safely(text) == spelled
    before, after = CronSim(text.replace("?", "*"), NOW), CronSim(spelled, NOW)
    assert [next(before) for _ in range(14)] == [next(after) for _ in range(14)]


def weekday_item(draw_number):
    return st.one_of(
        st.sampled_from(["*", "?", "*/2", "*/6"]), draw_number,
        st.tuples(draw_number, draw_number).map("-".join),
        st.tuples(draw_number, st.integers(1, 8)).map(lambda pair: f"{pair[0]}/{pair[1]}"))


weekday_number = st.integers(0, 7).map(str) | st.sampled_from(cron.DAY_NAMES)
month_number = st.integers(1, 12).map(str) | st.sampled_from(cron.MONTH_NAMES)


@settings(max_examples=examples(3, at_most=500))
@given(st.sampled_from(["*", "13", "1-7", "*/2", "31", "?"]),
       st.lists(st.sampled_from(["*", "2"]) | month_number, min_size=1, max_size=2).map(",".join),
       st.lists(weekday_item(weekday_number), min_size=1, max_size=3).map(",".join))
def test_safe_fixes_keep_the_runs(day, months, weekdays):
    """What `--fix` writes of a weekday 7, a name or `?` runs when the schedule ran
    (cronsim, which takes 7 and names as Vixie cron does; `?` given to it as `*`)."""
    from cronsim import CronSim, CronSimError

    text = f"0 0 {day} {months} {weekdays}"
    spelled = fixed_safely(text)
    runs = []
    for schedule in (text.replace("?", "*"), spelled):
        try:
            moments = CronSim(schedule, NOW)
            runs.append([next(moments) for _ in range(14)])
        except (CronSimError, StopIteration):
            runs.append(None)
    if runs[0] is not None and spelled != text:
        assert runs[1] == runs[0], spelled


@pytest.mark.parametrize(("weekdays", "spelled"), [
    ("5-0", "5-6,0"), ("FRI-SUN", "5-6,0"), ("6-SUN", "6,0"), ("1-0/2", "1-5/2,0"),
    ("7-SUN", "0"), ("5-SUN,0", "5-6,0"),
])
def test_a_weekday_range_to_sunday_written_0_is_offered_as_the_week_s_end(weekdays, spelled):
    """`FRI-SUN` goes backwards (Vixie cron and Go's robfig/cron refuse it): the fix reads
    it as Friday to Sunday, as libraries that wrap do, so it is not safe."""
    from cronsim import CronSim

    text = f"0 0 * * {weekdays}"
    problems = [p for p in cron.check(text).problems if p.kind == "range"]
    assert [p.fix_keeps_meaning for p in problems] == [False]
    after = fixed(text, problems)
    assert after.replace("SUN", "0").replace("FRI", "5") == f"0 0 * * {spelled}"
    wrapped = CronSim(f"0 0 * * {weekdays.replace('SUN', '7').replace('-0', '-7')}", NOW)
    now = CronSim(f"0 0 * * {spelled}", NOW)
    assert [next(wrapped) for _ in range(14)] == [next(now) for _ in range(14)]


@pytest.mark.parametrize(("text", "fixed"), [
    ("0 0 */2 * 1", "0 0 1-31/2 * 1"),  # Vixie: odd days that are Mondays; Go: odd days and Mondays
    ("0 0 13 * */2", "0 0 13 * 0-6/2"),
    ("0 0 1-31 * */2", "0 0 1-31 * 0-6/2"),  # Vixie: every other weekday; Go: every day
    ("0 0 31 2 */2", "0 0 31 2 0-6/2"),  # Vixie: never; Go: those weekdays of February
    ("0 0 1,* * 1", None),  # Vixie: every day; Go: Mondays
])
def test_day_fields_read_differently_by_cron_libraries_are_said(text, fixed):
    (problem,) = cron.check(text).problems
    assert problem.kind == cron.AMBIGUOUS and not problem.fix_keeps_meaning
    assert re.search(r"Vixie cron (runs on days that match|never runs it \(day 31 never comes)",
                     problem.message)
    assert cron.check(text).runnable
    spelled = text[:problem.fix[0].start] + problem.fix[0].new_text + text[problem.fix[0].end:] \
        if problem.fix else None
    assert spelled == fixed
    if fixed:
        assert cron.check(fixed).valid  # both restricted in every library: either day matches


@pytest.mark.parametrize("text", ["0 0 * * 1,*", "0 0 */1 * 1", "0 0 1 * *", "0 0 */2 * *",
                                  "0 0 * * */2", "0 0 1-31 * 0-6", "0 0 1 * 1"])
def test_day_fields_every_library_reads_alike_are_not_ambiguous(text):
    assert cron.check(text).valid


@pytest.mark.parametrize(("text", "expected"), [
    ("0 2 * * *", "At 02:00 UTC, every day"),
    ("@daily", "At 00:00 UTC, every day"),
    ("30 8 * * 1-5", "At 08:30 UTC, Monday through Friday"),
    ("0 0 1 * 1", "At 00:00 UTC, on day 1 of the month, or on Monday"),
    # the days as next_runs counts them (Vixie cron): either day when both restrict, else both
    ("0 0 1 * 1-5", "At 00:00 UTC, on day 1 of the month, or on Monday through Friday"),
    ("0 0 */2 * 1", "At 00:00 UTC, on every second day of the month from day 1 to 31, "
                    "but only on Monday"),
    ("0 0 13 * */2", "At 00:00 UTC, on day 13 of the month, but only on Tuesday, Thursday, "
                     "Saturday and Sunday"),
    ("0 0 30 2 1/1", "At 00:00 UTC, on day 30 of the month, or on Monday through Saturday, "
                     "only in February"),
    ("0 0 1-31 * 1", "At 00:00 UTC, every day"),
    ("0 9 * * 2-2/2", "At 09:00 UTC, only on Tuesday"),
    # The week starts on Monday, the weekend together (before, "Sunday and Saturday",
    # "Sunday, Friday and Saturday"); on Sunday where that is one stretch.
    ("0 9 * * 0,6", "At 09:00 UTC, Saturday and Sunday"),
    ("0 12 * * 6,0", "At 12:00 UTC, Saturday and Sunday"),
    ("0 0 * * 5,6,0", "At 00:00 UTC, Friday through Sunday"),
    ("0 0 * * 0-5", "At 00:00 UTC, Sunday through Friday"),
    # One "only" (before, "only on Sunday, only in December").
    ("0 0 * 12 0", "At 00:00 UTC, only on Sunday in December"),
    # Not the verbose filler "every 15 minutes, every hour, every day".
    ("*/15 * * * *", "Every 15 minutes"),
    ("0 * * * *", "Every hour"),
    ("5,35 * * * *", "At 5 and 35 minutes past the hour"),
    ("*/15 * * * 1-5", "Every 15 minutes, Monday through Friday (UTC)"),
    ("0 */6 * * *", "At 00:00, 06:00, 12:00 and 18:00 UTC, every day"),
    # Several runs an hour, in some hours: not "every minute, every 2 hours"
    ("* */2 * * *", "Every minute of every second hour from 00:00 to 22:59 UTC, every day"),
    ("*/5 1/3 * * *", "Every 5 minutes of every third hour from 01:00 to 22:59 UTC, every day"),
    ("0,30 1-23/4 * * *", "Every 30 minutes of every fourth hour from 01:00 to 21:59 UTC, every "
                          "day"),
    # Six runs a day or fewer: their clock times. Before, "At 0 and 30 minutes past the
    # hour, between 09:00 and 09:59 UTC", "Every 30 minutes, between 09:00 and 09:59 UTC".
    ("0,30 9 * * *", "At 09:00 and 09:30 UTC, every day"),
    ("*/30 9 * * *", "At 09:00 and 09:30 UTC, every day"),
    ("15,45 9,17 * * 1-5", "At 09:15, 09:45, 17:15 and 17:45 UTC, Monday through Friday"),
    ("0,30 9-17/4 * * *", "At 09:00, 09:30, 13:00, 13:30, 17:00 and 17:30 UTC, every day"),
    ("* 1,13 * * *", "Every minute from 01:00 to 01:59 and from 13:00 to 13:59 UTC, every day"),
    ("*/15 1-3,7 * * 1", "Every 15 minutes from 01:00 to 03:59 and from 07:00 to 07:59 UTC, "
                         "only on Monday"),
    ("* 22/1 * * *", "Every minute, between 22:00 and 23:59 UTC, every day"),
    ("*/10 9-17 * * 1-5", "Every 10 minutes, between 09:00 and 17:59 UTC, Monday through Friday"),
])
def test_describe_says_when_in_utc(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A field that takes every value says no more than `*`. Before, "Every minute (UTC)" for
    # `* * * */1 *` (no time named, yet "(UTC)", which `* * * * *` does without), "Every
    # minute, between 00:00 and 23:59 UTC, every day" for `* */1 * * *`, "Every minute,
    # January through December (UTC)" for `* * * 1-12 *`.
    ("* * * */1 *", "Every minute"),
    ("* * */1 * *", "Every minute"),
    ("* * * * */1", "Every minute"),
    ("* * * * sun-sat", "Every minute"),
    ("* * * jan-dec *", "Every minute"),
    ("* */1 * * *", "Every minute"),
    ("0-59 0-23 1-31 1-12 0-6", "Every minute"),
    ("*/5 */1 */1 */1 */1", "Every 5 minutes"),
    ("0 */1 * * *", "Every hour"),
    ("* * 1-31 * 1", "Every minute"),  # neither day field led by `*`: either matches, every day
    # A day or a month named: which one depends on the time zone, so "(UTC)" stays.
    ("* * * */1 1", "Every minute, only on Monday (UTC)"),
    ("*/5 */1 * 6 *", "Every 5 minutes, only in June (UTC)"),
    ("0 2 */1 * *", "At 02:00 UTC, every day"),
])
def test_a_field_that_takes_every_value_reads_as_a_star(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Once an hour in some hours: the clock times, or where they run from and to. Before,
    # "At 5 minutes past the hour, at 01:00 through 03:59 and 07:00 UTC" (07:05 it is), and
    # "At 0 minutes past the hour, between 08:00 and 18:59 UTC" (the last run is at 18:00).
    ("5 1-3,7 * * *", "At 01:05, 02:05, 03:05 and 07:05 UTC, every day"),
    ("0 1,3-5,22 * * *", "At 01:00, 03:00, 04:00, 05:00 and 22:00 UTC, every day"),
    ("0 9-17/2 * * 1-5", "At 09:00, 11:00, 13:00, 15:00 and 17:00 UTC, Monday through Friday"),
    ("0 8-18 * * 1-5", "Every hour from 08:00 to 18:00 UTC, Monday through Friday"),
    ("30 */2 * * *", "Every 2 hours from 00:30 to 22:30 UTC, every day"),
    ("5 1-3,7-12 * * *", "Every hour from 01:05 to 03:05 and from 07:05 to 12:05 UTC, every day"),
    ("0 0-6,9 * * *", "Every hour from 00:00 to 06:00 and at 09:00 UTC, every day"),
    ("0 2,14 * * *", "At 02:00 and 14:00 UTC, every day"),
    # A few values of a step or a list of ranges, named: not "every 2 minutes, minutes 1
    # through 5 past the hour", "every 7 days, between day 2 and 30 of the month", "every 2
    # months, March through November", "on day 1 and 15 of the month".
    ("1-5/2 * * * *", "At 1, 3 and 5 minutes past the hour"),
    ("10-50/10 * * * *", "At 10, 20, 30, 40 and 50 minutes past the hour"),
    ("0 0 1,15 * *", "At 00:00 UTC, on days 1 and 15 of the month"),
    # A list of one stretch: before, "on day 1 and 2 of the month", "on day 1, 2 and 3"
    ("0 0 1,2 * *", "At 00:00 UTC, on days 1 and 2 of the month"),
    ("0 0 1,2,3 * 1", "At 00:00 UTC, on days 1, 2 and 3 of the month, or on Monday"),
    ("0 0 2-30/7 * *", "At 00:00 UTC, on days 2, 9, 16, 23 and 30 of the month"),
    ("0 0 * 3-11/2 *", "At 00:00 UTC, every day, only in March, May, July, September and November"),
    # Lists end "and", as the rest (the library's longer ones ended ", and October").
    ("0 0 1 JAN,APR,JUL,OCT *", "At 00:00 UTC, on day 1 of the month, only in January, April, "
                                "July and October"),
    ("0 0 * 1-7 *", "At 00:00 UTC, every day, January through July"),
    ("0 0 * 1,2,3,4,5,6,8 *", "At 00:00 UTC, every day, only in January, February, March, "
                              "April, May, June and August"),
    ("30 6 * * MON,WED,FRI", "At 06:30 UTC, Monday, Wednesday and Friday"),
    # What read well already stays.
    ("*/15 * * * *", "Every 15 minutes"),
    ("0 0 1-7 * *", "At 00:00 UTC, between day 1 and 7 of the month"),
    ("0 0 * 3-5 *", "At 00:00 UTC, every day, March through May"),
])
def test_describe_reads_well_for_ranges_lists_steps_and_names(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A step that does not come round its cycle evenly restarts with it: the library said
    # "every 10 days" (the 31st, then the 1st), "every 7 minutes" (:56, then :00), "every
    # 45 minutes" (:45, then :00), "every 5 months" (November, then January).
    ("0 0 */10 * *", "At 00:00 UTC, on days 1, 11, 21 and 31 of the month"),
    ("0 0 */2 * *", "At 00:00 UTC, on every second day of the month from day 1 to 31"),
    ("0 0 5/3 * *", "At 00:00 UTC, on every third day of the month from day 5 to 29"),
    ("0 0 */10 * 1", "At 00:00 UTC, on days 1, 11, 21 and 31 of the month, but only on Monday"),
    ("*/7 * * * *", "Every 7 minutes from 0 to 56 past the hour"),
    ("5/7 * * * *", "Every 7 minutes from 5 to 54 past the hour"),
    ("*/45 * * * *", "At 0 and 45 minutes past the hour"),
    # One value: once an hour or a month (before, "every 2 minutes, starting at 58 ...")
    ("58/2 * * * *", "At 58 minutes past the hour"),
    ("*/60 * * * *", "Every hour"),  # before, "At 0 minutes past the hour" (`0 * * * *`'s words)
    ("0/60 * * * 1", "Every hour, only on Monday (UTC)"),
    ("0 0 30/5 * *", "At 00:00 UTC, on day 30 of the month"),
    ("*/7 9-17 * * *", "Every 7 minutes from 0 to 56 past the hour, between 09:00 and 17:59 "
                       "UTC, every day"),
    ("0 0 1 */5 *", "At 00:00 UTC, on day 1 of the month, only in January, June and November"),
    # A step that divides its cycle reads as it runs.
    ("*/15 * * * *", "Every 15 minutes"),
    ("*/20 * * * 1", "Every 20 minutes, only on Monday (UTC)"),
    # Months are named, an even step's too (before, "every 3 months": which ones?).
    ("0 0 1 */3 *", "At 00:00 UTC, on day 1 of the month, only in January, April, July and "
                    "October"),
    ("0 0 * */6 *", "At 00:00 UTC, every day, only in January and July"),
])
def test_describe_says_where_a_step_restarts(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A list with a `*` or a step in it, said as the values it stands for: before, no words
    # at all for `0 0,*/1`, "At 0 and every 1 minutes minutes past the hour", "only in
    # January and every 1 months", "At 1 and every 10 minutes,  minutes past the hour".
    ("0 0,*/1 * * *", "Every hour"),
    ("0 1-5,*/1 * * *", "Every hour"),
    ("0 0,*/2 * * *", "Every 2 hours from 00:00 to 22:00 UTC, every day"),
    ("0,*/1 * * * *", "Every minute"),
    ("0 0 * 1,*/1 *", "At 00:00 UTC, every day"),
    ("1,5/10 * * * *", "Every 10 minutes from 5 to 55 past the hour and at 1 minute past the "
                       "hour"),
    ("0 1,5/10 * * *", "At 01:00, 05:00 and 15:00 UTC, every day"),
    ("0,*/15 * * * *", "Every 15 minutes"),  # as `*/15`
    # The same schedules written without the list read the same.
    ("0 */1 * * *", "Every hour"),
    ("*/1 * * * *", "Every minute"),
])
def test_a_list_with_a_star_or_a_step_is_said_as_it_runs(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A list with a step among its items, said as written: the step's runs as one, then the
    # others. Before, `1,*/2` was "Every hour from 00:00 to 02:00, at 04:00, at 06:00, at
    # 08:00, ..., at 20:00 and at 22:00", `7,*/5` thirteen numbers, `2,*/3` "on day 1, 2, 4, 7,
    # 10, ..., 28 and 31 of the month".
    ("0 1,*/2 * * *", "Every 2 hours from 00:00 to 22:00 and at 01:00 UTC, every day"),
    ("30 1,*/4 * * 1-5", "Every 4 hours from 00:30 to 20:30 and at 01:30 UTC, Monday through "
                         "Friday"),
    ("0 1,5,*/3 * * *", "Every 3 hours from 00:00 to 21:00 and at 01:00 and 05:00 UTC, every day"),
    ("0 9-17,*/6 * * *", "Every 6 hours from 00:00 to 18:00 and every hour from 09:00 to 17:00 "
                         "UTC, every day"),
    ("0 1,3-9/2,*/6 * * *", "Every 2 hours from 03:00 to 09:00, every 6 hours from 00:00 to "
                            "18:00 and at 01:00 UTC, every day"),
    ("*/10 1,*/2 * * *", "Every 10 minutes of every second hour from 00:00 to 22:59 and from "
                         "01:00 to 01:59 UTC, every day"),
    ("0,30 1,*/2 * * *", "Every 30 minutes of every second hour from 00:00 to 22:59 and from "
                         "01:00 to 01:59 UTC, every day"),
    ("7,*/5 * * * *", "Every 5 minutes and at 7 minutes past the hour"),
    ("2,*/7 * * * *", "Every 7 minutes from 0 to 56 past the hour and at 2 minutes past the hour"),
    ("0 0 2,*/3 * *", "At 00:00 UTC, on every third day of the month from day 1 to 31 and on "
                      "day 2"),
    # Hours alone and stretches: the stretches first ("every hour at 00:00, at 06:00 and from
    # 09:00 to 18:00" read as hourly from midnight).
    ("0 0,6,9-18 * * *", "Every hour from 09:00 to 18:00 and at 00:00 and 06:00 UTC, every day"),
    # A step that its other items only add to, or that is the whole field, reads as before.
    ("0 0,*/2 * * *", "Every 2 hours from 00:00 to 22:00 UTC, every day"),
    ("0,*/1 * * * *", "Every minute"),
])
def test_a_list_with_a_step_reads_as_the_step_and_the_rest(text, expected):
    assert cron.describe(text) == expected


@settings(max_examples=examples(3, at_most=300))
@given(st.integers(2, 59), st.sampled_from(["*", *map(str, range(60))]))
def test_every_n_minutes_is_said_only_when_the_runs_are_n_minutes_apart(step, start):
    """"Every N minutes" (alone, or before the hours) holds across the hour: two hours of
    cronsim's runs are all N minutes apart; a step that restarts with the hour is not
    said so (`*/7`: :56, then :00)."""
    from cronsim import CronSim

    text = f"{start}/{step} * * * *"
    said = re.match(r"Every \d+ minutes(?:$|,)", cron.describe(text))
    runs = CronSim(text, NOW)
    moments = [next(runs) for _ in range(2 * (60 // step + 1))]
    gaps = {b - a for a, b in zip(moments, moments[1:])}
    if said:
        assert gaps == {timedelta(minutes=step)}, cron.describe(text)
    if start == "*" and 60 % step == 0:
        assert said, cron.describe(text)


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


@settings(max_examples=examples(3))
@given(expressions)
def test_the_validator_agrees_with_cronsim(text):
    from cronsim import CronSim, CronSimError

    try:
        CronSim(text, NOW)
        accepted = True
    except CronSimError:
        accepted = False
    check = cron.check(text)
    if any(p.kind == cron.AMBIGUOUS for p in check.problems):
        # cronsim reads the day fields as Vixie cron does, where Go's robfig/cron reads them
        # otherwise (and runs them: a restricted weekday always comes): a warning alone
        assert [p.kind for p in check.problems] == [cron.AMBIGUOUS]
    else:
        assert check.valid == accepted, problems(text)


# Days chosen to exercise how day of month and day of week combine: `*`-led or not, full
# or not, in a month that may lack the day.
day_fields = st.tuples(
    st.sampled_from(["*", "*/2", "*/1", "1", "13", "31", "1-7", "1-31", "29-31", "*/10"]),
    st.sampled_from(["*", "2", "2,4", "1-12/5"]),
    st.sampled_from(["*", "*/2", "*/1", "1", "1-5", "0,6", "0-6", "5/1", "2-2/2"]),
).map(lambda days: "0 0 " + " ".join(days))


@settings(max_examples=examples(3))
@given(day_fields)
def test_the_words_name_the_days_the_runs_come_on(text):
    """The description's days against the runs: an "or" where a day matching either field
    runs, a "but only on" where it must match both (cronsim's runs, 60 of them)."""
    from cronsim import CronSim, CronSimError

    description = cron.describe(text)
    try:
        runs = CronSim(cron._weekdays_to_six(text), NOW)
        moments = [next(runs) for _ in range(60)]
    except (CronSimError, StopIteration):
        return  # never runs as Vixie cron reads it: cron.check said so (or warned)
    fields = cron.check(text).fields
    day, weekday = fields[2].values, fields[4].values
    either = any((m.day in day) != ((m.isoweekday() % 7) in weekday) for m in moments)
    both_needed = all(m.day in day and (m.isoweekday() % 7) in weekday for m in moments)
    if ", or on " in description:
        assert either and not both_needed
    if ", but only on " in description:
        assert both_needed


def disguised(text: str, random) -> str:
    """`text` with some months and weekdays written as names and some `*` days as `?`: the
    undocumented spellings of the same schedule (a step stays a number)."""
    *times, day, month, weekday = text.split()

    def named(field: str, names: tuple[str, ...], first: int) -> str:
        return re.sub(r"(?<![/\d])\d+", lambda m: names[int(m[0]) - first] if first <= int(
            m[0]) < first + len(names) and random.random() < 0.5 else m[0], field)

    day, weekday = ("?" if field == "*" and random.random() < 0.5 else field
                    for field in (day, weekday))
    return " ".join([*times, day, named(month, cron.MONTH_NAMES, 1),
                     named(weekday, cron.DAY_NAMES, 0)])


@settings(max_examples=examples(3, at_most=500))
@given(expressions | day_fields, st.randoms(use_true_random=False))
def test_a_name_or_a_question_mark_is_judged_as_what_it_stands_for(text, random):
    """A schedule with `FEB`, `MON` or `?` has the problems of its documented spelling
    besides the spellings' warnings, and the same words and runs: `0 0 31 FEB *` never
    runs (before, only `FEB` was said, and the hint named days that never come)."""
    spelled = disguised(text, random)
    # A name's warning (in a range that goes backwards, `TUE-MON`, without a fix: numbered
    # it would be as backwards) comes besides the problems.
    kinds = [p.kind for p in cron.check(spelled).problems
             if not (p.kind == cron.UNDOCUMENTED and (p.fix or "is not documented: write"
                                                      in p.message))]
    assert kinds == [p.kind for p in cron.check(text).problems], spelled
    assert cron.describe(spelled) == cron.describe(text)
    assert cron.next_runs(spelled, NOW) == cron.next_runs(text, NOW)
    if cron.describe(text) is not None:  # words only for a schedule that runs
        assert cron.next_runs(text, NOW, 1)


# Several runs an hour (`minutes`) in the hours a generated hour field gives.
minutes_and_hours = st.tuples(
    st.sampled_from(["*", "*/5", "0,30", "0-5", "10-20/5", "5/15"]), field(0, 23),
).map(lambda pair: f"{pair[0]} {pair[1]} * * *").filter(lambda text: cron.check(text).valid)


def hours_in_words(description: str) -> set[int]:
    """The hours a description says the runs are in: `every third hour from 01:00 to
    22:59`, stretches `from 01:00 to 03:59` / `between 09:00 and 17:59`, or none: all."""
    ordinals = {word: n for n, word in enumerate(cron._ORDINALS, start=2)}
    hours: set[int] = set()
    for nth, first, last in re.findall(r"every (\w+) hour from (\d\d):00 to (\d\d):59",
                                       description):
        step = ordinals.get(nth) or int(nth.rstrip("thsndr"))
        hours |= set(range(int(first), int(last) + 1, step))
    rest = re.sub(r"every \w+ hour from \d\d:00 to \d\d:59", "", description)
    stretches = re.findall(r"(?:from|between) (\d\d):00 (?:to|and) (\d\d):59", rest)
    if not stretches and not hours:  # every hour (`0-23`, `*/1`: said as `*`)
        return set(range(24))
    return hours | {hour for first, last in stretches for hour in range(int(first), int(last) + 1)}


@settings(max_examples=examples(3, at_most=300))
@given(minutes_and_hours)
def test_the_words_name_the_hours_the_runs_come_in(text):
    """A schedule that runs several times an hour says in which hours, and those are the
    hours of a day's runs (cronsim's): not "every 2 hours" or "at 01:00 and 13:00" (said
    of once an hour). With six runs a day or fewer, it gives each run's clock time."""
    from cronsim import CronSim

    description = cron.describe(text)
    day = datetime(2025, 1, 1, tzinfo=UTC)
    runs = []
    for run in CronSim(text, day - timedelta(minutes=1)):
        if run.date() != day.date():
            break
        runs.append(run)
    if len(runs) <= 6:
        assert times_in_words(description) == {f"{r.hour:02d}:{r.minute:02d}" for r in runs}
        return
    assert not re.search(r"every \d+ hours|at \d\d:00", description), description
    assert hours_in_words(description) == {run.hour for run in runs}, description


def times_in_words(description: str) -> set[str]:
    """The clock times a once-an-hour description says: `at 01:05, 02:05 and 07:05`, and
    `every [N hours|hour] from 01:05 to 03:05 and from 07:05 to 12:05`."""
    found, step = set(), 1
    # A stretch runs at the step of the "every" before it: `every 2 hours from 00:00 to
    # 22:00 and every hour from 09:00 to 11:00 and from 13:00 to 17:00`.
    for every, hours, first, last in re.findall(
            r"(?:([Ee]very) (?:(\d+) hours|hour) )?from (\d\d:\d\d) to (\d\d:\d\d)", description):
        step = int(hours or 1) if every else step
        minute = first[3:]
        found |= {f"{hour:02d}:{minute}" for hour in range(int(first[:2]), int(last[:2]) + 1, step)}
    without = re.sub(r"from \d\d:\d\d to \d\d:\d\d", "", description)
    return found | set(re.findall(r"\d\d:\d\d", without))


@settings(max_examples=examples(3, at_most=300))
@given(st.tuples(st.integers(0, 59), field(0, 23)).map(lambda pair: f"{pair[0]} {pair[1]} * * *")
       .filter(lambda text: cron.check(text).valid and not cron.check(text).fields[1].full))
def test_once_an_hour_the_words_give_the_clock_times_of_the_runs(text):
    """The times of a schedule that runs once an hour in some hours, in words, are the
    times of a day's runs (cronsim's)."""
    from cronsim import CronSim

    description = cron.describe(text)
    day = datetime(2025, 1, 1, tzinfo=UTC)
    times = set()
    for run in CronSim(text, day - timedelta(minutes=1)):
        if run.date() != day.date():
            break
        times.add(f"{run.hour:02d}:{run.minute:02d}")
    assert times_in_words(description) == times, description


@pytest.mark.parametrize(("text", "expected"), [
    # One minute is one: the library said "At 1 minutes past the hour", "starting at 1 minutes".
    ("1 * * * *", "At 1 minute past the hour"),
    ("1 * * * 1", "At 1 minute past the hour, only on Monday (UTC)"),
    ("1/2 * * * *", "Every 2 minutes, starting at 1 minute past the hour"),
    ("0,1 * * * *", "At 0 and 1 minutes past the hour"),
    # A step whose values are one stretch: not "every 1 months, February through December".
    ("0 0 * 2/1 *", "At 00:00 UTC, every day, February through December"),
    ("0 0 * 4-5/1 *", "At 00:00 UTC, every day, only in April and May"),
    # A list out of order, a value twice, a range of one value: not "At 22, 1, 15 through 26
    # and 1 minutes past the hour", "Minutes 54 through 54 past the hour".
    ("22,1,15-26,1 * * * *", "At 1 and 15 through 26 minutes past the hour"),
    ("54-54 * * * *", "At 54 minutes past the hour"),
    # A list whose items come to one value: before, a ValueError (the step of `*/31,1`).
    ("0 0 1,*/31,1 * *", "At 00:00 UTC, on day 1 of the month"),
    ("1/60,1 * * * *", "At 1 minute past the hour"),
])
def test_describe_says_one_as_one_and_each_value_once(text, expected):
    assert cron.describe(text) == expected


# A count of one with a plural unit ("1 minutes", "every 1 months"), a value said as a
# range to itself ("54 through 54"), days listed as one ("on day 1 and 2"), the hour's start
# as minutes ("at 0 minutes past the hour": every hour).
_SLIP = re.compile(r"(?<![\d,] )(?<!and )\b1 (?:minutes|hours|days|months)\b|"
                   r"\bevery 1 \w+|\b(\d+) through \1\b|\bon day \d+(?:, \d+)* and\b|"
                   r"\bat 0 minutes past the hour\b")


@settings(max_examples=examples(3, at_most=500))
@given(expressions.filter(lambda text: cron.check(text).valid))
def test_the_words_of_any_schedule_have_no_slips(text):
    """Every valid schedule is put in words (or None), without a number's slip."""
    description = cron.describe(text)
    assert description is None or not _SLIP.search(description), description


@settings(max_examples=examples(3, at_most=500))
@given(st.integers(0, 4), st.data())
def test_an_evenly_spaced_list_reads_as_its_step(index, data):
    """`0,2,4,...,58` minutes read as `*/2` does ("Every 2 minutes"), not thirty numbers: a
    list whose values are those of a step is worded as the step, and runs as it (cronsim).
    A day field's step starts with a number: `*/7` there would not restrict; months are
    named."""
    from cronsim import CronSim

    low, high = cron.RANGES[index]
    step = data.draw(st.integers(2, high - low))
    first = data.draw(st.integers(low, high - step))
    last = data.draw(st.integers(first + step, high))
    stepped = data.draw(st.sampled_from([f"{first}-{last}/{step}"] + (
        [f"*/{step}"] * (cron.FIELDS[index] not in (cron.DAY, cron.MONTH, cron.WEEKDAY)))))
    values = sorted(cron.check(" ".join(stepped if i == index else "*" for i in range(5))
                               ).fields[index].values)
    listed = ",".join(map(str, values))
    as_step, as_list = (" ".join(f if i == index else "1" if i in (2, 3) else "*"
                                 for i in range(5)) for f in (stepped, listed))
    assert cron.describe(as_list) == cron.describe(as_step)
    before, after = CronSim(as_step, NOW), CronSim(as_list, NOW)
    assert [next(before) for _ in range(5)] == [next(after) for _ in range(5)]


@pytest.mark.parametrize(("text", "expected"), [
    (",".join(map(str, range(0, 60, 2))) + " * * * *", "Every 2 minutes"),
    ("0-10/2,12-58/2 * * * *", "Every 2 minutes"),
    ("0,15,30,45 * * * *", "Every 15 minutes"),
    ("0 " + ",".join(map(str, range(0, 24, 2))) + " * * *",
     "Every 2 hours from 00:00 to 22:00 UTC, every day"),
    # days stay restricting: the 1st or a Monday, not a Monday that is one of them
    ("0 0 1,8,15,22,29 * 1", "At 00:00 UTC, on days 1, 8, 15, 22 and 29 of the month, or on Monday"),
])
def test_an_evenly_spaced_list_is_not_read_out_in_full(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize(("weekdays", "spelled"), [
    ("SAT-7,2-TUE", "6,0,2"), ("2-TUE", "2"), ("TUE-TUE,5", "2,5"), ("TUE-2/2,5", "2,5"),
])
def test_a_range_of_one_named_day_is_fixed_to_that_day(weekdays, spelled):
    """`2-TUE` is Tuesday: its fix writes `2`, not `2-2`; with a step, the step goes too
    (`2/2` would run to Saturday). `--fix` and `normalized` (hover, inlay hints) alike."""
    from cronsim import CronSim

    text = f"0 0 * * {weekdays}"
    assert fixed_safely(text) == f"0 0 * * {spelled}"
    if "7" not in weekdays:  # WF511's 7 is an error: no normalized form
        assert cron.check(text).normalized() == f"0 0 * * {spelled}"
    before, after = CronSim(text, NOW), CronSim(f"0 0 * * {spelled}", NOW)
    assert [next(before) for _ in range(14)] == [next(after) for _ in range(14)]
    assert cron.check("0 0 * JAN-1 *").normalized() == "0 0 * 1 *"


@pytest.mark.parametrize(("text", "expected"), [
    # Before, "Minutes 1 through 5 past the hour" and "on day 1 through 10 and 20 through 31"
    ("1-5 * * * *", "At minutes 1 through 5 past the hour"),
    ("1-5 9-17 * * *", "At minutes 1 through 5 past the hour, between 09:00 and 17:59 UTC, every day"),
    ("0 0 1-10,20-31 * *", "At 00:00 UTC, on days 1 through 10 and 20 through 31 of the month"),
    ("0 0 1-10,15 * *", "At 00:00 UTC, on days 1 through 10 and 15 of the month"),
])
def test_a_range_of_minutes_or_days_reads_as_a_sentence(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Before, "on every second day of the month from day 1 to 5 and on days 20, 21, 22, ...
    # and 31", and "Every 2 minutes, at minutes 1 through 59 past the hour"
    ("0 0 1-5/2,20-31 * *", "At 00:00 UTC, on days 1, 3, 5 and 20 through 31 of the month"),
    ("1-5/2,20-40 * * * *", "At 1, 3, 5 and 20 through 40 minutes past the hour"),
    ("*/15,50-55 * * * *", "Every 15 minutes and at 50 through 55 minutes past the hour"),
    ("0 0 1-20/2,25-28 * *",
     "At 00:00 UTC, on every second day of the month from day 1 to 19 and on days 25 through 28"),
    ("1-59/2 * * * *", "Every 2 minutes, starting at 1 minute past the hour"),
    ("3-58/5 * * * *", "Every 5 minutes, starting at 3 minutes past the hour"),
    # Before, "... and at 0 minutes past the hour"
    ("0,5/10 * * * *", "Every 10 minutes from 5 to 55 past the hour and on the hour"),
])
def test_a_list_with_a_step_and_a_range_reads_as_a_sentence(text, expected):
    assert cron.describe(text) == expected


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u3000", "\u0085", "\t"])
def test_a_unicode_space_between_fields_separates_them_as_go_s_strings_fields_does(space):
    """A no-break space pasted from a web page: the engine's cron library splits the fields
    with Go's strings.Fields, which takes any Unicode space: no finding, the same runs."""
    text = space.join(["30", "9", "*", "*", "1-5"])
    assert cron.check(text).valid
    assert cron.next_runs(text, NOW) == cron.next_runs("30 9 * * 1-5", NOW)
    assert cron.describe(text) == cron.describe("30 9 * * 1-5")


@pytest.mark.parametrize(("text", "expected"), [
    # Python's str.split and `\s` take U+001C-U+001F for spaces, Go's strings.Fields does not:
    # before, these had no finding and the engine could not read them
    ("0\x1c0 * * *", [("field-count", None, "0\x1c0 * * *")]),
    ("0 0 * * *\x1f", [("syntax", "day of week", "*\x1f")]),
])
def test_a_separator_character_does_not_separate_fields(text, expected):
    assert problems(text) == expected


@pytest.mark.parametrize(("text", "at"), [
    ("0 9 * * 1-5\u200b", 11), ("\ufeff0 9 * * 1", 0), ("0 9 * * 1 \u200b", 10),
    ("0\u2060 9 * * 1", 1),
])
def test_an_invisible_character_is_said_as_that_with_its_removal_as_the_fix(text, at):
    """Go's strings.Fields does not split at a zero-width space or a byte order mark: the
    engine reads it as part of a field (before, "`1-5` is not a number", the character
    unseen) or as a sixth field (before, "a seconds or year field")."""
    (problem,) = cron.check(text).problems
    assert (problem.kind, problem.start, problem.end) == ("syntax", at, at + 1)
    assert problem.message.startswith(f"an invisible character (U+{ord(text[at]):04X} ")
    assert fixed_safely(text) == text[:at] + text[at + 1:]
    assert cron.check(fixed_safely(text)).valid


def any_item(low: int, high: int, names: tuple[str, ...] = ()):
    """One item of a field as users write them, documented or not: numbers around the range
    (with leading zeros), names in any case, ranges, steps (up to past Go's int), `?`,
    `L`, `W`, `#`."""
    number = st.integers(max(low - 1, 0), high + 1).map(str) | st.integers(low, high).map(
        lambda n: f"0{n}")
    if names:
        number |= st.sampled_from(names).map(lambda name: name.capitalize() if len(name) % 2
                                                else name.lower())
    single = number | st.tuples(number, number).map("-".join)
    step = st.integers(0, high + 2).map(str) | st.sampled_from(
        ["9223372036854775807", "9223372036854775808"])
    extras = st.sampled_from(["?", "L", "15W", "5#3", "5L", "LW"]) if names != cron.MONTH_NAMES \
        else st.nothing()
    return st.one_of(st.just("*"), single, st.tuples(st.just("*") | single, step).map("/".join),
                     extras)


def any_field(low: int, high: int, names: tuple[str, ...] = ()):
    return st.lists(any_item(low, high, names), min_size=1, max_size=3).map(",".join)


five_fields = st.tuples(any_field(0, 59), any_field(0, 23), any_field(1, 31),
                        any_field(1, 12, cron.MONTH_NAMES),
                        any_field(0, 7, cron.DAY_NAMES)).map(" ".join)
# Days at the end of short months, the other day field often unrestricting: schedules
# that may never run.
late_days = st.tuples(
    st.sampled_from(["0", "*/20"]), st.just("0"),
    st.sampled_from(["29", "30", "31", "30,31", "29-31", "31/2", "0031", "?"]),
    st.sampled_from(["2", "feb", "4,6", "2,4,11", "4-6/2", "Apr", "11/20"]) | any_field(
        1, 12, cron.MONTH_NAMES), st.sampled_from(["*", "?", "*/2", "1", "7", "MON"]),
).map(" ".join)
any_schedule = five_fields | late_days | st.tuples(any_field(0, 59), five_fields).map(" ".join) | st.tuples(
    st.sampled_from(["TZ=UTC", "CRON_TZ=Etc/UTC", "CRON_TZ=Europe/Berlin"]), five_fields).map(
    " ".join) | st.sampled_from(
    [*cron.MACROS, "@every 1h", "@every 1x", "@every 500ms", "@every", "@reboot"])


def runs_of(text: str, count: int = 14, until: datetime = datetime(2029, 12, 31)
            ) -> list[datetime] | None:
    """cronsim's first runs of `text` (`?` as `*`) after NOW, up to `until` (five years
    on), or None when it refuses the expression."""
    from cronsim import CronSim, CronSimError

    try:
        moments = CronSim(text.replace("?", "*"), NOW.replace(tzinfo=None))
        runs = []
        for moment in moments:
            if moment > until or len(runs) == count:
                break
            runs.append(moment)
        return runs
    except (CronSimError, StopIteration):
        return None


@settings(max_examples=examples(3, at_most=1000))
@given(any_schedule)
def test_any_schedule_differential_with_cronsim(text):
    """Random schedules as users write them, documented or not, held to cronsim: what
    `--fix` writes safely runs as the schedule did, a "never runs" verdict has no run in
    five years, and what the checker accepts (as written, or as its documented spelling)
    cronsim accepts and runs as `next_runs` says. Words and runs never raise."""
    check = cron.check(text)
    description = cron.describe(text)
    assert description is None or not _SLIP.search(description), description
    five = len(text.split()) == 5
    if five and check.runnable and runs_of(text) is not None:
        spelled = fixed_safely(text)
        if spelled != text and cron.check(spelled).runnable:
            assert runs_of(spelled) == runs_of(text), spelled
    if five and any(p.kind == cron.NEVER for p in check.problems):
        assert not runs_of(text), text
    if check.valid:
        assert runs_of(text) is not None, text
    normalized = check.normalized()
    if normalized is not None and not any(p.kind == cron.AMBIGUOUS for p in check.problems):
        assert runs_of(cron._weekdays_to_six(normalized)) is not None, normalized
        assert [run.replace(tzinfo=None) for run in cron.next_runs(text, NOW, 5)] == \
            runs_of(cron._weekdays_to_six(normalized), 5, datetime.max)


@settings(max_examples=examples(3, at_most=300))
@given(expressions | day_fields, st.sampled_from(["TZ=UTC ", "CRON_TZ=Etc/UTC  ", "TZ= "]))
def test_a_utc_time_zone_prefix_keeps_the_schedule_s_problems_words_and_runs(text, prefix):
    """robfig/cron's `TZ=UTC` prefix: its own warning, whose fix removes it, then the problems
    of the schedule after it, at their places; the same words and runs. Before, the prefix
    was read as a seconds or year field and the schedule's own errors went unsaid."""
    zoned = prefix + text
    first, *rest = cron.check(zoned).problems
    assert (first.kind, zoned[first.start:first.end]) == (cron.UNDOCUMENTED, prefix.rstrip())
    assert [r.new_text for r in first.fix] == [""] and first.fix_keeps_meaning
    assert [(p.kind, p.message, zoned[p.start:p.end]) for p in rest] == [
        (p.kind, p.message, text[p.start:p.end]) for p in cron.check(text).problems]
    assert cron.describe(zoned) == cron.describe(text)
    assert cron.next_runs(zoned, NOW) == cron.next_runs(text, NOW)


@settings(max_examples=examples(3, at_most=300))
@given(expressions, st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["start", "end", "middle"]),
                                       st.integers(1, 2)), min_size=1, max_size=3))
def test_an_empty_list_entry_is_an_error_whose_fix_takes_out_its_comma(text, spoils):
    """`1,,2`, `,5`, `5,`: Go's robfig/cron skips an empty entry, cronsim refuses it; an
    error whose safe fix takes its comma out and gives back the schedule as robfig runs it
    (before, no fix: `--fix` left it)."""
    fields = text.split()
    for index, where, commas in spoils:
        field, extra = fields[index], "," * commas
        head, comma, tail = field.partition(",")
        fields[index] = (extra + field if where == "start" else field + extra if where == "end"
                         else f"{head}{comma or ','}{extra}{tail}" if tail else field + extra)
    spoiled = " ".join(fields)
    empty = [p for p in cron.check(spoiled).problems if "an empty entry" in p.message]
    assert empty and all(p.kind == cron.SYNTAX and p.fix and p.fix_keeps_meaning for p in empty)
    assert fixed_safely(spoiled) == fixed_safely(text), spoiled


@settings(max_examples=examples(3, at_most=300))
@given(expressions.filter(lambda text: cron.check(text).valid), st.randoms(use_true_random=False))
def test_a_month_or_day_written_out_is_an_error_whose_fix_gives_back_the_schedule(text, random):
    """`Monday`, `TUES`, `Sept` where a number goes: an error (no cron library reads more
    than three letters), whose safe fix writes the number: the schedule comes back. Before,
    "`Monday` is not a number" with no fix, and "`W` is not documented" of `Wednesday`."""
    *times, day, month, weekday = text.split()

    def written(field: str, words: tuple[str, ...], first: int) -> str:
        return re.sub(r"(?<![/\d])\d+", lambda m: words[int(m[0]) - first][:random.randint(
            4, 9)].upper() if len(words[int(m[0]) - first]) > 3 and random.random() < 0.7
            else m[0], field)

    spelled = " ".join([*times, day, written(month, cron._MONTH_WORDS, 1),
                        written(weekday, cron._WEEKDAY_WORDS, 0)])
    found = cron.check(spelled).problems
    assert all(p.kind == cron.SYNTAX and p.fix and p.fix_keeps_meaning for p in found), spelled
    fixed = fixed_safely(spelled)  # `SUND-SUND` is `0`, as `TUE-TUE` is `2`
    assert cron.check(fixed).valid and cron.next_runs(fixed, NOW) == cron.next_runs(text, NOW), \
        spelled
