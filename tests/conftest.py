"""Fixtures shared by every test module."""

from __future__ import annotations

from typing import Literal

import pytest

Backend = Literal["asyncio", "trio"]


@pytest.fixture(params=["asyncio", "trio"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """The event loop a sync `TestClient` runs the app on; sync tests run on both."""
    chosen: Backend = request.param
    return chosen
