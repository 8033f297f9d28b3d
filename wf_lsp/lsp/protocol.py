"""Where wf-lsp departs from pygls's handling of the protocol, and why.

- The lifecycle as LSP 3.17 has it (pygls answers a request before `initialize`, takes
  a second `initialize`, and leaves requests after `shutdown` unanswered): before
  `initialize`, a request is refused with ServerNotInitialized and a notification is
  dropped; a second `initialize` and any request after `shutdown` are InvalidRequest;
  `exit` is always taken. The process's exit code is 0 after a `shutdown`, else 1.
  A request refused after `shutdown` is logged at debug level only: one that crossed the
  shutdown is normal while an editor restarts the server.
- JSON-RPC's error replies: a message that is not JSON is a ParseError, JSON that is
  not a message an InvalidRequest, both with id null when no id can be read (pygls
  logs them and answers nothing, and the client would wait for ever); a request whose
  params do not fit the protocol (or are missing) is InvalidParams, with one line that
  says where (`invalid value @ $.params.position`); params left out are `{}` for
  `initialized` (whose params hold nothing) and null for a method the protocol does not
  have (MethodNotFound, or a notification ignored). A notification is never answered,
  however malformed: one line in the log says why it was dropped, and nothing pops up.
- Framing (`Framing`, for stdin and TCP): pygls's read loop knows `Content-Length: N\r\n`
  only, and after a header it did not know, a frame without a length or with a wrong one,
  it read no message again, in silence (over TCP, a 64 KB line closed the connection; a
  length too large to allocate ended the server). A header is read in any case and
  spacing, and what is not in a frame is dropped up to the next one, said in the log.
- A client's reply that does not fit the protocol's type (`null`, a string or an object
  for workspace/configuration's list) is taken as the JSON it is, for the caller to
  check, with a warning: pygls raised, and the request it answered waited until it
  timed out (or read a string as a list of characters).
- A request a handler refuses on purpose (RequestFailed, InvalidParams, ContentModified,
  RequestCancelled: a rename not on a symbol, an unknown command) is one warning line in
  the log; pygls logged each with a traceback, to stderr, which an editor shows as a
  crash. A handler's failure (a bug of ours) is an error in the log with its traceback,
  and its reply says `internal error in textDocument/completion: see the server log`
  (pygls's was the exception's text, with the traceback in `data`).
- A client that closes its end of the server's output (it crashed, or stopped reading)
  while keeping the input open ends the server, as if it had sent `exit`: one line in the
  log, no traceback, exit code 1 (0 after a `shutdown`). pygls logged a traceback for each
  message it could not write and went on for ever, waiting for input that never came.
- `exit` without `shutdown` cancels the tasks waiting for the client (its settings, a
  registration) quietly: pygls wrote a traceback to stderr for each.
- No reply carries a Python traceback: what pygls puts in an internal error's `data`
  goes to the log file instead (`Messages.failure`).
- initialize: pygls takes the client's first position encoding; we take ours (utf-8,
  utf-32, utf-16), and announce no diagnosticProvider to a client that cannot pull.
- didOpen, didChange, didClose: pygls keeps a copy of every open document; ours is the
  server's `DocumentSession`, so these go straight to the server's handlers.
- Diagnostics are sent as JSON made once per diagnostic and kept (`lsp/diagnostics.py`):
  pygls would unstructure every one of them again for each publish or pull, and
  serialize the whole publish again (`notify_raw` joins the kept texts instead).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import os
import re
import traceback

from cattrs import ClassValidationError, transform_error
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol, default_converter, lsp_method
from pygls.protocol.json_rpc import JsonRPCResponseMessage

from wf_lsp.lsp.capabilities import ClientSupport
from wf_lsp.records import record

log = logging.getLogger("wf_lsp")


@record
class Refused:
    """A message read but not handled: a request gets `error`, a notification nothing."""

    method: str
    id: object
    is_request: bool
    error: types.ResponseError
    # How loud the log says it. A request after `shutdown` is a client's request that crossed
    # it, as when an editor restarts the server while the user types: normal, so only at
    # debug level (the editor's output channel shows warnings as problems).
    level: int = logging.WARNING


@record(slots=True)
class Plain:
    """A result that is JSON already (made of kept parts), sent as it is. It goes where the
    protocol allows several types (a pull's report, each report of a workspace pull): the
    converter unstructures those by the value's class, and for this one that is `value`."""

    value: dict


def converter():
    """pygls's converter, which also takes `Plain` values, and reads a string, a number or
    a boolean only from JSON of that type: cattrs's own hooks call `str`, `int` or `bool` on
    whatever came (a hover on `"uri": 5` looked for a document named "5" and answered null,
    `"line": "2"` or `2.5` was line 2, `"includeDeclaration": "false"` was true)."""
    made = default_converter()
    made.register_unstructure_hook(Plain, lambda plain: plain.value)
    made.register_structure_hook(str, _exactly(str, "a string"))
    made.register_structure_hook(bool, _exactly(bool, "true or false"))
    made.register_structure_hook(int, _exactly(int, "an integer"))
    made.register_structure_hook(float, _exactly((int, float), "a number"))
    return made


def _exactly(kinds, expected: str):
    """A structure hook that takes only a value of `kinds` (a boolean is not a number,
    though Python's `bool` is an `int`), else raises saying what was expected. It is also
    the hook of their subclasses, the protocol's enumerations (`DiagnosticSeverity` is an
    `int`): the value is made one of those, as cattrs's own hook did."""
    def structure(value, type_):
        if isinstance(value, kinds) and (kinds is bool or not isinstance(value, bool)):
            return type_(value)
        raise TypeError(f"expected {expected}, got {json.dumps(value)[:40]}")
    return structure


# The codes of a request declined on purpose, which a client takes in its stride.
REFUSALS = frozenset({types.LSPErrorCodes.RequestFailed, types.ErrorCodes.InvalidParams,
                      types.LSPErrorCodes.ContentModified, types.LSPErrorCodes.RequestCancelled})


class WfProtocol(LanguageServerProtocol):
    """pygls's protocol with the departures above."""

    def __init__(self, server, converter) -> None:
        super().__init__(server, converter)
        self.initialize_received = False
        self._methods: dict[object, str] = {}  # the method of each request being handled
        self.client_gone = False  # the client closed the server's output

    def set_writer(self, writer, include_headers: bool = True) -> None:
        super().set_writer(_ClientOutput(writer, self), include_headers)

    def lost_client(self) -> None:
        """The client closed the server's output: end the process now. Nothing can reach
        the client any more, and the read loop may wait for good (a client that keeps the
        input open): it waits in a thread, which Python would wait for at exit, so the
        process ends without the interpreter's cleanup (the log is flushed first)."""
        if self.client_gone:
            return
        self.client_gone = True  # before logging: the log's copy to the client is dropped
        log.info("the client closed the server's output: exiting")
        logging.shutdown()
        os._exit(self.exit_code)

    @property
    def exit_code(self) -> int:
        """What the process exits with: 0 after a shutdown request, else 1 (LSP 3.17:
        `exit` without `shutdown`; also a client that went away without either)."""
        return 0 if self._shutdown else 1

    def unstructure(self, value) -> object:
        """A protocol object as the JSON pygls would send for it."""
        return self._converter.unstructure(value)

    def structure(self, value: object, type_: type):
        """JSON a client sent back (a command's arguments) as the protocol object `type_`,
        or None when it is not one."""
        try:
            return self._converter.structure(value, type_)
        except Exception:  # cattrs's errors (groups of them): the value is not a `type_`
            return None

    def notify_raw(self, method: str, params: str) -> None:
        """A notification whose params are serialized already (made of kept parts: see
        `lsp/diagnostics.py`), written as `_send_data` writes a message: ASCII JSON, so
        that the Content-Length it counts in characters is the bytes'."""
        if self.writer is None:
            log.error("no transport to send %s on", method)
            return
        body = f'{{"jsonrpc": {json.dumps(self.VERSION)}, "method": {json.dumps(method)}, ' \
               f'"params": {params}}}'
        header = (f"Content-Length: {len(body)}\r\n"
                  f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n")
        written = self.writer.write((header + body).encode(self.CHARSET))
        if inspect.isawaitable(written):  # the TCP transport's writer
            asyncio.ensure_future(written)

    # -- reading messages --------------------------------------------------------------

    def structure_message(self, data):
        """The message read (pygls calls this for every JSON object in it, innermost
        first); refused by the lifecycle, or answered with InvalidParams if it does not
        fit the protocol."""
        if "jsonrpc" in data and "method" in data:
            error = self._refusal(data)
            if error is not None:
                level = logging.DEBUG if self._shutdown else logging.WARNING
                return Refused(str(data["method"]), data.get("id"), "id" in data, error, level)
            if "params" not in data:
                data = self._params_omitted(data)
        if ("jsonrpc" in data and "method" not in data and "error" not in data
                and self._result_types.get(data.get("id")) is types.ConfigurationResponse
                and not isinstance(data.get("result"), list)):
            # Not a list: cattrs would read a string as a list of its characters, an
            # object as a list of its keys, and fail on null (which some clients send).
            # Taken as it is: settings.load reads anything but a list as no settings.
            self._result_types.pop(data["id"])
            log.warning("the reply to workspace/configuration is not a list: %.100r",
                        data.get("result"))
            return _as_it_is(data)
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "jsonrpc" in data and "id" in data and "method" not in data \
                    and "error" not in data:
                # A reply to one of our requests whose result is not of the protocol's
                # type. Taken as the JSON it is (every result we ask for is null, or
                # checked by its caller): raised, the request was never answered, and
                # what awaited it waited until it timed out.
                log.warning("the reply to request %s does not fit the protocol (%s): "
                            "taken as it is", data["id"], _what_does_not_fit(exc))
                return _as_it_is(data)
            if "jsonrpc" not in data or "method" not in data:
                raise  # the read loop's error handler
            # Refused, not raised: raised, it reached the read loop's error handler, which
            # logged the ExceptionGroup's traceback to the client and showed a popup for
            # what is the client's mistake. The traceback stays in pygls's log.
            error = types.ResponseError(types.ErrorCodes.InvalidParams,
                                        f"Invalid params: {_what_does_not_fit(exc)}")
            return Refused(str(data["method"]), data.get("id"), "id" in data, error)

    def _params_omitted(self, data: dict) -> dict:
        """A message without `params` (JSON-RPC 2.0 lets a message leave them out) as
        pygls can read it. `initialized`, whose params hold nothing, takes them as `{}`:
        refused, the server waited for its settings for good and never linted a document.
        A method the protocol does not have takes them as null, and is then answered
        MethodNotFound, or ignored as a notification: pygls's own message types require
        params, and it was 'Invalid params' naming a Python class. Other methods' params are
        required, and missing stay missing (InvalidParams)."""
        method = data["method"]
        if method == types.INITIALIZED:
            return {**data, "params": {}}
        if self.get_message_type(method) is None:
            return {**data, "params": None}
        return data

    def _refusal(self, data: dict) -> types.ResponseError | None:
        """Why a request or notification is refused now, or None."""
        method = data["method"]
        if not isinstance(method, str) or ("id" in data and not _valid_id(data["id"])):
            return types.ResponseError(types.ErrorCodes.InvalidRequest,
                                       "Invalid request: the method or the id is not valid")
        if method == types.EXIT:
            return None
        if self._shutdown:
            return types.ResponseError(types.ErrorCodes.InvalidRequest,
                                       "the server is shutting down: only exit is accepted")
        if method == types.INITIALIZE:
            if self.initialize_received:
                return types.ResponseError(types.ErrorCodes.InvalidRequest,
                                           "initialize was sent already")
        elif not self.initialize_received:
            return types.ResponseError(types.ErrorCodes.ServerNotInitialized,
                                       "the server is not initialized: send initialize first")
        return None

    def handle_message(self, message) -> None:
        """Dispatch a message read; answer what is refused or is not a message at all."""
        if isinstance(message, Refused):
            log.log(message.level, "%s refused: %s", message.method, message.error.message)
            if message.is_request:
                self._send_error(message.id, message.error)
            return
        if getattr(message, "jsonrpc", None) != self.VERSION:
            given = (message.get("id") if isinstance(message, dict)
                     else getattr(message, "id", None))
            self._send_error(given, types.ResponseError(
                types.ErrorCodes.InvalidRequest, "Invalid request: not a JSON-RPC 2.0 message"))
            log.warning("not a JSON-RPC 2.0 message: %.200r", message)
            return
        if getattr(message, "method", None) == types.INITIALIZE and hasattr(message, "id"):
            self.initialize_received = True
        super().handle_message(message)

    def _handle_request(self, msg_id, method_name: str, params) -> None:
        self._methods[msg_id] = method_name
        super()._handle_request(msg_id, method_name, params)
        if msg_id not in self._request_futures:  # answered already, or never run
            self._methods.pop(msg_id, None)

    def _run_generator(self, future, *, gen, result_future) -> None:
        """pygls's next step of a handler that yields others (its lifecycle's, ours after
        them), which ends when the step before it was cancelled: `exit` without `shutdown`
        cancels every task, and pygls wrote a traceback to stderr for each one that was
        waiting for the client (the settings, a registration)."""
        if future is not None and future.cancelled():
            gen.close()
            result_future.cancel()
            return
        super()._run_generator(future, gen=gen, result_future=result_future)

    def _send_handler_result(self, future, *, msg_id) -> None:
        """A handler's result, refusal or failure, sent; the log says what went wrong."""
        method = self._methods.pop(msg_id, "a request")
        error = None if future.cancelled() else future.exception()
        if error is None:
            super()._send_handler_result(future, msg_id=msg_id)
            return
        self._request_futures.pop(msg_id, None)
        if isinstance(error, JsonRpcException) and error.code in REFUSALS:
            log.warning("%s refused: %s", method, error.message)
            reply = error.to_response_error()
        else:
            log.error("internal error in %s: %r", method, error, exc_info=error)
            reply = types.ResponseError(types.ErrorCodes.InternalError,
                                        f"internal error in {method}: see the server log")
        self._send_response(msg_id, error=reply)

    def unreadable(self, error: Exception) -> None:
        """A message could not be read (the read loop's error): one that is not JSON
        gets a ParseError. (One that did not fit the protocol was answered already.)"""
        if isinstance(error, ValueError):  # JSONDecodeError, UnicodeDecodeError
            self._send_error(None, types.ResponseError(
                types.ErrorCodes.ParseError, "Parse error: the message is not JSON"))

    def _send_response(self, msg_id, result=None, error: types.ResponseError | None = None):
        """pygls's reply, without the traceback pygls puts in an internal error's `data`:
        a client shows `data` to the user, or nowhere; the log file has it
        (`Messages.failure`)."""
        if error is not None and isinstance(error.data, dict) and "traceback" in error.data:
            data = {key: value for key, value in error.data.items() if key != "traceback"}
            error = types.ResponseError(error.code, error.message, data or None)
        super()._send_response(msg_id, result, error)

    def _send_error(self, msg_id: object, error: types.ResponseError) -> None:
        """An error reply; its id as given, or null when it is not a valid id."""
        if not _valid_id(msg_id):
            msg_id = None
        # As a plain object: pygls's converter would leave out an id that is null.
        self._send_data({"jsonrpc": self.VERSION, "id": msg_id,
                         "error": self._converter.unstructure(error)})

    # -- the lifecycle and documents ---------------------------------------------------

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


class _ClientOutput:
    """The writer to the client (pygls's), which ends the server when the client has
    closed it (`WfProtocol.lost_client`) rather than raising for every message."""

    def __init__(self, writer, protocol: WfProtocol) -> None:
        self._writer, self._protocol = writer, protocol

    def write(self, data: bytes):
        if self._protocol.client_gone:
            return None
        try:
            return self._writer.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self._protocol.lost_client()
            return None

    def close(self):
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # gone already
            return self._writer.close()
        return None


def _as_it_is(data: dict) -> JsonRPCResponseMessage:
    """A reply with its result as the JSON it is (pygls's converter makes an object of
    a dict)."""
    return JsonRPCResponseMessage(id=data["id"], jsonrpc=data["jsonrpc"], result=data.get("result"))


def _what_does_not_fit(exc: JsonRpcException) -> str:
    """One line saying which part of a message did not fit its type (`required field
    missing @ $.params.contentChanges[0].text`), from cattrs's errors, with the
    protocol's names for fields (lsprotocol's are their snake_case)."""
    cause = exc.__cause__
    if isinstance(cause, ClassValidationError):
        where = "; ".join(transform_error(cause))
    else:
        where = "".join(traceback.format_exception_only(cause or exc)).strip()
    where = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), where.splitlines()[0] if where else "")
    return where[:300] or "the params do not fit the method"


def _valid_id(value: object) -> bool:
    """Whether `value` can be a request's id (JSON-RPC: a string or a number; LSP: an
    integer or a string)."""
    return isinstance(value, (int, str)) and not isinstance(value, bool)


# -- framing ---------------------------------------------------------------------------------

# A Content-Length header, in any case, with or without spaces and the carriage return,
# anywhere in a line: after a frame whose length was wrong, a body (which has no line
# break) runs on into the next message's header on one line.
_LENGTH_HEADER = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?\n?\Z", re.IGNORECASE)
_OTHER_HEADER = re.compile(rb"[A-Za-z][A-Za-z0-9-]*[ \t]*:[^\r\n]*\r?\n?\Z")
# Far above what an editor sends (a 5 MB document is some 6 MB of JSON): a larger length
# is a broken header, and reading it would wait for data that never comes, or fail to
# allocate it (MemoryError, OverflowError: the server ended).
LARGEST_MESSAGE = 256 << 20


class Framing:
    """The header lines of JSON-RPC's frames, as pygls's read loop (`pygls.io_.run_async`)
    takes them, whatever the client wrote. That loop knows `Content-Length: N\\r\\n` only,
    exactly so; after a header it does not know, a frame without one, or a length that
    was wrong, it took every later header for part of a body and the server never read
    another message, in silence (and a length too large to allocate ended it). Here a
    `Content-Length` in another case, spacing or line end is taken; what is not in a frame
    is dropped up to the next `Content-Length`, and said in the log once it is found (the
    body of a frame without a length too); a length past `LARGEST_MESSAGE` is dropped."""

    def __init__(self) -> None:
        self.dropped = 0  # bytes dropped since the last frame read
        self.length_seen = False  # in the header being read

    def header(self, line: bytes) -> bytes:
        """`line`, read where a header is expected, as pygls's loop is to see it."""
        if not line:  # the end of the input
            return line
        if not line.strip():  # the end of a header (one without a length: its body,
            self.length_seen = False  # not read, is dropped and said with the next frame)
            return b"\r\n"
        found = _LENGTH_HEADER.search(line)
        if found is None:
            if not self.length_seen and _OTHER_HEADER.match(line) is None:
                self.dropped += len(line)
            return line  # another header (Content-Type), or what pygls passes over
        self.dropped += found.start()
        if self.dropped:
            log.warning("%d bytes that were not in a message were dropped (a Content-Length "
                        "that was wrong, or a frame without one)", self.dropped)
            self.dropped = 0
        length = int(found.group(1))
        if length > LARGEST_MESSAGE:
            log.warning("a message of %d bytes was announced, more than wf-lsp reads (%d): "
                        "dropped", length, LARGEST_MESSAGE)
            return b"X-Dropped: too long\r\n"  # a header pygls passes over
        self.length_seen = True
        return b"Content-Length: %d\r\n" % length


class FramedInput:
    """Standard input (a binary file) with its headers read by `Framing`."""

    def __init__(self, stream) -> None:
        self._stream, self._framing = stream, Framing()

    def readline(self) -> bytes:
        return self._framing.header(self._stream.readline())

    def read(self, size: int) -> bytes:
        return self._stream.read(size)


class FramedStream:
    """A TCP connection's `asyncio.StreamReader` with its headers read by `Framing`."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self._stream, self._framing = stream, Framing()

    async def readline(self) -> bytes:
        # Not `StreamReader.readline`: on a line past the reader's limit (a body of 64 KB
        # read as a header) it empties its buffer, and the frames in it were lost.
        kept = b""  # the end of a long line dropped, which the next header may start in
        while True:
            try:
                line = await self._stream.readuntil(b"\n")
            except asyncio.IncompleteReadError as end:  # the end of the input
                line = end.partial
            except asyncio.LimitOverrunError as long:
                chunk = kept + await self._stream.readexactly(long.consumed)
                kept = chunk[-64:]
                self._framing.dropped += len(chunk) - len(kept)
                continue
            return self._framing.header(kept + line)

    def readexactly(self, size: int):
        return self._stream.readexactly(size)
