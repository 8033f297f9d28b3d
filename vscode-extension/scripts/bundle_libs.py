#!/usr/bin/env python3
"""Make the extension's bundled/libs, wf-lsp and its dependencies, for each VS Code target asked.

`npm run package` runs this with the Python that packages ($WF_LSP_BUNDLE_PYTHON, else the
repository's .venv, else python3). The bundle is then run by whichever Python the user has, 3.10
or newer, on the target platform, so nothing in it may come from the packaging machine:

- pip resolves the dependencies for CPython 3.10 (the oldest supported), and they are kept by
  their environment markers evaluated for every CPython 3.10-3.14 on the target: pip evaluates
  markers for the Python that runs it, so packaging with 3.11 would leave out tomli and
  exceptiongroup, which 3.10 needs, or colorama, which Windows needs;
- every library is installed once, from its pure-Python wheel;
- ruamel.yaml.clib, the C parser, is compiled per platform and CPython version. A platform build
  (`--target linux-x64`, ...) holds its extension module for each CPython 3.10-3.14 that the
  package index has for the platform, side by side: each file name carries its ABI tag
  (`_ruamel_yaml.cpython-312-darwin.so`, `_ruamel_yaml.cp312-win_amd64.pyd`), so each
  interpreter imports its own. The universal build (`--target universal`, the default)
  leaves it out; wf-lsp then runs its pure-Python parser and says so.

Usage: python bundle_libs.py REPOSITORY OUT_DIR [--target TARGET ...]   (-> OUT_DIR/<target>)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
ROOT_PROJECT = "wf-lsp"
# Compiled dependencies that wf-lsp can do without (wf_lsp/parse.py falls back to the
# pure-Python parser): only platform builds carry them, one module per CPython version.
ACCELERATORS = ("ruamel-yaml-clib",)
EXTENSION_MODULE_SUFFIXES = (".so", ".pyd")


class BundleError(RuntimeError):
    """Said in one line by main(); the bundle is not usable."""


@dataclass(frozen=True)
class Target:
    """A VS Code platform: the wheel platform tags that run there, and its marker values."""

    platforms: tuple[str, ...]
    sys_platform: str
    machine: str

    def markers(self, python: str) -> dict[str, str]:
        """PEP 508 environment markers of CPython `python` (e.g. "3.12") on this platform."""
        return {
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "python_version": python,
            "python_full_version": f"{python}.0",
            "implementation_version": f"{python}.0",
            "sys_platform": self.sys_platform,
            "platform_system": {"linux": "Linux", "darwin": "Darwin", "win32": "Windows"}[self.sys_platform],
            "os_name": "nt" if self.sys_platform == "win32" else "posix",
            "platform_machine": self.machine,
            "platform_release": "",
            "platform_version": "",
        }


def _manylinux(arch: str) -> tuple[str, ...]:
    return (f"manylinux_2_28_{arch}", f"manylinux_2_17_{arch}", f"manylinux2014_{arch}")


def _musllinux(arch: str) -> tuple[str, ...]:
    return (f"musllinux_1_2_{arch}", f"musllinux_1_1_{arch}")


# `vsce package --target` names. VS Code on Linux needs glibc 2.28 or newer; pip adds the
# older macOS versions and universal2 to a macosx tag by itself.
TARGETS = {
    "linux-x64": Target(_manylinux("x86_64"), "linux", "x86_64"),
    "linux-arm64": Target(_manylinux("aarch64"), "linux", "aarch64"),
    "alpine-x64": Target(_musllinux("x86_64"), "linux", "x86_64"),
    "alpine-arm64": Target(_musllinux("aarch64"), "linux", "aarch64"),
    "darwin-x64": Target(("macosx_11_0_x86_64",), "darwin", "x86_64"),
    "darwin-arm64": Target(("macosx_11_0_arm64",), "darwin", "arm64"),
    "win32-x64": Target(("win_amd64",), "win32", "AMD64"),
    "win32-arm64": Target(("win_arm64",), "win32", "ARM64"),
}
# Where every dependency has wheels: versions are resolved once, for this platform (pure
# libraries are the same everywhere; a compiled one is then looked up for each target).
REFERENCE_TARGET = "linux-x64"
UNIVERSAL = "universal"


def _pip(*args: str, capture: bool = False) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pip", *args, "--disable-pip-version-check"]
    return subprocess.run(cmd, capture_output=capture, text=True, check=False)


def _platform_args(target: Target) -> list[str]:
    return [arg for tag in target.platforms for arg in ("--platform", tag)]


def _build_wheel(repo: Path, into: Path) -> Path:
    """wf-lsp's own wheel, built once (pip would build it again for every command)."""
    done = _pip("wheel", "--no-deps", "--quiet", "--wheel-dir", str(into), str(repo))
    wheels = sorted(into.glob("wf_lsp-*.whl"))
    if done.returncode != 0 or len(wheels) != 1:
        raise BundleError(f"pip wheel {repo} failed (see above)")
    return wheels[0]


def _resolve(wheel: Path, extra: list[str]) -> dict[str, dict]:
    """pip's resolution of wf-lsp (plus `extra` requirements) for CPython 3.10 on
    REFERENCE_TARGET: the report's items by canonical project name."""
    with tempfile.TemporaryDirectory() as scratch:
        done = _pip("install", "--dry-run", "--ignore-installed", "--quiet", "--report", "-",
                    "--target", scratch, "--only-binary=:all:", *_platform_args(TARGETS[REFERENCE_TARGET]),
                    "--python-version", PYTHONS[0], "--implementation", "cp", str(wheel), *extra,
                    capture=True)
    if done.returncode != 0:
        raise BundleError(f"pip could not resolve wf-lsp's dependencies:\n{done.stderr.strip()}")
    return {_canonical(item["metadata"]["name"]): item for item in json.loads(done.stdout)["install"]}


def _needed(items: dict[str, dict], environments: list[dict[str, str]]) -> tuple[set[str], set[str]]:
    """The projects wf-lsp needs in any of `environments`, and requirements pip left out
    (their markers did not hold for the Python running pip)."""
    from packaging.requirements import Requirement

    needed, missing = set(), set()
    todo: list[tuple[str, frozenset[str]]] = [(ROOT_PROJECT, frozenset())]
    while todo:
        name, extras = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        for text in items[name]["metadata"].get("requires_dist", []):
            requirement = Requirement(text)
            marker = requirement.marker
            if marker and not any(marker.evaluate({**env, "extra": extra})
                                  for env in environments for extra in (extras or {""})):
                continue
            dependency = _canonical(requirement.name)
            if dependency in items:
                todo.append((dependency, frozenset(requirement.extras)))
            else:
                missing.add(f"{requirement.name}{requirement.specifier}")
    return needed, missing


def _canonical(name: str) -> str:
    from packaging.utils import canonicalize_name

    return canonicalize_name(name)


def _pin(item: dict) -> str:
    return f"{item['metadata']['name']}=={item['metadata']['version']}"


def _install_pure(wheel: Path, out: Path, pins: list[str]) -> None:
    """wf-lsp and the libraries, each from its pure-Python wheel (py3-none-any)."""
    done = _pip("install", "--target", str(out), "--no-deps", "--no-compile", "--quiet",
                "--no-warn-script-location", "--only-binary=:all:", "--platform", "any",
                "--implementation", "py", "--python-version", PYTHONS[0], "--abi", "none",
                str(wheel), *pins)
    if done.returncode != 0:
        raise BundleError("pip could not install the pure-Python libraries (see above); a "
                          "dependency without a py3-none-any wheel must be added to ACCELERATORS")
    # Console scripts name the packaging machine's Python; the extension runs `-m wf_lsp`.
    shutil.rmtree(out / "bin", ignore_errors=True)


def _install_compiled(out: Path, name: str, target: Target) -> list[str]:
    """The extension modules of `name` for every CPython the index has for `target`, side by
    side in `out` (its other files once); the versions found."""
    found = []
    for python in PYTHONS:
        with tempfile.TemporaryDirectory() as scratch:
            done = _pip("install", "--target", scratch, "--no-deps", "--no-compile", "--quiet",
                        "--only-binary=:all:", *_platform_args(target), "--python-version", python,
                        "--implementation", "cp", name, capture=True)
            if done.returncode != 0:
                if "No matching distribution found" in done.stderr and "Retrying" not in done.stderr:
                    continue  # no wheel for this CPython on this platform
                raise BundleError(f"pip install {name} for CPython {python} failed:\n{done.stderr.strip()}")
            for path in Path(scratch).iterdir():
                dest = out / path.name
                if path.is_dir():
                    if not dest.exists():  # the dist-info (licence) of the first one
                        shutil.copytree(path, dest)
                elif path.suffix in EXTENSION_MODULE_SUFFIXES or not dest.exists():
                    shutil.copy2(path, dest)
            found.append(python)
    return found


def _environments(target_name: str) -> list[dict[str, str]]:
    """Marker values of every CPython 3.10-3.14 on the target (universal: on every target)."""
    targets = list(TARGETS.values()) if target_name == UNIVERSAL else [TARGETS[target_name]]
    return [target.markers(python) for target in targets for python in PYTHONS]


def bundle(repo: Path, out: Path, target_names: list[str]) -> None:
    """Fill `out/<target>` (emptied first) for each target name (or UNIVERSAL)."""
    with tempfile.TemporaryDirectory() as scratch:
        wheel = _build_wheel(repo, Path(scratch))
        extra: list[str] = []
        everywhere = _environments(UNIVERSAL)
        for _ in range(3):  # each round adds what the markers, evaluated for this Python, hid
            items = _resolve(wheel, extra)
            _, missing = _needed(items, everywhere)
            if not missing:
                break
            extra += sorted(missing)
        else:
            raise BundleError(f"pip keeps leaving out {', '.join(sorted(missing))}")
        for target_name in target_names:
            libs = out / target_name
            shutil.rmtree(libs, ignore_errors=True)
            libs.mkdir(parents=True)
            needed, _ = _needed(items, _environments(target_name))
            pure = sorted(_pin(items[name]) for name in needed
                          if name != ROOT_PROJECT and name not in ACCELERATORS)
            _install_pure(wheel, libs, pure)
            print(f"{target_name}: {', '.join(pure)}")
            for name in sorted(needed & set(ACCELERATORS)):
                pin = _pin(items[name])
                if target_name == UNIVERSAL:
                    print(f"{target_name}: no {pin} (wf-lsp runs its pure-Python parser)")
                    continue
                target = TARGETS[target_name]
                found = _install_compiled(libs, pin, target)
                if not found:
                    raise BundleError(
                        f"the package index has no {pin} wheel for {target_name} "
                        f"({', '.join(target.platforms)}) for any CPython {PYTHONS[0]}-{PYTHONS[-1]}; "
                        "users there get the universal build")
                print(f"{target_name}: {pin} for CPython {', '.join(found)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repository", type=Path)
    parser.add_argument("out", type=Path, help="each bundle goes to OUT/<target> (OUT/universal)")
    parser.add_argument("--target", action="append", choices=[*TARGETS, UNIVERSAL],
                        help="a VS Code platform, or universal (repeatable); default: universal")
    args = parser.parse_args(argv)
    try:
        import packaging  # noqa: F401  (pip's own copy is not public)
    except ImportError:
        print(f"bundle_libs: needs the `packaging` library: {sys.executable} -m pip install packaging",
              file=sys.stderr)
        return 1
    try:
        bundle(args.repository.resolve(), args.out.resolve(), args.target or [UNIVERSAL])
    except BundleError as exc:
        print(f"bundle_libs: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
