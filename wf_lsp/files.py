"""Files on disk: finding workflow files, reading them, writing them back, and the config
file that applies to each.

Everything that touches the file system for a lint is here, so that the command line,
the language server (workspace lint, config files) and `wf_lsp.lint_paths` share one
behaviour: the same folders skipped, the same encodings refused with the same messages,
the same nearest-config-wins search (as ruff does), the same atomic write.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from wf_lsp.config import Config, ConfigError
from wf_lsp.settings import from_mapping

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
             ".mypy_cache", ".pytest_cache", ".ruff_cache"}
CONFIG_FILES = ("wf-lsp.toml", ".wf-lsp.toml", "pyproject.toml")


class FileError(OSError):
    """A file that cannot be read as workflow text, said so that a user can act on it.

    An `OSError`, as any other failure to read a file: a caller that catches those gets
    this one too, with a message fit to show.
    """


# -- workflow files --------------------------------------------------------------------------

def find_workflow_files(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """YAML files under the given paths (files given by name always count), and the paths
    that do not exist."""
    files: list[str] = []
    missing: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                files.extend(os.path.join(folder, n) for n in sorted(names)
                             if n.endswith(YAML_SUFFIXES))
        elif os.path.exists(path):
            files.append(path)
        else:
            missing.append(path)
    seen: set[str] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return [os.path.normpath(f) for f in unique], missing


def read_text(path: str) -> str:
    """The file as text (a UTF-8 BOM is kept: the linter sees and restores it); a file that
    cannot be read, or is not UTF-8, raises `FileError` saying why."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise FileError(f"cannot read: {exc.strerror or exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError("UTF-16 text: save the file as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}): save the file as UTF-8"
        ) from None


def write_atomically(path: str, text: str) -> None:
    """Write via a temporary file and rename, so a failure never leaves half a file; the
    file keeps its permissions, and a new one gets what `open` would give it."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".wf-lsp-", suffix=".tmp")
    try:
        # newline="" keeps the file's own line endings (CRLF stays CRLF).
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask


# -- config files ----------------------------------------------------------------------------

def load_toml(path: str | os.PathLike) -> dict:
    """A TOML file as a table; a `ConfigError` naming the file when it cannot be."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None


def load_config_file(path: str) -> Config:
    """One config file, named by the user: its `[tool.wf-lsp]` table if it is a
    pyproject.toml, else the whole file."""
    data = load_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("wf-lsp", {})
    return from_mapping(data, path, os.path.dirname(os.path.abspath(path)))


def load_config(path: str | os.PathLike) -> Config:
    """The config for `path`: a `.toml` file is read as a config file; a workflow file or a
    folder gets the nearest config upward, or the defaults (as `wf-lsp lint` does)."""
    if os.fspath(path).endswith(".toml"):
        return load_config_file(os.fspath(path))
    return find_config(path)


@lru_cache(maxsize=256)
def _config_in(folder: str) -> Config | None:
    for name in CONFIG_FILES:
        candidate = Path(folder, name)
        if not candidate.is_file():
            continue
        if name == "pyproject.toml" and not _mentions_us(candidate):
            continue  # another tool's file: not worth a TOML parser (4 ms of a start)
        data = load_toml(candidate)
        if name == "pyproject.toml":
            data = data.get("tool", {}).get("wf-lsp")
            if data is None:
                continue
        return from_mapping(data, str(candidate), folder)
    return None


# `[tool.wf-lsp]`, `[tool."wf-lsp"]`, `tool.wf-lsp.select = ...`: how TOML can name our
# table under `tool` (or a `[tool]` table with a `wf-lsp` key, checked apart).
_OUR_TABLE = re.compile(rb"""\btool\s*\.\s*["']?wf-lsp\b""")


def _mentions_us(pyproject: Path) -> bool:
    """Whether a pyproject.toml may hold wf-lsp's settings. A project that only depends
    on wf-lsp (`"wf-lsp>=0.1"`) or names its script has none."""
    try:
        data = pyproject.read_bytes()
    except OSError:
        return True  # load_toml says what is wrong
    return bool(_OUR_TABLE.search(data)) or (b"[tool]" in data and b"wf-lsp" in data)


def find_config(start: str | os.PathLike | None) -> Config:
    """The nearest config upward from `start` (a file or folder), or the defaults."""
    folder = Path(os.path.abspath(start or "."))
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        found = _config_in(str(candidate))
        if found is not None:
            return found
    return Config(root=str(folder))


def clear_cache() -> None:
    """Forget loaded files (the server calls this when a config file changes)."""
    _config_in.cache_clear()
