"""Is this YAML an H2O Orchestrator workflow? And if not, what does it look like?

The linter and the language server attach to every YAML file, so they must be silent on
every file that is not a workflow. The decision is made from positive evidence, as the
product would see it, on the documents the parser composed (no second parse):

1. the documented required keys, `id` and `jobs`, at the root (or `jobs` indented under
   `id` by mistake: the user is writing a workflow and should hear what is wrong); a stray
   `on` does not outweigh them, since few other formats have a root `id`; those that do
   (a Dataproc workflow template, an API's record of a pipeline run) have `jobs` as a list
   of records with keys a job does not have, or a mapping of records with none a job has,
   beside a root key a workflow does not have or a number as `id`;
2. `jobs` a mapping, and keys only this format has in their places: `cancel_on_failure`,
   `trigger` with `schedule` or `callable`, a job's `depends_on` or `working_dir`, a step's
   `continue_on_error`, `working_dir`, `upload` or `download`; but not the `depends_on`
   or `working_dir` of a job with neither `steps` nor `workflow` and a key this format
   does not have (`image`, `command`, `schedule`, `env` as a list): Docker Compose
   services and the jobs of Helm values have those keys too;
3. otherwise, a document with the look of a neighbouring format (GitHub Actions, GitLab
   CI, Azure Pipelines, CircleCI, Cirrus CI, Dagu, Kubernetes, Docker Compose, ...) is skipped, and the
   reason names what it looked like: a tool when the clue is that tool's, none when it is
   a root key several tools have (`stages`: GitLab CI and DVC; `pipelines`: Bitbucket and
   GoCD; `workflows`: CircleCI and Bitrise);
4. a workflow without its `id` is still one when a `drive://` location is written in a
   value (a comment is no evidence: a Helm values file may note where it syncs to) and
   every job's keys are this format's (a GitHub Actions step may upload to H2O Drive too),
   or when every key in it is this format's (or the start of one being typed, or a
   typo of one) and some job has steps.
5. a root key that is a typo of `jobs` (`jbos:`, `Jobs:`) stands for it when what is under
   it is plainly this format's by 2 (its jobs' keys, not the root's: another tool's `job:`
   may sit beside a `trigger`) or 4: the engine would not read those jobs, and a skipped
   file would not say so.

A file that does not parse is judged by the part before the error, and when that says
nothing, by its text: `id:` and `jobs:` at the root, or `id:` with a `jobs:` line elsewhere
(indented under a key by mistake) and no root key that is not this format's (a Kestra flow
or a JSON schema being edited has a root `id` and may have `jobs` deeper); or `jobs:` at the root with a
key only this format has (`depends_on`, `working_dir` and a `drive://` location only with no
key of a neighbour's job or step; none of them in a comment, which is no evidence: a Helm
values file may note `# continue_on_error: true`), or with no root key that is not this format's, no
key of a neighbour's job or step (`runs-on`, `timeout-minutes`, `script`, `image`, ...) and a
job's `steps` (or `workflow`), and no line of a template (`{%` or `{{` at its start: Jinja,
Salt, Helm).
Then its syntax error is reported and the part before the error linted. But the part before
the error outweighs its text when it is another tool's as a valid file would be: a root `id`
beside `jobs` of records (with the root keys after the error), or, with no `id` and no key
only this format has, `jobs` as a list, or a job with a key a job does not have (dbt Cloud's
`account_id`; on the error's line too, a scheduler's `cron: '0 3` with its quote still open).
A word typed where a key is due leaves the document whole: it is judged as a valid one is.

A document that is no workflow yet may be one being started (`Verdict.started`): a root
`id` written as a name (or nothing yet), every key at the root, in each job and in each
step this format's or the start of one being typed (`j` for `jobs`), and nothing of a
neighbour's look; in a file that does not parse, the part before the error. It is not
linted (it is not a workflow until it has `jobs`), but the language server's hover and
completion serve it, so that writing a new workflow gets help from its first line. A root
`jobs` without `id` is not enough: a GitHub Actions workflow whose `on` is not written yet
looks the same.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any

from wf_lsp import spec
from wf_lsp.parse import Parsed, walk
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import record, replace
from wf_lsp.typos import close_match

_WORKFLOW_KEYS = list(spec.KINDS["workflow"].keys)
_JOB_KEYS = list(spec.KINDS["job"].keys)
_STEP_KEYS = list(spec.KINDS["step"].keys)

# A broken file is plainly a workflow when its text says so.
_ID_AT_ROOT = LazyPattern(r"^[\"']?id[\"']?[ \t]*:", re.M)
_JOBS_LINE = LazyPattern(r"^[ \t]*[\"']?jobs[\"']?[ \t]*:", re.M)
# A root key, plain or quoted. Its words have blanks between them, not after them (but
# inside quotes: `"a ": 1`), and it ends before a closing quote only where `:` follows:
# a key that could end anywhere retried the blanks after it at each of its lengths,
# quadratic in a run of them (a broken file with a long blank run took minutes).
_ROOT_KEY = LazyPattern(r"^([\"'])?([^\s#'\"{\[&*!|>%@`-](?:[ \t]*(?(1)(?!\1[ \t]*:))[^ \t:#\r\n])*"
                        r"(?(1)[ \t]*))(?(1)\1)[ \t]*:(?=[ \t]|$)", re.M)
# Keys of the neighbours' jobs and steps that this format never has.
_THEIRS = LazyPattern(r"^[ \t]*(?:- )?(?:runs-on|uses|needs|timeout-minutes|working-directory|"
                      r"continue-on-error|strategy|with|shell|plan|"
                      r"job|deployment|stage|script|image|docker|machine|executor|commands?|kind|"
                      r"apiVersion)[ \t]*:", re.M)
# What is written before it on its line when it is outside a comment (a `#` after a space
# or at a line's start starts one): a comment is no evidence, as a Helm values file's
# `# continue_on_error: true` note or its note that it syncs to Drive.
_UNCOMMENTED = r"^(?:[^#\n]|(?<=\S)#)*?"
_ONLY_OURS = LazyPattern(_UNCOMMENTED + r"\b(?:cancel_on_failure|continue_on_error)[\"']?[ \t]*:",
                         re.M)
# Keys of this format's jobs that Docker Compose services and Helm values' jobs have too.
_SHARED = LazyPattern(_UNCOMMENTED + r"\b(?:depends_on|working_dir)[\"']?[ \t]*:", re.M)
# A job's `steps` or `workflow`, outside a comment.
_STEPS_LINE = LazyPattern(r"^[ \t]+[\"']?(?:steps|workflow)[\"']?[ \t]*:", re.M)
# A line of a template language (Jinja's `{% for %}`, Helm's `{{- range }}`): the file is
# a template, which fails to parse as YAML; this format's `${{ }}` is in values only.
_TEMPLATE_LINE = LazyPattern(r"^[ \t]*(?:\{%|\{\{)", re.M)
# An H2O Drive location.
_DRIVE = LazyPattern(_UNCOMMENTED + "drive://", re.M)


@record
class Verdict:
    """Whether a file is linted as a workflow, and why not when it is skipped."""

    is_workflow: bool
    reason: str | None = None  # why the file is skipped; None when it is linted
    looks_like: str | None = None  # the other format it was taken for ("a Docker Compose file")
    roots: tuple[Any, ...] = ()  # the documents to lint as workflows
    started: tuple[Any, ...] = ()  # of a skipped file, the workflows being started in it


EMPTY = "empty document"  # the reason a file with nothing in it (or only comments) is skipped


@record
class _Look:
    what: str  # "a GitLab CI configuration"
    clue: str  # "`stages` and jobs with `script`"


def classify(parsed: Parsed, text: str) -> Verdict:
    """Which documents of a parsed file are workflows; why the file is skipped if none is,
    and which of its documents are workflows being started."""
    verdict = _classify(parsed, text)
    if verdict.is_workflow:
        return verdict
    return replace(verdict, started=tuple(root for root in parsed.roots if _started(root)))


def _classify(parsed: Parsed, text: str) -> Verdict:
    verdicts = [_document(root) for root in parsed.roots]
    theirs = _not_ours_before_error(parsed, text)
    if theirs is not None:
        verdicts[-1] = theirs
    roots = tuple(root for root, verdict in zip(parsed.roots, verdicts) if verdict.is_workflow)
    if parsed.error is not None and not roots:
        looks = next((v for v in verdicts if v.looks_like), None)
        # A word typed where a key is due left the document whole (its line read as blank):
        # it is judged as the valid file is, not by its text, which says less.
        if looks is None and theirs is None and parsed.left_out is None \
                and _plainly_a_workflow(text):
            # The document the error cut short is the one being written: lint what is left.
            last = parsed.roots[-1:] if parsed.roots and parsed.roots[-1].id == "mapping" else ()
            return Verdict(True, roots=tuple(last))
        if looks is not None:
            return Verdict(False, f"not valid YAML, and it {looks.reason}", looks.looks_like)
        return Verdict(False, "not valid YAML, and " + (
            theirs.reason if theirs is not None else "not recognisably a workflow"))
    if roots:
        return Verdict(True, roots=roots)
    if not verdicts:
        return Verdict(False, EMPTY)
    # A stream is skipped for the first look one of its documents has: a GitLab CI
    # component's first document is its `spec` header, with no look of its own.
    return next((v for v in verdicts if v.looks_like), verdicts[0])


def _plainly_a_workflow(text: str) -> bool:
    """Whether the text of a file that does not parse is a workflow being written: `id` and
    `jobs` at the root, or `id`, `jobs` deeper and only this format's root keys; or `jobs`
    at the root with a key only this format has; or `jobs` at the root, no key of a
    neighbour's job, and `depends_on`, `working_dir`, or only this format's root keys and a
    job's `steps`; but without `id`, never a template (a `{%` or `{{` line)."""
    root_keys = [match.group(2) for match in _ROOT_KEY.finditer(text)]
    if _ID_AT_ROOT.search(text):
        return "jobs" in root_keys or (_JOBS_LINE.search(text) is not None and all(
            _known(key, _WORKFLOW_KEYS) for key in root_keys))
    if "jobs" not in root_keys or _TEMPLATE_LINE.search(text):
        # a Jinja, Salt or Helm template is not the workflow it may make (with `id` and
        # `jobs`, a line of a `run: |` block that starts `{{` does not outweigh them)
        return False
    if _ONLY_OURS.search(text):
        return True
    if _THEIRS.search(text) is not None:
        return False
    # only this format's root keys: as for a valid file, a job needs `steps` (or `workflow`)
    return _DRIVE.search(text) is not None or _SHARED.search(text) is not None or (all(
        _known(key, _WORKFLOW_KEYS) for key in root_keys) and _STEPS_LINE.search(text) is not None)


def _not_ours_before_error(parsed: Parsed, text: str) -> Verdict | None:
    """The verdict on the document a syntax error cut short when it is another tool's,
    though its text has the look of a workflow, judged as a valid one would be: a root
    `id` beside `jobs` that are records (a Dataproc template; its root keys after the error
    count too), or, with no `id` and no key only this format has, a job with a key a job
    does not have (a dbt Cloud job's `account_id`, a scheduler's `cron`), also on the line
    of the error, or a step with one there. None when it tells nothing."""
    if parsed.error is None or not parsed.roots or parsed.roots[-1].id != "mapping":
        return None
    keys = _keys(parsed.roots[-1])
    jobs = keys.get("jobs")
    if "id" in keys:
        keys = {match.group(2): None for match in _ROOT_KEY.finditer(text)} | keys
        verdict = _records_verdict(keys, jobs)
        return None if verdict.is_workflow else verdict
    if _is(jobs, "sequence") and not _ONLY_OURS.search(text):
        # `jobs` a list, and no `id`: a valid file so written is no workflow either
        verdict = _document(parsed.roots[-1])
        return verdict if verdict.looks_like else Verdict(False, "not recognisably a workflow")
    if not _is(jobs, "mapping") or _only_ours(keys, jobs) or _ONLY_OURS.search(text):
        return None
    if any(not _known(name, _JOB_KEYS) for job in _values(jobs) for name in _keys(job)):
        return Verdict(False, "not recognisably a workflow")
    if _foreign_key_at_error(parsed, text):
        return Verdict(False, "not recognisably a workflow")
    return None


# A block mapping's key at the start of a line, after its indentation and any `- `: a
# plain or quoted word, then `:` and a blank or the line's end.
_LINE_KEY = LazyPattern(r"^([ \t]*(?:- +)*)[\"']?([^\s:#\"'\[\]{}][^:#\"'\n]*?)[\"']?[ \t]*:"
                        r"(?:[ \t]|$)")


def _foreign_key_at_error(parsed: Parsed, text: str) -> bool:
    """Whether the key written on the line of the syntax error (left out of the part before
    it: `cron: '0 3` while its quote is still open) sits in a job or a step, by the keys
    above it with less indentation, and is not one of theirs: the job of another tool's
    file being typed."""
    lines = text.split("\n")
    number = parsed.error.span.start.line
    match = _LINE_KEY.match(lines[number]) if number < len(lines) else None
    if match is None:
        return False
    column, path = len(match.group(1)), []
    for line in reversed(lines[:number]):
        above = _LINE_KEY.match(line)
        if above is not None and len(above.group(1)) < column:
            column = len(above.group(1))
            path.insert(0, above.group(2))
            if column == 0:
                break
    known = {2: _JOB_KEYS, 3: _STEP_KEYS}.get(len(path))
    if known is None or path[0] != "jobs" or (len(path) == 3 and path[2] != "steps"):
        return False
    return not _known(match.group(2), known)


def _document(node: Any) -> Verdict:
    """The verdict on one composed document."""
    if node.id != "mapping":
        look = None
        if node.id == "sequence":
            look = _ansible_list(node) or _home_assistant_list(node)
        if look is not None:
            return _skip(look)
        return Verdict(False, "the document is not a mapping")
    keys = _keys(node)
    jobs = keys.get("jobs")
    if "id" in keys and (jobs is not None or _has_key(keys["id"], "jobs")):
        return _records_verdict(keys, jobs)
    misspelt = _misspelt_jobs(keys) if jobs is None else None
    if misspelt is not None and (_jobs_only_ours(misspelt) or _drive_in(node, misspelt)
                                 or _all_ours(keys, misspelt)):
        return Verdict(True)  # `jbos:`: unread by the engine, every job's check silently off
    if jobs is not None and jobs.id == "mapping" and _only_ours(keys, jobs):
        return Verdict(True)
    for test in _NEIGHBOURS:
        look = test(keys)
        if look is not None:
            return _skip(look)
    if jobs is not None and jobs.id == "mapping" and (_drive_in(node, jobs)
                                                      or _all_ours(keys, jobs)):
        return Verdict(True)
    if jobs is None:
        return Verdict(False, "no `jobs` key at the root")
    return Verdict(False, "`jobs` but no `id`, and nothing that only a workflow has")


def _started(node: Any) -> bool:
    """Whether a document that is no workflow is one being started: a root `id` written as
    a name or not yet, every key this format's or the start of one, no neighbour's look."""
    keys = _keys(node)
    name = keys.get("id")
    if name is None or name.id != "scalar" or name.tag not in (_STR, _NULL):
        return False
    if not _begun(node, _WORKFLOW_KEYS) or any(test(keys) for test in _NEIGHBOURS):
        return False
    jobs = keys.get("jobs")
    if jobs is None or _is_null(jobs):
        return True
    if not _is(jobs, "mapping"):
        return False
    for _, job in jobs.value:
        if _is_null(job):
            continue
        steps = _keys(job).get("steps")
        if not _begun(job, _JOB_KEYS) or not (steps is None or _is_null(steps) or all(
                _is_null(step) or _begun(step, _STEP_KEYS) for step in _nodes(steps))):
            return False
    return True


_STR, _NULL, _INT = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:null",
                     "tag:yaml.org,2002:int")


def _is_null(node: Any) -> bool:
    return node.id == "scalar" and node.tag == _NULL


def _nodes(node: Any) -> list[Any]:
    """The items of a sequence node; a node that is no sequence as an item that fails."""
    return list(node.value) if _is(node, "sequence") else [node]


def _begun(node: Any, known: list[str]) -> bool:
    """Whether `node` is a mapping whose every key is one of `known` or the start of one
    (`j` being typed), and plain."""
    if not _is(node, "mapping"):
        return False
    return all(key.id == "scalar" and isinstance(key.value, str)
               and any(name.startswith(key.value) for name in known) for key, _ in node.value)


def _skip(look: _Look) -> Verdict:
    return Verdict(False, f"looks like {look.what} ({look.clue})", look.what)


# --- evidence for the workflow format --------------------------------------------------------

def _only_ours(keys: dict[str, Any], jobs: Any) -> bool:
    """Whether the document has a key only this format has, in its place."""
    if "cancel_on_failure" in keys:
        return True
    trigger = keys.get("trigger")
    if _has_key(trigger, "schedule") or _has_key(trigger, "callable"):
        return True
    return _jobs_only_ours(jobs)


def _jobs_only_ours(jobs: Any) -> bool:
    """Whether a job or a step has a key only this format has, in its place."""
    for job in _values(jobs):
        job_keys = _keys(job)
        if ("depends_on" in job_keys or "working_dir" in job_keys) and not _theirs(job_keys):
            return True
        for step in _items(job_keys.get("steps")):
            step_keys = _keys(step)
            if "continue_on_error" in step_keys or "working_dir" in step_keys:
                return True
            if _is(step_keys.get("upload"), "mapping") or _is(step_keys.get("download"), "mapping"):
                return True
    return False


def _drive_in(node: Any, jobs: Any) -> bool:
    """Whether an H2O Drive location is written somewhere in the document's values (a step
    being typed, a command that copies; a comment is no evidence), and every job's keys
    are this format's (or typos of them). Weaker than a key in its place: another tool's
    file may name one too (a GitHub Actions step that uploads to Drive, a container's
    arguments), so it counts only after the neighbours' looks."""
    if not all(_known(name, _JOB_KEYS) for job in _values(jobs) for name in _keys(job)):
        return False
    return any(item.id == "scalar" and "drive://" in str(item.value) for item in walk([node]))


def _theirs(job_keys: dict[str, Any]) -> bool:
    """Whether a job is another tool's: neither `steps` nor `workflow` (a job being typed
    may not have them yet), and a key this format does not have or `env` as a list (a
    container's)."""
    if "steps" in job_keys or "workflow" in job_keys:
        return False
    return _is(job_keys.get("env"), "sequence") or not all(_known(name, _JOB_KEYS)
                                                           for name in job_keys)


def _all_ours(keys: dict[str, Any], jobs: Any) -> bool:
    """Whether every key is this format's (or being typed, or a typo of one), some job has
    steps, and no step's value is a Jinja placeholder (`run: {{ command }}`, which YAML reads
    as a mapping with a mapping as key: a template of a workflow, not one)."""
    if not all(_known(name, _WORKFLOW_KEYS) for name in keys):
        return False
    has_steps = False
    for job in _values(jobs):  # a job that is not a mapping (`train:` being typed) tells nothing
        job_keys = _keys(job)
        if not all(_known(name, _JOB_KEYS) for name in job_keys):
            return False
        steps = job_keys.get("steps")
        if _is(steps, "sequence"):
            for step in steps.value:
                if step.id != "mapping" or not all(_known(name, _STEP_KEYS)
                                                   for name in _keys(step)):
                    return False
                if any(_is(value, "mapping") and any(key.id == "mapping" for key, _ in value.value)
                       for _, value in step.value):
                    return False
            has_steps = True
        has_steps = has_steps or _has_key(job_keys.get("workflow"), "name")
    return has_steps


def _records_verdict(keys: dict[str, Any], jobs: Any) -> Verdict:
    """The verdict on a document with `id` and `jobs`: a workflow, unless its `jobs` are
    another tool's records (then skipped for that tool's look if it has one)."""
    records = _records_not_jobs(keys, jobs)
    if records is None:
        return Verdict(True)
    look = next((look for test in _NEIGHBOURS if (look := test(keys)) is not None), None)
    return _skip(look) if look is not None else Verdict(False, records)


def _records_not_jobs(keys: dict[str, Any], jobs: Any) -> str | None:
    """Why a document with `id` and `jobs` is another tool's, or None: `jobs` is a list
    whose every item has a key a job does not have (a Dataproc template's `stepId`, an
    API's `status`), or a mapping whose every job has keys and none a job has (an API's
    `id` and `status`; a job not written yet, the next one being typed (`test:`, or `test:`
    over a word, read as its value), tells nothing), and
    the root has a key a workflow does not have or an `id` that is a number (an API's
    record). A workflow written with a list of jobs by mistake has this format's keys in
    them, and is linted. Without a clue at the root, a list whose items are plainly
    records (`_plainly_a_record`; the last may be one being typed) is another tool's: a
    Dataproc template whose root keys are not written yet. With both clues at the root,
    so is an empty `jobs`, or a list with no record in it yet: an API's record whose jobs
    are being written."""
    plainly = False
    items = list(jobs.value) if _is(jobs, "sequence") else []
    if len(items) > 1 and items[-1].id == "scalar":
        items.pop()  # the last item may be the next record being typed (`- i`)
    if items and all(item.id == "mapping" for item in items):
        theirs = [next((name for name in _keys(item) if not _known(name, _JOB_KEYS)), None)
                  for item in items]
        # ...or `- pysparkJob:` and no more (or over a word being typed, read as its value)
        *done, last = items
        plainly = all(_plainly_a_record(item) for item in done) and (
            _plainly_a_record(last) or (done != [] and len(last.value) == 1
                                        and last.value[0][1].id == "scalar"))
    elif _is(jobs, "mapping") and any(job.id == "mapping" and job.value for _, job in jobs.value) \
            and all((job.id == "mapping" and job.value) or _is_null(job)
                    or (job.id == "scalar" and index == len(jobs.value) - 1)
                    for index, (_, job) in enumerate(jobs.value)):
        theirs = [None if any(_known(name, _JOB_KEYS) for name in _keys(job)) else
                  next(iter(_keys(job)), None) for _, job in jobs.value if job.id == "mapping"]
    elif _is(jobs, "scalar") and _is_null(jobs) or _is(jobs, "sequence") and not any(
            _is(item, "mapping") and item.value for item in jobs.value):
        theirs = []  # its records not written yet (`- i`): only both clues at the root tell
    else:
        return None
    root = next((name for name in keys if not _known(name, _WORKFLOW_KEYS)), None)
    number = _is(keys.get("id"), "scalar") and keys["id"].tag == _INT
    if not theirs:
        return (f"the root has `{root}` and a number as `id`: neither is a workflow's"
                if root is not None and number else None)
    if root is None and number:
        root = "id"  # a number: an API's record
    if None in theirs or (root is None and not plainly):
        return None
    container = "list" if jobs.id == "sequence" else "mapping"
    if root is None:
        return f"`jobs` is a {container} of records with `{theirs[0]}`: not a workflow's jobs"
    root_clue = "a number as `id`" if root == "id" else f"`{root}`"
    return (f"`jobs` is a {container} of records with `{theirs[0]}` and the root has "
            f"{root_clue}: neither is a workflow's")


def _plainly_a_record(item: Any) -> bool:
    """Whether a list item under `jobs` is plainly another tool's record, not a job written
    as a list item by mistake (`- train:` over its keys, or `- name: train` beside them):
    no key of a job in it nor in a mapping under it, and two keys or one over a mapping."""
    keys = _keys(item)
    inner = [name for value in keys.values() for name in _keys(value)]
    if any(_known(name, _JOB_KEYS) for name in [*keys, *inner]):
        return False
    return len(keys) >= 2 or any(_is(value, "mapping") and value.value for value in keys.values())


def _misspelt_jobs(keys: dict[str, Any]) -> Any:
    """The mapping under a root key that is a typo of `jobs` (`jbos`, `Jobs`), or None: it
    is a workflow when its jobs are plainly this format's (checked by the caller)."""
    for name, value in keys.items():
        if _is(value, "mapping") and close_match(name, ["jobs"]) is not None:
            return value
    return None


def _known(name: str, known: list[str]) -> bool:
    """`name` is one of `known`, the start of one (`na` while typing `name`), or a typo."""
    return name in known or any(key.startswith(name) for key in known) or (
        close_match(name, known) is not None)


# --- what the neighbours look like -----------------------------------------------------------
# Each test takes the root's keys and returns the look it found, or None. The first that
# answers wins, so a more specific look comes before a looser one.

_ARGO_KINDS = {"Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow",
               "WorkflowEventBinding"}


def _kubernetes(keys):
    api, kind = _scalar(keys.get("apiVersion")), _scalar(keys.get("kind"))
    if api is None:
        return None
    if kind is None:
        if "name" in keys and "version" in keys:
            return _Look("a Helm chart", "`apiVersion`, `name` and `version`")
        return None
    if api.startswith("argoproj.io/") and kind in _ARGO_KINDS:
        return _Look("an Argo Workflows manifest", f"`apiVersion: {api}`, `kind: {kind}`")
    if api.startswith(("tekton.dev/", "triggers.tekton.dev/")):
        return _Look("a Tekton resource", f"`apiVersion: {api}`, `kind: {kind}`")
    return _Look("a Kubernetes manifest", f"`apiVersion` and `kind: {kind}`")


def _drone(keys):
    kind = _scalar(keys.get("kind"))
    if kind in ("pipeline", "secret", "signature", "template"):
        return _Look("a Drone pipeline", f"`kind: {kind}`")
    return None


# A step's keys as GitHub Actions spells them: this format's are `working_dir` and
# `continue_on_error`, and taking GitHub's for typos of them linted a workflow whose `on`
# and `runs-on` were not written yet.
_GITHUB_STEP_KEYS = ("working-directory", "continue-on-error")


# AWS Copilot's manifests: a service's or a job's names its `type` (a Scheduled Job has
# `on.schedule`, which read as GitHub's `on`), a pipeline's has `source.provider` and `stages`.
_COPILOT_TYPES = ("Load Balanced Web Service", "Backend Service", "Worker Service",
                  "Request-Driven Web Service", "Static Site", "Scheduled Job", "Environment")


def _copilot(keys):
    kind = _scalar(keys.get("type"))
    if kind in _COPILOT_TYPES:
        return _Look("an AWS Copilot manifest", f"`type: {kind}`")
    if _has_key(keys.get("source"), "provider") and "stages" in keys:
        return _Look("an AWS Copilot pipeline manifest", "`source.provider` and `stages`")
    return None


def _sourcegraph(keys):
    # A batch spec's `on` is a list of the repositories it runs in, not GitHub's events.
    if "changesetTemplate" in keys:
        return _Look("a Sourcegraph batch spec", "`changesetTemplate`")
    if any(_has_key(item, key) for item in _items(keys.get("on"))
           for key in ("repositoriesMatchingQuery", "repository")):
        return _Look("a Sourcegraph batch spec", "`on` of `repositoriesMatchingQuery`")
    return None


def _stackstorm(keys):
    # A rule's `action` names the one it runs by `ref`, and its `trigger` (one mapping with a
    # `type`, as a Home Assistant device trigger may be too) is matched by `criteria`.
    if _has_key(keys.get("action"), "ref"):
        return _Look("a StackStorm rule", "`action.ref`")
    if _has_key(keys.get("trigger"), "type") and ("criteria" in keys or "pack" in keys):
        return _Look("a StackStorm rule", "`trigger.type` and `criteria`")
    return None


def _github_actions(keys):
    if "on" in keys:
        return _Look("a GitHub Actions workflow", "`on` at the root")
    jobs = _values(keys.get("jobs"))
    for key in ("runs-on", "uses"):  # a job that runs, or one that calls a reusable workflow
        if any(_has_key(job, key) for job in jobs):
            return _Look("a GitHub Actions workflow", f"jobs with `{key}`")
    for key in _GITHUB_STEP_KEYS:
        if any(_has_key(step, key) for job in jobs for step in _items(_keys(job).get("steps"))):
            return _Look("a GitHub Actions workflow", f"steps with `{key}`")
    if _has_key(keys.get("runs"), "using"):
        return _Look("a GitHub Actions action", "`runs.using`")
    return None


def _serverless(keys):
    if "service" in keys and ("provider" in keys or "functions" in keys):
        return _Look("a Serverless Framework configuration", "`service` and `provider`")
    if "frameworkVersion" in keys:
        return _Look("a Serverless Framework configuration", "`frameworkVersion`")
    return None


_BITBUCKET_TRIGGERS = ("default", "branches", "pull-requests", "tags", "custom")


def _bitbucket(keys):
    for key in _BITBUCKET_TRIGGERS:
        if _has_key(keys.get("pipelines"), key):
            return _Look("a Bitbucket Pipelines configuration", f"`pipelines.{key}`")
    return None


_CIRCLECI_RUN_KEYS = ("command", "name", "shell", "environment", "background",
                      "working_directory", "no_output_timeout", "when")


def _circleci(keys):
    for key in ("orbs", "executors"):
        if key in keys:
            return _Look("a CircleCI configuration", f"`{key}`")
    if any(_has_key(workflow, "jobs") for workflow in _values(keys.get("workflows"))):
        return _Look("a CircleCI configuration", "`workflows` of `jobs`")
    if "jobs" in keys and _scalar(keys.get("version")) in ("2", "2.0", "2.1"):
        return _Look("a CircleCI configuration", "`version` and `jobs`")
    # A `run` step of `name` and `command` (this format's `run` is the command): a config
    # whose `version` and `docker` are not written yet; its `name` comes first, before the
    # `command` is typed.
    for key in _CIRCLECI_RUN_KEYS:
        if any(_has_key(_keys(step).get("run"), key) for job in _values(keys.get("jobs"))
               for step in _items(_keys(job).get("steps"))):
            return _Look("a CircleCI configuration", f"steps with `run.{key}`")
    return None


def _concourse(keys):
    if "resource_types" in keys:
        return _Look("a Concourse pipeline", "`resource_types`")
    if any(_has_key(item, "plan") for item in _items(keys.get("jobs"))):
        return _Look("a Concourse pipeline", "jobs with a `plan`")
    if any(_has_key(item, "source") and _has_key(item, "type")
           for item in _items(keys.get("resources"))):
        return _Look("a Concourse pipeline", "`resources` with `type` and `source`")
    if "platform" in keys and ("run" in keys or "image_resource" in keys):
        return _Look("a Concourse task", "`platform` and `run`")
    return None


def _home_assistant(keys):
    # An automation's `trigger` is a list of platforms, not this format's `trigger`; the
    # Azure Pipelines look took it for a `trigger` of branches.
    trigger = next((key for key in ("triggers", "trigger") if key in keys), None)
    other = next((key for key in ("alias", "actions", "action") if key in keys), None)
    if trigger is not None and other is not None:
        return _Look("a Home Assistant automation", f"`{trigger}` and `{other}`")
    return None


def _home_assistant_list(node):
    """An automations file is a list of automations."""
    return next((look for item in _items(node) if (look := _home_assistant(_keys(item)))), None)


_AZURE_STEP_KEYS = ("task", "bash", "pwsh", "powershell", "checkout", "displayName", "template",
                    "publish")
_AZURE_DIRECTIVE = LazyPattern(r"\$\{\{\s*(?:each|if|else|elseif|insert)\b")
_AZURE_TRIGGER_KEYS = ("branches", "paths", "tags", "batch", "drafts", "autoCancel")


def _azure(keys):
    if "pool" in keys:
        return _Look("an Azure Pipelines definition", "`pool`")
    if any(_has_key(item, "stage") or _has_key(item, "template")
           for item in _items(keys.get("stages"))):
        return _Look("an Azure Pipelines definition", "`stages` of `stage`")
    if any(_has_key(item, key) for item in _items(keys.get("jobs"))
           for key in ("job", "deployment", "template")):
        return _Look("an Azure Pipelines definition", "`jobs` as a list of `job`")
    if any(_has_key(item, key) for item in _items(keys.get("steps")) for key in _AZURE_STEP_KEYS):
        return _Look("an Azure Pipelines definition", "steps with `task`, `bash` or `checkout`")
    for key in ("trigger", "pr"):
        value = keys.get(key)
        if value is not None and (value.id != "mapping" or any(
                _has_key(value, name) for name in _AZURE_TRIGGER_KEYS)):
            return _Look("an Azure Pipelines definition", f"`{key}` of branches")
    if _has_key(keys.get("extends"), "template"):
        return _Look("an Azure Pipelines definition", "`extends.template`")
    # A template's stages, jobs or steps written by its expressions (`- ${{ each p in
    # parameters.platforms }}:` over the items): this format's `${{ }}` is never a key there.
    for key in ("stages", "jobs", "steps"):
        if any(_AZURE_DIRECTIVE.match(name) for item in _items(keys.get(key))
               for name in _keys(item)):
            return _Look("an Azure Pipelines definition",
                         f"`{key}` of `${{{{ each }}}}` or `${{{{ if }}}}`")
    return None


_TRAVIS_KEYS = ("language", "dist", "os", "before_install", "addons")


def _travis(keys):
    for key in _TRAVIS_KEYS:
        if key in keys:
            return _Look("a Travis CI configuration", f"`{key}`")
    for key in ("jobs", "matrix"):
        if any(_has_key(keys.get(key), name) for name in ("include", "allow_failures",
                                                          "fast_finish")):
            return _Look("a Travis CI configuration", f"`{key}.include`")
    return None


# Cirrus CI's tasks are root keys named `task`, `pipe` or `docker_builder`, or ending so
# (`lint_task`); what it runs is in keys ending `_script` (`test_script`; GitLab's jobs have
# `script`, `before_script` and `after_script`), a task's limits and machine in these.
_CIRRUS_TASKS = ("task", "pipe", "docker_builder")
_CIRRUS_TASK_KEYS = ("timeout_in", "only_if", "container", "matrix", "depends_on")
_CIRRUS_SUFFIXES = ("_script", "_instance", "_cache", "_container", "_artifacts")


def _cirrus(keys):
    for name, value in keys.items():
        if not (name in _CIRRUS_TASKS or name.endswith(tuple(f"_{t}" for t in _CIRRUS_TASKS))):
            continue
        for task in [value] if _is(value, "mapping") else _items(value):
            clue = next((key for key in _keys(task) if key in _CIRRUS_TASK_KEYS or (
                key.endswith(_CIRRUS_SUFFIXES) and key not in ("before_script", "after_script"))
            ), None)
            if clue is not None:
                return _Look("a Cirrus CI configuration", f"`{name}` with `{clue}`")
    return None


def _codefresh(keys):
    # Its `stages` are names as GitLab CI's are: its steps are a mapping with `type` or `title`.
    if any(_has_key(step, key) for step in _values(keys.get("steps"))
           for key in ("type", "title")):
        return _Look("a Codefresh pipeline", "`steps` with `type` or `title`")
    return None


_GITLAB_KEYS = ("stages", "before_script", "after_script", "default", "include", "workflow")
_GITLAB_JOB_KEYS = ("script", "stage", "extends", "trigger", "needs", "rules")
_GITLAB_INCLUDES = ("local", "project", "remote", "template", "component")


def _gitlab(keys):
    for name, value in keys.items():
        if name not in _GITLAB_KEYS and any(_has_key(value, key) for key in _GITLAB_JOB_KEYS):
            return _Look("a GitLab CI configuration", f"job `{name}` with `script` or `stage`")
    for key in ("before_script", "after_script"):
        if key in keys:
            return _Look("a GitLab CI configuration", f"`{key}`")
    stages = keys.get("stages")
    if _is(stages, "sequence") and all(stage.id == "scalar" for stage in stages.value):
        return _Look("a GitLab CI configuration", "`stages` of names")
    if any(_has_key(item, key) for item in _items(keys.get("include")) for key in _GITLAB_INCLUDES):
        return _Look("a GitLab CI configuration", "`include` of `local`, `project` or `template`")
    if _has_key(keys.get("workflow"), "rules"):
        return _Look("a GitLab CI configuration", "`workflow.rules`")
    return None


def _woodpecker(keys):
    for key in ("steps", "pipeline"):
        value = keys.get(key)
        steps = _values(value) if _is(value, "mapping") else _items(value)
        if any(_has_key(step, "image") for step in steps):
            return _Look("a Woodpecker or Drone pipeline", f"`{key}` with `image`")
    return None


_CLOUD_BUILD_STEP_KEYS = ("args", "entrypoint", "waitFor", "script", "secretEnv")
_CLOUD_BUILD_KEYS = ("substitutions", "availableSecrets", "images", "logsBucket", "artifacts")


def _cloud_build(keys):
    steps = list(_items(keys.get("steps")))
    if any(_has_key(step, "name") and any(_has_key(step, key) for key in _CLOUD_BUILD_STEP_KEYS)
           for step in steps):
        return _Look("a Google Cloud Build configuration",
                     "steps with `name` and `args` or `script`")
    if steps and any(key in keys for key in _CLOUD_BUILD_KEYS):
        return _Look("a Google Cloud Build configuration", "`steps` and `substitutions`")
    return None


def _dataproc(keys):
    if any(_has_key(item, "stepId") for item in _items(keys.get("jobs"))):
        return _Look("a Dataproc workflow template", "`jobs` with `stepId`")
    return None


# Dagu's DAGs: steps with `name` and `command` as Buildkite's may have, but their order is
# `depends` (Buildkite's `depends_on`), and the root or a step has keys Buildkite has not.
_DAGU_KEYS = ("params", "handlerOn", "dotenv", "logDir", "histRetentionDays",
              "maxActiveRuns", "mailOn", "smtp", "schedule", "delaySec")
_DAGU_STEP_KEYS = ("depends", "continueOn", "retryPolicy", "repeatPolicy", "preconditions",
                   "output", "executor", "run", "dir", "signalOnStop", "mailOnError")


def _dagu(keys):
    steps = _items(keys.get("steps"))
    if not any(_has_key(step, "name") for step in steps):
        return None
    root = next((key for key in _DAGU_KEYS if key in keys), None)
    if root is not None:
        return _Look("a Dagu DAG", f"`{root}` and steps with `name`")
    step = next((key for step in steps for key in _keys(step) if key in _DAGU_STEP_KEYS), None)
    return None if step is None else _Look("a Dagu DAG", f"steps with `name` and `{step}`")


_BUILDKITE_STEP_KEYS = ("command", "commands", "label", "plugins", "wait", "block", "trigger",
                        "group", "input")


def _buildkite(keys):
    steps = keys.get("steps")
    if _is(steps, "sequence") and any(
            (step.id == "scalar" and step.value in ("wait", "block"))
            or any(_has_key(step, key) for key in _BUILDKITE_STEP_KEYS) for step in steps.value):
        return _Look("a Buildkite pipeline", "steps with `command` or `wait`")
    return None


def _compose(keys):
    if any(_is(service, "mapping") for service in _values(keys.get("services"))):
        return _Look("a Docker Compose file", "`services`")
    return None


def _ansible(keys):
    if "galaxy_info" in keys:
        return _Look("Ansible role metadata", "`galaxy_info`")
    if any(_has_key(keys.get("all"), key) for key in ("hosts", "children")):
        return _Look("an Ansible inventory", "`all` with `hosts` or `children`")
    if "collections" in keys and set(keys) <= {"collections", "roles"}:
        return _Look("an Ansible requirements file", "`collections`")
    return None


_ANSIBLE_TASK_KEYS = ("hosts", "import_playbook", "tasks", "block", "become", "when", "register",
                      "loop", "notify", "include_tasks", "import_tasks", "with_items",
                      "delegate_to", "changed_when", "failed_when")


def _ansible_list(node):
    """Playbooks and task files are lists of plays or tasks."""
    for item in _items(node):
        keys = _keys(item)
        if "hosts" in keys or "import_playbook" in keys:
            return _Look("an Ansible playbook", "plays with `hosts`")
        if any(key in keys for key in _ANSIBLE_TASK_KEYS) or any(
                key.startswith("ansible.") for key in keys):
            return _Look("an Ansible task list", "tasks with modules and `when` or `register`")
    return None


_HELM_KEYS = ("replicaCount", "nameOverride", "fullnameOverride", "imagePullSecrets",
              "serviceAccount", "podAnnotations", "podSecurityContext", "securityContext",
              "ingress", "nodeSelector", "tolerations", "affinity", "autoscaling", "global")


def _helm_values(keys):
    found = [key for key in _HELM_KEYS if key in keys]
    if _has_key(keys.get("image"), "repository"):
        found.insert(0, "image.repository")
    if len(found) >= 2:
        return _Look("Helm chart values", f"`{found[0]}` and `{found[1]}`")
    return None


# Root keys of several tools' configurations (`stages`: GitLab CI, DVC; `pipelines`:
# Bitbucket, GoCD; `workflows`: CircleCI, Bitrise; `version` and `jobs`: CircleCI, OneDev,
# Jobber): a file is taken for a tool by what only that tool has, above, and when one of
# these is its only clue, for none.
_SHARED_KEYS = ("stages", "pipelines", "workflows", "workflow", "include", "default")


def _shared_keys(keys):
    for key in _SHARED_KEYS:
        if key in keys:
            return _Look("another tool's configuration", f"`{key}` at the root")
    if "version" in keys and "jobs" in keys:
        return _Look("another tool's configuration", "`version` and `jobs` at the root")
    return None


_NEIGHBOURS = (_kubernetes, _drone, _copilot, _sourcegraph, _stackstorm, _github_actions,
               _serverless, _bitbucket, _circleci, _concourse, _home_assistant, _azure, _travis,
               _cirrus, _codefresh, _gitlab, _woodpecker, _cloud_build, _dataproc, _dagu,
               _buildkite, _compose, _ansible, _helm_values, _shared_keys)


# --- node helpers ------------------------------------------------------------------------------

def _keys(node: Any) -> dict[str, Any]:
    """A mapping node's plain keys and their values (the first of a repeated key)."""
    out: dict[str, Any] = {}
    if node is not None and node.id == "mapping":
        for key, value in node.value:
            if key.id == "scalar":
                out.setdefault(str(key.value), value)
    return out


def _is(node: Any, node_id: str) -> bool:
    return node is not None and node.id == node_id


def _has_key(node: Any, key: str) -> bool:
    return _is(node, "mapping") and any(k.id == "scalar" and k.value == key for k, _ in node.value)


def _values(node: Any) -> list[Any]:
    """The values of a mapping node that are mappings."""
    if not _is(node, "mapping"):
        return []
    return [value for _, value in node.value if value.id == "mapping"]


def _items(node: Any) -> list[Any]:
    """The items of a sequence node that are mappings."""
    if not _is(node, "sequence"):
        return []
    return [item for item in node.value if item.id == "mapping"]


def _scalar(node: Any) -> str | None:
    return str(node.value) if _is(node, "scalar") else None
