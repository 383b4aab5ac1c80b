"""Validation failures answer one 400 listing every problem of every source at once."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from lanner import Alias, App, Body, Cookie, Header, Path, Query, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Item(msgspec.Struct, frozen=True):
    name: str
    price: float


@post("/shops/{shop_id:int}/items")
async def create_item(
    shop_id: Path[int],
    item: Body[Item],
    limit: Query[int],
    offset: Query[Annotated[int, msgspec.Meta(ge=0)]] = 0,
    page_size: Query[Annotated[int, Alias("page-size")]] = 10,
    x_request_id: Header[int] | None = None,
    session: Cookie[str] = "",
) -> Item:
    return item


APP = App([create_item])


def _errors(response_json: dict[str, object]) -> set[tuple[str, str, str]]:
    errors = response_json["errors"]
    assert isinstance(errors, list)
    return {(e["source"], e["name"], e["message"]) for e in errors}


def test_every_problem_is_reported_at_once_in_one_400(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post(
        "/shops/1/items?limit=abc&offset=-1&page-size=big",
        json={"name": "a", "price": "free"},
        headers={"x-request-id": "not-a-number"},
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"status_code", "detail", "errors"}
    assert body["status_code"] == 400
    assert body["detail"] == "Validation failed"
    assert _errors(body) == {
        ("query", "limit", "Expected `int`, got `str`"),
        ("query", "offset", "Expected `int` >= 0"),
        ("query", "page-size", "Expected `int`, got `str`"),
        ("header", "x-request-id", "Expected `int | null`, got `str`"),
        ("body", "$.price", "Expected `float`, got `str`"),
    }
    for error in body["errors"]:
        assert set(error) == {"source", "name", "message"}


def test_query_errors_and_malformed_body_are_reported_together(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post(
        "/shops/1/items?limit=abc", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    sources = [(e["source"], e["name"]) for e in response.json()["errors"]]
    assert ("query", "limit") in sources
    assert any(source == "body" for source, _ in sources)


def test_missing_required_query_parameter_is_reported_with_the_body_error(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post("/shops/1/items", json={"name": "a"})
    assert response.status_code == 400
    errors = _errors(response.json())
    assert ("query", "limit", "Missing required query parameter") in errors
    assert any(source == "body" for source, _, _ in errors)


def test_valid_request_passes_every_extractor(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post(
        "/shops/1/items?limit=1&offset=0&page-size=5", json={"name": "a", "price": 2.0}
    )
    assert response.status_code == 201
    assert response.json() == {"name": "a", "price": 2.0}
