"""A schedule's `cron` uses a form the format does not document, or days cron libraries read apart.

The engine expects 5 numeric fields. `@daily`-style macros, month and day names (`JAN`,
`MON`), `?`, `L`, `W`, `#` and a seconds or year field are extensions some cron
libraries accept; whether the engine's does is not documented. A number's plus sign
(`+5`) is read by the engine's Go library (strconv.Atoi takes it), not documented. So is
a time zone first (`CRON_TZ=Europe/Berlin 0 9 * * *`, robfig/cron's prefix): the format
runs every schedule in UTC; the schedule after it is checked as any, and a UTC zone's
prefix is removed as the fix (a zone the tz database does not have is a WF511 error). The
fix writes the documented spelling where there is one (`@daily` → `0 0 * * *`, `MON` →
`1`, `?` → `*` in any field (`?/15` too), `+5` → `5`);
not for the names of a range that goes backwards (`MON-SUN`, which the engine's library
refuses: `1-0` would be as wrong, and further from what was meant), whose fix is WF511's
guess at the range (`1-6,0`, offered, never made by `--fix`), if any.

Also reported: day fields that cron libraries combine differently. When both day of
month and day of week restrict, a day matching either runs; Vixie cron counts a field
led by `*` (`*/2`) as not restricting (a day must match both), Go's robfig/cron only
`*` itself, so `0 0 */2 * 1` runs on odd days that are Mondays in one and on odd days
and Mondays in the other. The unsafe fix writes the range (`1-31/2`), which every
library reads as restricting: either day. The editor's hover and next runs follow
Vixie cron.

As for WF511, the first 20 problems of one schedule are listed and the rest as one
finding, whose safe fix makes all of theirs.

## Bad
```yaml
id: weekly-report
trigger:
  schedule:
    - cron: "0 9 * * MON"
jobs:
  report:
    timeout: "1h"
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
    timeout: "1h"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.contexts import cron_findings

CODE = "WF512"
NAME = "cron-undocumented"
SEVERITY = Severity.WARNING
HAS_FIX = True


def check(ctx):
    return cron_findings(ctx, undocumented=True)
