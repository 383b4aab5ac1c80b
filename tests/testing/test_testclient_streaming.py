"""Responses stream: an endless response can be read, and closing it early ends the app."""

from __future__ import annotations

import time
from typing import Literal

import anyio
import pytest

from lanner._types import Receive, Scope, Send
from lanner.testing import AsyncTestClient, TestClient

EVENT_STREAM = [(b"content-type", b"text/event-stream")]


# Endless apps give up after this long, so a client that buffers fails a test, not hangs it.
SAFETY_LIMIT_SECONDS = 10


class EndlessEvents:
    """Sends server-sent events forever, and notes in `finally` that it has ended."""

    def __init__(self) -> None:
        self.ended = False
        self.gave_up = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        try:
            await send({"type": "http.response.start", "status": 200, "headers": EVENT_STREAM})
            with anyio.move_on_after(SAFETY_LIMIT_SECONDS):
                number = 0
                while True:
                    event = f"data: {number}\n\n".encode()
                    await send({"type": "http.response.body", "body": event, "more_body": True})
                    number += 1
                    await anyio.sleep(0.01)
            self.gave_up = True
            await send({"type": "http.response.body", "body": b""})
        finally:
            self.ended = True

    @property
    def ended_by_the_client(self) -> bool:
        return self.ended and not self.gave_up


class DisconnectListener:
    """Streams forever while listening on `receive()`; notes the message that stops it."""

    def __init__(self) -> None:
        self.stopped_by: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await receive()  # the (empty) request body
        await send({"type": "http.response.start", "status": 200, "headers": EVENT_STREAM})

        async def stream() -> None:
            try:
                while True:
                    event = b"data: x\n\n"
                    await send({"type": "http.response.body", "body": event, "more_body": True})
                    await anyio.sleep(0.01)
            except OSError:
                pass  # the listener below is what this test watches

        async with anyio.create_task_group() as task_group:
            task_group.start_soon(stream)
            self.stopped_by.append((await receive())["type"])
            task_group.cancel_scope.cancel()


class Stubborn:
    """Sends one chunk, then ignores the client and sleeps; `finally` notes its end."""

    def __init__(self) -> None:
        self.ended = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        try:
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"first\n", "more_body": True})
            await anyio.sleep(SAFETY_LIMIT_SECONDS)
        finally:
            self.ended = True


def first_events(client: TestClient, count: int) -> list[str]:
    events: list[str] = []
    with client.stream("GET", "/sse") as response:
        for line in response.iter_lines():
            if line:
                events.append(line)
            if len(events) == count:
                break
    return events


async def first_events_async(client: AsyncTestClient, count: int) -> list[str]:
    events: list[str] = []
    async with client.stream("GET", "/sse") as response:
        async for line in response.aiter_lines():
            if line:
                events.append(line)
            if len(events) == count:
                # Closing inside the loop ends it cleanly: breaking out would leave httpx's
                # async generators half-consumed, which trio reports as a ResourceWarning.
                await response.aclose()
    return events


def test_closing_a_stream_early_disconnects_the_app(backend: Literal["asyncio", "trio"]) -> None:
    app = EndlessEvents()
    with TestClient(app, backend=backend) as client:
        assert first_events(client, 3) == ["data: 0", "data: 1", "data: 2"]
        assert app.ended_by_the_client


def test_closing_a_stream_early_disconnects_the_app_without_the_context_manager(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = EndlessEvents()
    assert first_events(TestClient(app, backend=backend), 2) == ["data: 0", "data: 1"]
    assert app.ended_by_the_client


def test_closing_a_stream_early_sends_http_disconnect_to_receive(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = DisconnectListener()
    with TestClient(app, backend=backend) as client:
        assert first_events(client, 2) == ["data: x", "data: x"]
    assert app.stopped_by == ["http.disconnect"]


def test_an_app_ignoring_the_disconnect_is_cancelled_after_a_grace_period(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = Stubborn()
    started = time.monotonic()
    assert first_events(TestClient(app, backend=backend), 1) == ["first"]
    assert app.ended
    assert time.monotonic() - started < SAFETY_LIMIT_SECONDS / 2


def test_leaving_the_client_closes_a_stream_left_open(backend: Literal["asyncio", "trio"]) -> None:
    app = EndlessEvents()
    with TestClient(app, backend=backend) as client:
        response = client.send(client.build_request("GET", "/sse"), stream=True)
        assert next(response.iter_lines()) == "data: 0"
    assert app.ended_by_the_client


async def test_closing_an_async_stream_early_disconnects_the_app() -> None:
    app = EndlessEvents()
    async with AsyncTestClient(app) as client:
        assert await first_events_async(client, 3) == ["data: 0", "data: 1", "data: 2"]
        assert app.ended_by_the_client


async def test_closing_an_async_stream_early_sends_http_disconnect_to_receive() -> None:
    app = DisconnectListener()
    async with AsyncTestClient(app) as client:
        assert await first_events_async(client, 1) == ["data: x"]
    assert app.stopped_by == ["http.disconnect"]


async def test_leaving_the_async_client_closes_a_stream_left_open() -> None:
    app = EndlessEvents()
    async with AsyncTestClient(app) as client:
        response = await client.send(client.build_request("GET", "/sse"), stream=True)
        assert response.status_code == 200
    assert app.ended_by_the_client


async def test_without_async_with_the_async_client_buffers_a_finite_stream() -> None:
    async def three_chunks(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for part in (b"a", b"b"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b"c"})

    async with AsyncTestClient(three_chunks).stream("GET", "/") as response:
        assert [chunk async for chunk in response.aiter_bytes()] == [b"abc"]


@pytest.mark.parametrize("size", [0, 1, 3])
def test_a_non_streaming_get_reads_the_whole_streamed_body(size: int) -> None:
    async def chunks(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for number in range(size):
            await send({"type": "http.response.body", "body": b"%d" % number, "more_body": True})
        await send({"type": "http.response.body", "body": b"."})

    assert TestClient(chunks).get("/").content == b"012"[:size] + b"."


def test_closing_the_response_inside_the_loop_ends_the_iteration(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = EndlessEvents()
    events: list[str] = []
    with TestClient(app, backend=backend).stream("GET", "/sse") as response:
        for line in response.iter_lines():
            if line:
                events.append(line)
            if line == "data: 1":
                response.close()
    assert events == ["data: 0", "data: 1"]
    assert app.ended_by_the_client
