"""schemathesis against the example app, in-process, through the app's own OpenAPI document.

Every operation of `/schema/openapi.json` is called with generated requests, valid ones and
invalid ones, and every answer is checked with schemathesis's default checks, among them: no
5xx (`not_a_server_error`), no status code the document does not list
(`status_code_conformance`), a content type and a body that match what it says
(`content_type_conformance`, `response_schema_conformance`).

It runs without an API key (every handler behind `current_user` answers 401), with alice's
demo key, on a database seeded with notes of hers, so that generated requests reach the
handlers (200/201/204 and the 404 of a missing note), and with bob's key on the routes of
one note, which are alice's notes to him (403). The example count is bounded and the
generation derandomized: the run takes seconds and a failure replays the same way each time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
import schemathesis
from hypothesis import HealthCheck, reject, settings

from examples.notes.app import app
from lanner.testing import TestClient

ALICE = {"X-API-Key": "alice-secret"}  # the demo keys in examples/notes/app.py's docstring
BOB = {"X-API-Key": "bob-secret"}


@schemathesis.serializer("application/vnd.msgpack")
def _msgpack(ctx: schemathesis.SerializationContext, value: object) -> bytes:
    """Request bodies are documented as JSON and MessagePack: send both, not just JSON.

    (Without it schemathesis skips the MessagePack cases with a UserWarning, an error here.)
    """
    try:
        return msgspec.msgpack.encode(value)
    except OverflowError:  # an invalid-data case with an integer beyond 64 bits
        reject()  # MessagePack has no such integers: this body cannot be sent as MessagePack


schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)

BOUNDED = settings(
    max_examples=30,
    deadline=None,  # timing is not what this checks
    derandomize=True,  # the same requests on every run
    database=None,  # no .hypothesis/ directory in the work tree
    suppress_health_check=list(HealthCheck),  # the fixture below is per test, on purpose
)

STATUSES: defaultdict[str, set[int]] = defaultdict(set)
"""What each operation answered, by key, for the last test of this module."""


@pytest.fixture(autouse=True)
def seeded_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A file database the app opens at start-up, with notes 1-3 of alice's and 4 of bob's.

    schemathesis starts the app's lifespan on the first request of a test and ends it after
    the test, so every operation starts on this same state. Generated ids start at 1.
    """
    monkeypatch.setenv("NOTES_DB", str(tmp_path / "notes.sqlite3"))
    with TestClient(app) as client:
        for owner, title in [(ALICE, "one"), (ALICE, "two"), (ALICE, "three"), (BOB, "bob's")]:
            assert client.post("/notes", json={"title": title}, headers=owner).status_code == 201
    yield


def _record(who: str, case: schemathesis.Case[Any], status: int) -> None:
    if case.method.upper() == case.operation.method.upper():  # not a probe with another method
        STATUSES[f"{who} {case.method.upper()} {case.path}"].add(status)


@schema.parametrize()
@BOUNDED
def test_without_an_api_key(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


@schema.parametrize()
@BOUNDED
def test_with_alices_api_key(case: schemathesis.Case[Any]) -> None:
    _record("alice", case, case.call_and_validate(headers=ALICE).status_code)


@schema.include(path="/notes/{note_id}").parametrize()
@BOUNDED
def test_with_bobs_api_key_on_alices_notes(case: schemathesis.Case[Any]) -> None:
    _record("bob", case, case.call_and_validate(headers=BOB).status_code)


def test_the_keys_reached_every_handler() -> None:
    """Guards the runs above: a key that failed would leave every answer a 401, and pass."""
    if not STATUSES:
        pytest.skip("runs after the schemathesis tests above, in the same session")
    paths = app.openapi_schema()["paths"]
    assert isinstance(paths, dict)
    operations = {f"{method.upper()} {path}" for path, item in paths.items() for method in item}
    alice = {key.removeprefix("alice "): codes for key, codes in STATUSES.items() if key.startswith("alice ")}

    assert set(alice) == operations
    assert {op for op, codes in alice.items() if not any(200 <= code < 300 for code in codes)} == set()
    assert 404 in alice["GET /notes/{note_id}"]  # a note that does not exist
    for method in ("GET", "PUT", "DELETE"):
        assert 403 in STATUSES[f"bob {method} /notes/{{note_id}}"]
