"""yaml-language-server 2, installed with npm under the tools folder on first use.

The benchmarks run it as a peer and the tests as a consumer of the schema, sometimes at
the same time (the suite runs on several workers): a lock makes one of them install it
while the other waits.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows, where the suite runs on one worker (not through dev.py)
    fcntl = None

MAJOR = "2"


def command(tools: Path, say: Callable[[str], None] = lambda message: None) -> list[str]:
    """The command that runs yaml-language-server over stdio, installing it under
    `tools`/yls when it is missing or of another major version (and `say`ing so). Raises
    RuntimeError saying what is missing when it cannot be installed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        raise RuntimeError("yaml-language-server needs Node.js >= 20 and npm "
                           "(Debian: apt-get install nodejs npm)")
    folder = tools / "yls"
    package = folder / "node_modules" / "yaml-language-server"
    script = package / "bin" / "yaml-language-server"
    tools.mkdir(parents=True, exist_ok=True)
    with open(tools / ".yls-install.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed(package):
            say(f"installing yaml-language-server@{MAJOR} into {folder}")
            done = subprocess.run([npm, "install", "--prefix", str(folder), "--no-audit",
                                   "--no-fund", f"yaml-language-server@{MAJOR}"],
                                  capture_output=True, text=True)
            if done.returncode != 0 or not _installed(package):
                raise RuntimeError(f"yaml-language-server did not install into {folder}:\n"
                                   f"{done.stderr[-2000:]}")
    return [node, str(script), "--stdio"]


def _installed(package: Path) -> bool:
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return False
    return version.startswith(MAJOR + ".") and (package / "bin" / "yaml-language-server").exists()
