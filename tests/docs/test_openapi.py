"""docs/openapi.md: each example serves and documents what the page's tables say."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

import pytest
from openapi_spec_validator import validate

from docs.examples import openapi_errors, openapi_quickstart, openapi_ui
from lanner._openapi.config import UI_ASSETS
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

PAGE = Path(__file__).resolve().parents[2] / "docs" / "openapi.md"
JSON_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPErrorDocument"}}}


def _op(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"][path][method]
    return operation


# --- openapi_quickstart ---------------------------------------------------------------------


def test_the_document_and_the_scalar_page_are_served(backend: Backend) -> None:
    client = TestClient(openapi_quickstart.app, backend=backend)

    document = client.get("/schema/openapi.json")
    page = client.get("/schema")

    assert (document.status_code, document.headers["content-type"]) == (200, "application/json")
    assert document.json()["info"] == {"title": "Shop", "version": "1.0.0", "description": "Items for sale."}
    assert document.json()["servers"] == [{"url": "https://shop.example.com"}]
    assert (page.status_code, page.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert "@scalar/api-reference@1.72.1" in page.text
    assert 'data-url="/schema/openapi.json"' in page.text


def test_the_quickstart_document_says_what_the_page_says() -> None:
    document: dict[str, Any] = openapi_quickstart.app.openapi_schema()

    validate(document)
    (page_size,) = _op(document, "get", "/items")["parameters"]
    assert page_size == {
        "name": "page-size",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    }
    read = _op(document, "get", "/items/{item_id}")
    assert (read["summary"], read["tags"]) == ("Read one item", ["items"])
    assert set(read["responses"]) == {"200", "400", "404"}
    assert read["responses"]["404"]["content"] == JSON_REF
    create = _op(document, "post", "/items")
    assert list(create["requestBody"]["content"]) == ["application/json", "application/vnd.msgpack"]
    assert create["responses"]["201"]["content"] == {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}
    assert _op(document, "get", "/items")["description"] == "Every item, cheapest first."
    item = document["components"]["schemas"]["Item"]
    assert item["description"] == "Something the shop sells."
    assert item["properties"] == {
        "name": {"type": "string", "minLength": 1, "maxLength": 100},
        "price": {"type": "number", "exclusiveMinimum": 0},
    }


def test_openapi_schema_and_openapi_document_agree() -> None:
    app = openapi_quickstart.app

    assert json.loads(app.openapi_document()) == app.openapi_schema()


# --- openapi_ui -----------------------------------------------------------------------------


def test_swagger_is_served_under_its_own_path(backend: Backend) -> None:
    client = TestClient(openapi_ui.swagger, backend=backend)

    assert "swagger-ui-dist@5.35.0/swagger-ui-bundle.js" in client.get("/docs").text
    assert client.get("/docs/openapi.json").json()["info"]["title"] == "Ping"
    assert client.get("/schema").status_code == 404


def test_redoc_loads_the_self_hosted_script(backend: Backend) -> None:
    page = TestClient(openapi_ui.redoc, backend=backend).get("/schema").text

    assert re.findall(r'<script src="([^"]*)"', page) == ["/static/redoc.standalone.js"]
    assert "cdn.jsdelivr.net" not in page


def test_document_only_has_no_page(backend: Backend) -> None:
    client = TestClient(openapi_ui.document_only, backend=backend)

    assert client.get("/schema").status_code == 404
    assert client.get("/schema/openapi.json").status_code == 200


def test_nothing_is_served_but_the_document_exists_in_code(backend: Backend) -> None:
    client = TestClient(openapi_ui.nothing, backend=backend)

    assert client.get("/schema").status_code == 404
    assert client.get("/schema/openapi.json").status_code == 404
    document: dict[str, Any] = openapi_ui.nothing.openapi_schema()
    assert list(document["paths"]) == ["/ping"]


@pytest.mark.parametrize("ui", ["scalar", "swagger", "redoc"])
def test_the_pages_table_shows_the_pinned_urls(ui: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    script, stylesheet = UI_ASSETS[ui]

    row = next(line for line in text.splitlines() if line.startswith(f'| `"{ui}"` |'))
    assert f"`{script}`" in row
    assert (f"`{stylesheet}`" in row) if stylesheet else row.endswith("| none |")


# --- openapi_errors -------------------------------------------------------------------------


def test_failures_from_result_and_extractors_are_documented() -> None:
    document: dict[str, Any] = openapi_errors.app.openapi_schema()
    responses = _op(document, "post", "/books/{book_id}/loans")["responses"]

    assert set(responses) == {"201", "400", "401", "404", "409"}
    assert responses["409"] == {"description": "409: someone else has the book.", **{"content": JSON_REF}}
    assert responses["400"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/ValidationErrorDocument"}}
    }


def test_a_raised_error_is_not_documented_but_one_in_the_return_type_is() -> None:
    document: dict[str, Any] = openapi_errors.app.openapi_schema()

    assert set(_op(document, "post", "/books/{book_id}/returns")["responses"]) == {"200", "400", "401"}
    assert set(_op(document, "post", "/books/{book_id}/renewals")["responses"]) == {"200", "400", "401", "404"}


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/books/1/loans", {"X-Library-Card": "ada"}, 201),
        ("/books/1/loans", {}, 401),
        ("/books/9/loans", {"X-Library-Card": "ada"}, 404),
        ("/books/2/loans", {"X-Library-Card": "ada"}, 409),
        ("/books/9/returns", {"X-Library-Card": "ada"}, 404),  # answered, though not documented
        ("/books/9/renewals", {"X-Library-Card": "ada"}, 404),
    ],
)
def test_the_library_answers_as_the_table_says(backend: Backend, path: str, headers: dict[str, str], status: int) -> None:
    response = TestClient(openapi_errors.app, backend=backend).post(path, headers=headers)

    assert response.status_code == status


def test_the_errors_example_is_valid_openapi() -> None:
    validate(openapi_errors.app.openapi_schema())
