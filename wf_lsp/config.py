"""Configuration: the settings a lint runs with, as one frozen `Config`.

This module is what every layer reads (the rules read their options from it); it reads
no file and knows no rule. Where a config comes from is elsewhere: `wf_lsp.settings`
checks a table of settings (a config file's, the command line's, the editor's) and makes
the `Config`; `wf_lsp.files` finds and reads the config file that applies to a path.
"""

from __future__ import annotations

import os
from functools import lru_cache

from wf_lsp.findings import Severity, quoted_path
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import field, record, replace


class ConfigError(Exception):
    """A configuration problem, said so that a user can fix it without reading code; or
    several at once (`joined`), one a line."""

    def __init__(self, message: str, path: str | None = None, key: str | None = None,
                 line: int | None = None):
        super().__init__(_said(message, path, key, line))
        self.path, self.key, self.message, self.line = path, key, message, line
        self.each: tuple[ConfigError, ...] = (self,)

    @classmethod
    def joined(cls, errors: list[ConfigError]) -> ConfigError:
        """The problems of one table as one error, a line each (the first's path and key)."""
        if len(errors) == 1:
            return errors[0]
        error = cls("", errors[0].path, errors[0].key)
        error.args = ("\n".join(str(e) for e in errors),)
        error.each = tuple(e for each in errors for e in each.each)
        return error

    def named(self, name) -> str:
        """The error with each file named by `name(path)`: the command line names it as
        its findings name files (relative to the working folder), the editor from its
        workspace folder, where the absolute path it is read by was long and unlike them."""
        return "\n".join(_said(e.message, e.path and name(e.path), e.key, e.line)
                         for e in self.each)

    def at_lines(self, line_of) -> ConfigError:
        """This error with each problem's line (1-based) in its file, `line_of(key)`: or
        None where it cannot be told."""
        return ConfigError.joined([ConfigError(e.message, e.path, e.key, e.path and e.key and
                                               line_of(e.key)) for e in self.each])


def _said(message: str, path: str | None, key: str | None, line: int | None = None) -> str:
    # The file's name and the key as the user wrote them, quoted as git quotes a name
    # when they hold a control character: a key "a\nb" split its error in two lines.
    # `path:line:`, as a finding names its place, for an editor's jump to it.
    where = (quoted_path(path) + (f":{line}" if line else "")) if path else "configuration"
    if key:
        where += f": {quoted_path(key)}"
    return f"{where}: {message}"


@record
class Selection:
    """The rule selection of one layer of settings (a config file, then the command line or
    the editor's settings on top)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@record
class Config:
    # The top layer's selection; `below` holds the layers under it, the first first.
    select: tuple[str, ...] | None = None  # None: the rules that are on by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    below: tuple[Selection, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    require_timeout: str = "jobs"
    max_job_timeout: int | None = None  # nanoseconds
    max_step_timeout: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # (glob, selectors) pairs, in the file's order: the rules ignored in matching files.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Calls between workflows: whether every workflow a call may name is in the
    # workspace (else an unknown one may exist only on the server), and the id of the
    # local workspace, which resource names `/workspaces/<id>/workflows/...` refer to.
    workflows_complete: bool = False
    workspace_id: str | None = None
    root: str | None = None  # the folder globs are relative to
    path: str | None = None  # the file this came from

    def is_enabled(self, code: str, default_on: bool = True) -> bool:
        """Resolved as ruff does, layer by layer from the bottom: a layer that sets `select`
        starts again from it (what the layers below selected or ignored no longer counts),
        one that does not adjusts what they left with its `extend-select` and `ignore`.
        Within a layer the most specific selector wins (`WF103` over `WF1` over `ALL`),
        and `ignore` on a tie."""
        enabled = default_on
        for layer in (*self.below, self):
            verdict = _verdict(code, layer)
            if layer.select is not None:
                enabled = verdict is True
            elif verdict is not None:
                enabled = verdict
        return enabled

    def for_file(self, path: str | None) -> Config:
        """This config for the file `path`: what `per-file-ignores` names for it ignored
        after every layer, as ruff applies its per-file-ignores whatever is selected
        (`--select WF203` does not take back a per-file ignore of WF203)."""
        if not self.per_file_ignores or path is None:
            return self
        codes = tuple(code for pattern, selected in self.per_file_ignores
                      if per_file_match(path, pattern, self.root) for code in selected)
        if not codes:
            return self
        return replace(self, select=None, extend_select=(), ignore=codes, below=(
            *self.below, Selection(self.select, self.extend_select, self.ignore)))

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

    def excludes_folder(self, path: str) -> bool:
        """Whether `exclude` names the folder `path` itself: a walk passes over it, and
        never reads a config file in it. Not when it matches only for a folder above it
        (`vendor/` and vendor/sub), which a walk reaches only when the user named it (as
        ruff, a folder named is walked; its files answer to their own config)."""
        if not self.exclude:
            return False
        rel = _relative(path, self.root)
        parent = rel.rpartition("/")[0]
        return _glob_match(rel + "/", self.exclude) and not (
            parent and _glob_match(parent + "/", self.exclude))


def _verdict(code: str, layer: Config | Selection) -> bool | None:
    """Whether one layer's most specific selector matching `code` selects it (True),
    ignores it (False), or None when none matches."""
    best, verdict = -2, None
    for selectors, selects in ((layer.select or (), True), (layer.extend_select, True),
                               (layer.ignore, False)):
        for sel in selectors:
            if sel == "ALL" or code.startswith(sel):
                rank = -1 if sel == "ALL" else len(sel)
                if rank > best or (rank == best and not selects):
                    best, verdict = rank, selects
    return verdict


def _relative(path: str, root: str | None) -> str:
    absolute = os.path.abspath(path)
    if root:
        try:
            relative = os.path.relpath(absolute, root)
        except ValueError:  # another drive (Windows)
            relative = os.pardir
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            absolute = relative
    return absolute.replace(os.sep, "/")


def _glob_match(rel: str, patterns: tuple[str, ...]) -> bool:
    """As `.gitignore` reads its patterns, from the config's folder: a pattern without `/`
    matches a name at any depth (the file's, or a folder's above it), one with `/` the path
    from that folder, `**/` any folders or none, a final `/` folders only, `!` takes back."""
    return bool(patterns) and _spec(patterns).match_file(rel.lstrip("/"))


# A `\` that escapes nothing .gitignore gives a meaning to (`sub\a`), ends the pattern
# (`vendor\`), or stands after a name before `*` (`flows\*.yml`: a name's own `*` is `[*]`).
_WINDOWS_SEPARATOR = LazyPattern(r"\\(?![\\\[\]?*!# ])|\\$|[\w.)\]-]\\\*")


def pattern_problem(pattern: str) -> str | None:
    """Why `include`/`exclude`'s `pattern` can match no file, or None: pathspec refuses
    some (`!`, `[z-a]`: an internal error at the first lint) and keeps others that match
    nothing (an unclosed `[`, a `#` comment), which a config would name to no effect."""
    import re

    if (windows := _WINDOWS_SEPARATOR.search(pattern)) is not None:
        # `vendor\\`, `flows\\*.yml` in TOML: Windows' separator, which .gitignore reads as
        # an escape (`sub\a.yaml` is `suba.yaml`): the pattern silently matched nothing.
        return (f"{pattern!r} has `\\` between names, which .gitignore reads as an escape: "
                f"folders are separated by `/` on every system: write {pattern.replace(chr(92), '/')!r}"
                + (" (`[*]` for a `*` in a name)" if windows.group().endswith("*") else ""))
    try:
        (compiled,) = _spec((pattern,)).patterns or (None,)
    except Exception as exc:  # noqa: BLE001 - pathspec's own errors and re.error
        detail = re.sub(r" at position \d+$", "", str(exc))
        return f"{pattern!r} is not a pattern as .gitignore reads them ({detail})"
    if compiled is not None and compiled.regex is not None:
        return None
    if not pattern.strip():
        return "an empty pattern matches no file"
    if pattern.startswith("#"):
        return f"{pattern!r} is a comment as .gitignore reads it: write \\# for a name's #"
    if "[" in pattern and "]" not in pattern.split("[", 1)[1]:
        return f"{pattern!r} has a `[` with no `]`: write \\[ for a name's ["
    return f"{pattern!r} matches no file as .gitignore reads it"


def per_file_match(path: str, pattern: str, root: str | None) -> bool:
    """Whether `per-file-ignores`' `pattern` matches the file `path`, as ruff's does: a glob
    (globset's: `*` and `?` cross folders, `**`, `[...]`, `{a,b}`) of the path from the
    config's folder `root`, or of the file's name alone; a leading `!` matches the files
    the rest does not."""
    negated = pattern.startswith("!")
    pattern = pattern[negated:]
    absolute = os.path.abspath(path).replace(os.sep, "/")
    anchored = pattern.replace(os.sep, "/") if os.path.isabs(pattern) else (
        (root or os.path.abspath(os.curdir)).replace(os.sep, "/").rstrip("/") + "/"
        + pattern.removeprefix("./"))
    matched = bool(_glob(pattern).fullmatch(absolute.rpartition("/")[2])
                   or _glob(os.path.normpath(anchored).replace(os.sep, "/")).fullmatch(absolute))
    return matched != negated


def glob_problem(pattern: str) -> str | None:
    """Why `per-file-ignores`' `pattern` is no glob (a `[` or `{` left open), or None."""
    try:
        _glob(pattern.removeprefix("!"))
    except ValueError as exc:
        return f"{pattern!r} is not a glob: {exc}"
    return None if pattern.removeprefix("!").strip() else "an empty pattern matches no file"


@lru_cache(maxsize=256)
def _glob(pattern: str):
    """A glob as globset (ruff's) reads it, as a compiled regular expression; a
    ValueError for a `[` or `{` left open, or a `}` never opened."""
    import re

    out, i, braces = [], 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if char == "*" and pattern.startswith("**", i):
            start = i == 0 or pattern[i - 1] == "/"
            end = i + 2 == len(pattern) or pattern[i + 2] == "/"
            if start and end and i + 2 < len(pattern):  # `**/`: any folders, or none
                out.append("(?:.*/)?")
                i += 3
            else:  # `/**` at the end, or `**` in a name: anything
                out.append(".*")
                i += 2
            continue
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            start = i + 1 + (pattern[i + 1:i + 2] in ("!", "^"))
            close = pattern.find("]", start + (pattern[start:start + 1] == "]"))
            if close < 0:
                raise ValueError("a `[` with no `]`")
            body = pattern[start:close].replace("\\", "\\\\").replace("[", "\\[")
            out.append("[" + "^" * (start > i + 1) + body + "]")
            i = close + 1
            continue
        elif char == "{":
            braces += 1
            out.append("(?:")
        elif char == "}" and braces:
            braces -= 1
            out.append(")")
        elif char == "," and braces:
            out.append("|")
        elif char == "}":
            raise ValueError("a `}` with no `{`")
        else:
            out.append(re.escape(char))
        i += 1
    if braces:
        raise ValueError("a `{` with no `}`")
    try:
        return re.compile("".join(out), re.DOTALL)
    except re.error as exc:  # a range backwards, `[z-a]`
        raise ValueError(str(exc).partition(" at position")[0]) from None


@lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]):
    import pathspec  # only when a config names include or exclude patterns

    return pathspec.GitIgnoreSpec.from_lines(pattern.removeprefix("./") for pattern in patterns)
