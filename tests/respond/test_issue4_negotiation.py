"""`media_type=(MediaType.JSON, MediaType.MESSAGEPACK)`: the format is picked per request from
`Accept` (RFC 9110 §12.5.1: q-values, the most specific range, `*/*`, `type/*`), 406 before the
handler runs when nothing fits, and `Vary: Accept` on every answer."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from lanner import App, MediaType, Response, Router, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

JSON = "application/json"
MSGPACK = "application/vnd.msgpack"
RAN: list[str] = []


@pytest.fixture(autouse=True)
def clear_ran() -> None:
    RAN.clear()


class Point(msgspec.Struct, frozen=True):
    x: int
    y: int


@get("/point", media_type=(MediaType.JSON, MediaType.MESSAGEPACK))
async def point() -> Point:
    RAN.append("point")
    return Point(1, 2)


@get("/point-msgpack-first", media_type=(MediaType.MESSAGEPACK, MediaType.JSON))
async def point_msgpack_first() -> Point:
    return Point(1, 2)


@get("/response", media_type=(MediaType.JSON, MediaType.MESSAGEPACK))
async def response() -> Response[Point]:
    return Response(Point(1, 2), headers={"X-Own": "1"}, status_code=203)


@get("/inside")
async def inside() -> Point:
    return Point(1, 2)


NEGOTIATED = App(
    [point, point_msgpack_first, response, Router("/r", [inside], media_type=(MediaType.JSON, MediaType.MESSAGEPACK))]
)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (JSON, JSON),
        (MSGPACK, MSGPACK),
        ("application/json;q=0.5, application/vnd.msgpack", MSGPACK),
        ("application/vnd.msgpack;q=0.4, application/json;q=0.6", JSON),
        ("*/*;q=0.8, application/json;q=0.1", MSGPACK),
        ("application/*;q=0.5, application/vnd.msgpack;q=0.9", MSGPACK),
        ("application/json;q=0, */*", MSGPACK),
        ("text/html, application/vnd.msgpack;q=0.2", MSGPACK),
        ("text/plain, */*;q=0.1", JSON),
        ("APPLICATION/VND.MSGPACK", MSGPACK),
    ],
    ids=[
        "json",
        "msgpack",
        "higher-q-wins",
        "higher-q-wins-whatever-the-order",
        "specific-range-q-overrides-star",
        "specific-range-q-overrides-type-star",
        "q-0-refuses-a-type",
        "only-one-fits",
        "star-star-fits-anything",
        "case-insensitive",
    ],
)
def test_the_format_is_negotiated_from_accept(backend: Backend, accept: str, chosen: str) -> None:
    response = TestClient(NEGOTIATED, backend=backend).get("/point", headers={"Accept": accept})

    assert (response.status_code, response.headers["content-type"]) == (200, chosen)


@pytest.mark.parametrize("accept", ["*/*", "application/*", "application/json, application/vnd.msgpack", ""])
def test_a_tie_goes_to_the_first_media_type_of_the_route(backend: Backend, accept: str) -> None:
    client = TestClient(NEGOTIATED, backend=backend)

    assert client.get("/point", headers={"Accept": accept}).headers["content-type"] == JSON
    assert client.get("/point-msgpack-first", headers={"Accept": accept}).headers["content-type"] == MSGPACK


def test_the_chosen_format_encodes_the_body(backend: Backend) -> None:
    client = TestClient(NEGOTIATED, backend=backend)

    assert client.get("/point", headers={"Accept": JSON}).json() == {"x": 1, "y": 2}
    assert msgspec.msgpack.decode(client.get("/point", headers={"Accept": MSGPACK}).content) == {"x": 1, "y": 2}


@pytest.mark.parametrize("accept", [JSON, MSGPACK])
def test_a_negotiated_answer_says_vary_accept(backend: Backend, accept: str) -> None:
    response = TestClient(NEGOTIATED, backend=backend).get("/point", headers={"Accept": accept})

    assert response.headers.get_list("vary") == ["Accept"]


@pytest.mark.parametrize("accept", ["text/html", "image/*", "application/json;q=0, application/vnd.msgpack;q=0"])
def test_nothing_fitting_is_406_and_the_handler_does_not_run(backend: Backend, accept: str) -> None:
    response = TestClient(NEGOTIATED, backend=backend).get("/point", headers={"Accept": accept})

    assert response.status_code == 406
    assert response.json()["detail"] == "This resource is available as application/json, application/vnd.msgpack"
    assert RAN == []


def test_a_406_says_vary_accept(backend: Backend) -> None:
    response = TestClient(NEGOTIATED, backend=backend).get("/point", headers={"Accept": "text/html"})

    assert response.headers.get_list("vary") == ["Accept"]


def test_a_returned_response_is_negotiated_and_keeps_what_it_sets(backend: Backend) -> None:
    response = TestClient(NEGOTIATED, backend=backend).get("/response", headers={"Accept": MSGPACK})

    assert (response.status_code, response.headers["content-type"], response.headers["x-own"]) == (203, MSGPACK, "1")
    assert response.headers.get_list("vary") == ["Accept"]
    assert msgspec.msgpack.decode(response.content) == {"x": 1, "y": 2}


def test_head_is_negotiated_like_get(backend: Backend) -> None:
    response = TestClient(NEGOTIATED, backend=backend).head("/point", headers={"Accept": MSGPACK})

    assert (response.headers["content-type"], response.content) == (MSGPACK, b"")


def test_a_router_media_type_tuple_negotiates_its_routes(backend: Backend) -> None:
    response = TestClient(NEGOTIATED, backend=backend).get("/r/inside", headers={"Accept": MSGPACK})

    assert (response.headers["content-type"], response.headers["vary"]) == (MSGPACK, "Accept")
