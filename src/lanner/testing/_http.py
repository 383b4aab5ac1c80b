"""The testing package's one door to its HTTP client library, httpx.

Every other module takes httpx's names from here, so moving to another client library
(httpx2, say) is a change to this file alone.
"""

from __future__ import annotations

from httpx import (
    AsyncBaseTransport,
    AsyncByteStream,
    AsyncClient,
    BaseTransport,
    Client,
    Request,
    Response,
    SyncByteStream,
)

from lanner.testing._scope import RequestTarget

__all__ = [
    "AsyncBaseTransport",
    "AsyncByteStream",
    "AsyncClient",
    "BaseTransport",
    "Client",
    "Request",
    "Response",
    "SyncByteStream",
    "make_response",
    "read_body",
    "read_body_async",
    "request_target",
]


def request_target(request: Request) -> RequestTarget:
    url = request.url
    return RequestTarget(
        method=request.method,
        scheme=url.scheme,
        host=url.host,
        port=url.port,
        raw_path=url.raw_path.partition(b"?")[0],
        query_string=url.query,
        headers=[(name.lower(), value) for name, value in request.headers.raw],
    )


def read_body(request: Request) -> list[bytes]:
    """The request body in the chunks it was given in, so the app sees them one by one."""
    if not isinstance(request.stream, SyncByteStream):
        raise TypeError("The sync test client got a request with an async body.")
    return list(request.stream)


async def read_body_async(request: Request) -> list[bytes]:
    if not isinstance(request.stream, AsyncByteStream):
        raise TypeError("The async test client got a request with a sync body.")
    return [chunk async for chunk in request.stream]


def make_response(
    request: Request,
    status: int,
    headers: list[tuple[bytes, bytes]],
    stream: SyncByteStream | AsyncByteStream | None = None,
) -> Response:
    """A response on the given body stream; with no stream, an empty body."""
    return Response(
        status,
        headers=headers,
        stream=stream,
        content=b"" if stream is None else None,
        request=request,
        extensions={"http_version": b"HTTP/1.1"},
    )
