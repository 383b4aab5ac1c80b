"""WebSocket routes on real servers, over a loopback socket: uvicorn (asyncio) and hypercorn (trio).

Each server runs in a subprocess serving the docs examples plus two routes that fail on
purpose; the `websockets` package's client connects to it, as a browser would.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_process import listens, start
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 5.0

SERVE = """
import sys

from docs.examples import websockets_auth, websockets_echo, websockets_listener
from lanner import App, Router, WebSocket, websocket


@websocket("/crash")
async def crash(ws: WebSocket) -> None:
    await ws.accept()
    await ws.receive_text()
    raise RuntimeError("a bug in the handler")


handlers = [
    *websockets_echo.app.route_handlers,
    *websockets_listener.app.route_handlers,
    *websockets_auth.app.route_handlers,
    crash,
    Router("/small", websockets_echo.app.route_handlers, websocket_max_message_size=1024),
]
app = App(handlers)
server, port = sys.argv[1], int(sys.argv[2])
if server == "uvicorn":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
else:
    import trio
    from hypercorn.config import Config
    from hypercorn.trio import serve

    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    trio.run(serve, app, config)
"""


@pytest.fixture(scope="module", params=["uvicorn", "hypercorn"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`ws://127.0.0.1:PORT` of the app on uvicorn (asyncio), then on hypercorn (trio)."""
    name: str = request.param
    running = start(
        lambda port: [sys.executable, "-c", SERVE, name, str(port)],
        tmp_path_factory.mktemp(name) / "server.log",
        cwd=ROOT,
        ready=listens,
    )
    try:
        yield f"ws://127.0.0.1:{running.port}"
    finally:
        running.stop()


def _connect(url: str, subprotocols: list[str] | None = None) -> ClientConnection:
    return connect(url, subprotocols=subprotocols, open_timeout=TIMEOUT, close_timeout=TIMEOUT)  # type: ignore[arg-type]  # websockets types subprotocols as Subprotocol


def _closed(ws: ClientConnection) -> tuple[int, str]:
    with pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code, closed.value.rcvd.reason


def test_echo_over_a_real_socket(server: str) -> None:
    with _connect(f"{server}/echo", subprotocols=["echo.v1"]) as ws:
        assert ws.subprotocol == "echo.v1"
        ws.send("hello")
        assert ws.recv(timeout=TIMEOUT) == "hello"
        ws.send(b"\x00\x01")
        assert ws.recv(timeout=TIMEOUT) == b"\x00\x01"


def test_close_code_and_reason_reach_the_client(server: str) -> None:
    with _connect(f"{server}/echo") as ws:
        ws.send("bye")
        assert _closed(ws) == (4000, "Goodbye")


def test_a_listener_answers_an_invalid_message_with_the_error_document(server: str) -> None:
    with _connect(f"{server}/rooms/lobby?nick=ada") as ws:
        assert ws.recv(timeout=TIMEOUT) == "Welcome, ada"
        ws.send(json.dumps({"text": 5}))
        assert json.loads(ws.recv(timeout=TIMEOUT)) == {
            "status_code": 400,
            "detail": "Validation failed",
            "errors": [{"source": "message", "name": "$.text", "message": "Expected `str`, got `int`"}],
        }
        ws.send(json.dumps({"text": "hi"}))
        assert json.loads(ws.recv(timeout=TIMEOUT)) == {"room": "lobby", "nick": "ada", "text": "hi"}


def test_a_refused_handshake_is_an_http_answer_with_the_error_document(server: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        _connect(f"{server}/notifications?token=nope")
    assert refused.value.response.status_code == 401
    assert json.loads(refused.value.response.body or b"") == {"status_code": 401, "detail": "Unknown token"}


def test_an_unknown_path_is_refused_with_404(server: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        _connect(f"{server}/nowhere")
    assert refused.value.response.status_code == 404


def test_a_bug_closes_with_1011(server: str) -> None:
    with _connect(f"{server}/crash") as ws:
        ws.send("go")
        assert _closed(ws) == (1011, "Internal Server Error")


def test_a_message_over_the_limit_closes_with_1009(server: str) -> None:
    with _connect(f"{server}/small/echo") as ws:
        ws.send(b"x" * 1024)
        assert ws.recv(timeout=TIMEOUT) == b"x" * 1024
        ws.send(b"x" * 1025)
        assert _closed(ws) == (1009, "Message is larger than the limit of 1024 bytes")
