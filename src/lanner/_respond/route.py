"""What every response of one route shares, and how a `Response` value becomes ASGI messages.

Built once per route (`RouteResponse`); `render_response` and `send_rendered` run per
request on what was prepared.
"""


from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final, Never, Protocol

import msgspec

from lanner._layers import DEFAULT_MAX_RANGES
from lanner._media import MediaType, is_msgpack, with_charset
from lanner._respond.background import BackgroundTasks
from lanner._respond.response import Background, Response
from lanner._respond.send import RawHeaders, send_body
from lanner._respond.templates import TemplateEngine
from lanner._respond.values import SetCookie
from lanner._types import Receive, Scope, Send

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
    max_ranges: int = DEFAULT_MAX_RANGES
    """The `max_ranges` layer option, for `File` answers."""

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


async def send_rendered(send: Send, rendered: Rendered, head: bool) -> Background | None:
    """Send a rendered response; return its background work."""
    status, headers, body, background = rendered
    await send_body(send, status, headers, body, head)
    return background


def render_response(route: RouteResponse, content: Content | None, value: Response[object]) -> Rendered:
    """A `Response` value ready to send; what it sets itself wins over the route's headers."""
    return render_prepared(route, content, None, value)


PreparedHeaders = tuple[tuple[bytes, bytes], ...]


def prepared_headers(route: RouteResponse, content: Content | None) -> PreparedHeaders | None:
    """The headers every response of `content` starts with, when they can be built once.

    None when they cannot: no static content type, or layer cookies whose expiry is written
    per response.
    """
    if content is None or route.timed_cookies:
        return None
    return tuple(route.headers_for(content.media_type))


def render_prepared(
    route: RouteResponse, content: Content | None, prepared: PreparedHeaders | None, value: Response[object]
) -> Rendered:
    """`render_response`, starting from `prepared_headers(route, content)` when not None."""
    if content is not None and value.media_type is None:
        body = content.encode(value.content)
        headers = [*prepared] if prepared is not None else route.headers_for(content.media_type)
    else:
        body, media_type = route.dynamic_content(value.content, value.media_type or route.media_type)
        if value.media_type is not None:
            media_type = with_charset(value.media_type).encode("latin-1")
        headers = route.headers_for(media_type)
    own: tuple[tuple[str, str], ...] = value.headers  # type: ignore[assignment]  # normalised by Response.__post_init__
    if own:
        names = route.header_names
        first_own = len(headers)
        clash = False
        for name, text in own:
            key = _WIRE_NAMES.get(name)
            if key is None:
                key = _wire_name(name)
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
            headers.append((b"set-cookie", cookie.to_header().encode("latin-1")))  # `header_pair`, inlined
    background = value.background
    if route.background is not None:
        background = route.background if background is None else _both(background, route.background)
    return value.status_code or route.status_code, headers, body, background


# Response header names as sent (lower-case bytes). Handlers use a few constant names; the
# bound keeps names made from request data from growing it without end.
_WIRE_NAMES: Final[dict[str, bytes]] = {}
_WIRE_NAMES_MAX: Final = 1024


def _wire_name(name: str) -> bytes:
    key = name.lower().encode("latin-1")
    if len(_WIRE_NAMES) < _WIRE_NAMES_MAX:
        _WIRE_NAMES[name] = key
    return key


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
