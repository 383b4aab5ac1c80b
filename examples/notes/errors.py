"""The service's own errors: lanner answers each with its status and a JSON detail.

Subclassing lanner's errors keeps the status code in one place and gives each failure a
name that handlers, extractors and tests can talk about.
"""

from __future__ import annotations

from lanner import NotAuthorized, NotFound, PermissionDenied

# RFC 9110 asks a 401 to say how to authenticate.
_CHALLENGE = {"WWW-Authenticate": 'ApiKey header="X-API-Key"'}


class MissingApiKey(NotAuthorized):
    """401: the request has no `X-API-Key` header."""

    def __init__(self) -> None:
        super().__init__("Send your API key in the X-API-Key header", headers=_CHALLENGE)


class InvalidApiKey(NotAuthorized):
    """401: the `X-API-Key` header matches no user."""

    def __init__(self) -> None:
        super().__init__("Unknown API key", headers=_CHALLENGE)


class NoteNotFound(NotFound):
    """404: no note has this id."""

    def __init__(self, note_id: int) -> None:
        super().__init__(f"Note {note_id} does not exist")


class NotYourNote(PermissionDenied):
    """403: the note exists but belongs to someone else."""

    def __init__(self, note_id: int) -> None:
        super().__init__(f"Note {note_id} belongs to another user")
