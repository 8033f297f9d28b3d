"""YAML as the engine reads it: its parser is go-yaml (gopkg.in/yaml.v3, a port of
libyaml), so text it rejects is a syntax error (WF001) here too, whatever YAML 1.2 allows,
said where it is and the same at any size of file; and hostile text never a traceback."""

from __future__ import annotations

import json

import pytest

from .helpers import run_cli, run_json

WORKFLOW = "id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: x\n"


def _syntax(findings: list[dict]) -> list[tuple[int, str]]:
    return [(f["line"], f["message"]) for f in findings if f["code"] == "WF001"]


@pytest.mark.parametrize("version", ["1.2", "1.3", "2.0"])
def test_a_yaml_directive_the_engine_rejects_is_said_on_it(version):
    # `%YAML 1.3` was an internal error (ruamel's pure parser fails an assert); `%YAML 1.2`
    # read fine, but go-yaml reads only 1.1 and fails the file.
    done = run_cli("lint", "--format", "json", "-",
                   input=f"%YAML {version}\n---\n{WORKFLOW}")
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    found = _syntax(json.loads(done.stdout))
    assert len(found) == 1 and found[0][0] == 1, found
    assert f"`%YAML {version}`" in found[0][1] and "YAML 1.1" in found[0][1]


def test_a_yaml_1_1_directive_is_read():
    assert _syntax(run_json("-", input=f"%YAML 1.1\n---\n{WORKFLOW}")) == []


def _with_jobs(text: str, count: int) -> str:
    return text + "".join(f"  j{n}:\n    timeout: 1h\n    steps:\n      - run: echo {n}\n"
                          for n in range(count))


@pytest.mark.parametrize("jobs", [0, 2000], ids=["small", "over-100KB"])
def test_a_line_separator_go_yaml_ends_the_line_at_is_the_same_error_at_any_size(jobs):
    # go-yaml ends the line at U+2028 (as libyaml), and ` x` cannot go on there: the
    # engine fails. Below 100 KB it read fine (YAML 1.2's reading), above it was WF001.
    text = _with_jobs("id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
                      "      - run: echo \u2028 x\n", jobs)
    assert (len(text) > 100_000) == bool(jobs)
    found = _syntax(run_json("-", input=text))
    assert len(found) == 1 and found[0][0] == 6 and "LINE SEPARATOR" in found[0][1], found


@pytest.mark.parametrize("text", [
    "id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: echo\n        env: {A: x:y}\n",
    "id: w\njobs:\n  a: &j\n    timeout: 1h\n    steps:\n      - run: x\n"
    "  b: &j\n    timeout: 1h\n    steps:\n      - run: y\n",
    "id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: echo\n"
    "        env: {A: drive://b/}\t# a tab after the flow mapping\n",
], ids=["flow-colon", "anchor-again", "flow-colon-tab"])
def test_what_go_yaml_reads_and_libyaml_not_is_no_syntax_error(text):
    assert _syntax(run_json("-", input=text)) == []


@pytest.mark.parametrize("text, line, column, key", [
    # A job's first line: YAML read `timeout 1h steps` as one string, the job as a string
    # (WF005) and the error was "mapping values are not allowed" on the next line.
    ("id: w\njobs:\n  a:\n    timeout 1h\n    steps:\n      - run: x\n", 4, 5, "timeout"),
    ("id: w\njobs:\n  a:\n    name: x\n    timeout 1h\n    steps:\n      - run: x\n", 5, 5,
     "timeout"),
    ("id: w\njobs:\n  a:\n    timeout 1h  # an hour\n    steps:\n      - run: x\n", 4, 5,
     "timeout"),
    ("id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - name x\n        run: y\n", 6, 9,
     "name"),
    ("id w\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: y\n", 1, 1, "id"),
], ids=["first-key", "middle-key", "commented", "item-key", "root-key"])
def test_a_key_without_its_colon_is_said_where_the_colon_is_missing(text, line, column, key):
    findings = run_json("-", input=text)
    assert [(f["code"], f["line"], f["column"]) for f in findings
            if f["code"] in ("WF001", "WF005")] == [("WF001", line, column)], findings
    message = next(f["message"] for f in findings if f["code"] == "WF001")
    assert f"`{key}` has no `:` after it" in message and f"write `{key}: " in message


@pytest.mark.parametrize("blank, what", [
    ("\t", "holds only whitespace with a tab in it"),
    ("  \t  ", "holds only whitespace with a tab in it"),
    ("\t# a note", "has a tab before its comment"),
], ids=["tab", "spaces-and-tab", "comment"])
def test_a_blank_line_with_a_tab_below_a_value_says_why_the_engine_fails(blank, what):
    # YAML 1.2 reads the line as blank; go-yaml (as libyaml) fails there, so WF001 stays,
    # but it was "found a tab character that violates indentation (while scanning a plain
    # scalar at line 6)", which named no cause a person could see.
    text = ("id: w\njobs:\n  a:\n    steps:\n      - run: echo\n        timeout: 5m\n"
            f"{blank}\n  b:\n    timeout: 1h\n    steps:\n      - run: x\n")
    found = _syntax(run_json("-", input=text))
    assert len(found) == 1 and found[0][0] == 7, found
    assert what in found[0][1] and "go-yaml" in found[0][1] and "remove the tab" in found[0][1]


@pytest.mark.parametrize("value", ["{A: x:y}", "{A: drive://b/}"])
def test_a_flow_colon_past_the_fallback_s_size_says_why_it_is_an_error(value):
    # Below 100 KB the pure parser reads it, as go-yaml does: no error. Above it, libyaml's
    # "found unexpected ':'" stood with nothing saying that only the size made it one.
    text = _with_jobs("id: w\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: echo\n"
                      f"        env: {value}\n", 2000)
    assert len(text) > 100_000
    found = _syntax(run_json("-", input=text))
    assert len(found) == 1 and found[0][0] == 7, found
    assert "over 100 KB" in found[0][1] and "libyaml" in found[0][1], found
