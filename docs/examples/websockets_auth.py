from collections.abc import AsyncIterator
from typing import Annotated

import msgspec

from lanner import App, Extract, NotAuthorized, Query, WebSocket, websocket

TOKENS = {"ada-token": "ada"}
OPEN_FEEDS: list[str] = []


class User(msgspec.Struct, frozen=True):
    name: str


async def current_user(token: Query[str]) -> User:
    # Browsers cannot set headers on a WebSocket: the token comes in the query string.
    name = TOKENS.get(token)
    if name is None:
        raise NotAuthorized("Unknown token")
    return User(name)


async def feed(user: Annotated[User, Extract(current_user)]) -> AsyncIterator[str]:
    OPEN_FEEDS.append(user.name)
    try:
        yield f"feed of {user.name}"
    finally:
        OPEN_FEEDS.remove(user.name)  # runs once the connection is over


@websocket("/notifications")
async def notifications(
    ws: WebSocket,
    user: Annotated[User, Extract(current_user)],
    source: Annotated[str, Extract(feed)],
) -> None:
    await ws.accept()
    await ws.send_json({"user": user, "source": source})
    async for _ in ws.iter_data():
        await ws.send_json({"unread": 0})


app = App([notifications])
