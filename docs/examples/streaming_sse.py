from collections.abc import AsyncIterator

import anyio
import msgspec

from lanner import App, Query, ServerSentEvent, SSEMessage, get


async def count_up() -> AsyncIterator[str]:
    for count in range(1, 11):
        await anyio.sleep(0.01)
        yield str(count)  # each item is one event: "data: 1"


@get("/count")
async def count() -> ServerSentEvent:
    return ServerSentEvent(count_up())


class Price(msgspec.Struct):
    symbol: str
    price: float


async def prices(every: float) -> AsyncIterator[SSEMessage]:
    tick = 0
    yield SSEMessage(comment="prices for ACME", retry=5_000)  # reconnect after 5 s if cut
    while True:
        tick += 1
        yield SSEMessage(Price("ACME", 100 + tick / 100), event="price", id=str(tick))
        await anyio.sleep(every)


@get("/prices")
async def price_feed(every: Query[float] = 1.0) -> ServerSentEvent:
    return ServerSentEvent(prices(every), ping_interval=15)


app = App([count, price_feed])
