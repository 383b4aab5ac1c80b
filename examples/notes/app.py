"""A team's notes service: the lanner example app.

Serve it, then talk to it as one of the two demo users created at start-up:

    lanner run examples.notes.app:app             # http://127.0.0.1:8000

    user    API key (header X-API-Key)
    alice   alice-secret
    bob     bob-secret

    curl -i 127.0.0.1:8000/notes -H 'X-API-Key: alice-secret' \\
         -H 'Content-Type: application/json' -d '{"title": "Groceries", "tags": ["home"]}'
    curl -i 127.0.0.1:8000/notes/1 -H 'X-API-Key: alice-secret'
    curl -i '127.0.0.1:8000/notes?q=groc&tag=home&limit=10' -H 'X-API-Key: alice-secret'

Routes:

    GET    /health                 no key needed
    GET    /me                     the caller
    GET    /notes                  ?limit=20&offset=0&q=text&tag=a&tag=b (every tag must match)
    POST   /notes                  201 with a Location header
    GET    /notes/latest           the caller's most recently changed note, or 404
    GET    /notes/{id}             404 when it does not exist, 403 when it is someone else's
    PUT    /notes/{id}             replace title, body and tags
    DELETE /notes/{id}             204

The notes live in SQLite at `$NOTES_DB`; without it, in memory, gone when the server stops.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from returns.maybe import Maybe

from examples.notes.db import Database
from examples.notes.extractors import CurrentUser, OwnedNote
from examples.notes.models import Health, Note, NoteIn, NotePage, Paging, Tag, User
from lanner import App, Body, OpenAPIConfig, Query, Response, State, delete, get, post, put

DEMO_USERS = {"alice": "alice-secret", "bob": "bob-secret"}
"""Seeded at start-up so that the served app can be tried at once; their keys, by name."""


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, object]]:
    """Open the database for the life of the server; handlers read it as `db: State[Database]`."""
    db = await Database.open(os.environ.get("NOTES_DB", ":memory:"))
    try:
        for name, api_key in DEMO_USERS.items():
            await db.add_user(name, api_key)
        yield {"db": db}
    finally:
        await db.close()


@get("/health")
async def health() -> Health:
    """Answers as soon as the server is up; needs no API key."""
    return Health()


@get("/me")
async def me(user: CurrentUser) -> User:
    """The caller, as their API key identifies them."""
    return user


@get("/notes")
async def list_notes(
    user: CurrentUser,
    db: State[Database],
    paging: Query[Paging] = Paging(),  # noqa: B008  # frozen, so sharing the default is safe
    q: Query[str | None] = None,
    tag: Query[tuple[Tag, ...]] = (),
) -> NotePage:
    """The caller's notes, newest change first: `q` searches title and body, each `tag` must match."""
    return await db.list_notes(user, paging, q, tag)


@post("/notes")
async def create_note(note: Body[NoteIn], user: CurrentUser, db: State[Database]) -> Response[Note]:
    """Store a new note; answers 201 with its `Location`."""
    created = await db.create_note(user, note)
    return Response(created, headers={"Location": f"/notes/{created.id}"})


@get("/notes/latest")
async def latest_note(user: CurrentUser, db: State[Database]) -> Maybe[Note]:
    """The caller's most recently changed note; `Nothing` answers 404."""
    return Maybe.from_optional(await db.latest_note(user))


@get("/notes/{note_id:int}")
async def read_note(note: OwnedNote) -> Note:
    """One of the caller's notes (`OwnedNote` already answered 404 or 403 otherwise)."""
    return note


@put("/notes/{note_id:int}")
async def replace_note(note: OwnedNote, changes: Body[NoteIn], db: State[Database]) -> Note:
    """Replace a note's title, body and tags."""
    return await db.replace_note(note.id, changes)


@delete("/notes/{note_id:int}")
async def delete_note(note: OwnedNote, db: State[Database]) -> None:
    """Delete a note; answers 204."""
    await db.delete_note(note.id)


app = App(
    [health, me, list_notes, create_note, latest_note, read_note, replace_note, delete_note],
    lifespan=lifespan,
    openapi=OpenAPIConfig("Notes", "1.0.0", description="A small notes service built with lanner."),
)
