"""Paths: several per handler, routers and prefixes, trailing slashes, root_path, static vs dynamic."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Literal

import pytest

from lanner import App, Path, Request, Router, delete, get, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


# --- several paths per handler ----------------------------------------------------------


@get(["/items", "/items/{item_id:int}"])
async def items(item_id: Path[int] = 0) -> dict[str, int]:
    return {"item_id": item_id}


@get(["/notes", "/notes/{note_id}"])
async def notes(note_id: Path[int] | None = None) -> dict[str, int | None]:
    return {"note_id": note_id}


def test_handler_with_several_paths_answers_each(backend: Backend) -> None:
    client = TestClient(App([items]), backend=backend)
    assert client.get("/items/9").json() == {"item_id": 9}
    assert client.get("/items").json() == {"item_id": 0}


def test_path_param_default_used_on_path_without_its_placeholder(backend: Backend) -> None:
    client = TestClient(App([notes]), backend=backend)
    assert client.get("/notes").json() == {"note_id": None}
    assert client.get("/notes/3").json() == {"note_id": 3}
    assert client.get("/notes/three").status_code == 404


# --- routers ------------------------------------------------------------------------------


@get("/ping")
async def ping() -> str:
    return "pong"


@get("/{user_id:int}")
async def read_user(user_id: Path[int]) -> dict[str, int]:
    return {"user_id": user_id}


@get("/posts/{post_id:int}")
async def read_post(user_id: Path[int], post_id: Path[int]) -> dict[str, int]:
    return {"user_id": user_id, "post_id": post_id}


@get("/posts/{post_id}")
async def read_post_bare(user_id: Path[int], post_id: Path[int]) -> dict[str, int]:
    return {"user_id": user_id, "post_id": post_id}


def test_router_prefix_joins_the_handler_path(backend: Backend) -> None:
    client = TestClient(App([Router("/api", [ping])]), backend=backend)
    assert client.get("/api/ping").text == "pong"
    assert client.get("/ping").status_code == 404


def test_routers_nest_and_join_prefixes(backend: Backend) -> None:
    inner = Router("/v1", [ping, read_user])
    outer = Router("/api/", routers=[inner])
    client = TestClient(App(routers=[outer]), backend=backend)
    assert client.get("/api/v1/ping").text == "pong"
    assert client.get("/api/v1/12").json() == {"user_id": 12}


def test_router_in_route_handlers_list_is_mounted(backend: Backend) -> None:
    app = App([Router("/a", [Router("/b", [ping])])])
    assert TestClient(app, backend=backend).get("/a/b/ping").text == "pong"


def test_router_prefix_placeholder_is_covered_by_the_handler_path_param(backend: Backend) -> None:
    app = App([Router("/users/{user_id:int}", [read_post])])
    client = TestClient(app, backend=backend)
    assert client.get("/users/3/posts/4").json() == {"user_id": 3, "post_id": 4}
    assert client.get("/users/x/posts/4").status_code == 404


def test_router_prefix_placeholder_without_converter_takes_the_param_type(backend: Backend) -> None:
    app = App([Router("/users/{user_id}", [read_post_bare])])
    client = TestClient(app, backend=backend)
    assert client.get("/users/3/posts/4").json() == {"user_id": 3, "post_id": 4}
    assert client.get("/users/abc/posts/4").status_code == 404


# --- trailing slash and root_path ---------------------------------------------------------


@get("/slashed/")
async def slashed() -> str:
    return "slashed"


@get("/leaf/{name}")
async def leaf(name: Path[str]) -> str:
    return name


def test_trailing_slash_on_request_is_ignored(backend: Backend) -> None:
    client = TestClient(App([ping, leaf]), backend=backend)
    assert client.get("/ping/").text == "pong"
    assert client.get("/leaf/x/").text == "x"


def test_trailing_slash_on_route_is_ignored(backend: Backend) -> None:
    client = TestClient(App([slashed]), backend=backend)
    assert client.get("/slashed").text == "slashed"
    assert client.get("/slashed/").text == "slashed"


@get("/where")
async def where(request: Request) -> dict[str, str]:
    return {"path": request.url.path, "root_path": request.scope["root_path"]}


def test_root_path_is_stripped_before_routing(backend: Backend) -> None:
    client = TestClient(App([ping, leaf, where]), root_path="/mounted", backend=backend)
    assert client.get("/ping").text == "pong"
    assert client.get("/leaf/y").text == "y"
    assert client.get("/where").json() == {"path": "/mounted/where", "root_path": "/mounted"}


def test_root_path_does_not_shadow_an_unknown_path(backend: Backend) -> None:
    client = TestClient(App([ping]), root_path="/mounted", backend=backend)
    assert client.get("/elsewhere").status_code == 404


# --- static vs dynamic --------------------------------------------------------------------


@get("/users/me")
async def me() -> str:
    return "me"


@get("/users/{user_id:int}")
async def user_by_id(user_id: Path[int]) -> str:
    return f"id {user_id}"


@get("/users/{username}")
async def user_by_name(username: Path[str]) -> str:
    return f"name {username}"


@delete("/users/{username}", status_code=200)
async def delete_user(username: Path[str]) -> str:
    return f"deleted {username}"


USERS = App([user_by_name, user_by_id, me, delete_user])


def test_static_path_wins_over_a_dynamic_sibling(backend: Backend) -> None:
    assert TestClient(USERS, backend=backend).get("/users/me").text == "me"


def test_int_placeholder_wins_over_str_placeholder_for_digits(backend: Backend) -> None:
    client = TestClient(USERS, backend=backend)
    assert client.get("/users/42").text == "id 42"
    assert client.get("/users/alice").text == "name alice"


def test_static_route_lacking_the_method_falls_back_to_dynamic_route(backend: Backend) -> None:
    client = TestClient(USERS, backend=backend)
    response = client.delete("/users/me")
    assert response.status_code == 200
    assert response.text == "deleted me"


@get("/catch/{rest:path}")
async def catch_all(rest: Path[str]) -> str:
    return f"rest {rest}"


@get("/catch/special/{n:int}")
async def catch_special(n: Path[int]) -> str:
    return f"special {n}"


def test_specific_route_wins_over_path_catch_all(backend: Backend) -> None:
    client = TestClient(App([catch_all, catch_special]), backend=backend)
    assert client.get("/catch/special/3").text == "special 3"
    assert client.get("/catch/special/x").text == "rest special/x"
    assert client.get("/catch/a/b").text == "rest a/b"


# --- many routes --------------------------------------------------------------------------


Endpoint = Callable[..., Coroutine[Any, Any, dict[str, int]]]


def _static_handler(index: int) -> Endpoint:
    async def handler() -> dict[str, int]:
        return {"index": index}

    return handler


def _dynamic_handler(index: int) -> Endpoint:
    async def handler(item_id: Path[int]) -> dict[str, int]:
        return {"index": index, "item_id": item_id}

    return handler


def _many_routes_app() -> App:
    handlers = []
    for index in range(500):
        handlers.append(get(f"/static/{index}/leaf")(_static_handler(index)))
        handlers.append(post(f"/dynamic/{index}/{{item_id:int}}")(_dynamic_handler(index)))
    return App(handlers)


def test_thousand_generated_routes_each_answer_correctly(backend: Backend) -> None:
    app = _many_routes_app()
    with TestClient(app, backend=backend) as client:
        for index in range(500):
            assert client.get(f"/static/{index}/leaf").json() == {"index": index}
            assert client.post(f"/dynamic/{index}/{index * 3}").json() == {"index": index, "item_id": index * 3}
        assert client.get("/static/500/leaf").status_code == 404
        assert client.post("/dynamic/499/abc").status_code == 404
        assert client.get("/dynamic/499/1").status_code == 405


@pytest.mark.parametrize("index", [0, 1, 250, 498, 499])
def test_thousand_generated_routes_first_and_last_answer(backend: Backend, index: int) -> None:
    client = TestClient(_many_routes_app(), backend=backend)
    assert client.get(f"/static/{index}/leaf").json() == {"index": index}
    assert client.post(f"/dynamic/{index}/-1").json() == {"index": index, "item_id": -1}
