"""The WebSocket sessions a test drives: one blocking, one async, same methods."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from functools import partial
from types import TracebackType
from typing import Any, Self

import anyio
from anyio.abc import TaskGroup
from anyio.from_thread import BlockingPortal

from lanner._types import ASGIApp, Message, Scope
from lanner.testing._websocket import (
    Accepted,
    WebSocketConversation,
    bytes_of,
    json_of,
    text_of,
)

__all__ = ["AsyncWebSocketSession", "WebSocketSession"]


def _text(data: str) -> Message:
    return {"type": "websocket.receive", "text": data}


def _bytes(data: bytes) -> Message:
    return {"type": "websocket.receive", "bytes": data}


def _json(data: object) -> Message:
    return _text(json.dumps(data, separators=(",", ":"), ensure_ascii=False))


class WebSocketSession:
    """A WebSocket connection to the app, for `TestClient`; use it as a context manager.

    Entering performs the handshake (raising `WebSocketDenied` if the app refuses); leaving
    closes the connection with code 1000 unless `close()` was called, and re-raises an
    exception the app raised.

    Example::

        with client.websocket_connect("/echo", subprotocols=["chat"]) as ws:
            assert ws.accepted_subprotocol == "chat"
            ws.send_json({"n": 1})
            assert ws.receive_json() == {"n": 1}
    """

    accepted_subprotocol: str | None
    """The subprotocol the app chose in `websocket.accept`, if any."""
    extra_headers: list[tuple[bytes, bytes]]
    """The headers the app added to `websocket.accept`."""

    def __init__(
        self,
        app: ASGIApp,
        scope: Scope,
        *,
        raise_server_exceptions: bool,
        open_portal: Callable[[], AbstractContextManager[BlockingPortal]],
    ) -> None:
        self._app = app
        self._scope = scope
        self._raise_server_exceptions = raise_server_exceptions
        self._open_portal = open_portal
        self._lifetime = ExitStack()
        self._live: tuple[BlockingPortal, WebSocketConversation] | None = None

    def __enter__(self) -> Self:
        with ExitStack() as lifetime:
            portal = lifetime.enter_context(self._open_portal())
            conversation = portal.call(
                partial(
                    WebSocketConversation,
                    self._app,
                    self._scope,
                    raise_server_exceptions=self._raise_server_exceptions,
                )
            )
            portal.start_task_soon(conversation.run)
            lifetime.callback(lambda: portal.call(conversation.close))
            self._accept(portal.call(conversation.connect))
            self._live = portal, conversation
            self._lifetime = lifetime.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._live = None
        self._lifetime.__exit__(exc_type, exc, traceback)

    def send_text(self, data: str) -> None:
        """Send a text message to the app."""
        self._call_send(_text(data))

    def send_bytes(self, data: bytes) -> None:
        """Send a binary message to the app."""
        self._call_send(_bytes(data))

    def send_json(self, data: object) -> None:
        """Send `data` as compact JSON in a text message."""
        self._call_send(_json(data))

    def receive_text(self) -> str:
        """The app's next message, which must be text; `WebSocketDisconnect` if it closed."""
        return text_of(self._call_receive())

    def receive_bytes(self) -> bytes:
        """The app's next message, which must be binary; `WebSocketDisconnect` if it closed."""
        return bytes_of(self._call_receive())

    def receive_json(self) -> Any:
        """The app's next message parsed as JSON (`Any`, like `httpx.Response.json()`)."""
        return json_of(self._call_receive())

    def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection: the app receives `websocket.disconnect` with this code."""
        portal, conversation = self._connection()
        portal.call(conversation.close, code, reason)

    def _accept(self, accepted: Accepted) -> None:
        self.accepted_subprotocol = accepted.subprotocol
        self.extra_headers = accepted.headers

    def _call_send(self, message: Message) -> None:
        portal, conversation = self._connection()
        portal.call(conversation.send, message)

    def _call_receive(self) -> Message:
        portal, conversation = self._connection()
        return portal.call(conversation.receive)

    def _connection(self) -> tuple[BlockingPortal, WebSocketConversation]:
        if self._live is None:
            raise RuntimeError("Use the WebSocket session in a `with` block.")
        return self._live


class AsyncWebSocketSession:
    """A WebSocket connection to the app, for `AsyncTestClient`; use with `async with`.

    The same methods as `WebSocketSession`, as coroutines. It works whether or not the client
    itself is inside `async with`.

    Example::

        async with client.websocket_connect("/echo") as ws:
            await ws.send_text("hi")
            assert await ws.receive_text() == "hi"
    """

    accepted_subprotocol: str | None
    """The subprotocol the app chose in `websocket.accept`, if any."""
    extra_headers: list[tuple[bytes, bytes]]
    """The headers the app added to `websocket.accept`."""

    def __init__(
        self,
        app: ASGIApp,
        scope: Scope,
        *,
        raise_server_exceptions: bool,
        client_task_group: Callable[[], TaskGroup | None],
    ) -> None:
        self._app = app
        self._scope = scope
        self._raise_server_exceptions = raise_server_exceptions
        self._client_task_group = client_task_group
        self._own_task_group: TaskGroup | None = None
        self._conversation: WebSocketConversation | None = None

    async def __aenter__(self) -> Self:
        task_group = self._client_task_group()
        if task_group is None:
            task_group = self._own_task_group = anyio.create_task_group()
            await task_group.__aenter__()
        conversation = WebSocketConversation(
            self._app, self._scope, raise_server_exceptions=self._raise_server_exceptions
        )
        task_group.start_soon(conversation.run)
        self._conversation = conversation
        try:
            accepted = await conversation.connect()
        except BaseException:
            await self._shut()
            raise
        self.accepted_subprotocol = accepted.subprotocol
        self.extra_headers = accepted.headers
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._shut()

    async def send_text(self, data: str) -> None:
        """Send a text message to the app."""
        await self._connection().send(_text(data))

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary message to the app."""
        await self._connection().send(_bytes(data))

    async def send_json(self, data: object) -> None:
        """Send `data` as compact JSON in a text message."""
        await self._connection().send(_json(data))

    async def receive_text(self) -> str:
        """The app's next message, which must be text; `WebSocketDisconnect` if it closed."""
        return text_of(await self._connection().receive())

    async def receive_bytes(self) -> bytes:
        """The app's next message, which must be binary; `WebSocketDisconnect` if it closed."""
        return bytes_of(await self._connection().receive())

    async def receive_json(self) -> Any:
        """The app's next message parsed as JSON (`Any`, like `httpx.Response.json()`)."""
        return json_of(await self._connection().receive())

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection: the app receives `websocket.disconnect` with this code."""
        await self._connection().close(code, reason)

    async def _shut(self) -> None:
        conversation, self._conversation = self._conversation, None
        task_group, self._own_task_group = self._own_task_group, None
        try:
            if conversation is not None:
                await conversation.close()
        finally:
            if task_group is not None:
                # Exited without the in-flight exception, which would come out wrapped in
                # an ExceptionGroup; cancelling first makes sure nothing is left to wait for.
                task_group.cancel_scope.cancel()
                await task_group.__aexit__(None, None, None)

    def _connection(self) -> WebSocketConversation:
        if self._conversation is None:
            raise RuntimeError("Use the WebSocket session in an `async with` block.")
        return self._conversation
