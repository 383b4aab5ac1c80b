"""docs/testing.md: the page's test module runs here, plus what the page says besides.

The tests and fixtures of docs/examples/testing_test_app.py are imported so that pytest
collects them in this module: the code the page shows is the code that runs.
"""

from __future__ import annotations

from typing import Literal

import httpx
import pytest

from docs.examples.testing_app import app, current_user
from docs.examples.testing_test_app import (
    anyio_backend,
    async_client,
    client,
    fake_user,
    test_a_crash_in_the_handler_is_raised_in_the_test,
    test_a_crash_is_a_500_when_server_exceptions_are_not_raised,
    test_greeting_comes_from_the_lifespan_state,
    test_greeting_with_the_async_client,
    test_me_answers_401_for_an_unknown_token,
    test_me_with_the_user_extractor_overridden,
    test_numbers_arrive_line_by_line,
)
from lanner.testing import AsyncTestClient, TestClient

__all__ = [
    "anyio_backend",
    "async_client",
    "client",
    "test_a_crash_in_the_handler_is_raised_in_the_test",
    "test_a_crash_is_a_500_when_server_exceptions_are_not_raised",
    "test_greeting_comes_from_the_lifespan_state",
    "test_greeting_with_the_async_client",
    "test_me_answers_401_for_an_unknown_token",
    "test_me_with_the_user_extractor_overridden",
    "test_numbers_arrive_line_by_line",
]

Backend = Literal["asyncio", "trio"]


def test_without_with_no_lifespan_runs_so_state_is_missing(backend: Backend) -> None:
    client = TestClient(app, backend=backend, raise_server_exceptions=False)

    assert client.get("/greeting").status_code == 500


def test_responses_are_httpx_responses(backend: Backend) -> None:
    response = TestClient(app, backend=backend).get("/me", headers={"Authorization": "Bearer ada-token"})

    assert isinstance(response, httpx.Response)
    assert response.json() == {"name": "ada"}


def test_client_headers_are_sent_with_every_request(backend: Backend) -> None:
    client = TestClient(app, backend=backend, headers={"Authorization": "Bearer ada-token"})

    assert client.get("/me").json() == {"name": "ada"}


def test_with_overrides_leaves_the_app_itself_alone(backend: Backend) -> None:
    app.with_overrides({current_user: fake_user})

    assert TestClient(app, backend=backend).get("/me", headers={"Authorization": "x"}).status_code == 401


async def test_async_client_without_async_with_runs_no_lifespan() -> None:
    client = AsyncTestClient(app, raise_server_exceptions=False)

    response = await client.get("/greeting")

    assert response.status_code == 500


@pytest.mark.anyio
async def test_async_client_streams_inside_async_with(async_client: AsyncTestClient) -> None:
    async with async_client.stream("GET", "/numbers") as response:
        lines = [line async for line in response.aiter_lines()]

    assert lines == ["0", "1", "2"]
