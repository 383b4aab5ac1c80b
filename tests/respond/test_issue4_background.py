"""Background tasks over HTTP: they run after the last body byte, a failing one is logged on the
`lanner` logger without stopping the next or breaking the response, and the route's
`background=` option runs after the tasks of the returned `Response`."""

from __future__ import annotations

import logging
from typing import Literal

import anyio
import pytest

from lanner import (
    App,
    BackgroundTask,
    BackgroundTasks,
    Message,
    NotFound,
    Redirect,
    Response,
    get,
)
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]

EVENTS: list[str] = []


@pytest.fixture(autouse=True)
def clear_events() -> None:
    EVENTS.clear()


def record(event: str) -> None:
    EVENTS.append(event)


async def record_async(event: str) -> None:
    await anyio.sleep(0)
    EVENTS.append(event)


def explode() -> None:
    raise OSError("mail server down")


async def explode_async() -> None:
    raise OSError("queue down")


def _scope(path: str) -> dict[str, object]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }


# --- after the last body byte -------------------------------------------------------------------------


@get("/after")
async def after() -> Response[str]:
    return Response("body").with_background(BackgroundTask(record, "task"))


async def test_background_task_runs_after_the_last_body_byte_is_sent() -> None:
    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.body":
            EVENTS.append(f"body more={bool(message.get('more_body'))}")
        else:
            EVENTS.append(message["type"])

    await App([after])(_scope("/after"), receive, send)

    assert EVENTS == ["http.response.start", "body more=False", "task"]


GATE: dict[str, anyio.Event] = {}


async def wait_for_the_test(event: str) -> None:
    await GATE["open"].wait()
    EVENTS.append(event)


@get("/gated")
async def gated() -> Response[str]:
    return Response("the whole body").with_background(BackgroundTask(wait_for_the_test, "task done"))


async def test_the_client_has_the_whole_body_before_the_task_has_finished() -> None:
    GATE["open"] = anyio.Event()
    received = b""
    async with AsyncTestClient(App([gated])) as client, client.stream("GET", "/gated") as response:
        async for chunk in response.aiter_raw():
            received += chunk
            if received == b"the whole body":
                assert EVENTS == []  # the body is complete; the task is still waiting
                GATE["open"].set()

    assert received == b"the whole body"
    assert EVENTS == ["task done"]


# --- a failing task -----------------------------------------------------------------------------------


@get("/failing")
async def failing() -> Response[str]:
    return Response("still sent").with_background(
        BackgroundTasks([BackgroundTask(explode), BackgroundTask(record, "next task")])
    )


@get("/failing-async")
async def failing_async() -> Response[str]:
    return Response("still sent").with_background(BackgroundTask(explode_async))


FAILING = App([failing, failing_async, after])


def test_failing_task_is_logged_on_the_lanner_logger(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="lanner"):
        TestClient(FAILING, backend=backend).get("/failing")

    (failure,) = [record for record in caplog.records if record.name == "lanner"]
    assert failure.getMessage() == f"background task {__name__}.explode failed"
    assert failure.exc_info is not None and isinstance(failure.exc_info[1], OSError)


def test_failing_task_does_not_stop_the_next_task(backend: Backend) -> None:
    TestClient(FAILING, backend=backend).get("/failing")

    assert EVENTS == ["next task"]


def test_failing_task_does_not_break_the_response(backend: Backend) -> None:
    # raise_server_exceptions=True (the default): the task's error is not a server error.
    response = TestClient(FAILING, backend=backend).get("/failing")

    assert (response.status_code, response.text) == (200, "still sent")


def test_failing_lone_async_task_does_not_break_the_response_or_the_next_request(backend: Backend) -> None:
    client = TestClient(FAILING, backend=backend)

    first = client.get("/failing-async")
    second = client.get("/after")

    assert (first.status_code, first.text) == (200, "still sent")
    assert (second.status_code, EVENTS) == (200, ["task"])


# --- the route's background= option -----------------------------------------------------------------


@get("/both", background=BackgroundTask(record, "route"))
async def both() -> Response[str]:
    return (
        Response("x")
        .with_background(BackgroundTask(record, "response 1"))
        .with_background(BackgroundTask(record_async, "response 2"))
    )


@get("/route-only", background=BackgroundTasks([BackgroundTask(record, "a"), BackgroundTask(record_async, "b")]))
async def route_only() -> str:
    return "x"


@get("/sync-route", background=BackgroundTask(record, "route"))
def sync_route() -> str:
    return "x"


@get("/redirecting", background=BackgroundTask(record, "route"))
async def redirecting() -> Redirect:
    return Redirect("/route-only")


@get("/refused", background=BackgroundTask(record, "route"))
async def refused() -> str:
    raise NotFound()


ROUTE_TASKS = App([both, route_only, sync_route, redirecting, refused])


def test_route_background_runs_after_the_response_tasks(backend: Backend) -> None:
    TestClient(ROUTE_TASKS, backend=backend).get("/both")

    assert EVENTS == ["response 1", "response 2", "route"]


def test_route_background_tasks_run_in_order(backend: Backend) -> None:
    TestClient(ROUTE_TASKS, backend=backend).get("/route-only")

    assert EVENTS == ["a", "b"]


def test_route_background_runs_for_a_sync_handler(backend: Backend) -> None:
    TestClient(ROUTE_TASKS, backend=backend).get("/sync-route")

    assert EVENTS == ["route"]


def test_route_background_runs_after_a_redirect(backend: Backend) -> None:
    response = TestClient(ROUTE_TASKS, backend=backend).get("/redirecting", follow_redirects=False)

    assert (response.status_code, EVENTS) == (302, ["route"])


def test_route_background_does_not_run_after_an_error_answer(backend: Backend) -> None:
    response = TestClient(ROUTE_TASKS, backend=backend).get("/refused")

    assert (response.status_code, EVENTS) == (404, [])
