"""A job's call passes inputs that do not fit the called workflow's inputs.

Each name under `workflow.inputs` must be an input the called workflow declares (the
fix renames a near miss: safe when only case or separators differ, `Epochs` for
`epochs`, only offered when the guess changes a letter); each input it declares as
`required` without a `default` must be passed, or the call cannot start (the fix adds
it, with a placeholder value to fill in: offered in the editor, never made by
`--unsafe-fixes`); and a value written literally must be one the input's type accepts, read as the
engine's Go reads it: for `int`, a whole number that fits in 64 bits (a YAML int in any
of its forms, `0x10` too; a quoted string in base 10 only, as `strconv.ParseInt` reads
it); for `bool`, `true` or `false`, or another form `strconv.ParseBool` reads (`1`, `0`,
`t`, `F`, `TRUE`, ...), written plain or quoted (`yes` is not one); for any type, not
empty (a list or a mapping is WF005's). A value with an expression
(`${{ .matrix.region }}`) is known only when the job runs. The called workflow is found
by id in the workspace; a call of an unknown one is WF602's. Held back while the file
has a syntax error.

## Bad
```yaml
# file: nightly.yaml
id: nightly
jobs:
  train:
    timeout: 2h
    workflow:
      name: train-model
      inputs:
        epoch: 10
        dry_run: maybe
```

```yaml
# file: train-model.yaml
id: train-model
inputs:
  epochs:
    type: int
  dataset:
    type: string
    required: true
  dry_run:
    type: bool
    default: false
trigger:
  callable: true
jobs:
  fit:
    timeout: 1h
    steps:
      - run: python train.py
```

## Good
```yaml
# file: nightly.yaml
id: nightly
jobs:
  train:
    timeout: 2h
    workflow:
      name: train-model
      inputs:
        epochs: 10
        dataset: imagenet
        dry_run: true
```

```yaml
# file: train-model.yaml
id: train-model
inputs:
  epochs:
    type: int
  dataset:
    type: string
    required: true
  dry_run:
    type: bool
    default: false
trigger:
  callable: true
jobs:
  fit:
    timeout: 1h
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Edit, Fix, Related, Severity, shortened
from wf_lsp.rules.base import name_list
from wf_lsp.rules.input_values import int_problem, is_bool, shown
from wf_lsp.typos import guesses, same_name

CODE = "WF604"
NAME = "call-inputs"
SEVERITY = Severity.ERROR
ACROSS_FILES = True
NEEDS_COMPLETE = True
HAS_FIX = True

# What a fix writes for an input the call must pass: a value of its type, to replace.
PLACEHOLDER = {"int": "0", "bool": "false", "string": '""'}


def check(ctx):
    entry = ctx.entry
    if entry is None:
        return
    for call in entry.calls:
        target = call.target(ctx.config.workspace_id)
        callee = ctx.workspace.get(target) if target is not None else None
        if callee is None:
            continue
        where = ("" if callee.path == entry.path
                 else f" (`{ctx.workspace.shown(callee.path, entry.path)}`)")
        declared = [item.name for item in callee.inputs]
        passed = {argument.name for argument in call.arguments}
        renames = guesses([a.name for a in call.arguments if callee.input(a.name) is None],
                          [n for n in declared if n not in passed])
        for argument in call.arguments:
            item = callee.input(argument.name)
            if item is None:
                yield _unknown(ctx, callee.id, where, argument, declared,
                               renames.get(argument.name))
            else:
                problem = _not_accepted(item.type, argument)
                if problem:
                    yield ctx.report(f"`{shortened(argument.name)}` is {problem}",
                                     argument.reported_span)
        missing = [item for item in callee.inputs if item.needed and item.name not in passed]
        if missing:
            names = name_list(item.name for item in missing)
            yield ctx.report(
                f"the call of `{shortened(callee.id)}`{where} does not pass the required input"
                f"{'s' * (len(missing) > 1)} {names}, which "
                f"{'have' if len(missing) > 1 else 'has'} no default", call.span,
                # Not an input a misspelt name's rename passes: both fixes wrote it.
                _add(ctx, call, [item for item in missing if item.name not in renames.values()]),
                tuple(Related(item.span, f"`{shortened(item.name)}` is required here",
                              None if callee.path == entry.path else callee.path)
                      for item in missing),
            )


def _unknown(ctx, callee_id: str, where: str, argument, declared: list[str],
             guess: str | None):
    if guess:
        # A key merged in (`<<: *common`) is renamed for every mapping that merges it; a
        # guess that changes a letter may pass another input.
        fix = Fix(f"Rename to `{shortened(guess)}`", (Edit(argument.key_span, guess),),
                  safe=not argument.merged and same_name(argument.name, guess))
        return ctx.report(f"the workflow `{shortened(callee_id)}`{where} has no input "
                          f"`{shortened(argument.name)}`: did you mean `{shortened(guess)}`?",
                          argument.key_span, (fix,))
    return ctx.report(f"the workflow `{shortened(callee_id)}`{where} has no input "
                      f"`{shortened(argument.name)}` (inputs: {name_list(declared)})",
                      argument.key_span)


def _not_accepted(kind: str | None, argument) -> str | None:
    """Why the input's type does not accept the value as written, or None. A list or a
    mapping is WF005's ("must be a single value"), whatever the input's type."""
    if argument.yaml_type in ("seq", "map"):
        return None
    if argument.yaml_type == "null":
        return f"a `{kind or 'string'}` input: its value cannot be empty"
    text = argument.text or ""
    if "${{" in text or kind not in ("int", "bool"):
        return None
    if kind == "int":
        problem = int_problem(text, argument.yaml_type)
        return problem and f"an `int` input: {problem}"
    # A YAML bool or int is read by its text too: `1` is `true`, as `"1"` is.
    if not is_bool(text):
        return f"a `bool` input: {shown(text)} is not `true` or `false`"
    return None


def _add(ctx, call, missing) -> tuple[Fix, ...]:
    """The fix that passes the missing inputs, each with a placeholder of its type."""
    if call.insert_at is None or not missing:
        return ()
    indent = call.indent + "  " if call.opens_inputs else call.indent
    lines = "".join(f"{indent}{item.name}: {PLACEHOLDER.get(item.type, PLACEHOLDER['string'])}\n"
                    for item in missing)
    if call.opens_inputs:
        lines = f"{call.indent}inputs:\n{lines}"
    return (Fix(f"Pass {name_list(item.name for item in missing)}",
                (ctx.source.insert_lines(call.insert_at.line, lines),), safe=False,
                placeholder=True),)
