import dataclasses

from lanner import App, Form, MediaType, Request, post


@dataclasses.dataclass
class Login:
    username: str
    password: str
    remember_me: bool = False


@post("/login", status_code=200, media_type=MediaType.TEXT)
async def login(form: Form[Login]) -> str:
    days = 30 if form.remember_me else 0
    return f"Welcome, {form.username} (remembered for {days} days)"


@post("/echo", status_code=200)
async def echo(request: Request) -> dict[str, list[str]]:
    fields = await request.form()  # untyped: text values and UploadFiles
    return {name: [str(value) for value in fields.getlist(name)] for name in fields}


app = App([login, echo])
