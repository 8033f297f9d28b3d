"""`wf-lsp serve` on the command line: stdio (with or without `--stdio`), `--tcp HOST:PORT`,
`--log-file`, `--log-level`, and the log in the client's output (window/logMessage)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types

from wf_lsp import __version__

from .conftest import PUSH_UTF16, SERVER, SETTLE_S, diagnostics, open_document, session

DOC = ('id: nightly\njobs:\n  train:\n    timeout: "30m1h"\n'
       "    steps:\n      - run: python train.py\n")
# The console script, as editors start it.
WF_LSP = Path(sys.executable).with_name("wf-lsp")
# serverInfo.version and the start line name the parser; the test environment has the C one.
SERVER_VERSION = f"{__version__} (C parser)"


def _console_script() -> str:
    assert WF_LSP.exists(), f"{WF_LSP} is missing: install the project (pip install -e .)"
    return str(WF_LSP)


async def test_stdio_flag_and_the_log_in_the_client():
    async with session(PUSH_UTF16, server=[_console_script(), "serve", "--stdio"]) as client:
        uri = await open_document(client, DOC)
        [found] = await diagnostics(client, uri)
        assert found.code == "WF103"
        # --log-level info (the default): the start line, nothing at debug level.
        assert [(m.type, m.message) for m in client.log_messages] == [
            (types.MessageType.Info, f"wf-lsp {SERVER_VERSION}: utf-16 positions, push diagnostics")]


async def test_log_level_and_log_file(tmp_path):
    log_file = tmp_path / "server.log"
    command = [*SERVER, "--log-file", str(log_file), "--log-level", "warning"]
    async with session(PUSH_UTF16, server=command) as client:
        uri = await open_document(client, DOC)
        await diagnostics(client, uri)
        assert client.log_messages == []  # the start line is info
    assert " INFO " not in log_file.read_text()
    # The client's wfLsp.logLevel overrides --log-level, in the file and in the client.
    async with session(PUSH_UTF16, {"logLevel": "debug"}, server=command) as client:
        uri = await open_document(client, DOC)
        await diagnostics(client, uri)
        linted = [m for m in client.log_messages if m.message.startswith(f"linted {uri} v1: ")]
        assert [m.type for m in linted] == [types.MessageType.Log]
    assert f"DEBUG wf_lsp: linted {uri} v1: 1 findings in " in log_file.read_text()


async def test_log_file_at_debug_shows_what_the_server_receives(tmp_path):
    # As docs/editors.md says: `--log-file wf-lsp.log --log-level debug` shows what the server
    # receives. The file had the start line and its own lint lines, no message of the client's.
    log_file = tmp_path / "wf-lsp.log"
    command = [*SERVER, "--log-file", str(log_file), "--log-level", "debug"]
    async with session(PUSH_UTF16, server=command) as client:
        uri = await open_document(client, DOC)
        await diagnostics(client, uri)
    logged = log_file.read_text()
    assert "Notification 'textDocument/didOpen' received" in logged
    assert "Request 'initialize' received" in logged
    # At info, the default, none of it (pygls logs each message it sends at info).
    log_file.write_text("")
    async with session(PUSH_UTF16, server=[*SERVER, "--log-file", str(log_file)]) as client:
        await diagnostics(client, await open_document(client, DOC))
    assert "pygls" not in log_file.read_text()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _message(reader: asyncio.StreamReader) -> dict:
    length = 0
    while (header := await reader.readline()) != b"\r\n":
        assert header, "the server closed the connection"  # (else a loop that never waits)
        if header.lower().startswith(b"content-length:"):
            length = int(header.split(b":")[1])
    return json.loads(await reader.readexactly(length))


async def _connect(port: int, process) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        try:
            return await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            assert process.returncode is None, "the server exited instead of listening"
            await asyncio.sleep(0.05)
    raise AssertionError(f"the server does not listen on 127.0.0.1:{port}")


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


@contextlib.asynccontextmanager
async def _tcp_server(log_file):
    """`wf-lsp serve --tcp` on a free port, logging to `log_file`: its process and a
    connection to it; killed at the end if it has not exited."""
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        _console_script(), "serve", "--tcp", f"127.0.0.1:{port}", "--log-file", str(log_file))
    try:
        reader, writer = await _connect(port, process)
        yield process, reader, writer
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_tcp(tmp_path):
    log_file = tmp_path / "server.log"
    async with _tcp_server(log_file) as (process, reader, writer):
        def send(message: dict) -> None:
            writer.write(_frame(message))

        async def reply_to(request_id: int) -> dict:
            while (message := await _message(reader)).get("id") != request_id:
                pass
            return message

        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": None,
            "capabilities": {"general": {"positionEncodings": ["utf-16", "utf-8"]}}}})
        reply = await reply_to(1)
        assert reply["result"]["capabilities"]["positionEncoding"] == "utf-8"
        assert reply["result"]["serverInfo"] == {"name": "wf-lsp", "version": SERVER_VERSION}
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///work/flow.yaml", "languageId": "yaml", "version": 1, "text": DOC}}})
        while (reply := await _message(reader)).get("method") != "textDocument/publishDiagnostics":
            pass
        assert reply["params"]["version"] == 1
        assert [(d["code"], d["range"]) for d in reply["params"]["diagnostics"]] == [
            ("WF103", {"start": {"line": 3, "character": 13}, "end": {"line": 3, "character": 20}})]
        send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": "file:///work/flow.yaml"},
            "position": {"line": 3, "character": 15}}})
        assert "1h30m" in (await reply_to(2))["result"]["contents"]["value"]
        send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
        assert (await reply_to(3))["result"] is None
        send({"jsonrpc": "2.0", "method": "exit"})
        writer.close()
        assert await asyncio.wait_for(process.wait(), 30) == 0
    assert f"INFO wf_lsp: wf-lsp {SERVER_VERSION}: utf-8 positions, push diagnostics" in (
        log_file.read_text())


async def test_tcp_says_where_it_listens_port_0_too():
    # Nothing was printed (pygls' "Serving on" is a log record no one sees), and with port
    # 0 the port could not be learnt. The line comes once the socket listens: no retry.
    process = await asyncio.create_subprocess_exec(
        _console_script(), "serve", "--tcp", "127.0.0.1:0", stderr=asyncio.subprocess.PIPE)
    try:
        line = (await asyncio.wait_for(process.stderr.readline(), SETTLE_S)).decode()
        assert re.fullmatch(r"wf-lsp: listening on 127\.0\.0\.1:\d+\n", line), line
        port = int(line.rsplit(":", 1)[1])
        assert port != 0
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for message in ({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                         "params": {"processId": None, "rootUri": None, "capabilities": {}}},
                        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
                        {"jsonrpc": "2.0", "method": "exit"}):
            body = json.dumps(message).encode()
            writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            while "id" in message and (await _message(reader)).get("id") != message["id"]:
                pass  # (the log's notifications)
        writer.close()
        assert await asyncio.wait_for(process.wait(), 30) == 0
        assert await process.stderr.read() == b""  # one line, nothing else
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_tcp_reads_on_after_what_is_not_a_frame(tmp_path):
    """Over TCP, 100 KB without a line break where a header belongs (a body whose length
    was wrong), then a frame without a length: the requests after them are answered.
    asyncio's `readline` emptied its buffer on a line past its limit, and the frames in
    it were lost (the `shutdown` after them was never answered); and as over stdio,
    pygls's loop took the headers after a frame without a length for a body's."""
    log_file = tmp_path / "server.log"
    async with _tcp_server(log_file) as (process, reader, writer):
        writer.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": None, "capabilities": {}}}))
        writer.write(b"x" * 100_000 + b"Content-Type: text\r\n\r\n{}"
                     + _frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))

        async def until_answered() -> None:
            while (await _message(reader)).get("id") != 2:
                pass  # (the log's notifications)

        await asyncio.wait_for(until_answered(), SETTLE_S)
        writer.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        writer.close()
        assert await asyncio.wait_for(process.wait(), 30) == 0
    assert re.search(r"WARNING wf_lsp: \d{5,} bytes that were not in a message were dropped",
                     log_file.read_text())


def test_stdio_and_tcp_are_exclusive():
    # TCP won, the --stdio asked for ignored in silence.
    result = subprocess.run([*SERVER, "--stdio", "--tcp", "127.0.0.1:0"], capture_output=True,
                            text=True, check=False, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", (
        "wf-lsp: error: --stdio and --tcp are exclusive: the server talks over one of them\n"))


def test_tcp_address_must_have_a_port():
    result = subprocess.run([*SERVER, "--tcp", "localhost"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 2
    assert result.stderr == "wf-lsp: error: --tcp expects HOST:PORT, got 'localhost'\n"


def test_a_port_out_of_range_is_a_usage_error():
    # It was "internal error (OverflowError: bind(): port must be 0-65535.); please report
    # it with the file".
    result = subprocess.run([*SERVER, "--tcp", "127.0.0.1:99999"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 2
    assert result.stderr == "wf-lsp: error: --tcp expects a port from 0 to 65535, got 99999\n"


def test_an_address_it_cannot_listen_on_is_named():
    # A port in use was "error while attempting to bind on address ('127.0.0.1', N):
    # address already in use"; a host that does not resolve, "Name or service not known"
    # alone.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([*SERVER, "--tcp", f"127.0.0.1:{port}"], capture_output=True,
                                text=True, check=False, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (f"wf-lsp: error: cannot listen on 127.0.0.1:{port}: "
                             f"{os.strerror(errno.EADDRINUSE)}\n")
    result = subprocess.run([*SERVER, "--tcp", "no-such-host.invalid:5000"],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("wf-lsp: error: cannot listen on no-such-host.invalid:5000: ")
    assert result.stderr.count("\n") == 1
