"""`BodyStream`: the request body as an `AsyncIterator[bytes]`, chunk by chunk as it arrives,
nothing buffered, with the body limit still enforced (413)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Literal

import pytest

from lanner import App, BodyStream, Message, Scope, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

EVENTS: list[str] = []


@post("/chunks", status_code=200)
async def chunks(body: BodyStream) -> list[int]:
    return [len(chunk) async for chunk in body]


@post("/digest", status_code=200, request_max_body_size=1_000)
async def digest(body: BodyStream) -> dict[str, object]:
    hasher = hashlib.sha256()
    size = 0
    async for chunk in body:
        size += len(chunk)
        hasher.update(chunk)
    EVENTS.append("digest done")
    return {"size": size, "sha256": hasher.hexdigest()}


@post("/interleaved", status_code=200)
async def interleaved(body: BodyStream) -> int:
    count = 0
    async for chunk in body:
        EVENTS.append(f"handler got {chunk.decode()}")
        count += 1
    return count


@post("/ignores-body", status_code=200, request_max_body_size=10)
async def ignores_body(body: BodyStream) -> str:
    return "did not read it"


APP = App([chunks, digest, interleaved, ignores_body])


@pytest.fixture
def client(backend: Backend) -> Iterator[TestClient]:
    EVENTS.clear()
    with TestClient(APP, backend=backend) as test_client:
        yield test_client


def test_each_chunk_arrives_as_it_was_sent(client: TestClient) -> None:
    def generator() -> Iterator[bytes]:
        yield b"a" * 10
        yield b"b" * 3000
        yield b"c"
        yield b"d" * 70_000

    assert client.post("/chunks", content=generator()).json() == [10, 3000, 1, 70_000]


def test_an_empty_body_yields_nothing(client: TestClient) -> None:
    assert client.post("/chunks", content=b"").json() == []


def test_a_whole_body_is_one_chunk(client: TestClient) -> None:
    assert client.post("/chunks", content=b"x" * 5000).json() == [5000]


def test_the_content_is_intact(client: TestClient) -> None:
    data = bytes(range(256)) * 3

    def generator() -> Iterator[bytes]:
        for start in range(0, len(data), 100):
            yield data[start : start + 100]

    response = client.post("/digest", content=generator())

    assert response.json() == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_a_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def generator() -> Iterator[bytes]:
        for _ in range(11):
            yield b"x" * 100

    response = client.post("/digest", content=generator())

    assert response.status_code == 413
    assert response.json()["detail"] == "Request body is larger than the limit of 1000 bytes"
    assert EVENTS == []


def test_a_declared_length_over_the_limit_is_413(client: TestClient) -> None:
    response = client.post("/digest", content=b"x" * 1001)

    assert response.status_code == 413
    assert response.json()["detail"] == "Request body is larger than the limit of 1000 bytes"


def test_a_body_at_the_limit_is_read(client: TestClient) -> None:
    assert client.post("/digest", content=b"x" * 1000).json()["size"] == 1000


def test_a_handler_may_leave_the_body_unread(client: TestClient) -> None:
    response = client.post("/ignores-body", content=b"x" * 5)

    assert (response.status_code, response.text) == (200, "did not read it")


def _scope(path: str) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "extensions": {},
    }


async def test_nothing_is_buffered_each_chunk_reaches_the_handler_before_the_next_is_received() -> None:
    EVENTS.clear()
    pieces = [b"1", b"2", b"3", b"4"]
    sent: list[Message] = []

    async def receive() -> Message:
        if not pieces:
            return {"type": "http.disconnect"}
        piece = pieces.pop(0)
        EVENTS.append(f"server received {piece.decode()}")
        return {"type": "http.request", "body": piece, "more_body": bool(pieces)}

    async def send(message: Message) -> None:
        sent.append(message)

    await APP(_scope("/interleaved"), receive, send)

    assert EVENTS == [
        "server received 1",
        "handler got 1",
        "server received 2",
        "handler got 2",
        "server received 3",
        "handler got 3",
        "server received 4",
        "handler got 4",
    ]
    assert sent[0]["status"] == 200


async def test_the_body_is_read_no_further_than_the_limit() -> None:
    EVENTS.clear()
    received = 0
    sent: list[Message] = []

    async def endless_receive() -> Message:
        nonlocal received
        received += 1
        if received > 1_000:
            raise AssertionError("read on past the limit")
        return {"type": "http.request", "body": b"x" * 100, "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    await APP(_scope("/digest"), endless_receive, send)

    assert sent[0]["status"] == 413
    assert received == 11  # 1,100 bytes: the first chunk past 1,000
    assert EVENTS == []
