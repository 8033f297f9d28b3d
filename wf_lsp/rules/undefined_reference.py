"""An expression reads an input, secret or matrix variable that is not declared.

`.inputs.X` needs an input `X` in the workflow's `inputs`; `.secrets.X` a secret whose
`as` is `X`; `.matrix.X` a variable `X` of the enclosing job's `matrix`. Anything else
has no value at run time. When the name is close to a declared one, the fix renames it:
safe (`--fix`) when it is that name written with another case or other separators,
only offered when the guess changes a letter (`.inputs.epoch` for `epochs`).
The same holds for the other spellings of a path, `index .inputs "X"` and `(.inputs).X`,
and for a name read through what `.` holds in a `with`
(`${{ with .inputs }}${{ .X }}${{ end }}`) or through a variable declared with a path
(`${{ $in := .inputs }}`, then `$in.X`), or through `.` in the body of a `define` or
`block` that every call reaching it gives the same path (`${{ template "d" .inputs }}`,
then `.X` in `d`; called with `.inputs` here and `.env` there, it is not judged). What a
`range` gives is not judged: the shape of its elements is not known.
A declared value is a string, a number or a boolean, with no fields: `.inputs.X.Y` stops
the run.
Held back while the file has a syntax error, since the declaration may be after it.

## Bad
```yaml
id: train
inputs:
  epochs:
    type: int
secrets:
  - name: workspaces/ml/secrets/hf-token
    as: hf_token
jobs:
  train:
    timeout: "1h"
    matrix:
      model: [small, large]
    steps:
      - run: python train.py --epochs ${{ .inputs.epoch }} --model ${{ .matrix.modle }}
        env:
          HF_TOKEN: ${{ .secrets.token }}
```

## Good
```yaml
id: train
inputs:
  epochs:
    type: int
secrets:
  - name: workspaces/ml/secrets/hf-token
    as: hf_token
jobs:
  train:
    timeout: "1h"
    matrix:
      model: [small, large]
    steps:
      - run: python train.py --epochs ${{ .inputs.epochs }} --model ${{ .matrix.model }}
        env:
          HF_TOKEN: ${{ .secrets.hf_token }}
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity, shortened
from wf_lsp.rules.base import name_list
from wf_lsp.typos import close_match, same_name
from wf_lsp.rules.contexts import each_job_evaluated, lacking, of, rename
from wf_lsp.rules.sharing import owned_by

CODE = "WF403"
NAME = "undefined-reference"
SEVERITY = Severity.ERROR
NEEDS_COMPLETE = True
HAS_FIX = True


def check(ctx):
    reported = set()  # a matrix variable several jobs share (an alias, a merge key): once
    return each_job_evaluated(ctx, lambda pairs: _check(ctx, pairs, reported))


def _check(ctx, pairs, reported):
    for site, reference in pairs:
        semantics = of(ctx)
        context, name = reference.context.name, reference.name
        if name is None or context not in ("inputs", "secrets", "matrix"):
            continue
        if context == "matrix" and semantics.matrix_of(site.place.job) is None:
            continue  # no matrix at all: WF405
        known = semantics.visible(site.place, context)
        if name.name in known:
            if reference.rest and reference.written(2):
                yield from _field_of_a_value(ctx, reference, known[name.name])
            continue
        if not reference.written(1):
            continue  # reported where `.` or the variable got it (`with .inputs.x`)
        if context == "matrix":
            if name.span not in reported:
                reported.add(name.span)
                yield from _not_a_variable(ctx, site, reference)
            continue
        guess = close_match(name.name, list(known))
        if context == "inputs":
            problem = f"`.inputs.{shortened(name.name)}` is not an input of this workflow"
            choices = f"inputs: {name_list(known)}" if known else "it declares no `inputs`"
        else:
            shown = shortened(name.name)
            problem = f"`.secrets.{shown}` names no secret: none has `as: {shown}`"
            choices = f"aliases: {name_list(known)}" if known else "it declares no `secrets`"
        yield _report(ctx, name, problem, choices, guess)


def _report(ctx, name, problem: str, choices: str, guess: str | None):
    if guess:
        edit = rename(ctx, name.span, name.name, guess)
        fixes = ((Fix(f"Change to `{guess}`", (edit,), safe=same_name(name.name, guess)),)
                 if edit else ())
        return ctx.report(f"{problem}: did you mean `{guess}`?", name.span, fixes)
    return ctx.report(f"{problem} ({choices})", name.span)


def _not_a_variable(ctx, site, reference):
    """`.matrix.X` where the job's matrix has no `X`: one finding for the jobs that share the
    value (an alias, a merge key) and lack it, with a guess only when each of them makes it
    and no job has `X` (`lacking`)."""
    name = reference.name
    jobs, has_it = lacking(ctx, site, reference)
    if not jobs:
        return
    guesses = {close_match(name.name, known) for known in jobs.values()}
    guess = guesses.pop() if len(guesses) == 1 and not has_it else None
    problem = f"`.matrix.{name.name}` is not a variable of {owned_by(list(jobs), '`matrix`')}"
    listed: dict[str, list[str]] = {}  # the variables, with the jobs that have just those
    for job_id, known in jobs.items():
        listed.setdefault(name_list(known), []).append(f"`{job_id}`")
    if len(listed) == 1:
        choices = f"variables: {next(iter(listed))}"
    else:
        choices = "variables: " + "; ".join(f"{names} in {', '.join(ids)}"
                                            for names, ids in listed.items())
    yield _report(ctx, name, problem, choices, guess)


def _field_of_a_value(ctx, reference, declared):
    """`.inputs.n.x`: every value an expression reads is a string, a number or a boolean,
    and the engine stops on a field of one."""
    context, name, field = reference.context.name, reference.name.name, reference.rest[0]
    if context == "inputs":
        kind = declared.type
        if kind not in ("string", "int", "bool"):
            return  # no type, or one WF501 reports
        what = f"an `{kind}` input" if kind == "int" else f"a `{kind}` input"
    elif context == "secrets":
        what = "a secret, a string"
    else:
        what = "a matrix variable, a string"
    yield ctx.report(f"`.{context}.{name}` is {what}: it has no field `{field.name}`",
                     field.span)
