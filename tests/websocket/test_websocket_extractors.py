"""WebSocket handlers take the same extractors as HTTP handlers, computed once per connection."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import pytest

from lanner import App, Cookie, Extract, Header, Path, Query, Router, State, WebSocket, websocket
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test here runs on both event loops."""
    backend: str = request.param
    return backend


@websocket("/rooms/{room_id}")
async def room(
    ws: WebSocket,
    room_id: Path[int],
    nick: Query[str],
    tags: Query[list[str]],
    user_agent: Header[str],
    session: Cookie[str | None] = None,
) -> None:
    await ws.accept()
    await ws.send_json({"room": room_id, "nick": nick, "tags": tags, "agent": user_agent, "session": session})


def test_path_query_header_and_cookie_values_arrive_typed(backend: Backend) -> None:
    client = TestClient(App([room]), backend=backend, cookies={"session": "s1"}, headers={"User-Agent": "bot"})
    with client.websocket_connect("/rooms/7?nick=ada&tags=a&tags=b") as ws:
        assert ws.receive_json() == {"room": 7, "nick": "ada", "tags": ["a", "b"], "agent": "bot", "session": "s1"}


def test_a_path_value_that_does_not_convert_is_not_found(backend: Backend) -> None:
    from lanner.testing import WebSocketDenied

    with pytest.raises(WebSocketDenied) as denied:
        with TestClient(App([room]), backend=backend).websocket_connect("/rooms/seven?nick=a"):
            pass
    assert denied.value.status_code == 404


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, object]]:
    yield {"motd": "Welcome"}


@websocket("/motd")
async def motd(ws: WebSocket, motd: State[str]) -> None:
    await ws.accept()
    await ws.send_text(motd)


def test_state_comes_from_the_lifespan(backend: Backend) -> None:
    with TestClient(App([motd], lifespan=lifespan), backend=backend) as client:
        with client.websocket_connect("/motd") as ws:
            assert ws.receive_text() == "Welcome"


EVENTS: list[str] = []


async def session_scope(nick: Query[str]) -> AsyncIterator[str]:
    EVENTS.append(f"open {nick}")
    try:
        yield nick
    except Exception as exc:
        EVENTS.append(f"failed {type(exc).__name__}")
        raise
    else:
        EVENTS.append(f"close {nick}")


def counter() -> Iterator[int]:
    EVENTS.append("counter")
    yield 1
    EVENTS.append("counter done")


Nick = Annotated[str, Extract(session_scope)]


@websocket("/chat")
async def chat(ws: WebSocket, nick: Nick, again: Nick, one: Annotated[int, Extract(counter)]) -> None:
    await ws.accept()
    async for text in ws.iter_data():
        if text == "boom":
            raise RuntimeError("boom")
        await ws.send_text(f"{nick}/{again}/{one}: {text!r}")


def test_custom_extractors_run_once_and_tear_down_when_the_connection_ends(backend: Backend) -> None:
    EVENTS.clear()
    with TestClient(App([chat]), backend=backend).websocket_connect("/chat?nick=ada") as ws:
        ws.send_text("hi")
        assert ws.receive_text() == "ada/ada/1: 'hi'"
        assert EVENTS == ["open ada", "counter"]
    assert EVENTS == ["open ada", "counter", "counter done", "close ada"]


def test_a_failing_handler_is_thrown_into_the_generator_extractors(backend: Backend) -> None:
    EVENTS.clear()
    client = TestClient(App([chat]), backend=backend, raise_server_exceptions=False)
    with client.websocket_connect("/chat?nick=bo") as ws:
        ws.send_text("boom")
    assert EVENTS[-1] == "failed RuntimeError"


async def fake_session(nick: Query[str]) -> AsyncIterator[str]:
    yield f"fake-{nick}"


def test_overrides_replace_extractors_of_websocket_routes(backend: Backend) -> None:
    app = App([chat]).with_overrides({session_scope: fake_session})
    with TestClient(app, backend=backend).websocket_connect("/chat?nick=cy") as ws:
        ws.send_text("x")
        assert ws.receive_text() == "fake-cy/fake-cy/1: 'x'"


@websocket("/{channel}/live")
async def live(ws: WebSocket, team: Path[str], channel: Path[str]) -> None:
    await ws.accept()
    await ws.send_text(f"{team}:{channel}")


def test_router_prefixes_and_their_placeholders_apply(backend: Backend) -> None:
    app = App(routers=[Router("/teams/{team}", [live])])
    with TestClient(app, backend=backend).websocket_connect("/teams/red/news/live/") as ws:
        assert ws.receive_text() == "red:news"


def test_the_root_path_is_stripped_before_routing(backend: Backend) -> None:
    client = TestClient(App([motd], lifespan=lifespan), backend=backend, root_path="/api")
    with client:
        with client.websocket_connect("/motd") as ws:
            assert ws.receive_text() == "Welcome"


async def test_extractors_work_through_the_async_client() -> None:
    async with AsyncTestClient(App([room]), headers={"User-Agent": "async"}) as client:
        async with client.websocket_connect("/rooms/1?nick=x&tags=t") as ws:
            assert (await ws.receive_json())["agent"] == "async"


def test_app_and_router_middleware_wrap_websocket_routes(backend: Backend) -> None:
    from lanner import ASGIApp, Receive, Scope, Send

    seen: list[str] = []

    def tag(name: str) -> Callable[[ASGIApp], ASGIApp]:
        def middleware(app: ASGIApp) -> ASGIApp:
            async def tagged(scope: Scope, receive: Receive, send: Send) -> None:
                if scope["type"] == "websocket":
                    seen.append(name)
                await app(scope, receive, send)

            return tagged

        return middleware

    app = App(routers=[Router("/r", [motd], middleware=[tag("router")])], lifespan=lifespan, middleware=[tag("app")])
    with TestClient(app, backend=backend) as client, client.websocket_connect("/r/motd") as ws:
        assert ws.receive_text() == "Welcome"
    assert seen == ["app", "router"]
