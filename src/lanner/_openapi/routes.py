"""The two routes that serve an App's OpenAPI document and its UI page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lanner._openapi.config import OpenAPIConfig
from lanner._openapi.pages import ui_page
from lanner._respond.response import Response
from lanner._routing.decorators import RouteHandler, get

if TYPE_CHECKING:
    from lanner._app import App


def schema_routes(app: App, config: OpenAPIConfig) -> list[RouteHandler[Callable[..., object]]]:
    """`GET {path}/openapi.json` and, unless `ui=None`, `GET {path}` (left out of the document)."""

    @get(config.document_path, include_in_schema=False, name="openapi_document")
    async def openapi_document() -> Response[bytes]:
        return Response(app.openapi_document(), media_type="application/json")

    routes: list[RouteHandler[Callable[..., object]]] = [openapi_document]
    if config.ui is not None:
        page = ui_page(config).encode()

        @get(config.path, include_in_schema=False, name="openapi_ui")
        async def openapi_ui() -> Response[bytes]:
            return Response(page, media_type="text/html; charset=utf-8")

        routes.append(openapi_ui)
    return routes
