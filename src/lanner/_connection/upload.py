"""`UploadFile`: a file part of a multipart form, kept in memory up to 1 MiB, then on disk."""

from __future__ import annotations

from typing import IO, Final, final

import anyio.to_thread

from lanner._connection.datastructures import Headers
from lanner._compat import override

__all__ = ["UploadFile"]

SPOOL_SIZE: Final = 1024 * 1024


@final
class UploadFile:
    """An uploaded file: `filename`, `content_type`, `headers`, `size`, and async file methods.

    The content lives in memory up to 1 MiB and in a temporary file beyond; disk reads and
    writes happen in a worker thread. lanner closes it after the response is sent.
    """

    __slots__ = ("_file", "content_type", "filename", "headers", "size")

    def __init__(self, filename: str | None, content_type: str | None, headers: Headers) -> None:
        import tempfile  # only when a file is uploaded

        self.filename = filename
        self.content_type = content_type
        self.headers = headers
        self.size = 0
        self._file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)

    @property
    def _on_disk(self) -> bool:
        return self.size > SPOOL_SIZE

    async def write(self, data: bytes) -> None:
        """Append `data` (lanner does this while the body arrives)."""
        self.size += len(data)
        if self._on_disk:
            await anyio.to_thread.run_sync(self._file.write, data)
        else:
            self._file.write(data)

    async def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes from the current position (all of the rest by default)."""
        if self._on_disk:
            return await anyio.to_thread.run_sync(self._file.read, size)
        return self._file.read(size)

    async def seek(self, offset: int) -> int:
        """Move to byte `offset`; returns it."""
        if self._on_disk:
            return await anyio.to_thread.run_sync(self._file.seek, offset)
        return self._file.seek(offset)

    async def close(self) -> None:
        """Release the memory or the temporary file."""
        if self._on_disk:
            await anyio.to_thread.run_sync(self._file.close)
        else:
            self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed

    @override
    def __repr__(self) -> str:
        return f"UploadFile(filename={self.filename!r}, content_type={self.content_type!r}, size={self.size})"
