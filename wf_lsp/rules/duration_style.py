"""A valid duration is written in an odd way.

Go accepts it, but it reads badly or does not say what it means: a leading `+`,
a bare fraction (`.5h`, `5.h`), the Greek letter mu (`μs`, which looks like the
micro sign `µs`), zero parts (`1h0m`), or fraction digits that Go does not read as
written: it drops what is below a nanosecond, and its floating-point scaling of a long
fraction may round it up or down (`1.99999999999999999999ns` is 2ns). The fix writes
the canonical form, what Go reads.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "1h0m"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "1h"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.durations import EXACT_NS, Verdict, canonical, change_to, exact, exact_total
from wf_lsp.findings import Severity, shortened

CODE = "WF110"
NAME = "duration-style"
SEVERITY = Severity.HINT
READS_TIMEOUTS = "each"
HAS_FIX = True


def judge(value, check):
    if not value.valid:
        return None
    ns, segments = value.nanoseconds, value.segments
    if value.sign == "+":
        why = 'the "+" sign is redundant'
    elif any(not digits or frac == "" for digits, frac, _ in segments):
        why = "Go accepts a decimal point with no digit on one side, but it is easy to misread"
    elif any(unit == "μs" for _, _, unit in segments):
        why = 'the Greek letter "μ" (U+03BC) is an unusual way to write microseconds'
    elif any(exact(digits, frac, 1) == 0 for digits, frac, _ in segments):
        why = "zero parts add nothing"
    elif (written := exact_total(segments)) != ns * EXACT_NS:
        # Go drops what is below a nanosecond, but it scales a fraction in float64
        # arithmetic, whose rounding may land a nanosecond away (up or down) from that.
        if written // EXACT_NS == ns:
            why = f"Go drops the digits below a nanosecond and reads this as {canonical(ns)}"
        else:
            way = "up" if ns * EXACT_NS > written else "down"
            why = (f"Go reads this as {canonical(ns)}: it scales the fraction in "
                   f"floating point, which rounds it {way}")
    else:
        return None
    return Verdict(f'{why}: write "{shortened(value.text)}" as "{canonical(ns)}"',
                   (change_to(canonical(ns), True),))


def check(ctx):
    return ctx.duration_findings()
