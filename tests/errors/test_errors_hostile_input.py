"""Bad input of any shape is a 4xx, never a 500, and no handler is handed a NUL byte (API.md §7)."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from lanner import App, Body, Cookie, Header, Path, Query, get, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Item(msgspec.Struct):
    name: str
    tags: list[str] = []


@get("/segment/{value}")
async def segment(value: Path[str]) -> dict[str, str]:
    return {"value": value}


@get("/files/{rest:path}")
async def files(rest: Path[str]) -> dict[str, str]:
    return {"value": rest}


@get("/inputs")
async def inputs(q: Query[str] = "", x_value: Header[str] = "", c: Cookie[str] = "") -> dict[str, str]:
    return {"q": q, "header": x_value, "cookie": c}


@post("/item")
async def item(body: Body[Item]) -> Item:
    return body


APP = App([segment, files, inputs, item])


def _never_a_nul(response_status: int, values: dict[str, str]) -> None:
    """Either the request was refused with a 4xx, or the handler got values without NUL."""
    if 400 <= response_status < 500:
        return
    assert response_status == 200
    assert all("\x00" not in value for value in values.values()), values


@pytest.mark.parametrize("path", ["/segment/a%00b", "/files/a/b%00c", "/segment/%00"])
def test_nul_byte_in_the_path_never_reaches_the_handler(backend: Backend, path: str) -> None:
    response = TestClient(APP, backend=backend, raise_server_exceptions=False).get(path)
    assert response.status_code < 500
    _never_a_nul(response.status_code, response.json())


def test_nul_byte_in_the_query_never_reaches_the_handler(backend: Backend) -> None:
    response = TestClient(APP, backend=backend, raise_server_exceptions=False).get("/inputs?q=a%00b")
    assert response.status_code < 500
    _never_a_nul(response.status_code, response.json())


def test_nul_byte_in_a_header_never_reaches_the_handler(backend: Backend) -> None:
    response = TestClient(APP, backend=backend, raise_server_exceptions=False).get(
        "/inputs", headers={"x-value": "a\x00b"}
    )
    assert response.status_code < 500
    _never_a_nul(response.status_code, response.json())


def test_nul_byte_in_a_cookie_never_reaches_the_handler(backend: Backend) -> None:
    response = TestClient(APP, backend=backend, raise_server_exceptions=False).get(
        "/inputs", headers={"cookie": "c=a\x00b"}
    )
    assert response.status_code < 500
    _never_a_nul(response.status_code, response.json())


@pytest.mark.parametrize(
    "content",
    [
        b"\x00",
        b'{"name": "a\x00b"}',
        b'{"name": "a", "tags": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        b'{"name": 1e999999}',
        b'{"name": "\xed\xa0\x80"}',
        b"\xff\xfe\x00{",
        b'{"name": "a"' + b" " * 100_000,
    ],
)
def test_hostile_json_body_is_4xx(backend: Backend, content: bytes) -> None:
    response = TestClient(APP, backend=backend, raise_server_exceptions=False).post(
        "/item", content=content, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert response.json()["status_code"] == response.status_code


@pytest.mark.parametrize("content", [b"\xc1", b"\x81\xa4name", b"\xdd\xff\xff\xff\xff", b"\x91" * 100_000])
def test_hostile_msgpack_body_is_4xx(backend: Backend, content: bytes) -> None:
    response = TestClient(APP, backend=backend, raise_server_exceptions=False).post(
        "/item", content=content, headers={"content-type": "application/vnd.msgpack"}
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("content_type", ["application/json; charset=\x00", ";;;", "application/", "/json", "\x7f"])
def test_odd_content_type_is_4xx(backend: Backend, content_type: str) -> None:
    response = TestClient(APP, backend=backend, raise_server_exceptions=False).post(
        "/item", content=b'{"name": "a"}', headers={"content-type": content_type}
    )
    assert response.status_code < 500
