"""wf_lsp.graph: components, cycles and order, against a brute-force oracle on small graphs."""

from __future__ import annotations

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.graph import MAX_SEARCHED_COMPONENT, JobGraph


# Up to 9 jobs, each listing some of the jobs (itself included) and names that are no job.
NAMES = [f"j{n}" for n in range(9)]
graphs = st.integers(1, 9).flatmap(lambda n: st.lists(
    st.lists(st.sampled_from(NAMES[:n] + ["ghost"]), max_size=5), min_size=n, max_size=n))


def distances(needs: dict[str, tuple[str, ...]], start: str) -> dict[str, int]:
    """How many edges from `start` to each job it reaches (itself: 0)."""
    seen, queue = {start: 0}, deque([start])
    while queue:
        node = queue.popleft()
        for nxt in needs[node]:
            if nxt not in seen:
                seen[nxt] = seen[node] + 1
                queue.append(nxt)
    return seen


@settings(max_examples=examples(0.5, at_most=400))
@given(graphs)
def test_components_cycles_and_order_match_brute_force(listed):
    graph = JobGraph.of((f"j{n}", names) for n, names in enumerate(listed))
    needs = graph.needs
    assert set(needs) == {f"j{n}" for n in range(len(listed))}
    assert all("ghost" not in names for names in needs.values())  # no job: left out
    reach = {job: distances(needs, job) for job in needs}
    for a in needs:
        for b in needs:
            together = b in reach[a] and a in reach[b]
            assert (graph.components[a] == graph.components[b]) == together, (a, b)
        assert graph.component_size(a) == sum(
            1 for b in needs if b in reach[a] and a in reach[b])
    for job, names in needs.items():
        for need in names:
            assert graph.on_cycle(job, need) == (job in reach[need])
            cycle = graph.cycle(job, need)
            if job not in reach[need]:
                assert cycle is None
                continue
            # A real cycle through the edge, as short as any.
            assert cycle[:2] == (job, need) and cycle[-1] == job
            assert all(b in needs[a] for a, b in zip(cycle[1:], cycle[2:]))
            assert len(cycle) - 2 == reach[need][job]
    # The order: each job after what it needs; left out, exactly the jobs that wait on a cycle.
    position = {job: index for index, job in enumerate(graph.order)}
    waits_on_cycle = {job for job in needs
                      if any(graph.on_cycle(a, b) for a in reach[job] for b in needs[a])}
    assert set(position) == set(needs) - waits_on_cycle
    assert all(position[need] < position[job] for job in position for need in needs[job])
    assert graph.dependents == {job: tuple(j for j in needs if job in needs[j]) for job in needs}


def test_a_repeated_job_id_adds_its_needs_to_the_first():
    graph = JobGraph.of([("a", ["b"]), ("b", []), ("a", ["c", "b"]), ("c", [])])
    assert graph.needs == {"a": ("b", "c"), "b": (), "c": ()}


def test_a_large_component_is_not_searched_per_edge():
    jobs = [f"j{n}" for n in range(MAX_SEARCHED_COMPONENT + 1)]
    graph = JobGraph.of((job, [other for other in jobs if other != job]) for job in jobs)
    assert graph.on_cycle("j0", "j1") and graph.cycle("j0", "j1") is None
    assert graph.component_size("j5") == len(jobs)
    small = JobGraph.of((job, [other for other in jobs[:-1] if other != job]) for job in jobs[:-1])
    assert small.cycle("j0", "j1") == ("j0", "j1", "j0")


def test_long_chains_and_rings_need_no_recursion():
    count = 100_000  # far deeper than Python's recursion limit
    chain = JobGraph.of((f"j{n}", [f"j{n - 1}"] if n else []) for n in range(count))
    assert chain.order[0] == "j0" and len(chain.order) == count
    assert len(set(chain.components.values())) == count
    ring = JobGraph.of((f"j{n}", [f"j{(n + 1) % count}"]) for n in range(count))
    assert ring.order == () and ring.component_size("j0") == count
    assert ring.on_cycle(f"j{count - 1}", "j0")
