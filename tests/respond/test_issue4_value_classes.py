"""The value classes end to end: what `SetCookie`, `CacheControlHeader` and `ETag` put on the
wire, and that CR or LF anywhere in a header or cookie is refused when the value is built."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Literal

import pytest

from lanner import (
    App,
    CacheControlHeader,
    ETag,
    Redirect,
    Response,
    ResponseHeader,
    Router,
    SetCookie,
    get,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

PARIS_SUMMER = datetime.timezone(datetime.timedelta(hours=2))


@get("/every-attribute")
async def every_attribute() -> Response[str]:
    return Response("x").with_cookie(
        SetCookie(
            "sid",
            "abc",
            max_age=600,
            expires=datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=PARIS_SUMMER),
            path="/app",
            domain="example.com",
            secure=True,
            httponly=True,
            samesite="none",
            partitioned=True,
        )
    )


@get("/quoted")
async def quoted() -> Response[str]:
    return Response("x").with_cookie(SetCookie("greeting", "hello, world"))


@get("/expires-in", response_cookies=[SetCookie("visit", "1", expires=3600)])
async def expires_in() -> str:
    return "x"


@get("/cached", cache_control=CacheControlHeader(max_age=60, public=True, stale_while_revalidate=30))
async def cached() -> str:
    return "x"


@get("/tagged", etag=ETag("v2", weak=True))
async def tagged() -> str:
    return "x"


VALUES = App([every_attribute, quoted, expires_in, cached, tagged])


def test_set_cookie_sends_every_attribute(backend: Backend) -> None:
    response = TestClient(VALUES, backend=backend).get("/every-attribute")

    assert response.headers["set-cookie"] == (
        "sid=abc; Max-Age=600; Expires=Wed, 02 Jan 2030 01:04:05 GMT; Path=/app; Domain=example.com; "
        "Secure; HttpOnly; SameSite=None; Partitioned"
    )


def test_set_cookie_value_with_a_comma_and_a_space_is_sent_quoted(backend: Backend) -> None:
    response = TestClient(VALUES, backend=backend).get("/quoted")

    assert response.headers["set-cookie"] == 'greeting="hello, world"; Path=/; SameSite=Lax'


def test_set_cookie_expires_in_seconds_is_an_http_date_that_far_from_the_response(backend: Backend) -> None:
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    response = TestClient(VALUES, backend=backend).get("/expires-in")
    after = datetime.datetime.now(datetime.UTC)

    header = response.headers["set-cookie"]
    expires = header.split("Expires=", 1)[1].split(";", 1)[0]
    assert expires.endswith(" GMT")
    assert before + datetime.timedelta(seconds=3600) <= parsedate_to_datetime(expires)
    assert parsedate_to_datetime(expires) <= after + datetime.timedelta(seconds=3600)


def test_set_cookie_expiring_in_seconds_counts_from_each_response_not_from_the_build(backend: Backend) -> None:
    app = App([expires_in])
    time.sleep(1.1)  # a date computed when the App was built would now be a second short
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)

    header = TestClient(app, backend=backend).get("/expires-in").headers["set-cookie"]

    expires = parsedate_to_datetime(header.split("Expires=", 1)[1].split(";", 1)[0])
    assert expires >= before + datetime.timedelta(seconds=3600)


def test_cache_control_layer_sends_its_header(backend: Backend) -> None:
    response = TestClient(VALUES, backend=backend).get("/cached")

    assert response.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=30"
    assert CacheControlHeader.from_header(response.headers["cache-control"]) == CacheControlHeader(
        max_age=60, public=True, stale_while_revalidate=30
    )


def test_etag_layer_sends_its_header(backend: Backend) -> None:
    response = TestClient(VALUES, backend=backend).get("/tagged")

    assert response.headers["etag"] == 'W/"v2"'
    assert ETag.from_header(response.headers["etag"]) == ETag("v2", weak=True)


def test_value_classes_on_a_router_reach_its_routes(backend: Backend) -> None:
    @get("/inside")
    async def inside() -> str:
        return "x"

    router = Router(
        "/r",
        [inside],
        response_headers=[ResponseHeader("X-Router", "r")],
        response_cookies=[SetCookie("router", "r", httponly=True)],
        cache_control=CacheControlHeader.prevent_storing(),
        etag=ETag("r1"),
    )
    response = TestClient(App([router]), backend=backend).get("/r/inside")

    assert response.headers["x-router"] == "r"
    assert response.headers["set-cookie"] == "router=r; Path=/; HttpOnly; SameSite=Lax"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["etag"] == '"r1"'


# --- CR and LF are refused when the value is built ---------------------------------------------------

SPLITTING = ["a\rb", "a\nb", "a\r\nSet-Cookie: evil=1", "a\x00b"]


@pytest.mark.parametrize("text", SPLITTING)
@pytest.mark.parametrize(
    "build",
    [
        lambda text: ResponseHeader("X-Note", text),
        lambda text: ResponseHeader(f"X{text}", "v"),
        lambda text: SetCookie("sid", text),
        lambda text: SetCookie(f"sid{text}", "v"),
        lambda text: SetCookie("sid", "v", path=f"/{text}"),
        lambda text: SetCookie("sid", "v", domain=f"example{text}.com"),
        lambda text: ETag(text),
        lambda text: Response("x", headers={"X-Note": text}),
        lambda text: Response("x", headers=[("X-Note", text)]),
        lambda text: Response("x").with_header("X-Note", text),
        lambda text: Response("x").with_header(f"X{text}", "v"),
        lambda text: Response("x").with_headers({"X-Note": text}),
        lambda text: Response("x").with_media_type(f"text/plain{text}"),
        lambda text: Redirect(f"/next{text}"),
    ],
    ids=[
        "header-value",
        "header-name",
        "cookie-value",
        "cookie-name",
        "cookie-path",
        "cookie-domain",
        "etag",
        "response-headers-mapping",
        "response-headers-pairs",
        "with-header-value",
        "with-header-name",
        "with-headers",
        "with-media-type",
        "redirect-location",
    ],
)
def test_a_control_character_that_could_split_a_header_raises_value_error_when_built(
    build: Callable[[str], object], text: str
) -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        build(text)
