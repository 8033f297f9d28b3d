"""Workflows call each other in a cycle.

A job that calls a workflow waits for that run to finish; when the calls lead back to
the workflow that made the first one, each run starts another and none ends. The message
shows the cycle, with the file of each workflow in it; each call on the cycle is
reported in its own file.

## Bad
```yaml
# file: build.yaml
id: build
trigger:
  callable: true
jobs:
  package:
    timeout: 1h
    workflow:
      name: test
```

```yaml
# file: test.yaml
id: test
trigger:
  callable: true
jobs:
  check:
    timeout: 1h
    workflow:
      name: build
```

## Good
```yaml
# file: build.yaml
id: build
trigger:
  callable: true
jobs:
  package:
    timeout: 1h
    workflow:
      name: test
```

```yaml
# file: test.yaml
id: test
trigger:
  callable: true
jobs:
  check:
    timeout: 1h
    steps:
      - run: make test
```
"""

from __future__ import annotations

from wf_lsp.findings import Related, Severity, shortened

CODE = "WF605"
NAME = "call-cycle"
SEVERITY = Severity.ERROR
ACROSS_FILES = True


def check(ctx):
    entry = ctx.entry
    if entry is None:
        return
    for call in entry.calls:
        chain = ctx.workspace.cycle_through(entry, call, ctx.config.workspace_id)
        if chain is None:
            continue
        own_id = shortened(entry.id)
        steps = [f"`{own_id}` (job `{shortened(call.job_id)}`)"]
        for caller, via in chain[1:]:
            where = ctx.workspace.shown(caller.path, entry.path)
            steps.append(f"`{shortened(caller.id)}` (`{where}`, job `{shortened(via.job_id)}`)")
        steps.append(f"`{own_id}`")
        message = (f"`{own_id}` calls itself: its runs never end" if len(chain) == 1
                   else f"workflows call each other in a cycle: {' → '.join(steps)}: their "
                        "runs never end")
        related = tuple(Related(via.span, f"`{shortened(caller.id)}` calls `{shortened(via.name)}` here",
                                None if caller.path == entry.path else caller.path)
                        for caller, via in chain[1:])
        yield ctx.report(message, call.span, related=related)
