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

from wf_lsp.findings import Related, Severity, shortened
from wf_lsp.model import is_merge_key, span_of

CODE = "WF002"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR
NAMES_LINES = True  # "already set on line N"


def check(ctx):
    yield from ctx.each_section(lambda section: (
        _duplicate(ctx, later.key, later.key_span, first.key_span)
        for later, first in section.duplicates))
    yield from _other_mappings(ctx)
    jobs = ctx.workflow.jobs
    seen: dict[str, object] = {}
    for job in jobs:
        first = seen.setdefault(job.id, job)
        if first is not job:
            name = shortened(job.id)
            yield ctx.report(
                f"duplicate job id `{name}`: it is already defined on line {first.key_span.start.line + 1}",
                job.key_span,
                related=(Related(first.key_span, f"first job `{name}` is here"),),
            )


def _duplicate(ctx, key, later, first):
    key = shortened(key)
    return ctx.report(
        f"duplicate key `{key}`: it is already set on line {first.start.line + 1}", later,
        related=(Related(first, f"first `{key}` is here"),),
    )


def _other_mappings(ctx):
    """Duplicates in mappings that are not sections: `env`, `matrix`, `inputs`, ..."""
    workflow = ctx.workflow
    jobs = workflow.root.get("jobs")
    jobs_node = jobs.value if jobs is not None else None  # its duplicates: job ids, above
    # A section's duplicates are known: its mappings are passed over, by the ids of the
    # sections' nodes of each walk (a lookup of each mapping walked in the table of all
    # sections under each of the format's kinds, some fifteen, was most of this rule).
    def check(nodes, sections):
        skipped = {id(section.node) for section in sections}
        skipped.add(id(jobs_node))
        return _duplicates_in(ctx, nodes, skipped)

    # An aliased mapping is checked once, at its anchor.
    return ctx.walk_by_job("mappings", check)


def _duplicates_in(ctx, nodes, skipped):
    for node in nodes:
        if node.id != "mapping" or id(node) in skipped:
            continue
        firsts = {}
        for key_node, _ in node.value:
            if key_node.id != "scalar" or is_merge_key(key_node):
                continue
            first = firsts.setdefault(key_node.value, key_node)
            if first is not key_node:
                yield _duplicate(ctx, str(key_node.value), span_of(key_node), span_of(first))
