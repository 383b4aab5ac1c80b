import datetime
import uuid

from lanner import App, Path, get


@get("/users/me")  # a static segment wins over a placeholder
async def read_me() -> dict[str, str]:
    return {"user": "me"}


@get("/users/{user_id}")  # no converter: Path[int] makes it {user_id:int}
async def read_user(user_id: Path[int]) -> dict[str, int]:
    return {"user_id": user_id}


@get("/orders/{order_id:uuid}")
async def read_order(order_id: Path[uuid.UUID]) -> dict[str, str]:
    return {"order_id": str(order_id)}


@get("/reports/{day:date}")
async def read_report(day: Path[datetime.date]) -> dict[str, str]:
    return {"weekday": day.strftime("%A")}


@get("/prices/{amount:float}")
async def read_price(amount: Path[float]) -> dict[str, float]:
    return {"with_tax": round(amount * 1.2, 2)}


@get("/tags/{name}")  # str: any non-empty segment
async def read_tag(name: Path[str]) -> dict[str, str]:
    return {"name": name}


@get("/files/{file_path:path}")  # the rest of the path, slashes included
async def read_file(file_path: Path[str]) -> dict[str, str]:
    return {"file_path": file_path}


app = App([read_me, read_user, read_order, read_report, read_price, read_tag, read_file])
