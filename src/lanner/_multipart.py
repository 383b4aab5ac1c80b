"""Read a form body as it arrives: multipart (defnull's `multipart` parser) or urlencoded.

Limits are enforced while reading, never after buffering: the body limit by the chunk
source, `max_part_size` per non-file value and per part's headers, `max_fields` and
`max_files` by count. Files go to `UploadFile`s the caller closes after the response.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Final

import msgspec

from lanner._connection.datastructures import Headers
from lanner._connection.parsing import parse_query_string
from lanner._connection.upload import UploadFile
from lanner._errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

__all__ = ["FormLimits", "FormPairs", "read_form"]

FormPairs = list[tuple[str, str | UploadFile]]

URLENCODED: Final = "application/x-www-form-urlencoded"
MULTIPART: Final = "multipart/form-data"


class FormLimits(msgspec.Struct, frozen=True):
    """A route's form limits (layered options `max_fields`, `max_files`, `max_part_size`)."""

    max_fields: int = 1000
    max_files: int = 100
    max_part_size: int = 1024 * 1024


async def read_form(
    media_type: str,
    params: dict[str, str],
    chunks: AsyncIterator[bytes],
    limits: FormLimits,
    uploads: list[UploadFile],
) -> FormPairs:
    """The fields of a form body, in order; 415 for a body that is not a form."""
    if media_type == URLENCODED:
        body = b"".join([chunk async for chunk in chunks])
        try:
            pairs = parse_query_string(body, limits.max_fields)
        except BadRequest:
            raise BadRequest(f"Too many form fields (more than {limits.max_fields})") from None
        for name, value in pairs:
            if len(value) > limits.max_part_size:
                raise PayloadTooLarge(f'Form field "{name}" is larger than {limits.max_part_size} bytes')
        return list(pairs)
    if media_type == MULTIPART:
        boundary = params.get("boundary")
        if not boundary:
            raise BadRequest("A multipart/form-data body needs a boundary parameter in its Content-Type")
        return await _read_multipart(boundary, chunks, limits, uploads)
    raise UnsupportedMediaType(
        f"Content-Type {media_type or '(none)'} is not a form; send {URLENCODED} or {MULTIPART}"
    )


async def _read_multipart(
    boundary: str, chunks: AsyncIterator[bytes], limits: FormLimits, uploads: list[UploadFile]
) -> FormPairs:
    import multipart  # only when a multipart body arrives

    parser = multipart.PushMultipartParser(boundary, max_header_size=limits.max_part_size, max_header_count=16)
    pairs: FormPairs = []
    reading = _PartReader(limits, uploads, pairs)
    try:
        async for chunk in chunks:
            if chunk:
                for event in parser.parse(chunk):
                    await reading.take(event)
        for event in parser.parse(b""):  # the end of the input
            await reading.take(event)
        parser.close()
    except multipart.ParserLimitReached as exc:
        raise PayloadTooLarge(f"Multipart part headers are larger than {limits.max_part_size} bytes") from exc
    except multipart.MultipartError as exc:
        raise BadRequest(f"Malformed multipart body: {exc}") from None
    return pairs


class _PartReader:
    """Turns the parser's events into form pairs, counting and bounding as they come."""

    __slots__ = ("_files", "_limits", "_name", "_pairs", "_text", "_upload", "_uploads")

    def __init__(self, limits: FormLimits, uploads: list[UploadFile], pairs: FormPairs) -> None:
        self._limits, self._uploads, self._pairs = limits, uploads, pairs
        self._files = 0
        self._name = ""
        self._text: bytearray | None = None
        self._upload: UploadFile | None = None

    async def take(self, event: object) -> None:
        import multipart

        if isinstance(event, multipart.MultipartSegment):
            self._start(event)
        elif isinstance(event, bytes):
            if self._upload is not None:
                await self._upload.write(event)
            elif self._text is not None:
                self._text += event
                if len(self._text) > self._limits.max_part_size:
                    raise PayloadTooLarge(f'Form field "{self._name}" is larger than {self._limits.max_part_size} bytes')
        elif event is None:
            await self._end()

    def _start(self, segment: object) -> None:
        import multipart

        assert isinstance(segment, multipart.MultipartSegment)
        if len(self._pairs) >= self._limits.max_fields:
            raise BadRequest(f"Too many form fields (more than {self._limits.max_fields})")
        if segment.name is None:
            raise BadRequest("A multipart part has no name in its Content-Disposition")
        self._name = segment.name
        if segment.filename is None:
            self._text, self._upload = bytearray(), None
            return
        self._files += 1
        if self._files > self._limits.max_files:
            raise BadRequest(f"Too many files (more than {self._limits.max_files})")
        headers = Headers.from_mapping(segment.headerlist)
        self._upload = UploadFile(segment.filename, segment.content_type, headers)
        self._uploads.append(self._upload)
        self._text = None

    async def _end(self) -> None:
        if self._upload is not None:
            await self._upload.seek(0)  # handlers read from the start
            self._pairs.append((self._name, self._upload))
            self._upload = None
            return
        try:
            text = bytes(self._text or b"").decode()
        except UnicodeDecodeError:
            raise BadRequest(f'Form field "{self._name}" is not valid UTF-8') from None
        self._pairs.append((self._name, text))
        self._text = None
