"""A small app for tests/server/test_files_streams_servers.py: files, streams, SSE, uploads.

Served in a subprocess by uvicorn (`python -m lanner run tests.server.files_streams_app:app`)
and by granian (`python -m granian --interface asgi tests.server.files_streams_app:app`, which
offers `http.response.pathsend`). The test gives it a directory in `LANNER_TEST_DIR`: files
are served from `files/` there, and every endless stream writes `markers/<token>` in its
`finally`, so the test can see from outside that the stream was closed.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import anyio
import anyio.lowlevel
import msgspec

from lanner import (
    App,
    ASGIApp,
    File,
    Form,
    Message,
    Path,
    Query,
    Receive,
    Scope,
    Send,
    ServerSentEvent,
    SSEMessage,
    Stream,
    UploadFile,
    get,
    post,
)

# Endless streams give up after this many chunks, so a stray one cannot hold up the server.
SAFETY_LIMIT = 20_000
MiB = 1024 * 1024


SENT: Counter[str] = Counter()
"""How many messages of each type the app has sent (one worker: the whole server's count)."""


def count_sent_messages(app: ASGIApp) -> ASGIApp:
    """Middleware: tells the test whether files left as chunks or as `http.response.pathsend`."""

    async def counted(scope: Scope, receive: Receive, send: Send) -> None:
        async def counting(message: Message) -> None:
            SENT[str(message["type"])] += 1
            await send(message)

        await app(scope, receive, counting)

    return counted


def _directory() -> pathlib.Path:
    # Read per request: importing the module (pytest collects it for doctests) needs no setup.
    return pathlib.Path(os.environ["LANNER_TEST_DIR"])


def _mark_closed(token: str) -> None:
    markers = _directory() / "markers"
    markers.mkdir(exist_ok=True)
    (markers / token).write_text("closed")


@get("/health")
async def health() -> str:
    return "ok"


@get("/sent")
async def sent() -> dict[str, int]:
    return dict(SENT)


@get("/files/{name:path}")
async def files(name: Path[str]) -> File:
    return File.in_directory(_directory() / "files", name)


async def _numbers(count: int) -> AsyncIterator[str]:
    for number in range(count):
        yield f"{number}\n"
        await anyio.lowlevel.checkpoint()


@get("/numbers")
async def numbers(count: Query[int] = 10) -> Stream:
    return Stream(_numbers(count), media_type="text/plain")


async def _endless(token: str) -> AsyncIterator[bytes]:
    try:
        for number in range(SAFETY_LIMIT):
            yield f"{number:08d}\n".encode() * 128  # 1,152 bytes
            await anyio.sleep(0.005)
    finally:
        _mark_closed(token)


def _endless_sync(token: str) -> Iterator[bytes]:
    import time

    try:
        for number in range(SAFETY_LIMIT):
            yield f"{number:08d}\n".encode() * 128
            time.sleep(0.005)
    finally:
        _mark_closed(token)


@get("/endless/{token}")
async def endless(token: Path[str]) -> Stream:
    return Stream(_endless(token))


@get("/endless-sync/{token}")
async def endless_sync(token: Path[str]) -> Stream:
    return Stream(_endless_sync(token))


async def _ticks(token: str) -> AsyncIterator[SSEMessage]:
    try:
        for number in range(SAFETY_LIMIT):
            yield SSEMessage({"tick": number}, event="tick", id=str(number))
            await anyio.sleep(0.01)
    finally:
        _mark_closed(token)


@get("/sse/{token}")
async def sse(token: Path[str]) -> ServerSentEvent:
    return ServerSentEvent(_ticks(token), ping_interval=1.0)


class Upload(msgspec.Struct):
    file: UploadFile
    note: str = ""


class Received(msgspec.Struct):
    filename: str | None
    size: int
    sha256: str
    note: str


@post("/upload", status_code=200, request_max_body_size=512 * MiB)
async def upload(form: Form[Upload]) -> Received:
    hasher = hashlib.sha256()
    while chunk := await form.file.read(MiB):
        hasher.update(chunk)
    return Received(form.file.filename, form.file.size, hasher.hexdigest(), form.note)


app = App([health, sent, files, numbers, endless, endless_sync, sse, upload], middleware=[count_sent_messages])
