"""Turn a finished response into ASGI messages. Runs per request, on prebuilt headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from lanner._errors import HTTPError, encode_error_body
from lanner._types import Message, Send

RawHeaders = list[tuple[bytes, bytes]]

JSON_CONTENT_TYPE: Final = (b"content-type", b"application/json")
_NO_BODY_STATUSES: Final = frozenset({204, 304})
# The Content-Length header of every small body, made once: most API answers are small.
_SMALL_LENGTHS: Final = tuple((b"content-length", str(size).encode()) for size in range(1024))


def body_messages(status: int, headers: RawHeaders, body: bytes, head: bool = False) -> tuple[Message, Message]:
    """The `http.response.start` and `http.response.body` messages of a complete response.

    `headers` is a fresh list this call may extend. HEAD answers keep the GET's
    Content-Length and send no body. 204 and 304 never carry a body or a Content-Length
    (RFC 9110 §8.6). A plain function, not a coroutine: the endpoints send the two messages
    themselves, one coroutine less per request.
    """
    if status in _NO_BODY_STATUSES or status < 200:
        body = b""
    else:
        size = len(body)
        headers.append(_SMALL_LENGTHS[size] if size < 1024 else (b"content-length", str(size).encode()))
        if head:
            body = b""
    return (
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body},
    )


async def send_body(
    send: Send, status: int, headers: RawHeaders, body: bytes, head: bool = False
) -> None:
    """Send a complete response (see `body_messages`); `headers` is a fresh list this call may extend."""
    start, body_message = body_messages(status, headers, body, head)
    await send(start)
    await send(body_message)


def error_headers(error: HTTPError, extra: Sequence[tuple[bytes, bytes]] = ()) -> RawHeaders:
    """The headers of an error answer: JSON, the error's own headers, then `extra`."""
    headers: RawHeaders = [JSON_CONTENT_TYPE, *extra]
    if error.headers:
        headers.extend(
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in error.headers.items()
        )
    return headers


async def send_error(
    send: Send, error: HTTPError, head: bool = False, extra: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    """Answer with `error` as its JSON document."""
    await send_body(send, error.status_code, error_headers(error, extra), encode_error_body(error), head)
