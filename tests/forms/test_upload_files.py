"""`UploadFile`: `filename`, `content_type`, `headers`, `size`, async `read`/`seek`/`close`;
kept in memory up to 1 MiB and spooled to a temporary file beyond; closed after the response,
whatever happened."""

from __future__ import annotations

import hashlib
import os
import pathlib
import tempfile
from collections.abc import Iterator
from typing import Literal

import msgspec
import pytest

from lanner import App, Form, Request, UploadFile, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]
BOUNDARY = "upload-boundary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
MiB = 1024 * 1024


class Upload(msgspec.Struct):
    doc: UploadFile


class Uploads(msgspec.Struct):
    docs: list[UploadFile]


class Kept:
    """The uploads handlers saw, to look at after the response."""

    def __init__(self) -> None:
        self.uploads: list[UploadFile] = []
        self.temporary_files: list[list[str]] = []


def open_files_under(directory: pathlib.Path) -> list[str]:
    """The files this process holds open under `directory` (Linux: /proc/self/fd)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(directory)):
            found.append(target)
    return found


def upload_app(kept: Kept, spool_dir: pathlib.Path | None = None) -> App:
    @post("/describe", status_code=200)
    async def describe(form: Form[Upload]) -> dict[str, object]:
        doc = form.doc
        kept.uploads.append(doc)
        first = await doc.read(4)
        rest = await doc.read()
        position = await doc.seek(2)
        again = await doc.read(3)
        await doc.seek(0)
        whole = await doc.read()
        return {
            "filename": doc.filename,
            "content_type": doc.content_type,
            "size": doc.size,
            "first": first.decode(),
            "rest": rest.decode(),
            "position": position,
            "again": again.decode(),
            "whole": whole.decode(),
            "custom": doc.headers.get("x-custom"),
            "content_type_header": doc.headers.get("content-type"),
            "disposition": doc.headers.get("content-disposition"),
            "at_end": await doc.read(),
        }

    @post("/digest", status_code=200)
    async def digest(form: Form[Upload]) -> dict[str, object]:
        kept.uploads.append(form.doc)
        if spool_dir is not None:
            kept.temporary_files.append(open_files_under(spool_dir))
        hasher = hashlib.sha256()
        while chunk := await form.doc.read(256 * 1024):
            hasher.update(chunk)
        return {"size": form.doc.size, "sha256": hasher.hexdigest()}

    @post("/many", status_code=200)
    async def many(form: Form[Uploads]) -> list[int]:
        kept.uploads.extend(form.docs)
        return [doc.size for doc in form.docs]

    @post("/close-early", status_code=200)
    async def close_early(form: Form[Upload]) -> bool:
        kept.uploads.append(form.doc)
        await form.doc.close()
        return True

    @post("/fails", status_code=200)
    async def fails(form: Form[Upload]) -> None:
        kept.uploads.append(form.doc)
        raise RuntimeError("the handler failed")

    @post("/untyped", status_code=200)
    async def untyped(request: Request) -> int:
        fields = await request.form()
        files = [value for _, value in fields.multi_items() if isinstance(value, UploadFile)]
        kept.uploads.extend(files)
        return len(files)

    return App([describe, digest, many, close_early, fails, untyped])


@pytest.fixture
def kept() -> Kept:
    return Kept()


@pytest.fixture
def client(kept: Kept, backend: Backend) -> Iterator[TestClient]:
    with TestClient(upload_app(kept), backend=backend, raise_server_exceptions=False) as test_client:
        yield test_client


def test_an_upload_file_describes_the_part_and_reads_and_seeks(client: TestClient) -> None:
    head = (
        'Content-Disposition: form-data; name="doc"; filename="notes.txt"\r\n'
        "Content-Type: text/plain; charset=utf-8\r\n"
        "X-Custom: yes"
    )
    body = f"--{BOUNDARY}\r\n{head}\r\n\r\n".encode() + b"0123456789" + f"\r\n--{BOUNDARY}--\r\n".encode()

    response = client.post("/describe", content=body, headers=MULTIPART)

    described = response.json()
    assert described.pop("content_type") in ("text/plain", "text/plain; charset=utf-8")  # parameters may go
    assert described == {
        "filename": "notes.txt",
        "content_type_header": "text/plain; charset=utf-8",
        "size": 10,
        "first": "0123",
        "rest": "456789",
        "position": 2,
        "again": "234",
        "whole": "0123456789",
        "custom": "yes",
        "disposition": 'form-data; name="doc"; filename="notes.txt"',
        "at_end": "",
    }


def test_a_part_without_content_type_has_none(client: TestClient) -> None:
    head = 'Content-Disposition: form-data; name="doc"; filename="blob"'
    body = f"--{BOUNDARY}\r\n{head}\r\n\r\nabcdef\r\n--{BOUNDARY}--\r\n".encode()

    response = client.post("/describe", content=body, headers=MULTIPART)

    assert response.json()["content_type"] in (None, "application/octet-stream")
    assert response.json()["whole"] == "abcdef"


def test_a_non_ascii_filename_is_kept(client: TestClient) -> None:
    response = client.post("/describe", files={"doc": ("résumé 2024.txt", b"0123456789", "text/plain")})

    assert response.json()["filename"] == "résumé 2024.txt"


def test_an_empty_file(client: TestClient) -> None:
    response = client.post("/digest", files={"doc": ("empty.bin", b"")})

    assert response.json() == {"size": 0, "sha256": hashlib.sha256(b"").hexdigest()}


def test_binary_content_is_kept_byte_for_byte(client: TestClient) -> None:
    content = bytes(range(256)) * 64 + b"\r\n--" + BOUNDARY.encode() + b"\r\n"  # looks like a delimiter, is not one

    response = client.post("/digest", files={"doc": ("data.bin", content, "application/octet-stream")})

    assert response.json() == {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def test_several_files_in_one_field(client: TestClient) -> None:
    response = client.post("/many", files=[("docs", ("a", b"a")), ("docs", ("b", b"bb")), ("docs", ("c", b"ccc"))])

    assert response.json() == [1, 2, 3]


# --- spooled to disk past 1 MiB ---------------------------------------------------------------


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux's /proc to see open files")
@pytest.mark.parametrize(("size", "on_disk"), [(MiB // 2, False), (MiB, False), (MiB + 1, True), (3 * MiB + 7, True)])
def test_an_upload_is_spooled_to_a_temporary_file_past_1_mib(
    backend: Backend, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, size: int, on_disk: bool
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kept = Kept()
    content = os.urandom(size)

    response = TestClient(upload_app(kept, spool_dir=tmp_path), backend=backend).post(
        "/digest", files={"doc": ("big.bin", content)}
    )

    assert response.json() == {"size": size, "sha256": hashlib.sha256(content).hexdigest()}
    assert bool(kept.temporary_files[0]) is on_disk
    assert open_files_under(tmp_path) == []  # closed, and so removed, after the response


def test_a_large_upload_reads_back_intact(client: TestClient) -> None:
    content = os.urandom(2 * MiB + 123)

    response = client.post("/digest", files={"doc": ("big.bin", content)})

    assert response.json() == {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


# --- closed after the response ----------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 2 * MiB])
def test_uploads_are_closed_after_the_response(client: TestClient, kept: Kept, size: int) -> None:
    response = client.post("/digest", files={"doc": ("f.bin", b"x" * size)})

    assert response.status_code == 200
    assert [upload.closed for upload in kept.uploads] == [True]


def test_every_file_of_a_list_is_closed(client: TestClient, kept: Kept) -> None:
    client.post("/many", files=[("docs", ("a", b"a")), ("docs", ("b", b"b" * (2 * MiB)))])

    assert [upload.closed for upload in kept.uploads] == [True, True]


def test_uploads_are_closed_when_the_handler_fails(client: TestClient, kept: Kept) -> None:
    response = client.post("/fails", files={"doc": ("f.bin", b"x")})

    assert response.status_code == 500
    assert [upload.closed for upload in kept.uploads] == [True]


def test_closing_in_the_handler_is_harmless(client: TestClient, kept: Kept) -> None:
    response = client.post("/close-early", files={"doc": ("f.bin", b"x" * (2 * MiB))})

    assert (response.status_code, response.json()) == (200, True)
    assert kept.uploads[0].closed


def test_request_form_uploads_are_closed_after_the_response(client: TestClient, kept: Kept) -> None:
    response = client.post("/untyped", files=[("a", ("a", b"a")), ("b", ("b", b"b" * (2 * MiB)))])

    assert response.json() == 2
    assert [upload.closed for upload in kept.uploads] == [True, True]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux's /proc to see open files")
def test_files_already_spooled_are_removed_when_the_form_is_refused(
    backend: Backend, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    files = [("doc", ("big.bin", b"x" * (2 * MiB))), ("doc", ("second.bin", b"x")), ("doc", ("third.bin", b"y"))]

    @post("/one-file", status_code=200, max_files=1)
    async def one_file(form: Form[Upload]) -> int:
        raise AssertionError("the handler must not run")

    response = TestClient(App([one_file]), backend=backend).post("/one-file", files=files)

    assert response.status_code == 400
    assert open_files_under(tmp_path) == []
    assert os.listdir(tmp_path) == []


async def test_upload_file_repr_names_the_file() -> None:
    from lanner import Headers

    upload = UploadFile("a.txt", "text/plain", Headers([]))
    try:
        assert repr(upload) == "UploadFile(filename='a.txt', content_type='text/plain', size=0)"
    finally:
        await upload.close()
