# Types for the parts of defnull's `multipart` (2.x) that lanner uses; the package ships none.
from collections.abc import Generator

class MultipartError(ValueError):
    http_status: int

class ParserError(MultipartError): ...
class StrictParserError(ParserError): ...
class ParserLimitReached(MultipartError): ...
class ParserStateError(MultipartError): ...

class MultipartSegment:
    headerlist: list[tuple[str, str]]
    disposition: str | None
    name: str | None
    filename: str | None
    content_type: str | None
    charset: str | None
    bytes_received: int
    complete: bool
    @property
    def size(self) -> int: ...
    def header(self, name: str, default: str | None = None) -> str | None: ...

class PushMultipartParser:
    closed: bool
    def __init__(
        self,
        boundary: str | bytes | bytearray,
        content_length: int = -1,
        max_header_size: int = 4224,
        max_header_count: int = 8,
        max_segment_size: float = ...,
        max_segment_count: float = ...,
        header_charset: str = "utf8",
        strict: bool = False,
    ) -> None: ...
    def parse(self, chunk: bytes | bytearray) -> Generator[MultipartSegment | bytes | None, None, None]: ...
    def close(self, check_complete: bool = True) -> None: ...

def parse_options_header(header: str, options: dict[str, str] | None = None) -> tuple[str, dict[str, str]]: ...
