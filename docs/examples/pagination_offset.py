from typing import Annotated

import msgspec
from typing_extensions import override

from lanner import App, AsyncOffsetPaginator, OffsetPagination, Query, get


class Person(msgspec.Struct):
    id: str
    name: str


PEOPLE = [Person(id=str(number), name=f"Person {number}") for number in range(1, 51)]


# The async flavour: get_total and get_items may await a database.
class PersonOffsetPaginator(AsyncOffsetPaginator[Person]):
    @override
    async def get_total(self) -> int:
        return len(PEOPLE)

    @override
    async def get_items(self, limit: int, offset: int) -> list[Person]:
        return PEOPLE[offset : offset + limit]


paginator = PersonOffsetPaginator()
Limit = Annotated[int, msgspec.Meta(ge=1, le=100)]
Offset = Annotated[int, msgspec.Meta(ge=0)]


@get("/people")
async def people_handler(limit: Query[Limit] = 10, offset: Query[Offset] = 0) -> OffsetPagination[Person]:
    return await paginator(limit=limit, offset=offset)


app = App([people_handler])
