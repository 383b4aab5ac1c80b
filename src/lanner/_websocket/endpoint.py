"""One WebSocket route compiled into an ASGI callable for `websocket` scopes.

Per connection: take the `websocket.connect`, run the extractors once, run the
conversation (the handler, or the listener's loop), close, then tear the extractors down.
What went wrong decides how the connection ends:

| when | what | the client gets |
|---|---|---|
| before `accept` | an `HTTPError` (a failed extractor, or raised) | its status and JSON document via `websocket.http.response` when the server offers it, else a close with 1008 and the detail as reason (the server answers 403) |
| before `accept` | any other exception | a 500 the same way (else 1011); logged |
| after `accept` | an `HTTPError` | a close with 1008 and its detail as reason |
| after `accept` | any other exception | a close with 1011; logged, no traceback sent |
| any time | the handler returns, or a disconnect ends it | a close with 1000 (a refusal, 403, if it never accepted) |
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Final

import anyio
import msgspec

from lanner._endpoint import RAISE_SERVER_EXCEPTIONS, run_background
from lanner._extract.pipeline import ShortCircuit, Teardown, run_step_if_valid, teardown
from lanner._errors import HTTPError, InternalServerError, NotFound, ValidationError
from lanner._extract.params import LeafReader, MissingState
from lanner._extract.program import Program
from lanner._respond.encoders import respond_dynamic
from lanner._respond.route import RouteResponse
from lanner._respond.send import send_error
from lanner._routing.table import RouteTable
from lanner._types import ASGIApp, Message, Receive, Scope, Send
from lanner._websocket.connection import WebSocket, WebSocketDisconnect

if TYPE_CHECKING:
    from lanner._app import App

__all__ = ["WEBSOCKET", "Conversation", "Route", "make_websocket_endpoint", "serve_websocket"]

logger: Final = logging.getLogger("lanner")

WEBSOCKET: Final = "WEBSOCKET"
"""The key of WebSocket endpoints in their route table (it has no HTTP methods)."""

_DENIAL_EXTENSION: Final = "websocket.http.response"
_MAX_REASON_BYTES: Final = 123  # RFC 6455 §5.5: a close frame's payload is at most 125 bytes

Conversation = Callable[[WebSocket, list[object]], Awaitable[None]]
"""What runs once the extractors have: the handler, or a listener's message loop."""


class Route(msgspec.Struct, frozen=True):
    """Everything one WebSocket route needs per connection, built once with the App."""

    program: Program
    reader: LeafReader | None
    app: App
    description: str
    """`chat (app.py:12)`, for logs."""
    max_message_size: int
    max_query_params: int
    encode_json: Callable[[object], bytes]
    encode_msgpack: Callable[[object], bytes]
    denial: RouteResponse
    """How a refusal renders when the server can send an HTTP response."""
    debug: bool


def make_websocket_endpoint(route: Route, conversation: Conversation) -> ASGIApp:
    """The ASGI callable serving one WebSocket route."""

    async def websocket_endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        if (await receive())["type"] != "websocket.connect":
            return  # the client left before the handshake began
        ws = WebSocket(
            scope,
            receive,
            send,
            app=route.app,
            max_message_size=route.max_message_size,
            max_query_params=route.max_query_params,
            encode_json=route.encode_json,
            encode_msgpack=route.encode_msgpack,
        )
        teardowns: list[Teardown] = []
        error: BaseException | None = None
        try:
            try:
                await conversation(ws, await _extract(route, ws, teardowns))
            except BaseExceptionGroup as group:  # from a task group in the handler
                raise _sole(group) from None
            await ws.close()
        except WebSocketDisconnect as disconnect:
            await ws.close(disconnect.code, disconnect.reason)  # nothing to do if already over
        except ShortCircuit as short:
            await _refuse(ws, route, short.answer)
        except Exception as exc:
            error = exc
            await _fail(ws, route, exc)
        finally:
            # The client has its close frame already: tear-down never keeps it waiting.
            if teardowns:
                with anyio.CancelScope(shield=True):
                    await teardown(teardowns, error)

    return websocket_endpoint


def _sole(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """What a task group's failure means here: a disconnect, one exception, or the group.

    A handler that sends from one task and receives in another sees the client leave as
    `WebSocketDisconnect`s wrapped in a group: that is still a normal end.
    """
    disconnects, rest = group.split(WebSocketDisconnect)
    found: BaseException | None = rest if rest is not None else disconnects
    while isinstance(found, BaseExceptionGroup) and (rest is None or len(found.exceptions) == 1):
        found = found.exceptions[0]
    return found if found is not None else group


async def _extract(route: Route, ws: WebSocket, teardowns: list[Teardown]) -> list[object]:
    """Every input of the conversation, as for an HTTP handler but with no body to read."""
    program = route.program
    values: list[object] = [None] * program.size
    errors = route.reader.collect(ws.scope, values) if route.reader is not None else []
    if program.request_slot is not None:
        values[program.request_slot] = ws
    for step in program.steps:
        await run_step_if_valid(step, values, teardowns, errors)
    if errors:
        raise ValidationError(errors)
    return values


async def _fail(ws: WebSocket, route: Route, exc: Exception) -> None:
    if isinstance(exc, HTTPError):
        await _refuse(ws, route, exc)
        return
    path = ws.scope.get("path")
    if isinstance(exc, MissingState):
        logger.error("WEBSOCKET %s: handler %s: %s", path, route.description, exc)
    else:
        logger.exception("WEBSOCKET %s: handler %s raised", path, route.description)
    error = InternalServerError()
    if route.debug:
        detail = f"{type(exc).__name__}: {exc}"
        error = InternalServerError(detail, extra={"traceback": traceback.format_exception(exc)})
    await _refuse(ws, route, error, code=1011)
    if ws.scope.get(RAISE_SERVER_EXCEPTIONS):
        raise exc


async def _refuse(ws: WebSocket, route: Route, answer: object, code: int = 1008) -> None:
    """End the connection with `answer` (an HTTPError or a Response): a denial, or a close."""
    if ws.connection_state == "connecting" and _DENIAL_EXTENSION in (ws.scope.get("extensions") or {}):
        ws.connection_state = "closed"
        background = await respond_dynamic(route.denial, None, answer, ws.scope, _no_receive, _renamed(ws._send))
        if background is not None:
            await run_background(background)
        return
    await ws.close(code, close_reason(answer))


def close_reason(answer: object) -> str:
    """A close frame's reason for `answer`: its detail, cut to what a close frame carries.

    >>> from lanner import ErrorDetail, ValidationError
    >>> close_reason(ValidationError([ErrorDetail("query", "room", "Expected `int`, got `str`")]))
    'Validation failed: query room: Expected `int`, got `str`'
    """
    if not isinstance(answer, HTTPError):
        status = getattr(answer, "status_code", None)
        return f"Refused with status {status}" if status else "Refused"
    text = answer.detail
    if isinstance(answer, ValidationError) and answer.errors:
        first = answer.errors[0]
        more = len(answer.errors) - 1
        text = f"{text}: {first.source} {first.name}: {first.message}" + (f" (and {more} more)" if more else "")
    return text.encode()[:_MAX_REASON_BYTES].decode("utf-8", "ignore")


async def _no_receive() -> Message:
    raise RuntimeError("a WebSocket denial reads nothing")


async def serve_websocket(table: RouteTable, scope: Scope, receive: Receive, send: Send) -> None:
    """Route a `websocket` scope: to its endpoint, or deny it (404, or 403 by close)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and (path == root or path.startswith(root + "/")):
        path = path[len(root) :] or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    match = table.find(path, WEBSOCKET)
    endpoint = match.route.endpoints.get(WEBSOCKET) if match is not None else None
    if match is None or endpoint is None:
        if (await receive())["type"] != "websocket.connect":
            return
        if _DENIAL_EXTENSION in (scope.get("extensions") or {}):
            await send_error(_renamed(send), NotFound())
        else:
            await send({"type": "websocket.close", "code": 1008, "reason": "Not Found"})
        return
    if match.params:
        scope["path_params"] = match.params
    await endpoint(scope, receive, send)


def _renamed(send: Send) -> Send:
    """A `send` that turns an HTTP response into the WebSocket denial response messages."""

    async def send_denial(message: Message) -> None:
        message["type"] = "websocket." + message["type"]
        await send(message)

    return send_denial
