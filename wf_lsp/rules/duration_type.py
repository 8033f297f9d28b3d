"""A duration is not a string or a number.

A timeout must be a duration string such as `"30m"`. `true`, an empty value
(`timeout:` with nothing after it, which YAML reads as null), a list or a mapping are
rejected. An empty `timeout:` does not mean "no timeout": remove the key for that.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: true
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "30m"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.base import duration_findings

CODE = "WF108"
NAME = "duration-type"
SEVERITY = Severity.ERROR


def check(ctx):
    return duration_findings(ctx, CODE)
