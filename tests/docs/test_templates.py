"""docs/templates.md: the Jinja2 example renders, escapes, and refuses an App without an engine."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from docs.examples import templates_jinja
from lanner import App, ImproperlyConfigured
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]
ROOT = Path(__file__).resolve().parents[2]


def test_hello_renders_the_template(backend: Backend) -> None:
    response = TestClient(templates_jinja.app, backend=backend).get("/hello/Ada")

    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text == "<!doctype html><title>Hello</title><h1>Hello, Ada!</h1>"


def test_context_is_escaped(backend: Backend) -> None:
    response = TestClient(templates_jinja.app, backend=backend).get("/hello/<script>")

    assert "<h1>Hello, &lt;script&gt;!</h1>" in response.text


def test_without_an_engine_the_app_is_not_built_with_the_pages_message() -> None:
    page = (ROOT / "docs" / "templates.md").read_text()

    with pytest.raises(ImproperlyConfigured) as raised:
        App([templates_jinja.hello])

    assert str(raised.value) in page
