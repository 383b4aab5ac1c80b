"""The example on docs/performance.md answers as the page says."""

from __future__ import annotations

import gc
from typing import Literal

from docs.examples import performance_gc_freeze as gc_freeze
from docs.examples.performance_compiled import app
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


def test_the_compiled_example_reads_path_and_query_values(backend: Backend) -> None:
    response = TestClient(app, backend=backend).get("/items/7", params={"verbose": "yes"})

    assert response.json() == {"id": 7, "verbose": True}


def test_the_compiled_example_decodes_and_echoes_a_body(backend: Backend) -> None:
    response = TestClient(app, backend=backend).post("/items", json={"name": "pen", "price": 1.5})

    assert (response.status_code, response.json()) == (201, {"name": "pen", "price": 1.5})


def test_the_gc_freeze_lifespan_freezes_what_start_up_built(backend: Backend) -> None:
    try:
        with TestClient(gc_freeze.app, backend=backend) as client:
            frozen = gc.get_freeze_count()
            answer = client.get("/ping").text
    finally:
        gc.unfreeze()  # the test process goes on collecting as before

    assert frozen > 0
    assert answer == "pong"
