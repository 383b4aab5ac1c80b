"""`WebSocket`: one WebSocket connection, for `@websocket` handlers and their extractors.

Connection details (URL, headers, cookies, ...) are read lazily from the ASGI scope, as on
`Request`. Messages are checked against the route's `websocket_max_message_size` as they
arrive; typed receives validate with msgspec and fail with a `ValidationError` whose
details say `source="message"`.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, NoReturn, TypeVar, final, overload

import msgspec

from lanner._compat import override
from lanner._layers import DEFAULT_MAX_QUERY_PARAMS
from lanner._types import Message, Receive, Scope, Send
from lanner._websocket.codec import (
    DEFAULT_MAX_MESSAGE_SIZE,
    decode_message,
    expect_bytes,
    expect_text,
    json_decoder,
    msgpack_decoder,
)
from lanner._websocket.handshake import Handshake, choose_subprotocol, raw_headers

if TYPE_CHECKING:
    from lanner._app import App

__all__ = ["WebSocket", "WebSocketDisconnect"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
ConnectionState = Literal["connecting", "accepted", "closed"]

_encode_json: Final = msgspec.json.Encoder().encode
_encode_msgpack: Final = msgspec.msgpack.Encoder().encode


class WebSocketDisconnect(Exception):
    """The WebSocket connection is over, with a close `code` and `reason`.

    Raised by a receive (or send) once the peer closed the connection, or once lanner
    closed it (1009 for a message over the size limit). A handler may let it propagate:
    lanner treats it as the normal end of the connection. The test client raises the same
    class when the app closed the connection.

    >>> WebSocketDisconnect(1001, "going away").code
    1001
    """

    def __init__(self, code: int = 1000, reason: str = "") -> None:
        super().__init__(f"WebSocket closed with code {code}" + (f": {reason}" if reason else ""))
        self.code = code
        self.reason = reason


@final
class WebSocket(Handshake):
    """A WebSocket connection: annotate a handler or extractor parameter as `ws: WebSocket`.

    Accept it, exchange messages, close it. Typed receives decode and validate into the
    type you pass, like `Body[T]` does for HTTP:

    ```python
    @websocket("/chat")
    async def chat(ws: WebSocket) -> None:
        await ws.accept()
        async for message in ws.iter_json(Chat):   # ends when the client disconnects
            await ws.send_json(Chat(text=message.text.upper()))
    ```
    """

    __slots__ = (
        "_close_code",
        "_close_reason",
        "_encode_json",
        "_encode_msgpack",
        "_max_message_size",
        "_receive",
        "_send",
        "accepted_subprotocol",
        "connection_state",
    )

    def __init__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        app: App | None = None,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        max_query_params: int = DEFAULT_MAX_QUERY_PARAMS,
        encode_json: Callable[[object], bytes] = _encode_json,
        encode_msgpack: Callable[[object], bytes] = _encode_msgpack,
    ) -> None:
        """Wrap an ASGI websocket connection whose `websocket.connect` was already received."""
        super().__init__(scope, app, max_query_params)
        self._receive = receive
        self._send = send
        self._max_message_size = max_message_size
        self._encode_json = encode_json
        self._encode_msgpack = encode_msgpack
        self.connection_state: ConnectionState = "connecting"
        """`"connecting"` until `accept()`, `"accepted"`, then `"closed"` (by either side)."""
        self.accepted_subprotocol: str | None = None
        """The subprotocol `accept()` chose, if any."""
        self._close_code = 1000
        self._close_reason = ""

    # -- the conversation ---------------------------------------------------------------

    async def accept(
        self,
        subprotocols: str | Sequence[str] | None = None,
        headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    ) -> None:
        """Complete the handshake.

        `subprotocols` is the one to answer with (a `str`), or the ones you speak in your
        order of preference (a sequence): the first that the client offered is chosen, and
        none when the client offered none of them. `headers` are added to the handshake
        response.
        """
        if self.connection_state != "connecting":
            raise RuntimeError(f"accept() on a WebSocket that is already {self.connection_state}")
        chosen = choose_subprotocol(subprotocols, self.subprotocols)
        raw = [] if headers is None else raw_headers(headers)
        try:
            await self._send({"type": "websocket.accept", "subprotocol": chosen, "headers": raw})
        except OSError:  # the client gave up during the handshake
            self._ended(1006, "")
            raise WebSocketDisconnect(1006) from None
        self.connection_state = "accepted"
        self.accepted_subprotocol = chosen

    async def receive_data(self) -> str | bytes:
        """The next message: `str` for a text message, `bytes` for a binary one.

        Raises `WebSocketDisconnect` once the connection is over. A message larger than
        `websocket_max_message_size` closes the connection with 1009 and raises too.
        """
        if self.connection_state != "accepted":
            self._not_open("receive")
        message = await self._receive()
        if message["type"] == "websocket.disconnect":
            self._ended(message.get("code", 1005), message.get("reason") or "")
            raise WebSocketDisconnect(self._close_code, self._close_reason)
        text: str | None = message.get("text")
        if text is not None:
            if self._too_large(text):
                await self._refuse_large()
            return text
        data: bytes = message.get("bytes") or b""
        if len(data) > self._max_message_size:
            await self._refuse_large()
        return data

    async def receive_text(self) -> str:
        """The next message, which must be text (a binary one is a `ValidationError`)."""
        return expect_text(await self.receive_data())

    async def receive_bytes(self) -> bytes:
        """The next message, which must be binary (a text one is a `ValidationError`)."""
        return expect_bytes(await self.receive_data())

    @overload
    async def receive_json(self) -> object: ...
    @overload
    async def receive_json(self, type: type[T]) -> T: ...
    @overload
    async def receive_json(self, type: object) -> Any: ...
    async def receive_json(self, type: object = object) -> Any:
        """The next message (text or binary) decoded from JSON, validated as `type` if given.

        Malformed or invalid JSON raises `ValidationError` naming where, e.g. `$.text`.
        """
        return decode_message(json_decoder(type), await self.receive_data(), "JSON")

    @overload
    async def receive_msgpack(self) -> object: ...
    @overload
    async def receive_msgpack(self, type: type[T]) -> T: ...
    @overload
    async def receive_msgpack(self, type: object) -> Any: ...
    async def receive_msgpack(self, type: object = object) -> Any:
        """The next message, which must be binary, decoded from MessagePack (and validated)."""
        data = await self.receive_bytes()
        return decode_message(msgpack_decoder(type), data, "MessagePack")

    def iter_data(self) -> AsyncIterator[str | bytes]:
        """Every message as `str` or `bytes`, until the connection is over."""
        return _Messages(self.receive_data)

    @overload
    def iter_json(self) -> AsyncIterator[object]: ...
    @overload
    def iter_json(self, type: type[T]) -> AsyncIterator[T]: ...
    @overload
    def iter_json(self, type: object) -> AsyncIterator[Any]: ...
    def iter_json(self, type: object = object) -> AsyncIterator[Any]:
        """Every message decoded from JSON (validated as `type`), until the connection is over.

        An invalid message raises `ValidationError` out of the loop; to answer it and go on,
        use `@websocket_listener`, or `receive_json` in a `try`.
        """
        return _Messages(functools.partial(self.receive_json, type))

    @overload
    def iter_msgpack(self) -> AsyncIterator[object]: ...
    @overload
    def iter_msgpack(self, type: type[T]) -> AsyncIterator[T]: ...
    @overload
    def iter_msgpack(self, type: object) -> AsyncIterator[Any]: ...
    def iter_msgpack(self, type: object = object) -> AsyncIterator[Any]:
        """Every binary message decoded from MessagePack, until the connection is over."""
        return _Messages(functools.partial(self.receive_msgpack, type))

    async def send_text(self, data: str) -> None:
        """Send a text message."""
        await self._send_message({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary message."""
        await self._send_message({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: object) -> None:
        """Send `data` encoded as JSON by msgspec (with the route's `type_encoders`), as text."""
        await self.send_text(self._encode_json(data).decode())

    async def send_msgpack(self, data: object) -> None:
        """Send `data` encoded as MessagePack by msgspec, as a binary message."""
        await self.send_bytes(self._encode_msgpack(data))

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection; before `accept()` this refuses the handshake (HTTP 403).

        Closing a connection that is already over does nothing.
        """
        if self.connection_state == "closed":
            return
        self._ended(code, reason or "")
        try:
            await self._send({"type": "websocket.close", "code": code, "reason": reason or ""})
        except OSError:
            pass  # the client is gone already: the connection is over either way

    # -- internals ----------------------------------------------------------------------

    async def _send_message(self, message: Message) -> None:
        if self.connection_state != "accepted":
            self._not_open("send")
        try:
            await self._send(message)
        except OSError:  # ASGI 2.4: the server's send raises an OSError once the client left
            self._ended(1006, "")
            raise WebSocketDisconnect(1006) from None

    def _not_open(self, action: str) -> NoReturn:
        if self.connection_state == "closed":
            raise WebSocketDisconnect(self._close_code, self._close_reason)
        raise RuntimeError(f"{action} on a WebSocket that is not accepted yet; await ws.accept() first")

    def _ended(self, code: int, reason: str) -> None:
        self.connection_state = "closed"
        self._close_code, self._close_reason = code, reason

    def _too_large(self, text: str) -> bool:
        limit = self._max_message_size
        if len(text) <= limit // 4:  # at most 4 bytes a character: no need to encode
            return False
        return len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit

    async def _refuse_large(self) -> None:
        reason = f"Message is larger than the limit of {self._max_message_size} bytes"
        await self.close(1009, reason)
        raise WebSocketDisconnect(1009, reason)

    @override
    def __repr__(self) -> str:
        return f"<WebSocket {self.scope.get('path', '')} {self.connection_state}>"


class _Messages(AsyncIterator[T_co]):
    """The messages of `iter_*`: an iterator, not a generator, so `break` leaves nothing open."""

    __slots__ = ("_receive",)

    def __init__(self, receive: Callable[[], Awaitable[T_co]]) -> None:
        self._receive = receive

    @override
    async def __anext__(self) -> T_co:
        try:
            return await self._receive()
        except WebSocketDisconnect:
            raise StopAsyncIteration from None
