"""docs/pagination.md: the classic, offset and cursor examples page through 50 people."""

from __future__ import annotations

from typing import Literal

from docs.examples import pagination_classic, pagination_cursor, pagination_offset
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


def test_classic_pages(backend: Backend) -> None:
    response = TestClient(pagination_classic.app, backend=backend).get("/people?page_size=10&current_page=5")

    page = response.json()
    assert [person["id"] for person in page["items"]] == [str(number) for number in range(41, 51)]
    assert (page["page_size"], page["current_page"], page["total_pages"]) == (10, 5, 5)


def test_classic_page_size_is_validated(backend: Backend) -> None:
    response = TestClient(pagination_classic.app, backend=backend).get("/people?page_size=0")

    assert response.status_code == 400


def test_offset_pages(backend: Backend) -> None:
    response = TestClient(pagination_offset.app, backend=backend).get("/people?limit=10&offset=39")

    page = response.json()
    assert [person["name"] for person in page["items"]] == [f"Person {number}" for number in range(40, 50)]
    assert (page["limit"], page["offset"], page["total"]) == (10, 39, 50)


def test_offset_defaults(backend: Backend) -> None:
    page = TestClient(pagination_offset.app, backend=backend).get("/people").json()

    assert (len(page["items"]), page["limit"], page["offset"]) == (10, 10, 0)


def test_cursor_pages_follow_each_other(backend: Backend) -> None:
    client = TestClient(pagination_cursor.app, backend=backend)
    ids: list[str] = []
    cursor: str | None = None

    while True:
        params = {"results_per_page": "20"} | ({"cursor": cursor} if cursor else {})
        page = client.get("/people", params=params).json()
        ids += [person["id"] for person in page["items"]]
        cursor = page["cursor"]
        if cursor is None:
            break

    assert ids == [f"p{number:02d}" for number in range(1, 51)]


def test_the_last_cursor_page_has_no_cursor(backend: Backend) -> None:
    page = TestClient(pagination_cursor.app, backend=backend).get("/people?results_per_page=5&cursor=p45").json()

    assert ([person["id"] for person in page["items"]], page["cursor"]) == (["p46", "p47", "p48", "p49", "p50"], None)
