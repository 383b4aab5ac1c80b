"""docs/errors.md: the HTTPError family, the 400 document, build-time errors, 500s, limits."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated, Literal

import pytest

from docs.examples import errors_configuration, errors_debug, errors_http, errors_limits, errors_validation
from lanner import (
    App,
    Conflict,
    ErrorDetail,
    Extract,
    ImproperlyConfigured,
    Path as PathParam,
    Query,
    TooManyRequests,
    ValidationError,
    get,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

ERRORS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "errors.md"


# --- errors_http --------------------------------------------------------------------------


def test_raised_not_found_answers_404_with_its_detail(backend: Backend) -> None:
    response = TestClient(errors_http.app, backend=backend).get("/accounts/2")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"status_code": 404, "detail": "No account 2"}


def test_extra_is_sent_in_the_error_document(backend: Backend) -> None:
    response = TestClient(errors_http.app, backend=backend).post("/accounts/1/withdrawals?amount=50")

    assert response.status_code == 409
    assert response.json() == {
        "status_code": 409,
        "detail": "Insufficient funds",
        "extra": {"balance": 10, "requested": 50},
    }


def test_error_headers_are_sent_and_detail_defaults_to_the_reason(backend: Backend) -> None:
    response = TestClient(errors_http.app, backend=backend).get("/busy")

    assert response.status_code == 429
    assert response.headers["retry-after"] == "30"
    assert response.json() == {"status_code": 429, "detail": "Too Many Requests"}


def test_http_error_takes_any_status(backend: Backend) -> None:
    response = TestClient(errors_http.app, backend=backend).get("/teapot")

    assert response.status_code == 418
    assert response.json() == {"status_code": 418, "detail": "I only brew tea"}


# --- errors_validation --------------------------------------------------------------------


def test_400_lists_every_problem_of_every_source_at_once(backend: Backend) -> None:
    client = TestClient(errors_validation.app, backend=backend)

    response = client.post("/items?limit=ten", json={"name": "Hammer", "price": "cheap"})

    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "detail": "Validation failed",
        "errors": [
            {"source": "query", "name": "limit", "message": "Expected `int`, got `str`"},
            {"source": "body", "name": "$.price", "message": "Expected `float`, got `str`"},
        ],
    }


def test_missing_parameter_is_a_problem_of_the_same_shape(backend: Backend) -> None:
    response = TestClient(errors_validation.app, backend=backend).post("/items", json={"name": "Hammer", "price": 9})

    assert response.json()["errors"] == [
        {"source": "query", "name": "limit", "message": "Missing required query parameter"}
    ]


def test_body_reports_its_first_problem_only(backend: Backend) -> None:
    response = TestClient(errors_validation.app, backend=backend).post("/items?limit=1", json={"price": "cheap"})

    assert response.json()["errors"] == [
        {"source": "body", "name": "$.price", "message": "Expected `float`, got `str`"}
    ]


# --- errors_configuration -----------------------------------------------------------------


def _configuration_message() -> str:
    line = errors_configuration.read_user.fn.__code__.co_firstlineno
    return (
        f"GET /users/{{user_id}}: handler read_user (errors_configuration.py:{line}) "
        'has no Path parameter "user_id"; add `user_id: Path[str]` (or another type) to its '
        "parameters, or rename the placeholder"
    )


def test_registration_error_is_raised_when_the_app_is_built() -> None:
    with pytest.raises(ImproperlyConfigured) as raised:
        errors_configuration.build_app()

    assert str(raised.value) == _configuration_message()


def test_the_page_quotes_the_registration_error_as_raised() -> None:
    assert _configuration_message() in ERRORS_PAGE.read_text(encoding="utf-8")


# --- errors_debug -------------------------------------------------------------------------


def test_unexpected_exception_is_a_500_without_details(backend: Backend) -> None:
    client = TestClient(errors_debug.app, backend=backend, raise_server_exceptions=False)

    response = client.get("/divide?a=1&b=0")

    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}


def test_debug_app_puts_the_exception_and_traceback_in_the_500(backend: Backend) -> None:
    client = TestClient(errors_debug.debug_app, backend=backend, raise_server_exceptions=False)

    body = client.get("/divide?a=1&b=0").json()

    assert body["detail"] == "ZeroDivisionError: division by zero"
    assert body["extra"]["traceback"][0] == "Traceback (most recent call last):\n"
    assert body["extra"]["traceback"][-1] == "ZeroDivisionError: division by zero\n"


def test_unexpected_exception_is_logged_once_on_the_lanner_logger(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(errors_debug.app, backend=backend, raise_server_exceptions=False)
    line = errors_debug.divide.fn.__code__.co_firstlineno

    with caplog.at_level(logging.ERROR, logger="lanner"):
        client.get("/divide?a=1&b=0")

    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("lanner", "ERROR", f"GET /divide: handler divide (errors_debug.py:{line}) raised")
    ]
    assert caplog.records[0].exc_info is not None


def test_client_errors_are_not_logged(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(errors_debug.app, backend=backend)

    with caplog.at_level(logging.DEBUG, logger="lanner"):
        client.get("/divide?a=one&b=0")

    assert caplog.records == []


# --- errors_limits ------------------------------------------------------------------------

MiB = 1024 * 1024


def test_body_over_the_default_10_mib_is_413(backend: Backend) -> None:
    response = TestClient(errors_limits.app, backend=backend).post("/uploads", content=b"x" * (10 * MiB + 1))

    assert response.status_code == 413
    assert response.json() == {"status_code": 413, "detail": "Request body is larger than the limit of 10485760 bytes"}


def test_body_of_exactly_the_limit_is_read(backend: Backend) -> None:
    response = TestClient(errors_limits.app, backend=backend).post("/uploads", content=b"x" * (10 * MiB))

    assert response.json() == {"size": 10 * MiB}


def test_handler_limit_replaces_the_default(backend: Backend) -> None:
    response = TestClient(errors_limits.app, backend=backend).post("/avatars", content=b"x" * (64 * 1024 + 1))

    assert response.status_code == 413


def test_body_sent_in_chunks_is_stopped_at_the_limit(backend: Backend) -> None:
    chunks = iter([b"x" * 40_000, b"x" * 40_000])

    response = TestClient(errors_limits.app, backend=backend).post("/avatars", content=chunks)

    assert response.status_code == 413


def test_too_many_query_parameters_is_400(backend: Backend) -> None:
    query = "&".join(["tag=a"] * 51)

    response = TestClient(errors_limits.app, backend=backend).get(f"/search?{query}")

    assert response.status_code == 400
    assert response.json() == {"status_code": 400, "detail": "Too many query parameters (more than 50)"}


def test_query_parameters_up_to_the_limit_are_read(backend: Backend) -> None:
    query = "&".join(["tag=a"] * 50)

    assert TestClient(errors_limits.app, backend=backend).get(f"/search?{query}").json() == {"tags": 50}


# --- what the page says besides its examples ----------------------------------------------


class Unencodable:
    pass


@get("/odd-extra")
async def odd_extra() -> str:
    raise Conflict("Odd", extra=Unencodable())


def test_extra_msgspec_cannot_encode_is_left_out(backend: Backend) -> None:
    response = TestClient(App([odd_extra]), backend=backend).get("/odd-extra")

    assert response.status_code == 409
    assert response.json() == {"status_code": 409, "detail": "Odd"}


def test_error_header_with_a_newline_raises_value_error() -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        TooManyRequests(headers={"Retry-After": "30\r\nSet-Cookie: evil=1"})


@get("/own-validation")
async def own_validation(limit: Query[int]) -> int:
    if limit > 100:
        raise ValidationError([ErrorDetail("query", "limit", "Too large")])
    return limit


def test_raised_validation_error_answers_the_400_document(backend: Backend) -> None:
    response = TestClient(App([own_validation]), backend=backend).get("/own-validation?limit=1000")

    assert response.json() == {
        "status_code": 400,
        "detail": "Validation failed",
        "errors": [{"source": "query", "name": "limit", "message": "Too large"}],
    }


@get("/twice")
async def first_handler() -> str:
    return "first"


@get("/twice")
async def second_handler() -> str:
    return "second"


def test_two_handlers_for_the_same_route_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="GET /twice is registered twice, also by handler first_handler"):
        App([first_handler, second_handler])


def test_path_parameter_missing_from_the_template_is_refused() -> None:
    @get("/items")
    async def read_item(item_id: PathParam[int]) -> int:
        return item_id

    with pytest.raises(
        ImproperlyConfigured,
        match=re.escape(
            'has Path parameter "item_id" but the path has no placeholder "{item_id}"; '
            "add it to the path or give the parameter a default"
        ),
    ):
        App([read_item])


def test_parameter_without_an_annotation_is_refused() -> None:
    @get("/items")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def list_items(limit) -> int:  # type: ignore[no-untyped-def]  # the mistake this test is about
        return 1

    with pytest.raises(ImproperlyConfigured, match='parameter "limit" has no annotation'):
        App([list_items])


def hen(egg: Egg) -> int:
    return egg


def lay(hen_value: Annotated[int, Extract(hen)]) -> int:
    return hen_value


Egg = Annotated[int, Extract(lay)]


@get("/cycle")
async def cycle(egg: Egg) -> int:
    return egg


def test_custom_extractors_in_a_cycle_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="custom extractors depend on each other in a cycle"):
        App([cycle])
