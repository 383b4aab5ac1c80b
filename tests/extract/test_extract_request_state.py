"""The `Request` parameter and `State[T]` from a lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from typing import Literal

import msgspec
import pytest

from lanner import App, Path, Request, State, get, post
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]


@get("/items/{item_id:int}")
async def describe_request(request: Request, item_id: Path[int]) -> dict[str, object]:
    client = request.client
    return {
        "method": request.method,
        "url": str(request.url),
        "path": request.url.path,
        "query": request.url.query,
        "header": request.headers.get("X-Probe"),
        "header_list": request.headers.get_list("x-many"),
        "query_params": request.query_params.getlist("tag"),
        "q": request.query_params.get("q"),
        "path_params": dict(request.path_params),
        "cookies": dict(request.cookies),
        "client": [client.host, client.port] if client else None,
        "content_type": list(request.content_type),
    }


def test_request_exposes_method_url_headers_query_path_params_cookies_client(backend: Backend) -> None:
    response = TestClient(App([describe_request]), backend=backend).get(
        "/items/7?q=x&tag=a&tag=b",
        headers=[
            ("x-probe", "yes"),
            ("x-many", "1"),
            ("x-many", "2"),
            ("cookie", "sid=abc; theme=dark"),
            ("content-type", "application/json; charset=utf-8"),
        ],
    )
    assert response.json() == {
        "method": "GET",
        "url": "http://testserver/items/7?q=x&tag=a&tag=b",
        "path": "/items/7",
        "query": "q=x&tag=a&tag=b",
        "header": "yes",
        "header_list": ["1", "2"],
        "query_params": ["a", "b"],
        "q": "x",
        "path_params": {"item_id": 7},
        "cookies": {"sid": "abc", "theme": "dark"},
        "client": ["testclient", 50000],
        "content_type": ["application/json", {"charset": "utf-8"}],
    }


@post("/echo-body", status_code=200)
async def echo_body(request: Request) -> dict[str, object]:
    first = await request.body()
    second = await request.body()
    streamed = b"".join([chunk async for chunk in request.stream()])
    return {"first": first.decode(), "same": first == second == streamed}


@post("/json", status_code=200)
async def read_json(request: Request) -> dict[str, object]:
    return {"json": await request.json()}


@post("/msgpack", status_code=200)
async def read_msgpack(request: Request) -> dict[str, object]:
    return {"msgpack": await request.msgpack()}


@post("/stream", status_code=200)
async def read_stream(request: Request) -> dict[str, object]:
    chunks = [chunk async for chunk in request.stream()]
    return {"size": sum(len(c) for c in chunks), "data": b"".join(chunks).decode()}


@post("/stream-twice", status_code=200)
async def read_stream_twice(request: Request) -> str:
    async for _ in request.stream():
        pass
    try:
        await request.body()
    except RuntimeError:
        return "refused"
    return "allowed"


BODIES = App([echo_body, read_json, read_msgpack, read_stream, read_stream_twice])


def test_request_body_can_be_read_twice_after_body(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/echo-body", content=b"hello")
    assert response.json() == {"first": "hello", "same": True}


def test_request_json_decodes_the_body(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/json", json={"a": [1, 2]})
    assert response.json() == {"json": {"a": [1, 2]}}


def test_request_json_with_malformed_body_is_400(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/json", content=b"{not json")
    assert response.status_code == 400


def test_request_msgpack_decodes_the_body(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post(
        "/msgpack", content=msgspec.msgpack.encode({"a": 1}), headers={"content-type": "application/vnd.msgpack"}
    )
    assert response.json() == {"msgpack": {"a": 1}}


def test_request_stream_yields_the_whole_body(backend: Backend) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"ab"
        yield b"cd"
        yield b"ef"

    response = TestClient(BODIES, backend=backend).post("/stream", content=chunks())
    assert response.json() == {"size": 6, "data": "abcdef"}


def test_request_body_after_a_full_stream_is_refused(backend: Backend) -> None:
    response = TestClient(BODIES, backend=backend).post("/stream-twice", content=b"xyz")
    assert response.text == "refused"


# --- State --------------------------------------------------------------------------------


class Database:
    def __init__(self, name: str) -> None:
        self.name = name


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[Mapping[str, object]]:
    yield {"db": Database("primary"), "greeting": "hello"}


@get("/state")
async def read_state(db: State[Database], greeting: State[str]) -> dict[str, str]:
    return {"db": db.name, "greeting": greeting}


@get("/request-state")
async def read_request_state(request: Request) -> dict[str, object]:
    return {"keys": sorted(request.state)}


def test_state_reads_the_lifespan_entry_named_like_the_parameter(backend: Backend) -> None:
    with TestClient(App([read_state], lifespan=lifespan), backend=backend) as client:
        assert client.get("/state").json() == {"db": "primary", "greeting": "hello"}


def test_request_state_holds_the_lifespan_state(backend: Backend) -> None:
    with TestClient(App([read_request_state], lifespan=lifespan), backend=backend) as client:
        assert client.get("/request-state").json() == {"keys": ["db", "greeting"]}


async def test_state_reads_the_lifespan_entry_with_async_client() -> None:
    async with AsyncTestClient(App([read_state], lifespan=lifespan)) as client:
        response = await client.get("/state")
    assert response.json() == {"db": "primary", "greeting": "hello"}


def test_missing_state_is_a_500_not_a_client_error(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(App([read_state]), backend=backend, raise_server_exceptions=False)
    response = client.get("/state")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
