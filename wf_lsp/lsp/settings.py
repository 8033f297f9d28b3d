"""The client's `wfLsp` settings: how they are read, and checked one key at a time, so
one bad value is reported (naming the key) and the others keep working.

`Settings` is what feature modules read from `server.settings` (`inlay_hints_enable`,
`code_lens_enable`, ...); the config-like keys (`select`, `extendSelect`, `ignore`, `severity`,
`requireTimeout`, `maxJobTimeout`, `maxStepTimeout`) are applied on top of the config
file of each document by `Settings.config_for`.
"""

from __future__ import annotations

import asyncio
import logging
import os

from lsprotocol import types

from wf_lsp.config import Config, ConfigError
from wf_lsp.files import find_config
from wf_lsp.lsp.workflows import file_of, folders, under
from wf_lsp.records import field, record, replace
from wf_lsp.settings import from_mapping

log = logging.getLogger("wf_lsp")

LOG_LEVELS = ("error", "warning", "info", "debug")
# A client that never answers workspace/configuration must not stop linting forever.
CONFIGURATION_TIMEOUT_S = 10
# Settings that are config keys, and their names in config files.
CONFIG_KEYS = {
    "select": "select",
    "extendSelect": "extend-select",
    "ignore": "ignore",
    "severity": "severity",
    "requireTimeout": "require-timeout",
    "maxJobTimeout": "max-job-timeout",
    "maxStepTimeout": "max-step-timeout",
}


# The other keys the server reads, and those of the VS Code extension's own (which it keeps
# from the server, but another client may pass on as they are): an unknown key is said.
SERVER_KEYS = ("inlayHints", "codeLens", "inlayHints.enable", "codeLens.enable",
               "lintWorkspaceOnStart", "incremental", "debounceMs", "logLevel")
CLIENT_KEYS = ("importStrategy", "interpreter", "path", "trace", "trace.server")


@record
class Settings:
    config_table: dict = field(default_factory=dict)  # the valid config-like settings
    inlay_hints_enable: bool = True
    code_lens_enable: bool = True
    debounce_ms: int = 0
    log_level: str | None = None  # None: the server's --log-level
    lint_workspace_on_start: bool = False
    incremental: bool = True  # reuse the parse of what an edit did not touch

    def config_for(self, base: Config) -> Config:
        """The file's config with these settings on top."""
        if not self.config_table:
            return base
        return from_mapping(dict(self.config_table), "wfLsp settings", base=base)


def parse(raw: object, checked: tuple[str, ...] | None = None) -> tuple[Settings, list[str]]:
    """Settings from the client's `wfLsp` section, and one message per bad key; and per
    unknown one, of those `checked` (all of them by default)."""
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
                       ("lintWorkspaceOnStart", "lint_workspace_on_start"),
                       ("incremental", "incremental")):
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
    for key in raw if checked is None else checked:
        if isinstance(key, str) and key not in CONFIG_KEYS and key not in SERVER_KEYS \
                and key not in CLIENT_KEYS:
            errors.append(f"wfLsp.{key}: {_unknown(key)}")
    level = raw.get("logLevel")
    if level is not None:
        if level in LOG_LEVELS:
            settings = replace(settings, log_level=level)
        else:
            errors.append(f"wfLsp.logLevel: expected one of {', '.join(LOG_LEVELS)}, got {level!r}")
    return settings, errors


def _unknown(key: str) -> str:
    """What to say of a setting the server does not know: `wfLsp.requireTimout`,
    `wfLsp.require-timeout` (the config file's name) were taken in silence, to no effect."""
    from wf_lsp.typos import close_match

    if key.startswith("wfLsp.") and len(key) > 6:  # VS Code's name, inside the section
        return f"unknown setting (inside the `wfLsp` section, write `{key[6:]}`)"
    camel = {name: setting for setting, name in CONFIG_KEYS.items()}.get(key)
    if camel is not None:
        return f"unknown setting (did you mean `{camel}`? `{key}` is the config file's name)"
    close = close_match(key, [*CONFIG_KEYS, *SERVER_KEYS[2:]])
    return "unknown setting" + (f" (did you mean `{close}`?)" if close else "")


async def load(server, pushed: object = None) -> None:
    """Read the `wfLsp` settings: pulled with workspace/configuration when the client
    can, else from a didChangeConfiguration push; initializationOptions underneath."""
    raw: object = None
    found = False
    if server.client.configuration:
        try:
            # Shielded: a timeout must not cancel pygls's own future, or the client's
            # late answer would fail to resolve it (an error on the connection).
            values = await asyncio.wait_for(asyncio.shield(
                server.workspace_configuration_async(types.ConfigurationParams(
                    items=[types.ConfigurationItem(section="wfLsp")]))),
                CONFIGURATION_TIMEOUT_S)
            # A reply that is not a list (`null`, which some clients send though the
            # protocol does not allow it) is no settings: the defaults. (A list that fits
            # the protocol comes structured as a tuple, one taken as it is as a list.)
            raw = values[0] if isinstance(values, (list, tuple)) and values else None
            found = True
        except Exception as exc:  # a client that errors out: keep what we have
            log.warning("workspace/configuration failed: %r", exc)
    elif isinstance(pushed, dict) and "wfLsp" in pushed:
        raw, found = pushed["wfLsp"], True
    if not found:
        return
    checked = tuple(raw) if isinstance(raw, dict) else None
    if isinstance(raw, dict) or raw is None:
        raw = {**server.initial_settings, **(raw or {})}
    server.apply_settings(raw, checked)


def config_for(server, path: str | None) -> Config:
    """The config files' settings for `path`, with the client's settings on top."""
    try:
        base = find_config(file_of(server, path))
    except ConfigError as exc:
        # Said with what the lint does meanwhile: the findings went on, under settings the
        # message did not name (and a user took them for the file's).
        on_top = " and the wfLsp settings" if server.settings.config_table else ""
        server.messages.show_once(
            f"{exc.named(_named(server))}\n(until it is fixed, its files are linted with the "
            f"default settings{on_top})", types.MessageType.Error)
        base = Config()
    try:
        return server.settings.config_for(base)
    except ConfigError as exc:  # settings were checked key by key; combined, still bad
        server.messages.show_once(exc.named(_named(server)), types.MessageType.Error)
        return base


def _named(server):
    """How a message names a config file: from the workspace folder it is in, as the
    editor's explorer shows it (with the folder's name first when there are several, as
    the editor's multi-root labels do); in full when it is in none."""
    roots = folders(server)

    def name(path: str) -> str:
        holder = max((root for root in roots if under(path, [root])), key=len, default=None)
        if holder is None or not os.path.isabs(path):
            return path
        base = holder if len(roots) == 1 else os.path.dirname(holder)
        return os.path.relpath(path, base).replace(os.sep, "/")
    return name


async def ask_for_refresh(server) -> None:
    """Ask the client to re-pull what depends on the settings, where it supports that."""
    client = server.client
    requests = (
        # Pushed diagnostics are re-sent by the re-lint.
        (client.diagnostics_refresh and client.pull_diagnostics,
         server.workspace_diagnostic_refresh_async),
        (client.code_lens_refresh, server.workspace_code_lens_refresh_async),
        (client.inlay_hint_refresh, server.workspace_inlay_hint_refresh_async),
    )
    for supported, request in requests:
        if supported:
            try:
                await request(None)
            except Exception as exc:
                log.warning("%s failed: %r", request.__name__, exc)
