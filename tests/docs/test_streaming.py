"""docs/streaming.md: the Stream and server-sent event examples, read as a client would."""

from __future__ import annotations

import datetime
import json
from typing import Literal

from docs.examples import streaming_sse, streaming_stream
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]


# --- streaming_stream ------------------------------------------------------------------------


def test_the_clock_streams_json_lines_until_the_client_leaves(backend: Backend) -> None:
    times: list[datetime.datetime] = []

    with TestClient(streaming_stream.app, backend=backend) as client:
        with client.stream("GET", "/time", params={"interval": 0.01}) as response:
            assert response.headers["content-type"] == "application/x-ndjson"
            for line in response.iter_lines():
                times.append(datetime.datetime.fromisoformat(json.loads(line)["current_time"]))
                if len(times) == 3:
                    break

    assert times == sorted(times)
    assert all(moment.tzinfo is not None for moment in times)


def test_the_csv_download(backend: Backend) -> None:
    response = TestClient(streaming_stream.app, backend=backend).get("/squares.csv", params={"count": 3})

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="squares.csv"'
    assert response.text == "number,square\n1,1\n2,4\n3,9\n"


# --- streaming_sse ---------------------------------------------------------------------------


def test_count_sends_ten_events(backend: Backend) -> None:
    response = TestClient(streaming_sse.app, backend=backend).get("/count")

    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
    assert response.text == "".join(f"data: {count}\n\n" for count in range(1, 11))


def test_the_price_feed_first_events(backend: Backend) -> None:
    lines: list[str] = []

    with TestClient(streaming_sse.app, backend=backend) as client:
        with client.stream("GET", "/prices", params={"every": 0.01}) as response:
            for line in response.iter_lines():
                lines.append(line)
                if len(lines) == 11:
                    break

    assert lines == [
        ": prices for ACME",
        "retry: 5000",
        "",
        "event: price",
        "id: 1",
        'data: {"symbol":"ACME","price":100.01}',
        "",
        "event: price",
        "id: 2",
        'data: {"symbol":"ACME","price":100.02}',
        "",
    ]


async def test_the_price_feed_with_the_async_client() -> None:
    prices: list[float] = []

    async with AsyncTestClient(streaming_sse.app) as client:
        async with client.stream("GET", "/prices", params={"every": 0.01}) as response:
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    prices.append(json.loads(line.removeprefix("data: "))["price"])
                if len(prices) == 3:
                    await response.aclose()

    assert prices == [100.01, 100.02, 100.03]
