"""The plugin's two mypy error codes.

Creating an `ErrorCode` registers it with mypy, which loads plugins before it reads
`enable_error_code` / `disable_error_code`, so both codes may be named there and in
`# type: ignore[...]` comments.
"""

from __future__ import annotations

from typing import Final

from mypy.errorcodes import ErrorCode

LANNER_ROUTE: Final = ErrorCode(
    "lanner-route", "Check a lanner handler's route, template and parameters", "lanner"
)
"""The handler's template and parameters: anything `App(...)` would refuse about them."""

LANNER_RETURN: Final = ErrorCode(
    "lanner-return",
    "Check that lanner can send what a handler returns",
    "lanner",
    sub_code_of=LANNER_ROUTE,
)
"""What the handler returns. A sub-code: ignoring or disabling `lanner-route` covers it too."""
