#!/usr/bin/env python3
"""Set up and run wf-lsp from a fresh clone, with nothing but Python and the registries.

    python3 dev.py examples   # create .venv, install wf-lsp, lint the bundled examples/
    python3 dev.py test       # also install the test tools, then run the whole test suite
    python3 dev.py bench      # the benchmarks (benchmarks/run.py; `--quick` for a short run)

`test` installs what the end-to-end tests drive when it is missing: Go (the duration
differential), Neovim, Chromium and code-server (the real editors), yaml-language-server,
Graphviz (the oracle of the DOT picture).
`bench` runs in .tools/bench-venv, where wf-lsp and the peers are installed as users install
them (not editable). Everything lands in .venv/ and .tools/ (both git-ignored) or comes from
Debian packages; nothing is cached that this script cannot rebuild.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
TOOLS = ROOT / ".tools"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
BENCH_VENV = TOOLS / "bench-venv"
# Debian packages the tests drive, by the command that shows they are there.
SYSTEM_TOOLS = {"go": "golang-go", "nvim": "neovim", "chromium": "chromium", "dot": "graphviz"}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*cmd, **kwargs) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def ensure_venv(extras: str = "") -> None:
    """Create .venv and install wf-lsp into it (editable), once per change of pyproject."""
    if not PYTHON.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed{extras}"
    pyproject = (ROOT / "pyproject.toml").stat().st_mtime
    if not stamp.exists() or stamp.stat().st_mtime < pyproject:
        say(f"installing wf-lsp{extras} into .venv")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "-e", f"{ROOT}{extras}")
        stamp.touch()
    # An editable install leaves wf_lsp uncompiled, and with PYTHONDONTWRITEBYTECODE set
    # (as on these machines) no process writes the bytecode: each one compiled wf_lsp's
    # modules again, some 150 ms of every server the tests start and 60 ms of every CLI
    # run. Compiled here as pip compiles an installed package (only what changed).
    run(PYTHON, "-m", "compileall", "-q", ROOT / "wf_lsp")


def ensure_system_tools() -> None:
    """apt-get install the editors and Go when missing (CI machines start without them)."""
    missing = [pkg for cmd, pkg in SYSTEM_TOOLS.items()
               if shutil.which(cmd) is None and not (cmd == "go" and Path("/usr/lib/go/bin/go").exists())]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        say(f"missing {', '.join(missing)}: install them (Debian: apt-get install {' '.join(missing)});"
            " the tests that need them will fail saying so")
        return
    say(f"installing {', '.join(missing)} (apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env,
        stdout=subprocess.DEVNULL)


def start_code_server_setup() -> subprocess.Popen | None:
    """Install code-server and friends in the background while the Python tests run."""
    script = ROOT / "scripts" / "setup_code_server.py"
    if not script.exists():
        return None
    TOOLS.mkdir(exist_ok=True)
    log = open(TOOLS / "setup-code-server.log", "w")
    say("setting up code-server in the background (log: .tools/setup-code-server.log)")
    return subprocess.Popen([str(PYTHON), str(script)], stdout=log, stderr=subprocess.STDOUT,
                            cwd=ROOT)


def examples() -> int:
    ensure_venv()
    say("wf-lsp lint examples/")
    return subprocess.run([str(BIN / "wf-lsp"), "lint", "examples"], cwd=ROOT).returncode


def test(pytest_args: list[str]) -> int:
    ensure_venv("[test]")
    ensure_system_tools()
    setup = start_code_server_setup()
    env = {**os.environ, "WF_LSP_TOOLS": str(TOOLS)}
    if setup is not None:
        env["WF_LSP_CODE_SERVER_SETUP_PID"] = str(setup.pid)
    workers = suite_workers()
    if workers > 1 and "no:xdist" not in pytest_args and not any(
            arg.startswith(("-n", "--numprocesses", "--dist")) for arg in pytest_args):
        # On every CPU (pytest-xdist), a test file to a worker: see tests/conftest.py.
        pytest_args = ["-n", str(workers), *pytest_args]
    say("pytest " + " ".join(pytest_args))
    code = subprocess.run([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT, env=env).returncode
    if setup is not None and setup.poll() is None:
        setup.terminate()
    return code


def suite_workers() -> int:
    """How many processes run the suite: the CPUs this one may use, within a container's
    CPU quota (which the CPU count does not show), and at most 4 (the slowest files, the
    editors' sessions, gain nothing from more)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cpus = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            cpus = min(cpus, max(1, int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    return min(cpus, 4)


def bench(args: list[str]) -> int:
    python = ensure_bench_venv()
    # This checkout's wf_lsp first on the path, in run.py and (process_env) in what it runs.
    env = {**os.environ, "WF_LSP_TOOLS": str(TOOLS),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([str(python), str(ROOT / "benchmarks" / "run.py"), *args],
                          cwd=ROOT, env=env).returncode


def ensure_bench_venv() -> Path:
    """The Python the benchmarks run in: wf-lsp and the peers (yamllint, check-jsonschema)
    installed as users install them, once per change of pyproject. Not .venv: its editable
    install puts a finder in the start of every process of its interpreter (pathlib, urllib
    and ipaddress imported: some 3 ms), which every peer's start-up would be timed with."""
    python = BENCH_VENV / PYTHON.relative_to(VENV)
    if not python.exists():
        say("creating .tools/bench-venv")
        venv.EnvBuilder(with_pip=True).create(BENCH_VENV)
    stamp = BENCH_VENV / ".installed"
    if not (stamp.exists() and stamp.stat().st_mtime >= (ROOT / "pyproject.toml").stat().st_mtime):
        say("installing wf-lsp (a regular install) and the peers into .tools/bench-venv")
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            str(ROOT), "yamllint", "check-jsonschema")
        stamp.touch()
    return python


def main(argv: list[str]) -> int:
    commands = {"examples": lambda args: examples(), "test": test, "bench": bench}
    if not argv or argv[0] not in commands:
        print(__doc__.strip())
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
