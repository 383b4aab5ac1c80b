"""`after_request`: a pure `Response -> Response` function, sync or async, applied to what the
layer's handlers return (not to error answers); the closest layer's function wins."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest
from returns.maybe import Maybe, Nothing, Some
from returns.result import Failure, Result, Success

from lanner import App, NotFound, Path, Redirect, Response, Router, Stream, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Item(msgspec.Struct, frozen=True):
    name: str


def stamp_sync(response: Response[object]) -> Response[object]:
    return response.with_header("X-After", "sync")


async def stamp_async(response: Response[object]) -> Response[object]:
    return response.with_header("X-After", "async")


def wrap_content(response: Response[object]) -> Response[object]:
    return Response({"wrapped": response.content}, status_code=response.status_code, headers=response.header_pairs)


def teapot(response: Response[object]) -> Response[object]:
    return response.with_status(418)


@get("/sync", after_request=stamp_sync)
async def sync_stamped() -> Item:
    return Item("a")


@get("/async", after_request=stamp_async)
async def async_stamped() -> Item:
    return Item("a")


@get("/text", after_request=stamp_sync)
async def text() -> str:
    return "plain"


@get("/nothing", after_request=stamp_sync)
async def nothing() -> None:
    return None


@get("/own", after_request=stamp_sync)
async def own() -> Response[str]:
    return Response("own", headers={"X-Own": "1"}, status_code=202)


@get("/replaced", after_request=wrap_content)
async def replaced() -> Item:
    return Item("a")


@get("/status", after_request=teapot)
async def status() -> str:
    return "x"


@get("/raises", after_request=stamp_sync)
async def raises() -> Item:
    raise NotFound("no such item")


@get("/crashes", after_request=stamp_sync)
async def crashes() -> Item:
    raise RuntimeError("boom")


@get("/in-router")
async def in_router() -> str:
    return "x"


@get("/handler-wins", after_request=stamp_sync)
async def handler_wins() -> str:
    return "x"


STAMPED = App(
    [sync_stamped, async_stamped, text, nothing, own, replaced, status, raises, crashes],
    routers=[Router("/r", [in_router, handler_wins], after_request=stamp_async)],
)


def test_sync_after_request_changes_the_response(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/sync")

    assert (response.headers["x-after"], response.json()) == ("sync", {"name": "a"})


def test_async_after_request_changes_the_response(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/async")

    assert response.headers["x-after"] == "async"


def test_after_request_keeps_the_content_type_of_the_return_annotation(backend: Backend) -> None:
    client = TestClient(STAMPED, backend=backend)

    assert client.get("/sync").headers["content-type"] == "application/json"
    assert client.get("/text").headers["content-type"] == "text/plain; charset=utf-8"


def test_after_request_applies_to_a_none_return(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/nothing")

    assert (response.status_code, response.headers["x-after"]) == (200, "sync")


def test_after_request_sees_and_keeps_what_a_returned_response_set(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/own")

    assert (response.status_code, response.headers["x-own"], response.headers["x-after"]) == (202, "1", "sync")


def test_content_the_function_replaced_is_encoded_by_what_it_is_now(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/replaced")

    assert response.json() == {"wrapped": {"name": "a"}}


def test_after_request_may_change_the_status(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/status")

    assert response.status_code == 418


def test_after_request_is_not_applied_to_a_raised_http_error(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/raises")

    assert response.status_code == 404
    assert "x-after" not in response.headers


def test_after_request_is_not_applied_to_a_500(backend: Backend) -> None:
    response = TestClient(STAMPED, raise_server_exceptions=False, backend=backend).get("/crashes")

    assert response.status_code == 500
    assert "x-after" not in response.headers


def test_a_router_after_request_applies_to_its_routes(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/r/in-router")

    assert response.headers["x-after"] == "async"


def test_the_handler_after_request_wins_over_the_routers(backend: Backend) -> None:
    response = TestClient(STAMPED, backend=backend).get("/r/handler-wins")

    assert response.headers.get_list("x-after") == ["sync"]


def test_an_app_after_request_applies_to_every_route(backend: Backend) -> None:
    @get("/anywhere")
    async def anywhere() -> str:
        return "x"

    response = TestClient(App([anywhere], after_request=stamp_sync), backend=backend).get("/anywhere")

    assert response.headers["x-after"] == "sync"


# --- every successful answer, whatever the return annotation ------------------------------------------


@get("/redirect", after_request=stamp_sync)
async def redirect() -> Redirect:
    return Redirect("/sync")


@get("/union", after_request=stamp_sync)
async def union() -> Item | NotFound:
    return Item("a")


@get("/result", after_request=stamp_sync)
async def result() -> Result[Item, NotFound]:
    return Success(Item("a"))


@get("/maybe/{found}", after_request=stamp_sync)
async def maybe(found: Path[bool]) -> Maybe[Item]:
    return Some(Item("a")) if found else Nothing


@get("/failure", after_request=stamp_sync)
async def failure() -> Result[Item, NotFound]:
    return Failure(NotFound())


@get("/union-error", after_request=stamp_sync)
async def union_error() -> Item | NotFound:
    return NotFound()


@get("/stream", after_request=stamp_sync)
async def stream() -> Stream:
    return Stream(iter([b"a", b"b"]), media_type="text/plain")


OTHER_RETURNS = App([redirect, union, result, sync_stamped, maybe, failure, union_error, stream])


def test_after_request_applies_to_a_returned_redirect(backend: Backend) -> None:
    response = TestClient(OTHER_RETURNS, backend=backend).get("/redirect", follow_redirects=False)

    assert (response.status_code, response.headers.get("x-after")) == (302, "sync")


def test_after_request_applies_to_the_value_of_a_union_with_an_error(backend: Backend) -> None:
    response = TestClient(OTHER_RETURNS, backend=backend).get("/union")

    assert response.headers.get("x-after") == "sync"


def test_after_request_applies_to_a_result_success(backend: Backend) -> None:
    response = TestClient(OTHER_RETURNS, backend=backend).get("/result")

    assert response.headers.get("x-after") == "sync"


def test_after_request_applies_to_a_maybe_some(backend: Backend) -> None:
    response = TestClient(OTHER_RETURNS, backend=backend).get("/maybe/true")

    assert (response.json(), response.headers.get("x-after")) == ({"name": "a"}, "sync")


@pytest.mark.parametrize("path", ["/maybe/false", "/failure", "/union-error"])
def test_after_request_is_not_applied_to_a_returned_error(backend: Backend, path: str) -> None:
    response = TestClient(OTHER_RETURNS, backend=backend).get(path)

    assert response.status_code == 404
    assert "x-after" not in response.headers


def test_after_request_is_not_applied_to_a_stream(backend: Backend) -> None:
    response = TestClient(OTHER_RETURNS, backend=backend).get("/stream")

    assert (response.text, response.headers.get("x-after")) == ("ab", None)
