"""Schedules (`trigger.schedule[].cron`): the documented 5-field cron, checked with spans.

The format documents "the standard 5-field format" evaluated in UTC: minute 0-59, hour
0-23, day of month 1-31, month 1-12, day of week 0-6 (Sunday first), with `*` `,` `-` `/`.
`check(text)` reports every problem with offsets into the value: the field count, a value
out of range, a malformed list, range or step, a day that never comes (`0 0 31 2 *`), and
the forms cron libraries know but the format does not document (`@daily`, `MON`, `JAN`,
`?`, `L`, `W`, `#`, a seconds or year field, whose fields are still checked, robfig/cron's
`TZ=` prefix, whose schedule is), with the documented spelling as a fix where there is one. Day of month and day of week combine as
standard (Vixie/Debian) cron does: when both are restricted (neither starts with `*`) a
day matches either; otherwise both. Go's robfig/cron counts `*/2` as restricting: where
that changes the days, the schedule is ambiguous (a warning).

`describe` (cron-descriptor) and `next_runs` (cronsim) import their libraries on first
use: linting a file never needs them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from functools import lru_cache

from wf_lsp.findings import Replacement, shortened
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import record, replace

FIELDS = ("minute", "hour", "day of month", "month", "day of week")
RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6))
# The 6- and 7-field forms some libraries take (Quartz, robfig/cron with seconds): a
# seconds field first, a year last; checked with the five so a typo is still found.
_LIMITS = dict(zip(FIELDS, RANGES)) | {"second": (0, 59), "year": (1970, 2099)}
DAY, MONTH, WEEKDAY = "day of month", "month", "day of week"
MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
MACROS = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
}
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February can have 29
_MONTH_WORDS = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
# The spaces Go's strings.Fields splits the fields at (the engine's cron library), as a
# character class's inside for Python and ECMAScript alike: Unicode's (a no-break space
# pasted from a web page is one), not the separators U+001C-U+001F Python's `\s` adds nor
# the byte order mark ECMAScript's does.
_GO_SPACES = r"\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WORD = re.compile(f"[^{_GO_SPACES}]+")
# Go's int: the engine's cron library reads a number with strconv.Atoi, which refuses one
# past it (`*/99999999999999999999` fails to parse where a step of 100 runs once an hour)
_GO_INT_MAX = 2**63 - 1
_TIME = LazyPattern(r"\b\d\d:\d\d\b")
# robfig/cron's time zone prefix: `TZ=` or `CRON_TZ=` first, the zone up to the first space
# (Go's strings.Index(spec, " "): a tab is part of the zone's name, which then fails)
_ZONE = LazyPattern(r"(?P<prefix>(?:CRON_)?TZ=(?P<name>[^ ]*)) +")
# The zones Go loads as UTC: the prefix goes without changing a run
_UTC_ZONES = frozenset({"", "UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal",
                        "Zulu", "Etc/Zulu", "GMT", "Etc/GMT", "GMT0", "Etc/GMT0", "GMT+0",
                        "Etc/GMT+0", "GMT-0", "Etc/GMT-0", "Greenwich", "Etc/Greenwich"})

# Problem kinds: the first four are errors the engine cannot run; "undocumented" forms
# may work in the engine's cron library but the format does not promise them.
FIELD_COUNT, RANGE, SYNTAX, NEVER, UNDOCUMENTED = "field-count", "range", "syntax", "never", "undocumented"
# Runs in one cron library, differently in another (`0 0 */2 * 1`): a warning like an
# undocumented form.
AMBIGUOUS = "ambiguous"
WARNINGS = (UNDOCUMENTED, AMBIGUOUS)


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


def _past(bound: int) -> str:
    """A regular expression for the start of a number (no leading zero) past `bound`: more
    digits, or as many and a larger digit first where they differ. Past 250 is
    `[1-9][0-9]{3}|[3-9][0-9]{2}|2[6-9][0-9]|25[1-9]`."""
    digits = str(bound)
    alternatives = [f"[1-9][0-9]{{{len(digits)}}}"]
    for at, digit in enumerate(digits):
        if digit < "9":
            rest = len(digits) - at - 1
            alternatives.append(f"{digits[:at]}[{int(digit) + 1}-9]" +
                                ("[0-9]" if rest == 1 else f"[0-9]{{{rest}}}" if rest else ""))
    return "|".join(alternatives)


def _pattern() -> str:
    item = [rf"(?:\*|{n}(?:-{n})?)(?:/0*[1-9][0-9]*)?" for n in
            (_number_pattern(low, high) for low, high in RANGES)]
    fields = [rf"{i}(?:,{i})*" for i in item]
    space = f"[{_GO_SPACES}]"
    # no step past Go's int, said once for the five fields
    return (rf"^(?![\s\S]*/0*(?:{_past(_GO_INT_MAX)}))" + f"{space}*" + f"{space}+".join(fields)
            + f"{space}*$")


# The documented form as one regular expression (the JSON schema's `cron` pattern): five
# fields of numbers in range, `*`, lists, ranges and non-zero steps. What it cannot say: a
# range that goes backwards (`5-1`) and a day that never comes (`0 0 31 2 *`).
PATTERN = _pattern()
PATTERN_MESSAGE = ("Must be a 5-field cron schedule in UTC: minute (0-59) hour (0-23) day of "
                   "month (1-31) month (1-12) day of week (0-6), with * , - / only.")


@record
class CronProblem:
    kind: str  # one of the kinds above
    message: str
    start: int  # offsets into the value
    end: int
    field: str | None = None  # one of FIELDS, None for the whole expression
    fix: tuple[Replacement, ...] = ()  # the documented spelling, when there is one
    fix_keeps_meaning: bool = True  # False: the fix picks one of the readings (unsafe)


@record
class CronField:
    name: str  # one of FIELDS
    text: str
    start: int
    end: int
    values: frozenset[int]  # what it matches (empty where the field is wrong)

    @property
    def starred(self) -> bool:
        """Led by `*`: Vixie cron's test for a day field that does not restrict (or `?`,
        whose documented spelling is `*`)."""
        return self.text.startswith(("*", "?"))

    @property
    def full(self) -> bool:
        low, high = _LIMITS[self.name]
        return len(self.values) == high - low + 1


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
        return all(p.kind in WARNINGS for p in self.problems)

    def normalized(self) -> str | None:
        """The expression in documented form (fixes applied); None if some problem has none."""
        if not self.runnable or not all(p.fix for p in self.problems if p.kind == UNDOCUMENTED):
            return None
        text = self.text
        # Each name of `TUE-TUE` has the fix of the whole range: made once
        edits = sorted({r for p in self.problems if p.kind == UNDOCUMENTED for r in p.fix},
                       key=lambda r: r.start, reverse=True)
        for edit in edits:
            text = text[:edit.start] + edit.new_text + text[edit.end:]
        return " ".join(text.split())


@lru_cache(maxsize=64)
def check(text: str) -> CronCheck:
    """Every problem of a cron expression, with offsets into `text`. Kept for the few
    latest values: WF511 and WF512 each read the problems of every schedule."""
    spaced = _invisible(text) or _spaced_lists(text)
    if spaced:
        return CronCheck(text, (), spaced)
    zone = _ZONE.match(text)
    if zone:
        return _zoned(text, zone)
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    if words and words[0][0].lower() == "@every":
        return CronCheck(text, (), _every(text, *words[0]))
    if len(words) == 1 and words[0][0].startswith("@"):
        return CronCheck(text, (), (_macro(*words[0]),))
    if len(words) in (6, 7):
        return CronCheck(text, (), (_extended(words), *_extended_fields(words)))
    if len(words) != 5:
        return CronCheck(text, (), (_field_count(text, words),))
    problems: list[CronProblem] = []
    fields = tuple(CronField(name, word, start, end, frozenset(_field(name, word, start, problems)))
                   for name, (word, start, end) in zip(FIELDS, words))
    # A documented schedule in disguise (`0 0 31 FEB *`, `0 0 */2 * MON`, `?` for `*`): its
    # days are judged as those of its documented spelling, or it never runs unsaid
    if all(p.kind == UNDOCUMENTED and p.fix for p in problems):
        problems.extend(_days(fields))
    return CronCheck(text, fields, tuple(problems))


def _zoned(text: str, zone: re.Match) -> CronCheck:
    """`CRON_TZ=Europe/Berlin 0 9 * * *`: Go's robfig/cron (the engine's library, as far as
    it is known) runs the schedule after it in that time zone, where the format says every
    schedule runs in UTC. Said as that (before, a seconds or year field, whose "second"
    `CRON_TZ=UTC` was not a number, and the schedule's own errors unsaid), the schedule after
    it checked as any; a UTC zone's prefix is removed as the fix, which keeps the runs. A
    zone the tz database does not have is an error: robfig/cron refuses the schedule."""
    name, cut = zone.group("name"), zone.end()
    rest = check(text[cut:])
    moved = [replace(p, start=p.start + cut, end=p.end + cut,
                     fix=tuple(replace(r, start=r.start + cut, end=r.end + cut) for r in p.fix))
             for p in rest.problems]
    fields = tuple(replace(f, start=f.start + cut, end=f.end + cut) for f in rest.fields)
    start, end = zone.start("prefix"), zone.end("prefix")
    prefix = shortened(zone.group("prefix"))
    if _unknown_zone(name):
        problem = CronProblem(SYNTAX, f"`{prefix}`: no time zone `{shortened(name)}` in the tz "
                              "database: the engine's cron library refuses the schedule; the "
                              "format runs every schedule in UTC", start, end)
    else:
        utc = name in _UTC_ZONES
        problem = CronProblem(
            UNDOCUMENTED, f"`{prefix}`: a time zone is not documented: the format runs every "
            "schedule in UTC" + ("" if utc else "; write its times in UTC"), start, end, None,
            (Replacement(start, cut, ""),) if utc else ())
    return CronCheck(text, fields, (problem, *moved))


def _unknown_zone(name: str) -> bool:
    """Whether Go's time.LoadLocation fails on `name` where Python's tz database (the
    system's, as Go's) has no such zone; False when there is no tz database to ask."""
    if name in ("", "UTC", "Local"):  # Go's own names, not files
        return False
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
        return False
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return bool(zoneinfo.available_timezones())


def _invisible(text: str) -> tuple[CronProblem, ...]:
    """`0 9 * * 1-5` with a zero-width space or a byte order mark pasted along: Go's
    strings.Fields does not split at it, so the engine reads it as part of a field (no
    number) or as a field of its own; said as that, each removed as the fix. Before, the
    message quoted a field that looked right ("`1-5` is not a number")."""
    return tuple(CronProblem(SYNTAX, f"an invisible character (U+{ord(char):04X} "
                             f"{unicodedata.name(char, 'FORMAT CHARACTER')}): the engine reads it "
                             "as part of the schedule", at, at + 1, None, (Replacement(at, at + 1, ""),))
                 for at, char in enumerate(text) if unicodedata.category(char) == "Cf")


def _spaced_lists(text: str) -> tuple[CronProblem, ...]:
    """`1, 2 * * * *`: a space beside a list's comma splits one field in two, so the count
    of fields is wrong; where five remain without it, said as that, the space taken out
    as the fix."""
    spaces = [m for m in re.finditer(r"(?<=\S)\s*,\s*(?=\S)", text) if m.group() != ","]
    if not spaces or len(text.split()) == 5 or len(re.sub(r"\s*,\s*", ",", text).split()) != 5:
        return ()
    return tuple(CronProblem(SYNTAX, "a space beside a comma: a list is written without spaces",
                             m.start(), m.end(), None, (Replacement(m.start(), m.end(), ","),))
                 for m in spaces)


def _extended(words) -> CronProblem:
    return CronProblem(UNDOCUMENTED, f"{len(words)} fields: a seconds or year field is not "
                       "documented: the engine expects 5 numeric fields", words[0][1], words[-1][2])


def _extended_fields(words) -> list[CronProblem]:
    """The errors of a 6- or 7-field schedule's fields, and a day that never comes: seconds
    first (Quartz, robfig/cron with seconds) or, with 6, a year last (AWS): the reading
    with fewer errors counts."""
    readings = [("second", *FIELDS, "year")] + [(*FIELDS, "year")] * (len(words) == 6)
    if re.fullmatch(r"\d{4}", words[-1][0]):  # a year last: that reading wins a tie
        readings.reverse()
    found = []
    for names in readings:
        problems: list[CronProblem] = []
        fields = [CronField(name, word, at, end, frozenset(_field(name, word, at, problems)))
                  for name, (word, at, end) in zip(names, words)]
        errors = [p for p in problems if p.kind not in WARNINGS]
        if not errors:
            errors = [p for p in _days(tuple(f for f in fields if f.name in FIELDS))
                      if p.kind == NEVER]
        found.append(errors)
    return min(found, key=len)


def _macro(word: str, start: int, end: int) -> CronProblem:
    spelled = MACROS.get(word.lower())
    if spelled is not None:
        return CronProblem(UNDOCUMENTED, f"`{word}` is not documented: the engine expects 5 numeric "
                           f"fields; write `{spelled}`", start, end, None,
                           (Replacement(start, end, spelled),))
    return CronProblem(SYNTAX, f"`{shortened(word)}` is not a cron schedule: the engine expects "
                       "5 fields (minute hour day-of-month month day-of-week)", start, end)


def _every(text: str, word: str, start: int, end: int) -> tuple[CronProblem, ...]:
    """`@every 1h30m`: robfig/cron runs it that often from when it loads the schedule
    (undocumented). Its duration is what follows `@every ` to the end, read by Go's
    time.ParseDuration: one that Go refuses (`@every 1x`, `@every 1h 30m`, `@every`
    alone) is an error, the schedule refused (before, a warning like a good one's); one
    under a second runs every second, a fraction of a second is dropped (robfig's Every)."""
    from wf_lsp.durations import GoDurationError, canonical, parse_go

    problem = CronProblem(UNDOCUMENTED, f"`{word}` is not documented: the engine expects 5 "
                          "numeric fields", start, end)
    if text[end:end + 1] != " " or end + 1 == len(text):
        return (problem, CronProblem(SYNTAX, f"`{word}` needs a duration after one space "
                                     "(`@every 1h`)", start, end))
    duration = text[end + 1:]
    try:
        ns = parse_go(duration)
    except GoDurationError as error:
        reason = ("has a space: one goes after `@every`, none in or after the duration"
                  if _WORD.fullmatch(duration) is None else
                  "has no unit (`h`, `m`, `s`, `ms`, `us`, `ns`)" if error.kind == "missing_unit"
                  else f"has `{shortened(error.unit or '')}`, which is no unit (`h`, `m`, `s`, "
                  "`ms`, `us`, `ns`)" if error.kind == "unknown_unit" else
                  "is not one Go's time.ParseDuration reads")
        # `1h 30m`, a second space after `@every`: the duration without its spaces, when Go
        # reads that, as the fix (as a list's `1, 2` is `1,2`)
        joined = "".join(_WORD.findall(duration))
        try:
            fix = (Replacement(end + 1, len(text), joined),) if joined != duration and parse_go(
                joined) is not None else ()
        except GoDurationError:
            fix = ()
        return (problem, CronProblem(SYNTAX, f"`{word}`: the duration `{shortened(duration)}` "
                                     f"{reason}", end + 1, len(text), None, fix))
    runs = max(ns - ns % 10**9, 10**9)
    if runs != ns:
        problem = replace(problem, message=f"{problem.message}; the engine's library runs "
                          f"`{shortened(duration)}` as every {canonical(runs)}")
    return (problem,)


def _field_count(text: str, words) -> CronProblem:
    start, end = (words[0][1], words[-1][2]) if words else (0, len(text))
    return CronProblem(FIELD_COUNT, f"{len(words)} field{'s' * (len(words) != 1)}: a cron schedule "
                       "has 5 (minute hour day-of-month month day-of-week)", start, end)


def _field(name: str, word: str, offset: int, problems: list[CronProblem]) -> set[int]:
    """The values a field matches; its problems are added to `problems`."""
    values: set[int] = set()
    items = word.split(",")
    sundays = _sundays_elsewhere(items) if name == WEEKDAY else [False] * len(items)
    at, filled = offset, False
    # Go's robfig/cron skips an empty entry (strings.FieldsFunc): `1,,2` runs as `1,2`, so
    # taking out a comma is a safe fix (none where the field has no entry, `,`): the one
    # before it, or after it at the list's start (two empty entries never take one comma)
    fixable = any(items)
    for item, sunday in zip(items, sundays):
        end = at + len(item)
        values |= _item(name, item, at, problems, sunday, (at > offset, end < offset + len(word))) \
            if item else set()
        if not item:
            comma = (at - 1, at) if filled else (at, at + 1)
            problems.append(CronProblem(SYNTAX, f"{name}: an empty entry in the list "
                                        f"`{shortened(word)}`",
                                        max(at - 1, offset), min(at + 1, offset + len(word)), name,
                                        (Replacement(*comma, ""),) if fixable else ()))
        filled = filled or bool(item)
        at = end + 1
    return values


def _sundays_elsewhere(items: list[str]) -> list[bool]:
    """For each item of a day of week, whether another item matches Sunday (0, or 7), so
    that a weekday 7's fix need not write it again (`7,0` is `0`, not `0,0`); of two
    items with a 7, the first keeps its Sunday."""
    days = [_item(WEEKDAY, item, 0, [], False, (False, False)) if item else set()
            for item in items]
    # Another item counts when it is before (the first Sunday item, then) or, after, has
    # Sunday as 0 only (the last such): two indices, not every pair (a list of 20,000
    # days ending in a 7 took 50 s).
    sundays = [index for index, values in enumerate(days) if values & {0, 7}]
    first = sundays[0] if sundays else len(items)
    last_zero = max((index for index in sundays if 7 not in days[index]), default=-1)
    elsewhere = [first < index or last_zero > index for index in range(len(items))]
    # A first item before a `*`-led one stays (`7,*/6` is `0,*/6`): without it the field
    # would lead with `*`, which Vixie cron reads as no restriction (`0 0 13 * 7,*/6` runs
    # on the 13th or a weekend day, `0 0 13 * */6` on a 13th that is one)
    if len(items) > 1 and items[1].startswith(("*", "?")):
        elsewhere[0] = False
    return elsewhere


def _item(name: str, item: str, at: int, problems: list[CronProblem], sunday_elsewhere: bool,
          commas: tuple[bool, bool]) -> set[int]:
    """The values one item of a list matches (a weekday 7 as 7), its problems added to
    `problems`; `commas`: whether a comma is before it, after it."""
    low, high = _LIMITS[name]
    end = at + len(item)
    upper = item.upper()
    if any(mark in upper for mark in ("L", "W", "#")) and not _is_name(name, upper.split("/")[0]):
        which = next(mark for mark in ("#", "L", "W") if mark in upper)
        problems.append(CronProblem(UNDOCUMENTED, f"{name}: `{which}` is not documented: the engine "
                                    "expects numbers with `*` `,` `-` `/`", at, end, name))
        return set()
    base, slash, step_text = item.partition("/")
    if base == "?":
        # Go's robfig/cron reads `?` as `*` in every field, with a step too (`?/5`): before,
        # "`?` is not allowed here" in the minutes, "`?` is not a number" before a step
        problems.append(CronProblem(UNDOCUMENTED, f"{name}: `?` is not documented: write `*`",
                                    at, at + 1, name, (Replacement(at, at + 1, "*"),)))
        base = "*"
    step = 1
    if slash:
        step_at = at + len(base) + 1
        step_text = _unsigned(name, step_text, step_at, problems)
        if not step_text.isascii() or not step_text.isdigit():
            problems.append(CronProblem(SYNTAX, f"{name}: the step `/{step_text}` must be a number",
                                        step_at - 1, end, name))
            return set()
        step = _go_int(step_text)
        if step is None:
            problems.append(CronProblem(RANGE, f"{name}: the step `/{shortened(step_text)}` is "
                                        f"past {_GO_INT_MAX}, the largest number the engine's Go "
                                        "cron library reads", step_at - 1, end, name))
            return set()
        if step == 0:
            problems.append(CronProblem(RANGE, f"{name}: a step of 0 never advances", step_at - 1,
                                        end, name))
            return set()
    if base == "*":
        return set(range(low, high + 1, step))
    first_text, dash, last_text = base.partition("-")
    last_at = at + len(first_text) + bool(last_text)
    named = len(problems)
    first = _value(name, first_text, at, problems)
    last = _value(name, last_text, last_at, problems) if dash else first
    if first is None or last is None:
        return set()
    if dash and first == last and last != 7:
        # `2-TUE`, `TUE-TUE/2`: one day, whose names' fixes write it alone (not `2-2`); the
        # step goes too, for `2/2` would run from 2 to the end
        problems[named:] = [replace(p, fix=(Replacement(at, end, str(first)),)) if p.fix else p
                            for p in problems[named:]]
    # `5-0`, `FRI-SUN`: a range to Sunday, the end of the week, in the libraries that wrap
    # (Vixie cron and Go's robfig/cron refuse it): a fix that reads it so is not safe
    wraps = name == WEEKDAY and dash and last == 0 < first
    if name == WEEKDAY and 7 in (first, last):  # Sunday in Vixie cron: the format documents 0 only
        seven_at, seven = (at, first_text) if first == 7 else (last_at, last_text)
        days = set(range(first, (7 if wraps else last) + 1, step))
        fix = _sunday_as_zero(days, first, step, at, end, sunday_elsewhere, commas)
        problems.append(CronProblem(RANGE, f"{name}: 7 is out of range ({low}-{high}); Sunday is 0",
                                    seven_at, seven_at + len(seven), name, fix,
                                    fix_keeps_meaning=not wraps))
        return days
    if not dash:
        # `5/15` is `5-max/15`; a single value stands alone
        return set(range(first, high + 1, step)) if slash else {first}
    if last < first:
        fix = _sunday_as_zero(set(range(first, 8, step)), first, step, at, end, sunday_elsewhere,
                              commas) if wraps else ()
        # Its names (`MON-SUN`) numbered alone were a safe fix to `1-0`, as backwards and
        # further from what was meant, whose guess `--unsafe-fixes` then never made: they
        # get the range's guess, the week to Sunday (`1-6,0`), or none.
        problems[named:] = [replace(p, fix=fix, fix_keeps_meaning=False) if p.fix else p
                            for p in problems[named:]]
        problems.append(CronProblem(RANGE, f"{name}: the range `{shortened(base)}` goes backwards "
                                    f"(from {first} down to {last})", at, at + len(base), name, fix,
                                    fix_keeps_meaning=False))
        return set()
    return set(range(first, last + 1, step))


def _sunday_as_zero(days: set[int], first: int, step: int, at: int, end: int,
                    sunday_elsewhere: bool, commas: tuple[bool, bool]) -> tuple[Replacement, ...]:
    """The weekdays `days` of the item at `at`..`end` (`first`-.../`step`, with 7 for
    Sunday) spelled with Sunday as 0, the days kept: `0-7` is `0-6`, `5-7` `5-6,0`, `1-7/2`
    `1-5/2,0`; without the Sunday another item of the list has (`7,0` is `0`)."""
    if not days:  # `7-3`: backwards, no day to keep
        return ()
    rest = sorted(day for day in days if day != 7)
    sunday = 7 in days and 0 not in rest and not sunday_elsewhere
    if not rest:
        if sunday:
            return (Replacement(at, end, "0"),)
        before, after = commas  # the item goes, with one of its commas
        return (Replacement(at, end + 1, ""),) if after else \
            (Replacement(at - 1, end, ""),) if before else ()
    spelled = str(first) if len(rest) == 1 else f"{first}-{rest[-1]}" + (f"/{step}" * (step > 1))
    return (Replacement(at, end, spelled + ",0" * sunday),)


def _unsigned(name: str, text: str, at: int, problems: list[CronProblem]) -> str:
    """A number written with a plus sign (`+5`), which Go's strconv.Atoi, and so the
    engine's cron library, reads as 5 (cronsim and the documented form refuse it): its
    digits, the sign an undocumented spelling whose fix drops it. Anything else as it is."""
    digits = text[1:]
    if not text.startswith("+") or not digits.isascii() or not digits.isdigit():
        return text
    problems.append(CronProblem(UNDOCUMENTED, f"{name}: the sign of `{shortened(text)}` is not "
                                f"documented: write `{shortened(digits)}`", at, at + len(text),
                                name, (Replacement(at, at + len(text), digits),)))
    return digits


def _go_int(digits: str) -> int | None:
    """ASCII digits as Go's strconv.Atoi reads them (leading zeros allowed), None past Go's
    int; without Python's int() of 4,300 digits or more, which raises."""
    significant = digits.lstrip("0")
    if len(significant) > len(str(_GO_INT_MAX)):
        return None
    number = int(significant or "0")
    return number if number <= _GO_INT_MAX else None


def _is_name(name: str, text: str) -> bool:
    """Whether `text` is a month or day name or a range with one (`JAN-MAR`, `1-JUL`,
    `0-WED`): its `L` or `W` are a name's letters, not Quartz's."""
    names = MONTH_NAMES if name == MONTH else DAY_NAMES if name == WEEKDAY else ()
    parts = text.split("-")
    return any(part in names or _spelled_out(name, part) is not None for part in parts) and all(
        part in names or part.isdigit() or _spelled_out(name, part) is not None for part in parts)


_WEEKDAY_WORDS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _spelled_out(name: str, text: str) -> int | None:
    """The number of a month or day written longer than its three letters (`Monday`, `TUES`,
    `Thurs`, `Sept`, `January`): no cron library reads it; None for anything else."""
    words = _MONTH_WORDS if name == MONTH else _WEEKDAY_WORDS if name == WEEKDAY else ()
    upper = text.upper()
    if len(upper) <= 3:
        return None
    for number, word in enumerate(words, start=1 if name == MONTH else 0):
        if word.upper().startswith(upper):
            return number
    return None


def _value(name: str, text: str, at: int, problems: list[CronProblem]) -> int | None:
    """One number of a field, or a month or day name (undocumented, with its number as fix).
    A weekday 7 is returned for the caller to judge with the rest of its range."""
    low, high = _LIMITS[name]
    end = at + len(text)
    names = MONTH_NAMES if name == MONTH else DAY_NAMES if name == WEEKDAY else ()
    if text.upper() in names:
        number = names.index(text.upper()) + (1 if name == MONTH else 0)
        problems.append(CronProblem(UNDOCUMENTED, f"{name}: the name `{text}` is not documented: "
                                    f"write `{number}`", at, end, name,
                                    (Replacement(at, end, str(number)),)))
        return number
    spelled = _spelled_out(name, text)
    if spelled is not None:
        # Before, "`MONDAY` is not a number" (and "`W` is not documented" of `WEDNESDAY`)
        problems.append(CronProblem(SYNTAX, f"{name}: `{text}` is not a number ({low}-{high}): "
                                    f"write `{spelled}`", at, end, name,
                                    (Replacement(at, end, str(spelled)),)))
        return spelled
    if not text:  # `1-`, `-5`, `/5`: `at` is the dash or slash missing its number
        problems.append(CronProblem(SYNTAX, f"{name}: a number is missing ({low}-{high})",
                                    at, at + 1, name))
        return None
    digits = _unsigned(name, text, at, problems)
    if not digits.isascii() or not digits.isdigit():
        problems.append(CronProblem(SYNTAX, f"{name}: `{shortened(text)}` is not a number "
                                    f"({low}-{high})",
                                    at, end, name))
        return None
    number = _go_int(digits)
    if name == WEEKDAY and number == 7:
        return number
    if number is None or not low <= number <= high:
        shown = shortened(text) if number is None else number
        problems.append(CronProblem(RANGE, f"{name}: {shown} is out of range ({low}-{high})",
                                    at, end, name))
        return None
    return number


def _days(fields: tuple[CronField, ...]) -> list[CronProblem]:
    """How day of month and day of week combine: a schedule whose meaning depends on the
    cron library, or one whose day never comes (`0 0 31 2 *`: February has no 31st)."""
    day, month, weekday = fields[2], fields[3], fields[4]
    vixie_both = not day.starred and not weekday.starred
    never = _never_as_vixie_reads(fields)
    if vixie_both != _go_both(day, weekday) and not (day.full and weekday.full):
        return [_ambiguous(day, weekday, vixie_both, never)]
    if never is None:
        return []
    return [CronProblem(NEVER, f"{never}: this schedule never runs", day.start, month.end, DAY)]


def _never_as_vixie_reads(fields: tuple[CronField, ...]) -> str | None:
    """`day 31 never comes in February` where a day must match the day of month (a field
    led by `*` lets the other decide alone, as Vixie cron reads them) and no month has it."""
    day, month, weekday = fields[2], fields[3], fields[4]
    if (not day.starred and not weekday.starred) or not day.values or not month.values:
        return None
    first_day = min(day.values)
    if first_day <= max(_DAYS_IN_MONTH[m] for m in month.values):
        return None
    months = ", ".join(_MONTH_WORDS[m - 1] for m in sorted(month.values))
    return f"day {first_day} never comes in {months}"


def _go_both(day: CronField, weekday: CronField) -> bool:
    """Whether Go's robfig/cron reads both day fields as restricting (a day then matches
    either): a field is unrestricting there when some item is `*` or `?` with no step
    above 1, so `*/2` restricts, where Vixie cron reads any `*`-led field as unrestricting."""
    def unrestricted(field: CronField) -> bool:
        return any(item.split("/")[0] in ("*", "?") and item.partition("/")[2] in ("", "1")
                   for item in field.text.split(","))
    return not unrestricted(day) and not unrestricted(weekday)


def _ambiguous(day: CronField, weekday: CronField, vixie_both: bool,
               never: str | None) -> CronProblem:
    """`0 0 */2 * 1`: Vixie cron runs on odd days that are Mondays, Go's robfig/cron on odd
    days and on Mondays; `0 0 31 4 */2` Vixie cron never runs (`never` says why). The fix
    spells the `*/N` field as a range, which every library reads as restricting: the
    "either" reading, so the fix is not safe."""
    starred = day if day.starred else weekday
    low, high = _LIMITS[starred.name]
    step = starred.text.partition("/")[2]
    fix = ((Replacement(starred.start, starred.end, f"{low}-{high}/{step}"),)
           if re.fullmatch(r"[*?]/\d+", starred.text) else ())
    vixie, go = ("either", "both") if vixie_both else ("both", "either")
    runs = (f"Vixie cron never runs it ({never}), Go's robfig/cron runs it" if never else
            f"Vixie cron runs on days that match {vixie}, Go's robfig/cron")
    return CronProblem(AMBIGUOUS, f"day of month `{shortened(day.text)}` and day of week "
                       f"`{shortened(weekday.text)}`: {runs} on days that match {go}; the format "
                       "does not say which the engine does",
                       day.start, weekday.end, None, fix, fix_keeps_meaning=False)


def describe(text: str) -> str | None:
    """`0 2 * * *` → "At 02:00 UTC, every day" (cron-descriptor for the times, the days of
    the month and the months; the days put together here, as `next_runs` counts them);
    None unless runnable, or when the library cannot put it in words."""
    normalized = check(text).normalized()
    if normalized is None:
        return None
    from cron_descriptor import DescriptionTypeEnum, ExpressionDescriptor, Options

    options = Options(verbose=True, use_24hour_time_format=True, day_of_week_start_index_zero=True,
                      locale_code="en_US")
    # `05 * * * *`, `0 0 01 * *`: the words of the numbers, not "at 05 minutes", "on day 01"
    normalized = " ".join(map(_as_step, check(_LEADING_ZEROS.sub("", normalized)).fields))
    worded = " ".join(map(_plainly, check(normalized).fields))
    try:
        descriptor = ExpressionDescriptor(worded, options)
        # The library says "at 1 minutes past the hour" (`1 * * * *`, "every 2 minutes,
        # starting at 1 minutes past the hour" for `1/2`): a 1 after "at" is that alone.
        # Its "minutes 1 through 5 past the hour" (`1-5`) reads on as "at minutes ...".
        times, month, day, minutes = (_MINUTES_THROUGH.sub("at minutes ", _AT_1_MINUTES.sub(
            "at 1 minute", descriptor.get_description(part))) for part in (
            DescriptionTypeEnum.TIMEOFDAY, DescriptionTypeEnum.MONTH, DescriptionTypeEnum.DAYOFMONTH,
            DescriptionTypeEnum.MINUTES))
    except Exception:  # noqa: BLE001 - valid cron the library cannot word: its parts raise
        # what they meet (a ValueError), which its whole description wraps in a FormatError
        return None
    day = _ON_DAY_LIST.sub("on days ", day)
    fields = check(normalized).fields
    if _never_as_vixie_reads(fields):  # `0 0 31 4 */2`: no days to name (next_runs has none)
        return None
    every_hour = fields[1].full  # `*`, and so `*/1` and `0-23`
    # A few values a range with a step or a list of ranges stands for are named (the
    # library's "every 2 minutes, minutes 1 through 5 past the hour", "every 2 months,
    # March through November", "on day 1 and 15 of the month").
    # So are the values of a step that does not come round its cycle evenly, which the
    # library calls "every 7 minutes", "every 10 days", "every 5 months" (`_uneven_step`).
    minute_step, day_step, month_step = (_uneven_step(fields[0], 60), _uneven_step(fields[2], None),
                                         _uneven_step(fields[3], 12))
    if _few(fields[0]) or _listed(fields[0], minute_step):
        minutes = times = _past_the_hour(sorted(fields[0].values))
    elif minute_step:
        first, last = min(fields[0].values), max(fields[0].values)
        minutes = times = f"every {minute_step} minutes from {first} to {last} past the hour"
    elif _stepped_items(fields[0])[0]:
        minutes = times = _minutes_listed(fields[0])
    if _few(fields[2]) or _listed(fields[2], day_step):
        day = (f", on day{'s' * (len(fields[2].values) > 1)} "
               f"{_spelled([str(v) for v in sorted(fields[2].values)])} of the month")
    elif day_step:
        first, last = min(fields[2].values), max(fields[2].values)
        day = f", on every {_ordinal(day_step)} day of the month from day {first} to {last}"
    elif _stepped_items(fields[2])[0]:
        day = _days_listed(fields[2])
    # Months of any step are named, an even one too (`*/3`: "only in January, April, July
    # and October"): the library's "every 3 months" leaves the reader to work out which.
    if _few(fields[3]) or _listed(fields[3], month_step) or (
            fields[3].starred and 1 < len(fields[3].values) <= 6):
        month = f", only in {_spelled([_MONTH_WORDS[v - 1] for v in sorted(fields[3].values)])}"
    days_words = _days_in_words(fields, day)
    if "only on " in days_words and month.startswith(", only in "):
        # One "only" is enough: "only on Sunday in December", not "only on Sunday, only in
        # December".
        month = " in " + month.removeprefix(", only in ")
    if not every_hour and len(fields[0].values) * len(fields[1].values) <= _FEW_TIMES:
        # A few runs a day: their clock times (`0,30 9 * * *` was "at 0 and 30 minutes
        # past the hour, between 09:00 and 09:59"), as once an hour in a few hours says them
        times = "at " + _spelled([f"{hour:02d}:{minute:02d}" for hour in sorted(fields[1].values)
                                  for minute in sorted(fields[0].values)])
    elif not every_hour and len(fields[0].values) > 1:
        # Runs in some hours, several times in each: the library's "every minute, every 2
        # hours" and "every minute, at 01:00 and 13:00" read as once in each of those hours.
        times = _minutes_in_hours(minutes, fields[1])
    elif not every_hour:
        # Once in each of some hours: the library's "at 5 minutes past the hour, at 01:00
        # through 03:59 and 07:00" and "between 08:00 and 18:59" say neither when.
        times = _once_an_hour(min(fields[0].values), fields[1])
    if every_hour:  # the verbose words' filler: "every 15 minutes, every hour, every day"
        times = times.removesuffix(", every hour")
        if days_words == ", every day":
            days_words = ""
    # The library's lists of more end ", and October"; this module's, as the rest, " and".
    description = (times[:1].upper() + times[1:] + days_words + month).replace(", and ", " and ")
    clock = list(_TIME.finditer(description))
    if clock:  # the clock times are UTC: say so after the last one
        cut = clock[-1].end()
        return f"{description[:cut]} UTC{description[cut:]}"
    if every_hour and not days_words and not month:
        return description  # every so many minutes of every day, whatever the time zone
    return f"{description} (UTC)"


_LEADING_ZEROS = LazyPattern(r"(?<!\d)0+(?=\d)")
_AT_1_MINUTES = LazyPattern(r"\bat 1 minutes\b")
_MINUTES_THROUGH = LazyPattern(r"(?<!at )\bminutes (?=\d+ through \d+ past the hour)")
# The library's "on day 1 and 2 of the month" (`1,2`, a list of one stretch) and "on day 1
# through 10 and 20 through 31" (`1-10,20-31`), where a list this module words is "on days
# 1 and 15"
_ON_DAY_LIST = LazyPattern(r"\bon day (?=\d+(?: through \d+)?(?:, \d+(?: through \d+)?)*,? and \d)")
_FEW_TIMES = 6  # runs in a day that are said one by one ("at 09:00, 09:30 and 17:00")
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
             "tenth", "eleventh", "twelfth")


def _plainly(field: CronField) -> str:
    """A field as the library is given it: `*` when it takes every value (`*/1`, `0-23`,
    `jan-dec`), which the library words as written ("every minute, between 00:00 and 23:59",
    "January through December"). A list with a `*` or a step in it (`0,*/1`,
    `1,*/2`, `1,5/10`) is its values: the library words such
    an item as a number ("every 1 minutes minutes"), drops its start ("at 1 and every 10
    minutes,  minutes past the hour") or fails on it (no words for `0 0,*/1 * * *`). So is
    a list out of order or with a value twice, which it words as written ("at 22, 1, 15
    through 26 and 1 minutes" for `22,1,15-26,1`) or "minutes 54 through 54" (`54-54`), and a step whose values are
    one stretch (`4-5/1`, `2/1`), which it words "every 1 months"."""
    if field.full:
        return "*"
    items, runs = field.text.split(","), _stretches(sorted(field.values))
    if len(items) == 1 and not (len(runs) == 1 and ("/" in field.text or len(runs[0]) == 1)):
        return field.text
    every = [_item(field.name, item, 0, [], False, (False, False)) for item in items]
    if not any("*" in item or "/" in item for item in items) and all(
            max(before) < min(after) for before, after in zip(every, every[1:])) and all(
            len(values) > 1 or "-" not in item for item, values in zip(items, every)):
        return field.text  # a list in order, each value once, no `31-31`: as written
    return ",".join(f"{run[0]}-{run[-1]}" if len(run) > 2 else ",".join(map(str, run))
                    for run in _stretches(sorted(field.values)))


def _as_step(field: CronField) -> str:
    """Values that go by one step above 1 written as that step, so that they read as it
    does: a list `0,2,4,...,58` minutes (or `0-10/2,12-58/2`, or `0-58/2`) as `*/2`, "every 2
    minutes" (before, thirty numbers), `5,20,35,50` as `5/15`. A day field's step keeps
    both ends: `*/7` there would no longer restrict (Vixie cron), leaving the other day
    field to decide alone; so do the months', which are named ("only in January, April,
    July and October", not "every 3 months")."""
    ordered = sorted(field.values)
    steps = {b - a for a, b in zip(ordered, ordered[1:])}
    if len(steps) != 1 or (step := steps.pop()) == 1:
        return field.text
    low, high = _LIMITS[field.name]
    if field.name in (DAY, MONTH, WEEKDAY) or ordered[-1] + step <= high:
        spelled = f"{ordered[0]}-{ordered[-1]}/{step}"
    else:  # to the end of the field
        spelled = f"*/{step}" if ordered[0] == low else f"{ordered[0]}/{step}"
    # `1-59/2` minutes as `1/2`: "every 2 minutes, starting at 1 minute past the hour", not
    # "every 2 minutes, at minutes 1 through 59 past the hour"
    return spelled if "," in field.text or "-" not in spelled else field.text


def _minutes_in_hours(minutes: str, hours: CronField) -> str:
    """`every minute of every second hour from 00:00 to 22:59`, `every 5 minutes from 01:00
    to 01:59 and from 13:00 to 13:59`, `at 0 and 30 minutes past the hour, between 09:00
    and 17:59`: the minutes' words (the library's) in the hours the schedule runs in."""
    ordered = sorted(hours.values)
    steps = {b - a for a, b in zip(ordered, ordered[1:])}
    # "every minute" and "every 5 minutes" read on ("... of every second hour"); words
    # that end in "past the hour" take a comma.
    plain = re.fullmatch(r"every (minute|\d+ minutes)", minutes) is not None
    first, last = ordered[0], ordered[-1]
    if steps in (set(), {1}):  # one stretch of hours
        return f"{minutes}, between {first:02d}:00 and {last:02d}:59"
    if len(steps) == 1 and len(ordered) > 2:  # every so many hours
        nth = _ordinal(steps.pop())
        return (f"{minutes}{' of' if plain else ', in'} every {nth} hour from {first:02d}:00 "
                f"to {last:02d}:59")
    # A list with a step in it (`1,*/2`): the step's hours as one, then the others (not
    # eleven hours one by one, "from 00:00 to 02:59, from 04:00 to 04:59, ...").
    stepped, rest = _stepped_items(hours)
    everies = [f"every {_ordinal(run[1] - run[0])} hour from {run[0]:02d}:00 to {run[-1]:02d}:59"
               for run in stepped]
    spans = [f"from {run[0]:02d}:00 to {run[-1]:02d}:59" for run in _stretches(rest)]
    if everies:
        return f"{minutes}{' of' if plain else ', in'} {_spelled(everies + spans)}"
    return f"{minutes}{'' if plain else ','} {_spelled(spans)}"


def _ordinal(step: int) -> str:
    """2 → `second`, 13 → `13th`."""
    return _ORDINALS[step - 2] if step - 2 < len(_ORDINALS) else f"{step}th"


def _uneven_step(field: CronField, cycle: int | None) -> int | None:
    """The step of a field whose values go by one step above 1 (`*/7`, `5/7`, `0-30/5`)
    that does not come round its cycle evenly: the count restarts with each hour, month or
    year, so `*/7` minutes run at :56 and then at :00, `*/5` months in November and then in
    January; and with each month for the days (`cycle` None: months differ in length),
    `*/10` running on the 31st and then on the 1st. None for `*/15` minutes or `*/3` months."""
    ordered = sorted(field.values)
    steps = {b - a for a, b in zip(ordered, ordered[1:])}
    if len(steps) != 1 or (step := steps.pop()) == 1:
        return None
    if cycle is not None and ordered[0] + cycle - ordered[-1] == step:
        return None
    return step


def _listed(field: CronField, step: int | None) -> bool:
    """Whether the values of an uneven step (`_uneven_step`) are few enough to name."""
    return step is not None and len(field.values) <= 6


def _stretches(ordered: list[int]) -> list[list[int]]:
    """`[1, 2, 3, 7]` → `[[1, 2, 3], [7]]`: sorted values in runs of consecutive ones."""
    stretches: list[list[int]] = []
    for value in ordered:
        if stretches and stretches[-1][-1] == value - 1:
            stretches[-1].append(value)
        else:
            stretches.append([value])
    return stretches


def _few(field: CronField) -> bool:
    """Whether a field stands for 2 to 6 values that are not one plain stretch (`1-5/2`,
    `1,3-5`, `3-11/2`): worth naming one by one."""
    ordered = sorted(field.values)
    return 1 < len(ordered) <= 6 and not field.starred and ordered != list(
        range(ordered[0], ordered[-1] + 1))


def _spelled(words: list[str]) -> str:
    """`1`, `1 and 15`, `2, 9 and 16`."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _once_an_hour(minute: int, hours: CronField) -> str:
    """`at 01:05, 02:05 and 07:05`, `every hour from 08:00 to 18:00`, `every 2 hours from
    00:30 to 22:30`, `every hour from 01:05 to 03:05 and from 07:05 to 12:05`, `every 2
    hours from 00:00 to 22:00 and at 01:00` (`1,*/2`): when a schedule that runs once an
    hour runs, each time said as it is on the clock."""
    ordered = sorted(hours.values)
    if len(ordered) <= 6:
        return f"at {_spelled([f'{hour:02d}:{minute:02d}' for hour in ordered])}"
    steps = {b - a for a, b in zip(ordered, ordered[1:])}
    if len(steps) == 1:
        return _every_hours(ordered, minute)
    # A list with a step in it: the step's runs as one, then the others (before, `1,*/2`
    # was "every hour from 00:00 to 02:00, at 04:00, at 06:00, ..., at 20:00 and at 22:00").
    stepped, rest = _stepped_items(hours)
    return _spelled([_every_hours(run, minute) for run in stepped] + _hourly(rest, minute))


def _every_hours(ordered: list[int], minute: int) -> str:
    """`every 2 hours from 00:30 to 22:30`: hours one step apart, at `minute`."""
    step = ordered[1] - ordered[0]
    every = "every hour" if step == 1 else f"every {step} hours"
    return f"{every} from {ordered[0]:02d}:{minute:02d} to {ordered[-1]:02d}:{minute:02d}"


def _hourly(ordered: list[int], minute: int) -> list[str]:
    """`every hour from 01:05 to 03:05 and from 07:05 to 12:05`, `at 09:05 and 15:05`: the
    stretches of the hours first, then the hours alone, as parts of a list."""
    stretches = _stretches(ordered)
    spans = [f"from {run[0]:02d}:{minute:02d} to {run[-1]:02d}:{minute:02d}"
             for run in stretches if len(run) > 1]
    alone = [f"{run[0]:02d}:{minute:02d}" for run in stretches if len(run) == 1]
    # "every hour at 00:00, at 06:00 and from 09:00 to 18:00" read as if hourly at 00:00
    return ([f"every hour {spans[0]}", *spans[1:]] if spans else []) + (
        [f"at {_spelled(alone)}"] if alone else [])


def _stepped_items(field: CronField) -> tuple[list[list[int]], list[int]]:
    """A list's items with a step that stand for three values or more (`*/2` in `1,*/2`),
    each as its values, and the values of its other items (a value one of those has too
    left out); no items and every value for a field that is not such a list."""
    items = field.text.split(",")
    every = [sorted(_item(field.name, item, 0, [], False, (False, False))) for item in items]
    steps = [len(items) > 1 and not field.full and "/" in item and len(values) > 2
             and values[1] - values[0] > 1 for item, values in zip(items, every)]
    stepped = [values for values, step in zip(every, steps) if step]
    if not stepped:
        return [], sorted(field.values)
    covered = set().union(*stepped)
    rest = {value for values, step in zip(every, steps)
            if not step and not set(values) <= covered for value in values}
    return stepped, sorted(rest)


def _minutes_listed(field: CronField) -> str:
    """`every 5 minutes and at 7 minutes past the hour` (`7,*/5`), not thirteen numbers."""
    stepped, rest = _few_named(field)
    parts = [f"every {run[1] - run[0]} minutes" if run[0] < run[1] - run[0] and (
        run[-1] + run[1] - run[0] == 60) else
        f"every {run[1] - run[0]} minutes from {run[0]} to {run[-1]} past the hour"
        for run in stepped]
    if rest:
        parts.append(_past_the_hour(rest))
    return _spelled(parts)


def _past_the_hour(ordered: list[int]) -> str:
    """`at 1 minute past the hour`, `at 5 and 35 minutes past the hour`, `at 15 and 50
    through 55 minutes past the hour`; `on the hour` for minute 0 alone (after a step's
    words in `0,5/10`: "at 0 minutes past the hour" reads as if once an hour)."""
    if ordered == [0]:
        return "on the hour"
    return f"at {_spelled(_stretched(ordered))} minute{'s' * (ordered != [1])} past the hour"


def _stretched(ordered: list[int]) -> list[str]:
    """`[1, 3, 20, 21, 22]` → `1`, `3`, `20 through 22`: a run of three values or more as
    one, not each of twelve days (`20-31` in `1-5/2,20-31`)."""
    return [f"{run[0]} through {run[-1]}" if len(run) > 2 else value
            for run in _stretches(ordered) for value in map(str, run[:1] if len(run) > 2 else run)]


def _few_named(field: CronField) -> tuple[list[list[int]], list[int]]:
    """`_stepped_items`, with the values of a step that stands for a few in part of the
    field (`1-5/2`) among the others: "on days 1, 3, 5 and 20 through 31", not "on every
    second day of the month from day 1 to 5 and on days 20, 21, ..."; a step round the
    whole field stays one (`*/15,50-55`: "every 15 minutes and at ...")."""
    stepped, rest = _stepped_items(field)
    low, high = _LIMITS[field.name]
    few = [run for run in stepped if len(run) <= _FEW_TIMES and not (
        run[0] - low < run[1] - run[0] and run[-1] + run[1] - run[0] > high)]
    return [run for run in stepped if run not in few], sorted(set(rest).union(*few))


def _days_listed(field: CronField) -> str:
    """`, on every third day of the month from day 1 to 31 and on day 2` (`2,*/3`), not
    "on day 1, 2, 4, 7, ...": the step's days as one, then the others."""
    stepped, rest = _few_named(field)
    parts = [f"every {_ordinal(run[1] - run[0])} day of the month from day {run[0]} to {run[-1]}"
             for run in stepped]
    if rest:
        days = f"day{'s' * (len(rest) > 1)} {_spelled(_stretched(rest))}"
        parts.append(f"on {days}" if parts else f"{days} of the month")
    return f", on {_spelled(parts)}"


def _days_in_words(fields: tuple[CronField, ...], day_words: str) -> str:
    """`, every day`, `, Monday through Friday`, `, on day 1 of the month, or on Monday`,
    `, on days 1, 11, 21 and 31 of the month, but only on Monday`: the two day fields as
    `next_runs` combines them (Vixie cron), `day_words` being the day of month's words
    (`, on day 1 of the month`)."""
    day, weekday = fields[2], fields[4]
    if not day.starred and not weekday.starred:  # either matches
        if day.full or weekday.full:
            return ", every day"
        return f"{day_words}, or on {_weekdays_in_words(weekday.values, 'or')}"
    if weekday.full:
        return ", every day" if day.full else day_words
    days = _weekdays_in_words(weekday.values, "and")
    if day.full:
        return f", only on {days}" if len(weekday.values) == 1 else f", {days}"
    return f"{day_words}, but only on {days}"


def _weekdays_in_words(values: frozenset[int], conjunction: str) -> str:
    """{1, 2, 3, 4, 5} → `Monday through Friday`; {0, 6} → `Saturday and Sunday`; {0, 1, 2,
    3, 4, 5} → `Sunday through Friday`."""
    names = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
             "Sunday")
    # The week as people say it, Monday first (ISO 8601): the weekend together, "Saturday
    # and Sunday", "Friday through Sunday" (before, "Sunday and Saturday", "Sunday, Friday
    # and Saturday"); Sunday first only where it makes fewer stretches ("Sunday through
    # Friday", not "Monday through Friday and Sunday").
    sunday_first, monday_first = (_stretches(sorted(values)),
                                  _stretches(sorted({7 if v == 0 else v for v in values})))
    runs = sunday_first if len(sunday_first) < len(monday_first) else monday_first
    parts = [f"{names[r[0]]} through {names[r[-1]]}" if len(r) > 2 else ", ".join(names[d] for d in r)
             for r in runs]
    spelled = ", ".join(parts)
    head, comma, tail = spelled.rpartition(", ")
    return f"{head} {conjunction} {tail}" if comma else spelled


def next_runs(text: str, now: datetime | None = None, count: int = 3) -> tuple[datetime, ...]:
    """The next `count` run times after `now` (default: the current time), in UTC (cronsim)."""
    normalized = check(text).normalized()
    if normalized is None:
        return ()
    from cronsim import CronSim, CronSimError

    start = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    # Leading zeros go (`0...05`, as Go reads it): cronsim's int() of 4,300 digits or more
    # raised, and the hover failed
    try:
        runs = CronSim(_weekdays_to_six(_LEADING_ZEROS.sub("", normalized)), start)
    except CronSimError:  # `0 0 31 2 */2`, ambiguous, never runs as Vixie cron reads it
        return ()
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
