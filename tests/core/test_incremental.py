"""The incremental path against a full analysis, edit after edit (`wf_lsp.incremental`).

Hypothesis makes sequences of edits (typing, deleting, pasting lines from elsewhere,
newlines, indenting, undo) on generated and corpus workflows; after every edit the
analysis from the previous one must equal a full analysis of the same text: every
finding (code, message, span, severity, fixes, related information) and, where the
parse was spliced, the node tree with every mark. The texts the edits start from, under
the configurations and in the workspace they are drawn with, make every rule of the
registry and every cause of WF001 fire (`test_every_rule_fires_in_the_differential`).
"""

from __future__ import annotations

import importlib.util
from operator import is_
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp import semantics
from wf_lsp.incremental import reparse
from wf_lsp.linter import analyze, index_text
from wf_lsp.parse import Source, parse
from wf_lsp.rules import RULES
from wf_lsp.workspace import Workspace

from .helpers import config

ROOT = Path(__file__).parents[2]
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*/*.y*ml"))
# What a person types in a workflow: mostly letters and digits, often what changes YAML's
# structure, and now and then what a rule reads (a number past Go's ints, a template, a
# cron's day, a call).
TYPED = st.sampled_from(list("abcxyz0159 ") * 3 + list(":-#\n\"'{}[],&*!|>\t")
                        + ["  ", "\n  ", "  - ", ": x\n", "${{ ", " }}", "90m", "jobs:\n",
                           "18446744073709551616", ' template "t" ', '{{ define "t" }}{{ end }}',
                           " len 3 ", "MON", "*/0 ", "callable: true\n", "name: build\n"])


def _generated(lines: int, seed: int) -> str:
    path = ROOT / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return generate.workflow(lines, seed=seed)


# Anchors and aliases across jobs, and a job that ends the file without a line break.
ANCHORED = """\
name: anchors
env:
  BASE: &base "x"
jobs:
  a:
    timeout: &t 90m
    steps:
      - run: echo ${{ .env.BASE }}
  b:
    timeout: *t
    depends_on: [a]
    steps:
      - run: echo hi"""

# A workflow broken in each way WF001 names a cause of (its message's words): the edits
# on it take the error away, or move it, or add another.
BROKEN_BASE = """\
id: broken
jobs:
  a:
    timeout: 1h
    steps:
      - run: echo a
  b:
    depends_on: [a]
    timeout: 2h
    steps:
      - run: echo b
"""
BROKEN = {
    "opens a string that is never closed": ('timeout: 2h', 'timeout: "2h'),
    "opens a string that runs on to line": ("- run: echo a", '- run: "echo a\n          x"  y'),
    "is not closed": ("[a]", "[a"),
    "is indented more than": ("    timeout: 1h\n", "    timeout: 1h\n      name: x\n"),
    "where no mapping it could belong to": ("  b:\n", "   b:\n"),
    "has no space after its": ("timeout: 2h", "timeout:2h\n    name: x"),
    "value starts a mapping": ("echo b", "echo b: c"),
    "is not allowed in YAML text": ("echo a", "echo \x00a"),
    "a tab after": ("- run: echo b", "-\trun: echo b"),
    "a tab where YAML allows only spaces": ("    timeout: 1h", "\ttimeout: 1h"),
    "where parsers built on libyaml (PyYAML, go-yaml) end": ("timeout: 1h",
                                                             "timeout: 1h # c\u2028 x"),
    "levels deep: too deep to read": ("echo a", "[" * 1100 + "]" * 1100),
    "found undefined alias": ("timeout: 2h", "timeout: *nope"),
    "a list item (`-`) where a key is due": ("  b:\n", "  -\n  b:\n"),
    "has no `:` after it, so it is not a key": ("    timeout: 2h\n", "    timeout: 2h\n    na\n"),
}

TEXTS = [_generated(60, 1), _generated(150, 7), ANCHORED,
         *(path.read_bytes().decode("utf-8") for path in CORPUS),  # CRLF kept
         *(BROKEN_BASE.replace(old, new, 1) for old, new in BROKEN.values())]

# What the rules that look across files (WF601-WF606) see: the folder of workflows that
# call each other, each file edited with the others beside it.
CALLS = {str(path): path.read_text(encoding="utf-8")
         for path in sorted((ROOT / "tests" / "corpus" / "err" / "calls").glob("*.yaml"))}
WORKSPACE = Workspace.of(entry for path, text in CALLS.items()
                         for entry in index_text(text, path=path))
# Where the edits start: a text, and what `analyze` is given beside it.
STARTS = [(text, {}) for text in TEXTS] + [
    (text, {"path": path, "workspace": WORKSPACE}) for path, text in CALLS.items()]
# The rules off by default or quiet without a setting (WF111, WF204, WF203 of steps).
STRICT = config(extend_select=["WF111"], require_timeout="all", max_job_timeout="1h",
                max_step_timeout="30m")
CONFIGS = st.sampled_from([None, STRICT])


def _tree(roots):
    """Every node's kind, tag, marks, style and value, nested; a collection inside itself
    (`a: &d` holding `<<: *d`: a tree with a cycle, which a text drawn twice in a row
    keeps) is its head where it comes again."""
    def node(n, around=frozenset()):
        head = (n.id, n.tag, n.start_mark.line, n.start_mark.column, n.end_mark.line,
                n.end_mark.column, getattr(n, "style", None), getattr(n, "flow_style", None))
        if n.id == "scalar":
            return head, n.value
        if id(n) in around:
            return head, "again"
        around = around | {id(n)}
        if n.id == "sequence":
            return head, [node(item, around) for item in n.value]
        return head, [(node(key, around), node(value, around)) for key, value in n.value]
    return [node(root) for root in roots]


@st.composite
def edit(draw, text: str, history: list[str]) -> str:
    """One edit of `text`: the text after it."""
    kind = draw(st.sampled_from(["type"] * 4 + ["delete", "paste", "newline", "indent"]
                                + ["undo"] * 2))
    lines = text.splitlines(keepends=True) or [""]
    if kind == "undo" and history:
        return draw(st.sampled_from(history))
    at = draw(st.integers(0, len(text)))
    if kind == "delete":  # a character, a word, or lines
        return text[:at] + text[at + draw(st.sampled_from([1, 1, 1, 4, 40])):]
    if kind == "paste":  # lines copied from elsewhere, pasted at a line start
        first = draw(st.integers(0, len(lines) - 1))
        block = "".join(lines[first:first + draw(st.integers(1, 12))])
        where = draw(st.integers(0, len(lines)))
        return "".join(lines[:where]) + block + "".join(lines[where:])
    if kind == "newline":
        return text[:at] + "\n" + text[at:]
    if kind == "indent":  # a line moved in or out by two columns
        line = draw(st.integers(0, len(lines) - 1))
        changed = lines[line][2:] if lines[line].startswith("  ") and draw(st.booleans()) \
            else "  " + lines[line]
        return "".join(lines[:line]) + changed + "".join(lines[line + 1:])
    return text[:at] + draw(TYPED) + text[at:]


def _model(workflows):
    """What the editor features read of the model: jobs, steps, sections, timeouts."""
    def section(s):
        return (s.kind, s.span, s.anchor, [(e.key, e.key_span, e.value_span) for e in s.entries],
                [(a.key_span, b.key_span) for a, b in s.duplicates])
    return [([(j.id, j.key_span, j.value_span, j.depends_on, j.timeout,
               [(st.index, st.section.span, st.timeout) for st in j.steps],
               [section(s) for s in j.sections], j.timeouts) for j in w.jobs],
             [section(s) for s in w.sections], w.durations, w.jobs_key_span, w.plain,
             [(owner is None, [section(s) for s in run]) for owner, run in w.section_groups])
            for w in workflows]


def _same(text: str, previous, **context):
    """The analysis of `text` from `previous` (its parse spliced, what was computed from
    untouched nodes reused: `wf_lsp.memo`), checked against a full one; `context`: the
    path, workspace and configuration both are given."""
    incremental = analyze(text, previous=previous, **context)
    full = analyze(text, **context)
    assert incremental.findings == full.findings
    assert _model(incremental.workflows) == _model(full.workflows)
    # What other files' findings read of it (WF601-WF606), made job by job too.
    assert incremental.entries == full.entries
    assert incremental.skipped == full.skipped
    assert incremental.source == full.source
    spliced = reparse(previous.source, previous.parsed, Source.from_text(text))
    if spliced is not None:  # complete, or the same text as before (its parse kept)
        assert spliced.error == full.parsed.error
        assert spliced.complete or previous.source == incremental.source \
            or not previous.parsed.complete
        assert _tree(spliced.roots) == _tree(full.parsed.roots)
    return incremental


@settings(max_examples=examples(1, at_most=500), suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(STARTS), CONFIGS, st.data())
def test_incremental_analysis_equals_a_full_one_after_every_edit(start, configured, data):
    start, context = start
    context = {**context, "config": configured}
    previous, history = analyze(start, **context), [start]
    for _ in range(data.draw(st.integers(1, 8))):
        text = data.draw(edit(previous.source.text, history))
        previous = _same(text, previous, **context)
        history.append(text)


def _codes(analysis) -> set[str]:
    """The codes of an analysis's findings, WF001 with the cause its message names."""
    return {f.code + next((f" {cause}" for cause in BROKEN if cause in f.message), "")
            if f.code == "WF001" else f.code for f in analysis.findings}


def test_every_rule_fires_in_the_differential():
    """Every rule of the registry, and every cause WF001 names, fires in some text the
    differential starts from (under the configuration it may be drawn with), so the edits
    on it keep, move, take away and bring back its findings: a full analysis's after
    each. A text with a line added above everything and the line taken away again,
    analysed from the one before, equals a full analysis here too."""
    seen: set[str] = set()
    for start, context in STARTS:
        for configured in (None, STRICT):
            at = {**context, "config": configured}
            previous = analyze(start, **at)
            seen |= _codes(previous)
            for text in ("# a note\n" + start, start):
                seen |= _codes(_same(text, previous, **at))
                previous = analyze(text, **at)
    expected = set(RULES) - {"WF001"} | {f"WF001 {cause}" for cause in BROKEN}
    assert not expected - seen, (
        f"{sorted(expected - seen)} never fire in the texts the incremental differential "
        "starts from: widen them (TEXTS, BROKEN, CALLS, STRICT) so that they do")


# Many jobs with findings in them: what an edit that adds or removes lines moves.
MANY_FINDINGS = [_generated(400, 11), _generated(250, 5)]


@st.composite
def line_edit(draw, text: str) -> str:
    """An edit that adds or removes whole lines (Enter, a pasted or deleted line): the
    jobs below it move, with their findings."""
    lines = text.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip(" "))]
    kind = draw(st.sampled_from(["blank", "comment", "key", "step", "delete", "again",
                                 "delete block"]))
    if kind == "delete":
        return "".join(lines[:at] + lines[at + 1:])
    if kind == "delete block":
        return "".join(lines[:at] + lines[at + draw(st.integers(2, 9)):])
    added = {"blank": ["\n"], "comment": [indent + "# a note\n"],
             "key": [indent + draw(st.sampled_from(["name: x", "timeout: 90", "env: {}"]))
                     + "\n"],
             "step": [indent + "- run: echo ${{ .inputs.nope }}\n"],
             "again": lines[at:at + draw(st.integers(1, 4))]}[kind]
    return "".join(lines[:at] + added + lines[at:])


@settings(max_examples=examples(0.5, at_most=250),
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MANY_FINDINGS), CONFIGS, st.data())
def test_findings_moved_by_lines_added_or_removed_above_them_are_a_full_analysis(start, configured,
                                                                                 data):
    """Below an edit that adds or removes lines, each job's findings are those of the
    previous analysis moved by the lines (`findings.moved_findings`), where the job is
    the moved copy of the previous one; they, their fixes and related places equal a
    full analysis's, edit after edit."""
    previous = analyze(start, config=configured)
    for _ in range(data.draw(st.integers(1, 6))):
        previous = _same(data.draw(line_edit(previous.source.text)), previous, config=configured)


# What is typed within a line: the same characters, without line breaks.
TYPED_IN_LINE = TYPED.filter(lambda typed: "\n" not in typed)


@st.composite
def edits_in_place(draw, text: str) -> str:
    """Lines changed where they are, in several places at once, as many lines as before
    (what `--fix`, a replace-all or several cursors do)."""
    lines = text.splitlines(keepends=True)
    for at in draw(st.lists(st.integers(0, len(lines) - 1), min_size=2, max_size=6,
                            unique=True)):
        body = lines[at].rstrip("\n")
        start = draw(st.integers(0, len(body)))
        end = draw(st.integers(start, min(len(body), start + 6)))
        lines[at] = body[:start] + draw(TYPED_IN_LINE) + body[end:] + lines[at][len(body):]
    return "".join(lines)


@settings(max_examples=examples(0.5, at_most=250),
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(STARTS + [(text, {}) for text in MANY_FINDINGS]), CONFIGS, st.data())
def test_lines_changed_in_several_entries_at_once_are_a_full_analysis(start, configured, data):
    """Edits on several lines at once, in several jobs and sections, each entry they fall
    in composed again (`reparse`'s runs), edit after edit."""
    start, context = start
    context = {**context, "config": configured}
    previous = analyze(start, **context)
    for _ in range(data.draw(st.integers(1, 4))):
        previous = _same(data.draw(edits_in_place(previous.source.text)), previous, **context)


# What leaves a syntax error standing for the next keystrokes.
OPENERS = st.sampled_from(['"', "'", "[", "{", '"${{ ', "name:", " "])


@st.composite
def while_broken(draw, text: str) -> list[str]:
    """A quote or bracket opened (or a key run into its value, a line indented a space)
    on a line, then keystrokes, mostly on that line and below, and maybe the text before
    it with that line typed on: the texts in turn."""
    start, lines = text, text.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    body = lines[at].rstrip("\n")
    column = draw(st.integers(len(body) - len(body.lstrip(" ")), len(body)))
    lines[at] = body[:column] + draw(OPENERS) + body[column:] + lines[at][len(body):]
    texts = ["".join(lines)]
    broken = at
    for _ in range(draw(st.integers(1, 6))):
        text = texts[-1]
        # Mostly on the line broken or below it, where the error stands.
        first = min(sum(map(len, lines[:at])), len(text)) if draw(st.integers(0, 3)) else 0
        where = draw(st.integers(first, len(text)))
        kind = draw(st.sampled_from(["type"] * 4 + ["delete", "newline"]))
        if kind == "delete":
            texts.append(text[:where] + text[where + 1:])
        elif kind == "newline":
            texts.append(text[:where] + "\n" + text[where:])
        else:
            texts.append(text[:where] + draw(TYPED_IN_LINE) + text[where:])
    if draw(st.booleans()):  # the error taken back, and the line typed on
        lines = start.splitlines(keepends=True)
        lines[broken] = lines[broken].rstrip("\n") + draw(TYPED_IN_LINE) \
            + lines[broken][len(lines[broken].rstrip("\n")):]
        texts.append("".join(lines))
    return texts


@settings(max_examples=examples(0.5, at_most=250),
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(STARTS + [(MANY_FINDINGS[0], {})]), CONFIGS, st.data())
def test_keystrokes_while_a_syntax_error_stands_are_a_full_analysis(start, configured, data):
    """After a keystroke that breaks the YAML, the next ones keep the nodes before the
    error when the text is cut at the same line with the same lines above it
    (`parse(kept=)`), and what was computed from them; the text without the error is
    spliced from the analysis before it: edit after edit, a full analysis."""
    start, context = start
    context = {**context, "config": configured}
    previous = analyze(start, **context)
    for text in data.draw(while_broken(start)):
        previous = _same(text, previous, **context)


def test_keystrokes_in_a_quote_left_open_keep_the_nodes_before_it():
    """Each keystroke after an unclosed `"` parsed the whole text again, and modelled and
    checked every job before the error again (the previous parse had an error: no
    reuse): 30-60 ms a keystroke on 20-50 KB. The part before the error is now the
    previous parse's nodes, and what was computed from them is reused."""
    lines = MANY_FINDINGS[0].splitlines(keepends=True)
    at = [n for n, line in enumerate(lines) if line.startswith("      - name: ")][-5]
    column = len("      - name: ")
    lines[at] = lines[at][:column] + '"' + lines[at][column:]
    first = analyze(MANY_FINDINGS[0])
    previous = _same("".join(lines), first)
    assert previous.parsed.error is not None and previous.parsed.roots
    for typed in "oops":
        lines[at] = lines[at].rstrip("\n") + typed + "\n"
        current = _same("".join(lines), previous)
        assert current.parsed.roots is previous.parsed.roots
        jobs, before = current.workflows[0].jobs, previous.workflows[0].jobs
        assert len(jobs) == len(before) > 5 and all(map(is_, jobs, before))
        previous = current
    lines[at] = lines[at].rstrip("\n") + '"\n'
    closed = _same("".join(lines), previous)
    # Closed: spliced from the analysis before the quote (the ones with the error kept
    # only the part before it), so the jobs below the error are its jobs too.
    assert closed.parsed.error is None and closed.spliced_from is first.source
    jobs, before = closed.workflows[0].jobs, first.workflows[0].jobs
    assert sum(map(is_, jobs, before)) == len(before) - 1


def _reparse_composing(monkeypatch, before, text: str):
    """`reparse` of `before` into `text`, and the texts it composed on the way (the real
    C reader's, each one recorded)."""
    import wf_lsp.incremental

    composed: list[str] = []
    readers = wf_lsp.incremental._readers
    monkeypatch.setattr(wf_lsp.incremental, "_readers", lambda: (
        lambda text: composed.append(text) or readers()[0](text),))
    spliced = reparse(before.source, before.parsed, Source.from_text(text))
    monkeypatch.undo()
    return spliced, composed


def test_the_lint_after_fixes_composes_only_the_entries_they_changed(monkeypatch):
    """`--fix` and the summary's count lint the fixed text again: its parse is spliced
    from the one before, what a fix touched composed again and the rest kept; what is
    composed is composed together, in one text for the entries fixed where they stand
    and one for the jobs composed whole (one at a time, each scanned the lines above it:
    quadratic in a large file)."""
    from wf_lsp.fixes import apply_fixes

    before = analyze(MANY_FINDINGS[0])
    fixes = [f.safe_fix for f in before.findings if f.safe_fix is not None]
    text, applied = apply_fixes(before.source, fixes)
    assert applied > 5 and text.count("\n") == MANY_FINDINGS[0].count("\n")
    spliced, composed = _reparse_composing(monkeypatch, before, text)
    assert len(composed) <= 2, "the fixed entries are composed in one or two texts"
    assert spliced is not None
    assert _tree(spliced.roots) == _tree(parse(Source.from_text(text)).roots)
    after = _same(text, before)
    kept = [job for job in after.workflows[0].jobs
            if any(job is old for old in before.workflows[0].jobs)]
    assert 0 < len(kept) < len(after.workflows[0].jobs)


def test_an_edit_inside_one_job_reuses_the_other_jobs():
    """A one-character edit is spliced (not parsed in full), and the untouched jobs keep
    their nodes; lines added below move the jobs after them, exactly."""
    text = _generated(150, 7)
    before = analyze(text)
    jobs_before = dict((k.value, v) for k, v in before.parsed.roots[0].value)["jobs"].value
    second = jobs_before[1][0]
    line = second.start_mark.line + 1
    lines = text.splitlines(keepends=True)
    typed = "".join(lines[:line]) + lines[line].rstrip("\n") + "x\n" + "".join(lines[line + 1:])
    spliced = reparse(before.source, before.parsed, Source.from_text(typed))
    assert spliced is not None
    jobs = dict((k.value, v) for k, v in spliced.roots[0].value)["jobs"].value
    assert jobs[0] is jobs_before[0] and jobs[2] is jobs_before[2]
    assert _tree(spliced.roots) == _tree(parse(Source.from_text(typed)).roots)

    added = "".join(lines[:line]) + "    # a comment\n" + "".join(lines[line:])
    spliced = reparse(before.source, before.parsed, Source.from_text(added))
    assert spliced is not None
    jobs = dict((k.value, v) for k, v in spliced.roots[0].value)["jobs"].value
    assert jobs[0] is jobs_before[0]
    assert jobs[2][0].start_mark.line == jobs_before[2][0].start_mark.line + 1
    assert _tree(spliced.roots) == _tree(parse(Source.from_text(added)).roots)
    _same(added, before)

    # A step added at the end of the second job, just above the third job's key.
    third = jobs_before[2][0].start_mark.line
    appended = ("".join(lines[:third]) + "      - run: echo appended\n"
                + "".join(lines[third:]))
    spliced = reparse(before.source, before.parsed, Source.from_text(appended))
    assert spliced is not None
    assert _tree(spliced.roots) == _tree(parse(Source.from_text(appended)).roots)
    _same(appended, before)


def test_what_an_edit_did_not_touch_is_reused_not_recomputed():
    """After a one-character edit inside one job, the other jobs keep their model objects
    and the findings made from them alone (`wf_lsp.memo`): the same objects, not equal
    copies. Lines added above move them: then the jobs are made again, and the findings
    made from them alone are the previous ones, moved."""
    text = _generated(150, 7)
    before = analyze(text)
    jobs_before = before.workflows[0].jobs
    line = jobs_before[1].key_span.start.line + 1
    lines = text.splitlines(keepends=True)
    typed = "".join(lines[:line]) + lines[line].rstrip("\n") + "x\n" + "".join(lines[line + 1:])
    after = _same(typed, before)
    jobs = after.workflows[0].jobs
    assert jobs[0] is jobs_before[0] and jobs[2] is jobs_before[2] and jobs[1] is not jobs_before[1]

    def in_job(analysis, job):  # WF407's: read from the job's own sites and kept with it
        return [f for f in analysis.findings
                if f.code == "WF407" and job.span.start <= f.span.start < job.span.end]

    kept = in_job(before, jobs_before[2])
    assert kept and all(any(f is g for g in in_job(after, jobs[2])) for f in kept)

    commented = "".join(lines[:line]) + "    # a comment\n" + "".join(lines[line:])
    moved = _same(commented, before)
    assert moved.workflows[0].jobs[0] is jobs_before[0]
    assert moved.workflows[0].jobs[2] is not jobs_before[2]
    # The findings below were moved from the previous analysis's (the spliced parse says
    # which mappings moved), each one line down; the analysis keeps no earlier node.
    spliced = reparse(before.source, before.parsed, Source.from_text(commented))
    assert spliced.moved and not moved.parsed.moved and moved.memo.moved is None
    assert [(f.code, f.message, f.span.start.line + 1) for f in kept] == [
        (f.code, f.message, f.span.start.line) for f in in_job(moved, moved.workflows[0].jobs[2])]


def test_a_job_renamed_removed_added_or_rewired_is_seen_by_every_rule_keeping_the_rest():
    """The edits that change what rules read across jobs, on a workflow of many jobs: the
    other jobs keep their `Job` objects (the model's table is spliced: `_plain_jobs`),
    and every finding equals a full analysis's (rules kept by job, by `depends_on`)."""
    text = _generated(900, 3)
    previous = analyze(text)
    jobs = previous.workflows[0].jobs
    assert previous.workflows[0].plain and len(jobs) > 12
    lines = text.splitlines(keepends=True)
    third, fifth, sixth = (jobs[i].key_span.start.line for i in (3, 5, 6))
    last = jobs[-1]

    renamed = text.replace(f"  {jobs[3].id}:\n", f"  {jobs[3].id}x:\n", 1)
    rewired = next((text.replace(f"depends_on: [{job.id}]", f"depends_on: [{last.id}]", 1)
                    for job in jobs if f"depends_on: [{job.id}]" in text), text + "\n")
    steps = [
        renamed,  # its dependents lose it
        text,  # and back
        "".join(lines[:fifth] + lines[sixth:]),  # a job removed
        "".join(lines[:fifth] + lines[third:sixth] + lines[sixth:]),  # jobs pasted: ids twice
        text,
        rewired,  # a new edge, maybe a cycle
        text,
        text.replace("  RETRIES:", "  RETRIES_X:", 1),  # outside `jobs`: what expressions read
        text,
    ]
    assert len(set(steps)) == 6
    kept = 0
    for step in steps:
        before = previous
        previous = _same(step, previous)
        kept += previous.workflows[0].jobs[0] is before.workflows[0].jobs[0]
    # Every edit inside one job or outside `jobs` (six of them) keeps the first job's
    # `Job`; the others are parsed in full or compose all of `jobs` again.
    assert kept >= 6


def test_a_job_given_its_first_line_is_checked_not_kept_as_the_empty_job_it_was():
    """A job written as `a:` alone has no mapping; the line typed under it makes one. The
    jobs below move, and keep their findings moved (`NodeMemo.per_item`), but the edited
    job is no moved copy: it was kept with the empty job's findings (none of WF203, WF303),
    as the differential found on `dependencies.yaml` with `preprocess:` written twice."""
    empty = "id: w\njobs:\n  a:\n  b:\n    timeout: 1h\n    steps:\n      - run: echo b\n"
    typed = empty.replace("  a:\n", "  a:\n    depends_on: [x, x]\n")
    found = _same(typed, analyze(empty))
    assert {"WF203", "WF303"} <= {f.code for f in found.findings}

    corpus = (ROOT / "tests" / "corpus" / "err" / "dependencies.yaml").read_text(encoding="utf-8")
    twice = corpus.replace("  preprocess:\n", "  preprocess:\n" * 2, 1)
    edited = twice.replace("  preprocess:\n", "  preprocess:\n"
                           "    depends_on: [preprocss, deploy, preprocss]\n", 1)
    _same(edited, _same(twice, analyze(corpus)))


def test_nothing_is_reused_across_a_change_of_configuration():
    from wf_lsp.config import Config

    text = _generated(60, 1)
    before = analyze(text)
    stricter = Config(require_timeout="all")
    after = analyze(text + "\n", config=stricter, previous=before)
    assert after.findings == analyze(text + "\n", config=stricter).findings
    assert all(a is not b for a, b in zip(after.workflows[0].jobs, before.workflows[0].jobs))


@pytest.mark.parametrize("old, new", [
    ("a: 1\nb: 2\n", "\ufeffa: 1\nb: 3\n"),                # a BOM that came
    ("a: 1\nb: 2\n", "a: 1\r\nb: 3\r\n"),                   # CRLF
    ("a: 1\nb: 2\n", "a: 1\nb: 3\n---\nc: 1\n"),             # a second document
    ("a: &x 1\nb: *x\n", "a: &x 2\nb: *x\n"),               # an alias of what changed
    ("a:\n  b: 1\nc: 2\n", "a:\n b: 1\nc: 2\n"),             # indentation at the entry's level
    ("a:\n  b: 1\nc: 2\n", "a:\n  b: [1\nc: 2\n"),           # a syntax error
    # libyaml rejects `{x:y}` (the pure parser reads it), and their marks differ at the
    # end of a text without a final line break
    ("a:\n  b: {x:y}\nc:\n  - 1\n", "a:\n  b: {x:y}\nc:\n  - 1"),
])
def test_what_cannot_be_isolated_is_parsed_in_full(old, new):
    before = analyze(old)
    assert reparse(before.source, before.parsed, Source.from_text(new)) is None
    _same(new, before)


def test_a_last_line_without_a_break_ends_the_mapping_where_a_full_parse_does():
    """Found by the test above: at the end of the text a nested block mapping and the
    document need not end at the same mark."""
    old = "services:\n  web:\n    image: nginx\n    interval: 30\n"
    before = analyze(old)
    for new in (old + " ", old + "  # end", old[:-1]):
        assert reparse(before.source, before.parsed, Source.from_text(new)) is not None
        _same(new, before)


@pytest.mark.parametrize("text", [
    _generated(150, 7),
    _generated(150, 7).replace("\n", "\r\n"),       # CRLF: never spliced
    ANCHORED.replace("name:", "id:"),                # aliases: never spliced (an id: indexed)
    "{id: flow, jobs: {a: {timeout: 90m, steps: [{run: x}]}}}\n",  # a flow root
    "id: broken\njobs:\n  a:\n    steps: [\n",   # a syntax error
])
def test_a_lint_starts_from_the_parse_the_workspace_index_made(text):
    """`wf-lsp lint` indexes the files it lints before linting them (`files.index_workspace`):
    the index keeps each one's parse and model (`index_text`'s `keep`), and the lint starts
    from them instead of parsing the file a second time, whatever the file's shape (a
    text no edit could be spliced into is still the same text); the findings are the
    same."""
    from wf_lsp.linter import index_text

    kept = {}
    entries = index_text(text, path="/w/a.yaml", keep=kept)
    assert entries and set(kept) == {"/w/a.yaml"} and kept["/w/a.yaml"].findings == ()
    linted = analyze(text, path="/w/a.yaml", previous=kept["/w/a.yaml"])
    assert linted.parsed.roots is kept["/w/a.yaml"].parsed.roots  # not parsed again
    assert linted.workflows[0].jobs[0] is kept["/w/a.yaml"].workflows[0].jobs[0]
    assert linted.findings == analyze(text, path="/w/a.yaml").findings


def test_the_lint_of_a_fixed_text_keeps_every_job_no_fix_touched():
    """The summary's fixable count lints the fixed text from the lint before it, which
    started from the workspace index's parse (`wf-lsp lint`'s path). Fixes spread over
    the file change lines in place in many jobs: each job between them that no fix
    touched keeps its model and its findings (the same objects), not only the jobs
    before the first fix and after the last; and the findings equal a full lint's."""
    from wf_lsp.fixes import apply_fixes
    from wf_lsp.linter import index_text

    text = MANY_FINDINGS[0]
    kept = {}
    index_text(text, path="w.yaml", keep=kept)
    before = analyze(text, path="w.yaml", previous=kept["w.yaml"])
    jobs_before = before.workflows[0].jobs
    fixes = [f.safe_fix for f in before.findings if f.safe_fix is not None]
    lines = {edit.span.start.line for fix in fixes for edit in fix.edits}

    def touched(job):
        return any(job.span.start.line <= line <= job.span.end.line for line in lines)

    assert touched(jobs_before[0]) or touched(jobs_before[1])
    assert touched(jobs_before[-1]) or touched(jobs_before[-2])
    untouched = [at for at, job in enumerate(jobs_before) if not touched(job)]
    assert 0 < untouched[0] and untouched[-1] < len(jobs_before) - 1
    fixed, _ = apply_fixes(before.source, fixes)
    after = _same(fixed, before)
    assert all(after.workflows[0].jobs[at] is jobs_before[at] for at in untouched)
    in_untouched = [f for f in before.findings if f.code == "WF407"
                    and any(jobs_before[at].span.start <= f.span.start < jobs_before[at].span.end
                            for at in untouched)]
    assert in_untouched and all(any(f is g for g in after.findings) for f in in_untouched)


def test_the_lint_of_a_fixed_text_reads_each_unchanged_value_of_a_fixed_job_once():
    """A job a fix touched is composed again: its nodes are new, but a value on lines the
    fixes left as they were (a step's `run` beside a timeout made canonical) has the same
    expressions, at the same places: they are not read again (`expressions.in_scalar`)."""
    from wf_lsp import expressions
    from wf_lsp.fixes import apply_fixes

    # What is kept is bounded (`MAX_READ`): emptied by the other tests' values between the
    # two analyses, it would keep nothing of the first.
    expressions._READ.clear()
    expressions._WRITTEN.clear()
    before = analyze(MANY_FINDINGS[0])
    fixes = [f.safe_fix for f in before.findings if f.safe_fix is not None]
    lines = {line for fix in fixes for edit in fix.edits
             for line in range(edit.span.start.line, edit.span.end.line + 1)}
    fixed, _ = apply_fixes(before.source, fixes)
    after = _same(fixed, before)

    def sites(analysis):
        return {(site.node.start_mark.line, site.node.start_mark.column): site
                for site in semantics.of(analysis.workflows[0], analysis.source).sites}

    old, new = sites(before), sites(after)
    again = [at for at, site in new.items() if site.node is not old[at].node
             and not lines & set(range(at[0], site.node.end_mark.line + 1))]
    assert again, "some values of the fixed jobs were composed again"
    assert all(new[at].expressions is old[at].expressions for at in again)


def test_the_same_text_again_when_a_mapping_merges_itself():
    """A job mapping that merges itself (`train: &d` holding `<<: *d`) is a tree with a
    cycle; the same text analysed again keeps its parse, and equals a full analysis (the
    tree compared without recursing for good: Hypothesis drew such a text twice in a row)."""
    text = ('id: anchors\njobs:\n  train: &defaults\n    timeout: "2h"\n    steps:\n'
            '      - run: python train.py\n    again:\n    <<: *defaults\n')
    _same(text, analyze(text))


def test_the_lint_of_a_fixed_text_composes_the_fixed_entries_not_their_jobs(monkeypatch):
    """Fixes change lines in place deep in a job (a step's `timeout`, an `env` value): only
    those entries are composed again, not the job of 60 nodes around them; the job's
    steps no fix touched keep their nodes and their sections (the same objects), and the
    result equals a full analysis. A fix-all of a 5,000-line file composed most of it."""
    from wf_lsp.fixes import apply_fixes

    text = _generated(400, 3)
    before = analyze(text)
    fixes = [f.safe_fix for f in before.findings if f.safe_fix is not None]
    fixed, applied = apply_fixes(before.source, fixes)
    assert applied > 5 and fixed.count("\n") == text.count("\n")
    spliced, composed = _reparse_composing(monkeypatch, before, fixed)
    assert spliced is not None
    assert _tree(spliced.roots) == _tree(parse(Source.from_text(fixed)).roots)
    changed = sum(a != b for a, b in zip(text.splitlines(), fixed.splitlines()))
    lines = sum(bool(line.strip()) for text in composed for line in text.splitlines())
    assert lines < 2 * changed + len(composed), "only the fixed entries were composed"
    after = _same(fixed, before)
    old_steps = {id(step.section): step.section for job in before.workflows[0].jobs
                 for step in job.steps}
    fixed_jobs = [job for job in after.workflows[0].jobs
                  if not any(job is old for old in before.workflows[0].jobs)]
    assert fixed_jobs
    kept = [step for job in fixed_jobs for step in job.steps if id(step.section) in old_steps
            and old_steps[id(step.section)] is step.section]
    assert kept, "a fixed job's steps that no fix touched keep their sections"


def test_the_fixed_text_after_the_lint_of_the_index_parse_keeps_untouched_steps():
    """`wf-lsp lint`'s path: the lint starts from the workspace index's parse (the same
    tree: it keeps the index's jobs and builds none), and the summary's fixable count lints
    the fixed text from that lint. A job a fix touched keeps the sections of its steps no
    fix touched (the same objects), as after a lint that built them: what the index
    computed of the tree is carried through the lint that asked for none of it."""
    from wf_lsp.fixes import apply_fixes
    from wf_lsp.linter import index_text

    text = _generated(400, 3)
    kept = {}
    index_text(text, path="w.yaml", keep=kept)
    before = analyze(text, path="w.yaml", previous=kept["w.yaml"])
    fixes = [f.safe_fix for f in before.findings if f.safe_fix is not None]
    fixed, applied = apply_fixes(before.source, fixes)
    assert applied > 5
    after = _same(fixed, before)
    old = {id(step.section) for job in before.workflows[0].jobs for step in job.steps}
    fixed_jobs = [job for job in after.workflows[0].jobs
                  if not any(job is earlier for earlier in before.workflows[0].jobs)]
    kept_steps = [step for job in fixed_jobs for step in job.steps if id(step.section) in old]
    assert fixed_jobs and kept_steps, "a fixed job's untouched steps keep their sections"


# --- what a first analysis does once -------------------------------------------------------------

def test_a_first_analysis_makes_each_steps_anchor_once(monkeypatch):
    """A step's section is built with its job's, under the span of its first line; the
    job's model found it built and made that span again for each step (a tenth of the
    model's build on a large file). Made once per step now, and the model is the same."""
    from wf_lsp import model

    text = _generated(400, 3)
    expected = analyze(text)
    made = []
    first_line = model._Builder._first_line
    monkeypatch.setattr(model._Builder, "_first_line",
                        lambda self, node: made.append(id(node)) or first_line(self, node))
    again = analyze(text)
    steps = [step for job in again.workflows[0].jobs for step in job.steps]
    assert len(steps) > 30 and len(made) == len(set(made))
    assert again.findings == expected.findings
    assert [s.section.anchor for s in steps] == [
        s.section.anchor for job in expected.workflows[0].jobs for s in job.steps]


def test_a_first_analysis_checks_each_duration_once_for_the_duration_rules(monkeypatch):
    """The eleven duration rules (WF101-WF111) each asked every timeout of every job for
    its check, their own code among them; each job's values are checked once and sorted by
    code for all of them, with the same findings."""
    from wf_lsp.rules import base

    text = MANY_FINDINGS[0]
    expected = analyze(text).findings
    asked = []
    check_value = base.check_value
    monkeypatch.setattr(base, "check_value", lambda text, kind: asked.append(text)
                        or check_value(text, kind))
    analysis = analyze(text)
    values = [value for job in analysis.workflows[0].jobs for value in job.timeouts
              if "${{" not in (value.text or "")]
    assert len(values) > 50 and len(asked) == len(values)
    assert analysis.findings == expected
    assert {f.code for f in expected} & {"WF101", "WF102", "WF104", "WF105"}


def test_duplicate_key_looks_each_mapping_up_once(monkeypatch):
    """WF002 passes over the sections (their duplicates are the model's) and checks every
    other mapping (`env`, `with`, ...): it asked the model's table of sections about each
    mapping once for each of the format's kinds; each walk passes over the sections it
    is given (a job's own), and the findings are the same."""
    from wf_lsp import linter
    from wf_lsp.records import replace

    from .helpers import config

    class Asked(dict):
        asked = 0

        def __contains__(self, key):
            Asked.asked += 1
            return super().__contains__(key)

    def counted(*args):
        workflow = build(*args)
        return replace(workflow, by_node=Asked(workflow.by_node))

    text = _generated(400, 3).replace("      - name: Step 1",
                                      "      - env: {A: 1, A: 2}\n        name: Step 1", 3)
    only = config(select=["WF002"])
    expected = analyze(text, config=only).findings
    build = linter.build
    monkeypatch.setattr(linter, "build", counted)
    found = analyze(text, config=only).findings
    assert sum(f.message.startswith("duplicate key `A`") for f in found) == 3
    assert found == expected
    assert Asked.asked == 0


def test_capped_expression_findings_stay_those_of_a_full_analysis_edit_after_edit():
    """A job's `${{ }}` findings of one rule past the first 20 are one finding over the
    rest (`contexts.each_job_sites`), kept with the job: moved by lines added above, made
    again when an edit in the job brings or takes away a name or an ignore comment."""
    def job(name: str, prefix: str) -> str:
        return (f"  {name}:\n    timeout: 1h\n    steps:\n"
                + "".join(f"      - run: echo ${{{{ .inputs.{prefix}{i} }}}}\n"
                          for i in range(30)))

    text = "id: w\ninputs:\n  n: {type: int}\njobs:\n" + job("a", "x") + job("b", "y")
    previous = analyze(text)
    assert [f.count for f in previous.findings if f.code == "WF403"] == [1] * 20 + [10] + \
        [1] * 20 + [10]
    edits = [
        lambda t: "# a note\n" + t,  # the jobs moved, their findings with them
        lambda t: t.replace(".inputs.y25 }}", ".inputs.y25 }}  # wf-lsp: ignore[WF403]"),
        lambda t: t.replace(".inputs.x3 }}", ".inputs.n }}"),  # one fewer in `a`
        lambda t: t.replace("  b:\n", "  b:\n    name: b\n"),  # a line in `b`: `a` kept
        lambda t: t.replace(".inputs.y25 }}  # wf-lsp: ignore[WF403]", ".inputs.y25 }}"),
        lambda t: t.replace("      - run: echo ${{ .inputs.x29 }}\n", ""),
        lambda t: t.replace("      - run: echo ${{ .inputs.x28 }}\n",
                            "      - run: echo ${{ .inputs.x28 }}\n" * 3),
    ]
    for edited in edits:
        text = edited(text)
        previous = _same(text, previous)
    assert [f.count for f in previous.findings if f.code == "WF403"] == [1] * 20 + [10] + \
        [1] * 20 + [10]


def test_a_keystroke_in_a_job_of_thousands_of_values_reads_only_the_value_typed_in():
    """The job an edit is in is composed again, its nodes new; its values' expressions are
    found by what they are read from (`expressions.in_scalar`). That table was emptied
    every 2,000 values: a job of 17,000 steps was read whole again after each keystroke
    (20 s). It keeps twice what the largest document holds."""
    steps = 2600
    text = ("id: w\ninputs:\n  n: {type: int}\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
            + "".join(f"      - run: echo {i} ${{{{ .inputs.n }}}}\n" for i in range(steps)))
    before = analyze(text)
    typed = text.replace("echo 1300 ", "echo 1300x ")
    after = _same(typed, before)

    def sites(analysis):
        return {site.node.start_mark.line: site
                for site in semantics.of(analysis.workflows[0], analysis.source).sites}

    old, new = sites(before), sites(after)
    assert len(new) == steps and all(new[line].node is not old[line].node for line in new)
    again = [line for line in new if new[line].expressions is not old[line].expressions]
    assert again == [7 + 1300]
