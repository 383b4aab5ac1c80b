"""Compile an App's WebSocket handlers into their own route table.

Runs once, when the App is built, with the same checks as HTTP routes (the template
against the `Path` parameters, custom extractors, options) plus the WebSocket ones; each
failure raises `ImproperlyConfigured` naming `WEBSOCKET /path`, the handler with its file
and line, and the fix.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Final, get_origin

import msgspec

from lanner._connection.request import Request
from lanner._extract.pipeline import invoke
from lanner._errors import ImproperlyConfigured
from lanner._extract.markers import Extract, SourceMarker
from lanner._extract.plan import MISSING, PlanError, describe, plan_call
from lanner._extract.program import Args, Program, compile_program
from lanner._layers import LayerOptions, Resolved, resolve, unknown_options
from lanner._respond.encode import _check_encodable, _custom_types
from lanner._respond.route import RouteResponse, make_enc_hook
from lanner._routing.table import RouteConflict, RouteTable
from lanner._routing.template import join_paths
from lanner._websocket.codec import MessageDecoder
from lanner._websocket.connection import WebSocket
from lanner._websocket.decorators import (
    WEBSOCKET_KEYS,
    WebSocketHandler,
    WebSocketOptions,
    WebSocketRegistration,
)
from lanner._websocket.endpoint import (
    WEBSOCKET,
    Conversation,
    Route,
    make_websocket_endpoint,
)
from lanner._websocket.listener import Call, MessageCall, listener_conversation

if TYPE_CHECKING:
    from lanner._app import App

__all__ = ["build_websocket_table"]

_CONNECTION_TYPES: Final = (WebSocket,)
Overrides = Mapping[Callable[..., object], Callable[..., object]]


def build_websocket_table(app: App, registrations: Sequence[WebSocketRegistration]) -> RouteTable:
    """The WebSocket route table of `app`, every handler checked and compiled."""
    from lanner._build import (
        compile_path,  # _build imports this module: import when used
    )

    table = RouteTable()
    owners: dict[str, str] = {}
    for registration in registrations:
        handler = registration.handler
        fn = handler.fn
        where = f"WEBSOCKET {', '.join(handler.paths)}: handler {describe(fn)}"
        unknown_options(handler.options, WEBSOCKET_KEYS, where)
        resolved = resolve((*registration.layers, _as_layer(handler.options)))
        try:
            program, conversation = _plan(handler, app.overrides, resolved)
        except PlanError as exc:
            raise ImproperlyConfigured(f"{where} {exc}") from None
        enc_hook = make_enc_hook(resolved.type_encoders)
        encode_json = msgspec.json.Encoder(enc_hook=enc_hook).encode
        encode_msgpack = msgspec.msgpack.Encoder(enc_hook=enc_hook).encode
        denial = RouteResponse(
            status_code=403, base_headers=(), base_cookie_keys=(), head=False,
            json=encode_json, msgpack=encode_msgpack, media_type=None,
        )  # fmt: skip
        for raw_path in handler.paths:
            full = join_paths(registration.prefix, raw_path) if registration.prefix else raw_path
            route_where = f"WEBSOCKET {full}: handler {describe(fn)}"
            template, converters, reader = compile_path(full, route_where, program, resolved)
            route = Route(
                program,
                reader,
                app,
                describe(fn),
                resolved.websocket_max_message_size,
                resolved.max_query_params,
                encode_json,
                encode_msgpack,
                denial,
                app.debug,
            )
            endpoint = make_websocket_endpoint(route, conversation)
            for factory in reversed(resolved.middleware):  # a Router's middleware wraps its routes
                endpoint = factory(endpoint)
            try:
                registered = table.add(template, converters, WEBSOCKET, endpoint)
            except RouteConflict as exc:
                other = owners.get(exc.template)
                if other is None:
                    raise ImproperlyConfigured(f"{route_where}: {exc}") from None
                raise ImproperlyConfigured(
                    f"{route_where}: WEBSOCKET {exc.template} is registered twice, also by handler "
                    f"{other}; remove one, or give them different paths"
                ) from None
            owners[registered.template] = describe(fn)
    table.seal()
    return table


def _as_layer(options: WebSocketOptions) -> LayerOptions:
    """A handler's own options as the innermost layer."""
    layer: LayerOptions = {}
    if "type_encoders" in options:
        layer["type_encoders"] = options["type_encoders"]
    if "max_query_params" in options:
        layer["max_query_params"] = options["max_query_params"]
    if "websocket_max_message_size" in options:
        layer["websocket_max_message_size"] = options["websocket_max_message_size"]
    return layer


def _plan(
    handler: WebSocketHandler[Callable[..., object]], overrides: Overrides, resolved: Resolved
) -> tuple[Program, Conversation]:
    """The program of every input, and what runs once they are computed."""
    fn = handler.fn
    _refuse_request(fn, overrides)
    to_thread = handler.options.get("sync_to_thread", True)
    if handler.listener is None:
        if not inspect.iscoroutinefunction(fn):
            raise PlanError(
                "is not `async def`; a @websocket handler awaits its connection: declare it "
                "`async def` (or use @websocket_listener, which may be sync)"
            )
        plan = plan_call(fn, request_types=_CONNECTION_TYPES, overrides=overrides)
        if plan.returns is not None and plan.returns is not type(None):
            shown = "no return annotation" if plan.returns is MISSING else f"-> {_name(plan.returns)}"
            raise PlanError(
                f"has {shown}; a @websocket handler sends with ws.send_*() and returns nothing: "
                "annotate it `-> None` (to reply with return values, use @websocket_listener)"
            )
        program = _compiled(compile_program(plan))
        args = program.handler_args

        async def converse(ws: WebSocket, values: list[object]) -> None:
            await invoke(fn, True, False, values, args)

        return program, converse
    name, message_at, annotation, shim = _message_parameter(fn)
    plan = plan_call(shim, request_types=_CONNECTION_TYPES, overrides=overrides)
    if plan.returns is MISSING:
        raise PlanError("has no return annotation; add one, such as `-> Reply`, `-> str` or `-> None`")
    if plan.returns is not None and plan.returns is not type(None):
        _check_encodable(plan.returns, resolved.type_encoders)
    decoder = _message_decoder(name, annotation)
    program = compile_program(plan)
    hooks: list[Call | None] = []
    for kind, hook in (("on_accept", handler.listener.on_accept), ("on_disconnect", handler.listener.on_disconnect)):
        if hook is None:
            hooks.append(None)
            continue
        try:
            _refuse_request(hook, overrides)
            hook_plan = plan_call(hook, request_types=_CONNECTION_TYPES, overrides=overrides)
        except PlanError as exc:
            raise PlanError(f"has an {kind} hook {describe(hook)} that cannot be called: {exc}") from None
        hook_args: Args = program._call(hook_plan)  # the hook's inputs share the handler's slots
        hooks.append(Call(hook, inspect.iscoroutinefunction(hook), to_thread, hook_args))
    call = Call(fn, inspect.iscoroutinefunction(fn), to_thread, program.handler_args)
    conversation = listener_conversation(MessageCall(call, message_at, decoder), hooks[0], hooks[1])
    return _compiled(program), conversation


def _message_decoder(name: str, annotation: object) -> MessageDecoder:
    import msgspec.inspect as mi

    try:
        unknown = next(_custom_types(mi.type_info(annotation), set()), None)
        decoder = MessageDecoder(annotation)
    except (TypeError, ValueError) as exc:
        unknown, problem = None, str(exc)
    else:
        if unknown is None:
            return decoder
        problem = f"it does not know {unknown.__qualname__}"
    raise PlanError(
        f'reads its message "{name}" as {_name(annotation)}, which msgspec cannot decode ({problem}); '
        "use a msgspec Struct, dataclass, TypedDict or builtin type"
    )


def _compiled(program: Program) -> Program:
    if program.body is not None:
        raise PlanError(
            f'reads "{program.body[1].name}" from a request body, which a WebSocket does not have; '
            "receive messages with `await ws.receive_json(T)`, or use @websocket_listener"
        )
    return program


def _message_parameter(fn: Callable[..., object]) -> tuple[str, int | str, object, _WithoutMessage]:
    """The listener's message parameter: the one that is not an extractor."""
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
        signature = inspect.signature(fn)
    except Exception:  # plan_call names the problem precisely
        plan_call(fn, request_types=_CONNECTION_TYPES, overrides={})
        raise
    candidates = [
        p
        for p in signature.parameters.values()
        if p.name in hints and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and not _is_extractor(hints[p.name])
    ]
    if not candidates:
        raise PlanError(
            "has no message parameter; add one annotated with the message type, such as "
            "`message: Chat` (every parameter annotated as an extractor is not the message)"
        )
    if len(candidates) > 1:
        names = ", ".join(f'"{p.name}"' for p in candidates)
        raise PlanError(
            f"has several parameters that are not extractors ({names}); the message is the one "
            "parameter without an extractor annotation: annotate the others as Path[T], "
            "Query[T], Header[T], Cookie[T], State[T], Annotated[T, Extract(fn)] or WebSocket"
        )
    message = candidates[0]
    at: int | str = message.name
    if message.kind is not message.KEYWORD_ONLY:
        before = list(signature.parameters.values())
        at = sum(1 for p in before[: before.index(message)] if p.kind is not p.KEYWORD_ONLY)
    return message.name, at, hints[message.name], _WithoutMessage(fn, hints, signature, message.name)


class _WithoutMessage:
    """`fn` as if it had no message parameter: what the extractor planner reads."""

    def __init__(
        self, fn: Callable[..., object], hints: dict[str, object], signature: inspect.Signature, message: str
    ) -> None:
        kept = [p for p in signature.parameters.values() if p.name != message]
        self.__signature__ = signature.replace(parameters=kept)
        self.__annotations__ = {name: hint for name, hint in hints.items() if name != message}
        self.__qualname__ = getattr(fn, "__qualname__", repr(fn))
        self.__code__ = getattr(fn, "__code__", None)

    def __call__(self, *args: object, **kwargs: object) -> object:
        raise AssertionError("planned, never called")


def _is_extractor(annotation: object) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, (WebSocket, Request))
    for tp in (annotation, *typing.get_args(annotation)):  # `Query[int] | None` counts too
        if get_origin(tp) is Annotated and any(
            isinstance(item, SourceMarker | Extract) for item in tp.__metadata__
        ):
            return True
    return False


def _refuse_request(fn: Callable[..., object], overrides: Overrides, seen: tuple[Callable[..., object], ...] = ()) -> None:
    """A WebSocket route has no `Request`: say so, rather than "not an extractor"."""
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except Exception:
        return  # plan_call reports it
    for name, annotation in hints.items():
        if name == "return":
            continue
        if isinstance(annotation, type) and issubclass(annotation, Request):
            raise PlanError(
                f'parameter "{name}" is a Request, which a WebSocket route does not have; annotate '
                f"it `{name}: WebSocket`, or read what it needs with Header[T], Cookie[T], Query[T], ..."
            )
        if get_origin(annotation) is not Annotated:
            continue
        for item in annotation.__metadata__:
            dependency = overrides.get(item.fn, item.fn) if isinstance(item, Extract) else None
            if dependency is not None and dependency not in seen:
                try:
                    _refuse_request(dependency, overrides, (*seen, fn))
                except PlanError as exc:
                    raise PlanError(f"custom extractor {describe(dependency)}: {exc}") from None


def _name(tp: object) -> str:
    if get_origin(tp) is None and isinstance(tp, type):
        return tp.__qualname__
    return repr(tp).replace("typing.", "")
