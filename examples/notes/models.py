"""The values the notes service reads and answers with: msgspec Structs.

msgspec validates a request body against these types while it decodes it, so a handler
only ever sees a `NoteIn` whose title, body and tags already satisfy the constraints here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Tag = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$", description="lower-case slug")]


NoteId = Annotated[int, msgspec.Meta(ge=1, le=2**63 - 1)]
"""A note's id: SQLite's rowid range, so an id no row can have is a 400, not a crash."""

class User(msgspec.Struct, frozen=True):
    """Someone holding an API key; every note belongs to one user."""

    id: int
    name: str


class NoteIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What a client sends to create or replace a note."""

    title: Title
    body: Annotated[str, msgspec.Meta(max_length=10_000)] = ""
    tags: Annotated[tuple[Tag, ...], msgspec.Meta(max_length=10)] = ()


class Note(msgspec.Struct, frozen=True):
    """A stored note, as the service answers it."""

    id: int
    owner: str
    title: str
    body: str
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


class Paging(msgspec.Struct, frozen=True):
    """`?limit=&offset=`: one Struct so that every list endpoint pages the same way."""

    limit: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20
    offset: Annotated[int, msgspec.Meta(ge=0, le=2**63 - 1)] = 0  # SQLite's integer range


class NotePage(msgspec.Struct, frozen=True):
    """One page of a listing, with the total so that a client knows when to stop."""

    items: list[Note]
    limit: int
    offset: int
    total: int


class Health(msgspec.Struct, frozen=True):
    """The answer of `GET /health`, for load balancers and start-up scripts."""

    status: str = "ok"
