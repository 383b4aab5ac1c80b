from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import msgspec

from lanner import App, Path, State, get


class Settings(msgspec.Struct, frozen=True):
    greeting: str


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, object]]:
    yield {"settings": Settings(greeting="Hello")}


@get("/greet/{name}")
async def greet(name: Path[str], settings: State[Settings]) -> str:
    return f"{settings.greeting}, {name}!"


app = App([greet], lifespan=lifespan)
