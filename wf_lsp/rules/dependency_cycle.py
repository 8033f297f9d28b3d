"""Jobs depend on each other in a cycle.

No job of the cycle can ever start. Every edge on a cycle is reported once, at the
`depends_on` entry that makes it (a name listed twice is WF303's), a job that depends on
itself included; the message shows a shortest cycle through the edge, and the other
edges of that cycle are its related places, so breaking any one of them is in view
(when dozens of jobs all depend on each other, it names the edge and how many jobs are
caught instead).

## Bad
```yaml
id: pipeline
jobs:
  train:
    timeout: "1h"
    depends_on: [evaluate]
    steps:
      - run: python train.py
  evaluate:
    timeout: "1h"
    depends_on: [train]
    steps:
      - run: python evaluate.py
```

## Good
```yaml
id: pipeline
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py
  evaluate:
    timeout: "1h"
    depends_on: [train]
    steps:
      - run: python evaluate.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Related, Severity, Span, shortened

CODE = "WF302"
NAME = "dependency-cycle"
SEVERITY = Severity.ERROR


def check(ctx):
    # Made from every job's id and `depends_on` alone: kept while those are equal.
    return ctx.while_same("cycles", ctx.workflow.dependencies, lambda: _check(ctx))


def _check(ctx):
    graph = ctx.workflow.graph
    # Each edge at its first listing: `[b, b]` is one edge (the second `b` is WF303's), and
    # a merged `depends_on` is shared by jobs: one finding, at the anchor.
    edges: dict[tuple[str, str], Span] = {}
    for job in ctx.workflow.jobs:
        for ref in job.depends_on:
            edges.setdefault((job.id, ref.name), ref.span)
    reported = set()
    for (job_id, name), span in edges.items():
        # (on a cycle first: that is ints and strings; a Span hashes in Python)
        if not graph.on_cycle(job_id, name) or span in reported:
            continue
        reported.add(span)
        cycle = graph.cycle(job_id, name)
        shown_id, shown_name = shortened(job_id), shortened(name)
        if cycle is None:  # too many jobs to search (see graph.MAX_SEARCHED_COMPONENT)
            yield ctx.report(f"dependency cycle: {shown_id} → {shown_name} → … → {shown_id} "
                             f"({graph.component_size(job_id)} jobs depend on each other)", span)
        elif len(cycle) == 2:
            yield ctx.report(f"dependency cycle: `{shown_id}` depends on itself", span)
        else:
            related = tuple(Related(edges[edge], f"`{shortened(edge[0])}` depends on "
                                    f"`{shortened(edge[1])}` here")
                            for edge in zip(cycle[1:], cycle[2:]))
            yield ctx.report(f"dependency cycle: {' → '.join(map(shortened, cycle))}", span,
                             related=related)
