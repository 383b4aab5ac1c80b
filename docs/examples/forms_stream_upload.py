import hashlib
import tempfile
import uuid
from pathlib import Path as FilePath

import anyio

from lanner import App, BodyStream, post

BLOBS = FilePath(tempfile.gettempdir())


@post("/blobs", request_max_body_size=1024 * 1024 * 1024)
async def put_blob(body: BodyStream) -> dict[str, object]:
    # The body goes to disk as it arrives: memory stays flat, whatever its size.
    blob_id = uuid.uuid4().hex
    digest = hashlib.sha256()
    size = 0
    async with await anyio.open_file(BLOBS / blob_id, "wb") as file:
        async for chunk in body:
            digest.update(chunk)
            size += len(chunk)
            await file.write(chunk)
    return {"id": blob_id, "size": size, "sha256": digest.hexdigest()}


app = App([put_blob])
