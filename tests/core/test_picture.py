"""`wf-lsp graph`: the picture of a workflow, through the real CLI, in every format.

The SVG is read back with an XML parser, the DOT by Graphviz itself (installed by the
fixture when missing), the HTML by the HTML parser; the numbers are the timeline's.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.commands.graph import draw
from wf_lsp.picture.chart import printable, shown_id

from .helpers import ROOT, cli_env, run_cli

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE = ROOT / "examples" / "ml-training.yaml"
README_IMAGE = ROOT / "docs" / "images" / "graph-example.svg"
MERMAID = "11.17.2"  # the oracle for the Mermaid output, pinned

UNBOUNDED = """\
id: unbounded
jobs:
  fetch: {timeout: 20m, steps: [{run: a}]}
  build: {depends_on: [fetch], steps: [{run: b}]}
  deploy: {depends_on: [build], timeout: 10m, steps: [{run: c}]}
  side: {depends_on: [fetch], timeout: 1h, steps: [{run: d}]}
"""

CYCLE = """\
id: cycle
jobs:
  start: {timeout: 5m, steps: [{run: a}]}
  a: {depends_on: [start, c], timeout: 10m, steps: [{run: a}]}
  b: {depends_on: [a], timeout: 10m, steps: [{run: b}]}
  c: {depends_on: [b], timeout: 10m, steps: [{run: c}]}
  after: {depends_on: [c], timeout: 1h, steps: [{run: d}]}
  self: {depends_on: [self], timeout: 1m, steps: [{run: e}]}
  fine: {depends_on: [start], timeout: 30m, steps: [{run: f}]}
"""

FAN = """\
id: nightly
name: Nightly release
jobs:
  checkout: {timeout: 10m, steps: [{run: a}]}
  test:
    name: Unit tests
    depends_on: [checkout]
    timeout: 45m
    matrix: {python: ["3.10", "3.11", "3.12"], os: [ubuntu, debian]}
    steps: [{run: pytest}, {run: coverage}]
  train: {depends_on: [checkout], timeout: 2h, steps: [{run: t}]}
  publish:
    depends_on: [test, train]
    timeout: 20m
    workflow: {name: publish-model, inputs: {channel: nightly}}
"""

# Job ids and names a picture must carry through: CJK, emoji (a ZWJ family), markup,
# quotes, a DOT escape, a Mermaid entity, and a control character YAML can spell.
ODD = """\
id: "名前-🚀"
name: "训练 <pipeline> & \\"quotes\\" 🚀"
jobs:
  数据准备:
    name: "Prépare 👩‍👩‍👧 <data> & 'more'"
    timeout: 10m
    steps: [{run: a}]
  "train-🤖":
    depends_on: [数据准备]
    timeout: 1h
    steps: [{run: b}]
  "a<b>&\\"c\\"#1\\\\n":
    depends_on: ["train-🤖"]
    timeout: 5m
    steps: [{run: c}]
  "ctl\\x01x":
    depends_on: [数据准备]
    timeout: 1m
    steps: [{run: d}]
"""
ODD_IDS = ["数据准备", "train-🤖", 'a<b>&"c"#1\\n', "ctl\x01x"]


def graph(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    """`wf-lsp graph w.yaml ARGS` on `text`; must succeed."""
    (tmp_path / "w.yaml").write_text(text, encoding="utf-8")
    done = run_cli("graph", "w.yaml", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done


def texts(svg: ET.Element) -> list[str]:
    """Every text element's text, in document order."""
    return ["".join(element.itertext()) for element in svg.iter(f"{SVG}text")]


def classes_of(svg: ET.Element, kind: str) -> dict[str, str]:
    """job id → the classes of its box (`wf-job`) or its timeline bar (`wf-row`)."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") == kind:
            shape = group.find(f"{SVG}rect")
            found[group.get("data-job")] = shape.get("class") if shape is not None else ""
    return found


@pytest.fixture(scope="session")
def graphviz() -> str:
    """Graphviz's `dot`, the oracle for the DOT output: apt-get installs it when missing."""
    dot = shutil.which("dot")
    if dot is None and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "graphviz"],
                       env=env, capture_output=True, timeout=600)
        dot = shutil.which("dot")
    if dot is None:
        pytest.fail("Graphviz's dot is not installed (Debian: apt-get install graphviz): "
                    "the DOT output is checked by Graphviz itself")
    return dot


@pytest.fixture(scope="session")
def mermaid_js() -> Path:
    """Mermaid itself (npm, into .tools/), the oracle for the Mermaid output; Chromium runs it."""
    script = ROOT / ".tools" / f"mermaid-{MERMAID}" / "node_modules" / "mermaid" / "dist" / \
        "mermaid.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is not installed: the Mermaid output is checked by Mermaid itself")
        done = subprocess.run([npm, "install", "--prefix", str(script.parents[3]), "--no-audit",
                               "--no-fund", "--no-save", f"mermaid@{MERMAID}"],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0 and script.exists(), done.stderr
    if shutil.which("chromium") is None:
        pytest.fail("Chromium is not installed (Debian: apt-get install chromium): it runs "
                    "Mermaid, the oracle for the Mermaid output")
    return script


MERMAID_PAGE = """<!doctype html><meta charset="utf-8"><pre id="out">pending</pre>
<textarea id="source">{source}</textarea><div id="diagram"></div>
<script src="{script}"></script>
<script>
mermaid.initialize({{startOnLoad: false}});
(async () => {{
  const out = document.getElementById("out");
  try {{
    const {{svg}} = await mermaid.render("g", document.getElementById("source").value);
    const diagram = document.getElementById("diagram");
    diagram.innerHTML = svg;
    out.textContent = JSON.stringify({{
      labels: [...diagram.querySelectorAll(".nodeLabel")].map(label => label.innerText),
      nodes: diagram.querySelectorAll(".node").length,
      edges: diagram.querySelectorAll(".edgePaths path").length,
      title: diagram.querySelector("svg > title")?.textContent,
      description: diagram.querySelector("svg > desc")?.textContent,
    }});
  }} catch (error) {{ out.textContent = "ERROR " + error.message; }}
}})();
</script>"""


def mermaid_renders(tmp_path: Path, script: Path, source: str) -> dict:
    """What Mermaid draws of `source` in Chromium: its node labels' text (line breaks as
    \\n; the frame's title first), how many nodes and arrows, and its accessible title
    and description."""
    page = tmp_path / "mermaid.html"
    page.write_text(MERMAID_PAGE.format(source=html.escape(source), script=script.as_uri()),
                    encoding="utf-8")
    done = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=30000",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=180)
    result = html.unescape(re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S).group(1))
    assert result.startswith("{"), result
    return json.loads(result)


def graphviz_reads(dot: str, source: str) -> tuple[dict, dict[str, list[str]]]:
    """What Graphviz makes of `source`: its JSON form, and the lines of text it draws in
    each node (by node name) and in the graph's label (under "")."""
    drawn = {}
    for fmt in ("svg", "json"):
        done = subprocess.run([dot, f"-T{fmt}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=120)
        assert done.returncode == 0 and not done.stderr, done.stderr.decode("utf-8", "replace")
        drawn[fmt] = done.stdout.decode("utf-8")
    lines: dict[str, list[str]] = {}
    for group in ET.fromstring(drawn["svg"]).iter(f"{SVG}g"):
        if group.get("class") == "node":  # its text may sit in a link (the tooltip's)
            lines[group.find(f"{SVG}title").text] = [t.text for t in group.iter(f"{SVG}text")]
        elif group.get("class") == "graph":
            lines[""] = [t.text for t in group.findall(f"{SVG}text")]
    return json.loads(drawn["json"]), lines


def test_the_timeouts_page_example_names_every_job_and_its_worst_case(tmp_path):
    svg = ET.fromstring(graph(tmp_path, EXAMPLE.read_text(encoding="utf-8")).stdout)
    shown = texts(svg)
    for job_id in ("preprocess", "train", "evaluate"):
        assert job_id in shown
    assert "Worst case: 7h30m · 7 hours 30 minutes" in shown  # 30m + 6h + 1h
    assert "worst case 7h30m" in shown  # at the end of the timeline
    assert "Critical path: preprocess → train → evaluate" in shown
    assert not any(text.endswith("…") for text in shown)  # every box is wide enough
    assert svg.find(f"{SVG}title").text == "ML Training Pipeline: job graph and worst-case timeline"
    boxes, bars = classes_of(svg, "wf-job"), classes_of(svg, "wf-row")
    assert boxes == dict.fromkeys(["preprocess", "train", "evaluate"], "wf-box wf-critical")
    assert bars == dict.fromkeys(["preprocess", "train", "evaluate"], "wf-bar wf-critical")


def test_the_svg_is_self_contained_and_themed(tmp_path):
    out = graph(tmp_path, EXAMPLE.read_text(encoding="utf-8")).stdout
    svg = ET.fromstring(out)
    assert svg.tag == f"{SVG}svg" and svg.get("viewBox")
    for element in svg.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}image", f"{SVG}foreignObject",
                                   f"{SVG}use")
        assert not any("href" in name for name in element.attrib)
    style = svg.find(f"{SVG}style").text
    assert "@media (prefers-color-scheme: dark)" in style
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    # An opaque background of its own: readable whatever the page around it is.
    assert svg.find(f"{SVG}rect").get("class") == "wf-bg"


def test_the_readme_image_is_what_the_command_draws_now(tmp_path):
    out = tmp_path / "graph.svg"
    done = run_cli("graph", str(EXAMPLE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert README_IMAGE.read_text(encoding="utf-8") == out.read_text(encoding="utf-8"), (
        "regenerate it: wf-lsp graph examples/ml-training.yaml -o docs/images/graph-example.svg")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/images/graph-example.svg)" in readme


def test_the_drawing_does_not_depend_on_the_hash_seed(tmp_path):
    (tmp_path / "w.yaml").write_text(FAN + CYCLE.split("jobs:\n", 1)[1], encoding="utf-8")
    outputs = {
        run_cli("graph", "w.yaml", cwd=tmp_path, env=cli_env(PYTHONHASHSEED=seed)).stdout
        for seed in ("0", "1", "4242")
    }
    assert len(outputs) == 1 and "<svg" in outputs.pop()


def test_json_gives_the_graph_and_the_timeline(tmp_path):
    data = json.loads(graph(tmp_path, FAN, "--format", "json").stdout)
    assert data["workflow"] == {"id": "nightly", "name": "Nightly release",
                                "syntax_error_line": None}
    assert data["worst_case"] == {
        "nanoseconds": (2 * 60 + 30) * 60 * 10**9, "canonical": "2h30m",
        "words": "2 hours 30 minutes", "bounded": True, "unbounded_by": None,
        "summary": "2h30m · 2 hours 30 minutes",
    }
    assert data["critical_path"] == ["checkout", "train", "publish"]
    jobs = {job["id"]: job for job in data["jobs"]}
    assert jobs["test"]["matrix_instances"] == 6 and jobs["test"]["steps"] == 2
    assert jobs["test"]["name"] == "Unit tests"
    assert (jobs["test"]["start"], jobs["test"]["finish"], jobs["test"]["critical"]) == (
        "10m", "55m", False)
    assert jobs["publish"]["calls"] == "publish-model"
    assert jobs["publish"]["depends_on"] == ["test", "train"]
    assert (jobs["publish"]["start"], jobs["publish"]["finish"]) == ("2h10m", "2h30m")
    assert data["dependencies"] == [
        {"before": "checkout", "after": "test", "critical": False},
        {"before": "checkout", "after": "train", "critical": True},
        {"before": "test", "after": "publish", "critical": False},
        {"before": "train", "after": "publish", "critical": True},
    ]


def test_a_matrix_job_is_one_bar_with_its_count_and_a_call_a_linked_box(tmp_path):
    svg = ET.fromstring(graph(tmp_path, FAN).stdout)
    shown = texts(svg)
    assert "45m ×6" in shown  # the matrix job's one bar
    assert "timeout 45m · 2 steps · ×6 matrix" in shown
    callees = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "wf-callee"]
    assert [g.get("data-job") for g in callees] == ["publish"]
    assert texts(callees[0]) == ["workflow", "publish-model"]
    assert callees[0].find(f"{SVG}title").text == "publish calls workflow publish-model"


def test_a_called_workflows_long_name_cut_in_its_box_is_whole_in_its_tooltip(tmp_path):
    # A call of `/workspaces/other-team/workflows/anything` showed
    # `/workspaces/other-team/workflow…`, and nothing in the picture said the rest.
    name = "/workspaces/other-team/workflows/anything"
    svg = ET.fromstring(graph(tmp_path, FAN.replace("name: publish-model", f"name: {name}")).stdout)
    callee = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "wf-callee")
    shown = texts(callee)[1]
    assert shown.endswith("…") and name.startswith(shown[:-1])
    assert callee.find(f"{SVG}title").text == f"publish calls workflow {name}"
    assert any(path.get("class") == "wf-arrow wf-link" for path in svg.iter(f"{SVG}path"))


STEPS_BOUND = """\
id: steps
jobs:
  a:
    timeout: 10m
    steps:
      - run: make
  b:
    depends_on: [a]
    steps:
      - {run: make, timeout: 5m}
      - {run: make test, timeout: 20m}
"""


def test_a_job_without_a_timeout_whose_steps_all_have_one_is_bounded_by_them(tmp_path):
    # It was "unbounded (b has no timeout)": its steps end by 25m, so it does.
    svg = ET.fromstring(graph(tmp_path, STEPS_BOUND).stdout)
    shown = texts(svg)
    assert "Worst case: 35m · 35 minutes" in shown
    assert "steps' timeouts 25m · 2 steps" in shown  # the box says where its limit comes from
    assert "every job runs to its timeout, or its steps' when it has none" in shown
    assert "25m" in shown  # its bar
    job = json.loads(graph(tmp_path, STEPS_BOUND, "--format", "json").stdout)["jobs"][1]
    assert (job["timeout"], job["limit"], job["finish"]) == (None, "25m", "35m")


def test_a_job_without_a_timeout_leaves_the_total_unbounded(tmp_path):
    svg = ET.fromstring(graph(tmp_path, UNBOUNDED).stdout)
    shown = texts(svg)
    assert "Worst case: unbounded (build has no timeout)" in shown
    assert not any(text.startswith("worst case ") for text in shown)  # no end line
    bars = classes_of(svg, "wf-row")
    assert bars["build"] == "wf-bar wf-open wf-critical"  # open-ended, from its start on
    assert bars["deploy"] == "wf-bar wf-open wf-critical"  # its start is unbounded too
    assert bars["side"] == "wf-bar"
    assert "after build" in shown and "no limit →" in shown
    data = json.loads(graph(tmp_path, UNBOUNDED, "--format", "json").stdout)
    assert data["worst_case"]["bounded"] is False
    assert data["worst_case"]["unbounded_by"] == "build"
    assert data["critical_path"] == ["fetch", "build", "deploy"]
    jobs = {job["id"]: job for job in data["jobs"]}
    assert (jobs["build"]["start"], jobs["build"]["finish"]) == ("20m", "unbounded")
    assert (jobs["deploy"]["start"], jobs["deploy"]["finish"]) == ("unbounded", "unbounded")


def test_the_no_limit_swatch_is_in_neither_bar_colour(tmp_path):
    # Its swatch was a blue dashed bar (a plain job's colour) while every open-ended bar
    # here is orange (on the critical path): it is dashed and grey now, as in dark mode.
    done = graph(tmp_path, UNBOUNDED)
    svg = ET.fromstring(done.stdout)
    elements = list(svg.iter())
    label = max(i for i, e in enumerate(elements) if e.tag == f"{SVG}text"
                and "".join(e.itertext()) == "no limit")  # the legend's, after build's bar
    swatch = elements[label - 1]
    assert swatch.tag == f"{SVG}rect" and swatch.get("class") == "wf-swatch-open"
    light, dark = re.findall(r"^\s*\.wf-swatch-open \{ ([^}]*) \}", done.stdout, re.M)
    assert "stroke-dasharray" in light
    assert not {"#0969da", "#bc4c00", "#4493f8", "#f0883e"} & set(re.findall("#[0-9a-f]{6}",
                                                                         light + dark))
    assert set(classes_of(svg, "wf-row").values()) >= {"wf-bar wf-open wf-critical"}


def test_each_jobs_tooltip_says_when_it_starts_and_ends_or_why_it_has_no_bound(tmp_path,
                                                                                 graphviz):
    # It said "starts by 20m, ends by unbounded", and "starts by unbounded, ends by
    # unbounded" of a job after one without a limit, naming none.
    UNBOUNDED_TOO = UNBOUNDED.replace("  side: {", "  bad: {timeout: 1 h, steps: [{run: e}]}\n"
                                      "  side: {")
    said = {
        "fetch": "worst case: starts at once, ends by 20m",
        "build": "worst case: starts by 20m, no end: it has no timeout",
        "deploy": "worst case: no bound: it runs after build, which has no limit",
        "bad": "worst case: starts at once, no end: it has an invalid timeout",
        "side": "worst case: starts by 20m, ends by 1h20m",
    }
    svg = ET.fromstring(graph(tmp_path, UNBOUNDED_TOO).stdout)
    tooltips = {group.get("data-job"): group.find(f"{SVG}title").text
                for group in svg.iter(f"{SVG}g") if group.get("class") == "wf-job"}
    assert {job: tip.split(" · ")[-1] for job, tip in tooltips.items()} == said
    rows = {group.get("data-job"): group.find(f"{SVG}title").text
            for group in svg.iter(f"{SVG}g") if group.get("class") == "wf-row"}
    assert rows == tooltips  # a row after a job without a limit had none
    drawn, _ = graphviz_reads(graphviz, graph(tmp_path, UNBOUNDED_TOO, "--format", "dot").stdout)
    assert {node["label"].split("\\n")[0]: node["tooltip"] for node in drawn["objects"]} == said


MISSING = """\
id: missing
jobs:
  build: {timeout: 10m, steps: [{run: a}]}
  test: {depends_on: [biuld, build, "<lint> & co"], timeout: 5m, steps: [{run: b}]}
  deploy: {depends_on: [test, biuld], timeout: 5m, steps: [{run: c}]}
"""


def test_a_dependency_on_no_job_is_drawn_as_a_missing_box_in_every_format(tmp_path, graphviz):
    # `depends_on: [biuld]` was not drawn at all: `test` looked as if it waited for `build`
    # alone, and `deploy` for `test`.
    svg = ET.fromstring(graph(tmp_path, MISSING).stdout)
    groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "wf-missing"]
    assert [texts(g) for g in groups] == [["biuld", "no such job"],
                                          ["<lint> & co", "no such job"]]
    assert groups[0].find(f"{SVG}title").text == (
        "biuld: no job has this id: the engine rejects the workflow (needed by test, deploy)")
    assert [g.find(f"{SVG}rect").get("class") for g in groups] == ["wf-box wf-missing"] * 2
    arrows = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "wf-arrow wf-missing"]
    assert len(arrows) == 3  # biuld → test, biuld → deploy, <lint> & co → test
    assert sorted(classes_of(svg, "wf-job")) == ["build", "deploy", "test"]  # no job made up
    assert sorted(classes_of(svg, "wf-row")) == ["build", "deploy", "test"]  # nor a bar

    drawn, lines = graphviz_reads(graphviz, graph(tmp_path, MISSING, "--format", "dot").stdout)
    assert lines["m0"] == ["biuld", "no such job"]
    assert lines["m1"] == ["<lint> & co", "no such job"]
    names = {node["_gvid"]: node["name"] for node in drawn["objects"]}
    assert sorted((names[e["tail"]], names[e["head"]]) for e in drawn["edges"]) == [
        ("j0", "j1"), ("j1", "j2"), ("m0", "j1"), ("m0", "j2"), ("m1", "j1")]

    data = json.loads(graph(tmp_path, MISSING, "--format", "json").stdout)
    assert data["missing_jobs"] == [{"id": "biuld", "needed_by": ["test", "deploy"]},
                                    {"id": "<lint> & co", "needed_by": ["test"]}]
    assert [job["depends_on"] for job in data["jobs"]] == [[], ["build"], ["test"]]

    mermaid = graph(tmp_path, MISSING, "--format", "mermaid").stdout.splitlines()
    assert '  m0["<b>biuld</b><br/>no such job"]' in mermaid
    assert '  m1["<b>&lt;lint&gt; &amp; co</b><br/>no such job"]' in mermaid
    assert [line for line in mermaid if "-.->" in line] == [
        "  m0 -.-> j1", "  m0 -.-> j2", "  m1 -.-> j1"]
    # After the dependencies (links 0 and 1): linkStyle counts the links in order.
    assert mermaid[-2:] == ["  linkStyle 0,1 stroke:#bc4c00,stroke-width:3px",
                            "  linkStyle 2,3,4 stroke:#cf222e"]


def test_jobs_on_or_after_a_cycle_are_blocked(tmp_path, graphviz):
    svg = ET.fromstring(graph(tmp_path, CYCLE).stdout)
    boxes = classes_of(svg, "wf-job")
    assert {job for job, css in boxes.items() if "wf-blocked" in css} == {
        "a", "b", "c", "after", "self"}
    assert texts(svg).count("never starts: dependency cycle") == 2 * 5  # box and row
    assert "Worst case: 35m · 35 minutes" in texts(svg)
    data = json.loads(graph(tmp_path, CYCLE, "--format", "json").stdout)
    assert [job["id"] for job in data["jobs"] if job["blocked"]] == ["a", "b", "c", "after",
                                                                      "self"]
    assert data["critical_path"] == ["start", "fine"]
    drawn, _ = graphviz_reads(graphviz, graph(tmp_path, CYCLE, "--format", "dot").stdout)
    assert len(drawn["edges"]) == 7  # the loop and the arrow back included


def test_nothing_can_start_when_every_job_is_blocked(tmp_path):
    text = "id: x\njobs:\n  a: {depends_on: [b], timeout: 1m, steps: [{run: a}]}\n" \
           "  b: {depends_on: [a], timeout: 1m, steps: [{run: a}]}\n"
    data = json.loads(graph(tmp_path, text, "--format", "json").stdout)
    assert data["worst_case"]["summary"] == (
        "nothing can start (every job is on or after a dependency cycle)")
    assert ET.fromstring(graph(tmp_path, text).stdout) is not None


def test_a_workflow_without_jobs_is_done_at_once(tmp_path):
    data = json.loads(graph(tmp_path, "id: empty\njobs: {}\n", "--format", "json").stdout)
    assert (data["worst_case"]["nanoseconds"], data["worst_case"]["summary"]) == (
        0, "0s (no jobs)")
    assert "Worst case: 0s (no jobs)" in texts(ET.fromstring(
        graph(tmp_path, "id: empty\njobs: {}\n").stdout))


def test_of_several_workflows_in_one_file_the_first_is_drawn_with_a_warning(tmp_path):
    (tmp_path / "w.yaml").write_text(FAN + "---\n" + UNBOUNDED, encoding="utf-8")
    done = run_cli("graph", "w.yaml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ("wf-lsp: warning: w.yaml holds 2 workflows; the picture shows "
                           "the first\n")
    assert json.loads(done.stdout)["workflow"]["id"] == "nightly"


def test_odd_names_are_escaped_in_svg_and_html(tmp_path):
    out = graph(tmp_path, ODD).stdout
    svg = ET.fromstring(out)  # parses: markup and quotes were escaped
    shown = texts(svg)
    for job_id in ODD_IDS[:3]:
        assert job_id in shown
    assert "ctl\\x01x" in shown  # XML 1.0 cannot hold U+0001 even escaped
    assert "Prépare 👩‍👩‍👧 <data> & 'more'" in shown
    assert '训练 <pipeline> & "quotes" 🚀' in shown

    page = graph(tmp_path, ODD, "--format", "html").stdout
    parser = _Page()
    parser.feed(page)
    assert parser.title == ('训练 <pipeline> & "quotes" 🚀: job graph · worst case '
                            "1h15m · 1 hour 15 minutes")
    embedded = page[page.index("<svg"):page.index("</svg>") + len("</svg>")]
    assert texts(ET.fromstring(embedded)) == shown


def test_odd_names_reach_graphviz_intact(tmp_path, graphviz):
    _, lines = graphviz_reads(graphviz, graph(tmp_path, ODD, "--format", "dot").stdout)
    assert lines == {
        "": ['训练 <pipeline> & "quotes" 🚀', "worst case 1h15m · 1 hour 15 minutes",
             "critical path: 数据准备 → train-🤖 → a<b>&\"c\"#1\\n"],
        "j0": ["数据准备", "Prépare 👩‍👩‍👧 <data> & 'more'", "timeout 10m · 1 step"],
        "j1": ["train-🤖", "timeout 1h · 1 step"],
        "j2": ['a<b>&"c"#1\\n', "timeout 5m · 1 step"],
        "j3": ["ctl\\x01x", "timeout 1m · 1 step"],
    }


def test_a_long_name_is_cut_between_characters_never_inside_a_flag_or_an_emoji(tmp_path):
    # Cut a code point at a time, a flag lost its second letter (`🇦🇺🇳…` for 🇳🇱) and a
    # skin-toned emoji its tone: the box showed another flag's first letter, or no tone.
    flags = "🇫🇷🇩🇪🇬🇧🇺🇸🇯🇵🇮🇹🇪🇸🇨🇦🇧🇷🇦🇺🇳🇱🇸🇪🇳🇴🇩🇰🇫🇮🇵🇱🇨🇭🇦🇹🇧🇪🇵🇹"
    toned = "👋🏽" * 40
    text = ("id: flags\njobs:\n"
            f'  a: {{name: "to {flags}", timeout: 5m, steps: [{{run: a}}]}}\n'
            f'  b: {{name: "hi {toned}", timeout: 5m, steps: [{{run: b}}]}}\n')
    shown = texts(ET.fromstring(graph(tmp_path, text).stdout))
    cut_flags = next(line for line in shown if line.startswith("to "))
    cut_toned = next(line for line in shown if line.startswith("hi "))
    assert cut_flags.endswith("…") and cut_toned.endswith("…")  # both are too wide
    kept = cut_flags[3:-1]
    assert kept and len(kept) % 2 == 0 and flags.startswith(kept)  # whole flags only
    kept = cut_toned[3:-1]
    assert kept and len(kept) % 2 == 0 and toned.startswith(kept)  # each hand with its tone


def test_an_id_that_shows_nothing_is_written_in_quotes(tmp_path, graphviz):
    # A job `""` (or of spaces: WF007) had a blank box, a blank timeline row and a
    # critical path of `  → b`.
    text = ('id: e\njobs:\n  "": {timeout: 1m, steps: [{run: a}]}\n'
            '  "  ": {timeout: 1m, steps: [{run: a}]}\n'
            '  b: {depends_on: ["  "], timeout: 1m, steps: [{run: a}]}\n')
    svg = ET.fromstring(graph(tmp_path, text).stdout)
    shown = texts(svg)
    assert 'Critical path: " " → b' in shown  # runs of whitespace as one space, as any text
    for kind in ("wf-job", "wf-row"):
        groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") == kind]
        assert [texts(g)[0] for g in groups] == ['""', '" "', "b"], kind
    _, lines = graphviz_reads(graphviz, graph(tmp_path, text, "--format", "dot").stdout)
    assert [lines[f"j{index}"][0] for index in range(3)] == ['""', '" "', "b"]
    assert lines[""][2] == 'critical path: " " → b'
    mermaid = graph(tmp_path, text, "--format", "mermaid").stdout.splitlines()
    assert '  j0["<b>&quot;&quot;</b><br/>timeout 1m · 1 step"]' in mermaid


def test_bidirectional_overrides_in_names_are_shown_as_escapes(tmp_path, graphviz):
    # U+202E in a name turned the rest of its line around: the box's tooltip read
    # "pets 1 · m5 tuoemit · ..." and a critical path after such an id backwards.
    text = ('id: b\njobs:\n  "a\u202eb": {name: "deploy \u2067x", timeout: 5m, steps: [{run: a}]}\n'
            '  c: {depends_on: ["a\u202eb"], timeout: 5m, steps: [{run: a}]}\n')
    svg = ET.fromstring(graph(tmp_path, text).stdout)
    shown = texts(svg)
    assert "Critical path: a\\u202eb → c" in shown
    box = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "wf-job")
    assert texts(box)[:2] == ["a\\u202eb", "deploy \\u2067x"]
    assert box.find(f"{SVG}title").text.startswith("a\\u202eb (deploy \\u2067x) · timeout 5m")
    assert box.get("data-job") == "a\u202eb"  # the id itself: the webview reveals the job by it
    _, lines = graphviz_reads(graphviz, graph(tmp_path, text, "--format", "dot").stdout)
    assert lines["j0"][:2] == ["a\\u202eb", "deploy \\u2067x"]
    assert "\u202e" not in graph(tmp_path, text, "--format", "mermaid").stdout


def test_odd_names_in_mermaid_are_escaped_and_mermaid_shows_them_as_written(tmp_path,
                                                                           mermaid_js):
    out = graph(tmp_path, ODD, "--format", "mermaid").stdout
    lines = out.splitlines()
    assert '  j2["<b>a&lt;b&gt;&amp;&quot;c&quot;&num;1\\\u2060n</b><br/>timeout 5m · 1 step"]' \
        in lines
    shown = mermaid_renders(tmp_path, mermaid_js, out)
    assert shown["labels"][0] == (
        '训练 <pipeline> & "quotes" 🚀 · worst case 1h15m · 1 hour 15 minutes')
    assert sorted(shown["labels"][1:]) == sorted([
        "数据准备\nPrépare 👩‍👩‍👧 <data> & 'more'\ntimeout 10m · 1 step",
        "train-🤖\ntimeout 1h · 1 step",
        'a<b>&"c"#1\\\u2060n\ntimeout 5m · 1 step',  # the word joiner shows nothing
        "ctl\\\u2060x01x\ntimeout 1m · 1 step",
    ])


def test_markdown_and_directives_in_names_are_shown_as_written_in_mermaid(tmp_path, mermaid_js):
    # A label that starts with a backquote is Markdown to Mermaid (this one, unclosed, was
    # a lexical error), and `%%{...}%%` anywhere a directive (the job's id vanished).
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "name: ML Training Pipeline", "name: \"`train` 100%%{init: {'theme': 'dark'}}%%\"")
    text = text.replace("  train:", "  \"%%{init: {'theme': 'dark'}}%%\":").replace(
        "[train]", "[\"%%{init: {'theme': 'dark'}}%%\"]")
    out = graph(tmp_path, text, "--format", "mermaid").stdout
    shown = mermaid_renders(tmp_path, mermaid_js, out)
    name = "`train` 100%%{init: {'theme': 'dark'}}%%"
    assert shown["labels"][0] == f"{name} · worst case 7h30m · 7 hours 30 minutes"
    assert "%%{init: {'theme': 'dark'}}%%\ntimeout 6h · 2 steps" in shown["labels"]
    # The accessible texts keep every character, a word joiner inside each `%%`.
    assert shown["title"] == name.replace("%%", "%\u2060%") + ": job graph"
    assert shown["description"] == "worst case 7h30m · 7 hours 30 minutes"


def test_mermaid_has_a_node_per_job_a_link_per_dependency_and_styles_the_critical_path(
        tmp_path, mermaid_js):
    out = graph(tmp_path, FAN, "--format", "mermaid").stdout
    lines = out.splitlines()
    assert lines[:5] == [
        "flowchart LR", "  accTitle: Nightly release: job graph",
        "  accDescr: worst case 2h30m · 2 hours 30 minutes",
        '  subgraph workflow["Nightly release · worst case 2h30m · 2 hours 30 minutes"]',
        "  direction LR"]
    nodes = [line.split("[", 1)[0].strip() for line in lines if '["' in line]
    assert nodes == ["subgraph workflow", "j0", "j1", "j2", "j3", "c0"]
    links = [line.strip() for line in lines if "-->" in line or "-.->" in line]
    assert links == ["j0 --> j1", "j0 --> j2", "j1 --> j3", "j2 --> j3", "j3 -.-> c0"]
    assert '  c0[["workflow<br/><b>publish-model</b>"]]' in lines
    assert "  class j0,j2,j3 critical" in lines
    assert "  class c0 callee" in lines
    assert "  linkStyle 1,3 stroke:#bc4c00,stroke-width:3px" in lines  # j0→j2, j2→j3
    shown = mermaid_renders(tmp_path, mermaid_js, out)
    assert shown["nodes"] == 5 and shown["edges"] == 5
    assert "test\nUnit tests\ntimeout 45m · 2 steps · ×6 matrix" in shown["labels"]


@pytest.mark.parametrize("text", [UNBOUNDED, CYCLE], ids=["unbounded", "cycle"])
def test_mermaid_draws_unbounded_and_blocked_workflows(tmp_path, mermaid_js, text):
    shown = mermaid_renders(tmp_path, mermaid_js,
                            graph(tmp_path, text, "--format", "mermaid").stdout)
    assert shown["nodes"] == text.count("steps:")


def test_mermaid_draws_a_dependency_on_no_job_as_a_node_of_its_own(tmp_path, mermaid_js):
    shown = mermaid_renders(tmp_path, mermaid_js,
                            graph(tmp_path, MISSING, "--format", "mermaid").stdout)
    assert (shown["nodes"], shown["edges"]) == (3 + 2, 2 + 3)
    assert "biuld\nno such job" in shown["labels"]
    assert "<lint> & co\nno such job" in shown["labels"]


def test_dot_is_read_by_graphviz_with_every_job_and_dependency(tmp_path, graphviz):
    drawn, lines = graphviz_reads(graphviz, graph(tmp_path, FAN, "--format", "dot").stdout)
    names = {node["_gvid"]: lines[node["name"]][0] for node in drawn["objects"]}
    assert sorted(names.values()) == ["checkout", "publish", "test", "train", "workflow"]
    assert lines["j1"] == ["test", "Unit tests", "timeout 45m · 2 steps · ×6 matrix"]
    assert lines["c0"] == ["workflow", "publish-model"]
    edges = sorted((names[e["tail"]], names[e["head"]], e.get("style", "")) for e in drawn["edges"])
    assert edges == [("checkout", "test", ""), ("checkout", "train", ""),
                     ("publish", "workflow", "dashed"), ("test", "publish", ""),
                     ("train", "publish", "")]
    critical = sorted(names[e["tail"]] for e in drawn["edges"] if e.get("penwidth") == "2.5")
    assert critical == ["checkout", "train"]
    assert lines[""][1] == "worst case 2h30m · 2 hours 30 minutes"


def test_the_output_format_follows_the_file_suffix(tmp_path):
    (tmp_path / "w.yaml").write_text(FAN, encoding="utf-8")
    for name, start in (("g.svg", "<svg"), ("g.html", "<!doctype html>"),
                        ("g.mmd", "flowchart LR"), ("g.gv", "digraph"), ("g.json", "{"),
                        ("G.HTML", "<!doctype html>"), ("graph", "<svg")):
        done = run_cli("graph", "w.yaml", "-o", name, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name
    done = run_cli("graph", "w.yaml", "--format", "dot", "-o", "g.svg", cwd=tmp_path)
    assert (tmp_path / "g.svg").read_text(encoding="utf-8").startswith("digraph")


def test_the_output_file_takes_lints_name_for_it_too(tmp_path):
    """`wf-lsp lint` writes a report with `--output-file` (ruff's name); `wf-lsp graph ...
    --output-file g.svg` was "unrecognized arguments", with no guess."""
    (tmp_path / "w.yaml").write_text(FAN, encoding="utf-8")
    for option in ("--output-file", "--output", "-o"):
        name = f"g{option}.mmd"
        done = run_cli("graph", "w.yaml", option, name, cwd=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), option
        assert (tmp_path / name).read_text(encoding="utf-8").startswith("flowchart LR")


def test_dash_as_the_output_is_standard_output(tmp_path):
    (tmp_path / "w.yaml").write_text(FAN, encoding="utf-8")
    done = run_cli("graph", "w.yaml", "--format", "mermaid", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("flowchart LR")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.yaml"]  # no file named `-`


def test_standard_input_can_be_drawn(tmp_path):
    done = run_cli("graph", "-", "--format", "json", input=FAN)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["workflow"]["id"] == "nightly"


@pytest.mark.parametrize(("setup", "args", "message"), [
    (None, ["missing.yaml"], "missing.yaml: no such file"),
    # A link to nothing, which `ls` lists, was "no such file" too.
    ("link", ["gone.yaml"], "gone.yaml: a broken symbolic link (to moved.yaml)\n"),
    ("folder", ["folder"], "folder: is a folder; give one workflow file"),
    ("compose", ["compose.yaml"], "compose.yaml: nothing to draw: looks like a Docker Compose file (`services`)"),
    ("binary", ["binary.yaml"], "binary.yaml: not UTF-8 (byte 0xff on line 1): save the file as UTF-8"),
    # Not "UTF-16 text: save the file as UTF-8", which saved said "nothing to draw".
    ("utf16", ["compose.yaml"], "compose.yaml: nothing to draw: not UTF-8 (UTF-16 LE), and not "
                                "a workflow: looks like a Docker Compose file (`services`)\n"),
    # Read as the linter reads: a FIFO is not waited for, a device not read for ever.
    pytest.param("fifo", ["fifo.yaml"], "fifo.yaml: not a regular file: a named pipe (FIFO)",
                 marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")),
    pytest.param(None, ["/dev/zero"], "/dev/zero: not a regular file: a character device",
                 marks=pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")),
    ("good", ["good.yaml", "-o", "nowhere/g.svg"], "nowhere/g.svg: cannot write: "),
    # It said "cannot write: None".
    ("folder", ["good.yaml", "-o", "folder"], "folder: cannot write: not a regular file: a folder\n"),
    # Not an SVG under a .xyz name: the format is asked for.
    ("good", ["good.yaml", "-o", "g.xyz"],
     "g.xyz: unknown suffix .xyz: give --format (svg, html, mermaid, dot, json)\n"),
    # An image, with or without --format: that hint wrote DOT text into a .png (SVG into a
    # .pdf) no viewer opens; Graphviz's command is given instead.
    ("good", ["good.yaml", "-o", "g.png"],
     "g.png: wf-lsp draws svg, html, mermaid, dot or json, not png; Graphviz makes one: "
     "wf-lsp graph --format dot good.yaml | dot -Tpng -o g.png\n"),
    ("good", ["good.yaml", "--format", "dot", "-o", "my graph.PDF"],
     "my graph.PDF: wf-lsp draws svg, html, mermaid, dot or json, not PDF; Graphviz makes "
     "one: wf-lsp graph --format dot good.yaml | dot -Tpdf -o 'my graph.PDF'\n"),
    ("good", ["good.yaml", "--format", "svg", "-o", "g.jpg"],
     "g.jpg: wf-lsp draws svg, html, mermaid, dot or json, not jpg; Graphviz makes one: "
     "wf-lsp graph --format dot good.yaml | dot -Tjpg -o g.jpg\n"),
])
def test_bad_input_is_one_line_and_exit_2_and_writes_nothing(tmp_path, setup, args, message):
    if setup == "folder":
        (tmp_path / "folder").mkdir()
        (tmp_path / "good.yaml").write_text(FAN)
    elif setup == "compose":
        (tmp_path / "compose.yaml").write_text("services:\n  web: {image: nginx}\n")
    elif setup == "utf16":
        (tmp_path / "compose.yaml").write_bytes("services:\n  web: {}\n".encode("utf-16"))
    elif setup == "binary":
        (tmp_path / "binary.yaml").write_bytes(b"id: \xff\xfe\n")
    elif setup == "good":
        (tmp_path / "good.yaml").write_text(FAN)
    elif setup == "fifo":
        os.mkfifo(tmp_path / "fifo.yaml")
    elif setup == "link":
        (tmp_path / "gone.yaml").symlink_to("moved.yaml")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    done = run_cli("graph", *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"wf-lsp: error: {message}") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_file_cut_by_a_syntax_error_is_drawn_up_to_it_with_a_warning(tmp_path):
    text = FAN + "  broken: [\n"
    (tmp_path / "w.yaml").write_text(text, encoding="utf-8")
    done = run_cli("graph", "w.yaml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr.startswith("wf-lsp: warning: w.yaml:")
    assert "the picture shows the part before it" in done.stderr
    data = json.loads(done.stdout)
    assert [job["id"] for job in data["jobs"]] == ["checkout", "test", "train", "publish"]
    # The picture says so too: a file written with -o, or the editor's, has no stderr.
    line = text.count("\n")
    assert data["workflow"]["syntax_error_line"] == line
    assert data["worst_case"]["summary"].endswith(
        f" · drawn up to the syntax error on line {line}")
    for fmt in ("svg", "mermaid", "dot"):
        out = run_cli("graph", "w.yaml", "--format", fmt, cwd=tmp_path).stdout
        assert f"drawn up to the syntax error on line {line}" in out, fmt


def test_a_dependency_on_a_job_after_the_syntax_error_is_not_said_to_exist_nowhere(tmp_path,
                                                                                    graphviz):
    # Mid-edit, a job defined below the error is not read: "no such job" would be a false
    # alarm (WF301 waits for the whole file); the box says how far the file was read.
    text = (FAN.replace("depends_on: [test, train]", "depends_on: [test, train, later]")
            + "  broken: [\n  later: {timeout: 1m, steps: [{run: x}]}\n")
    (tmp_path / "w.yaml").write_text(text, encoding="utf-8")
    data = json.loads(run_cli("graph", "w.yaml", "--format", "json", cwd=tmp_path).stdout)
    line = data["workflow"]["syntax_error_line"]
    assert line is not None and data["missing_jobs"] == [{"id": "later", "needed_by": ["publish"]}]
    svg = ET.fromstring(run_cli("graph", "w.yaml", cwd=tmp_path).stdout)
    box = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "wf-missing")
    assert texts(box) == ["later", f"no such job before line {line}"]
    assert box.find(f"{SVG}title").text == (
        f"later: no job read before the syntax error on line {line} has this id "
        "(needed by publish)")
    dot = run_cli("graph", "w.yaml", "--format", "dot", cwd=tmp_path).stdout
    assert graphviz_reads(graphviz, dot)[1]["m0"] == ["later", f"no such job before line {line}"]
    mermaid = run_cli("graph", "w.yaml", "--format", "mermaid", cwd=tmp_path).stdout
    assert f'  m0["<b>later</b><br/>no such job before line {line}"]' in mermaid.splitlines()


@pytest.mark.parametrize("text", [
    # A half-typed key (`ti` on the way to `timeout:`) is read as a blank line: all is drawn.
    FAN.replace("  train:", "  ti\n  train:"),
    # The error is in a later YAML document: the first, drawn, is whole.
    FAN + "---\nid: other\njobs:\n  broken: [\n",
])
def test_a_syntax_error_that_leaves_the_drawn_workflow_whole_is_not_said_to_cut_it(tmp_path,
                                                                                    text):
    # Both said "the picture shows the part before it" of a picture of the whole workflow.
    (tmp_path / "w.yaml").write_text(text, encoding="utf-8")
    done = run_cli("graph", "w.yaml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0
    assert "the part before it" not in done.stderr
    data = json.loads(done.stdout)
    assert [job["id"] for job in data["jobs"]] == ["checkout", "test", "train", "publish"]
    assert data["workflow"]["syntax_error_line"] is None
    assert data["worst_case"]["summary"] == "2h30m · 2 hours 30 minutes"


# What YAML may hold unescaped (no controls, line separators or surrogates).
_ids = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                             blacklist_characters="\ufeff\ufffe\uffff"), min_size=1, max_size=12)


@st.composite
def workflows(draw_from):
    """A workflow of up to 8 jobs with any names, dependencies (cycles too) and timeouts."""
    ids = draw_from(st.lists(_ids, min_size=1, max_size=8, unique=True))
    jobs = {}
    for job_id in ids:
        job = {"steps": [{"run": "x"}]}
        if draw_from(st.booleans()):
            job["timeout"] = f"{draw_from(st.integers(1, 600))}m"
        deps = draw_from(st.lists(st.sampled_from(ids), max_size=3))
        if deps:
            job["depends_on"] = deps
        if draw_from(st.booleans()):
            job["name"] = draw_from(_ids)
        jobs[job_id] = job
    return ids, json.dumps({"id": "h", "jobs": jobs}, ensure_ascii=False)


@settings(max_examples=examples(0.25, at_most=100), suppress_health_check=[HealthCheck.too_slow])
@given(workflows())
@example((['["'], json.dumps({"id": "h", "jobs": {'["': {"steps": [{"run": "x"}]}}})))
def test_any_workflow_draws_as_well_formed_svg_and_json(case):
    ids, text = case  # JSON is YAML: any id survives the trip as it is
    svg = ET.fromstring(draw(text, "h.yaml", "svg"))
    boxes = [g.get("data-job") for g in svg.iter(f"{SVG}g") if g.get("class") == "wf-job"]
    assert boxes == [" ".join(job_id.split()) for job_id in ids]  # bidi controls too
    data = json.loads(draw(text, "h.yaml", "json"))
    assert [job["id"] for job in data["jobs"]] == ids
    mermaid = draw(text, "h.yaml", "mermaid")
    # a box per job, and the frame (an id may hold `["` itself: the description repeats it)
    assert sum(bool(re.match(r'  (j\d+|subgraph workflow)\["', line))
               for line in mermaid.splitlines()) == len(ids) + 1


class _Page(HTMLParser):
    """Collects a page's <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.title, self._in_title = "", False

    def handle_starttag(self, tag, attrs) -> None:
        self._in_title = tag == "title" and not self.title

    def handle_endtag(self, tag) -> None:
        self._in_title = False

    def handle_data(self, data) -> None:
        if self._in_title:
            self.title += data


MERMAID_BATCH_PAGE = """<!doctype html><meta charset="utf-8"><pre id="out">pending</pre>
<script type="application/json" id="sources">{sources}</script><div id="diagram"></div>
<script src="{script}"></script>
<script>
mermaid.initialize({{startOnLoad: false}});
(async () => {{
  const drawn = [];
  for (const [index, source] of JSON.parse(document.getElementById("sources").textContent)
                                     .entries()) {{
    try {{
      const diagram = document.getElementById("diagram");
      diagram.innerHTML = (await mermaid.render("g" + index, source)).svg;
      drawn.push({{labels: [...diagram.querySelectorAll(".nodeLabel")].map(l => l.innerText),
                   nodes: diagram.querySelectorAll(".node").length}});
    }} catch (error) {{ drawn.push({{error: error.message}}); }}
  }}
  document.getElementById("out").textContent = JSON.stringify(drawn);
}})();
</script>"""


def mermaid_renders_all(folder: Path, script: Path, sources: list[str]) -> list[dict]:
    """What Mermaid draws of each of `sources`, in one Chromium (one each takes seconds):
    its node labels' text and how many nodes, or the error it stopped at."""
    page = folder / "mermaid-batch.html"
    page.write_text(MERMAID_BATCH_PAGE.format(
        sources=json.dumps(sources).replace("<", "\\u003c"), script=script.as_uri()),
        encoding="utf-8")
    done = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--virtual-time-budget=600000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=600)
    result = html.unescape(re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S).group(1))
    assert result.startswith("["), result
    return json.loads(result)


# Ids that are words of DOT or Mermaid, or their punctuation, or entities either reads.
_RESERVED = ["end", "graph", "subgraph", "class", "style", "classDef", "linkStyle", "a-b",
             "digraph", "node", "edge", "strict", "click", 'q"x', "x'y", "100%", "#1;",
             "a;b", "&#65;", "&amp;", "&lt;b&gt;", "🚀", "名前", "a\\lb", "%%{init}%%", "-->"]


@settings(max_examples=examples(0.004, at_most=4), suppress_health_check=list(HealthCheck))
@given(st.lists(workflows(), min_size=1, max_size=30))
@example([(_RESERVED, json.dumps({"id": "end", "jobs": {
    job_id: {"steps": [{"run": "x"}], "depends_on": _RESERVED[:index][-2:]}
    for index, job_id in enumerate(_RESERVED)}}, ensure_ascii=False))])
def test_any_workflows_dot_and_mermaid_are_read_as_written_by_graphviz_and_mermaid(
        tmp_path_factory, graphviz, mermaid_js, cases):
    # Every format's output of any ids must render, each job's box saying its id: Graphviz
    # read `&#65;` in a label as "A". (SVG and JSON: the test above.)
    for ids, text in cases:
        shown = [printable(shown_id(job_id)) for job_id in ids]
        _, lines = graphviz_reads(graphviz, draw(text, "h.yaml", "dot"))
        assert [lines[f"j{index}"][0] for index in range(len(ids))] == shown
    folder = tmp_path_factory.mktemp("mermaid")
    drawn = mermaid_renders_all(folder, mermaid_js,
                                [draw(text, "h.yaml", "mermaid") for _, text in cases])
    for (ids, _), picture in zip(cases, drawn):
        assert "error" not in picture, (ids, picture)
        assert picture["nodes"] == len(ids)
        # A label's first line is its id (the frame's is the title; an arrow's is empty);
        # a backslash is followed by an invisible word joiner (`\n` must not break the line).
        firsts = [label.split("\n")[0].replace("\u2060", "")
                  for label in picture["labels"][1:] if label]
        assert sorted(firsts) == sorted(printable(shown_id(job_id)) for job_id in ids), ids


def _chain(jobs: int, needs: int, id_length: int = 1) -> str:
    """A workflow of `jobs` jobs, each needing the `needs` before it (ids padded with x)."""
    ids = [f"j{index}".ljust(id_length, "x") for index in range(jobs)]
    return json.dumps({"id": "big", "jobs": {
        job_id: {"timeout": "1m", "steps": [{"run": "x"}], "depends_on": ids[max(0, i - needs):i]}
        for i, job_id in enumerate(ids)}})


def test_a_mermaid_diagram_past_mermaids_limits_is_drawn_with_a_warning(tmp_path, mermaid_js):
    # Past 500 links or 50,000 characters Mermaid (GitHub's too) draws an error message in
    # place of the diagram, and no diagram can raise those limits: a workflow of 1,000 jobs
    # gave a .mmd that showed "Maximum text size in diagram exceeded", without a word here.
    cases = {  # links, characters
        "at the limits": _chain(251, 2),  # 1 + 249 × 2 = 499 links
        "a link too many": _chain(252, 2),  # 501
        "too long": _chain(60, 1, id_length=900),  # 59 links, 54,000 characters of ids
    }
    outputs, warnings = [], []
    for text in cases.values():
        (tmp_path / "w.yaml").write_text(text, encoding="utf-8")
        done = run_cli("graph", "w.yaml", "--format", "mermaid", cwd=tmp_path)
        assert done.returncode == 0
        outputs.append(done.stdout)
        warnings.append(done.stderr)
    assert warnings == [
        "",
        "wf-lsp: warning: w.yaml: the Mermaid diagram has 501 links, and Mermaid draws at most "
        "500 (maxEdges); --format svg draws any size\n",
        f"wf-lsp: warning: w.yaml: the Mermaid diagram has {len(outputs[2]):,} characters, and "
        "Mermaid reads at most 50,000 (maxTextSize); --format svg draws any size\n"]
    drawn = mermaid_renders_all(tmp_path, mermaid_js, outputs)
    assert drawn[0].get("nodes") == 251, drawn[0]
    assert "Edge limit exceeded" in drawn[1]["error"]
    assert drawn[2]["labels"] == ["Maximum text size in diagram exceeded"]


def test_several_files_are_refused_saying_graph_draws_one(tmp_path):
    # `wf-lsp graph .github/workflows/*.yaml` said only "unrecognized arguments: b.yaml".
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_text(FAN, encoding="utf-8")
    done = run_cli("graph", "a.yaml", "b.yaml", "c.yaml", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        "wf-lsp graph: error: unrecognized arguments: b.yaml c.yaml (graph draws one workflow "
        "file: run it once for each)")
