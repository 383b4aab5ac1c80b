"""Pick a route's response encoder from its handler's return annotation.

`pick_encoder` runs once per route, when the App is built: it decides how every value the
handler returns becomes bytes, and checks that lanner can encode it at all. The encoders'
`respond` methods run per request and only use what was prepared here.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, Never, Protocol, Union, get_args, get_origin

import msgspec

from lanner import _rules
from lanner._connection.accept import Accept
from lanner._errors import HTTPError, NotAcceptable, NotFound
from lanner._extract.plan import MISSING, PlanError
from lanner._media import MediaType, is_msgpack, with_charset
from lanner._respond.background import BackgroundTasks
from lanner._respond.files import File, send_file
from lanner._respond.redirect import Redirect
from lanner._respond.templates import Template, TemplateEngine
from lanner._respond.streams import PING, SSE_HEADERS, ServerSentEvent, SSEMessage, Stream, chunks_of, send_stream
from lanner._respond.response import Background, Response
from lanner._respond.send import RawHeaders, send_body, send_error
from lanner._respond.values import SetCookie, check_header
from lanner._types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from lanner._layers import AfterRequest

_OCTET_STREAM: Final = "application/octet-stream"


class Encoder(Protocol):
    """Sends what a handler returned; returns the background work to run afterwards."""

    async def respond(
        self, value: object, scope: Scope, receive: Receive, send: Send
    ) -> Background | None: ...


class Content(msgspec.Struct, frozen=True):
    """How a value of one static type becomes body bytes, and its default media type."""

    encode: Callable[[object], bytes]
    media_type: bytes | None


class RouteResponse(msgspec.Struct, frozen=True):
    """What every response of one route shares: status, headers, HEAD-ness, encoders."""

    status_code: int
    base_headers: tuple[tuple[bytes, bytes], ...]
    """The layers' headers and Set-Cookies, ready to send."""
    base_cookie_keys: tuple[str | None, ...]
    """For each of `base_headers` and then `timed_cookies`, the cookie key it sets (None for
    other headers)."""
    head: bool
    json: Callable[[object], bytes]
    msgpack: Callable[[object], bytes]
    media_type: str | None
    timed_cookies: tuple[SetCookie, ...] = ()
    """Layer cookies whose `expires` counts from now: written per response."""
    background: Background | None = None
    """The route's `background` option: runs after every successful response."""
    template_engine: TemplateEngine | None = None
    """The App's engine, for `Template` answers."""

    header_names: frozenset[bytes] = frozenset()
    """Every header name the route may send before a Response adds its own (computed)."""
    has_layer_cookies: bool = False
    """Whether any layer sets a cookie (computed)."""
    layer_content_type: bool = False
    """Whether a layer's `response_headers` sets Content-Type, replacing the encoder's (computed)."""

    def __post_init__(self) -> None:
        names = {name for name, _ in self.base_headers} | {b"content-type"}
        if self.timed_cookies:
            names.add(b"set-cookie")
        msgspec.structs.force_setattr(self, "header_names", frozenset(names))
        msgspec.structs.force_setattr(self, "has_layer_cookies", any(k is not None for k in self.base_cookie_keys))
        msgspec.structs.force_setattr(self, "layer_content_type", b"content-type" in {n for n, _ in self.base_headers})

    @property
    def layer_pairs(self) -> tuple[tuple[bytes, bytes], ...]:
        """The layers' pairs aligned with `base_cookie_keys` (timed cookies written now)."""
        return (*self.base_headers, *(cookie.header_pair() for cookie in self.timed_cookies))

    def headers_for(self, media_type: bytes | None) -> RawHeaders:
        """A fresh header list: the content type, then the layers' headers and cookies."""
        if media_type is None or self.layer_content_type:
            headers = list(self.base_headers)
        else:
            headers = [(b"content-type", media_type), *self.base_headers]
        if self.timed_cookies:
            headers.extend(cookie.header_pair() for cookie in self.timed_cookies)
        return headers

    def dynamic_content(self, content: object, media_type: str | None) -> tuple[bytes, bytes | None]:
        """Encode a value whose type was not known when the App was built."""
        if content is None:
            return b"", None
        if isinstance(content, bytes):
            return content, (media_type or _OCTET_STREAM).encode("latin-1")
        if isinstance(content, str):
            return content.encode(), with_charset(media_type or MediaType.TEXT.value).encode("latin-1")
        if media_type is not None and is_msgpack(media_type):
            return self.msgpack(content), media_type.encode("latin-1")
        return self.json(content), (media_type or MediaType.JSON.value).encode("latin-1")


def make_enc_hook(type_encoders: Mapping[type, Callable[[Never], object]]) -> Callable[[object], object] | None:
    """msgspec's `enc_hook` for `type_encoders`: the nearest base class's function wins."""
    if not type_encoders:
        return None
    encoders: Mapping[type, Callable[[object], object]] = type_encoders  # type: ignore[assignment]  # each fn is called only with instances of its key

    def enc_hook(value: object) -> object:
        for cls in type(value).__mro__:
            fn = encoders.get(cls)
            if fn is not None:
                return fn(value)
        raise NotImplementedError(f"lanner cannot encode objects of type {type(value).__qualname__}")

    return enc_hook


Rendered = tuple[int, RawHeaders, bytes, "Background | None"]
"""A response ready to send: status, headers, body, and the background work after it."""


class RenderingEncoder(Encoder, Protocol):
    """An encoder whose whole answer is known without awaiting: endpoints render, then send."""

    @property
    def head(self) -> bool: ...

    def render(self, value: object) -> Rendered: ...


class BodyEncoder:
    """A value of one static type: encode it and send it with the route's status."""

    __slots__ = ("_content", "_route", "head")

    def __init__(self, route: RouteResponse, content: Content) -> None:
        self._route, self._content, self.head = route, content, route.head

    @property
    def content(self) -> Content:
        return self._content

    def render(self, value: object) -> Rendered:
        route = self._route
        headers = route.headers_for(self._content.media_type)
        return route.status_code, headers, self._content.encode(value), route.background

    async def respond(self, value: object, scope: Scope, receive: Receive, send: Send) -> Background | None:
        return await send_rendered(send, self.render(value), self.head)


class ResponseEncoder:
    """A `Response[T]`: its content as for `T`, its status, headers, cookies and background."""

    __slots__ = ("_content", "_route", "head")

    def __init__(self, route: RouteResponse, content: Content | None) -> None:
        self._route, self._content, self.head = route, content, route.head

    @property
    def content(self) -> Content | None:
        return self._content

    def render(self, value: object) -> Rendered:
        assert isinstance(value, Response)
        return render_response(self._route, self._content, value)

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
        await send_file(value, scope, receive, send, route.headers_for(None), route.head)
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


async def send_rendered(send: Send, rendered: Rendered, head: bool) -> Background | None:
    """Send a rendered response; return its background work."""
    status, headers, body, background = rendered
    await send_body(send, status, headers, body, head)
    return background


def render_response(route: RouteResponse, content: Content | None, value: Response[object]) -> Rendered:
    """A `Response` value ready to send; what it sets itself wins over the route's headers."""
    if content is not None and value.media_type is None:
        body, media_type = content.encode(value.content), content.media_type
    else:
        body, media_type = route.dynamic_content(value.content, value.media_type or route.media_type)
        if value.media_type is not None:
            media_type = with_charset(value.media_type).encode("latin-1")
    headers = route.headers_for(media_type)
    own = value.header_pairs
    if own:
        names = route.header_names
        first_own = len(headers)
        clash = False
        for name, text in own:
            key = name.lower().encode("latin-1")
            clash = clash or key in names
            headers.append((key, text.encode("latin-1")))
        if clash:
            # What the Response sets itself wins over the encoder's and the layers' headers.
            replaced = {pair[0] for pair in headers[first_own:]}
            headers = [
                pair for index, pair in enumerate(headers) if index >= first_own or pair[0] not in replaced
            ]
    cookies = value.cookies
    if cookies:
        if route.has_layer_cookies:
            headers = _without_layer_cookies(route, headers, {c.key for c in cookies})
        for cookie in cookies:
            headers.append(cookie.header_pair())
    background = value.background
    if route.background is not None:
        background = route.background if background is None else _both(background, route.background)
    return value.status_code or route.status_code, headers, body, background


def _both(first: Background, then: Background) -> Background:
    tasks = [*(first.tasks if isinstance(first, BackgroundTasks) else [first])]
    tasks.extend(then.tasks if isinstance(then, BackgroundTasks) else [then])
    return BackgroundTasks(tasks)


def _without_layer_cookies(route: RouteResponse, headers: RawHeaders, keys: set[str]) -> RawHeaders:
    """`headers` without the layers' Set-Cookies for `keys`, which the Response sets itself."""
    layer_cookies = {
        pair for pair, key in zip(route.layer_pairs, route.base_cookie_keys, strict=True) if key in keys
    }
    return [pair for pair in headers if pair not in layer_cookies]


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


def pick_encoder(annotation: object, route: RouteResponse, type_encoders: Mapping[type, object]) -> Encoder:
    """The encoder for a handler's return annotation; PlanError when lanner cannot encode it."""
    if annotation is MISSING:
        raise PlanError(_rules.missing_return_annotation())
    if annotation is None or annotation is type(None):
        return NoneEncoder(route)
    origin = get_origin(annotation) or annotation
    if origin is Redirect:
        return RedirectEncoder(route)
    if origin is Stream or origin is ServerSentEvent:
        return StreamEncoder(route)
    if origin is File:
        return FileEncoder(route)
    if origin is Template:
        if route.template_engine is None:
            raise PlanError(
                "returns a Template, but the App has no template engine; pass "
                "App(..., template_engine=jinja2.Environment(loader=...))"
            )
        return TemplateEncoder(route, route.template_engine)
    if origin is Response:
        args = get_args(annotation)
        inner = args[0] if args else object
        return ResponseEncoder(route, None if inner is object else _content(inner, route, type_encoders))
    module = getattr(origin, "__module__", "")
    if module == "returns.result" and getattr(origin, "__name__", "") == "Result":
        return ResultEncoder(route, pick_encoder(get_args(annotation)[0], route, type_encoders))
    if module == "returns.maybe" and getattr(origin, "__name__", "") == "Maybe":
        return MaybeEncoder(route, pick_encoder(get_args(annotation)[0], route, type_encoders))
    if _is_asgi_app(annotation):
        return AppEncoder()
    if get_origin(annotation) in (Union, types.UnionType):
        members = get_args(annotation)
        values = [m for m in members if _is_response_value(m)]
        if values:
            rest = [m for m in members if not _is_response_value(m)]
            content = pick_encoder(_union(rest), route, type_encoders) if rest else None
            return ValueUnionEncoder(route, content)
    if _is_response_value(annotation):
        return ValueUnionEncoder(route, None)
    return BodyEncoder(route, _content(annotation, route, type_encoders))


def _union(members: list[object]) -> object:
    if len(members) == 1:
        return members[0]
    return Union[tuple(members)]  # noqa: UP007  # built from runtime parts


_RESPONSE_VALUES: Final = (Response, Redirect, Stream, ServerSentEvent, File, Template)


def _is_response_value(tp: object) -> bool:
    origin = get_origin(tp) or tp
    return isinstance(origin, type) and (issubclass(origin, HTTPError) or origin in _RESPONSE_VALUES)


def _is_asgi_app(tp: object) -> bool:
    if get_origin(tp) is not collections.abc.Callable:
        return False
    params = get_args(tp)[0]
    return isinstance(params, list) and len(params) == 3


def _content(annotation: object, route: RouteResponse, type_encoders: Mapping[type, object]) -> Content:
    if annotation is None or annotation is type(None):
        return Content(lambda value: b"", None)
    media_type = route.media_type
    if annotation is bytes:
        return Content(_identity_bytes, (media_type or _OCTET_STREAM).encode("latin-1"))
    if annotation is str:
        return Content(_utf8, with_charset(media_type or MediaType.TEXT.value).encode("latin-1"))
    _check_encodable(annotation, type_encoders)
    if media_type is not None and is_msgpack(media_type):
        return Content(route.msgpack, media_type.encode("latin-1"))
    return Content(route.json, (media_type or MediaType.JSON.value).encode("latin-1"))


def _identity_bytes(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    # bytes(5) would be five NUL bytes: a handler returning the wrong type must fail loudly.
    raise TypeError(f"the handler is annotated to return bytes but returned {type(value).__name__}")


def _utf8(value: object) -> bytes:
    if isinstance(value, str):
        return value.encode()
    raise TypeError(f"the handler is annotated to return str but returned {type(value).__name__}")


def _check_encodable(annotation: object, type_encoders: Mapping[type, object]) -> None:
    import msgspec.inspect as mi

    try:
        info = mi.type_info(annotation)
    except (TypeError, ValueError) as exc:
        raise PlanError(_rules.unencodable_type(_name(annotation), str(exc))) from exc
    for cls in _custom_types(info, set()):
        if not any(issubclass(cls, known) for known in type_encoders):
            raise PlanError(_rules.unencodable(_name(annotation), cls.__qualname__))


def _custom_types(info: object, seen: set[int]) -> typing.Iterator[type]:
    import msgspec.inspect as mi

    if isinstance(info, mi.CustomType):
        if info.cls is not object:  # `object` is "anything": encoded as msgspec sees it at runtime
            yield info.cls
        return
    if id(info) in seen or not isinstance(info, msgspec.Struct):
        return
    seen.add(id(info))
    for attr in info.__struct_fields__:
        value = getattr(info, attr)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, mi.Field):
                yield from _custom_types(item.type, seen)
            elif isinstance(item, mi.Type):
                yield from _custom_types(item, seen)


def _name(annotation: object) -> str:
    return _rules.type_name(annotation)
