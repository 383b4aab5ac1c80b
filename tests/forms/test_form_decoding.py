"""`Form[T]`: urlencoded and multipart bodies decoded and validated into a Struct, dataclass
or TypedDict; `UploadFile` and `list[UploadFile]` fields; `Request.form()` returns the same
data untyped; other content types are 415 and malformed multipart is 400."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Annotated, Literal, TypedDict

import msgspec
import pytest

from lanner import App, Form, Request, UploadFile, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]
BOUNDARY = "lanner-test-boundary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
URLENCODED = {"Content-Type": "application/x-www-form-urlencoded"}


def multipart(*parts: tuple[str, bytes], boundary: str = BOUNDARY) -> bytes:
    """A multipart body of (headers block, content) parts, written by hand."""
    body = b"".join(f"--{boundary}\r\n{head}\r\n\r\n".encode() + content + b"\r\n" for head, content in parts)
    return body + f"--{boundary}--\r\n".encode()


def field(name: str, value: str) -> tuple[str, bytes]:
    return f'Content-Disposition: form-data; name="{name}"', value.encode()


def file_part(name: str, filename: str, content: bytes, content_type: str | None = "text/plain") -> tuple[str, bytes]:
    head = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'
    if content_type is not None:
        head += f"\r\nContent-Type: {content_type}"
    return head, content


def problems(*errors: tuple[str, str]) -> dict[str, object]:
    return {
        "status_code": 400,
        "detail": "Validation failed",
        "errors": [{"source": "form", "name": name, "message": message} for name, message in errors],
    }


# --- the three kinds of T ----------------------------------------------------------------------


class ProfileStruct(msgspec.Struct):
    name: str
    age: int
    tags: list[str] = []
    newsletter: bool = False


@dataclasses.dataclass
class ProfileDataclass:
    name: str
    age: int
    tags: list[str] = dataclasses.field(default_factory=list)
    newsletter: bool = False


class ProfileTypedDict(TypedDict):
    name: str
    age: int
    tags: list[str]
    newsletter: bool


@post("/struct", status_code=200)
async def struct_form(form: Form[ProfileStruct]) -> dict[str, object]:
    assert isinstance(form, ProfileStruct)
    return {"name": form.name, "age": form.age, "tags": form.tags, "newsletter": form.newsletter}


@post("/dataclass", status_code=200)
async def dataclass_form(form: Form[ProfileDataclass]) -> dict[str, object]:
    assert isinstance(form, ProfileDataclass)
    return dataclasses.asdict(form)


@post("/typeddict", status_code=200)
async def typeddict_form(form: Form[ProfileTypedDict]) -> dict[str, object]:
    assert isinstance(form, dict)
    return dict(form)


PROFILE = {"name": "Ada Lovelace", "age": 36, "tags": ["maths", "engines"], "newsletter": True}
KINDS = ["/struct", "/dataclass", "/typeddict"]


class Attachments(msgspec.Struct):
    title: str
    cover: UploadFile
    pages: list[UploadFile]
    note: UploadFile | None = None


@dataclasses.dataclass
class AttachmentsDataclass:
    title: str
    cover: UploadFile
    pages: list[UploadFile]


class AttachmentsTypedDict(TypedDict):
    title: str
    cover: UploadFile
    pages: list[UploadFile]


async def describe(title: str, cover: UploadFile, pages: list[UploadFile]) -> dict[str, object]:
    return {
        "title": title,
        "cover": [cover.filename, cover.content_type, (await cover.read()).decode()],
        "pages": [[page.filename, (await page.read()).decode()] for page in pages],
    }


@post("/attachments", status_code=200)
async def attachments(form: Form[Attachments]) -> dict[str, object]:
    described = await describe(form.title, form.cover, form.pages)
    return {**described, "note": None if form.note is None else form.note.filename}


@post("/attachments-dataclass", status_code=200)
async def attachments_dataclass(form: Form[AttachmentsDataclass]) -> dict[str, object]:
    return await describe(form.title, form.cover, form.pages)


@post("/attachments-typeddict", status_code=200)
async def attachments_typeddict(form: Form[AttachmentsTypedDict]) -> dict[str, object]:
    return await describe(form["title"], form["cover"], form["pages"])


class Constrained(msgspec.Struct):
    quantity: Annotated[int, msgspec.Meta(ge=1, le=10)]
    code: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}$")]


@post("/constrained", status_code=200)
async def constrained(form: Form[Constrained]) -> dict[str, object]:
    return msgspec.to_builtins(form)  # type: ignore[no-any-return]  # to_builtins returns Any


@post("/untyped", status_code=200)
async def untyped(request: Request) -> dict[str, list[list[str | None]]]:
    fields = await request.form()
    described: dict[str, list[list[str | None]]] = {}
    for name, value in fields.multi_items():
        if isinstance(value, UploadFile):
            described.setdefault(name, []).append(["file", value.filename, (await value.read()).decode()])
        else:
            described.setdefault(name, []).append(["text", value])
    return described


APP = App(
    [
        struct_form,
        dataclass_form,
        typeddict_form,
        attachments,
        attachments_dataclass,
        attachments_typeddict,
        constrained,
        untyped,
    ]
)


@pytest.fixture
def client(backend: Backend) -> Iterator[TestClient]:
    with TestClient(APP, backend=backend) as test_client:
        yield test_client


def profile_fields() -> dict[str, str | list[str]]:
    return {"name": "Ada Lovelace", "age": "36", "tags": ["maths", "engines"], "newsletter": "on"}


@pytest.mark.parametrize("path", KINDS)
def test_an_urlencoded_form_decodes_into_t(client: TestClient, path: str) -> None:
    response = client.post(path, data=profile_fields())

    assert (response.status_code, response.json()) == (200, PROFILE)


@pytest.mark.parametrize("path", KINDS)
def test_a_multipart_form_decodes_into_t(client: TestClient, path: str) -> None:
    body = multipart(
        field("name", "Ada Lovelace"),
        field("age", "36"),
        field("tags", "maths"),
        field("tags", "engines"),
        field("newsletter", "on"),
    )

    response = client.post(path, content=body, headers=MULTIPART)

    assert (response.status_code, response.json()) == (200, PROFILE)


def test_httpx_multipart_encoding_is_read(client: TestClient) -> None:
    fields = profile_fields()

    response = client.post("/struct", data=fields, files={"unused": ("empty.txt", b"")})

    assert response.json() == PROFILE


def test_urlencoded_escapes_and_utf_8_are_decoded(client: TestClient) -> None:
    response = client.post("/struct", content=b"name=Ren%C3%A9e+M%C3%BCller&age=4%32", headers=URLENCODED)

    assert response.json()["name"] == "Renée Müller"
    assert response.json()["age"] == 42


def test_the_last_value_of_a_repeated_single_field_wins(client: TestClient) -> None:
    response = client.post("/struct", content=b"name=first&name=second&age=1", headers=URLENCODED)

    assert response.json()["name"] == "second"


def test_defaults_fill_missing_optional_fields(client: TestClient) -> None:
    response = client.post("/struct", data={"name": "Ada", "age": "36"})

    assert response.json() == {"name": "Ada", "age": 36, "tags": [], "newsletter": False}


# --- files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/attachments", "/attachments-dataclass", "/attachments-typeddict"])
def test_upload_file_and_list_of_upload_file_fields(client: TestClient, path: str) -> None:
    response = client.post(
        path,
        data={"title": "Notes"},
        files=[
            ("cover", ("cover.txt", b"the cover", "text/plain")),
            ("pages", ("p1.md", b"page one", "text/markdown")),
            ("pages", ("p2.md", b"page two", "text/markdown")),
        ],
    )

    assert response.status_code == 200
    assert response.json() == {
        "title": "Notes",
        "cover": ["cover.txt", "text/plain", "the cover"],
        "pages": [["p1.md", "page one"], ["p2.md", "page two"]],
        **({"note": None} if path == "/attachments" else {}),
    }


def test_a_list_of_files_may_hold_one(client: TestClient) -> None:
    response = client.post(
        "/attachments", data={"title": "T"}, files=[("cover", ("c.txt", b"c")), ("pages", ("only.txt", b"only"))]
    )

    assert response.json()["pages"] == [["only.txt", "only"]]


def test_an_optional_file_may_be_sent(client: TestClient) -> None:
    response = client.post(
        "/attachments",
        data={"title": "T"},
        files=[("cover", ("c.txt", b"c")), ("pages", ("p.txt", b"p")), ("note", ("n.txt", b"n"))],
    )

    assert response.json()["note"] == "n.txt"


def test_a_text_value_where_a_file_is_expected_is_400(client: TestClient) -> None:
    body = multipart(field("title", "T"), field("cover", "not a file"), file_part("pages", "p.txt", b"p"))

    response = client.post("/attachments", content=body, headers=MULTIPART)

    assert response.json() == problems(("cover", "Expected a file, got a text field"))


def test_a_file_where_text_is_expected_is_400(client: TestClient) -> None:
    body = multipart(
        file_part("title", "t.txt", b"T"), file_part("cover", "c.txt", b"c"), file_part("pages", "p.txt", b"p")
    )

    response = client.post("/attachments", content=body, headers=MULTIPART)

    assert response.json() == problems(("title", "Expected a text field, got a file"))


def test_a_urlencoded_form_cannot_carry_the_files(client: TestClient) -> None:
    response = client.post("/attachments", data={"title": "T", "cover": "c", "pages": "p"})

    assert response.status_code == 400
    assert {error["name"] for error in response.json()["errors"]} == {"cover", "pages"}


# --- validation -------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once(client: TestClient) -> None:
    response = client.post("/struct", data={"age": "old", "newsletter": "perhaps"})

    assert response.status_code == 400
    assert response.json() == problems(
        ("name", "Missing required form field"),
        ("age", "Expected `int`, got `str`"),
        ("newsletter", "Expected `bool`, got `str`"),
    )


def test_missing_files_are_reported_by_name(client: TestClient) -> None:
    response = client.post("/attachments", data={"title": "T"})

    assert response.json() == problems(
        ("cover", "Missing required form field"), ("pages", "Missing required form field")
    )


def test_constraints_are_checked(client: TestClient) -> None:
    response = client.post("/constrained", data={"quantity": "11", "code": "abcd"})

    assert response.status_code == 400
    assert [error["name"] for error in response.json()["errors"]] == ["quantity", "code"]
    assert response.json()["errors"][0]["message"] == "Expected `int` <= 10"


def test_valid_constrained_values_pass(client: TestClient) -> None:
    response = client.post("/constrained", data={"quantity": "3", "code": "EUR"})

    assert response.json() == {"quantity": 3, "code": "EUR"}


def test_a_form_of_an_unsupported_type_is_refused_when_the_app_is_built() -> None:
    from lanner import ImproperlyConfigured

    @post("/numbers")
    async def numbers(form: Form[list[int]]) -> None: ...

    with pytest.raises(ImproperlyConfigured, match="Form"):
        App([numbers])


# --- content types ----------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
def test_a_body_that_is_not_a_form_is_415(client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}

    response = client.post("/struct", content=b'{"name": "Ada", "age": 36}', headers=headers)

    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["detail"]


def test_content_type_parameters_and_case_are_accepted(client: TestClient) -> None:
    response = client.post(
        "/struct",
        content=b"name=Ada&age=36",
        headers={"Content-Type": "Application/X-WWW-Form-URLEncoded; charset=utf-8"},
    )

    assert response.status_code == 200


DISPOSITION = 'Content-Disposition: form-data; name="'
MALFORMED: list[tuple[str, dict[str, str], bytes]] = [
    ("no boundary", {"Content-Type": "multipart/form-data"}, multipart(field("name", "x"))),
    ("empty body", MULTIPART, b""),
    ("garbage", MULTIPART, b"this is not multipart at all"),
    ("truncated", MULTIPART, multipart(field("name", "Ada"))[:-20]),
    ("no closing delimiter", MULTIPART, f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'.encode()),
    ("another boundary", MULTIPART, multipart(field("name", "Ada"), boundary="other")),
    ("a part without a name", MULTIPART, multipart(("Content-Disposition: form-data", b"x"))),
    ("a part without headers", MULTIPART, f"--{BOUNDARY}\r\n\r\nx\r\n--{BOUNDARY}--\r\n".encode()),
    ("not form-data", MULTIPART, multipart(('Content-Disposition: attachment; name="x"', b"x"))),
    ("a header line without a colon", MULTIPART, multipart((f"{DISPOSITION}a\"\r\nbogus", b"x"))),
    ("invalid UTF-8 in a text field", MULTIPART, multipart((f'{DISPOSITION}name"', b"\xff\xfe"))),
]


@pytest.mark.parametrize(("headers", "body"), [(h, b) for _, h, b in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_multipart_is_400(client: TestClient, headers: dict[str, str], body: bytes) -> None:
    response = client.post("/struct", content=body, headers=headers)

    assert response.status_code == 400
    assert response.json()["status_code"] == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("body", [b"name=%FF%FE&age=1", b"name=\xff\xfe&age=1", b"name=a%00b&age=1"])
def test_invalid_utf_8_or_nul_in_an_urlencoded_form_is_replaced_as_in_a_query(client: TestClient, body: bytes) -> None:
    # As for query strings (and browsers' URLSearchParams): U+FFFD, never a 500, never a NUL.
    response = client.post("/struct", content=body, headers=URLENCODED)

    assert response.status_code == 200
    assert "\ufffd" in response.json()["name"]


# --- Request.form() -----------------------------------------------------------------------------


def test_request_form_returns_the_same_data_untyped(client: TestClient) -> None:
    response = client.post(
        "/untyped",
        data={"title": "Notes", "tag": ["a", "b"]},
        files=[("pages", ("p1.md", b"one")), ("pages", ("p2.md", b"two"))],
    )

    assert response.json() == {
        "title": [["text", "Notes"]],
        "tag": [["text", "a"], ["text", "b"]],
        "pages": [["file", "p1.md", "one"], ["file", "p2.md", "two"]],
    }


def test_request_form_reads_urlencoded_too(client: TestClient) -> None:
    response = client.post("/untyped", data={"name": "Ada"})

    assert response.json() == {"name": [["text", "Ada"]]}


def test_request_form_get_and_getlist(backend: Backend) -> None:
    seen: dict[str, object] = {}

    @post("/form", status_code=204)
    async def form(request: Request) -> None:
        fields = await request.form()
        upload = fields.get("doc")
        seen.update(
            name=fields.get("name"),
            tags=fields.getlist("tag"),
            missing=fields.get("missing"),
            doc=(type(upload).__name__, getattr(upload, "filename", None)),
        )

    TestClient(App([form]), backend=backend).post(
        "/form", data={"name": "Ada", "tag": ["x", "y"]}, files={"doc": ("d.txt", b"d")}
    )

    assert seen == {"name": "Ada", "tags": ["x", "y"], "missing": None, "doc": ("UploadFile", "d.txt")}


def test_request_form_of_another_content_type_is_415(client: TestClient) -> None:
    assert client.post("/untyped", json={"a": 1}).status_code == 415


def test_request_form_malformed_multipart_is_400(client: TestClient) -> None:
    assert client.post("/untyped", content=b"junk", headers=MULTIPART).status_code == 400
