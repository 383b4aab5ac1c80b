"""`App`: an ASGI application that answers from a table compiled once.

Building (`_build.py`) is where every check runs; `__call__` only looks up the path and
hands the request to a compiled endpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import msgspec

from lanner._build import build_tables
from lanner._compat import Unpack
from lanner._connection.request import Request
from lanner._endpoint import logger
from lanner._errors import (
    HTTPError,
    ImproperlyConfigured,
    InternalServerError,
    MethodNotAllowed,
    NotFound,
)
from lanner._exception_handlers import merge_handlers
from lanner._extract.plan import MISSING, describe, injected_type
from lanner._layers import LAYER_KEYS, LayerOptions, unknown_options
from lanner._lifespan import Hook, Lifespan, run_lifespan
from lanner._openapi.config import OpenAPIConfig
from lanner._respond.response import Response
from lanner._respond.route import RouteResponse, render_response, send_rendered
from lanner._respond.send import send_body, send_error
from lanner._respond.templates import TemplateEngine
from lanner._routing.decorators import Routable
from lanner._routing.router import Router
from lanner._routing.table import PathRoute, RouteTable
from lanner._routing.urls import path_for
from lanner._types import ASGIApp, Receive, Scope, Send

__all__ = ["App"]

_json_encode = msgspec.json.Encoder().encode
_msgpack_encode = msgspec.msgpack.Encoder().encode




class App:
    """An ASGI 3 application built from typed handlers.

    Every handler is read and checked here, once; per request lanner only routes and runs
    the compiled pipeline. Options given here form the outermost layer.

    >>> from lanner import get
    >>> @get("/")
    ... async def hello() -> str:
    ...     return "Hello, World!"
    >>> app = App([hello])
    """

    def __init__(
        self,
        route_handlers: Sequence[Routable] = (),
        *,
        routers: Sequence[Router] = (),
        lifespan: Lifespan | None = None,
        on_startup: Sequence[Hook] = (),
        on_shutdown: Sequence[Hook] = (),
        debug: bool = False,
        template_engine: TemplateEngine | None = None,
        openapi: OpenAPIConfig | None = None,
        **options: Unpack[LayerOptions],
    ) -> None:
        unknown_options(options, LAYER_KEYS, "App")
        self.template_engine = template_engine
        self.openapi = openapi
        self._document: bytes | None = None
        self.route_handlers = tuple(route_handlers)
        if openapi is not None:
            from lanner._openapi.routes import schema_routes

            self.route_handlers += tuple(schema_routes(self, openapi))
        self.routers = tuple(routers)
        self.lifespan = lifespan
        self.on_startup = tuple(on_startup)
        self.on_shutdown = tuple(on_shutdown)
        self.debug = debug
        self.options = options
        self.overrides: Mapping[Callable[..., object], Callable[..., object]] = {}
        self._handlers = merge_handlers([options["exception_handlers"]]) if "exception_handlers" in options else None
        self._use(*build_tables(self))

    def _use(self, table: RouteTable, websockets: RouteTable) -> None:
        self._table = table
        self._websockets = websockets
        self._static = table.static  # bound once: __call__ reads these per request
        self._lookup = table.lookup
        middleware = self.options.get("middleware", ())
        entry: ASGIApp = self._dispatch
        for factory in reversed(middleware):
            entry = factory(entry)  # the App's middleware wraps everything, 404s and lifespan too
        self._wrapped: ASGIApp | None = entry if middleware else None

    def url_for(self, name: str, /, **path_params: object) -> str:
        """The path of the route named `name` (the handler's name, or its `name=` option).

        Values are checked against their converters and percent-encoded. An unknown name, or
        parameters no template of the route takes, raise `LookupError`; a value of the wrong
        type raises `TypeError`.

        >>> from lanner import Path, get
        >>> @get("/items/{item_id:int}")
        ... async def read_item(item_id: Path[int]) -> None: ...
        >>> App([read_item]).url_for("read_item", item_id=7)
        '/items/7'
        """
        return path_for(self._table.names, name, path_params, self._table.ambiguous)

    def openapi_schema(self) -> dict[str, object]:
        """The OpenAPI 3.1 document of this App, as a dict (built on first use, then kept).

        Uses the App's `OpenAPIConfig`, or a default one when it has none.
        """
        return msgspec.json.decode(self.openapi_document())  # type: ignore[no-any-return]  # a JSON object

    def openapi_document(self) -> bytes:
        """The OpenAPI 3.1 document as JSON, built once, on first use."""
        if self._document is None:
            from lanner._openapi.document import build_document

            config = self.openapi or OpenAPIConfig()
            self._document = msgspec.json.encode(build_document(config, self._table.docs))
        return self._document

    def with_overrides(self, overrides: Mapping[Callable[..., object], Callable[..., object]]) -> App:
        """A new App in which each custom extractor function is replaced by another.

        For tests: `app.with_overrides({current_user: fake_user})`. The original App is
        unchanged. A replacement must declare the same return type as the original.
        """
        for original, replacement in overrides.items():
            want = injected_type(_return_annotation(original))
            got = injected_type(_return_annotation(replacement))
            if want is not MISSING and got is not MISSING and want != got:
                raise ImproperlyConfigured(
                    f"override {describe(replacement)} returns {got!r}, but {describe(original)} "
                    f"returns {want!r}; an override must return the same type"
                )
        new = App.__new__(App)
        new.__dict__.update(self.__dict__)
        new.overrides = {**self.overrides, **overrides}
        new._document = None
        new._use(*build_tables(new))
        return new

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._wrapped is not None:
            await self._wrapped(scope, receive, send)
            return
        # `_dispatch`'s HTTP branch and `_beyond_static`'s usual case, repeated here: one or
        # two coroutines less per request (the dynamic routes are most of an API's).
        if scope["type"] == "http" and not scope.get("root_path"):
            method: str = scope["method"]
            route = self._static.get(scope["path"])
            if route is not None:
                endpoint = route.endpoints.get(method)
                if endpoint is not None:
                    await endpoint(scope, receive, send)
                    return
            else:
                found = self._lookup(scope["path"], method)
                if found is not None:
                    scope["path_params"] = found[1]
                    await found[0].endpoints[method](scope, receive, send)
                    return
            await self._route_slowly(scope, receive, send)
            return
        await self._dispatch(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Every connection: what the App's middleware wraps, and `__call__` without it."""
        if scope["type"] == "http" and not scope.get("root_path"):
            route = self._static.get(scope["path"])
            if route is not None:
                endpoint = route.endpoints.get(scope["method"])
                if endpoint is not None:
                    await endpoint(scope, receive, send)
                    return
            await self._beyond_static(route, scope, receive, send)
        elif scope["type"] == "http":
            # `path` includes the mount prefix: strip it before any lookup.
            await self._route_slowly(scope, receive, send)
        elif scope["type"] == "lifespan":
            await run_lifespan(
                self, self.lifespan, self.on_startup, self.on_shutdown, scope, receive, send
            )
        elif scope["type"] == "websocket":
            from lanner._websocket.endpoint import (
                serve_websocket,  # loaded by the first connection
            )

            await serve_websocket(self._websockets, scope, receive, send)
        else:
            raise RuntimeError(f"lanner does not serve {scope['type']!r} connections")

    async def _beyond_static(self, route: PathRoute | None, scope: Scope, receive: Receive, send: Send) -> None:
        """An HTTP request that is no exact static hit (`route`: its static route, if any)."""
        if route is None:
            method: str = scope["method"]
            found = self._lookup(scope["path"], method)
            if found is not None:
                scope["path_params"] = found[1]
                await found[0].endpoints[method](scope, receive, send)
                return
        await self._route_slowly(scope, receive, send)

    async def _route_slowly(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Everything but an exact static hit: root_path, trailing slash, placeholders, 404/405."""
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and (path == root or path.startswith(root + "/")):
            path = path[len(root) :] or "/"
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/") or "/"
        method: str = scope["method"]
        head = method == "HEAD"
        match = self._table.find(path, method)
        if match is None:
            await self._refuse(NotFound(), scope, receive, send)
            return
        endpoint = match.route.endpoints.get(method)
        if endpoint is None:
            allow = match.route.allow
            if method == "OPTIONS":
                await send_body(send, 204, [(b"allow", allow.encode())], b"")
            else:
                await self._refuse(MethodNotAllowed(headers={"Allow": allow}), scope, receive, send)
            return
        if match.params:
            scope["path_params"] = match.params
        await endpoint(scope, receive, send)

    async def _refuse(self, error: HTTPError, scope: Scope, receive: Receive, send: Send) -> None:
        """A 404 or 405 of routing itself; the App's exception handlers may answer it."""
        head = scope["method"] == "HEAD"
        answer = self._handlers.find(error) if self._handlers is not None else None
        if answer is not None:
            try:
                response = answer(Request(scope, receive, app=self), error)  # type: ignore[arg-type]  # find() matched its type
                if not isinstance(response, Response):
                    response = await response
                route = RouteResponse(error.status_code, (), (), head, _json_encode, _msgpack_encode, None)
                await send_rendered(send, render_response(route, None, response), head)
                return
            except Exception:
                # As for a route's handler: a broken exception handler is the server's fault.
                logger.exception("exception handler for %s failed", type(error).__name__)
                error = InternalServerError()
        await send_error(send, error, head)


def _return_annotation(fn: Callable[..., object]) -> object:
    import typing

    try:
        return typing.get_type_hints(fn, include_extras=True).get("return", MISSING)
    except Exception:
        return MISSING
