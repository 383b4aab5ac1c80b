"""Pagination: `ClassicPagination`, `OffsetPagination` and `CursorPagination` containers,
encoded like any Struct, and the sync and async paginators that fill them from `get_items`
and `get_total` (the three kinds of Litestar's *Responses* page, in lanner's terms)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Literal

import msgspec
import pytest
from typing_extensions import override

from lanner import (
    App,
    AsyncClassicPaginator,
    AsyncCursorPaginator,
    AsyncOffsetPaginator,
    ClassicPagination,
    ClassicPaginator,
    CursorPagination,
    CursorPaginator,
    OffsetPagination,
    OffsetPaginator,
    Query,
    get,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Person(msgspec.Struct, frozen=True):
    id: str
    name: str


PEOPLE = [Person(id=f"p{number:02d}", name=f"Person {number}") for number in range(50)]


def people(*numbers: int) -> list[dict[str, str]]:
    return [{"id": f"p{number:02d}", "name": f"Person {number}"} for number in numbers]


class PeopleClassic(ClassicPaginator[Person]):
    @override
    def get_total(self, page_size: int) -> int:
        return math.ceil(len(PEOPLE) / page_size)

    @override
    def get_items(self, page_size: int, current_page: int) -> list[Person]:
        start = (current_page - 1) * page_size
        return PEOPLE[start : start + page_size]


class AsyncPeopleClassic(AsyncClassicPaginator[Person]):
    @override
    async def get_total(self, page_size: int) -> int:
        return math.ceil(len(PEOPLE) / page_size)

    @override
    async def get_items(self, page_size: int, current_page: int) -> list[Person]:
        start = (current_page - 1) * page_size
        return PEOPLE[start : start + page_size]


class PeopleOffset(OffsetPaginator[Person]):
    @override
    def get_total(self) -> int:
        return len(PEOPLE)

    @override
    def get_items(self, limit: int, offset: int) -> list[Person]:
        return PEOPLE[offset : offset + limit]


class AsyncPeopleOffset(AsyncOffsetPaginator[Person]):
    @override
    async def get_total(self) -> int:
        return len(PEOPLE)

    @override
    async def get_items(self, limit: int, offset: int) -> Sequence[Person]:
        return PEOPLE[offset : offset + limit]


def _after(cursor: str | None, results_per_page: int) -> tuple[list[Person], str | None]:
    start = 0 if cursor is None else next(i for i, person in enumerate(PEOPLE) if person.id == cursor) + 1
    page = PEOPLE[start : start + results_per_page]
    more = start + results_per_page < len(PEOPLE)
    return page, page[-1].id if page and more else None


class PeopleCursor(CursorPaginator[str, Person]):
    @override
    def get_items(self, cursor: str | None, results_per_page: int) -> tuple[list[Person], str | None]:
        return _after(cursor, results_per_page)


class AsyncPeopleCursor(AsyncCursorPaginator[str, Person]):
    @override
    async def get_items(self, cursor: str | None, results_per_page: int) -> tuple[list[Person], str | None]:
        return _after(cursor, results_per_page)


PageSize = Annotated[int, msgspec.Meta(ge=1, le=100)]


@get("/classic")
def classic(page_size: Query[PageSize], current_page: Query[int] = 1) -> ClassicPagination[Person]:
    return PeopleClassic()(page_size=page_size, current_page=current_page)


@get("/async/classic")
async def async_classic(page_size: Query[PageSize], current_page: Query[int] = 1) -> ClassicPagination[Person]:
    return await AsyncPeopleClassic()(page_size=page_size, current_page=current_page)


@get("/offset")
def offset(limit: Query[PageSize], offset: Query[int] = 0) -> OffsetPagination[Person]:
    return PeopleOffset()(limit=limit, offset=offset)


@get("/async/offset")
async def async_offset(limit: Query[PageSize], offset: Query[int] = 0) -> OffsetPagination[Person]:
    return await AsyncPeopleOffset()(limit=limit, offset=offset)


@get("/cursor")
def cursor(results_per_page: Query[PageSize], cursor: Query[str | None] = None) -> CursorPagination[str, Person]:
    return PeopleCursor()(cursor=cursor, results_per_page=results_per_page)


@get("/async/cursor")
async def async_cursor(
    results_per_page: Query[PageSize], cursor: Query[str | None] = None
) -> CursorPagination[str, Person]:
    return await AsyncPeopleCursor()(cursor=cursor, results_per_page=results_per_page)


APP = App([classic, async_classic, offset, async_offset, cursor, async_cursor])


@pytest.mark.parametrize("prefix", ["", "/async"])
def test_classic_pagination(backend: Backend, prefix: str) -> None:
    response = TestClient(APP, backend=backend).get(f"{prefix}/classic", params={"page_size": 10, "current_page": 2})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"items": people(*range(10, 20)), "page_size": 10, "current_page": 2, "total_pages": 5}


@pytest.mark.parametrize("prefix", ["", "/async"])
def test_the_last_classic_page_may_be_short(backend: Backend, prefix: str) -> None:
    response = TestClient(APP, backend=backend).get(f"{prefix}/classic", params={"page_size": 15, "current_page": 4})

    assert response.json() == {
        "items": people(45, 46, 47, 48, 49),
        "page_size": 15,
        "current_page": 4,
        "total_pages": 4,
    }


@pytest.mark.parametrize("prefix", ["", "/async"])
def test_offset_pagination(backend: Backend, prefix: str) -> None:
    response = TestClient(APP, backend=backend).get(f"{prefix}/offset", params={"limit": 10, "offset": 39})

    assert response.json() == {"items": people(*range(39, 49)), "limit": 10, "offset": 39, "total": 50}


@pytest.mark.parametrize("prefix", ["", "/async"])
def test_offset_past_the_end_is_an_empty_page(backend: Backend, prefix: str) -> None:
    response = TestClient(APP, backend=backend).get(f"{prefix}/offset", params={"limit": 10, "offset": 60})

    assert response.json() == {"items": [], "limit": 10, "offset": 60, "total": 50}


@pytest.mark.parametrize("prefix", ["", "/async"])
def test_cursor_pagination_walks_every_item_once(backend: Backend, prefix: str) -> None:
    client = TestClient(APP, backend=backend)
    seen: list[str] = []
    next_cursor: str | None = None
    pages = 0

    while True:
        params: dict[str, str | int] = {"results_per_page": 12}
        if next_cursor is not None:
            params["cursor"] = next_cursor
        page = client.get(f"{prefix}/cursor", params=params).json()
        pages += 1
        assert page["results_per_page"] == 12
        seen += [person["id"] for person in page["items"]]
        next_cursor = page["cursor"]
        if next_cursor is None:
            break

    assert seen == [person.id for person in PEOPLE]
    assert pages == 5


def test_the_first_cursor_page(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/cursor", params={"results_per_page": 2})

    assert response.json() == {"items": people(0, 1), "results_per_page": 2, "cursor": "p01"}


def test_page_parameters_are_validated(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/classic", params={"page_size": 0})

    assert response.status_code == 400
    assert response.json()["errors"][0]["name"] == "page_size"


def test_containers_are_generic_structs() -> None:
    page = ClassicPagination[int](items=[1, 2], page_size=2, current_page=1, total_pages=3)

    assert msgspec.json.decode(msgspec.json.encode(page), type=ClassicPagination[int]) == page
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(
            b'{"items": ["x"], "page_size": 2, "current_page": 1, "total_pages": 3}', type=ClassicPagination[int]
        )


def test_containers_are_frozen() -> None:
    page = OffsetPagination[int](items=[1], limit=1, offset=0, total=1)

    with pytest.raises(AttributeError):
        page.total = 2  # type: ignore[misc]  # the mistake under test


def test_a_cursor_container_may_hold_any_cursor_type() -> None:
    page = CursorPagination[int, str](items=["a"], results_per_page=1, cursor=7)

    assert msgspec.json.encode(page) == b'{"items":["a"],"results_per_page":1,"cursor":7}'


def test_paginators_stay_callable_outside_a_handler() -> None:
    assert PeopleOffset()(limit=2, offset=48) == OffsetPagination(items=PEOPLE[48:], limit=2, offset=48, total=50)
