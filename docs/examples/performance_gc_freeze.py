import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from lanner import App, get


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, object]]:
    gc.collect()  # garbage from start-up is freed, not frozen
    gc.freeze()  # what start-up built is never walked again by a collection
    yield {}


@get("/ping")
async def ping() -> str:
    return "pong"


app = App([ping], lifespan=lifespan)
