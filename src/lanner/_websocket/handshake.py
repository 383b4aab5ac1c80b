"""What a WebSocket connection knows from its handshake request: URL, headers, cookies, ...

Read lazily from the ASGI scope on first use and then kept, as on `Request`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from lanner._connection.datastructures import Address, Headers, MultiDict
from lanner._connection.parsing import parse_cookie_header, parse_query_string
from lanner._connection.url import URL
from lanner._errors import check_header_text
from lanner._types import Scope

if TYPE_CHECKING:
    from lanner._app import App

__all__ = ["Handshake", "choose_subprotocol", "raw_headers"]

_NO_SUBPROTOCOLS: Final[Sequence[str]] = ()


class Handshake:
    """The handshake request of a WebSocket connection; `WebSocket` adds the conversation."""

    __slots__ = ("_app", "_cookies", "_headers", "_max_query_params", "_query", "_url", "scope")

    def __init__(self, scope: Scope, app: App | None, max_query_params: int) -> None:
        self.scope = scope
        self._app = app
        self._max_query_params = max_query_params
        self._headers: Headers | None = None
        self._query: MultiDict | None = None
        self._cookies: dict[str, str] | None = None
        self._url: URL | None = None

    @property
    def url(self) -> URL:
        """The URL the client connected to (`ws://` or `wss://`)."""
        if self._url is None:
            self._url = URL.from_scope(self.scope)
        return self._url

    @property
    def base_url(self) -> URL:
        """The URL of the app's root (scheme, host and `root_path`)."""
        return URL.base_of(self.scope)

    @property
    def headers(self) -> Headers:
        """The handshake request's headers, case-insensitive."""
        if self._headers is None:
            self._headers = Headers(self.scope["headers"])
        return self._headers

    @property
    def query_params(self) -> MultiDict:
        """The query string's parameters; repeated keys keep every value."""
        if self._query is None:
            raw = self.scope.get("query_string", b"")
            self._query = MultiDict(parse_query_string(raw, self._max_query_params))
        return self._query

    @property
    def path_params(self) -> Mapping[str, object]:
        """The converted values of the route template's placeholders."""
        params: Mapping[str, object] = self.scope.get("path_params", {})
        return params

    @property
    def cookies(self) -> Mapping[str, str]:
        """The handshake request's cookies; a malformed pair is skipped."""
        if self._cookies is None:
            joined = "; ".join(self.headers.get_list("cookie"))
            self._cookies = parse_cookie_header(joined) if joined else {}
        return self._cookies

    @property
    def client(self) -> Address | None:
        """The client's address as the server saw it, if the server says."""
        client = self.scope.get("client")
        return Address(client[0], client[1]) if client else None

    @property
    def subprotocols(self) -> Sequence[str]:
        """The subprotocols the client offered, in its order of preference."""
        offered: Sequence[str] = self.scope.get("subprotocols") or _NO_SUBPROTOCOLS
        return offered

    @property
    def state(self) -> Mapping[str, object]:
        """The app state the lifespan yielded."""
        state: Mapping[str, object] = self.scope.get("state") or {}
        return state

    @property
    def app(self) -> App:
        """The `App` serving this connection."""
        if self._app is None:
            raise RuntimeError("this WebSocket was built outside an App")
        return self._app


def choose_subprotocol(wanted: str | Sequence[str] | None, offered: Sequence[str]) -> str | None:
    """`wanted` itself when one; else the first of `wanted` that the client `offered`.

    >>> choose_subprotocol(["v2", "v1"], ["v1", "v2"]), choose_subprotocol(["v3"], ["v1"])
    ('v2', None)
    """
    if wanted is None or isinstance(wanted, str):
        return wanted
    return next((name for name in wanted if name in offered), None)


def raw_headers(headers: Mapping[str, str] | Sequence[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    """ASGI header pairs, lower-cased; CR, LF or NUL in a name or value raises `ValueError`."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return [
        (check_header_text("header name", name).lower().encode("latin-1"),
         check_header_text("header value", value).encode("latin-1"))
        for name, value in pairs
    ]  # fmt: skip
