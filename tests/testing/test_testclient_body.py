"""How the request body reaches the app, and what `receive()` says once it is consumed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Literal

import anyio
import pytest

from lanner._types import ASGIApp, Message, Receive, Scope, Send
from lanner.testing import AsyncTestClient, TestClient


async def respond(send: Send, body: bytes, status: int = 200) -> None:
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": body})


class BodyRecorder:
    """Keeps every `http.request` message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        while True:
            message = await receive()
            self.messages.append(message)
            if not message["more_body"]:
                break
        await respond(send, b"ok")

    @property
    def shapes(self) -> list[tuple[str, bytes, bool]]:
        return [(m["type"], m["body"], m["more_body"]) for m in self.messages]


def test_a_body_arrives_as_one_final_http_request_message() -> None:
    app = BodyRecorder()
    TestClient(app).post("/", content=b"hello")
    assert app.shapes == [("http.request", b"hello", False)]


def test_no_body_arrives_as_one_empty_final_message() -> None:
    app = BodyRecorder()
    TestClient(app).get("/")
    assert app.shapes == [("http.request", b"", False)]


def test_a_chunked_body_arrives_chunk_by_chunk_with_more_body_until_the_last(
    backend: Literal["asyncio", "trio"],
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"one"
        yield b"two"
        yield b"three"

    app = BodyRecorder()
    TestClient(app, backend=backend).post("/", content=chunks())
    assert app.shapes == [
        ("http.request", b"one", True),
        ("http.request", b"two", True),
        ("http.request", b"three", False),
    ]


async def test_an_async_chunked_body_arrives_chunk_by_chunk() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"a"
        yield b"b"

    app = BodyRecorder()
    await AsyncTestClient(app).post("/", content=chunks())
    assert app.shapes == [("http.request", b"a", True), ("http.request", b"b", False)]


class DisconnectWatcher:
    """Reads the body, then watches `receive()` while it sends a two-part response."""

    def __init__(self) -> None:
        self.events: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await receive()

        async def watch() -> None:
            for _ in range(2):
                self.events.append((await receive())["type"])

        async with anyio.create_task_group() as task_group:
            task_group.start_soon(watch)
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"a", "more_body": True})
            await anyio.sleep(0.05)  # time enough for the watcher to return, if it were to
            self.events.append("final body sent")
            await send({"type": "http.response.body", "body": b"b"})


def test_receive_after_the_body_waits_for_the_response_then_says_disconnect(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = DisconnectWatcher()
    response = TestClient(app, backend=backend).get("/")
    assert response.content == b"ab"
    assert app.events == ["final body sent", "http.disconnect", "http.disconnect"]


async def test_async_receive_after_the_body_waits_for_the_response_then_says_disconnect() -> None:
    app = DisconnectWatcher()
    async with AsyncTestClient(app) as client:
        response = await client.get("/")
    assert response.content == b"ab"
    assert app.events == ["final body sent", "http.disconnect", "http.disconnect"]


def pathsend_app(path: Path) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.pathsend", "path": str(path)})

    return app


def test_pathsend_serves_the_file_as_the_body(
    tmp_path: Path, backend: Literal["asyncio", "trio"]
) -> None:
    file = tmp_path / "hello.txt"
    file.write_bytes(b"hello from disk")
    response = TestClient(pathsend_app(file), pathsend=True, backend=backend).get("/")
    assert response.content == b"hello from disk"


async def test_async_pathsend_serves_the_file_as_the_body(tmp_path: Path) -> None:
    file = tmp_path / "hello.txt"
    file.write_bytes(b"hello from disk")
    response = await AsyncTestClient(pathsend_app(file), pathsend=True).get("/")
    assert response.content == b"hello from disk"


def test_pathsend_is_refused_unless_the_client_offers_it(tmp_path: Path) -> None:
    file = tmp_path / "hello.txt"
    file.write_bytes(b"hello")
    with pytest.raises(RuntimeError, match="pathsend"):
        TestClient(pathsend_app(file)).get("/")
