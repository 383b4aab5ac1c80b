"""`File` and the requests that make caches and download managers work: `If-None-Match` and
`If-Modified-Since` (304), `Range` (206, several ranges as `multipart/byteranges`, 416),
`If-Range`; a malformed `Range` is ignored."""

from __future__ import annotations

import email.utils
import os
import pathlib
from collections.abc import Iterator
from typing import Any, Literal, cast

import pytest

from lanner import App, CacheControlHeader, File, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

CONTENT = bytes(range(256)) * 4  # 1,024 bytes
SIZE = len(CONTENT)
MTIME = 1_700_000_000


def http_date(seconds: float) -> str:
    return email.utils.formatdate(seconds, usegmt=True)


@pytest.fixture
def path(tmp_path: pathlib.Path) -> pathlib.Path:
    file = tmp_path / "data.bin"
    file.write_bytes(CONTENT)
    os.utime(file, (MTIME, MTIME))
    return file


def file_app(path: pathlib.Path, **options: Any) -> App:
    @get("/file", cache_control=CacheControlHeader(max_age=60))
    async def serve() -> File:
        return File(path)

    return App([serve], **options)


@pytest.fixture
def client(path: pathlib.Path, backend: Backend) -> Iterator[TestClient]:
    with TestClient(file_app(path), backend=backend) as test_client:
        yield test_client


def parse_byteranges(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """The (Content-Range, bytes) of each part of a multipart/byteranges body."""
    media_type, _, parameter = content_type.partition(";")
    assert media_type == "multipart/byteranges"
    name, _, boundary = parameter.strip().partition("=")
    assert name == "boundary" and boundary
    delimiter = b"--" + boundary.encode()
    assert body.startswith(delimiter + b"\r\n")
    assert body.endswith(b"\r\n" + delimiter + b"--\r\n")
    parts: list[tuple[str, bytes]] = []
    for chunk in body[len(delimiter) + 2 : -len(delimiter) - 6].split(b"\r\n" + delimiter + b"\r\n"):
        head, _, data = chunk.partition(b"\r\n\r\n")
        headers = dict(line.split(b": ", 1) for line in head.split(b"\r\n"))
        assert headers[b"Content-Type"] == b"application/octet-stream"
        parts.append((headers[b"Content-Range"].decode(), data))
    return parts


# --- 304 --------------------------------------------------------------------------------------


def test_a_matching_if_none_match_is_304_with_no_body(client: TestClient) -> None:
    etag = client.get("/file").headers["etag"]

    response = client.get("/file", headers={"If-None-Match": etag})

    assert (response.status_code, response.content) == (304, b"")
    assert response.headers["etag"] == etag
    assert "content-length" not in response.headers or response.headers["content-length"] == "0"


def test_a_304_keeps_the_validators_and_cache_control(client: TestClient) -> None:
    fresh = client.get("/file")

    response = client.get("/file", headers={"If-None-Match": fresh.headers["etag"]})

    assert response.headers["last-modified"] == fresh.headers["last-modified"]
    assert response.headers["cache-control"] == "max-age=60"


@pytest.mark.parametrize("template", ['"other", {}', "W/{}", "*"])
def test_if_none_match_lists_weak_tags_and_star(client: TestClient, template: str) -> None:
    etag = client.get("/file").headers["etag"]

    assert client.get("/file", headers={"If-None-Match": template.format(etag)}).status_code == 304


def test_another_tag_gets_the_file(client: TestClient) -> None:
    response = client.get("/file", headers={"If-None-Match": '"not-it"'})

    assert (response.status_code, response.content) == (200, CONTENT)


def test_head_with_a_matching_tag_is_304(client: TestClient) -> None:
    etag = client.get("/file").headers["etag"]

    assert client.head("/file", headers={"If-None-Match": etag}).status_code == 304


def test_if_modified_since_the_last_modified_date_is_304(client: TestClient) -> None:
    last_modified = client.get("/file").headers["last-modified"]

    response = client.get("/file", headers={"If-Modified-Since": last_modified})

    assert (response.status_code, response.content) == (304, b"")


@pytest.mark.parametrize("seconds", [MTIME, MTIME + 1, MTIME + 86_400])
def test_if_modified_since_now_or_later_is_304(client: TestClient, seconds: int) -> None:
    assert client.get("/file", headers={"If-Modified-Since": http_date(seconds)}).status_code == 304


@pytest.mark.parametrize("seconds", [MTIME - 1, MTIME - 86_400, 0])
def test_a_stale_if_modified_since_gets_the_file(client: TestClient, seconds: int) -> None:
    response = client.get("/file", headers={"If-Modified-Since": http_date(seconds)})

    assert (response.status_code, response.content) == (200, CONTENT)


def test_a_file_changed_since_gets_the_new_content(client: TestClient, path: pathlib.Path) -> None:
    since = client.get("/file").headers["last-modified"]
    path.write_bytes(b"new content")
    os.utime(path, (MTIME + 60, MTIME + 60))

    response = client.get("/file", headers={"If-Modified-Since": since})

    assert (response.status_code, response.content) == (200, b"new content")


@pytest.mark.parametrize("garbage", ["yesterday", "", "Tue, 99 Foo 2023 25:61:61 GMT"])
def test_a_malformed_if_modified_since_gets_the_file(client: TestClient, garbage: str) -> None:
    assert client.get("/file", headers={"If-Modified-Since": garbage}).status_code == 200


def test_if_none_match_decides_alone_when_both_are_sent(client: TestClient) -> None:
    # RFC 9110 §13.2.2: a recipient ignores If-Modified-Since when If-None-Match is present.
    response = client.get("/file", headers={"If-None-Match": '"not-it"', "If-Modified-Since": http_date(MTIME + 60)})

    assert response.status_code == 200


def test_post_is_not_answered_304(path: pathlib.Path, backend: Backend) -> None:
    from lanner import post

    @post("/file", status_code=200)
    async def serve() -> File:
        return File(path)

    response = TestClient(App([serve]), backend=backend).post("/file", headers={"If-None-Match": "*"})

    assert (response.status_code, response.content) == (200, CONTENT)


# --- single ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, SIZE - 1),
        ("bytes=-24", SIZE - 24, SIZE - 1),
        ("bytes=1000-5000", 1000, SIZE - 1),  # the end is clipped to the file
        ("bytes=0-0", 0, 0),
        ("bytes=-5000", 0, SIZE - 1),  # a suffix longer than the file is the whole file
        ("BYTES = 5-6", 5, 6),
    ],
)
def test_a_range_is_206_with_content_range(client: TestClient, header: str, start: int, end: int) -> None:
    response = client.get("/file", headers={"Range": header})

    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes {start}-{end}/{SIZE}"
    assert response.headers["content-length"] == str(end - start + 1)
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.content == CONTENT[start : end + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=1024-1024, 2000-"])
def test_a_range_past_the_end_is_416_with_the_size(client: TestClient, header: str) -> None:
    response = client.get("/file", headers={"Range": header})

    assert (response.status_code, response.content) == (416, b"")
    assert response.headers["content-range"] == f"bytes */{SIZE}"


def test_an_empty_file_cannot_satisfy_any_range(tmp_path: pathlib.Path, backend: Backend) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    response = TestClient(file_app(empty), backend=backend).get("/file", headers={"Range": "bytes=0-"})

    assert (response.status_code, response.headers["content-range"]) == (416, "bytes */0")


@pytest.mark.parametrize(
    "header",
    ["bytes=abc", "bytes=5-1", "bytes=-", "lines=1-2", "bytes=", "bytes=1-2-3", "bytes=0x1-2", "nonsense", "bytes=--5"],
)
def test_a_malformed_range_is_ignored(client: TestClient, header: str) -> None:
    response = client.get("/file", headers={"Range": header})

    assert (response.status_code, response.content) == (200, CONTENT)
    assert "content-range" not in response.headers


def test_head_with_a_range_sends_no_body(client: TestClient) -> None:
    response = client.head("/file", headers={"Range": "bytes=0-9"})

    assert response.content == b""
    assert response.status_code in (200, 206)


# --- several ranges -----------------------------------------------------------------------------


def test_several_ranges_are_multipart_byteranges(client: TestClient) -> None:
    response = client.get("/file", headers={"Range": "bytes=0-9, 500-509, -6"})

    assert response.status_code == 206
    assert "content-range" not in response.headers
    assert response.headers["content-length"] == str(len(response.content))
    assert parse_byteranges(response.headers["content-type"], response.content) == [
        (f"bytes 0-9/{SIZE}", CONTENT[0:10]),
        (f"bytes 500-509/{SIZE}", CONTENT[500:510]),
        (f"bytes {SIZE - 6}-{SIZE - 1}/{SIZE}", CONTENT[-6:]),
    ]


def test_overlapping_and_adjacent_ranges_are_merged(client: TestClient) -> None:
    response = client.get("/file", headers={"Range": "bytes=0-9, 5-19, 20-29"})

    assert (response.status_code, response.headers["content-range"]) == (206, f"bytes 0-29/{SIZE}")
    assert response.content == CONTENT[:30]


def test_ranges_are_sent_in_file_order(client: TestClient) -> None:
    response = client.get("/file", headers={"Range": "bytes=900-909, 0-4"})

    parts = parse_byteranges(response.headers["content-type"], response.content)
    ranges = [content_range for content_range, _ in parts]
    assert ranges == [f"bytes 0-4/{SIZE}", f"bytes 900-909/{SIZE}"]


def test_the_satisfiable_ranges_of_a_mixed_set_are_sent(client: TestClient) -> None:
    response = client.get("/file", headers={"Range": "bytes=5000-6000, 0-1"})

    assert (response.status_code, response.content) == (206, CONTENT[:2])


def test_the_boundary_differs_per_response(client: TestClient) -> None:
    first = client.get("/file", headers={"Range": "bytes=0-1, 10-11"}).headers["content-type"]
    second = client.get("/file", headers={"Range": "bytes=0-1, 10-11"}).headers["content-type"]

    assert first != second


def test_more_than_100_ranges_is_416(client: TestClient) -> None:
    many = ", ".join(f"{start}-{start}" for start in range(0, 2 * 101, 2))

    response = client.get("/file", headers={"Range": f"bytes={many}"})

    assert response.status_code == 416


def test_100_ranges_are_served(client: TestClient) -> None:
    many = ", ".join(f"{start}-{start}" for start in range(0, 2 * 100, 2))

    response = client.get("/file", headers={"Range": f"bytes={many}"})

    assert response.status_code == 206
    assert len(parse_byteranges(response.headers["content-type"], response.content)) == 100


def test_max_ranges_is_a_layered_limit(path: pathlib.Path, backend: Backend) -> None:
    # API.md §7: `max_ranges` (default 100) is a layered limit like `max_files`.
    app = cast(Any, App)([file_app(path).route_handlers[0]], max_ranges=2)

    response = TestClient(app, backend=backend).get("/file", headers={"Range": "bytes=0-0, 2-2, 4-4"})

    assert response.status_code == 416


# --- If-Range -----------------------------------------------------------------------------------


def test_if_range_with_the_current_etag_gets_the_range(client: TestClient) -> None:
    etag = client.get("/file").headers["etag"]

    response = client.get("/file", headers={"Range": "bytes=0-9", "If-Range": etag})

    assert (response.status_code, response.content) == (206, CONTENT[:10])


def test_if_range_with_another_etag_gets_the_whole_file(client: TestClient) -> None:
    response = client.get("/file", headers={"Range": "bytes=0-9", "If-Range": '"old-version"'})

    assert (response.status_code, response.content) == (200, CONTENT)


def test_if_range_with_a_weak_etag_gets_the_whole_file(client: TestClient) -> None:
    etag = client.get("/file").headers["etag"]

    response = client.get("/file", headers={"Range": "bytes=0-9", "If-Range": "W/" + etag})

    assert response.status_code == 200


def test_if_range_with_the_last_modified_date_gets_the_range(client: TestClient) -> None:
    last_modified = client.get("/file").headers["last-modified"]

    response = client.get("/file", headers={"Range": "bytes=0-9", "If-Range": last_modified})

    assert (response.status_code, response.content) == (206, CONTENT[:10])


@pytest.mark.parametrize("seconds", [MTIME - 60, MTIME + 60])
def test_if_range_with_another_date_gets_the_whole_file(client: TestClient, seconds: int) -> None:
    response = client.get("/file", headers={"Range": "bytes=0-9", "If-Range": http_date(seconds)})

    assert (response.status_code, response.content) == (200, CONTENT)


def test_if_range_after_the_file_changed_gets_the_new_file(client: TestClient, path: pathlib.Path) -> None:
    etag = client.get("/file").headers["etag"]
    path.write_bytes(b"rewritten")

    response = client.get("/file", headers={"Range": "bytes=0-2", "If-Range": etag})

    assert (response.status_code, response.content) == (200, b"rewritten")


def test_a_resumed_download_joins_up(client: TestClient) -> None:
    first = client.get("/file", headers={"Range": "bytes=0-399"})
    rest = client.get("/file", headers={"Range": "bytes=400-", "If-Range": first.headers["etag"]})

    assert first.content + rest.content == CONTENT
