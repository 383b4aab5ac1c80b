"""`ServerSentEvent` and `SSEMessage`: the `text/event-stream` wire format, JSON data,
keep-alive pings when idle, the headers proxies need, and closing on disconnect."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import AsyncGenerator, Iterator
from typing import Literal

import anyio
import msgspec
import pytest

from lanner import App, MediaType, ServerSentEvent, SSEMessage, get
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]
SAFETY_LIMIT = 100_000


class Point(msgspec.Struct):
    x: int
    y: int


@dataclasses.dataclass
class Reading:
    sensor: str
    value: float


def events_of(*items: str | bytes | SSEMessage, ping_interval: float | None = None) -> App:
    @get("/events")
    async def events() -> ServerSentEvent:
        return ServerSentEvent(list(items), ping_interval=ping_interval)

    return App([events])


def wire(backend: Backend, *items: str | bytes | SSEMessage) -> str:
    return TestClient(events_of(*items), backend=backend).get("/events").text


# --- headers -----------------------------------------------------------------------------------


def test_the_headers_keep_proxies_from_buffering_or_caching(backend: Backend) -> None:
    response = TestClient(events_of("hi"), backend=backend).get("/events")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert response.headers["content-type"].startswith(MediaType.SSE.value)
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
    assert "content-length" not in response.headers


def test_headers_of_the_value_and_the_route_are_sent(backend: Backend) -> None:
    @get("/events", response_headers={"X-Layer": "route"})
    async def events() -> ServerSentEvent:
        return ServerSentEvent(["x"], headers={"X-Own": "value"})

    response = TestClient(App([events]), backend=backend).get("/events")

    assert (response.headers["x-layer"], response.headers["x-own"]) == ("route", "value")


def test_head_sends_the_headers_and_no_body(backend: Backend) -> None:
    response = TestClient(events_of("hi"), backend=backend).head("/events")

    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["cache-control"] == "no-cache"


# --- the wire format -----------------------------------------------------------------------------


def test_str_and_bytes_items_are_data(backend: Backend) -> None:
    assert wire(backend, "hello", b"bytes too") == "data: hello\n\ndata: bytes too\n\n"


def test_an_sse_message_with_every_field(backend: Backend) -> None:
    message = SSEMessage("payload", event="update", id="42", retry=3000, comment="a note")

    assert wire(backend, message) == ": a note\nevent: update\nid: 42\nretry: 3000\ndata: payload\n\n"


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ({"a": 1, "b": [True, None]}, 'data: {"a":1,"b":[true,null]}'),
        ([1, "two", 3.5], 'data: [1,"two",3.5]'),
        (Point(1, 2), 'data: {"x":1,"y":2}'),
        (Reading("t1", 21.5), 'data: {"sensor":"t1","value":21.5}'),
        (7, "data: 7"),
    ],
)
def test_structured_data_is_json(backend: Backend, data: object, line: str) -> None:
    assert wire(backend, SSEMessage(data)) == line + "\n\n"


def test_json_data_uses_the_routes_type_encoders(backend: Backend) -> None:
    class Money:
        def __init__(self, cents: int) -> None:
            self.cents = cents

    @get("/events", type_encoders={Money: lambda money: f"{money.cents / 100:.2f}"})
    async def events() -> ServerSentEvent:
        return ServerSentEvent([SSEMessage({"price": Money(250)})])

    assert TestClient(App([events]), backend=backend).get("/events").text == 'data: {"price":"2.50"}\n\n'


@pytest.mark.parametrize("text", ["one\ntwo\nthree", "one\r\ntwo\r\nthree", "one\rtwo\rthree"])
def test_multi_line_data_is_several_data_lines(backend: Backend, text: str) -> None:
    assert wire(backend, text) == "data: one\ndata: two\ndata: three\n\n"


def test_a_multi_line_message_data_is_several_data_lines(backend: Backend) -> None:
    assert wire(backend, SSEMessage("a\nb", event="e")) == "event: e\ndata: a\ndata: b\n\n"


def test_empty_data_is_one_empty_data_line(backend: Backend) -> None:
    assert wire(backend, "") == "data: \n\n"


def test_a_comment_only_message(backend: Backend) -> None:
    assert wire(backend, SSEMessage(comment="keep\nalive")) == ": keep\n: alive\n\n"


def test_an_event_without_data(backend: Backend) -> None:
    assert wire(backend, SSEMessage(event="reset", id="9")) == "event: reset\nid: 9\n\n"


@pytest.mark.parametrize("field", ["event", "id"])
@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\r\nevent: evil", "a\0b"])
def test_cr_lf_or_nul_in_event_or_id_is_refused(field: str, value: str) -> None:
    with pytest.raises(ValueError, match=field):
        SSEMessage("x", **{field: value})  # type: ignore[arg-type]  # event= or id=, both str


@pytest.mark.parametrize("retry", [-1, 1.5, "10"])
def test_retry_must_be_non_negative_milliseconds(retry: object) -> None:
    with pytest.raises(ValueError, match="retry"):
        SSEMessage("x", retry=retry)  # type: ignore[arg-type]  # the mistake under test


@pytest.mark.parametrize("interval", [0, -1.0])
def test_ping_interval_must_be_positive(interval: float) -> None:
    with pytest.raises(ValueError, match="ping_interval"):
        ServerSentEvent([], ping_interval=interval)


def test_the_default_ping_interval_is_15_seconds() -> None:
    assert ServerSentEvent([]).ping_interval == 15.0


def test_sse_values_are_frozen() -> None:
    message = SSEMessage("x")

    with pytest.raises(AttributeError):
        message.event = "y"  # type: ignore[misc]  # the mistake under test


def test_a_sync_generator_of_events(backend: Backend) -> None:
    threads: list[int] = []

    def countdown() -> Iterator[SSEMessage]:
        for number in (3, 2, 1):
            threads.append(threading.get_ident())
            yield SSEMessage(number, id=str(number))

    @get("/countdown")
    async def route() -> ServerSentEvent:
        threads.append(threading.get_ident())
        return ServerSentEvent(countdown())

    text = TestClient(App([route]), backend=backend).get("/countdown").text

    assert text == "id: 3\ndata: 3\n\nid: 2\ndata: 2\n\nid: 1\ndata: 1\n\n"
    assert threads[0] not in threads[1:]  # stepped off the event loop


def test_a_callable_returning_a_generator(backend: Backend) -> None:
    async def ticks() -> AsyncGenerator[str, None]:
        yield "tick"
        yield "tock"

    @get("/ticks")
    async def route() -> ServerSentEvent:
        return ServerSentEvent(ticks)

    assert TestClient(App([route]), backend=backend).get("/ticks").text == "data: tick\n\ndata: tock\n\n"


# --- keep-alive -------------------------------------------------------------------------------


def test_idle_streams_get_ping_comments(backend: Backend) -> None:
    async def slow() -> AsyncGenerator[str, None]:
        yield "first"
        await anyio.sleep(0.35)
        yield "second"

    @get("/slow")
    async def route() -> ServerSentEvent:
        return ServerSentEvent(slow(), ping_interval=0.1)

    text = TestClient(App([route]), backend=backend).get("/slow").text

    first, _, rest = text.partition("data: first\n\n")
    pings, _, last = rest.partition("data: second\n\n")
    assert (first, last) == ("", "")
    assert pings.count(": ping\n\n") >= 2
    assert pings == ": ping\n\n" * pings.count(": ping\n\n")  # whole comment lines, nothing else


def test_a_busy_stream_sends_no_pings(backend: Backend) -> None:
    @get("/busy")
    async def route() -> ServerSentEvent:
        return ServerSentEvent([str(number) for number in range(50)], ping_interval=0.5)

    text = TestClient(App([route]), backend=backend).get("/busy").text

    assert ": ping" not in text
    assert text.count("data: ") == 50


def test_no_pings_when_turned_off(backend: Backend) -> None:
    async def slow() -> AsyncGenerator[str, None]:
        yield "first"
        await anyio.sleep(0.25)
        yield "second"

    @get("/slow")
    async def route() -> ServerSentEvent:
        return ServerSentEvent(slow(), ping_interval=None)

    assert TestClient(App([route]), backend=backend).get("/slow").text == "data: first\n\ndata: second\n\n"


def test_a_ping_does_not_interrupt_a_slow_event(backend: Backend) -> None:
    # The source is never cancelled mid-step by the ping timer: its event arrives whole.
    steps: list[str] = []

    async def slow() -> AsyncGenerator[str, None]:
        steps.append("start")
        await anyio.sleep(0.3)
        steps.append("done waiting")
        yield "made it"

    @get("/slow")
    async def route() -> ServerSentEvent:
        return ServerSentEvent(slow(), ping_interval=0.05)

    text = TestClient(App([route]), backend=backend).get("/slow").text

    assert text.endswith("data: made it\n\n")
    assert steps == ["start", "done waiting"]


# --- endless streams and disconnects ---------------------------------------------------------


class Ended:
    def __init__(self) -> None:
        self.event = threading.Event()
        self.sent = 0


def endless_app(ended: Ended, ping_interval: float | None) -> App:
    async def clock() -> AsyncGenerator[SSEMessage, None]:
        try:
            for number in range(SAFETY_LIMIT):
                ended.sent += 1
                yield SSEMessage({"tick": number}, event="tick", id=str(number))
                await anyio.sleep(0.001)
        finally:
            ended.event.set()

    @get("/clock")
    async def route() -> ServerSentEvent:
        return ServerSentEvent(clock(), ping_interval=ping_interval)

    return App([route])


@pytest.mark.parametrize("ping_interval", [None, 15.0])
def test_reading_the_first_events_of_an_endless_stream_and_closing_it(
    backend: Backend, ping_interval: float | None
) -> None:
    ended = Ended()
    lines: list[str] = []

    with TestClient(endless_app(ended, ping_interval), backend=backend) as client:
        with client.stream("GET", "/clock") as response:
            for line in response.iter_lines():
                lines.append(line)
                if len(lines) == 8:
                    break

    assert lines == [
        "event: tick",
        "id: 0",
        'data: {"tick":0}',
        "",
        "event: tick",
        "id: 1",
        'data: {"tick":1}',
        "",
    ]
    assert ended.event.wait(5)
    assert ended.sent < SAFETY_LIMIT


async def test_reading_the_first_events_with_the_async_client() -> None:
    ended = Ended()
    data: list[str] = []

    async with AsyncTestClient(endless_app(ended, 15.0)) as client, client.stream("GET", "/clock") as response:
        async for line in response.aiter_lines():
            if line.startswith("data: "):
                data.append(line)
            if len(data) == 3:
                await response.aclose()

    assert data == ['data: {"tick":0}', 'data: {"tick":1}', 'data: {"tick":2}']
    assert ended.event.is_set()
    assert ended.sent < SAFETY_LIMIT


def test_an_idle_stream_is_closed_when_the_client_goes(backend: Backend) -> None:
    ended = Ended()

    async def idle() -> AsyncGenerator[str, None]:
        try:
            yield "hello"
            await anyio.sleep(30)
            yield "never"
        finally:
            ended.event.set()

    @get("/idle")
    async def route() -> ServerSentEvent:
        return ServerSentEvent(idle(), ping_interval=0.05)

    with TestClient(App([route]), backend=backend) as client, client.stream("GET", "/idle") as response:
        lines = response.iter_lines()
        assert next(lines) == "data: hello"
        assert next(lines) == ""
        assert next(lines) == ": ping"  # the connection is kept alive while nothing happens

    assert ended.event.wait(5)
