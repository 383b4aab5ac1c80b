from typing import Annotated

import msgspec
from returns.result import Failure, Result, Success

from lanner import App, Conflict, Extract, Header, NotAuthorized, NotFound, OpenAPIConfig, Path, post


class Loan(msgspec.Struct, frozen=True):
    book_id: int
    reader: str


class BookOnLoan(Conflict):
    """409: someone else has the book."""


ON_LOAN = {2}
KNOWN_BOOKS = {1, 2}


async def reader(x_library_card: Header[str | None] = None) -> Result[str, NotAuthorized]:
    """The reader whose card is in `X-Library-Card`; 401 without one."""
    return Success(x_library_card) if x_library_card else Failure(NotAuthorized("Show your card"))


Reader = Annotated[str, Extract(reader)]


@post("/books/{book_id:int}/loans")
async def borrow(book_id: Path[int], who: Reader) -> Result[Loan, NotFound | BookOnLoan]:
    """Lend a book: every way this can fail is in the return type, and so in the document."""
    if book_id not in KNOWN_BOOKS:
        return Failure(NotFound(f"No book {book_id}"))
    if book_id in ON_LOAN:
        return Failure(BookOnLoan(f"Book {book_id} is on loan"))
    return Success(Loan(book_id, who))


@post("/books/{book_id:int}/returns", status_code=200)
async def give_back(book_id: Path[int], who: Reader) -> Loan:
    """Raises NotFound, which no type says: the document cannot list it."""
    if book_id not in KNOWN_BOOKS:
        raise NotFound(f"No book {book_id}")
    return Loan(book_id, who)


@post("/books/{book_id:int}/renewals", status_code=200)
async def renew(book_id: Path[int], who: Reader) -> Loan | NotFound:
    """Raises NotFound too, but its return type names it: documented."""
    if book_id not in KNOWN_BOOKS:
        raise NotFound(f"No book {book_id}")
    return Loan(book_id, who)


app = App([borrow, give_back, renew], openapi=OpenAPIConfig("Library", "1.0.0"))
