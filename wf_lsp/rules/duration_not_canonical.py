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

from wf_lsp.durations import Verdict, change_to
from wf_lsp.findings import Severity, shortened

CODE = "WF111"
NAME = "duration-not-canonical"
SEVERITY = Severity.HINT
READS_TIMEOUTS = "each"
HAS_FIX = True
DEFAULT_ON = False


def judge(value, check):
    if not value.valid or value.text == value.canonical:
        return None
    return Verdict(f'"{shortened(value.text)}" is {value.canonical}: write it as "{value.canonical}"',
                   (change_to(value.canonical, True),))


def check(ctx):
    return ctx.duration_findings()
