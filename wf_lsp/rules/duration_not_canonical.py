"""A valid duration is not in canonical form.

Off by default; select `WF111` to keep every duration in one form: integer parts
of h, m, s, ms, us and ns from larger to smaller, zero parts dropped. `90m` → `1h30m`,
`1.5h` → `1h30m`, `3600s` → `1h`.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "90m"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "1h30m"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.base import duration_findings

CODE = "WF111"
NAME = "duration-not-canonical"
SEVERITY = Severity.HINT
HAS_FIX = True
DEFAULT_ON = False


def check(ctx):
    return duration_findings(ctx, CODE)
