"""The other layer options: `media_type`, `type_encoders`, `request_max_body_size` and
`strict_content_type` on the App, a Router and a handler; the closest layer wins."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from lanner import App, Body, MediaType, Router, get, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Point(msgspec.Struct, frozen=True):
    x: int


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


@get("/point")
async def point() -> Point:
    return Point(1)


@get("/point-json", media_type=MediaType.JSON)
async def point_json() -> Point:
    return Point(1)


@get("/money")
async def money() -> dict[str, Money]:
    return {"total": Money(1999)}


@get("/money-in-cents", type_encoders={Money: lambda m: m.cents})
async def money_in_cents() -> dict[str, Money]:
    return {"total": Money(1999)}


@post("/upload")
async def upload(data: Body[bytes]) -> int:
    return len(data)


@post("/upload-small", request_max_body_size=5)
async def upload_small(data: Body[bytes]) -> int:
    return len(data)


@post("/json")
async def read_json(point: Body[Point]) -> Point:
    return point


@post("/json-strict", strict_content_type=True)
async def read_json_strict(point: Body[Point]) -> Point:
    return point


def euros(m: Money) -> str:
    return f"{m.cents / 100:.2f} EUR"


def cents_text(m: Money) -> str:
    return f"{m.cents} cents"


LAYERED = App(
    [point, upload, read_json],
    routers=[
        Router(
            "/r",
            [point, point_json, money, money_in_cents, upload, upload_small, read_json, read_json_strict],
            media_type=MediaType.MESSAGEPACK,
            type_encoders={Money: cents_text},
            request_max_body_size=100,
            strict_content_type=False,
        )
    ],
    type_encoders={Money: euros},
    request_max_body_size=10,
)


def test_a_router_media_type_applies_to_its_routes(backend: Backend) -> None:
    client = TestClient(LAYERED, backend=backend)

    assert client.get("/point").headers["content-type"] == "application/json"
    assert client.get("/r/point").headers["content-type"] == "application/vnd.msgpack"


def test_a_handler_media_type_wins_over_its_routers(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/r/point-json")

    assert (response.headers["content-type"], response.json()) == ("application/json", {"x": 1})


def test_type_encoders_of_the_closest_layer_win(backend: Backend) -> None:
    client = TestClient(LAYERED, backend=backend)

    assert msgspec.msgpack.decode(client.get("/r/money").content) == {"total": "1999 cents"}
    assert msgspec.msgpack.decode(client.get("/r/money-in-cents").content) == {"total": 1999}


def test_an_app_type_encoder_reaches_routes_without_a_closer_one(backend: Backend) -> None:
    @get("/app-money")
    async def app_money() -> dict[str, Money]:
        return {"total": Money(250)}

    response = TestClient(App([app_money], type_encoders={Money: euros}), backend=backend).get("/app-money")

    assert response.json() == {"total": "2.50 EUR"}


@pytest.mark.parametrize(
    ("path", "size", "status"),
    [("/upload", 10, 201), ("/upload", 11, 413), ("/r/upload", 100, 201), ("/r/upload", 101, 413), ("/r/upload-small", 6, 413)],
)
def test_request_max_body_size_of_the_closest_layer_applies(backend: Backend, path: str, size: int, status: int) -> None:
    response = TestClient(LAYERED, backend=backend).post(
        path, content=b"a" * size, headers={"Content-Type": "application/octet-stream"}
    )

    assert response.status_code == status


def test_strict_content_type_is_the_default(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).post("/json", content=b'{"x": 1}')

    assert response.status_code == 415


def test_a_router_without_strict_content_type_reads_a_body_without_one_as_json(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).post("/r/json", content=b'{"x": 1}')

    assert (response.status_code, msgspec.msgpack.decode(response.content)) == (201, {"x": 1})


def test_a_handler_strict_content_type_wins_over_its_routers(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).post("/r/json-strict", content=b'{"x": 1}')

    assert response.status_code == 415
