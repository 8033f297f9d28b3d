"""wf-lsp: linter and language server for H2O Orchestrator workflow files."""

__version__ = "0.1.0"


def version_text() -> str:
    """The version and the YAML parser in use, e.g. "0.1.0 (C parser)": --version, serverInfo."""
    from wf_lsp.parse import parser_name

    return f"{__version__} ({parser_name()} parser)"
