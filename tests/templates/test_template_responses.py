"""`Template(name, context)`: rendered by the App's `template_engine` (a Jinja2 Environment or
any object with `get_template(name).render(**context)`); a missing template is a 500 logged
once with its name; a Template route on an App without an engine is refused when built."""

from __future__ import annotations

import logging
from typing import Literal

import jinja2
import pytest

from lanner import App, ImproperlyConfigured, Path, Router, Template, get
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

TEMPLATES = {
    "base.html": "<title>{% block title %}{% endblock %}</title><main>{% block main %}{% endblock %}</main>",
    "hello.html": '{% extends "base.html" %}{% block title %}Hello{% endblock %}'
    "{% block main %}Hello, {{ name }}!{% endblock %}",
    "items.html": "<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>",
    "feed.xml": "<feed><title>{{ title }}</title></feed>",
    "plain.txt": "{{ greeting }}",
}


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=jinja2.select_autoescape())


@get("/hello/{name}")
async def hello(name: Path[str]) -> Template:
    return Template("hello.html", {"name": name})


@get("/items")
async def items() -> Template:
    return Template("items.html", {"items": ["one", "<two>"]})


@get("/feed")
async def feed() -> Template:
    return Template("feed.xml", {"title": "News"}, media_type="application/atom+xml")


@get("/teapot")
async def teapot() -> Template:
    return Template("plain.txt", {"greeting": "short and stout"}, status_code=418, media_type="text/plain")


@get("/headers", response_headers={"X-Layer": "route"})
async def headers() -> Template:
    return Template("plain.txt", {"greeting": "hi"}, headers={"X-Own": "value"})


@get("/no-context")
async def no_context() -> Template:
    return Template("base.html")


MISSING_NAME = "nowhere/missing.html"


@get("/missing")
async def missing() -> Template:
    # A name that is not a literal at the call: only the request can find it missing.
    return Template(MISSING_NAME, {"x": 1})


@get("/sync")
def sync_handler() -> Template:
    return Template("plain.txt", {"greeting": "from a thread"})


APP = App(
    [hello, items, feed, teapot, headers, no_context, missing, sync_handler, Router("/nested", [hello])],
    template_engine=environment(),
)


def test_a_template_is_rendered_as_html(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/hello/Ada")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text == "<title>Hello</title><main>Hello, Ada!</main>"
    assert response.headers["content-length"] == str(len(response.content))


def test_context_values_are_autoescaped_by_the_environment(backend: Backend) -> None:
    assert TestClient(APP, backend=backend).get("/items").text == "<ul><li>one</li><li>&lt;two&gt;</li></ul>"
    assert "&lt;script&gt;" in TestClient(APP, backend=backend).get("/hello/<script>").text


def test_media_type_and_status_code_of_the_value(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)

    feed_response = client.get("/feed")
    teapot_response = client.get("/teapot")

    assert feed_response.headers["content-type"] == "application/atom+xml"
    assert (teapot_response.status_code, teapot_response.text) == (418, "short and stout")
    assert teapot_response.headers["content-type"] == "text/plain; charset=utf-8"


def test_headers_of_the_value_and_of_the_layers(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).get("/headers")

    assert (response.headers["x-layer"], response.headers["x-own"]) == ("route", "value")


def test_no_context(backend: Backend) -> None:
    assert TestClient(APP, backend=backend).get("/no-context").text == "<title></title><main></main>"


def test_a_sync_handler_and_a_router(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)

    assert client.get("/sync").text == "from a thread"
    assert client.get("/nested/hello/Bob").text == "<title>Hello</title><main>Hello, Bob!</main>"


def test_head_sends_the_headers_and_no_body(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)

    response = client.head("/hello/Ada")

    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["content-length"] == client.get("/hello/Ada").headers["content-length"]


def test_a_missing_template_is_a_500_logged_once_with_its_name(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="lanner"):
        response = TestClient(APP, backend=backend, raise_server_exceptions=False).get("/missing")

    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
    assert "missing.html" not in response.text  # no internal detail for the client
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "nowhere/missing.html" in caplog.text


def test_a_missing_template_raises_in_tests(backend: Backend) -> None:
    with pytest.raises(Exception, match="nowhere/missing.html"):
        TestClient(APP, backend=backend).get("/missing")


def test_a_template_route_without_an_engine_is_refused_when_built() -> None:
    with pytest.raises(ImproperlyConfigured) as raised:
        App([hello])

    message = str(raised.value)
    assert "GET /hello/{name}" in message
    assert "hello" in message
    assert "template_engine" in message


def test_a_template_route_in_a_router_without_an_engine_is_refused_when_built() -> None:
    with pytest.raises(ImproperlyConfigured, match="template_engine"):
        App([Router("/pages", [items])])


def test_a_literal_template_name_the_engine_lacks_is_refused_when_built() -> None:
    # issue 5: "a missing template is a clear 500 in logs and a build-time check where the
    # name is a literal".
    @get("/typo")
    async def typo() -> Template:
        return Template("helo.html", {"name": "Ada"})

    with pytest.raises(ImproperlyConfigured, match="helo.html"):
        App([typo], template_engine=environment())


class Engine:
    """Not Jinja2: any object with `get_template(name).render(**context)` will do."""

    class Loaded:
        def __init__(self, name: str) -> None:
            self.name = name

        def render(self, *args: object, **context: object) -> str:
            pairs = ", ".join(f"{key}={value}" for key, value in sorted(context.items()))
            return f"[{self.name}: {pairs}]"

    def get_template(self, name: str) -> Engine.Loaded:
        return Engine.Loaded(name)


def test_any_engine_with_get_template_and_render(backend: Backend) -> None:
    response = TestClient(App([hello], template_engine=Engine()), backend=backend).get("/hello/Ada")

    assert response.text == "[hello.html: name=Ada]"


def test_template_values_are_frozen() -> None:
    value = Template("a.html")

    with pytest.raises(AttributeError):
        value.name = "b.html"  # type: ignore[misc]  # the mistake under test


def test_a_media_type_with_cr_or_lf_is_refused_when_built() -> None:
    with pytest.raises(ValueError):
        Template("a.html", media_type="text/html\r\nX-Evil: 1")
