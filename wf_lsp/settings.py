"""A table of settings → a checked `Config`.

The same keys come from `wf-lsp.toml`, `[tool.wf-lsp]` in pyproject.toml, the command
line (`--select`, `--ignore`) and the editor's `wfLsp` settings. Every key is checked,
codes against the rule registry, and a bad one is a `ConfigError` naming where it came
from and the key, never a traceback. (This sits above the rules: `wf_lsp.config`, which
the rules read, stays below them.)
"""

from __future__ import annotations

import json

from wf_lsp.config import Config, ConfigError, Selection, glob_problem, pattern_problem
from wf_lsp.findings import Severity, quoted_path
from wf_lsp.records import replace
from wf_lsp.rules import RULES, Rule
from wf_lsp.rules.durations import check_value
from wf_lsp.typos import close_match

REQUIRE_TIMEOUT = ("none", "jobs", "steps", "all")
# A TOML or JSON value of max-job-timeout as the YAML value a workflow would have.
_DURATION_KINDS = {str: "str", int: "int", float: "float", bool: "bool"}
KEYS = (
    "select", "extend-select", "ignore", "severity", "require-timeout",
    "max-job-timeout", "max-step-timeout", "include", "exclude", "workflows-complete",
    "workspace-id", "per-file-ignores",
)


def from_mapping(table: dict, path: str | None = None, root: str | None = None,
                 base: Config | None = None, layer: bool = True) -> Config:
    """Check and convert a config table (TOML or editor settings with the same keys);
    `base` is the config it goes on top of: a layer whose rule selection is resolved after
    base's, as ruff resolves the command line's after the configuration's; not a `layer`,
    the table's keys replace base's (`--config KEY=VALUE`, as ruff's).
    Every bad key is said at once, a line each, in one `ConfigError`."""
    if not isinstance(table, dict):
        raise ConfigError("expected a table of settings", path)
    values: dict = {}
    errors: list[ConfigError] = []
    for key, value in table.items():
        try:
            _check(key, value, values)
        except _Bad as bad:
            errors += [ConfigError(each.message, path, each.key or key) for each in bad.each]
    if errors:
        raise ConfigError.joined(errors)
    base = base or Config()
    if layer and values.get("severity") and base.severity:
        # On top of the file's table, not in its place: `wfLsp.severity` for WF110 took back
        # the project's WF203 = "error" in the editor alone. The layer's codes win for what
        # they cover (its WF2 over the file's WF203), as its selection does.
        top = values["severity"]
        values["severity"] = {**{code: level for code, level in base.severity.items()
                                 if not any(code.startswith(t) or t == "ALL" for t in top)},
                              **top}
    if layer and _SELECTION.intersection(values) and (
            base.select is not None or base.extend_select or base.ignore or base.below):
        # A layer on top of another (the command line's, the editor's): its selection is
        # resolved after the one below (`Config.is_enabled`), which its `select` replaces.
        below = () if "select" in values else (*base.below, Selection(
            base.select, base.extend_select, base.ignore))
        values = {"select": None, "extend_select": (), "ignore": (), **values, "below": below}
    return replace(base, **values, root=root or base.root, path=path or base.path)


_SELECTION = {"select", "extend_select", "ignore"}


class _Bad(Exception):
    """What is wrong with the setting being checked (`from_mapping` adds the file)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.message, self.key = message, key
        self.each: tuple[_Bad, ...] = (self,)  # all that is wrong with the setting

    @staticmethod
    def all_of(problems: list[_Bad]) -> _Bad:
        """One `_Bad` for several (a table's bad entries), each said in turn."""
        problems[0].each = tuple(e for problem in problems for e in problem.each)
        return problems[0]


def _check(key: str, value, values: dict) -> None:
    """Check one setting into `values`, or raise `_Bad`."""
    if key not in KEYS:
        raise _Bad(_unknown_key(key, value))
    if key in ("select", "extend-select", "ignore", "include", "exclude"):
        if isinstance(value, str):  # one rule list as the command line takes it (`WF1,WF2`);
            # a glob keeps its commas (`{a,b}.yaml`)
            value = [v for v in value.split(",") if v.strip()] if key in (
                "select", "extend-select", "ignore") else [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise _Bad("expected a list of strings")
        if key in ("select", "extend-select", "ignore"):
            value = _each(_selector, value)
        else:
            value = _each(_pattern, value)
        values[key.replace("-", "_")] = tuple(v.strip() for v in value)
    elif key == "per-file-ignores":
        if not isinstance(value, dict):
            raise _Bad('expected a table like { "legacy/*.yaml" = ["WF203"] }')
        values["per_file_ignores"] = tuple(_each(_per_file, value.items()))
    elif key == "severity":
        if not isinstance(value, dict):
            raise _Bad('expected a table like { WF203 = "warning" }')
        levels: dict[str, Severity] = {}
        _each(lambda entry: _level(*entry, levels, values), value.items())
        values["severity"] = levels
    elif key == "workflows-complete":
        if not isinstance(value, bool):
            raise _Bad("expected true or false")
        values["workflows_complete"] = value
    elif key == "workspace-id":
        if not isinstance(value, str) or not value.strip() or "/" in value:
            raise _Bad("expected a workspace id such as \"my-team\" (no `/`)")
        values["workspace_id"] = value.strip()
    elif key == "require-timeout":
        if value not in REQUIRE_TIMEOUT:
            close = close_match(value, list(REQUIRE_TIMEOUT)) if isinstance(value, str) else None
            raise _Bad(f"expected one of {', '.join(REQUIRE_TIMEOUT)}, got {value!r}"
                       + (f" (did you mean `{close}`?)" if close else ""))
        values["require_timeout"] = value
    else:  # max-job-timeout, max-step-timeout
        if value in ("", None):
            values[key.replace("-", "_")] = None
            return
        kind = _DURATION_KINDS.get(type(value))
        # Judged as in a workflow, so that the fix is said as WF106 says it ("write
        # \"24h\"" for 1d), WF101 for a number, WF103 for 30m1h, WF109 past Go's int64.
        check = check_value(str(value), kind) if kind else None
        if check is None or not check.valid:
            raise _Bad(check.message if check is not None and check.message else
                       f"expected a positive duration like \"6h\" or \"1h30m\", got {value!r}")
        values[key.replace("-", "_")] = check.nanoseconds


def _per_file(entry: tuple) -> tuple[str, tuple[str, ...]]:
    """One entry of `per-file-ignores`: a glob and the rules it ignores, as ruff's."""
    pattern, selected = entry
    where = f"per-file-ignores.{json.dumps(pattern)}"  # as TOML quotes a key with a `.`
    problem = glob_problem(pattern)
    if problem is not None:
        raise _Bad(problem, where)
    if isinstance(selected, str):  # "WF1,WF2", as `select` takes it
        selected = [v for v in selected.split(",") if v.strip()]
    if not isinstance(selected, (list, tuple)) or not all(isinstance(v, str) for v in selected):
        raise _Bad('expected a list of rule codes, prefixes or names like ["WF203"]', where)
    return pattern, tuple(_each(lambda word: _selector(word, where), selected))


def _level(name: str, level, levels: dict[str, Severity], values: dict) -> None:
    """Check one entry of the `severity` table into `levels` (`off`: into `ignore`)."""
    where = f"severity.{name}"
    code = _selector(name, where)
    if isinstance(level, str) and level.strip().lower() == "off":  # any case, as the others
        values["ignore"] = values.get("ignore", ()) + (code,)
        return
    try:
        levels[code] = Severity.parse(str(level))
    except ValueError:
        # Severity's own message left `off` out, and guessed nothing for `warn`.
        names = [*(s.label for s in sorted(Severity, reverse=True)), "off"]
        word = level.strip().lower() if isinstance(level, str) else ""
        # A short form (`warn`, `err`) is a prefix, too short for close_match's score.
        close = next((n for n in names if len(word) >= 2 and n.startswith(word)), None) or (
            close_match(word, names) if word else None)
        raise _Bad(f"unknown severity {level!r} (expected {', '.join(names[:-1])} or off"
                   + (f"; did you mean `{close}`?)" if close else ")"), where) from None


def _unknown_key(key: str, value=None) -> str:
    if key == "tool" and isinstance(value, dict) and "wf-lsp" not in value and any(
            isinstance(table, dict) for table in value.values()):
        # `--config ruff.toml`, or another tool's table in wf-lsp.toml: it was "`[tool.wf-lsp]`
        # is for pyproject.toml", of a table the file does not have.
        table = next(name for name, item in value.items() if isinstance(item, dict))
        return (f"`[tool.{quoted_path(table)}]` is not wf-lsp's: this file takes wf-lsp's keys "
                "alone, at top level (`select = [...]`)")
    if key in ("tool", "wf-lsp"):
        # `[tool.wf-lsp]` (or `[wf-lsp]`) copied from a pyproject.toml into wf-lsp.toml.
        return (f"`[{'tool.' if key == 'tool' else ''}wf-lsp]` is for pyproject.toml: "
                "this file takes the keys at top level (`select = [...]`, no table)")
    if key == "lint":
        # ruff's `[lint]` (`[tool.ruff.lint]`), which a user of ruff writes first: "unknown
        # key" and the list of keys did not say where they go.
        return ("no `[lint]` table here, unlike ruff's: write its keys (`select = [...]`) "
                "where `lint` is")
    if key in _RUFF_KEYS:
        return f"a key of ruff's, not wf-lsp's: {_RUFF_KEYS[key]}"
    close = close_match(key, list(KEYS))
    if close:
        return f"unknown key (did you mean `{close}`?)"
    return f"unknown key; known keys: {', '.join(KEYS)}"


# ruff's keys that a user of ruff writes here, and what wf-lsp has for them: "unknown key"
# and the list of keys, or a wrong guess (`extend-ignore`: "did you mean `extend-select`?").
_RUFF_KEYS = {
    "extend": "the nearest config file governs alone: copy the keys it needs",
    "extend-exclude": "there is no default `exclude` to extend: write `exclude`",
    "extend-include": "there is no default `include` to extend: write `include`",
    "extend-ignore": "write `ignore`",
    "extend-per-file-ignores": "there is no `extend`: write `per-file-ignores`",
    "fixable": "`--fix` applies every safe fix; `--unsafe-fixes` the others",
    "unfixable": "`--fix` applies every safe fix; a rule ignored is not fixed",
    "respect-gitignore": "a walk honours .gitignore; `wf-lsp lint --no-ignore-files` does not",
    "force-exclude": "a file named is left out by its config's `exclude` already",
}


def _each(check, items) -> list:
    """`check` of each item, every bad one said (not only the first)."""
    checked, problems = [], []
    for item in items:
        try:
            checked.append(check(item))
        except _Bad as bad:
            problems.append(bad)
    if problems:
        raise _Bad.all_of(problems)
    return checked


def _pattern(value: str) -> str:
    problem = pattern_problem(value.strip())
    if problem is not None:
        raise _Bad(problem)
    return value


def _selector(value: str, key: str | None = None) -> str:
    found = selector(value)
    if found is None:
        words = value.split()
        if len(words) > 1 and all(selector(word) for word in words):
            # `--select "WF1 WF3"` (a shell's way of listing): said "see `wf-lsp rules`",
            # as if WF1 and WF3 were no rules.
            hint = f"separate them with commas: `{','.join(words)}`"
        else:
            hint = rule_hint(value, prefixes=True)
        raise _Bad(f"{value!r} matches no rule code or name ({hint})", key)
    return found


def rule_hint(word: str, prefixes: bool = False) -> str:
    """What to say of a word that names no rule: the code it is without its `WF` (`103`,
    and with `prefixes` a prefix such as `1`, as a selection takes it), else the rule name
    closest to it, if any."""
    digits = word.strip()
    code = f"WF{digits}"
    if digits.isdigit() and (code in RULES or prefixes and any(c.startswith(code) for c in RULES)):
        return f"did you mean `{code}`?"
    close = close_match(word, [rule.name for rule in RULES.values()])
    return f"did you mean `{close}`?" if close else "see `wf-lsp rules`"


def selector(value: str) -> str | None:
    """A rule selector as written (a code, a code prefix, a rule name, `ALL`; any case) as
    the code or prefix a `Config` holds, or None when it matches no rule."""
    word = value.strip()
    if word.upper() == "ALL":
        return "ALL"
    rule = rule_named(word)
    if rule is not None:
        return rule.code
    prefix = word.upper()
    if prefix.startswith("WF") and any(code.startswith(prefix) for code in RULES):
        return prefix
    return None


def rule_named(word: str) -> Rule | None:
    """The rule with this code or name (any case, `_` for `-`), or None."""
    folded = word.strip().lower().replace("_", "-")
    return RULES.get(folded.upper()) or _BY_NAME.get(folded)


_BY_NAME = {rule.name: rule for rule in RULES.values()}
