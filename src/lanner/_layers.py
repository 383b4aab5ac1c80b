"""Layered options: set on the App, a Router or a handler; the layer closest to the handler wins.

Resolved once per route when the App is built, into a frozen `Resolved` value; the request
path never merges anything.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, Never, TypeAlias, TypedDict

import msgspec

from lanner._media import MediaType
from lanner._multipart import FormLimits
from lanner._respond.values import CacheControlHeader, ETag, ResponseHeader, SetCookie

if TYPE_CHECKING:
    from lanner._exception_handlers import ExceptionHandlersInput, HandlerMap
    from lanner._respond.background import BackgroundTask, BackgroundTasks
    from lanner._respond.response import Response
    from lanner._types import ASGIApp

__all__ = ["HandlerOptions", "LayerOptions"]

TypeEncoders = Mapping[type, Callable[[Never], object]]
AfterRequest: TypeAlias = "Callable[[Response[object]], Response[object] | Awaitable[Response[object]]]"
Middleware: TypeAlias = "Callable[[ASGIApp], ASGIApp]"

DEFAULT_MAX_BODY_SIZE: Final = 10 * 1024 * 1024
DEFAULT_MAX_QUERY_PARAMS: Final = 1000
DEFAULT_MAX_RANGES: Final = 100
DEFAULT_WEBSOCKET_MAX_MESSAGE_SIZE: Final = 1024 * 1024


class LayerOptions(TypedDict, total=False):
    """Options accepted by `App`, `Router` and every route decorator.

    Attributes:
        media_type: the response media type for `str`/`bytes`/encodable returns;
            `MediaType.MESSAGEPACK` makes structured returns MessagePack. A tuple, e.g.
            `(MediaType.JSON, MediaType.MESSAGEPACK)`, picks one per request from the
            request's `Accept` (406 when none fits).
        type_encoders: `{MyType: fn}` teaches the encoder a type msgspec does not know;
            `fn` turns a value into something it does.
        request_max_body_size: bytes of body read at most (default 10 MiB); more is 413.
        strict_content_type: when True (the default) a `Body` without a content type is 415;
            when False it is read as JSON.
        max_query_params: query-string pairs read at most (default 1,000); more is 400.
        websocket_max_message_size: bytes one received WebSocket message may have
            (default 1 MiB); a larger one closes the connection with 1009.
        response_headers: headers every response of the layer sends (a mapping, or
            `ResponseHeader` values); the closest layer wins for a name, and what a returned
            `Response` sets wins over all. `documentation_only` headers are never sent.
        response_cookies: cookies every response of the layer sets (a mapping of key to
            value, or `SetCookie` values); merged by key like `response_headers`.
        cache_control: a `CacheControlHeader` every response of the layer sends.
        etag: an `ETag` every response of the layer sends; a GET or HEAD whose
            `If-None-Match` matches it answers 304 without running the handler.
        after_request: a pure function `Response -> Response` (sync or async) applied to
            every response the layer's handlers return (not to error answers).
        exception_handlers: `{ExceptionType | status_code: fn(request, exc) -> Response}`
            or a list of `ExceptionHandler` pairs (typed); merged by key across layers.
        max_fields, max_files, max_part_size: form limits (1,000 fields, 100 files, 1 MiB
            per non-file value and per part's headers); a count over is 400, a size 413.
        max_ranges: byte ranges a `File` answers in one request (100; overlapping ones
            merged); more is 416.
        middleware: ASGI middleware factories `Callable[[ASGIApp], ASGIApp]`, outermost
            first. On the App they wrap everything (404s too); on a Router or handler they
            wrap that layer's routes.
    """

    media_type: MediaType | str | tuple[MediaType | str, ...]
    response_headers: Mapping[str, str] | Sequence[ResponseHeader]
    response_cookies: Mapping[str, str] | Sequence[SetCookie]
    type_encoders: TypeEncoders
    request_max_body_size: int
    strict_content_type: bool
    max_query_params: int
    websocket_max_message_size: int
    cache_control: CacheControlHeader
    etag: ETag
    after_request: AfterRequest
    exception_handlers: ExceptionHandlersInput
    middleware: Sequence[Middleware]
    max_fields: int
    max_files: int
    max_part_size: int
    max_ranges: int


class HandlerOptions(LayerOptions, total=False):
    """Options of the route decorators: the layered ones and the handler's own.

    Attributes:
        status_code: the success status (default: POST 201, DELETE 204, others 200).
        name: the route's name for `url_for` (default: the function's name).
        sync_to_thread: run a sync handler in a worker thread (default True).
        background: a `BackgroundTask` (or `BackgroundTasks`) run after every successful
            response of the route, after any the returned `Response` carries.
        include_in_schema, summary, description, tags: documentation of the route.
    """

    status_code: int
    name: str
    sync_to_thread: bool
    background: BackgroundTask[...] | BackgroundTasks
    include_in_schema: bool
    summary: str
    description: str
    tags: Sequence[str]


class Resolved(msgspec.Struct, frozen=True):
    """The options in force for one route after every layer is applied."""

    media_type: str | tuple[str, ...] | None
    type_encoders: Mapping[type, Callable[[Never], object]]
    request_max_body_size: int
    strict_content_type: bool
    max_query_params: int
    headers: tuple[ResponseHeader, ...] = ()
    cookies: tuple[SetCookie, ...] = ()
    after_request: AfterRequest | None = None
    exception_handlers: HandlerMap | None = None
    middleware: tuple[Middleware, ...] = ()
    etag: ETag | None = None
    """The closest layer's ETag (sent unless documentation-only, and matched for 304s)."""
    form_limits: FormLimits = FormLimits()
    max_ranges: int = DEFAULT_MAX_RANGES
    """The layers' middleware, outermost first (the App's own is not here: it wraps the App)."""
    websocket_max_message_size: int = DEFAULT_WEBSOCKET_MAX_MESSAGE_SIZE


def resolve(layers: Sequence[LayerOptions]) -> Resolved:
    """Merge layers given outermost first (`layers[0]` is the App's); a closer layer wins.

    >>> resolve([{"request_max_body_size": 10}, {"request_max_body_size": 5}]).request_max_body_size
    5
    """
    media_type: str | tuple[str, ...] | None = None
    type_encoders: dict[type, Callable[[Never], object]] = {}
    max_body = DEFAULT_MAX_BODY_SIZE
    strict = True
    max_query = DEFAULT_MAX_QUERY_PARAMS
    ws_max_message = DEFAULT_WEBSOCKET_MAX_MESSAGE_SIZE
    headers: dict[str, ResponseHeader] = {}
    cookies: dict[str, SetCookie] = {}
    after_request: AfterRequest | None = None
    etag_value: ETag | None = None
    form_limits = FormLimits()
    max_ranges = DEFAULT_MAX_RANGES
    handlers: list[ExceptionHandlersInput] = []
    middleware: list[Middleware] = []
    for index, layer in enumerate(layers):
        extra: list[ResponseHeader] = []
        if "cache_control" in layer:
            cache = layer["cache_control"]
            extra.append(ResponseHeader("Cache-Control", cache.to_header(), documentation_only=cache.documentation_only))
        if "etag" in layer:
            etag = etag_value = layer["etag"]
            extra.append(
                ResponseHeader("ETag", etag.to_header() if etag.value is not None else None, documentation_only=etag.documentation_only)
            )
        for header in extra:
            headers.pop(header.name.lower(), None)
            headers[header.name.lower()] = header
        for header in _headers(layer.get("response_headers", ())):
            headers.pop(header.name.lower(), None)  # re-insert: the closer layer's spelling and place
            headers[header.name.lower()] = header
        for cookie in _cookies(layer.get("response_cookies", ())):
            cookies.pop(cookie.key, None)
            cookies[cookie.key] = cookie
        if "media_type" in layer:
            given = layer["media_type"]
            media_type = tuple(str(m) for m in given) if isinstance(given, tuple) else str(given)
        type_encoders.update(layer.get("type_encoders", {}))
        max_body = layer.get("request_max_body_size", max_body)
        strict = layer.get("strict_content_type", strict)
        max_query = layer.get("max_query_params", max_query)
        ws_max_message = layer.get("websocket_max_message_size", ws_max_message)
        after_request = layer.get("after_request", after_request)
        max_ranges = layer.get("max_ranges", max_ranges)
        form_limits = FormLimits(
            layer.get("max_fields", form_limits.max_fields),
            layer.get("max_files", form_limits.max_files),
            layer.get("max_part_size", form_limits.max_part_size),
        )
        if "exception_handlers" in layer:
            handlers.append(layer["exception_handlers"])
        if index > 0:  # the App's own middleware wraps the whole App, not each route
            middleware.extend(layer.get("middleware", ()))
    from lanner._exception_handlers import merge_handlers

    return Resolved(
        media_type,
        type_encoders,
        max_body,
        strict,
        max_query,
        tuple(headers.values()),
        tuple(cookies.values()),
        after_request,
        merge_handlers(handlers),
        tuple(middleware),
        etag_value,
        form_limits=form_limits,
        max_ranges=max_ranges,
        websocket_max_message_size=ws_max_message,
    )


def _headers(given: Mapping[str, str] | Sequence[ResponseHeader]) -> tuple[ResponseHeader, ...]:
    if isinstance(given, Mapping):
        return tuple(ResponseHeader(name, value) for name, value in given.items())
    return tuple(given)


def _cookies(given: Mapping[str, str] | Sequence[SetCookie]) -> tuple[SetCookie, ...]:
    if isinstance(given, Mapping):
        return tuple(SetCookie(key, value) for key, value in given.items())
    return tuple(given)


LAYER_KEYS: Final = frozenset(LayerOptions.__annotations__)
HANDLER_KEYS: Final = frozenset(HandlerOptions.__annotations__)


def unknown_options(options: Mapping[str, object], allowed: frozenset[str], where: str) -> None:
    """Refuse option names nobody reads: a typo would otherwise be silently ignored."""
    import difflib

    from lanner._errors import ImproperlyConfigured

    for name in sorted(set(options) - allowed):
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f'did you mean "{close[0]}"?' if close else f"the options are {', '.join(sorted(allowed))}"
        raise ImproperlyConfigured(f'{where} has an unknown option "{name}"; {hint}')
