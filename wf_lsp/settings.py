"""A table of settings → a checked `Config`.

The same keys come from `wf-lsp.toml`, `[tool.wf-lsp]` in pyproject.toml, the command
line (`--select`, `--ignore`) and the editor's `wfLsp` settings. Every key is checked,
codes against the rule registry, and a bad one is a `ConfigError` naming where it came
from and the key, never a traceback. (This sits above the rules: `wf_lsp.config`, which
the rules read, stays below them.)
"""

from __future__ import annotations

from dataclasses import replace

from wf_lsp.config import Config, ConfigError
from wf_lsp.durations import read
from wf_lsp.findings import Severity
from wf_lsp.rules import RULES
from wf_lsp.typos import close_match

REQUIRE_TIMEOUT = ("none", "jobs", "steps", "all")
KEYS = (
    "select", "extend-select", "ignore", "severity", "require-timeout",
    "max-job-timeout", "max-step-timeout", "include", "exclude",
)


def from_mapping(table: dict, path: str | None = None, root: str | None = None,
                 base: Config | None = None) -> Config:
    """Check and convert a config table (TOML or editor settings with the same keys);
    `base` is the config it goes on top of (its `ignore` is extended, not replaced)."""
    if not isinstance(table, dict):
        raise ConfigError("expected a table of settings", path)
    values: dict = {}
    for key, value in table.items():
        if key not in KEYS:
            close = close_match(key, list(KEYS))
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
            duration = read(value) if isinstance(value, str) else None
            if duration is None or not duration.valid:
                raise ConfigError(
                    f"expected a positive duration like \"6h\" or \"1h30m\", got {value!r}",
                    path, key,
                )
            values[key.replace("-", "_")] = duration.nanoseconds
    base = base or Config()
    if "ignore" in values and base.ignore:
        values["ignore"] = base.ignore + values["ignore"]
    return replace(base, **values, root=root or base.root, path=path or base.path)


def _check_selectors(values: list[str], path: str | None, key: str) -> None:
    for value in values:
        value = value.strip()
        if value == "ALL":
            continue
        if not any(code.startswith(value) for code in RULES) or not value.startswith("WF"):
            raise ConfigError(f"{value!r} matches no rule code (see `wf-lsp rules`)", path, key)
