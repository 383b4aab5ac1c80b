"""The extractor aliases a handler's parameters are annotated with.

Each alias is `Annotated[T, <marker>]`, so inside the handler (and for mypy and pyright)
a `Path[int]` parameter is simply an `int`. The marker is read once, when the App is built.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Final, TypeAlias, TypeVar, final

from lanner._compat import override

__all__ = [
    "Alias",
    "Body",
    "BodyStream",
    "Cookie",
    "Extract",
    "Form",
    "Header",
    "Path",
    "Query",
    "State",
]

T = TypeVar("T")


class Source(enum.Enum):
    """Where an extractor reads its value from."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"
    BODY = "body"
    FORM = "form"
    BODY_STREAM = "body_stream"
    STATE = "state"

    @property
    def reads_body(self) -> bool:
        """Whether this source consumes the request body (at most one per handler)."""
        return self in _BODY_SOURCES


_BODY_SOURCES: Final = frozenset({Source.BODY, Source.FORM, Source.BODY_STREAM})


@final
class SourceMarker:
    """The `Annotated` metadata that makes a type an extractor of one `Source`."""

    __slots__ = ("source",)

    def __init__(self, source: Source) -> None:
        self.source = source

    @override
    def __repr__(self) -> str:
        return f"<{self.source.value} extractor>"


PATH: Final = SourceMarker(Source.PATH)
QUERY: Final = SourceMarker(Source.QUERY)
HEADER: Final = SourceMarker(Source.HEADER)
COOKIE: Final = SourceMarker(Source.COOKIE)
BODY: Final = SourceMarker(Source.BODY)
FORM: Final = SourceMarker(Source.FORM)
BODY_STREAM: Final = SourceMarker(Source.BODY_STREAM)
STATE: Final = SourceMarker(Source.STATE)


@final
class Alias:
    """Read a value under another wire name than the parameter's.

    >>> from typing import Annotated
    >>> PageSize = Query[Annotated[int, Alias("page-size")]]
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        if not name:
            raise ValueError("Alias needs a non-empty wire name")
        self.name = name

    @override
    def __repr__(self) -> str:
        return f"Alias({self.name!r})"


@final
class Extract:
    """A custom extractor: `Annotated[User, Extract(current_user)]`.

    `fn` may be sync or async, or a (async) generator for set-up and tear-down; its own
    parameters are extractors too. It runs at most once per request, however many
    parameters ask for it. A sync `fn` runs in a worker thread unless `sync_to_thread=False`.

    >>> from typing import Annotated
    >>> def settings() -> dict[str, str]:
    ...     return {"mode": "test"}
    >>> Settings = Annotated[dict[str, str], Extract(settings, sync_to_thread=False)]
    """

    __slots__ = ("fn", "sync_to_thread")

    def __init__(self, fn: Callable[..., object], *, sync_to_thread: bool = True) -> None:
        if not callable(fn):
            raise TypeError(f"Extract needs a function, got {fn!r}")
        self.fn = fn
        self.sync_to_thread = sync_to_thread

    @override
    def __repr__(self) -> str:
        return f"Extract({getattr(self.fn, '__qualname__', self.fn)!r})"


Path: TypeAlias = Annotated[T, PATH]
"""A path template placeholder of the same name, converted and validated as `T`.

A value that does not convert (`/items/abc` for `{item_id:int}`) means the route does not
match: 404. A converted value that fails `T`'s constraints answers 400.
"""

Query: TypeAlias = Annotated[T, QUERY]
"""A query-string parameter. `list[T]`/`tuple[T, ...]` take repeated keys; a Struct,
dataclass or TypedDict `T` groups several parameters. Missing and required, or invalid: 400.
"""

Header: TypeAlias = Annotated[T, HEADER]
"""A request header; `user_agent` reads `user-agent`. `list[str]` takes every value. 400 when
missing and required, or invalid.
"""

Cookie: TypeAlias = Annotated[T, COOKIE]
"""A request cookie of the parameter's name. 400 when missing and required, or invalid."""

Body: TypeAlias = Annotated[T, BODY]
"""The request body, JSON or MessagePack, decoded and validated into `T`; `Body[bytes]` is
the raw body. 415 for another content type, 400 when malformed or invalid, 413 when over
`request_max_body_size`.
"""

Form: TypeAlias = Annotated[T, FORM]
"""An `application/x-www-form-urlencoded` or `multipart/form-data` body decoded into `T`."""

BodyStream: TypeAlias = Annotated[AsyncIterator[bytes], BODY_STREAM]
"""The request body as it arrives, chunk by chunk; nothing is buffered."""

State: TypeAlias = Annotated[T, STATE]
"""The entry of the lifespan's state named like the parameter."""
