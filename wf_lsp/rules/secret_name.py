"""A secret's `name` is not a secret resource name.

The docs spell it `workspaces/{workspace-id}/secrets/{secret-id}`, optionally followed by
`/versions/{version-id}`. Another form (a bare `hf-token`, a `secrets/...` path without
its workspace, a URL) is not documented and most likely names no secret. A leading `/`
is not documented either; the fix removes it.

## Bad
```yaml
id: train
secrets:
  - name: hf-token
    as: hf_token
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py
```

## Good
```yaml
id: train
secrets:
  - name: workspaces/ml-team/secrets/hf-token
    as: hf_token
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

import re

from wf_lsp import spec
from wf_lsp.findings import Fix, Severity, shortened
from wf_lsp.model import token_span
from wf_lsp.rules.contexts import declares, of, rename

CODE = "WF504"
NAME = "secret-name"
SEVERITY = Severity.WARNING
HAS_FIX = True

_DOCUMENTED = "`workspaces/{workspace-id}/secrets/{secret-id}`"


def check(ctx):
    # One finding per item of a section of any size: capped as one value's items are.
    return ctx.capped(list(_each(ctx)), "the workflow's secrets")


def _each(ctx):
    if not declares(ctx, "secrets"):
        return
    for secret in of(ctx).secrets:
        name = secret.name
        # Empty is WF005's; an expression WF406's.
        if name is None or not name.strip() or "${{" in name \
                or re.search(spec.SECRET_NAME_PATTERN, name):
            continue
        span = token_span(secret.name_node, ctx.source)
        fixes = ()
        if name.startswith("/") and re.search(spec.SECRET_NAME_PATTERN, name[1:]):
            from wf_lsp.scalars import scalar_text

            text = scalar_text(secret.name_node, ctx.source)
            edit = rename(ctx, text.span(0, 1), "/", "") if text else None
            fixes = (Fix("Remove the leading `/`", (edit,), safe=True),) if edit else ()
            message = f"`{shortened(name)}` starts with `/`: the documented form has none"
        else:
            message = f"`{shortened(name)}` is not a secret resource name: write {_DOCUMENTED}"
        yield ctx.report(message, span, fixes)
