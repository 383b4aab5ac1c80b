"""`await request.form()`: the urlencoded body's fields as a `MultiDict`; another content type is 415."""

from __future__ import annotations

from typing import Literal

import pytest

from lanner import App, Request, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

URLENCODED = {"Content-Type": "application/x-www-form-urlencoded"}


@post("/form", status_code=200)
async def form(request: Request) -> dict[str, object]:
    fields = await request.form()
    return {
        "get": fields.get("tag"),
        "getlist": fields.getlist("tag"),
        "items": list(fields.items()),
        "multi_items": fields.multi_items(),
    }


@post("/form-then-body", status_code=200)
async def form_then_body(request: Request) -> str:
    await request.body()
    fields = await request.form()
    return str(fields.get("name"))


FORMS = App([form, form_then_body])


def test_form_reads_urlencoded_fields(backend: Backend) -> None:
    response = TestClient(FORMS, backend=backend).post("/form", data={"tag": "a", "q": "x y"})

    assert response.json()["items"] == [["tag", "a"], ["q", "x y"]]


def test_form_keeps_every_value_of_a_repeated_key(backend: Backend) -> None:
    response = TestClient(FORMS, backend=backend).post("/form", content=b"tag=a&q=x&tag=b", headers=URLENCODED)

    assert response.json() == {
        "get": "b",
        "getlist": ["a", "b"],
        "items": [["tag", "b"], ["q", "x"]],
        "multi_items": [["tag", "a"], ["q", "x"], ["tag", "b"]],
    }


def test_form_decodes_percent_escapes_and_plus_signs(backend: Backend) -> None:
    response = TestClient(FORMS, backend=backend).post("/form", content=b"tag=caf%C3%A9+au+lait", headers=URLENCODED)

    assert response.json()["get"] == "café au lait"


def test_form_after_body_reads_the_kept_body(backend: Backend) -> None:
    response = TestClient(FORMS, backend=backend).post("/form-then-body", content=b"name=ada", headers=URLENCODED)

    assert response.text == "ada"


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
def test_form_of_another_content_type_is_415(backend: Backend, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}

    response = TestClient(FORMS, backend=backend).post("/form", content=b'{"tag": "a"}', headers=headers)

    assert response.status_code == 415
