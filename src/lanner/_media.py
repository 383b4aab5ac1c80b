"""Media types lanner speaks, and how a request's content type is classified."""

from __future__ import annotations

import enum
from typing import Final

from lanner._compat import override

__all__ = ["MediaType"]


class MediaType(str, enum.Enum):
    """Media types for `media_type=` options; a `str` enum, so each member is its string.

    >>> MediaType.MESSAGEPACK == "application/vnd.msgpack"
    True
    """

    JSON = "application/json"
    MESSAGEPACK = "application/vnd.msgpack"
    TEXT = "text/plain"
    HTML = "text/html"
    XML = "application/xml"
    SSE = "text/event-stream"

    @override
    def __str__(self) -> str:
        return self.value


MSGPACK_TYPES: Final = frozenset(
    {"application/vnd.msgpack", "application/x-msgpack", "application/msgpack"}
)


def is_json(media_type: str) -> bool:
    """`application/json`, or any `type/subtype+json` (e.g. `application/problem+json`)."""
    return media_type == "application/json" or (
        media_type.endswith("+json") and "/" in media_type
    )


def is_msgpack(media_type: str) -> bool:
    """The current MessagePack type and the two older names still sent by clients."""
    return media_type in MSGPACK_TYPES


def with_charset(media_type: str) -> str:
    """The Content-Type value for a response: text types say they are UTF-8."""
    if media_type.startswith("text/") and "charset" not in media_type:
        return media_type + "; charset=utf-8"
    return media_type
