"""The README's promises that code can check (the rule table, the Quick start, the editor
settings), and what holds in every Markdown file a user reads: its links lead somewhere, and
the `wf-lsp` commands its examples show are ones the command line takes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from wf_lsp.commands.rules import rule_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_generated_from_the_catalog():
    table = README.split("<!-- rules-table:start -->\n", 1)[1].split("<!-- rules-table:end -->")[0]
    assert table == rule_table()


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["python3 dev.py examples", "python3 dev.py test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py test" in ci.splitlines()



def test_property_tests_take_their_budget_from_the_hypothesis_profile():
    """Thorough locally, bounded in CI, as the Quick start says: the loaded profile decides,
    through `hypothesis_profiles.examples`; no test file reads `CI` or sets a number of its
    own (which either profile would then leave as it is)."""
    own = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"""environ(?:\.get\(|\[)\s*["']CI["']|getenv\(\s*["']CI["']"""
                           r"|max_examples=(?!examples\(|EXAMPLES\b)[^,)]*", text)
        if found and path.name not in ("hypothesis_profiles.py", "test_readme.py"):
            own[path.relative_to(ROOT).as_posix()] = found
    assert own == {}
    assert "HYPOTHESIS_PROFILE=ci" in README.split("## Install", 1)[0]

def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def _setting_keys(settings: dict, prefix: str = "wfLsp") -> set[str]:
    keys = set()
    for key, value in settings.items():
        keys |= (_setting_keys(value, f"{prefix}.{key}") if isinstance(value, dict)
                 else {f"{prefix}.{key}"})
    return keys


def _contributed_settings() -> dict[str, dict]:
    """The VS Code extension's settings (`wfLsp.select`, ...) and their JSON schemas."""
    import json

    categories = json.loads((ROOT / "vscode-extension" / "package.json").read_text(
        encoding="utf-8"))["contributes"]["configuration"]
    return {key: schema for category in categories
            for key, schema in category["properties"].items()}


def test_editor_configs_parse_and_name_real_settings():
    """Helix and Zed cannot be installed here, so their configs are checked for what can be:
    they parse, start `wf-lsp serve`, and set only settings the server has."""
    import json

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    contributed = set(_contributed_settings())
    used = set()
    for block in _blocks("json"):
        data = json.loads(block)
        used |= {key for key in data if key.startswith("wfLsp.")}
        for server in data.get("lsp", {}).values():
            used |= _setting_keys(server["settings"]["wfLsp"])
    helix = [tomllib.loads(block) for block in _blocks("toml") if "language-server" in block]
    assert len(helix) == 1
    server = helix[0]["language-server"]["wf-lsp"]
    assert (server["command"], server["args"]) == ("wf-lsp", ["serve"])
    assert "wf-lsp" in helix[0]["language"][0]["language-servers"]
    used |= _setting_keys(server["config"]["wfLsp"])
    assert used and used <= contributed, used - contributed


def test_vscode_settings_take_every_rule_selector_the_server_takes():
    """"Wherever a code goes, a rule's name does too": VS Code checks `wfLsp.select`,
    `wfLsp.extendSelect`, `wfLsp.ignore` and the keys of `wfLsp.severity` against the manifest's patterns, and
    flags in settings.json what they do not match (a name, `ALL`, a prefix's severity)."""
    from wf_lsp.rules import RULES
    from wf_lsp.settings import selector

    settings = _contributed_settings()
    patterns = {"select": settings["wfLsp.select"]["items"]["pattern"],
                "extendSelect": settings["wfLsp.extendSelect"]["items"]["pattern"],
                "ignore": settings["wfLsp.ignore"]["items"]["pattern"],
                "severity": settings["wfLsp.severity"]["propertyNames"]["pattern"]}
    taken = ["ALL", "all", "WF", "WF1", "WF20", "wf103"] + [
        word for rule in RULES.values()
        for word in (rule.code, rule.name, rule.name.replace("-", "_"))]
    refused = ["WF1,WF3", "WF1031", "duration unit order", "duration-unit-ordr", "", "-"]
    for key, pattern in patterns.items():
        assert [w for w in taken if not re.search(pattern, w)] == [], key
        assert [w for w in refused if re.search(pattern, w)] == [], key
    assert all(selector(w) for w in taken) and not any(selector(w) for w in refused)


def test_the_docs_list_every_setting_the_server_reads():
    """README's "Settings are the `wfLsp` section (...)" and docs/editors.md's list are
    for every editor: every setting the extension contributes, less those only the
    extension reads (which program runs, the protocol trace)."""
    source = (ROOT / "vscode-extension" / "src" / "settings.ts").read_text(encoding="utf-8")
    client_only = re.search(r"CLIENT_ONLY_KEYS[^=]*= \[(.*?)\]", source).group(1)
    server = {key for key in _contributed_settings()
              if key.split(".")[1] not in re.findall(r'"(\w+)"', client_only)}
    readme = " ".join(README.split())  # as the sentences read, however they wrap
    editors = " ".join((ROOT / "docs" / "editors.md").read_text(encoding="utf-8").split())
    for listed in (readme.split("Settings are the `wfLsp` section (", 1)[1].split(")", 1)[0],
                   editors.split("`workspace/configuration`: ", 1)[1].split(" (see", 1)[0]):
        assert {f"wfLsp.{key}" for key in re.findall(r"`([\w.]+)`", listed)} == server


def test_yaml_examples_in_the_readme_are_yaml():
    from ruamel.yaml import YAML

    blocks = _blocks("yaml")
    assert len(blocks) >= 3  # pre-commit, GitHub Actions, GitLab CI
    for block in blocks:
        assert YAML(typ="safe").load(block)


def test_performance_section_quotes_the_committed_benchmark_run():
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    try:
        spec.loader.exec_module(bench)
    finally:
        del sys.modules[spec.name]
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    assert not results["plan"]["quick"]
    start, end = bench.README_MARKERS
    assert README.split(start, 1)[1].split(end, 1)[0] == bench.readme_summary(results)


def test_quick_start_shows_what_linting_the_examples_prints():
    import subprocess

    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    shown = re.search(r"report like:\n\n```\n(.*?)```", quick, re.S).group(1).splitlines()
    done = subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "examples"], cwd=ROOT,
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 1, done.stderr
    printed = done.stdout.splitlines()
    assert shown[-2:] == printed[-2:]
    assert all(line in printed for line in shown if line != "...")


def test_use_it_from_python_runs_as_shown():
    """The README's Python session, run by doctest from the repository's root."""
    import doctest
    import os

    section = README.split("## Use it from Python", 1)[1].split("\n## ", 1)[0]
    [session] = re.findall(r"```pycon\n(.*?)```", section, re.S)
    test = doctest.DocTestParser().get_doctest(session, {}, "README", "README.md", 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    here = os.getcwd()
    os.chdir(ROOT)  # the session lints examples/
    try:
        result = runner.run(test)
    finally:
        os.chdir(here)
    assert result.failed == 0


# The Markdown a user reads: the repository's, the extension's and the rule pages.
DOCS = sorted({*ROOT.glob("*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("benchmarks/*.md"),
               *ROOT.glob("vscode-extension/*.md"), *ROOT.glob("wf_lsp/docs/rules/*.md")})
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _anchors(path: Path) -> set[str]:
    """The anchors GitHub makes of a file's headings (lower case, punctuation dropped,
    spaces as hyphens, `-1`, `-2` after a repeat)."""
    anchors: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", FENCE.sub("", path.read_text(encoding="utf-8")),
                              re.M):
        anchor = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        n = 0
        while (f"{anchor}-{n}" if n else anchor) in anchors:
            n += 1
        anchors.add(f"{anchor}-{n}" if n else anchor)
    return anchors


def test_every_relative_link_in_the_docs_leads_to_a_file_and_heading():
    assert len(DOCS) > 10
    broken = []
    for doc in DOCS:
        text = FENCE.sub("", doc.read_text(encoding="utf-8"))
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            linked = (doc.parent / path) if path else doc
            if not linked.exists() or (anchor and linked.suffix == ".md"
                                       and anchor not in _anchors(linked)):
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert broken == []


# `wf-lsp SUBCOMMAND ...` up to the end of the shell command (a pipe, a redirection, a comment).
COMMAND = re.compile(r"(?<![\w./-])wf-lsp ((?:lint|duration|rules|rule|graph|serve)\b[^|>;&#\n]*)")


def test_every_wf_lsp_command_in_the_docs_examples_parses():
    """Each `wf-lsp ...` in a `sh` or `yaml` example (a shell line, a CI step) names options
    the command line has, with the values they take."""
    import contextlib
    import io
    import shlex

    from wf_lsp.cli import _parser

    commands = []
    for doc in DOCS:
        for block in re.findall(r"^```(?:sh|yaml)\n(.*?)^```", doc.read_text(encoding="utf-8"),
                                re.S | re.M):
            shell = "\n".join(line.split(" #")[0] for line in block.splitlines())
            commands += [(doc.relative_to(ROOT), found) for found in COMMAND.findall(shell)]
    assert len(commands) >= 15
    wrong = []
    for doc, command in commands:
        argv = shlex.split(command)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                _, unknown = _parser(argv[0]).parse_known_args(argv)
        except SystemExit as exit:  # --help exits 0; a bad argument 2
            unknown = [] if exit.code == 0 else [out.getvalue().strip()]
        if unknown:
            wrong.append(f"{doc}: wf-lsp {command}: {unknown}")
    assert wrong == []


def test_no_doc_installs_wf_lsp_by_name_from_the_package_index():
    """wf-lsp is installed from its repository or a clone: it is not on the package index
    (the extension's README and its "not installed" message say so), where a command that
    asks for the name (`uvx wf-lsp`, `pip install wf-lsp`) finds nothing, or another's package."""
    by_name = re.compile(r"""\b(?:uvx|pipx run|(?:pipx?|uv pip|uv tool) install(?: -U)?)[\s"',]+wf-lsp\b""")
    texts = {doc.relative_to(ROOT): doc.read_text(encoding="utf-8") for doc in DOCS
             if doc.name != "CHANGELOG.md"}  # which quotes what was wrong before
    texts["vscode-extension/package.json"] = (
        ROOT / "vscode-extension" / "package.json").read_text(encoding="utf-8").replace('\\"', '"')
    assert "not on the package index" in texts[Path("vscode-extension/README.md")]
    assert {str(doc): found for doc, text in texts.items()
            if (found := by_name.findall(text))} == {}


def test_the_config_example_names_every_key_and_loads(tmp_path):
    """The README's `[tool.wf-lsp]` example shows every key the configuration takes, and a
    `pyproject.toml` holding exactly it is a valid configuration."""
    import wf_lsp
    from wf_lsp.settings import KEYS

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    section = README.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    assert list(tomllib.loads(block)["tool"]["wf-lsp"]) == list(KEYS)
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    config = wf_lsp.load_config(str(tmp_path / "flow.yaml"))
    assert (config.require_timeout, config.workspace_id) == ("jobs", "my-team")


def test_the_extension_readme_lists_every_setting_with_its_default():
    """Its Settings table against the manifest: the names, and the defaults as JSON."""
    import json

    readme = (ROOT / "vscode-extension" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(wfLsp\.[\w.]+)` \| `(.*?)` \|", readme, re.M)
    assert {name: json.loads(default) for name, default in rows} == {
        name: schema["default"] for name, schema in _contributed_settings().items()}
