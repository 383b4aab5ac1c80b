"""What a handler asks for, as far as the plugin can see it: its functions and parameters.

Built from mypy's types (which keep the extractor aliases: `Path[int]` arrives as the
alias `lanner._extract.markers.Path` applied to `int`) and from the source text (which
keeps what mypy drops: `Extract(fn)` and `Alias("x")`). Anything neither shows is marked
unknown, and the checks that would need it stay quiet: build time judges it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from mypy.nodes import (
    ARG_STAR,
    ARG_STAR2,
    FuncDef,
    MypyFile,
    SymbolNode,
    SymbolTableNode,
    TypeAlias as TypeAliasNode,
    TypeInfo,
)
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    NoneType,
    ProperType,
    Type,
    TypeAliasType,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from lanner import _rules
from lanner.mypy import _names
from lanner.mypy._source import FunctionSite, ParsedModule, Sources

Kind: TypeAlias = Literal["source", "request", "extract", "plain", "unannotated", "star", "unknown"]


@dataclass
class Param:
    """One parameter of a handler or custom extractor."""

    name: str
    kind: Kind
    has_default: bool
    source: str | None = None
    """For `kind == "source"`: "Path", "Query", ..., "Body", "Form", "BodyStream", "State"."""
    inner: Type | None = None
    """`T` of `Path[T]`; for `kind == "extract"`, the declared `T` of `Annotated[T, Extract(fn)]`."""
    wire: str | None = None
    """The wire name (a `Path`'s placeholder); None when an `Alias` may hide it."""
    extractor: Function | None = None
    """For `kind == "extract"`: the function, when the plugin could find it."""


@dataclass
class Function:
    """A handler or a custom extractor: its definition, signature and where it is written."""

    defn: FuncDef
    type: CallableType | None
    module: str
    parsed: ParsedModule | None
    site: FunctionSite | None
    params: list[Param] = field(default_factory=list)

    @property
    def describe(self) -> str:
        """As build time writes it: `read_item (app.py:12)`."""
        if self.site is None or self.parsed is None:
            return self.defn.name
        return _rules.describe(self.site.qualname, self.parsed.filename, self.site.first_line)


Resolve: TypeAlias = Callable[[str], SymbolTableNode | None]


class Reader:
    """Builds `Function`s, resolving names the way the module that wrote them sees them."""

    def __init__(self, lookup: Resolve, modules: Callable[[], dict[str, MypyFile]], sources: Sources) -> None:
        self._lookup = lookup
        self._modules = modules
        self._sources = sources
        self._functions: dict[str, Function | None] = {}

    # -- functions -----------------------------------------------------------------------------

    def handler(self, defn: FuncDef, handler_type: CallableType, module: str, path: str) -> Function:
        """The handler being decorated, defined in `module`, the file mypy is checking (`path`)."""
        parsed = self._sources.module(path)
        site = parsed.by_def.get((defn.name, defn.line)) if parsed is not None else None
        function = Function(defn, handler_type, module, parsed, site)
        function.params = self._params(function)
        return function

    def extractor(self, defn: FuncDef) -> Function | None:
        """A custom extractor's function, wherever it is defined (None: cannot be read)."""
        if defn.fullname in self._functions:
            return self._functions[defn.fullname]
        self._functions[defn.fullname] = None  # a cycle reads as "cannot be read"
        module = self._module_of(defn.fullname)
        file = self._modules().get(module) if module else None
        parsed = self._sources.module(file.path) if file is not None and file.path else None
        site = parsed.by_qualname.get(defn.fullname[len(module) + 1 :]) if parsed and module else None
        signature = defn.type if isinstance(defn.type, CallableType) else None
        function: Function | None = None
        if site is not None and module is not None:
            function = Function(defn, signature, module, parsed, site)
            function.params = self._params(function)
        self._functions[defn.fullname] = function
        return function

    def _module_of(self, fullname: str) -> str | None:
        modules = self._modules()
        head = fullname
        while "." in head:
            head = head.rpartition(".")[0]
            if head in modules:
                return head
        return None

    # -- parameters ----------------------------------------------------------------------------

    def _params(self, function: Function) -> list[Param]:
        defn, signature = function.defn, function.type
        if signature is None:  # a function without a single annotation
            return [
                Param(name or "", "star" if kind in (ARG_STAR, ARG_STAR2) else "unannotated", kind.is_optional())
                for name, kind in zip(defn.arg_names, defn.arg_kinds, strict=True)
            ]
        params: list[Param] = []
        for name, kind, typ in zip(signature.arg_names, signature.arg_kinds, signature.arg_types, strict=True):
            if name is None:
                params.append(Param("", "unknown", True))
            elif kind in (ARG_STAR, ARG_STAR2):
                params.append(Param(name, "star", True))
            else:
                params.append(self._param(function, name, typ, kind.is_optional()))
        return params

    def _param(self, function: Function, name: str, typ: Type, has_default: bool) -> Param:
        proper = get_proper_type(typ)
        unannotated = isinstance(proper, AnyType) and proper.type_of_any == TypeOfAny.unannotated
        if unannotated or (function.site is not None and function.site.is_unannotated(name)):
            return Param(name, "unannotated", has_default)  # also a method's `self`
        source, inner = _extractor_alias(typ)
        written = function.site.annotation(name) if function.site is not None else None
        scan = Scan()
        if written is None:
            scan.complete = False
        else:
            self._scan(written, function.module, scan, 0)
        if scan.extracts:
            if source is not None or scan.markers or len(scan.extracts) > 1:
                return Param(name, "unknown", has_default)  # build time says what is wrong
            fn_expr, module = scan.extracts[0]
            target = self._resolve(module, fn_expr)
            extractor = self.extractor(target) if isinstance(target, FuncDef) else None
            return Param(name, "extract", has_default, inner=typ, extractor=extractor)
        if source is None and len(set(scan.markers)) == 1:
            source, inner = scan.markers[0], typ
        if source is not None:
            if len(set(scan.markers) - {source}) > 0:
                return Param(name, "unknown", has_default)
            wire: str | None = name
            if len(set(scan.aliases)) == 1:
                wire = scan.aliases[0]
            elif scan.aliases or not scan.complete:
                wire = None
            return Param(name, "source", has_default, source, inner, wire)
        if _mentions_lanner_class(proper):
            return Param(name, "request", has_default)  # Request, WebSocket, ...: lanner's own
        if scan.annotated or scan.markers or not scan.complete or isinstance(proper, AnyType):
            return Param(name, "unknown", has_default)
        return Param(name, "plain", has_default)

    # -- annotations as written ------------------------------------------------------------------

    def _scan(self, node: ast.expr, module: str, scan: Scan, depth: int) -> None:
        """Collect `Extract(...)`, `Alias(...)`, markers and `Annotated` in an annotation,
        following user type aliases to their definitions."""
        if depth > 12:
            scan.complete = False
            return
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):  # a string annotation: read what it says
                try:
                    parsed = ast.parse(node.value, mode="eval").body
                except SyntaxError:
                    scan.complete = False
                    return
                self._scan(parsed, module, scan, depth + 1)
            return
        if isinstance(node, ast.Call):
            target = _fullname(self._resolve(module, node.func))
            if target == _names.EXTRACT:
                if node.args:
                    scan.extracts.append((node.args[0], module))
                else:
                    scan.complete = False
            elif target == _names.ALIAS:
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    scan.aliases.append(first.value)
                else:
                    scan.complete = False
            elif target is None:
                scan.complete = False
            return  # other metadata (msgspec.Meta(...)) says nothing about the source
        if isinstance(node, ast.Subscript):
            subscripted = _fullname(self._resolve(module, node.value))
            if subscripted in _names.LITERAL:
                return  # Literal["a"]: values, not names
            if subscripted in _names.ANNOTATED:
                scan.annotated = True
                items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                if items:
                    self._scan(items[0], module, scan, depth + 1)
                for metadata in items[1:]:
                    if isinstance(metadata, ast.Call | ast.Name | ast.Attribute):
                        self._scan(metadata, module, scan, depth + 1)
                return
            self._scan(node.value, module, scan, depth + 1)
            self._scan(node.slice, module, scan, depth + 1)
            return
        if isinstance(node, ast.Tuple | ast.List):
            for item in node.elts:
                self._scan(item, module, scan, depth + 1)
            return
        if isinstance(node, ast.BinOp):
            self._scan(node.left, module, scan, depth + 1)
            self._scan(node.right, module, scan, depth + 1)
            return
        if isinstance(node, ast.Name | ast.Attribute):
            self._scan_name(node, module, scan, depth)
            return
        scan.complete = False

    def _scan_name(self, node: ast.Name | ast.Attribute, module: str, scan: Scan, depth: int) -> None:
        target = self._resolve(module, node)
        if target is None:
            scan.complete = False  # a local name, or one mypy does not know
            return
        fullname = target.fullname
        if fullname in _names.SOURCE_MARKERS:
            scan.markers.append(_names.SOURCE_MARKERS[fullname])
        elif fullname in _names.ANNOTATED:
            scan.annotated = True
        elif isinstance(target, TypeAliasNode) and not fullname.startswith(_names.LANNER):
            definition = self._alias_definition(target)
            if definition is None:
                scan.complete = False
            else:
                self._scan(definition[0], definition[1], scan, depth + 1)

    def _alias_definition(self, alias: TypeAliasNode) -> tuple[ast.expr, str] | None:
        module = alias.module
        file = self._modules().get(module)
        if file is None or not file.path or not alias.fullname.startswith(module + "."):
            return None
        parsed = self._sources.module(file.path)
        value = parsed.assignments.get(alias.fullname[len(module) + 1 :]) if parsed is not None else None
        return (value, module) if value is not None else None

    def _resolve(self, module: str, node: ast.expr) -> SymbolNode | None:
        """The symbol a name (or `a.b.c`) written in `module` refers to."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        found = self._lookup(f"{module}.{head}") or self._lookup(f"builtins.{head}")
        target = found.node if found is not None else None
        for part in rest.split(".") if rest else ():
            if isinstance(target, MypyFile | TypeInfo):
                found = self._lookup(f"{target.fullname}.{part}")
                target = found.node if found is not None else None
            else:
                return None
        return target


@dataclass
class Scan:
    extracts: list[tuple[ast.expr, str]] = field(default_factory=list)
    """Each `Extract(fn)`: the `fn` expression and the module it is written in."""
    aliases: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    annotated: bool = False
    complete: bool = True
    """Every name was resolved and every alias read: nothing is hidden."""


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base is not None else None
    return None


def _fullname(node: SymbolNode | None) -> str | None:
    return node.fullname if node is not None else None


def _extractor_alias(typ: Type) -> tuple[str | None, Type | None]:
    """("Path", int) for `Path[int]`, also through user aliases (`UserId = Path[int]`) and
    for `Query[int] | None` (which build time reads as `Query[int | None]`)."""
    for _ in range(12):
        if isinstance(typ, TypeAliasType) and typ.alias is not None:
            source = _names.EXTRACTOR_ALIASES.get(typ.alias.fullname)
            if source is not None:
                return source, (typ.args[0] if typ.args else _body_stream_type(typ))
            typ = typ._expand_once()  # one level: get_proper_type would erase the alias
            continue
        proper = get_proper_type(typ)  # not an alias here: the same type, seen as proper
        if isinstance(proper, UnionType) and len(proper.items) == 2:
            nones = [i for i in proper.items if isinstance(get_proper_type(i), NoneType)]
            others = [i for i in proper.items if not isinstance(get_proper_type(i), NoneType)]
            if len(nones) == 1 and len(others) == 1:
                source, inner = _extractor_alias(others[0])
                if source is not None and inner is not None:
                    return source, UnionType.make_union([inner, nones[0]])
        return None, None
    return None, None


def _body_stream_type(typ: TypeAliasType) -> Type | None:
    return typ._expand_once() if typ.alias is not None else None


def _mentions_lanner_class(proper: ProperType) -> bool:
    items = proper.items if isinstance(proper, UnionType) else [proper]
    for item in items:
        item = get_proper_type(item)
        if isinstance(item, Instance) and any(b.fullname.startswith(_names.LANNER) for b in item.type.mro):
            return True
    return False
