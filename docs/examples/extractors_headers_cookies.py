from typing import Annotated, Literal

from lanner import Alias, App, Cookie, Header, get


@get("/whoami")
async def whoami(
    user_agent: Header[str],
    accept_language: Header[str | None] = None,
    request_id: Header[Annotated[str, Alias("x-request-id")]] = "none",
    x_tag: Header[tuple[str, ...]] = (),
) -> dict[str, object]:
    return {
        "user_agent": user_agent,
        "accept_language": accept_language,
        "request_id": request_id,
        "tags": x_tag,
    }


@get("/keys")
async def read_key(x_api_key: Header[str]) -> dict[str, str]:
    return {"key": x_api_key}


@get("/preferences")
async def preferences(
    theme: Cookie[Literal["light", "dark"]] = "light",
    visits: Cookie[int] = 0,
    session: Cookie[Annotated[str | None, Alias("__Host-session")]] = None,
) -> dict[str, object]:
    return {"theme": theme, "visits": visits, "signed_in": session is not None}


app = App([whoami, read_key, preferences])
