"""A duration is not in Go's duration format.

Anything else Go's `time.ParseDuration` rejects: an empty string, `abc`, a unit
without a number (`h`), two signs (`--5m`), a clock time (`1:30`, which YAML 1.2 reads
as a string: did you mean `1h30m` or `1m30s`?), exponents (`1e3s`) or underscores.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "1:30"
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

CODE = "WF107"
NAME = "duration-malformed"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return duration_findings(ctx, CODE)
