from typing import Annotated

import msgspec

from lanner import App, Path, get

PageNumber = Annotated[int, msgspec.Meta(ge=1, le=500)]


@get("/books/{isbn}/pages/{number}")
async def read_page(isbn: Path[str], number: Path[PageNumber]) -> dict[str, object]:
    return {"isbn": isbn, "number": number}


app = App([read_page])
