"""`TestClient` and `AsyncTestClient`: httpx clients wired straight to an ASGI app."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from types import TracebackType
from typing import Any, Literal, Self

import anyio
from anyio.abc import TaskGroup
from anyio.from_thread import BlockingPortal, start_blocking_portal
from typing_extensions import override

from lanner._types import ASGIApp, Scope
from lanner.testing._http import AsyncClient, Client, request_target
from lanner.testing._lifespan import Lifespan
from lanner.testing._scope import (
    ConnectionSettings,
    websocket_handshake_headers,
    websocket_scope,
)
from lanner.testing._sessions import AsyncWebSocketSession, WebSocketSession
from lanner.testing._transport import AsyncTransport, SyncTransport

__all__ = ["AsyncTestClient", "TestClient"]

_DEFAULT_HEADERS = {"user-agent": "testclient"}


class TestClient(Client):
    """A blocking `httpx.Client` that sends its requests to an ASGI app, in-process.

    The app runs in an event loop thread (`backend` "asyncio" or "trio"). As a context
    manager the client runs the app's lifespan around the block and keeps one event loop for
    all its requests; without one, each request gets its own loop and no lifespan runs.
    Responses stream, so `client.stream(...)` can read an endless response; closing it early
    disconnects the app.

    `raise_server_exceptions` re-raises an exception from the app after the response it sent
    (it also sets the scope's `"lanner.raise_server_exceptions"`, which tells lanner's App to
    re-raise after answering 500); when False, an app that fails before responding answers
    500 with an empty body, and one that fails later leaves the response it sent so far.
    `root_path` and `client` fill the scope keys of those names (like uvicorn, `path` includes
    `root_path`); `pathsend` offers the `http.response.pathsend` extension.

    Example::

        with TestClient(app) as client:
            assert client.get("/health").status_code == 200
            with client.websocket_connect("/ws") as ws:
                ws.send_text("ping")
    """

    __test__ = False  # not a test class, despite its name

    def __init__(
        self,
        app: ASGIApp,
        *,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        backend: Literal["asyncio", "trio"] = "asyncio",
        root_path: str = "",
        client: tuple[str, int] = ("testclient", 50000),
        pathsend: bool = False,
        follow_redirects: bool = True,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
    ) -> None:
        self.app = app
        self._backend = backend
        self._settings = ConnectionSettings(root_path, client, pathsend, raise_server_exceptions)
        self._portal: BlockingPortal | None = None
        self._lifetime = ExitStack()
        super().__init__(
            base_url=base_url,
            headers=_DEFAULT_HEADERS,
            cookies=dict(cookies or {}),
            follow_redirects=follow_redirects,
            transport=SyncTransport(app, self._settings, self._open_portal),
        )
        self.headers.update(headers or {})  # httpx's headers: names match in any case

    @override
    def __enter__(self) -> Self:
        super().__enter__()
        try:
            self._portal, self._settings.state = self._lifetime.enter_context(self._run_lifespan())
        except BaseException:
            self.close()
            raise
        return self

    @override
    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc_value, traceback)  # closes still-open responses
        finally:
            self._lifetime.__exit__(exc_type, exc_value, traceback)
            self._portal = None
            self._settings.state = {}

    def websocket_connect(
        self,
        path: str,
        subprotocols: Sequence[str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> WebSocketSession:
        """A WebSocket session with the app at `path`; connect by entering it with `with`.

        Example::

            with client.websocket_connect("/ws", subprotocols=["v1"]) as ws:
                ws.send_text("hello")
                assert ws.receive_text() == "hello"
        """
        return WebSocketSession(
            self.app,
            _websocket_scope(self, path, subprotocols or [], headers, self._settings),
            raise_server_exceptions=self._settings.raise_server_exceptions,
            open_portal=self._open_portal,
        )

    def _open_portal(self) -> AbstractContextManager[BlockingPortal]:
        if self._portal is not None:
            return nullcontext(self._portal)
        return start_blocking_portal(self._backend)

    @contextmanager
    def _run_lifespan(self) -> Iterator[tuple[BlockingPortal, dict[str, Any]]]:
        with start_blocking_portal(self._backend) as portal:
            lifespan = portal.call(Lifespan, self.app)
            portal.start_task_soon(lifespan.run)
            portal.call(lifespan.startup)
            try:
                yield portal, lifespan.state
            finally:
                portal.call(lifespan.shutdown)


class AsyncTestClient(AsyncClient):
    """An `httpx.AsyncClient` that sends its requests to an ASGI app, in-process.

    With `async with`, the client runs the app's lifespan around the block and runs each
    request's app call as a task of its own, so responses stream: `client.stream(...)` can
    read an endless response, and closing it early disconnects the app. Without `async with`
    the app runs to completion inside each request and its body is buffered, so endless
    streams need `async with`. The options are `TestClient`'s, less `backend`: this client
    runs on whichever event loop awaits it.

    To stop reading an endless stream, close the response inside the loop: the loop then
    ends cleanly, where `break` would leave httpx's async generators half-consumed (which
    trio reports as a ResourceWarning).

    Example::

        async with AsyncTestClient(app) as client:
            response = await client.get("/health")
            assert response.status_code == 200
            async with client.stream("GET", "/events") as events:
                async for line in events.aiter_lines():
                    if line == "data: done":
                        await events.aclose()
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        client: tuple[str, int] = ("testclient", 50000),
        pathsend: bool = False,
        follow_redirects: bool = True,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
    ) -> None:
        self.app = app
        self._settings = ConnectionSettings(root_path, client, pathsend, raise_server_exceptions)
        self._task_group: TaskGroup | None = None
        self._lifespan: Lifespan | None = None
        super().__init__(
            base_url=base_url,
            headers=_DEFAULT_HEADERS,
            cookies=dict(cookies or {}),
            follow_redirects=follow_redirects,
            transport=AsyncTransport(app, self._settings, self._current_task_group),
        )
        self.headers.update(headers or {})  # httpx's headers: names match in any case

    @override
    async def __aenter__(self) -> Self:
        await super().__aenter__()
        task_group = anyio.create_task_group()
        await task_group.__aenter__()
        lifespan = Lifespan(self.app)
        task_group.start_soon(lifespan.run)
        try:
            await lifespan.startup()
        except BaseException:
            await _close_task_group(task_group)
            await self.aclose()
            raise
        self._task_group, self._lifespan = task_group, lifespan
        self._settings.state = lifespan.state
        return self

    @override
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        task_group, lifespan = self._task_group, self._lifespan
        self._task_group = self._lifespan = None
        self._settings.state = {}
        try:
            await super().__aexit__(exc_type, exc_value, traceback)  # closes still-open responses
            if lifespan is not None:
                await lifespan.shutdown()
        finally:
            if task_group is not None:
                await _close_task_group(task_group)

    def websocket_connect(
        self,
        path: str,
        subprotocols: Sequence[str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncWebSocketSession:
        """A WebSocket session with the app at `path`; connect with `async with`.

        Example::

            async with client.websocket_connect("/ws") as ws:
                await ws.send_json({"hello": "world"})
                assert await ws.receive_json() == {"hello": "world"}
        """
        return AsyncWebSocketSession(
            self.app,
            _websocket_scope(self, path, subprotocols or [], headers, self._settings),
            raise_server_exceptions=self._settings.raise_server_exceptions,
            client_task_group=self._current_task_group,
        )

    def _current_task_group(self) -> TaskGroup | None:
        return self._task_group


async def _close_task_group(task_group: TaskGroup) -> None:
    # Whatever is left is a straggler: the lifespan and responses were ended gracefully
    # before. Exited without the in-flight exception, which would come out of the task
    # group wrapped in an ExceptionGroup.
    task_group.cancel_scope.cancel()
    await task_group.__aexit__(None, None, None)


def _websocket_scope(
    client: Client | AsyncClient,
    path: str,
    subprotocols: Sequence[str],
    headers: Mapping[str, str] | None,
    settings: ConnectionSettings,
) -> Scope:
    # httpx builds the handshake request, so base_url, default headers and cookies apply.
    handshake = websocket_handshake_headers(subprotocols)
    handshake.update((name.lower(), value) for name, value in (headers or {}).items())
    request = client.build_request("GET", path, headers=handshake)
    return websocket_scope(request_target(request), settings, subprotocols)
