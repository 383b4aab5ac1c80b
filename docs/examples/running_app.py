import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from lanner import App, Request, State, get

logger = logging.getLogger("myapp")


class Database:
    def __init__(self) -> None:
        self.connected = False

    async def connect(self) -> None:
        self.connected = True

    async def close(self) -> None:
        self.connected = False


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, object]]:
    db = Database()
    await db.connect()
    try:
        yield {"db": db}  # what State[T] parameters read, by name
    finally:
        await db.close()


def announce_start() -> None:
    logger.info("starting")


async def announce_stop() -> None:
    logger.info("stopped")


@get("/health")
async def health(db: State[Database]) -> dict[str, bool]:
    return {"database": db.connected}


@get("/where")
async def where(request: Request) -> dict[str, str]:
    return {"url": str(request.url), "base_url": str(request.base_url)}


app = App([health, where], lifespan=lifespan, on_startup=[announce_start], on_shutdown=[announce_stop])
