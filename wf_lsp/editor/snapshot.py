"""One linted version of a document, and what the editor features derive from it.

A request about a document reads the lint the server already has; the indexes built
from it (the tokens of every key, the names expressions read, the job timelines, the
outline) are made on the first request that needs them and kept as long as the snapshot
is the document's current one.
"""

from __future__ import annotations

from functools import cached_property

from wf_lsp import timeline
from wf_lsp.config import Config
from wf_lsp.editor.names import NameIndex
from wf_lsp.editor.symbols import Symbol, outline
from wf_lsp.editor.tokens import TokenIndex
from wf_lsp.editor.yaml_lines import jobs_in_text
from wf_lsp.findings import Position, Span
from wf_lsp.linter import Analysis
from wf_lsp.model import Workflow, aliased_scalars
from wf_lsp.parse import Source, may_share_nodes
from wf_lsp.records import field, record
from wf_lsp.workspace import View, Workspace


@record(eq=False)
class Snapshot:
    """The lint of one version of a document's text and the config it was linted with."""

    result: Analysis
    config: Config
    failure: str | None = None  # an internal error that stopped the lint; None if none did
    _timelines: dict[int, timeline.Timeline] = field(default_factory=dict, init=False, repr=False)

    @property
    def source(self) -> Source:
        """The text as the core sees it (without a BOM)."""
        return self.result.source

    @property
    def workflows(self) -> tuple[Workflow, ...]:
        """The workflow models of the document (one per YAML document that is one)."""
        return self.result.workflows

    @property
    def is_workflow(self) -> bool:
        """Whether the document was linted as a workflow (other YAML gets no features)."""
        return self.result.is_workflow

    @property
    def being_written(self) -> bool:
        """Whether the document is a workflow being started (`detect.Verdict.started`): not
        linted, but hover and completion serve it from its `workflows`."""
        return self.result.being_written

    @cached_property
    def workspace(self) -> View:
        """The workspace this version was linted in, as this document sees it."""
        own = self.result.entries
        path = own[0].path if own else self.result.path
        return (self.result.workspace or Workspace()).view(path, own)

    @cached_property
    def tokens(self) -> TokenIndex:
        """What each position is about: keys, job ids, `depends_on` entries, timeouts."""
        return TokenIndex(self.result)

    @cached_property
    def names(self) -> NameIndex:
        """Inputs, secret aliases, matrix and env variables: declarations and uses."""
        return NameIndex(self.result)

    @cached_property
    def outline(self) -> tuple[Symbol, ...]:
        """The document symbols: workflow → jobs → steps."""
        return outline(self.result)

    def is_shared(self, value: Span) -> bool:
        """Whether aliases use the value at `value` under other keys too (`WAIT: &w 90m`,
        `timeout: *w`): rewritten as a duration, the other key's value would change with
        it (the linter makes such a fix unsafe: `model.aliased_scalars`)."""
        return value.end in self._shared_ends

    @cached_property
    def _shared_ends(self) -> frozenset[Position]:
        # By where each value ends: its span there starts at its anchor, a token's after it.
        parsed = self.result.parsed
        if parsed is None or not may_share_nodes(self.source.text):
            return frozenset()
        return frozenset(span.end for span in aliased_scalars(parsed.roots))

    @cached_property
    def jobs_in_text(self) -> tuple[str, ...]:
        """The job ids written under `jobs:`, read from the text (for a broken document)."""
        return jobs_in_text(self.source)

    def workflow_at(self, pos: Position | None = None) -> Workflow | None:
        """The workflow of the YAML document `pos` is in (the one above it, between two),
        or the first one when `pos` is None or before them all; None without one."""
        found = self.workflows[0] if self.workflows else None
        if pos is not None:
            for workflow in self.workflows[1:]:
                if workflow.root.span.start > pos:
                    break
                found = workflow
        return found

    def timeline(self, workflow: Workflow) -> timeline.Timeline:
        """When each job of `workflow` may start and finish at worst."""
        # By identity: the snapshot holds its workflows, so an id is never reused meanwhile.
        key = id(workflow)
        if key not in self._timelines:
            self._timelines[key] = timeline.build(workflow)
        return self._timelines[key]
