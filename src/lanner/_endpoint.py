"""One route, one method, compiled into an ASGI callable: extract → handler → encode → send.

`make_endpoint` runs when the App is built and picks the leanest shape the handler allows
(no inputs; only path/query/header/cookie/state values; or the general one with a body,
`Request` or custom extractors). The returned coroutine function is what runs per request.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Final

import anyio
import anyio.to_thread

from lanner._connection.request import Request
from lanner._connection.upload import UploadFile
from lanner._errors import (
    ClientDisconnected,
    ErrorDetail,
    HTTPError,
    InternalServerError,
    ValidationError,
)
from lanner._exception_handlers import HandlerMap
from lanner._extract.body import BodyDecoder, body_headers, read_body
from lanner._extract.params import LeafReader, MissingState
from lanner._extract.pipeline import (
    Pipeline,
    ShortCircuit,
    Teardown,
    extract,
    invoke,
    teardown,
)
from lanner._respond.background import BackgroundTasks
from lanner._respond.encoders import (
    BodyEncoder,
    NegotiatingEncoder,
    NoneEncoder,
    RedirectEncoder,
    ResponseEncoder,
    TemplateEncoder,
    respond_dynamic,
)
from lanner._respond.response import Background, Response
from lanner._respond.route import (
    Encoder,
    RenderingEncoder,
    RouteResponse,
    render_response,
    send_rendered,
)
from lanner._respond.send import body_messages, send_body, send_error
from lanner._respond.values import ETag
from lanner._types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:

    from lanner._app import App

logger: Final = logging.getLogger("lanner")

RAISE_SERVER_EXCEPTIONS: Final = "lanner.raise_server_exceptions"
"""Scope key the test client sets to see a handler's exception instead of only its 500."""


def make_endpoint(
    pipeline: Pipeline, encoder: Encoder, route: RouteResponse, debug: bool, handlers: HandlerMap | None = None
) -> ASGIApp:
    """The ASGI callable for one route and method, in the leanest shape it allows."""
    program, handler = pipeline.program, pipeline.handler
    positional, keywords = program.handler_args
    fn = handler.fn
    fail = functools.partial(
        _fail, route=route, debug=debug, handler=handler.description, handlers=handlers, app=pipeline.app
    )
    simple_args = positional == tuple(range(program.size)) and not keywords

    negotiator = encoder if isinstance(encoder, NegotiatingEncoder) else None
    plain_inputs = program.request_slot is None and not program.steps
    if (
        handler.is_async
        and plain_inputs
        and simple_args
        and isinstance(encoder, BodyEncoder | ResponseEncoder | NoneEncoder | RedirectEncoder | TemplateEncoder)
    ):
        if program.body is None:
            return _fast_endpoint(fn, pipeline.reader, program.size, encoder, fail)
        if isinstance(pipeline.body, BodyDecoder):
            return _fast_body_endpoint(pipeline, encoder, fail)

    async def endpoint_general(scope: Scope, receive: Receive, send: Send) -> None:
        teardowns: list[Teardown] = []
        uploads: list[UploadFile] = []
        error: BaseException | None = None
        background: Background | None = None
        try:
            chosen = negotiator.choose(scope) if negotiator is not None else encoder
            values = await extract(pipeline, scope, receive, teardowns, uploads)
            value = await invoke(handler.fn, handler.is_async, handler.sync_to_thread, values, pipeline.program.handler_args)
            background = await chosen.respond(value, scope, receive, send)
        except ShortCircuit as short:
            try:
                background = await respond_dynamic(route, None, short.answer, scope, receive, send)
            except Exception as exc:
                error = exc
                await fail(exc, scope, receive, send)
        except Exception as exc:
            error = exc
            await fail(exc, scope, receive, send)
        finally:
            if teardowns or uploads:
                with anyio.CancelScope(shield=True):
                    await teardown(teardowns, error)
                    for upload in uploads:
                        await upload.close()
        if background is not None:
            await run_background(background)

    return endpoint_general


def _fast_endpoint(
    fn: Callable[..., object],
    reader: LeafReader | None,
    size: int,
    encoder: RenderingEncoder,
    fail: Callable[[Exception, Scope, Receive, Send], Awaitable[None]],
) -> ASGIApp:
    """The common shape: an async handler of plain values whose answer renders at once.

    Only the sending is awaited after the handler: one coroutine less per request than
    going through the encoder's `respond`.
    """
    render, head = encoder.render, encoder.head

    if reader is None:

        async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                status, headers, body, background = render(await fn())  # type: ignore[misc]  # a coroutine function
            except Exception as exc:
                await fail(exc, scope, receive, send)
                return
            start, body_message = body_messages(status, headers, body, head)
            await send(start)
            await send(body_message)
            if background is not None:
                await run_background(background)

        return endpoint

    readers = reader.readers  # `reader.collect` inlined: one call less per request

    async def endpoint_with_values(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            values: list[object] = [None] * size
            errors: list[ErrorDetail] = []
            for read in readers:
                read(scope, values, errors)
            if errors:
                raise ValidationError(errors)
            status, headers, body, background = render(await fn(*values))  # type: ignore[misc]  # a coroutine function
        except Exception as exc:
            await fail(exc, scope, receive, send)
            return
        start, body_message = body_messages(status, headers, body, head)
        await send(start)
        await send(body_message)
        if background is not None:
            await run_background(background)

    return endpoint_with_values


def _fast_body_endpoint(
    pipeline: Pipeline,
    encoder: RenderingEncoder,
    fail: Callable[[Exception, Scope, Receive, Send], Awaitable[None]],
) -> ASGIApp:
    """`_fast_endpoint` for a handler that also takes a `Body[T]` (and no custom extractors)."""
    fn, reader, size = pipeline.handler.fn, pipeline.reader, pipeline.program.size
    render, head = encoder.render, encoder.head
    assert pipeline.program.body is not None and isinstance(pipeline.body, BodyDecoder)
    slot, decode, limit = pipeline.program.body[0], pipeline.body.decode, pipeline.max_body_size

    async def endpoint_with_body(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            values: list[object] = [None] * size
            errors = reader.collect(scope, values) if reader is not None else None
            media_type, declared = body_headers(scope)
            raw = await read_body(receive, limit, declared)
            try:
                values[slot] = decode(media_type, raw)
            except ValidationError as exc:
                errors = [*(errors or ()), *exc.errors]
            if errors:
                raise ValidationError(errors)
            status, headers, body, background = render(await fn(*values))  # type: ignore[misc]  # a coroutine function
        except Exception as exc:
            await fail(exc, scope, receive, send)
            return
        start, body_message = body_messages(status, headers, body, head)
        await send(start)
        await send(body_message)
        if background is not None:
            await run_background(background)

    return endpoint_with_body


async def run_background(background: Background) -> None:
    # A lone task goes through BackgroundTasks too, so its failure is logged, not raised
    # into a response that has already been sent.
    tasks = background if isinstance(background, BackgroundTasks) else BackgroundTasks([background])
    await tasks.run()


async def _fail(
    exc: Exception,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    route: RouteResponse,
    debug: bool,
    handler: str,
    handlers: HandlerMap | None,
    app: App,
) -> None:
    """Answer a request that failed: a layer's exception handler, its HTTPError, or a 500."""
    if isinstance(exc, ClientDisconnected):
        return
    answer = handlers.find(exc) if handlers is not None else None
    if answer is not None:
        try:
            response = answer(Request(scope, receive, app=app), exc)  # type: ignore[arg-type]  # find() matched exc's type
            if not isinstance(response, Response):
                response = await response
            await send_rendered(send, render_response(route, None, response), route.head)
            return
        except Exception as failure:
            logger.exception("exception handler for %s failed", type(exc).__name__)
            exc = failure
    if isinstance(exc, HTTPError):
        await send_error(send, exc, route.head)
        return
    if isinstance(exc, MissingState):
        logger.error("%s %s: handler %s: %s", scope.get("method"), scope.get("path"), handler, exc)
    else:
        logger.exception("%s %s: handler %s raised", scope.get("method"), scope.get("path"), handler)
    error = InternalServerError()
    if debug:
        error = InternalServerError(
            f"{type(exc).__name__}: {exc}", extra={"traceback": traceback.format_exception(exc)}
        )
    await send_error(send, error, route.head)
    if scope.get(RAISE_SERVER_EXCEPTIONS):
        raise exc


def conditional(endpoint: ASGIApp, etag: ETag, route: RouteResponse) -> ASGIApp:
    """`endpoint` behind the layer's ETag: a matching `If-None-Match` is a 304, the handler unrun."""
    headers = [pair for pair in route.base_headers if pair[0] in _NOT_MODIFIED_HEADERS]

    async def conditional_endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        for name, value in scope["headers"]:
            if name == b"if-none-match" and etag.matches(value.decode("latin-1")):
                await send_body(send, 304, list(headers), b"")
                return
        await endpoint(scope, receive, send)

    return conditional_endpoint


# RFC 9110 §15.4.5: what a 304 carries from the 200 it stands for.
_NOT_MODIFIED_HEADERS: Final = frozenset({b"etag", b"cache-control", b"vary", b"expires", b"content-location"})
