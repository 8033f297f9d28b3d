"""Composed YAML nodes → the workflow model, in one walk.

The walk classifies every mapping the format knows (the workflow, each job, step,
upload, ...) as a `Section`, follows anchors, aliases and merge keys (`<<: *defaults`),
and collects what the rules, hover and navigation ask about: jobs, steps, timeouts
and `depends_on` references. Aliased content is one node in the composed tree, so its
section is built once and its findings are reported once, at the anchor.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from itertools import chain
from operator import attrgetter

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

from wf_lsp import durations, spec
from wf_lsp.findings import Position, Span
from wf_lsp.graph import JobGraph
from wf_lsp.memo import NodeMemo, not_same, same_ends
from wf_lsp.parse import Source, may_share_nodes, plain_tag, walk
from wf_lsp.records import field, record
from wf_lsp.typos import guesses

MERGE_TAG = "tag:yaml.org,2002:merge"
_CORE_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
}

# The group of every timeout fix of a workflow whose jobs may share values (`timeouts_group`).
SHARED_TIMEOUTS = "timeouts of jobs that share values"


def tag_of(node: Any) -> str | None:
    """`node.tag`, faster: ruamel's property formats the tag anew on every read, which
    was a tenth of a lint. A tag the parser resolved (or spelt out, as the C parser
    does) is its suffix; one with a handle still goes through ruamel."""
    ctag = node.ctag
    if ctag is None:
        return None
    return ctag.suffix if ctag.handle is None and "%" not in ctag.suffix else str(ctag)


def is_merge_key(key_node: Any) -> bool:
    """`<<` as a merge key (a quoted "<<" is a plain key)."""
    return key_node.value == "<<" and tag_of(key_node) == MERGE_TAG


def yaml_type(node: Any) -> str:
    """`str`, `int`, `float`, `bool`, `null`, `seq` or `map`."""
    node_id = node.id
    if node_id == "mapping":
        return "map"
    if node_id == "sequence":
        return "seq"
    return _CORE_TAGS.get(tag_of(node), "str")  # a custom tag (`!foo x`) still holds text


# What a value holds, in words, by its YAML type (and by a core tag's name).
TYPE_NAMES = {
    "str": "a string", "int": "a number", "float": "a number", "bool": "a boolean",
    "null": "empty", "seq": "a list", "map": "a mapping",
}
_CORE_PREFIX = "tag:yaml.org,2002:"


def type_name(node: Any) -> str:
    """What `node` holds, in words (`TYPE_NAMES`): a null written out (`null`, `~`) is
    "null", one with nothing written "empty"."""
    kind = yaml_type(node)
    if kind == "null" and node.id == "scalar" and node.value:
        return "null"
    return TYPE_NAMES[kind]


def tag_conflict(node: Any) -> str | None:
    """What is wrong when an explicit core tag says a type the value does not have
    (`!!int 1h`, `!!seq 1h`, `!!str [a]`), or None. YAML's tag decides the type, and
    the engine cannot read `1h` as a number: the value is checked as its tag says."""
    tag = tag_of(node)
    if tag is None or not tag.startswith(_CORE_PREFIX):
        return None
    name = tag[len(_CORE_PREFIX):]
    if name not in TYPE_NAMES:
        return None  # !!binary, !!timestamp, !!set, !!omap, ...: not a type to check
    wanted = TYPE_NAMES[name]
    if node.id == "scalar":
        written = node.value if len(node.value) <= 40 else node.value[:39] + "…"
        if name in ("seq", "map"):
            return (f"`!!{name}` on the single value `{written}`: the tag says {wanted}, "
                    "and the engine cannot read it as one")
        read = plain_tag(node.value)[len(_CORE_PREFIX):]
        if name != "str" and read != name and not (name == "float" and read == "int"):
            return (f"`!!{name} {written}`: the tag says {wanted}, and `{written}` is not "
                    "one; the engine cannot read it")
        return None
    kind = TYPE_NAMES["seq" if node.id == "sequence" else "map"]
    if wanted != kind:
        return (f"`!!{name}` on {kind}: the tag says {wanted}, and the engine cannot read "
                f"{kind} as one")
    return None


def span_of(node: Any) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span.of(start.line, start.column, end.line, end.column)


def reported_span(key_node: Any, value: Any) -> Span:
    """Where a finding about a key's value goes: the value, or the key when nothing is
    written after it (`region:`), whose empty span at the line's end no editor shows."""
    span = span_of(value)
    return span_of(key_node) if span.start == span.end else span


def token_span(node: Any, source: Source) -> Span:
    """The node's span without its anchor and tag (`&t !!str 5m` → `5m`).

    ruamel's marks start at the properties; a value rule covers the token itself, and a
    fix that replaced the anchor too would break every alias of it.
    """
    span = span_of(node)
    line, column = span.start.line, span.start.column
    text = source.line_text(line)
    while column < len(text) and text[column] in "&!":
        if text.startswith("!<", column):  # a verbatim tag may hold any URI character
            column = text.find(">", column) + 1 or len(text)
        while column < len(text) and text[column] not in " \t,[]{}":
            column += 1
        # Spaces, a comment or line breaks may separate the properties from the token.
        while line < span.end.line and (not text[column:].strip()
                                         or text[column:].lstrip().startswith("#")):
            line, column = line + 1, 0
            text = source.line_text(line)
        while column < len(text) and text[column] in " \t":
            column += 1
    start = Position(line, column)
    return Span(start, span.end) if start <= span.end else Span(span.end, span.end)


@record
class Entry:
    """One key of a mapping and its value node."""

    key: str
    key_node: Any  # a ruamel scalar node
    value: Any  # a ruamel node
    merged: bool = False  # came in through a `<<` merge key

    @cached_property
    def key_span(self) -> Span:
        # Made on first use: a file has thousands of keys, and few are ever reported on
        # or pointed at (a third of the model's build time went into their spans).
        return span_of(self.key_node)

    @property
    def value_span(self) -> Span:
        return span_of(self.value)

    @property
    def reported_span(self) -> Span:
        """Where a finding about the value goes (`reported_span`)."""
        return reported_span(self.key_node, self.value)

    @property
    def value_type(self) -> str:
        return yaml_type(self.value)


@record
class Section:
    """A mapping whose kind the format defines: the workflow, a job, a step, ..."""

    kind: str
    node: Any
    span: Span
    anchor: Span  # where findings about the whole section go
    entries: tuple[Entry, ...]  # effective keys: its own first, then merged ones
    duplicates: tuple[tuple[Entry, Entry], ...] = ()  # (later, first) of repeated own keys
    by_key: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def get(self, key: str) -> Entry | None:
        return self.by_key.get(key)

    @cached_property
    def misspelt(self) -> dict[str, str]:
        """Each unknown key close to a known one this section lacks → that key (`timout` →
        `timeout`). A known key is the guess for the first such key only: renaming both
        `timout` and `timeot` would repeat it. WF003 reports these; the model reads a
        misspelt `timeout`'s value as a duration too."""
        keys = self.spec.keys
        present = {entry.key for entry in self.entries}
        return guesses([entry.key for entry in self.entries if entry.key not in keys],
                       [key for key in keys if key not in present])

    @property
    def spec(self) -> spec.Kind:
        return spec.KINDS[self.kind]


@record
class DurationValue:
    """A `timeout` value, and what it says as a duration."""

    span: Span
    text: str | None  # None when the value is not a scalar
    yaml_type: str
    style: str | None  # '' or None plain, '"' or "'" quoted, '|' or '>' block
    reading: durations.Reading
    owner: str  # "job" or "step"
    # The key it is under: `timeout`, or a misspelling of it (`timout: 5 m`), whose value
    # is checked too, so that both findings show at once. The engine ignores such a key:
    # its value is never the job's or step's timeout.
    key: str = "timeout"
    # The key that reads it through an alias, when the value is written before it, under
    # another key (`REGION: &r eu-west-1`, then `timeout: *r`): where it is used as a
    # duration, which a finding about it, made where it is written, points to.
    read_at: Span | None = None

    @property
    def usable(self) -> bool:
        """Valid, so relation rules may compare it (`reading.nanoseconds` is set)."""
        return self.reading.valid


@record
class DependencyRef:
    """One entry of a job's `depends_on`."""

    name: str
    span: Span
    job_id: str  # the job that depends


@record
class Step:
    index: int  # 0-based position in the job's steps
    section: Section
    job_id: str
    timeout: DurationValue | None

    @property
    def label(self) -> str:
        """`Train model`, or `step 2: python train.py` when unnamed."""
        if self.name:
            return self.name
        doing = self.doing
        return f"step {self.index + 1}: {doing}" if doing else f"step {self.index + 1}"

    @property
    def name(self) -> str | None:
        """Its `name`, when it has one."""
        return _scalar_text(self.section.get("name")) or None

    @property
    def doing(self) -> str:
        """What an unnamed step does, wherever it is (a step several jobs share may be at
        another position in each): `python train.py`, `upload`, or "" when nothing."""
        run = _scalar_text(self.section.get("run"))
        if run and run.strip():
            return _first_words(run)
        for action in ("upload", "download"):
            if self.section.get(action):
                return action
        return ""


@record
class Job:
    id: str
    key_span: Span
    value_span: Span
    section: Section | None  # None when the job's value is not a mapping
    steps: tuple[Step, ...]
    depends_on: tuple[DependencyRef, ...]
    timeout: DurationValue | None
    # Made from its mapping: the sections in it, its own first, in document order; its
    # and its steps' timeouts (with the values of keys that misspell `timeout`), in
    # document order. The same objects while the job is (what rules keep by job).
    sections: tuple[Section, ...] = field(default=(), compare=False, repr=False)
    timeouts: tuple[DurationValue, ...] = field(default=(), compare=False, repr=False)
    # What YAML reads the id's key as (`yaml_type`): `"2026":` is a string, `2026:` an int.
    id_type: str = "str"

    @property
    def span(self) -> Span:
        return Span(self.key_span.start, self.value_span.end)


@record
class Workflow:
    root: Section
    jobs: tuple[Job, ...]
    sections: tuple[Section, ...]  # every section, each once, in document order
    durations: tuple[DurationValue, ...]  # every timeout once (a merged one at its anchor)
    jobs_key_span: Span | None = None
    # No anchor, alias or merge key, no complex key among the jobs: no node is shared
    # between jobs, each job's sections and timeouts are its own (`Job.sections`), and
    # the sections outside every job are `loose` (before and after the jobs).
    plain: bool = False
    loose: tuple[tuple[Section, ...], tuple[Section, ...]] = field(default=((), ()),
                                                                  compare=False, repr=False)
    by_id: dict[str, Job] = field(default_factory=dict, compare=False, repr=False)
    # Each section by its node's identity and its kind (an aliased mapping may be two
    # kinds): what the semantics and the workspace entry look a node's section up in.
    by_node: dict[tuple[int, str], Section] = field(default_factory=dict, compare=False,
                                                    repr=False)
    # The memo of the analysis that built it: what is computed from values the next edit
    # will most likely leave alone (the job graph) is kept there.
    memo: NodeMemo | None = field(default=None, compare=False, repr=False)

    @cached_property
    def section_groups(self) -> tuple[tuple[Any, tuple[Section, ...]], ...]:
        """The sections in document order, in runs: each job's (with its mapping node),
        and the runs outside every job (with None). What a rule computes from one job's
        sections alone can be reused while the job is untouched (`Context.each_section`)."""
        if self.plain:  # each job's sections are its own, and in one run
            before, after = self.loose
            return (*(((None, before),) if before else ()),
                    *((job.section.node, job.sections) for job in self.jobs
                      if job.section is not None),
                    *(((None, after),) if after else ()))
        # Positions as (line, column) tuples of ints: compared at C speed.
        owners = sorted(((s.start.line, s.start.column), (s.end.line, s.end.column), node)
                        for s, node in ((job.section.span, job.section.node)
                                        for job in self.jobs if job.section is not None))
        if all(owners[i - 1][1] <= owners[i][0] for i in range(1, len(owners))):
            return self._runs_between(owners)
        # Jobs whose mappings overlap (one aliased under two ids): section by section.
        groups: list[tuple[Any, list[Section]]] = []
        at = 0
        for section in self.sections:
            start = (section.span.start.line, section.span.start.column)
            while at < len(owners) and owners[at][1] <= start:
                at += 1
            owner = owners[at][2] if at < len(owners) and owners[at][0] <= start else None
            if groups and groups[-1][0] is owner:
                groups[-1][1].append(section)
            else:
                groups.append((owner, [section]))
        return tuple((owner, tuple(sections)) for owner, sections in groups)

    def _runs_between(self, owners: list) -> tuple[tuple[Any, tuple[Section, ...]], ...]:
        """`section_groups` for jobs that do not overlap: each job's sections are those
        that start within its mapping, found by bisection rather than one by one."""
        sections = self.sections
        starts = list(map(_START, sections))
        groups: list[tuple[Any, tuple[Section, ...]]] = []
        loose_from = at = 0  # the first section not yet in a group; where to search on
        for start, end, node in owners:
            first = bisect_left(starts, start, at)
            at = bisect_left(starts, end, first)
            if at > first:
                if first > loose_from:
                    groups.append((None, sections[loose_from:first]))
                groups.append((node, sections[first:at]))
                loose_from = at
        if len(sections) > loose_from:
            groups.append((None, sections[loose_from:]))
        return tuple(groups)

    @cached_property
    def dependencies(self) -> tuple[tuple[str, tuple[DependencyRef, ...]], ...]:
        """Each job's id and `depends_on`, with their places: what the rules about the
        job graph read, equal from one analysis to the next while no job id or
        `depends_on` changed (a job's are the same objects while the job is)."""
        return tuple((job.id, job.depends_on) for job in self.jobs)

    @cached_property
    def graph(self) -> JobGraph:
        """Which job needs which (`depends_on`): cycles and order, see `wf_lsp.graph`."""
        return job_graph(tuple((job.id, tuple(ref.name for ref in job.depends_on))
                               for job in self.jobs), self.memo)

    def timeouts_group(self, job: Job | None) -> str:
        """The `Fix.group` of the fixes that change `job`'s or its steps' timeouts (None:
        one outside every job, merged in): they decide one relation (WF201, WF202, WF203,
        WF204). By id, which fixes of timeouts keep, while lines come and go; the whole
        workflow's where jobs may share a value (not `plain`: an anchor's timeout merged
        into two jobs is both jobs' limit)."""
        if job is None or not self.plain:
            return SHARED_TIMEOUTS
        return f"timeouts of job {job.id}"

    def owner_of(self, value: DurationValue) -> tuple[Job | None, Step | None]:
        """The job, and the step, a duration value is written in ((None, None) for one
        outside every job, merged in from elsewhere)."""
        def holds(section: Section) -> bool:
            return section.span.start <= value.span.start < section.span.end

        # Jobs' mappings do not overlap (an aliased one is the same span): the job is among
        # those that start last before the value; the first of them listed, as in `jobs`.
        starts, jobs = self._jobs_by_start
        at = bisect_right(starts, (value.span.start.line, value.span.start.column))
        first = bisect_left(starts, starts[at - 1]) if at else at
        for job in jobs[first:at]:
            if holds(job.section):
                return job, self._step_of(job, value.span.start, holds)
        return None, None

    def _step_of(self, job: Job, start: Position, holds: Callable[[Section], bool]
                 ) -> Step | None:
        """The step of `job` whose mapping holds `start`: among those that start last
        before it, the first listed, found by bisection (a scan of the steps for each
        value made a job of 20,000 steps' timeouts quadratic: minutes of WF201)."""
        index = self._steps_by_start.get(id(job))
        if index is None:
            ordered = sorted((step.section.span.start, n) for n, step in enumerate(job.steps))
            reach, ends = None, []
            for _, n in ordered:
                end = job.steps[n].section.span.end
                reach = end if reach is None or end > reach else reach
                ends.append(reach)
            index = self._steps_by_start[id(job)] = (
                [(at.line, at.column) for at, _ in ordered], [job.steps[n] for _, n in ordered],
                ends)
        starts, steps, ends = index
        at = bisect_right(starts, (start.line, start.column))
        first = bisect_left(starts, starts[at - 1]) if at else at
        found = next((step for step in steps[first:at] if holds(step.section)), None)
        if found is None and first and ends[first - 1] > start:
            # A step aliased from inside another one's value, the value in the outer one.
            found = next((step for step in job.steps if holds(step.section)), None)
        return found

    @cached_property
    def _steps_by_start(self) -> dict[int, tuple[list[tuple[int, int]], list[Step],
                                                 list[Position]]]:
        """Each job's steps by where their mappings start, with the furthest end of those
        up to each, made for a job when first asked (`_step_of`), by the job's identity:
        the workflow holds its jobs."""
        return {}

    @cached_property
    def _jobs_by_start(self) -> tuple[list[tuple[int, int]], list[Job]]:
        """The jobs that are mappings, by where the mapping starts ((line, column): ints
        compare at C speed), then as listed."""
        ordered = sorted(((job.section.span.start.line, job.section.span.start.column), index)
                         for index, job in enumerate(self.jobs) if job.section is not None)
        return [start for start, _ in ordered], [self.jobs[index] for _, index in ordered]

    def dependents(self, job_id: str) -> tuple[str, ...]:
        """The jobs whose `depends_on` lists job `job_id`."""
        return self.graph.dependents.get(job_id, ())

    def per_job(self, purpose: str, items: Sequence[Any], compute: Callable[[Any], Iterable[T]],
                token: Any = None, move: Callable | None = None,
                anchor: Callable[[Any], Any] | None = None) -> list[T]:
        """What `compute(item)` yields for each of `items`, joined in order: objects made
        anew when their job changes (a `Job`, a job's `sections`, its expression sites).
        Where the analysis has a memo and jobs share no node (`plain`), those that are
        the very same objects as in the previous analysis keep its results
        (`NodeMemo.per_item`: `compute` reads only the item, its lines, the
        configuration and what `token` stands for); with `move` and `anchor`, those an
        edit only moved keep them moved (`NodeMemo.per_item`)."""
        if self.memo is None or not self.plain:
            return [result for item in items for result in compute(item)]
        return self.memo.per_item(purpose, items, compute, token, move, anchor)


def mapping_of(item: Job | tuple) -> Any:
    """The mapping node `item` is read from: a job's, or that of the first of a tuple of
    sections (a job's sections, a group of them); None for a job that is no mapping."""
    if isinstance(item, Job):
        return item.section.node if item.section is not None else None
    return item[0].node if item else None


def job_graph(needs: tuple[tuple[str, tuple[str, ...]], ...], memo: NodeMemo | None,
              purpose: str = "graph") -> JobGraph:
    """The graph of (job id, names it needs) pairs; with `memo`, kept by those pairs: the
    same needs make the same graph (and cycles), while edits leave every `depends_on` be."""
    if memo is None:
        return JobGraph.of(needs)
    return memo.by_key(purpose, needs, lambda: JobGraph.of(needs))


def build(root: Any, source: Source, memo: NodeMemo | None = None) -> Workflow:
    """The workflow model of one composed document whose root is a mapping. With `memo`
    (`wf_lsp.memo`), the sections and jobs of nodes an edit did not touch are reused: in
    a plain workflow, the previous analysis's jobs whose entries of `jobs` are the same
    objects, and its table of sections with theirs (`_plain_jobs`)."""
    builder = _Builder(source, memo or NodeMemo())
    builder.defer_jobs = not may_share_nodes(source.text)
    anchor = source.line_span(root.start_mark.line, root.start_mark.column)
    root_section = builder.section(root, "workflow", anchor)
    jobs_entry = root_section.get("jobs")
    pairs = (jobs_entry.value.value if jobs_entry is not None and jobs_entry.value.id == "mapping"
             else [])
    # Plain: every key of `jobs` names a job (no merge key, no complex key) and no node is
    # shared (no anchor or alias): each job's sections are its own, in one run.
    plain = builder.defer_jobs and all(key.id == "scalar" and not is_merge_key(key)
                                       for key, _ in pairs)
    if plain:
        jobs, by_node = _plain_jobs(builder, pairs, memo)
        before, after = builder.root_sections()
        # Each section was built once, a parent before its children, each mapping's in
        # the order of its keys: in document order already, no sort needed.
        sections = (*before, *chain.from_iterable(job.sections for job in jobs), *after)
        loose = (before, after)
        # Every timeout is a job's or one of its steps', each job's own: the jobs' lists
        # (each kept with its job while the job is untouched), in the jobs' order.
        timeouts = tuple(chain.from_iterable(job.timeouts for job in jobs))
    else:
        # The jobs as the engine's YAML reader makes them: each key of `jobs`, then the
        # jobs its `<<` merge keys bring (`<<: *more`), each read where it is written.
        pairs = [(entry.key_node, entry.value) for entry in name_entries(jobs_entry.value)] \
            if pairs else []
        if builder.defer_jobs:  # built now, as the root would have: sorted below
            builder.defer_jobs = False
            builder.job_sections(pairs)
        jobs = [builder.job(key, value) for key, value in pairs]
        by_node, loose = builder.sections, ((), ())
        # By ints, read in C (Position records compare in Python): a large workflow has
        # thousands of sections.
        sections = tuple(sorted(builder.sections.values(), key=_SECTION_ORDER))
        timeouts = _timeouts_in_order(builder, sections)
    by_id: dict[str, Job] = {}
    for job in jobs:
        by_id.setdefault(job.id, job)
    return Workflow(
        root_section,
        tuple(jobs),
        sections,
        timeouts,
        jobs_entry.key_span if jobs_entry else None,
        plain,
        loose,
        by_id,
        by_node,
        memo,
    )


def _plain_jobs(builder: _Builder, pairs: list, memo: NodeMemo | None
                ) -> tuple[list[Job], dict[tuple[int, str], Section]]:
    """The jobs of a plain workflow's `jobs` entries, and the table of every section by
    node. The entries an edit did not touch are the same objects as in the previous
    analysis (`wf_lsp.incremental`) and keep their jobs (all of them when no entry came or
    went, else those at the start and at the end), and the table is the previous one with
    the rest replaced. An edit of one job builds one job, not 500."""
    handed = memo.handed("plain jobs") if memo is not None else None
    old_pairs, old_jobs, old_table, old_loose = handed or ((), (), {}, ())
    if len(pairs) == len(old_pairs):
        # No entry came or went (a fix-all's lines changed in place, in many jobs): each
        # entry that is the same object keeps its job, wherever it is. Only the first and
        # last were kept here once, and a fix-all's second lint built every job again.
        changed = not_same(pairs, old_pairs)
        builder.job_sections([pairs[at] for at in changed])
        jobs = list(old_jobs)
        for at in changed:
            jobs[at] = builder.job(*pairs[at])
        dropped = [old_jobs[at] for at in changed]
    else:  # entries came or went: those at the start and at the end are the same
        head, tail = same_ends(pairs, old_pairs)
        new = pairs[head:len(pairs) - tail]
        builder.job_sections(new)
        jobs = [*old_jobs[:head], *(builder.job(key, value) for key, value in new),
                *old_jobs[len(old_jobs) - tail:]]
        dropped = old_jobs[head:len(old_jobs) - tail]
    if len(dropped) < len(old_jobs):  # the previous table, less what is built anew, plus that
        table = dict(old_table)
        for key in old_loose:
            del table[key]
        for job in dropped:
            for section in job.sections:
                del table[(id(section.node), section.kind)]
        table.update(builder.sections)
    else:
        table = builder.sections
    if memo is not None:
        before, after = builder.root_sections()
        memo.hand_on("plain jobs", (tuple(pairs), tuple(jobs), table,
                                    tuple((id(s.node), s.kind) for s in (*before, *after))))
    return jobs, table


_SECTION_ORDER = attrgetter("span.start.line", "span.start.column", "kind")
_START = attrgetter("span.start.line", "span.start.column")


def _timeouts_in_order(builder: _Builder, sections: list[Section]) -> tuple[DurationValue, ...]:
    """Every timeout once, in document order, by where it is: a merged value is read at
    its anchor by every job that merges it. Keyed by ints, which hash at C speed (Span
    records don't)."""
    timeouts: dict[tuple[int, int, int, int], DurationValue] = {}
    for section in sections:
        if section.kind in ("job", "step"):
            for value in builder.timeouts(section):
                if value is not None:
                    start, end = value.span.start, value.span.end
                    timeouts.setdefault((start.line, start.column, end.line, end.column), value)
    return tuple(timeouts.values())


class _Builder:
    def __init__(self, source: Source, memo: NodeMemo) -> None:
        self.source = source
        self.memo = memo
        # Keyed by node identity and kind: an aliased mapping is built once.
        self.sections: dict[tuple[int, str], Section] = {}
        self._built: list[tuple[tuple[int, str], Section]] = []  # in the order built
        # Each job mapping's sections, its own first, as built (by the mapping's id).
        self._job_subtrees: dict[int, tuple[tuple[tuple[int, str], Section], ...]] = {}
        # While True, the root's `jobs` are left for `build` (`job_sections`); the number
        # of sections built before it, then the number the root built in all.
        self.defer_jobs = False
        self._jobs_at: int | None = None
        self._root_end = 0

    def root_sections(self) -> tuple[tuple[Section, ...], tuple[Section, ...]]:
        """The sections outside `jobs` (with deferred jobs): those before it, those after."""
        at = self._root_end if self._jobs_at is None else self._jobs_at
        return (tuple(s for _, s in self._built[:at]),
                tuple(s for _, s in self._built[at:self._root_end]))

    def job_sections(self, pairs) -> None:
        """Build the sections of these entries of `jobs` (what the root's walk defers)."""
        for key_node, item in pairs:
            if item.id == "mapping" and not is_merge_key(key_node):
                self.section(item, "job", None, key_node)

    def timeout(self, section: Section) -> DurationValue | None:
        """The timeout of a job or step section, read once (jobs, steps and the
        workflow's list of all timeouts ask for the same ones)."""
        return self.timeouts(section)[0]

    def timeouts(self, section: Section) -> tuple[DurationValue | None, ...]:
        """A job's or step's `timeout`, then the values of keys that misspell it."""
        def read() -> tuple[DurationValue | None, ...]:
            misspelt = [key for key, guess in section.misspelt.items() if guess == "timeout"]
            return (_timeout_of(section, section.kind, self.source),
                    *(_timeout_of(section, section.kind, self.source, key) for key in misspelt))
        return self.memo.get(f"timeouts:{section.kind}", section.node, read, section)

    def section(self, node: Any, kind: str, anchor: Span | None, key: Any = None) -> Section:
        """The section of `node`, under `anchor`, or under `key` (the key node above it,
        whose span is made only if the section is: the same key node is the same anchor,
        which an edit leaves alone without a comparison of spans)."""
        cache_key = (id(node), kind)
        cached = self.sections.get(cache_key)
        if cached is not None:
            return cached

        def made() -> tuple[tuple[tuple[int, str], Section], ...]:
            # This section first, then every section built under it: all that a reuse
            # must register again.
            before = len(self._built)
            self._section(node, kind, span_of(key) if anchor is None else anchor)
            return tuple(self._built[before:])

        if kind == "workflow":
            # Built each time: after any edit it is another node (the spine is copied),
            # and the same text's tree, reused whole, would register the jobs' sections
            # without asking for them (the next analysis reuses them one by one).
            section = made()[0][1]
            self._root_end = len(self._built)
            return section
        subtree = self.memo.get(f"section:{kind}", node, made, key if anchor is None else anchor)
        if self.sections.get(cache_key) is None:  # reused: register what was built then
            self.sections.update(subtree)
            self._built.extend(subtree)
        if kind == "job":
            self._job_subtrees[id(node)] = subtree
        return subtree[0][1]

    def _section(self, node: Any, kind: str, anchor: Span) -> None:
        entries, duplicates = _entries(node)
        section = Section(
            kind, node, span_of(node), anchor, entries, duplicates,
            {entry.key: entry for entry in entries},
        )
        self.sections[(id(node), kind)] = section
        self._built.append(((id(node), kind), section))
        keys = spec.KINDS[kind].keys
        for entry in entries:
            key = keys.get(entry.key)
            child = key.child_kind if key else None
            if child is not None:
                self._children(entry, key.type.partition(":")[0], child)

    def _children(self, entry: Entry, container: str, kind: str) -> None:
        value = entry.value
        if container == "object" and value.id == "mapping":
            self.section(value, kind, entry.key_span)
        elif container == "list" and value.id == "sequence":
            for item in value.value:
                if item.id == "mapping":
                    self.section(item, kind, self._first_line(item))
        elif container == "map" and value.id == "mapping":
            if kind == "job" and self.defer_jobs:  # `build` builds them (`job_sections`)
                self._jobs_at = len(self._built)
                return
            for key_node, item in value.value:
                if item.id == "mapping" and not is_merge_key(key_node):
                    self.section(item, kind, None, key_node)
            # Inputs merged in (`<<: *common_inputs`), and jobs (`jobs: {<<: *more}`).
            for merged in name_entries(value):
                if merged.merged and merged.value.id == "mapping":
                    self.section(merged.value, kind, None, merged.key_node)

    def _first_line(self, node: Any) -> Span:
        start = node.start_mark
        line_end = len(self.source.line_text(start.line))
        end = node.end_mark
        if end.line == start.line:
            line_end = end.column
        return Span(Position(start.line, start.column), Position(start.line, line_end))

    def job(self, key: Any, value: Any) -> Job:
        """The job under the key node `key` of `jobs` (its id and span come from it)."""
        if value.id != "mapping":
            return Job(str(key.value), span_of(key), span_of(value), None, (), (), None,
                       id_type=yaml_type(key))
        # The section is the one built from `value` under `key` (see `section`): the same
        # object, the same job. An equal one built anew makes the job anew, so that the
        # job holds the section this analysis registered. Kept by its key: a mapping
        # aliased under two ids (`b: *a`) is two jobs.
        section = self.section(value, "job", None, key)
        return self.memo.get("job", key,
                             lambda: self._job(key, value, section),
                             section, identical=True)

    def _job(self, key: Any, value: Any, section: Section) -> Job:
        job_id = str(key.value)
        steps: list[Step] = []
        steps_entry = section.get("steps")
        if steps_entry is not None and steps_entry.value.id == "sequence":
            for index, item in enumerate(steps_entry.value.value):
                if item.id == "mapping":  # built with the job's section: its anchor is not made again
                    step_section = (self.sections.get((id(item), "step"))
                                    or self.section(item, "step", self._first_line(item)))
                    timeout = self.timeout(step_section)
                    steps.append(Step(index, step_section, job_id, timeout))
        refs: list[DependencyRef] = []
        deps_entry = section.get("depends_on")
        if deps_entry is not None and deps_entry.value.id == "sequence":
            for item in deps_entry.value.value:
                if item.id == "scalar" and yaml_type(item) == "str":
                    refs.append(DependencyRef(item.value, token_span(item, self.source), job_id))
        owners = (section, *(step.section for step in steps))
        return Job(
            job_id, span_of(key), span_of(value), section, tuple(steps), tuple(refs),
            self.timeout(section),
            tuple(s for _, s in self._job_subtrees[id(value)]),
            tuple(v for s in owners for v in self.timeouts(s) if v is not None),
            yaml_type(key),
        )


def name_entries(node: Any) -> tuple[Entry, ...]:
    """The entries of a mapping whose keys are names (`env`, `matrix`, `inputs`, a call's
    or a schedule's `inputs`) as the engine's YAML reader makes them: its own keys (the
    first of a repeated one), then those its `<<` merge keys bring that it lacks
    (`Entry.merged`). `env: {<<: *common, EXTRA: "1"}` defines `EXTRA` and every
    variable of `common`, and no variable named `<<`."""
    return _entries(node)[0]


def _entries(node: Any) -> tuple[tuple[Entry, ...], tuple[tuple[Entry, Entry], ...]]:
    own: dict[str, Entry] = {}
    duplicates: list[tuple[Entry, Entry]] = []
    merged: list[Entry] = []
    for key_node, value in node.value:
        if is_merge_key(key_node):
            merged.extend(merged_entries(value))
            continue
        if key_node.id != "scalar":
            continue  # a complex key (`? [a, b]`) names nothing the format has
        entry = Entry(str(key_node.value), key_node, value)
        first = own.get(entry.key)
        if first is None:
            own[entry.key] = entry
        else:
            duplicates.append((entry, first))
    entries = list(own.values())
    for entry in merged:
        if entry.key not in own:
            own[entry.key] = entry
            entries.append(entry)
    return tuple(entries), tuple(duplicates)


def merged_entries(value: Any) -> list[Entry]:
    """The entries a merge key brings in: each source's own keys, then what its own merge
    keys bring, earlier sources first, so that the first of a key is the one that
    counts. A loop, not recursion: a chain of merges is as deep as the input makes it."""
    out: list[Entry] = []
    seen: set[int] = set()
    stack = _merge_sources(value)[::-1]  # the next source to read on top
    while stack:
        source = stack.pop()
        if source.id != "mapping" or id(source) in seen:
            continue
        seen.add(id(source))
        inner: list[Any] = []
        for key_node, item in source.value:
            if is_merge_key(key_node):
                inner.extend(_merge_sources(item))
            elif key_node.id == "scalar":
                out.append(Entry(str(key_node.value), key_node, item, merged=True))
        stack.extend(reversed(inner))
    return out


def merge_closure(mapping: Any) -> list[Any]:
    """The mappings merged into `mapping` (`<<: *a`, `<<: [*a, *b]`), and into those, each
    once, earlier sources first."""
    out: list[Any] = []
    seen = {id(mapping)}
    stack = [source for key, item in mapping.value if is_merge_key(key)
             for source in _merge_sources(item)][::-1]
    while stack:
        source = stack.pop()
        if source.id != "mapping" or id(source) in seen:
            continue
        seen.add(id(source))
        out.append(source)
        stack.extend([inner for key, item in source.value if is_merge_key(key)
                      for inner in _merge_sources(item)][::-1])
    return out


def _merge_sources(value: Any) -> list[Any]:
    """The mappings a `<<` value names, in order: one alias, or a list of them."""
    return list(value.value) if value.id == "sequence" else [value]


def aliased_scalars(roots: tuple[Any, ...]) -> dict[Span, tuple[str, ...]]:
    """Each scalar that aliases repeat under keys other than its anchor's, with those
    other keys (`timeout: &x "1d"` and `run: *x` → `run`; `-` for a list item). An
    alias is the anchored node itself in the composed tree, so a fix of the value at its
    anchor changes every place: right for one key, it may be wrong for another."""
    places: dict[int, list[tuple[Any, str]]] = {}
    nodes: dict[int, Any] = {}
    for node in walk(roots):
        if node.id == "mapping":
            pairs = ((key.start_mark.index, str(key.value) if key.id == "scalar" else "?",
                      value) for key, value in node.value)
        elif node.id == "sequence":
            pairs = ((item.start_mark.index, "-", item) for item in node.value)
        else:
            continue
        for at, key, value in pairs:
            if value.id == "scalar":
                places.setdefault(id(value), []).append((at, key))
                nodes[id(value)] = value
    shared = {}
    for ref, found in places.items():
        if len(found) > 1:
            (_, anchored), *aliases = sorted(found)  # an alias comes after its anchor
            others = tuple(dict.fromkeys(key for _, key in aliases if key != anchored))
            if others:
                shared[span_of(nodes[ref])] = others
    return shared


# How many words of a script name its step (`step 2: python train.py --epochs 3 …`), and
# how many an expression among them may take before it is left out instead.
_LABEL_WORDS, _LABEL_EXPRESSION_WORDS = 4, 8


def _first_words(script: str) -> str:
    """The first words of a script's first line that has any, with `…` when more follows;
    not cut inside `${{ }}`: an expression there is shown whole, or not at all when long."""
    lines = [line for line in script.splitlines() if line.strip()]
    words = lines[0].split()
    shown: list[str] = []
    opened = None  # where an expression still open among the words shown began
    for word in words:
        if len(shown) >= _LABEL_WORDS and opened is None:
            break
        if opened is not None and len(shown) - opened >= _LABEL_EXPRESSION_WORDS:
            del shown[opened:]  # too long to show: the label stops before it
            break
        shown.append(word)
        # (an opening and a closing in one word, as in `${{.x}}`, leave it closed)
        if word.rfind("${{") > word.rfind("}}"):
            opened = len(shown) - 1 if opened is None else opened
        elif "}}" in word:
            opened = None
    more = len(shown) < len(words) or len(lines) > 1
    return " ".join(shown) + (" …" if more else "") if shown else "…"


def _scalar_text(entry: Entry | None) -> str | None:
    if entry is None or entry.value.id != "scalar":
        return None
    return str(entry.value.value)


def _timeout_of(section: Section | None, owner: str, source: Source,
                key: str = "timeout") -> DurationValue | None:
    entry = section.get(key) if section else None
    if entry is None:
        return None
    node = entry.value
    kind = yaml_type(node)
    text = str(node.value) if node.id == "scalar" else None
    start, key_start = node.start_mark, entry.key_node.start_mark
    aliased = (start.line, start.column) < (key_start.line, key_start.column)
    return DurationValue(
        token_span(node, source), text, kind, getattr(node, "style", None),
        durations.read(text or "", kind), owner, key, entry.key_span if aliased else None,
    )
