"""Two secrets go by the same name (`as`).

`.secrets.X` can read only one of them: the other is unreachable, or the two were meant
to differ. Reported on the later one, with the first as related information.

## Bad
```yaml
id: deploy
secrets:
  - name: workspaces/ops/secrets/prod-token
    as: token
  - name: workspaces/ops/secrets/staging-token
    as: token
jobs:
  deploy:
    timeout: "1h"
    steps:
      - run: ./deploy.sh
```

## Good
```yaml
id: deploy
secrets:
  - name: workspaces/ops/secrets/prod-token
    as: prod_token
  - name: workspaces/ops/secrets/staging-token
    as: staging_token
jobs:
  deploy:
    timeout: "1h"
    steps:
      - run: ./deploy.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Related, Severity
from wf_lsp.rules.contexts import declares, of

CODE = "WF503"
NAME = "duplicate-secret-alias"
SEVERITY = Severity.ERROR


def check(ctx):
    # One finding per item of a section of any size: capped as one value's items are.
    return ctx.capped(list(_each(ctx)), "the workflow's secrets")


def _each(ctx):
    if not declares(ctx, "secrets"):
        return
    semantics = of(ctx)
    for secret in semantics.secrets:
        first = semantics.aliases.get(secret.alias) if secret.alias is not None else None
        if first is None or first is secret:
            continue
        if first.section is secret.section:  # `- *token` after `- &token {...}`
            yield ctx.report(f"the secret `{secret.alias}` is listed twice (an alias repeats "
                             "it): remove the repeat", secret.alias_span)
            continue
        yield ctx.report(
            f"two secrets go by `{secret.alias}`: `.secrets.{secret.alias}` reads only one",
            secret.alias_span, related=(Related(first.alias_span, f"`{secret.alias}` is first "
                                                "used here"),),
        )
