"""App life: lifespan state, start-up and shut-down hooks, worker threads, concurrent requests."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import anyio
import pytest

from lanner import App, Extract, Header, Path, Query, State, get
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]

LOG: list[str] = []


class Counter:
    def __init__(self) -> None:
        self.hits = 0


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[Mapping[str, object]]:
    LOG.append("lifespan enter")
    counter = Counter()
    yield {"counter": counter, "app_name": "demo"}
    LOG.append(f"lifespan exit after {counter.hits} hits")


@get("/hit")
async def hit(counter: State[Counter], app_name: State[str]) -> dict[str, object]:
    counter.hits += 1
    LOG.append("request")
    return {"hits": counter.hits, "app_name": app_name}


def startup_one() -> None:
    LOG.append("startup one")


async def startup_two() -> None:
    await anyio.sleep(0)
    LOG.append("startup two")


async def shutdown_one() -> None:
    LOG.append("shutdown one")


def shutdown_two() -> None:
    LOG.append("shutdown two")


def test_lifespan_state_is_read_by_state_and_shared_between_requests(backend: Backend) -> None:
    LOG.clear()
    with TestClient(App([hit], lifespan=lifespan), backend=backend) as client:
        assert client.get("/hit").json() == {"hits": 1, "app_name": "demo"}
        assert client.get("/hit").json() == {"hits": 2, "app_name": "demo"}
    assert LOG == ["lifespan enter", "request", "request", "lifespan exit after 2 hits"]


def test_startup_and_shutdown_hooks_run_in_order_around_requests(backend: Backend) -> None:
    LOG.clear()
    app = App([], on_startup=[startup_one, startup_two], on_shutdown=[shutdown_one, shutdown_two])
    with TestClient(app, backend=backend):
        assert LOG == ["startup one", "startup two"]
        LOG.append("serving")
    assert LOG == ["startup one", "startup two", "serving", "shutdown one", "shutdown two"]


def test_hooks_and_lifespan_both_run(backend: Backend) -> None:
    LOG.clear()
    app = App([hit], lifespan=lifespan, on_startup=[startup_one], on_shutdown=[shutdown_one])
    with TestClient(app, backend=backend) as client:
        client.get("/hit")
    assert LOG.index("startup one") < LOG.index("request")
    assert LOG.index("lifespan enter") < LOG.index("request")
    assert LOG.index("request") < LOG.index("shutdown one")
    assert LOG.index("request") < LOG.index("lifespan exit after 1 hits")


async def test_async_client_runs_the_lifespan() -> None:
    LOG.clear()
    async with AsyncTestClient(App([hit], lifespan=lifespan)) as client:
        response = await client.get("/hit")
    assert response.json() == {"hits": 1, "app_name": "demo"}
    assert LOG == ["lifespan enter", "request", "lifespan exit after 1 hits"]


def failing_startup() -> None:
    raise RuntimeError("cannot reach the database")


@asynccontextmanager
async def failing_lifespan(app: App) -> AsyncIterator[None]:
    if not app.debug:  # always: the app below is not in debug mode
        raise RuntimeError("lifespan cannot start")
    yield


def test_failing_startup_hook_makes_the_test_client_raise(backend: Backend) -> None:
    LOG.clear()
    app = App([hit], on_startup=[failing_startup], on_shutdown=[shutdown_one])
    with pytest.raises(RuntimeError, match="cannot reach the database"):
        with TestClient(app, backend=backend):
            LOG.append("served anyway")
    assert "served anyway" not in LOG
    assert "shutdown one" not in LOG


def test_failing_lifespan_makes_the_test_client_raise(backend: Backend) -> None:
    with pytest.raises(RuntimeError, match="lifespan cannot start"):
        with TestClient(App([hit], lifespan=failing_lifespan), backend=backend):
            pass


async def test_failing_startup_makes_the_async_client_raise() -> None:
    with pytest.raises(RuntimeError, match="cannot reach the database"):
        async with AsyncTestClient(App([hit], on_startup=[failing_startup])):
            pass


# --- worker threads ----------------------------------------------------------------------------

THREADS: dict[str, int] = {}


@get("/threaded")
def threaded() -> str:
    THREADS["threaded"] = threading.get_ident()
    return "threaded"


@get("/inline", sync_to_thread=False)
def inline() -> str:
    THREADS["inline"] = threading.get_ident()
    return "inline"


@get("/threaded-with-values/{n:int}")
def threaded_with_values(n: Path[int], q: Query[str] = "") -> str:
    THREADS["threaded_with_values"] = threading.get_ident()
    return f"{n}{q}"


@get("/async")
async def on_loop() -> str:
    THREADS["async"] = threading.get_ident()
    return "async"


THREAD_APP = App([threaded, inline, threaded_with_values, on_loop])


async def test_sync_handler_runs_in_a_worker_thread() -> None:
    THREADS.clear()
    client = AsyncTestClient(THREAD_APP)
    assert (await client.get("/threaded")).text == "threaded"
    assert (await client.get("/threaded-with-values/3?q=x")).text == "3x"
    assert (await client.get("/async")).text == "async"
    loop_thread = threading.get_ident()
    assert THREADS["async"] == loop_thread
    assert THREADS["threaded"] != loop_thread
    assert THREADS["threaded_with_values"] != loop_thread


async def test_sync_handler_with_sync_to_thread_false_runs_on_the_event_loop() -> None:
    THREADS.clear()
    assert (await AsyncTestClient(THREAD_APP).get("/inline")).text == "inline"
    assert THREADS["inline"] == threading.get_ident()


# --- concurrency ---------------------------------------------------------------------------------


async def request_tag(x_tag: Header[str]) -> str:
    await anyio.sleep(0.01)
    return x_tag


@get("/echo/{n:int}")
async def echo(n: Path[int], q: Query[int], tag: Annotated[str, Extract(request_tag)]) -> dict[str, object]:
    await anyio.sleep(0.01)
    return {"n": n, "q": q, "tag": tag}


@get("/sync-echo/{n:int}")
def sync_echo(n: Path[int], q: Query[int]) -> dict[str, int]:
    return {"n": n, "q": q}


CONCURRENT = App([echo, sync_echo])


async def test_many_concurrent_requests_each_get_their_own_values() -> None:
    results: dict[int, object] = {}

    async with AsyncTestClient(CONCURRENT) as client:

        async def one(n: int) -> None:
            response = await client.get(f"/echo/{n}?q={n * 2}", headers={"x-tag": f"tag-{n}"})
            results[n] = response.json()

        async with anyio.create_task_group() as group:
            for n in range(50):
                group.start_soon(one, n)

    assert results == {n: {"n": n, "q": n * 2, "tag": f"tag-{n}"} for n in range(50)}


async def test_many_concurrent_requests_to_a_sync_handler_each_get_their_own_values() -> None:
    results: dict[int, object] = {}

    async with AsyncTestClient(CONCURRENT) as client:

        async def one(n: int) -> None:
            results[n] = (await client.get(f"/sync-echo/{n}?q={-n}")).json()

        async with anyio.create_task_group() as group:
            for n in range(50):
                group.start_soon(one, n)

    assert results == {n: {"n": n, "q": -n} for n in range(50)}
