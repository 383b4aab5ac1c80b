import uuid
from typing import Annotated

from lanner import App, Extract, get


def request_id() -> str:
    return uuid.uuid4().hex


RequestId = Annotated[str, Extract(request_id, sync_to_thread=False)]


def log_prefix(rid: RequestId) -> str:
    return f"[{rid}]"


LogPrefix = Annotated[str, Extract(log_prefix, sync_to_thread=False)]


@get("/ids")
async def ids(rid: RequestId, prefix: LogPrefix) -> dict[str, str]:
    return {"request_id": rid, "prefix": prefix}


app = App([ids])
