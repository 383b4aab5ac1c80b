"""A `@websocket_listener`'s conversation: lanner runs the loop, the handler answers messages.

Accept; run `on_accept`; then for each message decode and validate it, call the handler,
and send what it returns. An invalid message, or an `HTTPError` the handler raises, is
answered with the error document and the loop goes on. When the connection is over,
`on_disconnect` runs.
"""

from __future__ import annotations

from collections.abc import Callable

import anyio
import msgspec

from lanner._extract.pipeline import call_sync, invoke
from lanner._errors import HTTPError, encode_error_body
from lanner._extract.program import Args
from lanner._websocket.codec import MessageDecoder
from lanner._websocket.connection import WebSocket
from lanner._websocket.endpoint import Conversation

__all__ = ["Call", "MessageCall", "listener_conversation"]


class Call(msgspec.Struct, frozen=True):
    """A function called with the connection's extracted values (a hook)."""

    fn: Callable[..., object]
    is_async: bool
    to_thread: bool
    args: Args


class MessageCall(msgspec.Struct, frozen=True):
    """The listener's handler: its extracted values plus the message, put in its place."""

    call: Call
    message_at: int | str
    """The message's index among the positional arguments, or its keyword."""
    decoder: MessageDecoder

    async def __call__(self, values: list[object], message: object) -> object:
        call = self.call
        positional, keywords = call.args
        args = [values[i] for i in positional]
        kwargs = {name: values[i] for name, i in keywords}
        if isinstance(self.message_at, str):
            kwargs[self.message_at] = message
        else:
            args.insert(self.message_at, message)
        if call.is_async:
            return await call.fn(*args, **kwargs)  # type: ignore[misc]  # a coroutine function
        return await call_sync(call.fn, call.to_thread, args, kwargs)


def listener_conversation(handler: MessageCall, on_accept: Call | None, on_disconnect: Call | None) -> Conversation:
    """The message loop of one listener route."""

    async def listen(ws: WebSocket, values: list[object]) -> None:
        await ws.accept()
        try:
            if on_accept is not None:
                await _hook(on_accept, values)
            async for data in ws.iter_data():
                binary = isinstance(data, bytes)
                try:
                    reply = await handler(values, handler.decoder.decode(data))
                except HTTPError as exc:
                    # Same document as an HTTP error answer; the connection stays open.
                    document = encode_error_body(exc)
                    if binary:
                        await ws.send_msgpack(msgspec.json.decode(document))
                    else:
                        await ws.send_text(document.decode())
                    continue
                if reply is not None:
                    await _send(ws, reply, binary)
        finally:
            if on_disconnect is not None:
                with anyio.CancelScope(shield=True):
                    await _hook(on_disconnect, values)

    return listen


async def _hook(call: Call, values: list[object]) -> None:
    await invoke(call.fn, call.is_async, call.to_thread, values, call.args)


async def _send(ws: WebSocket, reply: object, binary: bool) -> None:
    """`str` as text, `bytes` as binary, anything else in the format the message came in."""
    if isinstance(reply, str):
        await ws.send_text(reply)
    elif isinstance(reply, bytes):
        await ws.send_bytes(reply)
    elif binary:
        await ws.send_msgpack(reply)
    else:
        await ws.send_json(reply)
