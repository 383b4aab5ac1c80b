"""Custom extractors: `Annotated[T, Extract(fn)]` with sync, async and generator functions."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any, Literal

import msgspec
import pytest
from returns.result import Failure, Result, Success

from lanner import (
    App,
    Body,
    Extract,
    Header,
    ImproperlyConfigured,
    NotAuthorized,
    NotFound,
    Path,
    Query,
    Request,
    Response,
    get,
    post,
)
from lanner._types import Message, Scope
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]


class User(msgspec.Struct, frozen=True):
    name: str
    admin: bool = False


# --- the four kinds of function -----------------------------------------------------------


def sync_user(name: Query[str]) -> User:
    return User(name)


async def async_user(x_user: Header[str]) -> User:
    return User(x_user)


GENERATOR_LOG: list[str] = []


def generator_user(name: Query[str]) -> Iterator[User]:
    GENERATOR_LOG.append(f"setup {name}")
    yield User(name)
    GENERATOR_LOG.append(f"teardown {name}")


async def async_generator_user(name: Query[str]) -> AsyncIterator[User]:
    GENERATOR_LOG.append(f"async setup {name}")
    yield User(name)
    GENERATOR_LOG.append(f"async teardown {name}")


@get("/sync")
async def from_sync(user: Annotated[User, Extract(sync_user)]) -> User:
    return user


@get("/async")
async def from_async(user: Annotated[User, Extract(async_user)]) -> User:
    return user


@get("/gen")
async def from_generator(user: Annotated[User, Extract(generator_user)]) -> User:
    return user


@get("/agen")
async def from_async_generator(user: Annotated[User, Extract(async_generator_user)]) -> User:
    return user


KINDS = App([from_sync, from_async, from_generator, from_async_generator])


def test_sync_custom_extractor_reads_its_own_extractors(backend: Backend) -> None:
    assert TestClient(KINDS, backend=backend).get("/sync?name=ann").json() == {"name": "ann", "admin": False}


def test_async_custom_extractor_reads_its_own_extractors(backend: Backend) -> None:
    response = TestClient(KINDS, backend=backend).get("/async", headers={"x-user": "bob"})
    assert response.json() == {"name": "bob", "admin": False}


def test_generator_custom_extractor_sets_up_and_tears_down(backend: Backend) -> None:
    GENERATOR_LOG.clear()
    assert TestClient(KINDS, backend=backend).get("/gen?name=cy").json() == {"name": "cy", "admin": False}
    assert GENERATOR_LOG == ["setup cy", "teardown cy"]


def test_async_generator_custom_extractor_sets_up_and_tears_down(backend: Backend) -> None:
    GENERATOR_LOG.clear()
    assert TestClient(KINDS, backend=backend).get("/agen?name=di").json() == {"name": "di", "admin": False}
    assert GENERATOR_LOG == ["async setup di", "async teardown di"]


def test_custom_extractor_inputs_are_validated_like_the_handlers(backend: Backend) -> None:
    response = TestClient(KINDS, backend=backend).get("/sync")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"source": "query", "name": "name", "message": "Missing required query parameter"}
    ]


# --- composition and once per request -----------------------------------------------------

CALLS: dict[str, int] = {}


def _count(name: str) -> None:
    CALLS[name] = CALLS.get(name, 0) + 1


async def token(authorization: Header[str]) -> str:
    _count("token")
    return authorization.removeprefix("Bearer ")


Token = Annotated[str, Extract(token)]


async def current_user(tok: Token) -> User:
    _count("current_user")
    return User(tok, admin=tok == "root")


CurrentUser = Annotated[User, Extract(current_user)]


def admin_user(user: CurrentUser, tok: Token) -> User:
    _count("admin_user")
    if not user.admin:
        raise NotFound("no such admin")
    return user


AdminUser = Annotated[User, Extract(admin_user)]


@get("/deep")
async def deep(admin: AdminUser, user: CurrentUser, again: CurrentUser, tok: Token) -> dict[str, object]:
    return {"admin": admin.name, "same": admin is user is again, "token": tok}


DEEP = App([deep])


def test_custom_extractors_compose_three_levels_deep(backend: Backend) -> None:
    CALLS.clear()
    response = TestClient(DEEP, backend=backend).get("/deep", headers={"authorization": "Bearer root"})
    assert response.json() == {"admin": "root", "same": True, "token": "root"}


def test_shared_custom_extractor_runs_once_per_request(backend: Backend) -> None:
    CALLS.clear()
    client = TestClient(DEEP, backend=backend)
    client.get("/deep", headers={"authorization": "Bearer root"})
    assert CALLS == {"token": 1, "current_user": 1, "admin_user": 1}
    client.get("/deep", headers={"authorization": "Bearer root"})
    assert CALLS == {"token": 2, "current_user": 2, "admin_user": 2}


def test_error_raised_by_a_nested_custom_extractor_answers_its_status(backend: Backend) -> None:
    response = TestClient(DEEP, backend=backend).get("/deep", headers={"authorization": "Bearer guest"})
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "no such admin"}


# --- teardown after the response ------------------------------------------------------------

EVENTS: list[str] = []


async def resource() -> AsyncIterator[str]:
    EVENTS.append("open")
    try:
        yield "res"
    except Exception as exc:
        EVENTS.append(f"saw {type(exc).__name__}: {exc}")
        raise
    finally:
        EVENTS.append("close")


def sync_resource() -> Iterator[str]:
    EVENTS.append("sync open")
    try:
        yield "sync res"
    except Exception as exc:
        EVENTS.append(f"sync saw {type(exc).__name__}")
        raise
    finally:
        EVENTS.append("sync close")


Resource = Annotated[str, Extract(resource)]
SyncResource = Annotated[str, Extract(sync_resource)]


@get("/use")
async def use_resource(res: Resource, sync_res: SyncResource) -> str:
    EVENTS.append("handler")
    return res


@get("/use-and-fail")
async def use_and_fail(res: Resource, sync_res: SyncResource) -> str:
    EVENTS.append("handler")
    raise RuntimeError("handler broke")


@get("/use-and-404")
async def use_and_404(res: Resource) -> str:
    EVENTS.append("handler")
    raise NotFound("gone")


TEARDOWN = App([use_resource, use_and_fail, use_and_404])


async def _call(app: App, path: str) -> list[Message]:
    """Call the app directly, logging each message sent into EVENTS."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("testclient", 50000),
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "state": {},
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        EVENTS.append(str(message["type"]))
        sent.append(message)

    await app(scope, receive, send)
    return sent


async def test_generator_teardown_runs_after_the_response_is_sent() -> None:
    EVENTS.clear()
    sent = await _call(TEARDOWN, "/use")
    assert sent[0]["status"] == 200
    assert EVENTS == [
        "open",
        "sync open",
        "handler",
        "http.response.start",
        "http.response.body",
        "sync close",
        "close",
    ]


async def test_generator_teardown_runs_when_the_handler_raised_and_sees_the_exception() -> None:
    EVENTS.clear()
    sent = await _call(TEARDOWN, "/use-and-fail")
    assert sent[0]["status"] == 500
    assert EVENTS == [
        "open",
        "sync open",
        "handler",
        "http.response.start",
        "http.response.body",
        "sync saw RuntimeError",
        "sync close",
        "saw RuntimeError: handler broke",
        "close",
    ]


async def test_generator_teardown_sees_an_http_error_raised_by_the_handler() -> None:
    EVENTS.clear()
    sent = await _call(TEARDOWN, "/use-and-404")
    assert sent[0]["status"] == 404
    assert "saw NotFound: gone" in EVENTS
    assert EVENTS[-1] == "close"


def test_teardown_runs_with_test_client_when_handler_raises(backend: Backend) -> None:
    EVENTS.clear()
    client = TestClient(TEARDOWN, backend=backend, raise_server_exceptions=False)
    assert client.get("/use-and-fail").status_code == 500
    assert EVENTS[-1] == "close"
    assert "saw RuntimeError: handler broke" in EVENTS


# --- Result ---------------------------------------------------------------------------------


def lookup_user(x_user: Header[str]) -> Result[User, NotFound | Response[Any]]:
    if x_user == "ghost":
        return Failure(NotFound("no such user"))
    if x_user == "teapot":
        return Failure(Response({"brewing": True}, status_code=418, headers={"X-Pot": "yes"}))
    return Success(User(x_user))


HANDLER_RAN: list[str] = []


@get("/result")
async def with_result(user: Annotated[User, Extract(lookup_user)]) -> User:
    HANDLER_RAN.append(user.name)
    return user


RESULTS = App([with_result])


def test_success_from_custom_extractor_injects_its_value(backend: Backend) -> None:
    response = TestClient(RESULTS, backend=backend).get("/result", headers={"x-user": "eve"})
    assert response.json() == {"name": "eve", "admin": False}


def test_failure_http_error_from_custom_extractor_short_circuits(backend: Backend) -> None:
    HANDLER_RAN.clear()
    response = TestClient(RESULTS, backend=backend).get("/result", headers={"x-user": "ghost"})
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "no such user"}
    assert HANDLER_RAN == []


def test_failure_response_from_custom_extractor_short_circuits(backend: Backend) -> None:
    HANDLER_RAN.clear()
    response = TestClient(RESULTS, backend=backend).get("/result", headers={"x-user": "teapot"})
    assert response.status_code == 418
    assert response.json() == {"brewing": True}
    assert response.headers["x-pot"] == "yes"
    assert HANDLER_RAN == []


# --- overrides ------------------------------------------------------------------------------


def fake_current_user() -> User:
    return User("fake", admin=True)


def fake_token() -> str:
    return "root"


def wrong_type_user() -> str:
    return "not a user"


@get("/me")
async def me(user: CurrentUser) -> User:
    return user


def test_with_overrides_returns_a_new_app_using_the_replacement(backend: Backend) -> None:
    app = App([me, deep])
    overridden = app.with_overrides({current_user: fake_current_user})
    assert overridden is not app
    response = TestClient(overridden, backend=backend).get("/me")
    assert response.json() == {"name": "fake", "admin": True}


def test_with_overrides_leaves_the_original_app_unchanged(backend: Backend) -> None:
    app = App([me])
    app.with_overrides({current_user: fake_current_user})
    client = TestClient(app, backend=backend)
    assert client.get("/me").status_code == 400
    assert client.get("/me", headers={"authorization": "Bearer amy"}).json() == {"name": "amy", "admin": False}


def test_with_overrides_replaces_a_nested_extractor(backend: Backend) -> None:
    overridden = App([deep]).with_overrides({token: fake_token})
    response = TestClient(overridden, backend=backend).get("/deep")
    assert response.json() == {"admin": "root", "same": True, "token": "root"}


def test_override_with_another_return_type_is_improperly_configured() -> None:
    with pytest.raises(ImproperlyConfigured, match="same type"):
        App([me]).with_overrides({current_user: wrong_type_user})


# --- cycles and body through extractors -------------------------------------------------------


def cycle_a(b: Annotated[int, Extract(cycle_b)]) -> int:
    return b


def cycle_b(a: Annotated[int, Extract(cycle_a)]) -> int:
    return a


@get("/cycle")
async def cyclic(a: Annotated[int, Extract(cycle_a)]) -> int:
    return a


def test_custom_extractors_in_a_cycle_are_improperly_configured() -> None:
    with pytest.raises(ImproperlyConfigured, match="cycle") as info:
        App([cyclic])
    assert "cycle_a" in str(info.value)
    assert "cycle_b" in str(info.value)


async def body_item(item: Body[User]) -> User:
    return item


@post("/body-through-extractor", status_code=200)
async def body_through_extractor(user: Annotated[User, Extract(body_item)], verbose: Query[bool] = False) -> User:
    return user


def test_body_read_through_a_custom_extractor(backend: Backend) -> None:
    response = TestClient(App([body_through_extractor]), backend=backend).post(
        "/body-through-extractor", json={"name": "via body"}
    )
    assert response.json() == {"name": "via body", "admin": False}


# --- threads --------------------------------------------------------------------------------

THREADS: dict[str, int] = {}


def threaded_extractor() -> int:
    THREADS["threaded"] = threading.get_ident()
    return 1


def inline_extractor() -> int:
    THREADS["inline"] = threading.get_ident()
    return 2


def threaded_generator() -> Iterator[int]:
    THREADS["generator"] = threading.get_ident()
    yield 3


@get("/threads")
async def threads(
    a: Annotated[int, Extract(threaded_extractor)],
    b: Annotated[int, Extract(inline_extractor, sync_to_thread=False)],
    c: Annotated[int, Extract(threaded_generator)],
) -> int:
    THREADS["loop"] = threading.get_ident()
    return a + b + c


async def test_sync_custom_extractor_runs_in_a_worker_thread() -> None:
    THREADS.clear()
    response = await AsyncTestClient(App([threads])).get("/threads")
    assert response.json() == 6
    loop_thread = threading.get_ident()
    assert THREADS["loop"] == loop_thread
    assert THREADS["threaded"] != loop_thread
    assert THREADS["generator"] != loop_thread


async def test_sync_custom_extractor_with_sync_to_thread_false_runs_on_the_event_loop() -> None:
    THREADS.clear()
    await AsyncTestClient(App([threads])).get("/threads")
    assert THREADS["inline"] == threading.get_ident()


def request_line(request: Request) -> str:
    return f"{request.method} {request.url.path}"


@get("/request-in-extractor/{n:int}")
async def request_in_extractor(n: Path[int], seen: Annotated[str, Extract(request_line)]) -> str:
    return seen


def test_custom_extractor_can_take_the_request(backend: Backend) -> None:
    response = TestClient(App([request_in_extractor]), backend=backend).get("/request-in-extractor/5")
    assert response.text == "GET /request-in-extractor/5"



# --- order, skipping and teardown on short-circuit ------------------------------------------

RUNS: list[str] = []


def page_number(page: Query[int]) -> int:
    RUNS.append("page_number")
    return page


def item_with_query(item: Body[User], page: Annotated[int, Extract(page_number)]) -> User:
    RUNS.append("item_with_query")
    return item


@post("/validated", status_code=200)
async def validated(user: Annotated[User, Extract(item_with_query)], limit: Query[int]) -> User:
    RUNS.append("handler")
    return user


def test_custom_extractor_whose_inputs_failed_is_not_run(backend: Backend) -> None:
    RUNS.clear()
    response = TestClient(App([validated]), backend=backend).post("/validated?page=x&limit=1", json={"name": "n"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"source": "query", "name": "page", "message": "Expected `int`, got `str`"}]
    assert RUNS == []


def test_query_and_body_errors_through_custom_extractors_are_reported_together(backend: Backend) -> None:
    RUNS.clear()
    response = TestClient(App([validated]), backend=backend).post("/validated?page=x&limit=y", json={"name": 5})
    assert response.status_code == 400
    errors = {(e["source"], e["name"]) for e in response.json()["errors"]}
    assert errors == {("query", "page"), ("query", "limit"), ("body", "$.name")}
    assert RUNS == []


def test_custom_extractors_run_in_dependency_order(backend: Backend) -> None:
    RUNS.clear()
    response = TestClient(App([validated]), backend=backend).post("/validated?page=2&limit=1", json={"name": "n"})
    assert response.json() == {"name": "n", "admin": False}
    assert RUNS == ["page_number", "item_with_query", "handler"]


async def opened_first() -> AsyncIterator[str]:
    EVENTS.append("first open")
    try:
        yield "first"
    finally:
        EVENTS.append("first close")


def refuse(x_user: Header[str] = "") -> Result[str, NotFound]:
    EVENTS.append("refuse")
    return Failure(NotFound("refused"))


@get("/short")
async def short(first: Annotated[str, Extract(opened_first)], second: Annotated[str, Extract(refuse)]) -> str:
    EVENTS.append("handler")
    return first + second


def test_generator_teardown_runs_when_a_later_extractor_short_circuits(backend: Backend) -> None:
    EVENTS.clear()
    response = TestClient(App([short]), backend=backend).get("/short")
    assert response.status_code == 404
    assert EVENTS == ["first open", "refuse", "first close"]


def require_key(x_api_key: Header[str] = "") -> str:
    if x_api_key != "secret":
        raise NotAuthorized("API key required")
    return x_api_key


@post("/guarded", status_code=200)
async def guarded(key: Annotated[str, Extract(require_key)], item: Body[User]) -> User:
    return item


def test_extractor_not_needing_the_body_answers_before_the_body_is_checked(backend: Backend) -> None:
    client = TestClient(App([guarded]), backend=backend)
    response = client.post("/guarded", content=b"not json at all")
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "API key required"}
    ok = client.post("/guarded", json={"name": "k"}, headers={"x-api-key": "secret"})
    assert ok.json() == {"name": "k", "admin": False}


def owner_of(user_id: Path[int]) -> User:
    return User(f"user-{user_id}")


@get("/users/{user_id:int}/profile")
async def profile(owner: Annotated[User, Extract(owner_of)]) -> User:
    return owner


def test_custom_extractor_reads_a_path_placeholder_the_handler_does_not_declare(backend: Backend) -> None:
    client = TestClient(App([profile]), backend=backend)
    assert client.get("/users/9/profile").json() == {"name": "user-9", "admin": False}
    assert client.get("/users/nine/profile").status_code == 404
