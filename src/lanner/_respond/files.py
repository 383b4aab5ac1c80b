"""`File`: a file from disk, with the conditional and range requests clients rely on.

A file is stat'ed and read off the event loop, in chunks (memory stays flat whatever its
size), or handed to the server with `http.response.pathsend` when it offers that. Missing
or unreadable files are a 404 whose body never names the path.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Literal, final
from urllib.parse import quote

import anyio
import anyio.to_thread
import msgspec

from lanner._errors import NotFound, check_header_text
from lanner._layers import DEFAULT_MAX_RANGES
from lanner._respond.httpdate import http_date
from lanner._respond.mediatypes import guess_media_type
from lanner._respond.ranges import ByteRange, parse_ranges, if_range_holds, modified_since
from lanner._respond.values import ETag
from lanner._types import Receive, Scope, Send

__all__ = ["File"]

DEFAULT_CHUNK_SIZE: Final = 64 * 1024


class _FilePath(msgspec.Struct, frozen=True):
    path: str | os.PathLike[str]


@final
class File(_FilePath, frozen=True, kw_only=True):
    """Send the file at `path`: exactly that file, nothing it might point outside of.

    `filename` (default: the file's name) goes into `Content-Disposition` (RFC 6266, with an
    RFC 5987 `filename*` for non-ASCII names); `content_disposition_type` is "attachment" or
    "inline". The media type is guessed from the name by a fixed table unless given. `etag`
    replaces the one computed from the file's size and modification time; `stat_result`
    saves a stat when you have one.

    >>> File("report.pdf", filename="Q3 report.pdf").content_disposition()
    'attachment; filename="Q3 report.pdf"'
    """

    filename: str | None = None
    media_type: str | None = None
    content_disposition_type: Literal["attachment", "inline"] = "attachment"
    chunk_size: int = DEFAULT_CHUNK_SIZE
    etag: ETag | None = None
    stat_result: os.stat_result | None = None
    headers: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if "\0" in os.fspath(self.path):
            raise ValueError("a file path cannot hold NUL")
        if self.filename is not None:
            check_header_text("file name", self.filename)
        if self.media_type is not None:
            check_header_text("media type", self.media_type)
        if self.content_disposition_type not in ("attachment", "inline"):
            raise ValueError(f'content_disposition_type is "attachment" or "inline", got {self.content_disposition_type!r}')
        if type(self.chunk_size) is not int or self.chunk_size <= 0:
            raise ValueError(f"chunk_size must be a positive int, got {self.chunk_size!r}")

    @classmethod
    def in_directory(cls, directory: str | os.PathLike[str], relative: str, **options: object) -> File:
        """The file at `relative` inside `directory`, or `NotFound` if it would be outside.

        For paths built from the request: `..`, absolute paths and symlinks that lead out of
        `directory` all answer 404, never another file.
        """
        if "\0" in relative:
            raise NotFound("File not found")  # before resolve(), which refuses NUL with a ValueError
        root = Path(directory).resolve()
        target = (root / relative.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            raise NotFound("File not found")
        return cls(target, **options)  # type: ignore[arg-type]  # the caller's keyword options

    def content_disposition(self) -> str:
        """The `Content-Disposition` value: a quoted ASCII name, plus `filename*` if needed."""
        name = self.filename if self.filename is not None else Path(self.path).name
        ascii_name = name.encode("ascii", "replace").decode().replace("\\", "\\\\").replace('"', '\\"')
        value = f'{self.content_disposition_type}; filename="{ascii_name}"'
        if not name.isascii():
            value += f"; filename*=UTF-8''{quote(name, safe='')}"
        return value


_NOT_FOUND: Final = "File not found"


async def send_file(
    value: File,
    scope: Scope,
    receive: Receive,
    send: Send,
    base_headers: list[tuple[bytes, bytes]],
    head: bool,
    max_ranges: int = DEFAULT_MAX_RANGES,
) -> None:
    """Answer with `value`: 200, 206 (ranges), 304 (not modified), 416, or 404 if unreadable."""
    path = os.path.abspath(value.path)
    info = value.stat_result
    if info is None:
        try:
            info = await anyio.to_thread.run_sync(os.stat, path)
        except (OSError, ValueError):
            raise NotFound(_NOT_FOUND) from None
    if not stat.S_ISREG(info.st_mode):
        raise NotFound(_NOT_FOUND)
    size = info.st_size
    etag = value.etag or ETag(f"{info.st_mtime_ns:x}-{size:x}")
    last_modified = http_date(datetime.fromtimestamp(int(info.st_mtime), UTC))
    media_type = value.media_type or guess_media_type(value.filename or path)
    headers = [
        (b"content-type", media_type.encode("latin-1")),
        (b"accept-ranges", b"bytes"),
        (b"last-modified", last_modified.encode()),
        (b"etag", etag.to_header().encode()),
        (b"content-disposition", value.content_disposition().encode("latin-1")),
        *base_headers,
        *((name.lower().encode("latin-1"), text.encode("latin-1")) for name, text in (value.headers or {}).items()),
    ]
    request = {name.decode(): text.decode("latin-1") for name, text in scope["headers"] if name in _CONDITIONAL}
    if scope["method"] in ("GET", "HEAD") and _not_modified(request, etag, info.st_mtime):
        kept = [pair for pair in headers if pair[0] in (b"etag", b"last-modified", b"cache-control")]
        await _send_whole(send, 304, kept, b"")
        return
    ranges = None
    if "range" in request and scope["method"] == "GET":
        if "if-range" not in request or if_range_holds(request["if-range"], etag, info.st_mtime):
            ranges = parse_ranges(request["range"], size, max_ranges)
    if isinstance(ranges, str):  # "unsatisfiable"
        kept = [pair for pair in headers if pair[0] in (b"accept-ranges", b"etag", b"last-modified")]
        await _send_whole(send, 416, [*kept, (b"content-range", f"bytes */{size}".encode())], b"")
        return
    # Opened before the answer starts: a file that stats but cannot be read is still a 404.
    file = await _open(path)
    try:
        if not ranges:
            headers.append((b"content-length", str(size).encode()))
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            if head:
                await send({"type": "http.response.body", "body": b""})
            elif "http.response.pathsend" in scope.get("extensions", {}):
                await send({"type": "http.response.pathsend", "path": path})
            else:
                await _send_parts(send, file, [(None, 0, size)], value.chunk_size)
            return
        await _send_ranges(send, file, headers, ranges, size, media_type, value.chunk_size, head)
    finally:
        with anyio.CancelScope(shield=True):
            await file.aclose()


async def _open(path: str) -> anyio.AsyncFile[bytes]:
    try:
        return await anyio.open_file(path, "rb")
    except (OSError, ValueError):
        raise NotFound(_NOT_FOUND) from None


_CONDITIONAL: Final = frozenset({b"if-none-match", b"if-modified-since", b"range", b"if-range"})


def _not_modified(request: dict[str, str], etag: ETag, mtime: float) -> bool:
    # RFC 9110 §13.2.2: If-None-Match, when present, decides alone.
    if "if-none-match" in request:
        return etag.matches(request["if-none-match"])
    if "if-modified-since" in request:
        return not modified_since(request["if-modified-since"], mtime)
    return False


async def _send_whole(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    if status not in (204, 304):
        headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_ranges(
    send: Send,
    file: anyio.AsyncFile[bytes],
    headers: list[tuple[bytes, bytes]],
    ranges: list[ByteRange],
    size: int,
    media_type: str,
    chunk_size: int,
    head: bool,
) -> None:
    headers = [pair for pair in headers if pair[0] != b"content-type"]
    if len(ranges) == 1:
        start, end = ranges[0]
        headers += [
            (b"content-type", media_type.encode("latin-1")),
            (b"content-range", f"bytes {start}-{end - 1}/{size}".encode()),
            (b"content-length", str(end - start).encode()),
        ]
        parts: list[tuple[bytes | None, int, int]] = [(None, start, end)]
        closing = b""
    else:
        boundary = os.urandom(12).hex()
        parts = [
            (
                f"--{boundary}\r\nContent-Type: {media_type}\r\nContent-Range: bytes {start}-{end - 1}/{size}\r\n\r\n".encode(),
                start,
                end,
            )
            for start, end in ranges
        ]
        closing = f"\r\n--{boundary}--\r\n".encode()
        length = sum(len(preamble or b"") + end - start for preamble, start, end in parts)
        length += 2 * (len(parts) - 1) + len(closing)  # "\r\n" between parts
        headers += [
            (b"content-type", f"multipart/byteranges; boundary={boundary}".encode()),
            (b"content-length", str(length).encode()),
        ]
    await send({"type": "http.response.start", "status": 206, "headers": headers})
    if head:
        await send({"type": "http.response.body", "body": b""})
        return
    await _send_parts(send, file, parts, chunk_size, closing)


async def _send_parts(
    send: Send,
    file: anyio.AsyncFile[bytes],
    parts: list[tuple[bytes | None, int, int]],
    chunk_size: int,
    closing: bytes = b"",
) -> None:
    """Read each (preamble, start, end) part of the file in chunks and send it."""
    try:
        for index, (preamble, start, end) in enumerate(parts):
            if preamble is not None:
                separator = b"\r\n" if index else b""
                await send({"type": "http.response.body", "body": separator + preamble, "more_body": True})
            await file.seek(start)
            remaining = end - start
            while remaining > 0:
                chunk = await file.read(min(chunk_size, remaining))
                if not chunk:
                    return  # the file shrank while being sent: leave the answer incomplete
                remaining -= len(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": closing, "more_body": False})
    except OSError:
        pass  # the client went away (send raises), or the disk failed mid-read
