"""docs/forms.md: the login, upload and streamed-upload examples, posted as browsers do."""

from __future__ import annotations

import hashlib
import pathlib
from collections.abc import Iterator
from typing import Literal

import pytest

from docs.examples import forms_login, forms_stream_upload, forms_upload
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]


# --- forms_login -------------------------------------------------------------------------------


def test_login_reads_an_urlencoded_form(backend: Backend) -> None:
    response = TestClient(forms_login.app, backend=backend).post(
        "/login", data={"username": "ada", "password": "s3cret", "remember_me": "on"}
    )

    assert (response.status_code, response.text) == (200, "Welcome, ada (remembered for 30 days)")


def test_login_without_the_checkbox(backend: Backend) -> None:
    response = TestClient(forms_login.app, backend=backend).post("/login", data={"username": "ada", "password": "x"})

    assert response.text == "Welcome, ada (remembered for 0 days)"


def test_login_reports_every_missing_field(backend: Backend) -> None:
    response = TestClient(forms_login.app, backend=backend).post("/login", data={"remember_me": "on"})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"source": "form", "name": "username", "message": "Missing required form field"},
        {"source": "form", "name": "password", "message": "Missing required form field"},
    ]


def test_echo_reads_the_form_untyped(backend: Backend) -> None:
    response = TestClient(forms_login.app, backend=backend).post(
        "/echo", data={"tag": ["a", "b"]}, files={"doc": ("notes.txt", b"hi")}
    )

    assert response.json() == {
        "tag": ["a", "b"],
        "doc": ["UploadFile(filename='notes.txt', content_type='text/plain', size=2)"],
    }


# --- forms_upload ------------------------------------------------------------------------------


def test_a_single_upload(backend: Backend) -> None:
    response = TestClient(forms_upload.app, backend=backend).post("/", files={"data": ("hello.txt", b"hello world")})

    assert (response.status_code, response.text) == (201, "hello.txt, hello world")


def test_two_named_files(backend: Backend) -> None:
    response = TestClient(forms_upload.app, backend=backend).post(
        "/documents", files={"cv": ("cv.txt", b"my cv"), "diploma": ("diploma.txt", b"my diploma")}
    )

    assert response.json() == {"cv": "my cv", "diploma": "my diploma"}


def test_an_album_of_photos(backend: Backend) -> None:
    photos = [("photos", (f"{n}.jpg", b"\xff\xd8" * (n + 1), "image/jpeg")) for n in range(3)]

    response = TestClient(forms_upload.app, backend=backend).post("/albums", data={"title": "Trip"}, files=photos)

    assert response.json() == {
        "title": "Trip",
        "photos": [{"name": f"{n}.jpg", "type": "image/jpeg", "bytes": 2 * (n + 1)} for n in range(3)],
    }


def test_an_album_of_too_many_photos_is_400(backend: Backend) -> None:
    photos = [("photos", (f"{n}.jpg", b"x")) for n in range(21)]

    response = TestClient(forms_upload.app, backend=backend).post("/albums", data={"title": "Trip"}, files=photos)

    assert (response.status_code, response.json()["detail"]) == (400, "Too many files (more than 20)")


def test_a_missing_file_is_400(backend: Backend) -> None:
    response = TestClient(forms_upload.app, backend=backend).post("/documents", files={"cv": ("cv.txt", b"cv")})

    assert response.json()["errors"] == [
        {"source": "form", "name": "diploma", "message": "Missing required form field"}
    ]


# --- forms_stream_upload -----------------------------------------------------------------------


@pytest.fixture
def blobs(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    monkeypatch.setattr(forms_stream_upload, "BLOBS", tmp_path)
    return tmp_path


def test_a_streamed_upload_goes_to_disk(blobs: pathlib.Path, backend: Backend) -> None:
    parts = [bytes([n]) * 100_000 for n in range(20)]

    def body() -> Iterator[bytes]:
        yield from parts

    response = TestClient(forms_stream_upload.app, backend=backend).post("/blobs", content=body())

    whole = b"".join(parts)
    described = response.json()
    assert (described["size"], described["sha256"]) == (len(whole), hashlib.sha256(whole).hexdigest())
    assert (blobs / described["id"]).read_bytes() == whole
