import msgspec

from lanner import App, Conflict, HTTPError, NotFound, Path, Query, TooManyRequests, get, post


class Account(msgspec.Struct, frozen=True):
    id: int
    balance: int


ACCOUNTS = {1: Account(id=1, balance=10)}


@get("/accounts/{account_id:int}")
async def read_account(account_id: Path[int]) -> Account:
    account = ACCOUNTS.get(account_id)
    if account is None:
        raise NotFound(f"No account {account_id}")
    return account


@post("/accounts/{account_id:int}/withdrawals")
async def withdraw(account_id: Path[int], amount: Query[int]) -> Account:
    account = await read_account(account_id)
    if amount > account.balance:
        raise Conflict("Insufficient funds", extra={"balance": account.balance, "requested": amount})
    return Account(id=account.id, balance=account.balance - amount)


@get("/busy")
async def busy() -> None:
    raise TooManyRequests(headers={"Retry-After": "30"})


@get("/teapot")
async def teapot() -> str:
    raise HTTPError(418, "I only brew tea")


app = App([read_account, withdraw, busy, teapot])
