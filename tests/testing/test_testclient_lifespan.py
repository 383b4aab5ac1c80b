"""Used as context managers, the clients run the app's lifespan and share its state."""

from __future__ import annotations

from typing import Any, Literal

import pytest

from lanner._types import Message, Receive, Scope, Send
from lanner.testing import AsyncTestClient, TestClient


class LifespanApp:
    """Answers lifespan messages as told and keeps a log; HTTP requests see the state.

    The startup fills the state with a `db` string and a shared `hits` list; each request
    overwrites `db` in its own copy and appends to `hits`.
    """

    def __init__(
        self,
        startup: Message | None = None,
        shutdown: Message | None = None,
    ) -> None:
        self.startup = startup or {"type": "lifespan.startup.complete"}
        self.shutdown = shutdown or {"type": "lifespan.shutdown.complete"}
        self.log: list[str] = []
        self.request_states: list[dict[str, Any]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(scope, receive, send)
            return
        state = scope["state"]
        self.request_states.append({"db": state["db"], "hits": list(state["hits"])})
        state["db"] = "changed by a request"
        state["hits"].append(1)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.log.append((await receive())["type"])
        scope["state"].update(db="connected", hits=[])
        await send(self.startup)
        if self.startup["type"] == "lifespan.startup.failed":
            return
        self.log.append((await receive())["type"])
        await send(self.shutdown)


def test_the_context_manager_runs_startup_and_shutdown(backend: Literal["asyncio", "trio"]) -> None:
    app = LifespanApp()
    with TestClient(app, backend=backend) as client:
        assert app.log == ["lifespan.startup"]
        client.get("/")
    assert app.log == ["lifespan.startup", "lifespan.shutdown"]


async def test_async_with_runs_startup_and_shutdown() -> None:
    app = LifespanApp()
    async with AsyncTestClient(app) as client:
        assert app.log == ["lifespan.startup"]
        await client.get("/")
    assert app.log == ["lifespan.startup", "lifespan.shutdown"]


def test_each_request_gets_a_shallow_copy_of_the_lifespan_state(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = LifespanApp()
    with TestClient(app, backend=backend) as client:
        client.get("/")
        client.get("/")
    # `db` was overwritten only in a copy; `hits` is one list shared by every copy.
    assert app.request_states == [
        {"db": "connected", "hits": []},
        {"db": "connected", "hits": [1]},
    ]


async def test_each_async_request_gets_a_shallow_copy_of_the_lifespan_state() -> None:
    app = LifespanApp()
    async with AsyncTestClient(app) as client:
        await client.get("/")
        await client.get("/")
    assert app.request_states == [
        {"db": "connected", "hits": []},
        {"db": "connected", "hits": [1]},
    ]


def test_without_the_context_manager_no_lifespan_runs() -> None:
    app = LifespanApp()
    with pytest.raises(KeyError, match="db"):
        TestClient(app).get("/")  # the state is {}: nothing started the app up
    assert app.log == []


def test_a_failed_startup_raises_runtime_error_with_its_message(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = LifespanApp(startup={"type": "lifespan.startup.failed", "message": "no database"})
    with pytest.raises(RuntimeError, match="no database"):
        with TestClient(app, backend=backend):
            pass  # pragma: no cover - never entered


async def test_a_failed_async_startup_raises_runtime_error_with_its_message() -> None:
    app = LifespanApp(startup={"type": "lifespan.startup.failed", "message": "no database"})
    with pytest.raises(RuntimeError, match="no database"):
        async with AsyncTestClient(app):
            pass  # pragma: no cover - never entered


def test_a_failed_shutdown_raises_runtime_error_with_its_message(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = LifespanApp(shutdown={"type": "lifespan.shutdown.failed", "message": "stuck"})
    with pytest.raises(RuntimeError, match="stuck"):
        with TestClient(app, backend=backend):
            pass


async def test_a_failed_async_shutdown_raises_runtime_error_with_its_message() -> None:
    app = LifespanApp(shutdown={"type": "lifespan.shutdown.failed", "message": "stuck"})
    with pytest.raises(RuntimeError, match="stuck"):
        async with AsyncTestClient(app):
            pass


class StartupCrash(Exception):
    pass


async def crashes_at_startup(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()
    raise StartupCrash("boom")


def test_an_exception_during_startup_is_raised(backend: Literal["asyncio", "trio"]) -> None:
    with pytest.raises(StartupCrash, match="boom"):
        with TestClient(crashes_at_startup, backend=backend):
            pass  # pragma: no cover - never entered


async def test_an_exception_during_async_startup_is_raised() -> None:
    with pytest.raises(StartupCrash, match="boom"):
        async with AsyncTestClient(crashes_at_startup):
            pass  # pragma: no cover - never entered


async def no_lifespan(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(scope["state"]).encode()})


def test_an_app_that_returns_without_lifespan_is_fine(backend: Literal["asyncio", "trio"]) -> None:
    with TestClient(no_lifespan, backend=backend) as client:
        assert client.get("/").text == "{}"


async def test_an_app_that_returns_without_lifespan_is_fine_async() -> None:
    async with AsyncTestClient(no_lifespan) as client:
        assert (await client.get("/")).text == "{}"


def test_shutdown_still_runs_when_the_block_raises(backend: Literal["asyncio", "trio"]) -> None:
    app = LifespanApp()
    with pytest.raises(ZeroDivisionError):
        with TestClient(app, backend=backend):
            1 / 0
    assert app.log == ["lifespan.startup", "lifespan.shutdown"]


async def test_async_shutdown_still_runs_when_the_block_raises_unwrapped() -> None:
    app = LifespanApp()
    with pytest.raises(ZeroDivisionError):  # not an ExceptionGroup from the client's tasks
        async with AsyncTestClient(app):
            1 / 0
    assert app.log == ["lifespan.startup", "lifespan.shutdown"]
