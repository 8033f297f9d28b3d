"""wf_lsp.timeline: worst-case start and finish along the depends_on graph, step budgets."""

from __future__ import annotations

import textwrap

from wf_lsp import timeline
from wf_lsp.linter import analyze

M = 60 * 10**9
H = 60 * M


def workflow(text: str):
    result = analyze(textwrap.dedent(text))
    assert result.is_workflow
    return result.workflows[0]


def summary(plan: timeline.Timeline) -> dict:
    return {
        job_id: (t.timeout, t.start, t.finish, t.blocked, t.unbounded_by, plan.critical_path(job_id))
        for job_id, t in sorted(plan.timings.items())
    }


def test_the_timeouts_page_complete_example_sums_along_the_chain():
    with open("examples/ml-training.yaml", encoding="utf-8") as f:
        plan = timeline.build(analyze(f.read()).workflows[0])
    assert summary(plan) == {
        "evaluate": (H, 6 * H + 30 * M, 7 * H + 30 * M, False, None, ("preprocess", "train", "evaluate")),
        "preprocess": (30 * M, 0, 30 * M, False, None, ("preprocess",)),
        "train": (6 * H, 30 * M, 6 * H + 30 * M, False, None, ("preprocess", "train")),
    }


def test_a_diamond_takes_the_longer_branch_and_dependencies_are_counted_once():
    wf = workflow("""
        id: d
        jobs:
          fetch: {timeout: 10m, steps: [{run: a}]}
          fast: {timeout: 5m, depends_on: [fetch], steps: [{run: a}]}
          slow: {timeout: 2h, depends_on: [fetch, fetch], steps: [{run: a}]}
          join: {timeout: 1h, depends_on: [fast, slow, nowhere], steps: [{run: a}]}
    """)
    plan = timeline.build(wf)
    join = plan.of("join")
    assert (join.start, join.finish, join.previous) == (2 * H + 10 * M, 3 * H + 10 * M, "slow")
    assert plan.critical_path("join") == ("fetch", "slow", "join")
    assert timeline.describe(join.finish) == "3h10m"


def test_a_job_without_a_usable_timeout_makes_itself_and_everything_after_it_unbounded():
    wf = workflow("""
        id: u
        jobs:
          prep: {steps: [{run: a}]}
          broken: {timeout: "30x", steps: [{run: a}]}
          train: {timeout: 1h, depends_on: [prep], steps: [{run: a}]}
          report: {timeout: 5m, depends_on: [broken, train], steps: [{run: a}]}
    """)
    plan = timeline.build(wf)
    assert summary(plan) == {
        "broken": (None, 0, None, False, "broken", ("broken",)),
        "prep": (None, 0, None, False, "prep", ("prep",)),
        "report": (5 * M, None, None, False, "broken", ("broken", "report")),
        "train": (H, None, None, False, "prep", ("prep", "train")),
    }
    assert timeline.describe(None) == "unbounded"


def test_a_job_without_a_timeout_whose_steps_all_have_one_runs_at_most_their_sum():
    # Each step ends at its timeout, one after the other: the job ends by their sum. A
    # step without one, or a call (no steps), leaves the job unbounded.
    wf = workflow("""
        id: s
        jobs:
          prep: {timeout: 10m, steps: [{run: a}]}
          build: {depends_on: [prep], steps: [{run: a, timeout: 5m}, {run: b, timeout: 20m}]}
          bad: {timeout: "30x", steps: [{run: a, timeout: 1m}]}
          loose: {steps: [{run: a, timeout: 5m}, {run: b}]}
          call: {workflow: {name: other}}
          ship: {timeout: 1h, depends_on: [build, bad], steps: [{run: a}]}
    """)
    plan = timeline.build(wf)
    build = plan.of("build")
    assert (build.timeout, build.steps_limit, build.start, build.finish) == (None, 25 * M, 10 * M, 35 * M)
    assert (plan.of("bad").steps_limit, plan.of("bad").finish) == (M, M)
    ship = plan.of("ship")
    assert (ship.start, ship.finish, ship.unbounded_by) == (35 * M, H + 35 * M, None)
    assert plan.critical_path("ship") == ("prep", "build", "ship")
    for unbounded in ("loose", "call"):
        timing = plan.of(unbounded)
        assert (timing.steps_limit, timing.finish, timing.unbounded_by) == (None, None, unbounded)


def test_jobs_on_or_after_a_cycle_never_start():
    wf = workflow("""
        id: c
        jobs:
          a: {timeout: 1h, depends_on: [b], steps: [{run: a}]}
          b: {timeout: 1h, depends_on: [a], steps: [{run: a}]}
          me: {timeout: 1h, depends_on: [me], steps: [{run: a}]}
          after: {timeout: 1h, depends_on: [a], steps: [{run: a}]}
          free: {timeout: 1h, steps: [{run: a}]}
    """)
    plan = timeline.build(wf)
    assert {job_id for job_id, t in plan.timings.items() if t.blocked} == {"a", "b", "me", "after"}
    assert (plan.of("free").start, plan.of("free").finish) == (0, H)
    assert plan.critical_path("a") == ("a",)


def test_a_long_chain_needs_no_recursion():
    jobs = "\n".join(
        f"  j{i}: {{timeout: 1m, depends_on: [j{i - 1}], steps: [{{run: a}}]}}" if i else
        "  j0: {timeout: 1m, steps: [{run: a}]}"
        for i in range(3000)
    )
    plan = timeline.build(workflow(f"id: long\njobs:\n{jobs}\n"))
    assert plan.of("j2999").finish == 3000 * M
    assert len(plan.critical_path("j2999")) == 3000


def test_step_budget_and_effective_limits():
    wf = workflow("""
        id: b
        jobs:
          train:
            timeout: 2h
            steps:
              - {timeout: 1h, run: a}
              - {timeout: 45m, run: b}
              - {run: c}
              - {timeout: "3h", run: d}
              - {timeout: "nope", run: e}
          free:
            steps:
              - {timeout: 10m, run: a}
    """)
    train, free = wf.jobs
    budget = timeline.step_budget(train)
    assert budget == timeline.StepBudget(job_timeout=2 * H, used=4 * H + 45 * M, timed_steps=3, steps=5)
    assert budget.over == 2 * H + 45 * M
    assert [timeline.effective_limit(step, train) for step in train.steps] == [
        H, 45 * M, 2 * H, 2 * H, 2 * H,
    ]
    assert timeline.step_budget(free).over == 0
    assert timeline.effective_limit(free.steps[0], free) == 10 * M
