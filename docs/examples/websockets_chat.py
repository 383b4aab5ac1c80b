from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated

import anyio
import msgspec
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from lanner import App, Path, Query, State, WebSocket, websocket


class Chat(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class Said(msgspec.Struct, frozen=True):
    nick: str
    text: str


class Rooms:
    """Who is in which room: one memory object stream per connected client."""

    def __init__(self) -> None:
        self._members: dict[str, set[MemoryObjectSendStream[Said]]] = {}

    @contextmanager
    def join(self, room: str, nick: str) -> Iterator[MemoryObjectReceiveStream[Said]]:
        send, receive = anyio.create_memory_object_stream[Said](max_buffer_size=100)
        members = self._members.setdefault(room, set())
        members.add(send)
        self.broadcast(room, Said("lanner", f"{nick} joined"))
        try:
            yield receive
        finally:
            members.discard(send)
            send.close()
            receive.close()
            self.broadcast(room, Said("lanner", f"{nick} left"))

    def broadcast(self, room: str, said: Said) -> None:
        for member in self._members.get(room, ()):
            try:
                member.send_nowait(said)
            except anyio.WouldBlock:
                pass  # a client too slow to keep up misses messages; the room does not wait


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, object]]:
    yield {"rooms": Rooms()}  # one Rooms for the whole app, read with State[Rooms]


async def forward(inbox: MemoryObjectReceiveStream[Said], ws: WebSocket) -> None:
    async for said in inbox:
        await ws.send_json(said)


@websocket("/chat/{room}")
async def chat(ws: WebSocket, room: Path[str], nick: Query[str], rooms: State[Rooms]) -> None:
    await ws.accept()
    with rooms.join(room, nick) as inbox:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(forward, inbox, ws)  # the room's messages, out to this client
            async for message in ws.iter_json(Chat):  # this client's messages, into the room
                rooms.broadcast(room, Said(nick, message.text))
            tasks.cancel_scope.cancel()  # the client left: stop forwarding


app = App([chat], lifespan=lifespan)
