"""An input is marked `secret: true` but is not of `type: string`.

Only string inputs can be secret: the docs allow `secret` "only for `type: string`", so
the engine rejects a secret `int` or `bool` input. (A `default` of the wrong type is
WF005's.)

## Bad
```yaml
id: deploy
inputs:
  port:
    type: int
    secret: true
jobs:
  deploy:
    timeout: "1h"
    steps:
      - run: ./deploy.sh
```

## Good
```yaml
id: deploy
inputs:
  api_key:
    type: string
    secret: true
jobs:
  deploy:
    timeout: "1h"
    steps:
      - run: ./deploy.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Related, Severity
from wf_lsp.model import token_span, yaml_type
from wf_lsp.rules.contexts import declares, of

CODE = "WF501"
NAME = "input-definition"
SEVERITY = Severity.ERROR


def check(ctx):
    # One finding per item of a section of any size: capped as one value's items are.
    return ctx.capped(list(_each(ctx)), "the workflow's inputs")


def _each(ctx):
    if not declares(ctx, "inputs"):
        return
    for item in of(ctx).inputs.values():
        section = item.section
        if section is None or not item.secret:
            continue
        kind = section.get("type")
        if kind is None or (yaml_type(kind.value) == "str" and kind.value.value == "string"):
            continue
        written = kind.value.value if yaml_type(kind.value) == "str" else "not a string"
        span = token_span(section.get("secret").value, ctx.source)
        yield ctx.report(
            f"input `{item.name}` is `secret` but of type `{written}`: only `type: string` "
            "inputs can be secret", span,
            related=(Related(kind.value_span, "the input's type"),),
        )
