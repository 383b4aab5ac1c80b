"""The example app's OpenAPI document, compared with a reviewed copy in snapshots/notes.json.

Any change to what lanner documents shows up here as a diff of that file. When the change is
intended, regenerate the copy, read the diff and commit it:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/openapi/test_openapi_snapshot.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from examples.notes.app import app
from lanner.testing import TestClient

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "notes.json"


def _pretty(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_the_notes_document_is_the_reviewed_snapshot() -> None:
    actual = _pretty(app.openapi_schema())
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(actual, encoding="utf-8")
        pytest.skip(f"wrote {SNAPSHOT.name}: review its diff, then commit it")

    assert actual == SNAPSHOT.read_text(encoding="utf-8"), (
        "the notes app's OpenAPI document changed; if that is intended, run "
        "UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/openapi/test_openapi_snapshot.py"
    )


def test_the_snapshot_is_what_the_app_serves() -> None:
    with TestClient(app) as client:
        served = client.get("/schema/openapi.json").json()

    assert served == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_the_snapshot_is_valid_openapi() -> None:
    validate(json.loads(SNAPSHOT.read_text(encoding="utf-8")))
