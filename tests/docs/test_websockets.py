"""docs/websockets.md: each example driven as the page describes it, on asyncio and trio."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from docs.examples import websockets_auth, websockets_chat, websockets_echo, websockets_listener
from lanner.testing import AsyncTestClient, TestClient, WebSocketDenied, WebSocketDisconnect

Backend = Literal["asyncio", "trio"]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test here runs on both event loops."""
    backend: str = request.param
    return backend


# --- echo -------------------------------------------------------------------------------


def test_echo_accepts_with_the_offered_subprotocol_and_echoes_both_kinds(backend: Backend) -> None:
    client = TestClient(websockets_echo.app, backend=backend)
    with client.websocket_connect("/echo", subprotocols=["echo.v1"]) as ws:
        assert ws.accepted_subprotocol == "echo.v1"
        ws.send_text("hello")
        assert ws.receive_text() == "hello"
        ws.send_bytes(b"\x00\x01")
        assert ws.receive_bytes() == b"\x00\x01"


def test_echo_closes_with_4000_on_bye(backend: Backend) -> None:
    with TestClient(websockets_echo.app, backend=backend).websocket_connect("/echo") as ws:
        assert ws.accepted_subprotocol is None  # not offered, not chosen
        ws.send_text("bye")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert (closed.value.code, closed.value.reason) == (4000, "Goodbye")


# --- listener ---------------------------------------------------------------------------


def test_listener_welcomes_then_answers_each_message(backend: Backend) -> None:
    client = TestClient(websockets_listener.app, backend=backend)
    with client.websocket_connect("/rooms/lobby?nick=ada") as ws:
        assert ws.receive_text() == "Welcome, ada"
        assert websockets_listener.PRESENT == {"ada"}
        ws.send_json({"text": "hi"})
        assert ws.receive_json() == {"room": "lobby", "nick": "ada", "text": "hi"}
    assert websockets_listener.PRESENT == set()  # on_disconnect ran


def test_listener_answers_an_invalid_message_and_stays_open(backend: Backend) -> None:
    client = TestClient(websockets_listener.app, backend=backend)
    with client.websocket_connect("/rooms/lobby?nick=ada") as ws:
        ws.receive_text()
        ws.send_json({"text": 5})
        assert ws.receive_json() == {
            "status_code": 400,
            "detail": "Validation failed",
            "errors": [{"source": "message", "name": "$.text", "message": "Expected `str`, got `int`"}],
        }
        ws.send_json({"text": "still open"})
        assert ws.receive_json()["text"] == "still open"


def test_listener_answers_an_http_error_with_its_document(backend: Backend) -> None:
    client = TestClient(websockets_listener.app, backend=backend)
    with client.websocket_connect("/rooms/attic?nick=ada") as ws:
        ws.receive_text()
        ws.send_json({"text": "hi"})
        assert ws.receive_json() == {"status_code": 404, "detail": "There is no room 'attic'"}


def test_listener_answers_msgpack_in_msgpack(backend: Backend) -> None:
    client = TestClient(websockets_listener.app, backend=backend)
    with client.websocket_connect("/rooms/garden?nick=bo") as ws:
        ws.receive_text()
        ws.send_bytes(msgspec.msgpack.encode({"text": "hi"}))
        assert msgspec.msgpack.decode(ws.receive_bytes()) == {"room": "garden", "nick": "bo", "text": "hi"}


# --- extractors and refusals ------------------------------------------------------------


def test_auth_an_unknown_token_is_refused_with_401(backend: Backend) -> None:
    with pytest.raises(WebSocketDenied) as denied:
        with TestClient(websockets_auth.app, backend=backend).websocket_connect("/notifications?token=x"):
            pass
    assert (denied.value.status_code, denied.value.body) == (401, b'{"status_code":401,"detail":"Unknown token"}')


def test_auth_a_missing_token_is_refused_with_400(backend: Backend) -> None:
    with pytest.raises(WebSocketDenied) as denied:
        with TestClient(websockets_auth.app, backend=backend).websocket_connect("/notifications"):
            pass
    assert denied.value.status_code == 400


def test_auth_the_feed_is_torn_down_when_the_connection_ends(backend: Backend) -> None:
    client = TestClient(websockets_auth.app, backend=backend)
    with client.websocket_connect("/notifications?token=ada-token") as ws:
        assert ws.receive_json() == {"user": {"name": "ada"}, "source": "feed of ada"}
        assert websockets_auth.OPEN_FEEDS == ["ada"]
        ws.send_text("any news?")
        assert ws.receive_json() == {"unread": 0}
    assert websockets_auth.OPEN_FEEDS == []


# --- chat -------------------------------------------------------------------------------


def _said(nick: str, text: str) -> dict[str, str]:
    return {"nick": nick, "text": text}


def test_chat_broadcasts_to_everyone_in_the_room_and_no_one_else(backend: Backend) -> None:
    with TestClient(websockets_chat.app, backend=backend) as client:
        with client.websocket_connect("/chat/lobby?nick=ada") as ada:
            assert ada.receive_json() == _said("lanner", "ada joined")
            with client.websocket_connect("/chat/lobby?nick=bo") as bo, client.websocket_connect(
                "/chat/garden?nick=cy"
            ) as cy:
                assert bo.receive_json() == _said("lanner", "bo joined")
                assert ada.receive_json() == _said("lanner", "bo joined")
                assert cy.receive_json() == _said("lanner", "cy joined")

                ada.send_json({"text": "hi all"})
                assert ada.receive_json() == _said("ada", "hi all")
                assert bo.receive_json() == _said("ada", "hi all")
                bo.send_json({"text": "hi ada"})
                assert ada.receive_json() == _said("bo", "hi ada")
                assert bo.receive_json() == _said("bo", "hi ada")

                cy.send_json({"text": "anyone?"})
                assert cy.receive_json() == _said("cy", "anyone?")  # nothing from the lobby came first
            assert ada.receive_json() == _said("lanner", "bo left")


def test_chat_an_invalid_message_closes_that_client_with_1008(backend: Backend) -> None:
    with TestClient(websockets_chat.app, backend=backend) as client:
        with client.websocket_connect("/chat/lobby?nick=ada") as ada:
            ada.receive_json()
            with client.websocket_connect("/chat/lobby?nick=bo") as bo:
                bo.receive_json()
                ada.receive_json()
                bo.send_json({"text": ""})
                with pytest.raises(WebSocketDisconnect) as closed:
                    bo.receive_json()
                assert closed.value.code == 1008
                assert closed.value.reason == "Validation failed: message $.text: Expected `str` of length >= 1"
                assert ada.receive_json() == _said("lanner", "bo left")


async def test_chat_with_several_async_clients() -> None:
    async with AsyncTestClient(websockets_chat.app) as client:
        async with client.websocket_connect("/chat/lobby?nick=ada") as ada:
            assert await ada.receive_json() == _said("lanner", "ada joined")
            async with client.websocket_connect("/chat/lobby?nick=bo") as bo:
                assert await bo.receive_json() == _said("lanner", "bo joined")
                assert await ada.receive_json() == _said("lanner", "bo joined")
                await bo.send_json({"text": "hello"})
                assert await ada.receive_json() == _said("bo", "hello")
                assert await bo.receive_json() == _said("bo", "hello")
            assert await ada.receive_json() == _said("lanner", "bo left")
