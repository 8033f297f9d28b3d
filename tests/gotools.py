"""Building and asking the Go reference programs under tests/go/ (differential tests).

Each program reads one JSON string per line on stdin and answers one JSON object per line.
Without a Go toolchain the tests that use them FAIL on purpose: agreement with Go is their
whole point, so they must not be skipped silently.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

GO_DIR = Path(__file__).parent / "go"


def find_go() -> str | None:
    for candidate in (shutil.which("go"), "/usr/lib/go/bin/go", *sorted(glob.glob("/usr/lib/go-*/bin/go"))):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


# Go libraries Debian packages (under /usr/share/gocode/src), by import path: a program
# that imports one builds offline, with GOPATH reaching them.
DEBIAN_GOCODE = Path("/usr/share/gocode")
DEBIAN_GO_PACKAGES = {"gopkg.in/yaml.v3": "golang-gopkg-yaml.v3-dev"}


def ensure_go_library(import_path: str) -> None:
    """Install Debian's package of the Go library `import_path` when it is missing (as root,
    as `dev.py` installs Go); fails the test when it cannot."""
    if (DEBIAN_GOCODE / "src" / import_path).is_dir():
        return
    package = DEBIAN_GO_PACKAGES[import_path]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                       env=env, capture_output=True, timeout=600)
    if not (DEBIAN_GOCODE / "src" / import_path).is_dir():
        pytest.fail(f"the Go library {import_path} is not installed: these tests compare "
                    f"wf-lsp with it. Install it: apt-get install -y {package}")


def build(program: str, out_dir: Path, libraries: tuple[str, ...] = ()) -> Path:
    """`go build` tests/go/<program>/main.go into `out_dir`; fails the test when it cannot.
    `libraries`: the Go libraries it imports, from Debian's packages (installed if missing)."""
    go = find_go()
    if go is None:
        pytest.fail(
            "Go toolchain not found (looked on PATH and in /usr/lib/go/bin): these tests compare "
            "wf-lsp with the real Go library. Install golang-go "
            "(`apt-get install -y golang-go`, or run `python3 dev.py test`, which installs it)."
        )
    env = {
        **os.environ,
        "GO111MODULE": "off",  # one file, standard library only: nothing to download
        "GOCACHE": str(out_dir / "cache"),
        "GOPATH": os.pathsep.join([str(out_dir / "gopath")]
                                  + ([str(DEBIAN_GOCODE)] if libraries else [])),
        "GOFLAGS": "",
        "GOTOOLCHAIN": "local",
        "CGO_ENABLED": "0",
    }
    for library in libraries:
        ensure_go_library(library)
    exe = out_dir / program
    built = subprocess.run(
        [go, "build", "-o", str(exe), "main.go"],
        cwd=GO_DIR / program, env=env, capture_output=True, text=True, timeout=600,
    )
    if built.returncode != 0:
        pytest.fail(f"go build of {GO_DIR / program} failed:\n{built.stdout}{built.stderr}")
    return exe


class GoOracle:
    """One long-running reference process, asked one value at a time."""

    def __init__(self, exe: Path):
        self.proc = subprocess.Popen(
            [str(exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )

    def __call__(self, text: str) -> dict:
        self.proc.stdin.write(json.dumps(text) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the Go reference exited with {self.proc.poll()}"
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def batch(exe: Path, texts: list[str]) -> list[dict]:
    """All answers from ONE process: one JSON string per line in, one JSON object per line out."""
    done = subprocess.run(
        [str(exe)], input="".join(json.dumps(t) + "\n" for t in texts),
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(texts)
    return answers
