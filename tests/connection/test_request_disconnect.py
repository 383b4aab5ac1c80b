"""`await request.is_disconnected()`: False while the client is there, True once it went away;
it never waits, and a body chunk it sees is kept for `body()`."""

from __future__ import annotations

from typing import Literal

import anyio

from lanner import App, ASGIApp, Message, Receive, Request, Scope, Send, get, post
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]

SEEN: list[bool] = []


@get("/connected")
async def connected(request: Request) -> bool:
    return await request.is_disconnected()


@post("/connected-with-body", status_code=200)
async def connected_with_body(request: Request) -> list[object]:
    disconnected = await request.is_disconnected()
    return [disconnected, (await request.body()).decode()]


@get("/remember")
async def remember(request: Request) -> str:
    SEEN.append(await request.is_disconnected())
    return "x"


@get("/watch")
async def watch(request: Request) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"first", "more_body": True})
        with anyio.fail_after(5):
            while not await request.is_disconnected():
                await anyio.sleep(0.01)
        SEEN.append(True)

    return app


DISCONNECTS = App([connected, connected_with_body, remember, watch])


def test_is_disconnected_is_false_during_a_normal_request(backend: Backend) -> None:
    assert TestClient(DISCONNECTS, backend=backend).get("/connected").json() is False


def test_is_disconnected_keeps_a_body_chunk_it_sees_for_body(backend: Backend) -> None:
    response = TestClient(DISCONNECTS, backend=backend).post("/connected-with-body", content=b"hello")

    assert response.json() == [False, "hello"]


async def test_is_disconnected_is_true_when_the_server_says_the_client_left() -> None:
    SEEN.clear()
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/remember",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await DISCONNECTS(scope, receive, send)

    assert SEEN == [True]


async def test_is_disconnected_turns_true_after_the_client_closed_the_stream() -> None:
    SEEN.clear()
    async with AsyncTestClient(DISCONNECTS) as client:
        async with client.stream("GET", "/watch") as response:
            async for chunk in response.aiter_raw():
                assert chunk == b"first"
                await response.aclose()

    assert SEEN == [True]
