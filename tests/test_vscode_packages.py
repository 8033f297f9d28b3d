"""The VS Code extension's platform builds, built here the way a release builds them.

One `npm run package` builds the linux-x64, darwin-arm64 and win32-x64 packages and the
universal one; each is opened as the zip it is and checked for what its users run: the C
parser (ruamel.yaml.clib's extension module) for each CPython 3.10-3.14, built for that
platform and no other (read from the binaries' own headers, not their names), the pure-Python
libraries once, and a server started with `python -m wf_lsp`. The linux-x64 bundle is then run
by every CPython 3.10-3.14 on this machine, which must report the C parser.

Needs Node 20+ and npm (`npm ci` runs when vscode-extension/node_modules is missing or stale)
and the package index (pip caches the wheels).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from wf_lsp import __version__

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "vscode-extension"
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
LIBS = "extension/bundled/libs/"
# What the headers of a platform's binaries say: (format, machine).
PLATFORMS = {
    "linux-x64": ("ELF", "x86-64"),
    "darwin-arm64": ("Mach-O", "arm64"),
    "win32-x64": ("PE", "x86-64"),
}
# The C parser's module, one per CPython version, named with its ABI tag.
C_PARSER = {
    "linux-x64": "_ruamel_yaml.cpython-{nodot}-x86_64-linux-gnu.so",
    "darwin-arm64": "_ruamel_yaml.cpython-{nodot}-darwin.so",
    "win32-x64": "_ruamel_yaml.cp{nodot}-win_amd64.pyd",
}
# Needed on Windows only (tqdm's colours), so only the win32 package has it.
WINDOWS_ONLY = ("colorama",)


def _npm() -> list[str]:
    npm = shutil.which("npm")
    node = shutil.which("node")
    if not npm or not node:
        pytest.fail("npm and Node 20+ are needed to package the extension (Debian: apt-get install nodejs npm)",
                    pytrace=False)
    return [npm]


def _run(cmd: list[str], what: str) -> str:
    done = subprocess.run(cmd, cwd=EXT, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=600, env={**os.environ, "npm_config_update_notifier": "false"})
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-5000:]}", pytrace=False)
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def packages() -> dict[str, Path]:
    """The .vsix of each platform and the universal one, built by one `npm run package`."""
    npm = _npm()
    installed = EXT / "node_modules" / ".package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < (EXT / "package-lock.json").stat().st_mtime:
        _run([*npm, "ci", "--no-audit", "--no-fund"], "npm ci")
    version = json.loads((EXT / "package.json").read_text(encoding="utf-8"))["version"]
    built = {target: EXT / f"wf-lsp-{target}-{version}.vsix" for target in PLATFORMS}
    built["universal"] = EXT / f"wf-lsp-{version}.vsix"
    for path in built.values():
        path.unlink(missing_ok=True)
    targets = [arg for target in built for arg in ("--target", target)]
    _run([*npm, "run", "package", "--", *targets], "npm run package")
    for path in built.values():
        assert path.is_file(), f"npm run package did not write {path.name}"
    return built


def _binary_kind(data: bytes) -> tuple[str, str] | None:
    """(format, machine) from an executable's header; None when `data` is no binary."""
    if data[:4] == b"\x7fELF":
        machine = struct.unpack_from("<H", data, 18)[0]
        return "ELF", {0x3E: "x86-64", 0xB7: "arm64"}.get(machine, hex(machine))
    if data[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe"):
        cpu = struct.unpack_from("<I", data, 4)[0]
        return "Mach-O", {0x01000007: "x86-64", 0x0100000C: "arm64"}.get(cpu, hex(cpu))
    if data[:4] == b"\xca\xfe\xba\xbe":  # a universal (fat) Mach-O: big-endian arch list
        count = struct.unpack_from(">I", data, 4)[0]
        cpus = {struct.unpack_from(">I", data, 8 + 20 * i)[0] for i in range(count)}
        return "Mach-O", "+".join(sorted({0x01000007: "x86-64", 0x0100000C: "arm64"}.get(c, hex(c)) for c in cpus))
    if data[:2] == b"MZ" and len(data) > 0x40:
        offset = struct.unpack_from("<I", data, 0x3C)[0]
        if data[offset:offset + 4] == b"PE\0\0":
            machine = struct.unpack_from("<H", data, offset + 4)[0]
            return "PE", {0x8664: "x86-64", 0xAA64: "arm64", 0x14C: "x86"}.get(machine, hex(machine))
    return None


def _libs(vsix: Path) -> dict[str, bytes]:
    """bundled/libs of a .vsix: path below it → content."""
    with zipfile.ZipFile(vsix) as archive:
        return {name[len(LIBS):]: archive.read(name) for name in archive.namelist()
                if name.startswith(LIBS) and not name.endswith("/")}


def _target_platform(vsix: Path) -> str | None:
    with zipfile.ZipFile(vsix) as archive:
        manifest = archive.read("extension.vsixmanifest").decode("utf-8")
    match = re.search(r'<Identity [^>]*TargetPlatform="([^"]+)"', manifest)
    return match.group(1) if match else None


@pytest.mark.parametrize("target", list(PLATFORMS))
def test_platform_package_carries_the_c_parser_for_each_cpython(packages, target):
    libs = _libs(packages[target])
    assert _target_platform(packages[target]) == target
    modules = sorted(name for name in libs if name.startswith("_ruamel_yaml"))
    assert modules == sorted(C_PARSER[target].format(nodot=v.replace(".", "")) for v in PYTHONS)
    binaries = {name: _binary_kind(data) for name, data in libs.items() if _binary_kind(data)}
    # Every binary is the C parser, built for this platform: no other platform's, no other.
    assert sorted(binaries) == modules
    assert set(binaries.values()) == {PLATFORMS[target]}, binaries


@pytest.mark.parametrize("target", list(PLATFORMS))
def test_pure_libraries_once_and_the_same_in_every_package(packages, target):
    libs = _libs(packages[target])
    universal = _libs(packages["universal"])
    pure = {name: data for name, data in libs.items()
            if not name.startswith(("_ruamel_yaml", "ruamel_yaml_clib-"))
            and not (target != "win32-x64" and name.startswith(WINDOWS_ONLY))}
    # The universal package is exactly the pure part (plus Windows' colorama).
    assert pure == {name: data for name, data in universal.items()
                    if target == "win32-x64" or not name.startswith(WINDOWS_ONLY)}
    # One copy of each distribution, no compiled caches, no console scripts (`-m wf_lsp` runs it).
    projects = [name.split("/")[0].removesuffix(".dist-info").rsplit("-", 1)[0].lower() for name in libs
                if name.split("/")[0].endswith(".dist-info") and name.endswith("/METADATA")]
    assert len(projects) == len(set(projects)), projects
    assert {"wf_lsp", "pygls", "lsprotocol", "ruamel_yaml", "ruamel_yaml_clib", "tomli",
            "exceptiongroup"} <= set(projects), projects  # tomli, exceptiongroup: for Python 3.10
    assert ("colorama" in projects) == (target == "win32-x64")
    assert not [name for name in libs if "__pycache__" in name or name.startswith("bin/")]
    assert f"wf_lsp-{__version__}.dist-info/METADATA" in libs
    assert "wf_lsp/__main__.py" in libs


def test_universal_package_has_no_binaries_and_no_target(packages):
    universal = _libs(packages["universal"])
    assert _target_platform(packages["universal"]) is None
    assert [name for name, data in universal.items() if _binary_kind(data)] == []
    assert "wf_lsp/__main__.py" in universal


def _pythons_here() -> dict[str, str]:
    """The CPython 3.10-3.14 interpreters on this machine (on PATH or installed by pyenv):
    version → command."""
    found = {f"{sys.version_info[0]}.{sys.version_info[1]}": sys.executable}
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    candidates = [shutil.which(f"python{version}") for version in PYTHONS]
    candidates += [str(path) for path in sorted(pyenv.glob("3.*/bin/python3"))]
    for command in filter(None, candidates):
        done = subprocess.run([command, "-c", "import sys; print(sys.implementation.name, *sys.version_info[:2])"],
                              capture_output=True, text=True, check=False)
        name, *version = done.stdout.split() or [""]
        version = ".".join(version)
        # (A pyenv shim of a version that is not selected fails: that one is found by its path.)
        if done.returncode == 0 and name == "cpython" and version in PYTHONS:
            found.setdefault(version, command)
    return found


def test_linux_bundle_runs_the_c_parser_on_every_cpython_here(packages, tmp_path):
    """As the extension starts it: `python -m wf_lsp` with PYTHONPATH on the bundle, from its folder."""
    with zipfile.ZipFile(packages["linux-x64"]) as archive:
        archive.extractall(tmp_path)
    libs = tmp_path / LIBS
    workflow = tmp_path / "flow.yaml"
    workflow.write_text('id: x\njobs:\n  a:\n    timeout: "30m1h"\n    steps: []\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(libs)}
    pythons = _pythons_here()
    for version, python in pythons.items():
        done = subprocess.run([python, "-m", "wf_lsp", "--version"], cwd=libs, env=env,
                              capture_output=True, text=True, check=False)
        assert done.stdout == f"wf-lsp {__version__} (C parser)\n", (version, done.stdout, done.stderr)
        done = subprocess.run([python, "-m", "wf_lsp", "lint", "--format", "concise", str(workflow)],
                              cwd=libs, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 1 and "WF103" in done.stdout, (version, done.stdout, done.stderr)
    print(f"linux-x64 bundle ran with the C parser on CPython {', '.join(sorted(pythons))}")
