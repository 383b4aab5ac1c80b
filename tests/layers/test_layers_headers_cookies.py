"""`response_headers`, `response_cookies` and `cache_control` on the App, Routers and handlers:
every layer's are sent, the closest layer wins for a name, what the returned `Response` sets
wins over all, and `documentation_only` values are never sent."""

from __future__ import annotations

from typing import Literal

from lanner import (
    App,
    CacheControlHeader,
    ETag,
    MediaType,
    Response,
    ResponseHeader,
    Router,
    SetCookie,
    get,
)
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


@get("/plain", response_headers={"X-Handler": "h"}, response_cookies={"handler": "h"})
async def plain() -> str:
    return "x"


@get(
    "/closest",
    response_headers=[ResponseHeader("x-shared", "handler")],
    response_cookies=[SetCookie("shared", "handler")],
    cache_control=CacheControlHeader(no_store=True),
)
async def closest() -> str:
    return "x"


@get("/router-wins")
async def router_wins() -> str:
    return "x"


@get("/own", response_headers={"X-Shared": "handler"}, response_cookies={"shared": "handler"})
async def own() -> Response[str]:
    return (
        Response("x")
        .with_header("X-Shared", "response")
        .with_header("Cache-Control", "private")
        .with_cookie(SetCookie("shared", "response"))
    )


@get("/own-content-type", media_type=MediaType.HTML)
async def own_content_type() -> Response[str]:
    return Response("x", headers={"Content-Type": "text/x-own"})


@get("/own-media-type", media_type=MediaType.HTML)
async def own_media_type() -> Response[str]:
    return Response("x").with_media_type("text/csv")


inner = Router(
    "/inner",
    [closest, router_wins, own, own_content_type, own_media_type],
    response_headers={"X-Inner": "i", "X-Shared": "inner"},
    response_cookies={"inner": "i", "shared": "inner"},
    cache_control=CacheControlHeader(max_age=86400),
)
outer = Router(
    "/outer",
    [plain],
    routers=[inner],
    response_headers=[ResponseHeader("X-Outer", "o"), ResponseHeader("X-Shared", "outer")],
    response_cookies=[SetCookie("outer", "o"), SetCookie("shared", "outer")],
)
LAYERED = App(
    [outer],
    response_headers={"X-App": "a", "X-Shared": "app"},
    response_cookies={"app": "a", "shared": "app"},
    cache_control=CacheControlHeader(max_age=2628288),
)


def _cookies(values: list[str]) -> dict[str, str]:
    return dict(value.split(";", 1)[0].split("=", 1) for value in values)


def test_every_layers_headers_are_sent(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/plain")

    assert (response.headers["x-app"], response.headers["x-outer"], response.headers["x-handler"]) == ("a", "o", "h")


def test_every_layers_cookies_are_sent(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/plain")

    cookies = _cookies(response.headers.get_list("set-cookie"))
    assert {key: cookies[key] for key in ("app", "outer", "handler")} == {"app": "a", "outer": "o", "handler": "h"}


def test_layer_cookies_are_full_set_cookie_headers(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/plain")

    assert "handler=h; Path=/; SameSite=Lax" in response.headers.get_list("set-cookie")


def test_the_handler_layer_wins_for_a_header_name_in_any_case(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/inner/closest")

    assert response.headers.get_list("x-shared") == ["handler"]


def test_the_innermost_router_wins_over_outer_routers_and_the_app(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/inner/router-wins")

    assert response.headers.get_list("x-shared") == ["inner"]
    assert _cookies(response.headers.get_list("set-cookie"))["shared"] == "inner"


def test_the_outer_router_wins_over_the_app(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/plain")

    assert response.headers.get_list("x-shared") == ["outer"]


def test_the_closest_layer_wins_for_a_cookie_key_and_the_cookie_is_sent_once(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/inner/closest")

    shared = [value for value in response.headers.get_list("set-cookie") if value.startswith("shared=")]
    assert shared == ["shared=handler; Path=/; SameSite=Lax"]


def test_cache_control_of_the_closest_layer_wins(backend: Backend) -> None:
    client = TestClient(LAYERED, backend=backend)

    assert client.get("/outer/plain").headers.get_list("cache-control") == ["max-age=2628288"]
    assert client.get("/outer/inner/router-wins").headers.get_list("cache-control") == ["max-age=86400"]
    assert client.get("/outer/inner/closest").headers.get_list("cache-control") == ["no-store"]


def test_a_header_the_response_sets_wins_over_every_layer(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/inner/own")

    assert response.headers.get_list("x-shared") == ["response"]


def test_a_cache_control_header_the_response_sets_wins_over_the_layers_cache_control(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/inner/own")

    assert response.headers.get_list("cache-control") == ["private"]


def test_a_cookie_the_response_sets_wins_over_every_layer_for_its_key(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/inner/own")

    shared = [value for value in response.headers.get_list("set-cookie") if value.startswith("shared=")]
    assert shared == ["shared=response; Path=/; SameSite=Lax"]
    assert {"app", "outer", "inner"} <= set(_cookies(response.headers.get_list("set-cookie")))


def test_a_content_type_header_the_response_sets_wins_over_the_encoders(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/inner/own-content-type")

    assert response.headers.get_list("content-type") == ["text/x-own"]


def test_the_response_media_type_wins_over_the_layer_media_type(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).get("/outer/inner/own-media-type")

    assert response.headers.get_list("content-type") == ["text/csv; charset=utf-8"]


def test_layer_headers_and_cookies_are_sent_with_head_too(backend: Backend) -> None:
    response = TestClient(LAYERED, backend=backend).head("/outer/plain")

    assert (response.headers["x-handler"], response.content) == ("h", b"")
    assert "handler" in _cookies(response.headers.get_list("set-cookie"))


# --- documentation_only -------------------------------------------------------------------------------


@get(
    "/documented",
    response_headers=[
        ResponseHeader("X-Rate-Limit", documentation_only=True, description="set by the proxy"),
        ResponseHeader("X-Documented-Value", "1", documentation_only=True),
    ],
    response_cookies=[SetCookie("session", documentation_only=True, description="set at log-in")],
    cache_control=CacheControlHeader(max_age=5, documentation_only=True),
    etag=ETag(documentation_only=True),
)
async def documented() -> str:
    return "x"


def test_documentation_only_values_are_never_sent(backend: Backend) -> None:
    response = TestClient(App([documented]), backend=backend).get("/documented")

    sent = {name for name, _ in response.headers.multi_items()}
    assert sent == {"content-type", "content-length"}


def test_a_documentation_only_value_hides_the_same_header_of_a_farther_layer(backend: Backend) -> None:
    # The closer layer says "this header is set elsewhere": the farther layer's value is not sent.
    app = App([documented], response_headers={"X-Rate-Limit": "100"}, cache_control=CacheControlHeader(max_age=60))

    response = TestClient(app, backend=backend).get("/documented")

    assert ("x-rate-limit" not in response.headers, "cache-control" not in response.headers) == (True, True)


def test_a_documentation_only_etag_answers_no_304(backend: Backend) -> None:
    client = TestClient(App([documented]), backend=backend)

    response = client.get("/documented", headers={"If-None-Match": "*"})

    assert response.status_code == 200


# --- a header named like the encoder's --------------------------------------------------------------


@get("/layer-content-type", response_headers={"Content-Type": "text/x-layer"})
async def layer_content_type() -> str:
    return "x"


def test_a_layer_content_type_header_is_sent_once(backend: Backend) -> None:
    # Two Content-Type headers make a response whose type each client reads differently.
    response = TestClient(App([layer_content_type]), backend=backend).get("/layer-content-type")

    assert len(response.headers.get_list("content-type")) == 1
