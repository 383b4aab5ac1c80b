from lanner import App, OpenAPIConfig, get


@get("/ping")
async def ping() -> str:
    return "pong"


# Swagger UI at /docs, its document at /docs/openapi.json
swagger = App([ping], openapi=OpenAPIConfig("Ping", "1.0.0", path="/docs", ui="swagger"))

# ReDoc, its script served by the app's own host (no CDN, e.g. for a strict CSP)
redoc = App(
    [ping],
    openapi=OpenAPIConfig("Ping", "1.0.0", ui="redoc", js_url="/static/redoc.standalone.js"),
)

# The document only, at /schema/openapi.json: no page
document_only = App([ping], openapi=OpenAPIConfig("Ping", "1.0.0", ui=None))

# Nothing served; app.openapi_schema() still returns the document
nothing = App([ping])
