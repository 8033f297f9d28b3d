"""A key appears twice in one mapping.

YAML parsers disagree on which value wins, and the engine may reject the file; either
way one of the two is silently lost. Reported on the later key, with the first as
related information.

## Bad
```yaml
id: train
jobs:
  train:
    timeout: "1h"
    timeout: "2h"
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

from wf_lsp.findings import Related, Severity

CODE = "WF002"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR


def check(ctx):
    for section in ctx.workflow.sections:
        for later, first in section.duplicates:
            yield ctx.report(
                CODE,
                f"duplicate key `{later.key}`: it is already set on line {first.key_span.start.line + 1}",
                later.key_span,
                related=(Related(first.key_span, f"first `{later.key}` is here"),),
            )
    jobs = ctx.workflow.jobs
    seen: dict[str, object] = {}
    for job in jobs:
        first = seen.setdefault(job.id, job)
        if first is not job:
            yield ctx.report(
                CODE,
                f"duplicate job id `{job.id}`: it is already defined on line {first.key_span.start.line + 1}",
                job.key_span,
                related=(Related(first.key_span, f"first job `{job.id}` is here"),),
            )
