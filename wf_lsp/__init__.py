"""wf-lsp: linter and language server for H2O Orchestrator workflow files.

The front door for Python::

    import wf_lsp

    report = wf_lsp.lint(text, path="flows/train.yaml")
    for finding in report.findings:
        print(finding.span.start.line + 1, finding.code, finding.message)

- `lint(text, *, path=None, config=None) -> Report`: one text's findings.
- `lint_paths(paths, *, config=None) -> list[Report]`: files and folders, as `wf-lsp lint`
  reads them (each file with the config that applies to it, unless `config` is given;
  calls between workflows checked against the files' projects, as `wf-lsp lint` does).
- `fix(text, *, path=None, unsafe=False, config=None) -> FixResult`: the text with its
  safe fixes applied until nothing changes (`unsafe`: the first offered fix too).
- `load_config(path) -> Config`: a config file, or the one that applies to a path.
- `explain_duration(text) -> DurationCheck`: a duration value as the linter reads it.

What they return is plain data (frozen dataclasses, no parse tree): a `Report` or a
`FixResult` holds `Finding`s, each with its `Span` (two `Position`s: 0-based lines,
columns in Unicode code points), `Severity`, `Fix`es made of `Edit`s, and `Related`
places; a `DurationCheck` explains a value. Configuration is a `Config`; a bad config
file raises `ConfigError` from `load_config` (`lint_paths` reports it on the file).

`import wf_lsp` is cheap: the linter loads when first used. Nothing here touches the
garbage collector; `wf-lsp lint` pauses it for speed, and a caller may do the same
around a batch with `wf_lsp.gc_policy.paused()`.

Behind the door, the modules the command line, the language server and the benchmarks
use as well: `wf_lsp.linter` (`analyze` → an `Analysis` that keeps the parse tree and
model, for editor features; `fix_all`), `wf_lsp.files` (finding, reading and writing
files; config files; the workspace of a lint), `wf_lsp.workspace` (every workflow of a
workspace by id, what calls between files are checked against), `wf_lsp.config` and
`wf_lsp.settings` (a `Config`, and checking a table of settings), `wf_lsp.parse`,
`wf_lsp.model` and `wf_lsp.rules` (the stages of a lint, and the rule registry),
`wf_lsp.durations`, `wf_lsp.editor` (the editor features without the protocol, over a
`Snapshot` of an `Analysis`), `wf_lsp.picture` (the job graph over its timeline, drawn), `wf_lsp.findings` (the plain data above, and `path_text`:
a file name as text any output can hold), `wf_lsp.difference` (what changed between two
texts: `--diff`, the editor's minimal edits), `wf_lsp.gc_policy`, `wf_lsp.records`
(`record`: the frozen dataclasses all this data is, made cheap to create), `wf_lsp.typos`
(the name a misspelt one meant: `wf-lsp lnt` is `lint`).
docs/architecture.md draws the layers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)

from wf_lsp.findings import Edit, Finding, Fix, Position, Related, Severity, Span

if TYPE_CHECKING:  # loaded on first use, by __getattr__ below
    from wf_lsp.config import Config, ConfigError
    from wf_lsp.durations import DurationCheck
    from wf_lsp.linter import FixResult, Report

__version__ = "0.1.0"


def version_text() -> str:
    """The version and the YAML parser in use, e.g. "0.1.0 (C parser)": --version, serverInfo."""
    from wf_lsp.parse import parser_name

    return f"{__version__} ({parser_name()} parser)"


__all__ = [
    "lint", "lint_paths", "fix", "load_config", "explain_duration",
    "Report", "FixResult", "Finding", "Fix", "Edit", "Related", "Span", "Position",
    "Severity", "Config", "ConfigError", "DurationCheck",
]


def lint(text: str, *, path: str | None = None, config: Config | None = None) -> Report:
    """Lint one workflow file's text; `path` only matches the config's include/exclude."""
    from wf_lsp.linter import analyze

    return analyze(text, path=path, config=config).report


def lint_paths(paths: Iterable[str | os.PathLike], *,
               config: Config | None = None) -> list[Report]:
    """Lint the YAML files under `paths`, sorted by path; a file that cannot be read or
    configured, or a folder that cannot be listed, gets a `Report` with its `error`, never
    an exception (another tool's file not in UTF-8 is `skipped`, as any other tool's)."""
    from wf_lsp.config import ConfigError
    from wf_lsp.files import (FileError, discover, find_config, read_text, shown_path,
                              unread_report, workspaces_for)
    from wf_lsp.linter import Report, analyze

    found = discover((os.fspath(path) for path in paths),
                     config_of=None if config is None else lambda folder: config)
    reports = [Report(path, error="no such file or folder") for path in found.missing]
    reports += [Report(path, error=why) for path, why in found.unreadable]
    configs = {}
    for path in found.files:
        try:
            configs[path] = find_config(path) if config is None else config
        except ConfigError as exc:
            reports.append(Report(path, error=exc.named(shown_path)))
    roots, workspaces = workspaces_for(list(configs), list(configs.values()))
    for (path, file_config), root in zip(configs.items(), roots):
        try:
            text = read_text(path)
        except FileError as exc:  # or skipped: another tool's file, not in UTF-8
            reports.append(unread_report(path, exc, file_config))
            continue
        reports.append(analyze(text, path=path, config=file_config,
                               workspace=workspaces[root]).report)
    return sorted(reports, key=lambda report: report.path)


def fix(text: str, *, path: str | None = None, unsafe: bool = False,
        config: Config | None = None) -> FixResult:
    """Apply the fixes of `text` until nothing changes: the safe ones, and with `unsafe`
    the first offered of the others too. `FixResult.text` keeps a BOM the text had."""
    from wf_lsp.linter import analyze, fix_all

    return fix_all(analyze(text, path=path, config=config), unsafe=unsafe)


def load_config(path: str | os.PathLike) -> Config:
    """A config file (`*.toml`), or for a workflow file or folder the nearest config
    upward (the defaults if there is none); raises `ConfigError` on a bad one."""
    from wf_lsp import files

    return files.load_config(path)


def explain_duration(text: str) -> DurationCheck:
    """A duration value as the linter reads it: valid or not, its nanoseconds, canonical
    form, the code and message of what is wrong, and the suggested fixes."""
    from wf_lsp.rules.durations import check_text

    return check_text(text)


def __getattr__(name: str) -> object:
    """The types that live with the linter, loaded when first asked for; `gc_policy`
    too, so that `wf_lsp.gc_policy.paused()` works after a bare `import wf_lsp`."""
    if name == "gc_policy":  # (`from wf_lsp import` would ask this function again)
        import importlib

        return importlib.import_module("wf_lsp.gc_policy")
    if name in ("Report", "FixResult"):
        from wf_lsp import linter as module
    elif name in ("Config", "ConfigError"):
        from wf_lsp import config as module
    elif name == "DurationCheck":
        from wf_lsp import durations as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value
