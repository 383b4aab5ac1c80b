"""`Request`: the HTTP connection, for handlers and extractors that ask for it.

Everything is read lazily from the ASGI scope on first use and then kept, so a request
that never looks at its cookies never parses them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, final

from lanner._compat import override

import anyio
import msgspec

from lanner._connection.accept import Accept
from lanner._connection.connection import Connection
from lanner._connection.datastructures import MultiDict
from lanner._connection.parsing import parse_content_type
from lanner._connection.upload import UploadFile
from lanner._connection.url import URL
from lanner._extract.body import body_headers, decode_with, read_body, stream_body
from lanner._layers import DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_QUERY_PARAMS
from lanner._multipart import FormLimits, read_form
from lanner._types import Message, Receive, Scope

if TYPE_CHECKING:
    from lanner._app import App

__all__ = ["Request"]


@final
class Request(Connection):
    """An HTTP request: annotate a handler or extractor parameter as `request: Request`.

    URL, headers, query parameters, cookies, client, state and app are `Connection`'s.

    The body can be read once as a stream (`stream()`), or any number of times after
    `await body()`; both stop at the route's `request_max_body_size` (413).
    """

    __slots__ = (
        "_body",
        "_disconnected",
        "_form_limits",
        "_max_body_size",
        "_pending",
        "_receive",
        "_streamed",
        "_uploads",
    )

    def __init__(
        self,
        scope: Scope,
        receive: Receive,
        *,
        app: App | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        max_query_params: int = DEFAULT_MAX_QUERY_PARAMS,
        form_limits: FormLimits | None = None,
        uploads: list[UploadFile] | None = None,
    ) -> None:
        super().__init__(scope, app, max_query_params)
        self._receive = receive
        self._max_body_size = max_body_size
        self._body: bytes | None = None
        self._streamed = False
        self._disconnected = False
        self._pending: list[Message] = []  # what is_disconnected() received ahead of the body
        self._form_limits = form_limits or FormLimits()
        self._uploads = uploads if uploads is not None else []  # closed after the response

    @property
    def method(self) -> str:
        """The HTTP method, upper-case."""
        method: str = self.scope["method"]
        return method

    @property
    def content_type(self) -> tuple[str, dict[str, str]]:
        """The body's media type and parameters: `("application/json", {"charset": "utf-8"})`."""
        return parse_content_type(self.headers.get("content-type") or "")

    @property
    def accept(self) -> Accept:
        """The `Accept` header, parsed; `best_match` picks among media types you can send."""
        return Accept(self.headers.get("accept") or "")

    def url_for(self, name: str, /, **path_params: object) -> URL:
        """The absolute URL of the route named `name`, under this request's base URL."""
        path = self.app.url_for(name, **path_params)
        base = self.base_url
        return base.replace(path=base.path.rstrip("/") + path)

    async def body(self) -> bytes:
        """The whole body (read once, then kept); 413 past the route's body limit."""
        if self._body is None:
            if self._streamed:
                raise RuntimeError(
                    "The request body was already read as a stream; await request.body() "
                    "first to read it more than once."
                )
            _, declared = body_headers(self.scope)
            self._body = await read_body(self._next_message, self._max_body_size, declared)
            self._streamed = True
        return self._body

    async def stream(self) -> AsyncIterator[bytes]:
        """The body chunk by chunk as it arrives (or at once, if `body()` already read it)."""
        if self._body is not None:
            if self._body:
                yield self._body
            return
        if self._streamed:
            raise RuntimeError("The request body was already read as a stream; it can be read once.")
        self._streamed = True
        _, declared = body_headers(self.scope)
        async for chunk in stream_body(self._next_message, self._max_body_size, declared):
            yield chunk

    async def _next_message(self) -> Message:
        if self._pending:
            return self._pending.pop(0)
        message = await self._receive()
        if message["type"] == "http.disconnect":
            self._disconnected = True
        return message

    async def is_disconnected(self) -> bool:
        """Whether the client has gone away, without waiting for it to say anything.

        A body chunk that arrives instead is kept for `body()` and `stream()`.
        """
        if self._disconnected:
            return True
        message: Message | None = None
        with anyio.CancelScope() as scope:
            scope.cancel()  # look, but do not wait
            message = await self._receive()
        if message is None:
            return False
        if message["type"] == "http.disconnect":
            self._disconnected = True
            return True
        self._pending.append(message)
        return False

    async def form(self) -> MultiDict[str | UploadFile]:
        """The body's form fields, untyped: text values and `UploadFile`s.

        `application/x-www-form-urlencoded` or `multipart/form-data`; another content type is
        a 415. The route's form limits apply (413/400). Files are closed after the response.
        """
        media_type, params = self.content_type
        pairs = await read_form(media_type, params, self.stream(), self._form_limits, self._uploads)
        return MultiDict(pairs)

    async def json(self) -> object:
        """The body decoded as JSON (untyped); malformed JSON is a 400."""
        return decode_with(msgspec.json.decode, await self.body(), "JSON")

    async def msgpack(self) -> object:
        """The body decoded as MessagePack (untyped); malformed input is a 400."""
        return decode_with(msgspec.msgpack.decode, await self.body(), "MessagePack")

    @override
    def __repr__(self) -> str:
        return f"<Request {self.method} {self.scope.get('path', '')}>"

