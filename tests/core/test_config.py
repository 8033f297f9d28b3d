"""Configuration: where it is found, what every key does, and how a bad one is reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wf_lsp.config import Config, ConfigError
from wf_lsp.files import clear_cache, discover, find_config, walked
from wf_lsp.findings import Severity
from wf_lsp.linter import analyze
from wf_lsp.settings import KEYS, from_mapping

from .helpers import JOB, ROOT, run_cli, run_json


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(text: str, config: Config, path: str | None = None) -> list[str]:
    return sorted(f.code for f in analyze(text, path=path, config=config).findings)


# --- finding the file --------------------------------------------------------------------------

def test_no_config_means_the_defaults(tmp_path):
    config = find_config(tmp_path / "w.yaml")
    assert config == Config(root=str(tmp_path))


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", '[project]\nname = "x"\n[tool.wf-lsp]\nrequire-timeout = "all"\n'),
    ("wf-lsp.toml", 'require-timeout = "all"\n'),
    (".wf-lsp.toml", 'require-timeout = "all"\n'),
])
def test_each_kind_of_file_is_found_upward_from_the_linted_file(tmp_path, name, text):
    write(tmp_path / name, text)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = find_config(deep / "w.yaml")
    assert (config.require_timeout, config.path, config.root) == (
        "all", str(tmp_path / name), str(tmp_path))
    assert find_config(deep) == config  # a folder works as well as a file in it


@pytest.mark.parametrize("text", [
    '[project]\nname = "x"\n',
    # Naming wf-lsp as a dependency or a script is not configuring it.
    '[project]\nname = "x"\ndependencies = ["wf-lsp>=0.1"]\n[project.scripts]\nwf-lsp = "a:b"\n',
    # Not even parsed (its TOML is broken): the module's name elsewhere is no table of ours.
    '[tool.setuptools]\npackages = ["wf_lsp"]\nbroken =\n',
])
def test_a_pyproject_without_the_table_is_passed_over(tmp_path, text):
    write(tmp_path / "wf-lsp.toml", 'require-timeout = "steps"\n')
    write(tmp_path / "sub" / "pyproject.toml", text)
    assert find_config(tmp_path / "sub" / "w.yaml").require_timeout == "steps"


@pytest.mark.parametrize("text", [
    '[tool."wf-lsp"]\nrequire-timeout = "all"\n',
    "[tool . 'wf-lsp']\nrequire-timeout = 'all'\n",
    'tool.wf-lsp.require-timeout = "all"\n',
    '[tool]\nwf-lsp = { require-timeout = "all" }\n',
    '[tool.black]\nline-length = 99\n\n[tool.wf-lsp]\nrequire-timeout = "all"\n',
])
def test_every_spelling_of_the_table_in_a_pyproject_is_read(tmp_path, text):
    write(tmp_path / "pyproject.toml", text)
    assert find_config(tmp_path / "w.yaml").require_timeout == "all"


MISNAMED = "wf-lsp: warning: pyproject.toml: `[tool.{}]` is not read: wf-lsp's table is `[tool.wf-lsp]`"


@pytest.mark.parametrize("text, name", [
    ('[tool.wf_lsp]\nignore = ["WF103"]\n', "wf_lsp"),
    ('[tool."wflsp"]\nignore = ["WF103"]\n', "wflsp"),
    ('tool.wf_lsp.ignore = ["WF103"]\n', "wf_lsp"),
    ('[tool]\nWF_LSP = { ignore = ["WF103"] }\n', "WF_LSP"),
])
def test_a_table_named_as_the_module_is_said_once(tmp_path, text, name):
    """`[tool.wf_lsp]` was passed over in silence: the lint ran with the defaults and the
    user believed their settings applied."""
    write(tmp_path / "pyproject.toml", text + '\n[project]\nname = "x"\n')
    write(tmp_path / "a" / "w.yaml", JOB.format('"30m1h"'))
    write(tmp_path / "b" / "w.yaml", JOB.format('"30m1h"').replace("id: x", "id: y"))
    done = run_cli("lint", "--format", "concise", cwd=tmp_path)
    assert done.stderr.splitlines() == [MISNAMED.format(name)]  # once for two folders
    assert done.stdout.count("WF103") == 2  # the defaults, as the warning says
    done = run_cli("lint", "--config", "pyproject.toml", "a", "b", cwd=tmp_path)
    assert done.stderr.splitlines() == [MISNAMED.format(name)]


def test_a_table_named_as_the_module_beside_ours_is_not_said(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.wf-lsp]\nignore = ["WF103"]\n[tool.wf_lsp]\nx = 1\n')
    write(tmp_path / "w.yaml", JOB.format('"30m1h"'))
    assert (run_cli("lint", cwd=tmp_path).stderr, run_cli("lint", cwd=tmp_path).returncode) == ("", 0)


def test_the_nearest_file_wins_whole(tmp_path):
    write(tmp_path / "wf-lsp.toml", 'require-timeout = "steps"\nignore = ["WF3"]\n')
    write(tmp_path / "sub" / ".wf-lsp.toml", 'max-job-timeout = "1h"\n')
    config = find_config(tmp_path / "sub" / "w.yaml")
    # Not merged with the one above, as ruff does: the nearest file is the configuration.
    assert (config.require_timeout, config.ignore, config.max_job_timeout) == (
        "jobs", (), 3_600_000_000_000)


def test_in_one_folder_wf_lsp_toml_then_dot_file_then_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.wf-lsp]\nrequire-timeout = "none"\n')
    write(tmp_path / ".wf-lsp.toml", 'require-timeout = "steps"\n')
    assert find_config(tmp_path).require_timeout == "steps"
    write(tmp_path / "wf-lsp.toml", 'require-timeout = "all"\n')
    clear_cache()
    assert find_config(tmp_path).require_timeout == "all"


def test_a_config_file_passed_over_beside_the_one_read_is_said_once(tmp_path):
    # `.wf-lsp.toml` added beside a `wf-lsp.toml` was passed over in silence: its edits did
    # nothing, and nothing said why.
    write(tmp_path / "wf-lsp.toml", 'ignore = ["WF110"]\n')
    write(tmp_path / ".wf-lsp.toml", 'select = ["WF1"]\n')
    write(tmp_path / "a" / "w.yaml", JOB.format('"1h0m"'))
    write(tmp_path / "b" / "w.yaml", JOB.format('"1h0m"').replace("id: x", "id: y"))
    done = run_cli("lint", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("All checks passed (2 workflow files).\n", 0)
    assert done.stderr == ("wf-lsp: warning: .wf-lsp.toml is not read: wf-lsp.toml beside it is "
                           "the config (in one folder, wf-lsp.toml, then .wf-lsp.toml, then "
                           "pyproject.toml)\n")  # once for two folders
    # Another tool's pyproject.toml beside it is not ours to say.
    (tmp_path / ".wf-lsp.toml").unlink()
    write(tmp_path / "pyproject.toml", '[tool.ruff]\nselect = ["E"]\n')
    assert run_cli("lint", cwd=tmp_path).stderr == ""


def test_clear_cache_makes_a_changed_file_visible(tmp_path):
    path = write(tmp_path / "wf-lsp.toml", 'require-timeout = "none"\n')
    assert find_config(tmp_path).require_timeout == "none"
    path.write_text('require-timeout = "all"\n')
    assert find_config(tmp_path).require_timeout == "none"  # cached
    clear_cache()
    assert find_config(tmp_path).require_timeout == "all"


# --- every key ---------------------------------------------------------------------------------

ALL_KINDS = ("id: x\njobs:\n  a:\n    timeout: 90m\n    timout: 1h\n    steps:\n"
             "      - {run: a, timeout: 30m1h}\n      - run: b\n  b:\n    depends_on: [c]\n"
             "    steps: [{run: b}]\n")


def test_the_keys_are_the_documented_ones():
    assert KEYS == ("select", "extend-select", "ignore", "severity", "require-timeout",
                    "max-job-timeout", "max-step-timeout", "include", "exclude",
                    "workflows-complete", "workspace-id", "per-file-ignores")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"\n{key} = " in readme for key in KEYS)


@pytest.mark.parametrize("table, expected", [
    ({}, ["WF003", "WF103", "WF203", "WF301"]),
    ({"select": ["WF1"]}, ["WF103", "WF111"]),
    ({"select": "WF103"}, ["WF103"]),  # one string is a list of one
    ({"select": "WF103,WF3"}, ["WF103", "WF301"]),  # or comma-separated, as `--select` takes it
    ({"select": ["ALL"]}, ["WF003", "WF103", "WF111", "WF203", "WF301"]),
    ({"extend-select": ["WF111"]}, ["WF003", "WF103", "WF111", "WF203", "WF301"]),
    ({"ignore": ["WF3", "WF003"]}, ["WF103", "WF203"]),
    ({"select": ["WF1", "WF2"], "ignore": ["WF111"]}, ["WF103", "WF203"]),
    ({"severity": {"WF203": "off"}}, ["WF003", "WF103", "WF301"]),
    ({"require-timeout": "none"}, ["WF003", "WF103", "WF301"]),
    # job b; the second step of a and the step of b
    ({"require-timeout": "all"}, ["WF003", "WF103", "WF203", "WF203", "WF203", "WF301"]),
    ({"require-timeout": "steps"}, ["WF003", "WF103", "WF203", "WF203", "WF301"]),
    ({"max-job-timeout": "1h"}, ["WF003", "WF103", "WF203", "WF204", "WF301"]),
    ({"max-step-timeout": "1h"}, ["WF003", "WF103", "WF203", "WF301"]),  # step value invalid
])
def test_each_key_changes_what_is_reported(table, expected):
    assert codes(ALL_KINDS, from_mapping(table)) == expected


def test_severity_per_code_and_per_prefix_the_longest_prefix_winning():
    config = from_mapping({"severity": {"WF2": "error", "WF203": "hint", "WF1": "info",
                                        "ALL": "warn"}})
    found = {f.code: f.severity for f in analyze(ALL_KINDS, config=config).findings}
    assert found == {"WF003": Severity.WARNING, "WF103": Severity.INFORMATION,
                     "WF203": Severity.HINT, "WF301": Severity.WARNING}


def test_a_raised_severity_changes_the_exit_code(tmp_path):
    write(tmp_path / "w.yaml", "id: x\njobs:\n  a:\n    steps: [{run: a}]\n")
    assert run_cli("lint", "w.yaml", cwd=tmp_path).returncode == 0  # information
    write(tmp_path / "wf-lsp.toml", '[severity]\nWF203 = "error"\n')
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert done.returncode == 1 and "(1 error)" in done.stdout


def test_max_timeouts_by_owner():
    text = ("id: x\njobs:\n  a:\n    timeout: 8h\n    steps:\n      - {run: a, timeout: 5h}\n"
            "      - {run: b, timeout: 1h}\n")
    assert codes(text, from_mapping({"max-job-timeout": "6h"})) == ["WF204"]
    assert codes(text, from_mapping({"max-step-timeout": "2h"})) == ["WF204"]
    assert codes(text, from_mapping({"max-step-timeout": "2h", "max-job-timeout": "6h"})) == [
        "WF204", "WF204"]
    assert codes(text, from_mapping({"max-job-timeout": ""})) == []  # empty: no maximum


def test_include_and_exclude_are_relative_to_the_configs_folder(tmp_path):
    config = from_mapping({"include": ["flows/*.yaml"], "exclude": ["vendor", "*.gen.yaml"]},
                          str(tmp_path / "wf-lsp.toml"), str(tmp_path))
    assert config.classify(str(tmp_path / "flows" / "a.yaml")) == "include"
    assert config.classify(str(tmp_path / "other" / "flows" / "a.yaml")) is None
    assert config.classify(str(tmp_path / "vendor" / "x" / "a.yaml")) == "exclude"
    assert config.classify(str(tmp_path / "deep" / "b.gen.yaml")) == "exclude"
    assert config.classify(str(tmp_path / "a.yaml")) is None
    # exclude wins over include
    both = from_mapping({"include": ["*.yaml"], "exclude": ["*.yaml"]}, None, str(tmp_path))
    assert both.classify(str(tmp_path / "a.yaml")) == "exclude"


def test_globs_read_as_gitignore_reads_them(tmp_path):
    # The README's `flows/**/*.yml` missed flows/a.yml (`**/` is also no folder), and
    # `flows/*.yaml` took flows/old/a.yaml (`*` stays within a name).
    config = from_mapping({"include": ["flows/**/*.yml", "/top.yaml", "t[0-9].yaml"],
                           "exclude": ["flows/*.yaml", "build/"]}, None, str(tmp_path))
    verdicts = {name: config.classify(str(tmp_path / name)) for name in (
        "flows/a.yml", "flows/x/y/a.yml", "other/flows/a.yml", "flows/a.yaml",
        "flows/old/a.yaml", "top.yaml", "sub/top.yaml", "t1.yaml", "sub/t2.yaml", "tx.yaml",
        "build/a.yaml", "x/build/a.yaml", "build")}
    assert verdicts == {
        "flows/a.yml": "include", "flows/x/y/a.yml": "include", "other/flows/a.yml": None,
        "flows/a.yaml": "exclude", "flows/old/a.yaml": None,
        "top.yaml": "include", "sub/top.yaml": None,
        "t1.yaml": "include", "sub/t2.yaml": "include", "tx.yaml": None,
        "build/a.yaml": "exclude", "x/build/a.yaml": "exclude", "build": None,
    }


def test_gitignores_escapes_stay_patterns(tmp_path):
    """The check for Windows' `\\` between names leaves .gitignore's own escapes alone."""
    config = from_mapping({"exclude": ["\\#x.yaml", "a\\[1\\].yaml", "\\!b.yaml", "c[*].yaml"]},
                          None, str(tmp_path))
    assert [config.classify(str(tmp_path / name)) for name in (
        "#x.yaml", "a[1].yaml", "a1.yaml", "!b.yaml", "c*.yaml", "cd.yaml")] == [
        "exclude", "exclude", None, "exclude", "exclude", None]
    with pytest.raises(ConfigError) as caught:  # after a name, Windows' more likely
        from_mapping({"exclude": ["c\\*.yaml"]}, "cfg.toml")
    assert str(caught.value).endswith("write 'c/*.yaml' (`[*]` for a `*` in a name)")


def test_an_excluded_file_is_skipped_and_an_included_one_forced(tmp_path):
    config = from_mapping({"include": ["compose.yaml"], "exclude": ["w.yaml"]}, None,
                          str(tmp_path))
    excluded = analyze(JOB.format("30m1h"), path=str(tmp_path / "w.yaml"), config=config)
    assert (excluded.skipped, excluded.findings) == ("excluded by configuration", ())
    forced = analyze("services:\n  timeout: 1h\n", path=str(tmp_path / "compose.yaml"), config=config)
    assert [f.message for f in forced.findings] == [
        "unknown key `services` in the workflow (allowed: id, name, inputs, trigger, "
        "concurrency, env, secrets, cancel_on_failure, jobs)",
        "the workflow needs `id`", "the workflow needs `jobs`"]


def test_the_server_and_the_walk_agree_on_folders_an_exclude_prunes(tmp_path):
    # The server asks `walked` of a file just created: one in a folder a lint's walk
    # passes over is no workflow of the workspace, whatever config its folder has.
    write(tmp_path / "wf-lsp.toml", 'exclude = ["vendor/"]\n')
    write(tmp_path / "vendor" / "sub" / "wf-lsp.toml", "")
    for name in ("a.yaml", "vendor/b.yaml", "vendor/sub/c.yaml"):
        write(tmp_path / name, JOB.format("1h"))
    found = discover([str(tmp_path)])
    assert [Path(path).relative_to(tmp_path).as_posix() for path in found.files] == ["a.yaml"]
    assert [walked(str(tmp_path / name), [str(tmp_path)]) for name in (
        "a.yaml", "vendor/b.yaml", "vendor/sub/c.yaml", "vendor/sub/new.yaml")] == [
        True, False, False, False]
    assert not walked(str(tmp_path / "vendor" / "sub"), [str(tmp_path)], is_dir=True)
    # A folder named is walked (as ruff's): what is in it answers to its own configs.
    assert walked(str(tmp_path / "vendor" / "sub" / "c.yaml"), [str(tmp_path / "vendor")])


def test_command_line_options_go_on_top_of_the_file(tmp_path):
    write(tmp_path / "wf-lsp.toml", 'ignore = ["WF203"]\nselect = ["WF1", "WF2", "WF3"]\n')
    write(tmp_path / "w.yaml", ALL_KINDS)

    def found(*args):
        done = run_cli("lint", "--format", "json", *args, "w.yaml", cwd=tmp_path)
        return sorted({item["code"] for item in json.loads(done.stdout)})

    assert found() == ["WF103", "WF111", "WF301"]
    assert found("--ignore", "WF3") == ["WF103", "WF111"]  # added to the file's ignore
    assert found("--select", "WF0") == ["WF003"]  # replaces the file's select and ignore
    assert found("--select", "WF2") == ["WF203"]
    assert found("--extend-select", "WF003") == ["WF003", "WF103", "WF111", "WF301"]


def test_a_command_line_select_starts_again_from_it_as_in_ruff(tmp_path):
    # The file's ignore no longer hid what --select names: it reported nothing.
    write(tmp_path / "wf-lsp.toml", 'ignore = ["WF1"]\n')
    write(tmp_path / "w.yaml", ALL_KINDS)
    done = run_cli("lint", "--format", "json", "--select", "WF103", "w.yaml", cwd=tmp_path)
    assert [item["code"] for item in json.loads(done.stdout)] == ["WF103"]


@pytest.mark.parametrize("file, line, expected", [
    # a later select drops the earlier layer's select and ignore
    ({"ignore": ["WF1"]}, {"select": ["WF103"]}, ["WF103"]),
    ({"select": ["WF1"], "ignore": ["WF111"]}, {"select": ["WF1"]}, ["WF103", "WF111"]),
    # a later ignore or extend-select adjusts what the earlier layer left
    ({"select": ["WF1", "WF3"]}, {"ignore": ["WF3"]}, ["WF103", "WF111"]),
    ({"ignore": ["WF1"]}, {"extend-select": ["WF103"]}, ["WF003", "WF103", "WF203", "WF301"]),
    ({"ignore": ["WF1"]}, {"ignore": ["WF2"]}, ["WF003", "WF301"]),
    ({"severity": {"WF203": "off"}}, {"select": ["WF2"]}, ["WF203"]),
    # other keys of the later layer keep the earlier selection whole
    ({"ignore": ["WF1"]}, {"require-timeout": "none"}, ["WF003", "WF301"]),
])
def test_selection_is_resolved_layer_by_layer(file, line, expected):
    assert codes(ALL_KINDS, from_mapping(line, "command line", base=from_mapping(file))) == expected


@pytest.mark.parametrize("table, expected", [
    ({"select": ["WF103"], "ignore": ["WF1"]}, ["WF103"]),  # the more specific wins
    ({"extend-select": ["WF111"], "ignore": ["WF1"]}, ["WF003", "WF111", "WF203", "WF301"]),
    ({"select": ["ALL"], "ignore": ["WF1"]}, ["WF003", "WF203", "WF301"]),
    ({"select": ["WF103"], "ignore": ["WF103"]}, []),  # a tie: ignore
])
def test_within_one_layer_the_most_specific_selector_wins(table, expected):
    assert codes(ALL_KINDS, from_mapping(table)) == expected


def test_an_explicit_config_file_replaces_the_search(tmp_path):
    write(tmp_path / "wf-lsp.toml", 'require-timeout = "none"\n')
    write(tmp_path / "other" / "pyproject.toml", '[tool.wf-lsp]\nignore = ["WF1"]\n')
    write(tmp_path / "w.yaml", "id: x\njobs:\n  a:\n    timeout: 30m1h\n    steps: [{run: a}]\n")
    done = run_cli("lint", "--config", "other/pyproject.toml", "-q", "w.yaml", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("", 0)


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("table, message", [
    ({"require-timout": "all"}, "cfg.toml: require-timout: unknown key (did you mean "
                                "`require-timeout`?)"),
    ({"colour": True}, "cfg.toml: colour: unknown key; known keys: select, extend-select, "
                       "ignore, severity, require-timeout, max-job-timeout, max-step-timeout, "
                       "include, exclude, workflows-complete, workspace-id, "
                       "per-file-ignores"),
    ({"workflows-complete": "yes"}, "cfg.toml: workflows-complete: expected true or false"),
    ({"workspace-id": "/workspaces/a"}, 'cfg.toml: workspace-id: expected a workspace id such '
                                        'as "my-team" (no `/`)'),
    ({"select": 5}, "cfg.toml: select: expected a list of strings"),
    ({"ignore": ["WF1", 2]}, "cfg.toml: ignore: expected a list of strings"),
    ({"extend-select": ["WF9"]}, "cfg.toml: extend-select: 'WF9' matches no rule code or name "
                                 "(see `wf-lsp rules`)"),
    ({"select": ["E501"]}, "cfg.toml: select: 'E501' matches no rule code or name (see `wf-lsp rules`)"),
    ({"include": [1]}, "cfg.toml: include: expected a list of strings"),
    ({"severity": "error"}, 'cfg.toml: severity: expected a table like { WF203 = "warning" }'),
    ({"severity": {"WF203": "fatal"}}, "cfg.toml: severity.WF203: unknown severity 'fatal' "
                                       "(expected error, warning, information, hint or off)"),
    # `off` was left out of what is expected, and a short form had no guess.
    ({"severity": {"WF203": "err"}}, "cfg.toml: severity.WF203: unknown severity 'err' "
                                     "(expected error, warning, information, hint or off; "
                                     "did you mean `error`?)"),
    ({"severity": {"WF203": "of"}}, "cfg.toml: severity.WF203: unknown severity 'of' "
                                    "(expected error, warning, information, hint or off; "
                                    "did you mean `off`?)"),
    ({"severity": {"XX": "error"}}, "cfg.toml: severity.XX: 'XX' matches no rule code or name "
                                    "(see `wf-lsp rules`)"),
    ({"require-timeout": "some"}, "cfg.toml: require-timeout: expected one of none, jobs, "
                                  "steps, all, got 'some'"),
    ({"require-timeout": "step"}, "cfg.toml: require-timeout: expected one of none, jobs, "
                                  "steps, all, got 'step' (did you mean `steps`?)"),
    # What the duration rules say of the value in a workflow, with their fix: it was
    # 'expected a positive duration like "6h" or "1h30m"' whatever was wrong.
    ({"max-job-timeout": "1d"}, 'cfg.toml: max-job-timeout: unknown unit "d" in "1d": '
                                'durations use ns, us, ms, s, m and h; write "24h"'),
    ({"max-job-timeout": "30m1h"}, 'cfg.toml: max-job-timeout: units must go from larger to '
                                   'smaller: "30m1h" is 1h30m'),
    ({"max-step-timeout": "0s"}, 'cfg.toml: max-step-timeout: "0s" is zero: a duration must '
                                 'be positive'),
    ({"max-step-timeout": 90}, 'cfg.toml: max-step-timeout: missing unit: "90" needs a unit '
                               'such as "90m", "90s" or "90h"'),
    ({"max-step-timeout": True}, 'cfg.toml: max-step-timeout: the value is a boolean: a '
                                 'duration must be a string like "30m"'),
    ({"max-step-timeout": [90]}, 'cfg.toml: max-step-timeout: expected a positive duration '
                                 'like "6h" or "1h30m", got [90]'),
    # Well formed but beyond Go's durations: said so, not "expected a positive duration".
    ({"max-job-timeout": "9999999999h"}, 'cfg.toml: max-job-timeout: "9999999999h" is too '
                                         "large: Go's durations end at about 292 years "
                                         "(2562047h47m16.854775807s)"),
])
def test_bad_settings_name_the_file_and_the_key(table, message):
    with pytest.raises(ConfigError) as caught:
        from_mapping(table, "cfg.toml")
    assert str(caught.value) == message
    assert caught.value.path == "cfg.toml"


def test_off_is_read_in_any_case_as_the_severities_are():
    """`WF203 = "Warning"` was read and `WF203 = "OFF"` was an unknown severity."""
    config = from_mapping({"severity": {"WF203": "OFF", "WF110": "Warning"}}, "cfg.toml")
    assert config.severity_of("WF110", Severity.HINT) == Severity.WARNING
    assert codes("id: x\njobs:\n  a:\n    steps: [{run: a}]\n", config) == []


def test_every_bad_entry_of_the_severity_table_is_named():
    """Not only the first: each bad entry is its own key (`severity.WF203`)."""
    with pytest.raises(ConfigError) as caught:
        from_mapping({"severity": {"WF203": "loud", "WF202": "hint", "WF999": "error",
                                   "WF101": "off", "WF1O2": "off"}}, "cfg.toml")
    assert str(caught.value).splitlines() == [
        "cfg.toml: severity.WF203: unknown severity 'loud' (expected error, warning, "
        "information, hint or off)",
        "cfg.toml: severity.WF999: 'WF999' matches no rule code or name (see `wf-lsp rules`)",
        "cfg.toml: severity.WF1O2: 'WF1O2' matches no rule code or name (see `wf-lsp rules`)",
    ]


def test_every_bad_selector_of_a_list_is_named():
    with pytest.raises(ConfigError) as caught:
        from_mapping({"select": ["WF1", "WF9", "duraton-style"], "ignore": "WF203,nope"},
                     "cfg.toml")
    assert str(caught.value).splitlines() == [
        "cfg.toml: select: 'WF9' matches no rule code or name (see `wf-lsp rules`)",
        "cfg.toml: select: 'duraton-style' matches no rule code or name (did you mean "
        "`duration-style`?)",
        "cfg.toml: ignore: 'nope' matches no rule code or name (see `wf-lsp rules`)",
    ]


def test_a_config_that_is_not_a_table():
    with pytest.raises(ConfigError, match="^cfg.toml: expected a table of settings$"):
        from_mapping(["select"], "cfg.toml")


def test_invalid_toml_names_the_file_and_where(tmp_path):
    path = write(tmp_path / "wf-lsp.toml", "select = [\n")
    with pytest.raises(ConfigError) as caught:
        find_config(tmp_path)
    assert str(caught.value).startswith(f"{path}: invalid TOML: Invalid value")


def test_pyproject_table_errors_name_the_pyproject(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.wf-lsp]\nselect = "nothing"\n')
    with pytest.raises(ConfigError) as caught:
        find_config(tmp_path)
    assert str(caught.value) == (f"{path}:2: select: 'nothing' matches no rule code or name "
                                 "(see `wf-lsp rules`)")


def test_a_projects_walk_passes_over_the_projects_inside_it(tmp_path):
    """A config file in /tmp makes /tmp a project: `wf-lsp lint /tmp/x.yaml` (and the
    server, for /tmp/x.yaml opened alone) walked every repository in it, other users'
    too, for files it then left out as another project's. Such a folder is not entered."""
    from wf_lsp.files import index_workspace, project_roots

    (tmp_path / "wf-lsp.toml").write_text("", encoding="utf-8")
    (tmp_path / "x.yaml").write_text(JOB.format("1h"), encoding="utf-8")
    inner = tmp_path / "someone" / "repo"
    (inner / ".git").mkdir(parents=True)
    (inner / "flows").mkdir()
    (inner / "flows" / "y.yaml").write_text(JOB.format("1h").replace("id: x", "id: y"),
                                          encoding="utf-8")
    root_of = project_roots()
    found = discover([str(tmp_path)], apart=lambda folder: root_of(
        os.path.join(folder, "*")) == os.path.abspath(folder))
    assert found.files == (str(tmp_path / "x.yaml"),)
    assert (str(inner) + os.sep, "a project of its own") in found.skipped
    # Its files are not of the project, as before.
    index = index_workspace([str(tmp_path)], project=str(tmp_path))
    assert [entry.id for entry in index.entries()] == ["x"]


# --- per-file-ignores ----------------------------------------------------------------------------

def test_per_file_ignores_match_as_ruffs(tmp_path):
    """Globs from the config's folder (`*` crossing folders, `**/`, `{a,b}`, `!`), or of the
    file's name alone; the rules named are ignored whatever `--select` says."""
    write(tmp_path / "pyproject.toml", """\
[tool.wf-lsp.per-file-ignores]
"legacy/*.yaml" = ["WF203"]
"generated.yaml" = ["missing-timeout"]
"**/{old,older}/w.yaml" = "WF2"
"!keep/**" = ["WF20"]
""")
    job = JOB.replace("    timeout: {}\n", "")  # a job without a timeout: WF203
    files = ["legacy/w.yaml", "legacy/deep/w.yaml", "other/legacy/w.yaml", "sub/generated.yaml",
             "a/old/w.yaml", "older/w.yaml", "keep/w.yaml", "keep/legacy/w.yaml"]
    for index, name in enumerate(files):
        write(tmp_path / name, job.replace("id: x", f"id: x{index}"))
    found = {f["path"]: f["code"] for f in run_json(
        "--select", "WF203", "keep", "other", "legacy", cwd=tmp_path)}
    assert found == {"keep/w.yaml": "WF203", "keep/legacy/w.yaml": "WF203"}
    found = {f["path"] for f in run_json(".", cwd=tmp_path / "legacy")}
    assert found == set()  # from a subfolder: still from the config's folder
    # Without `!keep/**` (which ignored WF20 outside keep/): the files no other glob matches.
    (tmp_path / "pyproject.toml").write_text(
        (tmp_path / "pyproject.toml").read_text().replace('"!keep/**" = ["WF20"]\n', ""))
    found = sorted(f["path"] for f in run_json(".", cwd=tmp_path))
    assert found == ["keep/legacy/w.yaml", "keep/w.yaml", "other/legacy/w.yaml"]


def test_per_file_ignores_is_checked(tmp_path):
    write(tmp_path / "wf-lsp.toml", """\
[per-file-ignores]
"a/[.yaml" = ["WF203"]
"b.yaml" = ["WF999", "missing-timout"]
"c.yaml" = 3
""")
    write(tmp_path / "w.yaml", JOB.format("1h"))
    done = run_cli("lint", ".", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "wf-lsp: error: wf-lsp.toml:2: per-file-ignores.\"a/[.yaml\": 'a/[.yaml' is not a glob: "
        "a `[` with no `]`",
        "wf-lsp: error: wf-lsp.toml:3: per-file-ignores.\"b.yaml\": 'WF999' matches no rule code "
        "or name (see `wf-lsp rules`)",
        "wf-lsp: error: wf-lsp.toml:3: per-file-ignores.\"b.yaml\": 'missing-timout' matches no "
        "rule code or name (did you mean `missing-timeout`?)",
        "wf-lsp: error: wf-lsp.toml:4: per-file-ignores.\"c.yaml\": expected a list of rule "
        "codes, prefixes or names like [\"WF203\"]",
    ]
    # ruff's option, typed on the command line, is pointed to the key.
    done = run_cli("lint", "--per-file-ignores", "a.yaml:WF203", ".", cwd=tmp_path)
    assert "`per-file-ignores` goes in the config file" in done.stderr


def test_per_file_ignores_in_the_python_api_and_unused_suppressions(tmp_path):
    import wf_lsp

    config = wf_lsp.load_config(write(tmp_path / "wf-lsp.toml",
                                      'per-file-ignores = { "*.gen.yaml" = ["WF203"] }\n'))
    text = JOB.replace("    timeout: {}\n", "").replace("  a:", "  a:  # wf-lsp: ignore[WF203]")
    assert [f.code for f in wf_lsp.lint(text, path=str(tmp_path / "x.gen.yaml"),
                                        config=config).findings] == []
    assert [f.code for f in wf_lsp.lint(text.replace("  # wf-lsp: ignore[WF203]", ""),
                                        path=str(tmp_path / "x.yaml"),
                                        config=config).findings] == ["WF203"]


def test_ruffs_keys_are_told_what_wf_lsp_has_for_them(tmp_path):
    # They were "unknown key; known keys: ..." (or a wrong guess, `extend-ignore`).
    write(tmp_path / "pyproject.toml", '[tool.wf-lsp]\nextend = "../pyproject.toml"\n'
          'extend-exclude = ["vendor/"]\nextend-ignore = ["WF1"]\n')
    write(tmp_path / "w.yaml", JOB.format("1h"))
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert (done.stdout, done.returncode) == ("", 2)
    assert done.stderr.splitlines() == [
        "wf-lsp: error: pyproject.toml:2: extend: a key of ruff's, not wf-lsp's: the nearest "
        "config file governs alone: copy the keys it needs",
        "wf-lsp: error: pyproject.toml:3: extend-exclude: a key of ruff's, not wf-lsp's: there "
        "is no default `exclude` to extend: write `exclude`",
        "wf-lsp: error: pyproject.toml:4: extend-ignore: a key of ruff's, not wf-lsp's: write "
        "`ignore`",
    ]


def test_a_pyproject_named_by_config_without_our_table_is_said(tmp_path):
    # It linted with the defaults, in silence: `--config pyproject.toml` of another project.
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nselect = ["E"]\n')
    write(tmp_path / "w.yaml", JOB.format('"30m1h"'))
    done = run_cli("lint", "--config", "pyproject.toml", "w.yaml", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "", "wf-lsp: error: pyproject.toml: no `[tool.wf-lsp]` table: nothing of wf-lsp's to "
        "read\n", 2)
    # Found upward, it is another tool's file, passed over, as before.
    assert run_cli("lint", "w.yaml", cwd=tmp_path).returncode == 1


def test_a_bad_keys_line_is_where_it_is_written_not_a_comment_or_another_tools(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.ruff]\nselect = ["E"]\n\n[tool.wf-lsp]\n'
          '# select = ["WF1"]\nselect = ["WF9"]\n\n[tool.wf-lsp.severity]\nWF203 = "loud"\n')
    write(tmp_path / "w.yaml", JOB.format("1h"))
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert done.stderr.splitlines() == [
        "wf-lsp: error: pyproject.toml:6: select: 'WF9' matches no rule code or name "
        "(see `wf-lsp rules`)",
        "wf-lsp: error: pyproject.toml:9: severity.WF203: unknown severity 'loud' (expected "
        "error, warning, information, hint or off)",
    ]
