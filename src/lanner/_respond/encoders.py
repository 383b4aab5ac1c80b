"""The encoders: one per kind of answer a handler can give, each sending it per request.

Which one a route uses is decided when the App is built (`encode.pick_encoder`).
"""


from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Final, cast

from lanner._connection.accept import Accept
from lanner._errors import HTTPError, NotAcceptable, NotFound
from lanner._media import with_charset
from lanner._respond.files import File, send_file
from lanner._respond.redirect import Redirect
from lanner._respond.response import Background, Response
from lanner._respond.send import send_body, send_error
from lanner._respond.streams import (
    PING,
    SSE_HEADERS,
    ServerSentEvent,
    SSEMessage,
    Stream,
    chunks_of,
    send_stream,
)
from lanner._respond.templates import Template, TemplateEngine
from lanner._respond.values import check_header
from lanner._types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from lanner._layers import AfterRequest

from lanner._respond.route import (
    Content,
    Encoder,
    Rendered,
    RouteResponse,
    prepared_headers,
    render_prepared,
    render_response,
    send_rendered,
)


class BodyEncoder:
    """A value of one static type: encode it and send it with the route's status."""

    __slots__ = ("_content", "_prepared", "_route", "head")

    def __init__(self, route: RouteResponse, content: Content) -> None:
        self._route, self._content, self.head = route, content, route.head
        self._prepared = prepared_headers(route, content)

    @property
    def content(self) -> Content:
        return self._content

    def render(self, value: object) -> Rendered:
        route = self._route
        prepared = self._prepared
        headers = [*prepared] if prepared is not None else route.headers_for(self._content.media_type)
        return route.status_code, headers, self._content.encode(value), route.background

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        return await send_rendered(send, self.render(value), self.head)


class ResponseEncoder:
    """A `Response[T]`: its content as for `T`, its status, headers, cookies and background."""

    __slots__ = ("_content", "_route", "head", "render")

    def __init__(self, route: RouteResponse, content: Content | None) -> None:
        self._route, self._content, self.head = route, content, route.head
        # A partial, not a method: one Python call less per request. The handler's return
        # annotation is `Response[...]`, so only Response values come here.
        prepared = prepared_headers(route, content)
        self.render = cast(Callable[[object], Rendered], partial(render_prepared, route, content, prepared))

    @property
    def content(self) -> Content | None:
        return self._content

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        return await send_rendered(send, self.render(value), self.head)


class NoneEncoder:
    """`-> None`: an empty body with the route's status."""

    __slots__ = ("_route", "head")

    def __init__(self, route: RouteResponse) -> None:
        self._route, self.head = route, route.head

    def render(self, value: object) -> Rendered:
        return self._route.status_code, self._route.headers_for(None), b"", self._route.background

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        return await send_rendered(send, self.render(value), self.head)


class StreamEncoder:
    """`Stream` and `ServerSentEvent`: the body is sent while the source produces it."""

    __slots__ = ("_route",)

    def __init__(self, route: RouteResponse) -> None:
        self._route = route

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        route = self._route
        if isinstance(value, ServerSentEvent):
            headers = [*SSE_HEADERS, *route.base_headers, *_own_headers(value.headers)]
            start = {"type": "http.response.start", "status": 200, "headers": headers}
            ping = (value.ping_interval, PING) if value.ping_interval is not None else None
            await send_stream(send, receive, start, chunks_of(value.iterator), self._event, head=route.head, ping=ping)
        else:
            assert isinstance(value, Stream)
            content_type = (b"content-type", with_charset(value.media_type).encode("latin-1"))
            headers = [content_type, *route.base_headers, *_own_headers(value.headers)]
            status = value.status_code or route.status_code
            start = {"type": "http.response.start", "status": status, "headers": headers}
            await send_stream(send, receive, start, chunks_of(value.iterator), _chunk, head=route.head)
        return route.background

    def _event(self, item: object) -> bytes:
        if isinstance(item, SSEMessage):
            return item.encode(self._route.json)
        return SSEMessage(item).encode(self._route.json)


def _chunk(item: object) -> bytes:
    if isinstance(item, bytes):
        return item
    if isinstance(item, str):
        return item.encode()
    raise TypeError(f"a Stream yields bytes or str, got {type(item).__name__}")


def _own_headers(given: Mapping[str, str] | None) -> list[tuple[bytes, bytes]]:
    if not given:
        return []
    return [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in (check_header(name, value) for name, value in given.items())
    ]


class TemplateEncoder:
    """`Template`: rendered by the App's template engine, sent as HTML (or its media type)."""

    __slots__ = ("_engine", "_route", "head")

    def __init__(self, route: RouteResponse, engine: TemplateEngine) -> None:
        self._route, self._engine, self.head = route, engine, route.head

    def render(self, value: object) -> Rendered:
        assert isinstance(value, Template)
        try:
            text = value.render(self._engine)
        except Exception as exc:
            raise RuntimeError(f"template {value.name!r} could not be rendered by the App's template_engine: {exc}") from exc
        response = Response(text, status_code=value.status_code, headers=value.headers, media_type=value.media_type)
        return render_response(self._route, None, response)

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        return await send_rendered(send, self.render(value), self.head)


class FileEncoder:
    """`File`: see `lanner._respond.files` for conditional and range requests."""

    __slots__ = ("_route",)

    def __init__(self, route: RouteResponse) -> None:
        self._route = route

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        assert isinstance(value, File)
        route = self._route
        await send_file(value, scope, receive, send, route.headers_for(None), route.head, route.max_ranges)
        return route.background


class RedirectEncoder:
    """`-> Redirect`: the status and `Location` of the value, no body."""

    __slots__ = ("_route", "head")

    def __init__(self, route: RouteResponse) -> None:
        self._route, self.head = route, route.head

    def render(self, value: object) -> Rendered:
        assert isinstance(value, Redirect)
        return render_response(self._route, None, value.to_response(self._route.status_code))

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        return await send_rendered(send, self.render(value), self.head)


class ValueUnionEncoder:
    """A union that mixes response values (`Response`, `HTTPError`, ASGI apps) with content."""

    __slots__ = ("_content", "_route")

    def __init__(self, route: RouteResponse, content: Encoder | None) -> None:
        self._route, self._content = route, content

    @property
    def inner(self) -> Encoder | None:
        return self._content

    async def respond(
        self, value: object, scope: Scope, receive: Receive, send: Send
    ) -> Background | None:
        return await respond_dynamic(self._route, self._content, value, scope, receive, send)


async def respond_dynamic(
    route: RouteResponse,
    content: Encoder | None,
    value: object,
    scope: Scope,
    receive: Receive,
    send: Send,
) -> Background | None:
    """Send a value whose kind is known only now: a response value, an error, or content."""
    if isinstance(value, Stream | ServerSentEvent):
        return await StreamEncoder(route).respond(value, scope, receive, send)
    if isinstance(value, File):
        return await FileEncoder(route).respond(value, scope, receive, send)
    if isinstance(value, Template) and route.template_engine is not None:
        return await TemplateEncoder(route, route.template_engine).respond(value, scope, receive, send)
    if isinstance(value, Redirect):
        value = value.to_response(route.status_code)
    if isinstance(value, Response):
        return await send_rendered(send, render_response(route, None, value), route.head)
    if isinstance(value, HTTPError):
        await send_error(send, value, route.head)
        return None
    if content is not None:
        return await content.respond(value, scope, receive, send)
    body, media_type = route.dynamic_content(value, route.media_type)
    await send_body(send, route.status_code, route.headers_for(media_type), body, route.head)
    return None


class ResultEncoder:
    """`Result[T, E]`: `Success` as `T`; `Failure(e)` answers with `e` (an error or a Response)."""

    __slots__ = ("_route", "_success", "_success_type")

    def __init__(self, route: RouteResponse, success: Encoder) -> None:
        from returns.result import Success

        self._route, self._success, self._success_type = route, success, Success

    @property
    def inner(self) -> Encoder:
        return self._success

    async def respond(
        self, value: object, scope: Scope, receive: Receive, send: Send
    ) -> Background | None:
        if isinstance(value, self._success_type):
            return await self._success.respond(value.unwrap(), scope, receive, send)
        failure = value.failure()  # type: ignore[attr-defined]  # a Failure: the only other Result
        if not isinstance(failure, HTTPError | Response):
            raise TypeError(f"a Failure must hold an HTTPError or a Response, got {failure!r}")
        return await respond_dynamic(self._route, None, failure, scope, receive, send)


class MaybeEncoder:
    """`Maybe[T]`: `Some` as `T`; `Nothing` is 404."""

    __slots__ = ("_route", "_some", "_some_type")

    def __init__(self, route: RouteResponse, some: Encoder) -> None:
        from returns.maybe import Some

        self._route, self._some, self._some_type = route, some, Some

    @property
    def inner(self) -> Encoder:
        return self._some

    async def respond(
        self, value: object, scope: Scope, receive: Receive, send: Send
    ) -> Background | None:
        if isinstance(value, self._some_type):
            return await self._some.respond(value.unwrap(), scope, receive, send)
        await send_error(send, NotFound(), self._route.head)
        return None


class AfterRequestEncoder:
    """`after_request`: every successful answer, as a `Response`, goes through the layer's
    function before it is sent. Errors, failures and answers that are not a `Response` at
    heart (streams, files, ASGI apps) go out as they are."""

    __slots__ = ("_content", "_fn", "_inner", "_route")

    def __init__(self, inner: Encoder, route: RouteResponse, fn: AfterRequest) -> None:
        self._inner, self._route, self._fn = inner, route, fn
        self._content = _content_of(inner)

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        module = type(value).__module__
        if module in ("returns.result", "returns.maybe"):
            unwrapped = _successful(value)
            if unwrapped is _NOTHING:
                return await self._inner.respond(value, scope, receive, send)  # a failure or Nothing
            value = unwrapped
        if isinstance(value, Redirect):
            value = value.to_response(self._route.status_code)
        elif isinstance(value, HTTPError | Stream | ServerSentEvent | File | Template) or callable(value):
            return await self._inner.respond(value, scope, receive, send)
        response = value if isinstance(value, Response) else Response(value)
        changed = self._fn(response)
        if not isinstance(changed, Response):
            changed = await changed
        # The content encoder fits the handler's type; content the function replaced is
        # encoded by what it is now.
        content = self._content if changed.content is response.content else None
        return await send_rendered(send, render_response(self._route, content, changed), self._route.head)

    @staticmethod
    def wrap(encoder: Encoder, route: RouteResponse, fn: AfterRequest | None) -> Encoder:
        """`encoder` with `fn` applied to its successful answers."""
        if fn is None or isinstance(encoder, AppEncoder):
            return encoder
        if isinstance(encoder, NegotiatingEncoder):
            return NegotiatingEncoder([(m, AfterRequestEncoder(e, route, fn)) for m, e in encoder.choices])
        return AfterRequestEncoder(encoder, route, fn)


_NOTHING: Final = object()


def _successful(value: object) -> object:
    """A Success's or Some's value; `_NOTHING` for a Failure or Nothing."""
    from returns.maybe import Some
    from returns.result import Success

    if isinstance(value, Success | Some):
        return value.unwrap()
    return _NOTHING


def _content_of(encoder: Encoder) -> Content | None:
    """The content encoder of the handler's success type, where the encoder has one."""
    if isinstance(encoder, BodyEncoder | ResponseEncoder):
        return encoder.content
    if isinstance(encoder, ResultEncoder | MaybeEncoder | ValueUnionEncoder):
        inner = encoder.inner
        return _content_of(inner) if inner is not None else None
    return None


class NegotiatingEncoder:
    """`media_type=(A, B, ...)`: one encoder per media type, picked from the request's `Accept`.

    The endpoint asks `choose` before running the handler, so a request nothing fits is
    answered 406 without doing the handler's work.
    """

    __slots__ = ("_choices", "_types")

    def __init__(self, choices: Sequence[tuple[str, Encoder]]) -> None:
        self._choices = dict(choices)
        self._types = tuple(self._choices)

    @property
    def choices(self) -> list[tuple[str, Encoder]]:
        """Each media type and its encoder, in the order given."""
        return list(self._choices.items())

    def choose(self, scope: Scope) -> Encoder:
        """The encoder for this request's `Accept`; `NotAcceptable` when none fits."""
        accept = ", ".join(v.decode("latin-1") for k, v in scope["headers"] if k == b"accept")
        chosen = Accept(accept).best_match(self._types) if accept else self._types[0]
        if chosen is None:
            raise NotAcceptable(
                f"This resource is available as {', '.join(self._types)}",
                headers={"Vary": "Accept"},
            )
        return self._choices[chosen]

    async def respond(
        self, value: object, scope: Scope, receive: Receive, send: Send
    ) -> Background | None:
        return await self.choose(scope).respond(value, scope, receive, send)


class AppEncoder:
    """A returned ASGI application answers the request itself."""

    __slots__ = ()

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> None:
        app: ASGIApp = value  # type: ignore[assignment]  # the annotation promised an ASGI app
        await app(scope, receive, send)
