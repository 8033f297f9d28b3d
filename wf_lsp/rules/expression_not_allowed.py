"""An expression `${{ ... }}` where the engine reads the value as written.

A `timeout` is a duration, the workflow `id`, job ids and `depends_on` entries are
names, a `cron` is a schedule, a secret's `name` and `as` and an input's `type` are
fixed: the engine does not evaluate expressions there, so `${{ .inputs.limit }}` stays
those characters and the value is wrong. Keys are never evaluated either: a job id, the
name of an env variable, an input or a matrix variable. Only documented places evaluate expressions
(`env` values, `concurrency.group`, `run`, storage paths, a called workflow's `inputs`).

## Bad
```yaml
id: train
inputs:
  limit:
    type: string
    default: 2h
jobs:
  train:
    timeout: ${{ .inputs.limit }}
    steps:
      - run: python train.py
```

## Good
```yaml
id: train
jobs:
  train:
    timeout: 2h
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp import spec
from wf_lsp.findings import Severity
from wf_lsp.model import name_entries, token_span
from wf_lsp.rules.contexts import each_job_sites

CODE = "WF406"
NAME = "expression-not-allowed"
SEVERITY = Severity.ERROR

# How messages name each literal place (spec.Key.literal), by section kind and key.
_WHAT = {
    ("workflow", "id"): "the workflow `id`",
    ("job", "depends_on"): "a `depends_on` entry",
    ("schedule", "cron"): "a `cron` schedule",
    ("secret", "name"): "a secret's `name`",
    ("secret", "as"): "a secret's `as`",
    ("input", "type"): "an input's `type`",
}
# How messages name a key of a mapping whose names are read as written
# (`spec.Key.names_literal`; job ids are said apart; the keys of a schedule's or a call's
# `inputs` are judged against the inputs declared: WF513, WF604).
_NAMES = {
    "env": "an env variable's name",
    "inputs": "an input's name",
    "matrix": "a matrix variable's name",
}


def check(ctx):
    for job in ctx.workflow.jobs:
        if "${{" in job.id:
            yield ctx.report("a job id cannot be an expression: keys are never evaluated",
                             job.key_span)
    yield from ctx.each_section(lambda section: _names(ctx, section))
    yield from each_job_sites(ctx, "literal", lambda group: _check(ctx, group), declared=False)


def _names(ctx, section):
    keys = spec.KINDS[section.kind].keys if section.kind in spec.KINDS else {}
    for entry in section.entries:
        key = keys.get(entry.key)
        if key is None or not key.names_literal or entry.value.id != "mapping":
            continue
        what = _NAMES[entry.key]
        for named in name_entries(entry.value):
            if "${{" in named.key and not named.merged:  # (a merged one: where it is written)
                yield ctx.report(f"{what} cannot be an expression: keys are never evaluated",
                                 named.key_span)


def _check(ctx, group):
    for site in group:
        place = site.place
        if not place.literal:
            continue
        span = token_span(site.node, ctx.source)
        if place.key == "timeout":
            message = 'a timeout cannot be an expression: it must be a duration such as "30m"'
        else:
            what = _WHAT.get((place.kind, place.key), f"`{place.key}`")
            message = f"{what} cannot be an expression: the engine reads it as written"
        yield ctx.report(message, span)
