"""docs/index.md: the API.md §1 example, driven as the page describes it."""

from __future__ import annotations

from typing import Literal

from docs.examples.index_quickstart import app
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


def test_read_item_answers_the_item_as_json(backend: Backend) -> None:
    response = TestClient(app, backend=backend).get("/items/1")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"name": "Hammer", "price": 9.5}


def test_verbose_query_flag_arrives_as_a_bool(backend: Backend) -> None:
    response = TestClient(app, backend=backend).get("/items/1?verbose=yes")

    assert response.json() == {"name": "Hammer (item 1)", "price": 9.5}


def test_unknown_item_is_404_from_not_found(backend: Backend) -> None:
    response = TestClient(app, backend=backend).get("/items/2")

    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "There is no item 2"}


def test_item_id_that_is_not_an_int_is_404(backend: Backend) -> None:
    response = TestClient(app, backend=backend).get("/items/hammer")

    assert response.status_code == 404


def test_create_item_answers_201_with_the_item(backend: Backend) -> None:
    response = TestClient(app, backend=backend).post("/items", json={"name": "Saw", "price": 12})

    assert response.status_code == 201
    assert response.json() == {"name": "Saw", "price": 12.0}


def test_create_item_with_a_bad_price_is_400(backend: Backend) -> None:
    response = TestClient(app, backend=backend).post("/items", json={"name": "Saw", "price": "cheap"})

    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "detail": "Validation failed",
        "errors": [{"source": "body", "name": "$.price", "message": "Expected `float`, got `str`"}],
    }
