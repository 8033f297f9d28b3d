"""Schedules in the editor: a `cron` value in English, its next runs, and its inlay hint.

`0 2 * * *` reads as "Every day at 02:00 UTC" on hover, with the next three runs in UTC,
and as `→ every day at 02:00 UTC` after the value (and in completion's details). The words come from `wf_lsp.cron`
(cron-descriptor, and cronsim for the runs, both imported on first use); a schedule the
engine cannot run gets neither (its diagnostic says why).
"""

from __future__ import annotations

import re
from datetime import datetime

from wf_lsp import cron, semantics
from wf_lsp.findings import Position, Span
from wf_lsp.model import token_span, yaml_type
from wf_lsp.records import record

_AT_TIME = re.compile(r"At (\d\d:\d\d UTC), (.+)")
_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAYS_FIRST = re.compile(rf"every |(?:{'|'.join(_NAMES)})\b")
# Where the months' words start after the days' ("every day, only in June"): the time goes
# before them, not at the end ("every day, every 3 months at 00:00 UTC").
_MONTHS = re.compile(r", (?:only in |every \d+ months|(?:January|February|March|April|May|June"
                     r"|July|August|September|October|November|December)\b)")
RUNS_SHOWN = 3


@record
class CronValue:
    """A schedule's `cron` value and where it is written."""

    text: str
    span: Span  # the token, quotes included


def cron_values(snapshot, within: Span | None = None) -> list[CronValue]:
    """Every schedule's `cron` string (ending in `within`, when given), in document order."""
    found = []
    for workflow in snapshot.workflows:
        if workflow.root.get("trigger") is None:  # most workflows: no semantics needed
            continue
        for schedule in semantics.of(workflow, snapshot.source).schedules:
            node = schedule.cron
            if node is None or yaml_type(node) != "str" or "${{" in node.value:
                continue
            span = token_span(node, snapshot.source)
            if within is None or within.start <= span.end <= within.end:
                found.append(CronValue(node.value, span))
    return found


def cron_at(snapshot, pos: Position) -> CronValue | None:
    """The `cron` value under `pos` (or that `pos` sits right after)."""
    return next((v for v in cron_values(snapshot) if v.span.start <= pos <= v.span.end), None)


def next_runs(text: str, now: datetime | None = None) -> tuple[datetime, ...]:
    """The next runs after `now` (the current time by default), in UTC."""
    return cron.next_runs(text, now, RUNS_SHOWN)


def run_time(moment: datetime) -> str:
    """`Sun 2026-12-06 02:00`: the weekday too, since day fields decide on it."""
    return moment.strftime("%a %Y-%m-%d %H:%M")


def sentence(text: str) -> str | None:
    """ "Every day at 02:00 UTC" for `0 2 * * *`: the editor's one wording of a schedule
    (hover, inlay hint, completion; `cron.describe`'s "At 02:00 UTC, every day" put in
    the order it is said); None for a schedule that cannot run."""
    description = cron.describe(text)
    if description is None:
        return None
    timed = _AT_TIME.fullmatch(description)
    if timed and _DAYS_FIRST.match(timed.group(2)):  # "every day at 02:00 UTC" reads on
        days = timed.group(2)
        months = _MONTHS.search(days)
        cut = months.start() if months else len(days)
        description = f"{days[:cut]} at {timed.group(1)}{days[cut:]}"
    return description[:1].upper() + description[1:]


def hint_label(text: str) -> str | None:
    """`→ every day at 02:00 UTC` for `0 2 * * *`; None for a schedule that cannot run."""
    words = sentence(text)
    if words is None:
        return None
    first, _, rest = words.partition(" ")
    return f"→ {first if first in _NAMES else first.lower()} {rest}"
