"""The server's log (to a file with `--log-file`, and to the client's output channel),
and the messages it shows the user.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError

log = logging.getLogger("wf_lsp")

LEVELS = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO,
          "debug": logging.DEBUG}


def set_level(name: str) -> None:
    """Log at `name` (`error`, `warning`, `info` or `debug`)."""
    level = LEVELS.get(name, logging.INFO)
    log.setLevel(level)
    # pygls's records, which the log file gets too: at debug, each message received and
    # sent (`--log-level debug` is how the docs say to see what the server receives).
    # Unset, they fell back to the root logger's warning and never reached the file. Below
    # debug, warnings only: pygls logs every message it sends at info.
    logging.getLogger("pygls").setLevel(level if level == logging.DEBUG
                                        else max(level, logging.WARNING))


class ClientLogHandler(logging.Handler):
    """Sends our log records to the client's output channel (window/logMessage)."""

    KINDS = {logging.ERROR: types.MessageType.Error, logging.WARNING: types.MessageType.Warning,
             logging.INFO: types.MessageType.Info, logging.DEBUG: types.MessageType.Log}

    def __init__(self, server) -> None:
        super().__init__()
        self.server = server

    def emit(self, record: logging.LogRecord) -> None:
        try:
            loop = self.server.loop
            if self.server.protocol.writer is None or loop is None:
                return
            kind = self.KINDS.get(record.levelno, types.MessageType.Log)
            # The message without its traceback: a client shows window/logMessage to
            # users, and a Python traceback tells them nothing (the log file, or
            # stderr, has it: `start`).
            params = types.LogMessageParams(type=kind, message=record.getMessage())
            if threading.get_ident() == self.server.loop_thread:
                self.server.window_log_message(params)
            else:  # from the lint worker: the transport belongs to the event loop
                loop.call_soon_threadsafe(self.server.window_log_message, params)
        except Exception:  # logging must never take the server down
            pass


def start(server, log_file: str | None, level: str) -> None:
    """Log to `log_file` (pygls's records too) and to the client, at `level`."""
    handlers: list[logging.Handler] = []
    if log_file:
        # A uri or a message may hold a lone surrogate: written as \udXXX, not lost.
        handler = logging.FileHandler(log_file, encoding="utf-8", errors="backslashreplace")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(handler)
        logging.getLogger("pygls").addHandler(handler)  # the protocol's own records
    else:  # stderr is the editor's output channel: no protocol chatter ("Cancel notification
        # for unknown message id" for each request answered before the editor cancelled it)
        logging.getLogger("pygls.protocol").setLevel(logging.ERROR)
        # pygls logs params that do not fit the protocol as an error with its traceback,
        # which Python's last-resort handler wrote to stderr: some 40 lines in the
        # editor's output for a client's mistake. `protocol.py` refuses those in one line.
        logging.getLogger("pygls.protocol.json_rpc").addFilter(
            lambda record: not record.getMessage().startswith("Unable to deserialize message"))
        # Without a log file, an error's traceback (which the client is not sent) goes
        # to stderr: the one place a user can copy it from into a bug report.
        tracebacks = logging.StreamHandler(sys.stderr)
        tracebacks.addFilter(lambda record: record.exc_info is not None)
        tracebacks.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handlers.append(tracebacks)
    handlers.append(ClientLogHandler(server))
    for handler in handlers:
        log.addHandler(handler)
    log.propagate = False
    set_level(level)


class Messages:
    """Messages shown to the user (window/showMessage), each once; all of them logged."""

    def __init__(self, server) -> None:
        self.server = server
        self._shown: set[str] = set()

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """Log `message`, and show it to the user the first time only."""
        server = self.server
        if server.loop is not None and threading.get_ident() != server.loop_thread:
            # From a lint thread (a bad config file): the transport belongs to the loop.
            with contextlib.suppress(RuntimeError):  # the loop is gone: shutting down
                server.loop.call_soon_threadsafe(self.show_once, message, kind)
            return
        log.warning(message)
        if message in self._shown:
            return
        self._shown.add(message)
        server.window_show_message(types.ShowMessageParams(type=kind, message=f"wf-lsp: {message}"))

    def forget(self) -> None:
        """Show each message again the next time it is said."""
        self._shown.clear()

    def failure(self, error: Exception, source) -> None:
        """Something failed: log it with its traceback and go on. pygls answers a failed
        request with an LSP error; other failures are also shown to the user, once."""
        if (source.__name__ == "FeatureRequestError" and isinstance(error, JsonRpcException)
                and not isinstance(error, JsonRpcInternalError)):
            log.info("request refused: %s", error)  # on purpose (a rename we will not do)
            return
        what = {"FeatureRequestError": "internal error in a request handler",
                "FeatureNotificationError": "internal error in a notification handler"}.get(
                    source.__name__, "could not read a message from the client")
        log.error("%s: %s", what, error, exc_info=sys.exc_info()[0] is not None)
        if source.__name__ == "FeatureNotificationError":
            self.show_once(f"{what}: {error} (see the log)", types.MessageType.Error)
        elif source.__name__ != "FeatureRequestError":
            # The details differ with every bad message: say it once, whatever they are.
            self.show_once(f"{what} (see the log)", types.MessageType.Error)
