"""`Connection`: what an HTTP request and a WebSocket handshake both know from their scope.

URL, headers, query parameters, cookies, client, state and app, each read lazily on first
use and then kept, so a handler that never looks at its cookies never parses them.
`Request` and `Handshake` (and so `WebSocket`) build on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from lanner._connection.datastructures import Address, Headers, MultiDict
from lanner._connection.parsing import parse_cookie_header, parse_query_string
from lanner._connection.url import URL
from lanner._types import Scope

if TYPE_CHECKING:
    from lanner._app import App

__all__ = ["Connection"]


class Connection:
    """The request side of a connection, read from its ASGI scope."""

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
        """The full URL, built from the scope and a validated `Host` header."""
        if self._url is None:
            self._url = URL.from_scope(self.scope)
        return self._url

    @property
    def base_url(self) -> URL:
        """The URL of the app's root (scheme, host and `root_path`)."""
        return URL.base_of(self.scope)

    @property
    def headers(self) -> Headers:
        """The request headers, case-insensitive."""
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
        """The request's cookies; a malformed pair is skipped and the rest are read."""
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
    def state(self) -> Mapping[str, object]:
        """The app state the lifespan yielded (a per-connection shallow copy)."""
        state: Mapping[str, object] = self.scope.get("state") or {}
        return state

    @property
    def app(self) -> App:
        """The `App` serving this connection."""
        if self._app is None:
            raise RuntimeError(f"this {type(self).__name__} was built outside an App")
        return self._app
