"""`--format gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality`).

A JSON array of `{"description", "check_name", "fingerprint", "severity", "location":
{"path", "lines": {"begin", "end"}}}`. Severities follow the common linter mapping:
error → major, warning → minor, information and hint → info.

Paths are relative to the repository's top (`files.repository_root`: the git work tree the
command runs in), however the files were named, as Code Quality links them into the
repository; a file outside it keeps its absolute path.

GitLab compares fingerprints between the merge request and its target branch to tell new
problems from fixed ones, so a fingerprint must survive unrelated edits: it hashes the
path (the repository's, not the spelling given), the code, the message and the text of
the line, not the line number; identical findings in one file are told apart by their
order.

A file that could not be read or checked (not UTF-8, not allowed, missing) is a `major`
issue on its line 1 whose check is `wf-lsp` (as `--format json` and `--format github` name
it), described by the reason stderr gives: the merge request shows it, where an empty
report would say that all is well.
"""

from __future__ import annotations

import hashlib
import json

from wf_lsp.files import repository_name, repository_root
from wf_lsp.findings import Severity, path_text
from wf_lsp.output.json_format import ERROR_CODE

SEVERITIES = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFORMATION: "info",
    Severity.HINT: "info",
}


def fingerprint(path: str, code: str, message: str, line_text: str, occurrence: int) -> str:
    """A stable id for one finding: unchanged when lines above it are added or removed."""
    key = "\0".join((path, code, message, line_text.strip(), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def write(reports, out, color: bool) -> None:
    root = repository_root()
    issues = []
    for report in reports:
        path = path_text(repository_name(report.path, root))
        seen: dict[tuple[str, str, str], int] = {}
        if report.error:
            issues.append(_issue(path, ERROR_CODE, report.error, "", 1, SEVERITIES[Severity.ERROR],
                                 (1, 1)))
        for finding in report.findings:
            line = report.source.line_text(finding.span.start.line) if report.source else ""
            key = (finding.code, finding.message, line.strip())
            seen[key] = seen.get(key, 0) + 1
            issues.append(_issue(path, finding.code, finding.message, line, seen[key],
                                 SEVERITIES[finding.severity],
                                 (finding.span.start.line + 1, finding.span.last_line + 1)))
    out.write(json.dumps(issues, indent=2, ensure_ascii=False) + "\n")  # one write


def _issue(path: str, code: str, message: str, line_text: str, occurrence: int,
           severity: str, lines: tuple[int, int]) -> dict:
    return {
        "description": f"{code} {message}",
        "check_name": code,
        "fingerprint": fingerprint(path, code, message, line_text, occurrence),
        "severity": severity,
        "location": {"path": path, "lines": {"begin": lines[0], "end": lines[1]}},
    }
