"""The code-server installer's guard against a stalled `npm install`.

A CI run once sat 15 minutes in `npm install` on a connection that sent nothing, and every
VS Code test failed waiting for it. The installer now stops a command that outruns its limit,
with its whole process group, and starts npm again. These tests run the installer's own code on
real processes; the `npm` in the second is a shell script that stalls once, because a registry
cannot be made to stall on demand.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from setup_script import alive, setup_code_server


def _setup(tmp_path: Path):
    """An installer on `tmp_path`, logging to a real file (its commands write there too)."""
    log = (tmp_path / "setup.log").open("w+", encoding="utf-8")
    return setup_code_server.Setup(tmp_path, log, echo=False), log


def test_a_command_past_its_limit_is_stopped_with_its_children(tmp_path: Path) -> None:
    setup, _ = _setup(tmp_path)
    pid_file = tmp_path / "grandchild.pid"
    # Not stopped, the sleep would end on its own and `run` return: no StalledError.
    with pytest.raises(setup_code_server.StalledError, match=r"no end after 1 s"):
        # The shell waits on a grandchild, as npm waits on its fetches.
        setup.run(["sh", "-c", f"sleep 60 & echo $! > {pid_file}; wait"], timeout=1)
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(grandchild), "the stalled command's child outlived it"
    assert setup.child is None


def test_a_stalled_npm_install_is_started_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(setup_code_server, "NPM_INSTALL_LIMIT_S", 1)
    calls = tmp_path / "calls"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    # First call: hangs like a silent download. Second: installs (writes what npm would).
    npm.write_text(
        "#!/bin/sh\n"
        f'echo x >> "{calls}"\n'
        f'if [ "$(wc -l < "{calls}")" -eq 1 ]; then exec sleep 60; fi\n'
        "mkdir -p node_modules/code-server\n"
    )
    npm.chmod(0o755)
    setup, log = _setup(tmp_path)
    setup.node_packages()
    assert calls.read_text().count("x") == 2
    log.seek(0)
    assert "trying again (2 of 3)" in log.read()
    assert (tmp_path / "node" / "node_modules" / "code-server").is_dir()
    assert (tmp_path / "node" / ".installed").read_text().startswith("code-server@")


def test_npm_that_stalls_every_time_fails_saying_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(setup_code_server, "NPM_INSTALL_LIMIT_S", 1)
    monkeypatch.setattr(setup_code_server, "NPM_ATTEMPTS", 2)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text("#!/bin/sh\nexec sleep 60\n")
    os.chmod(bin_dir / "npm", 0o755)
    setup, _ = _setup(tmp_path)
    with pytest.raises(setup_code_server.SetupError, match=r"npm install stalled 2 times; no end after 1 s"):
        setup.node_packages()
    assert not (tmp_path / "node" / ".installed").exists()
