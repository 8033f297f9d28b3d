"""`depends_on` names a job that does not exist in this workflow.

The engine rejects the workflow. When the name is close to a job id, the fix renames
it (`preprocss` → `preprocess`). Held back while the file has a syntax error, since the
job may be defined after it.

## Bad
```yaml
id: pipeline
jobs:
  preprocess:
    steps:
      - run: python clean.py
  train:
    depends_on: [preprocss]
    steps:
      - run: python train.py
```

## Good
```yaml
id: pipeline
jobs:
  preprocess:
    steps:
      - run: python clean.py
  train:
    depends_on: [preprocess]
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Edit, Fix, Severity
from wf_lsp.rules.base import close_match

CODE = "WF301"
NAME = "unknown-dependency"
SEVERITY = Severity.ERROR
NEEDS_COMPLETE = True
HAS_FIX = True


def check(ctx):
    ids = list(ctx.workflow.by_id)
    for job in ctx.workflow.jobs:
        for ref in job.depends_on:
            if ref.name in ctx.workflow.by_id:
                continue
            guess = close_match(ref.name, [i for i in ids if i != job.id])
            if guess:
                fix = Fix(f"Change to `{guess}`", (Edit(ref.span, guess),), safe=True)
                yield ctx.report(
                    CODE, f"job `{job.id}` depends on `{ref.name}`, which is not a job of this "
                    f"workflow: did you mean `{guess}`?", ref.span, (fix,),
                )
            else:
                known = ", ".join(f"`{i}`" for i in ids) or "none"
                yield ctx.report(
                    CODE, f"job `{job.id}` depends on `{ref.name}`, which is not a job of this "
                    f"workflow (jobs: {known})", ref.span,
                )
