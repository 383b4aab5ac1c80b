"""One decorated handler as the checks see it: its route, its options and what it reads.

Built in the hook on `RouteDecorator.__call__`, from the decorator call as written
(`@get("/items/{item_id}", status_code=204)`), the literal templates the first hook put in
`RouteDecorator[Literal[...]]`, and the handler's `Function` (`_model.py`).
"""

from __future__ import annotations

import http
from dataclasses import dataclass, field
from functools import cached_property

from mypy.nodes import (
    ARG_STAR2,
    CallExpr,
    Context,
    Decorator,
    DictExpr,
    Expression,
    IntExpr,
    ListExpr,
    MemberExpr,
    NameExpr,
    RefExpr,
    StrExpr,
    TupleExpr,
    TypeInfo,
    Var,
)
from mypy.plugin import CheckerPluginInterface
from mypy.types import Instance, LiteralType, Type, UnionType, get_proper_type

from lanner import _rules
from lanner._routing.template import PathTemplate, TemplateError, normalize_path, parse_template
from lanner.mypy import _names, _types
from lanner.mypy._codes import LANNER_RETURN, LANNER_ROUTE
from lanner.mypy._model import Function, Param


class Unknown:
    """An option the plugin cannot read (a variable, `**options`): its checks stay quiet."""


UNKNOWN = Unknown()


@dataclass
class Chain:
    """What planning the handler finds, following its custom extractors."""

    problems: list[tuple[str, str]] = field(default_factory=list)
    """("parameter" or "injects", message): each message follows `where`, and names the
    custom extractors it is nested in."""
    bodies: list[tuple[str, str]] = field(default_factory=list)
    """(parameter, owner's describe) of each body extractor, in build time's order."""
    path_params: list[Param] = field(default_factory=list)
    complete: bool = True
    """Every custom extractor was found and every parameter understood."""


@dataclass
class Route:
    api: CheckerPluginInterface
    handler: Function
    call: CallExpr
    """The decorator factory's call, `get("/items/{item_id}", ...)`: route errors go here."""
    where_def: Context
    """The handler's `def`: return errors go here."""
    methods: tuple[str, ...] | None
    templates: list[str] | None
    """The literal path(s); None when the path is not a literal the plugin can read."""
    status_code: int | Unknown | None
    type_encoders: frozenset[str] | None
    """Classes the handler's own `type_encoders` covers, with the configured ones; None:
    the option is there but not a literal `{Class: fn}` dict."""

    # -- messages ------------------------------------------------------------------------------

    @property
    def _paths(self) -> list[str]:
        if self.templates is not None:
            return self.templates
        arg = _argument(self.call, "path", 0)
        return [f"<{_source_text(arg)}>"] if arg is not None else ["<path>"]

    def where(self) -> str:
        """`GET /items: handler read (app.py:3)`, as build time heads planning errors."""
        return _rules.where(self.methods or ("?",), self._paths, self.handler.describe)

    def route_where(self, path: str) -> str:
        return _rules.where(self.methods or ("?",), [path], self.handler.describe)

    def method_where(self, method: str) -> str:
        return _rules.where([method], self._paths[:1], self.handler.describe)

    def fail_route(self, message: str) -> None:
        self.api.fail(message, self.call, code=LANNER_ROUTE)

    def fail_return(self, message: str) -> None:
        self.api.fail(message, self.where_def, code=LANNER_RETURN)

    def show(self, typ: Type) -> str:
        return _types.show(typ, self.api.options)

    # -- what the handler reads ----------------------------------------------------------------

    @cached_property
    def parsed_templates(self) -> list[tuple[str, PathTemplate | TemplateError]] | None:
        """Each literal path parsed by the runtime's own parser, or the error it raised.

        A path without its leading "/" is refused only when no Router prefix joins it: the
        plugin cannot know, so it parses such a path as a prefix would leave it.
        """
        if self.templates is None:
            return None
        parsed: list[tuple[str, PathTemplate | TemplateError]] = []
        for raw in self.templates:
            try:
                parsed.append((raw, parse_template(raw if raw.startswith("/") else normalize_path(raw))))
            except TemplateError as exc:
                parsed.append((raw, exc))
        return parsed

    @cached_property
    def chain(self) -> Chain:
        chain = Chain()
        _plan(self, self.handler, (), (self.handler.defn.fullname,), chain)
        _compile(self.handler, {self.handler.defn.fullname}, chain)
        return chain


def _plan(route: Route, function: Function, nesting: tuple[str, ...], stack: tuple[str, ...], chain: Chain) -> None:
    """Build time's `plan_call`: every parameter an extractor, every `Extract(fn)` right."""

    def problem(message: str, kind: str = "parameter") -> None:
        for owner in reversed(nesting):
            message = _rules.in_custom_extractor(owner, message)
        if (kind, message) not in chain.problems:
            chain.problems.append((kind, message))

    for param in function.params:
        if param.kind == "star":
            problem(_rules.star_parameter(param.name))
        elif param.kind == "unannotated":
            problem(_rules.no_annotation(param.name))
        elif param.kind == "plain":
            problem(_rules.not_an_extractor(param.name))
        elif param.kind == "unknown":
            chain.complete = False
        elif param.kind == "extract":
            extractor = param.extractor
            if extractor is None or extractor.defn.fullname in stack:
                chain.complete = False  # not visible, or a cycle (build time names it)
                continue
            _plan(route, extractor, (*nesting, extractor.describe), (*stack, extractor.defn.fullname), chain)
            declared, returned = param.inner, _types.returned(extractor.defn, extractor.type)
            if declared is None or returned is None:
                continue
            gives = _types.injected(returned)
            if _types.judgeable(gives) and _types.judgeable(declared):
                from mypy.subtypes import is_subtype

                if not is_subtype(gives, declared):
                    problem(
                        _rules.extractor_injects_another_type(
                            param.name,
                            route.show(declared),
                            extractor.describe,
                            extractor.defn.name,
                            route.show(gives),
                        ),
                        "injects",
                    )


def _compile(function: Function, seen: set[str], chain: Chain) -> None:
    """Build time's `compile_program`: each extractor once, depth first, in parameter order."""
    for param in function.params:
        if param.kind == "source" and param.source in _names.BODY_SOURCES:
            chain.bodies.append((param.name, function.describe))
        elif param.kind == "source" and param.source == "Path":
            chain.path_params.append(param)
        elif param.kind == "extract" and param.extractor is not None:
            name = param.extractor.defn.fullname
            if name not in seen:
                seen.add(name)
                _compile(param.extractor, seen, chain)


# --- reading the decorator call -----------------------------------------------------------------


def factory_call(context: Context) -> CallExpr | None:
    """The route factory call that made the decorator being applied, when it is written
    there: `@get(...)` directly above the function, or `get(...)(fn)`."""
    if isinstance(context, Decorator):
        calls = [
            (index, d)
            for index, d in enumerate(context.decorators)
            if isinstance(d, CallExpr) and isinstance(d.callee, RefExpr) and d.callee.fullname in _names.ROUTE_FACTORIES
        ]
        if len(calls) != 1 or calls[0][0] != len(context.decorators) - 1:
            return None  # several routes (refused at run time), or a decorator below wraps the function
        return calls[0][1]
    if isinstance(context, CallExpr) and isinstance(context.callee, CallExpr):
        callee = context.callee.callee
        if isinstance(callee, RefExpr) and callee.fullname in _names.ROUTE_FACTORIES:
            return context.callee
    return None


def methods_of(call: CallExpr) -> tuple[str, ...] | None:
    assert isinstance(call.callee, RefExpr)
    fixed = _names.ROUTE_FACTORIES[call.callee.fullname]
    if fixed is not None:
        return fixed
    given = _argument(call, "methods", None)
    if isinstance(given, ListExpr | TupleExpr) and given.items and all(isinstance(i, StrExpr) for i in given.items):
        return tuple(dict.fromkeys(i.value.upper() for i in given.items if isinstance(i, StrExpr)))
    return None


def status_code_of(call: CallExpr) -> int | Unknown | None:
    if ARG_STAR2 in call.arg_kinds:
        return UNKNOWN
    given = _argument(call, "status_code", None)
    if given is None:
        return None
    if isinstance(given, IntExpr):
        return given.value
    if isinstance(given, MemberExpr) and isinstance(given.expr, RefExpr):
        owner = given.expr.node
        if isinstance(owner, TypeInfo) and owner.fullname == "http.HTTPStatus" and given.name in http.HTTPStatus.__members__:
            return http.HTTPStatus[given.name].value
    if isinstance(given, MemberExpr | NameExpr):
        node = given.node
        if isinstance(node, Var) and node.is_final and isinstance(node.final_value, int):
            return node.final_value
    return UNKNOWN


def type_encoders_of(call: CallExpr, configured: frozenset[str]) -> frozenset[str] | None:
    if ARG_STAR2 in call.arg_kinds:
        return None
    given = _argument(call, "type_encoders", None)
    if given is None:
        return configured
    if not isinstance(given, DictExpr):
        return None
    names = set(configured)
    for key, _ in given.items:
        if not (isinstance(key, RefExpr) and isinstance(key.node, TypeInfo)):
            return None
        names.add(key.node.fullname)
    return frozenset(names)


def templates_of(typ: Type) -> list[str] | None:
    """The paths carried in `RouteDecorator[Literal["/a", "/b"]]` (None: not literal)."""
    proper = get_proper_type(typ)
    if not isinstance(proper, Instance) or not proper.args:
        return None
    carried = get_proper_type(proper.args[0])
    items = carried.items if isinstance(carried, UnionType) else [carried]
    found: list[str] = []
    for item in items:
        item = get_proper_type(item)
        if not (isinstance(item, LiteralType) and isinstance(item.value, str)):
            return None
        found.append(item.value)
    return found


def _argument(call: CallExpr, name: str, position: int | None) -> Expression | None:
    for index, (arg_name, arg) in enumerate(zip(call.arg_names, call.args, strict=True)):
        if arg_name == name or (arg_name is None and index == position and call.arg_kinds[index].is_positional()):
            return arg
    return None


def _source_text(expr: Expression) -> str:
    if isinstance(expr, NameExpr):
        return expr.name
    if isinstance(expr, MemberExpr):
        return _member(expr)
    return "path"  # an f-string, a call, an expression: the message says only that it is a path


def _member(expr: MemberExpr) -> str:
    base = expr.expr
    prefix = _source_text(base) if isinstance(base, NameExpr | MemberExpr) else "..."
    return f"{prefix}.{expr.name}"

