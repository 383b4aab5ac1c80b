"""docs/layers.md: each example runs, and answers as the page's tables say."""

from __future__ import annotations

import decimal
import logging
from typing import Literal

import pytest

from docs.examples import (
    layers_cache_etag,
    layers_dynamic_headers,
    layers_exception_handlers,
    layers_headers_cookies,
    layers_middleware,
    layers_type_encoders,
)
from lanner import App, Body, CacheControlHeader, ExceptionHandler, NotFound, Request, Response, Router, get, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


# --- layers_headers_cookies ---------------------------------------------------------------


def test_every_layers_headers_are_sent_in_layer_order(backend: Backend) -> None:
    response = TestClient(layers_headers_cookies.app, backend=backend).get("/router-path/inner-path/handler-path")

    sent = [(name, value) for name, value in response.headers.multi_items() if name.endswith("-header")]
    assert sent == [
        ("app-level-header", "app"),
        ("router-level-header", "router"),
        ("inner-router-header", "inner"),
        ("my-local-header", "local"),
    ]


def test_every_layers_cookies_are_sent_and_the_closest_my_cookie_wins(backend: Backend) -> None:
    response = TestClient(layers_headers_cookies.app, backend=backend).get("/router-path/inner-path/handler-path")

    assert response.headers.get_list("set-cookie") == [
        "app-cookie=app; Path=/; SameSite=Lax",
        "router-cookie=router; Path=/; SameSite=Lax",
        "inner-cookie=inner; Path=/; SameSite=Lax",
        "my-cookie=456; Path=/; SameSite=Lax",
        "local-cookie=local; Path=/; SameSite=Lax",
    ]


def test_without_a_handler_layer_the_routers_my_cookie_is_sent(backend: Backend) -> None:
    response = TestClient(layers_headers_cookies.app, backend=backend).get("/router-path/inner-path/plain")

    assert "my-cookie=123; Path=/; SameSite=Lax" in response.headers.get_list("set-cookie")
    assert "my-local-header" not in response.headers


def test_header_names_of_different_layers_compare_in_any_case(backend: Backend) -> None:
    @get("/versioned", response_headers={"x-version": "handler"})
    async def versioned() -> str:
        return "x"

    app = App([Router("/r", [versioned], response_headers={"X-Version": "router"})])

    assert TestClient(app, backend=backend).get("/r/versioned").headers.get_list("x-version") == ["handler"]


def test_error_answers_do_not_carry_layer_headers_but_exception_handler_responses_do(backend: Backend) -> None:
    def answer(request: Request, exc: NotFound) -> Response[str]:
        return Response("handled", status_code=404)

    @get("/missing", response_headers={"X-Layer": "1"})
    async def missing() -> str:
        raise NotFound()

    @get("/handled", response_headers={"X-Layer": "1"}, exception_handlers=[ExceptionHandler(NotFound, answer)])
    async def handled() -> str:
        raise NotFound()

    client = TestClient(App([missing, handled]), backend=backend)

    assert "x-layer" not in client.get("/missing").headers
    assert client.get("/handled").headers["x-layer"] == "1"


# --- layers_dynamic_headers ---------------------------------------------------------------


def test_documentation_only_header_is_set_by_the_handlers_response(backend: Backend) -> None:
    client = TestClient(layers_dynamic_headers.app, backend=backend)

    responses = [client.get("/router-path/resources") for _ in range(20)]

    assert all(len(response.headers.get_list("random-header")) == 1 for response in responses)
    assert all(100 <= int(response.headers["random-header"]) <= 1000 for response in responses)
    assert responses[0].json() == {"id": 1, "name": "my resource"}


def test_after_request_sets_the_header_the_handler_did_not(backend: Backend) -> None:
    client = TestClient(layers_dynamic_headers.app, backend=backend)

    responses = [client.get("/router-path/plain-resource") for _ in range(20)]

    assert all(1 <= int(response.headers["random-header"]) <= 100 for response in responses)
    assert responses[0].json() == {"id": 2, "name": "plain resource"}


# --- layers_cache_etag --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "cache_control"),
    [
        ("/population", "max-age=2628288"),
        ("/weather/chance_of_rain", "max-age=86400"),
        ("/weather/timestamp", "no-store"),
        ("/logo", "public, max-age=3600"),
    ],
)
def test_the_closest_cache_control_is_sent(backend: Backend, path: str, cache_control: str) -> None:
    response = TestClient(layers_cache_etag.app, backend=backend).get(path)

    assert response.headers.get_list("cache-control") == [cache_control]


def test_etags_are_sent_as_the_layers_say(backend: Backend) -> None:
    client = TestClient(layers_cache_etag.app, backend=backend)

    assert client.get("/weather/chance_of_rain").headers["etag"] == 'W/"forecast-2024-05-06"'
    assert client.get("/logo").headers["etag"] == '"logo-v3"'
    assert "etag" not in client.get("/population").headers


def test_a_matching_if_none_match_is_304_without_a_body(backend: Backend) -> None:
    response = TestClient(layers_cache_etag.app, backend=backend).get("/logo", headers={"If-None-Match": '"logo-v3"'})

    assert (response.status_code, response.content) == (304, b"")
    assert (response.headers["etag"], response.headers["cache-control"]) == ('"logo-v3"', "public, max-age=3600")


def test_weak_comparison_matches_a_strong_if_none_match(backend: Backend) -> None:
    client = TestClient(layers_cache_etag.app, backend=backend)

    response = client.get("/weather/timestamp", headers={"If-None-Match": '"forecast-2024-05-06"'})

    assert response.status_code == 304


def test_another_tag_gets_the_content(backend: Backend) -> None:
    response = TestClient(layers_cache_etag.app, backend=backend).get("/logo", headers={"If-None-Match": '"logo-v2"'})

    assert (response.status_code, response.content) == (200, b"<svg/>")


def test_cache_control_prevent_storing_is_no_store() -> None:
    assert CacheControlHeader.prevent_storing().to_header() == "no-store"


# --- layers_exception_handlers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/shop/items/1", 200, "bought item 1"),
        ("/shop/items/7", 409, '{"error":"out of stock","item_id":7}'),
        ("/shop/items/0", 404, '{"error":"no item 0","hint":"see /items for what we have"}'),
        ("/nothing/here", 404, "Nothing at /nothing/here"),
        ("/admin/reports", 503, '{"error":"the shop is closed for maintenance"}'),
    ],
)
def test_exception_handlers_answer_as_the_table_says(backend: Backend, path: str, status: int, body: str) -> None:
    response = TestClient(layers_exception_handlers.app, backend=backend).get(path)

    assert (response.status_code, response.text) == (status, body)


def test_a_broken_exception_handler_is_logged_and_answers_500(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(request: Request, exc: layers_exception_handlers.OutOfStock) -> Response[str]:
        raise KeyError("oops")

    handlers = [ExceptionHandler(layers_exception_handlers.OutOfStock, broken)]
    app = App([layers_exception_handlers.buy_item], exception_handlers=handlers)

    with caplog.at_level(logging.ERROR, logger="lanner"):
        response = TestClient(app, raise_server_exceptions=False, backend=backend).get("/items/7")

    assert (response.status_code, response.json()["detail"]) == (500, "Internal Server Error")
    assert "exception handler for OutOfStock failed" in [record.getMessage() for record in caplog.records]


def test_the_class_decides_before_the_layer(backend: Backend) -> None:
    def closer(request: Request, exc: Exception) -> Response[str]:
        return Response("handler's Exception", status_code=500)

    def farther(request: Request, exc: layers_exception_handlers.OutOfStock) -> Response[str]:
        return Response("app's OutOfStock", status_code=409)

    @get("/sold-out", exception_handlers={Exception: closer})
    async def sold_out() -> str:
        raise layers_exception_handlers.OutOfStock(3)

    app = App([sold_out], exception_handlers={layers_exception_handlers.OutOfStock: farther})

    assert TestClient(app, backend=backend).get("/sold-out").text == "app's OutOfStock"


# --- layers_middleware --------------------------------------------------------------------


def test_app_middleware_times_every_answer(backend: Backend) -> None:
    client = TestClient(layers_middleware.app, backend=backend)

    for path in ("/health", "/api/orders", "/nothing"):
        assert client.get(path).headers["server-timing"].startswith("app;dur=")


def test_router_middleware_refuses_before_the_route_runs(backend: Backend) -> None:
    response = TestClient(layers_middleware.app, backend=backend).get("/api/orders")

    assert (response.status_code, response.text) == (400, "send X-API-Version: 2")


def test_router_middleware_lets_a_good_request_through(backend: Backend) -> None:
    response = TestClient(layers_middleware.app, backend=backend).get("/api/orders", headers={"X-API-Version": "2"})

    assert (response.status_code, response.json()) == (200, [1, 2, 3])


def test_router_middleware_does_not_wrap_routes_outside_the_router(backend: Backend) -> None:
    response = TestClient(layers_middleware.app, backend=backend).get("/health")

    assert (response.status_code, response.text) == (200, "ok")


def test_app_middleware_wraps_routings_404(backend: Backend) -> None:
    response = TestClient(layers_middleware.app, backend=backend).get("/nothing")

    assert response.status_code == 404
    assert "server-timing" in response.headers


# --- layers_type_encoders -----------------------------------------------------------------


def test_the_apps_type_encoder_keeps_every_value(backend: Backend) -> None:
    response = TestClient(layers_type_encoders.app, backend=backend).get("/echo?tag=a&tag=b&q=x")

    assert response.text == '{"tag":["a","b"],"q":["x"]}'


def test_the_routers_type_encoder_is_closer(backend: Backend) -> None:
    response = TestClient(layers_type_encoders.app, backend=backend).get("/legacy/echo?tag=a&tag=b&q=x")

    assert response.text == '{"tag":"b","q":"x"}'


def test_a_type_encoder_for_a_type_msgspec_knows_changes_nothing(backend: Backend) -> None:
    @get("/price")
    async def price() -> dict[str, decimal.Decimal]:
        return {"price": decimal.Decimal("19.90")}

    app = App([price], type_encoders={decimal.Decimal: float})

    assert TestClient(app, backend=backend).get("/price").json() == {"price": "19.90"}


# --- the other options --------------------------------------------------------------------


def test_a_router_may_lower_the_apps_body_limit(backend: Backend) -> None:
    @post("/upload")
    async def upload(data: Body[bytes]) -> int:
        return len(data)

    app = App([upload], routers=[Router("/small", [upload], request_max_body_size=3)], request_max_body_size=100)
    client = TestClient(app, backend=backend)
    headers = {"Content-Type": "application/octet-stream"}

    assert client.post("/upload", content=b"12345", headers=headers).status_code == 201
    assert client.post("/small/upload", content=b"12345", headers=headers).status_code == 413
