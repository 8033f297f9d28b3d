"""Configuration: `[tool.wf-lsp]` in pyproject.toml, or `wf-lsp.toml` / `.wf-lsp.toml`.

The nearest file upward from the linted file wins (as ruff does); command-line options
and editor settings are applied on top with `Config.merged`. Every key is checked, and
a bad one is a `ConfigError` naming the file and the key, never a traceback.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from wf_lsp.findings import Severity

CONFIG_FILES = ("wf-lsp.toml", ".wf-lsp.toml", "pyproject.toml")
REQUIRE_TIMEOUT = ("none", "jobs", "steps", "all")
KEYS = (
    "select", "extend-select", "ignore", "severity", "require-timeout",
    "max-job-timeout", "max-step-timeout", "include", "exclude",
)


class ConfigError(Exception):
    """A configuration problem, said so that a user can fix it without reading code."""

    def __init__(self, message: str, path: str | None = None, key: str | None = None):
        where = path or "configuration"
        if key:
            where += f": {key}"
        super().__init__(f"{where}: {message}")
        self.path, self.key = path, key


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] | None = None  # None: the rules that are on by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    require_timeout: str = "jobs"
    max_job_timeout: int | None = None  # nanoseconds
    max_step_timeout: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    root: str | None = None  # the folder globs are relative to
    path: str | None = None  # the file this came from

    def is_enabled(self, code: str, default_on: bool = True) -> bool:
        """Prefix matching as in ruff: `WF1` selects WF101...WF111; ignore wins."""
        if _matches(code, self.ignore):
            return False
        if _matches(code, self.extend_select):
            return True
        if self.select is None:
            return default_on
        return _matches(code, self.select)

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The configured severity; the longest matching prefix wins (`WF2`, then `WF203`)."""
        matches = [key for key in self.severity if key == "ALL" or code.startswith(key)]
        if not matches:
            return default
        return self.severity[max(matches, key=lambda key: 0 if key == "ALL" else len(key))]

    def merged(self, **overrides) -> Config:
        """This config with the given fields replaced, None meaning "keep"."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def classify(self, path: str | None) -> str | None:
        """`"exclude"`, `"include"` (forced to be a workflow) or None for `path`."""
        if path is None or not (self.include or self.exclude):
            return None
        rel = _relative(path, self.root)
        if _glob_match(rel, self.exclude):
            return "exclude"
        if _glob_match(rel, self.include):
            return "include"
        return None


def _matches(code: str, selectors: tuple[str, ...]) -> bool:
    return any(sel == "ALL" or code.startswith(sel) for sel in selectors)


def _relative(path: str, root: str | None) -> str:
    absolute = os.path.abspath(path)
    if root:
        try:
            return Path(absolute).relative_to(root).as_posix()
        except ValueError:
            pass
    return Path(absolute).as_posix()


def _glob_match(rel: str, patterns: tuple[str, ...]) -> bool:
    """gitignore-like: a pattern without `/` matches a name at any depth."""
    name = rel.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.removeprefix("./")
        if "/" not in pattern.rstrip("/"):
            if fnmatch.fnmatchcase(name, pattern) or _under(rel, pattern):
                return True
        elif fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(
            rel, pattern.removeprefix("**/")
        ) or _under(rel, pattern):
            return True
    return False


def _under(rel: str, pattern: str) -> bool:
    """`vendor` or `vendor/` also matches everything below a folder named so."""
    folder = pattern.rstrip("/")
    parts = rel.split("/")[:-1]
    if "/" in folder:
        return any(fnmatch.fnmatchcase("/".join(parts[: i + 1]), folder) for i in range(len(parts)))
    return any(fnmatch.fnmatchcase(part, folder) for part in parts)


def load_toml(path: Path) -> dict:
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


def from_mapping(table: dict, path: str | None = None, root: str | None = None,
                 base: Config | None = None) -> Config:
    """Check and convert a config table (TOML or editor settings with the same keys)."""
    from wf_lsp.durations import check_text

    if not isinstance(table, dict):
        raise ConfigError("expected a table of settings", path)
    values: dict = {}
    for key, value in table.items():
        if key not in KEYS:
            close = _close(key, KEYS)
            hint = f" (did you mean `{close}`?)" if close else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(f"unknown key{hint}", path, key)
        if key in ("select", "extend-select", "ignore", "include", "exclude"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise ConfigError("expected a list of strings", path, key)
            if key in ("select", "extend-select", "ignore"):
                _check_selectors(value, path, key)
            values[key.replace("-", "_")] = tuple(v.strip() for v in value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError('expected a table like { WF203 = "warning" }', path, key)
            levels: dict[str, Severity] = {}
            for code, level in value.items():
                _check_selectors([code], path, f"severity.{code}")
                if level == "off":
                    values.setdefault("ignore", ())
                    values["ignore"] = values["ignore"] + (code,)
                    continue
                try:
                    levels[code] = Severity.parse(str(level))
                except ValueError as exc:
                    raise ConfigError(str(exc), path, f"severity.{code}") from None
            values["severity"] = levels
        elif key == "require-timeout":
            if value not in REQUIRE_TIMEOUT:
                raise ConfigError(f"expected one of {', '.join(REQUIRE_TIMEOUT)}", path, key)
            values["require_timeout"] = value
        else:  # max-job-timeout, max-step-timeout
            if value in ("", None):
                values[key.replace("-", "_")] = None
                continue
            check = check_text(str(value)) if isinstance(value, str) else None
            if check is None or not check.valid:
                raise ConfigError(
                    f"expected a positive duration like \"6h\" or \"1h30m\", got {value!r}",
                    path, key,
                )
            values[key.replace("-", "_")] = check.nanoseconds
    base = base or Config()
    if "ignore" in values and base.ignore:
        values["ignore"] = base.ignore + values["ignore"]
    return replace(base, **values, root=root or base.root, path=path or base.path)


def _check_selectors(values: list[str], path: str | None, key: str) -> None:
    from wf_lsp.rules import RULES

    for value in values:
        value = value.strip()
        if value == "ALL":
            continue
        if not any(code.startswith(value) for code in RULES) or not value.startswith("WF"):
            raise ConfigError(f"{value!r} matches no rule code (see `wf-lsp rules`)", path, key)


def _close(word: str, options) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return found[0] if found else None


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
