"""Something that should hold work is empty: `jobs: {}`, `steps: []`, an empty `run`.

A workflow without jobs, a job without steps or a step whose command is blank does
nothing, which is rarely what was meant (a list that lost its items in an edit, a
placeholder never filled in). An empty `matrix` (`matrix: {}`, no variable to run the job
over: the engine's reading of it is not documented) and a matrix variable without values
(the job then has no combination to run) are reported too.

## Bad
```yaml
id: nightly
jobs:
  build:
    timeout: "1h"
    steps: []
```

## Good
```yaml
id: nightly
jobs:
  build:
    timeout: "1h"
    steps:
      - run: make
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.model import name_entries, span_of, yaml_type
from wf_lsp.rules.sharing import jobs_named, sharing_jobs

CODE = "WF506"
NAME = "empty-collection"
SEVERITY = Severity.WARNING


def check(ctx):
    root = ctx.workflow.root
    jobs = root.get("jobs")
    if jobs is not None and jobs.value.id == "mapping" and not jobs.value.value:
        yield ctx.report("`jobs` is empty: the workflow has nothing to run", jobs.value_span)
    reported = set()  # merged `steps` or `matrix` are shared by jobs: one finding, at the anchor
    sharers = sharing_jobs(ctx.workflow, _collections)
    yield from ctx.each_job("job", lambda job: _check_job(ctx, job, reported, sharers))
    yield from ctx.each_section(lambda section: _check_run(ctx, section))


def _collections(job):
    """The `steps`, `matrix` and matrix variables' values of `job` (by identity)."""
    for key in ("steps", "matrix"):
        entry = job.section.get(key) if job.section else None
        if entry is not None:
            yield id(entry.value)
            if key == "matrix" and entry.value.id == "mapping":
                yield from (id(variable.value) for variable in name_entries(entry.value))


def _check_job(ctx, job, reported, sharers):
    def of(node) -> str:  # every job that shares it, named
        return jobs_named(sharers.get(id(node), [job.id]))

    steps = job.section.get("steps") if job.section else None
    if steps is not None and steps.value.id == "sequence" and not steps.value.value \
            and id(steps.value) not in reported:
        reported.add(id(steps.value))
        yield ctx.report(f"{of(steps.value)} {_has(steps.value, sharers)} no steps: `steps` is "
                         "empty", steps.value_span)
    matrix = job.section.get("matrix") if job.section else None
    variables = name_entries(matrix.value) if matrix and matrix.value.id == "mapping" else ()
    if matrix is not None and matrix.value.id == "mapping" and not matrix.value.value \
            and id(matrix.value) not in reported:
        reported.add(id(matrix.value))
        yield ctx.report(f"{of(matrix.value)} {_has(matrix.value, sharers)} an empty `matrix`: "
                         f"it names no variable to run {_the_jobs(matrix.value, sharers)} over",
                         matrix.value_span)
    for variable in variables:
        values = variable.value
        if values.id == "sequence" and not values.value and id(values) not in reported:
            reported.add(id(values))
            yield ctx.report(f"matrix variable `{variable.key}` of {of(values)} has no values: "
                             f"{_the_jobs(values, sharers)} {_has(values, sharers)} no "
                             "combination to run", span_of(values))


def _has(node, sharers) -> str:
    return "have" if len(sharers.get(id(node), ())) > 1 else "has"


def _the_jobs(node, sharers) -> str:
    return "the jobs" if len(sharers.get(id(node), ())) > 1 else "the job"


def _check_run(ctx, section):
    run = section.get("run") if section.kind == "step" else None
    if run is not None and yaml_type(run.value) == "str" and not run.value.value.strip():
        yield ctx.report("the step's `run` is empty: it runs no command", run.value_span)
