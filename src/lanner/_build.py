"""Compile an App's handlers into its route table.

Runs once, when the App is built. Every check happens here: a handler that cannot work
raises `ImproperlyConfigured` naming the route, the handler with its file and line, and
the fix. What comes out is a table of ready endpoints; nothing here runs per request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, get_args, get_origin

import msgspec

from lanner import _rules
from lanner._connection.request import Request
from lanner._endpoint import conditional, make_endpoint
from lanner._extract.pipeline import Handler, Pipeline
from lanner._errors import ImproperlyConfigured
from lanner._extract.body import BodyDecoder
from lanner._extract.form import FormDecoder
from lanner._extract.markers import Source
from lanner._extract.params import Decoder, LeafReader, build_decoder
from lanner._extract.plan import (
    MISSING,
    CallPlan,
    Param,
    PlanError,
    describe,
    plan_call,
)
from lanner._extract.program import Program, compile_program
from lanner._layers import (
    HANDLER_KEYS,
    LayerOptions,
    Resolved,
    resolve,
    unknown_options,
)
from lanner._openapi.document import RouteDoc
from lanner._respond.encode import pick_encoder
from lanner._respond.encoders import AfterRequestEncoder, NegotiatingEncoder
from lanner._respond.redirect import REDIRECT_STATUSES, Redirect
from lanner._respond.response import Response
from lanner._respond.templates import TemplateEngine, literal_template_names
from lanner._respond.route import Encoder, RouteResponse, make_enc_hook
from lanner._respond.values import SetCookie
from lanner._routing.converters import CONVERTERS, agrees, natural_converter
from lanner._routing.decorators import Routable, RouteHandler
from lanner._routing.router import Router
from lanner._routing.table import RouteConflict, RouteTable
from lanner._routing.template import (
    PathTemplate,
    TemplateError,
    join_paths,
    parse_template,
)
from lanner._types import ASGIApp
from lanner._websocket.decorators import WebSocketHandler, WebSocketRegistration

if TYPE_CHECKING:
    from lanner._app import App

_DEFAULT_STATUS: Final = _rules.DEFAULT_STATUS
_NO_BODY_STATUSES: Final = _rules.NO_BODY_STATUSES


class _Registration(msgspec.Struct, frozen=True):
    handler: RouteHandler[Callable[..., object]]
    prefix: str
    layers: tuple[LayerOptions, ...]


def build_table(app: App) -> RouteTable:
    """The route table of `app`, every handler checked and compiled."""
    return _Builder(app).build()


def build_tables(app: App) -> tuple[RouteTable, RouteTable]:
    """The HTTP and the WebSocket route tables of `app`, every handler checked and compiled."""
    builder = _Builder(app)
    return builder.build(), builder.websockets


class _Builder:
    def __init__(self, app: App) -> None:
        self._app = app
        self._table = RouteTable()
        self._owners: dict[tuple[str, str], str] = {}
        self._named: dict[str, tuple[str, bool]] = {}

    def build(self) -> RouteTable:
        registrations: list[_Registration] = []
        sockets: list[WebSocketRegistration] = []
        app = self._app
        _collect(app.route_handlers, app.routers, "", (app.options,), registrations, sockets)
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
        self.websockets = RouteTable()
        if sockets:  # an App without WebSocket routes never imports their compiler
            from lanner._websocket.build import build_websocket_table

            self.websockets = build_websocket_table(app, sockets)
        return self._table

    def _name(
        self, handler: RouteHandler[Callable[..., object]], template: PathTemplate, converters: tuple[str, ...], where: str
    ) -> None:
        """Record the template under the route's name, for `url_for`.

        An explicit `name=` must be unique. A default name (the function's) shared by
        several handlers is only refused when `url_for` is asked for it.
        """
        name, owner = handler.name, describe(handler.fn)
        explicit = "name" in handler.options
        first = self._named.setdefault(name, (owner, explicit))
        if first[0] == owner:
            self._table.names.setdefault(name, []).append((template, converters))
            return
        if explicit or first[1]:
            raise ImproperlyConfigured(
                f'{where} is named "{name}", like handler {first[0]}; give one of them another '
                f'name= (url_for("{name}") must mean one route)'
            )
        self._table.ambiguous.add(name)

    def _register(self, registration: _Registration) -> list[tuple[PathTemplate, tuple[str, ...], ASGIApp]]:
        handler = registration.handler
        fn = handler.fn
        where = _rules.where(handler.methods, handler.paths, describe(fn))
        unknown_options(handler.options, HANDLER_KEYS, where)
        try:
            plan = plan_call(fn, request_types=(Request,), overrides=self._app.overrides)
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
            route_where = _rules.where(handler.methods, (full,), describe(fn))
            template, converters, reader = compile_path(full, route_where, program, resolved)
            self._name(handler, template, converters, route_where)
            pipeline = Pipeline(
                Handler(fn, _is_async(fn), handler.options.get("sync_to_thread", True), describe(fn)),
                program,
                reader,
                body,
                resolved.request_max_body_size,
                resolved.max_query_params,
                self._app,
                resolved.form_limits,
            )
            for method in handler.methods:
                status = handler.options.get("status_code") or _DEFAULT_STATUS.get(method, 200)
                method_where = _rules.where((method,), (full,), describe(fn))
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
                        handler.options.get("background"),
                        self._app.template_engine,
                        resolved.max_ranges,
                    )
                    try:
                        _check_status(plan.returns, int(status))
                        _check_redirect_status(plan.returns, handler.options.get("status_code"))
                        encoder = _pick(plan.returns, route, resolved)
                    except PlanError as exc:
                        raise ImproperlyConfigured(f"{method_where} {exc}") from None
                    _check_templates(fn, self._app.template_engine, method_where)
                    encoder = AfterRequestEncoder.wrap(encoder, route, resolved.after_request)
                    endpoint = make_endpoint(pipeline, encoder, route, self._app.debug, resolved.exception_handlers)
                    endpoint = _wrap_route(endpoint, method, route, resolved)
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
                    if handler.options.get("include_in_schema", True):
                        self._table.docs.append(
                            _route_doc(handler, template, program, plan, resolved, method, int(status))
                        )
        return heads


def _collect(
    handlers: Sequence[Routable],
    routers: Sequence[Router],
    prefix: str,
    layers: tuple[LayerOptions, ...],
    out: list[_Registration],
    sockets: list[WebSocketRegistration],
) -> None:
    for item in handlers:
        if isinstance(item, Router):
            _collect_router(item, prefix, layers, out, sockets)
        elif isinstance(item, RouteHandler):
            out.append(_Registration(item, prefix, layers))
        elif isinstance(item, WebSocketHandler):
            sockets.append(WebSocketRegistration(item, prefix, layers))
        else:
            raise ImproperlyConfigured(
                f"{item!r} is not a route handler or Router; decorate it with @get, @post, ..., @websocket"
            )
    for router in routers:
        _collect_router(router, prefix, layers, out, sockets)


def _collect_router(
    router: Router,
    prefix: str,
    layers: tuple[LayerOptions, ...],
    out: list[_Registration],
    sockets: list[WebSocketRegistration],
) -> None:
    path = join_paths(prefix, router.path)
    _collect(router.route_handlers, router.routers, path, (*layers, router.options), out, sockets)


def _is_async(fn: Callable[..., object]) -> bool:
    import inspect

    return inspect.iscoroutinefunction(fn)


def _body_decoder(program: Program, resolved: Resolved) -> BodyDecoder | FormDecoder | None:
    if program.body is None:
        return None
    source, annotation = program.body[1].source, program.body[1].annotation
    if source is Source.FORM:
        return FormDecoder(annotation, resolved.form_limits)
    if source is Source.BODY:
        return BodyDecoder(annotation, strict_content_type=resolved.strict_content_type)
    return None  # BodyStream: nothing to decode


def compile_path(
    full: str, route_where: str, program: Program, resolved: Resolved
) -> tuple[PathTemplate, tuple[str, ...], LeafReader | None]:
    """A route's path parsed and checked against the handler's Path parameters, with its reader.

    `route_where` names the route in the ImproperlyConfigured raised for a mistake.
    """
    try:
        template = parse_template(full)
    except TemplateError as exc:
        raise ImproperlyConfigured(f"{route_where}: {exc}") from None
    try:
        converters, reader = _compile_leaves(template, program, resolved)
    except PlanError as exc:
        raise ImproperlyConfigured(f"{route_where} {exc}") from None
    return template, converters, reader


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
            raise PlanError(_rules.placeholder_without_parameter(placeholder.name))
        for param in params:
            if placeholder.converter is not None and not agrees(placeholder.converter, param.bare):
                raise PlanError(
                    _rules.converter_disagrees(
                        placeholder.name, placeholder.converter, _type_name(param.bare), natural_converter(param.bare)
                    )
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
                    raise PlanError(_rules.parameter_without_placeholder(param.wire))
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


def _route_doc(
    handler: RouteHandler[Callable[..., object]],
    template: PathTemplate,
    program: Program,
    plan: CallPlan,
    resolved: Resolved,
    method: str,
    status: int,
) -> RouteDoc:
    """What the OpenAPI document says of this route and method."""
    placed = {p.name for p in template.placeholders}
    params: list[Param] = [
        param for _, param in program.leaves if param.source is not Source.PATH or param.wire in placed
    ]
    for _, group in program.groups:
        if group.default is MISSING:
            params.extend(group.fields)
        else:  # `Query[Window | None] = None`: no field is needed for the request to succeed
            params.extend(f if not f.required else msgspec.structs.replace(f, default=None) for f in group.fields)
    failures = tuple(
        get_args(step.dependency.call.returns)[1]
        for step in program.steps
        if getattr(get_origin(step.dependency.call.returns), "__name__", "") == "Result"
        and getattr(get_origin(step.dependency.call.returns), "__module__", "") == "returns.result"
    )
    media_type = resolved.media_type
    media_types = media_type if isinstance(media_type, tuple) else ((media_type,) if media_type else ())
    path = "/" + "/".join(s if isinstance(s, str) else "{" + s.name + "}" for s in template.segments)
    return RouteDoc(
        method,
        path,
        handler.name,
        tuple(params),
        program.body[1] if program.body is not None else None,
        plan.returns,
        status,
        media_types,
        resolved.headers,
        resolved.cookies,
        failures,
        handler.options.get("summary"),
        handler.options.get("description") or _first_paragraph(handler.fn.__doc__),
        tuple(handler.options.get("tags", ())),
    )


def _first_paragraph(text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    return " ".join(text.strip().split("\n\n")[0].split())


def _wrap_route(endpoint: ASGIApp, method: str, route: RouteResponse, resolved: Resolved) -> ASGIApp:
    """The route's own layers around its endpoint: the ETag precondition, then middleware."""
    etag = resolved.etag
    if etag is not None and etag.value is not None and not etag.documentation_only and method in ("GET", "HEAD"):
        endpoint = conditional(endpoint, etag, route)
    for factory in reversed(resolved.middleware):
        endpoint = factory(endpoint)
    return endpoint


def _pick(annotation: object, route: RouteResponse, resolved: Resolved) -> Encoder:
    """The route's encoder; with several media types, one per type behind a negotiator."""
    media_type = resolved.media_type
    if not isinstance(media_type, tuple):
        return pick_encoder(annotation, msgspec.structs.replace(route, media_type=media_type), resolved.type_encoders)
    if not media_type:
        raise PlanError("has media_type=(); give at least one media type")
    vary = (b"vary", b"Accept")
    negotiated = msgspec.structs.replace(
        route,
        base_headers=(*route.base_headers, vary),
        base_cookie_keys=(*route.base_cookie_keys[: len(route.base_headers)], None,
                          *route.base_cookie_keys[len(route.base_headers):]),
    )  # fmt: skip
    return NegotiatingEncoder(
        [
            (choice, pick_encoder(annotation, msgspec.structs.replace(negotiated, media_type=choice), resolved.type_encoders))
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
    return _rules.type_name(tp)


def _check_templates(fn: Callable[..., object], engine: TemplateEngine | None, where: str) -> None:
    """A `Template("literal.html")` the App's engine cannot find is a build error."""
    if engine is None:
        return
    for name in literal_template_names(fn):
        try:
            engine.get_template(name)
        except Exception as exc:
            raise ImproperlyConfigured(
                f'{where} renders template "{name}", which the App\'s template_engine cannot load '
                f"({type(exc).__name__}: {exc}); fix the name, or the engine's loader"
            ) from None


def _check_redirect_status(annotation: object, explicit: int | None) -> None:
    """A route that only answers with a Redirect may only set a redirect status.

    In a union (`Item | Redirect`) the status is the content's; the Redirect then uses its
    own, or 302.
    """
    if explicit is not None and explicit not in REDIRECT_STATUSES and annotation is Redirect:
        raise PlanError(_rules.redirect_status(explicit))


def _check_status(annotation: object, status: int) -> None:
    if status not in _NO_BODY_STATUSES or not _has_body(annotation):
        return
    raise PlanError(_rules.body_with_empty_status(_type_name(annotation), status))


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
