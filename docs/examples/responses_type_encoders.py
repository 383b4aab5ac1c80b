import msgspec

from lanner import App, get


class Money:  # not a msgspec type: lanner cannot encode it on its own
    def __init__(self, cents: int, currency: str) -> None:
        self.cents = cents
        self.currency = currency


def money_to_str(money: Money) -> str:
    return f"{money.cents // 100}.{money.cents % 100:02d} {money.currency}"


class Invoice(msgspec.Struct, frozen=True):
    number: int
    total: Money


@get("/invoices/latest")
async def latest_invoice() -> Invoice:
    return Invoice(number=7, total=Money(1999, "EUR"))


app = App([latest_invoice], type_encoders={Money: money_to_str})
