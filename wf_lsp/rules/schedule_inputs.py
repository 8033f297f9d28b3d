"""A schedule's `inputs` do not fit the workflow's declared inputs.

Each schedule starts runs with its `inputs`: a name there must be an input the workflow
declares (the fix renames a near miss: safe when only case or separators differ, only
offered when the guess changes a letter, `epoch` for `epochs`), and its value, a string, must read as the
input's type the way the engine's Go reads it (`int`: a whole number in base 10 that fits
in 64 bits, such as `"10"`, as `strconv.ParseInt` reads it; `bool`: `"true"` or
`"false"`, or another form `strconv.ParseBool` reads: `"1"`, `"0"`, `"t"`, `"F"`,
`"TRUE"`, ...; `"yes"` is not one). A required input without a default must be given by every schedule, or its runs cannot
start. Held back while the file has a syntax error.

## Bad
```yaml
id: nightly
inputs:
  epochs:
    type: int
  dataset:
    type: string
    required: true
trigger:
  schedule:
    - cron: "0 2 * * *"
      inputs:
        epoch: "10"
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py
```

## Good
```yaml
id: nightly
inputs:
  epochs:
    type: int
  dataset:
    type: string
    required: true
trigger:
  schedule:
    - cron: "0 2 * * *"
      inputs:
        epochs: "10"
        dataset: imagenet
jobs:
  train:
    timeout: "1h"
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Edit, Fix, Severity
from wf_lsp.model import token_span, yaml_type
from wf_lsp.rules.base import name_list
from wf_lsp.typos import guesses, same_name
from wf_lsp.rules.contexts import declares, of
from wf_lsp.rules.input_values import BOOL_WORDS, int_problem, is_bool, shown

CODE = "WF513"
NAME = "schedule-inputs"
SEVERITY = Severity.ERROR
NEEDS_COMPLETE = True
HAS_FIX = True


def check(ctx):
    if not declares(ctx, "trigger"):
        return
    semantics = of(ctx)
    inputs = semantics.inputs
    for schedule in semantics.schedules:
        given = {entry.key for entry in schedule.inputs}
        # Inputs the schedule does not give already, each the guess of one name only.
        renames = guesses([e.key for e in schedule.inputs if e.key not in inputs],
                          [n for n in inputs if n not in given])
        for entry in schedule.inputs:
            declared = inputs.get(entry.key)
            if declared is None:
                yield _unknown(ctx, entry, list(inputs), renames.get(entry.key))
            elif declared.type in ("int", "bool") and yaml_type(entry.value) == "str":
                yield from _typed(ctx, entry, declared.type)
        missing = [item.name for item in inputs.values()
                   if item.required and item.default is None and item.name not in given]
        if missing:
            which = name_list(missing)
            yield ctx.report(f"this schedule does not give the required input"
                             f"{'s' * (len(missing) > 1)} {which}, which "
                             f"{'have' if len(missing) > 1 else 'has'} no default: its runs "
                             "cannot start", schedule.section.anchor)


def _unknown(ctx, entry, declared: list[str], guess: str | None):
    if guess:
        return ctx.report(f"the workflow has no input `{entry.key}`: did you mean "
                          f"`{guess}`?", entry.key_span,
                          (ctx.rename_key_fix(entry, guess, safe=same_name(entry.key, guess)),))
    return ctx.report(f"the workflow has no input `{entry.key}` (inputs: "
                      f"{name_list(declared)})", entry.key_span)


def _typed(ctx, entry, kind: str):
    value = entry.value.value
    if "${{" in value:
        return
    span = token_span(entry.value, ctx.source)
    if kind == "int":
        problem = int_problem(value)
        if problem:
            yield ctx.report(f"`{entry.key}` is an `int` input: {problem}", span)
    elif not is_bool(value):
        word = BOOL_WORDS.get(value.lower())
        fixes = ((Fix(f"Write `\"{word}\"`", (Edit(span, f'"{word}"'),), safe=False),) if word
                 else ())
        yield ctx.report(f"`{entry.key}` is a `bool` input: {shown(value)} is not `\"true\"` or "
                         "`\"false\"`", span, fixes)
