"""`@websocket_listener`: lanner runs the loop; the handler takes a validated message, returns the reply."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
import pytest

from lanner import App, NotFound, Path, Query, WebSocket, websocket_listener
from lanner.testing import AsyncTestClient, TestClient, WebSocketDisconnect

Backend = Literal["asyncio", "trio"]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test here runs on both event loops."""
    backend: str = request.param
    return backend


class Chat(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1)]
    urgent: bool = False


class Echo(msgspec.Struct, frozen=True):
    room: str
    text: str


@websocket_listener("/rooms/{room}")
async def shout(message: Chat, room: Path[str]) -> Echo:
    if message.text == "missing":
        raise NotFound("No such message")
    return Echo(room, message.text.upper() + ("!" if message.urgent else ""))


def test_a_valid_message_is_answered_with_the_encoded_reply(backend: Backend) -> None:
    with TestClient(App([shout]), backend=backend).websocket_connect("/rooms/lobby") as ws:
        ws.send_json({"text": "hi", "urgent": True})
        assert ws.receive_json() == {"room": "lobby", "text": "HI!"}


def test_an_invalid_message_gets_the_validation_document_and_the_connection_stays_open(backend: Backend) -> None:
    with TestClient(App([shout]), backend=backend).websocket_connect("/rooms/lobby") as ws:
        ws.send_json({"text": ""})
        assert ws.receive_json() == {
            "status_code": 400,
            "detail": "Validation failed",
            "errors": [{"source": "message", "name": "$.text", "message": "Expected `str` of length >= 1"}],
        }
        ws.send_json({"text": "still here"})
        assert ws.receive_json() == {"room": "lobby", "text": "STILL HERE"}


def test_malformed_json_gets_the_validation_document(backend: Backend) -> None:
    with TestClient(App([shout]), backend=backend).websocket_connect("/rooms/lobby") as ws:
        ws.send_text("{")
        [error] = ws.receive_json()["errors"]
        assert (error["source"], error["name"]) == ("message", "$")


def test_an_http_error_from_the_handler_answers_that_message_only(backend: Backend) -> None:
    with TestClient(App([shout]), backend=backend).websocket_connect("/rooms/lobby") as ws:
        ws.send_json({"text": "missing"})
        assert ws.receive_json() == {"status_code": 404, "detail": "No such message"}
        ws.send_json({"text": "ok"})
        assert ws.receive_json() == {"room": "lobby", "text": "OK"}


def test_a_binary_message_is_read_as_msgpack_and_answered_in_msgpack(backend: Backend) -> None:
    with TestClient(App([shout]), backend=backend).websocket_connect("/rooms/x") as ws:
        ws.send_bytes(msgspec.msgpack.encode({"text": "bin"}))
        assert msgspec.msgpack.decode(ws.receive_bytes()) == {"room": "x", "text": "BIN"}
        ws.send_bytes(msgspec.msgpack.encode({"text": 1}))
        error = msgspec.msgpack.decode(ws.receive_bytes())
        assert error["errors"] == [{"source": "message", "name": "$.text", "message": "Expected `str`, got `int`"}]


@websocket_listener("/text")
async def text_reply(message: str) -> str:
    return message[::-1]


def test_str_messages_are_taken_as_text_and_str_replies_sent_as_text(backend: Backend) -> None:
    with TestClient(App([text_reply]), backend=backend).websocket_connect("/text") as ws:
        ws.send_text('{"not": "parsed"}')
        assert ws.receive_text() == '}"desrap" :"ton"{'


def test_a_binary_message_to_a_str_listener_is_an_error_frame(backend: Backend) -> None:
    with TestClient(App([text_reply]), backend=backend).websocket_connect("/text") as ws:
        ws.send_bytes(b"abc")
        error = msgspec.msgpack.decode(ws.receive_bytes())
        assert error["errors"][0]["message"] == "Expected a text message, got a binary one"


@websocket_listener("/bytes")
def bytes_reply(message: bytes) -> bytes:  # a sync handler runs in a worker thread
    return message * 2


def test_bytes_messages_and_replies_stay_binary(backend: Backend) -> None:
    with TestClient(App([bytes_reply]), backend=backend).websocket_connect("/bytes") as ws:
        ws.send_bytes(b"\x01\x02")
        assert ws.receive_bytes() == b"\x01\x02\x01\x02"


SEEN: list[object] = []


@websocket_listener("/log")
async def log(message: list[int]) -> None:
    SEEN.append(sum(message))


def test_a_none_reply_sends_nothing(backend: Backend) -> None:
    SEEN.clear()
    with TestClient(App([log]), backend=backend).websocket_connect("/log") as ws:
        ws.send_json([1, 2])
        ws.send_json([3])
        ws.close()
    assert SEEN == [3, 3]


EVENTS: list[str] = []


async def joined(ws: WebSocket, nick: Query[str]) -> None:
    EVENTS.append(f"joined {nick}")
    await ws.send_text(f"welcome {nick}")


def left(nick: Query[str]) -> None:
    EVENTS.append(f"left {nick}")


@websocket_listener("/hooks", on_accept=joined, on_disconnect=left)
async def hooked(ws: WebSocket, nick: Query[str], *, message: Chat) -> str:
    EVENTS.append(f"{nick}: {message.text}")
    return "ok"


def test_on_accept_and_on_disconnect_run_around_the_messages(backend: Backend) -> None:
    EVENTS.clear()
    with TestClient(App([hooked]), backend=backend).websocket_connect("/hooks?nick=ada") as ws:
        assert ws.receive_text() == "welcome ada"
        ws.send_json({"text": "hello"})
        assert ws.receive_text() == "ok"
    assert EVENTS == ["joined ada", "ada: hello", "left ada"]


@websocket_listener("/limited", websocket_max_message_size=16, on_disconnect=left)
async def limited(message: str, nick: Query[str]) -> str:
    return message


def test_on_disconnect_runs_when_the_size_limit_closes_the_connection(backend: Backend) -> None:
    EVENTS.clear()
    with TestClient(App([limited]), backend=backend).websocket_connect("/limited?nick=zed") as ws:
        ws.send_text("x" * 17)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1009
    assert EVENTS == ["left zed"]


def test_an_invalid_extractor_value_refuses_the_listener_before_accepting(backend: Backend) -> None:
    from lanner.testing import WebSocketDenied

    with pytest.raises(WebSocketDenied) as denied:
        with TestClient(App([hooked]), backend=backend).websocket_connect("/hooks"):
            pass
    assert denied.value.status_code == 400


async def test_the_listener_works_through_the_async_client() -> None:
    async with AsyncTestClient(App([shout])).websocket_connect("/rooms/a") as ws:
        await ws.send_json({"text": "x"})
        assert await ws.receive_json() == {"room": "a", "text": "X"}
        await ws.send_json({"nope": 1})
        assert (await ws.receive_json())["status_code"] == 400


def test_the_listener_stays_callable_as_the_plain_function() -> None:
    import anyio

    async def call() -> Echo:
        return await shout(Chat("hi"), "r")

    assert anyio.run(call) == Echo("r", "HI")
    assert repr(shout) == "<WebSocketListener WEBSOCKET /rooms/{room} shout>"
