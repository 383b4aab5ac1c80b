"""Path converters: what each one accepts, and that a segment that does not convert is a 404."""

from __future__ import annotations

import datetime
import uuid
from typing import Literal

import pytest

from lanner import App, ImproperlyConfigured, Path, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


@get("/str/{value:str}")
async def by_str(value: Path[str]) -> dict[str, str]:
    return {"value": value, "type": type(value).__name__}


@get("/int/{value:int}")
async def by_int(value: Path[int]) -> dict[str, object]:
    return {"value": value, "type": type(value).__name__}


@get("/float/{value:float}")
async def by_float(value: Path[float]) -> dict[str, object]:
    return {"value": value, "type": type(value).__name__}


@get("/uuid/{value:uuid}")
async def by_uuid(value: Path[uuid.UUID]) -> dict[str, object]:
    return {"value": str(value), "type": type(value).__name__}


@get("/files/{value:path}")
async def by_path(value: Path[str]) -> dict[str, str]:
    return {"value": value}


@get("/date/{value:date}")
async def by_date(value: Path[datetime.date]) -> dict[str, object]:
    return {"value": value.isoformat(), "type": type(value).__name__}


@get("/bare-int/{value}")
async def bare_int(value: Path[int]) -> dict[str, object]:
    return {"value": value, "type": type(value).__name__}


@get("/bare-uuid/{value}")
async def bare_uuid(value: Path[uuid.UUID]) -> dict[str, object]:
    return {"value": str(value), "type": type(value).__name__}


@get("/bare-date/{value}")
async def bare_date(value: Path[datetime.date]) -> dict[str, object]:
    return {"value": value.isoformat(), "type": type(value).__name__}


@get("/bare-float/{value}")
async def bare_float(value: Path[float]) -> dict[str, object]:
    return {"value": value, "type": type(value).__name__}


@get("/bare-str/{value}")
async def bare_str(value: Path[str]) -> dict[str, object]:
    return {"value": value, "type": type(value).__name__}


APP = App(
    [by_str, by_int, by_float, by_uuid, by_path, by_date, bare_int, bare_uuid, bare_date, bare_float, bare_str]
)


def test_str_converter_passes_the_segment_through(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/str/hello")
    assert response.json() == {"value": "hello", "type": "str"}


def test_str_converter_receives_the_percent_decoded_segment(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/str/caf%C3%A9%20bar")
    assert response.json() == {"value": "café bar", "type": "str"}


def test_int_converter_gives_an_int(backend: Backend) -> None:
    assert TestClient(APP, backend=backend).get("/int/42").json() == {"value": 42, "type": "int"}


def test_int_converter_accepts_negative_ints(backend: Backend) -> None:
    assert TestClient(APP, backend=backend).get("/int/-7").json() == {"value": -7, "type": "int"}


@pytest.mark.parametrize("segment", ["abc", "1.5", "1_000", "%201", "%C2%B2", "12abc", "-", "0x10"])
def test_int_placeholder_that_does_not_convert_is_404(backend: Backend, segment: str) -> None:
    response = TestClient(APP, backend=backend).get(f"/int/{segment}")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "Not Found"}


def test_float_converter_gives_a_float(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)
    assert client.get("/float/2.5").json() == {"value": 2.5, "type": "float"}
    assert client.get("/float/-3").json() == {"value": -3.0, "type": "float"}


@pytest.mark.parametrize("segment", ["abc", "nan", "inf", "1_0", "1..2", "--1", "e"])
def test_float_placeholder_that_does_not_convert_is_404(backend: Backend, segment: str) -> None:
    assert TestClient(APP, backend=backend).get(f"/float/{segment}").status_code == 404


def test_uuid_converter_gives_a_uuid(backend: Backend) -> None:
    value = "6f1a8a52-23a4-4c9b-9d3c-2f9f3c1e7b10"
    assert TestClient(APP, backend=backend).get(f"/uuid/{value}").json() == {"value": value, "type": "UUID"}


@pytest.mark.parametrize(
    "segment",
    [
        "not-a-uuid",
        "6f1a8a5223a44c9b9d3c2f9f3c1e7b10",
        "{6f1a8a52-23a4-4c9b-9d3c-2f9f3c1e7b10}",
        "6f1a8a52-23a4-4c9b-9d3c-2f9f3c1e7bzz",
        "123",
    ],
)
def test_uuid_placeholder_that_does_not_convert_is_404(backend: Backend, segment: str) -> None:
    assert TestClient(APP, backend=backend).get(f"/uuid/{segment}").status_code == 404


def test_path_converter_takes_the_rest_of_the_path_with_slashes(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/files/a/b/c.txt")
    assert response.json() == {"value": "a/b/c.txt"}


def test_path_converter_takes_a_single_segment(backend: Backend) -> None:
    assert TestClient(APP, backend=backend).get("/files/readme").json() == {"value": "readme"}


def test_date_converter_gives_a_date(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/date/2024-02-29")
    assert response.json() == {"value": "2024-02-29", "type": "date"}


@pytest.mark.parametrize("segment", ["2023-02-29", "2024-13-01", "yesterday", "20240101", "2024-1-1", "2024-01-01T00:00"])
def test_date_placeholder_that_does_not_convert_is_404(backend: Backend, segment: str) -> None:
    assert TestClient(APP, backend=backend).get(f"/date/{segment}").status_code == 404


def test_placeholder_without_converter_takes_int_from_path_type(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)
    assert client.get("/bare-int/5").json() == {"value": 5, "type": "int"}
    assert client.get("/bare-int/-5").json() == {"value": -5, "type": "int"}
    assert client.get("/bare-int/five").status_code == 404


def test_placeholder_without_converter_takes_uuid_from_path_type(backend: Backend) -> None:
    value = str(uuid.UUID(int=7))
    client = TestClient(APP, backend=backend)
    assert client.get(f"/bare-uuid/{value}").json() == {"value": value, "type": "UUID"}
    assert client.get("/bare-uuid/seven").status_code == 404


def test_placeholder_without_converter_takes_date_from_path_type(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)
    assert client.get("/bare-date/2020-01-31").json() == {"value": "2020-01-31", "type": "date"}
    assert client.get("/bare-date/2020-01-32").status_code == 404


def test_placeholder_without_converter_takes_float_from_path_type(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)
    assert client.get("/bare-float/1.25").json() == {"value": 1.25, "type": "float"}
    assert client.get("/bare-float/x").status_code == 404


def test_placeholder_without_converter_and_str_type_takes_any_segment(backend: Backend) -> None:
    assert TestClient(APP, backend=backend).get("/bare-str/12").json() == {"value": "12", "type": "str"}


def _int_placeholder_with_str_type() -> None:
    @get("/items/{item_id:int}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def read_item(item_id: Path[str]) -> str:
        return item_id

    App([read_item])


def test_explicit_converter_that_disagrees_with_path_type_is_improperly_configured() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"item_id"):
        _int_placeholder_with_str_type()


def test_uuid_converter_with_int_path_type_is_improperly_configured() -> None:
    @get("/items/{item_id:uuid}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def read_item(item_id: Path[int]) -> int:
        return item_id

    with pytest.raises(ImproperlyConfigured, match=r"uuid"):
        App([read_item])


def test_path_converter_with_int_path_type_is_improperly_configured() -> None:
    @get("/files/{rest:path}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def read_file(rest: Path[int]) -> int:
        return rest

    with pytest.raises(ImproperlyConfigured, match=r"rest"):
        App([read_file])
