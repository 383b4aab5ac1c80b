"""WebSocket sessions: the handshake, messages both ways, closing, denial and app errors."""

from __future__ import annotations

from typing import Literal

import pytest

from lanner._types import Message, Receive, Scope, Send
from lanner.testing import (
    AsyncTestClient,
    AsyncWebSocketSession,
    TestClient,
    WebSocketDenied,
    WebSocketDisconnect,
    WebSocketSession,
)


class AppBug(Exception):
    pass


class EchoSocket:
    """Accepts with the first offered subprotocol and an extra header, then echoes.

    "bye" makes it close with 4000 "see you"; "crash" makes it raise. It keeps its scope and
    the `websocket.disconnect` message it gets, if any.
    """

    def __init__(self) -> None:
        self.scope: Scope = {}
        self.disconnect: Message | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            return
        self.scope = scope
        assert (await receive())["type"] == "websocket.connect"
        subprotocol = scope["subprotocols"][0] if scope["subprotocols"] else None
        headers = [(b"x-echo", b"yes")]
        await send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": headers})
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                self.disconnect = message
                return
            if message.get("text") == "bye":
                await send({"type": "websocket.close", "code": 4000, "reason": "see you"})
                return
            if message.get("text") == "crash":
                raise AppBug("crashed on request")
            text, data = message.get("text"), message.get("bytes")
            await send({"type": "websocket.send", "text": text, "bytes": data})


async def closes_before_accepting(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()
    await send({"type": "websocket.close", "code": 1000})


async def denies_with_a_response(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()
    headers = [(b"content-type", b"text/plain")]
    await send({"type": "websocket.http.response.start", "status": 401, "headers": headers})
    await send({"type": "websocket.http.response.body", "body": b"who ", "more_body": True})
    await send({"type": "websocket.http.response.body", "body": b"are you?"})


def test_text_bytes_and_json_go_both_ways(backend: Literal["asyncio", "trio"]) -> None:
    with TestClient(EchoSocket(), backend=backend).websocket_connect("/ws") as ws:
        assert isinstance(ws, WebSocketSession)
        ws.send_text("hello")
        assert ws.receive_text() == "hello"
        ws.send_bytes(b"\x00\x01")
        assert ws.receive_bytes() == b"\x00\x01"
        ws.send_json({"a": [1, 2]})
        assert ws.receive_json() == {"a": [1, 2]}


def test_send_json_sends_compact_json_text() -> None:
    with TestClient(EchoSocket()).websocket_connect("/ws") as ws:
        ws.send_json({"a": 1, "b": [1, 2], "c": "é"})
        assert ws.receive_text() == '{"a":1,"b":[1,2],"c":"é"}'


def test_receiving_text_when_the_app_sent_bytes_is_a_type_error() -> None:
    with TestClient(EchoSocket()).websocket_connect("/ws") as ws:
        ws.send_bytes(b"raw")
        with pytest.raises(TypeError, match="text"):
            ws.receive_text()


def test_the_accepted_subprotocol_and_extra_headers_are_exposed(
    backend: Literal["asyncio", "trio"],
) -> None:
    client = TestClient(EchoSocket(), backend=backend)
    with client.websocket_connect("/ws", subprotocols=["chat", "v2"]) as ws:
        assert ws.accepted_subprotocol == "chat"
        assert ws.extra_headers == [(b"x-echo", b"yes")]
    with client.websocket_connect("/ws") as ws:
        assert ws.accepted_subprotocol is None


def test_the_scope_is_a_websocket_scope() -> None:
    app = EchoSocket()
    client = TestClient(app, base_url="https://example.org", root_path="/api")
    url = "/ws/caf%C3%A9?room=1"
    with client.websocket_connect(url, subprotocols=["a", "b"], headers={"X-Token": "t"}):
        pass
    headers = dict(app.scope["headers"])
    assert app.scope["type"] == "websocket"
    assert app.scope["asgi"] == {"version": "3.0", "spec_version": "2.4"}
    assert app.scope["scheme"] == "wss"
    assert app.scope["server"] == ("example.org", 443)
    assert app.scope["client"] == ("testclient", 50000)
    assert (app.scope["path"], app.scope["raw_path"]) == ("/api/ws/café", b"/api/ws/caf%C3%A9")
    assert app.scope["query_string"] == b"room=1"
    assert app.scope["subprotocols"] == ["a", "b"]
    assert app.scope["extensions"] == {"websocket.http.response": {}}
    assert app.scope["state"] == {}
    assert app.scope["lanner.raise_server_exceptions"] is True
    assert headers[b"host"] == b"example.org"
    assert headers[b"x-token"] == b"t"
    assert headers[b"sec-websocket-protocol"] == b"a, b"
    assert headers[b"upgrade"] == b"websocket"


def test_receiving_after_the_app_closed_raises_websocket_disconnect(
    backend: Literal["asyncio", "trio"],
) -> None:
    with TestClient(EchoSocket(), backend=backend).websocket_connect("/ws") as ws:
        ws.send_text("bye")
        for _ in range(2):  # and it keeps saying so
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_text()
            assert (closed.value.code, closed.value.reason) == (4000, "see you")


def test_close_sends_websocket_disconnect_with_its_code(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = EchoSocket()
    with TestClient(app, backend=backend).websocket_connect("/ws") as ws:
        ws.close(code=4001, reason="done")
    assert app.disconnect == {"type": "websocket.disconnect", "code": 4001, "reason": "done"}


def test_leaving_the_block_closes_with_1000() -> None:
    app = EchoSocket()
    with TestClient(app).websocket_connect("/ws"):
        pass
    assert app.disconnect is not None
    assert app.disconnect["code"] == 1000


def test_a_session_inside_the_client_block_shares_its_event_loop(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = EchoSocket()
    with TestClient(app, backend=backend) as client:
        with client.websocket_connect("/ws") as ws:
            ws.send_text("ping")
            assert ws.receive_text() == "ping"
    assert app.disconnect is not None


def test_closing_before_accepting_is_denied_with_403(backend: Literal["asyncio", "trio"]) -> None:
    with pytest.raises(WebSocketDenied) as denied:
        with TestClient(closes_before_accepting, backend=backend).websocket_connect("/ws"):
            pass  # pragma: no cover - never entered
    assert denied.value.status_code == 403


def test_a_denial_response_is_raised_with_its_status_headers_and_body(
    backend: Literal["asyncio", "trio"],
) -> None:
    with pytest.raises(WebSocketDenied) as denied:
        with TestClient(denies_with_a_response, backend=backend).websocket_connect("/ws"):
            pass  # pragma: no cover - never entered
    assert denied.value.status_code == 401
    assert denied.value.headers == [(b"content-type", b"text/plain")]
    assert denied.value.body == b"who are you?"


def test_an_app_exception_is_raised_by_the_next_receive(
    backend: Literal["asyncio", "trio"],
) -> None:
    with TestClient(EchoSocket(), backend=backend).websocket_connect("/ws") as ws:
        ws.send_text("crash")
        with pytest.raises(AppBug, match="crashed on request"):
            ws.receive_text()


def test_an_app_exception_not_yet_received_is_raised_on_leaving() -> None:
    with pytest.raises(AppBug, match="crashed on request"):
        with TestClient(EchoSocket()).websocket_connect("/ws") as ws:
            ws.send_text("crash")


def test_without_raising_an_app_exception_closes_with_1011() -> None:
    client = TestClient(EchoSocket(), raise_server_exceptions=False)
    with client.websocket_connect("/ws") as ws:
        ws.send_text("crash")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1011


@pytest.mark.parametrize("entered", [True, False], ids=["async-with", "bare"])
async def test_async_sessions_exchange_messages_and_close(entered: bool) -> None:
    app = EchoSocket()
    client = AsyncTestClient(app)

    async def converse() -> None:
        async with client.websocket_connect("/ws", subprotocols=["chat"]) as ws:
            assert isinstance(ws, AsyncWebSocketSession)
            assert ws.accepted_subprotocol == "chat"
            await ws.send_text("hi")
            assert await ws.receive_text() == "hi"
            await ws.send_bytes(b"\xff")
            assert await ws.receive_bytes() == b"\xff"
            await ws.send_json([1, {"x": None}])
            assert await ws.receive_json() == [1, {"x": None}]
            await ws.close(4002)

    if entered:
        async with client:
            await converse()
    else:
        await converse()
    assert app.disconnect == {"type": "websocket.disconnect", "code": 4002, "reason": ""}


async def test_async_receiving_after_the_app_closed_raises_websocket_disconnect() -> None:
    async with AsyncTestClient(EchoSocket()).websocket_connect("/ws") as ws:
        await ws.send_text("bye")
        with pytest.raises(WebSocketDisconnect) as closed:
            await ws.receive_text()
    assert (closed.value.code, closed.value.reason) == (4000, "see you")


async def test_async_denials_are_raised() -> None:
    client = AsyncTestClient(denies_with_a_response)
    with pytest.raises(WebSocketDenied) as denied:
        async with client.websocket_connect("/ws"):
            pass  # pragma: no cover - never entered
    assert (denied.value.status_code, denied.value.body) == (401, b"who are you?")
    with pytest.raises(WebSocketDenied) as denied:
        async with AsyncTestClient(closes_before_accepting).websocket_connect("/ws"):
            pass  # pragma: no cover - never entered
    assert denied.value.status_code == 403


async def test_an_async_app_exception_is_raised_unwrapped() -> None:
    with pytest.raises(AppBug, match="crashed on request"):
        async with AsyncTestClient(EchoSocket()).websocket_connect("/ws") as ws:
            await ws.send_text("crash")
            await ws.receive_text()
