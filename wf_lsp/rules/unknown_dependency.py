"""`depends_on` names a job that does not exist in this workflow.

The engine rejects the workflow. When the name is close to a job id, the fix renames
it (`preprocss` → `preprocess`, `Train_Model` → `train_model`); not to the job itself,
nor to a job the list already names or another name's fix renames to, which the
message says instead; a name like no job's lists the other jobs. The fix is safe (`--fix`) only when the name is the job's id
written with another case or other separators (`Train-Model`); a guess that changes a
letter (`etl` for a job `elt`) may mean another job, and is only offered (the editor's
quick fix, `--unsafe-fixes`); a rename that would close a cycle is offered in the editor
only, its title saying so. Held back while the file has a syntax error, since the
job may be defined after it. The first 20 unknown names of one job are listed, the rest
as one finding whose safe fix makes all of theirs (as for WF511).

## Bad
```yaml
id: pipeline
jobs:
  preprocess:
    timeout: "1h"
    steps:
      - run: python clean.py
  train:
    timeout: "1h"
    depends_on: [preprocss]
    steps:
      - run: python train.py
```

## Good
```yaml
id: pipeline
jobs:
  preprocess:
    timeout: "1h"
    steps:
      - run: python clean.py
  train:
    timeout: "1h"
    depends_on: [preprocess]
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from itertools import islice

from wf_lsp.findings import Edit, Fix, Severity, shortened
from wf_lsp.model import job_graph
from wf_lsp.rules.base import MAX_LISTED, name_list, shown_name
from wf_lsp.typos import Guesser, same_name

CODE = "WF301"
NAME = "unknown-dependency"
SEVERITY = Severity.ERROR
NEEDS_COMPLETE = True
HAS_FIX = True


def check(ctx):
    # Made from every job's id and `depends_on` alone: kept while those are equal.
    return ctx.while_same("unknown", ctx.workflow.dependencies, lambda: _check(ctx))


def _check(ctx):
    workflow = ctx.workflow
    ids = list(workflow.by_id)
    # Each unknown name compared with the jobs once, within a budget; while the job ids
    # stay the same, the previous lint's comparisons are reused.
    known = ctx.memo.by_key("WF301:rankings", tuple(ids), dict) if ctx.memo else None
    guesser = Guesser(ids, known=known)
    guesses = {}  # ref span → the job it most likely means
    by_id = workflow.by_id
    for job in workflow.jobs:
        unknown = [ref for ref in job.depends_on if ref.name not in by_id]
        if not unknown:
            continue
        # A job is not its own dependency, and a name already listed would only become
        # a duplicate one.
        excluded = {job.id, *(ref.name for ref in job.depends_on)}
        for ref in unknown:
            guess = guesser.best(ref.name, excluded)
            if guess:
                guesses[ref.span] = guess
                excluded.add(guess)
    # The graph as if every rename were applied: two renames may close a cycle together.
    # (A known name is looked up by itself: a Span hashes in Python, and there are many.)
    renamed = None
    if guesses:
        needs = tuple((job.id, tuple(ref.name if ref.name in by_id
                                     else guesses.get(ref.span, ref.name)
                                     for ref in job.depends_on))
                      for job in workflow.jobs)
        renamed = job_graph(needs, ctx.memo, "WF301:renamed")
    reported = set()  # a merged `depends_on` is shared by jobs: one finding, at the anchor
    for job in workflow.jobs:
        found = []
        for ref in job.depends_on:
            if ref.name in workflow.by_id or ref.span in reported or "${{" in ref.name:
                continue  # (an expression names no job: WF406 says why)
            reported.add(ref.span)
            guess = guesses.get(ref.span)
            if guess:
                # Offered, but not applied unasked, when the guess changes a letter; when
                # the renamed edge closes a cycle, in the editor only (`placeholder`):
                # `--unsafe-fixes` made the cycle, an error the workflow did not have.
                closes = renamed.on_cycle(job.id, guess)
                title = f"Change to `{guess}`" + ", which closes a dependency cycle" * closes
                fix = Fix(title, (Edit(ref.span, guess),), safe=same_name(ref.name, guess)
                          and not closes, placeholder=closes)
                found.append(ctx.report(
                    _unknown(ref.name) + f": did you mean `{guess}`?", ref.span, (fix,),
                ))
            else:
                found.append(ctx.report(_unguessed(ref, job, guesser, guesses, workflow.by_id),
                                        ref.span))
        yield from ctx.capped(found, f"job `{shortened(job.id)}`'s `depends_on`")


def _unguessed(ref, job, guesser, guesses, by_id) -> str:
    """The message for a name without a guess: why the closest job is not offered, when
    there is one (`Train_Model` after `train-model` in one list), else the jobs it may
    name: not the job itself, which cannot depend on itself."""
    near = guesser.best(ref.name)
    if near is None:
        # The first of the others only, and how many there are: thousands of jobs may
        # each name no job, and the message lists a few.
        first = [other for other in islice(by_id, MAX_LISTED + 1) if other != job.id]
        count = len(by_id) - (job.id in by_id)
        if not count:
            return _unknown(ref.name) + ": this workflow has no other job"
        return _unknown(ref.name) + f" (jobs: {name_list(first, count)})"
    if near == job.id:
        why = "this job's own"
    else:
        by = next((other.name for other in job.depends_on if guesses.get(other.span) == near),
                  None)
        why = ("listed already" if by is None else
               f"the guess for the first `{by}`" if by == ref.name else f"the guess for `{by}`")
    return _unknown(ref.name) + f": the closest job id, `{near}`, is {why}"


def _unknown(name: str) -> str:
    """ "unknown job `x`"; "an empty name names no job" (`depends_on: [""]`)."""
    shown = shown_name(name)
    return f"unknown job {shown}" if name.strip() else f"{shown} names no job"
