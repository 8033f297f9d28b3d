"""A job id the engine cannot use.

A job id names the job in `depends_on` and in the run's resources. An empty id, one with
spaces or ASCII punctuation other than `_`, `-` and `.`, one that starts with `-` or `.`,
one YAML reads as a number (`2026:`, `1e3:`) or as `true`/`false`/`null` (not names at all
in YAML) is refused; quoted (`"2026":`, `"true":`) it is a name like any other, and the fix
quotes it. A `depends_on` entry naming it is quoted too (`depends_on: ["2026"]`): written
plain, `[2026]` is a number, which WF005 says (and quotes). Letters, digits and symbols of any script are fine (`データ`), and so
are ids that start with a digit or hold a dot (`01-fetch`, `job.v2`): the format's
documentation sets no pattern for ids, these never need quoting, and no expression reads a
job id (there is no `.jobs` context), so nothing in the format breaks on them. This is the
rule a rename in the editor holds a new name to.

## Bad
```yaml
id: nightly
jobs:
  clean data:
    timeout: "1h"
    steps:
      - run: python clean.py
  build/linux:
    timeout: "1h"
    depends_on: [clean data]
    steps:
      - run: python train.py
```

## Good
```yaml
id: nightly
jobs:
  clean_data:
    timeout: "1h"
    steps:
      - run: python clean.py
  build-linux:
    timeout: "1h"
    depends_on: [clean_data]
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Edit, Fix, Severity
from wf_lsp.fixes import quoted
from wf_lsp.rules.base import shown_name
from wf_lsp.spec import job_id_problem

CODE = "WF007"
NAME = "invalid-job-id"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    return ctx.each_job("id", lambda job: _check(ctx, job))


def _check(ctx, job):
    if "${{" in job.id:
        return  # an expression: WF406 says that it is read as written
    problem = job_id_problem(job.id, job.id_type)
    if problem is None:
        return
    shown = shown_name(job.id)
    fixes = ()
    if job_id_problem(job.id, "str") is None:  # a name YAML reads as something else
        problem += ": quote it"
        if _written_plain(ctx, job):
            fixes = (Fix(f"Quote it: {quoted(job.id)}", (Edit(job.key_span, quoted(job.id)),),
                         True),)
    yield ctx.report(f"{shown} is not a valid job id: {problem}", job.key_span, fixes)


def _written_plain(ctx, job) -> bool:
    """The key is its text alone: no `&anchor` or `!tag` a rewrite would drop, on one line."""
    span = job.key_span
    return (span.start.line == span.end.line
            and ctx.source.line_text(span.start.line)[span.start.column:span.end.column] == job.id)
