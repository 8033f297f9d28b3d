"""The README's promises that code can check: the rule table and the Quick start."""

from __future__ import annotations

import re
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
