"""The front door (`import wf_lsp`): the same answers as the command line, plain data, a
cheap import, and the caller's garbage collector left as it was."""

from __future__ import annotations

import dataclasses
import gc
import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wf_lsp
from wf_lsp import gc_policy

from .helpers import JOB, ROOT, cli_env, run_cli, run_json

CORPUS = ROOT / "tests" / "corpus"
EXAMPLES = ROOT / "examples"


def _as_json_items(reports: list[wf_lsp.Report], relative_to: Path) -> list[tuple]:
    return sorted((str(Path(r.path).relative_to(relative_to)), f.code, f.message,
                   f.span.start.line + 1, f.span.start.column + 1,
                   f.span.end.line + 1, f.span.end.column + 1, f.severity.label)
                  for r in reports for f in r.findings)


# err/, named: from tests/corpus/ the walk passes over it (this repository's config excludes it).
@pytest.mark.parametrize("folder", [CORPUS / "err", EXAMPLES], ids=["corpus", "examples"])
def test_lint_paths_finds_what_the_command_line_finds(folder):
    items = run_json("--jobs", "1", ".", cwd=folder)
    expected = sorted((i["path"], i["code"], i["message"], i["line"], i["column"],
                       i["end_line"], i["end_column"], i["severity"]) for i in items)
    assert expected  # the oracle sees something to compare
    assert _as_json_items(wf_lsp.lint_paths([folder]), folder) == expected


def test_lint_of_a_text_is_lint_paths_of_its_file():
    for path in sorted((CORPUS / "err").glob("*.yaml")):
        text = path.read_bytes().decode("utf-8")  # line endings as they are (CRLF too)
        [report] = wf_lsp.lint_paths([path])
        assert wf_lsp.lint(text, path=str(path), config=wf_lsp.load_config(path)) == report


def test_lint_paths_reports_what_it_cannot_read_instead_of_raising(tmp_path):
    (tmp_path / "utf16.yaml").write_bytes("id: x\n".encode("utf-16"))
    (tmp_path / "ok.yaml").write_text(JOB.format('"1h"'))
    reports = wf_lsp.lint_paths([tmp_path / "missing", tmp_path])
    found = {Path(r.path).name: (r.error, r.linted) for r in reports}
    assert found == {"missing": ("no such file or folder", False),
                     "ok.yaml": (None, True),
                     "utf16.yaml": ("not UTF-8 (UTF-16 LE): save the file as UTF-8", False)}


def test_lint_paths_passes_over_another_tools_file_not_in_utf8(tmp_path):
    # Its error was a report's, as a workflow's in UTF-16 is: `wf-lsp lint` passes it over.
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
    (tmp_path / "cm.yaml").write_bytes(manifest.encode("utf-16"))
    [report] = wf_lsp.lint_paths([tmp_path])
    assert (report.error, report.linted, report.skipped) == (
        None, False, "not UTF-8 (UTF-16 LE), and not a workflow: looks like a Kubernetes "
        "manifest (`apiVersion` and `kind: ConfigMap`)")


def test_a_bad_config_file_is_a_report_error_in_lint_paths_and_raises_in_load_config(tmp_path):
    (tmp_path / "wf-lsp.toml").write_text('select = ["nothing"]\n')
    (tmp_path / "w.yaml").write_text(JOB.format('"1h"'))
    [report] = wf_lsp.lint_paths([tmp_path])
    assert report.error == (f"{tmp_path / 'wf-lsp.toml'}:1: select: 'nothing' matches no rule "
                            "code or name (see `wf-lsp rules`)")
    with pytest.raises(wf_lsp.ConfigError):
        wf_lsp.load_config(tmp_path / "w.yaml")


def test_load_config_reads_a_config_file_or_finds_the_one_for_a_path(tmp_path):
    (tmp_path / "wf-lsp.toml").write_text('require-timeout = "all"\n')
    (tmp_path / "strict.toml").write_text('require-timeout = "none"\n')
    (tmp_path / "flows").mkdir()
    text = "id: x\njobs:\n  a:\n    steps:\n      - run: a\n"

    def missing_timeouts(config):
        return [f.span.start.line for f in wf_lsp.lint(text, config=config).findings
                if f.code == "WF203"]

    assert missing_timeouts(wf_lsp.load_config(tmp_path / "flows" / "w.yaml")) == [2, 4]
    assert missing_timeouts(wf_lsp.load_config(tmp_path / "strict.toml")) == []
    assert missing_timeouts(None) == [2]  # no config: the defaults, nothing read from disk


def test_fix_gives_what_the_command_line_writes(tmp_path):
    for n, path in enumerate(sorted((CORPUS / "err").glob("*.yaml")) + sorted(EXAMPLES.rglob("*.yaml"))):
        copy = tmp_path / str(n) / path.name
        copy.parent.mkdir()
        shutil.copyfile(path, copy)
        text = copy.read_bytes().decode("utf-8")
        config = wf_lsp.load_config(copy)
        run_cli("lint", "--fix", "--unsafe-fixes", "-q", str(copy))
        result = wf_lsp.fix(text, path=str(copy), unsafe=True, config=config)
        assert result.text.encode("utf-8") == copy.read_bytes(), path.name
        assert result.findings == wf_lsp.lint(result.text, path=str(copy), config=config).findings


def test_fix_keeps_the_bom_and_counts_the_fixes():
    text = "\ufeff" + JOB.format("30m1h")
    result = wf_lsp.fix(text)
    assert (result.text, result.fixed, result.findings) == (
        "\ufeff" + JOB.format("1h30m"), 1, ())
    assert wf_lsp.fix(JOB.format("5m")).fixed == 0
    assert wf_lsp.fix("services: {}\n").text == "services: {}\n"  # not a workflow: as it was


def test_explain_duration_is_what_wf_lsp_duration_says():
    for value in ("1h30m", "30m1h", "90", "1 h", "-5m", "1d"):
        done = run_cli("duration", "--json", "--", value)
        said = json.loads(done.stdout)
        check = wf_lsp.explain_duration(value)
        assert (check.valid, check.nanoseconds, check.canonical, check.code, check.message) == (
            said["valid"], said["nanoseconds"], said["canonical"], said["code"], said["message"])


TEXTS = [
    JOB.format("30m1h"),
    "id: x\njobs:\n  a: &a\n    timeout: 1h\n    steps: [{run: a}]\n  b: *a\n",  # an alias
    "id: x\njobs:\n  a:\n    timeout: [1h\n",  # a syntax error: a recovered partial tree
    "services:\n  web: {}\n",  # not a workflow
]


def _reachable(value, seen=None):
    """Every object reachable from `value` through dataclass fields, containers and
    properties' stored values (what a caller can get to)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if dataclasses.is_dataclass(value):
        children = [getattr(value, f.name) for f in dataclasses.fields(value)]
        children += [v for v in vars(value).values()] if hasattr(value, "__dict__") else []
    elif isinstance(value, dict):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    else:
        children = []
    for child in children:
        yield from _reachable(child, seen)


@pytest.mark.parametrize("text", TEXTS)
def test_what_the_door_returns_is_plain_data(text):
    values = [wf_lsp.lint(text), wf_lsp.fix(text), wf_lsp.explain_duration("1 h")]
    for value in values:
        kinds = {type(item).__module__.split(".")[0] for item in _reachable(value)}
        assert kinds <= {"wf_lsp", "builtins", "enum"}, kinds
        assert pickle.loads(pickle.dumps(value)) == value
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.findings = ()  # type: ignore[misc]  (DurationCheck has no such field either)


def test_every_exported_name_resolves_and_is_documented():
    assert sorted(wf_lsp.__all__) == sorted(set(wf_lsp.__all__))
    for name in wf_lsp.__all__:
        value = getattr(wf_lsp, name)
        assert value.__doc__, name
        assert name in (wf_lsp.__doc__ or ""), f"{name} is not in the package docstring"
    with pytest.raises(AttributeError):
        wf_lsp.no_such_name  # noqa: B018


def test_import_wf_lsp_loads_neither_the_linter_nor_ruamel():
    probe = ("import sys, wf_lsp; print(sorted(m for m in sys.modules "
             "if m.startswith(('wf_lsp.', 'ruamel'))))")
    done = subprocess.run([sys.executable, "-c", probe], env=cli_env(), capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == ("['wf_lsp.findings', 'wf_lsp.patterns', 'wf_lsp.record_inits', "
                                   "'wf_lsp.records']"), done.stderr


@pytest.mark.parametrize("enabled", [True, False])
def test_the_door_leaves_the_garbage_collector_as_it_was(enabled, tmp_path):
    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))
    big = "id: x\njobs:\n" + "".join(
        f"  j{n}:\n    timeout: 30m1h\n    steps:\n      - run: a\n" for n in range(300))
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    gc.callbacks.append(count)
    try:
        wf_lsp.lint(big)
        ran_during_lint = len(collections)
        wf_lsp.fix(big)
        wf_lsp.lint_paths([tmp_path])
        assert gc.isenabled() is enabled
    finally:
        gc.callbacks.remove(count)
        (gc.enable if was else gc.disable)()
    # enabled, the collector ran during the lint: the library did not pause it
    assert (ran_during_lint > 0) is enabled


def test_pauses_nest_and_restore_the_collector_as_found():
    was = gc.isenabled()
    try:
        for start in (True, False):
            (gc.enable if start else gc.disable)()
            with gc_policy.paused():
                assert not gc.isenabled()
                gc_policy.pause()
                gc_policy.resume()
                assert not gc.isenabled()  # an inner pause ended, the outer one holds
            assert gc.isenabled() is start
    finally:
        (gc.enable if was else gc.disable)()


def test_the_command_line_called_in_process_restores_the_collector(tmp_path):
    from wf_lsp.cli import main

    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))
    assert gc.isenabled()
    assert main(["lint", "-q", "--format", "concise", str(tmp_path / "w.yaml")]) == 1
    assert gc.isenabled()


def test_the_command_lines_objects_are_not_collected_young_as_it_ends(tmp_path):
    """`wf-lsp lint` holds the collector back while it runs: every object it made was
    still young when the collector came back, and the next allocation started a young
    collection over all of them as the process was about to end (5,000 lines: 10-25 ms
    of every run). They are aged when the command ends; no young collection of the
    process looks at more than a few thousand objects."""
    big = "id: x\njobs:\n" + "".join(
        f"  j{n}:\n    timeout: 30m1h\n    steps:\n      - run: a\n" for n in range(300))
    (tmp_path / "w.yaml").write_text(big)
    code = ("import gc, sys\n"
            "young = []\n"
            "gc.callbacks.append(lambda phase, info: phase == 'start' and\n"
            "                    info['generation'] == 0 and young.append(len(gc.get_objects(0))))\n"
            "from wf_lsp.cli import main\n"
            f"code = main(['lint', '--format', 'concise', {str(tmp_path / 'w.yaml')!r}])\n"
            "[[] for _ in range(5000)]  # what a process allocates after the command\n"
            "print(code, max(young), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], env=cli_env(), capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.endswith("300 fixable with `wf-lsp lint --fix`.\n"), done.stderr
    code, most = map(int, done.stderr.split())
    assert code == 1 and most < 5_000, done.stderr


def test_the_readmes_gc_pause_works_after_a_bare_import():
    """README: "and so can a caller, around a batch: `with wf_lsp.gc_policy.paused(): ...`"
    (after `import wf_lsp` alone, which loads no submodule)."""
    code = ("import gc, wf_lsp\n"
            "with wf_lsp.gc_policy.paused():\n"
            "    assert not gc.isenabled()\n"
            "assert gc.isenabled()\n")
    done = subprocess.run([sys.executable, "-c", code], env=cli_env(), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
