"""`Body` extractor: JSON and MessagePack into typed values, content types, and bad input."""

from __future__ import annotations

import dataclasses
from typing import Literal, NamedTuple, TypedDict

import anyio
import msgspec
import pytest

from lanner import App, Body, Message, Scope, post
from lanner._extract.body import stream_body
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


class Item(msgspec.Struct, frozen=True):
    name: str
    price: float


@dataclasses.dataclass(frozen=True)
class DataItem:
    name: str
    price: float


class DictItem(TypedDict):
    name: str
    price: float


class TupleItem(NamedTuple):
    name: str
    price: float


@post("/struct", status_code=200)
async def struct_body(item: Body[Item]) -> Item:
    return item


@post("/dataclass", status_code=200)
async def dataclass_body(item: Body[DataItem]) -> dict[str, object]:
    return {"type": type(item).__name__, "name": item.name, "price": item.price}


@post("/typeddict", status_code=200)
async def typeddict_body(item: Body[DictItem]) -> DictItem:
    return item


@post("/namedtuple", status_code=200)
async def namedtuple_body(item: Body[TupleItem]) -> dict[str, object]:
    return {"type": type(item).__name__, "name": item.name}


@post("/list", status_code=200)
async def list_body(items: Body[list[Item]]) -> int:
    return len(items)


@post("/int", status_code=200)
async def int_body(value: Body[int]) -> int:
    return value * 2


@post("/str", status_code=200)
async def str_body(value: Body[str]) -> str:
    return value.upper()


@post("/raw", status_code=200)
async def raw_body(data: Body[bytes]) -> dict[str, object]:
    return {"length": len(data), "hex": data.hex()}


@post("/anything", status_code=200)
async def anything_body(data: Body[list[object]]) -> int:
    return len(data)


@post("/lenient", status_code=200, strict_content_type=False)
async def lenient_body(item: Body[Item]) -> Item:
    return item


APP = App(
    [
        struct_body,
        dataclass_body,
        typeddict_body,
        namedtuple_body,
        list_body,
        int_body,
        str_body,
        raw_body,
        anything_body,
        lenient_body,
    ]
)


def test_json_body_into_struct(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post("/struct", json={"name": "a", "price": 1.5})
    assert response.status_code == 200
    assert response.json() == {"name": "a", "price": 1.5}


def test_json_body_into_dataclass(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post("/dataclass", json={"name": "a", "price": 2})
    assert response.json() == {"type": "DataItem", "name": "a", "price": 2.0}


def test_json_body_into_typeddict(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post("/typeddict", json={"name": "a", "price": 2.5})
    assert response.json() == {"name": "a", "price": 2.5}


def test_json_body_into_namedtuple(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post("/namedtuple", json=["a", 2.5])
    assert response.json() == {"type": "TupleItem", "name": "a"}


def test_json_body_into_list_of_structs(backend: Backend) -> None:
    payload = [{"name": "a", "price": 1}, {"name": "b", "price": 2}]
    assert TestClient(APP, backend=backend).post("/list", json=payload).json() == 2


def test_json_body_into_scalars(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)
    assert client.post("/int", json=21).json() == 42
    assert client.post("/str", json="shout").text == "SHOUT"


def test_json_body_with_charset_parameter_is_json(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post(
        "/struct", content=b'{"name":"a","price":1}', headers={"content-type": "Application/JSON; charset=utf-8"}
    )
    assert response.status_code == 200


def test_problem_json_content_type_is_read_as_json(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post(
        "/struct", content=b'{"name":"a","price":1}', headers={"content-type": "application/problem+json"}
    )
    assert response.status_code == 200
    assert response.json() == {"name": "a", "price": 1.0}


@pytest.mark.parametrize(
    "media_type", ["application/vnd.msgpack", "application/x-msgpack", "application/msgpack"]
)
def test_msgpack_body_into_struct(backend: Backend, media_type: str) -> None:
    payload = msgspec.msgpack.encode({"name": "packed", "price": 3.25})
    response = TestClient(APP, backend=backend).post("/struct", content=payload, headers={"content-type": media_type})
    assert response.status_code == 200
    assert response.json() == {"name": "packed", "price": 3.25}


@pytest.mark.parametrize(
    ("path", "payload", "expected"),
    [
        ("/dataclass", {"name": "p", "price": 1.0}, {"type": "DataItem", "name": "p", "price": 1.0}),
        ("/typeddict", {"name": "p", "price": 1.0}, {"name": "p", "price": 1.0}),
        ("/list", [{"name": "p", "price": 1.0}], 1),
        ("/int", 5, 10),
    ],
)
def test_msgpack_body_into_other_types(backend: Backend, path: str, payload: object, expected: object) -> None:
    response = TestClient(APP, backend=backend).post(
        path, content=msgspec.msgpack.encode(payload), headers={"content-type": "application/vnd.msgpack"}
    )
    assert response.json() == expected


def test_invalid_msgpack_body_is_400(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post(
        "/struct", content=b"\xc1\xc1\xc1", headers={"content-type": "application/vnd.msgpack"}
    )
    assert response.status_code == 400


def test_raw_bytes_body_is_the_body_as_sent_whatever_the_content_type(backend: Backend) -> None:
    client = TestClient(APP, backend=backend)
    data = bytes(range(256))
    response = client.post("/raw", content=data, headers={"content-type": "image/png"})
    assert response.json() == {"length": 256, "hex": data.hex()}
    assert client.post("/raw", content=b"abc").json() == {"length": 3, "hex": "616263"}


def test_body_without_content_type_is_415(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post("/struct", content=b'{"name":"a","price":1}')
    assert response.status_code == 415
    assert response.json()["status_code"] == 415


def test_body_without_content_type_is_json_when_not_strict(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post("/lenient", content=b'{"name":"a","price":1}')
    assert response.status_code == 200
    assert response.json() == {"name": "a", "price": 1.0}


def test_strict_content_type_false_on_app_layer_applies(backend: Backend) -> None:
    app = App([struct_body], strict_content_type=False)
    response = TestClient(app, backend=backend).post("/struct", content=b'{"name":"a","price":1}')
    assert response.status_code == 200


@pytest.mark.parametrize("media_type", ["text/plain", "application/xml", "application/x-www-form-urlencoded", "json"])
def test_body_with_other_content_type_is_415(backend: Backend, media_type: str) -> None:
    response = TestClient(APP, backend=backend).post(
        "/struct", content=b'{"name":"a","price":1}', headers={"content-type": media_type}
    )
    assert response.status_code == 415


def test_content_types_are_read_the_same_after_many_made_up_ones(backend: Backend) -> None:
    # Read media types are remembered up to a bound; past it they are read afresh each time.
    client = TestClient(APP, backend=backend)
    body = b'{"name":"a","price":1}'

    refused = [
        client.post("/struct", content=body, headers={"content-type": f"application/x-made-up-{n}"}).status_code
        for n in range(100)
    ]
    read = client.post("/struct", content=body, headers={"content-type": "Application/JSON ; charset=utf-8"})

    assert set(refused) == {415}
    assert read.status_code == 200
    assert read.json() == {"name": "a", "price": 1}


def test_lenient_body_still_refuses_another_content_type(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post("/lenient", content=b"{}", headers={"content-type": "text/plain"})
    assert response.status_code == 415


def _post_json(backend: Backend, path: str, content: bytes) -> dict[str, object]:
    response = TestClient(APP, backend=backend).post(path, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    body: dict[str, object] = response.json()
    assert body["status_code"] == 400
    return body


def _body_errors(body: dict[str, object]) -> list[dict[str, str]]:
    errors = body["errors"]
    assert isinstance(errors, list)
    assert errors
    for error in errors:
        assert error["source"] == "body"
    return errors


def test_malformed_json_is_400(backend: Backend) -> None:
    _body_errors(_post_json(backend, "/struct", b'{"name": "a", '))


def test_invalid_utf8_in_json_is_400(backend: Backend) -> None:
    _body_errors(_post_json(backend, "/struct", b'{"name": "\xff\xfe", "price": 1}'))


def test_deeply_nested_json_is_400(backend: Backend) -> None:
    _body_errors(_post_json(backend, "/anything", b"[" * 100_000 + b"]" * 100_000))


def test_deeply_nested_unclosed_json_is_400(backend: Backend) -> None:
    _body_errors(_post_json(backend, "/anything", b"[" * 100_000))


def test_out_of_range_integer_is_400(backend: Backend) -> None:
    _body_errors(_post_json(backend, "/int", b"1" + b"0" * 5000))


def test_out_of_range_integer_inside_a_list_is_400(backend: Backend) -> None:
    _body_errors(_post_json(backend, "/anything", b"[1" + b"0" * 5000 + b"]"))


def test_out_of_range_float_is_400(backend: Backend) -> None:
    _body_errors(_post_json(backend, "/struct", b'{"name": "a", "price": 1e999}'))


def test_empty_json_body_is_400(backend: Backend) -> None:
    _body_errors(_post_json(backend, "/struct", b""))


def test_json_with_nul_byte_string_is_read_or_refused_but_never_500(backend: Backend) -> None:
    response = TestClient(APP, backend=backend).post(
        "/str", content=b'"a\\u0000b"', headers={"content-type": "application/json"}
    )
    assert response.status_code < 500


def test_body_failing_validation_names_the_field_path(backend: Backend) -> None:
    body = _post_json(backend, "/struct", b'{"name": "a", "price": "free"}')
    assert body == {
        "status_code": 400,
        "detail": "Validation failed",
        "errors": [{"source": "body", "name": "$.price", "message": "Expected `float`, got `str`"}],
    }


def test_body_missing_field_is_400(backend: Backend) -> None:
    [error] = _body_errors(_post_json(backend, "/struct", b'{"name": "a"}'))
    assert "price" in error["message"]


def _post_in_messages(messages: list[Message], *, content_length: int | None = None) -> list[Message]:
    """POST /struct with the body given as these ASGI messages; what the app sent."""
    sent: list[Message] = []
    pending = list(messages)

    async def receive() -> Message:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/struct", "raw_path": b"/struct", "root_path": "",
        "query_string": b"", "headers": [(b"content-type", b"application/json")],
    }  # fmt: skip
    if content_length is not None:
        scope["headers"].append((b"content-length", str(content_length).encode()))
    anyio.run(APP, scope, receive, send)
    return sent


def test_body_followed_by_an_empty_last_message_is_read_whole() -> None:
    # granian sends every body this way: the bytes with more_body, then an empty message.
    sent = _post_in_messages([
        {"type": "http.request", "body": b'{"name": "pen", ', "more_body": True},
        {"type": "http.request", "body": b'"price": 2.5}', "more_body": True},
        {"type": "http.request", "body": b"", "more_body": False},
    ])  # fmt: skip

    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b'{"name":"pen","price":2.5}'


def test_body_of_its_declared_length_is_read_without_waiting_for_the_last_message() -> None:
    # The client hangs up after the body: had the app waited for the (empty) last message,
    # it would have seen the disconnect and answered nothing.
    body = b'{"name": "pen", "price": 2.5}'
    sent = _post_in_messages(
        [{"type": "http.request", "body": body, "more_body": True}], content_length=len(body)
    )

    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b'{"name":"pen","price":2.5}'


def test_body_in_chunks_ends_at_its_declared_length() -> None:
    body = b'{"name": "pen", "price": 2.5}'
    sent = _post_in_messages(
        [
            {"type": "http.request", "body": body[:10], "more_body": True},
            {"type": "http.request", "body": body[10:], "more_body": True},
        ],
        content_length=len(body),
    )

    assert sent[0]["status"] == 200


def test_body_shorter_than_declared_is_read_until_the_server_says_it_ended() -> None:
    body = b'{"name": "pen", "price": 2.5}'
    sent = _post_in_messages(
        [
            {"type": "http.request", "body": body, "more_body": True},
            {"type": "http.request", "body": b"", "more_body": False},
        ],
        content_length=len(body) + 5,
    )

    assert sent[0]["status"] == 200


def test_client_gone_before_the_body_ends_gets_no_answer() -> None:
    sent = _post_in_messages([{"type": "http.request", "body": b'{"name"', "more_body": True}])

    assert sent == []


def test_streamed_body_ends_at_its_declared_length() -> None:
    messages: list[Message] = [
        {"type": "http.request", "body": b"abc", "more_body": True},
        {"type": "http.request", "body": b"de", "more_body": True},
    ]

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def read() -> list[bytes]:
        return [chunk async for chunk in stream_body(receive, 1024, 5)]

    assert anyio.run(read) == [b"abc", b"de"]
