"""`wf-lsp graph` on large workflows, through the real CLI: the picture is drawn whole.

A workflow is input: a chain of 1,000 jobs must not overflow the stack of a layout that
recurses once per job, and jobs that each depend on all earlier ones must not make the
layout's work grow with the cube of their number. The SVG is read back with an XML
parser: one box per job, one arrow per dependency.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from .helpers import cli_env

SVG = "{http://www.w3.org/2000/svg}"


def workflow(needs: dict[int, list[int]]) -> str:
    """A workflow whose job `j<i>` depends on the jobs `needs[i]` names."""
    lines = ["id: large", "jobs:"]
    for job, earlier in needs.items():
        names = ", ".join(f"j{k}" for k in earlier)
        lines.append(f"  j{job}: {{timeout: 1m, depends_on: [{names}], steps: [{{run: x}}]}}")
    return "\n".join(lines) + "\n"


def draw(tmp_path, text: str, fmt: str, why: str) -> str:
    """`wf-lsp graph --format FMT` on `text`, given two minutes: what it wrote."""
    (tmp_path / "w.yaml").write_text(text, encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "wf_lsp", "graph", "--format", fmt, "w.yaml"],
                              cwd=tmp_path, env=cli_env(), capture_output=True, text=True,
                              encoding="utf-8", timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`wf-lsp graph --format {fmt}` did not finish in 2 minutes: {why}")
    assert done.returncode == 0, f"{why}: {done.stderr}"
    assert done.stderr == ""
    return done.stdout


def drawn(svg: str) -> tuple[int, int]:
    """How many job boxes and arrows the SVG has."""
    root = ET.fromstring(svg)
    boxes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "wf-job"]
    arrows = [p for p in root.iter(f"{SVG}path") if "wf-arrow" in p.get("class", "").split()]
    return len(boxes), len(arrows)


CHAIN = {i: [i - 1] if i else [] for i in range(1000)}
CYCLE = {i: [(i - 1) % 1000] for i in range(1000)}


@pytest.mark.parametrize("fmt", ["svg", "html"])
@pytest.mark.parametrize("needs", [CHAIN, CYCLE], ids=["chain", "cycle"])
def test_a_thousand_jobs_in_a_row_are_drawn_without_recursion(tmp_path, needs, fmt):
    out = draw(tmp_path, workflow(needs), fmt,
               "a layout that recurses once per job overflows Python's stack here")
    svg = out[out.index("<svg"):out.index("</svg>") + len("</svg>")]
    assert drawn(svg) == (1000, 1000 if needs is CYCLE else 999)


def test_jobs_that_each_depend_on_all_earlier_ones_are_drawn_whole(tmp_path):
    # 150 jobs: 11,175 arrows crossing 562,475 layers in all, which the layout once bent
    # at every layer (minutes); now the long ones are drawn straight past a budget.
    needs = {i: list(range(i)) for i in range(150)}
    svg = draw(tmp_path, workflow(needs), "svg",
               "the layout's work grows with the cube of the jobs when arrows cross many layers")
    assert drawn(svg) == (150, 150 * 149 // 2)


def test_a_name_of_50000_characters_is_cut_in_one_pass(tmp_path):
    # Cut to fit its box by taking a character off and measuring again, a name of 20,000
    # characters took 80 s to draw (the editor's picture hung as long).
    name, job_id = "n" * 50_000, "j" * 1000  # a key YAML reads has at most 1,024
    text = (f'id: long\njobs:\n  {job_id}:\n    name: "{name}"\n    timeout: 5m\n'
            f"    workflow: {{name: {'w' * 50_000}}}\n")
    root = ET.fromstring(draw(tmp_path, text, "svg", "a long name is measured once"))
    shown = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
    cut = [line for line in shown if line.endswith("…")]
    assert [line[0] for line in cut] == ["j", "n", "w", "j"]  # box: id, name; callee; row
    assert all(len(line) < 100 for line in cut)
    job = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "wf-job")
    assert job.find(f"{SVG}title").text.startswith(f"{job_id} ({name}) · ")  # whole
