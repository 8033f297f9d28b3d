"""Jobs depend on each other in a cycle.

No job of the cycle can ever start. Every `depends_on` entry whose edge lies on a cycle
is reported, a job that depends on itself included, and the message shows a shortest
cycle through it (when dozens of jobs all depend on each other, it names the edge and how
many jobs are caught instead).

## Bad
```yaml
id: pipeline
jobs:
  train:
    depends_on: [evaluate]
    steps:
      - run: python train.py
  evaluate:
    depends_on: [train]
    steps:
      - run: python evaluate.py
```

## Good
```yaml
id: pipeline
jobs:
  train:
    steps:
      - run: python train.py
  evaluate:
    depends_on: [train]
    steps:
      - run: python evaluate.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity

CODE = "WF302"
NAME = "dependency-cycle"
SEVERITY = Severity.ERROR


def check(ctx):
    # Made from every job's id and `depends_on` alone: kept while those are equal.
    return ctx.while_same("cycles", ctx.workflow.dependencies, lambda: _check(ctx))


def _check(ctx):
    graph = ctx.workflow.graph
    reported = set()  # a merged `depends_on` is shared by jobs: one finding, at the anchor
    for job in ctx.workflow.jobs:
        for ref in job.depends_on:
            # (on a cycle first: that is ints and strings; a Span hashes in Python)
            if not graph.on_cycle(job.id, ref.name) or ref.span in reported:
                continue
            reported.add(ref.span)
            cycle = graph.cycle(job.id, ref.name)
            if cycle is None:  # too many jobs to search (see graph.MAX_SEARCHED_COMPONENT)
                shown = (f"{job.id} → {ref.name} → … → {job.id} "
                         f"({graph.component_size(job.id)} jobs depend on each other)")
            else:
                shown = " → ".join(cycle)
            yield ctx.report(f"dependency cycle: {shown}", ref.span)
