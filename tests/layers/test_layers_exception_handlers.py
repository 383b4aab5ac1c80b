"""`exception_handlers`: by exception type (the nearest base class wins) or by status code;
merged across layers (the closest wins for a key); the App's also answer routing's 404 and 405;
a handler that raises makes a generic 500."""

from __future__ import annotations

import logging
from typing import Literal

import pytest

from lanner import (
    App,
    HTTPError,
    NotFound,
    PermissionDenied,
    Query,
    Request,
    Response,
    Router,
    get,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class ItemNotFound(NotFound):
    pass


class StoreError(Exception):
    pass


class OutOfStock(StoreError):
    pass


class Discontinued(OutOfStock):
    pass


def by_item_not_found(request: Request, exc: ItemNotFound) -> Response[dict[str, str]]:
    return Response({"by": "ItemNotFound", "detail": exc.detail}, status_code=404)


def by_404(request: Request, exc: HTTPError) -> Response[dict[str, str]]:
    return Response({"by": "404", "path": request.url.path}, status_code=exc.status_code)


def by_exception(request: Request, exc: Exception) -> Response[dict[str, str]]:
    return Response({"by": "Exception", "type": type(exc).__name__}, status_code=500)


def by_store_error(request: Request, exc: StoreError) -> Response[dict[str, str]]:
    return Response({"by": "StoreError"}, status_code=503)


async def by_out_of_stock(request: Request, exc: OutOfStock) -> Response[dict[str, str]]:
    return Response({"by": "OutOfStock", "method": request.method}, status_code=409)


def by_405(request: Request, exc: HTTPError) -> Response[dict[str, str]]:
    return Response({"by": "405"}, status_code=405, headers=exc.headers)


@get("/item-not-found")
async def item_not_found() -> str:
    raise ItemNotFound("no item 7")


@get("/not-found")
async def not_found() -> str:
    raise NotFound()


@get("/crash")
async def crash() -> str:
    raise RuntimeError("boom")


@get("/out-of-stock")
async def out_of_stock() -> str:
    raise OutOfStock()


@get("/discontinued")
async def discontinued() -> str:
    raise Discontinued()


@get("/store-error")
def store_error() -> str:
    raise StoreError()


@get("/forbidden")
async def forbidden() -> str:
    raise PermissionDenied()


HANDLED = App(
    [item_not_found, not_found, crash, out_of_stock, discontinued, store_error, forbidden],
    exception_handlers={
        ItemNotFound: by_item_not_found,
        404: by_404,
        Exception: by_exception,
        StoreError: by_store_error,
        OutOfStock: by_out_of_stock,
    },
)


def test_handler_for_the_exception_class_answers(backend: Backend) -> None:
    response = TestClient(HANDLED, backend=backend).get("/out-of-stock")

    assert (response.status_code, response.json()) == (409, {"by": "OutOfStock", "method": "GET"})


def test_handler_of_the_nearest_base_class_wins(backend: Backend) -> None:
    response = TestClient(HANDLED, backend=backend).get("/discontinued")

    assert response.json() == {"by": "OutOfStock", "method": "GET"}


def test_a_sync_handler_raising_reaches_the_handler_of_its_base_class(backend: Backend) -> None:
    response = TestClient(HANDLED, backend=backend).get("/store-error")

    assert (response.status_code, response.json()) == (503, {"by": "StoreError"})


def test_handler_for_an_http_error_subclass_beats_the_status_code_handler(backend: Backend) -> None:
    response = TestClient(HANDLED, backend=backend).get("/item-not-found")

    assert response.json() == {"by": "ItemNotFound", "detail": "no item 7"}


def test_status_code_handler_beats_the_exception_handler(backend: Backend) -> None:
    response = TestClient(HANDLED, backend=backend).get("/not-found")

    assert (response.status_code, response.json()) == (404, {"by": "404", "path": "/not-found"})


def test_exception_handler_answers_an_unexpected_exception(backend: Backend) -> None:
    response = TestClient(HANDLED, backend=backend).get("/crash")

    assert (response.status_code, response.json()) == (500, {"by": "Exception", "type": "RuntimeError"})


def test_exception_handler_answers_an_http_error_without_a_closer_handler(backend: Backend) -> None:
    response = TestClient(HANDLED, backend=backend).get("/forbidden")

    assert response.json() == {"by": "Exception", "type": "PermissionDenied"}


def test_app_status_code_handler_answers_routings_404(backend: Backend) -> None:
    response = TestClient(HANDLED, backend=backend).get("/no/such/path")

    assert (response.status_code, response.json()) == (404, {"by": "404", "path": "/no/such/path"})


def test_app_status_code_handler_answers_routings_405(backend: Backend) -> None:
    app = App([not_found], exception_handlers={405: by_405})

    response = TestClient(app, backend=backend).post("/not-found")

    assert (response.status_code, response.json()) == (405, {"by": "405"})
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"


def test_without_a_handler_routing_still_answers_its_own_405(backend: Backend) -> None:
    app = App([not_found], exception_handlers={404: by_404})

    response = TestClient(app, backend=backend).post("/not-found")

    assert (response.status_code, response.json()["detail"]) == (405, "Method Not Allowed")


# --- layers --------------------------------------------------------------------------------------------


def by_handler(request: Request, exc: StoreError) -> Response[str]:
    return Response("handler", status_code=409)


def by_router(request: Request, exc: StoreError) -> Response[str]:
    return Response("router", status_code=409)


def by_app(request: Request, exc: StoreError) -> Response[str]:
    return Response("app", status_code=409)


@get("/own", exception_handlers={StoreError: by_handler})
async def own_handler() -> str:
    raise StoreError()


@get("/router")
async def router_handler() -> str:
    raise StoreError()


@get("/app")
async def app_handler() -> str:
    raise StoreError()


LAYERED = App(
    [app_handler, Router("/r", [own_handler, router_handler], exception_handlers={StoreError: by_router})],
    exception_handlers={StoreError: by_app},
)


@pytest.mark.parametrize(("path", "answered_by"), [("/r/own", "handler"), ("/r/router", "router"), ("/app", "app")])
def test_the_closest_layers_handler_wins(backend: Backend, path: str, answered_by: str) -> None:
    response = TestClient(LAYERED, backend=backend).get(path)

    assert (response.status_code, response.text) == (409, answered_by)


def test_a_router_handler_does_not_answer_routes_outside_the_router(backend: Backend) -> None:
    @get("/outside")
    async def outside() -> str:
        raise StoreError()

    app = App([outside, Router("/r", [router_handler], exception_handlers={StoreError: by_router})])

    response = TestClient(app, raise_server_exceptions=False, backend=backend).get("/outside")

    assert response.status_code == 500


def test_a_handlers_response_carries_the_layer_headers(backend: Backend) -> None:
    @get("/layered", response_headers={"X-Layer": "1"}, exception_handlers={StoreError: by_handler})
    async def layered() -> str:
        raise StoreError()

    response = TestClient(App([layered]), backend=backend).get("/layered")

    assert (response.text, response.headers["x-layer"]) == ("handler", "1")


def test_a_status_code_handler_answers_a_validation_error(backend: Backend) -> None:
    def by_400(request: Request, exc: HTTPError) -> Response[dict[str, str]]:
        return Response({"detail": exc.detail}, status_code=422)

    @get("/validated")
    async def validated(limit: Query[int]) -> int:
        return limit

    response = TestClient(App([validated], exception_handlers={400: by_400}), backend=backend).get("/validated?limit=x")

    assert (response.status_code, response.json()) == (422, {"detail": "Validation failed"})


# --- a handler that raises ------------------------------------------------------------------------------


def broken(request: Request, exc: Exception) -> Response[str]:
    raise ValueError("the handler itself is broken")


def test_a_raising_handler_makes_a_generic_500(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    app = App([crash], exception_handlers={RuntimeError: broken})

    with caplog.at_level(logging.ERROR, logger="lanner"):
        response = TestClient(app, raise_server_exceptions=False, backend=backend).get("/crash")

    assert (response.status_code, response.json()) == (500, {"status_code": 500, "detail": "Internal Server Error"})
    assert "exception handler for RuntimeError failed" in [record.getMessage() for record in caplog.records]


def test_a_raising_handler_of_an_http_error_makes_a_generic_500(backend: Backend) -> None:
    app = App([not_found], exception_handlers={404: broken})

    response = TestClient(app, raise_server_exceptions=False, backend=backend).get("/not-found")

    assert (response.status_code, response.json()["detail"]) == (500, "Internal Server Error")


def test_a_raising_app_handler_of_routings_404_makes_a_generic_500(backend: Backend) -> None:
    app = App([not_found], exception_handlers={404: broken})

    response = TestClient(app, raise_server_exceptions=False, backend=backend).get("/no/such/path")

    assert (response.status_code, response.json()["detail"]) == (500, "Internal Server Error")


@pytest.mark.parametrize("key", [True, 99, 600, "404", ValueError("not a class"), int])
def test_a_key_that_is_neither_an_exception_class_nor_a_status_code_raises_type_error(key: object) -> None:
    with pytest.raises(TypeError, match="exception class or a status code"):
        App([crash], exception_handlers={key: broken})  # type: ignore[dict-item]  # the mistake this test is about
