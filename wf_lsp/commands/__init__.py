"""The subcommands of `wf-lsp`, one module each, imported only when run."""
