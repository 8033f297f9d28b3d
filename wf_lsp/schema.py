"""The JSON Schema of the workflow format, generated from the catalog in `wf_lsp.spec`.

`python -m wf_lsp.schema > schemas/workflow.schema.json` writes it; a test fails when the
committed file differs from what this prints, and other tests feed the same documents to
the schema (python `jsonschema`, check-jsonschema, yaml-language-server) and to the linter
and check that they agree. Draft-07, because that is what yaml-language-server and
check-jsonschema read. Every object is written out in place (no `$ref`): each kind of
mapping is used exactly once in the format, and a `description` beside a `$ref` would be
ignored by Draft-07 validators.
"""

from __future__ import annotations

import dataclasses
import json
import sys

from wf_lsp import cron, spec
from wf_lsp.durations import UNITS

SCHEMA_ID = "urn:wf-lsp:schema:workflow"

_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"  # Go's: digits on at least one side of a "."


def _duration_pattern() -> str:
    # Go's units larger to smaller, each at most once: `us`, `µs` (U+00B5) and `μs` (U+03BC)
    # are one unit, so one group. tests/test_schema.py checks the pattern against the
    # duration rules (`wf_lsp.rules.durations.check_text`).
    spelt = ("(?:" + "|".join(unit.spellings) + ")" if len(unit.spellings) > 1 else unit.name
             for unit in UNITS)
    parts = "".join(f"(?:{_NUMBER}{unit})?" for unit in spelt)
    # `(?=[^1-9]*[1-9])`: some digit is not zero, so the value is not "0s" or "0h0m".
    # `$(?!\n)`: Python's `$` also matches before a final newline (jsonschema uses re.search);
    # in ECMAScript (check-jsonschema's regress, yaml-language-server) the lookahead is a no-op.
    return rf"^\+?(?=[^1-9]*[1-9]){parts}$(?!\n)"


DURATION_PATTERN = _duration_pattern()
DURATION_MESSAGE = (
    'Not a valid duration: write numbers each followed by a unit, units from larger to '
    'smaller (h, m, s, ms, us, ns), each at most once, no spaces, greater than zero — '
    'like "30m", "1h30m" or "2h45m30s".'
)
DURATION_NOTE = (
    'A Go duration string: numbers each followed by a unit (h, m, s, ms, us, ns), units '
    'from larger to smaller, each at most once, no spaces, greater than zero. Valid: "30m", '
    '"1h30m", "2h45m30s", "1.5h", "500ms". Invalid: "1h 30m" (space), "30m1h" (order), '
    '"90" (no unit), "0s" (zero), "-5m" (negative), "1d" (unknown unit).'
)
DURATION_LIMITS = (
    "What the pattern cannot express: a value whose every part is below one nanosecond "
    '("0.0000000001s": Go truncates it to zero) and a value above 2562047h47m16.854775807s '
    "(Go's int64 limit) match the pattern; `wf-lsp lint` rejects both (WF104, WF109)."
)
NON_EMPTY_PATTERN = r"\S"
NON_EMPTY_MESSAGE = "Must not be empty."
# What WF406 says of a value the engine reads as written (`spec.Key.literal`). A pattern
# that fails, not a `not` that matches: yaml-language-server says a failed `not` as "Matches
# a schema that is not allowed.", a pattern as its patternErrorMessage.
EXPRESSION = r"\$\{\{"
NO_EXPRESSION = {"pattern": rf"^(?![\s\S]*{EXPRESSION})",
                 "patternErrorMessage": "An expression ${{ }} is not evaluated here: the engine "
                                        "reads this as written."}

# WF007's job ids; an expression is WF406's (said so, not as a pattern that fails). What a
# pattern cannot see: an id YAML reads as a number or a boolean (`2026:`, `true:`), which
# a JSON validator is given as the string "2026".
JOB_ID_MESSAGE = ("Not a valid job id: use letters, digits, _, - and ., not starting with - or "
                  ".; no spaces.")
JOB_ID_NAMES = {
    "if": {"pattern": EXPRESSION},
    "then": NO_EXPRESSION,
    "else": {"pattern": rf"^(?:{spec.JOB_ID.pattern})$(?!\n)",
             "patternErrorMessage": JOB_ID_MESSAGE},
}

# An input's `default` must have the input's own `type` (or be empty).
INPUT_DEFAULT_TYPES = {"string": "string", "bool": "boolean", "int": "integer"}
_SCALAR_TYPES = ["string", "number", "boolean", "null"]


def _plain(markdown: str) -> str:
    """The doc text without Markdown code marks, for clients that show `description` raw."""
    return markdown.replace("`", "")


def _documented(doc: str, schema: dict, default: object = None) -> dict:
    markdown = doc if default is None else f"{doc}\n\nDefault: `{json.dumps(default)}`."
    # A key's own doc wins over its kind's (`trigger` says more than "the trigger").
    out = {"description": _plain(markdown), "markdownDescription": markdown}
    out.update((k, v) for k, v in schema.items() if k not in out)
    if default is not None:
        out["default"] = default
    return out


def _value_schema(key: spec.Key) -> dict:
    """The schema of one key's value, without its documentation."""
    if key.type == spec.STRING:
        schema: dict = {"type": "string"}
        if key.values:
            schema["enum"] = list(key.values)
        elif key.pattern:
            schema.update(pattern=key.pattern, patternErrorMessage=key.pattern_message)
        elif key.non_empty:
            schema.update(pattern=NON_EMPTY_PATTERN, patternErrorMessage=NON_EMPTY_MESSAGE)
        if key.literal and not key.values:
            schema["allOf"] = [NO_EXPRESSION]  # beside the value's own pattern
        return schema
    if key.type == spec.BOOL:
        return {"type": "boolean"}
    if key.type == spec.DURATION:
        return {"type": "string", "pattern": DURATION_PATTERN,
                "patternErrorMessage": DURATION_MESSAGE, "$comment": DURATION_LIMITS}
    if key.type == spec.SCALAR:
        return {"type": list(_SCALAR_TYPES)}
    if key.type == spec.STRING_LIST:
        items = {"type": "string", **NO_EXPRESSION} if key.literal else {"type": "string"}
        return {"type": "array", "items": items}
    if key.type == spec.STRING_MAP:
        return _names({"type": "object", "additionalProperties": {"type": "string"}}, key)
    if key.type == spec.SCALAR_MAP:
        return {"type": "object", "additionalProperties": {"type": list(_SCALAR_TYPES)}}
    if key.type == spec.MATRIX:
        return _names({"type": "object",
                       "additionalProperties": {"type": "array", "items": {"type": "string"}}}, key)
    container, _, kind = key.type.partition(":")
    if container == "object":
        return kind_schema(kind)
    if container == "list":
        return {"type": "array", "items": kind_schema(kind)}
    if container == "map":
        schema = {"type": "object", "additionalProperties": kind_schema(kind)}
        if kind == "job":
            schema["propertyNames"] = JOB_ID_NAMES
        return _names(schema, key)
    raise ValueError(f"no schema for key type {key.type!r}")


def _names(schema: dict, key: spec.Key) -> dict:
    """WF406's check of a mapping's names that are read as written (`spec.Key.names_literal`)."""
    if key.names_literal:
        schema["propertyNames"] = NO_EXPRESSION
    return schema


def _groups(kind: spec.Kind) -> dict:
    """`oneOf`/`anyOf`/`not` for the key groups of which one, at least one or at most one is set."""
    rules = []
    for group in sorted(set(kind.exclusive) | set(kind.one_of_required)):
        # yaml-language-server says the first alternative's "Missing property "run"." unless
        # told: the message says all of them, as WF004 does.
        missing = _plain(kind.needs_one_of(group)).capitalize() + "."
        required = [{"required": [name], "errorMessage": missing} for name in group]
        if group in kind.exclusive and group in kind.one_of_required:
            rules.append({"oneOf": required})
        elif group in kind.one_of_required:
            rules.append({"anyOf": required})
        else:
            pairs = [{"required": [a, b]} for i, a in enumerate(group) for b in group[i + 1:]]
            rules.append({"not": {"anyOf": pairs}})
    if not rules:
        return {}
    return rules[0] if len(rules) == 1 else {"allOf": rules}


def _input_default() -> list[dict]:
    """WF005's check that an input's `default` has the input's `type`, as if/then pairs."""
    return [
        {
            "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
            "then": {"properties": {"default": {"type": [json_type, "null"]}}},
        }
        for name, json_type in INPUT_DEFAULT_TYPES.items()
    ]


def _secret_input() -> dict:
    """WF501's check: only a `type: string` input may be `secret: true`."""
    return {
        "if": {"properties": {"type": {"not": {"const": "string"}}}, "required": ["type"]},
        "then": {"properties": {"secret": {"not": {"const": True}}}},
    }


def _key_doc(key: spec.Key) -> str:
    return f"{key.doc}\n\n{DURATION_NOTE}" if key.type == spec.DURATION else key.doc


CRON_LIMITS = (
    "What the pattern cannot express: a range that goes backwards (5-1) and a day that never "
    "comes (0 0 31 2 *) match it; `wf-lsp lint` rejects both (WF511)."
)
# Patterns the modules that own them give (spec.py does not import them: the lint path
# reads spec on every run, cron only when a workflow has a schedule): pattern, message, limits.
OWN_PATTERNS = {("schedule", "cron"): (cron.PATTERN, cron.PATTERN_MESSAGE, CRON_LIMITS)}


def _with_pattern(kind: str, name: str, key: spec.Key) -> spec.Key:
    if (kind, name) not in OWN_PATTERNS:
        return key
    pattern, message, _ = OWN_PATTERNS[kind, name]
    return dataclasses.replace(key, pattern=pattern, pattern_message=message)


def kind_schema(name: str) -> dict:
    """The schema of one kind of mapping (`job`, `step`, ...), documented from the catalog."""
    kind = spec.KINDS[name]
    properties = {
        key_name: _documented(_key_doc(key), _value_schema(_with_pattern(name, key_name, key)),
                              key.default)
        for key_name, key in kind.keys.items()
    }
    for (owner, key_name), (*_, limits) in OWN_PATTERNS.items():
        if owner == name:
            properties[key_name]["$comment"] = limits
    schema = _documented(kind.doc, {"type": "object", "properties": properties,
                                    "additionalProperties": False})
    required = [key_name for key_name, key in kind.keys.items() if key.required]
    if required:
        schema["required"] = required
    schema.update(_groups(kind))
    if name == "input":
        schema["allOf"] = schema.get("allOf", []) + _input_default() + [_secret_input()]
    return schema


def workflow_schema() -> dict:
    """The whole JSON Schema (Draft-07) of a workflow file."""
    root = kind_schema("workflow")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "$comment": "Generated by `python -m wf_lsp.schema` from wf_lsp/spec.py; do not edit "
                    "by hand. " + DURATION_LIMITS,
        "title": "H2O Orchestrator workflow",
        **root,
    }


def render() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(workflow_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
