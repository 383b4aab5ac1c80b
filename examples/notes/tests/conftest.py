"""Fixtures of the notes example's tests: a client on a fresh database, and API keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest

from examples.notes.app import app
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


@pytest.fixture(params=["asyncio", "trio"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """The event loop a sync `TestClient` runs the app on; sync tests run on both."""
    chosen: Backend = request.param
    return chosen


@pytest.fixture(autouse=True)
def in_memory_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts on an empty in-memory database, whatever the shell has in NOTES_DB."""
    monkeypatch.delenv("NOTES_DB", raising=False)


@pytest.fixture
def client(backend: Backend) -> Iterator[TestClient]:
    """A client of the notes app with its lifespan running: the database is open and seeded."""
    with TestClient(app, backend=backend) as client:
        yield client


@pytest.fixture
def alice() -> dict[str, str]:
    """Headers that authenticate as alice (the key documented in examples/notes/app.py)."""
    return {"X-API-Key": "alice-secret"}


@pytest.fixture
def bob() -> dict[str, str]:
    """Headers that authenticate as bob."""
    return {"X-API-Key": "bob-secret"}
