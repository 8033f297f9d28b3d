"""The language-server layer: the only code that imports pygls and lsprotocol.

`server.py` is the lifecycle and the scheduling, `documents.py` the record of each open
document (`DocumentSession`); every other module is an adapter that converts positions
and types between LSP and the core (`wf_lsp.linter`, `wf_lsp.fixes`) or the editor
features (`wf_lsp.editor`), and computes nothing they could.
"""
