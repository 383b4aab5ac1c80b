"""The errors lanner answers with, and the one it raises while the app is being built.

`HTTPError` and its subclasses are raised (or returned in a `Failure`) by handlers and
extractors; each becomes a JSON response `{"status_code": N, "detail": "...", "extra": ...}`.
`ImproperlyConfigured` is raised only while `App(...)` is built, never per request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Final, Literal, TypeAlias

from lanner._compat import override

import msgspec

__all__ = [
    "BadRequest",
    "Conflict",
    "ErrorDetail",
    "HTTPError",
    "ImproperlyConfigured",
    "InternalServerError",
    "MethodNotAllowed",
    "NotAcceptable",
    "NotAuthorized",
    "NotFound",
    "PayloadTooLarge",
    "PermissionDenied",
    "ServiceUnavailable",
    "TooManyRequests",
    "UnsupportedMediaType",
    "ValidationError",
]

ErrorSource: TypeAlias = Literal["path", "query", "header", "cookie", "body", "form", "message"]


class ImproperlyConfigured(Exception):
    """An app that cannot work as declared; raised while `App(...)` is built, never per request.

    The message names the route, the handler with its file and line, and the fix.
    """


class ErrorDetail(msgspec.Struct, frozen=True):
    """One problem with one input: where it came from, which name, and what is wrong.

    >>> ErrorDetail("query", "limit", "Expected `int`, got `str`")
    ErrorDetail(source='query', name='limit', message='Expected `int`, got `str`')
    """

    source: ErrorSource
    name: str
    message: str


def _reason(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def check_header_text(kind: str, text: str) -> str:
    """Return `text`, or raise ValueError if it could split a header (CR, LF or NUL)."""
    if "\r" in text or "\n" in text or "\0" in text:
        raise ValueError(f"{kind} {text!r} contains CR, LF or NUL, which could split the header")
    return text


class HTTPError(Exception):
    """An HTTP error answer, raised or returned (in a `Failure`) from a handler or extractor.

    It answers `{"status_code": N, "detail": "...", "extra": ...}` as JSON (`extra` only when
    given), with `headers` added to the response.

    >>> err = HTTPError(418, "short and stout", extra={"tea": True})
    >>> (err.status_code, err.detail, err.extra)
    (418, 'short and stout', {'tea': True})
    """

    status_code: int
    detail: str
    headers: Mapping[str, str] | None
    extra: object

    def __init__(
        self,
        status_code: int = 500,
        detail: str = "",
        *,
        headers: Mapping[str, str] | None = None,
        extra: object = None,
    ) -> None:
        self.status_code = int(status_code)
        self.detail = detail or _reason(self.status_code)
        if headers:
            for name, value in headers.items():
                check_header_text("header name", name)
                check_header_text("header value", value)
        self.headers = headers
        self.extra = extra
        super().__init__(self.detail)

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, detail={self.detail!r})"


class _FixedStatusError(HTTPError):
    """An `HTTPError` whose status code is fixed by its class."""

    default_status: int = 500

    def __init__(
        self,
        detail: str = "",
        *,
        headers: Mapping[str, str] | None = None,
        extra: object = None,
    ) -> None:
        super().__init__(self.default_status, detail, headers=headers, extra=extra)


class BadRequest(_FixedStatusError):
    """400 Bad Request: the request cannot be understood as sent."""

    default_status = 400


class ValidationError(BadRequest):
    """400 with every problem of the request's inputs at once, each an `ErrorDetail`.

    >>> err = ValidationError([ErrorDetail("query", "limit", "Expected `int`, got `str`")])
    >>> (err.status_code, err.detail, len(err.errors))
    (400, 'Validation failed', 1)
    """

    errors: tuple[ErrorDetail, ...]

    def __init__(
        self,
        errors: Sequence[ErrorDetail] = (),
        detail: str = "Validation failed",
        *,
        headers: Mapping[str, str] | None = None,
        extra: object = None,
    ) -> None:
        super().__init__(detail, headers=headers, extra=extra)
        self.errors = tuple(errors)


class NotAuthorized(_FixedStatusError):
    """401 Unauthorized: credentials are missing or wrong."""

    default_status = 401


class PermissionDenied(_FixedStatusError):
    """403 Forbidden: the credentials do not allow this."""

    default_status = 403


class NotFound(_FixedStatusError):
    """404 Not Found."""

    default_status = 404


class MethodNotAllowed(_FixedStatusError):
    """405 Method Not Allowed; give the `Allow` header in `headers`."""

    default_status = 405


class NotAcceptable(_FixedStatusError):
    """406 Not Acceptable: no representation matches the request's `Accept`."""

    default_status = 406


class Conflict(_FixedStatusError):
    """409 Conflict."""

    default_status = 409


class PayloadTooLarge(_FixedStatusError):
    """413 Content Too Large: the body is over `request_max_body_size`."""

    default_status = 413


class UnsupportedMediaType(_FixedStatusError):
    """415 Unsupported Media Type: the body's content type is not one this handler reads."""

    default_status = 415


class TooManyRequests(_FixedStatusError):
    """429 Too Many Requests."""

    default_status = 429


class InternalServerError(_FixedStatusError):
    """500 Internal Server Error."""

    default_status = 500


class ServiceUnavailable(_FixedStatusError):
    """503 Service Unavailable."""

    default_status = 503


class _ErrorBody(msgspec.Struct, omit_defaults=True):
    status_code: int
    detail: str
    extra: object = None
    errors: tuple[ErrorDetail, ...] = ()


_encode_json: Final = msgspec.json.Encoder().encode


def encode_error_body(error: HTTPError) -> bytes:
    """The JSON document an `HTTPError` answers with.

    An `extra` that msgspec cannot encode is left out rather than turning a 4xx into a 500.
    """
    errors = error.errors if isinstance(error, ValidationError) else ()
    body = _ErrorBody(error.status_code, error.detail, error.extra, errors)
    try:
        return _encode_json(body)
    except (TypeError, ValueError):
        return _encode_json(_ErrorBody(error.status_code, error.detail, None, errors))


class ClientDisconnected(Exception):
    """The client went away while its request was being read; nobody is left to answer."""
