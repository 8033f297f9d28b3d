"""An expression reads an environment variable no `env` around it defines.

`.env.X` reads the variables defined in the workflow's `env`, the enclosing job's and
the enclosing step's (the inner one wins). A name none of them defines has no value,
unless the engine adds variables of its own, which it does not document. When the name
is close to a defined one, the fix renames it (offered, not applied unasked). A
variable read in its own value is that of an `env` around (a job's
`STAGE: "${{ .env.STAGE }}-b"` reads the workflow's `STAGE`): without one, it is reported.
So is a variable of the same `env` (`B: "${{ .env.A }}"` beside `A`): its values are all
evaluated before any of its variables is defined.
Held back while the file has a syntax error.

## Bad
```yaml
id: train
env:
  DATA_DIR: /data
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py --data ${{ .env.DATA_DIRS }}
```

## Good
```yaml
id: train
env:
  DATA_DIR: /data
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py --data ${{ .env.DATA_DIR }}
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity, shortened
from wf_lsp.typos import close_match
from wf_lsp.rules.contexts import each_job_evaluated, lacking, of, rename
from wf_lsp.rules.sharing import jobs_named

CODE = "WF404"
NAME = "undefined-env"
SEVERITY = Severity.WARNING
NEEDS_COMPLETE = True
HAS_FIX = True


def check(ctx):
    reported = set()  # a value several jobs share (an alias, a merge key): one finding
    return each_job_evaluated(ctx, lambda pairs: _check(ctx, pairs, reported))


def _check(ctx, pairs, reported):
    for site, reference in pairs:
        name = reference.name
        if reference.context.name != "env" or name is None or not reference.written(1):
            continue
        known = of(ctx).visible(site.place, "env")
        if name.name in known:
            continue
        shown = shortened(name.name)
        if name.name == site.place.defines:
            yield ctx.report(f"`.env.{shown}` is read in its own value, which is evaluated "
                             f"before `{shown}` is defined: no `env` around this one "
                             "defines it", name.span)
            continue
        if name.name in of(ctx).beside(site.place):
            yield ctx.report(f"`.env.{shown}` is defined beside `{site.place.defines}`, in "
                             "the same `env`, whose values are evaluated before its variables "
                             "are defined: no `env` around this one defines it", name.span)
            continue
        if name.span in reported:
            continue
        reported.add(name.span)
        # The `env`s it could come from (the workflow's, its job's, its step's) are where
        # the reader is: the message need not list them. Read by several jobs, one of
        # which defines it, it names those it is undefined in ("here" is not true there).
        jobs, has_it = lacking(ctx, site, reference)
        problem = (f"`.env.{shown}` is not defined by any `env` "
                   + (f"around it in {jobs_named(list(jobs))}" if has_it else "here"))
        guesses = {close_match(name.name, names) for names in jobs.values()}
        guess = guesses.pop() if len(guesses) == 1 and not has_it else None
        if guess:
            edit = rename(ctx, name.span, name.name, guess)
            fixes = (Fix(f"Change to `{guess}`", (edit,), safe=False),) if edit else ()
            yield ctx.report(f"{problem}: did you mean `{guess}`?", name.span, fixes)
        else:
            yield ctx.report(f"{problem}: it has no value unless the runner sets it "
                             "(not documented)", name.span)
