"""Whatever bytes a client sends, no parser raises (except the query limit's 400)."""

from __future__ import annotations

import random

import pytest

from lanner._connection.accept import Accept
from lanner._connection.datastructures import Headers, MultiDict
from lanner._connection.parsing import (
    normalize_host,
    parse_content_type,
    parse_cookie_header,
    parse_query_string,
)
from lanner._connection.url import URL

# Bytes that break naive parsers: separators, quotes, escapes, NUL, controls, non-UTF-8.
_ALPHABET = b'\x00\x01\t\n\r "%+,/:;=?@[\\]#&*abcQ019\x7f\x80\xc3\xa9\xed\xa0\x80\xff'


def _samples(count: int = 300) -> list[bytes]:
    rng = random.Random(20240601)
    return [
        bytes(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 40))) for _ in range(count)
    ]


@pytest.mark.parametrize("data", _samples())
def test_no_parser_raises_on_hostile_bytes(data: bytes) -> None:
    text = data.decode("latin-1")
    MultiDict(parse_query_string(data))
    parse_cookie_header(text)
    parse_content_type(text)
    normalize_host(text)
    accept = Accept(text)
    accept.best_match(["application/json", "text/html"])
    headers = Headers([(data.lower(), data)])
    assert list(headers.items()) == [(text.lower(), text)]
    scope = {
        "type": "http",
        "path": data.decode("utf-8", "surrogateescape"),
        "raw_path": b"/" + data,
        "query_string": data,
        "headers": [(b"host", data)],
        "server": ("127.0.0.1", 8000),
    }
    url = URL.from_scope(scope)
    assert URL(str(url)) == url
