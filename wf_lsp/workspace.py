"""The workflows of a workspace, by `id`: what calls between workflows are checked against.

A `WorkflowEntry` is what other files need to know of one workflow: its id, inputs,
whether it is callable, the workflows it calls, how long its jobs may run (what a caller's
timeout must allow), and where each of these is written. It
is plain data (no parse tree), small enough to keep for every file of a workspace and to
send to `wf-lsp lint`'s worker processes. A `Workspace` holds the entries by file; a
`View` is the workspace as one file being linted sees it: its own entries (from the text
being linted, the freshest) in place of what the workspace had for that file.

Files are keyed by absolute path; a path that is another's file (a symlink, a hard link)
is an alias of the path the workspace holds the file under, so that a file is one set of
workflows whatever path it is linted by. Within a workspace, "the" workflow of an id is the
first by (path, position); the others repeat it (WF601).

Each file belongs to a project (the root `files.project_root` finds for it: the nearest
folder with `.git` or a config file, below the home folder and `/`, never one; None
outside any): calls and ids are checked within one project. `wf-lsp lint` indexes one
`Workspace` per project; the server indexes its workspace folders as one, which may hold
several projects (two repositories), and lints a file against its own project's part
(`Workspace.project`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cached_property

from wf_lsp.findings import Edit, Position, Span, path_text
from wf_lsp.graph import JobGraph
from wf_lsp.model import Entry, Job, Section, Workflow, name_entries, token_span, yaml_type
from wf_lsp.parse import Source
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import field, record, replace
from wf_lsp.timeline import least_run

# `/workspaces/<workspace-id>/workflows/<id>`: a call of a workflow by resource name.
RESOURCE = LazyPattern(r"/?workspaces/(?P<ws>[^/\s]+)/workflows/(?P<id>[^/\s]+)")


@record(slots=True)
class Input:
    """One input a workflow declares."""

    name: str
    span: Span  # of its key
    type: str | None  # `string`, `bool`, `int`; None when not written as one of these
    required: bool
    default: str | None  # the default as written; None when there is none
    description: str | None

    @property
    def needed(self) -> bool:
        """Whether a call must pass it: required, and no default to fall back on."""
        return self.required and self.default is None


@record(slots=True)
class Argument:
    """One entry of a call's `inputs`."""

    name: str
    key_span: Span
    value_span: Span
    text: str | None  # the value when it is a scalar
    yaml_type: str  # `str`, `int`, `bool`, ..., `seq`, `map`
    merged: bool = False  # came in through a `<<` merge key: written where others read it

    @property
    def reported_span(self) -> Span:
        """Where a finding about the value goes: the key when the value is empty, whose
        span at the line's end has no width (as `model.Entry.reported_span`)."""
        return self.key_span if self.value_span.start == self.value_span.end else self.value_span


@record(slots=True)
class Call:
    """A job's `workflow:` call."""

    job_id: str
    name: str  # as written: an id or a resource name
    span: Span  # of the name's value
    arguments: tuple[Argument, ...]
    # Where a new argument goes (a line of its own) and how far it is indented; None when
    # the call is written in flow style, where a fix would have to rewrite it.
    insert_at: Position | None
    indent: str
    opens_inputs: bool  # whether an inserted argument must open `inputs:` first

    def target(self, workspace_id: str | None) -> str | None:
        """The id of the workflow called in this workspace: the name itself, or the id of
        a resource name of the workspace `workspace_id`; None for another workspace's
        (or any resource name when the local workspace's id is not configured)."""
        match = RESOURCE.fullmatch(self.name)
        if match is None:
            return self.name
        return match["id"] if workspace_id is not None and match["ws"] == workspace_id else None


@record(slots=True)
class JobEntry:
    id: str
    span: Span  # of its key
    name: str | None  # its display name
    needs: tuple[str, ...] = ()  # its `depends_on`, as written
    least: int = 0  # nanoseconds a run of it may take and succeed (`timeline.least_run`)


@record(slots=True)
class WorkflowEntry:
    """What other files need to know of one workflow."""

    path: str | None  # absolute; None for a text without a file
    index: int  # its place among the workflows of its file
    id: str | None  # None when it has no usable id (it is then called by no one)
    id_span: Span
    name: str | None
    callable: bool
    inputs: tuple[Input, ...]
    calls: tuple[Call, ...]
    jobs: tuple[JobEntry, ...]
    # Whether its document was read whole: after a syntax error, what is missing (a job's
    # `timeout` after its steps) may be what a caller's check would need.
    complete: bool = True
    # The edit that makes it callable (`trigger.callable: true`), when one can be made.
    make_callable: Edit | None = field(default=None, compare=False)

    @property
    def meaning(self) -> tuple:
        """What other files' findings depend on, without where it is written: two
        versions of a file with the same meaning give its callers the same messages."""
        return (self.id, self.callable,
                tuple((i.name, i.type, i.required, i.default) for i in self.inputs),
                tuple((c.name, tuple((a.name, a.text, a.yaml_type) for a in c.arguments))
                      for c in self.calls),
                tuple((j.id, j.needs, j.least) for j in self.jobs), self.complete)

    @property
    def order(self) -> tuple[str, int, Position]:
        """Which of two workflows with one id comes first: by file, then place."""
        return (self.path or "", self.index, self.id_span.start)

    def input(self, name: str) -> Input | None:
        return next((item for item in self.inputs if item.name == name), None)

    def longest_run(self) -> tuple[int, tuple[JobEntry, ...]] | None:
        """The longest a run of it may take and succeed, at least, with the chain of jobs
        (by `depends_on`, first first) that takes it: each job's `least` added up along
        the chain, the longest chain of the job graph; None when the graph has a cycle
        (no run ends). A repeated job id counts its least."""
        graph = JobGraph.of((job.id, job.needs) for job in self.jobs)
        if len(graph.order) < len(graph.needs):
            return None
        least: dict[str, int] = {}
        for job in self.jobs:
            least[job.id] = min(least.get(job.id, job.least), job.least)
        first = {}
        for job in self.jobs:
            first.setdefault(job.id, job)
        finish: dict[str, int] = {}
        previous: dict[str, str | None] = {}
        for job_id in graph.order:  # each job after the jobs it needs
            before = max(graph.needs[job_id], key=lambda need: finish[need], default=None)
            previous[job_id] = before
            finish[job_id] = least[job_id] + (finish[before] if before is not None else 0)
        if not finish:
            return 0, ()
        last: str | None = max(graph.needs, key=lambda job_id: finish[job_id])
        chain = []
        while last is not None:
            chain.append(first[last])
            last = previous[last]
        return finish[chain[0].id], tuple(reversed(chain))


@record
class Workspace:
    """Every workflow of a workspace, by file (absolute path → its workflows)."""

    files: Mapping[str, tuple[WorkflowEntry, ...]] = field(default_factory=dict)
    # A path → the path its file is held under, for paths of a file that has several.
    aliases: Mapping[str, str] = field(default_factory=dict)
    # A file's path → its project's root (None: outside any project; the server keys a
    # document from outside its folders and any project by its own path). A file not in
    # it is of the project None.
    projects: Mapping[str, str | None] = field(default_factory=dict)
    # The folder messages name the files outside any project from: the command line's
    # working folder, as its outputs name every file; None, the naming file's folder (the
    # editor, which has no working folder).
    outside: str | None = None
    # False while the workspace is still being read (the editor's index, at its start or
    # of a project just opened): a workflow missing from it may only not be read yet, and
    # the rules about calls between files say nothing (`ACROSS_FILES`) until it is.
    indexed: bool = True
    # The folders whose files were not read: the walk of a project's root stopped at its
    # bound (the editor's, for a document opened outside its folders: `files.discover`'s
    # `limit`). A workflow missing from the workspace may be in them (WF602 says nothing).
    unread: tuple[str, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[WorkflowEntry], aliases: Mapping[str, str] | None = None,
           projects: Mapping[str, str | None] | None = None) -> Workspace:
        files: dict[str, list[WorkflowEntry]] = {}
        for entry in entries:
            files.setdefault(entry.path or "", []).append(entry)
        return cls({path: tuple(items) for path, items in files.items()}, aliases or {},
                   {path: projects[path] for path in files if path in projects}
                   if projects else {})

    def holder(self, path: str | None) -> str:
        """The path the file at `path` is held under (itself, unless it is an alias)."""
        return self.aliases.get(path or "", path or "")

    @cached_property
    def by_id(self) -> dict[str, tuple[WorkflowEntry, ...]]:
        """Each id's workflows, the first (by path, then place) first."""
        found: dict[str, list[WorkflowEntry]] = {}
        for entries in self.files.values():
            for entry in entries:
                if entry.id is not None:
                    found.setdefault(entry.id, []).append(entry)
        return {key: tuple(sorted(items, key=lambda e: e.order)) for key, items in found.items()}

    def with_files(self, changes: Mapping[str, tuple[WorkflowEntry, ...]],
                   aliases: Mapping[str, str] | None = None,
                   projects: Mapping[str, str | None] | None = None) -> Workspace:
        """This workspace with the workflows of each file of `changes` replaced (none: the
        file is gone), `aliases` (another scan's) added, and the projects of the files
        of `changes` taken from `projects` (a file it does not name keeps its project)."""
        files, kept = dict(self.files), dict(self.projects)
        projects = projects or {}
        for given, entries in changes.items():
            path = self.holder(given)
            if entries:
                files[path] = entries
                # Another path of a file keeps the file's project (a folder linked to one
                # above it holds that folder's config: a project of its own by that path).
                if given in projects and (given == path or path not in kept):
                    kept[path] = projects[given]
            else:
                files.pop(path, None)
                kept.pop(path, None)
        return replace(self, files=files, projects=kept,
                       aliases={**self.aliases, **aliases} if aliases else self.aliases)

    def project(self, root: str | None) -> Workspace:
        """The workflows of the files of one project (its root; None: the files outside
        any project): what a file of that project is checked against."""
        return self._by_project.get(root) or Workspace(
            {}, self.aliases, outside=self.outside, unread=self.unread_of(root))

    def unread_of(self, root: str | None) -> tuple[str, ...]:
        """The folders not read (`unread`) of the project `root` (None: any)."""
        if root is None or not self.unread:
            return self.unread
        inside = os.path.join(root, "")
        return tuple(folder for folder in self.unread
                     if folder == root or folder.startswith(inside))

    @cached_property
    def _by_project(self) -> dict[str | None, Workspace]:
        split: dict[str | None, dict[str, tuple[WorkflowEntry, ...]]] = {}
        for path, entries in self.files.items():
            split.setdefault(self.projects.get(path), {})[path] = entries
        return {root: Workspace(files, self.aliases, {path: root for path in files}, self.outside,
                                unread=self.unread_of(root))
                for root, files in split.items()}

    def with_alias(self, path: str, holder: str) -> Workspace:
        """This workspace with `path` an alias of `holder`'s file (`path` itself: none)."""
        aliases = {other: held for other, held in self.aliases.items() if other != path}
        if holder != path:
            aliases[path] = holder
        # The rest as it was: a link made while the editor ran dropped every file's
        # project, and each call was then a WF602 of a workspace with nothing in it.
        return replace(self, aliases=aliases)

    def view(self, path: str | None, own: tuple[WorkflowEntry, ...]) -> View:
        """The workspace as the file `path`, whose workflows are now `own`, sees it."""
        return View(self, self.holder(path), own)

    def entries(self) -> Iterable[WorkflowEntry]:
        for entries in self.files.values():
            yield from entries


@record
class View:
    """A workspace seen from one file: its own workflows are those of its current text."""

    workspace: Workspace
    path: str  # the path the workspace holds the file under
    own: tuple[WorkflowEntry, ...]

    def _other(self, entry: WorkflowEntry) -> bool:
        return self.workspace.holder(entry.path) != self.path

    @cached_property
    def _own_by_id(self) -> dict[str | None, list[WorkflowEntry]]:
        """`own` by id: each workflow of a file asks for its id, and a scan of `own` each
        time was quadratic in a file of thousands of documents."""
        found: dict[str | None, list[WorkflowEntry]] = {}
        for entry in self.own:
            found.setdefault(entry.id, []).append(entry)
        return found

    def named(self, workflow_id: str) -> tuple[WorkflowEntry, ...]:
        """The workflows with this id, the first first."""
        others = [e for e in self.workspace.by_id.get(workflow_id, ()) if self._other(e)]
        mine = self._own_by_id.get(workflow_id, [])
        return tuple(sorted(others + mine, key=lambda e: e.order)) if mine else tuple(others)

    def get(self, workflow_id: str) -> WorkflowEntry | None:
        """The workflow with this id (the first, if several have it)."""
        found = self.named(workflow_id)
        return found[0] if found else None

    def ids(self) -> list[str]:
        """Every workflow id of the workspace, sorted."""
        ids = {key for key, entries in self.workspace.by_id.items()
               if any(self._other(e) for e in entries)}
        ids.update(e.id for e in self.own if e.id is not None)
        return sorted(ids)

    def entries(self) -> Iterable[WorkflowEntry]:
        """Every workflow of the workspace, this file's as its current text has them."""
        for path, entries in self.workspace.files.items():
            if path != self.path:
                yield from entries
        yield from self.own

    def shown(self, path: str | None, base: str | None) -> str:
        """`path` as a message in the file `base` names it (`shown`): from the root of
        their project (the file named's: the file linted may not be indexed yet)."""
        projects = self.workspace.projects
        root = projects.get(self.workspace.holder(path)) or projects.get(self.path)
        return shown(path, base, root, self.workspace.outside)

    def entry_of(self, index: int) -> WorkflowEntry:
        """This file's workflow at `index` (in the order of its documents)."""
        return self.own[index]

    def cycle_through(self, start: WorkflowEntry, call: Call,
                      workspace_id: str | None) -> list[tuple[WorkflowEntry, Call]] | None:
        """The shortest chain of calls from `call`'s callee back to `start`, as (caller,
        call) pairs beginning with (start, call); None when the calls do not lead back."""
        first = call.target(workspace_id)
        callee = self.get(first) if first is not None else None
        if callee is None or start.id is None or self.get(start.id) is not start:
            return None
        # Breadth first, so the cycle shown is a shortest one.
        parents: dict[str, tuple[WorkflowEntry, Call]] = {}  # id → the call that reached it
        frontier, seen = [callee], {callee.id}
        while frontier:
            following = []
            for entry in frontier:
                if entry.id == start.id:
                    chain, node = [], entry.id
                    while node != callee.id:
                        caller, via = parents[node]
                        chain.append((caller, via))
                        node = caller.id
                    return [(start, call), *chain[::-1]]
                for via in entry.calls:
                    target = via.target(workspace_id)
                    reached = self.get(target) if target is not None else None
                    if reached is not None and reached.id not in seen:
                        seen.add(reached.id)
                        parents[reached.id] = (entry, via)
                        following.append(reached)
            frontier = following
        return None


def shown(path: str | None, base: str | None, root: str | None = None,
          outside: str | None = None) -> str:
    """A path as a message in the file `base` names it: relative to its project's `root`
    when below it (what the notes of `wf-lsp lint` run from the root say, and the same in
    the editor, which has no working folder); else, given the folder `outside` (the
    command line's working folder), as the notes name it: relative to that folder when
    below it, else in full; else relative to `base`'s folder; in text any output can hold
    (`path_text`)."""
    if not path:
        return "this text"
    if root and path.startswith(os.path.join(root, "")):
        return path_text(os.path.relpath(path, root).replace(os.sep, "/"))
    if outside is not None and not root:
        below = path.startswith(os.path.join(outside, ""))
        return path_text(os.path.relpath(path, outside).replace(os.sep, "/") if below else path)
    if base:
        try:
            return path_text(os.path.relpath(path, os.path.dirname(base)).replace(os.sep, "/"))
        except ValueError:  # another drive
            pass
    return path_text(path)


# -- from the model ------------------------------------------------------------------------

def entries_of(workflows: tuple[Workflow, ...], source: Source, path: str | None,
               complete: bool = True) -> tuple[WorkflowEntry, ...]:
    """The entries of one file's workflows (its model); `complete`: the file was read
    whole (no syntax error)."""
    path = os.path.abspath(path) if path and path != "-" else path
    return tuple(_entry(workflow, index, source, path, complete)
                 for index, workflow in enumerate(workflows))


def _entry(workflow: Workflow, index: int, source: Source, path: str | None,
           complete: bool) -> WorkflowEntry:
    root = workflow.root
    sections = workflow.by_node
    id_entry = root.get("id")
    workflow_id = _text(id_entry)
    id_span = token_span(id_entry.value, source) if id_entry else root.anchor
    trigger = root.get("trigger")
    callable_entry = _child(sections, trigger, "trigger", "callable")
    is_callable = _true(callable_entry)
    return WorkflowEntry(
        path, index, workflow_id or None, id_span, _text(root.get("name")), is_callable,
        _inputs(sections, root), tuple(workflow.per_job("entry:calls", workflow.jobs,
                                                        lambda job: _call(job, sections, source))),
        tuple(workflow.per_job("entry:jobs", workflow.jobs, lambda job: (JobEntry(
            job.id, job.key_span, _text(job.section.get("name")) if job.section else None,
            tuple(ref.name for ref in job.depends_on), least_run(job)),))),
        complete,
        None if is_callable else _make_callable(root, trigger, callable_entry, source),
    )


def _text(entry: Entry | None) -> str | None:
    """A scalar string value, as written."""
    if entry is None or entry.value.id != "scalar" or yaml_type(entry.value) == "null":
        return None
    return str(entry.value.value)


def _true(entry: Entry | None) -> bool:
    """Whether a value is the YAML bool true (`true`, `True`, `TRUE`)."""
    return (entry is not None and yaml_type(entry.value) == "bool"
            and str(entry.value.value).lower() == "true")


def _section(sections: dict, entry: Entry | None, kind: str) -> Section | None:
    if entry is None or entry.value.id != "mapping":
        return None
    return sections.get((id(entry.value), kind))


def _child(sections: dict, entry: Entry | None, kind: str, key: str) -> Entry | None:
    section = _section(sections, entry, kind)
    return section.get(key) if section else None


def _inputs(sections: dict, root: Section) -> tuple[Input, ...]:
    entry = root.get("inputs")
    if entry is None or entry.value.id != "mapping":
        return ()
    found = []
    for declared in name_entries(entry.value):
        section = sections.get((id(declared.value), "input"))
        get = section.get if section else (lambda key: None)
        required = get("required")
        found.append(Input(
            declared.key, declared.key_span, _text(get("type")),
            _true(required),
            _text(get("default")), _text(get("description")),
        ))
    return tuple(found)


def _call(job: Job, sections: dict, source: Source) -> tuple[Call, ...]:
    """The call a job makes (`workflow:` with a `name`), if any."""
    call_entry = job.section.get("workflow") if job.section else None
    call = _section(sections, call_entry, "workflow_call")
    name = call.get("name") if call else None
    if name is None or _text(name) is None:
        return ()
    inputs = call.get("inputs")
    arguments = []
    if inputs is not None and inputs.value.id == "mapping":
        for given in name_entries(inputs.value):
            value = given.value
            arguments.append(Argument(
                given.key, given.key_span, token_span(value, source),
                str(value.value) if value.id == "scalar" else None, yaml_type(value),
                given.merged))
    insert_at, indent, opens = _argument_place(call, name, inputs, source)
    return (Call(job.id, _text(name), token_span(name.value, source), tuple(arguments),
                 insert_at, indent, opens),)


def _argument_place(call: Section, name: Entry, inputs: Entry | None,
                    source: Source) -> tuple[Position | None, str, bool]:
    """Where a new argument of a call goes: after the last one of a block `inputs`, or
    after the `name` line, opening `inputs:`, when the call has none."""
    if call.node.flow_style:
        return None, "", False
    if inputs is None:
        column = name.key_span.start.column
        return Position(name.value_span.end.line + 1, 0), " " * column, True
    value = inputs.value
    if value.id != "mapping" or value.flow_style or not value.value:
        return None, "", False
    last_key, last_value = value.value[-1]
    return Position(_line_after(last_value), 0), " " * last_key.start_mark.column, False


def _make_callable(root: Section, trigger: Entry | None, callable_entry: Entry | None,
                   source: Source) -> Edit | None:
    """The edit that writes `trigger.callable: true` in a block-style workflow."""
    if root.node.flow_style:
        return None
    if callable_entry is not None:
        return Edit(token_span(callable_entry.value, source), "true")
    if trigger is None:
        first = root.node.value[0][0]
        indent = " " * first.start_mark.column
        step = _indent_step(root, source)
        line = _line_after(root.get("id").value if root.get("id") else first)
        return source.insert_lines(line, f"{indent}trigger:\n{indent}{' ' * step}callable: true\n")
    value = trigger.value
    if value.id != "mapping" or value.flow_style or not value.value:
        return None
    first_key = value.value[0][0]
    line = first_key.start_mark.line
    if source.line_text(line)[: first_key.start_mark.column].strip():
        return None  # `trigger: {…}` on one line, or a key after other text
    return source.insert_lines(line, " " * first_key.start_mark.column + "callable: true\n")


def _line_after(node) -> int:
    end = node.end_mark
    return end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1


def _indent_step(root: Section, source: Source) -> int:
    """How far the file indents a nested mapping (two spaces when it shows none)."""
    for _, value in root.node.value:
        if value.id == "mapping" and not value.flow_style and value.value:
            step = value.value[0][0].start_mark.column - root.node.start_mark.column
            if step > 0:
                return step
    return 2
