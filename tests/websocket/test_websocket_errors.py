"""How an accepted connection ends when something goes wrong: close codes 1008, 1011, 1009."""

from __future__ import annotations

import logging
from typing import Literal

import pytest

from lanner import App, Conflict, Router, WebSocket, websocket
from lanner.testing import AsyncTestClient, TestClient, WebSocketDisconnect

Backend = Literal["asyncio", "trio"]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test here runs on both event loops."""
    backend: str = request.param
    return backend
MiB = 1024 * 1024


def _closed(client: TestClient, path: str, *messages: str | bytes) -> WebSocketDisconnect:
    """Connect, send `messages`, and return how the app closed the connection."""
    with client.websocket_connect(path) as ws:
        for message in messages:
            if isinstance(message, str):
                ws.send_text(message)
            else:
                ws.send_bytes(message)
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_text()
    return closed.value


@websocket("/trade")
async def trade(ws: WebSocket) -> None:
    await ws.accept()
    await ws.receive_text()
    raise Conflict("Order book is closed")


def test_an_http_error_after_accept_closes_with_1008_and_its_detail(backend: Backend) -> None:
    closed = _closed(TestClient(App([trade]), backend=backend), "/trade", "buy")
    assert (closed.code, closed.reason) == (1008, "Order book is closed")


@websocket("/crash")
async def crash(ws: WebSocket) -> None:
    await ws.accept()
    await ws.receive_text()
    raise ZeroDivisionError("the secret formula")


def test_a_bug_after_accept_closes_with_1011_and_no_detail(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(App([crash]), backend=backend, raise_server_exceptions=False)
    closed = _closed(client, "/crash", "go")
    assert (closed.code, closed.reason) == (1011, "Internal Server Error")
    [record] = [r for r in caplog.records if r.name == "lanner"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError
    assert record.getMessage().startswith("WEBSOCKET /crash: handler crash (test_websocket_errors.py:")


def test_a_bug_after_accept_is_raised_in_the_test_by_default(backend: Backend) -> None:
    with pytest.raises(ZeroDivisionError, match="the secret formula"):
        _closed(TestClient(App([crash]), backend=backend), "/crash", "go")


def test_in_debug_the_1011_reason_names_the_exception(backend: Backend) -> None:
    client = TestClient(App([crash], debug=True), backend=backend, raise_server_exceptions=False)
    closed = _closed(client, "/crash", "go")
    assert (closed.code, closed.reason) == (1011, "ZeroDivisionError: the secret formula")


async def test_a_bug_after_accept_closes_with_1011_on_the_async_client() -> None:
    client = AsyncTestClient(App([crash]), raise_server_exceptions=False)
    async with client.websocket_connect("/crash") as ws:
        await ws.send_text("go")
        with pytest.raises(WebSocketDisconnect) as closed:
            await ws.receive_text()
    assert closed.value.code == 1011


@websocket("/upload")
async def upload(ws: WebSocket) -> None:
    await ws.accept()
    async for data in ws.iter_data():
        await ws.send_text(str(len(data)))


def test_a_message_over_one_mib_closes_with_1009(backend: Backend) -> None:
    with TestClient(App([upload]), backend=backend).websocket_connect("/upload") as ws:
        ws.send_bytes(b"x" * MiB)
        assert ws.receive_text() == str(MiB)  # exactly the limit is fine
        ws.send_bytes(b"x" * (MiB + 1))
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert (closed.value.code, closed.value.reason) == (1009, f"Message is larger than the limit of {MiB} bytes")


def test_the_text_limit_counts_utf8_bytes_not_characters(backend: Backend) -> None:
    app = App([upload], websocket_max_message_size=8)
    with TestClient(app, backend=backend).websocket_connect("/upload") as ws:
        ws.send_text("éééé")  # 4 characters, 8 bytes
        assert ws.receive_text() == "4"
        ws.send_text("ééééé")  # 10 bytes
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1009


@pytest.mark.parametrize(
    ("app", "limit"),
    [
        (App([upload], websocket_max_message_size=10), 10),
        (App([Router("/r", [upload], websocket_max_message_size=20)], websocket_max_message_size=10), 20),
        (
            App(
                [Router("/r", [websocket("/upload", websocket_max_message_size=30)(upload.fn)], websocket_max_message_size=20)]
            ),
            30,
        ),
    ],
    ids=["app", "router-over-app", "handler-over-router"],
)
def test_the_message_size_limit_is_layered(app: App, limit: int, backend: Backend) -> None:
    path = "/upload" if limit == 10 else "/r/upload"
    with TestClient(app, backend=backend).websocket_connect(path) as ws:
        ws.send_bytes(b"x" * limit)
        assert ws.receive_text() == str(limit)
        ws.send_bytes(b"x" * (limit + 1))
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1009
