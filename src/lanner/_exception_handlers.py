"""Exception handlers: turn an exception into a `Response`, by exception type or status code.

Handlers are merged per route when the App is built (closest layer wins for a key); per
request only a failed request looks one up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Never, TypeAlias, TypeVar, final, overload

import msgspec

from lanner._errors import HTTPError
from lanner._respond.response import Response

if TYPE_CHECKING:
    from lanner._connection.request import Request

__all__ = ["ExceptionHandler"]

E = TypeVar("E", bound=Exception)

HandlerResult: TypeAlias = Response[object] | Awaitable[Response[object]]
HandlerFunction: TypeAlias = "Callable[[Request, Never], HandlerResult]"
ExceptionHandlersInput: TypeAlias = "Mapping[type[Exception] | int, HandlerFunction] | Sequence[ExceptionHandler]"


@final
class ExceptionHandler:
    """Which exceptions a function answers (a class, or an `HTTPError` status code) and the
    function, as a typed pair: mypy checks that a handler for `MyError` takes a `MyError`.

    >>> from lanner import NotFound, Request
    >>> class OutOfStock(Exception): ...
    >>> def out_of_stock(request: Request, exc: OutOfStock) -> Response[dict[str, str]]:
    ...     return Response({"error": "out of stock"}, status_code=409)
    >>> handlers = [ExceptionHandler(OutOfStock, out_of_stock)]

    `exception_handlers={OutOfStock: out_of_stock}` works too, without that check.
    """

    # Not generic itself: the type variable is bound per call, so mypy checks `fn` against
    # `on`, and a list of handlers for different exceptions is still a list[ExceptionHandler].
    __slots__ = ("fn", "on")

    @overload
    def __init__(self, on: type[E], fn: Callable[[Request, E], HandlerResult]) -> None: ...

    @overload
    def __init__(self, on: int, fn: Callable[[Request, HTTPError], HandlerResult]) -> None: ...

    def __init__(self, on: type[Exception] | int, fn: Callable[[Request, Never], HandlerResult]) -> None:
        _check_key(on)
        self.on: type[Exception] | int = on
        self.fn: Callable[[Request, Never], HandlerResult] = fn


class HandlerMap(msgspec.Struct, frozen=True):
    """One route's exception handlers after every layer is merged."""

    by_type: Mapping[type, Callable[[Request, Never], HandlerResult]]
    by_status: Mapping[int, Callable[[Request, Never], HandlerResult]]

    def find(self, exc: Exception) -> Callable[[Request, Never], HandlerResult] | None:
        """The handler for `exc`: the nearest HTTPError class, then its status, then the rest.

        So a handler for `ItemNotFound(NotFound)` beats one for 404, which beats one for
        `Exception`.
        """
        mro = type(exc).__mro__
        if isinstance(exc, HTTPError):
            for cls in mro:
                if issubclass(cls, HTTPError) and cls in self.by_type:
                    return self.by_type[cls]
            by_status = self.by_status.get(exc.status_code)
            if by_status is not None:
                return by_status
        for cls in mro:
            found = self.by_type.get(cls)
            if found is not None:
                return found
        return None


def _check_key(on: object) -> None:
    valid_status = isinstance(on, int) and not isinstance(on, bool) and 100 <= on <= 599
    if not valid_status and not (isinstance(on, type) and issubclass(on, Exception)):
        raise TypeError(f"an exception handler is keyed by an exception class or a status code, got {on!r}")


def merge_handlers(layers: Sequence[ExceptionHandlersInput]) -> HandlerMap | None:
    """Merge the layers' handlers, outermost first: a closer layer wins for the same key."""
    by_type: dict[type, Callable[[Request, Never], HandlerResult]] = {}
    by_status: dict[int, Callable[[Request, Never], HandlerResult]] = {}
    for given in layers:
        pairs = given.items() if isinstance(given, Mapping) else ((h.on, h.fn) for h in given)
        for on, fn in pairs:
            _check_key(on)
            if isinstance(on, int):
                by_status[on] = fn
            else:
                by_type[on] = fn
    if not by_type and not by_status:
        return None
    return HandlerMap(by_type, by_status)
