"""URLs: parsed from text, or rebuilt from an ASGI scope without trusting what the client says.

A URL's `path`, `query` and `fragment` are kept as they appear in the URL's text, that is
percent-encoded; `str(url)` is always a URL a client can follow back.
"""

from __future__ import annotations

from typing import Final, TypedDict, TypeGuard, Unpack, final
from urllib.parse import quote_from_bytes, unquote, urlsplit

from lanner._compat import override

from lanner._connection.parsing import normalize_host, parse_port
from lanner._types import Scope

__all__ = ["URL", "URLParts"]

_DEFAULT_PORTS: Final = {"http": 80, "https": 443, "ws": 80, "wss": 443}
# Schemes whose URLs always carry an authority, so `http:///x` (no host known) round-trips.
_AUTHORITY_SCHEMES: Final = frozenset(_DEFAULT_PORTS)
# What each component may hold unescaped (RFC 3986 §3.3-3.5); `quote` always keeps
# letters, digits and `_.-~`. The `%` variants are for text that is already encoded.
_PATH_SAFE: Final = "/:@!$&'()*+,;="
_ENCODED_PATH_SAFE: Final = _PATH_SAFE + "%"
_ENCODED_QUERY_SAFE: Final = _ENCODED_PATH_SAFE + "?"


class URLParts(TypedDict, total=False):
    """The keywords `URL.replace` takes; `port=None` removes the port.

    >>> parts: URLParts = {"scheme": "https", "port": None}
    >>> str(URL("http://example.com:8080/").replace(**parts))
    'https://example.com/'
    """

    scheme: str
    netloc: str
    hostname: str
    port: int | None
    path: str
    query: str
    fragment: str


@final
class URL:
    """An immutable URL: its parts, and its text. It equals the same URL or the same text.

    >>> url = URL("https://Example.com:8443/items?limit=10#top")
    >>> (url.scheme, url.hostname, url.port, url.path, url.query, url.fragment)
    ('https', 'example.com', 8443, '/items', 'limit=10', 'top')
    >>> str(url.replace(port=None, query="")) == "https://Example.com/items#top"
    True
    """

    __slots__ = ("_fragment", "_netloc", "_path", "_query", "_scheme", "_text")

    _scheme: str
    _netloc: str
    _path: str
    _query: str
    _fragment: str
    _text: str

    def __init__(self, url: str = "") -> None:
        """Parse `url` (`urllib.parse.urlsplit` rules); raises ValueError if it cannot be."""
        parts = urlsplit(url)
        self._set(parts.scheme, parts.netloc, parts.path, parts.query, parts.fragment)

    def _set(self, scheme: str, netloc: str, path: str, query: str, fragment: str) -> None:
        self._scheme, self._netloc, self._path = scheme, netloc, path
        self._query, self._fragment = query, fragment
        text = f"{scheme}:" if scheme else ""
        if netloc or scheme in _AUTHORITY_SCHEMES:
            text += "//" + netloc
        text += path
        if query:
            text += "?" + query
        if fragment:
            text += "#" + fragment
        self._text = text

    @classmethod
    def _from_parts(cls, scheme: str, netloc: str, path: str, query: str, fragment: str) -> URL:
        url = cls.__new__(cls)
        url._set(scheme, netloc, path, query, fragment)
        return url

    @classmethod
    def from_scope(cls, scope: Scope) -> URL:
        """The URL a request was sent to, built from its ASGI scope; no client input raises.

        The host is the `Host` header's only when it is a valid host (a name, IPv4 address
        or bracketed IPv6 address, with an optional port); anything else falls back to
        `scope["server"]`. Forwarding headers are never read. The path is
        `root_path + path`, taken from `raw_path` when that still matches `path` (so `%2F`
        survives), else re-encoded from `path`.

        >>> scope = {"type": "http", "scheme": "http", "server": ("10.0.0.1", 8000),
        ...          "path": "/a b", "query_string": b"x=1", "headers": [(b"host", b"@evil")]}
        >>> str(URL.from_scope(scope))
        'http://10.0.0.1:8000/a%20b?x=1'
        """
        scheme = _scope_scheme(scope)
        path = _encoded_path(scope)
        query_string = scope.get("query_string")
        query = ""
        if isinstance(query_string, bytes) and query_string:
            query = quote_from_bytes(query_string, _ENCODED_QUERY_SAFE)
        return cls._from_parts(scheme, _scope_netloc(scope, scheme), path, query, "")

    @classmethod
    def base_of(cls, scope: Scope) -> URL:
        """The app's base URL for a request: `scheme://host/root_path/`, with a final slash.

        >>> scope = {"type": "http", "headers": [(b"host", b"api.example.com")],
        ...          "path": "/v1/items", "root_path": "/v1"}
        >>> str(URL.base_of(scope))
        'http://api.example.com/v1/'
        """
        scheme = _scope_scheme(scope)
        root_path = scope.get("root_path")
        path = _quote(root_path, _PATH_SAFE) if _is_str(root_path) else ""
        if not path.endswith("/"):
            path += "/"
        return cls._from_parts(scheme, _scope_netloc(scope, scheme), path, "", "")

    @property
    def scheme(self) -> str:
        """The scheme, as written; `""` for a relative URL.

        >>> URL("https://example.com/").scheme, URL("/items").scheme
        ('https', '')
        """
        return self._scheme

    @property
    def netloc(self) -> str:
        """The authority as written; `""` when there is none.

        >>> URL("http://user@Example.com:8080/").netloc
        'user@Example.com:8080'
        """
        return self._netloc

    @property
    def hostname(self) -> str | None:
        """The host, lower-cased, brackets removed from an IPv6 address; None when absent.

        >>> URL("http://[::1]:8000/").hostname
        '::1'
        """
        host = _split_netloc(self._netloc)[1]
        return host.lower() if host else None

    @property
    def port(self) -> int | None:
        """The port written in the URL; None when there is none or it is not a valid port.

        >>> URL("http://example.com:8000/").port, URL("http://example.com/").port
        (8000, None)
        """
        return parse_port(_split_netloc(self._netloc)[2])

    @property
    def path(self) -> str:
        """The path, percent-encoded as in the URL's text.

        >>> URL("http://example.com/a%20b").path
        '/a%20b'
        """
        return self._path

    @property
    def query(self) -> str:
        """The query string without its `?`, percent-encoded as in the URL's text.

        >>> URL("/search?q=a+b&page=2").query
        'q=a+b&page=2'
        """
        return self._query

    @property
    def fragment(self) -> str:
        """The fragment without its `#`.

        >>> URL("/guide#install").fragment
        'install'
        """
        return self._fragment

    def replace(self, **parts: Unpack[URLParts]) -> URL:
        """A new URL with some parts replaced; `port=None` removes the port.

        `hostname` and `port` rebuild the netloc (keeping any user info), so they cannot be
        combined with `netloc`. Characters a component cannot hold unescaped (a space, `#`,
        non-ASCII) are percent-encoded; existing `%XX` escapes are kept. Raises ValueError
        for a port outside 0-65535 or `netloc` with `hostname` or `port`.

        >>> str(URL("http://example.com/a").replace(scheme="https", path="/b c"))
        'https://example.com/b%20c'
        """
        netloc = parts.get("netloc", self._netloc)
        if "hostname" in parts or "port" in parts:
            if "netloc" in parts:
                raise ValueError("pass either netloc, or hostname and port, not both")
            netloc = self._replace_host(parts)
        path = parts.get("path")
        path = self._path if path is None else _quote(path, _ENCODED_PATH_SAFE)
        if netloc and path and not path.startswith("/"):
            path = "/" + path
        query = parts.get("query")
        query = self._query if query is None else _quote_query(query)
        fragment = parts.get("fragment")
        fragment = self._fragment if fragment is None else _quote_query(fragment)
        return URL._from_parts(parts.get("scheme", self._scheme), netloc, path, query, fragment)

    def _replace_host(self, parts: URLParts) -> str:
        userinfo, host, port_text = _split_netloc(self._netloc)
        hostname = parts.get("hostname")
        if hostname is not None:
            host = hostname
        if ":" in host:
            host = f"[{host}]"
        if "port" in parts:
            port = parts["port"]
            if port is not None and not 0 <= port <= 65535:
                raise ValueError(f"port {port} is outside 0-65535")
            port_text = "" if port is None else str(port)
        netloc = f"{userinfo}@{host}" if userinfo else host
        return f"{netloc}:{port_text}" if port_text else netloc

    @override
    def __str__(self) -> str:
        return self._text

    @override
    def __repr__(self) -> str:
        return f"URL({self._text!r})"

    @override
    def __eq__(self, other: object) -> bool:
        if isinstance(other, (URL, str)):
            return self._text == str(other)
        return NotImplemented

    @override
    def __hash__(self) -> int:
        # Equal to its text, so it hashes as its text.
        return hash(self._text)


def _is_str(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value)


def _quote_query(text: str) -> str:
    return _quote(text, _ENCODED_QUERY_SAFE)


def _quote(text: str, safe: str) -> str:
    try:
        # A lone surrogate stands for the raw byte a server decoded with surrogateescape.
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        # Any other lone surrogate has no bytes to stand for: it becomes U+FFFD.
        data = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode()
    return quote_from_bytes(data, safe)


def _split_netloc(netloc: str) -> tuple[str, str, str]:
    """`user:pw@host:port` as `("user:pw", "host", "port")`; IPv6 brackets removed."""
    userinfo, _, hostport = netloc.rpartition("@")
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            return userinfo, hostport, ""
        rest = hostport[end + 1 :]
        return userinfo, hostport[1:end], rest[1:] if rest.startswith(":") else ""
    host, sep, port = hostport.rpartition(":")
    return (userinfo, host, port) if sep else (userinfo, hostport, "")


def _scope_scheme(scope: Scope) -> str:
    scheme = scope.get("scheme")
    if isinstance(scheme, str) and scheme:
        return scheme
    return "ws" if scope.get("type") == "websocket" else "http"


def _scope_netloc(scope: Scope, scheme: str) -> str:
    for name, value in scope.get("headers") or ():
        if name.lower() == b"host":
            host = value.decode("latin-1") if isinstance(value, bytes) else ""
            netloc = normalize_host(host, _DEFAULT_PORTS.get(scheme))
            if netloc is not None:
                return netloc
            break
    server = scope.get("server")
    if not server:
        return ""
    try:
        host, port = server
    except (TypeError, ValueError):
        return ""
    if not isinstance(host, str):
        return ""
    if ":" in host:
        host = f"[{host}]"
    if isinstance(port, int) and not isinstance(port, bool):
        host = f"{host}:{port}"
    # A Unix socket path (or any other odd server address) is not a host: leave it out.
    return normalize_host(host, _DEFAULT_PORTS.get(scheme)) or ""


def _encoded_path(scope: Scope) -> str:
    path = scope.get("path")
    path = path if isinstance(path, str) else ""
    root_path = scope.get("root_path")
    if _is_str(root_path):
        path = _under_root(root_path, path)
    raw_path = scope.get("raw_path")
    if isinstance(raw_path, bytes) and raw_path.startswith(b"/"):
        encoded = quote_from_bytes(raw_path, _ENCODED_PATH_SAFE)
        if _is_str(root_path):
            encoded = _under_root(_quote(root_path, _PATH_SAFE), encoded)
        # A middleware that rewrites `path` seldom rewrites `raw_path`: trust it only while
        # it still says the same thing.
        if unquote(encoded) == path:
            return encoded
    return _quote(path, _PATH_SAFE)


def _under_root(root_path: str, path: str) -> str:
    # Servers disagree on whether `path` already includes `root_path` (uvicorn's does,
    # older ones' did not): prefix it only when it is not there yet.
    if path == root_path or path.startswith(root_path.rstrip("/") + "/"):
        return path
    return root_path.rstrip("/") + path if path.startswith("/") else root_path + path
