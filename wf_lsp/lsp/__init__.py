"""The language-server layer: the only code that imports pygls and lsprotocol.

It translates between LSP and the core (`wf_lsp.linter`, `wf_lsp.model`, `wf_lsp.fixes`);
it computes nothing the core could.
"""
