"""lanner's mypy plugin: the route mistakes `App(...)` would refuse, reported by mypy.

Enable it in mypy's configuration (lanner must be installed where mypy runs)::

    [mypy]
    plugins = lanner.mypy

    [lanner.mypy]                         ; optional
    type_encoders = myapp.money.Money     ; classes an App/Router-level type_encoders= handles

Errors carry the codes `lanner-route` (templates and parameters) and `lanner-return`
(what a handler returns; a sub-code of `lanner-route`). The messages are build time's own
(`lanner._rules`). See docs/static-checking.md.
"""

from __future__ import annotations

from mypy.plugin import Plugin

from lanner.mypy._hooks import LannerPlugin

__all__ = ["LannerPlugin", "plugin"]


def plugin(version: str) -> type[Plugin]:
    """The entry point mypy calls with its version; lanner supports mypy 1.19 and 2.x."""
    return LannerPlugin
