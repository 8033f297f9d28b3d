"""The H2O Orchestrator workflow format as data.

One table describes every kind of mapping the format has, its keys, their types,
which are required and which exclude each other, with a sentence of documentation
each. The structural rules (WF003-WF006), the model builder, hover, completion and
the JSON schema generator all read this table, so they cannot disagree.
"""

from __future__ import annotations

import re

from wf_lsp.records import record


# A job id: no whitespace, no ASCII punctuation but `_`, `-` and `.`, not starting with `-`
# or `.`; letters, digits and symbols (emoji) of any script otherwise (`01-fetch`,
# `job.v2`). What never needs quoting in YAML (`.` and a leading digit do not), is not a
# number or a boolean there (`job_id_problem`), and keeps clear of what the engine writes
# around an id: `test[os:ubuntu,python:3.9]` names a matrix instance, `/` a resource's path.
# No expression reads a job id (there is no `.jobs` context). WF007 holds the ids written
# to it, and a rename the new name.
_PUNCTUATION = r"!-,/:-@\[-^`{-~"  # ASCII punctuation but `_`, `-` and `.`
# `\x85\ufeff`: whitespace to one of Python's and ECMAScript's `\s` and not the other (the
# schema's pattern, `schema.JOB_ID_NAMES`, is run by both).
_NOT_IN_ID = rf"\s\x85\ufeff\x00-\x1f\x7f{_PUNCTUATION}"
JOB_ID = re.compile(rf"[^{_NOT_IN_ID}.-][^{_NOT_IN_ID}]*")
_NOT_STRINGS = ("true", "false", "null")  # plain scalars YAML 1.2 reads as something else
_TYPE_WORDS = {"bool": "a boolean", "null": "null"}  # a key tagged `!!bool`, `!!null`


def job_id_problem(name: str, read_as: str | None = None) -> str | None:
    """Why `name` cannot be a job id, as what follows "is not a valid job id: "; or None.

    `read_as` is the YAML type the id is read as where it is written (`model.yaml_type`
    of its key: `"2026":` is a string, `2026:` an int); None for `name` written plain."""
    if not JOB_ID.fullmatch(name):
        return "use letters, digits, `_`, `-` and `.`, not starting with `-` or `.`"
    if read_as is None:
        read_as = _plain_type(name)
    if read_as == "str":
        return None
    if read_as in ("bool", "null"):
        word = name.lower() if name.lower() in _NOT_STRINGS else _TYPE_WORDS[read_as]
        return f"YAML reads it as {word}, not as a name"
    return "YAML reads it as a number, not as a name"


def _plain_type(name: str) -> str:
    """`str`, `int`, `float`, `bool` or `null`: what YAML 1.2 reads `name` written plain as."""
    if name[0].isdigit() or name.lower() in _NOT_STRINGS:
        from wf_lsp.parse import plain_tag  # loaded for an id that may be one: `2026`, `True`

        return plain_tag(name).rpartition(":")[2]
    return "str"


# Value types. `object:K`, `list:K` and `map:K` hold mappings of kind K.
STRING = "string"
BOOL = "bool"
DURATION = "duration"
STRING_LIST = "string-list"
STRING_MAP = "string-map"
SCALAR_MAP = "scalar-map"
MATRIX = "matrix"
SCALAR = "scalar"


@record
class Key:
    type: str
    doc: str
    required: bool = False
    values: tuple[str, ...] = ()  # allowed values, for enums
    default: object = None
    non_empty: bool = False
    # Read as written, never as an expression (`${{ }}` there is WF406); for a map of
    # mappings (`jobs`), its names are.
    literal: bool = False
    # A mapping whose names (keys) are declared names, read as written: an env variable's,
    # an input's, a matrix variable's (`${{ }}` in one is WF406; the schema says it too).
    # Job ids are `literal` above.
    names_literal: bool = False
    # The documented form as a regular expression, for the schema (a cron's is cron.PATTERN,
    # which schema.py adds: this table stays cheap to import).
    pattern: str | None = None
    pattern_message: str | None = None
    # What WF004's fix writes for a missing required key, for the user to replace (YAML).
    placeholder: str | None = None

    @property
    def child_kind(self) -> str | None:
        """The kind of mapping this key holds (`job` for `jobs`), if any."""
        head, _, kind = self.type.partition(":")
        return kind if head in ("object", "list", "map") else None


@record
class Kind:
    name: str
    title: str  # how messages name it: "a step", "the workflow"
    doc: str
    keys: dict[str, Key]
    exclusive: tuple[tuple[str, ...], ...] = ()  # at most one of each group
    one_of_required: tuple[tuple[str, ...], ...] = ()  # at least one of each group

    def needs_one_of(self, group: tuple[str, ...]) -> str:
        """"a step needs one of `run`, `upload` or `download`": WF004's words, the schema's."""
        quoted = [f"`{name}`" for name in group]
        return f"{self.title} needs one of " + ", ".join(quoted[:-1]) + " or " + quoted[-1]


# Secret resource names and H2O Drive URLs as the docs spell them (WF504, WF505, the schema).
# `$(?!\n)`: Python's `$` also matches before a final newline; in ECMAScript it is a no-op.
SECRET_NAME_PATTERN = r"^workspaces/[^/\s]+/secrets/[^/\s]+(?:/versions/[^/\s]+)?$(?!\n)"
SECRET_NAME_MESSAGE = ("Must be workspaces/{workspace-id}/secrets/{secret-id}, optionally with "
                       "/versions/{version-id}.")
STORAGE_SCHEME = "drive://"
# `drive://` and a bucket, or an expression where the scheme's literal text stops (the
# value is then checked on its literal parts only: `drive://${{ .inputs.bucket }}/x`).
STORAGE_URL_PATTERN = (
    r"^(?:drive://[^/\s]|(?:"
    + "|".join(re.escape(STORAGE_SCHEME[:n]) for n in range(len(STORAGE_SCHEME)))
    + r")\$\{\{)"
)
STORAGE_URL_MESSAGE = "Must be drive://bucket/path: only H2O Drive is supported."

ENV_DOC = (
    "Environment variables, name to value. All values must be strings: quote numbers "
    "and booleans. Available as `${{{{ .env.NAME }}}}`; {scope}"
)

KINDS: dict[str, Kind] = {
    "workflow": Kind(
        "workflow",
        "the workflow",
        "An H2O Orchestrator workflow: jobs of steps, run on Sandbox Engine runners.",
        {
            "id": Key(STRING, "The workflow's id, used in its resource name "
                      "`/workspaces/{workspace-id}/workflows/{id}`.", required=True,
                      non_empty=True, literal=True, placeholder="my-workflow"),
            "name": Key(STRING, "A display name for the workflow."),
            "inputs": Key("map:input", "Inputs the workflow takes, by name. "
                          "Expressions read them as `${{ .inputs.NAME }}`.",
                          names_literal=True),
            "trigger": Key("object:trigger", "When the workflow runs besides manual "
                           "runs: a `schedule`, or `callable` by other workflows."),
            "concurrency": Key("object:concurrency", "Limits concurrent runs of the "
                               "workflow that share a `group`."),
            "env": Key(STRING_MAP, ENV_DOC.format(scope="jobs and steps may override them."),
                       names_literal=True),
            "secrets": Key("list:secret", "Secrets the workflow reads, each with the "
                           "`name` of the secret and the name it goes by (`as`)."),
            "cancel_on_failure": Key(BOOL, "When a job fails, cancel the other running "
                                     "jobs; its dependents never run.", default=True),
            "jobs": Key("map:job", "The jobs to run, by job id. Jobs run in parallel "
                        "unless ordered by `depends_on`.", required=True, literal=True),
        },
    ),
    "input": Kind(
        "input",
        "an input",
        "An input of the workflow.",
        {
            "type": Key(STRING, "The input's type.", required=True,
                        values=("string", "bool", "int"), literal=True, placeholder="string"),
            "required": Key(BOOL, "Whether a run must give this input.", default=False),
            "default": Key(SCALAR, "The value used when a run gives none; it must "
                           "match the input's `type`."),
            "description": Key(STRING, "What the input is for."),
            "secret": Key(BOOL, "Hide the value in logs and the UI; only for "
                          "`type: string`.", default=False),
        },
    ),
    "trigger": Kind(
        "trigger",
        "the trigger",
        "When the workflow runs besides manual runs.",
        {
            "schedule": Key("list:schedule", "Cron schedules (UTC) that start the "
                            "workflow, each with its own inputs."),
            "callable": Key(BOOL, "Allow other workflows to call this one from a job's "
                            "`workflow`.", default=False),
        },
    ),
    "schedule": Kind(
        "schedule",
        "a schedule",
        "A cron schedule that starts the workflow.",
        {
            "cron": Key(STRING, "A five-field cron expression, in UTC "
                        "(`0 2 * * *`: every day at 02:00).", required=True,
                        non_empty=True, literal=True, placeholder='"0 2 * * *"'),
            "inputs": Key(STRING_MAP, "Inputs for the runs this schedule starts."),
        },
    ),
    "concurrency": Kind(
        "concurrency",
        "concurrency",
        "Limits concurrent runs of the workflow.",
        {
            "group": Key(STRING, "Runs with the same group (expressions allowed) do not "
                         "run at the same time.", required=True, non_empty=True,
                         placeholder="default"),
            "cancel_in_progress": Key(BOOL, "Cancel the running run when a new one "
                                      "starts; otherwise one runs and one waits.",
                                      default=False),
        },
    ),
    "secret": Kind(
        "secret",
        "a secret",
        "A secret the workflow reads.",
        {
            "name": Key(STRING, "The secret's resource name: "
                        "`workspaces/{workspace-id}/secrets/{secret-id}`, optionally "
                        "with `/versions/{version-id}`.", required=True, non_empty=True,
                        literal=True, pattern=SECRET_NAME_PATTERN,
                        pattern_message=SECRET_NAME_MESSAGE,
                        placeholder="workspaces/WORKSPACE/secrets/SECRET"),
            "as": Key(STRING, "The name expressions use: `${{ .secrets.AS }}`.",
                      required=True, non_empty=True, literal=True, placeholder="SECRET"),
        },
    ),
    "job": Kind(
        "job",
        "a job",
        "A job: steps that run one after another on one runner, or a call of "
        "another workflow.",
        {
            "name": Key(STRING, "A display name for the job."),
            "runner": Key(STRING, "The Sandbox Engine template the job runs on; the "
                          "default runner when absent."),
            "depends_on": Key(STRING_LIST, "Job ids that must succeed before this job "
                              "starts. Depending on a matrix job waits for all of its "
                              "instances.", literal=True),
            "matrix": Key(MATRIX, "Variables, each a list of strings: one job instance "
                          "runs per combination. Read as `${{ .matrix.NAME }}`.",
                          names_literal=True),
            "working_dir": Key(STRING, "The folder the job's steps run in."),
            "timeout": Key(DURATION, "The most the whole job may take, all steps "
                           "included: a Go duration, units from larger to smaller "
                           "(`30m`, `1h30m`, `2h45m30s`). When absent, the engine's "
                           "default applies.", literal=True),
            "env": Key(STRING_MAP, ENV_DOC.format(scope="they override the workflow's."),
                       names_literal=True),
            "steps": Key("list:step", "The steps, run in order. A job has `steps` or "
                         "`workflow`.", placeholder="[{run: echo TODO}]"),
            "workflow": Key("object:workflow_call", "Run another workflow (which must be "
                            "`trigger.callable: true`) instead of steps."),
        },
        exclusive=(("steps", "workflow"),),
        one_of_required=(("steps", "workflow"),),
    ),
    "workflow_call": Kind(
        "workflow_call",
        "a workflow call",
        "A call of another workflow from a job.",
        {
            "name": Key(STRING, "The called workflow: its id, or "
                        "`/workspaces/{workspace-id}/workflows/{id}`.", required=True,
                        non_empty=True, placeholder="other-workflow"),
            "inputs": Key(SCALAR_MAP, "Inputs passed to the called workflow."),
        },
    ),
    "step": Kind(
        "step",
        "a step",
        "A step of a job: exactly one of `run`, `upload` or `download`.",
        {
            "name": Key(STRING, "A display name for the step."),
            "working_dir": Key(STRING, "The folder the step runs in."),
            "env": Key(STRING_MAP, ENV_DOC.format(scope="they override the job's."),
                       names_literal=True),
            "timeout": Key(DURATION, "The most this step may take: a Go duration, units "
                           "from larger to smaller (`10m`, `1h30m`). The job's timeout "
                           "still applies; whichever is reached first ends the step.",
                           literal=True),
            "continue_on_error": Key(BOOL, "Let the job go on when this step fails.",
                                     default=False),
            "run": Key(STRING, "A shell command, run in a new shell session.",
                       placeholder="echo TODO"),
            "upload": Key("object:upload", "Upload files to H2O Drive."),
            "download": Key("object:download", "Download files from H2O Drive."),
        },
        exclusive=(("run", "upload", "download"),),
        one_of_required=(("run", "upload", "download"),),
    ),
    "upload": Kind(
        "upload",
        "an upload",
        "Uploads local files to H2O Drive.",
        {
            "path": Key(STRING, "A local file, folder (uploaded recursively) or glob.",
                        required=True, non_empty=True, placeholder="output/"),
            "destination": Key(STRING, "Where to: `drive://bucket/path`; a trailing `/` "
                               "means a folder.", required=True, non_empty=True,
                               pattern=STORAGE_URL_PATTERN, pattern_message=STORAGE_URL_MESSAGE,
                               placeholder='"drive://bucket/path/"'),
        },
    ),
    "download": Kind(
        "download",
        "a download",
        "Downloads files from H2O Drive.",
        {
            "source": Key(STRING, "What to download: `drive://bucket/path`.",
                          required=True, non_empty=True, pattern=STORAGE_URL_PATTERN,
                          pattern_message=STORAGE_URL_MESSAGE, placeholder='"drive://bucket/path"'),
            "path": Key(STRING, "The local path to download to.", required=True,
                        non_empty=True, placeholder="input/"),
        },
    ),
}
