"""The job graph: which job waits for which (`depends_on`), its cycles and its order.

Jobs are the nodes; `a: {depends_on: [b]}` is the edge a → b, "a needs b". The graph is
made once per workflow (`Workflow.graph`) and read by the dependency rules (WF301,
WF302), the timeline, hover and code lens. Every algorithm here is a loop whose work is
linear in the number of edges: a workflow is input, so a chain of 10,000 jobs must not
recurse 10,000 deep, and 300 jobs that all depend on each other must not be searched
once per edge.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from functools import cached_property

from wf_lsp.records import field, record

# Beyond this many jobs in one strongly connected component, no cycle is searched for per
# edge (that costs jobs × edges): each edge's message names the component instead. Real
# cycles are a handful of jobs; this only keeps hostile files linear.
MAX_SEARCHED_COMPONENT = 32


@record
class JobGraph:
    """Each job and the jobs it needs: jobs of this workflow only, each once, as listed."""

    needs: dict[str, tuple[str, ...]]
    # Shortest paths found so far, by the job they start from (see `cycle`).
    _searched: dict[str, dict[str, str | None]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, jobs: Iterable[tuple[str, Iterable[str]]]) -> JobGraph:
        """The graph of (job id, names it depends on) pairs. A name that is no job's id is
        left out (WF301 reports it); a repeated job id adds its names to the first's."""
        listed: dict[str, dict[str, None]] = {}
        for job_id, names in jobs:
            listed.setdefault(job_id, {}).update(dict.fromkeys(names))
        return cls({job_id: tuple(name for name in names if name in listed)
                    for job_id, names in listed.items()})

    @cached_property
    def dependents(self) -> dict[str, tuple[str, ...]]:
        """Each job and the jobs that need it (the edges reversed)."""
        out: dict[str, list[str]] = {job_id: [] for job_id in self.needs}
        for job_id, needs in self.needs.items():
            for need in needs:
                out[need].append(job_id)
        return {job_id: tuple(jobs) for job_id, jobs in out.items()}

    @cached_property
    def components(self) -> dict[str, int]:
        """Each job's strongly connected component, as a number: jobs that (indirectly)
        need each other share one. Tarjan's algorithm, with an explicit stack."""
        needs = self.needs
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        component: dict[str, int] = {}
        for root in needs:
            if root in index:
                continue
            index[root] = low[root] = len(index)
            stack.append(root)
            on_stack.add(root)
            work = [(root, iter(needs[root]))]
            while work:
                node, children = work[-1]
                for child in children:
                    if child not in index:
                        index[child] = low[child] = len(index)
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter(needs[child])))
                        break
                    if child in on_stack:
                        low[node] = min(low[node], index[child])
                else:  # every child seen: the node is done
                    work.pop()
                    if work:
                        parent = work[-1][0]
                        low[parent] = min(low[parent], low[node])
                    if low[node] == index[node]:
                        number = index[node]
                        while True:
                            member = stack.pop()
                            on_stack.discard(member)
                            component[member] = number
                            if member == node:
                                break
        return component

    @cached_property
    def _component_sizes(self) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for number in self.components.values():
            sizes[number] = sizes.get(number, 0) + 1
        return sizes

    def component_size(self, job_id: str) -> int:
        """How many jobs (indirectly) need `job_id` and are needed by it, itself included."""
        return self._component_sizes[self.components[job_id]]

    def on_cycle(self, job_id: str, need: str) -> bool:
        """Whether the edge `job_id` → `need` closes a cycle (a job that needs itself too)."""
        components = self.components
        return (need in components and job_id in components
                and components[job_id] == components[need])

    def cycle(self, job_id: str, need: str) -> tuple[str, ...] | None:
        """A shortest cycle through the edge: `(job_id, need, ..., job_id)`; None when the
        edge is on no cycle or its component has more than MAX_SEARCHED_COMPONENT jobs."""
        if not self.on_cycle(job_id, need) or self.component_size(job_id) > MAX_SEARCHED_COMPONENT:
            return None
        previous = self._searched.get(need)
        if previous is None:  # one search per job the cycles go through, not per edge
            previous = self._searched[need] = self._shortest_paths_from(need)
        path, node = [], job_id
        while node is not None:
            path.append(node)
            node = previous[node]
        return (job_id, *reversed(path))

    def _shortest_paths_from(self, start: str) -> dict[str, str | None]:
        """Breadth first inside `start`'s component: each job reached → the job before it."""
        components, needs = self.components, self.needs
        own = components[start]
        previous: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt in needs[node]:
                if nxt not in previous and components[nxt] == own:
                    previous[nxt] = node
                    queue.append(nxt)
        return previous

    @cached_property
    def order(self) -> tuple[str, ...]:
        """The jobs that can ever start, each after every job it needs (Kahn's algorithm).
        A job on a dependency cycle, or after one, is not in it: it never starts."""
        waiting = {job_id: len(needs) for job_id, needs in self.needs.items()}
        dependents = self.dependents
        ready = [job_id for job_id, count in waiting.items() if count == 0]
        out: list[str] = []
        while ready:
            job_id = ready.pop()
            out.append(job_id)
            for later in dependents[job_id]:
                waiting[later] -= 1
                if waiting[later] == 0:
                    ready.append(later)
        return tuple(out)
