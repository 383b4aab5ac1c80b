"""`Header` and `Cookie` extractors."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest

from lanner import Alias, App, Cookie, Header, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


@get("/agent")
async def agent(user_agent: Header[str]) -> str:
    return user_agent


@get("/number")
async def number(x_count: Header[int]) -> int:
    return x_count


@get("/every")
async def every(x_tag: Header[list[str]]) -> list[str]:
    return x_tag


@get("/aliased")
async def aliased(token: Header[Annotated[str, Alias("Authorization")]]) -> str:
    return token


@get("/optional-header")
async def optional_header(x_trace: Header[str | None] = None) -> dict[str, str | None]:
    return {"x_trace": x_trace}


HEADERS = App([agent, number, every, aliased, optional_header])


def test_header_param_user_agent_reads_user_agent_header(backend: Backend) -> None:
    response = TestClient(HEADERS, backend=backend).get("/agent", headers={"User-Agent": "probe/1.0"})
    assert response.text == "probe/1.0"


@pytest.mark.parametrize("name", ["x-count", "X-Count", "X-COUNT"])
def test_header_name_is_case_insensitive(backend: Backend, name: str) -> None:
    response = TestClient(HEADERS, backend=backend).get("/number", headers={name: "12"})
    assert response.json() == 12


def test_header_converted_to_its_type_and_invalid_is_400(backend: Backend) -> None:
    response = TestClient(HEADERS, backend=backend).get("/number", headers={"x-count": "twelve"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"source": "header", "name": "x-count", "message": "Expected `int`, got `str`"}
    ]


def test_header_int_too_long_to_convert_is_400(backend: Backend) -> None:
    response = TestClient(HEADERS, backend=backend).get("/number", headers={"x-count": "7" * 5000})
    assert response.status_code == 400
    assert response.json()["errors"][0]["name"] == "x-count"


def test_header_list_takes_every_value(backend: Backend) -> None:
    response = TestClient(HEADERS, backend=backend).get("/every", headers=[("x-tag", "a"), ("X-Tag", "b")])
    assert response.json() == ["a", "b"]


def test_header_alias_reads_under_its_wire_name_in_any_case(backend: Backend) -> None:
    response = TestClient(HEADERS, backend=backend).get("/aliased", headers={"authorization": "Bearer t"})
    assert response.text == "Bearer t"


def test_missing_required_header_is_400(backend: Backend) -> None:
    response = TestClient(HEADERS, backend=backend).get("/number")
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "detail": "Validation failed",
        "errors": [{"source": "header", "name": "x-count", "message": "Missing required header"}],
    }


def test_optional_header_is_none_when_absent(backend: Backend) -> None:
    client = TestClient(HEADERS, backend=backend)
    assert client.get("/optional-header").json() == {"x_trace": None}
    assert client.get("/optional-header", headers={"x-trace": "t1"}).json() == {"x_trace": "t1"}


def test_a_repeated_header_reads_its_last_value(backend: Backend) -> None:
    response = TestClient(HEADERS, backend=backend).get("/agent", headers=[("user-agent", "a"), ("user-agent", "b")])

    assert response.text == "b"


def test_a_repeated_header_whose_last_value_is_clean_reads_it_though_an_earlier_held_a_nul(
    backend: Backend,
) -> None:
    client = TestClient(HEADERS, backend=backend)

    response = client.get("/agent", headers=[("user-agent", "a\x00b"), ("user-agent", "c")])

    assert response.text == "c"


def test_a_repeated_header_whose_last_value_holds_a_nul_is_400(backend: Backend) -> None:
    client = TestClient(HEADERS, backend=backend)

    response = client.get("/agent", headers=[("user-agent", "a"), ("user-agent", "b\x00c")])

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"source": "header", "name": "user-agent", "message": "Header contains a NUL character"}
    ]


# --- cookies ------------------------------------------------------------------------------


@get("/session")
async def session(session_id: Cookie[str], theme: Cookie[str] = "light") -> dict[str, str]:
    return {"session_id": session_id, "theme": theme}


@get("/visits")
async def visits(visits: Cookie[int]) -> int:
    return visits


@get("/aliased-cookie")
async def aliased_cookie(sid: Cookie[Annotated[str, Alias("__Host-sid")]]) -> str:
    return sid


COOKIES = App([session, visits, aliased_cookie])


def test_cookie_values_are_read_by_name(backend: Backend) -> None:
    response = TestClient(COOKIES, backend=backend).get("/session", headers={"cookie": "session_id=abc; theme=dark"})
    assert response.json() == {"session_id": "abc", "theme": "dark"}


def test_cookie_default_applies_when_absent(backend: Backend) -> None:
    response = TestClient(COOKIES, backend=backend).get("/session", headers={"cookie": "session_id=abc"})
    assert response.json() == {"session_id": "abc", "theme": "light"}


def test_malformed_cookie_is_skipped_and_the_rest_are_read(backend: Backend) -> None:
    response = TestClient(COOKIES, backend=backend).get(
        "/session", headers={"cookie": "garbage; =nameless; session_id=abc; bad\x01=x; theme=dark"}
    )
    assert response.status_code == 200
    assert response.json() == {"session_id": "abc", "theme": "dark"}


def test_cookie_pair_holding_a_control_character_is_skipped_like_a_malformed_one(backend: Backend) -> None:
    response = TestClient(COOKIES, backend=backend).get(
        "/session", headers={"cookie": "session_id=a\x01b; theme=\x7f; session_id=abc"}
    )
    assert response.status_code == 200
    assert response.json() == {"session_id": "abc", "theme": "light"}


def test_cookie_converted_to_its_type(backend: Backend) -> None:
    client = TestClient(COOKIES, backend=backend)
    assert client.get("/visits", headers={"cookie": "visits=3"}).json() == 3
    response = client.get("/visits", headers={"cookie": "visits=many"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == "cookie"


def test_cookie_alias_reads_under_its_wire_name(backend: Backend) -> None:
    response = TestClient(COOKIES, backend=backend).get("/aliased-cookie", headers={"cookie": "__Host-sid=s1"})
    assert response.text == "s1"


def test_missing_required_cookie_is_400(backend: Backend) -> None:
    response = TestClient(COOKIES, backend=backend).get("/session")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"source": "cookie", "name": "session_id", "message": "Missing required cookie"}
    ]
