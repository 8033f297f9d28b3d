"""`--format json`: one JSON array, public API.

Objects `{"path", "code", "rule", "severity", "message", "line", "column", "end_line",
"end_column", "fix", "related"}` sorted by path, line, column and code; `fix` is null or
`{"title", "safe", "path", "edits": [{"line", "column", "end_line", "end_column",
"new_text"}]}` (its `path` is the file it edits: the finding's, or another one, as a
call's fix that changes the called workflow); `related` lists the places that explain
the finding, `{"path", "message", "line", "column", "end_line", "end_column"}`, in the
finding's file or another. Lines and columns are 1-based, columns count Unicode code
points, ends are exclusive.

A file that could not be read or checked (not UTF-8, not allowed, missing, a folder that
could not be listed) has one object too, as ruff's E902: code `wf-lsp` and rule `io-error`
(as `--format github` titles its annotation), severity `error`, the reason as its message
(the one stderr gives), at 1:1, no fix: a report read alone must not pass over what was
not checked. A file wf-lsp itself failed on (a bug) has rule `internal-error` instead.
"""

from __future__ import annotations

import json

from wf_lsp.findings import path_text
from wf_lsp.files import shown_path
from wf_lsp.rules import RULES


def finding_dict(path: str, finding) -> dict:
    fix = finding.fix
    return {
        "path": path,
        "code": finding.code,
        "rule": RULES[finding.code].name,
        "severity": finding.severity.label,
        "message": finding.message,
        **_span(finding.span),
        "fix": None if fix is None else {
            "title": fix.title,
            "safe": fix.safe,
            "path": path if fix.path is None else path_text(shown_path(fix.path)),
            "edits": [{**_span(e.span), "new_text": e.new_text} for e in fix.edits],
        },
        "related": [{"path": path if r.path is None else path_text(shown_path(r.path)),
                     "message": r.message, **_span(r.span)} for r in finding.related],
    }


# The code (also gitlab's check and github's title) and rule of a file that could not be
# read or checked: no rule's, so no `WF`; the rule is ruff's name for its E902, or, for a
# failure of wf-lsp's own, one a script can tell from the file's fault.
ERROR_CODE, ERROR_RULE, INTERNAL_RULE = "wf-lsp", "io-error", "internal-error"


def error_rule(report) -> str:
    """The rule name of a report's error: `io-error`, or `internal-error` for a bug."""
    return INTERNAL_RULE if report.internal else ERROR_RULE


def error_dict(path: str, report) -> dict:
    """The object of a file that could not be read or checked, with a finding's keys."""
    return {
        "path": path, "code": ERROR_CODE, "rule": error_rule(report), "severity": "error",
        "message": report.error, "line": 1, "column": 1, "end_line": 1, "end_column": 1,
        "fix": None, "related": [],
    }


def _span(span) -> dict:
    return {
        "line": span.start.line + 1,
        "column": span.start.column + 1,
        "end_line": span.end.line + 1,
        "end_column": span.end.column + 1,
    }


def write(reports, out, color: bool) -> None:
    items = [finding_dict(path_text(r.path), f) for r in reports for f in r.findings]
    items += [error_dict(path_text(r.path), r) for r in reports if r.error]
    items.sort(key=lambda d: (d["path"], d["line"], d["column"], d["code"]))
    # One write: json.dump writes each of its thousands of pieces on its own.
    out.write(json.dumps(items, indent=2, ensure_ascii=False) + "\n")
