"""Body size limits (413) and a malformed Content-Length (400), for `Body` and `request.body()`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest

from lanner import App, Body, BodyStream, Request, Router, post
from lanner._types import Message, Scope
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

RAN: list[str] = []


@post("/body", status_code=200, request_max_body_size=10)
async def small_body(data: Body[bytes]) -> int:
    RAN.append("body")
    return len(data)


@post("/json", status_code=200, request_max_body_size=10)
async def small_json(data: Body[list[int]]) -> int:
    RAN.append("json")
    return len(data)


@post("/request", status_code=200, request_max_body_size=10)
async def small_request(request: Request) -> int:
    data = await request.body()
    RAN.append("request")
    return len(data)


@post("/stream", status_code=200, request_max_body_size=10)
async def small_stream(request: Request) -> int:
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
    RAN.append("stream")
    return size


@post("/body-stream", status_code=200, request_max_body_size=10)
async def small_body_stream(body: BodyStream) -> int:
    size = 0
    async for chunk in body:
        size += len(chunk)
    RAN.append("body-stream")
    return size


@post("/default", status_code=200)
async def default_limit(data: Body[bytes]) -> int:
    return len(data)


@post("/unlimited-here", status_code=200)
async def layered(data: Body[bytes]) -> int:
    return len(data)


APP = App([small_body, small_json, small_request, small_stream, small_body_stream, default_limit])

PATHS = ["/body", "/request", "/stream", "/body-stream"]


def _chunks(*parts: bytes) -> Iterator[bytes]:
    yield from parts


@pytest.mark.parametrize("path", PATHS)
def test_body_within_the_limit_is_read(backend: Backend, path: str) -> None:
    response = TestClient(APP, backend=backend).post(path, content=b"0123456789")
    assert response.status_code == 200
    assert response.json() == 10


@pytest.mark.parametrize("path", [*PATHS, "/json"])
def test_body_over_the_limit_is_413(backend: Backend, path: str) -> None:
    RAN.clear()
    response = TestClient(APP, backend=backend).post(
        path, content=b"[1,2,3,4,5,6]", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["status_code"] == 413
    assert RAN == []


@pytest.mark.parametrize("path", [*PATHS, "/json"])
def test_streamed_body_over_the_limit_without_content_length_is_413(backend: Backend, path: str) -> None:
    RAN.clear()
    response = TestClient(APP, backend=backend).post(
        path,
        content=_chunks(b"[1,2,", b"3,4,", b"5,6]"),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert RAN == []


def test_default_limit_is_ten_mebibytes(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)
    limit = 10 * 1024 * 1024
    assert client.post("/default", content=b"x" * limit).json() == limit
    assert client.post("/default", content=b"x" * (limit + 1)).status_code == 413


def test_limit_on_app_layer_applies(backend: Backend) -> None:
    client = TestClient(App([layered], request_max_body_size=4), backend=backend)
    assert client.post("/unlimited-here", content=b"1234").json() == 4
    assert client.post("/unlimited-here", content=b"12345").status_code == 413


def test_limit_closest_layer_wins(backend: Backend) -> None:
    app = App([Router("/r", [layered], request_max_body_size=8)], request_max_body_size=2)
    client = TestClient(app, backend=backend)
    assert client.post("/r/unlimited-here", content=b"12345678").json() == 8
    assert client.post("/r/unlimited-here", content=b"123456789").status_code == 413


# --- declared Content-Length, straight through ASGI -----------------------------------------------


async def _call(path: str, headers: list[tuple[bytes, bytes]], body: bytes | None) -> list[Message]:
    """Call APP directly; `body=None` means the app must not read the body at all."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("testclient", 50000),
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "state": {},
    }
    sent: list[Message] = []

    async def receive() -> Message:
        if body is None:
            raise AssertionError("the app read a body it should have refused unread")
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await APP(scope, receive, send)
    return sent


@pytest.mark.parametrize("path", [*PATHS, "/json"])
async def test_declared_content_length_over_the_limit_is_413_before_reading(path: str) -> None:
    RAN.clear()
    sent = await _call(path, [(b"content-type", b"application/json"), (b"content-length", b"11")], None)
    assert sent[0]["status"] == 413
    assert RAN == []


async def test_declared_content_length_over_the_default_limit_is_413_before_reading() -> None:
    sent = await _call("/default", [(b"content-length", str(10 * 1024 * 1024 + 1).encode())], None)
    assert sent[0]["status"] == 413


@pytest.mark.parametrize("path", [*PATHS, "/json"])
@pytest.mark.parametrize("value", [b"abc", b"-1", b"1.5", b"", b"0x10", b"99999999999999999999999"])
async def test_non_numeric_content_length_is_400(path: str, value: bytes) -> None:
    RAN.clear()
    sent = await _call(path, [(b"content-type", b"application/json"), (b"content-length", value)], b"[]")
    assert sent[0]["status"] == 400
    assert RAN == []
