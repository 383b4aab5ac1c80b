"""The plugin class: which lanner names get which hook, and the table of checks.

Two checker-phase hooks, no semantic-analysis changes:

1. On the route factories (`get`, `post`, ..., `route`): a literal path (a string, a
   `Final` constant, a list or tuple of them) is kept in the call's type,
   `RouteDecorator[Literal["/items/{item_id}"]]`; without the plugin it is
   `RouteDecorator[str]`.
2. On `RouteDecorator.__call__`, which mypy calls when it applies the decorator to the
   handler: `ctx.type` carries the path, `ctx.arg_types` the handler's signature (whose
   parameters keep the extractor aliases), `ctx.context` the decorator as written. The
   checks run there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Final

from mypy.nodes import Decorator, Expression, FuncDef, ListExpr, NameExpr, MemberExpr, StrExpr, TupleExpr, Var
from mypy.options import Options
from mypy.plugin import FunctionContext, MethodContext, Plugin, ReportConfigContext
from mypy.types import CallableType, Instance, LiteralType, TupleType, Type, UnionType, get_proper_type

from lanner._compat import override
from lanner.mypy import _names
from lanner.mypy._checks import (
    bodies,
    converters,
    empty_status,
    encodable,
    extractors,
    parameters,
    placeholders,
    redirect_status,
    return_annotation,
    template,
)
from lanner.mypy._config import read_config
from lanner.mypy._model import Reader
from lanner.mypy._route import (
    Route,
    factory_call,
    methods_of,
    status_code_of,
    templates_of,
    type_encoders_of,
)
from lanner.mypy._source import Sources

CHECKS: Final[tuple[Callable[[Route], None], ...]] = (
    template.check,
    parameters.check,
    extractors.check,
    bodies.check,
    placeholders.check,
    converters.check,
    return_annotation.check,
    empty_status.check,
    redirect_status.check,
    encodable.check,
)
"""Every check, in the order build time meets the mistakes."""


class LannerPlugin(Plugin):
    _FUNCTION_HOOKS: ClassVar[frozenset[str]] = frozenset(_names.ROUTE_FACTORIES)
    _METHOD_HOOKS: ClassVar[frozenset[str]] = frozenset({_names.ROUTE_DECORATOR_CALL})

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self._config = read_config(options.config_file)
        self._sources = Sources()
        self._paths: dict[str, str] = {}

    @override
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return self._keep_literal_path if fullname in self._FUNCTION_HOOKS else None

    @override
    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return self._check_route if fullname in self._METHOD_HOOKS else None

    @override
    def report_config_data(self, ctx: ReportConfigContext) -> dict[str, object]:
        """Part of every module's cache key: a new setting or plugin version re-checks."""
        return {"type_encoders": sorted(self._config.type_encoders), "plugin": _PLUGIN_DIGEST}

    def _module_at(self, path: str) -> str:
        """The name of the module mypy is checking, from its file (a handler defined inside
        a function has no module in its full name)."""
        modules = self._modules or {}
        cached = self._paths.get(path)
        if cached is not None and cached in modules and modules[cached].path == path:
            return cached
        self._paths = {file.path: name for name, file in modules.items() if file.path}
        return self._paths.get(path, "")

    # -- hook 1: get("/items/{item_id}") -------------------------------------------------------

    def _keep_literal_path(self, ctx: FunctionContext) -> Type:
        default = get_proper_type(ctx.default_return_type)
        if "path" not in ctx.callee_arg_names or not isinstance(default, Instance) or len(default.args) != 1:
            return ctx.default_return_type
        index = ctx.callee_arg_names.index("path")
        if len(ctx.args[index]) != 1:
            return ctx.default_return_type
        paths = _literal_paths(ctx.arg_types[index][0], ctx.args[index][0])
        if not paths:
            return ctx.default_return_type  # a variable, a call, an f-string: build time checks it
        str_type = ctx.api.named_generic_type("builtins.str", [])
        carried = UnionType.make_union([LiteralType(p, str_type) for p in paths])
        return default.copy_modified(args=[carried])

    # -- hook 2: RouteDecorator.__call__(handler) ------------------------------------------------

    def _check_route(self, ctx: MethodContext) -> Type:
        try:
            self._run_checks(ctx)
        except Exception:  # a bug of the plugin's own must not stop the user's mypy run
            if self.options.show_traceback:
                raise
        return ctx.default_return_type

    def _run_checks(self, ctx: MethodContext) -> None:
        handler = get_proper_type(ctx.arg_types[0][0]) if ctx.arg_types and ctx.arg_types[0] else None
        call = factory_call(ctx.context)
        if not isinstance(handler, CallableType) or call is None:
            return  # not a function, or a decorator the plugin cannot read
        if isinstance(ctx.context, Decorator):
            defn: FuncDef | None = ctx.context.func
        else:
            defn = handler.definition if isinstance(handler.definition, FuncDef) else None
        if defn is None:
            return
        modules = self._modules
        reader = Reader(self.lookup_fully_qualified, lambda: modules or {}, self._sources)
        route = Route(
            api=ctx.api,
            handler=reader.handler(defn, handler, self._module_at(ctx.api.path), ctx.api.path),
            call=call,
            where_def=defn,
            methods=methods_of(call),
            templates=templates_of(ctx.type),
            status_code=status_code_of(call),
            type_encoders=type_encoders_of(call, self._config.type_encoders),
        )
        for check in CHECKS:
            check(route)


def _literal_paths(typ: Type, expr: Expression) -> list[str] | None:
    """The path(s) of `get(path)` when the plugin can read them: a string literal, a
    `Final` constant, or a list or tuple of those."""
    if isinstance(expr, ListExpr | TupleExpr):
        found = [_literal_path(item) for item in expr.items]
        return [p for p in found if p is not None] if found and None not in found else None
    single = _literal_path(expr)
    if single is not None:
        return [single]
    proper = get_proper_type(typ)
    if isinstance(proper, TupleType):  # a Final tuple of literals
        items = [get_proper_type(i) for i in proper.items]
        values = [_known_str(i) for i in items]
        return [v for v in values if v is not None] if values and None not in values else None
    value = _known_str(proper)
    return [value] if value is not None else None


def _literal_path(expr: Expression) -> str | None:
    if isinstance(expr, StrExpr):
        return expr.value
    if isinstance(expr, NameExpr | MemberExpr) and isinstance(expr.node, Var):
        final = expr.node.final_value
        return final if expr.node.is_final and isinstance(final, str) else None
    return None


def _known_str(typ: Type) -> str | None:
    proper = get_proper_type(typ)
    if isinstance(proper, LiteralType) and isinstance(proper.value, str):
        return proper.value
    if isinstance(proper, Instance) and proper.last_known_value is not None:
        value = proper.last_known_value.value
        return value if isinstance(value, str) else None
    return None


def _digest() -> str:
    """A hash of the plugin's code and of the runtime rules it applies: any change to them
    changes every module's cache key (mypy itself watches only the entry module)."""
    package = Path(__file__).parent
    lanner = package.parent
    files = sorted(package.rglob("*.py")) + [
        lanner / "_rules.py",
        lanner / "_routing" / "template.py",
        lanner / "_routing" / "converters.py",
    ]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


_PLUGIN_DIGEST: Final = _digest()
