from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from lanner import App, get


async def connect_to_database() -> None:
    raise ConnectionError("database is unreachable")


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[None]:
    await connect_to_database()
    yield


@get("/health")
async def health() -> str:
    return "ok"


app = App([health], lifespan=lifespan)
