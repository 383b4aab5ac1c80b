"""The ASGI scopes the test clients hand to the app, shaped like uvicorn's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import unquote

from lanner._types import Scope

__all__ = [
    "ConnectionSettings",
    "RequestTarget",
    "http_scope",
    "websocket_handshake_headers",
    "websocket_scope",
]

ASGI_VERSIONS: Final = {"version": "3.0", "spec_version": "2.4"}
RAISE_SERVER_EXCEPTIONS_KEY: Final = "lanner.raise_server_exceptions"
_DEFAULT_PORTS: Final = {"http": 80, "ws": 80, "https": 443, "wss": 443}
_WEBSOCKET_SCHEMES: Final = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}
# RFC 6455's sample nonce: any valid key will do, since no real handshake takes place.
_WEBSOCKET_KEY: Final = "dGhlIHNhbXBsZSBub25jZQ=="


@dataclass
class ConnectionSettings:
    """What a test client puts in every scope besides the request itself."""

    root_path: str
    client: tuple[str, int]
    pathsend: bool
    raise_server_exceptions: bool
    # The lifespan's state while the client runs it; ASGI leaves its values untyped.
    state: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RequestTarget:
    """The parts of an outgoing request that a scope is made from, free of the HTTP client."""

    method: str
    scheme: str
    host: str
    port: int | None
    raw_path: bytes
    query_string: bytes
    headers: list[tuple[bytes, bytes]]


def http_scope(target: RequestTarget, settings: ConnectionSettings) -> Scope:
    scope = _connection_scope("http", target.scheme, target, settings)
    scope["method"] = target.method
    scope["extensions"] = {"http.response.pathsend": {}} if settings.pathsend else {}
    return scope


def websocket_scope(
    target: RequestTarget, settings: ConnectionSettings, subprotocols: Sequence[str]
) -> Scope:
    scheme = _WEBSOCKET_SCHEMES.get(target.scheme, "ws")
    scope = _connection_scope("websocket", scheme, target, settings)
    scope["subprotocols"] = list(subprotocols)
    scope["extensions"] = {"websocket.http.response": {}}
    return scope


def websocket_handshake_headers(subprotocols: Sequence[str]) -> dict[str, str]:
    """The upgrade request's headers, so apps that inspect them see a real handshake."""
    headers = {
        "connection": "upgrade",
        "upgrade": "websocket",
        "sec-websocket-key": _WEBSOCKET_KEY,
        "sec-websocket-version": "13",
    }
    if subprotocols:
        headers["sec-websocket-protocol"] = ", ".join(subprotocols)
    return headers


def _connection_scope(
    kind: str, scheme: str, target: RequestTarget, settings: ConnectionSettings
) -> Scope:
    # Like uvicorn, `path` and `raw_path` include the root path the app is mounted under.
    root_path = settings.root_path
    return {
        "type": kind,
        "asgi": dict(ASGI_VERSIONS),
        "http_version": "1.1",
        "scheme": scheme,
        "server": (target.host, target.port or _DEFAULT_PORTS.get(scheme, 80)),
        "client": settings.client,
        "root_path": root_path,
        "path": root_path + unquote(target.raw_path.decode("ascii")),
        "raw_path": root_path.encode("ascii") + target.raw_path,
        "query_string": target.query_string,
        "headers": list(target.headers),
        "state": dict(settings.state),
        RAISE_SERVER_EXCEPTIONS_KEY: settings.raise_server_exceptions,
    }
