from collections.abc import AsyncIterator
from typing import Annotated

from lanner import App, Conflict, Extract, Query, post

EVENTS: list[str] = []


class Transaction:
    def __init__(self) -> None:
        EVENTS.append("begin")


async def transaction() -> AsyncIterator[Transaction]:
    tx = Transaction()
    try:
        yield tx
    except Exception as exc:
        EVENTS.append(f"rollback after {type(exc).__name__}")
        raise
    else:
        EVENTS.append("commit")


Tx = Annotated[Transaction, Extract(transaction)]


@post("/transfers")
async def transfer(tx: Tx, amount: Query[int]) -> dict[str, int]:
    if amount > 100:
        raise Conflict("Insufficient funds")
    return {"amount": amount}


app = App([transfer])
