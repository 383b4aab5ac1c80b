"""Custom extractors: who is calling, and which of their notes the URL names.

They compose like the built-in ones: `owned_note` asks for `current_user`, which asks for
the database from the app state and a header. lanner runs each at most once per request.

Both fail by returning `Failure(error)`: the failures are part of the return type, so a
reader (and the OpenAPI document, which lists each as a response) sees which errors an
extractor answers with. Raising an `HTTPError` works too, but the types no longer say so.
"""

from __future__ import annotations

from typing import Annotated

from returns.result import Failure, Result, Success

from examples.notes.db import Database
from examples.notes.errors import InvalidApiKey, MissingApiKey, NoteNotFound, NotYourNote
from examples.notes.models import Note, NoteId, User
from lanner import Extract, Header, Path, State


async def current_user(
    db: State[Database], x_api_key: Header[str | None] = None
) -> Result[User, MissingApiKey | InvalidApiKey]:
    """The user whose API key is in `X-API-Key`; 401 without a valid one."""
    # Optional on purpose: a missing key is a 401 from here, not a 400 "missing header".
    if x_api_key is None:
        return Failure(MissingApiKey())
    user = await db.user_for_key(x_api_key)
    return Failure(InvalidApiKey()) if user is None else Success(user)


CurrentUser = Annotated[User, Extract(current_user)]
"""A handler parameter of this type receives the authenticated caller."""


async def owned_note(
    note_id: Path[NoteId], user: CurrentUser, db: State[Database]
) -> Result[Note, NoteNotFound | NotYourNote]:
    """The note `{note_id}` of the URL, if the caller owns it; else 404 or 403."""
    note = await db.get_note(note_id)
    if note is None:
        return Failure(NoteNotFound(note_id))
    if note.owner != user.name:
        return Failure(NotYourNote(note_id))
    return Success(note)


OwnedNote = Annotated[Note, Extract(owned_note)]
"""A handler parameter of this type receives the caller's note named by the URL."""
