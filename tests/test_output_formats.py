"""Every `wf-lsp lint --format` through the real command line, with exact output.

The inputs are small and hold the cases where formats go wrong: an emoji and CJK text
before a finding on the same line (columns in code points, UTF-16 units and terminal
cells differ there), a range over two lines, related locations, several fixes, and
characters that GitHub's workflow commands must escape.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from wf_lsp import __version__
from wf_lsp.output.github import escape_property
from wf_lsp.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0.schema.json").read_text(encoding="utf-8"))

FLOW = """\
id: report
jobs:
  report:
    timeout: "30m1h"
    steps:
      - {name: "🚀 go", timeout: "1h 30m", run: python report.py}
      - {name: "训练", timeout: "📊1h", run: python report.py}
"""
LINE_6, LINE_7 = FLOW.splitlines()[5], FLOW.splitlines()[6]
MORE = """\
id: more
jobs:
  a:
    timeout: 30
    steps:
      run: echo
      name: 训练
  b:
    timeout: 1h
    timeout: 2h
    steps:
      - run: echo
"""
ODD_NAME = "odd,name:1.yaml"
ODD = 'id: x\njobs:\n  a:\n    "ti%me\\nout": 1\n    timeout: 1h\n    steps:\n      - run: echo\n'
WF107_MESSAGE = '"📊" (U+1F4CA BAR CHART) is not allowed in a duration: remove it'


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
                        "TERM", "WF_LSP_DOCS_URL", "PRE_COMMIT")}
    env.update(extra)
    return env


@pytest.fixture
def workdir(tmp_path) -> Path:
    for name, text in (("flow.yaml", FLOW), ("more.yaml", MORE), (ODD_NAME, ODD),
                       ("compose.yaml", "services:\n  web:\n    image: nginx\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def lint(workdir: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wf_lsp", "lint", *args], cwd=workdir,
                          env=env or clean_env(), capture_output=True, text=True, encoding="utf-8")


def test_the_columns_of_the_inputs():
    # Code points before the two values on the emoji and CJK lines: the CLI's columns.
    assert (LINE_6.index('"1h 30m"'), LINE_7.index('"📊1h"')) == (32, 30)


# --- full --------------------------------------------------------------------------------

FULL_FLOW = """\
flow.yaml:4:14: WF103 [*] units must go from larger to smaller: "30m1h" is 1h30m
  |
4 |     timeout: "30m1h"
  |              ^^^^^^^ WF103
  |
  = help: Change to "1h30m"

flow.yaml:6:33: WF102 [*] whitespace is not allowed in a duration: write "1h30m"
  |
6 |       - {name: "🚀 go", timeout: "1h 30m", run: python report.py}
  |                                  ^^^^^^^^ WF102
  |
  = help: Remove the whitespace: "1h30m"

flow.yaml:7:31: WF107 "📊" (U+1F4CA BAR CHART) is not allowed in a duration: remove it
  |
7 |       - {name: "训练", timeout: "📊1h", run: python report.py}
  |                                 ^^^^^^ WF107
  |
  = help: Change to "1h"

Found 3 problems (3 errors) in 1 workflow file.
2 fixable with `wf-lsp lint --fix` (1 hidden fix can be enabled with `--unsafe-fixes`).
"""


def test_full_underlines_the_exact_range_in_terminal_cells(workdir):
    result = lint(workdir, "--format", "full", "flow.yaml")
    assert (result.returncode, result.stdout, result.stderr) == (1, FULL_FLOW, "")
    # 🚀 and each of 训练 take two cells: the carets start one and two cells further right
    # than the code-point column.
    carets = result.stdout.splitlines()
    assert carets[10].index("^") - len("  | ") == 32 + 1
    assert carets[17].index("^") - len("  | ") == 30 + 2


def test_full_shows_every_fix_related_notes_and_ranges_over_lines(workdir):
    result = lint(workdir, "--format", "full", "more.yaml")
    assert result.stdout == """\
more.yaml:4:14: WF101 missing unit: "30" needs a unit such as "30m", "30h" or "30s"
  |
4 |     timeout: 30
  |              ^^ WF101
  |
  = help: Read as minutes: "30m"
  = help: Read as hours: "30h"
  = help: Read as seconds: "30s"

more.yaml:6:7: WF005 [*] `steps` must be a list of mappings (a step each), not a mapping
  |
6 |       run: echo
  |       ^^^^^^^^^
7 |       name: 训练
  |       ^^^^^^^^^^ WF005
  |
  = help: Make it a list

more.yaml:10:5: WF002 duplicate key `timeout`: it is already set on line 9
   |
10 |     timeout: 2h
   |     ^^^^^^^ WF002
   |
   = note: first `timeout` is here (9:5)

Found 3 problems (3 errors) in 1 workflow file.
1 fixable with `wf-lsp lint --fix` (1 hidden fix can be enabled with `--unsafe-fixes`).
"""


def test_full_colours_only_when_forced_and_never_with_no_color(workdir):
    coloured = lint(workdir, "--format", "full", "flow.yaml", env=clean_env(FORCE_COLOR="1"))
    first = coloured.stdout.splitlines()[:6]
    assert first == [
        '\x1b[1mflow.yaml:4:14:\x1b[0m \x1b[1;31mWF103\x1b[0m \x1b[36m[*]\x1b[0m units must go '
        'from larger to smaller: "30m1h" is 1h30m',
        "\x1b[1m  |\x1b[0m",
        '\x1b[1m4 |\x1b[0m     timeout: "30m1h"',
        "\x1b[1m  |\x1b[0m              \x1b[31m^^^^^^^ WF103\x1b[0m",
        "\x1b[1m  |\x1b[0m",
        '  = \x1b[1;36mhelp\x1b[0m: Change to "1h30m"',
    ]
    plain = lint(workdir, "--format", "full", "flow.yaml", env=clean_env(FORCE_COLOR="1", NO_COLOR="1"))
    assert plain.stdout == FULL_FLOW
    assert lint(workdir, "--format", "full", "--no-color", "flow.yaml",
                env=clean_env(FORCE_COLOR="1")).stdout == FULL_FLOW


def _on_a_terminal(workdir: Path, *args: str, env: dict) -> str:
    """What the CLI prints when its standard output is a terminal (a pseudo-terminal here)."""
    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "wf_lsp", "lint", *args], cwd=workdir,
                               env=env, stdout=child, stderr=subprocess.DEVNULL)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # EIO: the child side closed
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_full_with_colour_is_the_default_on_a_terminal_and_no_color_turns_colour_off(workdir):
    coloured = _on_a_terminal(workdir, "flow.yaml", env=clean_env())
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == FULL_FLOW
    assert "\x1b[1;31mWF103\x1b[0m" in coloured
    assert _on_a_terminal(workdir, "flow.yaml", env=clean_env(NO_COLOR="1")) == FULL_FLOW


def test_colour_follows_clicolor_and_term_as_ruff_and_git_do(workdir):
    # CLICOLOR_FORCE coloured nothing piped, CLICOLOR=0 and TERM=dumb left a terminal
    # coloured: https://bixense.com/clicolors, honoured by ruff, cargo and git.
    forced = lint(workdir, "--format", "full", "flow.yaml", env=clean_env(CLICOLOR_FORCE="1"))
    assert "\x1b[1;31mWF103\x1b[0m" in forced.stdout
    for env in ({"CLICOLOR_FORCE": "0"}, {"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}):
        assert lint(workdir, "--format", "full", "flow.yaml", env=clean_env(**env)).stdout == FULL_FLOW
    for env in ({"CLICOLOR": "0"}, {"TERM": "dumb"}):
        assert _on_a_terminal(workdir, "flow.yaml", env=clean_env(**env)) == FULL_FLOW
    assert "\x1b[" in _on_a_terminal(workdir, "flow.yaml", env=clean_env(CLICOLOR="1"))


def test_concise_is_the_default_when_piped(workdir):
    result = lint(workdir, "flow.yaml")
    assert result.stdout == (
        'flow.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m\n'
        'flow.yaml:6:33: WF102 whitespace is not allowed in a duration: write "1h30m"\n'
        f"flow.yaml:7:31: WF107 {WF107_MESSAGE}\n"
        "Found 3 problems (3 errors) in 1 workflow file.\n"
        "2 fixable with `wf-lsp lint --fix` (1 hidden fix can be enabled with `--unsafe-fixes`).\n"
    )


# --- github ------------------------------------------------------------------------------

GITHUB_FLOW = (
    '::error file=flow.yaml,line=4,col=14,endLine=4,endColumn=21,title=WF103::units must go '
    'from larger to smaller: "30m1h" is 1h30m\n'
    '::error file=flow.yaml,line=6,col=33,endLine=6,endColumn=41,title=WF102::whitespace is '
    'not allowed in a duration: write "1h30m"\n'
    f"::error file=flow.yaml,line=7,col=31,endLine=7,endColumn=36,title=WF107::{WF107_MESSAGE}\n"
)


def test_github_writes_workflow_commands_and_nothing_else(workdir):
    result = lint(workdir, "--format", "github", "flow.yaml", "compose.yaml")
    assert (result.returncode, result.stdout, result.stderr) == (1, GITHUB_FLOW, "")


def test_github_is_the_default_under_github_actions(workdir):
    result = lint(workdir, "flow.yaml", env=clean_env(GITHUB_ACTIONS="true"))
    assert result.stdout == GITHUB_FLOW


def test_github_levels_and_escaping(workdir):
    result = lint(workdir, "--format", "github", ODD_NAME, "more.yaml")
    assert result.stdout == (
        "::error file=more.yaml,line=4,col=14,endLine=4,endColumn=16,title=WF101::missing unit: "
        '"30" needs a unit such as "30m", "30h" or "30s"\n'
        "::error file=more.yaml,line=6,col=7,endLine=8,endColumn=3,title=WF005::`steps` must be "
        "a list of mappings (a step each), not a mapping\n"
        "::error file=more.yaml,line=10,col=5,endLine=10,endColumn=12,title=WF002::duplicate "
        "key `timeout`: it is already set on line 9\n"
        # `,` and `:` are escaped in the file property, `%` everywhere; the name's newline
        # comes escaped in the message itself, as in every format (below).
        "::warning file=odd%2Cname%3A1.yaml,line=4,col=5,endLine=4,endColumn=17,title=WF003::"
        "unknown key `ti%25me\\nout` in a job (allowed: name, runner, depends_on, matrix, "
        "working_dir, timeout, env, steps, workflow)\n"
    )


def test_a_name_with_a_line_break_keeps_its_finding_on_one_line(workdir):
    # `"ti%me\nout":` is a key with a newline: every format prints a finding a line, and
    # the message shows the name as a double-quoted YAML string writes it.
    message = ("unknown key `ti%me\\nout` in a job (allowed: name, runner, depends_on, "
               "matrix, working_dir, timeout, env, steps, workflow)")
    concise = lint(workdir, "--format", "concise", ODD_NAME).stdout.splitlines()
    assert concise[0] == f"{ODD_NAME}:4:5: WF003 {message}"
    assert concise[1].startswith("Found 1 problem")
    full = lint(workdir, "--format", "full", ODD_NAME).stdout.splitlines()
    assert full[0] == f"{ODD_NAME}:4:5: WF003 {message}"
    report = json.loads(lint(workdir, "--format", "json", ODD_NAME).stdout)
    assert [finding["message"] for finding in report] == [message]


def test_github_notices_for_information_and_hints(workdir):
    (workdir / "hints.yaml").write_text(
        "id: h\njobs:\n  a:\n    steps:\n      - run: echo\n        timeout: 1h0m\n",
        encoding="utf-8")
    result = lint(workdir, "--format", "github", "hints.yaml")
    assert result.stdout == (
        "::notice file=hints.yaml,line=3,col=3,endLine=3,endColumn=4,title=WF203::job `a` has "
        "no timeout: the engine's undocumented default applies\n"
        "::notice file=hints.yaml,line=6,col=18,endLine=6,endColumn=22,title=WF110::zero parts "
        'add nothing: write "1h0m" as "1h"\n'
    )
    assert result.returncode == 0


# --- sarif -------------------------------------------------------------------------------

def _sarif(workdir: Path, *paths: str) -> dict:
    docs = "https://docs.example.invalid/rules.md"
    result = lint(workdir, "--format", "sarif", *paths, env=clean_env(WF_LSP_DOCS_URL=docs))
    assert result.returncode == 1 and result.stderr == ""
    return json.loads(result.stdout)


def test_sarif_is_valid_sarif_2_1_0(workdir):
    log = _sarif(workdir, "flow.yaml", "more.yaml", ODD_NAME)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert (log["version"], log["$schema"]) == ("2.1.0", SARIF_SCHEMA["id"])


def test_sarif_describes_every_rule(workdir):
    run = _sarif(workdir, "flow.yaml")["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("wf-lsp", __version__)
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    wf103 = driver["rules"][list(RULES).index("WF103")]
    assert wf103 == {
        "id": "WF103",
        "name": "duration-unit-order",
        "shortDescription": {"text": "A duration's units are not ordered from larger to smaller."},
        "fullDescription": {"text": (
            "A duration's units are not ordered from larger to smaller.\n\n"
            "The format requires units from larger to smaller, each at most once: `30m1h`, "
            "`1h1h` and `30s1m` are invalid (Go itself would add the parts up, which hides the "
            "mistake). The fix writes the same total in canonical form: `30m1h` → `1h30m`.")},
        "helpUri": "https://docs.example.invalid/rules.md#wf103-duration-unit-order",
        "help": {"text": wf103["fullDescription"]["text"], "markdown": RULES["WF103"].doc.strip()},
        "defaultConfiguration": {"level": "error", "enabled": True},
    }
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert (levels["WF003"], levels["WF203"], levels["WF110"]) == ("warning", "note", "note")
    assert driver["rules"][list(RULES).index("WF111")]["defaultConfiguration"]["enabled"] is False


def test_sarif_leaves_out_a_help_uri_that_is_no_web_link(workdir):
    # The installed page's file: URI was a dead link on every machine but the CI runner;
    # code scanning shows `help`, the rule's documentation.
    result = lint(workdir, "--format", "sarif", "flow.yaml")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule for rule in rules if "helpUri" in rule] == []
    wf103 = rules[list(RULES).index("WF103")]
    assert wf103["help"]["markdown"] == RULES["WF103"].doc.strip()
    assert "## Bad" in wf103["help"]["markdown"]


def test_sarif_results_have_utf16_regions_and_fixes(workdir):
    run = _sarif(workdir, "flow.yaml")["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("WF103", "error"), ("WF102", "error"), ("WF107", "error")]
    assert results[1] == {
        "ruleId": "WF102",
        "ruleIndex": list(RULES).index("WF102"),
        "level": "error",
        "message": {"text": 'whitespace is not allowed in a duration: write "1h30m"'},
        # 🚀 is one code point but two UTF-16 units: column 33 in code points is 34 here.
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "flow.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 6, "startColumn": 34, "endLine": 6, "endColumn": 42}}}],
        "fixes": [{
            "description": {"text": 'Remove the whitespace: "1h30m"'},
            "artifactChanges": [{
                "artifactLocation": {"uri": "flow.yaml", "uriBaseId": "%SRCROOT%"},
                "replacements": [{
                    "deletedRegion": {"startLine": 6, "startColumn": 35, "endLine": 6, "endColumn": 41},
                    "insertedContent": {"text": "1h30m"}}],
            }],
        }],
        "properties": {"safeFix": True},
    }
    # 训练 are in the Basic Multilingual Plane (one unit each); 📊 inside the range is two.
    assert results[2]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7, "startColumn": 31, "endLine": 7, "endColumn": 37}
    # Its fix, a guess (the 📊 taken out), is offered as unsafe.
    assert results[2]["properties"] == {"safeFix": False}


def test_sarif_related_locations_and_uri_escaping(workdir):
    results = _sarif(workdir, "more.yaml", ODD_NAME)["runs"][0]["results"]
    duplicate = next(r for r in results if r["ruleId"] == "WF002")
    assert duplicate["relatedLocations"] == [{
        "id": 0,
        "physicalLocation": {"artifactLocation": {"uri": "more.yaml", "uriBaseId": "%SRCROOT%"},
                             "region": {"startLine": 9, "startColumn": 5, "endLine": 9, "endColumn": 12}},
        "message": {"text": "first `timeout` is here"},
    }]
    odd = next(r for r in results if r["ruleId"] == "WF003")
    assert odd["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "odd%2Cname%3A1.yaml", "uriBaseId": "%SRCROOT%"}


def test_sarif_reports_unreadable_files_as_notifications(workdir):
    result = lint(workdir, "--format", "sarif", "flow.yaml", "missing.yaml")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert result.returncode == 2
    assert log["runs"][0]["invocations"] == [{
        "executionSuccessful": False,
        "toolExecutionNotifications": [{
            "level": "error", "message": {"text": "no such file or folder"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "missing.yaml", "uriBaseId": "%SRCROOT%"}}}]}],
    }]


def test_standard_input_without_a_name_is_no_file_in_sarif_or_github(workdir):
    """Read without `--stdin-filename`, standard input was `"uri": "-"` under %SRCROOT% and
    `file=-`: a file named `-` at the repository's top. It has no URI, and no `file`."""
    text = (workdir / "flow.yaml").read_text(encoding="utf-8")
    def run(fmt: str, data: bytes) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "--format", fmt, "-"],
                              input=data, cwd=workdir, env=clean_env(), capture_output=True)
    log = json.loads(run("sarif", text.encode()).stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    stdin = {"description": {"text": "standard input"}}
    results = log["runs"][0]["results"]
    assert results and all(r["locations"][0]["physicalLocation"]["artifactLocation"] == stdin
                           for r in results)
    assert all(change["artifactLocation"] == stdin for r in results
               for fix in r.get("fixes", ()) for change in fix["artifactChanges"])
    # A workflow not in UTF-8 (another tool's text would be passed over).
    log = json.loads(run("sarif", b"id: caf\xe9\n").stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (notification,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["locations"] == [{"physicalLocation": {"artifactLocation": stdin}}]
    github = run("github", text.encode()).stdout.decode().splitlines()
    assert github[0] == ("::error line=4,col=14,endLine=4,endColumn=21,title=WF103::units must "
                         'go from larger to smaller: "30m1h" is 1h30m')
    assert not any("file=" in line for line in github)
    assert run("github", b"id: caf\xe9\n").stdout.decode() == (
        "::error title=wf-lsp::standard input: not UTF-8 (byte 0xe9 on line 1): save the file "
        "as UTF-8\n")
    # Named, it is that file, as everywhere.
    named = subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "--format", "github",
                            "--stdin-filename", "flow.yaml"], input=text, text=True,
                           cwd=workdir, env=clean_env(), capture_output=True)
    assert named.stdout.startswith("::error file=flow.yaml,line=4,")


# --- gitlab ------------------------------------------------------------------------------

def _gitlab(workdir: Path, *paths: str) -> list[dict]:
    result = lint(workdir, "--format", "gitlab", *paths)
    assert result.returncode == 1 and result.stderr == ""
    return json.loads(result.stdout)


def test_gitlab_code_quality_report(workdir):
    issues = _gitlab(workdir, "flow.yaml", "more.yaml")
    assert [{k: v for k, v in issue.items() if k != "fingerprint"} for issue in issues] == [
        {"description": 'WF103 units must go from larger to smaller: "30m1h" is 1h30m',
         "check_name": "WF103", "severity": "major",
         "location": {"path": "flow.yaml", "lines": {"begin": 4, "end": 4}}},
        {"description": 'WF102 whitespace is not allowed in a duration: write "1h30m"',
         "check_name": "WF102", "severity": "major",
         "location": {"path": "flow.yaml", "lines": {"begin": 6, "end": 6}}},
        {"description": f"WF107 {WF107_MESSAGE}", "check_name": "WF107", "severity": "major",
         "location": {"path": "flow.yaml", "lines": {"begin": 7, "end": 7}}},
        {"description": 'WF101 missing unit: "30" needs a unit such as "30m", "30h" or "30s"',
         "check_name": "WF101", "severity": "major",
         "location": {"path": "more.yaml", "lines": {"begin": 4, "end": 4}}},
        {"description": "WF005 `steps` must be a list of mappings (a step each), not a mapping",
         "check_name": "WF005", "severity": "major",
         "location": {"path": "more.yaml", "lines": {"begin": 6, "end": 8}}},
        {"description": "WF002 duplicate key `timeout`: it is already set on line 9",
         "check_name": "WF002", "severity": "major",
         "location": {"path": "more.yaml", "lines": {"begin": 10, "end": 10}}},
    ]
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert all(re.fullmatch(r"[0-9a-f]{64}", f) for f in fingerprints)
    assert len(set(fingerprints)) == len(fingerprints)


def test_gitlab_reports_a_file_that_could_not_be_read(workdir):
    # The report was `[]` (the merge request: no problems) while the run exited 2.
    (workdir / "latin1.yaml").write_bytes(b"id: x\njobs:\n  a:\n    name: caf\xe9\n")
    result = lint(workdir, "--format", "gitlab", "latin1.yaml", "flow.yaml")
    assert result.returncode == 2
    issues = json.loads(result.stdout)
    assert [i["check_name"] for i in issues] == ["WF103", "WF102", "WF107", "wf-lsp"]
    unread = issues[-1]
    assert re.fullmatch(r"[0-9a-f]{64}", unread.pop("fingerprint"))
    assert unread == {
        "description": "wf-lsp not UTF-8 (byte 0xe9 on line 4): save the file as UTF-8",
        "check_name": "wf-lsp", "severity": "major",
        "location": {"path": "latin1.yaml", "lines": {"begin": 1, "end": 1}}}


def test_gitlab_severities_below_error(workdir):
    (workdir / "warn.yaml").write_text(
        "id: w\njobs:\n  a:\n    timout: 1h\n    steps:\n      - run: echo\n", encoding="utf-8")
    issues = _gitlab(workdir, "warn.yaml")
    assert [(i["check_name"], i["severity"]) for i in issues] == [("WF203", "info"), ("WF003", "minor")]


def test_gitlab_fingerprints_survive_lines_added_above(workdir):
    before = _gitlab(workdir, "flow.yaml")
    (workdir / "flow.yaml").write_text("# a new first line\n\n" + FLOW, encoding="utf-8")
    after = _gitlab(workdir, "flow.yaml")
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert [i["location"]["lines"]["begin"] for i in after] == [6, 8, 9]
    assert _gitlab(workdir, "flow.yaml") == after  # and the same run after run


def test_gitlab_and_sarif_name_files_from_the_repository_top_however_spelt(tmp_path):
    # Code Quality and code scanning link paths into the repository: `/tmp/.../flow.yaml`
    # and `../flow.yaml` were written as given, and the fingerprint changed with them.
    repo = tmp_path / "repo"
    for folder in (".git", "flows", "sub"):
        (repo / folder).mkdir(parents=True)
    (repo / "flows" / "flow.yaml").write_text(FLOW, encoding="utf-8")
    reports = [(lint(cwd, "--format", "gitlab", name), lint(cwd, "--format", "sarif", name))
               for cwd, name in ((repo, "flows/flow.yaml"),
                                 (repo, str(repo / "flows" / "flow.yaml")),
                                 (repo / "sub", "../flows/flow.yaml"),
                                 (repo / "flows", "flow.yaml"))]
    gitlab, sarif = json.loads(reports[0][0].stdout), json.loads(reports[0][1].stdout)
    assert [issue["location"]["path"] for issue in gitlab] == ["flows/flow.yaml"] * 3
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]} == {"flows/flow.yaml"}
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    for other_gitlab, other_sarif in reports[1:]:
        assert json.loads(other_gitlab.stdout) == gitlab
        assert json.loads(other_sarif.stdout) == sarif
    # Outside the repository: the absolute path, a `file:` URI.
    (tmp_path / "loose.yaml").write_text(FLOW, encoding="utf-8")
    outside = lint(repo, "--format", "gitlab", "../loose.yaml")
    assert json.loads(outside.stdout)[0]["location"]["path"] == str(tmp_path / "loose.yaml")
    outside = json.loads(lint(repo, "--format", "sarif", "../loose.yaml").stdout)
    assert outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"] == {"uri": (tmp_path / "loose.yaml").as_uri()}


def test_github_names_files_from_the_repository_top_however_spelt(tmp_path):
    # The runner reads `file` relative to the repository (or makes an absolute path so):
    # `cd flows && wf-lsp lint` wrote `file=flow.yaml`, and the annotations were on no file.
    repo = tmp_path / "repo"
    for folder in (".git", "flows", "sub"):
        (repo / folder).mkdir(parents=True)
    (repo / "flows" / "flow.yaml").write_text(FLOW, encoding="utf-8")
    for cwd, name in ((repo, "flows/flow.yaml"), (repo, str(repo / "flows" / "flow.yaml")),
                      (repo / "sub", "../flows/flow.yaml"), (repo / "flows", "flow.yaml")):
        assert lint(cwd, "--format", "github", name).stdout == GITHUB_FLOW.replace(
            "file=flow.yaml", "file=flows/flow.yaml")
    (tmp_path / "loose.yaml").write_text(FLOW, encoding="utf-8")
    outside = lint(repo, "--format", "github", "../loose.yaml").stdout
    assert outside == GITHUB_FLOW.replace("file=flow.yaml", "file=" + escape_property(
        str(tmp_path / "loose.yaml")))


def test_full_shortens_a_long_range_to_its_first_and_last_lines(workdir):
    (workdir / "long.yaml").write_text(
        "id: long\njobs:\n  a:\n    timeout: 1h\n    steps:\n      run: echo\n      name: one\n"
        "      env: {}\n      timeout: 1m\n      working_dir: /x\n      continue_on_error: true\n"
        "      download: {}\n", encoding="utf-8")
    result = lint(workdir, "--format", "full", "--quiet", "long.yaml")
    assert result.stdout == """\
long.yaml:6:7: WF005 [*] `steps` must be a list of mappings (a step each), not a mapping
   |
 6 |       run: echo
   |       ^^^^^^^^^
 7 |       name: one
   |       ^^^^^^^^^
 8 |       env: {}
   |       ^^^^^^^
   | ...
11 |       continue_on_error: true
   |       ^^^^^^^^^^^^^^^^^^^^^^^
12 |       download: {}
   |       ^^^^^^^^^^^^ WF005
   |
   = help: Make it a list

"""


def test_full_shows_a_window_of_a_long_line_around_the_range(workdir):
    # A finding on a 10,000-character line printed all of it, and as many spaces before
    # its carets: a screen of text. The line is cut around the range, in terminal cells
    # (CJK is two each), the carets under it; a range near the end takes the line's end.
    run = "x" * 10_000 + " ${{ bogus.thing }} " + "y" * 5_000
    cjk = "日本" * 3_000 + " ${{ bogus.thing }} yy"
    (workdir / "long.yaml").write_text(
        f"id: long\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: echo {run}\n"
        f"      - run: echo {cjk}\n      - run: echo ${{{{ bogus }}}} {'z' * 200}\n",
        encoding="utf-8")
    result = lint(workdir, "--format", "full", "--quiet", "--select", "WF401", "long.yaml")
    assert result.stdout == f"""\
long.yaml:6:10024: WF401 [*] `bogus.thing` needs a leading dot: `.bogus.thing`
  |
6 | ...{"x" * 15} ${{{{ bogus.thing }}}} {"y" * 85}...
  | {" " * 23}^^^^^^^^^^^ WF401
  |
  = help: Add the leading dot

long.yaml:7:6024: WF401 [*] `bogus.thing` needs a leading dot: `.bogus.thing`
  |
7 | ...{"本" + "日本" * 24} ${{{{ bogus.thing }}}} yy
  | {" " * 106}^^^^^^^^^^^ WF401
  |
  = help: Add the leading dot

long.yaml:8:23: WF401 function "bogus" not defined: the engine documents no functions or pipes
  |
8 |       - run: echo ${{{{ bogus }}}} {"z" * 89}...
  | {" " * 22}^^^^^ WF401
  |

"""


def test_full_shows_control_characters_of_a_line_and_never_sends_them_to_the_terminal(workdir):
    # A control character is a YAML error, whose line the snippet shows: ESC [2J cleared
    # the terminal of whoever linted the file, BEL rang. Each is one visible cell, so the
    # carets after them stay in place.
    (workdir / "ctl.yaml").write_bytes(
        "id: ctl\njobs:\n  a:\n    name: \"\x1b[2J\x07\x9b\"\n    timeout: 1h\n".encode())
    result = lint(workdir, "--format", "full", "--quiet", "ctl.yaml")
    assert result.stdout == """\
ctl.yaml:4:12: WF001 YAML syntax error: a control character (U+001B) is not allowed in YAML \
text; remove it, or write it as \\u001B in a double-quoted string
  |
4 |     name: "\u241b[2J\u2407\ufffd"
  |            ^ WF001
  |

"""


def test_fix_titles_and_related_notes_quoting_a_name_with_a_line_break_stay_on_one_line(
        workdir):
    # The job id `a<LF>b` twice: a help and a note that quote it printed a line break (the
    # finding's message did not), and JSON gave the raw id to reporters.
    (workdir / "twice.yaml").write_text(
        'id: twice\njobs:\n  "a\\nb":\n    steps: [{run: x}]\n'
        '  "a\\nb":\n    timeout: 1h\n    steps: [{run: x}]\n', encoding="utf-8")
    full = lint(workdir, "--format", "full", "--quiet", "twice.yaml").stdout
    assert "  = help: Add a timeout to job `a\\nb`\n" in full
    assert "  = note: first job `a\\nb` is here (3:3)\n" in full
    report = json.loads(lint(workdir, "--format", "json", "twice.yaml").stdout)
    assert [(f["code"], f["fix"] and f["fix"]["title"], [r["message"] for r in f["related"]])
            for f in report] == [
        ("WF007", None, []), ("WF203", "Add a timeout to job `a\\nb`", []),
        ("WF002", None, ["first job `a\\nb` is here"]), ("WF007", None, []),
    ]
