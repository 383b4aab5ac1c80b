import msgspec

from lanner import App, Form, UploadFile, post


class Signup(msgspec.Struct):
    name: str
    age: int
    avatar: UploadFile | None = None
    interests: list[str] = []


@post("/signup")
async def signup(form: Form[Signup]) -> dict[str, object]:
    avatar = await form.avatar.read() if form.avatar else b""
    return {
        "name": form.name,
        "age": form.age,
        "avatar_bytes": len(avatar),
        "interests": form.interests,
    }


app = App([signup])
