"""Storage: users and their notes in an embedded SQLite database (stdlib `sqlite3`).

`sqlite3` blocks, so every query runs in a worker thread through `anyio.to_thread.run_sync`
and the event loop goes on serving other requests meanwhile. The SQL itself lives in plain
sync functions below `Database`, each taking the connection: easy to read and to test.

The process holds ONE connection, guarded by an `anyio.Lock`, rather than one per call:

- a `:memory:` database exists only inside the connection that created it, so with a
  single connection the default (no `NOTES_DB`) just works;
- a `sqlite3.Connection` must not be used by two threads at once; the lock lets one worker
  thread at a time use it (`check_same_thread=False` only lifts sqlite3's own check);
- SQLite runs one writer at a time anyway, so little concurrency is lost at this size.

With several worker processes, point `NOTES_DB` at a file: each process opens its own
connection and SQLite's file locks keep them consistent.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Concatenate, ParamSpec, TypeVar

import anyio
import anyio.to_thread
import msgspec

from examples.notes.models import Note, NoteIn, NotePage, Paging, User

P = ParamSpec("P")
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS notes (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL,  -- a JSON array, searched with json_each()
    created_at TEXT NOT NULL,  -- ISO 8601 in UTC, so text order is time order
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_by_owner ON notes (owner_id, updated_at);
"""

_NOTE_COLUMNS = """
    SELECT n.id, u.name, n.title, n.body, n.tags, n.created_at, n.updated_at
    FROM notes AS n JOIN users AS u ON u.id = n.owner_id
"""


def hash_key(api_key: str) -> str:
    """What is stored instead of an API key: a leaked database leaks no usable keys."""
    return hashlib.sha256(api_key.encode()).hexdigest()


class Database:
    """The notes store; every method is async and runs its SQL off the event loop."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = anyio.Lock()

    @classmethod
    async def open(cls, path: str) -> Database:
        """Connect to the database at `path` (or `:memory:`) and create the tables."""
        connection = await anyio.to_thread.run_sync(_connect, path)
        return cls(connection)

    async def close(self) -> None:
        """Close the connection; waits for the query in progress, if any."""
        async with self._lock:
            await anyio.to_thread.run_sync(self._connection.close)

    async def _run(
        self, fn: Callable[Concatenate[sqlite3.Connection, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        # A cancelled request still waits for its worker thread (run_sync does not abandon
        # it), so the lock is never released while the connection is in use.
        async with self._lock:
            return await anyio.to_thread.run_sync(functools.partial(fn, self._connection, *args, **kwargs))

    async def add_user(self, name: str, api_key: str) -> None:
        """Create user `name` with `api_key`, unless a user of that name exists."""
        await self._run(_insert_user, name, api_key)

    async def user_for_key(self, api_key: str) -> User | None:
        """The user holding `api_key`, if anyone does."""
        return await self._run(_select_user, api_key)

    async def create_note(self, owner: User, note: NoteIn) -> Note:
        """Store a new note of `owner`'s."""
        return await self._run(_insert_note, owner, note)

    async def get_note(self, note_id: int) -> Note | None:
        """The note `note_id`, whoever owns it."""
        return await self._run(_select_note, note_id)

    async def replace_note(self, note_id: int, note: NoteIn) -> Note:
        """Replace the title, body and tags of note `note_id`."""
        return await self._run(_update_note, note_id, note)

    async def delete_note(self, note_id: int) -> None:
        """Delete note `note_id` (nothing happens if it is gone already)."""
        await self._run(_delete_note, note_id)

    async def latest_note(self, owner: User) -> Note | None:
        """`owner`'s most recently changed note, if they have any."""
        page = await self._run(_select_notes, owner, Paging(limit=1), None, ())
        return page.items[0] if page.items else None

    async def list_notes(self, owner: User, paging: Paging, search: str | None, tags: Sequence[str]) -> NotePage:
        """A page of `owner`'s notes, newest change first, that contain `search` and carry every tag."""
        return await self._run(_select_notes, owner, paging, search, tags)


# -- the SQL: sync functions that run in a worker thread ------------------------------


def _connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, check_same_thread=False)
    connection.execute("PRAGMA foreign_keys = ON")
    if path != ":memory:":
        # Readers in other processes do not block the writer, nor it them.
        connection.execute("PRAGMA journal_mode = WAL")
    with connection:
        connection.executescript(_SCHEMA)
    return connection


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _note(row: tuple[int, str, str, str, str, str, str]) -> Note:
    note_id, owner, title, body, tags, created_at, updated_at = row
    return Note(
        id=note_id,
        owner=owner,
        title=title,
        body=body,
        tags=msgspec.json.decode(tags, type=tuple[str, ...]),
        created_at=datetime.fromisoformat(created_at),
        updated_at=datetime.fromisoformat(updated_at),
    )


def _insert_user(connection: sqlite3.Connection, name: str, api_key: str) -> None:
    with connection:  # commits, or rolls back on an exception
        connection.execute(
            "INSERT OR IGNORE INTO users (name, key_hash) VALUES (?, ?)", (name, hash_key(api_key))
        )


def _select_user(connection: sqlite3.Connection, api_key: str) -> User | None:
    row = connection.execute("SELECT id, name FROM users WHERE key_hash = ?", (hash_key(api_key),)).fetchone()
    return None if row is None else User(id=row[0], name=row[1])


def _select_note(connection: sqlite3.Connection, note_id: int) -> Note | None:
    row = connection.execute(f"{_NOTE_COLUMNS} WHERE n.id = ?", (note_id,)).fetchone()
    return None if row is None else _note(row)


def _insert_note(connection: sqlite3.Connection, owner: User, note: NoteIn) -> Note:
    now = _now()
    with connection:
        cursor = connection.execute(
            "INSERT INTO notes (owner_id, title, body, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (owner.id, note.title, note.body, msgspec.json.encode(note.tags).decode(), now, now),
        )
    assert cursor.lastrowid is not None  # set by every successful INSERT
    created = _select_note(connection, cursor.lastrowid)
    assert created is not None
    return created


def _update_note(connection: sqlite3.Connection, note_id: int, note: NoteIn) -> Note:
    with connection:
        connection.execute(
            "UPDATE notes SET title = ?, body = ?, tags = ?, updated_at = ? WHERE id = ?",
            (note.title, note.body, msgspec.json.encode(note.tags).decode(), _now(), note_id),
        )
    updated = _select_note(connection, note_id)
    assert updated is not None  # the caller checked the note exists; only DELETE removes it
    return updated


def _delete_note(connection: sqlite3.Connection, note_id: int) -> None:
    with connection:
        connection.execute("DELETE FROM notes WHERE id = ?", (note_id,))


def _like_pattern(text: str) -> str:
    r"""`text` anywhere, matched literally: `%` and `_` are LIKE wildcards, escaped with `\`."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _select_notes(
    connection: sqlite3.Connection, owner: User, paging: Paging, search: str | None, tags: Sequence[str]
) -> NotePage:
    # Only fixed SQL fragments are joined here; every value the client sent is a bound parameter.
    conditions = ["n.owner_id = ?"]
    params: list[object] = [owner.id]
    if search:
        conditions.append("(n.title LIKE ? ESCAPE '\\' OR n.body LIKE ? ESCAPE '\\')")
        params += [_like_pattern(search)] * 2
    for tag in tags:
        conditions.append("EXISTS (SELECT 1 FROM json_each(n.tags) WHERE json_each.value = ?)")
        params.append(tag)
    where = " AND ".join(conditions)
    (total,) = connection.execute(f"SELECT COUNT(*) FROM notes AS n WHERE {where}", params).fetchone()
    rows = connection.execute(
        f"{_NOTE_COLUMNS} WHERE {where} ORDER BY n.updated_at DESC, n.id DESC LIMIT ? OFFSET ?",
        [*params, paging.limit, paging.offset],
    ).fetchall()
    return NotePage(items=[_note(row) for row in rows], limit=paging.limit, offset=paging.offset, total=total)
