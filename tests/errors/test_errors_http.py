"""HTTP errors raised or returned answer their JSON document; anything else is a bare 500."""

from __future__ import annotations

import http
import logging
from collections.abc import Callable
from typing import Literal

import pytest
from returns.result import Failure, Result, Success

from lanner import (
    App,
    BadRequest,
    Conflict,
    HTTPError,
    InternalServerError,
    MethodNotAllowed,
    NotAcceptable,
    NotAuthorized,
    NotFound,
    PayloadTooLarge,
    Path,
    PermissionDenied,
    Query,
    ServiceUnavailable,
    TooManyRequests,
    UnsupportedMediaType,
    ValidationError,
    get,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

ERRORS: dict[str, tuple[type[HTTPError], int, str]] = {
    cls.__name__: (cls, status, "Validation failed" if cls is ValidationError else http.HTTPStatus(status).phrase)
    for cls, status in [
        (BadRequest, 400),
        (ValidationError, 400),
        (NotAuthorized, 401),
        (PermissionDenied, 403),
        (NotFound, 404),
        (MethodNotAllowed, 405),
        (NotAcceptable, 406),
        (Conflict, 409),
        (PayloadTooLarge, 413),
        (UnsupportedMediaType, 415),
        (TooManyRequests, 429),
        (InternalServerError, 500),
        (ServiceUnavailable, 503),
    ]
}


def _make(name: str, detail: str | None, extra: object = None, headers: dict[str, str] | None = None) -> HTTPError:
    cls = ERRORS[name][0]
    if cls is ValidationError:
        return ValidationError([], detail=detail or "Validation failed", extra=extra, headers=headers)
    fixed_status: Callable[..., HTTPError] = cls  # every other subclass fixes its status: (detail, *, ...)
    return fixed_status(detail or "", extra=extra, headers=headers)


@get("/raise-named/{ignored}")
async def raise_named(ignored: Path[str], kind: Query[str] = "NotFound", detail: Query[str] = "", with_extra: Query[bool] = False) -> str:
    raise _make(kind, detail or None, extra={"hint": "x"} if with_extra else None)


@get("/raise-with-headers")
async def raise_with_headers() -> str:
    raise NotAuthorized("log in first", headers={"WWW-Authenticate": 'Bearer realm="api"'})


@get("/raise-base")
async def raise_base() -> str:
    raise HTTPError(418, "short and stout", extra=["tea"])


@get("/raise-base-default")
async def raise_base_default() -> str:
    raise HTTPError()


@get("/raise-unencodable-extra")
async def raise_unencodable_extra() -> str:
    raise Conflict("clash", extra=object())


@get("/fail/{ignored}")
async def fail_with(ignored: Path[str], name: Query[str] = "NotFound") -> Result[str, HTTPError]:
    if name == "none":
        return Success("fine")
    return Failure(_make(name, "returned", extra={"returned": True}))


@get("/sync-raise")
def sync_raise() -> str:
    raise PermissionDenied("sync says no")


APP = App(
    [
        raise_named,
        raise_with_headers,
        raise_base,
        raise_base_default,
        raise_unencodable_extra,
        fail_with,
        sync_raise,
    ]
)


@pytest.mark.parametrize("name", list(ERRORS))
def test_raised_http_error_answers_its_status_and_detail(backend: Backend, name: str) -> None:
    _, status, reason = ERRORS[name]
    response = TestClient(APP, backend=backend).get(f"/raise-named/x?kind={name}")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"status_code": status, "detail": reason}


@pytest.mark.parametrize("name", list(ERRORS))
def test_raised_http_error_answers_its_own_detail_and_extra(backend: Backend, name: str) -> None:
    _, status, _ = ERRORS[name]
    response = TestClient(APP, backend=backend).get(f"/raise-named/x?kind={name}&detail=custom&with_extra=true")
    assert response.status_code == status
    assert response.json() == {"status_code": status, "detail": "custom", "extra": {"hint": "x"}}


@pytest.mark.parametrize("name", list(ERRORS))
def test_http_error_returned_in_a_failure_answers_like_a_raised_one(backend: Backend, name: str) -> None:
    _, status, _ = ERRORS[name]
    response = TestClient(APP, backend=backend).get(f"/fail/x?name={name}")
    assert response.status_code == status
    assert response.json() == {"status_code": status, "detail": "returned", "extra": {"returned": True}}


def test_success_beside_http_error_failure_is_the_value(backend: Backend) -> None:
    assert TestClient(APP, backend=backend).get("/fail/x?name=none").text == "fine"


def test_http_error_headers_are_sent(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/raise-with-headers")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="api"'
    assert response.json() == {"status_code": 401, "detail": "log in first"}


def test_base_http_error_with_any_status_and_extra(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/raise-base")
    assert response.status_code == 418
    assert response.json() == {"status_code": 418, "detail": "short and stout", "extra": ["tea"]}


def test_base_http_error_defaults_to_500(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/raise-base-default")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}


def test_http_error_with_unencodable_extra_still_answers_its_status(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/raise-unencodable-extra")
    assert response.status_code == 409
    assert response.json()["detail"] == "clash"


def test_http_error_raised_by_a_sync_handler_answers_its_status(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/sync-raise")
    assert response.status_code == 403
    assert response.json() == {"status_code": 403, "detail": "sync says no"}


def test_http_error_is_not_logged_as_a_server_error(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="lanner"):
        TestClient(APP, backend=backend).get("/raise-named/x?kind=NotFound")
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_http_error_header_with_newline_is_refused_when_built() -> None:
    with pytest.raises(ValueError):
        NotFound(headers={"X-Evil": "a\r\nSet-Cookie: x=1"})


# --- unexpected exceptions ----------------------------------------------------------------------


@get("/boom")
async def boom() -> str:
    raise RuntimeError("database password is hunter2")


@get("/sync-boom")
def sync_boom() -> str:
    raise KeyError("hunter2")


BOOM = App([boom, sync_boom])


@pytest.mark.parametrize("path", ["/boom", "/sync-boom"])
def test_unexpected_exception_is_a_generic_500_without_traceback(backend: Backend, path: str) -> None:
    response = TestClient(BOOM, backend=backend, raise_server_exceptions=False).get(path)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
    assert b"hunter2" not in response.content
    assert b"Traceback" not in response.content


def test_unexpected_exception_is_logged_once_to_the_lanner_logger(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        TestClient(BOOM, backend=backend, raise_server_exceptions=False).get("/boom")
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(records) == 1
    assert records[0].name == "lanner"
    assert records[0].exc_info is not None
    assert isinstance(records[0].exc_info[1], RuntimeError)


def test_unexpected_exception_is_logged_once_when_the_client_reraises(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError):
        TestClient(BOOM, backend=backend).get("/boom")
    assert len([r for r in caplog.records if r.levelno >= logging.ERROR and r.name == "lanner"]) == 1


@pytest.mark.parametrize(("path", "exc_type"), [("/boom", RuntimeError), ("/sync-boom", KeyError)])
def test_unexpected_exception_is_reraised_by_the_test_client(
    backend: Backend, path: str, exc_type: type[Exception]
) -> None:
    with pytest.raises(exc_type, match="hunter2"):
        TestClient(BOOM, backend=backend).get(path)


def test_debug_app_puts_the_exception_in_the_500_body(backend: Backend) -> None:
    app = App([boom], debug=True)
    response = TestClient(app, backend=backend, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert body["status_code"] == 500
    assert "RuntimeError" in body["detail"]
    assert "database password is hunter2" in body["detail"]
    assert "Traceback" in "".join(body["extra"]["traceback"])
