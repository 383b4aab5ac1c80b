"""One route, one method, compiled into an ASGI callable: extract → handler → encode → send.

`make_endpoint` runs when the App is built and picks the leanest shape the handler allows
(no inputs; only path/query/header/cookie/state values; or the general one with a body,
`Request` or custom extractors). The returned coroutine function is what runs per request.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Final, Literal

import anyio
import anyio.to_thread
import msgspec

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
from lanner._extract.body import BodyDecoder, body_headers, read_body, stream_body
from lanner._extract.form import FormDecoder
from lanner._extract.markers import Source
from lanner._extract.params import INVALID, LeafReader, MissingState
from lanner._extract.program import Args, Program, Step
from lanner._multipart import FormLimits
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
from lanner._respond.send import send_body, send_error
from lanner._respond.values import ETag
from lanner._types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from returns.result import Failure, Success

    from lanner._app import App

logger: Final = logging.getLogger("lanner")

RAISE_SERVER_EXCEPTIONS: Final = "lanner.raise_server_exceptions"
"""Scope key the test client sets to see a handler's exception instead of only its 500."""


class ShortCircuit(Exception):
    """A custom extractor returned `Failure(e)`: the request ends with `e`."""

    def __init__(self, answer: object) -> None:
        self.answer = answer


_STOP: Final = object()
Teardown = tuple[Literal["gen", "asyncgen"], object, bool, str]


class Handler(msgspec.Struct, frozen=True):
    """The handler function and how to call it."""

    fn: Callable[..., object]
    is_async: bool
    sync_to_thread: bool
    description: str
    """`read_item (app.py:12)`, for logs."""


class Pipeline(msgspec.Struct, frozen=True):
    """Everything one route needs per request, built once with the App."""

    handler: Handler
    program: Program
    reader: LeafReader | None
    body: BodyDecoder | FormDecoder | None
    max_body_size: int
    max_query_params: int
    app: App
    form_limits: FormLimits = FormLimits()


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
            values = await _extract(pipeline, scope, receive, teardowns, uploads)
            value = await _invoke(handler.fn, handler.is_async, handler.sync_to_thread, values, pipeline.program.handler_args)
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
                    await _teardown(teardowns, error)
                    for upload in uploads:
                        await upload.close()
        if background is not None:
            await _run_background(background)

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
            await send_body(send, status, headers, body, head)
            if background is not None:
                await _run_background(background)

        return endpoint

    async def endpoint_with_values(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            values: list[object] = [None] * size
            reader.read(scope, values)
            status, headers, body, background = render(await fn(*values))  # type: ignore[misc]  # a coroutine function
        except Exception as exc:
            await fail(exc, scope, receive, send)
            return
        await send_body(send, status, headers, body, head)
        if background is not None:
            await _run_background(background)

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
        await send_body(send, status, headers, body, head)
        if background is not None:
            await _run_background(background)

    return endpoint_with_body


async def _extract(
    pipeline: Pipeline, scope: Scope, receive: Receive, teardowns: list[Teardown], uploads: list[UploadFile]
) -> list[object]:
    """Every argument of the handler, or the reason there are none.

    Order matters for what the client hears first: custom extractors run as soon as their
    own inputs are valid, so an authentication extractor answers 401 before the body is
    read or any validation detail of it is revealed. Then the body; then the extractors
    that need it; then every validation problem at once.
    """
    program = pipeline.program
    values: list[object] = [None] * program.size
    errors = pipeline.reader.collect(scope, values) if pipeline.reader is not None else []
    request: Request | None = None
    if program.request_slot is not None:
        request = Request(
            scope,
            receive,
            app=pipeline.app,
            max_body_size=pipeline.max_body_size,
            max_query_params=pipeline.max_query_params,
            form_limits=pipeline.form_limits,
            uploads=uploads,
        )
        values[program.request_slot] = request
    for step in program.steps:
        if not step.needs_body:
            await _run_step_if_valid(step, values, teardowns, errors)
    if program.body is not None:
        slot, param = program.body
        if param.source is Source.BODY_STREAM:
            _, declared = body_headers(scope)
            values[slot] = request.stream() if request else stream_body(receive, pipeline.max_body_size, declared)
        elif isinstance(pipeline.body, FormDecoder):
            _, declared = body_headers(scope)
            chunks = request.stream() if request else stream_body(receive, pipeline.max_body_size, declared)
            content_type = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"content-type"), "")
            try:
                values[slot] = await pipeline.body.decode(content_type, chunks, uploads)
            except ValidationError as exc:
                errors.extend(exc.errors)
                values[slot] = INVALID
        else:
            assert pipeline.body is not None
            media_type, declared = body_headers(scope)
            body = await request.body() if request else await read_body(receive, pipeline.max_body_size, declared)
            try:
                values[slot] = pipeline.body.decode(media_type, body)
            except ValidationError as exc:
                errors.extend(exc.errors)
                values[slot] = INVALID
        for step in program.steps:
            if step.needs_body:
                await _run_step_if_valid(step, values, teardowns, errors)
    if errors:
        raise ValidationError(errors)
    return values


async def _run_step_if_valid(
    step: Step, values: list[object], teardowns: list[Teardown], errors: list[ErrorDetail]
) -> None:
    if errors and any(values[i] is INVALID for i in step.input_slots):
        values[step.slot] = INVALID  # an input failed: its problem is already in `errors`
        return
    values[step.slot] = await _run_step(step, values, teardowns)


async def _run_step(step: Step, values: list[object], teardowns: list[Teardown]) -> object:
    dependency = step.dependency
    positional, keywords = step.args
    args = [values[i] for i in positional]
    kwargs = {name: values[i] for name, i in keywords}
    kind = dependency.kind
    name = getattr(dependency.fn, "__qualname__", repr(dependency.fn))
    if kind == "async":
        result = await dependency.fn(*args, **kwargs)  # type: ignore[misc]  # a coroutine function
    elif kind == "sync":
        result = await _call_sync(dependency.fn, dependency.sync_to_thread, args, kwargs)
    elif kind == "asyncgen":
        agen: AsyncGenerator[object, None] = dependency.fn(*args, **kwargs)  # type: ignore[assignment]  # an async generator function
        teardowns.append(("asyncgen", agen, False, name))
        try:
            result = await agen.__anext__()
        except StopAsyncIteration:
            raise RuntimeError(f"custom extractor {name} returned without yielding a value") from None
    else:
        gen: Generator[object, None, None] = await _call_sync(dependency.fn, dependency.sync_to_thread, args, kwargs)  # type: ignore[assignment]  # a generator function
        teardowns.append(("gen", gen, dependency.sync_to_thread, name))
        result = await _call_sync(_next, dependency.sync_to_thread, [gen], {})
        if result is _STOP:
            raise RuntimeError(f"custom extractor {name} returned without yielding a value")
    return _unwrap_result(result)


def _unwrap_result(result: object) -> object:
    # Only a value from returns.result can be a Result, and then returns is imported already.
    if type(result).__module__ != "returns.result":
        return result
    success, failure = _result_types()
    if isinstance(result, success):
        return result.unwrap()
    if isinstance(result, failure):
        raise ShortCircuit(result.failure())
    return result


@functools.cache
def _result_types() -> tuple[type[Success[object]], type[Failure[object]]]:
    from returns.result import Failure, Success

    return Success, Failure


def _next(gen: Generator[object, None, None]) -> object:
    # StopIteration must not cross a coroutine boundary (PEP 479), so it becomes a sentinel.
    try:
        return next(gen)
    except StopIteration:
        return _STOP


async def _call_sync(
    fn: Callable[..., object], to_thread: bool, args: list[object], kwargs: dict[str, object]
) -> object:
    if not to_thread:
        return fn(*args, **kwargs)
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


async def _invoke(
    fn: Callable[..., object], is_async: bool, to_thread: bool, values: list[object], where: Args
) -> object:
    positional, keywords = where
    args = [values[i] for i in positional]
    kwargs = {name: values[i] for name, i in keywords}
    if is_async:
        return await fn(*args, **kwargs)  # type: ignore[misc]  # a coroutine function
    return await _call_sync(fn, to_thread, args, kwargs)


async def _teardown(teardowns: list[Teardown], error: BaseException | None) -> None:
    """Finish generator extractors, innermost first; `error` is thrown in if the request failed."""
    for kind, gen, to_thread, name in reversed(teardowns):
        try:
            if kind == "asyncgen":
                agen: AsyncGenerator[object, None] = gen  # type: ignore[assignment]  # kind says so
                try:
                    if error is None:
                        await agen.__anext__()
                    else:
                        await agen.athrow(error)
                except StopAsyncIteration:
                    continue
                await agen.aclose()
            else:
                sync_gen: Generator[object, None, None] = gen  # type: ignore[assignment]  # kind says so
                step = _next if error is None else functools.partial(_throw, error=error)
                if await _call_sync(step, to_thread, [sync_gen], {}) is _STOP:
                    continue
                sync_gen.close()
            logger.error("custom extractor %s yielded more than once; only one value is used", name)
        except Exception as exc:
            if exc is not error:
                logger.exception("custom extractor %s failed while tearing down", name)


def _throw(gen: Generator[object, None, None], *, error: BaseException) -> object:
    try:
        return gen.throw(error)
    except StopIteration:
        return _STOP


async def _run_background(background: Background) -> None:
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
