"""A job (or, when configured, a step) has no timeout.

Without one, the engine's default applies, and its value is not documented: a hung
job may run far longer than anyone expects. `require-timeout` chooses what needs one:
`jobs` (the default), `steps`, `all` or `none`. Held back while the file has a syntax
error, since the timeout may be after it.

## Bad
```yaml
id: train
jobs:
  train:
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

CODE = "WF203"
NAME = "missing-timeout"
SEVERITY = Severity.INFORMATION
NEEDS_COMPLETE = True


def check(ctx):
    scope = ctx.config.require_timeout
    for job in ctx.workflow.jobs:
        if job.section is None:
            continue
        if scope in ("jobs", "all") and job.section.get("timeout") is None:
            yield ctx.report(
                f"job `{job.id}` has no timeout: the engine's undocumented default applies",
                job.key_span,
            )
        if scope in ("steps", "all"):
            for step in job.steps:
                if step.section.get("timeout") is None:
                    yield ctx.report(
                        f"step `{step.label}` of job `{job.id}` has no timeout",
                        step.section.anchor,
                    )
