import datetime
from collections.abc import AsyncIterator, Iterator

import anyio
import msgspec

from lanner import App, Query, Stream, get


async def clock(interval: float) -> AsyncIterator[bytes]:
    while True:  # endless: lanner closes the generator when the client goes away
        yield msgspec.json.encode({"current_time": datetime.datetime.now(datetime.UTC)}) + b"\n"
        await anyio.sleep(interval)


@get("/time")
async def stream_time(interval: Query[float] = 1.0) -> Stream:
    return Stream(clock(interval), media_type="application/x-ndjson")


def csv_rows(count: int) -> Iterator[str]:
    # A sync generator (a database cursor, say): lanner steps it in a worker thread.
    yield "number,square\n"
    for number in range(1, count + 1):
        yield f"{number},{number * number}\n"


@get("/squares.csv")
async def squares(count: Query[int] = 10) -> Stream:
    return Stream(
        csv_rows(count),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="squares.csv"'},
    )


app = App([stream_time, squares])
