"""`Request` in full (API.md §6): `base_url`, `accept` with `best_match`, `state`, `app`, and the
`Headers` and `MultiDict` it hands out."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Literal

import pytest

from lanner import App, Headers, MultiDict, Request, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


@get("/where")
async def where(request: Request) -> dict[str, object]:
    base = request.base_url
    return {
        "base_url": str(base),
        "scheme": base.scheme,
        "hostname": base.hostname,
        "port": base.port,
        "path": base.path,
        "url": str(request.url),
    }


@get("/best")
async def best(request: Request) -> dict[str, str | None]:
    return {
        "match": request.accept.best_match(["application/json", "text/html"]),
        "none": request.accept.best_match(["image/png"]),
        "default": request.accept.best_match(["image/png"], default="image/webp"),
    }


@get("/app-is")
async def app_is(request: Request) -> bool:
    return request.app is PROPERTIES


@get("/state")
async def state(request: Request) -> dict[str, object]:
    return dict(request.state)


@get("/headers")
async def headers(request: Request) -> dict[str, object]:
    return {
        "get": request.headers.get("X-Tag"),
        "get_upper": request.headers.get("X-TAG"),
        "missing": request.headers.get("X-Missing", "default"),
        "get_list": request.headers.get_list("x-Tag"),
        "contains": "X-TAG" in request.headers,
    }


@get("/query")
async def query(request: Request) -> dict[str, object]:
    params = request.query_params
    return {
        "get": params.get("tag"),
        "getlist": params.getlist("tag"),
        "missing": params.getlist("nope"),
        "items": list(params.items()),
        "multi_items": params.multi_items(),
    }


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[Mapping[str, object]]:
    yield {"greeting": "hello"}


PROPERTIES = App([where, best, app_is, state, headers, query], lifespan=lifespan)


def test_base_url_is_the_apps_root(backend: Backend) -> None:
    response = TestClient(PROPERTIES, backend=backend).get("/where?x=1")

    assert response.json() == {
        "base_url": "http://testserver/",
        "scheme": "http",
        "hostname": "testserver",
        "port": None,
        "path": "/",
        "url": "http://testserver/where?x=1",
    }


def test_base_url_includes_the_root_path_and_the_port(backend: Backend) -> None:
    client = TestClient(PROPERTIES, base_url="https://example.com:8443", root_path="/api", backend=backend)

    body = client.get("/where").json()

    assert (body["base_url"], body["port"], body["path"]) == ("https://example.com:8443/api/", 8443, "/api/")


def test_accept_best_match_picks_the_clients_preference(backend: Backend) -> None:
    client = TestClient(PROPERTIES, backend=backend)

    response = client.get("/best", headers={"Accept": "text/html;q=0.9, application/json"})

    assert response.json() == {"match": "application/json", "none": None, "default": "image/webp"}


def test_accept_best_match_without_accept_is_the_first_offered(backend: Backend) -> None:
    client = TestClient(PROPERTIES, backend=backend, headers={"Accept": ""})

    assert client.get("/best").json()["match"] == "application/json"


def test_request_app_is_the_app_serving_it(backend: Backend) -> None:
    assert TestClient(PROPERTIES, backend=backend).get("/app-is").json() is True


def test_request_state_holds_what_the_lifespan_yielded(backend: Backend) -> None:
    with TestClient(PROPERTIES, backend=backend) as client:
        assert client.get("/state").json() == {"greeting": "hello"}


def test_request_headers_are_case_insensitive_and_keep_every_value(backend: Backend) -> None:
    response = TestClient(PROPERTIES, backend=backend).get("/headers", headers=[("X-Tag", "one"), ("x-tag", "two")])

    assert response.json() == {
        "get": "one",
        "get_upper": "one",
        "missing": "default",
        "get_list": ["one", "two"],
        "contains": True,
    }


def test_request_query_params_is_a_multidict(backend: Backend) -> None:
    response = TestClient(PROPERTIES, backend=backend).get("/query?tag=a&q=x&tag=b")

    assert response.json() == {
        "get": "b",
        "getlist": ["a", "b"],
        "missing": [],
        "items": [["tag", "b"], ["q", "x"]],
        "multi_items": [["tag", "a"], ["q", "x"], ["tag", "b"]],
    }


def test_a_request_built_outside_an_app_says_so_when_asked_for_it() -> None:
    request = Request({"type": "http", "method": "GET", "path": "/", "headers": []}, receive=_never)

    with pytest.raises(RuntimeError, match="outside an App"):
        request.app  # noqa: B018  # the property access is the point


async def _never() -> dict[str, object]:
    raise AssertionError("not called")


# --- Headers and MultiDict on their own ----------------------------------------------------------------


def test_headers_get_is_the_first_value_in_any_case() -> None:
    headers = Headers([(b"x-tag", b"a"), (b"X-Tag", b"b")])

    assert (headers.get("X-TAG"), headers["x-tag"], headers.get_list("X-Tag")) == ("a", "a", ["a", "b"])


def test_headers_from_a_mapping_lower_cases_names() -> None:
    headers = Headers.from_mapping({"Content-Type": "text/plain"})

    assert (headers.get("content-type"), list(headers)) == ("text/plain", ["content-type"])


def test_multidict_get_is_the_last_value_and_getlist_every_value() -> None:
    pairs = MultiDict([("a", "1"), ("b", "x"), ("a", "2")])

    assert (pairs.get("a"), pairs["a"], pairs.getlist("a"), pairs.get("c", "none")) == ("2", "2", ["1", "2"], "none")


def test_multidict_items_has_one_pair_per_key_and_multi_items_every_pair() -> None:
    pairs = MultiDict([("a", "1"), ("b", "x"), ("a", "2")])

    assert list(pairs.items()) == [("a", "2"), ("b", "x")]
    assert pairs.multi_items() == [("a", "1"), ("b", "x"), ("a", "2")]


def test_multidict_cannot_be_changed() -> None:
    pairs = MultiDict([("a", "1")])

    with pytest.raises(TypeError):
        pairs["a"] = "2"  # type: ignore[index]  # read-only: the point of this test
