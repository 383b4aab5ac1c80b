"""The compiled route table: which endpoint answers a (path, method).

Built once with the App. A static path is one dict lookup. A dynamic path walks a trie of
segments (static children first, then converters by specificity, then a `path` catch-all),
so lookup cost follows the depth of the URL, not the number of routes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec

from lanner._routing.converters import CONVERTERS, PRIORITY
from lanner._routing.template import PathTemplate, Placeholder
from lanner._types import ASGIApp

if TYPE_CHECKING:
    from lanner._openapi.document import RouteDoc


class RouteConflict(ValueError):
    """Two registrations that the table cannot tell apart."""

    def __init__(self, message: str, template: str = "") -> None:
        super().__init__(message)
        self.template = template


class PathRoute(msgspec.Struct, eq=False):
    """Everything registered under one path template, by method."""

    template: str
    names: tuple[str, ...]
    endpoints: dict[str, ASGIApp] = msgspec.field(default_factory=dict)
    allow: str = ""

    def seal(self) -> None:
        """Fix the `Allow` value once every method is registered."""
        self.allow = ", ".join(sorted({*self.endpoints, "OPTIONS"}))


class _Node(msgspec.Struct, eq=False):
    static: dict[str, _Node] = msgspec.field(default_factory=dict)
    params: list[tuple[str, Callable[[str], object], _Node]] = msgspec.field(default_factory=list)
    converters: tuple[tuple[Callable[[str], object], _Node], ...] = ()
    """`params` without the names, for the fast walk."""
    catchall: PathRoute | None = None
    route: PathRoute | None = None

    def child_for(self, converter: str) -> _Node:
        for name, _, child in self.params:
            if name == converter:
                return child
        child = _Node()
        self.params.append((converter, CONVERTERS[converter].convert, child))
        self.params.sort(key=lambda entry: PRIORITY.index(entry[0]))
        self.converters = tuple((convert, node) for _, convert, node in self.params)
        return child


class Match(msgspec.Struct, frozen=True):
    """A route found for a path; `params` are the converted placeholder values."""

    route: PathRoute
    params: dict[str, object]


class RouteTable:
    """Routes by path and method; see the module docstring for how lookup works."""

    __slots__ = ("_above_root", "_root", "_routes", "ambiguous", "docs", "names", "static")

    def __init__(self) -> None:
        self.static: dict[str, PathRoute] = {}
        self.names: dict[str, list[tuple[PathTemplate, tuple[str, ...]]]] = {}
        """Route name to its templates and their converters, for `url_for`."""
        self.ambiguous: set[str] = set()
        """Default names (function names) that several handlers share."""
        self.docs: list[RouteDoc] = []
        """What the OpenAPI document says of each route, in registration order."""
        self._root = _Node()
        self._above_root = _Node(static={"": self._root})
        self._routes: list[PathRoute] = []

    def add(
        self, template: PathTemplate, converters: tuple[str, ...], method: str, endpoint: ASGIApp
    ) -> PathRoute:
        """Register `endpoint` for `method` at `template`, whose placeholders use `converters`."""
        route = self._route_for(template, converters)
        if method in route.endpoints:
            raise RouteConflict(f"{method} {template.raw} is registered twice", route.template)
        route.endpoints[method] = endpoint
        return route

    def seal(self) -> None:
        """Finish building: compute each path's `Allow` header."""
        for route in self._routes:
            route.seal()

    def _route_for(self, template: PathTemplate, converters: tuple[str, ...]) -> PathRoute:
        names = tuple(p.name for p in template.placeholders)
        if template.is_static:
            route = self.static.get(template.path)
            if route is None:
                route = self.static[template.path] = PathRoute(template.path, ())
                self._routes.append(route)
            return route
        node = self._root
        kinds = iter(converters)
        for index, segment in enumerate(template.segments):
            if isinstance(segment, Placeholder):
                kind = next(kinds)
                if kind == "path":
                    assert index == len(template.segments) - 1
                    if node.catchall is None:
                        node.catchall = PathRoute(template.path, names)
                        self._routes.append(node.catchall)
                    return self._same_names(node.catchall, template, names)
                node = node.child_for(kind)
            else:
                node = node.static.setdefault(segment, _Node())
        if node.route is None:
            node.route = PathRoute(template.path, names)
            self._routes.append(node.route)
        return self._same_names(node.route, template, names)

    @staticmethod
    def _same_names(route: PathRoute, template: PathTemplate, names: tuple[str, ...]) -> PathRoute:
        if route.names != names:
            raise RouteConflict(
                f'path "{template.raw}" matches the same URLs as "{route.template}" with other '
                "placeholder names; use the same names in both"
            )
        return route

    def lookup(self, path: str, method: str) -> tuple[PathRoute, dict[str, object]] | None:
        """The common case, fast: follow the first child that fits each segment.

        Returns None when that greedy walk does not end at a route with `method`; `find`
        then searches every alternative (and knows about 405s and catch-alls).
        """
        node = self._above_root  # "/users/1".split("/") starts with "", the root's name
        values: list[object] = []
        for segment in path.split("/"):
            child = node.static.get(segment)
            if child is None:
                for convert, candidate in node.converters:
                    try:
                        values.append(convert(segment))
                    except ValueError:
                        continue
                    child = candidate
                    break
                else:
                    return None
            node = child
        route = node.route
        if route is None or method not in route.endpoints:
            return None
        names = route.names
        if len(names) == 1:
            return route, {names[0]: values[0]}
        return route, dict(zip(names, values, strict=True))

    def find(self, path: str, method: str) -> Match | None:
        """The route for `path` that has `method`, else the first route for `path` at all."""
        route = self.static.get(path)
        if route is not None and method in route.endpoints:
            return Match(route, {})
        segments = path[1:].split("/")
        values: list[object] = []
        fallback: list[Match] = []
        found = _walk(self._root, segments, 0, values, method, fallback)
        if found is not None:
            return found
        if route is not None:
            return Match(route, {})
        return fallback[0] if fallback else None


def _walk(
    node: _Node,
    segments: list[str],
    index: int,
    values: list[object],
    method: str,
    fallback: list[Match],
) -> Match | None:
    if index == len(segments):
        if node.route is not None:
            match = Match(node.route, dict(zip(node.route.names, values, strict=True)))
            if method in node.route.endpoints:
                return match
            fallback.append(match)
        if node.catchall is not None:
            return _catchall(node.catchall, values, "", method, fallback)
        return None
    segment = segments[index]
    child = node.static.get(segment)
    if child is not None:
        found = _walk(child, segments, index + 1, values, method, fallback)
        if found is not None:
            return found
    for _, convert, child in node.params:
        try:
            value = convert(segment)
        except ValueError:
            continue
        values.append(value)
        found = _walk(child, segments, index + 1, values, method, fallback)
        if found is not None:
            return found
        values.pop()
    if node.catchall is not None:
        rest = "/".join(segments[index:])
        if "\x00" in rest:
            return None  # NUL never reaches a handler
        return _catchall(node.catchall, values, rest, method, fallback)
    return None


def _catchall(
    route: PathRoute, values: list[object], rest: str, method: str, fallback: list[Match]
) -> Match | None:
    match = Match(route, dict(zip(route.names, [*values, rest], strict=True)))
    if method in route.endpoints:
        return match
    fallback.append(match)
    return None
