"""The request body is read once as a stream, or any number of times after `await body()`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from lanner import App, Request, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


def chunks() -> Iterator[bytes]:
    yield b"ab"
    yield b"cd"
    yield b"ef"


@post("/body-then-stream", status_code=200)
async def body_then_stream(request: Request) -> list[str]:
    body = await request.body()
    first = [chunk.decode() async for chunk in request.stream()]
    second = [chunk.decode() async for chunk in request.stream()]
    return [body.decode(), "|".join(first), "|".join(second)]


@post("/stream-then-body", status_code=200)
async def stream_then_body(request: Request) -> str:
    async for _ in request.stream():
        pass
    try:
        await request.body()
    except RuntimeError as exc:
        return str(exc)
    return "no error"


@post("/stream-twice", status_code=200)
async def stream_twice(request: Request) -> str:
    async for _ in request.stream():
        pass
    try:
        async for _ in request.stream():
            pass
    except RuntimeError as exc:
        return str(exc)
    return "no error"


@post("/stream", status_code=200)
async def stream(request: Request) -> list[str]:
    return [chunk.decode() async for chunk in request.stream()]


@post("/empty", status_code=200)
async def empty(request: Request) -> list[str]:
    await request.body()
    return [chunk.decode() async for chunk in request.stream()]


@post("/limited", status_code=200, request_max_body_size=4)
async def limited(request: Request) -> int:
    return len(await request.body())


@post("/limited-stream", status_code=200, request_max_body_size=4)
async def limited_stream(request: Request) -> int:
    return sum([len(chunk) async for chunk in request.stream()])


BODIES = App([body_then_stream, stream_then_body, stream_twice, stream, empty, limited, limited_stream])


def test_stream_after_body_yields_the_kept_body_each_time(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/body-then-stream", content=chunks())

    assert response.json() == ["abcdef", "abcdef", "abcdef"]


def test_stream_yields_the_chunks_as_they_arrive(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/stream", content=chunks())

    assert response.json() == ["ab", "cd", "ef"]


def test_body_after_stream_raises_a_runtime_error_saying_what_to_do(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/stream-then-body", content=b"xyz")

    assert response.text == (
        "The request body was already read as a stream; await request.body() first to read it more than once."
    )


def test_stream_twice_raises_a_runtime_error(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/stream-twice", content=b"xyz")

    assert response.text == "The request body was already read as a stream; it can be read once."


def test_stream_of_an_empty_body_after_body_yields_nothing(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/empty")

    assert response.json() == []


def test_body_past_the_routes_limit_is_413(backend: Backend) -> None:
    client = TestClient(BODIES, backend=backend)

    assert client.post("/limited", content=b"1234").json() == 4
    assert client.post("/limited", content=b"12345").status_code == 413


def test_stream_past_the_routes_limit_is_413(backend: Backend) -> None:
    def five_bytes() -> Iterator[bytes]:
        yield b"123"
        yield b"45"

    response = TestClient(BODIES, backend=backend).post("/limited-stream", content=five_bytes())

    assert response.status_code == 413
