"""`middleware`: ASGI middleware factories, outermost first. The App's wrap the whole App (404s
and 405s too); a Router's and a handler's wrap only their own routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import pytest

from lanner import App, ASGIApp, Message, Receive, Router, Scope, Send, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

TRAIL: list[str] = []


@pytest.fixture(autouse=True)
def clear_trail() -> None:
    TRAIL.clear()


def tagging(tag: str) -> Callable[[ASGIApp], ASGIApp]:
    """A middleware factory: notes when it is entered and left, and adds `X-Via: tag`."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return

            async def send_via(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [*message["headers"], (b"x-via", tag.encode())]}
                await send(message)

            TRAIL.append(f"{tag} in")
            await app(scope, receive, send_via)
            TRAIL.append(f"{tag} out")

        return middleware

    return factory


@get("/handler", middleware=[tagging("handler-1"), tagging("handler-2")])
async def handler() -> str:
    TRAIL.append("handler")
    return "x"


@get("/plain")
async def plain() -> str:
    TRAIL.append("plain")
    return "x"


@get("/bare")
async def bare() -> str:
    TRAIL.append("bare")
    return "x"


NESTED = App(
    [bare, Router("/r", [handler, plain], middleware=[tagging("router")])],
    middleware=[tagging("app-1"), tagging("app-2")],
)


def test_middleware_nests_app_then_router_then_handler_outermost_first(backend: Backend) -> None:
    TestClient(NESTED, backend=backend).get("/r/handler")

    assert TRAIL == [
        "app-1 in", "app-2 in", "router in", "handler-1 in", "handler-2 in",
        "handler",
        "handler-2 out", "handler-1 out", "router out", "app-2 out", "app-1 out",
    ]  # fmt: skip


def test_the_innermost_middleware_changes_the_response_first(backend: Backend) -> None:
    response = TestClient(NESTED, backend=backend).get("/r/handler")

    assert response.headers.get_list("x-via") == ["handler-2", "handler-1", "router", "app-2", "app-1"]


def test_a_handlers_middleware_wraps_only_its_route(backend: Backend) -> None:
    TestClient(NESTED, backend=backend).get("/r/plain")

    assert TRAIL == ["app-1 in", "app-2 in", "router in", "plain", "router out", "app-2 out", "app-1 out"]


def test_a_routers_middleware_wraps_only_its_routes(backend: Backend) -> None:
    TestClient(NESTED, backend=backend).get("/bare")

    assert TRAIL == ["app-1 in", "app-2 in", "bare", "app-2 out", "app-1 out"]


def test_app_middleware_wraps_an_unknown_paths_404(backend: Backend) -> None:
    response = TestClient(NESTED, backend=backend).get("/r/nothing-here")

    assert response.status_code == 404
    assert response.headers.get_list("x-via") == ["app-2", "app-1"]


def test_app_middleware_wraps_a_405(backend: Backend) -> None:
    response = TestClient(NESTED, backend=backend).post("/r/plain")

    assert response.status_code == 405
    assert TRAIL == ["app-1 in", "app-2 in", "app-2 out", "app-1 out"]


def test_a_handlers_middleware_wraps_its_implicit_head_too(backend: Backend) -> None:
    response = TestClient(NESTED, backend=backend).head("/r/handler")

    assert response.headers.get_list("x-via") == ["handler-2", "handler-1", "router", "app-2", "app-1"]


def test_app_middleware_sees_the_lifespan(backend: Backend) -> None:
    seen: list[str] = []

    def watching(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            seen.append(scope["type"])
            await app(scope, receive, send)

        return middleware

    with TestClient(App([plain], middleware=[watching]), backend=backend) as client:
        client.get("/plain")

    assert seen == ["lifespan", "http"]


def test_a_middleware_may_answer_without_calling_the_route(backend: Backend) -> None:
    def refuse(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b"maintenance"})

        return middleware

    app = App([plain, Router("/r", [handler], middleware=[refuse])])
    client = TestClient(app, backend=backend)

    assert (client.get("/r/handler").status_code, client.get("/plain").status_code) == (503, 200)
    assert TRAIL == ["plain"]

