from typing import Annotated

import msgspec
from typing_extensions import override

from lanner import App, CursorPagination, CursorPaginator, Query, get


class Person(msgspec.Struct):
    id: str
    name: str


# A cursor paginator implements 'get_items': the items after the cursor, and the next cursor
# (None once there are no more).
class PersonCursorPaginator(CursorPaginator[str, Person]):
    def __init__(self) -> None:
        self.data = [Person(id=f"p{number:02d}", name=f"Person {number}") for number in range(1, 51)]

    @override
    def get_items(self, cursor: str | None, results_per_page: int) -> tuple[list[Person], str | None]:
        # As SQL would: WHERE id > :cursor ORDER BY id LIMIT :results_per_page
        after = [person for person in self.data if cursor is None or person.id > cursor]
        results = after[:results_per_page]
        return results, results[-1].id if len(after) > results_per_page else None


paginator = PersonCursorPaginator()
PerPage = Annotated[int, msgspec.Meta(ge=1, le=100)]


@get("/people")
def people_handler(results_per_page: Query[PerPage], cursor: Query[str | None] = None) -> CursorPagination[str, Person]:
    return paginator(cursor=cursor, results_per_page=results_per_page)


app = App([people_handler])
