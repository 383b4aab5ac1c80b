"""`@websocket(path)` and `@websocket_listener(path)`: WebSocket routes from typed functions.

A decorated function becomes a `WebSocketHandler`, which `App` and `Router` accept next to
HTTP handlers and which is still callable as the plain function. Nothing is checked here:
the App checks every handler when it is built, naming `WEBSOCKET /path` and the handler.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final, TypedDict, TypeVar

import msgspec

from lanner._compat import Unpack, override
from lanner._layers import LayerOptions, TypeEncoders
from lanner._routing.decorators import FunctionRoute, Routable, paths_of

__all__ = [
    "ListenerHooks",
    "WebSocketDecorator",
    "WebSocketHandler",
    "WebSocketOptions",
    "WebSocketRegistration",
    "websocket",
    "websocket_listener",
]

F = TypeVar("F", bound=Callable[..., object])
F_co = TypeVar("F_co", covariant=True)

Hook = Callable[..., object]
"""A listener hook: sync or async, its parameters extractors like a handler's."""


class WebSocketOptions(TypedDict, total=False):
    """Options of `@websocket` and `@websocket_listener`.

    Attributes:
        name: the route's name (default: the function's name).
        type_encoders: `{MyType: fn}` for `send_json`/`send_msgpack` and listener replies
            (merged with the App's and Routers').
        websocket_max_message_size: bytes one received message may have (default 1 MiB,
            layered); a larger one closes the connection with 1009.
        max_query_params: query-string pairs read at most (default 1,000).
        sync_to_thread: run a sync listener handler (or hook) in a worker thread (default True).
    """

    name: str
    type_encoders: TypeEncoders
    websocket_max_message_size: int
    max_query_params: int
    sync_to_thread: bool


WEBSOCKET_KEYS: Final = frozenset(WebSocketOptions.__annotations__)


class ListenerHooks(msgspec.Struct, frozen=True):
    """What makes a `WebSocketHandler` a listener: the hooks around its message loop."""

    on_accept: Hook | None = None
    on_disconnect: Hook | None = None


class WebSocketHandler(FunctionRoute[F_co, WebSocketOptions]):
    """A WebSocket route's function; calling it calls the function itself.

    >>> from lanner import WebSocket
    >>> @websocket("/echo")
    ... async def echo(ws: WebSocket) -> None:
    ...     await ws.accept()
    >>> echo.paths, echo.is_listener
    (('/echo',), False)
    """

    __slots__ = ("listener",)

    def __init__(
        self,
        fn: F_co,
        paths: tuple[str, ...],
        options: WebSocketOptions,
        listener: ListenerHooks | None = None,
    ) -> None:
        super().__init__(fn, paths, options)
        self.listener = listener

    @property
    def is_listener(self) -> bool:
        """Whether lanner runs the message loop (`@websocket_listener`)."""
        return self.listener is not None

    @override
    def __repr__(self) -> str:
        kind = "WebSocketListener" if self.is_listener else "WebSocketHandler"
        return f"<{kind} WEBSOCKET {', '.join(self.paths)} {self.name}>"


class WebSocketRegistration(msgspec.Struct, frozen=True):
    """A WebSocket handler found in the App's tree, with its Routers' prefix and layers."""

    handler: WebSocketHandler[Callable[..., object]]
    prefix: str
    layers: tuple[LayerOptions, ...]


class WebSocketDecorator:
    """What `websocket(path)` returns; applied to a function it gives a `WebSocketHandler`."""

    __slots__ = ("listener", "options", "paths")

    def __init__(
        self, paths: tuple[str, ...], options: WebSocketOptions, listener: ListenerHooks | None
    ) -> None:
        self.paths = paths
        self.options = options
        self.listener = listener

    def __call__(self, fn: F) -> WebSocketHandler[F]:
        if isinstance(fn, Routable):
            raise TypeError(f"{fn!r} already has a route; stack paths in one decorator instead")
        return WebSocketHandler(fn, self.paths, self.options, self.listener)


def websocket(path: str | Sequence[str], **options: Unpack[WebSocketOptions]) -> WebSocketDecorator:
    """A WebSocket route whose handler runs the conversation itself.

    The handler takes extractors (`Path`, `Query`, `Header`, `Cookie`, `State`, custom
    `Extract`) and the connection (`ws: WebSocket`), and returns `None`. It accepts, sends
    and receives; when it returns, lanner closes the connection (1000). Raising before
    `accept()` refuses the handshake; see docs/websockets.md for the close codes.

    >>> from lanner import Path, WebSocket
    >>> @websocket("/rooms/{room}")
    ... async def room(ws: WebSocket, room: Path[str]) -> None:
    ...     await ws.accept()
    ...     await ws.send_text(f"welcome to {room}")
    """
    return WebSocketDecorator(paths_of(path), options, None)


def websocket_listener(
    path: str | Sequence[str],
    *,
    on_accept: Hook | None = None,
    on_disconnect: Hook | None = None,
    **options: Unpack[WebSocketOptions],
) -> WebSocketDecorator:
    """A WebSocket route where lanner runs the loop and the handler answers one message.

    The handler's one parameter that is not an extractor (nor `WebSocket`) is the
    message: decoded from JSON (text messages) or MessagePack (binary messages) and
    validated as its annotation (`str` and `bytes` take text and binary messages as they
    are). Its return value is the reply, encoded by the return annotation: `None` sends
    nothing, `str` a text message, `bytes` a binary one, anything else JSON (MessagePack
    when the message was binary). An invalid message is answered with the 400 error
    document and the connection stays open.

    `on_accept` runs once the connection is accepted, `on_disconnect` once it is over;
    their parameters are extractors too, computed once per connection.

    >>> import msgspec
    >>> class Chat(msgspec.Struct):
    ...     text: str
    >>> @websocket_listener("/shout")
    ... async def shout(message: Chat) -> Chat:
    ...     return Chat(message.text.upper())
    >>> shout.is_listener
    True
    """
    return WebSocketDecorator(paths_of(path), options, ListenerHooks(on_accept, on_disconnect))
