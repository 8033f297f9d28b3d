"""A key the workflow format does not have at that level.

The engine rejects unknown keys, and a misspelt key is worse than a missing one: a
`timout:` means the job has no timeout at all. When the key is close to a known one,
the fix renames it (`timout` → `timeout`, `depends-on` → `depends_on`). The value of a
misspelt `timeout` is checked as a duration meanwhile, so that `timout: 5 m` shows both
of its problems at once.

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

from wf_lsp.findings import Severity

CODE = "WF003"
NAME = "unknown-key"
SEVERITY = Severity.WARNING
HAS_FIX = True


def check(ctx):
    return ctx.each_section(lambda section: _check(ctx, section))


def _check(ctx, section):
    kind = section.spec
    for entry in section.entries:
        if entry.key in kind.keys:
            continue
        guess = section.misspelt.get(entry.key)
        if guess:
            message = f"unknown key `{entry.key}` in {kind.title}: did you mean `{guess}`?"
            yield ctx.report(message, entry.key_span, (ctx.rename_key_fix(entry, guess),))
        else:
            allowed = ", ".join(kind.keys)
            yield ctx.report(
                f"unknown key `{entry.key}` in {kind.title} (allowed: {allowed})",
                entry.key_span,
            )
