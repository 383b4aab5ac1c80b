"""`url_for(name, **path_params)` on the App (a path) and on the Request (an absolute URL under
the request's base URL): values are checked and quoted, mistakes raise clear errors."""

from __future__ import annotations

import datetime
import uuid
from typing import Literal

import pytest

from lanner import App, ImproperlyConfigured, Path, Request, Router, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


@get("/files/{file_path:path}")
async def read_file(file_path: Path[str]) -> str:
    return file_path


@get("/users/{name}")
async def read_user(name: Path[str]) -> str:
    return name


@get(["/posts", "/posts/page/{page:int}"])
async def list_posts(page: Path[int] = 1) -> int:
    return page


@get("/events/{day:date}/{event_id:uuid}", name="event")
async def read_event(day: Path[datetime.date], event_id: Path[uuid.UUID]) -> str:
    return str(event_id)


@get("/scores/{score:float}")
async def read_score(score: Path[float]) -> float:
    return score


@get("/links/{name}")
async def links(request: Request, name: Path[str]) -> dict[str, str]:
    return {
        "user": str(request.url_for("read_user", name=name)),
        "file": str(request.url_for("read_file", file_path="docs/a b.txt")),
    }


@get("/comments/{comment_id:int}")
async def read_comment(post_id: Path[int], comment_id: Path[int]) -> str:
    return "x"


URLS = App(
    [read_file, read_user, list_posts, read_event, read_score, links],
    routers=[Router("/posts/{post_id:int}", [read_comment])],
)


def test_url_for_fills_the_template() -> None:
    assert URLS.url_for("read_user", name="ada") == "/users/ada"


def test_url_for_quotes_a_space_and_a_slash_in_a_str_placeholder() -> None:
    assert URLS.url_for("read_user", name="a/b c") == "/users/a%2Fb%20c"


def test_url_for_keeps_the_slashes_of_a_path_placeholder_and_quotes_the_rest() -> None:
    assert URLS.url_for("read_file", file_path="docs/a b/ü.txt") == "/files/docs/a%20b/%C3%BC.txt"


def test_url_for_quotes_a_percent_sign() -> None:
    assert URLS.url_for("read_user", name="100%") == "/users/100%25"


def test_url_for_writes_dates_and_uuids_as_the_converters_read_them() -> None:
    event_id = uuid.UUID("12345678-1234-5678-1234-567812345678")

    path = URLS.url_for("event", day=datetime.date(2024, 5, 6), event_id=event_id)

    assert path == "/events/2024-05-06/12345678-1234-5678-1234-567812345678"


def test_url_for_fills_a_router_prefix_placeholder() -> None:
    assert URLS.url_for("read_comment", post_id=7, comment_id=3) == "/posts/7/comments/3"


def test_url_for_picks_the_path_whose_placeholders_match() -> None:
    assert (URLS.url_for("list_posts"), URLS.url_for("list_posts", page=3)) == ("/posts", "/posts/page/3")


def test_a_path_from_url_for_routes_back_to_its_handler(backend: Backend) -> None:
    client = TestClient(URLS, backend=backend)

    assert client.get(URLS.url_for("read_file", file_path="docs/a b.txt")).text == "docs/a b.txt"
    assert client.get(URLS.url_for("read_user", name="a b")).text == "a b"


def test_an_unknown_name_raises_lookup_error_listing_the_names() -> None:
    with pytest.raises(LookupError, match='no route is named "nope"; the named routes are: event, '):
        URLS.url_for("nope")


def test_a_missing_parameter_raises_lookup_error() -> None:
    with pytest.raises(LookupError, match=r'route "read_user" takes path parameters \(name\); got \(\)'):
        URLS.url_for("read_user")


def test_an_extra_parameter_raises_lookup_error() -> None:
    with pytest.raises(LookupError, match=r"got \(extra, name\)"):
        URLS.url_for("read_user", name="ada", extra="x")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("list_posts", {"page": "3"}),
        ("list_posts", {"page": True}),
        ("list_posts", {"page": 3.0}),
        ("read_user", {"name": 3}),
        ("read_user", {"name": ""}),
        ("read_score", {"score": "1.5"}),
        ("event", {"day": "2024-05-06", "event_id": uuid.uuid4()}),
        ("event", {"day": datetime.datetime(2024, 5, 6), "event_id": uuid.uuid4()}),
        ("event", {"day": datetime.date(2024, 5, 6), "event_id": "not-a-uuid"}),
    ],
)
def test_an_ill_typed_value_raises_type_error(name: str, params: dict[str, object]) -> None:
    with pytest.raises(TypeError, match="path parameter"):
        URLS.url_for(name, **params)


def test_an_explicit_name_used_twice_is_refused_when_the_app_is_built() -> None:
    @get("/a", name="same")
    async def first() -> str:
        return "a"

    @get("/b", name="same")
    async def second() -> str:
        return "b"

    with pytest.raises(ImproperlyConfigured, match=r'is named "same", like handler .*give one of them another name='):
        App([first, second])


def test_a_default_name_shared_by_two_handlers_raises_only_when_asked_for() -> None:
    @get("/a")
    async def twin() -> str:
        return "a"

    first = twin

    @get("/b")  # type: ignore[no-redef]  # a second handler with the same function name
    async def twin() -> str:
        return "b"

    app = App([first, twin])

    with pytest.raises(LookupError, match='several handlers are called "twin"'):
        app.url_for("twin")


# --- on the Request ------------------------------------------------------------------------------------


def test_request_url_for_is_an_absolute_url(backend: Backend) -> None:
    response = TestClient(URLS, backend=backend).get("/links/a b")

    assert response.json() == {
        "user": "http://testserver/users/a%20b",
        "file": "http://testserver/files/docs/a%20b.txt",
    }


def test_request_url_for_keeps_the_scheme_host_and_port(backend: Backend) -> None:
    client = TestClient(URLS, base_url="https://example.com:8443", backend=backend)

    assert client.get("/links/ada").json()["user"] == "https://example.com:8443/users/ada"


def test_request_url_for_is_under_the_root_path(backend: Backend) -> None:
    client = TestClient(URLS, root_path="/api", backend=backend)

    assert client.get("/links/ada").json()["user"] == "http://testserver/api/users/ada"
