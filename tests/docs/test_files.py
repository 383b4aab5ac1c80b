"""docs/files.md: the download example serves, names and protects its files as the page says."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator
from typing import Literal

import pytest

from docs.examples import files_download
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 8


@pytest.fixture
def downloads(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    folder = tmp_path / "downloads"
    (folder / "manuals").mkdir(parents=True)
    (folder / "q3.pdf").write_bytes(PDF)
    (folder / "manuals" / "guide.md").write_text("# Guide\n")
    (folder / "logo.webp").write_bytes(b"RIFF....WEBP")
    (tmp_path / "secret.txt").write_text("not for download")
    os.utime(folder / "q3.pdf", (1_700_000_000, 1_700_000_000))
    monkeypatch.setattr(files_download, "DOWNLOADS", folder)
    return folder


@pytest.fixture
def client(downloads: pathlib.Path, backend: Backend) -> Iterator[TestClient]:
    with TestClient(files_download.app, backend=backend) as test_client:
        yield test_client


def test_the_report_downloads_under_its_given_name(client: TestClient) -> None:
    response = client.get("/report")

    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="Q3 report.pdf"'
    assert response.headers["content-length"] == str(len(PDF))
    assert response.headers["accept-ranges"] == "bytes"
    assert {"etag", "last-modified"} <= set(response.headers)


def test_a_file_by_name(client: TestClient) -> None:
    response = client.get("/downloads/manuals/guide.md")

    assert response.text == "# Guide\n"
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="guide.md"'


def test_inline(client: TestClient) -> None:
    response = client.get("/view/logo.webp")

    assert response.headers["content-type"] == "image/webp"
    assert response.headers["content-disposition"] == 'inline; filename="logo.webp"'


@pytest.mark.parametrize("name", ["%2e%2e/secret.txt", "manuals/%2e%2e/%2e%2e/secret.txt", "missing.pdf"])
def test_outside_or_missing_is_404(client: TestClient, name: str) -> None:
    response = client.get(f"/downloads/{name}")

    assert (response.status_code, response.json()) == (404, {"status_code": 404, "detail": "File not found"})


def test_the_table_of_conditional_and_range_requests(client: TestClient) -> None:
    fresh = client.get("/report")

    assert client.get("/report", headers={"If-None-Match": fresh.headers["etag"]}).status_code == 304
    assert client.get("/report", headers={"If-Modified-Since": "Wed, 15 Nov 2023 00:00:00 GMT"}).status_code == 304
    assert client.get("/report", headers={"If-Modified-Since": "Mon, 13 Nov 2023 00:00:00 GMT"}).status_code == 200
    ranged = client.get("/report", headers={"Range": "bytes=0-8"})
    assert (ranged.status_code, ranged.content) == (206, b"%PDF-1.7\n")
    assert ranged.headers["content-range"] == f"bytes 0-8/{len(PDF)}"
    several = client.get("/report", headers={"Range": "bytes=0-1, -2"})
    assert several.headers["content-type"].startswith("multipart/byteranges; boundary=")
    assert client.get("/report", headers={"Range": "bytes=99999-"}).headers["content-range"] == f"bytes */{len(PDF)}"
    assert client.get("/report", headers={"Range": "bytes=banana"}).status_code == 200
    resumed = client.get("/report", headers={"Range": "bytes=9-", "If-Range": fresh.headers["etag"]})
    assert (resumed.status_code, ranged.content + resumed.content) == (206, PDF)
    head = client.head("/report")
    assert (head.status_code, head.content, head.headers["content-length"]) == (200, b"", str(len(PDF)))


def test_pathsend_gives_the_same_bytes(downloads: pathlib.Path, backend: Backend) -> None:
    response = TestClient(files_download.app, backend=backend, pathsend=True).get("/report")

    assert response.content == PDF
