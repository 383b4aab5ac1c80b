"""`Redirect`: answer with a `Location` and a redirect status, as a value."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias, final
from urllib.parse import quote

import msgspec

from lanner import _rules
from lanner._errors import check_header_text
from lanner._respond.response import Response

__all__ = ["Redirect"]

RedirectStatus: TypeAlias = Literal[301, 302, 303, 307, 308]
REDIRECT_STATUSES: Final = frozenset(_rules.REDIRECT_STATUSES)

# Characters a URL may carry as they are; anything else (spaces, non-ASCII) is
# percent-encoded so the Location header stays ASCII.
_URL_SAFE: Final = ":/?#[]@!$&'()*+,;=%~-._"


def _check_status(status: object) -> None:
    # The Literal type catches this for mypy users; everyone else hears it here.
    if type(status) is not int or status not in REDIRECT_STATUSES:
        raise ValueError(f"a Redirect's status_code must be 301, 302, 303, 307 or 308, got {status!r}")


class _Location(msgspec.Struct, frozen=True):
    path: str


@final
class Redirect(_Location, frozen=True, kw_only=True):
    """A redirect to `path` with 301, 302, 303, 307 or 308.

    Without `status_code` it is the route's `status_code` (`@get(..., status_code=307)`),
    else 302. Any other status is refused when the value is built (and by mypy, from the
    `Literal`), and a route returning a Redirect with a non-redirect `status_code` is refused
    when the App is built.
    A path with spaces or non-ASCII characters is percent-encoded; one with CR, LF or NUL
    raises ValueError.

    >>> Redirect("/items/7", status_code=303).to_response().header("location")
    '/items/7'
    >>> Redirect("/café").path
    '/caf%C3%A9'
    """

    status_code: RedirectStatus | None = None

    def __post_init__(self) -> None:
        if self.status_code is not None:
            _check_status(self.status_code)
        if not self.path:
            raise ValueError("a Redirect needs a path or URL to send the client to")
        check_header_text("redirect location", self.path)
        if not (self.path.isascii() and self.path.isprintable() and " " not in self.path):
            msgspec.structs.force_setattr(self, "path", quote(self.path, safe=_URL_SAFE))

    def to_response(self, route_status: int = 302) -> Response[None]:
        """The equivalent `Response`: no body, the status and a `Location` header.

        `route_status` is the route's status, used when the Redirect has none of its own and
        it is a redirect status.
        """
        status = self.status_code or (route_status if route_status in REDIRECT_STATUSES else 302)
        return Response(None, status_code=status, headers={"Location": self.path})
