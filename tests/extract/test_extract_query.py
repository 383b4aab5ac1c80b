"""`Path` and `Query` extractors: scalars, defaults, optionals, lists, booleans, groups, limits."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from typing import Annotated, Literal, TypedDict

import msgspec
import pytest

from lanner import Alias, App, Path, Query, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


# --- Path ---------------------------------------------------------------------------------


@get("/path/{item_id:int}/{slug}/{day:date}")
async def path_values(item_id: Path[int], slug: Path[str], day: Path[datetime.date]) -> dict[str, object]:
    return {"item_id": item_id, "slug": slug, "day": day.isoformat()}


@get("/limited/{n:int}")
async def limited(n: Path[Annotated[int, msgspec.Meta(ge=1, le=10)]]) -> int:
    return n


def test_path_params_arrive_typed(backend: Backend) -> None:
    response = TestClient(App([path_values]), backend=backend).get("/path/3/abc/2024-05-06")
    assert response.json() == {"item_id": 3, "slug": "abc", "day": "2024-05-06"}


def test_path_param_violating_meta_constraint_is_400(backend: Backend) -> None:
    client = TestClient(App([limited]), backend=backend)
    assert client.get("/limited/5").json() == 5
    response = client.get("/limited/11")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Validation failed"
    assert body["errors"][0]["source"] == "path"
    assert body["errors"][0]["name"] == "n"


# --- Query scalars ------------------------------------------------------------------------


@get("/scalars")
async def scalars(
    q: Query[str],
    limit: Query[int],
    ratio: Query[float],
    ident: Query[uuid.UUID],
    when: Query[datetime.date],
) -> dict[str, object]:
    return {"q": q, "limit": limit, "ratio": ratio, "ident": str(ident), "when": when.isoformat()}


@get("/defaults")
async def defaults(page: Query[int] = 1, sort: Query[str] = "name", verbose: Query[bool] = False) -> dict[str, object]:
    return {"page": page, "sort": sort, "verbose": verbose}


@get("/optional-inside")
async def optional_inside(limit: Query[int | None] = None) -> dict[str, int | None]:
    return {"limit": limit}


@get("/optional-outside")
async def optional_outside(limit: Query[int] | None = None) -> dict[str, int | None]:
    return {"limit": limit}


SCALARS = App([scalars, defaults, optional_inside, optional_outside])


def test_query_scalars_are_converted_to_their_types(backend: Backend) -> None:
    ident = uuid.UUID(int=1)
    response = TestClient(SCALARS, backend=backend).get(
        "/scalars", params={"q": "a b", "limit": "-5", "ratio": "0.5", "ident": str(ident), "when": "2024-01-02"}
    )
    assert response.json() == {"q": "a b", "limit": -5, "ratio": 0.5, "ident": str(ident), "when": "2024-01-02"}


def test_query_defaults_apply_when_absent(backend: Backend) -> None:
    response = TestClient(SCALARS, backend=backend).get("/defaults")
    assert response.json() == {"page": 1, "sort": "name", "verbose": False}


def test_query_defaults_are_overridden_when_present(backend: Backend) -> None:
    response = TestClient(SCALARS, backend=backend).get("/defaults?page=3&sort=price&verbose=true")
    assert response.json() == {"page": 3, "sort": "price", "verbose": True}


def test_query_optional_inside_alias_is_none_when_absent(backend: Backend) -> None:
    client = TestClient(SCALARS, backend=backend)
    assert client.get("/optional-inside").json() == {"limit": None}
    assert client.get("/optional-inside?limit=4").json() == {"limit": 4}


def test_query_optional_written_outside_alias_is_none_when_absent(backend: Backend) -> None:
    client = TestClient(SCALARS, backend=backend)
    assert client.get("/optional-outside").json() == {"limit": None}
    assert client.get("/optional-outside?limit=4").json() == {"limit": 4}
    assert client.get("/optional-outside?limit=x").status_code == 400


def test_query_int_that_does_not_convert_is_400_naming_it(backend: Backend) -> None:
    response = TestClient(SCALARS, backend=backend).get("/defaults?page=abc")
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "detail": "Validation failed",
        "errors": [{"source": "query", "name": "page", "message": "Expected `int`, got `str`"}],
    }


def test_query_int_too_long_to_convert_is_400(backend: Backend) -> None:
    response = TestClient(SCALARS, backend=backend).get("/defaults?page=" + "1" * 5000)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["source"], error["name"]) == ("query", "page")


def test_path_int_too_long_to_convert_is_404(backend: Backend) -> None:
    assert TestClient(App([limited]), backend=backend).get("/limited/" + "9" * 5000).status_code == 404


def test_repeated_scalar_query_key_takes_the_last_value(backend: Backend) -> None:
    assert TestClient(SCALARS, backend=backend).get("/defaults?page=2&page=5").json()["page"] == 5


# --- repeated keys ------------------------------------------------------------------------


@get("/tags")
async def tags(tag: Query[list[str]]) -> list[str]:
    return tag


@get("/ids")
async def ids(ids: Query[list[int]] = []) -> list[int]:  # noqa: B006  # a default, never mutated
    return ids


@get("/pair")
async def pair(point: Query[tuple[int, ...]]) -> dict[str, object]:
    return {"point": list(point), "type": type(point).__name__}


REPEATED = App([tags, ids, pair])


def test_repeated_query_keys_fill_a_list(backend: Backend) -> None:
    assert TestClient(REPEATED, backend=backend).get("/tags?tag=a&tag=b&tag=c").json() == ["a", "b", "c"]


def test_single_query_key_fills_a_one_item_list(backend: Backend) -> None:
    assert TestClient(REPEATED, backend=backend).get("/tags?tag=a").json() == ["a"]


def test_repeated_query_keys_fill_a_typed_list(backend: Backend) -> None:
    client = TestClient(REPEATED, backend=backend)
    assert client.get("/ids?ids=1&ids=2").json() == [1, 2]
    assert client.get("/ids").json() == []


def test_repeated_query_keys_fill_a_tuple(backend: Backend) -> None:
    response = TestClient(REPEATED, backend=backend).get("/pair?point=3&point=4")
    assert response.json() == {"point": [3, 4], "type": "tuple"}


def test_invalid_item_of_a_list_query_is_400_naming_its_index(backend: Backend) -> None:
    response = TestClient(REPEATED, backend=backend).get("/ids?ids=1&ids=x")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["source"] == "query"
    assert error["name"] == "ids[1]"


def test_missing_required_list_query_is_400(backend: Backend) -> None:
    response = TestClient(REPEATED, backend=backend).get("/tags")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"source": "query", "name": "tag", "message": "Missing required query parameter"}
    ]


# --- booleans -----------------------------------------------------------------------------


@get("/flag")
async def flag(on: Query[bool]) -> dict[str, bool]:
    return {"on": on}


@get("/flags")
async def flags(on: Query[list[bool]]) -> list[bool]:
    return on


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("yes", True),
        ("no", False),
        ("on", True),
        ("off", False),
        ("TRUE", True),
        ("False", False),
        ("Yes", True),
        ("NO", False),
        ("On", True),
        ("OFF", False),
    ],
)
def test_query_bool_spellings_are_accepted_case_insensitively(backend: Backend, raw: str, expected: bool) -> None:
    assert TestClient(App([flag]), backend=backend).get(f"/flag?on={raw}").json() == {"on": expected}


@pytest.mark.parametrize("raw", ["maybe", "2", "", "tru", "y"])
def test_invalid_query_bool_is_400(backend: Backend, raw: str) -> None:
    response = TestClient(App([flag]), backend=backend).get(f"/flag?on={raw}")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["source"], error["name"]) == ("query", "on")


def test_query_bool_list_accepts_each_spelling(backend: Backend) -> None:
    response = TestClient(App([flags]), backend=backend).get("/flags?on=yes&on=OFF&on=1")
    assert response.json() == [True, False, True]


# --- alias and constraints ----------------------------------------------------------------


@get("/page")
async def page(
    page_size: Query[Annotated[int, Alias("page-size")]] = 10,
    limit: Query[Annotated[int, msgspec.Meta(ge=1, le=100)]] = 10,
) -> dict[str, int]:
    return {"page_size": page_size, "limit": limit}


def test_alias_reads_the_query_under_its_wire_name(backend: Backend) -> None:
    client = TestClient(App([page]), backend=backend)
    assert client.get("/page?page-size=25").json() == {"page_size": 25, "limit": 10}
    assert client.get("/page?page_size=25").json() == {"page_size": 10, "limit": 10}


def test_alias_names_the_wire_name_in_errors(backend: Backend) -> None:
    response = TestClient(App([page]), backend=backend).get("/page?page-size=big")
    assert response.status_code == 400
    assert response.json()["errors"][0]["name"] == "page-size"


@pytest.mark.parametrize("limit", ["0", "101", "-1"])
def test_meta_constraint_violation_is_400(backend: Backend, limit: str) -> None:
    response = TestClient(App([page]), backend=backend).get(f"/page?limit={limit}")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["source"], error["name"]) == ("query", "limit")
    assert "Expected `int` >= 1" in error["message"] or "Expected `int` <= 100" in error["message"]


def test_meta_constraint_within_bounds_passes(backend: Backend) -> None:
    assert TestClient(App([page]), backend=backend).get("/page?limit=100").json()["limit"] == 100


# --- groups -------------------------------------------------------------------------------


class StructFilters(msgspec.Struct, frozen=True):
    name: str
    min_price: float
    limit: int = 10
    tags: list[str] = []


@dataclasses.dataclass(frozen=True)
class DataclassFilters:
    name: str
    min_price: float
    limit: int = 10


class DictFilters(TypedDict):
    name: str
    min_price: float


@get("/struct-group")
async def struct_group(filters: Query[StructFilters]) -> StructFilters:
    return filters


@get("/dataclass-group")
async def dataclass_group(filters: Query[DataclassFilters]) -> DataclassFilters:
    return filters


@get("/typeddict-group")
async def typeddict_group(filters: Query[DictFilters]) -> DictFilters:
    return filters


@get("/optional-group")
async def optional_group(filters: Query[StructFilters | None] = None) -> StructFilters | None:
    return filters


GROUPS = App([struct_group, dataclass_group, typeddict_group, optional_group])


def test_struct_groups_query_parameters(backend: Backend) -> None:
    response = TestClient(GROUPS, backend=backend).get("/struct-group?name=x&min_price=1.5&tags=a&tags=b")
    assert response.json() == {"name": "x", "min_price": 1.5, "limit": 10, "tags": ["a", "b"]}


def test_dataclass_groups_query_parameters(backend: Backend) -> None:
    response = TestClient(GROUPS, backend=backend).get("/dataclass-group?name=x&min_price=2&limit=3")
    assert response.json() == {"name": "x", "min_price": 2.0, "limit": 3}


def test_typeddict_groups_query_parameters(backend: Backend) -> None:
    response = TestClient(GROUPS, backend=backend).get("/typeddict-group?name=x&min_price=2")
    assert response.json() == {"name": "x", "min_price": 2.0}


@pytest.mark.parametrize("path", ["/struct-group", "/dataclass-group", "/typeddict-group"])
def test_group_errors_are_named_per_field(backend: Backend, path: str) -> None:
    response = TestClient(GROUPS, backend=backend).get(f"{path}?min_price=cheap")
    assert response.status_code == 400
    errors = {(e["source"], e["name"]): e["message"] for e in response.json()["errors"]}
    assert errors == {
        ("query", "name"): "Missing required query parameter",
        ("query", "min_price"): "Expected `float`, got `str`",
    }


def test_optional_group_is_none_when_none_of_its_fields_is_sent(backend: Backend) -> None:
    client = TestClient(GROUPS, backend=backend)
    assert client.get("/optional-group?other=1").json() is None
    assert client.get("/optional-group?name=x&min_price=1").json() == {
        "name": "x",
        "min_price": 1.0,
        "limit": 10,
        "tags": [],
    }


def test_optional_group_with_some_fields_sent_reports_the_missing_ones(backend: Backend) -> None:
    response = TestClient(GROUPS, backend=backend).get("/optional-group?name=x")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"source": "query", "name": "min_price", "message": "Missing required query parameter"}
    ]


# --- max_query_params -----------------------------------------------------------------------


@get("/counted", max_query_params=5)
async def counted(a: Query[str] = "") -> str:
    return a


@get("/counted-default")
async def counted_default(a: Query[str] = "") -> str:
    return a


def test_query_pairs_up_to_max_query_params_are_read(backend: Backend) -> None:
    query = "&".join(f"k{i}=v" for i in range(4)) + "&a=ok"
    assert TestClient(App([counted]), backend=backend).get(f"/counted?{query}").text == "ok"


def test_more_query_pairs_than_max_query_params_is_400(backend: Backend) -> None:
    query = "&".join(f"k{i}=v" for i in range(6))
    response = TestClient(App([counted]), backend=backend).get(f"/counted?{query}")
    assert response.status_code == 400
    assert response.json()["status_code"] == 400


def test_max_query_params_defaults_to_1000(backend: Backend) -> None:
    client = TestClient(App([counted_default]), backend=backend)
    assert client.get("/counted-default?" + "&".join(["k=v"] * 1000)).status_code == 200
    assert client.get("/counted-default?" + "&".join(["k=v"] * 1001)).status_code == 400


def test_max_query_params_layer_on_app_applies(backend: Backend) -> None:
    client = TestClient(App([counted_default], max_query_params=2), backend=backend)
    assert client.get("/counted-default?a=1&b=2").status_code == 200
    assert client.get("/counted-default?a=1&b=2&c=3").status_code == 400
