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

from wf_lsp.durations import Verdict
from wf_lsp.findings import Severity

CODE = "WF108"
NAME = "duration-type"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"

_TYPE_NAMES = {"bool": "a boolean", "seq": "a list", "map": "a mapping"}


def judge(value, check):
    if value.is_text:
        return None
    what = _TYPE_NAMES.get(value.yaml_type, f"a {value.yaml_type}")
    if value.yaml_type == "null":
        what = "null" if value.text else "empty"  # `null` or `~` written, or nothing
    return Verdict(f'the value is {what}: a duration must be a string like "30m"')


def check(ctx):
    return ctx.duration_findings()
