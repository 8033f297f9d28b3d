"""The editor on the format's meaning, in-process: a schedule's hover and hint, hovers and
completions inside `${{ }}`, and the names expressions read as symbols (definition,
references, rename). Positions are code points; tests/lsp/test_expressions.py drives the
same features through the server in every position encoding.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.config import Config
from wf_lsp.editor.completion import complete
from wf_lsp.editor.hover import hover_text
from wf_lsp.editor.inlay_hints import schedule_hints
from wf_lsp.editor.navigation import target_at
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.findings import Edit, Fix, Position, Span
from wf_lsp.fixes import apply_fixes
from wf_lsp.linter import analyze

UTC = timezone.utc
NOW = datetime(2026, 12, 5, 7, 30, tzinfo=UTC)

DOC = """\
id: meaning
inputs:
  epochs:
    type: int
    default: 10
    description: How many *passes*
  token: {type: string, secret: true, required: true}
secrets:
  - name: workspaces/ws/secrets/api
    as: api
env:
  TOP: "1"
  LEVEL: workflow
trigger:
  schedule:
    - cron: "0 2 * * *"
      inputs: {token: t, epochs: "3"}
jobs:
  train:
    timeout: 1h
    matrix:
      os: [linux, mac]
      py: ["3.11", "3.12", "3.13"]
    env:
      LEVEL: job
    steps:
      - name: 😀 ${{ .matrix.os }}
        env: {LEVEL: step, ONLY: here}
        run: |
          echo 中文 ${{ .env.LEVEL }} ${{ .inputs.epochs }}
          curl -H "${{ .secrets.api }}"
      - run: "echo \\"é\\" 🚀 ${{ .env.LEVEL }} ${{ .inputs.epochs }} ${{ .env.TOP }}"
  plain:
    timeout: 1h
    steps:
      - run: echo ${{ .inputs.epochs }}
"""
LINES = DOC.splitlines()


def snapshot(text: str = DOC) -> Snapshot:
    return Snapshot(analyze(text), Config())


def at(line: int, token: str, offset: int = 0, nth: int = 0) -> Position:
    column = -1
    for _ in range(nth + 1):
        column = LINES[line].index(token, column + 1)
    return Position(line, column + offset)


def written(snap: Snapshot, span: Span) -> str:
    assert span.start.line == span.end.line
    return snap.source.line_text(span.start.line)[span.start.column:span.end.column]


def test_the_document_is_clean_apart_from_the_secret_in_run():
    # The rename tests below check that a rename leaves it so: no name left undefined.
    assert {f.code for f in analyze(DOC).findings} == {"WF407"}


# --- schedules ---------------------------------------------------------------------------

def brute_force_runs(text: str, after: datetime, count: int = 3) -> list[datetime]:
    """Standard (Vixie) cron, written out: the day matches when day of month AND day of
    week match, except that both restricted (neither starts with `*`) means either."""
    fields = text.split()
    lows, highs = (0, 0, 1, 1, 0), (59, 23, 31, 12, 6)

    def values(index: int) -> set[int]:
        found = set()
        for item in fields[index].split(","):
            base, _, step = item.partition("/")
            low, high = (lows[index], highs[index]) if base == "*" else (
                int(base.split("-")[0]), int(base.split("-")[-1]))
            if step and base != "*" and "-" not in base:
                high = highs[index]
            found.update(range(low, high + 1, int(step or 1)))
        return found

    minutes, hours, days, months, weekdays = (values(i) for i in range(5))
    either = not fields[2].startswith("*") and not fields[4].startswith("*")
    runs, day = [], after.replace(hour=0, minute=0, second=0, microsecond=0)
    while len(runs) < count and day.year < after.year + 30:
        weekday = (day.weekday() + 1) % 7  # Sunday is 0
        day_ok = (day.day in days) or (weekday in weekdays) if either else (
            day.day in days and weekday in weekdays)
        if day.month in months and day_ok:
            for hour in sorted(hours):
                for minute in sorted(minutes):
                    moment = day.replace(hour=hour, minute=minute)
                    if moment > after and len(runs) < count:
                        runs.append(moment)
        day += timedelta(days=1)
    return runs


def schedule_hover(cron: str, now: datetime = NOW) -> str | None:
    text = f'trigger:\n  schedule:\n    - cron: "{cron}"\njobs: {{a: {{steps: [{{run: x}}]}}}}\n'
    found = hover_text(snapshot(text), Position(2, 15), markdown=False, now=now)
    return found[0] if found else None


def runs_shown(hover: str) -> list[datetime]:
    return [datetime.strptime(m, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
            for m in re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d", hover)]


def test_a_schedule_hover_says_when_and_the_next_runs_in_utc():
    # In the inlay hint's words: it was "At 02:00 UTC, every day" beside the hint's "every
    # day at 02:00 UTC".
    assert schedule_hover("0 2 * * *") == (
        "Every day at 02:00 UTC\n"
        "Next runs (UTC): Sun 2026-12-06 02:00 · Mon 2026-12-07 02:00 · Tue 2026-12-08 02:00")
    snap = snapshot()
    text, span = hover_text(snap, at(15, "0 2", 1), markdown=True, now=NOW)
    assert text.startswith("**Every day at 02:00 UTC**\n\nNext runs (UTC): Sun 2026-12-06 02:00")
    assert written(snap, span) == '"0 2 * * *"'


@pytest.mark.parametrize("cron", [
    "0 2 * * *", "30 6 * * 1-5", "0 0 13 * 5", "0 0 1 * 1", "0 0 1 * */1", "15 */6 1-7 * 0",
    "0 0 29 2 *", "*/20 13 * 1,7 2", "5 4 31 * *", "0 0 13 * 1,*", "0 0 13 * *,1",
    "0 0 * * 5/1", "0 0 * * 1/6,*/3",
])
def test_the_runs_shown_are_those_of_cronsim_and_of_standard_cron(cron):
    from cronsim import CronSim

    shown = runs_shown(schedule_hover(cron))
    # cronsim reads `5/1` in the day of week up to 7 (Sunday again); the format's range ends
    # at 6, so the oracle is given the range written out.
    *others, weekday = cron.split()
    weekday = re.sub(r"(^|,)(\d)/", r"\1\2-6/", weekday)
    oracle = CronSim(" ".join([*others, weekday]), NOW)
    assert shown == [next(oracle) for _ in range(3)]
    assert shown == brute_force_runs(cron, NOW)


def test_day_of_month_and_day_of_week_combine_as_standard_cron():
    # Both restricted: the 13th OR a Friday. December 2026: Fri 11th, Sun 13th, Fri 18th.
    assert runs_shown(schedule_hover("0 0 13 * 5")) == [
        datetime(2026, 12, 11, tzinfo=UTC), datetime(2026, 12, 13, tzinfo=UTC),
        datetime(2026, 12, 18, tzinfo=UTC)]
    # A `*`-led day of week: the 13th AND any day of the week, so the 13th alone.
    assert runs_shown(schedule_hover("0 0 13 * */1")) == [
        datetime(2026, 12, 13, tzinfo=UTC), datetime(2027, 1, 13, tzinfo=UTC),
        datetime(2027, 2, 13, tzinfo=UTC)]


def number(low: int, high: int):
    return st.integers(low, high).map(str)


def cron_field(low: int, high: int):
    item = st.one_of(
        st.just("*"), number(low, high),
        st.tuples(number(low, high), number(low, high)).map(lambda p: "-".join(sorted(p, key=int))),
        st.tuples(st.just("*") | number(low, high), st.integers(1, high)).map(
            lambda p: f"{p[0]}/{p[1]}"))
    return st.lists(item, min_size=1, max_size=2).map(",".join)


@settings(max_examples=examples(0.6, at_most=60))
@given(st.tuples(cron_field(0, 59), cron_field(0, 23), cron_field(1, 28), cron_field(1, 12),
                 cron_field(0, 6)).map(" ".join),
       st.datetimes(datetime(2020, 1, 1), datetime(2035, 1, 1)))
def test_any_documented_schedule_shows_the_runs_of_standard_cron(cron, now):
    now = now.replace(tzinfo=UTC)
    assert runs_shown(schedule_hover(cron, now)) == brute_force_runs(cron, now)


def test_a_star_in_a_list_is_every_value():
    # `1,*` restricts the day of week as written (it does not start with `*`), so a day
    # matching either field runs, as Vixie cron reads it: every day.
    assert schedule_hover("0 0 13 * 1,*") == (
        "Every day at 00:00 UTC\n"
        "Next runs (UTC): Sun 2026-12-06 00:00 · Mon 2026-12-07 00:00 · Tue 2026-12-08 00:00")
    assert schedule_hover("1,* 0 * * *").startswith("Every minute, between 00:00 and 00:59 UTC")


@pytest.mark.parametrize("cron", ["0 0 31 2 *", "0 0 31 FEB *", "0 0 30 2 ?", "0 0 31 4 */2"])
def test_a_schedule_that_cannot_run_gets_no_hover_nor_hint(cron):
    # The last three had a hint naming days that never come ("on day 31 of the month, only
    # in February"; `*/2` leaves the 31st of April to decide, as Vixie cron and the runs read it).
    assert schedule_hover("0 25 * * *") is None
    assert schedule_hover(cron) is None
    text = f'trigger:\n  schedule:\n    - cron: "{cron}"\njobs: {{a: {{steps: [{{run: x}}]}}}}\n'
    assert schedule_hints(snapshot(text)) == []


def test_the_hint_after_a_schedule_reads_as_a_sentence():
    snap = snapshot()
    [hint] = schedule_hints(snap)
    assert (hint.position, hint.label, hint.tooltip) == (
        at(15, '"0 2 * * *"', len('"0 2 * * *"')), "→ every day at 02:00 UTC",
        "Every day at 02:00 UTC")
    labels = {}
    for cron in ("30 6 * * 1-5", "0 0 13 * 5", "@daily", "*/15 * * * *", "0 0 * */3 *",
                 "0 9 * 1-7 1-5", "0 9 * 6 *"):
        text = f"trigger:\n  schedule:\n    - cron: '{cron}'\njobs: {{a: {{steps: [{{run: x}}]}}}}\n"
        [hint] = schedule_hints(snapshot(text))
        labels[cron] = hint.label
    assert labels == {
        "30 6 * * 1-5": "→ Monday through Friday at 06:30 UTC",
        "0 0 13 * 5": "→ at 00:00 UTC, on day 13 of the month, or on Friday",
        "@daily": "→ every day at 00:00 UTC",
        "*/15 * * * *": "→ every 15 minutes",
        # The time before the months, not after them ("every day, every 3 months at 00:00").
        "0 0 * */3 *": "→ every day at 00:00 UTC, only in January, April, July and October",
        "0 9 * 1-7 1-5": "→ Monday through Friday at 09:00 UTC, January through July",
        "0 9 * 6 *": "→ every day at 09:00 UTC, only in June",
    }
    # Only the hints ending in the range asked for.
    assert schedule_hints(snap, Span.of(20, 0, 30, 0)) == []


@pytest.mark.parametrize("cron", ["0 2 * * *", "30 6 * * 1-5", "0 0 13 * 5", "*/15 * * * *",
                                  "0 0 * */3 *", "0 9 * 6 *", "0 0 1 1 *"])
def test_hover_and_hint_word_a_schedule_alike(cron):
    # The hover said "At 02:00 UTC, every day", the hint "every day at 02:00 UTC".
    text = f"trigger:\n  schedule:\n    - cron: '{cron}'\njobs: {{a: {{steps: [{{run: x}}]}}}}\n"
    [hint] = schedule_hints(snapshot(text))
    said = schedule_hover(cron).splitlines()[0]
    assert hint.label[2:].lower() == said.lower() == hint.tooltip.lower()


# --- hover on names ----------------------------------------------------------------------

HOVERS = {
    "an input, from a block scalar after CJK": (
        at(29, "epochs", 2),
        "**input `epochs`** · int · optional\n\nDefault: `10`\n\nHow many \\*passes\\*"),
    "an input's declaration": (at(2, "epochs"), None),  # the same text as the use
    "a schedule's input": (at(16, "epochs"), None),
    "a secret": (at(30, "api", 1), "**secret `api`**\n\nName: `workspaces/ws/secrets/api`"),
    "a matrix variable, after an emoji": (
        at(26, ".os", 2), "**matrix variable `os`** of job `train`\n\nValues: `linux`, `mac`\n\n"
        "Job `train` runs 6 instances (2 × 3)"),
    "a step's env hiding the job's": (
        at(29, "LEVEL"), "**env `LEVEL`** · defined in the env of step `😀 ${{ .matrix.os }}` of job "
        "`train`\n\nValue: `step`\n\nOverrides the job's value `job`"),
    "a job's env, in a double-quoted string with escapes": (
        at(31, "LEVEL"), "**env `LEVEL`** · defined in the env of job `train`\n\nValue: `job`\n\n"
        "Overrides the workflow's value `workflow`"),
    "the workflow's env": (at(31, "TOP"), "**env `TOP`** · defined in the workflow's env\n\nValue: `1`"),
}


@pytest.mark.parametrize("case", list(HOVERS))
def test_hover_on_a_name(case):
    snap = snapshot()
    pos, expected = HOVERS[case]
    text, span = hover_text(snap, pos, markdown=True)
    if expected is None:
        expected = HOVERS["an input, from a block scalar after CJK"][1]
    assert text == expected
    assert span.start <= pos <= span.end
    assert span.start.line == span.end.line == pos.line


CONTEXT_HOVERS = {  # the context word of a path: what it holds, and its names there
    "inputs, after CJK": (
        at(29, "inputs", 1), "**context `inputs`** · the workflow's inputs, by their keys in "
        "`inputs`\n\nHere: `epochs`, `token`"),
    "env in a step, its own and its job's and the workflow's": (
        at(29, ".env", 2), "**context `env`** · the environment variables of the workflow, the "
        "job and the step (the innermost definition of a name wins)\n\nHere: `TOP`, `LEVEL`, "
        "`ONLY`"),
    "env in the next step: not the first step's": (
        at(31, ".env", 2, nth=1), "**context `env`** · the environment variables of the "
        "workflow, the job and the step (the innermost definition of a name wins)\n\nHere: "
        "`TOP`, `LEVEL`"),
    "secrets": (at(30, "secrets", 0), "**context `secrets`** · the workflow's secrets, by the "
                "`as` of each entry of `secrets`\n\nHere: `api`"),
    "matrix, after an emoji": (at(26, "matrix", 3), "**context `matrix`** · the variables of "
                               "the job's `matrix`, one value per instance\n\nHere: `os`, `py`"),
}


@pytest.mark.parametrize("case", list(CONTEXT_HOVERS))
def test_hover_on_a_context_word_says_what_it_holds_there(case):
    pos, expected = CONTEXT_HOVERS[case]
    text, span = hover_text(snapshot(), pos, markdown=True)
    assert text == expected
    assert span.start <= pos <= span.end and span.start.line == span.end.line == pos.line
    assert LINES[pos.line][span.start.column:span.end.column] == expected.split("`")[1]


def test_hover_on_the_matrix_context_of_a_job_without_one():
    text = DOC.replace("echo ${{ .inputs.epochs }}", "echo ${{ .matrix.os }}")
    line = text.splitlines()[35]
    pos = Position(35, line.index("matrix") + 2)
    said, span = hover_text(snapshot(text), pos, markdown=False)
    assert said == ("context matrix · the variables of the job's matrix, one value per instance\n"
                    "None here: this job has no matrix")
    assert line[span.start.column:span.end.column] == "matrix"


def test_hover_in_plain_text_and_nothing_on_an_unknown_name():
    snap = snapshot(DOC.replace("${{ .env.TOP }}", "${{ .env.NOPE }}"))
    assert hover_text(snap, at(31, "TOP"), markdown=False) is None
    text, _ = hover_text(snap, at(30, "api", 1), markdown=False)
    assert text == "secret api\nName: workspaces/ws/secrets/api"


# --- completion --------------------------------------------------------------------------

def completions(text: str, line: int, column: int):
    items = complete(snapshot(text), Position(line, column))
    return [(i.label, i.new_text, i.detail, i.kind) for i in items], items


def typed(line: int, before: str, after: str = "") -> tuple[str, int, int]:
    """DOC with `before` + cursor + `after` put at the end of `line`."""
    lines = list(LINES)
    lines[line] += before + after
    return "\n".join(lines) + "\n", line, len(LINES[line] + before)


def test_completion_offers_the_contexts_then_the_names_seen_there():
    labels, items = completions(*typed(29, " ${{ "))
    assert labels == [
        ("inputs", ".inputs", "2 inputs", "context"),
        ("secrets", ".secrets", "1 secret alias", "context"),
        ("env", ".env", "3 env variables", "context"),
        ("matrix", ".matrix", "2 matrix variables", "context"),
    ]
    assert labels == completions(*typed(29, " ${{ .in"))[0]
    labels, _ = completions(*typed(29, " ${{ .env."))
    assert labels == [("TOP", "TOP", "1 · workflow env", "name"),
                      ("LEVEL", "LEVEL", "step · step env", "name"),
                      ("ONLY", "ONLY", "here · step env", "name")]
    labels, _ = completions(*typed(29, " ${{ .inputs.ep", " }}"))
    assert labels == [("epochs", "epochs", "int · optional · default 10", "name"),
                      ("token", "token", "string · required", "name")]
    labels, _ = completions(*typed(29, " ${{ .secrets."))
    assert labels == [("api", "api", "workspaces/ws/secrets/api", "name")]
    labels, _ = completions(*typed(29, " ${{ .matrix."))
    assert labels == [("os", "os", "linux, mac", "name"), ("py", "py", "3.11, 3.12, 3.13", "name")]


def test_a_job_without_matrix_is_not_offered_one():
    labels, _ = completions(*typed(35, " ${{ ."))
    assert [label for label, *_ in labels] == ["inputs", "secrets", "env"]
    assert completions(*typed(35, " ${{ .matrix."))[0] == []
    labels, _ = completions(*typed(35, " ${{ .env."))
    assert labels == [("TOP", "TOP", "1 · workflow env", "name"),
                      ("LEVEL", "LEVEL", "workflow · workflow env", "name")]


def test_the_counts_of_the_contexts_read_as_english():
    # "secret alias" takes "es": the details said "2 secret aliass", "no secret aliass here".
    text = ("id: counts\nsecrets:\n  - {name: workspaces/w/secrets/a, as: a}\n"
            "  - {name: workspaces/w/secrets/b, as: b}\njobs:\n  j:\n    steps:\n"
            "      - run: echo ${{ .}}\n")
    line = 7
    labels, _ = completions(text, line, text.splitlines()[line].index(".}}") + 1)
    assert [detail for _, _, detail, _ in labels] == [
        "no inputs here", "2 secret aliases", "no env variables here"]
    alone = text.replace("  - {name: workspaces/w/secrets/b, as: b}\n", "")
    labels, _ = completions(alone, line - 1, alone.splitlines()[line - 1].index(".}}") + 1)
    assert labels[1][2] == "1 secret alias"
    none = alone.replace("secrets:\n  - {name: workspaces/w/secrets/a, as: a}\n", "")
    labels, _ = completions(none, line - 3, none.splitlines()[line - 3].index(".}}") + 1)
    assert labels[1][2] == "no secret aliases here"


def test_completion_replaces_the_word_under_the_cursor_exactly():
    # In the double-quoted string, after escapes and an emoji: `.env.LEV|EL` → `LEVEL`.
    pos = at(31, "LEVEL", 3)
    _, items = completions(DOC, pos.line, pos.column)
    assert {(i.span, i.label) for i in items} >= {(Span(at(31, "LEVEL"), at(31, "LEVEL", 5)), "LEVEL")}
    # `${{ .in|puts.epochs }}` in the block after CJK: the context with its dot.
    pos = at(29, ".inputs", 3)
    _, items = completions(DOC, pos.line, pos.column)
    assert items[0].span == Span(at(29, ".inputs"), at(29, ".inputs", 7))
    assert items[0].filter == items[0].new_text == ".inputs"


def test_the_key_of_index_gets_the_names_of_its_context_in_the_string():
    # `index .inputs "ep|"`: the names replace the string's text, quotes kept.
    text, line, column = typed(29, ' ${{ index .inputs "ep', 'x" }}')
    labels, items = completions(text, line, column)
    assert labels == [("epochs", "epochs", "int · optional · default 10", "name"),
                      ("token", "token", "string · required", "name")]
    assert items[0].span == Span(Position(line, column - 2), Position(line, column + 1))
    fixed, _ = apply_fixes(snapshot(text).source, [Fix("accept", (Edit(items[0].span, items[0].new_text),))])
    assert fixed.splitlines()[29].endswith(' ${{ index .inputs "epochs" }}')
    assert not {f.code for f in analyze(fixed).findings} & {"WF403", "WF405"}
    # `$.secrets`, a string not closed yet, and a YAML double-quoted value around it.
    labels, _ = completions(*typed(29, ' ${{ index $.secrets "'))
    assert labels == [("api", "api", "workspaces/ws/secrets/api", "name")]
    text, line, column = typed(31, "")
    text = text.replace("${{ .env.TOP }}", '${{ index .env \\"T\\" }}')
    column = text.splitlines()[31].index('\\"T') + 3
    labels, items = completions(text, line, column)
    assert [label for label, *_ in labels] == ["TOP", "LEVEL"]
    assert items[0].span == Span(Position(line, column - 1), Position(line, column))
    # In any other string, nothing: not the contexts, whose dot would land in the string.
    assert completions(*typed(29, ' ${{ printf "in', '" .inputs.epochs }}'))[0] == []
    assert completions(*typed(29, ' ${{ index .inputs "epochs" "x', '" }}'))[0] == []
    assert completions(*typed(29, " ${{ index .inputs `ep", "` }}"))[0] == []


def test_no_expression_completion_outside_an_expression():
    pos = at(29, "echo", 2)
    assert completions(DOC, pos.line, pos.column)[0] == []
    after = at(29, "}}", 2)  # right after a closed expression
    assert completions(DOC, after.line, after.column)[0] == []


# --- navigation and rename ---------------------------------------------------------------

def mentions(snap: Snapshot, pos: Position) -> list[tuple[int, str, bool]]:
    target = target_at(snap, pos)
    return [(span.start.line, written(snap, span), declared)
            for span, declared in target.mentions(declaration=True)]


def test_every_mention_of_a_name_resolved_as_the_engine_does():
    snap = snapshot()
    assert mentions(snap, at(29, "epochs")) == [
        (2, "epochs", True), (16, "epochs", False), (29, "epochs", False), (31, "epochs", False),
        (35, "epochs", False)]
    # The step's LEVEL is read in its own step only; the job's in the next step.
    assert mentions(snap, at(27, "LEVEL")) == [(27, "LEVEL", True), (29, "LEVEL", False)]
    assert mentions(snap, at(31, "LEVEL")) == [(24, "LEVEL", True), (31, "LEVEL", False)]
    assert mentions(snap, at(12, "LEVEL")) == [(12, "LEVEL", True)]
    assert mentions(snap, at(9, "api")) == [(9, "api", True), (30, "api", False)]
    assert mentions(snap, at(21, "os")) == [(21, "os", True), (26, "os", False)]
    target = target_at(snap, at(31, "TOP"))
    assert [written(snap, span) for span in target.definitions] == ["TOP"]
    assert target.definitions[0].start == at(11, "TOP")


def renamed(snap: Snapshot, pos: Position, new: str) -> str:
    target = target_at(snap, pos)
    assert target.rename_problem(new) is None
    text, applied = apply_fixes(snap.source, [Fix("rename", tuple(target.rename_edits(new)))])
    assert applied == 1
    return text


def test_a_rename_changes_the_declaration_and_every_use_and_stays_clean():
    snap = snapshot()
    text = renamed(snap, at(31, "epochs"), "passes")
    assert text == DOC.replace("epochs", "passes")
    assert {f.code for f in analyze(text).findings} == {"WF407"}
    text = renamed(snap, at(9, "api"), "api_key")
    assert text == DOC.replace("as: api", "as: api_key").replace(".secrets.api", ".secrets.api_key")
    # The job's LEVEL only: the step's and the workflow's stay.
    text = renamed(snap, at(24, "LEVEL"), "STAGE")
    assert text.splitlines()[24] == "      STAGE: job"
    assert text.splitlines()[31].count("STAGE") == 1 and "LEVEL" in text.splitlines()[29]
    assert {f.code for f in analyze(text).findings} == {"WF407"}


def test_a_rename_is_refused_with_the_reason():
    snap = snapshot()
    problems = {new: target_at(snap, at(29, "epochs")).rename_problem(new)
                for new in ("2x", "has-dash", "token", "epochs")}
    assert problems == {
        "2x": "`2x` is not a name an expression can read: letters, digits and `_`, not starting "
              "with a digit",
        "has-dash": "`has-dash` is not a name an expression can read: letters, digits and `_`, "
                    "not starting with a digit",
        "token": "`.inputs.token` already exists where `epochs` is declared or used",
        "epochs": None,
    }
    # The step's ONLY would take over the step's `.env.LEVEL`... it is the step's own: a
    # job-level name seen in that step would be hidden, so TOP is refused for the step's LEVEL.
    assert target_at(snap, at(27, "LEVEL")).rename_problem("TOP") == (
        "`.env.TOP` already exists where `LEVEL` is declared or used")
    assert target_at(snap, at(24, "LEVEL")).rename_problem("ONLY") is None


def test_a_use_written_with_escapes_cannot_be_renamed():
    text = DOC.replace('${{ .inputs.epochs }} ${{ .env.TOP }}"', '${{ .inputs.\\u0065pochs }}"')
    snap = snapshot(text)
    target = target_at(snap, at(29, "epochs"))
    assert target.rename_problem("passes") == (
        "its use on line 32 is written with escapes or across lines: rename it there by hand first")
    escaped = next(o for o in snap.names.occurrences(target.occurrence.symbol) if o.edit_span is None)
    assert target_at(snap, escaped.span.start).placeholder is None


def test_a_rename_keeps_the_quotes_of_a_quoted_declaration():
    text = DOC.replace("  epochs:\n", '  "epochs":\n').replace("as: api", "as: 'api'")
    snap = snapshot(text)
    target = target_at(snap, at(29, "epochs"))
    assert written(snap, target.placeholder) == "epochs"
    new, _ = apply_fixes(snap.source, [Fix("rename", tuple(target.rename_edits("passes")))])
    assert new == text.replace("epochs", "passes")
    target = target_at(snap, at(30, "api"))
    new, _ = apply_fixes(snap.source, [Fix("rename", tuple(target.rename_edits("key")))])
    assert new == text.replace("as: 'api'", "as: 'key'").replace(".secrets.api", ".secrets.key")


SHARED = """\
id: shared
jobs:
  a:
    timeout: 1h
    env: &envs
      MODE: x
    matrix: &mx
      os: [linux, mac]
    steps:
      - run: echo ${{ .env.MODE }} ${{ .matrix.os }}
  b:
    timeout: 1h
    env: *envs
    matrix: *mx
    steps:
      - run: echo ${{ .env.MODE }} ${{ .matrix.os }}
"""


@pytest.mark.parametrize(("name", "new"), [("MODE", "STAGE"), ("os", "platform")])
def test_a_mapping_two_jobs_share_through_an_alias_declares_its_names_once(name, new):
    snap = snapshot(SHARED)
    lines = SHARED.splitlines()
    uses = [(9, name, False), (15, name, False)]
    declaration = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{name}:"))
    # From the declaration and from either job's use: the same symbol, every use.
    for line in (declaration, 9, 15):
        pos = Position(line, lines[line].index(name))
        assert mentions(snap, pos) == [(declaration, name, True), *uses]
        text, _ = apply_fixes(snap.source, [Fix("rename", tuple(target_at(snap, pos).rename_edits(new)))])
        assert text == SHARED.replace(name, new)
        assert analyze(text).findings == analyze(SHARED).findings


# --- inside `with` and `range` -----------------------------------------------------------

WITH = """\
id: scoped
inputs:
  epochs: {type: int}
  token: {type: string}
jobs:
  train:
    timeout: 1h
    steps:
      - run: echo ${{ with .inputs }}🚀 ${{ .epochs }}${{ end }} ${{ range .inputs }}${{ .epochs }}${{ end }}
"""


def test_a_name_read_through_the_dot_of_a_with_is_the_name_itself():
    snap = snapshot(WITH)
    line = WITH.splitlines()[8]
    use = Position(8, line.index(".epochs") + 2)
    said, span = hover_text(snap, use, markdown=False)
    assert said.startswith("input epochs · int")
    assert line[span.start.column:span.end.column] == "epochs"
    # Its declaration, and its uses: the `range`'s `.epochs` is an element's field, not it.
    assert mentions(snap, use) == [(2, "epochs", True), (8, "epochs", False)]
    text = renamed(snap, use, "passes")
    assert text.splitlines()[8] == line.replace("${{ .epochs }}${{ end }} ${{ range",
                                                "${{ .passes }}${{ end }} ${{ range")
    assert [f.code for f in analyze(text).findings] == []


def test_completion_in_a_with_offers_the_names_its_dot_holds():
    text = WITH.replace("🚀 ${{ .epochs }}", "🚀 ${{ .ep")
    line = 8
    column = text.splitlines()[line].index(".ep") + 3
    labels, items = completions(text, line, column)
    assert labels == [("epochs", ".epochs", "int · optional", "name"),
                      ("token", ".token", "string · optional", "name")]
    assert items[0].span == Span(Position(line, column - 3), Position(line, column))
    # After the `with`'s `end`, `.` is the data again; in a `range`, an element: nothing.
    after = text.replace("${{ .ep", "${{ end }}${{ .ep")
    labels, _ = completions(after, line, after.splitlines()[line].index(".ep") + 3)
    assert [label for label, *_ in labels] == ["inputs", "secrets", "env"]
    ranged = WITH.replace("${{ range .inputs }}${{ .epochs", "${{ range .inputs }}${{ .ep")
    assert completions(ranged, line, ranged.splitlines()[line].rindex(".ep") + 3)[0] == []


def test_completion_after_a_variable_offers_what_it_holds():
    """`$in.` after `${{ $in := .inputs }}` offers the inputs, as `.` in a `with .inputs`."""
    text = WITH.replace("${{ range .inputs }}${{ .epochs }}${{ end }}",
                        "${{ $in := .inputs }}${{ $in.ep")
    line = 8
    column = text.splitlines()[line].index("$in.ep") + 6
    labels, items = completions(text, line, column)
    assert labels == [("epochs", ".epochs", "int · optional", "name"),
                      ("token", ".token", "string · optional", "name")]
    assert items[0].span == Span(Position(line, column - 3), Position(line, column))
    # `$in := .` holds the data: its contexts; a string, a number, no `$in` declared:
    # nothing. (In the `with .inputs`, `.inputs` is `.inputs.inputs`.)
    for declared, expected in (("$in := .", ["inputs", "secrets", "env"]),
                               ("$in := .inputs.token", []), ("$in := 1", []), ("$x := 1", [])):
        other = text.replace("$in := .inputs", declared)
        at = other.splitlines()[line].index("$in.ep") + 6
        assert [label for label, *_ in completions(other, line, at)[0]] == expected
    ranged = text.replace("${{ $in := .inputs }}", "${{ range $k, $in := .inputs }}")
    assert completions(ranged, line, ranged.splitlines()[line].index("$in.ep") + 6)[0] == []
    within = WITH.replace("🚀 ${{ .epochs }}", "🚀 ${{ $in := .inputs }}${{ $in.ep")
    assert completions(within, line, within.splitlines()[line].index("$in.ep") + 6)[0] == []


def test_completion_after_a_dollar_replaces_it_too():
    # `${{ $.in|` became `$$.inputs`: the item replaced the dot and what followed only.
    text, line, column = typed(35, " ${{ $.in")
    _, items = completions(text, line, column)
    fixed, _ = apply_fixes(snapshot(text).source, [Fix("accept", (Edit(items[0].span, items[0].new_text),))])
    assert fixed.splitlines()[line].endswith(" ${{ $.inputs")
