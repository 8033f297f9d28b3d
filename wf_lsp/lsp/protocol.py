"""Where wf-lsp departs from pygls's handling of the protocol, and why.

- initialize: pygls takes the client's first position encoding; we take ours (utf-8,
  utf-32, utf-16), and announce no diagnosticProvider to a client that cannot pull.
- didOpen, didChange, didClose: pygls keeps a copy of every open document; ours is the
  server's `DocumentSession`, so these go straight to the server's handlers.
- A request whose params do not fit the protocol is answered with InvalidParams (pygls
  drops it, and the client would wait for ever).
"""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol, lsp_method

from wf_lsp.lsp.capabilities import ClientSupport


class WfProtocol(LanguageServerProtocol):
    """pygls's protocol with the departures above."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        client = ClientSupport.of(params.capabilities)
        self._server.client = client
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            general.position_encodings = [client.encoding]
        result = yield from super().lsp_initialize(params)
        if not client.pull_diagnostics:
            # A client that cannot pull gets pushed diagnostics, and no diagnosticProvider:
            # one that pulled anyway (vscode-languageclient does when told the server can)
            # would show every diagnostic twice.
            result.capabilities.diagnostic_provider = None
        return result

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        return (yield from self._handler(types.TEXT_DOCUMENT_DID_OPEN, params))

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        return (yield from self._handler(types.TEXT_DOCUMENT_DID_CHANGE, params))

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        return (yield from self._handler(types.TEXT_DOCUMENT_DID_CLOSE, params))

    def _handler(self, method: str, params):
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    def structure_message(self, data):
        """Answer a request that does not fit the protocol with InvalidParams."""
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], error=exc.to_response_error())
            raise
