"""Run a handler's extraction program for one request, and call the handler.

The program (`program.py`) was flattened when the App was built; per request this module
fills its slots: leaf values, the body, then each custom extractor once, in order, with the
tear-down of generator extractors after the response. Shared by HTTP and WebSocket routes.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncGenerator, Callable, Generator
from typing import TYPE_CHECKING, Final, Literal

import anyio
import anyio.to_thread
import msgspec

from lanner._connection.request import Request
from lanner._connection.upload import UploadFile
from lanner._errors import ErrorDetail, ValidationError
from lanner._extract.body import BodyDecoder, body_headers, read_body, stream_body
from lanner._extract.form import FormDecoder
from lanner._extract.markers import Source
from lanner._extract.params import INVALID, LeafReader
from lanner._extract.program import Args, Program, Step
from lanner._multipart import FormLimits
from lanner._types import Receive, Scope

if TYPE_CHECKING:
    from returns.result import Failure, Success

    from lanner._app import App

logger: Final = logging.getLogger("lanner")


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


async def extract(
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
            await run_step_if_valid(step, values, teardowns, errors)
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
                await run_step_if_valid(step, values, teardowns, errors)
    if errors:
        raise ValidationError(errors)
    return values


async def run_step_if_valid(
    step: Step, values: list[object], teardowns: list[Teardown], errors: list[ErrorDetail]
) -> None:
    if errors and any(values[i] is INVALID for i in step.input_slots):
        values[step.slot] = INVALID  # an input failed: its problem is already in `errors`
        return
    values[step.slot] = await run_step(step, values, teardowns)


async def run_step(step: Step, values: list[object], teardowns: list[Teardown]) -> object:
    dependency = step.dependency
    positional, keywords = step.args
    args = [values[i] for i in positional]
    kwargs = {name: values[i] for name, i in keywords}
    kind = dependency.kind
    name = getattr(dependency.fn, "__qualname__", repr(dependency.fn))
    if kind == "async":
        result = await dependency.fn(*args, **kwargs)  # type: ignore[misc]  # a coroutine function
    elif kind == "sync":
        result = await call_sync(dependency.fn, dependency.sync_to_thread, args, kwargs)
    elif kind == "asyncgen":
        agen: AsyncGenerator[object, None] = dependency.fn(*args, **kwargs)  # type: ignore[assignment]  # an async generator function
        teardowns.append(("asyncgen", agen, False, name))
        try:
            result = await agen.__anext__()
        except StopAsyncIteration:
            raise RuntimeError(f"custom extractor {name} returned without yielding a value") from None
    else:
        gen: Generator[object, None, None] = await call_sync(dependency.fn, dependency.sync_to_thread, args, kwargs)  # type: ignore[assignment]  # a generator function
        teardowns.append(("gen", gen, dependency.sync_to_thread, name))
        result = await call_sync(_next, dependency.sync_to_thread, [gen], {})
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


async def call_sync(
    fn: Callable[..., object], to_thread: bool, args: list[object], kwargs: dict[str, object]
) -> object:
    if not to_thread:
        return fn(*args, **kwargs)
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


async def invoke(
    fn: Callable[..., object], is_async: bool, to_thread: bool, values: list[object], where: Args
) -> object:
    positional, keywords = where
    args = [values[i] for i in positional]
    kwargs = {name: values[i] for name, i in keywords}
    if is_async:
        return await fn(*args, **kwargs)  # type: ignore[misc]  # a coroutine function
    return await call_sync(fn, to_thread, args, kwargs)


async def teardown(teardowns: list[Teardown], error: BaseException | None) -> None:
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
                if await call_sync(step, to_thread, [sync_gen], {}) is _STOP:
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
