"""What the core tests share: the real CLI in a subprocess, and the linter in-process.

`run_cli` starts `python -m wf_lsp` with this checkout first on the path and an
environment without the variables that change the output (GitHub Actions, colour,
docs URL). `lint`/`spans` call `analyze` with a config built from keyword arguments
(`lint(text, select=["WF111"], max_job_timeout="6h")`), as a config file would say it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from wf_lsp.config import Config
from wf_lsp.findings import Finding, Fix
from wf_lsp.fixes import apply_fixes
from wf_lsp.linter import Analysis, analyze
from wf_lsp.parse import Source
from wf_lsp.settings import from_mapping

ROOT = Path(__file__).resolve().parents[2]
_NOISE = ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
          "WF_LSP_DOCS_URL", "PYTHONWARNINGS", "PRE_COMMIT")

# A job whose timeout is the value under test (line 4, column 14, 1-based) and a step.
JOB = "id: x\njobs:\n  a:\n    timeout: {}\n    steps:\n      - run: a\n"


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _NOISE}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run_cli(*args: str, input: str | bytes | None = None, cwd: str | Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`wf-lsp ARGS` in a subprocess; text output (UTF-8) unless `input` is bytes."""
    binary = isinstance(input, bytes)
    return subprocess.run(
        [sys.executable, "-m", "wf_lsp", *args], input=input, cwd=cwd, env=env or cli_env(),
        capture_output=True, text=not binary, encoding=None if binary else "utf-8",
        timeout=120,
    )


def run_json(*args: str, **kwargs) -> list[dict]:
    """`wf-lsp lint --format json ARGS`, parsed; fails on exit code 2."""
    done = run_cli("lint", "--format", "json", *args, **kwargs)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def config(**settings) -> Config | None:
    """A Config from keyword arguments named as in wf-lsp.toml (`_` for `-`)."""
    if not settings:
        return None
    return from_mapping({key.replace("_", "-"): value for key, value in settings.items()})


def result(text: str, path: str | None = None, **settings) -> Analysis:
    return analyze(text, path=path, config=config(**settings))


def lint(text: str, **settings) -> tuple[Finding, ...]:
    """The findings for `text` (a workflow's YAML)."""
    return result(text, **settings).findings


def where(finding: Finding) -> str:
    """`4:14-4:19 WF103`: 1-based lines and columns, end exclusive (as the JSON output)."""
    s, e = finding.span.start, finding.span.end
    return f"{s.line + 1}:{s.column + 1}-{e.line + 1}:{e.column + 1} {finding.code}"


def spans(text: str, **settings) -> list[str]:
    """Every finding as `where()` gives it, in the linter's order."""
    return [where(f) for f in lint(text, **settings)]


def only(text: str, code: str, **settings) -> Finding:
    """The one finding of `code` (there must be exactly one)."""
    found = [f for f in lint(text, **settings) if f.code == code]
    assert len(found) == 1, [where(f) for f in lint(text, **settings)]
    return found[0]


def apply(text: str, fix: Fix) -> str:
    """`text` with one fix applied (BOM kept, as --fix keeps it)."""
    source = Source.from_text(text)
    new_text, count = apply_fixes(source, [fix])
    assert count == 1
    return ("\ufeff" if source.had_bom else "") + new_text


def lines_run(call):
    """How many lines of wf-lsp's own code `call()` runs (a count that does not depend on
    the machine, unlike a time: what a test of a cost asserts), and its result."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if "wf_lsp" not in frame.f_code.co_filename:
            return None
        count += 1
        return tracer

    before = sys.gettrace()  # a coverage run's: given back
    sys.settrace(tracer)
    try:
        result = call()
    finally:
        sys.settrace(before)
    return count, result
