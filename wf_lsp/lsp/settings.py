"""The client's `wfLsp` settings: checked one key at a time, so one bad value is
reported (naming the key) and the others keep working.

`Settings` is what feature modules read from `server.settings` (`inlay_hints_enable`,
`code_lens_enable`, ...); the config-like keys (`select`, `ignore`, `severity`,
`requireTimeout`, `maxJobTimeout`, `maxStepTimeout`) are applied on top of the config
file of each document by `Settings.config_for`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from wf_lsp.config import Config, ConfigError, from_mapping

LOG_LEVELS = ("error", "warning", "info", "debug")
# Settings that are config keys, and their names in config files.
CONFIG_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "severity": "severity",
    "requireTimeout": "require-timeout",
    "maxJobTimeout": "max-job-timeout",
    "maxStepTimeout": "max-step-timeout",
}


@dataclass(frozen=True)
class Settings:
    config_table: dict = field(default_factory=dict)  # the valid config-like settings
    inlay_hints_enable: bool = True
    code_lens_enable: bool = True
    debounce_ms: int = 0
    log_level: str | None = None  # None: the server's --log-level
    lint_workspace_on_start: bool = False

    def config_for(self, base: Config) -> Config:
        """The file's config with these settings on top."""
        if not self.config_table:
            return base
        return from_mapping(dict(self.config_table), "wfLsp settings", base=base)


def parse(raw: object) -> tuple[Settings, list[str]]:
    """Settings from the client's `wfLsp` section, and one message per bad key."""
    if raw is None:
        return Settings(), []
    if not isinstance(raw, dict):
        return Settings(), [f"wfLsp: expected an object of settings, got {type(raw).__name__}"]
    settings, errors = Settings(), []
    table: dict = {}
    for key, config_key in CONFIG_KEYS.items():
        value = raw.get(key)
        if value is None or value == "" or value == [] or value == {}:
            continue
        try:
            from_mapping({config_key: value}, "wfLsp settings")
            table[config_key] = value
        except ConfigError as exc:
            errors.append(f"wfLsp.{key}: {str(exc).split(': ', 2)[-1]}")
    settings = replace(settings, config_table=table)

    def nested(name: str) -> tuple[str, object]:
        """The key as the client wrote it, and its value."""
        value = raw.get(name)
        if value is None and "." in name:  # {"inlayHints": {"enable": false}}
            head, tail = name.split(".", 1)
            parent = raw.get(head)
            if not isinstance(parent, dict):  # {"inlayHints": false} says it too
                return head, parent
            value = parent.get(tail)
        return name, value

    for name, attr in (("inlayHints.enable", "inlay_hints_enable"),
                       ("codeLens.enable", "code_lens_enable"),
                       ("lintWorkspaceOnStart", "lint_workspace_on_start")):
        name, value = nested(name)
        if value is None:
            continue
        if isinstance(value, bool):
            settings = replace(settings, **{attr: value})
        else:
            errors.append(f"wfLsp.{name}: expected true or false, got {value!r}")
    debounce = raw.get("debounceMs")
    if debounce is not None:
        if isinstance(debounce, int) and not isinstance(debounce, bool) and 0 <= debounce <= 10_000:
            settings = replace(settings, debounce_ms=debounce)
        else:
            errors.append(f"wfLsp.debounceMs: expected a whole number of milliseconds "
                          f"from 0 to 10000, got {debounce!r}")
    level = raw.get("logLevel")
    if level is not None:
        if level in LOG_LEVELS:
            settings = replace(settings, log_level=level)
        else:
            errors.append(f"wfLsp.logLevel: expected one of {', '.join(LOG_LEVELS)}, got {level!r}")
    return settings, errors
