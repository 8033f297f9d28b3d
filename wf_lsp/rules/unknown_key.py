"""A key the workflow format does not have at that level.

The engine rejects unknown keys, and a misspelt key is worse than a missing one: a
`timout:` means the job has no timeout at all. When the key is close to a known one,
the fix renames it (`timout` → `timeout`, `depends-on` → `depends_on`). The value of a
misspelt `timeout` is checked as a duration meanwhile, so that `timout: 5 m` shows both
of its problems at once.

The keys of GitHub Actions, which the format is modelled on, are told apart with what
this format writes instead: `needs` is `depends_on` (renamed by the fix), `runs-on` is
`runner` (a Sandbox Engine template, not a machine label: offered, not applied unasked),
`timeout-minutes: 30` is `timeout: 30m` (rewritten by the fix), `on` is `trigger`. A job's
`secrets` are declared at the workflow level, and a schedule's `timezone` does not exist:
`cron` is read in UTC.

An upload's `source` and a download's `destination`, the other action's keys, are told
apart too: each names its local end `path`, which the fix renames them to (not when the
value is a `drive://` URL: then it is the step's direction that is mixed up).

A key that only holds an anchor (`x-common: &defaults`, for `<<: *defaults` or a set of
jobs merged with `jobs: {<<: *more}`) is unknown too: the format documents no extension
keys like Compose's `x-` fields, and its schema rejects what it does not know. Anchor
shared values where they are used instead (the first job that uses them, `train: &defaults`).

## Bad
```yaml
id: train
jobs:
  train:
    timout: "2h"
    steps:
      - run: python train.py
```

## Good
```yaml
id: train
jobs:
  train:
    timeout: "2h"
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity, shortened
from wf_lsp.fixes import replace_value
from wf_lsp.model import yaml_type

CODE = "WF003"
NAME = "unknown-key"
SEVERITY = Severity.WARNING
HAS_FIX = True

# Other formats' keys, by the kind of section they are written in: what this format
# writes instead, and whether renaming the key keeps what the value means (None: no key
# of this format takes the value as it is).
_INSTEAD = {
    ("workflow", "on"): ("trigger", None, "runs start from `trigger` (its `schedule`, or "
                                          "`callable` for a workflow others call)"),
    ("job", "needs"): ("depends_on", True, "this format's is `depends_on`"),
    ("job", "runs-on"): ("runner", False, "this format's is `runner`, a Sandbox Engine "
                                          "template"),
    ("job", "timeout-minutes"): ("timeout", None, "this format's is `timeout`, a duration "
                                                  "such as `30m`"),
    ("step", "timeout-minutes"): ("timeout", None, "this format's is `timeout`, a duration "
                                                   "such as `30m`"),
    ("job", "secrets"): (None, None, "secrets are declared at the workflow level, in its "
                                     "`secrets`"),
    ("schedule", "timezone"): (None, None, "`cron` is read in UTC: write its time in UTC"),
    # An upload's and a download's keys, mixed up: each names its local end `path`.
    ("upload", "source"): ("path", True, "an upload's local file, folder or glob is its "
                                         "`path` (`source` is a download's)"),
    ("download", "destination"): ("path", True, "a download's local path is its `path` "
                                                "(`destination` is an upload's)"),
}


def check(ctx):
    return ctx.each_section(lambda section: _check(ctx, section))


def _check(ctx, section):
    kind = section.spec
    for entry in section.entries:
        if entry.key in kind.keys:
            continue
        instead = _INSTEAD.get((section.kind, entry.key))
        if instead is not None:
            why = instead[2]
            if _minutes(entry):
                why = f"this format's is `timeout`, a duration: `timeout: {_minutes(entry)}`"
            yield ctx.report(f"unknown key `{shortened(entry.key)}` in {kind.title}: {why}",
                             entry.key_span, _instead_fixes(ctx, section, entry, *instead[:2]))
            continue
        guess = section.misspelt.get(entry.key)
        # `x-env: &env` is a place for shared content, named as Compose's are, not a
        # misspelt `env`: renaming it would give every job that env.
        if guess and not (_holds_anchor(ctx, entry) and entry.key.startswith(_EXTENSION)):
            message = f"unknown key `{shortened(entry.key)}` in {kind.title}: did you mean `{guess}`?"
            yield ctx.report(message, entry.key_span, (ctx.rename_key_fix(entry, guess),))
        elif _holds_anchor(ctx, entry):
            yield ctx.report(
                f"unknown key `{shortened(entry.key)}` in {kind.title}: the engine rejects unknown "
                "keys, one that only holds an anchor too (the format has no extension keys "
                "like Compose's `x-` fields)", entry.key_span)
        else:
            allowed = ", ".join(kind.keys)
            yield ctx.report(
                f"unknown key `{shortened(entry.key)}` in {kind.title} (allowed: {allowed})",
                entry.key_span,
            )


# How keys that only hold shared content are named elsewhere (Compose's `x-`, GitLab's `.`).
_EXTENSION = ("x-", "x_", "X-", ".")


def _holds_anchor(ctx, entry):
    """Whether the value is anchored (`x-common: &defaults`): a place for shared content,
    which the message then speaks of (a node's marks start at its anchor)."""
    start = entry.value_span.start
    return ctx.source.line_text(start.line)[start.column:start.column + 1] == "&"


def _instead_fixes(ctx, section, entry, key, keeps_meaning):
    """Rename another format's key to this format's, when the section lacks that key:
    safe when the value means the same under it; `timeout-minutes: N` is written
    `timeout: Nm`."""
    if key is None or section.get(key) is not None or entry.merged:
        return ()
    if key == "path" and "://" in _text(entry):
        return ()  # a Drive URL as the local end: the step's direction is mixed up, not a key
    if keeps_meaning is not None:
        return (ctx.rename_key_fix(entry, key) if keeps_meaning else
                Fix(f"Rename to `{key}`", ctx.rename_key_fix(entry, key).edits, safe=False),)
    minutes = _minutes(entry)
    if minutes is None:
        return ()
    edits = (*ctx.rename_key_fix(entry, key).edits,
             replace_value(ctx.source, entry.value_span, None, entry.value.value, minutes))
    return (Fix(f"Write `{key}: {minutes}`", edits, safe=True),)


def _text(entry):
    """The value as written, when it is a string ("" otherwise)."""
    return entry.value.value if yaml_type(entry.value) == "str" else ""


def _minutes(entry):
    """`30m` for `timeout-minutes: 30` (a whole number of minutes, as GitHub takes it)."""
    value = entry.value
    if entry.key != "timeout-minutes" or yaml_type(value) != "int" \
            or not value.value.isdigit() or int(value.value) == 0:
        return None
    return f"{int(value.value)}m"
