"""A schedule's `cron` uses a form the format does not document.

The engine expects 5 numeric fields. `@daily`-style macros, month and day names (`JAN`,
`MON`), `?`, `L`, `W`, `#` and a seconds or year field are extensions some cron
libraries accept; whether the engine's does is not documented. The fix writes the
documented spelling where there is one (`@daily` → `0 0 * * *`, `MON` → `1`, `?` → `*`).

## Bad
```yaml
id: weekly-report
trigger:
  schedule:
    - cron: "0 9 * * MON"
jobs:
  report:
    steps:
      - run: python report.py
```

## Good
```yaml
id: weekly-report
trigger:
  schedule:
    - cron: "0 9 * * 1"
jobs:
  report:
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.contexts import cron_fixes, cron_problems

CODE = "WF512"
NAME = "cron-undocumented"
SEVERITY = Severity.WARNING
HAS_FIX = True


def check(ctx):
    for problem, text in cron_problems(ctx, undocumented=True):
        yield ctx.report(problem.message, text.span(problem.start, problem.end),
                         cron_fixes(ctx, text, problem))
