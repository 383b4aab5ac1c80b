"""The HTML page of each OpenAPI UI. Inputs go in through JSON encoding, never pasted in."""

from __future__ import annotations

import msgspec

from lanner._openapi.config import UI_ASSETS, OpenAPIConfig


def _js(value: str) -> str:
    # JSON is valid JavaScript. "<", ">" and "&" become \u escapes, so no value can close the
    # script element (`</script>`) or change how the HTML parser reads it (`<!--`).
    text = msgspec.json.encode(value).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def ui_page(config: OpenAPIConfig) -> str:
    """The UI page for `config.ui`, loading the document from `config.document_path`."""
    assert config.ui is not None
    default_js, default_css = UI_ASSETS[config.ui]
    js = config.js_url or default_js
    css = config.css_url or default_css
    title = _attr(config.title)
    spec = config.document_path
    head = f'<meta charset="utf-8"><title>{title}</title><meta name="viewport" content="width=device-width, initial-scale=1">'
    if css:
        head += f'<link rel="stylesheet" href="{_attr(css)}">'
    if config.ui == "scalar":
        body = (
            f'<script id="api-reference" data-url="{_attr(spec)}"></script>'
            f'<script src="{_attr(js)}"></script>'
        )
    elif config.ui == "swagger":
        body = (
            f'<div id="swagger-ui"></div><script src="{_attr(js)}"></script>'
            f"<script>SwaggerUIBundle({{url: {_js(spec)}, dom_id: '#swagger-ui'}});</script>"
        )
    else:
        body = f'<redoc spec-url="{_attr(spec)}"></redoc><script src="{_attr(js)}"></script>'
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"
