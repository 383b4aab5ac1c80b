"""Form limits: `max_fields` and `max_files` (400), `max_part_size` and the body limit (413),
each with a message that says which limit, enforced while the body arrives: the handler
never runs on a partial form, and no more is read once a limit is passed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import msgspec
import pytest

from lanner import App, Form, Message, Request, Router, Scope, UploadFile, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]
BOUNDARY = "limits-boundary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
URLENCODED = {"Content-Type": "application/x-www-form-urlencoded"}

RAN: list[str] = []


class Anything(msgspec.Struct):
    files: list[UploadFile] = []
    text: str = ""


@post("/form", status_code=200, max_fields=5, max_files=2, max_part_size=100, request_max_body_size=10_000)
async def limited(form: Form[Anything]) -> int:
    RAN.append("form")
    return len(form.files)


@post("/request-form", status_code=200, max_fields=5, max_files=2, max_part_size=100, request_max_body_size=10_000)
async def limited_request(request: Request) -> int:
    fields = await request.form()
    RAN.append("request-form")
    return len(fields.multi_items())


@post("/defaults", status_code=200)
async def defaults(form: Form[Anything]) -> int:
    RAN.append("defaults")
    return len(form.files)


@post("/handler-wins", status_code=200, max_files=3)
async def handler_wins(form: Form[Anything]) -> int:
    return len(form.files)


APP = App([limited, limited_request, defaults, Router("/layered", [handler_wins], max_files=1)], max_files=2)


@pytest.fixture
def client(backend: Backend) -> Iterator[TestClient]:
    RAN.clear()
    with TestClient(APP, backend=backend) as test_client:
        yield test_client


def files(count: int, size: int = 1) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (f"f{number}.txt", b"x" * size)) for number in range(count)]


def text_parts(count: int, name: str = "text", value: str = "v") -> bytes:
    part = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
    return (part * count + f"--{BOUNDARY}--\r\n").encode()


PATHS = ["/form", "/request-form"]


# --- max_fields -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_fields_up_to_max_fields_are_read(client: TestClient, path: str) -> None:
    assert client.post(path, content=text_parts(5), headers=MULTIPART).status_code == 200
    assert client.post(path, content=b"&".join([b"text=v"] * 5), headers=URLENCODED).status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_more_multipart_fields_than_max_fields_is_400(client: TestClient, path: str) -> None:
    response = client.post(path, content=text_parts(6), headers=MULTIPART)

    assert response.status_code == 400
    assert response.json()["detail"] == "Too many form fields (more than 5)"
    assert RAN == []


@pytest.mark.parametrize("path", PATHS)
def test_more_urlencoded_fields_than_max_fields_is_400(client: TestClient, path: str) -> None:
    response = client.post(path, content=b"&".join([b"text=v"] * 6), headers=URLENCODED)

    assert response.status_code == 400
    assert response.json()["detail"] == "Too many form fields (more than 5)"
    assert RAN == []


def test_files_count_as_fields(client: TestClient) -> None:
    body = text_parts(4).removesuffix(f"--{BOUNDARY}--\r\n".encode())
    body += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="a"\r\n\r\na\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="b"\r\n\r\nb\r\n'
        f"--{BOUNDARY}--\r\n"
    ).encode()

    response = client.post("/form", content=body, headers=MULTIPART)

    assert (response.status_code, response.json()["detail"]) == (400, "Too many form fields (more than 5)")


def test_the_default_max_fields_is_1000(client: TestClient) -> None:
    assert client.post("/defaults", content=b"&".join([b"text=v"] * 1000), headers=URLENCODED).status_code == 200

    response = client.post("/defaults", content=b"&".join([b"text=v"] * 1001), headers=URLENCODED)

    assert (response.status_code, response.json()["detail"]) == (400, "Too many form fields (more than 1000)")


# --- max_files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_files_up_to_max_files_are_read(client: TestClient, path: str) -> None:
    assert client.post(path, files=files(2)).status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_more_files_than_max_files_is_400(client: TestClient, path: str) -> None:
    response = client.post(path, files=files(3))

    assert response.status_code == 400
    assert response.json()["detail"] == "Too many files (more than 2)"
    assert RAN == []


def test_the_layer_closest_to_the_handler_sets_the_limit(client: TestClient) -> None:
    assert client.post("/layered/handler-wins", files=files(3)).status_code == 200
    assert client.post("/layered/handler-wins", files=files(4)).status_code == 400


def test_the_default_max_files_is_100(backend: Backend) -> None:
    @post("/upload", status_code=200)
    async def upload(form: Form[Anything]) -> int:
        return len(form.files)

    client = TestClient(App([upload]), backend=backend)

    assert client.post("/upload", files=files(100)).json() == 100
    assert client.post("/upload", files=files(101)).json()["detail"] == "Too many files (more than 100)"


# --- max_part_size -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_a_text_value_up_to_max_part_size_is_read(client: TestClient, path: str) -> None:
    assert client.post(path, content=text_parts(1, value="v" * 100), headers=MULTIPART).status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_a_multipart_text_value_over_max_part_size_is_413(client: TestClient, path: str) -> None:
    response = client.post(path, content=text_parts(1, value="v" * 101), headers=MULTIPART)

    assert response.status_code == 413
    assert response.json()["detail"] == 'Form field "text" is larger than 100 bytes'
    assert RAN == []


@pytest.mark.parametrize("path", PATHS)
def test_an_urlencoded_value_over_max_part_size_is_413(client: TestClient, path: str) -> None:
    response = client.post(path, content=b"text=" + b"v" * 101, headers=URLENCODED)

    assert response.status_code == 413
    assert response.json()["detail"] == 'Form field "text" is larger than 100 bytes'


def test_part_headers_over_max_part_size_are_413(client: TestClient) -> None:
    head = 'Content-Disposition: form-data; name="text"\r\nX-Padding: ' + "p" * 200
    body = f"--{BOUNDARY}\r\n{head}\r\n\r\nv\r\n--{BOUNDARY}--\r\n".encode()

    response = client.post("/form", content=body, headers=MULTIPART)

    assert response.status_code == 413
    assert response.json()["detail"] == "Multipart part headers are larger than 100 bytes"


def test_a_file_part_is_not_bounded_by_max_part_size(client: TestClient) -> None:
    response = client.post("/form", files=files(1, size=5_000))

    assert (response.status_code, response.json()) == (200, 1)


# --- the body limit ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_a_form_over_the_body_limit_is_413(client: TestClient, path: str) -> None:
    response = client.post(path, files=files(1, size=10_001))

    assert response.status_code == 413
    assert response.json()["detail"] == "Request body is larger than the limit of 10000 bytes"
    assert RAN == []


def test_a_chunked_form_over_the_body_limit_is_413(client: TestClient) -> None:
    whole = text_parts(1, value="v" * 50)
    padding = b"\r\n" * 6_000  # the preamble before the first delimiter is ignored by parsers

    def chunks() -> Iterator[bytes]:
        yield padding[:6_000]
        yield padding[6_000:]
        yield whole

    response = client.post("/form", content=chunks(), headers=MULTIPART)

    assert response.status_code == 413
    assert RAN == []


def test_an_urlencoded_form_over_the_body_limit_is_413(client: TestClient) -> None:
    response = client.post("/form", content=b"a=b&" * 3_000, headers=URLENCODED)

    assert response.status_code == 413


async def test_a_declared_content_length_over_the_limit_is_refused_before_reading() -> None:
    RAN.clear()
    received: list[str] = []
    sent: list[Message] = []

    async def receive() -> Message:
        received.append("http.request")
        return {"type": "http.request", "body": b"x" * 100, "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/form",
        "raw_path": b"/form",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", MULTIPART["Content-Type"].encode()),
            (b"content-length", b"50000000"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "extensions": {},
    }

    await APP(scope, receive, send)

    assert sent[0]["status"] == 413
    assert received == []
    assert RAN == []


def test_a_form_within_every_limit_is_read(client: TestClient) -> None:
    response = client.post("/form", data={"text": "v" * 100}, files=files(2, size=1_000))

    assert (response.status_code, response.json()) == (200, 2)
    assert RAN == ["form"]
