#!/usr/bin/env python3
"""Benchmarks: wf-lsp side by side with the tools users would pick instead.

    python benchmarks/run.py            # the full run (several minutes): RESULTS.md + results.json
    python benchmarks/run.py --quick    # small sizes, one or two runs: keeps the harness working
    python benchmarks/run.py --out DIR  # write the results (and the workloads) under DIR

Every peer is measured in the same run, its runs interleaved with wf-lsp's so that a
machine that gets busier part-way slows every tool alike; the ratios are what to quote.
Command-line cases time whole processes (start-up included), as a user or CI waits for
them. Server cases drive each server over stdio with the same client (`rpc.py`).
yaml-language-server is installed on first use under .tools/yls (npm).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import math
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))  # wf_lsp itself, installed or not
sys.path.insert(2, str(ROOT / "scripts"))

import generate  # noqa: E402  (a sibling module, found through the line above)
import rpc  # noqa: E402
import yaml_language_server as yls_install  # noqa: E402  (scripts/, shared with the tests)

SCHEMA = ROOT / "schemas" / "workflow.schema.json"
TOOLS = Path(os.environ.get("WF_LSP_TOOLS") or ROOT / ".tools")
BIN = Path(sys.executable).parent
# What the profile section writes down, by hand: what was found and what was changed.
NOTES = HERE / "notes.md"

# The parse floor: ruamel's C composer over the same files, and nothing else.
COMPOSE_SCRIPT = """
import os, sys
from ruamel.yaml import YAML
from ruamel.yaml.main import CParser
assert CParser is not None, "ruamel.yaml.clib is not installed: the floor would be pure Python"
yaml = YAML(typ="safe", pure=False)
def files(paths):
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for folder, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                if name.endswith((".yaml", ".yml")):
                    yield os.path.join(folder, name)
for path in files(sys.argv[1:]):
    with open(path, encoding="utf-8") as handle:
        for _ in yaml.compose_all(handle.read()):
            pass
"""


@dataclass(frozen=True)
class Plan:
    """How big and how often: the full run, or the quick one CI runs."""

    quick: bool
    file_lines: tuple[int, int, int]  # small, medium, large
    startup_lines: int
    tree_workflows: int
    tree_others: int
    tree_lines: int
    runs: int  # of each command-line case on one file
    startup_runs: int  # of the start-up case: its tens of ms vary by ±15% from run to run
    tree_runs: int
    sessions: int  # language-server sessions per server
    server_lines: int
    edits: int
    requests: int  # of each of hover, completion and code action
    memory_documents: int
    large_server_lines: int  # a second, larger document: didChange only
    large_edits: int
    adversarial: tuple[tuple[str, float], ...]  # (shape in generate.ADVERSARIAL, its size)
    adversarial_runs: int


FULL = Plan(False, (500, 5000, 20000), 30, 2000, 500, 100, runs=9, startup_runs=25,
            tree_runs=3, sessions=3,
            server_lines=5000, edits=50, requests=50, memory_documents=50,
            large_server_lines=20000, large_edits=20,
            adversarial=(("dense_graph", 150), ("dense_graph", 300),
                         ("unknown_dependencies", 3000), ("one_long_line", 25000),
                         ("many_findings", 5), ("deep_nesting", 20000)),
            adversarial_runs=3)
QUICK = Plan(True, (100, 400, 1600), 30, 40, 10, 100, runs=2, startup_runs=2,
             tree_runs=1, sessions=1,
             server_lines=400, edits=6, requests=6, memory_documents=3,
             large_server_lines=1600, large_edits=4,
             adversarial=(("dense_graph", 40), ("unknown_dependencies", 200),
                          ("one_long_line", 2000), ("many_findings", 0.3),
                          ("deep_nesting", 2000)),
             adversarial_runs=1)

FILE_CASES = {
    "startup": "Start-up: lint one small file",
    "file_small": "Lint one file (small)",
    "file_medium": "Lint one file (medium)",
    "file_large": "Lint one file (large)",
}
CLI_PEERS = ("wf-lsp", "compose", "yamllint", "check-jsonschema")
TREE_PEERS = ("wf-lsp", "wf-lsp --jobs 1", "compose", "yamllint", "check-jsonschema")
SERVERS = ("wf-lsp", "yaml-language-server")
SERVER_CASES = {
    "server_open": "didOpen → diagnostics",
    "server_change": "didChange (one character) → diagnostics",
    "server_change_large": "didChange (one character) → diagnostics, {lines:,} lines",
    "server_hover": "hover",
    "server_completion": "completion",
    "server_expression_hover": "hover on `${{ .inputs.x }}` and on a cron schedule",
    "server_expression_completion": "completion inside `${{ }}`",
    "server_code_action": "code action",
}
ADVERSARIAL_TITLES = {
    "dense_graph": "{size:g} jobs that all depend on each other",
    "unknown_dependencies": "{size:g} jobs, each with 3 dependencies that do not exist",
    "one_long_line": "a workflow of {size:g} jobs on one line",
    "many_findings": "a {size:g} MB workflow full of mistakes",
    "deep_nesting": "a value nested {size:g} levels deep",
}
PEER_NOTES = {
    "wf-lsp": "`wf-lsp lint` (default options: all CPUs from 16 files on)",
    "wf-lsp --jobs 1": "`wf-lsp lint --jobs 1`: one process, for scaling",
    "compose": "bare ruamel C `compose` of the same files in one Python process (the parse floor)",
    "yamllint": "`yamllint -d default`",
    "check-jsonschema": "`check-jsonschema --schemafile schemas/workflow.schema.json`",
    "yaml-language-server": "yaml-language-server 2 (npm, Node) with schemas/workflow.schema.json",
}


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- environment --------------------------------------------------------------------------

def process_env() -> dict:
    """The environment of every measured process.

    Bytecode is allowed: an installed package runs from .pyc files, and a Python told not
    to write them recompiles wf-lsp's 40 modules on every start (about 60 ms here).
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("GITHUB_ACTIONS", None)  # wf-lsp would switch to its annotation format
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def tool(name: str) -> str:
    """A console script of this Python's environment, pip-installed here when missing."""
    path = BIN / name
    if not path.exists():
        say(f"installing {name} (a peer) with pip")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", name], check=True)
    if not path.exists():
        raise SystemExit(f"benchmarks: {name} did not install into {BIN}")
    return str(path)


def yaml_language_server() -> list[str]:
    """The command of yaml-language-server 2, installed under .tools/yls on first use."""
    try:
        return yls_install.command(TOOLS, say)
    except RuntimeError as exc:
        raise SystemExit(f"benchmarks: {exc}") from None


def package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = platform.processor() or "unknown"
    memory = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle
                        if line.startswith("model name")), cpu)
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
            memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"platform": platform.platform(), "cpu": cpu, "cpus": os.cpu_count(),
            "memory": memory, "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def versions(yls_command: list[str]) -> dict:
    from wf_lsp import __version__

    node = subprocess.run([yls_command[0], "--version"], capture_output=True, text=True).stdout
    yls = json.loads((Path(yls_command[1]).parent.parent / "package.json").read_text())["version"]
    return {"wf-lsp": __version__, "python": platform.python_version(),
            "ruamel.yaml": package_version("ruamel.yaml"),
            "ruamel.yaml.clib": package_version("ruamel.yaml.clib"),
            "pygls": package_version("pygls"), "yamllint": package_version("yamllint"),
            "check-jsonschema": package_version("check-jsonschema"),
            "node": node.strip(), "yaml-language-server": yls}


# --- statistics ---------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was measured, never an interpolation."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(runs: list[float]) -> dict:
    return {"runs": [round(r, 5) for r in runs], "median": statistics.median(runs),
            "min": min(runs), "max": max(runs)}


# --- command-line cases -------------------------------------------------------------------

def cli_commands(paths: list[str], files: list[str]) -> dict[str, list[str]]:
    """Each peer's command over the same input: `paths` (folders allowed) or the files."""
    wf_lsp = [str(BIN / "wf-lsp"), "lint"] if (BIN / "wf-lsp").exists() else [
        sys.executable, "-m", "wf_lsp", "lint"]
    return {
        "wf-lsp": wf_lsp + paths,
        "wf-lsp --jobs 1": wf_lsp + ["--jobs", "1"] + paths,
        "compose": [sys.executable, "-c", COMPOSE_SCRIPT] + paths,
        "yamllint": [tool("yamllint"), "-d", "default"] + paths,
        # check-jsonschema takes files, not folders.
        "check-jsonschema": [tool("check-jsonschema"), "--schemafile", str(SCHEMA)] + files,
    }


def run_cli_case(peers: tuple[str, ...], commands: dict[str, list[str]], runs: int,
                 cwd: Path) -> dict:
    """Time whole processes, peers interleaved; one untimed run first warms caches."""
    env = process_env()
    results: dict[str, dict] = {}
    for peer in peers:
        done = subprocess.run(commands[peer], cwd=cwd, env=env, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise SystemExit(f"benchmarks: {peer} failed (exit {done.returncode}):\n"
                             f"{done.stderr[-2000:]}")
        results[peer] = {"exit_code": done.returncode,
                         "output_lines": len(done.stdout.splitlines())}
    times: dict[str, list[float]] = {peer: [] for peer in peers}
    for _ in range(runs):
        for peer in peers:
            start = time.perf_counter()
            subprocess.run(commands[peer], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times[peer].append(time.perf_counter() - start)
    for peer in peers:
        results[peer].update(summary(times[peer]))
    return results


def cli_ratios(peers: dict) -> dict:
    mine = peers["wf-lsp"]["median"]
    return {peer: mine / data["median"] for peer, data in peers.items() if peer != "wf-lsp"}


def one_workflow_repository(folder: Path) -> Path:
    """A git work tree of its own for a one-file case, as a user's repository is: the lint
    checks the file's calls and id against its project's workflows, and the work folder
    (beside the tree case's 2,500 files) must not be that project."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
    else:
        (folder / ".git").mkdir()  # what marks a project root for wf-lsp
    return folder


def bench_cli(plan: Plan, work: Path) -> dict:
    cases: dict[str, dict] = {}
    sizes = {"startup": plan.startup_lines, "file_small": plan.file_lines[0],
             "file_medium": plan.file_lines[1], "file_large": plan.file_lines[2]}
    for case, lines in sizes.items():
        text = generate.workflow(lines)
        path = one_workflow_repository(work / case) / f"{case}.yaml"
        path.write_text(text, encoding="utf-8")
        actual = text.count("\n")
        runs = plan.startup_runs if case == "startup" else plan.runs
        say(f"{case}: one file of {actual} lines, {runs} runs")
        commands = cli_commands([path.name], [path.name])
        peers = run_cli_case(CLI_PEERS, commands, runs, path.parent)
        cases[case] = {"title": FILE_CASES[case], "workload": {"files": 1, "lines": actual},
                       "unit": "s", "peers": peers, "ratios": cli_ratios(peers)}

    tree = work / "tree"
    if tree.exists():
        shutil.rmtree(tree)
    files = generate.tree(str(tree), plan.tree_workflows, plan.tree_others, plan.tree_lines)
    relative = sorted(os.path.relpath(f, work) for f in files)
    lines = sum(Path(f).read_text(encoding="utf-8").count("\n") for f in files)
    say(f"tree: {plan.tree_workflows} workflows + {plan.tree_others} other YAML files "
        f"({lines} lines), {plan.tree_runs} runs")
    peers = run_cli_case(TREE_PEERS, cli_commands(["tree"], relative), plan.tree_runs, work)
    cases["tree"] = {"title": "Lint a tree of workflows mixed with other YAML",
                     "workload": {"files": len(files), "workflows": plan.tree_workflows,
                                  "other_yaml": plan.tree_others, "lines": lines},
                     "unit": "s", "peers": peers, "ratios": cli_ratios(peers)}
    return cases


# --- adversarial inputs -------------------------------------------------------------------

# A prefix for a Python command (-c) that reports the process's peak resident memory on
# exit. Not the child's rusage: on Linux its maxrss starts at the parent's, the benchmark's.
PEAK_PREFIX = """
import atexit, sys
def _peak():
    with open("/proc/self/status", encoding="ascii") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write(f"\\nVmHWM {kib}\\n")
atexit.register(_peak)
"""
WF_LSP_SCRIPT = """
import runpy
sys.argv = ["wf-lsp", *sys.argv[1:]]
runpy.run_module("wf_lsp", run_name="__main__", alter_sys=True)
"""


def peak_kib(command: list[str], cwd: Path, env: dict) -> int:
    """The peak resident memory (KiB) of a `python -c` command, run once."""
    python, flag, script, *args = command
    done = subprocess.run([python, flag, PEAK_PREFIX + script, *args], cwd=cwd, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(done.stderr.rsplit("VmHWM ", 1)[1].split()[0])


def bench_adversarial(plan: Plan, work: Path) -> dict:
    """Hostile shapes that must stay linear: wf-lsp against a bare compose of each file."""
    env = process_env()
    out = {}
    for shape, size in plan.adversarial:
        text = generate.ADVERSARIAL[shape](size)
        folder = one_workflow_repository(work / "adversarial" / f"{shape}-{size:g}")
        path = folder / "workflow.yaml"
        path.write_text(text, encoding="utf-8")
        say(f"adversarial: {shape} ({size:g}), {len(text) / 1000:.0f} KB, "
            f"{plan.adversarial_runs} runs")
        commands = cli_commands([str(path)], [str(path)])
        listed = subprocess.run(commands["wf-lsp"] + ["--format", "json"], cwd=work, env=env,
                                capture_output=True, text=True)
        if listed.returncode not in (0, 1):
            raise SystemExit(f"benchmarks: wf-lsp failed on {path.name} (exit "
                             f"{listed.returncode}):\n{listed.stderr[-2000:]}")
        peers = run_cli_case(("wf-lsp", "compose"), commands, plan.adversarial_runs, work)
        in_python = {"wf-lsp": [sys.executable, "-c", WF_LSP_SCRIPT, "lint", str(path)],
                     "compose": commands["compose"]}
        for peer, command in in_python.items():
            peers[peer]["peak_kib"] = peak_kib(command, work, env)
        out[f"{shape}-{size:g}"] = {
            "title": ADVERSARIAL_TITLES[shape].format(size=size),
            "workload": {"shape": shape, "size": size, "bytes": len(text.encode("utf-8")),
                         "findings": len(json.loads(listed.stdout))},
            "unit": "s", "peers": peers, "ratios": cli_ratios(peers),
        }
    return out


def lint_path_imports(path: Path) -> dict:
    """What `wf-lsp lint` imports at start-up (`-X importtime`): totals, the heaviest, pygls?"""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "wf_lsp", "lint", str(path)],
                          capture_output=True, text=True, env=process_env())
    modules = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line[len("import time:"):].split("|")
        modules.append((name.rstrip(), int(self_us), int(cumulative)))
    top_level = [m for m in modules if not m[0].startswith("  ")]
    names = {m[0].strip() for m in modules}
    heaviest = sorted(modules, key=lambda m: -m[1])[:12]
    return {
        "modules": len(modules),
        "total_ms": sum(m[2] for m in top_level) / 1000,
        "wf_lsp_modules": sum(1 for n in names if n.startswith("wf_lsp")),
        "pygls_or_lsprotocol": sorted(n for n in names
                                      if n.split(".")[0] in ("pygls", "lsprotocol")),
        "heaviest_self_ms": [(m[0].strip(), m[1] / 1000) for m in heaviest],
    }


# --- language-server cases ----------------------------------------------------------------

@dataclass(frozen=True)
class Script:
    """The same edits and requests for every server, chosen once from the seeded text."""

    text: str
    edits: tuple[tuple[int, int], ...]  # (line, character) where a character goes in or out
    hovers: tuple[tuple[int, int], ...]
    completions: tuple[tuple[int, int], ...]
    expression_hovers: tuple[tuple[int, int], ...]
    expression_completions: tuple[tuple[int, int], ...]


def session_script(text: str, plan: Plan) -> Script:
    rng = random.Random(generate.DEFAULT_SEED)
    lines = text.split("\n")
    names = [(n, len(line)) for n, line in enumerate(lines) if line.startswith("      - name: ")]
    timeouts = [n for n, line in enumerate(lines) if line.startswith("    timeout: ")]
    runners = [n for n, line in enumerate(lines) if line.startswith("    runner: ")]
    edits = []
    for index in range(plan.edits):
        if index % 2 == 0:  # type a character at the end of a step's name ...
            position = rng.choice(names)
        edits.append(position)  # ... and take it out again with the next edit
    # Hover on the job's `timeout` key and on its value, by turns.
    hovers = [(line, 6 if i % 2 == 0 else 15)
              for i, line in enumerate(rng.choices(timeouts, k=plan.requests))]
    # Completion where a job's key starts: what keys may go here.
    completions = [(line, 4) for line in rng.choices(runners, k=plan.requests)]
    # In `${{ .inputs.run_id }}` (a `run: |` block): hover on the name, by turns with the
    # schedule's cron; complete right after `.inputs.`.
    uses = [(n, line.index(".inputs.") + len(".inputs.")) for n, line in enumerate(lines)
            if ".inputs.run_id" in line]
    cron = next((n, line.index('"') + 2) for n, line in enumerate(lines) if "cron:" in line)
    expression_hovers = [cron if i % 2 else (line, column + 2)
                         for i, (line, column) in enumerate(rng.choices(uses, k=plan.requests))]
    expression_completions = rng.choices(uses, k=plan.requests)
    return Script(text, tuple(edits), tuple(hovers), tuple(completions), tuple(expression_hovers),
                  tuple(expression_completions))


def server_command(name: str, yls: list[str]) -> list[str]:
    if name == "wf-lsp":
        return [sys.executable, "-m", "wf_lsp", "serve"]
    return yls


def server_settings(name: str) -> dict:
    if name == "wf-lsp":
        return {"wfLsp": {}}
    return {"yaml": {"validate": True, "hover": True, "completion": True,
                     "schemas": {SCHEMA.as_uri(): ["*.yaml"]},
                     "schemaStore": {"enable": False}}}


def start_server(name: str, yls: list[str], work: Path) -> rpc.Client:
    settings = server_settings(name)
    client = rpc.Client(server_command(name, yls), settings, cwd=str(work), env=process_env())
    rpc.initialize(client, work.as_uri(), settings)
    return client


def open_document(client: rpc.Client, uri: str, text: str) -> tuple[float, dict]:
    """didOpen, then wait for its diagnostics: (seconds, the publishDiagnostics params)."""
    since = client.mark()
    sent = client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    message = client.diagnostics(uri, since, version=1)
    return message.received - sent, message.body["params"]


def one_session(name: str, yls: list[str], work: Path, script: Script) -> dict:
    """Open, type, hover, complete and ask for code actions; latencies in seconds."""
    client = start_server(name, yls, work)
    uri = (work / "server" / "session.yaml").as_uri()
    try:
        opened, published = open_document(client, uri, script.text)
        if not published["diagnostics"]:  # the text has mistakes: a server that says
            # nothing is not checking it, and its times would mean nothing
            raise SystemExit(f"benchmarks: {name} published no diagnostics for a workflow "
                             "with mistakes (is the schema associated?)")
        changes, version = [], 1
        for index, (line, character) in enumerate(script.edits):
            version += 1
            if index % 2 == 0:
                change = {"range": _range(line, character, line, character), "text": "x"}
            else:
                change = {"range": _range(line, character, line, character + 1), "text": ""}
            since = client.mark()
            sent = client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            message = client.diagnostics(uri, since, version=version)
            changes.append(message.received - sent)
            published = message.body["params"]
        if len(script.edits) % 2:  # leave the text as it was opened
            line, character = script.edits[-1]
            version += 1
            since = client.mark()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": _range(line, character, line, character + 1),
                                    "text": ""}]})
            published = client.diagnostics(uri, since, version=version).body["params"]

        def ask(method: str, params: dict) -> tuple[float, bool]:
            result, seconds = client.request(method, params)
            return seconds, bool(result)

        doc = {"uri": uri}
        hovers = [ask("textDocument/hover", {"textDocument": doc, "position": _position(*p)})
                  for p in script.hovers]
        completions = [ask("textDocument/completion", {
            "textDocument": doc, "position": _position(*p),
            "context": {"triggerKind": 1}}) for p in script.completions]
        expression_hovers = [ask("textDocument/hover", {"textDocument": doc,
                                                        "position": _position(*p)})
                             for p in script.expression_hovers]
        expression_completions = [ask("textDocument/completion", {
            "textDocument": doc, "position": _position(*p),
            "context": {"triggerKind": 2, "triggerCharacter": "."}})
            for p in script.expression_completions]
        diagnostics = published["diagnostics"]
        actions = []
        for index in range(len(script.hovers)):
            if diagnostics:
                diagnostic = diagnostics[index % len(diagnostics)]
                rng, context = diagnostic["range"], [diagnostic]
            else:
                rng, context = _range(script.hovers[index][0], 0, script.hovers[index][0], 0), []
            actions.append(ask("textDocument/codeAction", {
                "textDocument": doc, "range": rng,
                "context": {"diagnostics": context, "triggerKind": 1}}))
        return {
            "open": [opened], "change": changes,
            "hover": [s for s, _ in hovers], "completion": [s for s, _ in completions],
            "expression_hover": [s for s, _ in expression_hovers],
            "expression_completion": [s for s, _ in expression_completions],
            "code_action": [s for s, _ in actions],
            "answered": {"diagnostics": len(diagnostics),
                         "hover": sum(a for _, a in hovers),
                         "completion": sum(a for _, a in completions),
                         "expression_hover": sum(a for _, a in expression_hovers),
                         "expression_completion": sum(a for _, a in expression_completions),
                         "code_action": sum(a for _, a in actions)},
        }
    finally:
        client.close()


def _position(line: int, character: int) -> dict:
    return {"line": line, "character": character}


def _range(line: int, character: int, end_line: int, end_character: int) -> dict:
    return {"start": _position(line, character), "end": _position(end_line, end_character)}


def memory_session(name: str, yls: list[str], work: Path, text: str, documents: int) -> dict:
    """Resident memory before and after opening `documents` copies of the text."""
    client = start_server(name, yls, work)
    try:
        # One tiny document first, so that both servers have loaded what linting needs
        # (modules, the schema) before the baseline: the baseline is an idle, warm server.
        open_document(client, (work / "server" / "warm-up.yaml").as_uri(),
                      generate.workflow(20, name="warm-up"))
        time.sleep(0.5)
        baseline = client.rss_kib()
        curve = []  # resident memory after each document
        for index in range(documents):
            uri = (work / "server" / f"doc-{index:02d}.yaml").as_uri()
            open_document(client, uri, text)
            curve.append(client.rss_kib())
        time.sleep(0.5)
        after, peak = client.rss_kib(), client.peak_rss_kib()
    finally:
        client.close()
    return {"documents": documents, "baseline_kib": baseline, "after_kib": after,
            "peak_kib": peak, "per_document_kib": (after - baseline) / documents,
            "rss_after_each_kib": curve}


def bench_servers(plan: Plan, yls: list[str]) -> dict:
    # The documents live in a folder of their own, never below a dot-folder: the schema's
    # `*.yaml` glob does not match below a dot-folder in yaml-language-server, which would
    # then validate nothing and look fast. (They are never written to disk.)
    work = Path(tempfile.mkdtemp(prefix="wf-lsp-bench-"))
    try:
        return _bench_servers(plan, work, yls)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _bench_servers(plan: Plan, work: Path, yls: list[str]) -> dict:
    text = generate.workflow(plan.server_lines, name="session")
    script = session_script(text, plan)
    lines = text.count("\n")
    sessions: dict[str, list[dict]] = {name: [] for name in SERVERS}
    for round_index in range(plan.sessions):
        for name in SERVERS:
            say(f"server session {round_index + 1}/{plan.sessions}: {name} "
                f"({lines} lines, {plan.edits} edits, {plan.requests} of each request)")
            sessions[name].append(one_session(name, yls, work, script))
    # The same edits on a document four times as long, one session per server: what an
    # edit costs as the document grows (issue 15's third line).
    large_text = generate.workflow(plan.large_server_lines, name="session")
    large_script = session_script(large_text, replace(plan, edits=plan.large_edits, requests=0))
    large_lines = large_text.count("\n")
    for name in SERVERS:
        say(f"server session on the large document: {name} ({large_lines} lines, "
            f"{plan.large_edits} edits)")
        sessions[name][0]["change_large"] = one_session(name, yls, work, large_script)["change"]
    cases: dict[str, dict] = {}
    keys = {"server_open": "open", "server_change": "change",
            "server_change_large": "change_large", "server_hover": "hover",
            "server_completion": "completion", "server_expression_hover": "expression_hover",
            "server_expression_completion": "expression_completion",
            "server_code_action": "code_action"}
    for case, key in keys.items():
        peers = {}
        for name in SERVERS:
            runs = [s for s in sessions[name] if key in s]
            per_session = [{"p50": percentile(s[key], 0.5), "p95": percentile(s[key], 0.95),
                            "samples": [round(x, 5) for x in s[key]]} for s in runs]
            p50s = [s["p50"] for s in per_session]
            p95s = [s["p95"] for s in per_session]
            peers[name] = {"p50": statistics.median(p50s), "p95": statistics.median(p95s),
                           "p50_min": min(p50s), "p50_max": max(p50s),
                           "p95_min": min(p95s), "p95_max": max(p95s),
                           "answered": [s["answered"] for s in runs],
                           "sessions": per_session}
        mine, theirs = peers["wf-lsp"], peers["yaml-language-server"]
        large = case == "server_change_large"
        cases[case] = {
            "title": SERVER_CASES[case].format(lines=large_lines),
            "workload": {"lines": large_lines if large else lines,
                         "samples_per_session": len(sessions["wf-lsp"][0][key]),
                         "sessions": len(mine["sessions"])},
            "unit": "s", "peers": peers,
            "ratios": {"yaml-language-server": {"p50": mine["p50"] / theirs["p50"],
                                                "p95": mine["p95"] / theirs["p95"]}},
        }
    say(f"memory: {plan.memory_documents} open documents of {lines} lines in each server")
    peers = {name: memory_session(name, yls, work, text, plan.memory_documents)
             for name in SERVERS}
    cases["server_memory"] = {
        "title": "Memory with many open documents",
        "workload": {"lines": lines, "documents": plan.memory_documents},
        "unit": "KiB", "peers": peers,
        "ratios": {"yaml-language-server": {
            "per_document": peers["wf-lsp"]["per_document_kib"]
            / peers["yaml-language-server"]["per_document_kib"],
            "peak": peers["wf-lsp"]["peak_kib"] / peers["yaml-language-server"]["peak_kib"]}},
    }
    return cases


# --- profile ------------------------------------------------------------------------------

def profile(path: Path) -> dict:
    """Where one in-process lint of `path` spends its time: stages, then functions. The
    whole lint is timed as `wf-lsp lint` runs it, with the garbage collector paused."""
    import wf_lsp
    from wf_lsp import gc_policy
    from wf_lsp.config import Config
    from wf_lsp.model import build
    from wf_lsp.parse import Source, parse
    from wf_lsp.rules import RULES
    from wf_lsp.rules.base import Context

    text = path.read_text(encoding="utf-8")

    def lint() -> None:
        with gc_policy.paused():
            wf_lsp.lint(text)

    lint()  # warm: caches and lazy imports are not what is measured

    def best(function, repeat: int = 7) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    source = Source.from_text(text)
    parsed = parse(source)
    workflow = build(parsed.roots[0], source)

    def context(rule) -> Context:
        return Context(source, parsed, None if rule.whole_file else workflow, Config(),
                       rule.code, rule.severity)

    rules = {code: best(lambda r=rule: list(r.check(context(r)))) for code, rule in RULES.items()}
    stages = {
        "split into lines": best(lambda: Source.from_text(text)),
        "parse (compose)": best(lambda: parse(source)),
        "model": best(lambda: build(parsed.roots[0], source)),
        "rules": sum(rules.values()),
        "lint in all": best(lint),
    }
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        lint()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(18)
    table = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(table) if line.lstrip().startswith("ncalls"))
    return {"lines": text.count("\n"), "stages_s": stages,
            "rules_s": dict(sorted(rules.items(), key=lambda item: -item[1])[:6]),
            "cprofile_top": [_short_path(line) for line in table[start:]]}


def _short_path(line: str) -> str:
    for prefix in (str(ROOT) + "/", os.path.dirname(os.__file__) + "/"):
        line = line.replace(prefix, "")
    return line.replace("site-packages/", "")


# --- targets and the report ---------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    value: str
    met: bool


def targets(cases: dict, imports: dict, adversarial: dict) -> list[Target]:
    def median(case: str, peer: str = "wf-lsp") -> float:
        return cases[case]["peers"][peer]["median"]

    medium_vs_compose = cases["file_medium"]["ratios"]["compose"]
    medium_vs_yamllint = cases["file_medium"]["ratios"]["yamllint"]
    tree = cases["tree"]["ratios"]
    scaling = median("file_large") / median("file_medium")
    large_lines = cases["file_large"]["workload"]["lines"]
    medium_lines = cases["file_medium"]["workload"]["lines"]
    change = cases["server_change"]["ratios"]["yaml-language-server"]
    change_large = cases["server_change_large"]["ratios"]["yaml-language-server"]
    large_change_lines = cases["server_change_large"]["workload"]["lines"]
    memory = cases["server_memory"]["ratios"]["yaml-language-server"]["per_document"]
    startup = cases["startup"]["ratios"]["yamllint"]
    out = [
        Target("Lint one medium file vs the parse floor", "≤ 1.3x bare C compose",
               f"{medium_vs_compose:.2f}x", medium_vs_compose <= 1.3),
        Target("Lint one medium file vs yamllint", "faster (< 1x)",
               f"{medium_vs_yamllint:.2f}x", medium_vs_yamllint < 1),
        Target("Tree vs yamllint", "faster (< 1x)", f"{tree['yamllint']:.2f}x",
               tree["yamllint"] < 1),
        Target("Tree vs check-jsonschema", "faster (< 1x)", f"{tree['check-jsonschema']:.2f}x",
               tree["check-jsonschema"] < 1),
        Target(f"Scaling: {large_lines} lines vs {medium_lines}", "≤ 4.4x",
               f"{scaling:.2f}x", scaling <= 4.4),
        Target("didChange → diagnostics vs yaml-language-server", "p50 ≤ 0.10x, p95 ≤ 0.15x",
               f"p50 {change['p50']:.2f}x, p95 {change['p95']:.2f}x",
               change["p50"] <= 0.10 and change["p95"] <= 0.15),
        Target("didChange on the large document vs yaml-language-server",
               f"p50 ≤ 0.05x ({large_change_lines:,} lines)", f"p50 {change_large['p50']:.2f}x",
               change_large["p50"] <= 0.05),
    ]
    for case, label in (("server_hover", "Hover"), ("server_completion", "Completion"),
                        ("server_expression_hover", "Expression and schedule hover"),
                        ("server_expression_completion", "Expression completion"),
                        ("server_code_action", "Code action")):
        p95 = cases[case]["peers"]["wf-lsp"]["p95"]
        out.append(Target(f"{label} p95", "< 20 ms", f"{p95 * 1000:.1f} ms", p95 < 0.020))
    out += [
        Target("Memory per open document vs yaml-language-server", "≤ 0.5x",
               f"{memory:.2f}x", memory <= 0.5),
        Target("Start-up on one small file vs yamllint", "≤ 0.8x", f"{startup:.2f}x",
               startup <= 0.8),
        Target("Lint path imports pygls/lsprotocol", "none",
               ", ".join(imports["pygls_or_lsprotocol"]) or "none",
               not imports["pygls_or_lsprotocol"]),
    ]
    worst = max(adversarial, key=lambda case: adversarial[case]["ratios"]["compose"])
    ratio = adversarial[worst]["ratios"]["compose"]
    out.append(Target("Adversarial inputs vs the parse floor", "≤ 3x bare C compose, each",
                      f"worst {ratio:.2f}x ({worst})", ratio <= 3))
    return out


def _milestones(count: int) -> list[int]:
    """A few document counts to show memory at: 1, 5, 10, 25, ... up to `count`."""
    return sorted({n for n in (1, 5, 10, 25, count) if 1 <= n <= count})


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def _ms(value: float) -> str:
    return f"{value * 1000:.1f}"


def report(results: dict) -> str:
    """RESULTS.md: targets, every case with every peer, machine, profile."""
    cases, plan = results["cases"], results["plan"]
    out = ["# Benchmark results", ""]
    out.append(f"Written by `python benchmarks/run.py{' --quick' if plan['quick'] else ''}` on "
               f"{results['finished']} ({results['duration_s']:.0f} s). "
               "Every peer was measured in this run; runs of the peers were interleaved.")
    if plan["quick"]:
        out += ["", "**A quick run**: small sizes and one or two runs, to check the harness. "
                "The numbers are not the ones to quote."]
    out += ["", "## Targets", "", "| target | goal | measured | met |", "|---|---|---|---|"]
    for target in results["targets"]:
        out.append(f"| {target['name']} | {target['goal']} | {target['value']} | "
                   f"{'yes' if target['met'] else '**no**'} |")

    out += ["", "## Command line (whole processes)", "",
            "Median wall time of the runs, with the fastest and slowest run, and wf-lsp's "
            "time divided by the peer's (below 1: wf-lsp is faster).", ""]
    for case in (*FILE_CASES, "tree"):
        data = cases[case]
        workload = data["workload"]
        what = (f"{workload['files']} files ({workload.get('workflows', 1)} workflows), "
                f"{workload['lines']} lines" if case == "tree" else f"{workload['lines']} lines")
        out += [f"### {data['title']}: {what}", "",
                "| tool | median | min – max | runs | wf-lsp ÷ tool | exit | output lines |",
                "|---|---|---|---|---|---|---|"]
        for peer, stats in data["peers"].items():
            ratio = "—" if peer == "wf-lsp" else f"{data['ratios'][peer]:.2f}x"
            out.append(f"| {peer} | {_seconds(stats['median'])} | {_seconds(stats['min'])} – "
                       f"{_seconds(stats['max'])} | {len(stats['runs'])} | {ratio} | "
                       f"{stats['exit_code']} | {stats['output_lines']} |")
        out.append("")
    out += ["Peers: " + "; ".join(f"**{k}**: {v}" for k, v in PEER_NOTES.items()
                                  if k != "yaml-language-server") + ".", ""]

    out += ["## Adversarial inputs", "",
            "Hostile shapes that must stay linear (`benchmarks/generate.py --adversarial`): "
            "`wf-lsp lint` and the bare C compose of the same file, whole processes, runs "
            "interleaved (median wall time); the peak resident memory of one more run of each.",
            "", "| input | size | findings | wf-lsp | compose | wf-lsp ÷ compose | wf-lsp peak "
            "| compose peak |", "|---|---|---|---|---|---|---|---|"]
    for data in results["adversarial"].values():
        mine, floor = data["peers"]["wf-lsp"], data["peers"]["compose"]
        out.append(f"| {data['title']} | {data['workload']['bytes'] / 1e6:.2f} MB | "
                   f"{data['workload']['findings']:,} | {_seconds(mine['median'])} | "
                   f"{_seconds(floor['median'])} | {data['ratios']['compose']:.2f}x | "
                   f"{mine['peak_kib'] / 1024:.0f} MiB | {floor['peak_kib'] / 1024:.0f} MiB |")
    out.append("")

    out += ["## Language server", "",
            f"{cases['server_open']['workload']['lines']}-line workflow, "
            f"{cases['server_open']['workload']['sessions']} session(s) per server; in each, "
            f"{cases['server_change']['workload']['samples_per_session']} single-character "
            "edits (each waits for its diagnostics) and as many hover, completion, "
            "expression hover, expression completion and code action requests. Milliseconds: median over sessions of each session's p50 and "
            "p95 (min – max over sessions); the ratio is wf-lsp ÷ yaml-language-server.", "",
            "| case | server | p50 | p95 | p50 range | p95 range | ratio p50 | ratio p95 |",
            "|---|---|---|---|---|---|---|---|"]
    for case in SERVER_CASES:
        data = cases[case]
        for name, stats in data["peers"].items():
            ratio = data["ratios"]["yaml-language-server"]
            ratios = (f"{ratio['p50']:.2f}x | {ratio['p95']:.2f}x" if name == "wf-lsp"
                      else "— | —")
            out.append(
                f"| {data['title']} | {name} | {_ms(stats['p50'])} | {_ms(stats['p95'])} | "
                f"{_ms(stats['p50_min'])} – {_ms(stats['p50_max'])} | "
                f"{_ms(stats['p95_min'])} – {_ms(stats['p95_max'])} | {ratios} |")
    answered = {name: cases["server_hover"]["peers"][name]["answered"][0] for name in SERVERS}
    out += ["", "Non-empty answers in the first session: " + "; ".join(
        f"{name}: {a['diagnostics']} diagnostics, {a['hover']} hovers, {a['completion']} "
        f"completions, {a['expression_hover']} hovers and {a['expression_completion']} "
        f"completions in expressions and schedules, {a['code_action']} code action lists"
        for name, a in answered.items())
        + ".", ""]
    memory = cases["server_memory"]
    out += [f"### Memory: {memory['workload']['documents']} open documents of "
            f"{memory['workload']['lines']} lines", "",
            "Resident memory of the server process (/proc: VmRSS, and VmHWM for the peak). "
            "Per document: (after − baseline) ÷ documents, the baseline being the idle server "
            "after one small document.", "",
            "| server | baseline | after | peak | per document | wf-lsp ÷ server |",
            "|---|---|---|---|---|---|"]
    for name, stats in memory["peers"].items():
        ratio = memory["ratios"]["yaml-language-server"]["per_document"]
        shown = f"{ratio:.2f}x" if name == "wf-lsp" else "—"
        out.append(f"| {name} | {stats['baseline_kib'] / 1024:.0f} MiB | "
                   f"{stats['after_kib'] / 1024:.0f} MiB | {stats['peak_kib'] / 1024:.0f} MiB | "
                   f"{stats['per_document_kib'] / 1024:.2f} MiB | {shown} |")
    out += ["", "Resident memory after the n-th document (MiB): " + "; ".join(
        f"{name}: " + ", ".join(f"{n}: {stats['rss_after_each_kib'][n - 1] / 1024:.0f}"
                               for n in _milestones(len(stats["rss_after_each_kib"])))
        for name, stats in memory["peers"].items()) + "."]

    imports = results["imports"]
    out += ["", "## Start-up", "",
            f"`python -X importtime -m wf_lsp lint FILE`: {imports['modules']} modules "
            f"({imports['wf_lsp_modules']} of wf-lsp), {imports['total_ms']:.0f} ms of imports "
            "as -X importtime counts them (it inflates them); pygls or lsprotocol: "
            f"{', '.join(imports['pygls_or_lsprotocol']) or 'none'}. Heaviest, by own time:",
            "", "| module | ms |", "|---|---|"]
    out += [f"| {name} | {ms:.1f} |" for name, ms in imports["heaviest_self_ms"]]

    prof = results["profile"]
    out += ["", "## Profile", "",
            f"One in-process lint of the {prof['lines']}-line file (medians of 7, in ms):", "",
            "| stage | ms |", "|---|---|"]
    out += [f"| {stage} | {_ms(s)} |" for stage, s in prof["stages_s"].items()]
    out += ["", "Costliest rules: " + ", ".join(f"{code} {_ms(s)} ms"
                                                  for code, s in prof["rules_s"].items()) + ".",
            "", "cProfile, three lints, by own time:", "", "```"]
    out += prof["cprofile_top"]
    out += ["```", ""]
    if NOTES.exists():
        out += [NOTES.read_text(encoding="utf-8").rstrip(), ""]

    out += ["## Machine and versions", "", "| | |", "|---|---|"]
    out += [f"| {key} | {value} |" for key, value in results["machine"].items()]
    out += [f"| {key} | {value} |" for key, value in results["versions"].items()]
    out.append("")
    return "\n".join(out)


README = HERE.parent / "README.md"
README_MARKERS = ("<!-- performance:start -->\n", "<!-- performance:end -->")


def readme_summary(results: dict) -> str:
    """The README's Performance table: the targets, as measured by this run."""
    machine, versions = results["machine"], results["versions"]
    lines = ["| target | goal | measured | met |", "|---|---|---|---|"]
    lines += [f"| {t['name']} | {t['goal']} | {t['value']} | {'yes' if t['met'] else '**no**'} |"
              for t in results["targets"]]
    lines += ["", f"Measured on {results['finished'][:10]}: {machine['cpus']} CPUs "
              f"({machine['cpu']}), Python {versions['python']}, yamllint {versions['yamllint']}, "
              f"check-jsonschema {versions['check-jsonschema']}, yaml-language-server "
              f"{versions['yaml-language-server']} on Node {versions['node']}."]
    return "\n".join(lines) + "\n"


def update_readme(results: dict) -> None:
    """Put this run's summary between the README's performance markers."""
    start, end = README_MARKERS
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    README.write_text(before + start + readme_summary(results) + end + after, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sizes and one or two runs (CI: checks the harness)")
    parser.add_argument("--out", metavar="DIR", default=str(HERE),
                        help="where RESULTS.md and results.json go "
                        "(default: benchmarks/)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    out = Path(args.out).resolve()
    # The workloads live outside this repository: its own `[tool.wf-lsp]` (pyproject.toml)
    # would be their nearest config, and each lint would read it and load its `exclude`'s
    # matcher (30 ms of a 60 ms start), which a user's repository without one never pays.
    work = Path(tempfile.mkdtemp(prefix="wf-lsp-bench-work-"))
    try:
        return _run(plan, out, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(plan: Plan, out: Path, work: Path) -> int:
    started = time.perf_counter()
    yls = yaml_language_server()
    results: dict = {"plan": asdict(plan), "machine": machine(), "versions": versions(yls)}
    say(f"{'quick' if plan.quick else 'full'} run; workloads in {work}")

    cases = bench_cli(plan, work)
    cases.update(bench_servers(plan, yls))
    results["cases"] = cases
    results["adversarial"] = bench_adversarial(plan, work)
    results["imports"] = lint_path_imports(work / "startup" / "startup.yaml")
    say("profiling one in-process lint")
    results["profile"] = profile(work / "file_medium" / "file_medium.yaml")
    results["targets"] = [asdict(t) for t in targets(cases, results["imports"],
                                                     results["adversarial"])]
    results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    results["duration_s"] = time.perf_counter() - started

    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (out / "RESULTS.md").write_text(report(results), encoding="utf-8")
    if not plan.quick and out == HERE:  # the run the README quotes
        update_readme(results)
    met = sum(t["met"] for t in results["targets"])
    say(f"{met} of {len(results['targets'])} targets met; wrote {out / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
