"""`raise_server_exceptions`: the app's exceptions reach the test, or a 500 stands in."""

from __future__ import annotations

from typing import Literal

import httpx
import pytest

from lanner._types import Receive, Scope, Send
from lanner.testing import AsyncTestClient, TestClient


class AppBug(Exception):
    pass


async def fails_before_responding(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    raise AppBug("before the response")


async def fails_after_responding(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 500, "headers": []})
    await send({"type": "http.response.body", "body": b"Internal Server Error"})
    raise AppBug("after the response")


async def fails_mid_body(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"partial", "more_body": True})
    raise AppBug("mid body")


async def never_responds(scope: Scope, receive: Receive, send: Send) -> None:
    return


def test_an_exception_before_the_response_is_raised(backend: Literal["asyncio", "trio"]) -> None:
    with pytest.raises(AppBug, match="before the response"):
        TestClient(fails_before_responding, backend=backend).get("/")


def test_an_exception_after_the_response_is_raised(backend: Literal["asyncio", "trio"]) -> None:
    with TestClient(fails_after_responding, backend=backend) as client:
        with pytest.raises(AppBug, match="after the response"):
            client.get("/")


def test_an_exception_after_the_response_comes_once_its_body_is_read() -> None:
    with TestClient(fails_after_responding).stream("GET", "/") as response:
        assert response.status_code == 500  # the response it sent arrives first
        with pytest.raises(AppBug, match="after the response"):
            response.read()


def test_without_raising_an_exception_before_the_response_becomes_an_empty_500(
    backend: Literal["asyncio", "trio"],
) -> None:
    client = TestClient(fails_before_responding, raise_server_exceptions=False, backend=backend)
    response = client.get("/")
    assert (response.status_code, response.content) == (500, b"")


def test_without_raising_an_exception_after_the_response_leaves_what_was_sent(
    backend: Literal["asyncio", "trio"],
) -> None:
    client = TestClient(fails_mid_body, raise_server_exceptions=False, backend=backend)
    response = client.get("/")
    assert (response.status_code, response.content) == (200, b"partial")


def test_an_app_that_never_responds_is_an_error_or_a_500() -> None:
    with pytest.raises(RuntimeError, match="without sending 'http.response.start'"):
        TestClient(never_responds).get("/")
    assert TestClient(never_responds, raise_server_exceptions=False).get("/").status_code == 500


async def test_an_async_exception_before_the_response_is_raised() -> None:
    with pytest.raises(AppBug, match="before the response"):
        await AsyncTestClient(fails_before_responding).get("/")
    async with AsyncTestClient(fails_before_responding) as client:
        with pytest.raises(AppBug, match="before the response"):
            await client.get("/")


async def test_an_async_exception_after_the_response_is_raised() -> None:
    with pytest.raises(AppBug, match="after the response"):
        await AsyncTestClient(fails_after_responding).get("/")
    async with AsyncTestClient(fails_after_responding) as client:
        with pytest.raises(AppBug, match="after the response"):
            await client.get("/")


async def get_root(client: AsyncTestClient, entered: bool) -> httpx.Response:
    """GET / from inside `async with` (app in the client's tasks) or from a bare client."""
    if not entered:
        return await client.get("/")
    async with client:
        return await client.get("/")


@pytest.mark.parametrize("entered", [True, False], ids=["async-with", "bare"])
async def test_async_without_raising_an_exception_before_the_response_becomes_an_empty_500(
    entered: bool,
) -> None:
    client = AsyncTestClient(fails_before_responding, raise_server_exceptions=False)
    response = await get_root(client, entered)
    assert (response.status_code, response.content) == (500, b"")


@pytest.mark.parametrize("entered", [True, False], ids=["async-with", "bare"])
async def test_async_without_raising_an_exception_after_the_response_leaves_what_was_sent(
    entered: bool,
) -> None:
    client = AsyncTestClient(fails_mid_body, raise_server_exceptions=False)
    response = await get_root(client, entered)
    assert (response.status_code, response.content) == (200, b"partial")


async def test_async_app_that_never_responds_is_an_error_or_a_500() -> None:
    with pytest.raises(RuntimeError, match="without sending 'http.response.start'"):
        await AsyncTestClient(never_responds).get("/")
    response = await AsyncTestClient(never_responds, raise_server_exceptions=False).get("/")
    assert response.status_code == 500


async def breaks_protocol(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.body", "body": b"no start"})


def test_a_body_before_the_response_start_is_a_protocol_error() -> None:
    with pytest.raises(RuntimeError, match="before 'http.response.start'"):
        TestClient(breaks_protocol).get("/")
