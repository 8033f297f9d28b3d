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

from wf_lsp.findings import Related, Severity

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
        steps = [f"`{entry.id}` (job `{call.job_id}`)"]
        for caller, via in chain[1:]:
            where = ctx.workspace.shown(caller.path, entry.path)
            steps.append(f"`{caller.id}` (`{where}`, job `{via.job_id}`)")
        steps.append(f"`{entry.id}`")
        message = ("`{}` calls itself: its runs never end".format(entry.id) if len(chain) == 1
                   else f"workflows call each other in a cycle: {' → '.join(steps)}: their "
                        "runs never end")
        related = tuple(Related(via.span, f"`{caller.id}` calls `{via.name}` here",
                                None if caller.path == entry.path else caller.path)
                        for caller, via in chain[1:])
        yield ctx.report(message, call.span, related=related)
