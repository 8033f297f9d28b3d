"""A job calls a workflow that no workflow of the workspace is.

A job's `workflow.name` is the called workflow's `id`, or its resource name
`/workspaces/<ws>/workflows/<id>`. When no workflow of the workspace has that id, the
call may still work: the workflow may exist only on the server. So this is information,
with a fix to call the workspace's closest id when one is close (offered, not applied
unasked: the call may be right), unless the config says the workspace holds every
workflow (`workflows-complete = true`): then it is an error, and that fix is safe when
the name is the workflow's id written with another case or other separators (a guess
that changes a letter, `etl` for `elt`, is still only offered). A resource name is
checked only when the config names the local workspace (`workspace-id = "..."`) and the
name is of that workspace; another workspace's workflows are not known here. Held back
while the file has a syntax error, and in the editor while a project too big to be read
whole (a document opened outside the workspace folders, in a root of many thousands of
files and folders) is read only in part: the workflow may be in what was not read.

## Bad
```yaml
# file: nightly.yaml
id: nightly
jobs:
  train:
    timeout: 2h
    workflow:
      name: train-modle
```

```yaml
# file: train-model.yaml
id: train-model
trigger:
  callable: true
jobs:
  fit:
    timeout: 1h
    steps:
      - run: python train.py
```

## Good
```yaml
# file: nightly.yaml
id: nightly
jobs:
  train:
    timeout: 2h
    workflow:
      name: train-model
```

```yaml
# file: train-model.yaml
id: train-model
trigger:
  callable: true
jobs:
  fit:
    timeout: 1h
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Edit, Fix, Severity, shortened
from wf_lsp.records import replace
from wf_lsp.rules.base import name_list
from wf_lsp.typos import close_match, same_name

CODE = "WF602"
NAME = "unknown-workflow"
SEVERITY = Severity.INFORMATION
ACROSS_FILES = True
NEEDS_EVERY_WORKFLOW = True
NEEDS_COMPLETE = True
HAS_FIX = True


def check(ctx):
    entry, config = ctx.entry, ctx.config
    if entry is None:
        return
    known = None
    for call in entry.calls:
        target = call.target(config.workspace_id)
        if target is None or "${{" in call.name or ctx.workspace.get(target) is not None:
            continue
        if known is None:
            known = [i for i in ctx.workspace.ids() if i != entry.id]
        guess = close_match(target, known)
        fix = None
        if guess:
            new_name = call.name[: len(call.name) - len(target)] + guess
            # Unless the workspace is complete, the call may be right, and a guess that
            # changes a letter may call another workflow: offered, not applied unasked.
            fix = Fix(f"Call `{guess}`", (Edit(call.span, new_name),),
                      safe=config.workflows_complete and same_name(target, guess))
        if not config.workflows_complete:
            if guess:
                yield ctx.report(f"no workflow of the workspace has the id `{shortened(target)}`: did "
                                 f"you mean `{guess}`? (unless `{shortened(target)}` exists only "
                                 "on the server)", call.span, (fix,))
            else:
                yield ctx.report(f"no workflow of the workspace has the id `{shortened(target)}`: it "
                                 "may exist only on the server", call.span)
            continue
        # Complete: an unknown id is a mistake, and the configured severity or an error.
        severity = config.severity_of(CODE, Severity.ERROR)
        if guess:
            finding = ctx.report(f"no workflow of the workspace has the id `{shortened(target)}`: did "
                                 f"you mean `{guess}`?", call.span, (fix,))
        elif known:
            finding = ctx.report(f"no workflow of the workspace has the id `{shortened(target)}` "
                                 f"(workflows: {name_list(known)})", call.span)
        else:
            finding = ctx.report(f"no workflow of the workspace has the id `{shortened(target)}`: no "
                                 "other workflow is in the workspace", call.span)
        yield replace(finding, severity=severity)
