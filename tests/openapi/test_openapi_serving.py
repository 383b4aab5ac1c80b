"""`App(openapi=OpenAPIConfig(...))`: the document at `{path}/openapi.json`, the UI page at
`path` (Scalar, Swagger UI or ReDoc from pinned URLs, or none), nothing with `openapi=None`;
the document is built once, never per request."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Literal

import msgspec
import pytest

import lanner
from lanner import App, MediaType, OpenAPIConfig, get
from lanner._openapi import document as document_module
from lanner._openapi.config import UI_ASSETS
from lanner._openapi.document import RouteDoc
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Item(msgspec.Struct, frozen=True):
    name: str


@get("/items")
async def list_items() -> list[Item]:
    return [Item("hammer")]


def _app(config: OpenAPIConfig | None) -> App:
    return App([list_items], openapi=config)


# --- the document -------------------------------------------------------------------------


def test_the_document_is_served_as_json_at_path_openapi_json(backend: Backend) -> None:
    config = OpenAPIConfig(
        "Shop", "2.1.0", description="Tools.", servers=["https://api.example.com", "/v2"], path="/schema"
    )

    response = TestClient(_app(config), backend=backend).get("/schema/openapi.json")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert document["info"] == {"title": "Shop", "version": "2.1.0", "description": "Tools."}
    assert document["servers"] == [{"url": "https://api.example.com"}, {"url": "/v2"}]
    assert list(document["paths"]) == ["/items"]


def test_the_served_document_is_the_one_openapi_schema_returns(backend: Backend) -> None:
    app = _app(OpenAPIConfig("Shop", "1.0.0"))

    served = TestClient(app, backend=backend).get("/schema/openapi.json")

    assert served.content == app.openapi_document()
    assert served.json() == app.openapi_schema()


def test_without_description_and_servers_the_document_has_neither() -> None:
    document = _app(OpenAPIConfig("Shop", "1.0.0")).openapi_schema()

    assert document["info"] == {"title": "Shop", "version": "1.0.0"}
    assert "servers" not in document


def test_another_path_moves_both_routes(backend: Backend) -> None:
    client = TestClient(_app(OpenAPIConfig("Shop", "1.0.0", path="/api/docs")), backend=backend)

    assert client.get("/api/docs/openapi.json").json()["info"]["title"] == "Shop"
    assert client.get("/api/docs").headers["content-type"] == "text/html; charset=utf-8"
    assert client.get("/schema/openapi.json").status_code == 404
    assert client.get("/schema").status_code == 404


def test_the_document_answers_head_without_a_body(backend: Backend) -> None:
    response = TestClient(_app(OpenAPIConfig()), backend=backend).head("/schema/openapi.json")

    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["content-type"] == "application/json"


def test_the_document_is_json_whatever_media_type_the_app_answers_in(backend: Backend) -> None:
    app = App([list_items], openapi=OpenAPIConfig(), media_type=(MediaType.MESSAGEPACK, MediaType.JSON))
    client = TestClient(app, backend=backend)

    response = client.get("/schema/openapi.json", headers={"Accept": "application/vnd.msgpack"})

    assert response.headers["content-type"] == "application/json"
    assert response.json()["paths"]["/items"]["get"]["responses"]["200"]["content"].keys() == {
        "application/vnd.msgpack",
        "application/json",
    }
    assert client.get("/schema").headers["content-type"] == "text/html; charset=utf-8"


def test_the_documents_own_routes_are_not_in_the_document() -> None:
    paths = _app(OpenAPIConfig(ui="swagger")).openapi_schema()["paths"]

    assert isinstance(paths, dict)
    assert set(paths) == {"/items"}


# --- built once ---------------------------------------------------------------------------


def test_the_document_is_built_once_however_often_it_is_asked_for(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    build = document_module.build_document

    def counting(config: OpenAPIConfig, routes: Sequence[RouteDoc]) -> dict[str, object]:
        calls.append(1)
        return build(config, routes)

    monkeypatch.setattr(document_module, "build_document", counting)
    app = _app(OpenAPIConfig())
    client = TestClient(app, backend=backend)

    bodies = [client.get("/schema/openapi.json").content for _ in range(3)]
    app.openapi_schema()

    assert len(calls) == 1
    assert bodies[0] == bodies[1] == bodies[2]
    assert app.openapi_document() is app.openapi_document()


def test_building_the_app_does_not_build_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(config: OpenAPIConfig, routes: Sequence[RouteDoc]) -> dict[str, object]:
        raise AssertionError("built before anyone asked for it")

    monkeypatch.setattr(document_module, "build_document", refuse)

    _app(OpenAPIConfig())  # no AssertionError: built lazily, on first use


# --- openapi=None ---------------------------------------------------------------------------


def test_without_openapi_nothing_is_served(backend: Backend) -> None:
    client = TestClient(App([list_items]), backend=backend)

    assert client.get("/schema/openapi.json").status_code == 404
    assert client.get("/schema").status_code == 404


def test_without_openapi_the_document_is_still_available_in_code() -> None:
    app = App([list_items])

    document = app.openapi_schema()

    assert app.openapi is None
    assert document["info"] == {"title": "API", "version": "1.0.0"}
    assert document["paths"] == App([list_items], openapi=OpenAPIConfig()).openapi_schema()["paths"]


def test_openapi_config_is_importable_from_lanner() -> None:
    assert lanner.OpenAPIConfig is OpenAPIConfig
    assert "OpenAPIConfig" in lanner.__all__


# --- the UI page ----------------------------------------------------------------------------


def _page(config: OpenAPIConfig, backend: Backend, path: str = "/schema") -> str:
    response = TestClient(_app(config), backend=backend).get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


def _scripts(page: str) -> list[str]:
    return [html.unescape(src) for src in re.findall(r'<script[^>]* src="([^"]*)"', page)]


def _stylesheets(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'<link rel="stylesheet" href="([^"]*)"', page)]


def test_scalar_is_the_default_ui(backend: Backend) -> None:
    page = _page(OpenAPIConfig("Shop", "1.0.0"), backend)

    assert _scripts(page) == [
        "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.72.1/dist/browser/standalone.js"
    ]
    assert 'id="api-reference" data-url="/schema/openapi.json"' in page
    assert "<title>Shop</title>" in page


def test_swagger_ui_loads_its_pinned_script_and_stylesheet(backend: Backend) -> None:
    page = _page(OpenAPIConfig(ui="swagger"), backend)

    assert _scripts(page) == ["https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui-bundle.js"]
    assert _stylesheets(page) == ["https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui.css"]
    assert 'SwaggerUIBundle({url: "/schema/openapi.json", dom_id:' in page


def test_redoc_loads_its_pinned_script(backend: Backend) -> None:
    page = _page(OpenAPIConfig(ui="redoc"), backend)

    assert _scripts(page) == ["https://cdn.jsdelivr.net/npm/redoc@2.5.0/bundles/redoc.standalone.js"]
    assert '<redoc spec-url="/schema/openapi.json"></redoc>' in page


@pytest.mark.parametrize("ui", ["scalar", "swagger", "redoc"])
def test_every_pinned_url_names_an_exact_version(ui: str) -> None:
    for url in UI_ASSETS[ui]:
        if url is not None:
            assert re.search(r"@\d+\.\d+\.\d+/", url), url  # never "@latest" or a major-only tag


@pytest.mark.parametrize("ui", ["scalar", "swagger", "redoc"])
def test_js_url_and_css_url_replace_the_pinned_assets(backend: Backend, ui: Literal["scalar", "swagger", "redoc"]) -> None:
    config = OpenAPIConfig(ui=ui, js_url="/static/ui.js?v=1&x=2", css_url="/static/ui.css")

    page = _page(config, backend)

    assert _scripts(page) == ["/static/ui.js?v=1&x=2"]
    assert _stylesheets(page) == ["/static/ui.css"]
    assert "cdn.jsdelivr.net" not in page
    assert "&amp;x=2" in page  # the URL is HTML-escaped in its attribute


def test_ui_none_serves_only_the_document(backend: Backend) -> None:
    client = TestClient(_app(OpenAPIConfig(ui=None)), backend=backend)

    assert client.get("/schema").status_code == 404
    assert client.get("/schema/openapi.json").status_code == 200


HOSTILE = "</script><script>alert(1)</script>"


@pytest.mark.parametrize("ui", ["scalar", "swagger", "redoc"])
def test_a_hostile_title_cannot_break_out_of_the_page(backend: Backend, ui: Literal["scalar", "swagger", "redoc"]) -> None:
    page = _page(OpenAPIConfig(f'Evil {HOSTILE} " \' &', "1.0.0", ui=ui), backend)

    assert "alert(1)</script>" not in page
    assert page.count("<script") == {"scalar": 2, "swagger": 2, "redoc": 1}[ui]  # the page's own, no more
    title = re.search(r"<title>(.*)</title>", page)
    assert title is not None
    assert title[1] == "Evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot; ' &amp;"


def test_a_hostile_title_is_json_escaped_in_the_document(backend: Backend) -> None:
    response = TestClient(_app(OpenAPIConfig(HOSTILE, "1.0.0")), backend=backend).get("/schema/openapi.json")

    assert json.loads(response.content)["info"]["title"] == HOSTILE


@pytest.mark.parametrize("ui", ["scalar", "swagger", "redoc"])
def test_the_spec_url_is_escaped_in_the_page(backend: Backend, ui: Literal["scalar", "swagger", "redoc"]) -> None:
    path = '/docs"<!--</script>&'
    page = _page(OpenAPIConfig(path=path, ui=ui), backend, path)

    assert "</script>&" not in page and '"<!--' not in page
    if ui == "swagger":  # in a script: a JSON string with <, > and & as \u escapes
        assert r'url: "/docs\"\u003c!--\u003c/script\u003e\u0026/openapi.json"' in page
    else:  # in an attribute: HTML-escaped
        assert "/docs&quot;&lt;!--&lt;/script&gt;&amp;/openapi.json" in page


# --- the configuration ----------------------------------------------------------------------


def test_the_defaults() -> None:
    config = OpenAPIConfig()

    assert (config.title, config.version, config.description, tuple(config.servers)) == ("API", "1.0.0", None, ())
    assert (config.path, config.ui, config.js_url, config.css_url) == ("/schema", "scalar", None, None)
    assert config.document_path == "/schema/openapi.json"


@pytest.mark.parametrize(("path", "document_path"), [("/docs/", "/docs/openapi.json"), ("/", "/openapi.json")])
def test_the_document_path_has_one_slash(path: str, document_path: str) -> None:
    assert OpenAPIConfig(path=path).document_path == document_path


def test_a_path_must_start_with_a_slash() -> None:
    with pytest.raises(ValueError, match='OpenAPIConfig.path must start with "/"'):
        OpenAPIConfig(path="schema")


def test_an_unknown_ui_is_refused() -> None:
    with pytest.raises(ValueError, match='ui is "scalar", "swagger", "redoc" or None'):
        OpenAPIConfig(ui="rapidoc")  # type: ignore[arg-type]  # the mistake under test


def test_an_asset_url_that_could_split_the_page_is_refused() -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        OpenAPIConfig(js_url="https://cdn.example.com/ui.js\r\n")


def test_a_route_of_the_app_on_the_ui_path_is_a_build_error() -> None:
    @get("/schema")
    async def mine() -> str:
        return "mine"

    with pytest.raises(lanner.ImproperlyConfigured, match="GET /schema is registered twice"):
        App([mine], openapi=OpenAPIConfig())
