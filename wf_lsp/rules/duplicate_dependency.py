"""A job is listed twice in one `depends_on`.

Harmless to the engine but a sign of a copy-paste slip (was another job meant?).
Reported on the later entry, an alias of an earlier one too (`[&d build, *d]`); the fix
removes it (a comment stays).

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
from wf_lsp.parse import aliases
from wf_lsp.rules.sharing import jobs_named, sharing_jobs

CODE = "WF303"
NAME = "duplicate-dependency"
SEVERITY = Severity.WARNING
UNNECESSARY = True
HAS_FIX = True


def check(ctx):
    reported = set()  # a merged `depends_on` is shared by jobs: one finding, at the anchor
    sharers = sharing_jobs(ctx.workflow, lambda job: [id(entry.value) for entry in
                                                     [_depends_on(job)] if entry])
    return ctx.each_job("twice", lambda job: _check_job(ctx, job, reported, sharers))


def _depends_on(job):
    return job.section.get("depends_on") if job.section else None


def _check_job(ctx, job, reported, sharers):
    entry = _depends_on(job)
    if entry is None or entry.value.id != "sequence" or id(entry.value) in reported:
        return
    reported.add(id(entry.value))
    ids = sharers.get(id(entry.value), [job.id])  # every job that shares it, named
    written = None
    seen = {}
    for index, item in enumerate(entry.value.value):
        if item.id != "scalar":
            continue
        first = seen.setdefault(item.value, index)
        if first == index:
            continue
        if written is None:  # asked of a list with a repeat only: most have none
            # An alias (`[&d b, *d]`) is its anchor's node: where it is written says it.
            written = {use.index: use.span for use in aliases(ctx.source, ctx.parsed.roots)
                       if use.parent is entry.value}
        span = written.get(index) or span_of(item)
        edits = remove_item(ctx.source, entry.value, index, written)
        fix = (Fix(f"Remove the second `{item.value}`", edits, True),) if edits else ()
        first_span = written.get(first) or span_of(entry.value.value[first])
        yield ctx.report(
            f"{jobs_named(ids)} {'list' if len(ids) > 1 else 'lists'} `{item.value}` twice in "
            "`depends_on`", span, fix,
            (Related(first_span, f"`{item.value}` is first listed here"),),
        )
