"""docs/responses.md: what each return annotation sends, Response values, Result/Maybe."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Literal

import msgspec
import pytest

from docs.examples import (
    responses_asgi,
    responses_background,
    responses_negotiation,
    responses_redirect,
    responses_response,
    responses_result_maybe,
    responses_type_encoders,
    responses_types,
    responses_values,
)
from returns.result import Failure, Result

from lanner import (
    App,
    BackgroundTask,
    BackgroundTasks,
    CacheControlHeader,
    ETag,
    ImproperlyConfigured,
    MediaType,
    NotFound,
    Query,
    Redirect,
    Response,
    Router,
    SetCookie,
    get,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


# --- responses_types ----------------------------------------------------------------------


def test_struct_is_json(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).get("/point")

    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"x": 1, "y": 2}


def test_messagepack_media_type_encodes_messagepack(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).get("/point.msgpack")

    assert response.headers["content-type"] == "application/vnd.msgpack"
    assert msgspec.msgpack.decode(response.content) == {"x": 1, "y": 2}


def test_dates_are_iso_8601_strings(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).get("/today")

    assert response.json() == {"today": "2024-05-06"}


def test_str_is_utf8_text(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).get("/hello")

    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == "Hello, World!"


def test_str_with_html_media_type_is_html(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).get("/page")

    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_bytes_are_octet_stream(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).get("/raw")

    assert response.headers["content-type"] == "application/octet-stream"
    assert response.content == b"\x89PNG"


def test_bytes_with_a_media_type_are_sent_as_it(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).get("/logo.png")

    assert response.headers["content-type"] == "image/png"


def test_post_defaults_to_201(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).post("/points", json={"x": 3, "y": 4})

    assert response.status_code == 201


def test_delete_defaults_to_204_with_no_body(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).delete("/points/3")

    assert response.status_code == 204
    assert "content-type" not in response.headers
    assert response.content == b""


def test_status_code_option_overrides_the_default(backend: Backend) -> None:
    response = TestClient(responses_types.app, backend=backend).post("/jobs")

    assert response.status_code == 202
    assert response.headers["content-length"] == "0"
    assert response.content == b""


# --- responses_response -------------------------------------------------------------------


def test_response_sends_its_headers_and_cookies(backend: Backend) -> None:
    response = TestClient(responses_response.app, backend=backend).post("/sessions")

    assert response.status_code == 201
    assert response.headers["location"] == "/users/ada"
    assert response.headers["set-cookie"] == "session=abc123; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax"
    assert response.json() == {"name": "ada"}


def test_without_cookie_sends_a_deleting_cookie(backend: Backend) -> None:
    response = TestClient(responses_response.app, backend=backend).delete("/sessions")

    assert response.status_code == 204
    assert response.headers["set-cookie"] == (
        "session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; SameSite=Lax"
    )


@pytest.fixture
def sent() -> Iterator[list[str]]:
    responses_response.SENT.clear()
    yield responses_response.SENT
    responses_response.SENT.clear()


def test_response_media_type_replaces_the_default(backend: Backend, sent: list[str]) -> None:
    response = TestClient(responses_response.app, backend=backend).get("/report.csv")

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="report.csv"'
    assert response.text == "name,visits\nada,3\n"


def test_background_task_runs_after_the_response(backend: Backend, sent: list[str]) -> None:
    TestClient(responses_response.app, backend=backend).get("/report.csv")

    assert sent == ["report sent"]


def test_response_status_code_replaces_the_route_default(backend: Backend) -> None:
    response = TestClient(responses_response.app, backend=backend).get("/legacy")

    assert response.status_code == 299


def test_with_methods_return_new_values_and_leave_the_original_alone() -> None:
    original = Response({"id": 7})

    changed = original.with_status(202).with_header("X-Id", "7")

    assert (changed.status_code, changed.header("x-id")) == (202, "7")
    assert (original.status_code, original.header("x-id")) == (None, None)


def test_response_is_frozen() -> None:
    response = Response("hi")

    with pytest.raises(AttributeError):
        response.status_code = 500  # type: ignore[misc]  # frozen: the point of this test


def test_with_cookie_replaces_a_cookie_of_the_same_key() -> None:
    response = Response(None).with_cookie(SetCookie("theme", "light")).with_cookie(SetCookie("theme", "dark"))

    assert [cookie.value for cookie in response.cookies] == ["dark"]


def test_header_with_a_newline_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        Response("hi").with_header("X-Note", "a\r\nSet-Cookie: evil=1")


# --- responses_result_maybe ---------------------------------------------------------------


def test_maybe_some_is_sent_as_its_value(backend: Backend) -> None:
    response = TestClient(responses_result_maybe.app, backend=backend).get("/books/1")

    assert response.json() == {"title": "Dune", "on_loan": False}


def test_maybe_nothing_is_404(backend: Backend) -> None:
    response = TestClient(responses_result_maybe.app, backend=backend).get("/books/9")

    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "Not Found"}


def test_result_success_is_sent_with_the_route_status(backend: Backend) -> None:
    response = TestClient(responses_result_maybe.app, backend=backend).post("/books/1/loans")

    assert response.status_code == 201
    assert response.json() == {"title": "Dune", "on_loan": True}


def test_result_failure_answers_with_its_error(backend: Backend) -> None:
    client = TestClient(responses_result_maybe.app, backend=backend)

    assert client.post("/books/2/loans").json() == {"status_code": 409, "detail": "Emma is on loan"}
    assert client.post("/books/9/loans").json() == {"status_code": 404, "detail": "No book 9"}


# --- responses_asgi -----------------------------------------------------------------------


def test_returned_asgi_app_answers_the_request(backend: Backend) -> None:
    client = TestClient(responses_asgi.app, backend=backend)

    with client.stream("GET", "/countdown/3") as response:
        lines = list(response.iter_lines())

    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert lines == ["3", "2", "1", "liftoff"]


# --- responses_type_encoders --------------------------------------------------------------


def test_type_encoders_teach_lanner_a_type(backend: Backend) -> None:
    response = TestClient(responses_type_encoders.app, backend=backend).get("/invoices/latest")

    assert response.json() == {"number": 7, "total": "19.99 EUR"}


def test_unknown_type_without_type_encoders_is_refused_when_the_app_is_built() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"add type_encoders=\{Money: fn\}"):
        App([responses_type_encoders.latest_invoice])


class Unknown:
    pass


def test_unencodable_return_is_refused_when_the_app_is_built() -> None:
    @get("/unknown")
    async def unknown() -> Unknown:  # type: ignore[lanner-return]  # on purpose: the mistake under test
        return Unknown()

    with pytest.raises(ImproperlyConfigured, match="msgspec does not know Unknown"):
        App([unknown])


# --- what the page says besides its examples ----------------------------------------------


class Item(msgspec.Struct, frozen=True):
    name: str


@get("/maybe-item")
async def maybe_item(found: Query[bool] = True) -> Item | NotFound:
    return Item("hammer") if found else NotFound("No such item")


def test_returned_http_error_in_a_union_answers_as_if_raised(backend: Backend) -> None:
    client = TestClient(App([maybe_item]), backend=backend)

    assert client.get("/maybe-item").json() == {"name": "hammer"}
    assert client.get("/maybe-item?found=no").json() == {"status_code": 404, "detail": "No such item"}


@get("/bad-failure")
async def bad_failure() -> Result[int, NotFound]:
    return Failure("not an error")  # type: ignore[arg-type]  # the mistake this test is about


def test_failure_holding_something_else_is_a_500(backend: Backend) -> None:
    client = TestClient(App([bad_failure]), backend=backend, raise_server_exceptions=False)

    assert client.get("/bad-failure").status_code == 500


@get("/point")
async def router_point() -> responses_types.Point:
    return responses_types.Point(5, 6)


def test_media_type_on_a_router_makes_its_answers_messagepack(backend: Backend) -> None:
    app = App([Router("/msgpack", [router_point], media_type=MediaType.MESSAGEPACK)])

    response = TestClient(app, backend=backend).get("/msgpack/point")

    assert response.headers["content-type"] == "application/vnd.msgpack"
    assert msgspec.msgpack.decode(response.content) == {"x": 5, "y": 6}


class Euro(responses_type_encoders.Money):
    pass


class Wallet(msgspec.Struct):
    money: responses_type_encoders.Money


@get("/wallet")
async def wallet() -> Wallet:
    return Wallet(Euro(250, "EUR"))


def test_type_encoder_applies_to_subclasses(backend: Backend) -> None:
    app = App([wallet], type_encoders={responses_type_encoders.Money: responses_type_encoders.money_to_str})

    assert TestClient(app, backend=backend).get("/wallet").json() == {"money": "2.50 EUR"}


@get("/negotiated", media_type=(MediaType.JSON, MediaType.MESSAGEPACK))
async def negotiated() -> dict[str, int]:
    return {"a": 1}


def test_media_type_tuple_is_negotiated_from_accept(backend: Backend) -> None:
    client = TestClient(App([negotiated]), backend=backend)

    response = client.get("/negotiated", headers={"Accept": "application/vnd.msgpack"})

    assert response.headers["content-type"] == "application/vnd.msgpack"
    assert msgspec.msgpack.decode(response.content) == {"a": 1}
    assert response.headers["vary"] == "Accept"


def test_negotiated_route_without_accept_answers_the_first_media_type(backend: Backend) -> None:
    response = TestClient(App([negotiated]), backend=backend).get("/negotiated", headers={"Accept": ""})

    assert response.headers["content-type"] == "application/json"


def test_negotiated_route_answers_406_when_nothing_fits(backend: Backend) -> None:
    response = TestClient(App([negotiated]), backend=backend).get("/negotiated", headers={"Accept": "text/html"})

    assert response.status_code == 406
    assert response.json()["status_code"] == 406


def test_set_cookie_to_header() -> None:
    assert SetCookie("sid", "abc", httponly=True).to_header() == "sid=abc; Path=/; HttpOnly; SameSite=Lax"


def test_set_cookie_value_with_spaces_is_quoted() -> None:
    assert SetCookie("greeting", "hello world", path=None).to_header() == 'greeting="hello world"; SameSite=Lax'


@pytest.mark.parametrize(
    "build",
    [
        lambda: SetCookie("sid", "abc", samesite="none"),
        lambda: SetCookie("sid", "abc", partitioned=True),
        lambda: SetCookie("sid", "a;b"),
        lambda: SetCookie("sid", "caf\u00e9"),
    ],
    ids=["samesite-none-without-secure", "partitioned-without-secure", "semicolon", "non-ascii"],
)
def test_set_cookie_that_browsers_would_reject_raises_value_error(build: Callable[[], SetCookie]) -> None:
    with pytest.raises(ValueError):
        build()


def test_status_code_outside_100_to_599_raises_value_error() -> None:
    with pytest.raises(ValueError, match="between 100 and 599"):
        Response("hi", status_code=600)


RAN: list[str] = []


def fails() -> None:
    raise OSError("mail server down")


async def still_runs() -> None:
    RAN.append("still runs")


@get("/tasks")
async def tasks() -> Response[str]:
    return Response("ok").with_background(BackgroundTasks([BackgroundTask(fails), BackgroundTask(still_runs)]))


def test_failing_background_task_is_logged_and_the_others_run(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    RAN.clear()

    with caplog.at_level(logging.ERROR, logger="lanner"):
        response = TestClient(App([tasks]), backend=backend).get("/tasks")

    assert response.text == "ok"
    assert RAN == ["still runs"]
    assert [r.getMessage() for r in caplog.records] == [f"background task {__name__}.fails failed"]


def test_handler_without_return_annotation_is_refused() -> None:
    @get("/no-annotation")
    async def no_annotation():  # type: ignore[no-untyped-def, lanner-return]  # the mistake this test is about
        return 1

    with pytest.raises(ImproperlyConfigured, match="has no return annotation; add one, such as `-> Item` or `-> None`"):
        App([no_annotation])


# --- responses_negotiation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/json"),
        ("", "application/json"),
        ("*/*", "application/json"),
        ("application/vnd.msgpack", "application/vnd.msgpack"),
        ("application/json;q=0.5, application/vnd.msgpack", "application/vnd.msgpack"),
        ("*/*;q=0.8, application/json;q=0.1", "application/vnd.msgpack"),
        ("application/json;q=0, */*", "application/vnd.msgpack"),
    ],
)
def test_forecast_format_follows_accept(backend: Backend, accept: str | None, media_type: str) -> None:
    client = TestClient(responses_negotiation.app, backend=backend)
    headers = {} if accept is None else {"Accept": accept}
    if accept is None:
        client.headers.pop("accept", None)

    response = client.get("/forecast", headers=headers)

    assert (response.status_code, response.headers["content-type"]) == (200, media_type)
    assert response.headers["vary"] == "Accept"


def test_forecast_in_messagepack_decodes_to_the_same_value(backend: Backend) -> None:
    client = TestClient(responses_negotiation.app, backend=backend)

    packed = client.get("/forecast", headers={"Accept": "application/vnd.msgpack"}).content

    assert msgspec.msgpack.decode(packed) == {"city": "Lisbon", "celsius": 21.5}


@pytest.mark.parametrize("accept", ["text/html", "application/x-msgpack"])
def test_forecast_nothing_fitting_is_406_with_vary(backend: Backend, accept: str) -> None:
    response = TestClient(responses_negotiation.app, backend=backend).get("/forecast", headers={"Accept": accept})

    assert response.status_code == 406
    assert response.json() == {
        "status_code": 406,
        "detail": "This resource is available as application/json, application/vnd.msgpack",
    }
    assert response.headers["vary"] == "Accept"


# --- responses_values ---------------------------------------------------------------------


def test_values_write_the_headers_the_page_shows() -> None:
    assert responses_values.session_header == (
        "session=abc123; Max-Age=3600; Expires=Tue, 01 Jan 2030 00:00:00 GMT; Path=/; Secure; HttpOnly; "
        "SameSite=Strict; Partitioned"
    )
    assert responses_values.cache_header == "public, max-age=600, stale-while-revalidate=60"
    assert (responses_values.strong, responses_values.weak) == ('"33a64df5"', 'W/"0815"')


def test_values_read_headers_back() -> None:
    assert responses_values.cache_read == responses_values.cache
    assert responses_values.parsed == ETag("0815", weak=True)


def test_response_header_value_is_sent_as_a_lower_case_pair() -> None:
    assert responses_values.request_id.header_pair() == (b"x-request-id", b"42")


def test_cache_control_cannot_be_public_and_private() -> None:
    with pytest.raises(ValueError, match="both public and private"):
        CacheControlHeader(public=True, private=True)


# --- responses_background -----------------------------------------------------------------


@pytest.fixture
def greeted() -> Iterator[set[str]]:
    responses_background.greeted.clear()
    yield responses_background.greeted
    responses_background.greeted.clear()


def test_greeter_logs_after_answering(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=responses_background.__name__):
        response = TestClient(responses_background.app, backend=backend).get("/greet?name=ada")

    assert response.json() == {"hello": "ada"}
    assert [r.getMessage() for r in caplog.records] == ["greeter: was called with name ada"]


def test_decorator_background_runs_for_every_answer(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(responses_background.app, backend=backend)

    with caplog.at_level(logging.INFO, logger=responses_background.__name__):
        client.get("/welcome")
        client.get("/welcome")

    assert [r.getMessage() for r in caplog.records] == ["welcome: was called", "welcome: was called"]


def test_background_tasks_run_one_after_the_other(
    backend: Backend, caplog: pytest.LogCaptureFixture, greeted: set[str]
) -> None:
    with caplog.at_level(logging.INFO, logger=responses_background.__name__):
        response = TestClient(responses_background.app, backend=backend).get("/greet-and-save?name=bob")

    assert response.json() == {"hello": "bob"}
    assert [r.getMessage() for r in caplog.records] == ["greet-and-save: greeting bob"]
    assert greeted == {"bob"}


# --- responses_redirect -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status", "location"),
    [
        ("GET", "/some-path", 307, "/other-path"),
        ("GET", "/articles/hello", 301, "/articles/hello-world"),
        ("POST", "/articles", 303, "/articles/hello-world"),
    ],
)
def test_redirects_answer_with_their_status_and_location(
    backend: Backend, method: str, path: str, status: int, location: str
) -> None:
    client = TestClient(responses_redirect.app, backend=backend)

    response = client.request(method, path, follow_redirects=False)

    assert (response.status_code, response.headers["location"], response.content) == (status, location, b"")


def test_an_article_that_exists_is_sent(backend: Backend) -> None:
    response = TestClient(responses_redirect.app, backend=backend).get("/articles/hello-world")

    assert response.json() == {"slug": "hello-world", "title": "Hello, World"}


def test_an_unknown_article_is_404(backend: Backend) -> None:
    response = TestClient(responses_redirect.app, backend=backend).get("/articles/nope")

    assert response.json() == {"status_code": 404, "detail": "No article nope"}


def test_following_the_redirect_arrives(backend: Backend) -> None:
    response = TestClient(responses_redirect.app, backend=backend).get("/some-path")

    assert (response.status_code, response.text) == (200, "You were sent here")


def test_a_redirect_path_is_percent_encoded() -> None:
    assert Redirect("/café").path == "/caf%C3%A9"


def test_a_redirect_with_another_status_is_refused() -> None:
    with pytest.raises(ValueError, match="301, 302, 303, 307 or 308"):
        Redirect("/x", status_code=200)  # type: ignore[arg-type]  # the mistake this test is about
