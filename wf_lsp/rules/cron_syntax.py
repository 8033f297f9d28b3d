"""A schedule's `cron` is not a valid 5-field cron expression, or never runs.

"Cron expressions use the standard 5-field format", in UTC: minute (0-59), hour (0-23),
day of month (1-31), month (1-12), day of week (0-6, Sunday first), each `*`, a number,
a list `1,15`, a range `1-5` or a step `*/15`. Reported: a field count other than
five, a value out of range (the finding covers the field's characters), a malformed
list, range or step (an empty entry of a list, `1,,2`, which the engine's Go library skips,
has its comma taken out as the fix; a month or day written out, `Monday`, `TUES`, `Sept`,
which no cron library reads, its number) (a step past 9223372036854775807, which the engine's Go cron library
cannot read, too), a space beside a list's comma (`1, 2`), an invisible character pasted
along (a zero-width space, which Go does not take for a space as it does a no-break one),
an `@every` whose duration Go's time.ParseDuration refuses (`@every 1x`, `@every 1h 30m`,
fixed to `1h30m`),
a time zone prefix naming no zone of the tz database, and a day that never comes (`0 0 31 2 *`: February has no 31st). The fields of a 6- or 7-field schedule
(WF512) are checked too. A weekday 7 (Sunday in some crons) gets a fix that keeps the
days: `7` → `0`, `5-7` → `5-6,0`, `0-7` → `0-6`, and `7,0` → `0` (no second Sunday). A
weekday range to Sunday written 0 (`5-0`, `FRI-SUN`) goes backwards; the fix offered,
not applied unasked, reads it as the libraries that wrap do: `5-6,0`.

The first 20 problems of one schedule are listed, the rest as one finding that says how
many (a pasted list of thousands of bad items is not thousands of diagnostics); its safe
fix makes all of theirs, so `--fix` leaves none of them, and their unsafe fixes are
offered once they are listed.

## Bad
```yaml
id: nightly
trigger:
  schedule:
    - cron: "0 25 * * *"
jobs:
  build:
    timeout: "1h"
    steps:
      - run: make
```

## Good
```yaml
id: nightly
trigger:
  schedule:
    - cron: "0 2 * * *"
jobs:
  build:
    timeout: "1h"
    steps:
      - run: make
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity
from wf_lsp.rules.contexts import cron_findings

CODE = "WF511"
NAME = "cron-syntax"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return cron_findings(ctx, undocumented=False)
