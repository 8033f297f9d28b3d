"""`scripts/setup_code_server.py` as a module (it is a script, in no package), for the
tests that wait for it (tests/e2e/test_vscode.py) and those of its own."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _load():
    spec = importlib.util.spec_from_file_location("setup_code_server", REPO / "scripts" / "setup_code_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


setup_code_server = _load()


def alive(pid: int) -> bool:
    """Whether process `pid` runs: a finished child not yet reaped stays a zombie ("Z")."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
