"""wf-lsp: linter and language server for H2O Orchestrator workflow files."""

__version__ = "0.1.0"
