from typing import Annotated

from returns.result import Failure, Result, Success

from lanner import App, Extract, Header, NotAuthorized, PermissionDenied, Response, get

KEYS = {"alice-key": "alice", "bob-key": "bob"}


def api_user(
    x_api_key: Header[str | None] = None,
) -> Result[str, NotAuthorized | PermissionDenied | Response[None]]:
    if x_api_key is None:
        return Failure(NotAuthorized("Send your key in X-API-Key"))
    if x_api_key == "bob-key":
        return Failure(Response(None, status_code=429, headers={"Retry-After": "60"}))
    user = KEYS.get(x_api_key)
    return Success(user) if user is not None else Failure(PermissionDenied("Unknown key"))


ApiUser = Annotated[str, Extract(api_user, sync_to_thread=False)]


@get("/reports")
async def reports(user: ApiUser) -> dict[str, str]:
    return {"owner": user}


app = App([reports])
