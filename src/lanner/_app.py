"""`App`: compiles every handler once, then answers requests from the compiled table.

Building is where every check runs: a handler that cannot work raises
`ImproperlyConfigured` here, naming the route, the handler with its file and line, and
the fix. `__call__` only looks up the path and hands the request to a compiled endpoint.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, get_args, get_origin

import msgspec
from typing_extensions import Unpack

from lanner._connection.request import Request
from lanner._endpoint import Handler, Pipeline, make_endpoint
from lanner._errors import ImproperlyConfigured, MethodNotAllowed, NotFound
from lanner._extract.body import BodyDecoder
from lanner._extract.markers import Source
from lanner._extract.params import Decoder, LeafReader, build_decoder
from lanner._extract.plan import MISSING, Param, PlanError, describe, injected_type, plan_call
from lanner._extract.program import Program, compile_program
from lanner._layers import HANDLER_KEYS, LAYER_KEYS, LayerOptions, Resolved, resolve, unknown_options
from lanner._lifespan import Hook, Lifespan, run_lifespan
from lanner._respond.encode import Encoder, NegotiatingEncoder, RouteResponse, make_enc_hook, pick_encoder
from lanner._respond.response import Response
from lanner._respond.send import send_body, send_error
from lanner._respond.values import SetCookie
from lanner._routing.converters import CONVERTERS, agrees, natural_converter
from lanner._routing.decorators import Routable, RouteHandler
from lanner._routing.router import Router
from lanner._routing.table import RouteConflict, RouteTable
from lanner._routing.template import PathTemplate, TemplateError, join_paths, parse_template
from lanner._types import ASGIApp, Receive, Scope, Send

__all__ = ["App"]

_DEFAULT_STATUS: Final = {"POST": 201, "DELETE": 204}
_NO_BODY_STATUSES: Final = frozenset({204, 304})


@dataclass(frozen=True, slots=True)
class _Registration:
    handler: RouteHandler[Callable[..., object]]
    prefix: str
    layers: tuple[LayerOptions, ...]


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
        **options: Unpack[LayerOptions],
    ) -> None:
        unknown_options(options, LAYER_KEYS, "App")
        self.route_handlers = tuple(route_handlers)
        self.routers = tuple(routers)
        self.lifespan = lifespan
        self.on_startup = tuple(on_startup)
        self.on_shutdown = tuple(on_shutdown)
        self.debug = debug
        self.options = options
        self._overrides: dict[Callable[..., object], Callable[..., object]] = {}
        self._table = RouteTable()
        self._owners: dict[tuple[str, str], str] = {}
        self._build()

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
        new._overrides = {**self._overrides, **overrides}
        new._table = RouteTable()
        new._owners = {}
        new._build()
        return new

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if scope.get("root_path"):
                # `path` includes the mount prefix: strip it before any lookup.
                await self._route_slowly(scope, receive, send)
                return
            table = self._table
            route = table.static.get(scope["path"])
            if route is not None:
                endpoint = route.endpoints.get(scope["method"])
                if endpoint is not None:
                    await endpoint(scope, receive, send)
                    return
            else:
                found = table.lookup(scope["path"], scope["method"])
                if found is not None:
                    scope["path_params"] = found[1]
                    await found[0].endpoints[scope["method"]](scope, receive, send)
                    return
            await self._route_slowly(scope, receive, send)
        elif scope["type"] == "lifespan":
            await run_lifespan(
                self, self.lifespan, self.on_startup, self.on_shutdown, scope, receive, send
            )
        elif scope["type"] == "websocket":
            # No WebSocket routes yet: refuse the handshake; the server answers 403.
            await receive()
            await send({"type": "websocket.close", "code": 1000})
        else:
            raise RuntimeError(f"lanner does not serve {scope['type']!r} connections")

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
            await send_error(send, NotFound(), head)
            return
        endpoint = match.route.endpoints.get(method)
        if endpoint is None:
            allow = match.route.allow
            if method == "OPTIONS":
                await send_body(send, 204, [(b"allow", allow.encode())], b"")
            else:
                await send_error(send, MethodNotAllowed(headers={"Allow": allow}), head)
            return
        if match.params:
            scope["path_params"] = match.params
        await endpoint(scope, receive, send)

    # -- building -------------------------------------------------------------

    def _build(self) -> None:
        registrations: list[_Registration] = []
        _collect(self.route_handlers, self.routers, "", (self.options,), registrations)
        implicit_heads: list[tuple[PathTemplate, tuple[str, ...], ASGIApp]] = []
        for registration in registrations:
            implicit_heads.extend(self._register(registration))
        for template, converters, endpoint in implicit_heads:
            route = self._table.static.get(template.path) if template.is_static else None
            if route is not None and "HEAD" in route.endpoints:
                continue
            try:
                self._table.add(template, converters, "HEAD", endpoint)
            except RouteConflict:
                continue  # an explicit HEAD handler for this path wins over the GET's
        self._table.seal()

    def _register(self, registration: _Registration) -> list[tuple[PathTemplate, tuple[str, ...], ASGIApp]]:
        handler = registration.handler
        fn = handler.fn
        where = f"{'/'.join(handler.methods)} {', '.join(handler.paths)}: handler {describe(fn)}"
        unknown_options(handler.options, HANDLER_KEYS, where)
        try:
            plan = plan_call(fn, request_types=(Request,), overrides=self._overrides)
            program = compile_program(plan)
        except PlanError as exc:
            raise ImproperlyConfigured(f"{where} {exc}") from None
        resolved = resolve((*registration.layers, handler.options))
        try:
            body = _body_decoder(program, resolved)
        except PlanError as exc:
            raise ImproperlyConfigured(f"{where} {exc}") from None
        enc_hook = make_enc_hook(resolved.type_encoders)
        json_encode = msgspec.json.Encoder(enc_hook=enc_hook).encode
        msgpack_encode = msgspec.msgpack.Encoder(enc_hook=enc_hook).encode
        base_headers, base_cookie_keys, timed_cookies = _layer_headers(resolved)
        heads: list[tuple[PathTemplate, tuple[str, ...], ASGIApp]] = []
        for raw_path in handler.paths:
            full = join_paths(registration.prefix, raw_path) if registration.prefix else raw_path
            route_where = f"{'/'.join(handler.methods)} {full}: handler {describe(fn)}"
            try:
                template = parse_template(full)
            except TemplateError as exc:
                raise ImproperlyConfigured(f"{route_where}: {exc}") from None
            try:
                converters, reader = _compile_leaves(template, program, resolved)
            except PlanError as exc:
                raise ImproperlyConfigured(f"{route_where} {exc}") from None
            pipeline = Pipeline(
                Handler(fn, _is_async(fn), handler.options.get("sync_to_thread", True), describe(fn)),
                program,
                reader,
                body,
                resolved.request_max_body_size,
                resolved.max_query_params,
                self,
            )
            for method in handler.methods:
                status = handler.options.get("status_code") or _DEFAULT_STATUS.get(method, 200)
                method_where = f"{method} {full}: handler {describe(fn)}"
                for head in (False, True) if method == "GET" else (False,):
                    route = RouteResponse(
                        int(status),
                        base_headers,
                        base_cookie_keys,
                        head or method == "HEAD",
                        json_encode,
                        msgpack_encode,
                        None,
                        timed_cookies,
                    )
                    try:
                        _check_status(plan.returns, int(status))
                        encoder = _pick(plan.returns, route, resolved)
                    except PlanError as exc:
                        raise ImproperlyConfigured(f"{method_where} {exc}") from None
                    endpoint = make_endpoint(pipeline, encoder, route, self.debug)
                    if head:
                        heads.append((template, converters, endpoint))
                        continue
                    try:
                        registered = self._table.add(template, converters, method, endpoint)
                    except RouteConflict as exc:
                        other = self._owners.get((method, exc.template))
                        if other is None:
                            raise ImproperlyConfigured(f"{method_where}: {exc}") from None
                        raise ImproperlyConfigured(
                            f"{method_where}: {method} {exc.template} is registered twice, also by "
                            f"handler {other}; remove one, or give them different paths or methods"
                        ) from None
                    self._owners[(method, registered.template)] = describe(fn)
        return heads


def _collect(
    handlers: Sequence[Routable],
    routers: Sequence[Router],
    prefix: str,
    layers: tuple[LayerOptions, ...],
    out: list[_Registration],
) -> None:
    for item in handlers:
        if isinstance(item, Router):
            _collect_router(item, prefix, layers, out)
        elif isinstance(item, RouteHandler):
            out.append(_Registration(item, prefix, layers))
        else:
            raise ImproperlyConfigured(
                f"{item!r} is not a route handler or Router; decorate it with @get, @post, ..."
            )
    for router in routers:
        _collect_router(router, prefix, layers, out)


def _collect_router(router: Router, prefix: str, layers: tuple[LayerOptions, ...], out: list[_Registration]) -> None:
    _collect(router.route_handlers, router.routers, join_paths(prefix, router.path), (*layers, router.options), out)


def _is_async(fn: Callable[..., object]) -> bool:
    import inspect

    return inspect.iscoroutinefunction(fn)


def _return_annotation(fn: Callable[..., object]) -> object:
    import typing

    try:
        return typing.get_type_hints(fn, include_extras=True).get("return", MISSING)
    except Exception:
        return MISSING


def _body_decoder(program: Program, resolved: Resolved) -> BodyDecoder | None:
    if program.body is None or program.body[1].source is not Source.BODY:
        if program.body is not None and program.body[1].source is Source.FORM:
            raise PlanError(
                f'reads "{program.body[1].name}" as a Form, which lanner does not serve yet; '
                "read it with Body[T] (JSON or MessagePack) for now"
            )
        return None
    return BodyDecoder(program.body[1].annotation, strict_content_type=resolved.strict_content_type)


def _compile_leaves(
    template: PathTemplate, program: Program, resolved: Resolved
) -> tuple[tuple[str, ...], LeafReader | None]:
    """Check the template against the Path parameters; build the leaf reader for it."""
    by_name: dict[str, list[Param]] = {}
    for param in program.path_params:
        by_name.setdefault(param.wire, []).append(param)
    converters: list[str] = []
    for placeholder in template.placeholders:
        params = by_name.get(placeholder.name)
        if not params:
            raise PlanError(
                f'has no Path parameter "{placeholder.name}"; add `{placeholder.name}: Path[str]` '
                "(or another type) to its parameters, or rename the placeholder"
            )
        for param in params:
            if placeholder.converter is not None and not agrees(placeholder.converter, param.bare):
                raise PlanError(
                    f'converts "{placeholder.name}" with {placeholder.converter}, but the handler '
                    f"declares it Path[{_type_name(param.bare)}]; make the two agree, e.g. "
                    f"{{{placeholder.name}:{natural_converter(param.bare)}}}"
                )
        kinds = {natural_converter(p.bare) for p in params}
        if placeholder.converter is None and len(kinds) > 1:
            raise PlanError(
                f'reads placeholder "{placeholder.name}" as different types ({", ".join(sorted(kinds))}); '
                "declare it with one type everywhere"
            )
        converters.append(placeholder.converter or kinds.pop())
    placed = {p.name: c for p, c in zip(template.placeholders, converters, strict=True)}
    leaves: list[tuple[int, Param, Decoder | None]] = []
    constants: list[tuple[int, object]] = []
    for slot, param in program.leaves:
        if param.source is Source.PATH:
            converter = placed.get(param.wire)
            if converter is None:
                if param.default is MISSING:
                    raise PlanError(
                        f'has Path parameter "{param.wire}" but the path has no placeholder '
                        f'"{{{param.wire}}}"; add it to the path or give the parameter a default'
                    )
                constants.append((slot, param.default))
                continue
            decoder = build_decoder(param, converted_to=CONVERTERS[converter].type)
        else:
            decoder = build_decoder(param)
        leaves.append((slot, param, decoder))
    groups = [
        (slot, group, tuple(build_decoder(field) for field in group.fields)) for slot, group in program.groups
    ]
    if not leaves and not groups and not constants:
        return tuple(converters), None
    return tuple(converters), LeafReader(leaves, groups, resolved.max_query_params, constants)


def _pick(annotation: object, route: RouteResponse, resolved: Resolved) -> Encoder:
    """The route's encoder; with several media types, one per type behind a negotiator."""
    media_type = resolved.media_type
    if not isinstance(media_type, tuple):
        return pick_encoder(annotation, dataclasses.replace(route, media_type=media_type), resolved.type_encoders)
    if not media_type:
        raise PlanError("has media_type=(); give at least one media type")
    vary = (b"vary", b"Accept")
    negotiated = dataclasses.replace(
        route,
        base_headers=(*route.base_headers, vary),
        base_cookie_keys=(*route.base_cookie_keys[: len(route.base_headers)], None,
                          *route.base_cookie_keys[len(route.base_headers):]),
    )  # fmt: skip
    return NegotiatingEncoder(
        [
            (choice, pick_encoder(annotation, dataclasses.replace(negotiated, media_type=choice), resolved.type_encoders))
            for choice in media_type
        ]
    )


def _layer_headers(
    resolved: Resolved,
) -> tuple[tuple[tuple[bytes, bytes], ...], tuple[str | None, ...], tuple[SetCookie, ...]]:
    """The layers' headers and cookies as ready pairs; documentation-only ones are not sent.

    A cookie whose `expires` is seconds from now cannot be written in advance: it is
    returned apart, to be written per response.
    """
    pairs: list[tuple[bytes, bytes]] = []
    keys: list[str | None] = []
    for header in resolved.headers:
        if not header.documentation_only:
            pairs.append(header.header_pair())
            keys.append(None)
    timed = [c for c in resolved.cookies if not c.documentation_only and isinstance(c.expires, int)]
    for cookie in resolved.cookies:
        if not cookie.documentation_only and cookie not in timed:
            pairs.append(cookie.header_pair())
            keys.append(cookie.key)
    keys.extend(cookie.key for cookie in timed)
    return tuple(pairs), tuple(keys), tuple(timed)


def _type_name(tp: object) -> str:
    if get_origin(tp) is None and isinstance(tp, type):
        return tp.__qualname__
    return repr(tp).replace("typing.", "")


def _check_status(annotation: object, status: int) -> None:
    if status not in _NO_BODY_STATUSES or not _has_body(annotation):
        return
    raise PlanError(
        f"returns {_type_name(annotation)} with status {status}, which carries no body; "
        f"return None, or set status_code=200"
    )


def _has_body(annotation: object) -> bool:
    if annotation is None or annotation is type(None) or annotation is MISSING:
        return False
    origin = get_origin(annotation)
    if origin is Response:
        args = get_args(annotation)
        return bool(args) and _has_body(args[0])
    module = getattr(origin, "__module__", "")
    if module in ("returns.result", "returns.maybe"):
        return _has_body(get_args(annotation)[0])
    return True

