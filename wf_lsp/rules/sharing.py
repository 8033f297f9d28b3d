"""What several jobs share (a merge key, an alias: one node read by each), and how a
finding about it names them. Imports nothing of the rules: `missing_timeout` is imported by
the duration rules that `base` imports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from wf_lsp.findings import shortened

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any


def sharing_jobs(workflow, keys: Callable[[Any], Iterable[Any]]) -> dict[Any, list[str]]:
    """The ids of the jobs each key of `keys(job)` comes from, in order, where jobs may
    share nodes: a finding about what several jobs share is made once and names them all.
    Empty in a plain workflow, whose jobs share nothing."""
    found: dict[Any, list[str]] = {}
    if not workflow.plain:
        for job in workflow.jobs:
            for key in keys(job):
                ids = found.setdefault(key, [])
                if job.id not in ids:
                    ids.append(job.id)
    return found


def jobs_named(ids: Sequence[str]) -> str:
    """"job `a`", or "jobs `a`, `b`" (all of them: few jobs share one thing)."""
    if len(ids) == 1:
        return f"job `{shortened(ids[0])}`"
    return "jobs " + ", ".join(f"`{shortened(job_id)}`" for job_id in ids)


def timeout_of(ids: Sequence[str], value: str = "") -> str:
    """"job `a`'s timeout 1h", or "the timeout 1h of jobs `a`, `b`" that they share."""
    return owned_by(ids, "timeout" + (f" {value}" if value else ""))


def owned_by(ids: Sequence[str], what: str) -> str:
    """"job `a`'s `matrix`", or "the `matrix` of jobs `a`, `b`"."""
    if len(ids) == 1:
        return f"{jobs_named(ids)}'s {what}"
    return f"the {what} of {jobs_named(ids)}"
