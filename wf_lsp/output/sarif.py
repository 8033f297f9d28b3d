"""`--format sarif`: one SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

`tool.driver.rules` lists every rule (id, name, short and full description, its
documentation as help, the hosted docs' URI when there are any, default level, whether it
is on by default); each result names its rule and carries its level, message, region,
related locations and fixes. Files are named relative to the repository's top
(`%SRCROOT%`), as GitHub code scanning resolves them; standard input without
`--stdin-filename` has no URI, its location's artifact described as "standard input".

Columns are converted to UTF-16 code units, SARIF's default `columnKind` (declared on the
run as well): the core counts code points, but consumers written in JavaScript or C#
(VS Code's SARIF viewer, GitHub) index strings in UTF-16 and may ignore a `columnKind`,
and a converted region is right for those that read it too. The two differ only on lines
with characters outside the Basic Multilingual Plane, such as emoji.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import PurePath
from urllib.parse import quote

from wf_lsp import __version__
from wf_lsp.findings import Severity
from wf_lsp.files import repository_path, repository_root
from wf_lsp.output.places import sources_by_path
from wf_lsp.rules import RULES

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# The repository's top, as SARIF's producers name it (`originalUriBaseIds` says where).
SOURCE_ROOT = "%SRCROOT%"
LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}


def _description(doc: str) -> str:
    """The prose of a rule's doc, before its examples, each paragraph on one line."""
    prose = doc.split("\n## ", 1)[0].strip()
    paragraphs = [re.sub(r"\s*\n\s*", " ", p.strip()) for p in prose.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def rule_descriptor(rule) -> dict:
    """A SARIF reportingDescriptor for one rule of the catalog. Its `help` holds the rule's
    whole documentation, which code scanning shows; `helpUri` is there only when the docs
    are hosted (`WF_LSP_DOCS_URL`): the installed page's `file:` URI is a dead link
    wherever the log is read but the machine that wrote it (a CI runner)."""
    url = rule.url
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _description(rule.doc)},
        **({"helpUri": url} if url.startswith(("https://", "http://")) else {}),
        "help": {"text": _description(rule.doc), "markdown": rule.doc.strip()},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.default_on},
    }


def _utf16_column(source, line: int, column: int) -> int:
    """The 1-based UTF-16 column of a 0-based code-point column."""
    if source is None:
        return column + 1
    before = source.line_text(line)[:column]
    return len(before.encode("utf-16-le")) // 2 + (column - len(before)) + 1


def _region(source, span) -> dict:
    return {
        "startLine": span.start.line + 1,
        "startColumn": _utf16_column(source, span.start.line, span.start.column),
        "endLine": span.end.line + 1,
        "endColumn": _utf16_column(source, span.end.line, span.end.column),
    }


def artifact_location(path: str, root: str) -> dict:
    """Where a file is: relative to the repository's top (`%SRCROOT%`, which the run's
    `originalUriBaseIds` locates), however it was named, as GitHub code scanning wants it;
    a file outside the repository by its absolute `file:` URI. pathlib makes that URI
    (the drive letter on Windows); both percent-encode the name's bytes (os.fsencode).
    Standard input read without `--stdin-filename` is no file: described, with no URI (a
    `-` was a file named so at the repository's top)."""
    if path == "-":
        return {"description": {"text": "standard input"}}
    relative = repository_path(path, root)
    if relative is None:
        return {"uri": PurePath(os.path.abspath(path)).as_uri()}
    return {"uri": quote(os.fsencode(relative)), "uriBaseId": SOURCE_ROOT}


def _location(path: str, locate: Callable[[str], dict], source, span,
              message: str | None = None) -> dict:
    location: dict = {"physicalLocation": {
        "artifactLocation": locate(path),
        "region": _region(source, span),
    }}
    if message is not None:
        location["message"] = {"text": message}
    return location


def _result(report, finding, rule_index: dict[str, int], sources,
            locate: Callable[[str], dict]) -> dict:
    source = report.source
    result: dict = {
        "ruleId": finding.code,
        "ruleIndex": rule_index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(report.path, locate, source, finding.span)],
    }
    if finding.related:
        # A related place in another file (the workflow a call names) is located, and
        # its columns converted, in that file.
        result["relatedLocations"] = [
            {"id": index, **(_location(report.path, locate, source, related.span,
                                       related.message)
                             if related.path is None else
                             _location(related.path, locate, sources(related.path),
                                       related.span, related.message))}
            for index, related in enumerate(finding.related)
        ]
    if finding.fixes:
        result["fixes"] = [{
            "description": {"text": fix.title},
            "artifactChanges": [{
                "artifactLocation": locate(report.path if fix.path is None else fix.path),
                "replacements": [
                    {"deletedRegion": _region(source if fix.path is None
                                              else sources(fix.path), edit.span),
                     "insertedContent": {"text": edit.new_text}}
                    for edit in fix.edits
                ],
            }],
        } for fix in finding.fixes]
        result["properties"] = {"safeFix": finding.safe_fix is not None}
    return result


def sarif_log(reports) -> dict:
    """The SARIF log of a lint run."""
    rule_index = {code: index for index, code in enumerate(RULES)}
    sources = sources_by_path(reports)
    root = repository_root()
    # Each file located once, not once per finding and fix: its folders' links are
    # resolved (system calls per folder; a third of the log's time on 375 findings).
    locate = cache(lambda path: artifact_location(path, root))
    results = [_result(r, f, rule_index, sources, locate) for r in reports for f in r.findings]
    notifications = [
        {"level": "error", "message": {"text": report.error},
         "locations": [{"physicalLocation": {"artifactLocation": locate(report.path)}}]}
        for report in reports if report.error
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "wf-lsp",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(rule) for rule in RULES.values()],
            }},
            "invocations": [{
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {SOURCE_ROOT: {"uri": PurePath(root).as_uri().rstrip("/") + "/"}},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    }


def write(reports, out, color: bool) -> None:
    # One write: json.dump writes each of its tens of thousands of pieces on its own.
    out.write(json.dumps(sarif_log(reports), indent=2, ensure_ascii=False) + "\n")
