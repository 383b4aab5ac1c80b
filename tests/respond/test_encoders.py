"""The return annotation picks the encoder: JSON, MessagePack, text, bytes, empty, and status defaults."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import http
import uuid
from typing import Literal, NamedTuple, TypedDict

import msgspec
import pytest

from lanner import App, MediaType, Router, delete, get, patch, post, put, route
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Item(msgspec.Struct, frozen=True):
    name: str
    price: float


@dataclasses.dataclass(frozen=True)
class DataItem:
    name: str
    tags: list[str]


class DictItem(TypedDict):
    name: str


class Point(NamedTuple):
    x: int
    y: int


class Color(enum.Enum):
    RED = "red"


@get("/struct")
async def struct_value() -> Item:
    return Item("a", 1.5)


@get("/dataclass")
async def dataclass_value() -> DataItem:
    return DataItem("b", ["x", "y"])


@get("/dict")
async def dict_value() -> dict[str, int]:
    return {"one": 1}


@get("/list")
async def list_value() -> list[Item]:
    return [Item("a", 1.0), Item("b", 2.0)]


@get("/typeddict")
async def typeddict_value() -> DictItem:
    return {"name": "td"}


@get("/namedtuple")
async def namedtuple_value() -> Point:
    return Point(1, 2)


@get("/scalars")
async def scalar_values() -> tuple[int, float, bool, datetime.date, uuid.UUID, decimal.Decimal, Color]:
    return (1, 2.5, True, datetime.date(2024, 1, 2), uuid.UUID(int=1), decimal.Decimal("1.10"), Color.RED)


@get("/int")
async def int_value() -> int:
    return 7


@get("/union")
async def union_value() -> Item | None:
    return None


JSON_APP = App(
    [
        struct_value,
        dataclass_value,
        dict_value,
        list_value,
        typeddict_value,
        namedtuple_value,
        scalar_values,
        int_value,
        union_value,
    ]
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/struct", {"name": "a", "price": 1.5}),
        ("/dataclass", {"name": "b", "tags": ["x", "y"]}),
        ("/dict", {"one": 1}),
        ("/list", [{"name": "a", "price": 1.0}, {"name": "b", "price": 2.0}]),
        ("/typeddict", {"name": "td"}),
        ("/namedtuple", [1, 2]),
        ("/scalars", [1, 2.5, True, "2024-01-02", str(uuid.UUID(int=1)), "1.10", "red"]),
        ("/int", 7),
        ("/union", None),
    ],
)
def test_encodable_return_is_json(backend: Backend, path: str, expected: object) -> None:
    response = TestClient(JSON_APP, backend=backend).get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == expected
    assert response.headers["content-length"] == str(len(response.content))


# --- MessagePack ---------------------------------------------------------------------------


@get("/packed", media_type=MediaType.MESSAGEPACK)
async def packed() -> Item:
    return Item("p", 3.0)


@get("/packed-list")
async def packed_list() -> list[int]:
    return [1, 2, 3]


def test_messagepack_media_type_encodes_msgpack(backend: Backend) -> None:
    response = TestClient(App([packed]), backend=backend).get("/packed")
    assert response.headers["content-type"] == "application/vnd.msgpack"
    assert msgspec.msgpack.decode(response.content) == {"name": "p", "price": 3.0}


def test_messagepack_media_type_on_router_layer_applies(backend: Backend) -> None:
    app = App([Router("/r", [packed_list], media_type=MediaType.MESSAGEPACK)])
    response = TestClient(app, backend=backend).get("/r/packed-list")
    assert response.headers["content-type"] == "application/vnd.msgpack"
    assert msgspec.msgpack.decode(response.content) == [1, 2, 3]


def test_handler_media_type_wins_over_app_media_type(backend: Backend) -> None:
    app = App([packed, struct_value], media_type=MediaType.JSON)
    client = TestClient(app, backend=backend)
    assert client.get("/packed").headers["content-type"] == "application/vnd.msgpack"
    assert client.get("/struct").headers["content-type"] == "application/json"


# --- text, bytes, None -----------------------------------------------------------------------


@get("/text")
async def text() -> str:
    return "héllo"


@get("/html", media_type=MediaType.HTML)
async def html() -> str:
    return "<p>hi</p>"


@get("/bytes")
async def raw_bytes() -> bytes:
    return b"\x00\x01\x02"


@get("/png", media_type="image/png")
async def png() -> bytes:
    return b"\x89PNG"


@get("/nothing")
async def nothing() -> None:
    return None


@get("/sync-text")
def sync_text() -> str:
    return "from a thread"


TEXT_APP = App([text, html, raw_bytes, png, nothing, sync_text])


def test_str_return_is_utf8_text_plain(backend: Backend) -> None:
    response = TestClient(TEXT_APP, backend=backend).get("/text")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.content == "héllo".encode()
    assert response.headers["content-length"] == str(len("héllo".encode()))


def test_str_return_with_html_media_type_is_utf8_html(backend: Backend) -> None:
    response = TestClient(TEXT_APP, backend=backend).get("/html")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text == "<p>hi</p>"


def test_bytes_return_is_octet_stream(backend: Backend) -> None:
    response = TestClient(TEXT_APP, backend=backend).get("/bytes")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.content == b"\x00\x01\x02"


def test_bytes_return_with_media_type_uses_it(backend: Backend) -> None:
    response = TestClient(TEXT_APP, backend=backend).get("/png")
    assert response.headers["content-type"] == "image/png"
    assert response.content == b"\x89PNG"


def test_none_return_is_an_empty_body(backend: Backend) -> None:
    response = TestClient(TEXT_APP, backend=backend).get("/nothing")
    assert response.status_code == 200
    assert response.content == b""
    assert "content-type" not in response.headers


def test_sync_handler_return_is_encoded_too(backend: Backend) -> None:
    assert TestClient(TEXT_APP, backend=backend).get("/sync-text").text == "from a thread"


# --- status defaults -----------------------------------------------------------------------


@post("/status")
async def status_post() -> Item:
    return Item("new", 1.0)


@put("/status")
async def status_put() -> Item:
    return Item("put", 1.0)


@patch("/status")
async def status_patch() -> Item:
    return Item("patched", 1.0)


@delete("/status")
async def status_delete() -> None:
    return None


@get("/status")
async def status_get() -> Item:
    return Item("got", 1.0)


@post("/accepted", status_code=202)
async def accepted() -> Item:
    return Item("queued", 1.0)


@get("/http-status", status_code=http.HTTPStatus.NON_AUTHORITATIVE_INFORMATION)
async def http_status() -> str:
    return "enum status"


@delete("/delete-200", status_code=200)
async def delete_with_body() -> Item:
    return Item("gone", 1.0)


@route("/both", methods=["GET", "POST", "DELETE"])
async def both() -> None:
    return None


STATUS_APP = App(
    [status_post, status_put, status_patch, status_delete, status_get, accepted, http_status, delete_with_body, both]
)


@pytest.mark.parametrize(("method", "status"), [("POST", 201), ("PUT", 200), ("PATCH", 200), ("DELETE", 204), ("GET", 200)])
def test_status_defaults_by_method(backend: Backend, method: str, status: int) -> None:
    response = TestClient(STATUS_APP, backend=backend).request(method, "/status")
    assert response.status_code == status


def test_delete_default_204_has_no_body_and_no_content_length(backend: Backend) -> None:
    response = TestClient(STATUS_APP, backend=backend).delete("/status")
    assert response.content == b""
    assert "content-length" not in response.headers


def test_status_code_option_overrides_the_default(backend: Backend) -> None:
    client = TestClient(STATUS_APP, backend=backend)
    assert client.post("/accepted").status_code == 202
    assert client.get("/http-status").status_code == 203
    response = client.delete("/delete-200")
    assert response.status_code == 200
    assert response.json() == {"name": "gone", "price": 1.0}


@pytest.mark.parametrize(("method", "status"), [("GET", 200), ("POST", 201), ("DELETE", 204)])
def test_route_with_several_methods_uses_each_methods_default_status(backend: Backend, method: str, status: int) -> None:
    assert TestClient(STATUS_APP, backend=backend).request(method, "/both").status_code == status


# --- type_encoders at runtime -----------------------------------------------------------------


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


class Euro(Money):
    pass


class Yen(Money):
    pass


class Wallet(msgspec.Struct):
    main: Money
    spare: list[Money]


@get("/money", type_encoders={Money: lambda m: f"{m.cents} cents"})
async def money() -> Money:
    return Money(150)


@get("/wallet")
async def wallet() -> Wallet:
    return Wallet(Euro(100), [Yen(5), Money(1)])


@get("/euro", type_encoders={Euro: lambda e: f"EUR {e.cents / 100:.2f}"})
async def euro() -> list[Money]:
    return [Euro(250), Yen(3)]


def test_type_encoder_encodes_the_return_value(backend: Backend) -> None:
    assert TestClient(App([money]), backend=backend).get("/money").json() == "150 cents"


def test_type_encoder_of_the_nearest_base_class_is_used(backend: Backend) -> None:
    app = App([wallet], type_encoders={Money: lambda m: m.cents})
    assert TestClient(app, backend=backend).get("/wallet").json() == {"main": 100, "spare": [5, 1]}


def test_type_encoder_of_a_subclass_wins_over_its_base_class(backend: Backend) -> None:
    app = App([euro], type_encoders={Money: lambda m: m.cents})
    assert TestClient(app, backend=backend).get("/euro").json() == ["EUR 2.50", 3]


def test_type_encoder_closest_layer_wins(backend: Backend) -> None:
    app = App([money], type_encoders={Money: lambda m: "app"})
    assert TestClient(app, backend=backend).get("/money").json() == "150 cents"
