"""Read a request body within its size limit, and decode `Body[T]` from JSON or MessagePack.

`BodyDecoder` is built once per route, with msgspec decoders for `T` made then; per request
it checks the content type (415), decodes and validates (400), and never reads past
`request_max_body_size` (413).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Final

import msgspec

from lanner._errors import (
    BadRequest,
    ClientDisconnected,
    ErrorDetail,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationError,
)
from lanner._media import is_json, is_msgpack
from lanner._types import Receive, Scope

_TOO_LARGE: Final = "Request body is larger than the limit of {limit} bytes"


# Content-Type values already read (raw value → media type). Clients send a handful of them;
# the bound keeps made-up values from growing it without end.
_MEDIA_TYPES: Final[dict[bytes, str]] = {}
_MEDIA_TYPES_MAX: Final = 64


def _read_media_type(value: bytes) -> str:
    media_type = value.decode("latin-1").partition(";")[0].strip().lower()
    if len(_MEDIA_TYPES) < _MEDIA_TYPES_MAX:
        _MEDIA_TYPES[value] = media_type
    return media_type


def body_headers(scope: Scope) -> tuple[str | None, int | None]:
    """The request's media type (lower-cased, no parameters) and declared Content-Length."""
    media_type: str | None = None
    length: int | None = None
    for name, value in scope["headers"]:
        if name == b"content-type":
            media_type = _MEDIA_TYPES.get(value)
            if media_type is None:
                media_type = _read_media_type(value)
        elif name == b"content-length":
            if not (value.isdigit() and len(value) < 20):
                raise BadRequest("Content-Length must be a non-negative integer")
            length = int(value)
    return media_type, length


async def read_body(receive: Receive, limit: int, declared: int | None) -> bytes:
    """The whole body; 413 as soon as it (or its declared length) is over `limit`."""
    if declared is not None and declared > limit:
        raise PayloadTooLarge(_TOO_LARGE.format(limit=limit))
    message = await receive()
    if message["type"] != "http.request":
        raise ClientDisconnected
    body: bytes = message.get("body", b"")
    # The body is whole when the server says so, or once it has its declared length: some
    # servers (granian) end every body with an empty message, and not waiting for it saves
    # a round trip to the server per request.
    if not message.get("more_body", False) or len(body) == declared:
        if len(body) > limit:
            raise PayloadTooLarge(_TOO_LARGE.format(limit=limit))
        return body  # the common case: one chunk, no copy
    chunks = [body]
    size = len(body)
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientDisconnected
        chunk: bytes = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(_TOO_LARGE.format(limit=limit))
            chunks.append(chunk)
        if not message.get("more_body", False) or size == declared:
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def stream_body(receive: Receive, limit: int, declared: int | None) -> AsyncIterator[bytes]:
    """The body chunk by chunk as it arrives, with the same limit as `read_body`."""
    if declared is not None and declared > limit:
        raise PayloadTooLarge(_TOO_LARGE.format(limit=limit))
    size = 0
    message = await receive()
    if message["type"] != "http.request":
        raise ClientDisconnected
    first: bytes = message.get("body", b"")
    size += len(first)
    if size > limit:
        raise PayloadTooLarge(_TOO_LARGE.format(limit=limit))
    if first:
        yield first
    if not message.get("more_body", False) or size == declared:
        return  # whole: see `read_body`
    async with contextlib.aclosing(_more_chunks(receive)) as more:
        async for chunk in more:
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(_TOO_LARGE.format(limit=limit))
            if chunk:
                yield chunk
            if size == declared:
                return


async def _more_chunks(receive: Receive) -> AsyncGenerator[bytes, None]:
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientDisconnected
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


class BodyDecoder:
    """Decodes one route's `Body[T]`; decoders for `T` are built with the route."""

    __slots__ = ("_json", "_msgpack", "_raw", "_strict")

    def __init__(self, annotation: object, *, strict_content_type: bool) -> None:
        self._raw = annotation is bytes
        self._strict = strict_content_type
        self._json = msgspec.json.Decoder(annotation)
        self._msgpack = msgspec.msgpack.Decoder(annotation)

    @property
    def raw(self) -> bool:
        """`Body[bytes]`: the body as sent, whatever its content type."""
        return self._raw

    def decode(self, media_type: str | None, body: bytes) -> object:
        """The validated value; 415 for a content type it does not read, 400 when invalid."""
        if media_type == "application/json" and not self._raw:
            # The usual request, with `decode_with` inlined: one call less.
            try:
                return self._json.decode(body)
            except _DECODE_ERRORS as exc:
                raise body_error(exc, "JSON") from None
        if self._raw:
            return body
        if media_type is None or media_type == "":
            if self._strict:
                raise UnsupportedMediaType(
                    "The request body has no Content-Type; send application/json or "
                    "application/vnd.msgpack"
                )
            media_type = "application/json"
        if media_type == "application/json" or is_json(media_type):
            return decode_with(self._json.decode, body, "JSON")
        if is_msgpack(media_type):
            return decode_with(self._msgpack.decode, body, "MessagePack")
        raise UnsupportedMediaType(
            f"Content-Type {media_type} is not supported here; send application/json or "
            "application/vnd.msgpack"
        )


_DECODE_ERRORS: Final = (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError)
"""Every way decoding a body can fail because of what the client sent."""


def decode_with(decode: Callable[[bytes], object], body: bytes, kind: str) -> object:
    """`decode(body)`, with every way it can fail as a 400 in the documented shape."""
    try:
        return decode(body)
    except _DECODE_ERRORS as exc:
        raise body_error(exc, kind) from None


def body_error(exc: Exception, kind: str) -> ValidationError:
    """The 400 for a body that failed to decode as `kind` ("JSON", "MessagePack")."""
    if isinstance(exc, msgspec.ValidationError):
        message, _, where = str(exc).partition(" - at `")
        return ValidationError([ErrorDetail("body", where.rstrip("`") or "$", message)])
    if isinstance(exc, RecursionError):
        return ValidationError([ErrorDetail("body", "$", f"{kind} is nested too deeply")])
    return ValidationError([ErrorDetail("body", "$", f"{kind} is malformed: {exc}")])
