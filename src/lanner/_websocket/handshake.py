"""What a WebSocket connection knows from its handshake request: URL, headers, cookies, ...

Read lazily from the ASGI scope on first use and then kept, as on `Request` (`Connection`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from lanner._connection.connection import Connection
from lanner._errors import check_header_text

__all__ = ["Handshake", "choose_subprotocol", "raw_headers"]

_NO_SUBPROTOCOLS: Final[Sequence[str]] = ()


class Handshake(Connection):
    """The handshake request of a WebSocket connection; `WebSocket` adds the conversation.

    URL, headers, query parameters, cookies, client, state and app are `Connection`'s, as
    on `Request`.
    """

    __slots__ = ()

    @property
    def subprotocols(self) -> Sequence[str]:
        """The subprotocols the client offered, in its order of preference."""
        offered: Sequence[str] = self.scope.get("subprotocols") or _NO_SUBPROTOCOLS
        return offered


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
