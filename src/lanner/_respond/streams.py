"""`Stream` and `ServerSentEvent`: responses whose body is produced while it is sent.

Whatever the source (sync or async iterator, generator, or a callable returning one), it is
closed when the response ends, also when the client goes away mid-stream, so its `finally`
runs. Sync sources are stepped in a worker thread, never on the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator, Mapping
from typing import Final, TypeAlias, final

import anyio
import anyio.to_thread
import msgspec

from lanner._errors import check_header_text
from lanner._media import MediaType, with_charset
from lanner._types import Receive, Send

__all__ = ["SSEMessage", "ServerSentEvent", "Stream"]

_logger: Final = logging.getLogger("lanner")

Chunk: TypeAlias = bytes | str
Source: TypeAlias = (
    Iterable[Chunk]
    | AsyncIterable[Chunk]
    | Callable[[], Iterable[Chunk]]
    | Callable[[], AsyncIterable[Chunk]]
)


class _StreamSource(msgspec.Struct, frozen=True):
    iterator: Source


@final
class Stream(_StreamSource, frozen=True, kw_only=True):
    """A response body sent chunk by chunk as `iterator` produces it (`str` chunks are UTF-8).

    >>> async def numbers():
    ...     for n in range(3):
    ...         yield f"{n}\\n"
    >>> Stream(numbers(), media_type="text/plain").media_type
    'text/plain'
    """

    media_type: str = "application/octet-stream"
    status_code: int | None = None
    """None: the route's status (POST 201, ...)."""
    headers: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        check_header_text("media type", self.media_type)


class _EventData(msgspec.Struct, frozen=True):
    data: object = None


@final
class SSEMessage(_EventData, frozen=True, kw_only=True):
    """One server-sent event. `data` that is not `str`/`bytes` is sent as JSON.

    A newline in `data` splits it over several `data:` lines; CR or LF in `event` or `id`
    raises ValueError (they would end the field early).

    >>> SSEMessage("hi", event="greeting", id="1").encode()
    b'event: greeting\\nid: 1\\ndata: hi\\n\\n'
    """

    event: str | None = None
    id: str | None = None
    retry: int | None = None
    comment: str | None = None

    def __post_init__(self) -> None:
        for name, value in (("event", self.event), ("id", self.id)):
            if value is not None and ("\r" in value or "\n" in value or "\0" in value):
                raise ValueError(f"an SSE {name} cannot hold CR, LF or NUL: {value!r}")
        if self.retry is not None and (type(self.retry) is not int or self.retry < 0):
            raise ValueError(f"an SSE retry is a non-negative int of milliseconds, got {self.retry!r}")

    def encode(self, encode_json: Callable[[object], bytes] = msgspec.json.encode) -> bytes:
        """The event as it goes on the wire, ending with the blank line that ends an event."""
        lines: list[str] = []
        if self.comment is not None:
            lines.extend(f": {line}" for line in self.comment.splitlines() or [""])
        if self.event is not None:
            lines.append(f"event: {self.event}")
        if self.id is not None:
            lines.append(f"id: {self.id}")
        if self.retry is not None:
            lines.append(f"retry: {self.retry}")
        data = self.data
        if data is not None:
            if isinstance(data, bytes):
                text = data.decode()
            elif isinstance(data, str):
                text = data
            else:
                text = encode_json(data).decode()
            lines.extend(f"data: {line}" for line in text.splitlines() or [""])
        return ("\n".join(lines) + "\n\n").encode()


SSEItem: TypeAlias = str | bytes | SSEMessage
SSESource: TypeAlias = (
    Iterable[SSEItem]
    | AsyncIterable[SSEItem]
    | Callable[[], Iterable[SSEItem]]
    | Callable[[], AsyncIterable[SSEItem]]
)


class _EventSource(msgspec.Struct, frozen=True):
    iterator: SSESource


@final
class ServerSentEvent(_EventSource, frozen=True, kw_only=True):
    """A `text/event-stream` response: each item of `iterator` is one event.

    Items are `str`/`bytes` (sent as `data`) or `SSEMessage`. When nothing has been sent for
    `ping_interval` seconds (default 15; None turns it off) a comment line keeps proxies from
    closing the idle connection. Sent with `Cache-Control: no-cache` and
    `X-Accel-Buffering: no` (nginx would otherwise buffer the stream).
    """

    ping_interval: float | None = 15.0
    headers: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if self.ping_interval is not None and self.ping_interval <= 0:
            raise ValueError(f"ping_interval must be positive seconds or None, got {self.ping_interval!r}")


SSE_HEADERS: Final = (
    (b"content-type", with_charset(MediaType.SSE.value).encode()),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
)
PING: Final = b": ping\n\n"


def chunks_of(source: object) -> AsyncIterator[object]:
    """Any accepted source as one async iterator; a sync one is stepped in a worker thread."""
    if callable(source) and not isinstance(source, Iterable | AsyncIterable):
        source = source()
    if isinstance(source, AsyncIterable):
        return aiter(source)
    if isinstance(source, Iterable):
        return _from_sync(iter(source))
    raise TypeError(f"a stream needs an iterable or async iterable, got {type(source).__name__}")


_DONE: Final = object()


def _step(iterator: Iterator[object]) -> object:
    # StopIteration must not cross the thread and coroutine boundary (PEP 479).
    return next(iterator, _DONE)


async def _from_sync(iterator: Iterator[object]) -> AsyncIterator[object]:
    try:
        while (item := await anyio.to_thread.run_sync(_step, iterator)) is not _DONE:
            yield item
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(close)


async def send_stream(
    send: Send,
    receive: Receive,
    start: dict[str, object],
    source: AsyncIterator[object],
    to_bytes: Callable[[object], bytes],
    *,
    head: bool = False,
    ping: tuple[float, bytes] | None = None,
) -> None:
    """Send `start`, then each item of `source` as a body chunk, until it ends or the client goes.

    `source` is closed in every case. With `ping=(seconds, payload)` the payload is sent
    whenever the source has been quiet that long.
    """
    try:
        await send(start)
        if head:
            await send({"type": "http.response.body", "body": b""})
            return
        async with anyio.create_task_group() as group:
            group.start_soon(_cancel_on_disconnect, receive, group.cancel_scope)
            if ping is None:
                async for item in source:
                    await send({"type": "http.response.body", "body": to_bytes(item), "more_body": True})
            else:
                await _send_with_pings(send, source, to_bytes, ping, group)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            group.cancel_scope.cancel()
    except OSError:
        pass  # the connection is gone (ASGI 2.4: send raises once the client disconnected)
    except ExceptionGroup as group:
        # The task group wraps what its tasks raised; a gone client is no error.
        _, rest = group.split(OSError)
        if rest is not None:
            _logger.error("a streamed response failed after it started", exc_info=rest)
    except Exception:
        # The response has started: no error answer can follow. Leaving it incomplete makes
        # the server drop the connection, so the client knows the body is cut short.
        _logger.exception("a streamed response failed after it started")
    finally:
        aclose = getattr(source, "aclose", None)
        if aclose is not None:
            with anyio.CancelScope(shield=True):
                await aclose()


async def _cancel_on_disconnect(receive: Receive, scope: anyio.CancelScope) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
    scope.cancel()


async def _send_with_pings(
    send: Send,
    source: AsyncIterator[object],
    to_bytes: Callable[[object], bytes],
    ping: tuple[float, bytes],
    group: anyio.abc.TaskGroup,
) -> None:
    # The source runs in its own task, so waiting with a timeout never interrupts it mid-step.
    interval, payload = ping
    sender, receiver = anyio.create_memory_object_stream[object](0)

    async def produce() -> None:
        async with sender:
            async for item in source:
                await sender.send(item)

    group.start_soon(produce)
    async with receiver:
        while True:
            item: object = _DONE
            with anyio.move_on_after(interval):
                try:
                    item = await receiver.receive()
                except anyio.EndOfStream:
                    return
            body = payload if item is _DONE else to_bytes(item)
            await send({"type": "http.response.body", "body": body, "more_body": True})
