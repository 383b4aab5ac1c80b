"""`Stream`: a body sent while it is produced, from sync or async iterators, generators, or
callables returning one; sync sources step in a worker thread; the source is closed (its
`finally` runs) when the response ends, also when the client goes away mid-stream."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from typing import Literal

import anyio
import anyio.lowlevel
import pytest

from lanner import App, Stream, get, post
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]

# Endless sources give up after this many chunks, so a test that fails cannot hang.
SAFETY_LIMIT = 100_000


class Tracker:
    """What a source saw: the threads it ran on, and whether its `finally` ran."""

    def __init__(self) -> None:
        self.threads: set[int] = set()
        self.loop_thread: int | None = None
        self.closed = threading.Event()
        self.produced = 0


async def async_numbers(count: int, tracker: Tracker | None = None) -> AsyncGenerator[str, None]:
    try:
        for number in range(count):
            if tracker is not None:
                tracker.produced += 1
            yield f"{number}\n"
    finally:
        if tracker is not None:
            tracker.closed.set()


def sync_numbers(count: int, tracker: Tracker | None = None) -> Generator[bytes, None, None]:
    try:
        for number in range(count):
            if tracker is not None:
                tracker.threads.add(threading.get_ident())
                tracker.produced += 1
            yield f"{number}\n".encode()
    finally:
        if tracker is not None:
            tracker.closed.set()


class Countdown:
    """A sync iterator class (no generator), closed through its `close` method."""

    def __init__(self, start: int, tracker: Tracker) -> None:
        self.left = start
        self.tracker = tracker

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.left == 0:
            raise StopIteration
        self.left -= 1
        return f"{self.left + 1}\n"

    def close(self) -> None:
        self.tracker.closed.set()


class AsyncCountdown:
    """An async iterator class."""

    def __init__(self, start: int) -> None:
        self.left = start

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self

    async def __anext__(self) -> bytes:
        if self.left == 0:
            raise StopAsyncIteration
        self.left -= 1
        await anyio.lowlevel.checkpoint()
        return f"{self.left + 1}\n".encode()


EXPECTED = "0\n1\n2\n3\n4\n"


def stream_app(tracker: Tracker) -> App:
    @get("/async-generator")
    async def async_generator() -> Stream:
        return Stream(async_numbers(5, tracker))

    @get("/sync-generator")
    async def sync_generator() -> Stream:
        tracker.loop_thread = threading.get_ident()
        return Stream(sync_numbers(5, tracker))

    @get("/sync-iterator")
    async def sync_iterator() -> Stream:
        return Stream(iter(["0\n", "1\n", "2\n", "3\n", "4\n"]))

    @get("/list")
    async def a_list() -> Stream:
        return Stream([b"0\n", "1\n", b"2\n", "3\n", "4\n"])

    @get("/iterator-class")
    async def iterator_class() -> Stream:
        return Stream(Countdown(3, tracker))

    @get("/async-iterator-class")
    async def async_iterator_class() -> Stream:
        return Stream(AsyncCountdown(3))

    @get("/callable-async")
    async def callable_async() -> Stream:
        return Stream(lambda: async_numbers(5, tracker))

    @get("/callable-sync")
    async def callable_sync() -> Stream:
        return Stream(lambda: sync_numbers(5, tracker))

    @get("/endless-async")
    async def endless_async() -> Stream:
        return Stream(async_numbers(SAFETY_LIMIT, tracker))

    @get("/endless-sync")
    async def endless_sync() -> Stream:
        return Stream(sync_numbers(SAFETY_LIMIT, tracker))

    @get("/csv")
    async def csv() -> Stream:
        return Stream(["a,b\n", "1,2\n"], media_type="text/csv", headers={"X-Rows": "2"})

    @post("/jobs")
    async def jobs() -> Stream:
        return Stream(["started\n"], status_code=202)

    @post("/created")
    async def created() -> Stream:
        return Stream(["made\n"])

    @get("/unicode")
    async def unicode() -> Stream:
        return Stream(["café ", "☕"], media_type="text/plain")

    @get("/sync-handler")
    def sync_handler() -> Stream:
        return Stream(sync_numbers(5, tracker))

    return App(
        [
            async_generator,
            sync_generator,
            sync_iterator,
            a_list,
            iterator_class,
            async_iterator_class,
            callable_async,
            callable_sync,
            endless_async,
            endless_sync,
            csv,
            jobs,
            created,
            unicode,
            sync_handler,
        ]
    )


@pytest.fixture
def tracker() -> Tracker:
    return Tracker()


@pytest.fixture
def client(tracker: Tracker, backend: Backend) -> Iterator[TestClient]:
    with TestClient(stream_app(tracker), backend=backend) as test_client:
        yield test_client


# --- sources ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/async-generator", EXPECTED),
        ("/sync-generator", EXPECTED),
        ("/sync-iterator", EXPECTED),
        ("/list", EXPECTED),
        ("/iterator-class", "3\n2\n1\n"),
        ("/async-iterator-class", "3\n2\n1\n"),
        ("/callable-async", EXPECTED),
        ("/callable-sync", EXPECTED),
        ("/sync-handler", EXPECTED),
    ],
)
def test_every_kind_of_source_streams(client: TestClient, path: str, body: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert "content-length" not in response.headers
    assert response.text == body


def test_each_item_is_one_chunk(client: TestClient) -> None:
    with client.stream("GET", "/async-generator") as response:
        chunks = list(response.iter_raw())

    assert chunks == [f"{number}\n".encode() for number in range(5)]


def test_str_chunks_are_utf_8(client: TestClient) -> None:
    response = client.get("/unicode")

    assert response.content == "café ☕".encode()
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_media_type_and_headers(client: TestClient) -> None:
    response = client.get("/csv")

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["x-rows"] == "2"


def test_status_code_of_the_value_or_of_the_route(client: TestClient) -> None:
    assert client.post("/jobs").status_code == 202
    assert client.post("/created").status_code == 201


def test_head_sends_the_headers_and_no_body(client: TestClient) -> None:
    response = client.head("/async-generator")

    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["content-type"] == "application/octet-stream"


def test_an_item_of_another_type_ends_the_stream_and_is_logged(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    @get("/bad")
    async def bad() -> Stream:
        return Stream([b"ok\n", 42])  # type: ignore[list-item]  # the mistake under test

    with caplog.at_level(logging.ERROR, logger="lanner"):
        response = TestClient(App([bad]), backend=backend).get("/bad")

    assert response.content == b"ok\n"
    assert [record.levelno for record in caplog.records if record.name == "lanner"] == [logging.ERROR]


def test_a_source_that_fails_mid_stream_ends_the_body_and_is_logged_once(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    async def failing() -> AsyncGenerator[bytes, None]:
        yield b"first\n"
        raise RuntimeError("the database went away")

    @get("/failing")
    async def route() -> Stream:
        return Stream(failing())

    with caplog.at_level(logging.ERROR, logger="lanner"):
        response = TestClient(App([route]), backend=backend).get("/failing")

    assert (response.status_code, response.content) == (200, b"first\n")
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "the database went away" in caplog.text


# --- sync sources off the event loop -------------------------------------------------------------


def test_a_sync_generator_is_advanced_in_a_worker_thread(client: TestClient, tracker: Tracker) -> None:
    assert client.get("/sync-generator").text == EXPECTED

    assert tracker.loop_thread is not None and tracker.threads
    assert tracker.loop_thread not in tracker.threads


def test_a_slow_sync_generator_does_not_block_other_requests(backend: Backend) -> None:
    release = threading.Event()

    def waiting() -> Iterator[str]:
        yield "waiting\n"
        release.wait(5)  # blocks its thread; the event loop must stay free
        yield "released\n"

    @get("/slow")
    async def slow() -> Stream:
        return Stream(waiting())

    @get("/ping")
    async def ping() -> str:
        return "pong"

    with TestClient(App([slow, ping]), backend=backend) as client, client.stream("GET", "/slow") as response:
        lines = response.iter_lines()
        assert next(lines) == "waiting"
        assert client.get("/ping").text == "pong"  # answered while the generator blocks
        release.set()
        assert next(lines) == "released"


async def test_the_sync_generator_runs_on_another_thread_than_the_loop() -> None:
    threads: list[int] = []

    def source() -> Iterator[str]:
        threads.append(threading.get_ident())
        yield "x"

    @get("/")
    async def route() -> Stream:
        return Stream(source())

    async with AsyncTestClient(App([route])) as client:
        assert (await client.get("/")).text == "x"

    assert threads and threads[0] != threading.get_ident()


# --- closed when the response ends ----------------------------------------------------------


@pytest.mark.parametrize("path", ["/async-generator", "/sync-generator", "/callable-sync", "/iterator-class"])
def test_the_source_is_closed_after_a_complete_response(client: TestClient, tracker: Tracker, path: str) -> None:
    client.get(path)

    assert tracker.closed.wait(2)


@pytest.mark.parametrize("path", ["/endless-async", "/endless-sync"])
def test_closing_the_response_early_closes_the_source(client: TestClient, tracker: Tracker, path: str) -> None:
    with client.stream("GET", path) as response:
        lines = response.iter_lines()
        assert [next(lines) for _ in range(3)] == ["0", "1", "2"]

    assert tracker.closed.wait(5)
    assert tracker.produced < SAFETY_LIMIT


async def test_closing_an_async_response_early_closes_the_source() -> None:
    tracker = Tracker()

    async with AsyncTestClient(stream_app(tracker)) as client, client.stream("GET", "/endless-async") as response:
        async for line in response.aiter_lines():
            if line == "2":
                await response.aclose()

    assert tracker.closed.is_set()
    assert tracker.produced < SAFETY_LIMIT


def test_a_source_waiting_for_data_is_closed_when_the_client_goes(backend: Backend) -> None:
    tracker = Tracker()

    async def quiet() -> AsyncGenerator[str, None]:
        try:
            yield "hello\n"
            await anyio.sleep(30)  # nothing to send: only the disconnect can end it
            yield "too late\n"
        finally:
            tracker.closed.set()

    @get("/quiet")
    async def route() -> Stream:
        return Stream(quiet())

    with TestClient(App([route]), backend=backend) as client, client.stream("GET", "/quiet") as response:
        assert next(response.iter_lines()) == "hello"

    assert tracker.closed.wait(5)


@pytest.mark.parametrize("path", ["/endless-async", "/endless-sync"])
def test_a_client_going_away_is_not_logged_as_an_error(
    tracker: Tracker, backend: Backend, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    # A disconnect mid-stream is what clients do (a closed tab, a cancelled download): not a
    # server error. Several tries, as the source may be mid-send or between sends.
    app = stream_app(tracker)
    with caplog.at_level(logging.WARNING, logger="lanner"):
        for _ in range(5):
            with TestClient(app, backend=backend) as client, client.stream("GET", path) as response:
                lines = response.iter_lines()
                assert next(lines) == "0"

    assert [record.getMessage() for record in caplog.records if record.name == "lanner"] == []


class ClosingIterable:
    """An iterable (not an iterator) whose iterator is a generator: closing that runs `finally`."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def __iter__(self) -> Iterator[str]:
        return sync_numbers(SAFETY_LIMIT, self.tracker)  # type: ignore[return-value]  # bytes chunks


def test_the_iterator_of_an_iterable_is_closed_early(backend: Backend) -> None:
    tracker = Tracker()

    @get("/iterable")
    async def route() -> Stream:
        return Stream(ClosingIterable(tracker))

    with TestClient(App([route]), backend=backend) as client, client.stream("GET", "/iterable") as response:
        assert next(response.iter_lines()) == "0"

    assert tracker.closed.wait(5)


def test_stream_values_are_frozen() -> None:
    value = Stream(["x"])

    with pytest.raises(AttributeError):
        value.media_type = "text/plain"  # type: ignore[misc]  # the mistake under test


def test_a_media_type_with_cr_or_lf_is_refused_when_built() -> None:
    with pytest.raises(ValueError):
        Stream(["x"], media_type="text/plain\r\nX-Evil: 1")
