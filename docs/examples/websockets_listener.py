from typing import Annotated

import msgspec

from lanner import App, NotFound, Path, Query, WebSocket, websocket_listener

ROOMS = {"lobby", "garden"}
PRESENT: set[str] = set()


class Chat(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=280)]


class Said(msgspec.Struct, frozen=True):
    room: str
    nick: str
    text: str


async def arrive(ws: WebSocket, nick: Query[str]) -> None:
    PRESENT.add(nick)
    await ws.send_text(f"Welcome, {nick}")


def leave(nick: Query[str]) -> None:
    PRESENT.discard(nick)


@websocket_listener("/rooms/{room}", on_accept=arrive, on_disconnect=leave)
async def say(message: Chat, room: Path[str], nick: Query[str]) -> Said:
    if room not in ROOMS:
        raise NotFound(f"There is no room {room!r}")
    return Said(room=room, nick=nick, text=message.text)


app = App([say])
