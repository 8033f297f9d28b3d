"""The rule documentation cannot drift from the linter (actionlint's check-checks).

Every `## Bad` example of a rule's docstring must give that rule's code and every
`## Good` one no finding at all, with the rule selected explicitly (WF111 is off by
default; a `# with key = "value"` first line configures what the rule needs, as WF204's
`max-job-timeout`), and none from the other rules either: a user who copies a good
example gets a clean lint (WF203's information included). An example of several
files (`# file: NAME` blocks: a call and the workflow it calls) is linted as a workspace
of those files: the Bad one's finding is in its first file, the Good one's files have none. docs/rules.md is exactly
what `wf-lsp rules --format markdown` prints, and each rule's page in the package (what a
diagnostic links to) what `wf-lsp rule CODE` prints.
"""

from __future__ import annotations

import re

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from wf_lsp.commands.rules import rule_markdown
from wf_lsp.linter import analyze, index_text
from wf_lsp.rules import RULES
from wf_lsp.workspace import Workspace

from .helpers import ROOT, config, lint, run_cli

WITH = re.compile(r"^# with (.+)$", re.M)


def examples(kind: str) -> list:
    return [pytest.param(code, files[0][1], id=f"{code}-{kind.lower()}{n}")
            for code, rule in RULES.items()
            for n, files in enumerate(rule.example_files(kind)) if len(files) == 1]


def workspace_examples(kind: str) -> list:
    return [pytest.param(code, files, id=f"{code}-{kind.lower()}{n}")
            for code, rule in RULES.items()
            for n, files in enumerate(rule.example_files(kind)) if len(files) > 1]


def lint_workspace(files, **settings) -> dict[str, list]:
    """Each file's findings, linted as the workspace of these files (as `wf-lsp lint`
    lints the files of a folder together)."""
    paths = {name: f"/workspace/{name}" for name, _ in files}
    index = Workspace.of(entry for name, text in files
                         for entry in index_text(text, path=paths[name]))
    return {name: list(analyze(text, path=paths[name], config=config(**settings),
                               workspace=index).findings)
            for name, text in files}


def settings_of(code: str, text: str) -> dict:
    """The rule selected, plus what a `# with key = "value"` line asks for."""
    table = {"select": [code]}
    for line in WITH.findall(text):
        table.update(tomllib.loads(line))
    return {key.replace("-", "_"): value for key, value in table.items()}


def test_every_rule_has_a_bad_and_a_good_example():
    for code, rule in RULES.items():
        assert rule.examples("Bad") and rule.examples("Good"), code


def test_examples_needing_a_setting_say_which():
    assert [p.values[0] for p in examples("Bad") if WITH.search(p.values[1])] == ["WF204"]
    assert settings_of("WF204", RULES["WF204"].examples("Bad")[0]) == {
        "select": ["WF204"], "max_job_timeout": "6h"}


@pytest.mark.parametrize("code, text", examples("Bad"))
def test_bad_example_gives_its_rules_code(code, text):
    found = [f.code for f in lint(text, **settings_of(code, text))]
    assert code in found, found


@pytest.mark.parametrize("code, files", workspace_examples("Bad"))
def test_bad_example_of_several_files_gives_its_rules_code_in_the_first(code, files):
    found = lint_workspace(files, **settings_of(code, files[0][1]))
    assert code in [f.code for f in found[files[0][0]]], found


@pytest.mark.parametrize("code, files", workspace_examples("Good"))
def test_good_example_of_several_files_gives_no_finding(code, files):
    found = lint_workspace(files, **settings_of(code, files[0][1]))
    assert {name: [f.code for f in items] for name, items in found.items()} == {
        name: [] for name, _ in files}
    for name, items in lint_workspace(files).items():
        assert [f.code for f in items] == [], name


@pytest.mark.parametrize("code, text", examples("Good"))
def test_good_example_gives_no_finding(code, text):
    assert [f.code for f in lint(text, **settings_of(code, text))] == []
    # Nor any finding of the other rules, information included: a good example is a
    # good workflow, copied as it is (it gave WF203 for a job without a timeout).
    assert [f.code for f in lint(text)] == []


def test_docs_rules_md_is_what_the_command_prints():
    done = run_cli("rules", "--format", "markdown")
    assert done.returncode == 0
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert done.stdout == committed, "regenerate: wf-lsp rules --format markdown > docs/rules.md"


REGENERATE_PAGES = ("regenerate: wf-lsp rules | cut -c1-5 | "
                    "while read c; do wf-lsp rule $c > wf_lsp/docs/rules/$c.md; done")


def test_each_rule_has_its_page_in_the_package_and_links_to_it():
    """A diagnostic's link (`Rule.url`) opens the rule's own page, which is exactly what
    `wf-lsp rule CODE` prints; the package holds no other page."""
    pages = ROOT / "wf_lsp" / "docs" / "rules"
    assert sorted(p.name for p in pages.glob("*.md")) == sorted(f"{c}.md" for c in RULES), \
        REGENERATE_PAGES
    for code, rule in RULES.items():
        done = run_cli("rule", code)
        assert done.returncode == 0
        page = pages / f"{code}.md"
        assert page.read_text(encoding="utf-8") == done.stdout, REGENERATE_PAGES
        assert rule.url == page.as_uri()


def test_a_hosted_reference_is_linked_at_the_rules_heading(monkeypatch):
    monkeypatch.setenv("WF_LSP_DOCS_URL", "https://docs.example.invalid/rules.md")
    assert RULES["WF103"].url == "https://docs.example.invalid/rules.md#wf103-duration-unit-order"


def test_docs_rules_md_holds_every_rules_documentation_and_anchor():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert rule_markdown(rule) in committed
        assert f"(#{rule.anchor})" in committed
        # the heading GitHub turns into that anchor
        assert f"## {rule.code} {rule.name}\n" in committed


def test_summaries_are_one_sentence():
    for rule in RULES.values():
        assert rule.summary.endswith(".") and "\n" not in rule.summary, rule.code
