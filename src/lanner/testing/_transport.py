"""httpx transports that hand requests straight to an ASGI app, streaming its responses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from functools import partial

import anyio
from anyio.abc import TaskGroup
from anyio.from_thread import BlockingPortal
from typing_extensions import override

from lanner._types import ASGIApp
from lanner.testing._exchange import HttpExchange
from lanner.testing._http import (
    AsyncBaseTransport,
    AsyncByteStream,
    BaseTransport,
    Request,
    Response,
    SyncByteStream,
    make_response,
    read_body,
    read_body_async,
    request_target,
)
from lanner.testing._scope import ConnectionSettings, http_scope

__all__ = ["AsyncTransport", "SyncTransport"]

PortalOpener = Callable[[], AbstractContextManager[BlockingPortal]]


class SyncTransport(BaseTransport):
    """Runs each request's app call through a blocking portal, i.e. an event loop thread.

    `open_portal` gives the client's own portal while it is used as a context manager,
    otherwise a fresh one, which then lives until the response is closed.
    """

    def __init__(
        self, app: ASGIApp, settings: ConnectionSettings, open_portal: PortalOpener
    ) -> None:
        self._app = app
        self._settings = settings
        self._open_portal = open_portal
        self._open_bodies: set[_SyncBody] = set()

    @override
    def handle_request(self, request: Request) -> Response:
        scope = http_scope(request_target(request), self._settings)
        body = read_body(request)
        with ExitStack() as portal_lifetime:
            portal = portal_lifetime.enter_context(self._open_portal())
            exchange = portal.call(
                partial(
                    HttpExchange,
                    self._app,
                    scope,
                    body,
                    raise_server_exceptions=self._settings.raise_server_exceptions,
                )
            )
            portal.start_task_soon(exchange.run)
            start = portal.call(exchange.response_start)
            if start is None:
                exchange.raise_for_missing_response()
                return make_response(request, 500, [])
            # From here the response body owns the portal, and closing it ends the exchange.
            lifetime = portal_lifetime.pop_all()
            stream = _SyncBody(portal, exchange, lifetime, self._open_bodies.discard)
        self._open_bodies.add(stream)
        return make_response(request, start.status, start.headers, stream)

    @override
    def close(self) -> None:
        for body in list(self._open_bodies):
            body.close()


class _SyncBody(SyncByteStream):
    def __init__(
        self,
        portal: BlockingPortal,
        exchange: HttpExchange,
        portal_lifetime: ExitStack,
        forget: Callable[[_SyncBody], None],
    ) -> None:
        self._portal = portal
        self._exchange = exchange
        self._portal_lifetime = portal_lifetime
        self._forget = forget
        self._closed = False

    @override
    def __iter__(self) -> Iterator[bytes]:
        # Closing the response inside the loop ends the loop: the portal may be gone by then.
        while not self._closed:
            chunk = self._portal.call(self._exchange.next_chunk)
            if chunk is None:
                break
            yield chunk
        if not self._closed:
            self._portal.call(self._exchange.finish)
            self._exchange.raise_app_error()

    @override
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._forget(self)
        with self._portal_lifetime:
            self._portal.call(self._exchange.aclose)
            self._exchange.raise_app_error()


class AsyncTransport(AsyncBaseTransport):
    """Runs each request's app call as a task in the client's task group, when it has one.

    Without one (the client is not used with `async with`) the app runs to completion inside
    the request and its body is buffered, so endless streams need `async with`.
    """

    def __init__(
        self,
        app: ASGIApp,
        settings: ConnectionSettings,
        task_group: Callable[[], TaskGroup | None],
    ) -> None:
        self._app = app
        self._settings = settings
        self._task_group = task_group
        self._open_bodies: set[_AsyncBody] = set()

    @override
    async def handle_async_request(self, request: Request) -> Response:
        exchange = HttpExchange(
            self._app,
            http_scope(request_target(request), self._settings),
            await read_body_async(request),
            raise_server_exceptions=self._settings.raise_server_exceptions,
        )
        task_group = self._task_group()
        if task_group is None:
            return await _buffered_response(request, exchange)
        task_group.start_soon(exchange.run)
        start = await exchange.response_start()
        if start is None:
            exchange.raise_for_missing_response()
            return make_response(request, 500, [])
        stream = _AsyncBody(exchange, self._open_bodies.discard)
        self._open_bodies.add(stream)
        return make_response(request, start.status, start.headers, stream)

    @override
    async def aclose(self) -> None:
        for body in list(self._open_bodies):
            await body.aclose()


class _AsyncBody(AsyncByteStream):
    def __init__(self, exchange: HttpExchange, forget: Callable[[_AsyncBody], None]) -> None:
        self._exchange = exchange
        self._forget = forget

    @override
    async def __aiter__(self) -> AsyncIterator[bytes]:
        while (chunk := await self._exchange.next_chunk()) is not None:
            yield chunk
        await self._exchange.finish()
        self._exchange.raise_app_error()

    @override
    async def aclose(self) -> None:
        self._forget(self)
        await self._exchange.aclose()
        self._exchange.raise_app_error()


async def _buffered_response(request: Request, exchange: HttpExchange) -> Response:
    # The app's errors are raised only after the task group has closed: raised inside it,
    # they would come out wrapped in an ExceptionGroup.
    chunks: list[bytes] = []
    async with anyio.create_task_group() as task_group:
        task_group.start_soon(exchange.run)
        start = await exchange.response_start()
        if start is not None:
            while (chunk := await exchange.next_chunk()) is not None:
                chunks.append(chunk)
            await exchange.finish()
        await exchange.aclose()
    if start is None:
        exchange.raise_for_missing_response()
        return make_response(request, 500, [])
    exchange.raise_app_error()
    return make_response(request, start.status, start.headers, _Buffered(b"".join(chunks)))


class _Buffered(AsyncByteStream):
    def __init__(self, content: bytes) -> None:
        self._content = content

    @override
    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._content
