"""A duration uses a unit Go does not know.

Only `ns`, `us` (or `µs`, `μs`), `ms`, `s`, `m` and `h` exist, and they are
case-sensitive. The common slips are fixed: `1d` → `24h`, `1w` → `168h`,
`5min`/`5mins`/`5minutes` → `5m`, `2hr`/`2hrs`/`2hours` → `2h`,
`10sec`/`10secs`/`10seconds` → `10s`, `2H` → `2h`, `100MS` → `100ms`.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "1d"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "24h"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.durations import (
    EXACT_NS,
    MAX_NS,
    NANOSECONDS,
    UNITS,
    Verdict,
    canonical,
    change_to,
    exact,
)
from wf_lsp.findings import Severity, shortened

CODE = "WF106"
NAME = "duration-unknown-unit"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"
HAS_FIX = True

# Slips seen in real workflows, keyed by casefold(): (nanoseconds per unit, safe to apply
# unasked). "M" is left unsafe: it may mean months.
_MINUTE, _HOUR = NANOSECONDS["m"], NANOSECONDS["h"]
_ALIASES: dict[str, tuple[int, bool]] = {"m": (_MINUTE, False)}
for _names, _ns in (
    ("d day days", 24 * _HOUR),
    ("w wk wks week weeks", 7 * 24 * _HOUR),
    ("h hr hrs hour hours", _HOUR),
    ("min mins minute minutes", _MINUTE),
    ("s sec secs second seconds", NANOSECONDS["s"]),
    ("ms msec msecs millis millisecond milliseconds", NANOSECONDS["ms"]),
    ("us μs usec usecs μsec μsecs micros microsecond microseconds", NANOSECONDS["us"]),
    ("ns nsec nsecs nanos nanosecond nanoseconds", NANOSECONDS["ns"]),
):
    _ALIASES.update((_name, (_ns, True)) for _name in _names.split())
_KNOWN = ", ".join(unit.name for unit in reversed(UNITS[1:])) + f" and {UNITS[0].name}"


def judge(value, check):
    if value.syntax != "unknown unit":
        return None
    text, unit = value.text, value.segments[value.at][2]
    total, safe = 0, True
    for digits, frac, seg_unit in value.segments:
        if seg_unit in NANOSECONDS:
            unit_ns = NANOSECONDS[seg_unit]
        elif seg_unit.casefold() in _ALIASES and (digits or frac):
            unit_ns, alias_safe = _ALIASES[seg_unit.casefold()]
            safe = safe and alias_safe
        else:
            total = None
            break
        total += exact(digits, frac, unit_ns)
    fixes = []
    if total is not None and value.sign != "-" and 0 < total // EXACT_NS <= MAX_NS:
        fixes.append(change_to(canonical(total // EXACT_NS), safe))
    hint = f'; write "{shortened(fixes[0].new_text)}"' if fixes else ""
    return Verdict(f'unknown unit "{shortened(unit)}" in "{shortened(text)}": durations use '
                   f'{_KNOWN}{hint}',
                   tuple(fixes))


def check(ctx):
    return ctx.duration_findings()
