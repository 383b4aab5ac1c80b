"""One WebSocket conversation with an ASGI app, and the exceptions a test sees from it."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import anyio

from lanner._types import ASGIApp, Message, Scope
from lanner._websocket.connection import WebSocketDisconnect  # one class for both ends
from lanner.testing._app_task import AppTask, ClientDisconnected

__all__ = [
    "Accepted",
    "WebSocketConversation",
    "WebSocketDenied",
    "WebSocketDisconnect",
    "bytes_of",
    "json_of",
    "text_of",
]


class WebSocketDenied(Exception):
    """The app refused the WebSocket handshake.

    `status_code` is 403 when the app closed before accepting; otherwise the status of the
    denial response it sent (ASGI `websocket.http.response`), with its `headers` and `body`.

    Example::

        with pytest.raises(WebSocketDenied) as denied:
            with client.websocket_connect("/private"):
                pass
        assert denied.value.status_code == 403
    """

    def __init__(
        self, status_code: int, headers: list[tuple[bytes, bytes]] | None = None, body: bytes = b""
    ) -> None:
        super().__init__(f"WebSocket handshake denied with status {status_code}")
        self.status_code = status_code
        self.headers = headers or []
        self.body = body


@dataclass(frozen=True)
class Accepted:
    subprotocol: str | None
    headers: list[tuple[bytes, bytes]]


class WebSocketConversation:
    """The client end: `run()` as a task, `connect()`, then `send()`/`receive()`, `close()`.

    Create it in the event loop thread that will `run()` it.
    """

    def __init__(self, app: ASGIApp, scope: Scope, *, raise_server_exceptions: bool) -> None:
        self._app = app
        self._scope = scope
        self._raise_server_exceptions = raise_server_exceptions
        # Unbounded both ways: WebSocket messages flow independently, neither side waits.
        self._to_app, self._app_inbox = anyio.create_memory_object_stream[Message](math.inf)
        self._from_app, self._client_inbox = anyio.create_memory_object_stream[Message](math.inf)
        self._task = AppTask(self._call_app)
        self._state = "connecting"  # -> accepted | denying -> closed
        self._client_closed = False
        self._disconnect_message: Message = {"type": "websocket.disconnect", "code": 1006}
        self._closed_by_app: WebSocketDisconnect | None = None

    async def run(self) -> None:
        await self._task.run()

    async def connect(self) -> Accepted:
        """Send `websocket.connect`; return the acceptance or raise `WebSocketDenied`."""
        await self.send({"type": "websocket.connect"})
        message = await self._next_from_app()
        if message is None:
            self._raise_app_error()
            if self._task.error is None and self._raise_server_exceptions:
                raise RuntimeError("The ASGI app returned without answering the handshake.")
            raise WebSocketDenied(500)
        if message["type"] == "websocket.accept":
            return Accepted(message.get("subprotocol"), _byte_pairs(message.get("headers", [])))
        if message["type"] == "websocket.close":
            raise WebSocketDenied(403)
        status, headers, body = message["status"], _byte_pairs(message.get("headers", [])), b""
        while (part := await self._next_from_app()) is not None:
            body += part.get("body", b"")
            if not part.get("more_body"):
                break
        raise WebSocketDenied(status, headers, body)

    async def send(self, message: Message) -> None:
        if self._client_closed:
            raise RuntimeError("The WebSocket session is closed.")
        try:
            self._to_app.send_nowait(message)
        except anyio.BrokenResourceError:
            pass  # the app has ended; like a socket's peer, it never reads this

    async def receive(self) -> Message:
        """The next `websocket.send` message; raises `WebSocketDisconnect` once closed."""
        if self._closed_by_app is None:
            message = await self._next_from_app()
            if message is not None and message["type"] == "websocket.send":
                return message
            if message is None:
                self._raise_app_error()
                # uvicorn's codes: 1011 after a crash, 1000 when the app just returned.
                code = 1000 if self._task.error is None else 1011
                self._closed_by_app = WebSocketDisconnect(code)
            else:
                code, reason = message.get("code", 1000), message.get("reason") or ""
                self._closed_by_app = WebSocketDisconnect(code, reason)
        raise WebSocketDisconnect(self._closed_by_app.code, self._closed_by_app.reason)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Hang up: the app receives `websocket.disconnect`, then gets a grace period to end."""
        if not self._client_closed:
            self._disconnect_message = {
                "type": "websocket.disconnect",
                "code": code,
                "reason": reason or "",
            }
            await self.send(self._disconnect_message)
            self._client_closed = True
            self._to_app.close()
            await self._task.stop()
            self._client_inbox.close()
        self._raise_app_error()

    def _raise_app_error(self) -> None:
        error = self._task.take_error()
        if error is not None and self._raise_server_exceptions:
            raise error

    async def _next_from_app(self) -> Message | None:
        try:
            return await self._client_inbox.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            await self._task.wait()
            return None

    async def _call_app(self) -> None:
        with self._from_app, self._app_inbox:
            await self._app(self._scope, self._receive, self._send)

    async def _receive(self) -> Message:
        try:
            return await self._app_inbox.receive()
        except anyio.EndOfStream:
            return self._disconnect_message  # the client hung up; keep saying so

    async def _send(self, message: Message) -> None:
        if self._client_closed:
            raise ClientDisconnected("The test client closed the WebSocket.")
        kind = message["type"]
        allowed_in = _ALLOWED_STATES.get(kind)
        if allowed_in is None or self._state not in allowed_in:
            raise RuntimeError(f"Unexpected ASGI message {kind!r}: the WebSocket is {self._state}.")
        self._state = _NEXT_STATE.get(kind, self._state)
        if kind == "websocket.http.response.body" and not message.get("more_body"):
            self._state = "closed"
        try:
            self._from_app.send_nowait(message)
        except anyio.BrokenResourceError:
            raise ClientDisconnected("The test client closed the WebSocket.") from None


_ALLOWED_STATES = {
    "websocket.accept": ("connecting",),
    "websocket.send": ("accepted",),
    "websocket.close": ("connecting", "accepted"),
    "websocket.http.response.start": ("connecting",),
    "websocket.http.response.body": ("denying",),
}
_NEXT_STATE = {
    "websocket.accept": "accepted",
    "websocket.close": "closed",
    "websocket.http.response.start": "denying",
}


def _byte_pairs(pairs: Any) -> list[tuple[bytes, bytes]]:
    return [(bytes(name), bytes(value)) for name, value in pairs]


def text_of(message: Message) -> str:
    text = message.get("text")
    if not isinstance(text, str):
        raise TypeError("Expected a text message, but the app sent bytes.")
    return text


def bytes_of(message: Message) -> bytes:
    data = message.get("bytes")
    if not isinstance(data, bytes):
        raise TypeError("Expected a bytes message, but the app sent text.")
    return data


def json_of(message: Message) -> Any:
    """JSON from a text or a bytes message; `Any`, like `httpx.Response.json()`."""
    data = message.get("text")
    return json.loads(data if isinstance(data, str) else bytes_of(message))
