"""The lint path never imports the language-server stack (pygls, lsprotocol), nor the
libraries only hover and hints need (the cron schedule's description and next runs), nor
the picture (`wf-lsp graph`: wf_lsp.picture and its layout library, grandalf)."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from .helpers import JOB, ROOT, cli_env

FORBIDDEN = ("pygls", "lsprotocol")
PICTURE = ("grandalf", "wf_lsp.picture", "wf_lsp.commands.graph")
NOT_ON_LINT_PATH = (*FORBIDDEN, "cronsim", "cron_descriptor", *PICTURE)


def _is(module: str, names: tuple[str, ...]) -> bool:
    """`module` is one of `names` or inside one of them."""
    return any(module == name or module.startswith(name + ".") for name in names)


# Runs the real CLI entry point in a fresh interpreter, then reports what got imported.
PROBE = """\
import sys
from wf_lsp.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
watched = {watched!r}
loaded = sorted(m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched))
print("LOADED=" + ",".join(loaded), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [
    ["lint", "w.yaml"],
    ["lint", "--format", "json", "w.yaml"],
    ["lint", "--format", "full", "w.yaml"],
    ["lint", "--format", "sarif", "w.yaml"],
    ["lint", "--format", "github", "w.yaml"],
    ["lint", "--format", "gitlab", "w.yaml"],
    ["lint", "--fix", "w.yaml"],
    ["lint", "--diff", "w.yaml"],
    ["lint", "--jobs", "2", "."],
    ["duration", "1h30m"],
    ["rules"],
    ["rule", "WF103"],
])
def test_no_language_server_modules_on_the_cli_paths(tmp_path, args):
    for n in range(20 if "--jobs" in args else 1):  # enough files for the process pool
        (tmp_path / f"w{'' if n == 0 else n}.yaml").write_text(JOB.format("30m1h"))
    done = subprocess.run([sys.executable, "-c", PROBE.format(watched=NOT_ON_LINT_PATH), *args],
                          cwd=tmp_path, env=cli_env(),
                          capture_output=True, text=True, timeout=120)
    assert "LOADED=\n" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["svg", "html", "mermaid", "dot", "json"])
def test_the_graph_command_draws_without_the_language_server(tmp_path, fmt):
    (tmp_path / "w.yaml").write_text(JOB.format("30m"))
    done = subprocess.run([sys.executable, "-c", PROBE.format(watched=NOT_ON_LINT_PATH),
                           "graph", "--format", fmt, "w.yaml"],
                          cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=120)
    loaded = done.stderr.split("LOADED=", 1)[1].split()[0].split(",")
    assert "wf_lsp.commands.graph" in loaded  # the probe sees the graph path
    assert [m for m in loaded if _is(m, FORBIDDEN)] == []
    assert "Traceback" not in done.stderr


def test_importtime_shows_no_language_server_module(tmp_path):
    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "wf_lsp", "lint", "w.yaml"],
                          cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=120)
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")]
    assert "wf_lsp.linter" in imported  # the probe sees the lint path
    assert [m for m in imported if _is(m, NOT_ON_LINT_PATH)] == []


def test_no_module_outside_the_lsp_layer_imports_them():
    """pygls and lsprotocol stay in wf_lsp/lsp/; grandalf stays in wf_lsp/picture/."""
    offenders = []
    for path in sorted((ROOT / "wf_lsp").rglob("*.py")):
        folders = path.relative_to(ROOT / "wf_lsp").parts[:-1]
        kept_out = ((() if "lsp" in folders else FORBIDDEN)
                    + (() if "picture" in folders else ("grandalf",)))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if _is(n, kept_out)]
    assert offenders == []
