"""Every complete answer carries the Content-Length of the body it sends, whatever its size."""

from __future__ import annotations

from typing import Literal

import pytest

from lanner import App, Path, get
from lanner._respond.send import body_messages
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


@get("/bytes/{size}")
async def sized(size: Path[int]) -> bytes:
    return b"x" * size


APP = App([sized])


# Small lengths come from a table made at import; the rest are written per response.
@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 70_000])
def test_content_length_is_the_size_of_the_body(backend: Backend, size: int) -> None:
    response = TestClient(APP, backend=backend).get(f"/bytes/{size}")

    assert response.headers["content-length"] == str(size)
    assert len(response.content) == size


def test_head_keeps_the_content_length_of_the_get_and_sends_no_body(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).head("/bytes/1023")

    assert response.headers["content-length"] == "1023"
    assert response.content == b""


def test_each_response_gets_its_own_messages() -> None:
    # Servers and middleware may change a message they are given: none may be shared.
    first = body_messages(200, [], b"ok")
    second = body_messages(204, [], b"")
    third = body_messages(204, [], b"")

    assert first[0]["headers"] == [(b"content-length", b"2")]
    assert second[1] == {"type": "http.response.body", "body": b""}
    assert second[0] is not third[0] and second[1] is not third[1]
