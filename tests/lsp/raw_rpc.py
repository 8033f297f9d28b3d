"""The real server driven by hand, one framed JSON-RPC message at a time.

pytest-lsp's client only sends well-formed messages in the right order; the protocol
tests need the others too (a request before `initialize`, invalid JSON, a request with
no params), and to see every message the server writes, replies and notifications alike.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading

SERVER = [sys.executable, "-m", "wf_lsp", "serve"]
# Generous: a missing reply fails the test instead of hanging it (never a timing assert).
WAIT_S = 20


class RawServer:
    """`python -m wf_lsp serve` over pipes: write frames, read every message it sends."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([*SERVER, *args], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._incoming: queue.Queue[dict | None] = queue.Queue()
        self._ids = iter(range(1, 1 << 30))
        self.seen: list[dict] = []  # every message received, in order
        threading.Thread(target=self._read, daemon=True).start()

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()

    # -- writing -----------------------------------------------------------------------

    def send_body(self, body: bytes) -> None:
        """One frame with `body` as it is (which need not be JSON)."""
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def write(self, data: bytes) -> None:
        """`data` as it is, framed or not."""
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message: object) -> None:
        """One message, as JSON (`ensure_ascii`: lone surrogates go as \\ud800 escapes)."""
        self.send_body(json.dumps(message).encode())

    def notify(self, method: str, params: object = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: object = None, *, with_params: bool = True) -> dict:
        """Send a request and return its reply (a dict with `result` or `error`)."""
        message = {"jsonrpc": "2.0", "id": next(self._ids), "method": method}
        if with_params:
            message["params"] = params
        self.send(message)
        return self.reply_to(message["id"])

    def initialize(self, capabilities: dict | None = None) -> dict:
        """initialize and initialized; returns the initialize result."""
        reply = self.request("initialize", {"processId": None, "rootUri": None,
                                            "capabilities": capabilities or {}})
        self.notify("initialized", {})
        return reply["result"]

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": version, "text": text}})

    def change(self, uri: str, version: int, *changes: dict) -> None:
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": list(changes)})

    # -- reading -----------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while (header := stream.readline()) not in (b"\r\n", b""):
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if not header or length is None:
                self._incoming.put(None)  # the server closed its output
                return
            self._incoming.put(json.loads(stream.read(length)))

    def next_message(self) -> dict:
        """The next message the server sends (AssertionError if it closes its output)."""
        message = self._incoming.get(timeout=WAIT_S)
        assert message is not None, f"the server closed its output: {self.stderr_tail()}"
        self.seen.append(message)
        return message

    def reply_to(self, request_id: object) -> dict:
        """Read until the reply to `request_id`; every reply before it is an AssertionError
        (the server answers in order what it refuses, and nothing else was asked)."""
        while True:
            message = self.next_message()
            if "method" in message:
                continue  # a notification or a request of the server's
            assert message.get("id") == request_id, f"unexpected reply {message}"
            return message

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict]:
        """Read until a publishDiagnostics for `uri` (of `version` when given)."""
        while True:
            message = self.next_message()
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and (version is None or params.get("version") == version):
                    return params["diagnostics"]
            else:
                assert "method" in message, f"unexpected reply {message}"

    def exit_code(self) -> int:
        """Wait for the process to end; its exit code."""
        return self.process.wait(timeout=WAIT_S)

    def stderr_tail(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        return self.process.stderr.read().decode(errors="replace")[-2000:]
