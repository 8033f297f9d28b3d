"""The benchmark harness keeps working: `benchmarks/run.py --quick` runs every case
against every peer and writes a well-formed result. No timing is asserted (CI machines
vary); what is checked is that each measurement exists and is a real one.

Needs what the benchmarks compare against: yamllint and check-jsonschema in this
Python's environment, Node.js >= 20 and npm (yaml-language-server is installed under
.tools/yls on first use).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"
CLI_CASES = ("startup", "file_small", "file_medium", "file_large")
CLI_PEERS = {"wf-lsp", "compose", "yamllint", "check-jsonschema"}
TREE_PEERS = CLI_PEERS | {"wf-lsp --jobs 1"}
SERVER_CASES = ("server_open", "server_change", "server_change_large", "server_hover",
                "server_completion",
                "server_expression_hover", "server_expression_completion", "server_code_action")
SERVERS = {"wf-lsp", "yaml-language-server"}
TARGETS = [  # the issue's, in its order (the scaling one, fifth, names the sizes)
    "Lint one medium file vs the parse floor", "Lint one medium file vs yamllint",
    "Tree vs yamllint", "Tree vs check-jsonschema",
    "didChange → diagnostics vs yaml-language-server",
    "didChange on the large document vs yaml-language-server", "Hover p95", "Completion p95",
    "Expression and schedule hover p95", "Expression completion p95", "Code action p95", "Memory per open document vs yaml-language-server",
    "Start-up on one small file vs yamllint", "Lint path imports pygls/lsprotocol",
    "Adversarial inputs vs the parse floor",
]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> tuple[Path, dict, str]:
    """One quick run into a temporary folder: (folder, results.json, RESULTS.md)."""
    for tool in ("yamllint", "check-jsonschema"):
        assert (Path(sys.executable).parent / tool).exists() or shutil.which(tool), (
            f"the benchmarks compare against {tool}: pip install {tool}")
    assert shutil.which("node") and shutil.which("npm"), (
        "the benchmarks compare against yaml-language-server: install Node.js >= 20 and npm "
        "(Debian: apt-get install nodejs npm)")
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run([sys.executable, str(RUN), "--quick", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return out, results, (out / "RESULTS.md").read_text(encoding="utf-8")


def _measured(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


def test_every_command_line_case_has_every_peer_measured(quick_run):
    _, results, _ = quick_run
    cases = results["cases"]
    for case in (*CLI_CASES, "tree"):
        peers = cases[case]["peers"]
        assert set(peers) == (TREE_PEERS if case == "tree" else CLI_PEERS), case
        for peer, stats in peers.items():
            assert len(stats["runs"]) >= 1 and all(_measured(r) for r in stats["runs"]), (case, peer)
            assert stats["min"] <= stats["median"] <= stats["max"], (case, peer)
            assert stats["exit_code"] in (0, 1), (case, peer)
        assert set(cases[case]["ratios"]) == set(peers) - {"wf-lsp"}
        assert all(_measured(r) for r in cases[case]["ratios"].values())


def test_the_workloads_have_mistakes_that_wf_lsp_reports(quick_run):
    _, results, _ = quick_run
    cases = results["cases"]
    # Exit 1 and output: wf-lsp found problems, so the reporting path was timed too.
    for case in ("file_small", "file_medium", "file_large", "tree"):
        wf_lsp = cases[case]["peers"]["wf-lsp"]
        assert (wf_lsp["exit_code"], wf_lsp["output_lines"] > 0) == (1, True), case
    sizes = [cases[c]["workload"]["lines"] for c in ("file_small", "file_medium", "file_large")]
    assert sizes == sorted(sizes) and len(set(sizes)) == 3
    tree = cases["tree"]["workload"]
    assert tree["files"] == tree["workflows"] + tree["other_yaml"]


def test_every_server_case_has_both_servers_measured(quick_run):
    _, results, _ = quick_run
    cases = results["cases"]
    for case in SERVER_CASES:
        peers = cases[case]["peers"]
        assert set(peers) == SERVERS, case
        for name, stats in peers.items():
            assert _measured(stats["p50"]) and _measured(stats["p95"]), (case, name)
            assert stats["p50"] <= stats["p95"] or len(stats["sessions"][0]["samples"]) == 1
            assert all(_measured(s) for session in stats["sessions"]
                       for s in session["samples"]), (case, name)
        ratio = cases[case]["ratios"]["yaml-language-server"]
        assert _measured(ratio["p50"]) and _measured(ratio["p95"]), case
    # Both servers checked the document: a server that says nothing is not measured.
    for name in SERVERS:
        answered = cases["server_open"]["peers"][name]["answered"][0]
        assert answered["diagnostics"] > 0 and answered["completion"] > 0, name
    # wf-lsp answers every hover and completion in an expression or on the schedule.
    answered = cases["server_open"]["peers"]["wf-lsp"]["answered"][0]
    samples = len(cases["server_expression_hover"]["peers"]["wf-lsp"]["sessions"][0]["samples"])
    assert answered["expression_hover"] == answered["expression_completion"] == samples > 0
    memory = cases["server_memory"]["peers"]
    assert set(memory) == SERVERS
    for name, stats in memory.items():
        assert stats["peak_kib"] >= stats["after_kib"] > 0, name
        assert len(stats["rss_after_each_kib"]) == stats["documents"] > 0, name


def test_every_adversarial_shape_is_measured_against_the_parse_floor(quick_run):
    _, results, report = quick_run
    cases = results["adversarial"]
    assert {case["workload"]["shape"] for case in cases.values()} == {
        "dense_graph", "unknown_dependencies", "one_long_line", "many_findings", "deep_nesting"}
    for name, case in cases.items():
        assert case["workload"]["findings"] > 0, name  # the shape is hostile: it has findings
        for peer in ("wf-lsp", "compose"):
            stats = case["peers"][peer]
            assert all(_measured(r) for r in stats["runs"]) and stats["peak_kib"] > 0, (name, peer)
            assert stats["exit_code"] == (1 if peer == "wf-lsp" else 0), (name, peer)
        assert _measured(case["ratios"]["compose"]), name
        assert f"| {case['title']} |" in report, name


def test_results_name_machine_versions_targets_and_profile(quick_run):
    _, results, report = quick_run
    assert results["plan"]["quick"] is True
    for key in ("wf-lsp", "python", "ruamel.yaml", "ruamel.yaml.clib", "yamllint",
                "check-jsonschema", "node", "yaml-language-server"):
        assert results["versions"][key] and results["versions"][key] != "not installed", key
    assert results["machine"]["cpus"] >= 1
    names = [t["name"] for t in results["targets"]]
    assert names[4].startswith("Scaling: ")
    assert names[:4] + names[5:] == TARGETS
    assert all(isinstance(t["met"], bool) for t in results["targets"])
    assert results["imports"]["pygls_or_lsprotocol"] == []
    assert results["profile"]["cprofile_top"][0].split()[0] == "ncalls"
    for heading in ("## Targets", "## Command line (whole processes)", "## Adversarial inputs",
                    "## Language server", "### Memory", "## Start-up", "## Profile",
                    "## Machine and versions"):
        assert heading in report, heading
    assert "**A quick run**" in report
    for target in results["targets"]:
        assert f"| {target['name']} | {target['goal']} | {target['value']} |" in report
