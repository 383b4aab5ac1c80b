"""`Router`: a group of routes under a path prefix, with its own layer of options."""

from __future__ import annotations

from collections.abc import Sequence
from lanner._compat import Unpack, override

from lanner._layers import LAYER_KEYS, LayerOptions, unknown_options
from lanner._routing.decorators import Routable

__all__ = ["Router"]


class Router(Routable):
    """Routes under a common prefix; routers nest and their prefixes join.

    Its options form a layer between the App's and each handler's (closest wins). The
    prefix may hold placeholders, which the handlers' `Path` parameters then cover.

    >>> from lanner import Path, get
    >>> @get("/{item_id:int}")
    ... async def read_item(item_id: Path[int]) -> dict[str, int]:
    ...     return {"id": item_id}
    >>> items = Router("/items", [read_item])
    """

    __slots__ = ("options", "path", "route_handlers", "routers")

    def __init__(
        self,
        path: str,
        route_handlers: Sequence[Routable] = (),
        *,
        routers: Sequence[Router] = (),
        **options: Unpack[LayerOptions],
    ) -> None:
        unknown_options(options, LAYER_KEYS, f'Router("{path}")')
        self.path = path
        self.route_handlers = tuple(route_handlers)
        self.routers = tuple(routers)
        self.options = options

    @override
    def __repr__(self) -> str:
        return f"<Router {self.path} ({len(self.route_handlers)} handlers, {len(self.routers)} routers)>"
