"""A job calls a workflow that is not `trigger.callable: true`.

Only a workflow whose `trigger` says `callable: true` can be called by another one;
calling any other fails when the job runs. The fix writes `callable: true` in the
called workflow (another file); it is offered, not applied unasked, since a callable
workflow "cannot run on its own but is invoked by other workflows".

## Bad
```yaml
# file: release.yaml
id: release
jobs:
  publish:
    timeout: 30m
    workflow:
      name: publish-model
```

```yaml
# file: publish-model.yaml
id: publish-model
jobs:
  upload:
    timeout: 20m
    steps:
      - run: ./publish.sh
```

## Good
```yaml
# file: release.yaml
id: release
jobs:
  publish:
    timeout: 30m
    workflow:
      name: publish-model
```

```yaml
# file: publish-model.yaml
id: publish-model
trigger:
  callable: true
jobs:
  upload:
    timeout: 20m
    steps:
      - run: ./publish.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Related, Severity

CODE = "WF603"
NAME = "workflow-not-callable"
SEVERITY = Severity.ERROR
ACROSS_FILES = True
HAS_FIX = True


def check(ctx):
    entry = ctx.entry
    if entry is None:
        return
    for call in entry.calls:
        target = call.target(ctx.config.workspace_id)
        callee = ctx.workspace.get(target) if target is not None else None
        if callee is None or callee.callable:
            continue
        elsewhere = callee.path != entry.path
        where = f" (`{ctx.workspace.shown(callee.path, entry.path)}`)" if elsewhere else ""
        fixes = ()
        if callee.make_callable is not None:
            fixes = (Fix(f"Make `{callee.id}` callable (`trigger.callable: true`)",
                         (callee.make_callable,), safe=False,
                         path=callee.path if elsewhere else None),)
        yield ctx.report(
            f"the workflow `{callee.id}`{where} is not callable: a workflow that others call "
            "needs `trigger.callable: true`", call.span, fixes,
            (Related(callee.id_span, f"`{callee.id}` is defined here",
                     callee.path if elsewhere else None),),
        )
