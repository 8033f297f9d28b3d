"""`--format github`: GitHub Actions workflow commands, which GitHub shows as annotations
on the pull request's changed lines (the default when `GITHUB_ACTIONS=true`):

    ::error file=flow.yaml,line=4,col=14,endLine=4,endColumn=21,title=WF103::units must ...

Files are named relative to the top of the git work tree the command runs in (else the
working folder), however they were given, as the runner reads `file`: relative to the
repository (a path relative to a subfolder the command ran in, `cd flows && wf-lsp lint`,
put the annotation on no file); a file outside it by its absolute path; standard input
read without `--stdin-filename` has no `file` (it is no file of the repository). Lines and columns
are 1-based, columns count characters, the end column is exclusive (as in `--format
json`). Errors and warnings keep their level; information and hints become `notice`.
Values are escaped as the Actions toolkit does: `%`, CR and LF everywhere, and also `:`
and `,` inside the properties.
"""

from __future__ import annotations

from wf_lsp.files import repository_name, repository_root
from wf_lsp.findings import Severity, path_text, place_name
from wf_lsp.output.json_format import ERROR_CODE

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "notice",
    Severity.HINT: "notice",
}


def escape_data(text: str) -> str:
    """The message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties) -> str:
    """`::level key=value,...::message`, escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def write(reports, out, color: bool) -> None:
    root = repository_root()
    for report in reports:
        # `file=-` named a file `-` at the repository's top.
        where = {} if report.path == "-" else {
            "file": path_text(repository_name(report.path, root))}
        if report.error:
            # Surfaces in the run's summary too, not only in the log's stderr; an error of
            # standard input, on no file, says where it is.
            error = report.error if where else f"{place_name(report.path)}: {report.error}"
            out.write(command("error", error, **where, title=ERROR_CODE) + "\n")
        for finding in report.findings:
            start, end = finding.span.start, finding.span.end
            out.write(command(
                LEVELS[finding.severity], finding.message,
                **where, line=start.line + 1, col=start.column + 1,
                endLine=end.line + 1, endColumn=end.column + 1, title=finding.code,
            ) + "\n")
