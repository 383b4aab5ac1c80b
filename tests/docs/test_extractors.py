"""docs/extractors.md: every extractor, its wire name, and every way it answers 4xx."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Literal

import anyio
import msgspec
import pytest
from returns.result import Failure, Result

from docs.examples import (
    extractors_form,
    extractors_body,
    extractors_custom,
    extractors_headers_cookies,
    extractors_once,
    extractors_overrides,
    extractors_path,
    extractors_query,
    extractors_query_group,
    extractors_request,
    extractors_result,
    extractors_state,
    extractors_teardown,
)
from lanner import (
    App,
    Body,
    Extract,
    Form,
    Header,
    ImproperlyConfigured,
    Message,
    NotAuthorized,
    Query,
    Receive,
    Scope,
    Send,
    get,
    post,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


def _problems(*errors: tuple[str, str, str]) -> dict[str, object]:
    """The 400 document listing `(source, name, message)` problems."""
    return {
        "status_code": 400,
        "detail": "Validation failed",
        "errors": [{"source": s, "name": n, "message": m} for s, n, m in errors],
    }


# --- Path -------------------------------------------------------------------------------


def test_path_values_arrive_typed(backend: Backend) -> None:
    response = TestClient(extractors_path.app, backend=backend).get("/books/978-0441/pages/3")

    assert response.json() == {"isbn": "978-0441", "number": 3}


def test_path_value_that_does_not_convert_is_404(backend: Backend) -> None:
    response = TestClient(extractors_path.app, backend=backend).get("/books/978-0441/pages/three")

    assert response.status_code == 404


def test_path_value_outside_its_meta_constraints_is_400(backend: Backend) -> None:
    response = TestClient(extractors_path.app, backend=backend).get("/books/978-0441/pages/0")

    assert response.status_code == 400
    assert response.json() == _problems(("path", "number", "Expected `int` >= 1"))


# --- Query ------------------------------------------------------------------------------


def test_query_defaults_fill_what_is_not_sent(backend: Backend) -> None:
    response = TestClient(extractors_query.app, backend=backend).get("/search?q=lanner")

    assert response.json() == {"q": "lanner", "page_size": 20, "lang": None, "tag": [], "exact": False}


def test_query_values_arrive_typed_under_their_wire_names(backend: Backend) -> None:
    client = TestClient(extractors_query.app, backend=backend)

    response = client.get("/search?q=lanner&page-size=50&lang=en&tag=asgi&tag=typed&exact=on")

    assert response.json() == {"q": "lanner", "page_size": 50, "lang": "en", "tag": ["asgi", "typed"], "exact": True}


def test_alias_replaces_the_parameter_name_on_the_wire(backend: Backend) -> None:
    response = TestClient(extractors_query.app, backend=backend).get("/search?q=lanner&page_size=5")

    assert response.json()["page_size"] == 20


@pytest.mark.parametrize(
    ("word", "value"),
    [("true", True), ("1", True), ("yes", True), ("on", True), ("TRUE", True),
     ("false", False), ("0", False), ("no", False), ("off", False)],
)  # fmt: skip
def test_boolean_spellings(backend: Backend, word: str, value: bool) -> None:
    response = TestClient(extractors_query.app, backend=backend).get(f"/search?q=x&exact={word}")

    assert response.json()["exact"] is value


def test_repeated_key_fills_a_list(backend: Backend) -> None:
    response = TestClient(extractors_query.app, backend=backend).get("/compare?id=3&id=1")

    assert response.json() == {"ids": [1, 3]}


def test_single_valued_parameter_takes_the_last_of_repeated_keys(backend: Backend) -> None:
    response = TestClient(extractors_query.app, backend=backend).get("/search?q=first&q=last")

    assert response.json()["q"] == "last"


def test_missing_required_query_parameter_is_400(backend: Backend) -> None:
    response = TestClient(extractors_query.app, backend=backend).get("/search")

    assert response.status_code == 400
    assert response.json() == _problems(("query", "q", "Missing required query parameter"))


def test_every_invalid_query_parameter_is_reported_at_once(backend: Backend) -> None:
    response = TestClient(extractors_query.app, backend=backend).get("/search?q=x&page-size=0&exact=maybe")

    assert response.json() == _problems(
        ("query", "page-size", "Expected `int` >= 1"),
        ("query", "exact", "Expected `bool`, got `str`"),
    )


def test_invalid_list_item_is_named_with_its_index(backend: Backend) -> None:
    response = TestClient(extractors_query.app, backend=backend).get("/compare?id=3&id=x")

    assert response.json() == _problems(("query", "id[1]", "Expected `int`, got `str`"))


# --- Query groups -----------------------------------------------------------------------


def test_query_group_reads_one_parameter_per_field(backend: Backend) -> None:
    client = TestClient(extractors_query_group.app, backend=backend)

    response = client.get("/products?category=tools&max_price=20&in_stock=yes&limit=5")

    assert response.json() == {"category": "tools", "max_price": 20.0, "in_stock": True, "limit": 5}


def test_query_group_fields_take_their_defaults(backend: Backend) -> None:
    response = TestClient(extractors_query_group.app, backend=backend).get("/products?category=tools")

    assert response.json() == {"category": "tools", "max_price": None, "in_stock": False, "limit": 20}


def test_query_group_missing_required_field_is_400_named_by_field(backend: Backend) -> None:
    response = TestClient(extractors_query_group.app, backend=backend).get("/products")

    assert response.json() == _problems(("query", "category", "Missing required query parameter"))


def test_query_group_reports_every_bad_field(backend: Backend) -> None:
    client = TestClient(extractors_query_group.app, backend=backend)

    response = client.get("/products?category=tools&max_price=-1&in_stock=maybe&limit=1000")

    assert response.json() == _problems(
        ("query", "max_price", "Expected `float` > 0.0"),
        ("query", "in_stock", "Expected `bool`, got `str`"),
        ("query", "limit", "Expected `int` <= 100"),
    )


# --- Header and Cookie ------------------------------------------------------------------


def test_headers_are_read_by_dashed_case_insensitive_names(backend: Backend) -> None:
    client = TestClient(extractors_headers_cookies.app, backend=backend)

    response = client.get(
        "/whoami",
        headers=[("Accept-Language", "fr"), ("X-Request-ID", "r-1"), ("X-Tag", "a"), ("x-tag", "b")],
    )

    assert response.json() == {"user_agent": "testclient", "accept_language": "fr", "request_id": "r-1", "tags": ["a", "b"]}


def test_optional_headers_take_their_defaults(backend: Backend) -> None:
    response = TestClient(extractors_headers_cookies.app, backend=backend).get("/whoami")

    assert response.json() == {"user_agent": "testclient", "accept_language": None, "request_id": "none", "tags": []}


def test_missing_required_header_is_400(backend: Backend) -> None:
    response = TestClient(extractors_headers_cookies.app, backend=backend).get("/keys")

    assert response.status_code == 400
    assert response.json() == _problems(("header", "x-api-key", "Missing required header"))


def test_cookies_arrive_typed(backend: Backend) -> None:
    client = TestClient(extractors_headers_cookies.app, backend=backend)

    response = client.get("/preferences", headers={"Cookie": "theme=dark; visits=3; __Host-session=s1"})

    assert response.json() == {"theme": "dark", "visits": 3, "signed_in": True}


def test_invalid_cookies_are_400_each_named(backend: Backend) -> None:
    client = TestClient(extractors_headers_cookies.app, backend=backend)

    response = client.get("/preferences", headers={"Cookie": "theme=blue; visits=many"})

    assert response.json() == _problems(
        ("cookie", "theme", "Invalid enum value 'blue'"),
        ("cookie", "visits", "Expected `int`, got `str`"),
    )


def test_malformed_cookie_is_skipped_and_the_rest_are_read(backend: Backend) -> None:
    client = TestClient(extractors_headers_cookies.app, backend=backend)

    response = client.get("/preferences", headers={"Cookie": "theme=dark; =oops; visits=2"})

    assert response.json() == {"theme": "dark", "visits": 2, "signed_in": False}


def test_cookies_over_several_header_lines_are_joined(backend: Backend) -> None:
    client = TestClient(extractors_headers_cookies.app, backend=backend)

    response = client.get("/preferences", headers=[("Cookie", "theme=dark"), ("Cookie", "visits=4")])

    assert response.json() == {"theme": "dark", "visits": 4, "signed_in": False}


# --- Body, BodyStream -------------------------------------------------------------------


def test_json_body_is_decoded_and_validated(backend: Backend) -> None:
    response = TestClient(extractors_body.app, backend=backend).post("/orders", json={"item": "tea"})

    assert response.status_code == 201
    assert response.json() == {"item": "tea", "quantity": 1}


def test_messagepack_body_is_decoded(backend: Backend) -> None:
    client = TestClient(extractors_body.app, backend=backend)

    response = client.post(
        "/orders",
        content=msgspec.msgpack.encode({"item": "tea", "quantity": 2}),
        headers={"Content-Type": "application/vnd.msgpack"},
    )

    assert response.json() == {"item": "tea", "quantity": 2}


@pytest.mark.parametrize("content_type", ["application/x-msgpack", "application/msgpack"])
def test_older_messagepack_content_types_are_accepted(backend: Backend, content_type: str) -> None:
    client = TestClient(extractors_body.app, backend=backend)

    response = client.post(
        "/orders", content=msgspec.msgpack.encode({"item": "tea"}), headers={"Content-Type": content_type}
    )

    assert response.status_code == 201


def test_structured_json_suffix_is_read_as_json(backend: Backend) -> None:
    client = TestClient(extractors_body.app, backend=backend)

    response = client.post("/orders", content=b'{"item": "tea"}', headers={"Content-Type": "application/vnd.shop+json"})

    assert response.status_code == 201


def test_body_that_fails_validation_is_400_with_a_json_path(backend: Backend) -> None:
    response = TestClient(extractors_body.app, backend=backend).post("/orders", json={"item": "tea", "quantity": 0})

    assert response.json() == _problems(("body", "$.quantity", "Expected `int` >= 1"))


def test_malformed_json_is_400(backend: Backend) -> None:
    client = TestClient(extractors_body.app, backend=backend)

    response = client.post("/orders", content=b'{"item": ', headers={"Content-Type": "application/json"})

    assert response.json() == _problems(("body", "$", "JSON is malformed: Input data was truncated"))


def test_deeply_nested_json_is_400(backend: Backend) -> None:
    client = TestClient(extractors_body.app, backend=backend)

    response = client.post("/orders", content=b'{"note": ' + b"[" * 100_000, headers={"Content-Type": "application/json"})

    assert response.json() == _problems(("body", "$", "JSON is nested too deeply"))


def test_content_length_that_is_not_a_number_is_400(backend: Backend) -> None:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b'{"item": "tea"}', "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http", "method": "POST", "path": "/orders", "query_string": b"", "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"fifteen")],
    }  # fmt: skip

    anyio.run(extractors_body.app, scope, receive, send, backend=backend)

    assert sent[0]["status"] == 400
    assert msgspec.json.decode(sent[1]["body"]) == {
        "status_code": 400,
        "detail": "Content-Length must be a non-negative integer",
    }


def test_body_without_content_type_is_415(backend: Backend) -> None:
    response = TestClient(extractors_body.app, backend=backend).post("/orders", content=b'{"item": "tea"}')

    assert response.status_code == 415
    assert response.json() == {
        "status_code": 415,
        "detail": "The request body has no Content-Type; send application/json or application/vnd.msgpack",
    }


def test_body_with_another_content_type_is_415(backend: Backend) -> None:
    client = TestClient(extractors_body.app, backend=backend)

    response = client.post("/orders", content=b'{"item": "tea"}', headers={"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert response.json()["detail"] == (
        "Content-Type text/plain is not supported here; send application/json or application/vnd.msgpack"
    )


def test_strict_content_type_false_reads_a_body_without_content_type_as_json(backend: Backend) -> None:
    response = TestClient(extractors_body.app, backend=backend).post("/legacy/orders", content=b'{"item": "tea"}')

    assert response.status_code == 201
    assert response.json() == {"item": "tea", "quantity": 1}


def test_strict_content_type_false_still_refuses_another_content_type(backend: Backend) -> None:
    client = TestClient(extractors_body.app, backend=backend)

    response = client.post("/legacy/orders", content=b'{"item": "tea"}', headers={"Content-Type": "text/plain"})

    assert response.status_code == 415


def test_raw_body_is_read_whatever_its_content_type(backend: Backend) -> None:
    client = TestClient(extractors_body.app, backend=backend)

    response = client.post("/uploads", content=b"\x89PNG", headers={"Content-Type": "image/png"})

    assert response.json() == {"size": 4}


def test_body_stream_yields_the_chunks(backend: Backend) -> None:
    response = TestClient(extractors_body.app, backend=backend).post("/measure", content=iter([b"ab", b"cde"]))

    assert response.json() == {"size": 5}


class Login(msgspec.Struct):
    user: str


def test_body_stream_past_the_limit_is_413(backend: Backend) -> None:
    response = TestClient(extractors_body.app, backend=backend).post("/measure", content=b"x" * (10 * 1024 * 1024 + 1))

    assert response.status_code == 413


class Order(msgspec.Struct):
    item: str


async def order_from_body(order: Body[Order]) -> Order:
    return order


@post("/two-bodies")  # type: ignore[lanner-route]  # on purpose: the mistake under test
async def two_bodies(first: Body[Order], second: Annotated[Order, Extract(order_from_body)]) -> str:
    return first.item


def test_second_body_extractor_even_inside_an_extractor_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="reads the request body twice"):
        App([two_bodies])


def test_form_reads_fields_and_files(backend: Backend) -> None:
    response = TestClient(extractors_form.app, backend=backend).post(
        "/signup",
        data={"name": "Ann", "age": "7", "interests": ["maps", "tea"]},
        files={"avatar": ("me.png", b"\x89PNG....", "image/png")},
    )

    assert response.status_code == 201
    assert response.json() == {"name": "Ann", "age": 7, "avatar_bytes": 8, "interests": ["maps", "tea"]}


def test_form_reports_every_problem_with_source_form(backend: Backend) -> None:
    response = TestClient(extractors_form.app, backend=backend).post("/signup", data={"age": "old"})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"source": "form", "name": "name", "message": "Missing required form field"},
        {"source": "form", "name": "age", "message": "Expected `int`, got `str`"},
    ]


@get("/optional-group")
async def optional_group(
    filters: Query[extractors_query_group.ProductFilter | None] = None,
) -> extractors_query_group.ProductFilter | None:
    return filters


def test_optional_query_group_is_none_when_no_field_is_sent(backend: Backend) -> None:
    client = TestClient(App([optional_group]), backend=backend)

    assert client.get("/optional-group").json() is None
    assert client.get("/optional-group?category=tools").json()["category"] == "tools"


# --- Request ----------------------------------------------------------------------------


def test_request_gives_the_whole_connection(backend: Backend) -> None:
    client = TestClient(extractors_request.app, backend=backend)

    response = client.post(
        "/inspect?tag=a&tag=b",
        content=b"hello",
        headers={"Content-Type": "text/plain; charset=utf-8", "Cookie": "theme=dark"},
    )

    assert response.json() == {
        "method": "POST",
        "url": "http://testserver/inspect?tag=a&tag=b",
        "tags": ["a", "b"],
        "content_type": "text/plain",
        "user_agent": "testclient",
        "cookies": {"theme": "dark"},
        "client": "testclient",
        "body": "hello",
        "body_again": "hello",
    }


# --- State ------------------------------------------------------------------------------


def test_state_is_read_from_the_lifespan_by_parameter_name(backend: Backend) -> None:
    with TestClient(extractors_state.app, backend=backend) as client:
        response = client.get("/greet/Ada")

    assert response.text == "Hello, Ada!"


def test_state_without_a_lifespan_run_is_a_500(backend: Backend) -> None:
    client = TestClient(extractors_state.app, backend=backend, raise_server_exceptions=False)

    response = client.get("/greet/Ada")

    assert response.status_code == 500


# --- Custom extractors ------------------------------------------------------------------


def test_custom_extractor_hands_the_handler_its_value(backend: Backend) -> None:
    with TestClient(extractors_custom.app, backend=backend) as client:
        response = client.get("/me", headers={"Authorization": "Bearer ada-token"})

    assert response.json() == {"name": "ada"}


def test_custom_extractor_parameters_answer_400_like_any_extractor(backend: Backend) -> None:
    with TestClient(extractors_custom.app, backend=backend) as client:
        response = client.get("/me")

    assert response.json() == _problems(("header", "authorization", "Missing required header"))


def test_custom_extractor_raising_http_error_answers_with_it(backend: Backend) -> None:
    with TestClient(extractors_custom.app, backend=backend) as client:
        response = client.get("/me", headers={"Authorization": "Bearer nobody"})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"status_code": 401, "detail": "Unknown token"}


def test_custom_extractor_runs_once_per_request(backend: Backend) -> None:
    response = TestClient(extractors_once.app, backend=backend).get("/ids")

    body = response.json()
    assert body["prefix"] == f"[{body['request_id']}]"


def test_custom_extractor_runs_again_for_each_request(backend: Backend) -> None:
    client = TestClient(extractors_once.app, backend=backend)

    assert client.get("/ids").json()["request_id"] != client.get("/ids").json()["request_id"]


def test_result_success_injects_its_value(backend: Backend) -> None:
    response = TestClient(extractors_result.app, backend=backend).get("/reports", headers={"X-API-Key": "alice-key"})

    assert response.json() == {"owner": "alice"}


def test_result_failure_with_an_http_error_ends_the_request(backend: Backend) -> None:
    response = TestClient(extractors_result.app, backend=backend).get("/reports")

    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "Send your key in X-API-Key"}


def test_result_failure_with_another_http_error(backend: Backend) -> None:
    response = TestClient(extractors_result.app, backend=backend).get("/reports", headers={"X-API-Key": "eve-key"})

    assert response.status_code == 403


def test_result_failure_with_a_response_answers_with_it(backend: Backend) -> None:
    response = TestClient(extractors_result.app, backend=backend).get("/reports", headers={"X-API-Key": "bob-key"})

    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert response.content == b""


def test_with_overrides_replaces_the_extractor(backend: Backend) -> None:
    response = TestClient(extractors_overrides.app, backend=backend).get("/me")

    assert response.json() == {"name": "test-user"}


def test_with_overrides_leaves_the_original_app_unchanged(backend: Backend) -> None:
    with TestClient(extractors_custom.app, backend=backend) as client:
        response = client.get("/me")

    assert response.status_code == 400


def test_with_overrides_refuses_a_replacement_with_another_return_type() -> None:
    async def wrong_user() -> str:
        return "not a User"

    with pytest.raises(ImproperlyConfigured, match="an override must return the same type"):
        extractors_custom.app.with_overrides({extractors_custom.current_user: wrong_user})


async def must_be_admin(x_role: Header[str | None] = None) -> str:
    if x_role != "admin":
        raise NotAuthorized("Admins only")
    return x_role


@post("/admin/orders")
async def admin_order(role: Annotated[str, Extract(must_be_admin)], order: Body[Order]) -> Order:
    return order


def test_extractor_without_the_body_answers_before_the_body_is_read(backend: Backend) -> None:
    client = TestClient(App([admin_order]), backend=backend)

    response = client.post("/admin/orders", content=b"{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 401


# --- Generator extractors: tear-down ----------------------------------------------------


class RecordSent:
    """ASGI wrapper noting in EVENTS when the response's last byte has been sent."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def recording_send(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                extractors_teardown.EVENTS.append("response sent")

        await self.app(scope, receive, recording_send)


@pytest.fixture
def events() -> Iterator[list[str]]:
    extractors_teardown.EVENTS.clear()
    yield extractors_teardown.EVENTS
    extractors_teardown.EVENTS.clear()


def test_teardown_runs_after_the_response_is_sent(backend: Backend, events: list[str]) -> None:
    client = TestClient(RecordSent(extractors_teardown.app), backend=backend)

    response = client.post("/transfers?amount=50")

    assert response.status_code == 201
    assert events == ["begin", "response sent", "commit"]


def test_teardown_receives_the_exception_the_handler_raised(backend: Backend, events: list[str]) -> None:
    client = TestClient(RecordSent(extractors_teardown.app), backend=backend)

    response = client.post("/transfers?amount=500")

    assert response.status_code == 409
    assert events == ["begin", "response sent", "rollback after Conflict"]


STEPS: list[str] = []


async def session() -> AsyncIterator[str]:
    STEPS.append("open")
    yield "session"
    STEPS.append("close")


def refuse(s: Annotated[str, Extract(session)]) -> Result[str, NotAuthorized]:
    return Failure(NotAuthorized())


@get("/refused")
async def refused(value: Annotated[str, Extract(refuse, sync_to_thread=False)]) -> str:
    return value


def test_teardown_runs_after_a_failure_short_circuit_without_an_exception(backend: Backend) -> None:
    STEPS.clear()

    response = TestClient(App([refused]), backend=backend).get("/refused")

    assert response.status_code == 401
    assert STEPS == ["open", "close"]


def broken_teardown() -> Iterator[int]:
    yield 1
    raise OSError("could not close")


@get("/broken-teardown")
async def uses_broken_teardown(n: Annotated[int, Extract(broken_teardown, sync_to_thread=False)]) -> int:
    return n


def test_teardown_that_raises_is_logged_and_the_response_stands(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="lanner"):
        response = TestClient(App([uses_broken_teardown]), backend=backend).get("/broken-teardown")

    assert response.json() == 1
    assert [r.getMessage() for r in caplog.records] == ["custom extractor broken_teardown failed while tearing down"]


def test_with_overrides_accepts_a_replacement_without_a_return_annotation(backend: Backend) -> None:
    app = extractors_custom.app.with_overrides({extractors_custom.current_user: lambda: extractors_custom.User("x")})

    assert TestClient(app, backend=backend).get("/me").json() == {"name": "x"}


def plain_transaction() -> extractors_teardown.Transaction:
    return extractors_teardown.Transaction()


def test_with_overrides_replaces_a_generator_by_a_plain_function_injecting_the_same_type(
    backend: Backend,
) -> None:
    app = extractors_teardown.app.with_overrides({extractors_teardown.transaction: plain_transaction})
    extractors_teardown.EVENTS.clear()
    response = TestClient(app, backend=backend).post("/transfers", params={"amount": 5})
    assert response.status_code == 201
    assert extractors_teardown.EVENTS == ["begin"]  # the fake made it; no generator tore down


def test_with_overrides_refuses_a_replacement_injecting_another_type() -> None:
    def wrong() -> str:
        return "not a transaction"

    with pytest.raises(ImproperlyConfigured, match="an override must return the same type"):
        extractors_teardown.app.with_overrides({extractors_teardown.transaction: wrong})
