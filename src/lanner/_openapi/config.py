"""`OpenAPIConfig`: what the App's OpenAPI document says about the API, and where it is served."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal, TypeAlias, final

import msgspec

from lanner._errors import check_header_text

__all__ = ["OpenAPIConfig"]

UI: TypeAlias = Literal["scalar", "swagger", "redoc"]

# Pinned so the page does not change under the API's users; override with js_url/css_url
# (e.g. to serve the files yourself, offline or under a strict CSP).
UI_ASSETS: Final[dict[str, tuple[str, str | None]]] = {
    "scalar": ("https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.72.1/dist/browser/standalone.js", None),
    "swagger": (
        "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui-bundle.js",
        "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui.css",
    ),
    "redoc": ("https://cdn.jsdelivr.net/npm/redoc@2.5.0/bundles/redoc.standalone.js", None),
}


class _Identity(msgspec.Struct, frozen=True):
    title: str = "API"
    version: str = "1.0.0"


@final
class OpenAPIConfig(_Identity, frozen=True, kw_only=True):
    """Serve an OpenAPI 3.1 document at `{path}/openapi.json` and a UI page at `path`.

    `ui` is "scalar" (the default), "swagger", "redoc" or None (the document only). The UI's
    script comes from a pinned CDN version; `js_url`/`css_url` replace it.

    >>> OpenAPIConfig("Notes", "1.0.0", path="/docs").document_path
    '/docs/openapi.json'
    """

    description: str | None = None
    servers: Sequence[str] = ()
    path: str = "/schema"
    ui: UI | None = "scalar"
    js_url: str | None = None
    css_url: str | None = None

    def __post_init__(self) -> None:
        if not self.path.startswith("/"):
            raise ValueError(f'OpenAPIConfig.path must start with "/", got {self.path!r}')
        if self.ui is not None and self.ui not in UI_ASSETS:
            raise ValueError(f'ui is "scalar", "swagger", "redoc" or None, got {self.ui!r}')
        for url in (self.js_url, self.css_url):
            if url is not None:
                check_header_text("asset URL", url)

    @property
    def document_path(self) -> str:
        """Where the JSON document is served."""
        return self.path.rstrip("/") + "/openapi.json"
