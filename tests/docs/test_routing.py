"""docs/routing.md: decorators, templates and converters, several paths, routers."""

from __future__ import annotations

from typing import Any, Literal

import re

import anyio
import pytest

from docs.examples import routing_basics, routing_paths, routing_routers, routing_sync, routing_templates
from lanner import (
    App,
    ImproperlyConfigured,
    NotFound,
    Path,
    Query,
    Response,
    ResponseHeader,
    Router,
    SetCookie,
    delete,
    get,
    head,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


# --- routing_basics -----------------------------------------------------------------------


def test_get_answers_200_with_json(backend: Backend) -> None:
    response = TestClient(routing_basics.app, backend=backend).get("/notes")

    assert response.status_code == 200
    assert response.json() == [{"text": "Buy milk"}, {"text": "Call Ada"}]


def test_post_answers_201(backend: Backend) -> None:
    response = TestClient(routing_basics.app, backend=backend).post("/notes", json={"text": "Write docs"})

    assert response.status_code == 201
    assert response.json() == {"text": "Write docs"}


def test_put_answers_200(backend: Backend) -> None:
    response = TestClient(routing_basics.app, backend=backend).put("/notes/1", json={"text": "Buy oat milk"})

    assert response.status_code == 200


def test_delete_answers_204_without_a_body(backend: Backend) -> None:
    response = TestClient(routing_basics.app, backend=backend).delete("/notes/1")

    assert response.status_code == 204
    assert response.content == b""


def test_route_serves_each_of_its_methods_with_its_status_code(backend: Backend) -> None:
    client = TestClient(routing_basics.app, backend=backend)

    assert client.put("/notes/3/pin").json() == {"note_id": 3}
    assert client.delete("/notes/3/pin").status_code == 200


def test_get_route_answers_head_with_the_same_headers_and_no_body(backend: Backend) -> None:
    client = TestClient(routing_basics.app, backend=backend)

    get_response = client.get("/notes")
    head_response = client.head("/notes")

    assert head_response.status_code == 200
    assert head_response.headers["content-type"] == "application/json"
    assert head_response.headers["content-length"] == get_response.headers["content-length"]
    assert head_response.content == b""


def test_known_path_with_another_method_is_405_with_allow(backend: Backend) -> None:
    response = TestClient(routing_basics.app, backend=backend).patch("/notes")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert response.json() == {"status_code": 405, "detail": "Method Not Allowed"}


def test_options_answers_204_with_allow(backend: Backend) -> None:
    response = TestClient(routing_basics.app, backend=backend).options("/notes/1")

    assert response.status_code == 204
    assert response.headers["allow"] == "DELETE, OPTIONS, PUT"
    assert response.content == b""


def test_unknown_path_is_404(backend: Backend) -> None:
    response = TestClient(routing_basics.app, backend=backend).get("/tasks")

    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "Not Found"}


def test_decorated_function_stays_callable_without_http() -> None:
    note = routing_basics.Note("Plain call")

    assert anyio.run(routing_basics.create_note, note) == note


# --- routing_templates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/users/42", {"user_id": 42}),
        ("/users/-7", {"user_id": -7}),
        ("/users/me", {"user": "me"}),
        ("/orders/12345678-1234-5678-1234-567812345678", {"order_id": "12345678-1234-5678-1234-567812345678"}),
        ("/reports/2024-05-06", {"weekday": "Monday"}),
        ("/prices/10.5", {"with_tax": 12.6}),
        ("/prices/1e3", {"with_tax": 1200.0}),
        ("/tags/python", {"name": "python"}),
        ("/files/docs/guide/index.md", {"file_path": "docs/guide/index.md"}),
        ("/files/", {"file_path": ""}),
        ("/files", {"file_path": ""}),
    ],
)
def test_each_converter_hands_the_handler_its_type(backend: Backend, path: str, body: dict[str, object]) -> None:
    response = TestClient(routing_templates.app, backend=backend).get(path)

    assert response.status_code == 200
    assert response.json() == body


@pytest.mark.parametrize(
    "path",
    [
        "/users/ada",
        "/users/1.5",
        "/orders/123",
        "/orders/{12345678-1234-5678-1234-567812345678}",
        "/reports/2024-02-30",
        "/prices/cheap",
        "/prices/nan",
    ],
)
def test_segment_that_does_not_convert_is_404(backend: Backend, path: str) -> None:
    response = TestClient(routing_templates.app, backend=backend).get(path)

    assert response.status_code == 404


def test_trailing_slash_is_ignored(backend: Backend) -> None:
    response = TestClient(routing_templates.app, backend=backend).get("/users/42/")

    assert response.json() == {"user_id": 42}


def test_placeholder_must_fill_a_whole_segment() -> None:
    @get("/avatars/user-{user_id}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def avatar(user_id: Path[int]) -> bytes:
        return b""

    with pytest.raises(ImproperlyConfigured, match='a placeholder must fill a whole path segment, not "user-{user_id}"'):
        App([avatar])


def test_explicit_converter_must_agree_with_the_parameter_type() -> None:
    @get("/users/{user_id:int}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def read_user(user_id: Path[str]) -> str:
        return user_id

    with pytest.raises(ImproperlyConfigured, match='converts "user_id" with int, but the handler declares it Path\\[str\\]'):
        App([read_user])


@get("/things/{number:int}")
async def thing_by_number(number: Path[int]) -> str:
    return "int"


@get("/things/{slug}")
async def thing_by_slug(slug: Path[str]) -> str:
    return "str"


@pytest.mark.parametrize(("path", "chosen"), [("/things/12", "int"), ("/things/twelve", "str")])
def test_most_specific_converter_is_tried_first(backend: Backend, path: str, chosen: str) -> None:
    client = TestClient(App([thing_by_slug, thing_by_number]), backend=backend)

    assert client.get(path).text == chosen


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("/users/{user_id}/{user_id}", 'has the placeholder "user_id" twice'),
        ("/users/{user_id:number}", 'unknown converter "number" in "{user_id:number}"'),
        ("/users/{user_id", 'has unbalanced braces in "{user_id"'),
    ],
)
def test_bad_template_is_refused_when_the_app_is_built(template: str, message: str) -> None:
    @get(template)
    async def read_user(user_id: Path[int]) -> int:
        return user_id

    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        App([read_user])


@get("/explicit-head")
async def explicit_get() -> str:
    return "from GET"


@head("/explicit-head")
async def explicit_head() -> Response[None]:
    return Response(None, headers={"X-From": "HEAD handler"})


def test_head_handler_of_its_own_takes_precedence(backend: Backend) -> None:
    response = TestClient(App([explicit_get, explicit_head]), backend=backend).head("/explicit-head")

    assert response.headers["x-from"] == "HEAD handler"


def test_delete_returning_a_body_is_refused_when_the_app_is_built() -> None:
    @delete("/notes/{note_id:int}")
    async def delete_note(note_id: Path[int]) -> dict[str, int]:  # type: ignore[lanner-return]  # on purpose: the mistake under test
        return {"deleted": note_id}

    with pytest.raises(ImproperlyConfigured, match="with status 204, which carries no body; return None, or set status_code=200"):
        App([delete_note])


def test_unknown_decorator_option_is_refused_with_a_suggestion() -> None:
    @get("/items", staus_code=200)  # type: ignore[call-arg]  # the typo is the point of this test
    async def list_items() -> list[str]:
        return []

    line = list_items.fn.__code__.co_firstlineno
    with pytest.raises(ImproperlyConfigured) as raised:
        App([list_items])

    assert str(raised.value) == (
        "GET /items: handler test_unknown_decorator_option_is_refused_with_a_suggestion.<locals>.list_items "
        f'(test_routing.py:{line}) has an unknown option "staus_code"; did you mean "status_code"?'
    )


def test_unknown_router_option_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match='Router\\("/v1"\\) has an unknown option "cache_contrl"; did you mean "cache_control"'):
        Router("/v1", cache_contrl="no-store")  # type: ignore[call-arg]  # the typo the test is about


# --- routing_paths ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/index.html"])
def test_one_handler_serves_each_of_its_paths(backend: Backend, path: str) -> None:
    assert TestClient(routing_paths.app, backend=backend).get(path).text == "Welcome"


def test_path_parameter_missing_from_a_path_takes_its_default(backend: Backend) -> None:
    assert TestClient(routing_paths.app, backend=backend).get("/posts").json() == {"page": 1}


def test_path_parameter_present_in_a_path_is_read(backend: Backend) -> None:
    assert TestClient(routing_paths.app, backend=backend).get("/posts/page/3").json() == {"page": 3}


# --- routing_routers ----------------------------------------------------------------------


def test_handler_outside_routers_keeps_its_path(backend: Backend) -> None:
    assert TestClient(routing_routers.app, backend=backend).get("/health").text == "ok"


def test_nested_router_prefixes_join(backend: Backend) -> None:
    assert TestClient(routing_routers.app, backend=backend).get("/api/v1/status").json() == {"version": "1"}


def test_router_prefix_placeholder_reaches_the_handler(backend: Backend) -> None:
    response = TestClient(routing_routers.app, backend=backend).get("/api/v1/posts/7/comments/2")

    assert response.json() == {"post_id": 7, "comment_id": 2}


def test_handler_at_slash_answers_at_the_router_prefix(backend: Backend) -> None:
    response = TestClient(routing_routers.app, backend=backend).get("/api/v1/posts/7/comments")

    assert response.json() == ["First comment on post 7"]


@get("/")
async def list_everything() -> list[str]:
    return []


def test_router_prefix_placeholder_without_a_path_parameter_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match='has no Path parameter "post_id"'):
        App([Router("/posts/{post_id:int}/comments", [list_everything])])


def test_router_prefix_placeholder_that_does_not_convert_is_404(backend: Backend) -> None:
    response = TestClient(routing_routers.app, backend=backend).get("/api/v1/posts/seven/comments")

    assert response.status_code == 404


def test_app_layer_headers_reach_every_route(backend: Backend) -> None:
    response = TestClient(routing_routers.app, backend=backend).get("/health")

    assert response.headers["x-content-type-options"] == "nosniff"
    assert "x-api-version" not in response.headers


def test_router_layer_headers_join_the_app_layer(backend: Backend) -> None:
    response = TestClient(routing_routers.app, backend=backend).get("/api/v1/posts/7/comments")

    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-api-version"] == "1"
    assert response.headers["cache-control"] == "max-age=60"


def test_closest_layer_wins_for_the_same_header(backend: Backend) -> None:
    response = TestClient(routing_routers.app, backend=backend).get("/api/v1/status")

    assert response.headers.get_list("cache-control") == ["no-store"]


@get(
    "/layered",
    response_headers=[ResponseHeader("X-Doc", documentation_only=True), ResponseHeader("X-Layer", "layer")],
    response_cookies=[SetCookie("theme", "light")],
)
async def layered(fail: Query[bool] = False) -> Response[str]:
    if fail:
        raise NotFound()
    return Response("hi", headers={"X-Layer": "own"}).with_cookie(SetCookie("theme", "dark"))


def test_returned_response_wins_over_the_layers(backend: Backend) -> None:
    response = TestClient(App([layered]), backend=backend).get("/layered")

    assert response.headers.get_list("x-layer") == ["own"]
    assert response.headers.get_list("set-cookie") == ["theme=dark; Path=/; SameSite=Lax"]


def test_documentation_only_headers_are_never_sent(backend: Backend) -> None:
    response = TestClient(App([layered]), backend=backend).get("/layered")

    assert "x-doc" not in response.headers


def test_error_answers_do_not_carry_layer_headers(backend: Backend) -> None:
    response = TestClient(App([layered]), backend=backend).get("/layered?fail=1")

    assert response.status_code == 404
    assert "x-layer" not in response.headers
    assert "set-cookie" not in response.headers


# --- routing_sync -------------------------------------------------------------------------


def test_sync_handler_runs_in_a_worker_thread(backend: Backend) -> None:
    with TestClient(routing_sync.app, backend=backend) as client:
        loop_thread = client.get("/loop").text

        assert client.get("/worker").text != loop_thread


def test_sync_handler_without_sync_to_thread_runs_on_the_event_loop(backend: Backend) -> None:
    with TestClient(routing_sync.app, backend=backend) as client:
        loop_thread = client.get("/loop").text

        assert client.get("/inline").text == loop_thread
