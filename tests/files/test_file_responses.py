"""`File`: the headers a download carries, its media type and name, HEAD, 404s, and the two
ways its bytes leave (chunks, or `http.response.pathsend` when the server offers it)."""

from __future__ import annotations

import email.utils
import mimetypes
import os
import pathlib
from collections.abc import Iterator
from typing import Literal

import pytest

from lanner import App, ASGIApp, Body, ETag, File, Message, NotFound, Path, Receive, Scope, Send, get, post
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

CONTENT = bytes(range(256)) * 40  # 10,240 bytes, every byte value
MTIME = 1_700_000_000  # Tue, 14 Nov 2023 22:13:20 GMT


@pytest.fixture
def root(tmp_path: pathlib.Path) -> pathlib.Path:
    """A directory of files to serve, next to a secret the handlers must never send."""
    public = tmp_path / "public"
    public.mkdir()
    (public / "data.bin").write_bytes(CONTENT)
    os.utime(public / "data.bin", (MTIME, MTIME))
    (public / "sub").mkdir()
    (public / "sub" / "notes.txt").write_text("inside\n")
    (tmp_path / "secret.txt").write_text("the secret\n")
    return public


def files_app(root: pathlib.Path) -> App:
    @get("/files/{name:path}")
    async def serve(name: Path[str]) -> File:
        return File.in_directory(root, name)

    @get("/inline/{name:path}")
    async def inline(name: Path[str]) -> File:
        return File.in_directory(root, name, content_disposition_type="inline")

    @get("/named")
    async def named() -> File:
        return File(root / "data.bin", filename="Résumé 2024 €.pdf")

    @get("/typed")
    async def typed() -> File:
        return File(root / "data.bin", media_type="image/png", etag=ETag("v7"))

    @get("/small-chunks")
    async def small_chunks() -> File:
        return File(root / "data.bin", chunk_size=1000)

    @get("/absolute/{name:path}")
    async def absolute(name: Path[str]) -> File:
        return File(root / name)

    return App([serve, inline, named, typed, small_chunks, absolute])


@pytest.fixture
def client(root: pathlib.Path, backend: Backend) -> Iterator[TestClient]:
    with TestClient(files_app(root), backend=backend) as test_client:
        yield test_client


def recording(app: ASGIApp, kinds: list[str]) -> ASGIApp:
    """`app`, noting the type of every message it sends (an ASGI middleware by hand)."""

    async def spy(scope: Scope, receive: Receive, send: Send) -> None:
        async def noting(message: Message) -> None:
            kinds.append(str(message["type"]))
            await send(message)

        await app(scope, receive, noting)

    return spy


# --- the headers of a download --------------------------------------------------------------


def test_a_file_is_sent_whole_with_length_date_tag_and_ranges(client: TestClient) -> None:
    response = client.get("/files/data.bin")

    assert response.status_code == 200
    assert response.content == CONTENT
    assert response.headers["content-length"] == str(len(CONTENT))
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-type"] == "application/octet-stream"
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2  # a strong tag


def test_last_modified_is_the_files_modification_time(client: TestClient) -> None:
    response = client.get("/files/data.bin")

    assert response.headers["last-modified"] == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert response.headers["last-modified"] == email.utils.formatdate(MTIME, usegmt=True)


def test_the_etag_changes_when_the_file_changes(client: TestClient, root: pathlib.Path) -> None:
    before = client.get("/files/data.bin").headers["etag"]
    (root / "data.bin").write_bytes(CONTENT + b"more")

    after = client.get("/files/data.bin").headers["etag"]

    assert before != after


def test_a_given_etag_and_media_type_replace_the_computed_ones(client: TestClient) -> None:
    response = client.get("/typed")

    assert (response.headers["etag"], response.headers["content-type"]) == ('"v7"', "image/png")
    assert client.get("/typed", headers={"If-None-Match": '"v7"'}).status_code == 304


def test_head_sends_the_headers_and_no_body(client: TestClient) -> None:
    get_response = client.get("/files/data.bin")

    response = client.head("/files/data.bin")

    assert (response.status_code, response.content) == (200, b"")
    for name in ("content-length", "content-type", "etag", "last-modified", "accept-ranges", "content-disposition"):
        assert response.headers[name] == get_response.headers[name]


# --- Content-Disposition ---------------------------------------------------------------------


def test_a_file_is_an_attachment_named_after_the_file_by_default(client: TestClient) -> None:
    response = client.get("/files/sub/notes.txt")

    assert response.headers["content-disposition"] == 'attachment; filename="notes.txt"'


def test_inline_disposition(client: TestClient) -> None:
    response = client.get("/inline/sub/notes.txt")

    assert response.headers["content-disposition"] == 'inline; filename="notes.txt"'


def test_a_non_ascii_filename_gets_an_rfc_5987_filename_star(client: TestClient) -> None:
    disposition = client.get("/named").headers["content-disposition"]

    kind, plain, extended = (part.strip() for part in disposition.split(";"))
    assert kind == "attachment"
    assert plain.startswith('filename="') and plain.isascii()  # a fallback for old clients
    assert extended == "filename*=UTF-8''R%C3%A9sum%C3%A9%202024%20%E2%82%AC.pdf"


def test_the_media_type_comes_from_the_given_filename(client: TestClient) -> None:
    assert client.get("/named").headers["content-type"] == "application/pdf"


@pytest.mark.parametrize("name", ['say "hi".txt', "back\\slash.txt"])
def test_quotes_and_backslashes_in_a_filename_are_escaped(name: str) -> None:
    disposition = File("x", filename=name).content_disposition()

    assert disposition == 'attachment; filename="{}"'.format(name.replace("\\", "\\\\").replace('"', '\\"'))


@pytest.mark.parametrize("name", ["a\r\nSet-Cookie: x=1", "a\nb", "a\0b"])
def test_a_filename_with_cr_lf_or_nul_is_refused_when_built(name: str) -> None:
    with pytest.raises(ValueError):
        File("x", filename=name)


# --- media types -----------------------------------------------------------------------------

MEDIA_TYPES = [
    ("logo.webp", "image/webp"),
    ("font.woff2", "font/woff2"),
    ("README.md", "text/markdown; charset=utf-8"),
    ("app.js", "text/javascript; charset=utf-8"),
    ("module.mjs", "text/javascript; charset=utf-8"),
    ("style.css", "text/css; charset=utf-8"),
    ("page.html", "text/html; charset=utf-8"),
    ("data.json", "application/json; charset=utf-8"),
    ("icon.svg", "image/svg+xml; charset=utf-8"),
    ("photo.JPG", "image/jpeg"),
    ("report.pdf", "application/pdf"),
    ("archive.tar", "application/x-tar"),
    ("app.wasm", "application/wasm"),
    ("no-extension", "application/octet-stream"),
    ("strange.xyzzy", "application/octet-stream"),
]


@pytest.mark.parametrize(("name", "media_type"), MEDIA_TYPES)
def test_the_media_type_is_guessed_from_a_fixed_table(
    root: pathlib.Path, backend: Backend, name: str, media_type: str
) -> None:
    (root / name).write_bytes(b"x")

    response = TestClient(files_app(root), backend=backend).get(f"/files/{name}")

    assert response.headers["content-type"] == media_type


def test_the_host_mime_types_database_plays_no_part(
    root: pathlib.Path, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if /etc/mime.types said otherwise (old distributions map .js to application/x-javascript).
    monkeypatch.setattr(mimetypes, "guess_type", lambda *args, **kwargs: ("application/x-bogus", None))
    monkeypatch.setattr(mimetypes, "types_map", {".js": "application/x-javascript", ".webp": "application/x-bogus"})
    (root / "app.js").write_bytes(b"x")
    (root / "logo.webp").write_bytes(b"x")
    client = TestClient(files_app(root), backend=backend)

    assert client.get("/files/app.js").headers["content-type"] == "text/javascript; charset=utf-8"
    assert client.get("/files/logo.webp").headers["content-type"] == "image/webp"


# --- files that cannot be sent ----------------------------------------------------------------


def _says_nothing_of_the_path(response_text: str, root: pathlib.Path) -> bool:
    return str(root) not in response_text and str(root.parent) not in response_text


@pytest.mark.parametrize("name", ["missing.txt", "sub", "sub/missing/deeper.txt"])
def test_a_missing_file_or_a_directory_is_404_naming_no_path(client: TestClient, root: pathlib.Path, name: str) -> None:
    response = client.get(f"/absolute/{name}")

    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "File not found"}
    assert _says_nothing_of_the_path(response.text, root)


def test_a_missing_file_is_404_also_when_the_server_offers_pathsend(root: pathlib.Path, backend: Backend) -> None:
    response = TestClient(files_app(root), backend=backend, pathsend=True).get("/absolute/missing.txt")

    assert (response.status_code, response.json()["detail"]) == (404, "File not found")


def test_a_broken_symlink_is_404(client: TestClient, root: pathlib.Path) -> None:
    (root / "dangling").symlink_to(root / "gone")

    assert client.get("/absolute/dangling").status_code == 404


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_404_naming_no_path(client: TestClient, root: pathlib.Path) -> None:
    (root / "locked.txt").write_text("locked")
    (root / "locked.txt").chmod(0)

    response = client.get("/absolute/locked.txt")

    assert (response.status_code, response.json()["detail"]) == (404, "File not found")
    assert _says_nothing_of_the_path(response.text, root)


def test_a_file_that_cannot_be_opened_after_its_stat_is_404_not_a_cut_200(root: pathlib.Path, backend: Backend) -> None:
    # What an unreadable file looks like to a server that is not root: the stat works, the
    # open fails. A stat_result given for a path that cannot be opened makes it portable.
    @get("/stale")
    async def stale() -> File:
        return File(root / "vanished.bin", stat_result=os.stat(root / "data.bin"))

    response = TestClient(App([stale]), backend=backend).get("/stale")

    assert (response.status_code, response.json()["detail"]) == (404, "File not found")


# --- File.in_directory: never a file outside the directory ---------------------------------


@pytest.mark.parametrize(
    "relative",
    ["../secret.txt", "sub/../../secret.txt", "..", "sub/../../public/../secret.txt", "a\0b"],
)
def test_in_directory_refuses_a_path_that_climbs_out(root: pathlib.Path, relative: str) -> None:
    with pytest.raises(NotFound):
        File.in_directory(root, relative)


def test_a_name_with_nul_from_a_request_body_is_404_not_500(root: pathlib.Path, backend: Backend) -> None:
    @post("/download", status_code=200)
    async def download(name: Body[str]) -> File:
        return File.in_directory(root, name)

    response = TestClient(App([download]), backend=backend).post("/download", json="sub/notes.txt\u0000.pdf")

    assert (response.status_code, response.json()["detail"]) == (404, "File not found")


def test_in_directory_keeps_an_absolute_path_inside_the_directory(root: pathlib.Path) -> None:
    secret = root.parent / "secret.txt"

    inside = File.in_directory(root, str(secret))

    assert pathlib.Path(inside.path).is_relative_to(root.resolve())


def test_in_directory_serves_what_is_inside(client: TestClient) -> None:
    response = client.get("/files/sub/notes.txt")

    assert (response.status_code, response.text) == (200, "inside\n")


@pytest.mark.parametrize("escaped", ["%2e%2e/secret.txt", "sub/%2e%2e/%2e%2e/secret.txt", "..%2fsecret.txt"])
def test_a_request_that_climbs_out_is_404(client: TestClient, root: pathlib.Path, escaped: str) -> None:
    response = client.get(f"/files/{escaped}")

    assert (response.status_code, response.json()["detail"]) == (404, "File not found")  # the handler refused it
    assert "secret" not in response.text
    assert _says_nothing_of_the_path(response.text, root)


@pytest.mark.parametrize("prefix", ["/files/", "/files/%2F"])
def test_an_absolute_path_in_the_request_is_not_served(client: TestClient, root: pathlib.Path, prefix: str) -> None:
    secret = root.parent / "secret.txt"

    response = client.get(prefix + str(secret).lstrip("/").replace("/", "%2F"))

    assert (response.status_code, response.json()["detail"]) == (404, "File not found")


def test_a_symlink_that_leads_out_is_404(client: TestClient, root: pathlib.Path) -> None:
    (root / "escape.txt").symlink_to(root.parent / "secret.txt")
    (root / "escape-dir").symlink_to(root.parent, target_is_directory=True)

    assert client.get("/files/escape.txt").status_code == 404
    assert client.get("/files/escape-dir/secret.txt").status_code == 404


def test_a_symlink_that_stays_inside_is_served(client: TestClient, root: pathlib.Path) -> None:
    (root / "alias.txt").symlink_to(root / "sub" / "notes.txt")

    assert client.get("/files/alias.txt").text == "inside\n"


# --- chunks and pathsend ---------------------------------------------------------------------


def test_without_pathsend_the_file_goes_out_in_chunks_of_chunk_size(root: pathlib.Path, backend: Backend) -> None:
    kinds: list[str] = []

    response = TestClient(recording(files_app(root), kinds), backend=backend).get("/small-chunks")

    assert response.content == CONTENT
    assert kinds.count("http.response.body") >= len(CONTENT) // 1000
    assert "http.response.pathsend" not in kinds


def test_with_pathsend_the_server_sends_the_file(root: pathlib.Path, backend: Backend) -> None:
    kinds: list[str] = []

    response = TestClient(recording(files_app(root), kinds), backend=backend, pathsend=True).get("/files/data.bin")

    assert response.content == CONTENT
    assert kinds == ["http.response.start", "http.response.pathsend"]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/files/data.bin", {}),
        ("/small-chunks", {}),
        ("/files/sub/notes.txt", {}),
        ("/files/data.bin", {"Range": "bytes=100-299"}),
        ("/files/data.bin", {"Range": "bytes=0-9,-10"}),
    ],
)
def test_pathsend_and_chunks_give_the_same_response(
    root: pathlib.Path, backend: Backend, path: str, headers: dict[str, str]
) -> None:
    app = files_app(root)

    chunked = TestClient(app, backend=backend).get(path, headers=headers)
    sent = TestClient(app, backend=backend, pathsend=True).get(path, headers=headers)

    assert chunked.status_code == sent.status_code
    assert chunked.headers["content-length"] == sent.headers["content-length"]
    if chunked.status_code == 206 and "," in headers["Range"]:  # the boundary is random
        assert len(chunked.content) == len(sent.content)
    else:
        assert chunked.content == sent.content


def test_head_with_pathsend_sends_no_body(root: pathlib.Path, backend: Backend) -> None:
    kinds: list[str] = []

    response = TestClient(recording(files_app(root), kinds), backend=backend, pathsend=True).head("/files/data.bin")

    assert (response.status_code, response.content) == (200, b"")
    assert "http.response.pathsend" not in kinds


def test_a_large_file_streams_whole(root: pathlib.Path, backend: Backend) -> None:
    big = root / "big.bin"
    with big.open("wb") as output:
        output.truncate(8 * 1024 * 1024 + 3)  # sparse: costs no disk

    with TestClient(files_app(root), backend=backend).stream("GET", "/files/big.bin") as response:
        sizes = [len(chunk) for chunk in response.iter_raw()]

    assert sum(sizes) == 8 * 1024 * 1024 + 3
    assert max(sizes) <= 64 * 1024  # never the whole file in one piece
