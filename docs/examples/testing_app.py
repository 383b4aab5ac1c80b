from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import msgspec

from lanner import ASGIApp, App, Extract, Header, NotAuthorized, Receive, Scope, Send, State, get


class User(msgspec.Struct, frozen=True):
    name: str


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, object]]:
    yield {"greeting": "Hello"}


async def current_user(authorization: Header[str]) -> User:
    if authorization != "Bearer ada-token":
        raise NotAuthorized("Unknown token")
    return User(name="ada")


@get("/greeting")
async def greeting(greeting: State[str]) -> str:
    return greeting


@get("/me")
async def me(user: Annotated[User, Extract(current_user)]) -> User:
    return user


@get("/numbers")
async def numbers() -> ASGIApp:
    async def stream(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for n in range(3):
            await send({"type": "http.response.body", "body": f"{n}\n".encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    return stream


@get("/crash")
async def crash() -> str:
    raise RuntimeError("bug in the handler")


app = App([greeting, me, numbers, crash], lifespan=lifespan)
