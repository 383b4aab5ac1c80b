"""The OpenAPI document is derived from the compiled routes: operations, parameters, bodies,
responses, layered headers, documentation options and operation ids, with msgspec's schemas
as components. A "kitchen sink" app uses every feature; the document validates as OpenAPI 3.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import msgspec
import pytest
from openapi_schema_validator import OAS31Validator
from openapi_schema_validator import validate as validate_instance
from openapi_spec_validator import validate
from returns.maybe import Maybe
from returns.result import Failure, Result, Success

from examples.notes.app import app as notes_app
from lanner import (
    Alias,
    App,
    Body,
    BodyStream,
    CacheControlHeader,
    Conflict,
    Cookie,
    ETag,
    Extract,
    File,
    Form,
    Header,
    HTTPError,
    MediaType,
    NotAuthorized,
    NotFound,
    OpenAPIConfig,
    Path,
    PermissionDenied,
    Query,
    Redirect,
    Response,
    ResponseHeader,
    Router,
    ServerSentEvent,
    SetCookie,
    State,
    Stream,
    Template,
    TooManyRequests,
    UploadFile,
    delete,
    get,
    post,
    put,
    route,
    websocket,
)
from lanner import WebSocket
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]
JSON = "application/json"
MSGPACK = "application/vnd.msgpack"

# --- the kitchen sink -----------------------------------------------------------------------

Price = Annotated[float, msgspec.Meta(gt=0, description="in euros")]


class Item(msgspec.Struct, frozen=True):
    """An item of the shop."""

    name: Annotated[str, msgspec.Meta(min_length=1)]
    price: Price
    tags: list[str] = []


class Filters(msgspec.Struct, frozen=True):
    category: str
    max_price: Price | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20


class Signup(msgspec.Struct):
    name: str
    avatar: UploadFile
    photos: list[UploadFile] = []


class Teapot(HTTPError):
    """Brews tea only (status chosen when raised)."""


class GoneToo(NotFound):
    """404: gone as well."""


class OutOfStock(Conflict):
    """409: none left."""


async def current_user(
    token: Header[Annotated[str, Alias("x-token")]],
) -> Result[str, NotAuthorized | TooManyRequests]:
    """A user from `X-Token`; 401 without a known token, 429 when over the quota."""
    return Success(token) if token == "good" else Failure(NotAuthorized())


CurrentUser = Annotated[str, Extract(current_user)]


async def stocked_item(item_id: Path[int], user: CurrentUser) -> Result[Item, NotFound | OutOfStock]:
    return Success(Item("hammer", 9.5)) if item_id == 1 else Failure(NotFound())


StockedItem = Annotated[Item, Extract(stocked_item)]


@get("/items/{item_id:int}", summary="Read an item", tags=["items", "read"])
async def read_item(
    item: StockedItem,
    page_size: Query[Annotated[int, Alias("page-size"), msgspec.Meta(ge=1, le=50)]] = 10,
    q: Query[Annotated[str, msgspec.Meta(pattern="^[a-z]+$")] | None] = None,
    sort: Query[Literal["name", "price"]] = "name",
    tag: Query[list[str]] = [],  # noqa: B006  # never mutated
    trace_id: Header[str | None] = None,
    session: Cookie[Annotated[str, Alias("__Host-session")]] = "anon",
) -> Result[Item, PermissionDenied]:
    """Read one item.

    The rest of the docstring is not in the document.
    """
    return Success(item)


@get("/items", description="Every item that matches the filters.")
async def list_items(filters: Query[Filters], user: CurrentUser) -> list[Item]:
    """Not this docstring: `description=` wins."""
    return []


@post("/items")
async def create_item(item: Body[Item]) -> Response[Item]:
    return Response(item)


@put("/items/{item_id:int}", status_code=202)
async def replace_item(item: StockedItem, changes: Body[Item]) -> Item:
    return changes


@delete("/items/{item_id:int}")
async def delete_item(item: StockedItem) -> None:
    return None


@route(["/things", "/stuff"], methods=["GET", "POST"])
async def things() -> Maybe[Item]:
    return Maybe.empty


@post("/signup", status_code=200)
async def signup(form: Form[Signup]) -> None:
    return None


@put("/blobs/{name}")
async def put_blob(name: Path[str], data: Body[bytes]) -> bytes:
    return data


@put("/uploads")
async def upload(chunks: BodyStream) -> str:
    return "ok"


@get("/download")
async def download() -> File:
    return File(__file__)


@get("/numbers")
async def numbers() -> Stream:
    async def chunks() -> AsyncIterator[str]:
        yield "1"

    return Stream(chunks())


@get("/events")
async def events() -> ServerSentEvent:
    async def ticks() -> AsyncIterator[str]:
        yield "tick"

    return ServerSentEvent(ticks())


@get("/page")
async def page() -> Template:
    return Template("page.html")


@get("/old")
async def old() -> Redirect:
    return Redirect("/new")


@get("/negotiated", media_type=(MediaType.JSON, MediaType.MESSAGEPACK))
async def negotiated() -> Item:
    return Item("hammer", 9.5)


@get("/packed", media_type=MediaType.MESSAGEPACK)
async def packed() -> Item:
    return Item("hammer", 9.5)


@get("/maybe-none")
async def maybe_none() -> Item | None:
    return None


@get("/or-error")
async def or_error() -> Item | NotFound | Teapot:
    return NotFound()


@get("/text", media_type=MediaType.HTML)
async def text() -> str:
    return "<p>hi</p>"


@get("/hidden", include_in_schema=False)
async def hidden() -> str:
    return "not documented"


@get("/state")
async def uses_state(counter: State[int]) -> int:
    return counter


@get(
    "/cached",
    response_headers=[
        ResponseHeader("X-Served-By", "kitchen", description="which sink"),
        ResponseHeader("X-Random", description="set per request", documentation_only=True),
    ],
    response_cookies=[SetCookie("seen", "1", description="visited"), SetCookie("later", documentation_only=True)],
    etag=ETag("v1"),
)
async def cached() -> str:
    return "cached"


@get("/weak", etag=ETag(documentation_only=True), cache_control=CacheControlHeader(documentation_only=True))
async def weak() -> str:
    return "weak"


@websocket("/ws")
async def socket(ws: WebSocket) -> None:
    await ws.close()


shop = Router(
    "/shop",
    [read_item, list_items, create_item, replace_item, delete_item],
    response_headers={"X-Shop": "1"},
    cache_control=CacheControlHeader(max_age=60),
)


class _Page:
    def render(self, *args: object, **context: object) -> str:
        return "<p>page</p>"


class _Pages:
    def get_template(self, name: str) -> _Page:
        return _Page()


def _kitchen_sink() -> App:
    return App(
        [
            shop,
            things,
            signup,
            put_blob,
            upload,
            download,
            numbers,
            events,
            page,
            old,
            negotiated,
            packed,
            maybe_none,
            or_error,
            text,
            hidden,
            uses_state,
            cached,
            weak,
            socket,
        ],
        template_engine=_Pages(),
        response_cookies={"app-cookie": "1"},
        openapi=OpenAPIConfig("Kitchen sink", "0.1.0", servers=["https://sink.example.com"]),
    )


KITCHEN_SINK = _kitchen_sink()
DOC: dict[str, Any] = KITCHEN_SINK.openapi_schema()


def _op(method: str, path: str, document: dict[str, Any] = DOC) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"][path][method]
    return operation


def _params(method: str, path: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(p["in"], p["name"]): p for p in _op(method, path).get("parameters", [])}


def _resolve(schema: dict[str, Any], document: dict[str, Any] = DOC) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    assert ref.startswith("#/components/schemas/")
    resolved: dict[str, Any] = document["components"]["schemas"][ref.removeprefix("#/components/schemas/")]
    return resolved


def _content(method: str, path: str, status: str) -> dict[str, Any]:
    content: dict[str, Any] = _op(method, path)["responses"][status].get("content", {})
    return content


# --- validity -------------------------------------------------------------------------------


@pytest.mark.parametrize("app", [KITCHEN_SINK, notes_app], ids=["kitchen_sink", "notes"])
def test_the_document_is_valid_openapi_3_1(app: App) -> None:
    document = app.openapi_schema()

    assert document["openapi"] == "3.1.0"
    validate(document)  # openapi-spec-validator: raises on any problem


def test_the_same_app_built_again_has_the_same_document_byte_for_byte() -> None:
    assert _kitchen_sink().openapi_document() == KITCHEN_SINK.openapi_document()


# --- operations -----------------------------------------------------------------------------


def test_every_route_and_method_is_an_operation_and_head_is_not() -> None:
    operations = {(method.upper(), path) for path, item in DOC["paths"].items() for method in item}

    assert operations == {
        ("GET", "/shop/items/{item_id}"),
        ("PUT", "/shop/items/{item_id}"),
        ("DELETE", "/shop/items/{item_id}"),
        ("GET", "/shop/items"),
        ("POST", "/shop/items"),
        ("GET", "/things"),
        ("POST", "/things"),
        ("GET", "/stuff"),
        ("POST", "/stuff"),
        ("POST", "/signup"),
        ("PUT", "/blobs/{name}"),
        ("PUT", "/uploads"),
        ("GET", "/download"),
        ("GET", "/numbers"),
        ("GET", "/events"),
        ("GET", "/page"),
        ("GET", "/old"),
        ("GET", "/negotiated"),
        ("GET", "/packed"),
        ("GET", "/maybe-none"),
        ("GET", "/or-error"),
        ("GET", "/text"),
        ("GET", "/state"),
        ("GET", "/cached"),
        ("GET", "/weak"),
    }  # no HEAD (every GET answers it), no /hidden, no WebSocket, no {item_id:int} converter


def test_the_documents_own_routes_are_left_out() -> None:
    assert not any(path.startswith("/schema") for path in DOC["paths"])


def test_operation_ids_are_the_handler_names() -> None:
    assert _op("get", "/shop/items/{item_id}")["operationId"] == "read_item"
    assert _op("put", "/shop/items/{item_id}")["operationId"] == "replace_item"
    assert _op("get", "/cached")["operationId"] == "cached"


def test_one_handler_on_several_paths_and_methods_gets_unique_stable_ids() -> None:
    ids = {(method, path): _op(method, path)["operationId"] for path in ("/things", "/stuff") for method in ("get", "post")}

    assert ids == {
        ("get", "/things"): "things",
        ("post", "/things"): "things_post",
        ("get", "/stuff"): "things_get",
        ("post", "/stuff"): "things_post_2",
    }


def test_operation_ids_are_unique_across_the_document() -> None:
    ids = [operation["operationId"] for item in DOC["paths"].values() for operation in item.values()]

    assert len(ids) == len(set(ids))


def test_the_route_name_option_is_the_operation_id() -> None:
    @get("/a", name="fetch_a")
    async def a() -> str:
        return "a"

    assert _op("get", "/a", App([a]).openapi_schema())["operationId"] == "fetch_a"


def test_summary_description_and_tags() -> None:
    read = _op("get", "/shop/items/{item_id}")

    assert (read["summary"], read["tags"]) == ("Read an item", ["items", "read"])
    assert read["description"] == "Read one item."  # the docstring's first paragraph
    assert _op("get", "/shop/items")["description"] == "Every item that matches the filters."
    assert set(_op("get", "/page")) == {"operationId", "responses"}  # no docstring, nothing else


# --- parameters -----------------------------------------------------------------------------


def test_path_query_header_and_cookie_parameters_with_their_types() -> None:
    params = _params("get", "/shop/items/{item_id}")

    assert params[("path", "item_id")] == {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    assert params[("query", "sort")] == {
        "name": "sort",
        "in": "query",
        "required": False,
        "schema": {"enum": ["name", "price"], "default": "name"},
    }
    assert params[("header", "trace-id")]["schema"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert params[("header", "trace-id")]["required"] is False
    assert params[("cookie", "__Host-session")]["schema"] == {"type": "string", "default": "anon"}


def test_aliases_are_the_wire_names() -> None:
    params = _params("get", "/shop/items/{item_id}")

    assert ("query", "page-size") in params and ("query", "page_size") not in params
    assert ("header", "x-token") in params  # read by the custom extractor two levels down
    assert ("cookie", "__Host-session") in params


def test_meta_constraints_and_defaults_are_in_the_schema() -> None:
    params = _params("get", "/shop/items/{item_id}")

    assert params[("query", "page-size")]["schema"] == {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}
    assert params[("query", "q")]["schema"] == {"anyOf": [{"type": "string", "pattern": "^[a-z]+$"}, {"type": "null"}]}


def test_a_repeated_query_parameter_is_an_exploded_array() -> None:
    tag = _params("get", "/shop/items/{item_id}")[("query", "tag")]

    assert (tag["schema"], tag["style"], tag["explode"]) == ({"type": "array", "items": {"type": "string"}, "default": []}, "form", True)


def test_required_is_true_only_without_a_default() -> None:
    params = _params("get", "/shop/items/{item_id}")

    assert {name for (_, name), p in params.items() if p["required"]} == {"item_id", "x-token"}


def test_state_parameters_are_not_documented() -> None:
    assert "parameters" not in _op("get", "/state")


def test_a_query_group_is_one_parameter_per_field() -> None:
    params = _params("get", "/shop/items")

    assert set(params) == {("query", "category"), ("query", "max_price"), ("query", "limit"), ("header", "x-token")}
    assert params[("query", "category")]["required"] is True
    assert params[("query", "limit")]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    assert params[("query", "max_price")]["schema"] == {
        "anyOf": [{"type": "number", "exclusiveMinimum": 0, "description": "in euros"}, {"type": "null"}]
    }


def test_a_parameter_read_twice_is_listed_once() -> None:
    names = [(p["in"], p["name"]) for p in _op("put", "/shop/items/{item_id}")["parameters"]]

    assert sorted(names) == [("header", "x-token"), ("path", "item_id")]


# --- request bodies -------------------------------------------------------------------------


def test_a_body_is_json_or_messagepack_of_its_type() -> None:
    body = _op("post", "/shop/items")["requestBody"]

    assert body == {
        "required": True,
        "content": {
            JSON: {"schema": {"$ref": "#/components/schemas/Item"}},
            MSGPACK: {"schema": {"$ref": "#/components/schemas/Item"}},
        },
    }


def test_a_form_is_urlencoded_or_multipart_and_files_are_binary() -> None:
    content = _op("post", "/signup")["requestBody"]["content"]

    assert list(content) == ["application/x-www-form-urlencoded", "multipart/form-data"]
    signup_schema = _resolve(content["multipart/form-data"]["schema"])
    assert signup_schema["properties"]["avatar"] == {"type": "string", "format": "binary"}
    assert signup_schema["properties"]["photos"]["items"] == {"type": "string", "format": "binary"}
    assert signup_schema["required"] == ["name", "avatar"]


@pytest.mark.parametrize(("method", "path"), [("put", "/blobs/{name}"), ("put", "/uploads")])
def test_raw_bytes_and_a_body_stream_are_octet_streams(method: str, path: str) -> None:
    content = _op(method, path)["requestBody"]["content"]

    assert content == {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


def test_without_a_body_extractor_there_is_no_request_body() -> None:
    assert "requestBody" not in _op("get", "/shop/items/{item_id}")
    assert "requestBody" not in _op("delete", "/shop/items/{item_id}")


# --- responses ------------------------------------------------------------------------------


def _statuses(method: str, path: str) -> set[str]:
    return set(_op(method, path)["responses"])


def test_the_success_status_is_the_methods_default_or_status_code() -> None:
    assert "200" in _statuses("get", "/shop/items/{item_id}")
    assert "201" in _statuses("post", "/shop/items")
    assert "204" in _statuses("delete", "/shop/items/{item_id}")
    assert "202" in _statuses("put", "/shop/items/{item_id}")  # status_code=202
    assert "200" in _statuses("post", "/signup")  # status_code=200
    assert "201" in _statuses("post", "/things")


def test_the_success_content_is_the_return_types_schema() -> None:
    assert _content("get", "/shop/items/{item_id}", "200") == {JSON: {"schema": {"$ref": "#/components/schemas/Item"}}}
    assert _content("post", "/shop/items", "201") == {JSON: {"schema": {"$ref": "#/components/schemas/Item"}}}
    assert _content("get", "/shop/items", "200") == {
        JSON: {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}
    }
    assert _op("delete", "/shop/items/{item_id}")["responses"]["204"].get("content") is None


def test_each_failure_of_the_handler_and_its_extractors_is_its_own_response() -> None:
    responses = _op("get", "/shop/items/{item_id}")["responses"]

    assert set(responses) == {"200", "400", "401", "403", "404", "409", "429"}
    assert responses["403"]["description"] == "403 Forbidden: the credentials do not allow this."  # the handler's
    assert responses["409"]["description"] == "409: none left."  # stocked_item's, its docstring
    assert responses["401"]["description"] == "401 Unauthorized: credentials are missing or wrong."  # current_user's
    for status in ("401", "403", "404", "409", "429"):
        assert responses[status]["content"] == {JSON: {"schema": {"$ref": "#/components/schemas/HTTPErrorDocument"}}}


def test_failures_on_one_status_are_listed_together() -> None:
    @get("/a")
    async def a() -> Result[str, NotFound | Teapot]:
        return Success("a")

    @get("/b")
    async def b() -> Result[Maybe[str], NotFound | GoneToo]:
        return Success(Maybe.empty)

    document = App([a, b]).openapi_schema()

    assert _op("get", "/a", document)["responses"]["default"]["description"] == "Brews tea only (status chosen when raised)."
    assert _op("get", "/b", document)["responses"]["404"]["description"] == "- Nothing found\n- 404 Not Found.\n- 404: gone as well."


def test_maybe_adds_a_404() -> None:
    responses = _op("get", "/things")["responses"]

    assert set(responses) == {"200", "404"}
    assert responses["404"] == {
        "description": "Nothing found",
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/HTTPErrorDocument"}}},
    }


def test_error_types_in_a_union_are_responses_and_the_rest_is_the_content() -> None:
    responses = _op("get", "/or-error")["responses"]

    assert set(responses) == {"200", "404", "default"}  # Teapot has no fixed status
    assert responses["200"]["content"] == {JSON: {"schema": {"$ref": "#/components/schemas/Item"}}}


def test_an_optional_return_is_json_that_may_be_null(backend: Backend) -> None:
    schema = _content("get", "/maybe-none", "200")[JSON]["schema"]

    assert schema == {"anyOf": [{"$ref": "#/components/schemas/Item"}, {"type": "null"}]}
    assert TestClient(KITCHEN_SINK, backend=backend).get("/maybe-none").content == b"null"  # as documented


def test_the_400_document_where_input_is_read_and_only_there() -> None:
    assert _op("get", "/shop/items/{item_id}")["responses"]["400"] == {
        "description": "The request's input is invalid",
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/ValidationErrorDocument"}}},
    }
    assert "400" not in _statuses("get", "/download")
    assert "400" not in _statuses("get", "/state")  # app state is not input


def test_413_and_415_where_a_body_is_read() -> None:
    assert {"413", "415"} <= _statuses("post", "/shop/items")
    assert {"413", "415"} <= _statuses("post", "/signup")
    assert "413" in _statuses("put", "/blobs/{name}") and "415" not in _statuses("put", "/blobs/{name}")  # any type
    assert "413" in _statuses("put", "/uploads") and "415" not in _statuses("put", "/uploads")
    assert not {"413", "415"} & _statuses("get", "/shop/items/{item_id}")


def test_406_only_where_the_media_type_is_negotiated() -> None:
    assert _statuses("get", "/negotiated") == {"200", "406"}
    assert _content("get", "/negotiated", "200") == {
        JSON: {"schema": {"$ref": "#/components/schemas/Item"}},
        MSGPACK: {"schema": {"$ref": "#/components/schemas/Item"}},
    }
    assert "406" not in _statuses("get", "/packed")
    assert list(_content("get", "/packed", "200")) == [MSGPACK]


@pytest.mark.parametrize(
    ("path", "media_type", "schema"),
    [
        ("/download", "application/octet-stream", {"type": "string", "format": "binary"}),
        ("/numbers", "application/octet-stream", {"type": "string", "format": "binary"}),
        ("/events", "text/event-stream", {"type": "string"}),
        ("/page", "text/html", {"type": "string"}),
        ("/text", "text/html", {"type": "string"}),
    ],
)
def test_files_streams_events_templates_and_text_have_their_media_types(
    path: str, media_type: str, schema: dict[str, str]
) -> None:
    assert _content("get", path, "200") == {media_type: {"schema": schema}}


def test_a_file_documents_its_conditional_and_range_answers() -> None:
    assert _statuses("get", "/download") == {"200", "206", "304", "404", "416"}


def test_a_redirect_is_a_3xx_with_a_location() -> None:
    assert _op("get", "/old")["responses"] == {
        "3XX": {"description": "A redirect", "headers": {"Location": {"schema": {"type": "string"}}}}
    }


# --- layered headers and cookies ------------------------------------------------------------


def test_layered_headers_and_cookies_are_on_the_success_response() -> None:
    responses = _op("get", "/shop/items/{item_id}")["responses"]

    assert responses["200"]["headers"] == {
        "Cache-Control": {"schema": {"type": "string"}, "example": "max-age=60"},
        "X-Shop": {"schema": {"type": "string"}, "example": "1"},
        "Set-Cookie": {"schema": {"type": "string"}, "description": "Sets the cookies `app-cookie`"},
    }
    assert "headers" not in responses["404"]  # error answers do not carry them


def test_etag_descriptions_and_documentation_only_headers_and_cookies_are_documented() -> None:
    headers = _op("get", "/cached")["responses"]["200"]["headers"]

    assert headers == {
        "ETag": {"schema": {"type": "string"}, "example": '"v1"'},
        "X-Served-By": {"schema": {"type": "string"}, "description": "which sink", "example": "kitchen"},
        "X-Random": {"schema": {"type": "string"}, "description": "set per request"},
        "Set-Cookie": {
            "schema": {"type": "string"},
            "description": "Sets the cookies `app-cookie`, `seen` (visited), `later`",
        },
    }


def test_documentation_only_values_are_documented_but_never_sent(backend: Backend) -> None:
    assert set(_op("get", "/weak")["responses"]["200"]["headers"]) == {"ETag", "Cache-Control", "Set-Cookie"}

    response = TestClient(KITCHEN_SINK, backend=backend).get("/cached")

    assert "x-random" not in response.headers
    assert response.headers["x-served-by"] == "kitchen"
    assert [c.split("=")[0] for c in response.headers.get_list("set-cookie")] == ["app-cookie", "seen"]
    weak = TestClient(KITCHEN_SINK, backend=backend).get("/weak")
    assert "etag" not in weak.headers and "cache-control" not in weak.headers


def test_an_etag_route_documents_its_304_and_a_documentation_only_etag_does_not(backend: Backend) -> None:
    assert "304" in _statuses("get", "/cached")
    assert "304" not in _statuses("get", "/weak")

    response = TestClient(KITCHEN_SINK, backend=backend).get("/cached", headers={"If-None-Match": '"v1"'})

    assert response.status_code == 304


# --- components -----------------------------------------------------------------------------


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_every_ref_points_into_components_schemas_and_resolves() -> None:
    refs = set(_refs(DOC))

    assert refs
    assert all(ref.startswith("#/components/schemas/") for ref in refs)
    assert {ref.removeprefix("#/components/schemas/") for ref in refs} <= set(DOC["components"]["schemas"])
    assert "$defs" not in str(DOC)


def test_components_are_msgspecs_schemas() -> None:
    (item_ref,), components = msgspec.json.schema_components([Item], ref_template="#/components/schemas/{name}")

    assert item_ref == {"$ref": "#/components/schemas/Item"}
    assert DOC["components"]["schemas"]["Item"] == components["Item"]
    assert DOC["components"]["schemas"]["Item"]["properties"]["price"] == {
        "type": "number",
        "exclusiveMinimum": 0,
        "description": "in euros",
    }


def test_component_descriptions_leave_doctests_out() -> None:
    description = DOC["components"]["schemas"]["ErrorDetail"]["description"]

    assert description == "One problem with one input: where it came from, which name, and what is wrong."


def _check(instance: object, name: str) -> None:
    """Validate `instance` against the component `name`, as OpenAPI 3.1 reads the schema."""
    validate_instance(instance, {"$ref": f"#/components/schemas/{name}", "components": DOC["components"]}, cls=OAS31Validator)


def test_lanners_error_answers_match_their_documented_schemas(backend: Backend) -> None:
    client = TestClient(KITCHEN_SINK, backend=backend)

    invalid = client.get("/shop/items/1?page-size=0&sort=size", headers={"x-token": "good"})
    too_many = client.get("/shop/items/1?" + "&".join(["tag=a"] * 1001), headers={"x-token": "good"})
    unknown_token = client.get("/shop/items/1", headers={"x-token": "bad"})
    with_extra = TestClient(_extra_app(), backend=backend).get("/extra")

    assert [r.status_code for r in (invalid, too_many, unknown_token, with_extra)] == [400, 400, 401, 409]
    assert "errors" in invalid.json() and "errors" not in too_many.json()
    _check(invalid.json(), "ValidationErrorDocument")
    _check(too_many.json(), "ValidationErrorDocument")  # a 400 without `errors`
    _check(unknown_token.json(), "HTTPErrorDocument")
    _check(with_extra.json(), "HTTPErrorDocument")
    with pytest.raises(Exception, match="'status_code' is a required property"):  # the check can fail
        _check({"detail": "no status"}, "HTTPErrorDocument")


def _extra_app() -> App:
    @get("/extra")
    async def extra() -> Result[str, Conflict]:
        return Failure(Conflict("taken", extra={"by": ["someone"]}))

    return App([extra])
