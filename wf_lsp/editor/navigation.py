"""Symbols: where one is declared and mentioned, and whether a rename may go ahead.

A job is declared by its key under `jobs` and referenced by `depends_on` entries (and by
a lone name written in place of the list, `depends_on: build`); the cursor may be on
either. A rename changes the key and every reference at once, and is refused for a name
that is not a valid job id or that another job already has, with a message that says so. Inputs, secret aliases, matrix and env variables are the other
symbols (`wf_lsp.editor.names`); `target_at` gives either kind behind one interface,
which definition, references, highlight and rename ask. A YAML anchor is one too: from
`&name` or an alias `*name`, its definition is the anchor and its references the aliases
that stand for it (an anchor defined again is another).
"""

from __future__ import annotations

from wf_lsp.editor import names
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.editor.spans import inner_span
from wf_lsp.editor.tokens import dependencies
from wf_lsp.findings import Edit, Position, Span
from wf_lsp.model import DependencyRef, Workflow, is_merge_key, merge_closure, span_of
from wf_lsp.parse import aliases, anchor_name_problem, anchors
from wf_lsp.records import record
from wf_lsp.spec import job_id_problem

NOT_ON_A_SYMBOL = ("Only a job id, an input, a secret alias, a matrix variable, an env "
                   "variable or a YAML anchor can be renamed: put the cursor on one")


def job_at(snapshot: Snapshot, pos: Position) -> tuple[Workflow, str, Span] | None:
    """The workflow, job id and token span when `pos` is on a job key or `depends_on` entry."""
    token = snapshot.tokens.at(pos)
    if token is None:
        return None
    if token.kind == "job":
        return token.workflow, token.job.id, token.span
    if token.kind == "dependency":
        return token.workflow, token.ref.name, token.span
    return None


def job_references(snapshot: Snapshot, workflow: Workflow,
                   job_id: str) -> tuple[DependencyRef, ...]:
    """Every `depends_on` entry naming `job_id`, each place once (aliases share a node)."""
    refs: dict[Span, DependencyRef] = {}
    for job in workflow.jobs:
        for ref in dependencies(job, snapshot.source):
            if ref.name == job_id:
                refs.setdefault(ref.span, ref)
    return tuple(refs.values())


def job_declarations(workflow: Workflow, job_id: str) -> tuple[Span, ...]:
    """The key spans of the jobs named `job_id` (more than one when the id is repeated)."""
    return tuple(job.key_span for job in workflow.jobs if job.id == job_id)


def merged_keys(snapshot: Snapshot, workflow: Workflow, job_id: str) -> tuple[list[Span], str | None]:
    """The keys `job_id` of the mappings merged into `jobs` (`<<: [*one, *two]`), the
    shadowed ones too: a rename that left one would bring it out as a job of the old id.
    With why such a key cannot be renamed, when its mapping is also used elsewhere (an
    alias that is no merge into `jobs`): the rename would change that place too."""
    entry = workflow.root.get("jobs")
    if entry is None or entry.value.id != "mapping" or workflow.plain:
        return [], None
    sources = merge_closure(entry.value)
    holders = [source for source in sources
               if any(key.id == "scalar" and str(key.value) == job_id for key, _ in source.value)]
    if not holders:
        return [], None
    merging = {id(entry.value), *map(id, sources)}
    lists = {id(item) for mapping in (entry.value, *sources) for key, item in mapping.value
             if is_merge_key(key) and item.id == "sequence"}
    held = set(map(id, holders))
    for use in aliases(snapshot.source, snapshot.result.parsed.roots):
        if id(use.node) not in held:
            continue
        parent = use.parent
        into_jobs = parent is not None and not use.is_key and (
            id(parent) in lists or (id(parent) in merging
                                    and is_merge_key(parent.value[use.index][0])))
        if not into_jobs:
            return [], (f"job `{job_id}` is written in a mapping also used outside `jobs` "
                        f"(`*{use.name}` on line {use.span.start.line + 1}): rename it by hand")
    return [span_of(key) for source in holders for key, _ in source.value
            if key.id == "scalar" and str(key.value) == job_id], None


def occurrences(snapshot: Snapshot, workflow: Workflow, job_id: str,
                declaration: bool) -> list[tuple[Span, bool]]:
    """(span, is_declaration) of every mention of `job_id`, in document order."""
    found = [(span, True) for span in job_declarations(workflow, job_id)] if declaration else []
    found.extend((ref.span, False) for ref in job_references(snapshot, workflow, job_id))
    return sorted(found, key=lambda item: item[0].start)


def rename_problem(snapshot: Snapshot, workflow: Workflow, old: str, new: str) -> str | None:
    """Why `new` cannot replace job id `old`, or None when it can. The quotes around each
    mention stay (`rename_edits`): `2026` is an id where every mention is quoted, and a
    number where one is not."""
    merged, refused = merged_keys(snapshot, workflow, old)
    if refused:
        return refused
    spans = [span for span, _ in occurrences(snapshot, workflow, old, declaration=True)]
    spans.extend(span for span in merged if span not in spans)
    plain = [span for span in spans if inner_span(snapshot.source, span) == span]
    problem = job_id_problem(new, None if plain else "str")  # as WF007 holds the ids written
    if problem:
        where = ""
        if len(plain) < len(spans) and job_id_problem(new, "str") is None:
            where = f" without quotes, as on line {plain[0].start.line + 1}"
        return f"{names.shown_name(new)} is not a valid job id{where}: {problem}"
    if new != old and new in workflow.by_id:
        return f"a job named `{new}` already exists"
    return None


def rename_edits(snapshot: Snapshot, workflow: Workflow, old: str, new: str) -> list[Edit]:
    """The edits renaming job `old` to `new`: its key(s), those merged into `jobs` that
    it shadows, and every reference, quotes kept."""
    spans = {span for span, _ in occurrences(snapshot, workflow, old, declaration=True)}
    spans.update(merged_keys(snapshot, workflow, old)[0])
    return [Edit(inner_span(snapshot.source, span), new)
            for span in sorted(spans, key=lambda s: s.start)]


@record
class Anchor:
    """A YAML anchor (`&name`) and the aliases (`*name`) that stand for its node."""

    name: str
    span: Span  # `&name`
    aliases: tuple[Span, ...]  # each `*name` of this anchor, in document order

    @property
    def mentions(self) -> list[tuple[Span, bool]]:
        return [(self.span, True), *((span, False) for span in self.aliases)]


def anchor_at(snapshot: Snapshot, pos: Position) -> tuple[Anchor, Span] | None:
    """The anchor whose `&name`, or one of whose aliases `*name`, is at `pos`, and that
    token's span."""
    source = snapshot.source
    found = anchors(source)
    if not found:
        return None
    by_anchor: dict[Span, list[Span]] = {}
    for use in aliases(source, snapshot.result.parsed.roots):
        by_anchor.setdefault(use.anchor, []).append(use.span)
    for name, span in found:
        mine = tuple(by_anchor.get(span, ()))
        for token in (span, *mine):
            if token.start <= pos <= token.end:
                return Anchor(name, span, mine), token
    return None


def anchor_problem(snapshot: Snapshot, anchor: Anchor, new: str) -> str | None:
    """Why `new` cannot be the anchor's name, or None."""
    problem = anchor_name_problem(new)
    if problem:
        return f"{names.shown_name(new)} is not a valid anchor name: {problem}"
    if new != anchor.name and any(name == new for name, _ in anchors(snapshot.source)):
        return f"an anchor named `{new}` already exists"
    return None


@record
class Target:
    """A job id or a name under the cursor, as the navigation requests see it."""

    snapshot: Snapshot
    name: str
    span: Span  # the token under the cursor
    job: tuple[Workflow, str] | None = None
    occurrence: names.Occurrence | None = None
    anchor: Anchor | None = None

    @property
    def definitions(self) -> tuple[Span, ...]:
        """Where it is declared (none for a `depends_on` entry naming no job)."""
        if self.job is not None:
            return job_declarations(*self.job)
        if self.anchor is not None:
            return (self.anchor.span,)
        return self.occurrence.symbol.definitions

    def mentions(self, declaration: bool) -> list[tuple[Span, bool]]:
        """(span, is_declaration) of every mention, in document order."""
        if self.job is not None:
            return occurrences(self.snapshot, *self.job, declaration)
        if self.anchor is not None:
            return [(span, mine) for span, mine in self.anchor.mentions if declaration or not mine]
        return [(o.span, o.declaration)
                for o in self.snapshot.names.occurrences(self.occurrence.symbol, declaration)]

    @property
    def placeholder(self) -> Span | None:
        """What a rename replaces here; None where the name is written with escapes."""
        if self.job is not None:
            return inner_span(self.snapshot.source, self.span)
        if self.anchor is not None:
            return _name_of(self.span)
        return self.occurrence.edit_span

    @property
    def fixed(self) -> str | None:
        """Why it cannot be renamed whatever the new name, or None."""
        if self.job is not None:
            return merged_keys(self.snapshot, *self.job)[1]
        return None

    def rename_problem(self, new: str) -> str | None:
        """Why `new` cannot be its name, or None."""
        if self.job is not None:
            return rename_problem(self.snapshot, self.job[0], self.name, new)
        if self.anchor is not None:
            return anchor_problem(self.snapshot, self.anchor, new)
        return names.rename_problem(self.snapshot, self.occurrence.symbol, new)

    def rename_edits(self, new: str) -> list[Edit]:
        if self.job is not None:
            return rename_edits(self.snapshot, self.job[0], self.name, new)
        if self.anchor is not None:
            return [Edit(_name_of(span), new) for span, _ in self.anchor.mentions]
        return names.rename_edits(self.snapshot, self.occurrence.symbol, new)


def _name_of(token: Span) -> Span:
    """`&name` or `*name` without its indicator."""
    return Span(Position(token.start.line, token.start.column + 1), token.end)


def target_at(snapshot: Snapshot, pos: Position) -> Target | None:
    """The YAML anchor (on `&name` or an alias `*name`), job id or name (input, secret
    alias, matrix or env variable) at `pos`."""
    anchored = anchor_at(snapshot, pos)
    if anchored is not None:
        anchor, span = anchored
        return Target(snapshot, anchor.name, span, anchor=anchor)
    found = job_at(snapshot, pos)
    if found is not None:
        workflow, job_id, span = found
        return Target(snapshot, job_id, span, job=(workflow, job_id))
    occurrence = snapshot.names.at(pos)
    if occurrence is not None:
        return Target(snapshot, occurrence.symbol.name, occurrence.span, occurrence=occurrence)
    return None
