import msgspec

from lanner import App, Body, Path, delete, get, post, put, route


class Note(msgspec.Struct, frozen=True):
    text: str


@get("/notes")
async def list_notes() -> list[Note]:
    return [Note("Buy milk"), Note("Call Ada")]


@post("/notes")
async def create_note(note: Body[Note]) -> Note:  # 201
    return note


@put("/notes/{note_id:int}")
async def replace_note(note_id: Path[int], note: Body[Note]) -> Note:  # 200
    return note


@delete("/notes/{note_id:int}")
async def delete_note(note_id: Path[int]) -> None:  # 204
    return None


@route("/notes/{note_id:int}/pin", methods=["PUT", "DELETE"], status_code=200)
async def pin_note(note_id: Path[int]) -> dict[str, int]:
    return {"note_id": note_id}


app = App([list_notes, create_note, replace_note, delete_note, pin_note])
