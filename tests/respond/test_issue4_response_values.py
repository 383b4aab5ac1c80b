"""`Response[T]` is a frozen value: every `with_*` returns a changed copy, and one value can be
returned by many requests at once without any request seeing another's change."""

from __future__ import annotations

from typing import Literal

import anyio
import msgspec
import pytest

from lanner import App, BackgroundTask, MediaType, Path, Response, SetCookie, get
from lanner.testing import AsyncTestClient, TestClient

Backend = Literal["asyncio", "trio"]


def noop() -> None:
    pass


def also_noop() -> None:
    pass


# --- every with_* returns a new value and leaves the original alone -----------------------------


def test_with_status_sets_the_status_of_a_copy() -> None:
    original = Response("x")

    changed = original.with_status(418)

    assert (changed.status_code, original.status_code) == (418, None)


@pytest.mark.parametrize("status_code", [99, 600, 0])
def test_with_status_outside_100_to_599_raises(status_code: int) -> None:
    with pytest.raises(ValueError, match="between 100 and 599"):
        Response("x").with_status(status_code)


@pytest.mark.parametrize("media_type", ["text/plain\r\nX-Evil: 1", "text/plain\n", "text/\0plain"])
def test_with_media_type_that_could_split_the_header_raises(media_type: str) -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        Response("x").with_media_type(media_type)


@pytest.mark.parametrize(("name", "value"), [("X Id", "7"), ("X-Id", "7\r\nSet-Cookie: a=b"), ("", "7")])
def test_with_header_refuses_a_header_that_could_be_split_or_refused(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        Response("x").with_header(name, value)


def test_a_copy_equals_the_same_response_built_at_once() -> None:
    cookie = SetCookie("sid", "abc", httponly=True)

    built = Response("x", status_code=201, headers={"X-Id": "7"}, cookies=[cookie], media_type="text/csv")
    derived = (
        Response("x").with_status(201).with_header("X-Id", "7").with_cookie(cookie).with_media_type("text/csv")
    )

    assert derived == built
    assert msgspec.structs.astuple(derived) == msgspec.structs.astuple(built)


def test_headers_taken_from_another_response_are_checked_again_when_built() -> None:
    source = Response("x").with_header("X-Id", "7")

    rebuilt = Response("y", headers=source.header_pairs)

    assert rebuilt.header_pairs == (("X-Id", "7"),)
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        Response("y", headers=(*source.header_pairs, ("X-Bad", "1\r\n2")))


def test_with_header_adds_a_header_to_a_copy() -> None:
    original = Response("x")

    changed = original.with_header("X-Id", "7")

    assert (changed.header_pairs, original.header_pairs) == ((("X-Id", "7"),), ())


def test_with_header_replaces_a_header_of_the_same_name_in_any_case() -> None:
    response = Response("x").with_header("X-Id", "1").with_header("x-id", "2")

    assert response.header_pairs == (("x-id", "2"),)


def test_with_headers_sets_several_and_replaces_those_of_the_same_name() -> None:
    original = Response("x", headers={"X-A": "1", "X-B": "1"})

    changed = original.with_headers({"x-b": "2", "X-C": "3"})

    assert changed.header_pairs == (("X-A", "1"), ("x-b", "2"), ("X-C", "3"))
    assert original.header_pairs == (("X-A", "1"), ("X-B", "1"))


def test_with_cookie_adds_a_cookie_to_a_copy() -> None:
    original = Response("x")

    changed = original.with_cookie(SetCookie("sid", "abc"))

    assert (changed.cookies, original.cookies) == ((SetCookie("sid", "abc"),), ())


def test_without_cookie_is_a_deleting_set_cookie() -> None:
    response = Response("x").without_cookie("sid")

    assert [cookie.to_header() for cookie in response.cookies] == [
        "sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; SameSite=Lax"
    ]


def test_without_cookie_replaces_a_cookie_set_earlier_with_the_same_key() -> None:
    response = Response("x").with_cookie(SetCookie("sid", "abc")).without_cookie("sid")

    assert [(cookie.key, cookie.value, cookie.max_age) for cookie in response.cookies] == [("sid", None, 0)]


def test_without_cookie_keeps_the_path_and_domain_of_the_cookie_it_deletes() -> None:
    response = Response("x").without_cookie("sid", path="/app", domain="example.com")

    (cookie,) = response.cookies
    assert (cookie.path, cookie.domain) == ("/app", "example.com")


def test_with_media_type_sets_the_media_type_of_a_copy() -> None:
    original = Response("x")

    changed = original.with_media_type(MediaType.HTML)

    assert (changed.media_type, original.media_type) == ("text/html", None)


def test_with_background_sets_the_task_of_a_copy() -> None:
    original = Response("x")
    task = BackgroundTask(noop)

    changed = original.with_background(task)

    assert (changed.background, original.background) == (task, None)


def test_with_background_twice_keeps_both_tasks_in_order() -> None:
    first, second = BackgroundTask(noop), BackgroundTask(also_noop)

    response = Response("x").with_background(first).with_background(second)

    assert response.background is not None
    assert not isinstance(response.background, BackgroundTask)
    assert response.background.tasks == (first, second)


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("content", "other"),
        ("status_code", 500),
        ("headers", ()),
        ("cookies", ()),
        ("media_type", "text/html"),
        ("background", None),
    ],
)
def test_assigning_any_attribute_raises(attribute: str, value: object) -> None:
    response = Response("x")

    with pytest.raises(AttributeError):
        setattr(response, attribute, value)


# --- one value, many requests at once -------------------------------------------------------------

SHARED = Response({"shared": True}).with_header("X-Shared", "yes").with_cookie(SetCookie("theme", "dark"))
"""Built once at import time and returned by every request of `/shared`."""


@get("/shared")
async def shared() -> Response[dict[str, bool]]:
    await anyio.sleep(0)  # let other requests interleave
    return SHARED


@get("/derived/{n:int}")
async def derived(n: Path[int]) -> Response[dict[str, bool]]:
    await anyio.sleep(0)
    variant = SHARED.with_header("X-Request", str(n))
    await anyio.sleep(0)
    return variant.with_cookie(SetCookie("theme", f"theme-{n}"))


SHARING = App([shared, derived])


async def test_a_module_level_response_returned_to_50_concurrent_requests_leaks_nothing() -> None:
    seen: dict[str, tuple[list[str], list[str], list[str]]] = {}

    async def fetch(client: AsyncTestClient, path: str) -> None:
        response = await client.get(path)
        assert response.status_code == 200
        seen[path] = (
            response.headers.get_list("x-shared"),
            response.headers.get_list("x-request"),
            response.headers.get_list("set-cookie"),
        )

    paths = [f"/derived/{n}" if n % 2 else "/shared" for n in range(50)]
    async with AsyncTestClient(SHARING) as client, anyio.create_task_group() as group:
        for index, path in enumerate(paths):
            group.start_soon(fetch, client, path if path != "/shared" else f"/shared?i={index}")

    assert len(seen) == 50
    for path, (shared_header, request_header, cookies) in seen.items():
        assert shared_header == ["yes"]
        if path.startswith("/shared"):
            assert (request_header, cookies) == ([], ["theme=dark; Path=/; SameSite=Lax"])
        else:
            n = path.rsplit("/", 1)[1]
            assert (request_header, cookies) == ([n], [f"theme=theme-{n}; Path=/; SameSite=Lax"])


def test_the_shared_response_is_unchanged_after_being_served_and_derived_from(backend: Backend) -> None:
    before = msgspec.structs.asdict(SHARED)
    client = TestClient(SHARING, backend=backend)

    client.get("/derived/3")
    client.get("/shared")

    assert msgspec.structs.asdict(SHARED) == before
