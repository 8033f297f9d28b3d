"""A job is listed twice in one `depends_on`.

Harmless to the engine but a sign of a copy-paste slip (was another job meant?).
Reported on the later entry; the fix removes it (a comment stays).

## Bad
```yaml
id: pipeline
jobs:
  preprocess:
    timeout: "1h"
    steps:
      - run: python clean.py
  train:
    timeout: "1h"
    depends_on: [preprocess, preprocess]
    steps:
      - run: python train.py
```

## Good
```yaml
id: pipeline
jobs:
  preprocess:
    timeout: "1h"
    steps:
      - run: python clean.py
  train:
    timeout: "1h"
    depends_on: [preprocess]
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Related, Severity
from wf_lsp.fixes import remove_item
from wf_lsp.model import span_of

CODE = "WF303"
NAME = "duplicate-dependency"
SEVERITY = Severity.WARNING
UNNECESSARY = True
HAS_FIX = True


def check(ctx):
    reported = set()  # a merged `depends_on` is shared by jobs: one finding, at the anchor
    return ctx.each_job("twice", lambda job: _check_job(ctx, job, reported))


def _check_job(ctx, job, reported):
    entry = job.section.get("depends_on") if job.section else None
    if entry is None or entry.value.id != "sequence" or id(entry.value) in reported:
        return
    reported.add(id(entry.value))
    seen = {}
    for index, item in enumerate(entry.value.value):
        if item.id != "scalar":
            continue
        first = seen.setdefault(item.value, item)
        if first is item:
            continue
        span = span_of(item)
        edits = remove_item(ctx.source, entry.value, index)
        fix = (Fix(f"Remove the second `{item.value}`", edits, True),) if edits else ()
        yield ctx.report(
            f"job `{job.id}` lists `{item.value}` twice in `depends_on`", span, fix,
            (Related(span_of(first), f"`{item.value}` is first listed here"),),
        )
