"""Route decorators, methods, HEAD/OPTIONS, 404/405 and the plain function behind a route."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from lanner import (
    App,
    Path,
    Response,
    delete,
    get,
    head,
    options,
    patch,
    post,
    put,
    route,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Item(msgspec.Struct, frozen=True):
    name: str
    price: float


@get("/verbs")
async def verb_get() -> str:
    return "get"


@post("/verbs")
async def verb_post() -> str:
    return "post"


@put("/verbs")
async def verb_put() -> str:
    return "put"


@patch("/verbs")
async def verb_patch() -> str:
    return "patch"


@delete("/verbs", status_code=200)
async def verb_delete() -> str:
    return "delete"


@options("/verbs")
async def verb_options() -> Response[None]:
    return Response(None, headers={"X-Options": "own"})


@route("/multi", methods=["GET", "post", "PUT"])
async def multi() -> str:
    return "multi"


VERBS_APP = App([verb_get, verb_post, verb_put, verb_patch, verb_delete, verb_options, multi])


@pytest.mark.parametrize(
    ("method", "expected_status", "expected_body"),
    [
        ("GET", 200, "get"),
        ("POST", 201, "post"),
        ("PUT", 200, "put"),
        ("PATCH", 200, "patch"),
        ("DELETE", 200, "delete"),
    ],
)
def test_each_method_decorator_answers_its_own_method(
    backend: Backend, method: str, expected_status: int, expected_body: str
) -> None:
    response = TestClient(VERBS_APP, backend=backend).request(method, "/verbs")
    assert response.status_code == expected_status
    assert response.text == expected_body


def test_options_decorator_handler_replaces_the_implicit_options_answer(backend: Backend) -> None:
    response = TestClient(VERBS_APP, backend=backend).options("/verbs")
    assert response.status_code == 200
    assert response.headers["x-options"] == "own"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT"])
def test_route_decorator_answers_every_listed_method_in_any_case(backend: Backend, method: str) -> None:
    response = TestClient(VERBS_APP, backend=backend).request(method, "/multi")
    assert response.text == "multi"
    assert response.status_code == (201 if method == "POST" else 200)


def test_route_decorator_refuses_a_method_it_does_not_list(backend: Backend) -> None:
    response = TestClient(VERBS_APP, backend=backend).delete("/multi")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "HEAD", "POST", "PUT"}


def test_route_decorator_rejects_a_non_http_method() -> None:
    with pytest.raises(ValueError, match="HTTP methods"):
        route("/x", methods=["FETCH"])


# --- HEAD -------------------------------------------------------------------------------


@get("/doc")
async def document() -> Item:
    return Item("widget", 9.5)


@get("/doc-with-header")
async def document_with_header() -> Response[Item]:
    return Response(Item("widget", 9.5), headers={"X-Trace": "abc"})


def test_get_route_answers_head_with_same_headers_and_empty_body(backend: Backend) -> None:
    client = TestClient(App([document, document_with_header]), backend=backend)
    for path in ("/doc", "/doc-with-header"):
        got = client.get(path)
        headed = client.head(path)
        assert headed.status_code == 200
        assert headed.content == b""
        assert headed.headers["content-length"] == got.headers["content-length"] == str(len(got.content))
        assert headed.headers["content-type"] == got.headers["content-type"]
    assert client.head("/doc-with-header").headers["x-trace"] == "abc"


@get("/dyn-doc/{item_id:int}")
async def dynamic_document(item_id: Path[int]) -> dict[str, int]:
    return {"id": item_id}


def test_dynamic_get_route_answers_head_with_empty_body(backend: Backend) -> None:
    client = TestClient(App([dynamic_document]), backend=backend)
    headed = client.head("/dyn-doc/12")
    assert headed.status_code == 200
    assert headed.content == b""
    assert headed.headers["content-length"] == str(len(b'{"id":12}'))


@get("/headed")
async def headed_get() -> str:
    return "from get"


@head("/headed")
async def headed_head() -> Response[None]:
    return Response(None, headers={"X-Explicit-Head": "yes"})


@get("/headed-dyn/{n:int}")
async def headed_dyn_get(n: Path[int]) -> str:
    return "from get"


@head("/headed-dyn/{n:int}")
async def headed_dyn_head(n: Path[int]) -> Response[None]:
    return Response(None, headers={"X-Explicit-Head": str(n)})


@pytest.mark.parametrize("order", ["get_first", "head_first"])
def test_explicit_head_handler_wins_over_the_implicit_one(backend: Backend, order: str) -> None:
    handlers = [headed_get, headed_head, headed_dyn_get, headed_dyn_head]
    if order == "head_first":
        handlers.reverse()
    client = TestClient(App(handlers), backend=backend)
    assert client.head("/headed").headers["x-explicit-head"] == "yes"
    assert client.head("/headed-dyn/4").headers["x-explicit-head"] == "4"
    assert client.get("/headed").text == "from get"
    assert client.get("/headed-dyn/4").text == "from get"


# --- OPTIONS, 404, 405 ------------------------------------------------------------------


@get("/things")
async def list_things() -> list[str]:
    return []


@post("/things")
async def make_thing() -> str:
    return "made"


@get("/things/{thing_id:int}")
async def read_thing(thing_id: Path[int]) -> int:
    return thing_id


THINGS_APP = App([list_things, make_thing, read_thing])


def _allow(value: str) -> set[str]:
    return {part.strip() for part in value.split(",")}


def test_options_without_handler_answers_204_with_allow(backend: Backend) -> None:
    response = TestClient(THINGS_APP, backend=backend).options("/things")
    assert response.status_code == 204
    assert response.content == b""
    assert _allow(response.headers["allow"]) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_options_on_dynamic_path_answers_204_with_allow(backend: Backend) -> None:
    response = TestClient(THINGS_APP, backend=backend).options("/things/3")
    assert response.status_code == 204
    assert _allow(response.headers["allow"]) == {"GET", "HEAD", "OPTIONS"}


def test_unknown_path_is_404_with_json_error_body(backend: Backend) -> None:
    response = TestClient(THINGS_APP, backend=backend).get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"status_code": 404, "detail": "Not Found"}


def test_wrong_method_is_405_with_allow_header(backend: Backend) -> None:
    response = TestClient(THINGS_APP, backend=backend).put("/things")
    assert response.status_code == 405
    assert response.json() == {"status_code": 405, "detail": "Method Not Allowed"}
    assert _allow(response.headers["allow"]) >= {"GET", "HEAD", "POST"}


def test_wrong_method_on_dynamic_path_is_405_with_allow_header(backend: Backend) -> None:
    response = TestClient(THINGS_APP, backend=backend).delete("/things/3")
    assert response.status_code == 405
    assert _allow(response.headers["allow"]) >= {"GET", "HEAD"}
    assert "DELETE" not in _allow(response.headers["allow"])


def test_head_on_unknown_path_is_404_without_body(backend: Backend) -> None:
    response = TestClient(THINGS_APP, backend=backend).head("/nowhere")
    assert response.status_code == 404
    assert response.content == b""


# --- the decorated function is still the function --------------------------------------


@get("/plain-async/{item_id:int}")
async def plain_async(item_id: Path[int]) -> Item:
    return Item(f"item-{item_id}", float(item_id))


@post("/plain-sync")
def plain_sync(name: Path[str] = "x") -> dict[str, str]:
    return {"name": name}


async def test_decorated_async_function_is_callable_as_the_plain_function() -> None:
    assert await plain_async(3) == Item("item-3", 3.0)
    assert await plain_async(item_id=4) == Item("item-4", 4.0)


def test_decorated_sync_function_is_callable_as_the_plain_function() -> None:
    assert plain_sync("abc") == {"name": "abc"}
    assert plain_sync() == {"name": "x"}


def test_decorating_a_route_handler_again_is_refused() -> None:
    with pytest.raises(TypeError):
        get("/again")(plain_async)
