"""Returned response values: `Response[T]`, `Result`, `Maybe`, ASGI apps and error unions."""

from __future__ import annotations

from typing import Any, Literal, cast

import msgspec
import pytest
from returns.maybe import Maybe, Nothing, Some
from returns.result import Failure, Result, Success

from lanner import (
    App,
    ASGIApp,
    Conflict,
    HandlerOptions,
    MediaType,
    NotFound,
    Path,
    Receive,
    Response,
    Scope,
    Send,
    SetCookie,
    get,
    post,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Item(msgspec.Struct, frozen=True):
    name: str
    price: float


# --- Response[T] --------------------------------------------------------------------------------


@get("/plain-response")
async def plain_response() -> Response[Item]:
    return Response(Item("a", 1.0))


@get("/full-response")
async def full_response() -> Response[Item]:
    return (
        Response(Item("a", 1.0))
        .with_status(202)
        .with_header("X-Id", "1")
        .with_header("x-id", "7")
        .with_header("X-Other", "o")
        .with_cookie(SetCookie("sid", "abc", httponly=True))
        .with_cookie(SetCookie("theme", "dark"))
    )


@get("/headers-mapping")
async def headers_mapping() -> Response[str]:
    return Response("text", status_code=203, headers={"X-A": "a", "X-B": "b"})


@get("/own-content-type")
async def own_content_type() -> Response[Item]:
    return Response(Item("a", 1.0), headers={"Content-Type": "application/vnd.api+json"})


@get("/media-type-value")
async def media_type_value() -> Response[str]:
    return Response("<b>x</b>").with_media_type(MediaType.HTML)


@get("/deleting-cookie")
async def deleting_cookie() -> Response[None]:
    return Response(None).without_cookie("sid")


@post("/created")
async def created() -> Response[Item]:
    return Response(Item("new", 2.0), headers={"Location": "/items/1"})


@get("/untyped-response")
async def untyped_response() -> Response[Any]:
    return Response({"free": "form"})


@get("/bytes-response")
async def bytes_response() -> Response[bytes]:
    return Response(b"\x00\x01", media_type="application/x-thing")


# `response_headers` (API.md §1, §5) is passed through a plain dict so this module
# type-checks whether or not `HandlerOptions` declares it yet.
LAYER_HEADERS = cast(HandlerOptions, {"response_headers": {"X-Layer": "layer", "X-Kept": "kept"}})


@get("/layered", **LAYER_HEADERS)
async def layered() -> Response[str]:
    return Response("x", headers={"X-Layer": "response"})


RESPONSES = App(
    [
        plain_response,
        full_response,
        headers_mapping,
        own_content_type,
        media_type_value,
        deleting_cookie,
        created,
        untyped_response,
        bytes_response,
    ]
)


def test_response_content_is_encoded_as_its_type(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).get("/plain-response")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"name": "a", "price": 1.0}


def test_response_status_headers_and_cookies_are_sent(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).get("/full-response")
    assert response.status_code == 202
    assert response.headers["x-other"] == "o"
    assert response.headers.get_list("set-cookie") == [
        SetCookie("sid", "abc", httponly=True).to_header(),
        SetCookie("theme", "dark").to_header(),
    ]
    assert response.json() == {"name": "a", "price": 1.0}


def test_with_header_replaces_a_header_of_the_same_name(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).get("/full-response")
    assert response.headers.get_list("x-id") == ["7"]


def test_response_headers_mapping_and_status_are_sent(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).get("/headers-mapping")
    assert response.status_code == 203
    assert (response.headers["x-a"], response.headers["x-b"]) == ("a", "b")
    assert response.text == "text"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_response_own_content_type_header_wins_over_the_encoders(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).get("/own-content-type")
    assert response.headers.get_list("content-type") == ["application/vnd.api+json"]
    assert response.json() == {"name": "a", "price": 1.0}


def test_response_media_type_sets_content_type(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).get("/media-type-value")
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_without_cookie_sends_an_expired_cookie(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).get("/deleting-cookie")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("sid=;")
    assert "Max-Age=0" in cookie


def test_response_without_status_takes_the_route_default(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).post("/created")
    assert response.status_code == 201
    assert response.headers["location"] == "/items/1"


def test_response_of_any_is_encoded_from_its_runtime_value(backend: Backend) -> None:
    assert TestClient(RESPONSES, backend=backend).get("/untyped-response").json() == {"free": "form"}


def test_response_of_bytes_with_media_type(backend: Backend) -> None:
    response = TestClient(RESPONSES, backend=backend).get("/bytes-response")
    assert response.content == b"\x00\x01"
    assert response.headers["content-type"] == "application/x-thing"


def test_response_header_wins_over_a_layer_response_header(backend: Backend) -> None:
    response = TestClient(App([layered]), backend=backend).get("/layered")
    assert response.headers.get_list("x-layer") == ["response"]
    assert response.headers["x-kept"] == "kept"


def test_response_value_is_shared_safely_between_requests(backend: Backend) -> None:
    client = TestClient(RESPONSES, backend=backend)
    first = client.get("/full-response")
    second = client.get("/full-response")
    assert first.headers.raw == second.headers.raw


# --- Result, Maybe, unions -------------------------------------------------------------------------


@get("/result/{item_id:int}")
async def result_item(item_id: Path[int]) -> Result[Item, NotFound]:
    if item_id == 1:
        return Success(Item("one", 1.0))
    return Failure(NotFound(f"item {item_id} not found"))


@get("/result-response/{item_id:int}")
async def result_response(item_id: Path[int]) -> Result[Item, Response[Any]]:
    if item_id == 1:
        return Success(Item("one", 1.0))
    return Failure(Response({"why": "teapot"}, status_code=418))


@post("/result-created")
async def result_created() -> Result[Item, Conflict]:
    return Success(Item("new", 1.0))


@post("/result-conflict")
async def result_conflict() -> Result[Item, Conflict]:
    return Failure(Conflict("exists", extra={"id": 3}))


@get("/maybe/{item_id:int}")
async def maybe_item(item_id: Path[int]) -> Maybe[Item]:
    if item_id == 1:
        return Some(Item("one", 1.0))
    return Nothing


@get("/union/{item_id:int}")
async def union_item(item_id: Path[int]) -> Item | NotFound:
    if item_id == 1:
        return Item("one", 1.0)
    return NotFound("missing")


@get("/union-text/{item_id:int}")
async def union_text(item_id: Path[int]) -> str | Response[str]:
    if item_id == 1:
        return "plain"
    return Response("wrapped", status_code=202)


WRAPPED = App([result_item, result_response, result_created, result_conflict, maybe_item, union_item, union_text])


def test_result_success_is_encoded_as_its_value(backend: Backend) -> None:
    response = TestClient(WRAPPED, backend=backend).get("/result/1")
    assert response.status_code == 200
    assert response.json() == {"name": "one", "price": 1.0}


def test_result_failure_http_error_answers_the_error(backend: Backend) -> None:
    response = TestClient(WRAPPED, backend=backend).get("/result/2")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "item 2 not found"}


def test_result_failure_response_answers_the_response(backend: Backend) -> None:
    client = TestClient(WRAPPED, backend=backend)
    assert client.get("/result-response/1").json() == {"name": "one", "price": 1.0}
    response = client.get("/result-response/2")
    assert response.status_code == 418
    assert response.json() == {"why": "teapot"}


def test_result_success_takes_the_route_default_status(backend: Backend) -> None:
    assert TestClient(WRAPPED, backend=backend).post("/result-created").status_code == 201


def test_result_failure_carries_extra(backend: Backend) -> None:
    response = TestClient(WRAPPED, backend=backend).post("/result-conflict")
    assert response.status_code == 409
    assert response.json() == {"status_code": 409, "detail": "exists", "extra": {"id": 3}}


def test_maybe_some_is_encoded_as_its_value(backend: Backend) -> None:
    response = TestClient(WRAPPED, backend=backend).get("/maybe/1")
    assert response.status_code == 200
    assert response.json() == {"name": "one", "price": 1.0}


def test_maybe_nothing_is_404(backend: Backend) -> None:
    response = TestClient(WRAPPED, backend=backend).get("/maybe/2")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "Not Found"}


def test_union_with_http_error_returns_value_or_error(backend: Backend) -> None:
    client = TestClient(WRAPPED, backend=backend)
    assert client.get("/union/1").json() == {"name": "one", "price": 1.0}
    response = client.get("/union/2")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "missing"}


def test_union_with_response_returns_value_or_response(backend: Backend) -> None:
    client = TestClient(WRAPPED, backend=backend)
    plain = client.get("/union-text/1")
    assert (plain.status_code, plain.text) == (200, "plain")
    wrapped = client.get("/union-text/2")
    assert (wrapped.status_code, wrapped.text) == (202, "wrapped")


# --- ASGI app ----------------------------------------------------------------------------------------


async def teapot_app(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 418, "headers": [(b"x-raw", b"asgi")]})
    await send({"type": "http.response.body", "body": f"raw {scope['path']}".encode()})


@get("/asgi")
async def asgi() -> ASGIApp:
    return teapot_app


def test_returned_asgi_app_answers_the_request(backend: Backend) -> None:
    response = TestClient(App([asgi]), backend=backend).get("/asgi")
    assert response.status_code == 418
    assert response.headers["x-raw"] == "asgi"
    assert response.text == "raw /asgi"


@pytest.mark.parametrize("path", ["/result/2", "/maybe/2", "/union/2"])
def test_head_of_an_error_answer_has_no_body(backend: Backend, path: str) -> None:
    response = TestClient(WRAPPED, backend=backend).head(path)
    assert response.status_code == 404
    assert response.content == b""
