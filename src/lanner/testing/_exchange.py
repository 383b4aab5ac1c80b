"""One HTTP request/response conversation with an ASGI app, seen from the client's side."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import anyio

from lanner._types import ASGIApp, Message, Scope
from lanner.testing._app_task import AppTask, ClientDisconnected

__all__ = ["BodyChunk", "HttpExchange", "ResponseStart"]


@dataclass(frozen=True)
class ResponseStart:
    status: int
    headers: list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class BodyChunk:
    data: bytes
    more: bool


class HttpExchange:
    """Feeds the request body to the app and hands its response over chunk by chunk.

    The client side calls `response_start()`, then `next_chunk()` until it returns None,
    then `finish()`; or `aclose()` at any point to hang up. Create it in the event loop
    thread that will `run()` it.
    """

    def __init__(
        self,
        app: ASGIApp,
        scope: Scope,
        body: Sequence[bytes],
        *,
        raise_server_exceptions: bool,
    ) -> None:
        self._app = app
        self._scope = scope
        self._raise_server_exceptions = raise_server_exceptions
        self._request_messages = deque(_request_messages(body))
        # No buffer: the app's send() waits for the client to take each message, the way a
        # socket applies backpressure, so an endless stream is produced only as it is read.
        self._outbox, self._inbox = anyio.create_memory_object_stream[ResponseStart | BodyChunk]()
        self._response_over = anyio.Event()
        self._task = AppTask(self._call_app)
        self._started = False
        self._completed = False
        self._hung_up = False
        self._body_read = False

    async def run(self) -> None:
        await self._task.run()

    async def response_start(self) -> ResponseStart | None:
        """The response's status and headers, or None if the app ended without any."""
        try:
            item = await self._inbox.receive()
        except anyio.EndOfStream:
            self._inbox.close()
            await self._task.wait()
            return None
        if not isinstance(item, ResponseStart):  # pragma: no cover - _send enforces order
            raise RuntimeError("body chunk arrived before the response start")
        return item

    async def next_chunk(self) -> bytes | None:
        """The next non-empty piece of the body, or None once the body is over."""
        while not self._body_read:
            try:
                item = await self._inbox.receive()
            except (anyio.EndOfStream, anyio.ClosedResourceError):
                # The app ended, or the client closed the response while still iterating it.
                item = BodyChunk(b"", more=False)
            if not isinstance(item, BodyChunk):  # pragma: no cover - _send enforces order
                raise RuntimeError("a second response start arrived")
            if not item.more:
                self._body_read = True
                self._inbox.close()
            if item.data:
                return item.data
        return None

    async def finish(self) -> None:
        """Wait for the app to return after a fully read response (it may still be working)."""
        await self._task.wait()

    async def aclose(self) -> None:
        """Hang up: the app sees `http.disconnect` and a failing `send()`, then is stopped."""
        if not self._completed:
            self._hung_up = True
        self._response_over.set()
        self._inbox.close()
        await self._task.stop()

    def raise_app_error(self) -> None:
        """Re-raise the app's exception, once, if the client surfaces server exceptions."""
        error = self._task.take_error()
        if error is not None and self._raise_server_exceptions:
            raise error

    def raise_for_missing_response(self) -> None:
        """For an app that ended without a response start: raise, unless a 500 should answer."""
        self.raise_app_error()
        if self._task.error is None and self._raise_server_exceptions:
            raise RuntimeError("The ASGI app returned without sending 'http.response.start'.")

    async def _call_app(self) -> None:
        with self._outbox:
            await self._app(self._scope, self._receive, self._send)

    async def _receive(self) -> Message:
        if self._request_messages:
            return self._request_messages.popleft()
        # As a server does (uvicorn does): once the response is over or the client hung up,
        # answer at once, without suspending, so `request.is_disconnected()` can see it.
        if not self._response_over.is_set():
            await self._response_over.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        if self._hung_up:
            raise ClientDisconnected("The test client closed the response.")
        kind = message["type"]
        if kind == "http.response.start":
            if self._started:
                raise RuntimeError("'http.response.start' was sent twice.")
            self._started = True
            headers = [(bytes(name), bytes(value)) for name, value in message.get("headers", [])]
            await self._deliver(ResponseStart(int(message["status"]), headers))
        elif kind == "http.response.body":
            self._check_body_allowed(kind)
            body, more = bytes(message.get("body", b"")), bool(message.get("more_body"))
            await self._deliver_body(body, more)
        elif kind == "http.response.pathsend" and kind in self._scope["extensions"]:
            self._check_body_allowed(kind)
            path = str(message["path"])
            if not os.path.isabs(path):
                raise RuntimeError(f"{kind!r} needs an absolute path, got {path!r}.")
            await self._deliver_body(await anyio.Path(path).read_bytes(), more=False)
        else:
            raise RuntimeError(f"Unexpected ASGI message {kind!r} on an HTTP connection.")

    def _check_body_allowed(self, kind: str) -> None:
        if not self._started:
            raise RuntimeError(f"{kind!r} was sent before 'http.response.start'.")
        if self._completed:
            raise RuntimeError(f"{kind!r} was sent after the response was complete.")

    async def _deliver_body(self, data: bytes, more: bool) -> None:
        # Marked before handing over, so a send racing this one is refused as a protocol error.
        self._completed = not more
        await self._deliver(BodyChunk(data, more))
        if not more:
            self._response_over.set()

    async def _deliver(self, item: ResponseStart | BodyChunk) -> None:
        try:
            await self._outbox.send(item)
        except anyio.BrokenResourceError:
            raise ClientDisconnected("The test client closed the response.") from None


def _request_messages(body: Sequence[bytes]) -> list[Message]:
    chunks = [chunk for chunk in body if chunk] or [b""]
    last = len(chunks) - 1
    return [
        {"type": "http.request", "body": chunk, "more_body": index < last}
        for index, chunk in enumerate(chunks)
    ]
