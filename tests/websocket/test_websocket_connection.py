"""The `WebSocket` connection: handshake, messages both ways, typed receives, closing."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from lanner import App, Message, Path, Routable, ValidationError, WebSocket, websocket
from lanner.testing import TestClient, WebSocketDisconnect

Backend = Literal["asyncio", "trio"]


class Chat(msgspec.Struct, frozen=True):
    text: str


def _client(*handlers: Routable, backend: Backend = "asyncio") -> TestClient:
    return TestClient(App(handlers), backend=backend)


@websocket("/echo")
async def echo(ws: WebSocket) -> None:
    await ws.accept()
    async for data in ws.iter_data():
        if isinstance(data, str):
            await ws.send_text(data)
        else:
            await ws.send_bytes(data)


def test_text_and_bytes_echo(backend: Backend) -> None:
    with _client(echo, backend=backend).websocket_connect("/echo") as ws:
        ws.send_text("héllo")
        assert ws.receive_text() == "héllo"
        ws.send_bytes(b"\x00\xff")
        assert ws.receive_bytes() == b"\x00\xff"


@websocket("/pick")
async def pick(ws: WebSocket) -> None:
    await ws.accept(subprotocols=["v2", "v1"], headers={"X-Server": "lanner"})
    await ws.send_text(ws.accepted_subprotocol or "none")


def test_accept_picks_the_first_of_its_subprotocols_the_client_offered(backend: Backend) -> None:
    with _client(pick, backend=backend).websocket_connect("/pick", subprotocols=["v1", "v2"]) as ws:
        assert ws.accepted_subprotocol == "v2"
        assert ws.receive_text() == "v2"


def test_accept_picks_no_subprotocol_when_the_client_offered_none_of_them(backend: Backend) -> None:
    with _client(pick, backend=backend).websocket_connect("/pick", subprotocols=["v3"]) as ws:
        assert ws.accepted_subprotocol is None
        assert ws.receive_text() == "none"


def test_accept_sends_its_headers(backend: Backend) -> None:
    with _client(pick, backend=backend).websocket_connect("/pick") as ws:
        assert ws.extra_headers == [(b"x-server", b"lanner")]


@websocket("/given")
async def given(ws: WebSocket) -> None:
    await ws.accept(subprotocols="chat")


def test_accept_with_one_subprotocol_answers_with_it(backend: Backend) -> None:
    with _client(given, backend=backend).websocket_connect("/given", subprotocols=["chat"]) as ws:
        assert ws.accepted_subprotocol == "chat"


def test_accept_refuses_a_header_with_a_newline() -> None:
    @websocket("/bad")
    async def bad(ws: WebSocket) -> None:
        await ws.accept(headers={"X-Evil": "a\r\nSet-Cookie: x=1"})

    client = TestClient(App([bad]), raise_server_exceptions=True)
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        with client.websocket_connect("/bad"):
            pass


@websocket("/json")
async def json_chat(ws: WebSocket) -> None:
    await ws.accept()
    chat = await ws.receive_json(Chat)
    await ws.send_json(Chat(text=chat.text.upper()))
    anything = await ws.receive_json()
    await ws.send_json({"got": anything})


def test_receive_json_decodes_into_the_given_type(backend: Backend) -> None:
    with _client(json_chat, backend=backend).websocket_connect("/json") as ws:
        ws.send_json({"text": "hi"})
        assert ws.receive_json() == {"text": "HI"}
        ws.send_json([1, {"a": None}])
        assert ws.receive_json() == {"got": [1, {"a": None}]}


@websocket("/msgpack")
async def msgpack_chat(ws: WebSocket) -> None:
    await ws.accept()
    chat = await ws.receive_msgpack(Chat)
    await ws.send_msgpack(Chat(text=chat.text * 2))


def test_msgpack_goes_both_ways_as_binary_messages(backend: Backend) -> None:
    with _client(msgpack_chat, backend=backend).websocket_connect("/msgpack") as ws:
        ws.send_bytes(msgspec.msgpack.encode({"text": "ab"}))
        assert msgspec.msgpack.decode(ws.receive_bytes()) == {"text": "abab"}


@websocket("/validate")
async def validate(ws: WebSocket) -> None:
    await ws.accept()
    while True:
        try:
            chat = await ws.receive_json(Chat)
        except ValidationError as exc:
            await ws.send_json({"errors": exc.errors})
            continue
        await ws.send_text(chat.text)


def test_receive_json_raises_a_validation_error_naming_the_field(backend: Backend) -> None:
    with _client(validate, backend=backend).websocket_connect("/validate") as ws:
        ws.send_json({"text": 5})
        assert ws.receive_json() == {
            "errors": [{"source": "message", "name": "$.text", "message": "Expected `str`, got `int`"}]
        }


def test_receive_json_of_malformed_json_is_a_validation_error(backend: Backend) -> None:
    with _client(validate, backend=backend).websocket_connect("/validate") as ws:
        ws.send_text("{not json")
        [error] = ws.receive_json()["errors"]
        assert (error["source"], error["name"]) == ("message", "$")
        assert error["message"].startswith("JSON is malformed")


@websocket("/kinds")
async def kinds(ws: WebSocket) -> None:
    await ws.accept()
    for receive in (ws.receive_text, ws.receive_bytes, ws.receive_msgpack):
        try:
            await receive()
        except ValidationError as exc:
            await ws.send_text(exc.errors[0].message)


def test_receiving_the_other_kind_of_message_is_a_validation_error(backend: Backend) -> None:
    with _client(kinds, backend=backend).websocket_connect("/kinds") as ws:
        ws.send_bytes(b"x")
        assert ws.receive_text() == "Expected a text message, got a binary one"
        ws.send_text("x")
        assert ws.receive_text() == "Expected a binary message, got a text one"
        ws.send_text("x")
        assert ws.receive_text() == "Expected a binary message, got a text one"


@websocket("/sum")
async def total(ws: WebSocket) -> None:
    await ws.accept()
    numbers = [n async for n in ws.iter_json(int)]
    assert numbers  # the loop ended because the client closed; nothing is left to send to


@websocket("/iterate")
async def iterate(ws: WebSocket) -> None:
    await ws.accept()
    async for chat in ws.iter_json(Chat):
        await ws.send_text(chat.text)
        if chat.text == "stop":
            break
    async for chat in ws.iter_msgpack(Chat):
        await ws.send_text(chat.text)


def test_iter_json_and_iter_msgpack_yield_typed_messages(backend: Backend) -> None:
    with _client(iterate, backend=backend).websocket_connect("/iterate") as ws:
        ws.send_json({"text": "one"})
        ws.send_json({"text": "stop"})
        ws.send_bytes(msgspec.msgpack.encode({"text": "two"}))
        assert [ws.receive_text() for _ in range(3)] == ["one", "stop", "two"]


def test_iteration_ends_when_the_client_disconnects(backend: Backend) -> None:
    ended: list[int] = []

    @websocket("/count")
    async def count(ws: WebSocket) -> None:
        await ws.accept()
        ended.append(len([data async for data in ws.iter_data()]))

    with _client(count, backend=backend).websocket_connect("/count") as ws:
        ws.send_text("a")
        ws.send_text("b")
        ws.close()
    assert ended == [2]


@websocket("/bye")
async def bye(ws: WebSocket) -> None:
    await ws.accept()
    await ws.close(4001, "see you")
    await ws.close()  # closing twice does nothing


def test_close_sends_its_code_and_reason(backend: Backend) -> None:
    with _client(bye, backend=backend).websocket_connect("/bye") as ws:
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert (closed.value.code, closed.value.reason) == (4001, "see you")


@websocket("/done")
async def done(ws: WebSocket) -> None:
    await ws.accept()
    await ws.send_text("only this")


def test_returning_closes_with_1000(backend: Backend) -> None:
    with _client(done, backend=backend).websocket_connect("/done") as ws:
        assert ws.receive_text() == "only this"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1000


def test_a_receive_after_the_client_left_raises_websocket_disconnect(backend: Backend) -> None:
    seen: list[tuple[int, str]] = []

    @websocket("/left")
    async def left(ws: WebSocket) -> None:
        await ws.accept()
        try:
            await ws.receive_text()
        except WebSocketDisconnect as exc:
            seen.append((exc.code, exc.reason))
        with pytest.raises(WebSocketDisconnect):
            await ws.send_text("too late")

    with _client(left, backend=backend).websocket_connect("/left") as ws:
        ws.close(4002, "gone")
    assert seen == [(4002, "gone")]


def test_receive_before_accept_is_a_programming_error() -> None:
    @websocket("/early")
    async def early(ws: WebSocket) -> None:
        await ws.receive_text()

    with pytest.raises(RuntimeError, match=r"await ws.accept\(\) first"):
        with TestClient(App([early])).websocket_connect("/early"):
            pass


@websocket("/about/{room}")
async def about(ws: WebSocket, room: Path[str]) -> None:
    await ws.accept()
    await ws.send_json(
        {
            "url": str(ws.url),
            "room": [room, ws.path_params["room"]],
            "q": ws.query_params.getlist("q"),
            "token": ws.headers.get("x-token"),
            "cookie": ws.cookies.get("session"),
            "client": list(ws.client or ()),
            "offered": list(ws.subprotocols),
            "app": ws.app is not None,
        }
    )


def test_the_connection_exposes_the_handshake_request(backend: Backend) -> None:
    client = TestClient(App([about]), backend=backend, cookies={"session": "abc"})
    with client.websocket_connect("/about/7?q=a&q=b", subprotocols=["x"], headers={"X-Token": "t"}) as ws:
        assert ws.receive_json() == {
            "url": "ws://testserver/about/7?q=a&q=b",
            "room": ["7", "7"],
            "q": ["a", "b"],
            "token": "t",
            "cookie": "abc",
            "client": ["testclient", 50000],
            "offered": ["x"],
            "app": True,
        }


def test_the_handler_stays_callable_as_the_plain_function() -> None:
    assert callable(echo)
    assert echo.fn.__name__ == "echo"
    assert repr(echo) == "<WebSocketHandler WEBSOCKET /echo echo>"


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test here runs on both event loops."""
    backend: str = request.param
    return backend


def _server_gone_after(kind: str) -> WebSocket:
    """A connection whose server raises OSError (ASGI 2.4: the client left) on `kind` messages."""

    async def receive() -> Message:
        raise AssertionError("not read")

    async def send(message: Message) -> None:
        if message["type"] == kind:
            raise OSError("the client left")

    return WebSocket({"type": "websocket", "headers": []}, receive, send)


async def test_a_send_the_server_refuses_because_the_client_left_raises_websocket_disconnect() -> None:
    ws = _server_gone_after("websocket.send")
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as gone:
        await ws.send_json({"late": True})
    assert (gone.value.code, ws.connection_state) == (1006, "closed")
    await ws.close()  # over already: nothing is sent


async def test_an_accept_the_server_refuses_because_the_client_left_raises_websocket_disconnect() -> None:
    ws = _server_gone_after("websocket.accept")
    with pytest.raises(WebSocketDisconnect) as gone:
        await ws.accept()
    assert gone.value.code == 1006


async def test_the_async_client_offers_subprotocols_and_exchanges_messages() -> None:
    from lanner.testing import AsyncTestClient

    async with AsyncTestClient(App([pick, echo])) as client:
        async with client.websocket_connect("/pick", subprotocols=["v1"]) as ws:
            assert ws.accepted_subprotocol == "v1"
            assert await ws.receive_text() == "v1"
        async with client.websocket_connect("/echo") as ws:
            await ws.send_bytes(b"\x01")
            assert await ws.receive_bytes() == b"\x01"


def test_the_app_and_the_test_client_share_one_disconnect_exception() -> None:
    import lanner
    import lanner.testing

    assert lanner.WebSocketDisconnect is lanner.testing.WebSocketDisconnect
