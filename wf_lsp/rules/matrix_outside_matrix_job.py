"""An expression reads `.matrix` where there is no matrix.

Matrix variables exist only inside a job that has a `matrix`: one value per job instance.
In a job without one, or at workflow level (`env`, `concurrency.group`, ...), `.matrix.X`
has no value. Held back while the file has a syntax error, since the matrix may be
after it.

## Bad
```yaml
id: test
jobs:
  test:
    timeout: "1h"
    steps:
      - run: pytest --python ${{ .matrix.python }}
```

## Good
```yaml
id: test
jobs:
  test:
    timeout: "1h"
    matrix:
      python: ["3.11", "3.12"]
    steps:
      - run: pytest --python ${{ .matrix.python }}
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.contexts import each_job_evaluated, of, readers
from wf_lsp.rules.sharing import jobs_named

CODE = "WF405"
NAME = "matrix-outside-matrix-job"
SEVERITY = Severity.ERROR
NEEDS_COMPLETE = True


def check(ctx):
    reported = set()  # a value several jobs share (an alias, a merge key): one finding
    return each_job_evaluated(ctx, lambda pairs: _check(ctx, pairs, reported))


def _check(ctx, pairs, reported):
    for site, reference in pairs:
        if reference.context.name != "matrix" or not reference.written(0):
            continue
        job = site.place.job
        if job is not None and of(ctx).matrix_of(job) is not None:
            continue
        if job is not None:
            if reference.span in reported:
                continue
            reported.add(reference.span)
        path = ".matrix" + (f".{reference.name.name}" if reference.name else "")
        if job is None:
            where = f"`{site.place.key}`" if site.place.kind == "workflow" else \
                f"`{site.place.kind}.{site.place.key}`"
            message = (f"`{path}` at workflow level ({where}): matrix variables exist only "
                       "inside a job with a `matrix`")
        else:
            # Those of the jobs that share it with no matrix: the others have the variable.
            ids = [other.place.job.id for other in readers(ctx, site, reference)
                   if of(ctx).matrix_of(other.place.job) is None]
            message = (f"`{path}` in {jobs_named(ids)}, which "
                       f"{'has' if len(ids) == 1 else 'have'} no `matrix`")
        yield ctx.report(message, reference.span)
