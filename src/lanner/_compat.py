"""Typing helpers needed only by type checkers, kept out of `import lanner`'s cost.

`typing_extensions` costs more to import than the rest of lanner's own modules together;
at run time `override` is a no-op and `Unpack` only appears in unevaluated annotations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

__all__ = ["Unpack", "override"]

if TYPE_CHECKING:
    from typing_extensions import Unpack, override
else:
    from typing import Unpack

    _F = TypeVar("_F", bound=Callable[..., object])

    def override(method: _F) -> _F:
        """Mark a method as overriding its base class's (checked by mypy)."""
        return method
