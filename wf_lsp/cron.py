"""Schedules (`trigger.schedule[].cron`): the documented 5-field cron, checked with spans.

The format documents "the standard 5-field format" evaluated in UTC: minute 0-59, hour
0-23, day of month 1-31, month 1-12, day of week 0-6 (Sunday first), with `*` `,` `-` `/`.
`check(text)` reports every problem with offsets into the value: the field count, a value
out of range, a malformed list, range or step, a day that never comes (`0 0 31 2 *`), and
the forms cron libraries know but the format does not document (`@daily`, `MON`, `JAN`,
`?`, `L`, `W`, `#`, a seconds or year field), with the documented spelling as a fix where
there is one. Day of month and day of week combine as standard (Vixie/Debian) cron does:
when both are restricted (neither starts with `*`) a day matches either; otherwise both.

`describe` (cron-descriptor) and `next_runs` (cronsim) import their libraries on first
use: linting a file never needs them.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from wf_lsp.findings import Replacement
from wf_lsp.records import record

FIELDS = ("minute", "hour", "day of month", "month", "day of week")
RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6))
MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
MACROS = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
}
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February can have 29
_MONTH_WORDS = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_WORD = re.compile(r"\S+")
_TIME = re.compile(r"\b\d\d:\d\d\b")

# Problem kinds: the first four are errors the engine cannot run; "undocumented" forms
# may work in the engine's cron library but the format does not promise them.
FIELD_COUNT, RANGE, SYNTAX, NEVER, UNDOCUMENTED = "field-count", "range", "syntax", "never", "undocumented"


def _number_pattern(low: int, high: int) -> str:
    """A regular expression for the integers low..high (low < 10 <= high < 100 or both
    below 10), leading zeros allowed: 0..23 is `0*(?:[0-9]|1[0-9]|2[0-3])`."""
    alternatives = [f"[{low}-{min(high, 9)}]"]
    top, last = divmod(high, 10)
    full = top if last == 9 else top - 1  # tens whose every number is in range
    if full >= 1:
        alternatives.append(f"[1-{full}][0-9]" if full > 1 else "1[0-9]")
    if top >= 1 and last != 9:
        alternatives.append(f"{top}[0-{last}]")
    return "0*(?:" + "|".join(alternatives) + ")"


def _pattern() -> str:
    item = [rf"(?:\*|{n}(?:-{n})?)(?:/0*[1-9][0-9]*)?" for n in
            (_number_pattern(low, high) for low, high in RANGES)]
    fields = [rf"{i}(?:,{i})*" for i in item]
    return r"^\s*" + r"\s+".join(fields) + r"\s*$"


# The documented form as one regular expression (the JSON schema's `cron` pattern): five
# fields of numbers in range, `*`, lists, ranges and non-zero steps. What it cannot say: a
# range that goes backwards (`5-1`) and a day that never comes (`0 0 31 2 *`).
PATTERN = _pattern()
PATTERN_MESSAGE = ("Must be a 5-field cron schedule in UTC: minute (0-59) hour (0-23) day of "
                   "month (1-31) month (1-12) day of week (0-6), with * , - / only.")


@record
class CronProblem:
    kind: str  # field-count, range, syntax, never or undocumented
    message: str
    start: int  # offsets into the value
    end: int
    field: str | None = None  # one of FIELDS, None for the whole expression
    fix: tuple[Replacement, ...] = ()  # the documented spelling, when there is one


@record
class CronField:
    name: str  # one of FIELDS
    text: str
    start: int
    end: int
    values: frozenset[int]  # what it matches (empty where the field is wrong)


@record
class CronCheck:
    text: str
    fields: tuple[CronField, ...]  # the five fields, when there are five
    problems: tuple[CronProblem, ...]

    @property
    def valid(self) -> bool:
        """Exactly the documented format: no problem at all."""
        return not self.problems

    @property
    def runnable(self) -> bool:
        """No error: only undocumented forms, if anything."""
        return all(p.kind == UNDOCUMENTED for p in self.problems)

    def normalized(self) -> str | None:
        """The expression in documented form (fixes applied); None if some problem has none."""
        if not all(p.fix for p in self.problems if p.kind == UNDOCUMENTED) or not self.runnable:
            return None
        text = self.text
        edits = sorted((r for p in self.problems for r in p.fix), key=lambda r: r.start, reverse=True)
        for edit in edits:
            text = text[:edit.start] + edit.new_text + text[edit.end:]
        return " ".join(text.split())


def check(text: str) -> CronCheck:
    """Every problem of a cron expression, with offsets into `text`."""
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    if len(words) == 1 and words[0][0].startswith("@"):
        return CronCheck(text, (), (_macro(*words[0]),))
    if len(words) != 5:
        return CronCheck(text, (), (_field_count(text, words),))
    problems: list[CronProblem] = []
    fields = []
    for index, (word, start, end) in enumerate(words):
        values = _field(index, word, start, problems)
        fields.append(CronField(FIELDS[index], word, start, end, frozenset(values)))
    if not problems:
        never = _never(fields)
        if never is not None:
            problems.append(never)
    return CronCheck(text, tuple(fields), tuple(problems))


def _macro(word: str, start: int, end: int) -> CronProblem:
    spelled = MACROS.get(word.lower())
    if spelled is not None:
        return CronProblem(UNDOCUMENTED, f"`{word}` is not documented: the engine expects 5 numeric "
                           f"fields; write `{spelled}`", start, end, None,
                           (Replacement(start, end, spelled),))
    if word.lower() == "@every":
        return CronProblem(UNDOCUMENTED, "`@every` is not documented: the engine expects 5 numeric "
                           "fields", start, end)
    return CronProblem(SYNTAX, f"`{word}` is not a cron schedule: the engine expects 5 fields "
                       "(minute hour day-of-month month day-of-week)", start, end)


def _field_count(text: str, words) -> CronProblem:
    start, end = (words[0][1], words[-1][2]) if words else (0, len(text))
    if words and words[0][0].lower() == "@every":
        return _macro(*words[0])
    if len(words) in (6, 7):
        return CronProblem(UNDOCUMENTED, f"{len(words)} fields: a seconds or year field is not "
                           "documented: the engine expects 5 numeric fields", start, end)
    return CronProblem(FIELD_COUNT, f"{len(words)} field{'s' * (len(words) != 1)}: a cron schedule "
                       "has 5 (minute hour day-of-month month day-of-week)", start, end)


def _field(index: int, word: str, offset: int, problems: list[CronProblem]) -> set[int]:
    """The values a field matches; its problems are added to `problems`."""
    name = FIELDS[index]
    values: set[int] = set()
    at = offset
    for item in word.split(","):
        end = at + len(item)
        values |= _item(index, item, at, problems) if item else set()
        if not item:
            problems.append(CronProblem(SYNTAX, f"{name}: an empty entry in the list `{word}`",
                                        max(at - 1, offset), min(at + 1, offset + len(word)), name))
        at = end + 1
    return values


def _item(index: int, item: str, at: int, problems: list[CronProblem]) -> set[int]:
    name = FIELDS[index]
    low, high = RANGES[index]
    end = at + len(item)
    upper = item.upper()
    if any(mark in upper for mark in ("L", "W", "#")) and not _is_name(index, upper.split("/")[0]):
        which = next(mark for mark in ("#", "L", "W") if mark in upper)
        problems.append(CronProblem(UNDOCUMENTED, f"{name}: `{which}` is not documented: the engine "
                                    "expects numbers with `*` `,` `-` `/`", at, end, name))
        return set()
    if item == "?":
        if index in (2, 4):
            problems.append(CronProblem(UNDOCUMENTED, f"{name}: `?` is not documented: write `*`",
                                        at, end, name, (Replacement(at, end, "*"),)))
            return set(range(low, high + 1))
        problems.append(CronProblem(SYNTAX, f"{name}: `?` is not allowed here", at, end, name))
        return set()
    base, slash, step_text = item.partition("/")
    step = 1
    if slash:
        step_at = at + len(base) + 1
        if not step_text.isascii() or not step_text.isdigit():
            problems.append(CronProblem(SYNTAX, f"{name}: the step `/{step_text}` must be a number",
                                        step_at - 1, end, name))
            return set()
        step = int(step_text)
        if step == 0:
            problems.append(CronProblem(RANGE, f"{name}: a step of 0 never advances", step_at - 1,
                                        end, name))
            return set()
    if base == "*":
        return set(range(low, high + 1, step))
    first_text, dash, last_text = base.partition("-")
    first = _value(index, first_text, at, problems)
    if not dash:
        if first is None:
            return set()
        # `5/15` is `5-max/15`; a single value stands alone
        return set(range(first, high + 1, step)) if slash else {first}
    last = _value(index, last_text, at + len(first_text) + bool(last_text), problems)
    if first is None or last is None:
        return set()
    if last < first:
        problems.append(CronProblem(RANGE, f"{name}: the range `{base}` goes backwards (from "
                                    f"{first} down to {last})", at, at + len(base), name))
        return set()
    return set(range(first, last + 1, step))


def _is_name(index: int, text: str) -> bool:
    names = MONTH_NAMES if index == 3 else DAY_NAMES if index == 4 else ()
    return all(part in names for part in text.split("-")) if names else False


def _value(index: int, text: str, at: int, problems: list[CronProblem]) -> int | None:
    """One number of a field, or a month or day name (undocumented, with its number as fix)."""
    name = FIELDS[index]
    low, high = RANGES[index]
    end = at + len(text)
    names = MONTH_NAMES if index == 3 else DAY_NAMES if index == 4 else ()
    if text.upper() in names:
        number = names.index(text.upper()) + (1 if index == 3 else 0)
        problems.append(CronProblem(UNDOCUMENTED, f"{name}: the name `{text}` is not documented: "
                                    f"write `{number}`", at, end, name,
                                    (Replacement(at, end, str(number)),)))
        return number
    if not text:  # `1-`, `-5`, `/5`: `at` is the dash or slash missing its number
        problems.append(CronProblem(SYNTAX, f"{name}: a number is missing ({low}-{high})",
                                    at, at + 1, name))
        return None
    if not text.isascii() or not text.isdigit():
        problems.append(CronProblem(SYNTAX, f"{name}: `{text}` is not a number ({low}-{high})",
                                    at, end, name))
        return None
    number = int(text)
    if index == 4 and number == 7:  # Sunday in Vixie cron: the format documents 0 only
        problems.append(CronProblem(RANGE, f"{name}: 7 is out of range ({low}-{high}); Sunday is 0",
                                    at, end, name, (Replacement(at, end, "0"),)))
        return None
    if not low <= number <= high:
        problems.append(CronProblem(RANGE, f"{name}: {number} is out of range ({low}-{high})",
                                    at, end, name))
        return None
    return number


def _never(fields: list[CronField]) -> CronProblem | None:
    """`0 0 31 2 *`: with the day of month alone deciding, no month has the day."""
    day, month, weekday = fields[2], fields[3], fields[4]
    restricted_both = not day.text.startswith("*") and not weekday.text.startswith("*")
    if restricted_both or not day.values or not month.values:
        return None
    first_day = min(day.values)
    longest = max(_DAYS_IN_MONTH[m] for m in month.values)
    if first_day <= longest:
        return None
    months = ", ".join(_MONTH_WORDS[m - 1] for m in sorted(month.values))
    return CronProblem(NEVER, f"day {first_day} never comes in {months}: this schedule never runs",
                       day.start, month.end, "day of month")


def describe(text: str) -> str | None:
    """`0 2 * * *` → "At 02:00 UTC, every day" (cron-descriptor); None unless runnable, or
    when the library cannot put it in words."""
    normalized = check(text).normalized()
    if normalized is None:
        return None
    from cron_descriptor import ExpressionDescriptor, FormatError, Options

    options = Options(verbose=True, use_24hour_time_format=True, day_of_week_start_index_zero=True,
                      locale_code="en_US")
    try:
        description = ExpressionDescriptor(normalized, options).get_description()
    except FormatError:  # `*` inside a list (`0 0 * * 1,*`): valid cron the library cannot word
        return None
    times = list(_TIME.finditer(description))
    if times:  # the clock times are UTC: say so after the last one
        cut = times[-1].end()
        return f"{description[:cut]} UTC{description[cut:]}"
    minute, hour, *days = normalized.split()
    if hour == "*" and days == ["*", "*", "*"]:
        return description  # every so many minutes, whatever the time zone
    return f"{description} (UTC)"


def next_runs(text: str, now: datetime | None = None, count: int = 3) -> tuple[datetime, ...]:
    """The next `count` run times after `now` (default: the current time), in UTC (cronsim)."""
    normalized = check(text).normalized()
    if normalized is None:
        return ()
    from cronsim import CronSim

    start = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    runs = CronSim(_weekdays_to_six(normalized), start)
    out = []
    for _ in range(count):
        try:
            out.append(next(runs))
        except StopIteration:
            break
    return tuple(out)


def _weekdays_to_six(text: str) -> str:
    """`5/1` in the day of week ends at 6, Saturday, as the documented range does; cronsim
    (like Vixie cron) runs it to 7 and adds Sunday. `*/2` needs nothing: 0 and 7 are both
    Sunday, and it keeps its leading `*` (day of month and week combine by it)."""
    *others, weekday = text.split()
    items = [re.sub(r"^(\d+)/", r"\1-6/", item) for item in weekday.split(",")]
    return " ".join([*others, ",".join(items)])
