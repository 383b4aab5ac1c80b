"""A layer's `etag`: GET and HEAD answer 304 without running the handler when `If-None-Match`
matches it (weak comparison, `*`, lists); other methods and other tags run the handler."""

from __future__ import annotations

from typing import Literal

import pytest

from lanner import App, CacheControlHeader, ETag, Router, get, post, put
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

RAN: list[str] = []


@pytest.fixture(autouse=True)
def clear_ran() -> None:
    RAN.clear()


@get("/doc", etag=ETag("v1"), cache_control=CacheControlHeader(max_age=60), response_headers={"X-Other": "o"})
async def doc() -> dict[str, str]:
    RAN.append("get")
    return {"version": "1"}


@post("/doc", etag=ETag("v1"))
async def update_doc() -> dict[str, str]:
    RAN.append("post")
    return {"version": "2"}


@put("/doc", etag=ETag("v1"))
async def replace_doc() -> dict[str, str]:
    RAN.append("put")
    return {"version": "2"}


@get("/weak", etag=ETag("w1", weak=True))
async def weak() -> str:
    RAN.append("weak")
    return "x"


@get("/inside")
async def inside() -> str:
    RAN.append("inside")
    return "x"


@get("/own-tag", etag=ETag("handler"))
async def own_tag() -> str:
    RAN.append("own-tag")
    return "x"


TAGGED = App([doc, update_doc, replace_doc, weak, Router("/r", [inside, own_tag], etag=ETag("router"))])


@pytest.mark.parametrize(
    "if_none_match",
    ['"v1"', 'W/"v1"', "*", '"v0", "v1"', 'W/"v0",W/"v1"', ' "v1" '],
    ids=["strong", "weak-form", "star", "list", "weak-list", "spaces"],
)
def test_get_with_a_matching_if_none_match_is_304_and_the_handler_does_not_run(
    backend: Backend, if_none_match: str
) -> None:
    response = TestClient(TAGGED, backend=backend).get("/doc", headers={"If-None-Match": if_none_match})

    assert (response.status_code, response.content, RAN) == (304, b"", [])


def test_head_with_a_matching_if_none_match_is_304(backend: Backend) -> None:
    response = TestClient(TAGGED, backend=backend).head("/doc", headers={"If-None-Match": '"v1"'})

    assert (response.status_code, RAN) == (304, [])


def test_a_weak_layer_etag_matches_its_strong_form_too(backend: Backend) -> None:
    response = TestClient(TAGGED, backend=backend).get("/weak", headers={"If-None-Match": '"w1"'})

    assert response.status_code == 304


def test_304_carries_the_etag_and_cache_control_but_no_content_headers(backend: Backend) -> None:
    response = TestClient(TAGGED, backend=backend).get("/doc", headers={"If-None-Match": '"v1"'})

    assert response.headers["etag"] == '"v1"'
    assert response.headers["cache-control"] == "max-age=60"
    assert "content-type" not in response.headers


@pytest.mark.parametrize("if_none_match", ['"v2"', 'W/"v10"', '"v1', "v1", ""])
def test_get_with_another_tag_runs_the_handler(backend: Backend, if_none_match: str) -> None:
    response = TestClient(TAGGED, backend=backend).get("/doc", headers={"If-None-Match": if_none_match})

    assert (response.status_code, response.json(), RAN) == (200, {"version": "1"}, ["get"])
    assert response.headers["etag"] == '"v1"'


def test_get_without_if_none_match_runs_the_handler_and_sends_the_etag(backend: Backend) -> None:
    response = TestClient(TAGGED, backend=backend).get("/doc")

    assert (response.status_code, response.headers["etag"], RAN) == (200, '"v1"', ["get"])


@pytest.mark.parametrize(("method", "status"), [("POST", 201), ("PUT", 200)])
def test_a_matching_if_none_match_on_another_method_is_not_304(backend: Backend, method: str, status: int) -> None:
    response = TestClient(TAGGED, backend=backend).request(method, "/doc", headers={"If-None-Match": '"v1"'})

    assert response.status_code == status
    assert RAN == [method.lower()]


def test_a_router_etag_applies_to_its_routes(backend: Backend) -> None:
    response = TestClient(TAGGED, backend=backend).get("/r/inside", headers={"If-None-Match": '"router"'})

    assert (response.status_code, RAN) == (304, [])


def test_the_handler_etag_wins_over_the_routers(backend: Backend) -> None:
    client = TestClient(TAGGED, backend=backend)

    assert client.get("/r/own-tag", headers={"If-None-Match": '"router"'}).status_code == 200
    assert client.get("/r/own-tag", headers={"If-None-Match": '"handler"'}).status_code == 304
    assert client.get("/r/own-tag").headers.get_list("etag") == ['"handler"']
