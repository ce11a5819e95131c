"""Names a fix needs, spelled the way the file spells them, with the imports to add.

A fix asks for a canonical name (`tf`, `K.maximum`, `keras.layers.Lambda`, as
siamlint.analysis.names normalises them) and gets the file's own expression for it, plus
the NodeEdits that import it when nothing in scope binds it. As libcst's AddImportsVisitor
does: an existing binding is reused (never a second import of the same thing), a name is
added to an existing `from module import ...` of the same module, and otherwise one import
line is added after the file's leading imports, in the file's style (`tensorflow.keras` or
`keras`). A name that is already used for something else is never imported over: the fix
is then not offered (None).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from siamlint.analysis.names import canonical
from siamlint.rules.base import NodeEdit


def dotted(node) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr.value}" if inner else ""
    return ""


def _alias_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return dotted(alias.name).split(".")[0]


@dataclass
class _Binding:
    name: str
    path: str  # canonical
    scope: object  # the FunctionDef binding it, None at module level


class _Scan(cst.CSTVisitor):
    def __init__(self) -> None:
        self.parents: dict[int, cst.CSTNode] = {}
        self.stack: list[cst.CSTNode] = []
        self.functions: list[cst.CSTNode] = []
        self.bindings: list[_Binding] = []
        self.from_imports: list[tuple[cst.ImportFrom, str, object]] = []  # node, module, scope
        self.names: set[str] = set()  # every name used or bound anywhere
        self.modules: list[str] = []  # dotted paths imported, as written
        self.assigned: list[tuple[str, str, object]] = []  # `K = tf.keras.backend`
        self.not_names: set[int] = set()  # Name nodes that bind or use no name (attributes)

    def on_visit(self, node) -> bool:
        if self.stack:
            self.parents[id(node)] = self.stack[-1]
        self.stack.append(node)
        if isinstance(node, cst.FunctionDef):
            self.functions.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node) -> None:
        super().on_leave(original_node)
        self.stack.pop()
        if isinstance(original_node, cst.FunctionDef):
            self.functions.pop()

    def _scope(self):
        return self.functions[-1] if self.functions else None

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) not in self.not_names:
            self.names.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.not_names.add(id(node.attr))  # `tf.keras`: `keras` is no name of this file

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.not_names.add(id(node.keyword))

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) \
                and isinstance(node.value, (cst.Name, cst.Attribute)) and dotted(node.value):
            self.assigned.append((node.targets[0].target.value, dotted(node.value),
                                  self._scope()))

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            path = dotted(alias.name)
            self.modules.append(path)
            if alias.asname is not None:
                self.bindings.append(_Binding(_alias_name(alias), canonical(path), self._scope()))
            else:
                top = path.split(".")[0]
                self.bindings.append(_Binding(top, canonical(top), self._scope()))
            self.names.add(_alias_name(alias))
        return False  # the dotted module path names nothing in this file

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        names = [] if isinstance(node.names, cst.ImportStar) else node.names
        self.names.update(_alias_name(alias) for alias in names)
        if node.module is None or node.relative:
            return False
        base = dotted(node.module)
        self.modules.append(base)
        if isinstance(node.names, cst.ImportStar):
            return False
        self.from_imports.append((node, base, self._scope()))
        for alias in node.names:
            name = dotted(alias.name)
            self.modules.append(f"{base}.{name}")
            self.bindings.append(_Binding(_alias_name(alias), canonical(f"{base}.{name}"),
                                          self._scope()))
        return False


class ImportIndex:
    """What a module imports and where, computed once per file (only when a fix asks)."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        scan = _Scan()
        module.visit(scan)
        self.parents = scan.parents
        self.bindings = scan.bindings
        for name, value, scope in scan.assigned:  # module aliases: `K = tf.keras.backend`
            head, _, rest = value.partition(".")
            paths = [b.path for b in self.bindings if b.name == head and b.scope is scope]
            if paths and head != name:
                path = canonical(f"{paths[-1]}.{rest}" if rest else paths[-1])
                if path in _MODULES:
                    self.bindings.append(_Binding(name, path, scope))
        self.from_imports = scan.from_imports
        self.names = scan.names
        self.anchor, self.first = _anchor(module)
        self.keras_root = _keras_root(scan.modules)

    # ------------------------------------------------------------------ structure
    def parent(self, node):
        return self.parents.get(id(node))

    def ancestors(self, node):
        node = self.parent(node)
        while node is not None:
            yield node
            node = self.parent(node)

    def scopes(self, node) -> list:
        """The functions enclosing node (innermost first), then None for the module."""
        return [a for a in self.ancestors(node) if isinstance(a, cst.FunctionDef)] + [None]

    def statement(self, node):
        """The statement (simple line or compound) holding node."""
        for a in [node, *self.ancestors(node)]:
            if isinstance(a, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                return a
        return None

    # ------------------------------------------------------------------ bindings
    def bound(self, path: str, at) -> str | None:
        """A name visible at `at` that is bound to the canonical `path` by an import."""
        scopes = self.scopes(at) if at is not None else [None]
        for scope in scopes:
            names = [b.name for b in self.bindings if b.scope is scope and b.path == path]
            if names:
                return min(names, key=len)
        return None

    def free(self, name: str) -> bool:
        """A name that nothing in the file uses or binds yet (so an import cannot shadow)."""
        return name not in self.names


def index(facts) -> ImportIndex:
    cached = getattr(facts, "_import_index", None)
    if cached is None or cached.module is not facts.module:
        cached = ImportIndex(facts.module)
        facts._import_index = cached
    return cached


def _is_import(stmt) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and bool(stmt.body) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)


def _is_docstring(stmt) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and \
        isinstance(stmt.body[0], cst.Expr) and isinstance(
            stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _anchor(module: cst.Module):
    """The last import of the file's leading import block (new imports go after it), and the
    first statement after a docstring (new imports go before it when there is no import)."""
    anchor = first = None
    for i, stmt in enumerate(module.body):
        if i == 0 and _is_docstring(stmt):
            continue
        if first is None:
            first = stmt
        if _is_import(stmt):
            anchor = stmt
        elif isinstance(stmt, cst.Try) and all(_is_import(s) for s in stmt.body.body):
            continue  # try: import x / except ImportError: a guarded import, still the block
        else:
            break
    return anchor, first


def _keras_root(modules: list[str]) -> str:
    if any(m == "tf_keras" or m.startswith("tf_keras.") for m in modules):
        return "tf_keras"
    if any(m.startswith(("tensorflow.keras", "tensorflow.python.keras"))
           for m in modules):
        return "tensorflow.keras"
    if any(m == "keras" or m.startswith("keras.") for m in modules):
        return "keras"
    if any(m == "tensorflow" or m.startswith("tensorflow.") for m in modules):
        return "tensorflow.keras"
    return "keras"


_MODULES = frozenset({"tf", "np", "keras", "K", "keras.ops", "keras.layers", "keras.config"})


# Modules a fix may import as a whole: canonical -> (statement, the name it binds), by root.
def _module_import(path: str, root: str) -> tuple[str, str] | None:
    if path == "tf":
        return "import tensorflow as tf", "tf"
    if path == "np":
        return "import numpy as np", "np"
    if path == "keras":
        if root == "tensorflow.keras":
            return "from tensorflow import keras", "keras"
        if root == "tf_keras":
            return "import tf_keras as keras", "keras"
        return "import keras", "keras"
    if path == "K":
        return f"from {root} import backend as K", "K"
    if path == "keras.ops":
        return "from keras import ops", "ops"
    if path == "keras.layers":
        return f"from {root} import layers", "layers"
    return None


# How a canonical module is reached from another one when only that one is bound.
_VIA = {"K": ("keras", "backend"), "keras": ("tf", "keras")}


@dataclass
class Importer:
    """Collects the names one fix uses; `edits()` then gives the imports it must add."""

    facts: object
    at: object  # the node the fix edits (scope of the names)
    idx: ImportIndex = None
    lines: list = field(default_factory=list)  # new import statements
    merged: dict = field(default_factory=dict)  # id(ImportFrom) -> (node, [names])
    taken: set = field(default_factory=set)  # names this fix binds
    failed: bool = False

    def __post_init__(self) -> None:
        self.idx = index(self.facts)

    def _bound(self, path: str) -> str | None:
        name = self.idx.bound(path, self.at)
        if name is not None:
            return name
        for _, name, bound_path in self.lines:
            if bound_path == path:
                return name
        return None

    def _free(self, name: str) -> bool:
        return self.idx.free(name) and name not in self.taken

    def expr(self, path: str, allow_import: bool = True) -> str | None:
        """The file's expression for the canonical `path`, importing what it needs."""
        found = self._existing(path)
        if found is not None or not allow_import:
            return found
        result = self._imported(path)
        if result is None:
            self.failed = True
        return result

    def _existing(self, path: str) -> str | None:
        name = self._bound(path)
        if name is not None:
            return name
        if path in _VIA:
            parent, attr = _VIA[path]
            inner = self._existing(parent)
            if inner is not None:
                return f"{inner}.{attr}"
        if "." in path:
            parent, attr = path.rsplit(".", 1)
            inner = self._existing(parent)
            if inner is not None:
                return f"{inner}.{attr}"
        return None

    def _imported(self, path: str) -> str | None:
        root = self.idx.keras_root
        if "." in path:
            parent, attr = path.rsplit(".", 1)
            # `from <module> import a, b` already there: add the name to it
            if self._free(attr):
                for node, base, scope in self.idx.from_imports:
                    if canonical(base) == parent and scope is None and \
                            isinstance(node.names, (list, tuple)) and node.names and \
                            not all(canonical(f"{base}.{dotted(a.name)}") in _MODULES
                                    for a in node.names):  # functions come from it
                        self.merged.setdefault(id(node), (node, []))[1].append(attr)
                        self.taken.add(attr)
                        return attr
        elif path in _VIA:
            inner = self._existing(_VIA[path][0])
            if inner is not None:
                return f"{inner}.{_VIA[path][1]}"
        spec = _module_import(path, root)
        if spec is not None:
            line, name = spec
            if not self._free(name):
                return None
            self.lines.append((line, name, path))
            self.taken.add(name)
            return name
        if "." in path:
            parent, attr = path.rsplit(".", 1)
            inner = self._existing(parent) or self._imported(parent)
            return f"{inner}.{attr}" if inner is not None else None
        return None

    def edits(self) -> tuple[NodeEdit, ...] | None:
        """The import edits, or None when a needed name could not be imported."""
        if self.failed:
            return None
        out = []
        for node, names in self.merged.values():
            last = node.names[-1]
            out.append(NodeEdit(last, "".join(f", {n}" for n in names), "after"))
        if self.lines:
            text = "\n".join(line for line, _, _ in self.lines)
            if self.idx.anchor is not None:
                out.append(NodeEdit(self.idx.anchor, text, "next_line"))
            elif self.idx.first is not None:
                out.append(NodeEdit(self.idx.first, text, "line_before"))
            else:
                return None
        return tuple(out)


def resolve(facts, node) -> str | None:
    """The canonical path an expression names (`tf.math` -> `tf`, `K` -> `K`), from the
    imports visible where it is written; None for what no import binds."""
    text = dotted(node)
    if not text:
        return None
    idx = index(facts)
    head, _, rest = text.partition(".")
    scopes = idx.scopes(node)
    for scope in scopes:
        paths = [b.path for b in idx.bindings if b.scope is scope and b.name == head]
        if paths:
            return canonical(f"{paths[-1]}.{rest}" if rest else paths[-1])
    return None


class Assignments(cst.CSTVisitor):
    """Every `name = value` of a file, for fixes that edit the one literal a value came from."""

    def __init__(self) -> None:
        self.values: dict[str, list] = {}
        self.other: set[str] = set()

    @classmethod
    def of(cls, module):
        visitor = cls()
        module.visit(visitor)
        return visitor

    def _bind_other(self, target) -> None:
        if isinstance(target, cst.Name):
            self.other.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_other(element.value)
        elif isinstance(target, cst.StarredElement):
            self._bind_other(target.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name) and len(node.targets) == 1:
                self.values.setdefault(target.target.value, []).append(node.value)
            else:
                self._bind_other(target.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, cst.Name):
            self.values.setdefault(node.target.value, []).append(node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind_other(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._bind_other(node.target)

    def visit_Param(self, node: cst.Param) -> None:
        self.other.add(node.name.value)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._bind_other(node.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_other(node.target)
