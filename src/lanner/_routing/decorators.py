"""Route decorators: `@get("/items/{item_id:int}")` and friends.

A decorated function becomes a `RouteHandler`, which is still callable as the plain
function (unit tests call it without HTTP). Nothing is checked here: the App checks every
handler when it is built, with the handler's file and line in each message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final, Generic, TypeVar

from lanner._compat import Unpack, override

from lanner._layers import HandlerOptions

__all__ = [
    "FunctionRoute",
    "Routable",
    "RouteDecorator",
    "RouteHandler",
    "delete",
    "get",
    "head",
    "options",
    "patch",
    "post",
    "put",
    "route",
]

F = TypeVar("F", bound=Callable[..., object])
F_co = TypeVar("F_co", covariant=True)
OptionsT = TypeVar("OptionsT", bound=Mapping[str, object])
PathT = TypeVar("PathT", bound=str, covariant=True)

HTTP_METHODS: Final = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}
)


class Routable:
    """What `App` and `Router` accept in their handler lists: a `RouteHandler` or a `Router`.

    A shared base lets a list mixing both keep a useful type (`list[Routable]`).
    """

    __slots__ = ()


class FunctionRoute(Routable, Generic[F_co, OptionsT]):
    """A route's function with its paths and options; calling it calls the function itself.

    The shared part of `RouteHandler` (HTTP) and `WebSocketHandler`.
    """

    __slots__ = ("fn", "options", "paths")

    def __init__(self, fn: F_co, paths: tuple[str, ...], options: OptionsT) -> None:
        self.fn: F_co = fn
        self.paths = paths
        self.options = options

    @property
    def __call__(self) -> F_co:
        """The handler function: `handler(...)` calls it directly, without a connection."""
        return self.fn

    @property
    def name(self) -> str:
        """The route name for `url_for`: the `name` option, else the function's name."""
        given = self.options.get("name")
        if isinstance(given, str) and given:
            return given
        name: str = getattr(self.fn, "__name__", None) or repr(self.fn)
        return name


class RouteHandler(FunctionRoute[F_co, HandlerOptions]):
    """A handler function with its route; calling it calls the function itself.

    Generic in the whole function type, so `read_item(3)` type-checks exactly as the
    plain function would, and a list of different handlers is still a list of handlers.

    >>> @get("/ping")
    ... async def ping() -> str:
    ...     return "pong"
    >>> ping.paths, ping.methods
    (('/ping',), ('GET',))
    """

    __slots__ = ("methods",)

    def __init__(
        self,
        fn: F_co,
        paths: tuple[str, ...],
        methods: tuple[str, ...],
        options: HandlerOptions,
    ) -> None:
        super().__init__(fn, paths, options)
        self.methods = methods

    @override
    def __repr__(self) -> str:
        return f"<RouteHandler {'/'.join(self.methods)} {', '.join(self.paths)} {self.name}>"


class RouteDecorator(Generic[PathT]):
    """What `get(path)` returns; applied to a function it gives a `RouteHandler`.

    Generic in the path only so the mypy plugin can carry a literal template from the
    decorator call to the decorated function; without the plugin it is `RouteDecorator[str]`.
    """

    __slots__ = ("methods", "options", "paths")

    def __init__(
        self, paths: tuple[str, ...], methods: tuple[str, ...], options: HandlerOptions
    ) -> None:
        self.paths = paths
        self.methods = methods
        self.options = options

    def __call__(self, fn: F) -> RouteHandler[F]:
        if isinstance(fn, RouteHandler):
            raise TypeError(f"{fn!r} already has a route; stack paths in one decorator instead")
        return RouteHandler(fn, self.paths, self.methods, self.options)


def paths_of(path: str | Sequence[str]) -> tuple[str, ...]:
    """A decorator's `path` argument (one path or several) as a non-empty tuple."""
    paths = (path,) if isinstance(path, str) else tuple(path)
    if not paths:
        raise ValueError("a route needs at least one path")
    return paths


def route(
    path: str | Sequence[str], *, methods: Sequence[str], **options: Unpack[HandlerOptions]
) -> RouteDecorator[str]:
    """A route for several methods: `@route("/items", methods=["GET", "POST"])`."""
    upper = tuple(dict.fromkeys(m.upper() for m in methods))
    unknown = [m for m in upper if m not in HTTP_METHODS]
    if unknown or not upper:
        raise ValueError(f"route methods must be HTTP methods, got {list(methods)!r}")
    return RouteDecorator(paths_of(path), upper, options)


def get(path: str | Sequence[str], **options: Unpack[HandlerOptions]) -> RouteDecorator[str]:
    """A GET route (it answers HEAD too, with the same headers and no body)."""
    return RouteDecorator(paths_of(path), ("GET",), options)


def post(path: str | Sequence[str], **options: Unpack[HandlerOptions]) -> RouteDecorator[str]:
    """A POST route; it answers 201 unless `status_code` says otherwise."""
    return RouteDecorator(paths_of(path), ("POST",), options)


def put(path: str | Sequence[str], **options: Unpack[HandlerOptions]) -> RouteDecorator[str]:
    """A PUT route."""
    return RouteDecorator(paths_of(path), ("PUT",), options)


def patch(path: str | Sequence[str], **options: Unpack[HandlerOptions]) -> RouteDecorator[str]:
    """A PATCH route."""
    return RouteDecorator(paths_of(path), ("PATCH",), options)


def delete(path: str | Sequence[str], **options: Unpack[HandlerOptions]) -> RouteDecorator[str]:
    """A DELETE route; it answers 204 (and so must return `None`) unless `status_code` says otherwise."""
    return RouteDecorator(paths_of(path), ("DELETE",), options)


def head(path: str | Sequence[str], **options: Unpack[HandlerOptions]) -> RouteDecorator[str]:
    """A HEAD route of its own (GET routes already answer HEAD)."""
    return RouteDecorator(paths_of(path), ("HEAD",), options)


def options(path: str | Sequence[str], **options: Unpack[HandlerOptions]) -> RouteDecorator[str]:
    """An OPTIONS route of its own (without one, OPTIONS answers 204 with `Allow`)."""
    return RouteDecorator(paths_of(path), ("OPTIONS",), options)
