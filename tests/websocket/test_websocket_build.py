"""WebSocket routes are checked when the App is built, like HTTP routes.

Each message names `WEBSOCKET /path`, the handler with its file and line, and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

import msgspec
import pytest

from lanner import (
    App,
    Body,
    Extract,
    ImproperlyConfigured,
    Path,
    Query,
    Request,
    Routable,
    Router,
    WebSocket,
    WebSocketOptions,
    websocket,
    websocket_listener,
)
from lanner._compat import Unpack

HERE = "test_websocket_build.py"


def _refused(*handlers: Routable, routers: tuple[Router, ...] = ()) -> str:
    with pytest.raises(ImproperlyConfigured) as refused:
        App(handlers, routers=routers)
    return str(refused.value)


def _where(path: str, fn: Callable[..., object]) -> str:
    return f"WEBSOCKET {path}: handler {fn.__qualname__} ({HERE}:{fn.__code__.co_firstlineno})"


def test_a_placeholder_without_a_path_parameter_is_refused() -> None:
    @websocket("/rooms/{room}")
    async def room(ws: WebSocket) -> None: ...

    assert _refused(room) == (
        f'{_where("/rooms/{room}", room.fn)} has no Path parameter "room"; add `room: Path[str]` '
        "(or another type) to its parameters, or rename the placeholder"
    )


def test_a_path_parameter_missing_from_the_template_is_refused() -> None:
    @websocket("/rooms")
    async def room(ws: WebSocket, room: Path[str]) -> None: ...

    assert 'has Path parameter "room" but the path has no placeholder "{room}"' in _refused(room)


def test_a_converter_that_disagrees_with_the_parameter_type_is_refused() -> None:
    @websocket("/rooms/{room:int}")
    async def room(ws: WebSocket, room: Path[str]) -> None: ...

    assert "converts \"room\" with int, but the handler declares it Path[str]" in _refused(room)


def test_a_router_prefix_placeholder_needs_a_path_parameter_too() -> None:
    @websocket("/live")
    async def live(ws: WebSocket) -> None: ...

    message = _refused(routers=(Router("/teams/{team}", [live]),))
    assert message.startswith(_where("/teams/{team}/live", live.fn))
    assert 'has no Path parameter "team"' in message


def test_a_template_syntax_error_is_refused() -> None:
    @websocket("/rooms/{room")
    async def room(ws: WebSocket) -> None: ...

    assert _refused(room).startswith(_where("/rooms/{room", room.fn) + ":")


def test_a_body_parameter_is_refused() -> None:
    @websocket("/upload")
    async def upload(ws: WebSocket, data: Body[bytes]) -> None: ...

    assert _refused(upload) == (
        f'{_where("/upload", upload.fn)} reads "data" from a request body, which a WebSocket does not '
        "have; receive messages with `await ws.receive_json(T)`, or use @websocket_listener"
    )


def test_a_request_parameter_is_refused_with_the_fix() -> None:
    @websocket("/ws")
    async def handler(request: Request) -> None: ...

    assert _refused(handler) == (
        f'{_where("/ws", handler.fn)} parameter "request" is a Request, which a WebSocket route does '
        "not have; annotate it `request: WebSocket`, or read what it needs with Header[T], Cookie[T], "
        "Query[T], ..."
    )


def request_user(request: Request) -> str:
    return "x"


def test_a_custom_extractor_asking_for_a_request_is_refused_naming_it() -> None:
    @websocket("/ws")
    async def handler(ws: WebSocket, user: Annotated[str, Extract(request_user)]) -> None: ...

    message = _refused(handler)
    assert re.search(r"custom extractor request_user \(test_websocket_build.py:\d+\): parameter \"request\" is a Request", message)


def test_a_parameter_that_is_not_an_extractor_is_refused() -> None:
    @websocket("/ws")
    async def handler(ws: WebSocket, limit: int) -> None: ...

    assert 'parameter "limit" is not an extractor' in _refused(handler)


def test_a_sync_websocket_handler_is_refused() -> None:
    @websocket("/ws")
    def handler(ws: WebSocket) -> None: ...

    assert _refused(handler).endswith(
        "is not `async def`; a @websocket handler awaits its connection: declare it `async def` "
        "(or use @websocket_listener, which may be sync)"
    )


def test_a_websocket_handler_must_return_none() -> None:
    @websocket("/ws")
    async def handler(ws: WebSocket) -> str:
        return "never"

    assert _refused(handler) == (
        f'{_where("/ws", handler.fn)} has -> str; a @websocket handler sends with ws.send_*() and '
        "returns nothing: annotate it `-> None` (to reply with return values, use @websocket_listener)"
    )


def test_a_websocket_handler_without_a_return_annotation_is_refused() -> None:
    @websocket("/ws")
    async def handler(ws: WebSocket):  # type: ignore[no-untyped-def]  # the mistake under test
        ...

    assert "has no return annotation; a @websocket handler" in _refused(handler)


def test_a_listener_without_a_message_parameter_is_refused() -> None:
    @websocket_listener("/ws")
    async def handler(nick: Query[str]) -> None: ...

    assert _refused(handler) == (
        f'{_where("/ws", handler.fn)} has no message parameter; add one annotated with the message '
        "type, such as `message: Chat` (every parameter annotated as an extractor is not the message)"
    )


def test_a_listener_with_two_plain_parameters_is_refused() -> None:
    @websocket_listener("/ws")
    async def handler(message: str, other: int) -> None: ...

    assert 'has several parameters that are not extractors ("message", "other")' in _refused(handler)


def test_a_listener_without_a_return_annotation_is_refused() -> None:
    @websocket_listener("/ws")
    async def handler(message: str):  # type: ignore[no-untyped-def]  # the mistake under test
        ...

    assert _refused(handler).endswith("has no return annotation; add one, such as `-> Reply`, `-> str` or `-> None`")


class Opaque:
    pass


def test_a_listener_reply_lanner_cannot_encode_is_refused() -> None:
    @websocket_listener("/ws")
    async def handler(message: str) -> Opaque:
        return Opaque()

    assert "msgspec does not know Opaque; return a msgspec Struct" in _refused(handler)


def test_a_listener_reply_with_a_type_encoder_is_accepted() -> None:
    @websocket_listener("/ws", type_encoders={Opaque: lambda value: "opaque"})
    async def handler(message: str) -> Opaque:
        return Opaque()

    App([handler])


def test_a_listener_message_type_msgspec_cannot_decode_is_refused() -> None:
    @websocket_listener("/ws")
    async def handler(message: Opaque) -> None: ...

    assert _refused(handler).endswith(
        'reads its message "message" as Opaque, which msgspec cannot decode (it does not know Opaque); '
        "use a msgspec Struct, dataclass, TypedDict or builtin type"
    )


def test_a_hook_that_is_not_callable_with_extractors_is_refused() -> None:
    def joined(who: str) -> None: ...

    @websocket_listener("/ws", on_accept=joined)
    async def handler(message: str) -> None: ...

    assert re.search(
        r'has an on_accept hook \S*joined \(test_websocket_build.py:\d+\) that cannot be called: '
        r'parameter "who" is not an extractor',
        _refused(handler),
    )


def test_a_hook_path_parameter_counts_against_the_template() -> None:
    def joined(room: Path[int]) -> None: ...

    @websocket_listener("/rooms/{room:str}", on_accept=joined)
    async def handler(message: str) -> None: ...

    assert 'converts "room" with str, but the handler declares it Path[int]' in _refused(handler)


def test_the_same_path_twice_is_refused_naming_both_handlers() -> None:
    @websocket("/ws")
    async def first(ws: WebSocket) -> None: ...

    @websocket("/ws")
    async def second(ws: WebSocket) -> None: ...

    assert _refused(first, second) == (
        f"{_where('/ws', second.fn)}: WEBSOCKET /ws is registered twice, also by handler "
        f"{first.fn.__qualname__} ({HERE}:{first.fn.__code__.co_firstlineno}); remove one, or give them "
        "different paths"
    )


def test_an_http_route_and_a_websocket_route_may_share_a_path() -> None:
    from lanner import get

    @get("/live")
    async def page() -> str:
        return "page"

    @websocket("/live")
    async def live(ws: WebSocket) -> None: ...

    App([page, live])


def test_an_unknown_option_is_refused_with_a_suggestion() -> None:
    options: dict[str, object] = {"websocket_max_message_sise": 10}
    fn = websocket("/ws", **options)  # type: ignore[arg-type]  # the typo under test

    @fn
    async def handler(ws: WebSocket) -> None: ...

    assert _refused(handler) == (
        f'WEBSOCKET /ws: handler {handler.fn.__qualname__} ({HERE}:{handler.fn.__code__.co_firstlineno}) '
        'has an unknown option "websocket_max_message_sise"; did you mean "websocket_max_message_size"?'
    )


def test_stacking_two_route_decorators_is_a_type_error() -> None:
    @websocket("/a")
    async def handler(ws: WebSocket) -> None: ...

    with pytest.raises(TypeError, match="already has a route"):
        websocket("/b")(handler)


def test_the_options_type_lists_what_websocket_routes_read() -> None:
    def takes(**options: Unpack[WebSocketOptions]) -> None: ...

    takes(name="x", type_encoders={}, websocket_max_message_size=1, max_query_params=1, sync_to_thread=True)
    assert msgspec.json.encode(sorted(WebSocketOptions.__annotations__)) == (
        b'["max_query_params","name","sync_to_thread","type_encoders","websocket_max_message_size"]'
    )
