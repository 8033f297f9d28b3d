"""One-line cases per rule, as yamllint tests its rules: exact codes, ranges, messages, fixes.

Ranges are written as `where()` gives them: `4:14-4:19 WF103` is line 4, columns 14 to 19
(1-based, end exclusive), as in `--format json`. A case lists EVERY finding of its text,
so a rule that fires where it should not fails the test too.
"""

from __future__ import annotations


import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp import fix
from wf_lsp.findings import Severity
from wf_lsp.rules import RULES

from .helpers import JOB, apply, lint, only, spans, where

# --- durations: one finding per value, on the whole token (quotes included) -------------

# (value as written, code, the value after the shown fix or None, is that fix safe)
DURATIONS = [
    # WF101 duration-missing-unit
    # (a bare number: the reading nearest an hour first, written as the number and a unit)
    ("30", "WF101", "30m", False),
    ('"30"', "WF101", '"30m"', False),
    ("5400", "WF101", "5400s", False),
    ("1.5", "WF101", "1.5h", False),
    ('"1h30"', "WF101", '"1h30m"', True),
    ("2m30", "WF101", "2m30s", True),
    # WF102 duration-whitespace
    ('"1 h"', "WF102", '"1h"', True),
    ('"1h 30m"', "WF102", '"1h30m"', True),
    ('" 5m"', "WF102", '"5m"', True),
    ('"5m\\t"', "WF102", '"5m"', True),
    ('"1 30m"', "WF102", '"130m"', False),  # joins two numbers: a guess
    # WF103 duration-unit-order
    ("30m1h", "WF103", "1h30m", True),
    ('"30m1h"', "WF103", '"1h30m"', True),
    ("'30m1h'", "WF103", "'1h30m'", True),
    ("1h1h", "WF103", "2h", True),
    ("30s1m", "WF103", "1m30s", True),
    # WF104 duration-zero
    ("0", "WF104", None, None),
    ('"0s"', "WF104", None, None),
    ('"0h0m"', "WF104", None, None),
    ("0.0000000001s", "WF104", None, None),
    # WF105 duration-negative
    ("-5m", "WF105", "5m", False),
    ('"-90m"', "WF105", '"1h30m"', False),
    # WF106 duration-unknown-unit
    ("1d", "WF106", "24h", True),
    ("1w", "WF106", "168h", True),
    ("5min", "WF106", "5m", True),
    ("5mins", "WF106", "5m", True),
    ("5minutes", "WF106", "5m", True),
    ("2hr", "WF106", "2h", True),
    ("2hrs", "WF106", "2h", True),
    ("2hours", "WF106", "2h", True),
    ("10sec", "WF106", "10s", True),
    ("10secs", "WF106", "10s", True),
    ("10seconds", "WF106", "10s", True),
    ("2H", "WF106", "2h", True),
    ('"100MS"', "WF106", '"100ms"', True),
    ("5M", "WF106", "5m", False),  # months or minutes?
    ("5x", "WF106", None, None),
    # WF107 duration-malformed
    ('""', "WF107", None, None),
    ("abc", "WF107", None, None),
    ("h", "WF107", None, None),
    ('"--5m"', "WF107", None, None),
    ("1:30", "WF107", "1h30m", False),
    ('"1e3s"', "WF107", '"16m40s"', False),
    # WF108 duration-type
    ("true", "WF108", None, None),
    ("null", "WF108", None, None),
    ("~", "WF108", None, None),
    ("[30m]", "WF108", None, None),
    ("{m: 30}", "WF108", None, None),
    # WF109 duration-overflow
    ("3000000h", "WF109", None, None),
    ("2562047h47m16.854775808s", "WF109", None, None),
    # WF110 duration-style
    ("+5m", "WF110", "5m", True),
    (".5h", "WF110", "30m", True),
    ("5.h", "WF110", "5h", True),
    ('"1μs"', "WF110", '"1us"', True),  # Greek mu, U+03BC
    ("1h0m", "WF110", "1h", True),
    ("1.0000000001s", "WF110", "1s", True),
]


@pytest.mark.parametrize("value, code, fixed, safe", DURATIONS)
def test_duration_rule(value, code, fixed, safe):
    text = JOB.format(value)
    # The value's token, quotes included, and nothing else in the file.
    assert spans(text) == [f"4:14-4:{14 + len(value)} {code}"]
    finding = lint(text)[0]
    assert finding.severity == (Severity.HINT if code == "WF110" else Severity.ERROR)
    assert finding.message
    if code == "WF104":  # a guess at a limit (the job's placeholder), never applied by --fix
        assert [(fix.title, fix.safe) for fix in finding.fixes] == [('Change to "1h"', False)]
        assert apply(text, finding.fix) == JOB.format(value.replace(value.strip('"'), "1h"))
        return
    if fixed is None:
        assert finding.fixes == ()
        return
    assert finding.fix.safe is safe
    assert apply(text, finding.fix) == JOB.format(fixed)


def test_an_empty_timeout_is_reported_where_the_value_would_be():
    assert spans(JOB.format("")) == ["4:13-4:13 WF108"]
    assert lint(JOB.format(""))[0].message.startswith("the value is empty")
    assert lint(JOB.format("null"))[0].message.startswith("the value is null")
    assert lint(JOB.format("~"))[0].message.startswith("the value is null")


def test_duration_messages_name_the_problem_and_the_answer():
    def message(value, **settings):
        return lint(JOB.format(value), **settings)[0].message

    assert message('"30"') == 'missing unit: "30" needs a unit such as "30m", "30h" or "30s"'
    assert message('"1h30"') == 'missing unit after 30 in "1h30"; did you mean "1h30m"?'
    assert message('"1 h"') == 'whitespace is not allowed in a duration: write "1h"'
    assert message("30m1h") == 'units must go from larger to smaller: "30m1h" is 1h30m'
    assert message("1h1h") == 'each unit may appear only once: "1h1h" is 2h'
    assert message("0") == '"0" is zero: a duration must be positive'
    assert "less than 1ns" in message("0.0000000001s")
    assert message("-5m") == '"-5m" is negative: a duration must be positive'
    assert message("1d") == ('unknown unit "d" in "1d": durations use ns, us, ms, s, m and h; '
                             'write "24h"')
    assert message("1:30") == ('"1:30" is a clock time, not a duration: write it with units, '
                               'like "1h30m"')
    assert message("true") == 'the value is a boolean: a duration must be a string like "30m"'
    assert message("[30m]") == 'the value is a list: a duration must be a string like "30m"'
    assert "2562047h47m16.854775807s" in message("3000000h")
    assert message("+5m") == 'the "+" sign is redundant: write "+5m" as "5m"'
    assert message("90m", select=["WF111"]) == '"90m" is 1h30m: write it as "1h30m"'


def test_the_first_failing_check_wins_so_a_value_has_one_finding():
    # whitespace before unit order, malformed before anything else, zero before order
    assert spans(JOB.format('"30m 1h"')) == ["4:14-4:22 WF102"]
    assert spans(JOB.format('"-0s"')) == ["4:14-4:19 WF104"]
    assert spans(JOB.format('"-30m1h"')) == ["4:14-4:22 WF105"]
    assert spans(JOB.format('"+1h0m"')) == ["4:14-4:21 WF110"]


def test_missing_unit_offers_seconds_minutes_and_hours_none_applied_unasked():
    fixes = only(JOB.format("30"), "WF101").fixes
    assert [(f.title, f.safe) for f in fixes] == [
        ('Read as minutes: "30m"', False), ('Read as hours: "30h"', False),
        ('Read as seconds: "30s"', False)]
    assert only(JOB.format("30"), "WF101").safe_fix is None


@pytest.mark.parametrize("number, first, then", [
    ("5400", 'Read as seconds: "5400s" (= 1h30m)', ["5400m", "5400h"]),  # not 5400h first
    ("600", 'Read as seconds: "600s" (= 10m)', ["600m", "600h"]),
    ("90", 'Read as minutes: "90m" (= 1h30m)', ["90s", "90h"]),
    ("2", 'Read as hours: "2h"', ["2m", "2s"]),
    ("1.5", 'Read as hours: "1.5h" (= 1h30m)', ["1.5m", "1.5s"]),  # 1.5s, not 1s500ms
])
def test_missing_unit_readings_follow_the_numbers_size(number, first, then):
    fixes = only(JOB.format(number), "WF101").fixes
    assert fixes[0].title == first
    assert [f.edits[0].new_text for f in fixes[1:]] == then


def test_clock_times_offer_both_readings():
    fixes = only(JOB.format("1:30"), "WF107").fixes
    assert [f.edits[0].new_text for f in fixes] == ["1h30m", "1m30s"]


@pytest.mark.parametrize("value", ["90m", "1.5h", "3600s", '"1µs"'])
def test_not_canonical_is_off_by_default_and_a_hint_when_selected(value):
    text = JOB.format(value)
    assert lint(text) == ()
    finding = only(text, "WF111", extend_select=["WF111"])
    assert finding.severity == Severity.HINT and finding.fix.safe
    assert where(finding) == f"4:14-4:{14 + len(value)} WF111"


def test_not_canonical_fixes_to_the_canonical_form_keeping_quotes():
    text = JOB.format('"3600s"')
    assert apply(text, only(text, "WF111", select=["WF111"]).fix) == JOB.format('"1h"')


def test_canonical_values_are_silent_even_with_everything_selected():
    for value in ("1h30m", '"2h45m30s"', "'10m'", "1ms500us", "1us"):
        assert lint(JOB.format(value), select=["ALL"]) == ()


def test_step_timeouts_are_checked_like_job_timeouts():
    text = "id: x\njobs:\n  a:\n    steps:\n      - run: a\n        timeout: 5 m\n"
    assert spans(text) == ["3:3-3:4 WF203", "6:18-6:21 WF102"]


def test_a_duration_in_a_flow_mapping_covers_its_token():
    text = 'id: x\njobs:\n  a: {timeout: "30m1h", steps: [{run: a, timeout: 1d}]}\n'
    assert spans(text) == ["3:16-3:23 WF103", "3:51-3:53 WF106"]


def test_a_quoted_value_over_two_lines_keeps_its_quotes_when_fixed():
    text = 'id: x\njobs:\n  a:\n    timeout: "1h\n      30m"\n    steps:\n      - run: a\n'
    finding = only(text, "WF102")
    assert where(finding) == "4:14-5:11 WF102"
    assert apply(text, finding.fix) == JOB.format('"1h30m"')


@pytest.mark.parametrize("indicator, code", [("|-", "WF103"), ("|", "WF102"), (">", "WF102")])
def test_a_block_scalar_value_is_fixed_without_joining_the_next_line(indicator, code):
    # `|` keeps the final line break: whitespace in the value, first of all
    text = f"id: x\njobs:\n  a:\n    timeout: {indicator}\n      30m1h\n    steps:\n      - run: a\n"
    finding = only(text, code)
    assert where(finding) == f"4:14-6:1 {code}"
    assert apply(text, finding.fix) == JOB.format('"1h30m"')


def test_anchors_and_tags_are_not_part_of_the_value():
    text = ("id: x\njobs:\n  a:\n    timeout: &t !!str 30m1h\n    steps:\n      - run: a\n"
            "  b:\n    timeout: *t\n    steps:\n      - run: b\n")
    finding = only(text, "WF103")  # once, at the anchor, though two jobs use it
    assert where(finding) == "4:23-4:28 WF103"
    assert apply(text, finding.fix) == text.replace("30m1h", "1h30m")


# --- WF001 yaml-syntax ---------------------------------------------------------------------

def test_syntax_error_at_the_parsers_mark():
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n    foo: bar: baz\n    steps:\n      - run: a\n"
    assert spans(text) == ["5:13-5:14 WF001"]
    assert only(text, "WF001").message == (
        "YAML syntax error: mapping values are not allowed in this context (the `: ` in "
        "`foo`'s value starts a mapping: quote the value)")


AFTER_DASH = ("YAML syntax error: a tab after `-`, where parsers built on libyaml (PyYAML, "
              "go-yaml) take only spaces (YAML 1.2 allows one before a plain value): replace it "
              "with a space")


@pytest.mark.parametrize("steps, where, message", [
    ("    steps:\n\t- run: a\n", "6:1-6:2 WF001",  # a tab that indents
     "YAML syntax error: a tab where YAML allows only spaces (it indents with spaces): "
     "replace it with spaces"),
    # One after `-`: no indentation, and valid YAML 1.2 before a scalar (`-\tb`), which
    # libyaml, ruamel and go-yaml reject all the same.
    ("    steps:\n      -\t- run: a\n", "6:8-6:9 WF001", AFTER_DASH),
    ("    steps:\n      -\tb\n", "6:8-6:9 WF001", AFTER_DASH),
])
def test_a_tab_where_yaml_allows_only_spaces_is_named(steps, where, message):
    # libyaml's "found character that cannot start any token" did not say which.
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n" + steps
    assert spans(text) == [where]
    assert only(text, "WF001").message == message


@pytest.mark.parametrize("char, name", [("\u2028", "LINE SEPARATOR (U+2028)"),
                                        ("\u2029", "PARAGRAPH SEPARATOR (U+2029)"),
                                        ("\x85", "NEXT LINE (U+0085)")])
def test_a_yaml_1_1_line_break_in_a_comment_is_named_where_it_is(char, name):
    """libyaml ends a line at U+2028 (YAML 1.1), in a comment too: the rest of the comment
    was read as a key, "could not find expected ':'" on the next line. It is named."""
    text = f"id: x\n# note{char}more\njobs:\n  a:\n    timeout: 1h\n    steps: [{{run: a}}]\n"
    assert spans(text) == ["2:7-2:8 WF001"]
    assert only(text, "WF001").message == (
        f"YAML syntax error: a {name}, where parsers built on libyaml (PyYAML, go-yaml) end "
        "the line (YAML 1.2 does not), and what follows it is not valid YAML on a line of its "
        "own: remove it")
    # In a quoted value it is folded into the text, no error.
    assert spans(f'id: x\njobs:\n  a:\n    timeout: 1h\n    steps: [{{run: "a{char}b"}}]\n') == []


def test_unterminated_quote_points_at_where_it_opens():
    text = 'id: x\njobs:\n  a:\n    timeout: "2h\n    steps:\n      - run: a\n'
    assert spans(text) == ["4:14-4:15 WF001"]
    assert only(text, "WF001").message == (
        "YAML syntax error: this `\"` opens a string that is never closed: add the closing `\"`")


def test_syntax_error_keeps_checking_what_comes_before_it():
    text = "id: x\njobs:\n  a:\n    timeout: 30m1h\n    steps:\n      - run: a\n  b: [\n"
    assert spans(text) == ["4:14-4:19 WF103", "7:6-7:7 WF001"]


# --- WF002 duplicate-key --------------------------------------------------------------------

def test_duplicate_key_on_the_later_key_related_to_the_first():
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n    timeout: 2h\n    steps:\n      - run: a\n"
    finding = only(text, "WF002")
    assert spans(text) == ["5:5-5:12 WF002"]
    assert finding.message == "duplicate key `timeout`: it is already set on line 4"
    assert [(r.span.start.line, r.span.start.column, r.message) for r in finding.related] == [
        (3, 4, "first `timeout` is here")]


def test_duplicate_job_ids():
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n  a:\n    timeout: 1h\n    steps: [{run: b}]\n"
    assert spans(text) == ["6:3-6:4 WF002"]
    assert only(text, "WF002").message == "duplicate job id `a`: it is already defined on line 3"


@pytest.mark.parametrize("text, expected", [
    ('id: x\nid: y\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n', "2:1-2:3 WF002"),
    ('id: x\nenv:\n  A: "1"\n  A: "2"\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n',
     "4:3-4:4 WF002"),
    ('id: x\ninputs:\n  n: {type: int}\n  n: {type: int}\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n',
     "4:3-4:4 WF002"),
    ('id: x\njobs: {a: {timeout: 1h, matrix: {m: [a], m: [b]}, steps: [{run: a}]}}\n',
     "2:42-2:43 WF002"),
    ('id: x\njobs: {a: {timeout: 1h, steps: [{run: a, env: {B: "1", B: "2"}}]}}\n',
     "2:56-2:57 WF002"),
])
def test_duplicate_keys_in_every_mapping(text, expected):
    assert spans(text) == [expected]


# --- WF003 unknown-key ----------------------------------------------------------------------

@pytest.mark.parametrize("typo, key, value", [
    ("timout", "timeout", "1h"), ("Timeout", "timeout", "1h"), ("depends-on", "depends_on", "[]"),
    ("runer", "runner", "gpu"), ("working-dir", "working_dir", "src"),
])
def test_unknown_key_did_you_mean(typo, key, value):
    text = JOB.format("1h").replace("    timeout: 1h\n", f"    {typo}: {value}\n")
    if key != "timeout":
        text = text.replace("    steps:", "    timeout: 1h\n    steps:")
    finding = only(text, "WF003")
    assert where(finding) == f"4:5-4:{5 + len(typo)} WF003"
    assert finding.message == f"unknown key `{typo}` in a job: did you mean `{key}`?"
    assert finding.fix.safe
    assert apply(text, finding.fix).splitlines()[3] == f"    {key}: {value}"


@pytest.mark.parametrize("written, message, fixed, safe", [
    ("    needs: [b]\n", "this format's is `depends_on`", "    depends_on: [b]", True),
    ("    runs-on: gpu\n", "this format's is `runner`, a Sandbox Engine template",
     "    runner: gpu", False),
    ("    timeout-minutes: 45\n", "this format's is `timeout`, a duration: `timeout: 45m`",
     "    timeout: 45m", True),
    ('    timeout-minutes: "45"\n', "this format's is `timeout`, a duration such as `30m`",
     None, None),
    ("    secrets: []\n", "secrets are declared at the workflow level, in its `secrets`",
     None, None),
])
def test_github_actions_keys_are_told_what_this_format_writes(written, message, fixed, safe):
    text = f"id: x\njobs:\n  a:\n{written}    steps: [{{run: a}}]\n  b: {{steps: [{{run: b}}]}}\n"
    finding = only(text, "WF003")
    key = written.split(":")[0].strip()
    assert finding.message == f"unknown key `{key}` in a job: {message}"
    if fixed is None:
        assert finding.fixes == ()
    else:
        assert finding.fix.safe is safe
        assert apply(text, finding.fix).splitlines()[3] == fixed


def test_github_actions_keys_at_the_root_in_a_step_and_in_a_schedule():
    text = ("id: x\non: push\ntrigger: {schedule: [{cron: '0 2 * * *', timezone: CET}]}\n"
            "jobs: {a: {timeout: 1h, needs: [], depends_on: [], steps: [{run: a, "
            "timeout-minutes: 5}]}}\n")
    assert [(f.code, f.message, len(f.fixes)) for f in lint(text)] == [
        ("WF003", "unknown key `on` in the workflow: runs start from `trigger` (its `schedule`, "
                  "or `callable` for a workflow others call)", 0),
        ("WF003", "unknown key `timezone` in a schedule: `cron` is read in UTC: write its time "
                  "in UTC", 0),
        ("WF003", "unknown key `needs` in a job: this format's is `depends_on`", 0),  # it has one
        ("WF003", "unknown key `timeout-minutes` in a step: this format's is `timeout`, a "
                  "duration: `timeout: 5m`", 1)]


@pytest.mark.parametrize("step, message, fixed", [
    ("{upload: {source: out/, destination: 'drive://b/m/'}}",
     "unknown key `source` in an upload: an upload's local file, folder or glob is its "
     "`path` (`source` is a download's)", "{upload: {path: out/, destination: 'drive://b/m/'}}"),
    ("{download: {source: 'drive://b/raw/', destination: data/}}",
     "unknown key `destination` in a download: a download's local path is its `path` "
     "(`destination` is an upload's)", "{download: {source: 'drive://b/raw/', path: data/}}"),
    # A Drive URL as the local end: the step's direction is mixed up, not a key.
    ("{upload: {source: 'drive://b/raw/', destination: data/}}",
     "unknown key `source` in an upload: an upload's local file, folder or glob is its "
     "`path` (`source` is a download's)", None),
])
def test_an_uploads_source_and_a_downloads_destination_are_its_path(step, message, fixed):
    # They were "unknown key `source` in an upload (allowed: path, destination)" with no
    # fix, beside WF004's "Add `path: output/`".
    text = f"id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - {step}\n"
    finding = only(text, "WF003")
    assert finding.message == message
    if fixed is None:
        assert finding.fixes == ()
    else:
        assert finding.fix.safe
        assert apply(text, finding.fix).splitlines()[5] == f"      - {fixed}"
        assert [f.code for f in lint(apply(text, finding.fix))] == []


def test_a_misspelt_timeout_means_no_timeout():
    text = JOB.format("1h").replace("timeout", "timout")
    assert spans(text) == ["3:3-3:4 WF203", "4:5-4:11 WF003"]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys():
    text = JOB.format("1h").replace("      - run: a\n", "      - run: a\n        banana: 1\n")
    finding = only(text, "WF003")
    assert where(finding) == "7:9-7:15 WF003"
    assert finding.message == ("unknown key `banana` in a step (allowed: name, working_dir, env, "
                               "timeout, continue_on_error, run, upload, download)")
    assert finding.fixes == ()


@pytest.mark.parametrize("key", ["x-env", ".env"])
def test_an_extension_like_key_holding_an_anchor_is_not_renamed_to_a_section(key):
    # `x-env: &env` holds what jobs alias (`env: *env`): "did you mean `env`?" and its safe
    # fix made it the workflow's env, for every job.
    text = JOB.format("1h").replace("jobs:", f'{key}: &env\n  A: "1"\njobs:').replace(
        "    steps:", "    env: *env\n    steps:")
    finding = only(text, "WF003")
    assert finding.message.startswith(f"unknown key `{key}` in the workflow: the engine "
                                      "rejects unknown keys, one that only holds an anchor")
    assert finding.fixes == ()
    # A misspelt key of the format that holds an anchor is still a typo.
    typo = JOB.format("1h").replace("timeout: 1h", "timout: &t 1h")
    assert only(typo, "WF003").message.endswith("did you mean `timeout`?")


@pytest.mark.parametrize("written, guess", [
    ("evn", "env"), ("rnu", "run"),  # two letters swapped in a 3-letter key
    ("fun", "run"),  # one letter changed, and no other step key that close
    ("xyz", None), ("zq", None),  # nothing one edit away; a 2-letter key is too short to guess
])
def test_a_short_key_one_edit_from_one_key_is_guessed(written, guess):
    text = JOB.format("1h").replace("      - run: a\n", f"      - {written}: a\n")
    finding = only(text, "WF003")
    if guess is None:
        assert "did you mean" not in finding.message and finding.fixes == ()
    else:
        assert finding.message == f"unknown key `{written}` in a step: did you mean `{guess}`?"
        assert apply(text, finding.fix).splitlines()[5] == f"      - {guess}: a"


def test_two_misspellings_of_one_key_do_not_both_get_its_name():
    text = JOB.format("1h").replace("    timeout: 1h\n", "    timout: 1h\n    timeot: 2h\n")
    fixes = [f.fix for f in lint(text) if f.code == "WF003"]
    assert [fix and fix.edits[0].new_text for fix in fixes] == ["timeout", None]


@pytest.mark.parametrize("text, title", [
    ("id: x\nnme: y\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n", "the workflow"),
    ("id: x\njobs: {a: {timeout: 1h, steps: [{run: a, timeot: 1h}]}}\n", "a step"),
    ("id: x\njobs: {a: {timeout: 1h, steps: [{upload: {path: a, destination: 'drive://b', to: c}}]}}\n",
     "an upload"),
    ("id: x\njobs: {a: {timeout: 1h, steps: [{download: {source: 'drive://a', path: b, to: c}}]}}\n",
     "a download"),
    ("id: x\ninputs: {n: {type: int, deflt: 1}}\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     "an input"),
    ("id: x\nsecrets: [{name: workspaces/w/secrets/a, as: b, alias: c}]\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     "a secret"),
    ("id: x\nconcurrency: {group: g, cancel: true}\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     "concurrency"),
    ("id: x\ntrigger: {callable: true, on: push}\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     "the trigger"),
    ("id: x\ntrigger: {schedule: [{cron: '0 2 * * *', tz: UTC}]}\n"
     "jobs: {a: {timeout: 1h, steps: [{run: a}]}}\n", "a schedule"),
    ("id: x\njobs: {a: {timeout: 1h, workflow: {name: w, with: {}}}}\n", "a workflow call"),
])
def test_unknown_keys_at_every_level(text, title):
    finding = only(text, "WF003")
    assert f" in {title}" in finding.message
    # (a call of a workflow that is not in the workspace is WF602's information)
    assert [f.code for f in lint(text) if f.code != "WF602"] == ["WF003"]


# --- WF004 missing-key ----------------------------------------------------------------------

MISSING = [
    # the root has no key: its first line
    ("jobs: {a: {timeout: 1h, steps: [{run: a}]}}\n", ["1:1-1:44 WF004"]),
    ("# a workflow\n\njobs:\n  a: {timeout: 1h, steps: [{run: a}]}\n", ["3:1-3:6 WF004"]),
    # a job: on its key
    ("id: x\njobs:\n  train:\n    timeout: 1h\n", ["3:3-3:8 WF004"]),
    # a step: its first line
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - name: x\n        timeout: 5m\n",
     ["6:9-6:16 WF004"]),
    ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps: [{name: x}]\n", ["5:13-5:22 WF004"]),
    # objects under a key: on that key
    ("id: x\njobs: {a: {timeout: 1h, steps: [{download: {path: b}}]}}\n", ["2:34-2:42 WF004"]),
    ("id: x\njobs: {a: {timeout: 1h, steps: [{download: {source: 'drive://b'}}]}}\n", ["2:34-2:42 WF004"]),
    ("id: x\njobs: {a: {timeout: 1h, steps: [{upload: {path: b}}]}}\n", ["2:34-2:40 WF004"]),
    ("id: x\njobs: {a: {timeout: 1h, steps: [{upload: {destination: 'drive://b'}}]}}\n", ["2:34-2:40 WF004"]),
    ("id: x\nsecrets:\n  - name: workspaces/w/secrets/a\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     ["3:5-3:33 WF004"]),
    ("id: x\nsecrets:\n  - as: a\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     ["3:5-3:10 WF004"]),
    ("id: x\nconcurrency: {cancel_in_progress: true}\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     ["2:1-2:12 WF004"]),
    ("id: x\ninputs:\n  epochs: {required: true}\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     ["3:3-3:9 WF004"]),
    ("id: x\njobs: {a: {timeout: 1h, workflow: {inputs: {}}}}\n", ["2:25-2:33 WF004"]),
]


@pytest.mark.parametrize("text, expected", MISSING)
def test_missing_keys(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [text for text, _ in MISSING])
def test_a_missing_key_is_added_with_a_placeholder(text):
    [fix] = only(text, "WF004").fixes
    assert not fix.safe and fix.title.startswith("Add `")  # a placeholder: never by --fix
    assert [f.code for f in lint(apply(text, fix)) if f.code in ("WF001", "WF002", "WF004")] == []


@pytest.mark.parametrize("text", [text for text, _ in MISSING])
def test_unsafe_fixes_never_write_a_placeholder(text):
    """--unsafe-fixes wrote `run: echo TODO`, `cron: "0 2 * * *"` or `id: my-workflow`, and
    the lint passed on a workflow doing what nobody chose: the editor's quick fix is for
    the user to fill in, the finding stays."""
    fixed = fix(text, unsafe=True)
    assert "WF004" in [f.code for f in fixed.findings]
    assert "TODO" not in fixed.text and "my-workflow" not in fixed.text


def test_a_missing_action_goes_after_the_steps_name():
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - name: x\n        timeout: 5m\n"
    [fix] = only(text, "WF004").fixes
    assert fix.title == "Add `run: echo TODO`"
    assert apply(text, fix) == text.replace("name: x\n", "name: x\n        run: echo TODO\n")
    # A key indented too deep is there already: moving it is the fix, not adding another.
    deep = "id: x\njobs:\n  a:\n    timeout: 1h\n    name:\n      steps: [{run: a}]\n"
    assert only(deep, "WF004").fixes == ()


@pytest.mark.parametrize("text, message", [
    ("jobs: {a: {timeout: 1h, steps: [{run: a}]}}\n", "the workflow needs `id`"),
    ("id: x\njobs:\n  train:\n    timeout: 1h\n", "a job needs one of `steps` or `workflow`"),
    ("id: x\njobs: {a: {timeout: 1h, steps: [{name: x}]}}\n",
     "a step needs one of `run`, `upload` or `download`"),
    ("id: x\njobs: {a: {timeout: 1h, steps: [{upload: {path: b}}]}}\n",
     "an upload needs `destination`"),
    ("id: x\nsecrets: [{name: a}]\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     "a secret needs `as`"),
    ("id: x\ninputs: {n: {}}\njobs: {a: {timeout: 1h, steps: [{run: a}]}}\n",
     "an input needs `type`"),
])
def test_missing_key_messages(text, message):
    assert only(text, "WF004").message == message


def test_a_root_without_jobs_is_not_a_workflow_unless_forced():
    # `id: x` alone is no workflow (no `jobs`): skipped, so "needs `jobs`" needs include.
    from .helpers import result

    assert result("id: x\nname: y\n", "w.yaml").skipped == "no `jobs` key at the root"
    forced = result("id: x\nname: y\n", "w.yaml", include=["w.yaml"])
    assert [(where(f), f.message) for f in forced.findings] == [
        ("1:1-1:6 WF004", "the workflow needs `jobs`")]


# --- WF005 wrong-type -------------------------------------------------------------------------

WRAP = "id: x\n{}jobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\n"


@pytest.mark.parametrize("extra, expected, message, fixed", [
    ("env:\n  EPOCHS: 10\n", "3:11-3:13 WF005",
     "`EPOCHS` in `env` must be a string, not a number: quote numbers and booleans",
     'env:\n  EPOCHS: "10"\n'),
    ("env:\n  DEBUG: true\n", "3:10-3:14 WF005",
     "`DEBUG` in `env` must be a string, not a boolean: quote numbers and booleans",
     'env:\n  DEBUG: "true"\n'),
    ("env:\n  RATE: 0.5\n", "3:9-3:12 WF005",
     "`RATE` in `env` must be a string, not a number: quote numbers and booleans",
     'env:\n  RATE: "0.5"\n'),
    # An empty value is reported on its key: its own place has no width to underline.
    ("env:\n  EMPTY:\n", "3:3-3:8 WF005", "`EMPTY` in `env` must be a string, not empty", None),
    ("name:\n", "2:1-2:5 WF005", "`name` must be a string, not empty", None),
    ("env: {EMPTY: }\n", "2:7-2:12 WF005", "`EMPTY` in `env` must be a string, not empty", None),
    ("env:\n  N: null\n", "3:6-3:10 WF005", "`N` in `env` must be a string, not null", None),
    ("env: {N: ~}\n", "2:10-2:11 WF005", "`N` in `env` must be a string, not null", None),
    ("env: [A]\n", "2:6-2:9 WF005", "`env` must be a mapping, not a list", None),
    ("name: 5\n", "2:7-2:8 WF005", "`name` must be a string, not a number: quote it",
     'name: "5"\n'),
    ('cancel_on_failure: "true"\n', "2:20-2:26 WF005",
     "`cancel_on_failure` must be a boolean (`true` or `false`), not a string",
     "cancel_on_failure: true\n"),
    ("cancel_on_failure: yes\n", "2:20-2:23 WF005",
     "`cancel_on_failure` must be a boolean (`true` or `false`), not a string", None),
    ("secrets: {name: a}\n", "2:10-2:19 WF005",
     "`secrets` must be a list of mappings (a secret each), not a mapping",
     "secrets: [{name: a}]\n"),
    ("secrets: [a]\n", "2:11-2:12 WF005",
     "each item of `secrets` must be a mapping (a secret), not a string", None),
    ("trigger: daily\n", "2:10-2:15 WF005",
     "`trigger` must be a mapping (the trigger), not a string", None),
    ("trigger: {callable: 1}\n", "2:21-2:22 WF005",
     "`callable` must be a boolean (`true` or `false`), not a number", None),
    ("trigger: {schedule: [{cron: ''}]}\n", "2:29-2:31 WF005", "`cron` must not be empty", None),
    ("inputs: {n: {type: string}}\ntrigger: {schedule: [{cron: '* * * * *', inputs: {n: 1}}]}\n",
     "3:54-3:55 WF005",
     "`n` in `inputs` must be a string, not a number: quote numbers and booleans",
     "inputs: {n: {type: string}}\ntrigger: {schedule: [{cron: '* * * * *', inputs: {n: \"1\"}}]}\n"),
    ("concurrency: {group: ' '}\n", "2:22-2:25 WF005", "`group` must not be empty", None),
    ("concurrency: {group: g, cancel_in_progress: no}\n", "2:45-2:47 WF005",
     "`cancel_in_progress` must be a boolean (`true` or `false`), not a string", None),
    ("inputs: {n: {type: float}}\n", "2:20-2:25 WF005",
     "`type` must be one of `string`, `bool`, `int`", None),
    ("inputs: {n: {type: int, default: '3'}}\n", "2:34-2:37 WF005",
     "`default` must match the input's type `int`, not a string", None),
    ("inputs: {n: {type: string, required: 1}}\n", "2:38-2:39 WF005",
     "`required` must be a boolean (`true` or `false`), not a number", None),
    ("inputs: {n: {type: string, default: [a]}}\n", "2:37-2:40 WF005",
     "`default` must be a single value, not a list", None),
])
def test_wrong_types_at_the_root(extra, expected, message, fixed):
    text = WRAP.format(extra)
    finding = only(text, "WF005")
    assert spans(text) == [expected]
    assert finding.message == message
    if fixed is None:
        assert finding.safe_fix is None
    else:
        assert apply(text, finding.fix) == WRAP.format(fixed)


def test_yes_and_on_are_offered_as_booleans_but_not_applied_unasked():
    finding = only(WRAP.format("cancel_on_failure: yes\n"), "WF005")
    assert [(f.title, f.safe) for f in finding.fixes] == [("Use `true`", False)]


JOB_WITH = "id: x\njobs:\n  a:\n    timeout: 1h\n{}"


@pytest.mark.parametrize("lines, expected, message, fixed", [
    ("    depends_on: b\n    steps: [{run: a}]\n  b: {timeout: 1h, steps: [{run: b}]}\n",
     "5:17-5:18 WF005", "`depends_on` must be a list: `[b]`", "    depends_on: [b]\n"),
    ("    depends_on: [1]\n    steps: [{run: a}]\n", "5:18-5:19 WF005",
     "an item of `depends_on` must be a string, not a number: quote it",
     '    depends_on: ["1"]\n'),
    ("    depends_on: {b: 1}\n    steps: [{run: a}]\n", "5:17-5:23 WF005",
     "`depends_on` must be a list of strings, not a mapping", None),
    ("    matrix: {m: a}\n    steps: [{run: a}]\n", "5:17-5:18 WF005",
     "`m` in `matrix` must be a list of strings, not a string", None),
    ("    matrix: {m: [1]}\n    steps: [{run: a}]\n", "5:18-5:19 WF005",
     "an item of `m` in `matrix` must be a string, not a number: quote it",
     '    matrix: {m: ["1"]}\n'),
    ("    steps: {run: a}\n", "5:12-5:20 WF005",
     "`steps` must be a list of mappings (a step each), not a mapping",
     "    steps: [{run: a}]\n"),
    ("    steps: [echo]\n", "5:13-5:17 WF005",
     "each item of `steps` must be a mapping (a step), not a string", None),
    ("    steps: [{run: [a]}]\n", "5:19-5:22 WF005", "`run` must be a string, not a list", None),
    ("    steps: [{run: a, continue_on_error: 1}]\n", "5:41-5:42 WF005",
     "`continue_on_error` must be a boolean (`true` or `false`), not a number", None),
    ("    steps: [{upload: x}]\n", "5:22-5:23 WF005",
     "`upload` must be a mapping (an upload), not a string", None),
    ("    workflow: x\n", "5:15-5:16 WF005",
     "`workflow` must be a mapping (a workflow call), not a string", None),
    ("    workflow: {name: w, inputs: [a]}\n", "5:33-5:36 WF005",
     "`inputs` must be a mapping, not a list", None),
])
def test_wrong_types_in_jobs_and_steps(lines, expected, message, fixed):
    text = JOB_WITH.format(lines)
    finding = only(text, "WF005")
    assert [s for s in spans(text) if s.endswith("WF005")] == [expected]
    assert finding.message == message
    if fixed is None:
        assert finding.safe_fix is None
    else:
        assert apply(text, finding.fix).splitlines()[4] == fixed.rstrip("\n")


def test_one_schedule_or_step_written_without_its_dash_is_made_the_lists_item():
    # A block mapping where a list of them goes had no fix; its keys move under `- `,
    # a comment and a block scalar's lines with them.
    text = ("id: x\ninputs: {d: {type: string}}\ntrigger:\n  schedule:\n"
            "    cron: '0 2 * * *'  # nightly\n    # for the report\n    inputs:\n"
            "      d: |\n        a\n\n          b\n"
            "jobs:\n  a:\n    timeout: 1h\n    steps:\n      run: echo\n      timeout: 5m\n")
    found = [f for f in lint(text) if f.code == "WF005"]
    assert [where(f) for f in found] == ["5:5-12:1 WF005", "16:7-18:1 WF005"]
    assert all(f.fix.safe for f in found)
    fixed = fix(text)
    assert fixed.fixed == 2 and fixed.findings == ()
    assert fixed.text == (
        "id: x\ninputs: {d: {type: string}}\ntrigger:\n  schedule:\n"
        "    - cron: '0 2 * * *'  # nightly\n      # for the report\n      inputs:\n"
        "        d: |\n          a\n\n            b\n"
        "jobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: echo\n        timeout: 5m\n")


def test_merge_keys_in_mappings_of_names_bring_names_not_a_name_called_merge():
    # `<<` in env, matrix, inputs and a schedule's inputs merges, as in a job or a step:
    # what it brings is defined and checked where it is written; it is no name itself.
    text = ("id: x\ninputs:\n  <<: {n: {type: int}}\nenv: &common {REGION: eu}\n"
            "trigger: {schedule: [{cron: '0 1 * * *', inputs: {<<: {n: '3'}}}]}\n"
            "jobs:\n  a:\n    timeout: 1h\n    env: {<<: *common, EXTRA: x}\n"
            "    matrix: {<<: {os: [linux]}, py: ['3.12']}\n"
            "    steps:\n      - run: a\n"
            "        env: {<<: [*common, {N: 5}], M: '${{ .matrix.os }}${{ .env.REGION }}'}\n"
            "        name: ${{ .inputs.n }} ${{ .matrix.py }} ${{ .env.EXTRA }}\n")
    assert spans(text) == ["13:33-13:34 WF005"]
    assert only(text, "WF005").message == (
        "`N` in `env` must be a string, not a number: quote numbers and booleans")


def test_a_job_that_is_not_a_mapping():
    text = "id: x\njobs:\n  a: 5\n"
    assert spans(text) == ["3:6-3:7 WF005"]
    assert only(text, "WF005").message == "`a` in `jobs` must be a mapping (a job), not a number"


def test_no_fix_rewrites_an_anchored_value():
    # Quoting `&n 10` would drop the anchor that `*n` refers to.
    text = WRAP.format("env:\n  A: &n 10\n  B: *n\n")
    found = [f for f in lint(text) if f.code == "WF005"]
    assert [where(f) for f in found] == ["3:6-3:11 WF005", "3:6-3:11 WF005"]  # at the anchor
    assert [f.fixes for f in found] == [(), ()]


# --- WF006 exclusive-keys ---------------------------------------------------------------------

def test_a_step_with_two_actions():
    text = JOB_WITH.format("    steps:\n      - run: a\n        upload: {path: a, destination: 'drive://b'}\n"
                           "        download: {source: 'drive://a', path: b}\n")
    assert spans(text) == ["7:9-7:15 WF006", "8:9-8:17 WF006"]
    finding = lint(text)[0]
    assert finding.message == ("a step takes only one of `run`, `upload`, `download`: "
                               "`upload` cannot be used with `run`")
    assert [(r.span.start.line, r.message) for r in finding.related] == [(5, "`run` is here")]


def test_a_job_with_steps_and_workflow():
    text = JOB_WITH.format("    steps: [{run: a}]\n    workflow: {name: w}\n")
    assert spans(text, ignore=["WF602"]) == ["6:5-6:13 WF006"]
    assert "`workflow` cannot be used with `steps`" in lint(text)[0].message


# --- WF201 step-timeout-exceeds-job -------------------------------------------------------------

def steps_job(job: str, *steps: str) -> str:
    body = "".join(f"      - run: s{i}\n" + (f"        timeout: {t}\n" if t else "")
                   for i, t in enumerate(steps))
    job_line = f"    timeout: {job}\n" if job else ""
    return f"id: x\njobs:\n  a:\n{job_line}    steps:\n{body}"


def test_step_longer_than_its_job():
    text = steps_job('"2h"', '"3h"')
    finding = only(text, "WF201")
    assert spans(text) == ["7:18-7:22 WF201"]
    assert finding.severity == Severity.WARNING
    assert finding.message == ("step timeout 3h is longer than job `a`'s timeout 2h: "
                               "the job's limit ends the step first")
    assert [(r.span.start.line, r.span.start.column, r.message) for r in finding.related] == [
        (3, 13, "job `a`'s timeout is 2h")]
    lower, raise_ = finding.fixes
    assert (lower.safe, raise_.safe) == (False, False)
    assert apply(text, lower) == steps_job('"2h"', '"2h"')
    assert apply(text, raise_) == steps_job('"3h"', '"3h"')


@pytest.mark.parametrize("job, step", [
    ('"2h"', '"2h"'),  # equal is fine
    ('"2h"', '"3h 0m"'),  # the step has an error of its own
    ('"2h 0m"', '"3h"'),  # the job has an error of its own
    ('"30m1h"', '"3h"'),
    ("", '"3h"'),  # no job timeout
])
def test_step_versus_job_only_compares_valid_values(job, step):
    assert not [f for f in lint(steps_job(job, step)) if f.code.startswith("WF2")
                and f.code != "WF203"]


def test_values_with_only_a_hint_are_still_compared():
    assert spans(steps_job("+2h", "3h")) == ["4:14-4:17 WF110", "7:18-7:20 WF201"]


# --- WF202 step-timeouts-exceed-job -------------------------------------------------------------

def test_the_timeouts_pages_example_two_steps_exceeding_the_job():
    text = steps_job('"3h"', '"55m"', '"2h10m"')
    finding = only(text, "WF202")
    assert spans(text) == ["4:14-4:18 WF202"]
    assert finding.message == ("the timeouts of 2 steps add up to 3h5m, more than job `a`'s "
                               "timeout 3h")
    assert [(r.span.start.line, r.message) for r in finding.related] == [
        (6, "step timeout 55m"), (8, "step timeout 2h10m")]
    assert not finding.fix.safe
    assert apply(text, finding.fix) == steps_job('"3h5m"', '"55m"', '"2h10m"')


@pytest.mark.parametrize("job, steps", [
    ('"3h"', ('"1h"', '"2h"')),  # exactly the job's: fine
    ('"3h"', ('"4h"', None)),  # one timed step is WF201's business
    ('"3h"', ('"2h"', '"2h 0m"')),  # the second has its own error
    ('"3h"', ('"1h"', "1h", '"-5h"')),
])
def test_step_sum_is_reported_only_for_two_valid_timeouts_above_the_job(job, steps):
    assert "WF202" not in [f.code for f in lint(steps_job(job, *steps))]


def test_three_steps_sum():
    assert only(steps_job("1h", "30m", "20m", "15m"), "WF202").message.startswith(
        "the timeouts of 3 steps add up to 1h5m")


def test_a_sum_past_gos_largest_duration_is_said_but_not_written():
    # Its fix wrote `timeout: 4000000h`, which Go cannot read (WF109, an error).
    finding = only(steps_job("1h", "2000000h", "2000000h"), "WF202")
    assert "add up to 4000000h" in finding.message
    assert finding.fixes == ()


# --- WF203 missing-timeout ----------------------------------------------------------------------

def test_a_job_without_timeout_is_information_on_its_key():
    text = steps_job("", "5m")
    finding = only(text, "WF203")
    assert spans(text) == ["3:3-3:4 WF203"]
    assert finding.severity == Severity.INFORMATION
    assert finding.message == "job `a` has no timeout: the engine's undocumented default applies"


@pytest.mark.parametrize("scope, expected", [
    ("none", []),
    ("jobs", ["3:3-3:4 WF203"]),
    ("steps", ["7:9-7:16 WF203"]),
    ("all", ["3:3-3:4 WF203", "7:9-7:16 WF203"]),
])
def test_require_timeout_scopes(scope, expected):
    text = steps_job("", "5m", None)
    assert spans(text, require_timeout=scope) == expected


def test_a_step_without_timeout_is_named_in_the_message():
    text = "id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - name: Train\n        run: a\n"
    assert only(text, "WF203", require_timeout="steps").message == (
        "step `Train` of job `a` has no timeout")


@pytest.mark.parametrize("steps, guess", [
    ((None,), '"1h"'),  # nothing known of the steps: an hour
    (('"10m"', '"20m"'), '"1h"'),  # they fit in an hour
    (('"2h"',), '"2h"'),  # the longest step (WF201 otherwise)
    (('"55m"', '"2h10m"', None), '"3h5m"'),  # the sum (WF202 otherwise)
    (('"1.5h"', '"${{ inputs.t }}"'), '"1h30m"'),  # only the timeouts known count
    (('"1h30m"', '"90s"', '"5µs"'), '"1h32m"'),  # rounded up to a minute
])
def test_the_timeout_guessed_for_a_job_leaves_room_for_its_steps(steps, guess):
    missing = steps_job("", *steps)
    added = only(missing, "WF203").fix
    assert (added.title, added.safe) == ("Add a timeout to job `a`", False)
    assert apply(missing, added) == steps_job(guess, *steps)
    zero = steps_job("0s", *steps)
    (changed,) = only(zero, "WF104").fixes
    assert (changed.title, changed.safe) == (f"Change to {guess}", False)
    assert apply(zero, changed) == steps_job(guess.strip('"'), *steps)
    # (the undeclared input is WF406's)
    assert [f.code for f in lint(steps_job(guess, *steps)) if f.code != "WF406"] == []


def test_the_guess_for_a_job_stays_within_the_configured_maximum():
    text = steps_job("", '"4h"', '"4h"')
    assert apply(text, only(text, "WF203", max_job_timeout="6h").fix) == steps_job(
        '"6h"', '"4h"', '"4h"')


# --- WF204 timeout-above-limit ------------------------------------------------------------------

def test_above_the_configured_maximum_is_off_until_configured():
    text = steps_job('"12h"', '"5h"')
    assert lint(text) == ()
    assert spans(text, max_job_timeout="6h") == ["4:14-4:19 WF204"]
    assert spans(text, max_step_timeout="4h") == ["7:18-7:22 WF204"]
    finding = only(text, "WF204", max_job_timeout="6h")
    assert finding.severity == Severity.WARNING
    assert finding.message == ("job timeout 12h is above the configured maximum 6h "
                               "(max-job-timeout)")
    assert not finding.fix.safe
    assert apply(text, finding.fix) == steps_job('"6h"', '"5h"')


def test_at_the_maximum_or_invalid_is_not_above_it():
    assert lint(steps_job('"6h"', '"5h"'), max_job_timeout="6h") == ()
    assert spans(steps_job('"12h 0m"', None), max_job_timeout="6h") == ["4:14-4:22 WF102"]


# --- WF301 unknown-dependency -------------------------------------------------------------------

DEPS = ("id: x\njobs:\n  preprocess:\n    timeout: 1h\n    steps: [{run: a}]\n"
        "  train:\n    depends_on: DEPENDS\n    timeout: 1h\n    steps: [{run: b}]\n")


def deps(value: str) -> str:
    return DEPS.replace("DEPENDS", value)


def test_unknown_dependency_did_you_mean():
    text = deps("[preprocss]")
    finding = only(text, "WF301")
    assert spans(text) == ["7:18-7:27 WF301"]
    assert finding.message == "unknown job `preprocss`: did you mean `preprocess`?"
    # A letter changed is a guess: offered, made by --unsafe-fixes, never by --fix.
    assert not finding.fix.safe
    assert apply(text, finding.fix) == deps("[preprocess]")


@pytest.mark.parametrize("written, meant, safe", [
    ("Preprocess", "preprocess", True), ("PREPROCESS", "preprocess", True),
    ("Train-Model", "train_model", True), ("train model", "train_model", True),
    ("preprocss", "preprocess", False), ("perprocess", "preprocess", False),
    ("pre-process", "preprocess", False), ("train_modle", "train_model", False)])
def test_unknown_dependency_is_safely_renamed_only_to_the_same_name(written, meant, safe):
    """Safe (`--fix`, the editor's preferred quick fix) only when the job's id is written
    with another case or other separators; a letter changed may mean another job."""
    text = deps(f"[{written}]").replace("  preprocess:", f"  {meant}:")
    finding = only(text, "WF301")
    assert finding.fix.safe is safe
    assert apply(text, finding.fix) == deps(f"[{meant}]").replace("  preprocess:", f"  {meant}:")


def test_a_short_dependency_one_letter_off_is_not_renamed_by_fix():
    """`etl` with a job `elt` (and no `etl`) was renamed by --fix: the only id one edit
    away is a guess, and the job meant may be one the user has not written yet."""
    text = ("id: x\njobs:\n  elt:\n    timeout: 1h\n    steps: [{run: a}]\n"
            "  train:\n    depends_on: [etl]\n    timeout: 1h\n    steps: [{run: b}]\n")
    finding = only(text, "WF301")
    assert finding.message == "unknown job `etl`: did you mean `elt`?"
    assert not finding.fix.safe
    assert fix(text).text == text
    assert fix(text, unsafe=True).text == text.replace("[etl]", "[elt]")


def test_unknown_dependency_without_a_guess_lists_the_jobs():
    finding = only(deps("[deploy]"), "WF301")
    assert finding.message == "unknown job `deploy` (jobs: `preprocess`)"
    assert finding.fixes == ()


def test_unknown_dependency_lists_at_most_eight_jobs():
    jobs = "".join(f"  job{n}:\n    steps:\n      - run: a\n" for n in range(12))
    text = f"id: x\njobs:\n{jobs}  last:\n    depends_on: [zzz]\n    steps:\n      - run: a\n"
    finding = only(text, "WF301")
    listed = ", ".join(f"`job{n}`" for n in range(8))
    assert finding.message.endswith(f"(jobs: {listed} and 4 more)")  # not `last` itself


def test_a_name_differing_only_in_case_is_guessed():
    text = deps("[PreProcess]")
    finding = only(text, "WF301")
    assert finding.message == "unknown job `PreProcess`: did you mean `preprocess`?"
    assert apply(text, finding.fix) == deps("[preprocess]")


@pytest.mark.parametrize("listed, message", [
    ("[trian]", "unknown job `trian`: the closest job id, `train`, is this job's own"),
    # renaming would only duplicate it
    ("[preprocess, preprocss]",
     "unknown job `preprocss`: the closest job id, `preprocess`, is listed already"),
    ("[pre-process, PreProcess]",
     "unknown job `PreProcess`: the closest job id, `preprocess`, is the guess for `pre-process`"),
])
def test_a_job_is_not_guessed_for_itself_nor_twice_in_one_list(listed, message):
    [*_, finding] = [f for f in lint(deps(listed)) if f.code == "WF301"]
    assert (finding.message, finding.fixes) == (message, ())


def test_a_rename_that_would_close_a_cycle_is_offered_not_applied_unasked():
    text = deps("[preprocss]").replace(
        "  preprocess:\n", "  preprocess:\n    depends_on: [train]\n")
    fix = only(text, "WF301").fix
    assert (fix.safe, fix.placeholder, fix.title) == (
        False, True, "Change to `preprocess`, which closes a dependency cycle")


def test_unknown_dependency_is_held_back_while_the_file_does_not_parse():
    text = deps("[deploy]") + "  c: [\n"
    assert [f.code for f in lint(text)] == ["WF001"]


# --- WF302 dependency-cycle ---------------------------------------------------------------------

CYCLE = ("id: x\njobs:\n  a:\n    depends_on: [b]\n    timeout: 1h\n    steps: [{run: a}]\n"
         "  b:\n    depends_on: [c, a]\n    timeout: 1h\n    steps: [{run: b}]\n"
         "  c:\n    timeout: 1h\n    steps: [{run: c}]\n")


def test_every_edge_on_a_cycle_is_reported_and_no_other():
    assert spans(CYCLE) == ["4:18-4:19 WF302", "8:21-8:22 WF302"]
    assert [f.message for f in lint(CYCLE)] == ["dependency cycle: a → b → a",
                                               "dependency cycle: b → a → b"]


def test_each_edge_points_at_the_other_edges_of_its_cycle():
    found = [(f.message, [(r.span.start.line + 1, r.span.start.column + 1, r.message)
                          for r in f.related]) for f in lint(CYCLE)]
    assert found == [("dependency cycle: a → b → a", [(8, 21, "`b` depends on `a` here")]),
                     ("dependency cycle: b → a → b", [(4, 18, "`a` depends on `b` here")])]


def test_a_self_dependency_is_a_cycle():
    text = CYCLE.replace("depends_on: [c, a]", "depends_on: [b]")
    found = [(where(f), f.message, f.related) for f in lint(text) if f.code == "WF302"]
    assert found == [("8:18-8:19 WF302", "dependency cycle: `b` depends on itself", ())]


def test_an_edge_listed_twice_is_one_cycle_finding_and_the_repeat_is_wf303():
    # `[b, c, b]`: one mistake (b needs itself) and one repeat, not two cycles
    text = CYCLE.replace("depends_on: [c, a]", "depends_on: [b, c, b]")
    assert spans(text) == ["8:18-8:19 WF302", "8:24-8:25 WF303"]


def test_a_longer_cycle_shows_every_job():
    text = CYCLE.replace("depends_on: [c, a]", "depends_on: [c]").replace(
        "  c:\n", "  c:\n    depends_on: [a]\n")
    assert [f.message for f in lint(text)] == [
        "dependency cycle: a → b → c → a", "dependency cycle: b → c → a → b",
        "dependency cycle: c → a → b → c"]
    assert all(f.severity == Severity.ERROR for f in lint(text))
    assert [r.message for r in lint(text)[0].related] == ["`b` depends on `c` here",
                                                          "`c` depends on `a` here"]


# --- WF303 duplicate-dependency -----------------------------------------------------------------

def test_duplicate_dependency_in_a_flow_list():
    text = deps("[preprocess, preprocess]")
    finding = only(text, "WF303")
    assert spans(text) == ["7:30-7:40 WF303"]
    assert finding.message == "job `train` lists `preprocess` twice in `depends_on`"
    assert finding.severity == Severity.WARNING
    assert [(r.span.start.column, r.message) for r in finding.related] == [
        (17, "`preprocess` is first listed here")]
    assert finding.fix.safe
    assert apply(text, finding.fix) == deps("[preprocess]")


def test_duplicate_dependency_in_a_block_list_removes_its_line_not_its_comment():
    text = deps("\n      - preprocess\n      - preprocess  # again")
    finding = only(text, "WF303")
    assert where(finding) == "9:9-9:19 WF303"
    assert apply(text, finding.fix) == deps("\n      - preprocess\n      # again")


@pytest.mark.parametrize("written, fixed", [
    # The fix removed from the first item's end to the second's: `# the build` went too.
    ("[\n      preprocess,  # the build\n      preprocess   # again\n    ]",
     "[\n      preprocess  # the build\n      # again\n    ]"),
    ("[\n      preprocess,  # the build\n      preprocess,\n    ]",
     "[\n      preprocess,  # the build\n    ]"),
    ("[preprocess,  # the build\n      preprocess]", "[preprocess  # the build\n      ]"),
    ("[\n      preprocess, x,\n      preprocess, y\n    ]", "[\n      preprocess, x,\n      y\n    ]"),
])
def test_duplicate_dependency_in_a_flow_list_over_lines_keeps_the_comments(written, fixed):
    finding = only(deps(written), "WF303")
    assert apply(deps(written), finding.fix) == deps(fixed)



@pytest.mark.parametrize("written, at, first, fixed", [
    # An alias of a listed id is that id listed again: it was no finding.
    ("[&d preprocess, *d]", "7:33-7:35", "7:18-7:20", "[&d preprocess]"),
    ("\n      - &d preprocess\n      - *d  # again", "9:9-9:11", "8:9-8:11",
     "\n      - &d preprocess\n      # again"),
])
def test_duplicate_dependency_through_an_alias_is_reported_where_it_is_written(
        written, at, first, fixed):
    text = deps(written)
    finding = only(text, "WF303")
    assert where(finding) == f"{at} WF303"
    assert finding.message == "job `train` lists `preprocess` twice in `depends_on`"
    (related,) = finding.related
    assert f"{related.span.start.line + 1}:{related.span.start.column + 1}" == first.split("-")[0]
    assert finding.fix.safe
    assert apply(text, finding.fix) == deps(fixed)

# --- the catalog ------------------------------------------------------------------------------

def test_every_code_of_the_issue_is_in_the_catalog_with_its_default():
    expected = {
        "WF001": "error", "WF002": "error", "WF003": "warning", "WF004": "error",
        "WF005": "error", "WF006": "error", "WF007": "error", "WF008": "warning",
        "WF010": "warning", "WF101": "error", "WF102": "error",
        "WF103": "error", "WF104": "error", "WF105": "error", "WF106": "error",
        "WF107": "error", "WF108": "error", "WF109": "error", "WF110": "hint",
        "WF111": "hint", "WF201": "warning", "WF202": "warning", "WF203": "information",
        "WF204": "warning", "WF301": "error", "WF302": "error", "WF303": "warning",
        "WF401": "error", "WF402": "error", "WF403": "error", "WF404": "warning",
        "WF405": "error", "WF406": "error", "WF407": "warning", "WF408": "warning",
        "WF409": "error", "WF410": "warning", "WF411": "error", "WF412": "error",
        "WF413": "error", "WF501": "error",
        "WF502": "hint", "WF503": "error", "WF504": "warning", "WF505": "error",
        "WF506": "warning", "WF511": "error", "WF512": "warning", "WF513": "error",
        "WF601": "error", "WF602": "information", "WF603": "error", "WF604": "error",
        "WF605": "error", "WF606": "warning",
    }
    assert {code: rule.severity.label for code, rule in RULES.items()} == expected
    assert [code for code, rule in RULES.items() if not rule.default_on] == ["WF111"]
    # WF204 is on but silent until a maximum is configured (see its own test)
    names = [rule.name for rule in RULES.values()]
    assert len(set(names)) == len(names)
    assert all(name == name.lower() and " " not in name and "_" not in name for name in names)


def test_rules_that_hold_back_on_a_partial_document():
    assert {code for code, rule in RULES.items() if rule.needs_complete} == {
        "WF004", "WF203", "WF301", "WF403", "WF404", "WF405", "WF513", "WF602", "WF604", "WF606"}


# --- job ids -----------------------------------------------------------------------------

def test_names_that_differ_only_by_normalization_are_reported_on_the_later_one():
    nfd = "cafe\u0301"
    text = (f"id: x\ninputs:\n  café: {{type: string}}\n  {nfd}: {{type: string}}\njobs:\n"
            f"  café:\n    timeout: 1h\n    steps: [{{run: a}}]\n"
            f"  {nfd}:\n    timeout: 1h\n    steps: [{{run: a}}]\n"
            "  \u212aey:\n    timeout: 1h\n    steps: [{run: a}]\n"
            "  Key:\n    timeout: 1h\n    steps: [{run: a}]\n"
            "  build:\n    timeout: 1h\n    steps: [{run: a}]\n"
            "  Build:\n    timeout: 1h\n    steps: [{run: a}]\n")  # case alone: not reported
    found = [(where(f), f.message, [where_related(r) for r in f.related])
             for f in lint(text) if f.code == "WF008"]
    differ = "but is written with other code points"
    same = "the engine sees two names; write both the same way"
    assert found == [
        ("4:3-4:8 WF008", f"input `{nfd}` looks the same as `café` on line 3 {differ} "
                          f"(U+0065 U+0301 here, U+00E9 there): {same}", ["3:3-3:7"]),
        ("9:3-9:8 WF008", f"job id `{nfd}` looks the same as `café` on line 6 {differ} "
                          f"(U+0065 U+0301 here, U+00E9 there): {same}", ["6:3-6:7"]),
        ("15:3-15:6 WF008", f"job id `Key` looks the same as `\u212aey` on line 12 {differ} "
                            f"(U+004B here, U+212A there): {same}", ["12:3-12:6"]),
    ]


def where_related(related) -> str:
    s, e = related.span.start, related.span.end
    return f"{s.line + 1}:{s.column + 1}-{e.line + 1}:{e.column + 1}"


def _job_named(name: str, quote: bool = True) -> str:
    import json

    key = json.dumps(name, ensure_ascii=False) if quote else name
    return f"id: x\njobs:\n  {key}:\n    timeout: 1h\n    steps: [{{run: a}}]\n"


@given(st.one_of(st.text(max_size=12), st.sampled_from(
    ["build", "_prep", "データ", "a-b", "a b", "2nd", "", "true", "Null", "job🚀", "a.b",
     "01-fetch", "2026", "1e3", "0x1F", ".a", "a/b", "tRue"])), st.booleans())
@settings(max_examples=examples(0.6, at_most=300))
def test_the_linter_accepts_the_job_ids_a_rename_accepts(name, quote):
    """WF007 and the editor's rename hold a job id to one rule (`spec.job_id_problem`),
    quoted (`"2026"` is a string) or not (`2026` a number)."""
    from wf_lsp.config import Config
    from wf_lsp.editor.navigation import rename_problem
    from wf_lsp.editor.snapshot import Snapshot
    from wf_lsp.linter import analyze

    assume("\x00" not in name and all(c.isprintable() for c in name))
    analysis = analyze(_job_named(name, quote))
    assume(analysis.is_workflow and not any(f.code in ("WF001", "WF002") for f in analysis.findings))
    assume([job.id for job in analysis.workflows[0].jobs] == [name])
    # An id with `${{` is WF406's (a key is never evaluated), any other bad one WF007's.
    flagged = [f.message for f in analysis.findings if f.code in ("WF007", "WF406")]
    snap = Snapshot(analysis, Config())
    refused = rename_problem(snap, analysis.workflows[0], name, name)  # to itself: no clash
    assert bool(flagged) == bool(refused), (name, flagged, refused)
