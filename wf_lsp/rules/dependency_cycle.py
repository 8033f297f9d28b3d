"""Jobs depend on each other in a cycle.

No job of the cycle can ever start. Every `depends_on` entry whose edge lies on a cycle
is reported, a job that depends on itself included, and the message shows the cycle.

## Bad
```yaml
id: pipeline
jobs:
  train:
    depends_on: [evaluate]
    steps:
      - run: python train.py
  evaluate:
    depends_on: [train]
    steps:
      - run: python evaluate.py
```

## Good
```yaml
id: pipeline
jobs:
  train:
    steps:
      - run: python train.py
  evaluate:
    depends_on: [train]
    steps:
      - run: python evaluate.py
```
"""

from __future__ import annotations

from collections import deque

from wf_lsp.findings import Severity

CODE = "WF302"
NAME = "dependency-cycle"
SEVERITY = Severity.ERROR


def check(ctx):
    workflow = ctx.workflow
    graph = {
        job.id: [ref.name for ref in job.depends_on if ref.name in workflow.by_id]
        for job in workflow.jobs
    }
    component = _components(graph)
    reported = set()  # a merged `depends_on` is shared by jobs: one finding, at the anchor
    for job in workflow.jobs:
        for ref in job.depends_on:
            # Same component: the edge closes a cycle (a self-dependency included).
            if ref.name not in graph or component.get(ref.name) != component.get(job.id):
                continue
            if ref.span in reported:
                continue
            reported.add(ref.span)
            path = _path(ref.name, job.id, graph, component)
            cycle = " → ".join([job.id, *path])
            yield ctx.report(CODE, f"dependency cycle: {cycle}", ref.span)


def _path(start, goal, graph, component):
    """The shortest path start → ... → goal inside one component (BFS)."""
    previous = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for nxt in graph[node]:
            if nxt not in previous and component.get(nxt) == component[start]:
                previous[nxt] = node
                queue.append(nxt)
    path, node = [], goal
    while node is not None:
        path.append(node)
        node = previous.get(node)
    return path[::-1]


def _components(graph):
    """Strongly connected components (Tarjan, iterative): job id → component number."""
    index, low, on_stack, stack, component = {}, {}, set(), [], {}
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = node
                    if member == node:
                        break
    return component
