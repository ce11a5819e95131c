"""The abstract interpreter: evaluates module and function bodies in order, binding names to
abstract values, inlining calls of user functions, and recording Facts.

It steps through statements and evaluates only the expressions they hold (no metadata
providers, no full-tree visitor), so its cost stays a fraction of libcst's parse. Whatever it
cannot know is UNKNOWN, and rules stay silent on UNKNOWN.
"""
from __future__ import annotations

import libcst as cst

from siamlint.analysis import ops
from siamlint.analysis.applications import (
    APPLICATIONS,
    application_input_shape,
    application_output_shape,
    bind_application,
    is_pretrained,
)
from siamlint.analysis.facts import (
    Arith,
    Compile,
    Facts,
    Fit,
    InputFact,
    LossFacts,
    Merge,
    Sqrt,
    TowerCall,
    Trainable,
)
from siamlint.analysis.layers import LAYERS, bind, output_shape
from siamlint.analysis.names import canonical
from siamlint.analysis.values import (
    UNKNOWN,
    Array,
    BoundMethod,
    DType,
    FullShape,
    Function,
    Instance,
    Layer,
    LayerSlice,
    Model,
    Opaque,
    PyClass,
    Ref,
    ShapeConflict,
    Tensor,
)

MAX_CALL_DEPTH = 8
MAX_FOLDED = 10_000  # longest string, list or tuple built by folding constants
MAX_STEPS = 200_000  # evaluation steps per file; past it the analysis stops (and says so)

DTYPE_NAMES = frozenset({
    "float16", "float32", "float64", "bfloat16", "half", "double", "single",
    "int8", "int16", "int32", "int64", "uint8", "uint16", "bool", "bool_", "complex64",
})
_DTYPE_ALIASES = {"half": "float16", "single": "float32", "double": "float64", "bool_": "bool",
                  "float": "float64", "int": "int64"}
MERGE_LAYERS = {"Concatenate": "concat", "Add": "add", "Subtract": "subtract",
                "Multiply": "multiply", "Average": "average", "Maximum": "maximum",
                "Minimum": "minimum", "Dot": "dot"}
MERGE_FUNCTIONS = {"concatenate": "Concatenate", "add": "Add", "subtract": "Subtract",
                   "multiply": "Multiply", "average": "Average", "maximum": "Maximum",
                   "minimum": "Minimum", "dot": "Dot"}
BOUNDED_ACTIVATIONS = frozenset({"sigmoid", "tanh", "hard_sigmoid", "softsign", "softmax"})
WEIGHTED_LAYERS = frozenset({
    "Dense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D",
    "DepthwiseConv2D", "Conv2DTranspose", "LSTM", "GRU", "SimpleRNN", "Bidirectional",
    "BatchNormalization", "LayerNormalization", "TimeDistributed",
})
_BINOPS = {cst.Add: "add", cst.Subtract: "sub", cst.Multiply: "mul", cst.Divide: "div",
           cst.FloorDivide: "floordiv", cst.Modulo: "mod", cst.Power: "pow",
           cst.MatrixMultiply: "matmul"}
_OP_FUNCTIONS = {"subtract": "sub", "add": "add", "multiply": "mul", "divide": "div",
                 "truediv": "div", "divide_no_nan": "div", "maximum": "max", "minimum": "min",
                 "pow": "pow", "power": "pow", "squared_difference": "sqdiff"}
LABEL, PRED = "y_true", "y_pred"  # raw labels (a cast removes it), model output
FLOW = frozenset({LABEL, PRED, "label"})  # "label": anything derived from y_true, cast or not


class AnalysisLimit(Exception):
    """A per-file bound was hit; the facts gathered so far stand."""


class Scope:
    __slots__ = ("vars", "parent", "returns", "stars")

    def __init__(self, parent: Scope | None = None) -> None:
        self.vars: dict = {}
        self.parent = parent
        self.returns: list = []
        self.stars: list[str] = parent.stars if parent is not None else []

    def lookup(self, name: str):
        scope = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return _BUILTINS.get(name, UNKNOWN)


_BUILTINS = {"abs": Ref("builtins.abs"), "len": Ref("builtins.len"), "list": Ref("builtins.list"),
             "tuple": Ref("builtins.tuple"), "int": Ref("builtins.int"),
             "float": Ref("builtins.float"), "super": Ref("builtins.super"),
             "print": Ref("builtins.print"), "dict": Ref("builtins.dict"),
             "enumerate": Ref("builtins.enumerate"), "reversed": Ref("builtins.reversed"),
             "None": None, "True": True, "False": False,
             # builtins that are never Keras names, even after a star import
             **{name: UNKNOWN for name in ("max", "min", "sum", "range", "zip", "sorted", "map",
                                           "filter", "round", "pow", "any", "all", "isinstance",
                                           "str", "bool", "set", "open", "iter", "next", "type",
                                           "getattr", "hasattr", "setattr", "vars", "id",
                                           "object", "slice", "divmod", "hash", "format")}}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_tensorish(value) -> bool:
    return isinstance(value, (Tensor, Array))


def _shape_of(value):
    return value.shape if _is_tensorish(value) else None


def dtype_name(value) -> str | None:
    """`np.float32`, `tf.float64`, `"float32"`, `np.dtype("float32")` -> the dtype's name."""
    if isinstance(value, DType):
        return value.name
    if isinstance(value, str):
        name = _DTYPE_ALIASES.get(value, value)
        return name if name in DTYPE_NAMES else None
    if isinstance(value, Ref) and value.path in ("builtins.float", "builtins.int"):
        return "float64" if value.path.endswith("float") else "int64"
    return None


def _literal_shape(value, memo=None):
    """Shape and dtype of a nested Python list/tuple of numbers: ((2, 3), "float64").
    Memoised by identity: `a = [a, a]` repeated shares its items, and a tree walk of it
    would take 2**n steps."""
    memo = {} if memo is None else memo
    if id(value) in memo:
        return memo[id(value)]
    memo[id(value)] = None  # a list that contains itself has no shape
    memo[id(value)] = result = _literal_shape_of(value, memo)
    return result


def _literal_shape_of(value, memo):
    if _is_number(value) or isinstance(value, bool):
        return (), ("float64" if isinstance(value, float) else "int64")
    if isinstance(value, Array):
        return (value.shape, value.dtype) if value.shape is not None else None
    if isinstance(value, (list, tuple)) and value:
        inner = [_literal_shape(v, memo) for v in value]
        if any(i is None for i in inner) or len({i[0] for i in inner}) != 1:
            return None
        dtypes = {i[1] for i in inner}
        dtype = "float64" if "float64" in dtypes else inner[0][1]
        return (len(value),) + inner[0][0], dtype
    return None


def _promote(a: str | None, b: str | None) -> str | None:
    """NumPy's promotion for the float/int dtypes Siamese code mixes."""
    if a is None or b is None:
        return None
    if a == b:
        return a
    order = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
             "float32", "float64"]
    if a in order and b in order:
        if a.startswith("int") and b.startswith("float") or b.startswith("int") and a.startswith("float"):
            float_side = a if a.startswith("float") else b
            return "float64" if float_side in ("float16", "float32") and False else float_side
        return max(a, b, key=order.index)
    return None


class Interpreter:
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.facts = Facts(module=module)
        self.seq = 0
        self.steps = 0
        self.stack: list = []  # functions being inlined (recursion guard)
        self.sites: list = []  # the call nodes that inlined them, outermost first
        self.lambda_node = None  # the Lambda/merge call whose body is being evaluated
        self.loss: LossFacts | None = None
        self.called: set = set()
        self.epoch = 0
        self.module_functions: list[Function] = []
        self.module_classes: list[PyClass] = []
        self.policy: str | None = "float32"  # the compute dtype of layers (mixed precision)

    # ----------------------------------------------------------------- driver
    def run(self) -> Facts:
        scope = Scope()
        try:
            self.exec_block(self.module.body, scope)
            for function in self.module_functions:
                if function not in self.called:
                    self.epoch += 1
                    self.inline(function, [], {}, function.node, default_only=True)
            for cls in self.module_classes:
                self.run_uncalled_methods(cls)
        except AnalysisLimit as exc:
            self.facts.limits.append(str(exc))
        self.mark_leading_batch_axes()
        return self.facts

    def run_uncalled_methods(self, cls: PyClass) -> None:
        """Methods nothing in the file calls (a model builder's `build()`), run on an instance
        made by `__init__` with its defaults: what they build is checked too."""
        own = [m for m in cls.methods.values() if m not in self.called]
        if not own:
            return
        self.epoch += 1
        instance = Instance(cls, {}, cls.node)
        init = cls.methods.get("__init__")
        if init is not None:
            self.inline(init, [], {}, init.node, default_only=True, bound=instance)
        for method in own:
            if method is not init and method not in self.called:
                self.epoch += 1
                self.inline(method, [], {}, method.node, default_only=True, bound=instance)

    def mark_leading_batch_axes(self) -> None:
        """`Input(shape=(None, 64, 64, 3))` where the pair partner is declared (64, 64, 3), or
        the tower it feeds was built for (64, 64, 3): the leading None is a batch axis. (A
        leading None alone is a variable-length axis, as in `shape=(None, 64)` sequences.)"""
        from siamlint.analysis.pairs import pairs

        candidates = [f for f in self.facts.inputs if not f.batch_in_shape
                      and isinstance(f.declared, tuple) and len(f.declared) >= 2
                      and f.declared[0] is None]
        if not candidates:
            return
        marked = []
        for fact in candidates:
            per_sample = tuple(fact.declared[1:])
            # (None, 16) beside (16,) may as well be a sequence of 16-vectors: not evidence
            for pair in pairs(self.facts) if len(per_sample) >= 2 else ():
                other = pair.second if pair.first is fact else pair.first if pair.second is fact \
                    else None
                if other is not None and isinstance(other.declared, tuple) \
                        and tuple(other.declared) == per_sample:
                    marked.append(fact)
                    break
            else:
                for call in self.facts.tower_calls:
                    tower = call.tower
                    expected = None
                    if isinstance(tower, Model):
                        expected = tower.input_shapes[0] if tower.input_shapes \
                            and len(tower.input_shapes) == 1 else tower.built_for
                    if call.arg is fact.tensor and expected is not None \
                            and tuple(expected[1:]) == per_sample:
                        marked.append(fact)
                        break
        for fact in marked:
            fact.batch_in_shape = True

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise AnalysisLimit(f"analysis stopped after {MAX_STEPS} steps")

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    # ------------------------------------------------------------- statements
    def exec_block(self, body, scope: Scope) -> None:
        for stmt in body:
            self.exec_stmt(stmt, scope)

    def exec_stmt(self, stmt, scope: Scope) -> None:
        self.tick()
        if isinstance(stmt, cst.BaseSmallStatement):
            self.exec_small(stmt, scope)  # the body of a one-line suite: `def f(x): return x`
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.exec_small(small, scope)
        elif isinstance(stmt, cst.FunctionDef):
            function = Function(stmt, stmt.name.value, scope)
            function.defaults = self.eval_defaults(stmt.params, scope)
            scope.vars[stmt.name.value] = function
            if scope.parent is None:
                self.module_functions.append(function)
        elif isinstance(stmt, cst.ClassDef):
            self.exec_class(stmt, scope)
        elif isinstance(stmt, cst.If):
            self.exec_if(stmt, scope)
        elif isinstance(stmt, (cst.For, cst.While)):
            self.exec_loop(stmt, scope)
        elif isinstance(stmt, cst.With):
            if any(_expects_error(item.item) for item in stmt.items):
                return  # `with pytest.raises(...)`: code written to fail, on purpose
            for item in stmt.items:
                value = self.ev(item.item, scope)
                if item.asname is not None:
                    self.assign(item.asname.name, UNKNOWN if value is None else value, scope)
            self.exec_block(self._body(stmt.body), scope)
        elif isinstance(stmt, (cst.Try, cst.TryStar)):
            self.exec_block(self._body(stmt.body), scope)
            for handler in stmt.handlers:
                self.exec_branches(scope, [self._body(handler.body), []])
            if stmt.orelse is not None:
                self.exec_block(self._body(stmt.orelse.body), scope)
            if stmt.finalbody is not None:
                self.exec_block(self._body(stmt.finalbody.body), scope)

    @staticmethod
    def _body(block):
        return block.body if isinstance(block, cst.IndentedBlock) else block.body

    def exec_small(self, small, scope: Scope) -> None:
        if isinstance(small, cst.Assign):
            value = self.ev(small.value, scope)
            for target in small.targets:
                self.assign(target.target, value, scope)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                self.assign(small.target, self.ev(small.value, scope), scope)
        elif isinstance(small, cst.AugAssign):
            op = _AUG.get(type(small.operator))
            current = self.ev(small.target, scope)
            value = self.binary(op, current, self.ev(small.value, scope), small) if op else UNKNOWN
            self.assign(small.target, value, scope)
        elif isinstance(small, cst.Expr):
            self.ev(small.value, scope)
        elif isinstance(small, cst.Return):
            scope.returns.append(self.ev(small.value, scope) if small.value is not None else None)
        elif isinstance(small, cst.Import):
            for alias in small.names:
                dotted = _dotted(alias.name)
                if alias.asname is not None:
                    scope.vars[alias.asname.name.value] = Ref(canonical(dotted))
                    self.facts.aliases.setdefault(canonical(dotted), alias.asname.name.value)
                else:
                    top = dotted.split(".")[0]
                    scope.vars[top] = Ref(canonical(top)) if top != "tensorflow" else Ref("tf")
        elif isinstance(small, cst.ImportFrom):
            self.exec_import_from(small, scope)
        elif isinstance(small, (cst.Global, cst.Nonlocal)):
            for name in small.names:
                scope.vars.pop(name.name.value, None)

    def exec_import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        if node.module is None or node.relative:
            names = [] if isinstance(node.names, cst.ImportStar) else node.names
            for alias in names:
                scope.vars[_alias_name(alias)] = UNKNOWN
            return
        base = _dotted(node.module)
        if isinstance(node.names, cst.ImportStar):
            scope.stars.append(canonical(base))
            return
        for alias in node.names:
            path = canonical(f"{base}.{_dotted(alias.name)}")
            scope.vars[_alias_name(alias)] = Ref(path)
            self.facts.aliases.setdefault(path, _alias_name(alias))

    def exec_class(self, node: cst.ClassDef, scope: Scope) -> None:
        bases = []
        for arg in node.bases:
            base = self.ev(arg.value, scope)
            if isinstance(base, Ref):
                bases.append(base.path)
            elif isinstance(base, PyClass):
                bases.extend(base.bases)
        cls = PyClass(node, node.name.value, {}, tuple(bases), scope)
        for stmt in self._body(node.body):
            if isinstance(stmt, cst.FunctionDef):
                method = Function(stmt, stmt.name.value, scope)
                method.defaults = self.eval_defaults(stmt.params, scope)
                cls.methods[stmt.name.value] = method
        parents = [scope.lookup(arg.value.value) for arg in node.bases
                   if isinstance(arg.value, cst.Name)]
        for parent in parents:
            if isinstance(parent, PyClass):
                cls.methods = {**parent.methods, **cls.methods}
        scope.vars[node.name.value] = cls
        if scope.parent is None:
            self.module_classes.append(cls)

    def exec_if(self, node: cst.If, scope: Scope) -> None:
        test = self.ev(node.test, scope)
        orelse = []
        if isinstance(node.orelse, cst.If):
            orelse = [node.orelse]
        elif node.orelse is not None:
            orelse = self._body(node.orelse.body)
        if test is True or _is_main_guard(node.test):
            self.exec_block(self._body(node.body), scope)
        elif test is False:
            self.exec_block(orelse, scope)
        else:
            self.exec_branches(scope, [self._body(node.body), orelse])

    def exec_branches(self, scope: Scope, bodies) -> None:
        """Run each branch from the same state; a name bound differently becomes UNKNOWN."""
        before = dict(scope.vars)
        mutables = _mutables(scope)
        outcomes = []
        for body in bodies:
            scope.vars = dict(before)
            self.exec_block(body, scope)
            outcomes.append(scope.vars)
        merged = {}
        for key in set().union(*outcomes):
            values = [out.get(key, _MISSING) for out in outcomes]
            first = values[0]
            merged[key] = first if all(v is first for v in values) and first is not _MISSING \
                else UNKNOWN
        scope.vars = merged
        _forget_mutations(mutables, scope)  # `if x: model.add(...)`: maybe, maybe not

    def exec_loop(self, node, scope: Scope) -> None:
        """A loop over `model.layers[...]` is understood; other loops make what they bind unknown."""
        iterable = self.ev(node.iter, scope) if isinstance(node, cst.For) else UNKNOWN
        before = dict(scope.vars)
        mutables = _mutables(scope)
        if isinstance(node, cst.For):
            if isinstance(iterable, _Enumerate) and isinstance(iterable.inner, LayerSlice):
                # for i, layer in enumerate(base.layers): the index is unknown, the layer known
                item = (UNKNOWN, LayerSlice(iterable.inner.model, iterable.inner.whole))
            elif isinstance(iterable, LayerSlice):
                item = LayerSlice(iterable.model, iterable.whole)
            else:
                item = UNKNOWN
            self.assign(node.target, item, scope)
        self.exec_block(self._body(node.body), scope)
        for key, value in list(scope.vars.items()):
            old = before.get(key, _MISSING)
            if old is not value and not isinstance(value, (Function, PyClass)):
                # `labels += [0]`: a list that grew by concatenation keeps its kind of items
                grew = isinstance(old, list) and isinstance(value, list) \
                    and len(value) > len(old) and all(a is b for a, b in zip(old, value))
                scope.vars[key] = _Grown(value) if grew else UNKNOWN
        # the body ran once here, but runs any number of times: what it appended is unknown
        _forget_mutations(mutables, scope, grown=True)
        if node.orelse is not None:
            self.exec_block(self._body(node.orelse.body), scope)

    # -------------------------------------------------------------- binding
    def assign(self, target, value, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            name = target.value
            if isinstance(value, Ref) and scope.parent is None:
                self.facts.aliases.setdefault(value.path, name)
            if isinstance(value, (Tensor, Array, Layer, Model)) and value.name is None:
                value.name = name
            fact = self.facts.input_of(value) if isinstance(value, Tensor) else None
            if fact is not None and fact.name is None:
                fact.name = name
            scope.vars[name] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.value for e in target.elements]
            if isinstance(value, (tuple, list)) and len(value) == len(elements) \
                    and not any(isinstance(e, cst.StarredElement) for e in target.elements):
                for element, item in zip(elements, value):
                    self.assign(element, item, scope)
            else:
                for element in elements:
                    self.assign(element, UNKNOWN, scope)
        elif isinstance(target, cst.Attribute):
            obj = self.ev(target.value, scope)
            attr = target.attr.value
            if attr == "trainable":
                self.set_trainable(obj, value, target)
            if isinstance(obj, Instance):
                obj.attrs[attr] = value
        elif isinstance(target, cst.Subscript):
            container = self.ev(target.value, scope)
            key = self._index(target, scope)
            if isinstance(container, dict) and key is not UNKNOWN:
                try:
                    container[key] = value
                except TypeError:
                    pass

    def set_trainable(self, obj, value, node) -> None:
        if isinstance(obj, LayerSlice):
            fact = Trainable(obj.model, value, node, self.next_seq(), self.epoch, per_layer=True)
            fact.whole = obj.whole
        elif isinstance(obj, (Layer, Model, Instance)):
            fact = Trainable(obj, value, node, self.next_seq(), self.epoch)
            fact.whole = True
            if not isinstance(obj, Instance):
                obj.trainable = value
        else:
            return
        self.facts.trainable.append(fact)

    # ---------------------------------------------------------- expressions
    def ev(self, node, scope: Scope):
        self.tick()
        method = _DISPATCH.get(type(node))
        return method(self, node, scope) if method is not None else UNKNOWN

    def ev_name(self, node: cst.Name, scope: Scope):
        value = scope.lookup(node.value)
        if value is UNKNOWN and node.value not in _BUILTINS:
            for star in scope.stars:
                candidate = canonical(f"{star}.{node.value}")
                if _known_path(candidate):
                    return Ref(candidate)
        return value

    def ev_number(self, node, scope):
        try:
            text = node.value.replace("_", "")
            return int(text, 0) if isinstance(node, cst.Integer) else float(text)
        except ValueError:
            return UNKNOWN

    def ev_string(self, node, scope):
        if isinstance(node, cst.SimpleString):
            text = node.value
            if text[0] in "'\"" and "\\" not in text:
                # the common case, without ast.literal_eval's compile() per string
                quote = 3 if text[:3] in ('"""', "'''") else 1
                return text[quote:-quote]
            try:
                value = node.evaluated_value
            except Exception:  # noqa: BLE001 - odd prefixes: unknown
                return UNKNOWN
            return value if isinstance(value, str) else UNKNOWN
        if isinstance(node, cst.ConcatenatedString):
            parts = []  # iteratively: generated files chain thousands of literals
            while isinstance(node, cst.ConcatenatedString):
                parts.append(node.left)
                node = node.right
            parts.append(node)
            values = [self.ev(part, scope) for part in parts]
            return "".join(values) if all(isinstance(v, str) for v in values) else UNKNOWN
        return UNKNOWN

    def ev_tuple(self, node, scope):
        values = []
        for element in node.elements:
            if isinstance(element, cst.StarredElement):
                inner = self.ev(element.value, scope)
                if not isinstance(inner, (tuple, list)):
                    return UNKNOWN
                values.extend(inner)
            else:
                values.append(self.ev(element.value, scope))
        return tuple(values) if isinstance(node, cst.Tuple) else values

    def ev_dict(self, node: cst.Dict, scope):
        out = {}
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                return UNKNOWN
            key = self.ev(element.key, scope)
            value = self.ev(element.value, scope)
            try:
                out[key] = value
            except TypeError:
                return UNKNOWN
        return out

    def ev_unary(self, node: cst.UnaryOperation, scope):
        value = self.ev(node.expression, scope)
        if isinstance(node.operator, cst.Minus):
            if _is_number(value):
                return -value
            if _is_tensorish(value):
                return self.unary_op("negative", value, node)
        if isinstance(node.operator, cst.Not) and isinstance(value, bool):
            return not value
        if isinstance(node.operator, cst.Plus) and (_is_number(value) or _is_tensorish(value)):
            return value
        return UNKNOWN

    def ev_binary(self, node: cst.BinaryOperation, scope):
        left = self.ev(node.left, scope)
        right = self.ev(node.right, scope)
        op = _BINOPS.get(type(node.operator))
        return self.binary(op, left, right, node) if op else UNKNOWN

    def ev_compare(self, node: cst.Comparison, scope):
        self.ev(node.left, scope)
        for target in node.comparisons:
            self.ev(target.comparator, scope)
        return UNKNOWN

    def ev_ifexp(self, node: cst.IfExp, scope):
        test = self.ev(node.test, scope)
        body, orelse = self.ev(node.body, scope), self.ev(node.orelse, scope)
        if test is True:
            return body
        if test is False:
            return orelse
        return body if body is orelse else UNKNOWN

    def ev_lambda(self, node: cst.Lambda, scope):
        function = Function(node, "<lambda>", scope, is_lambda=True)
        function.defaults = self.eval_defaults(node.params, scope)
        return function

    def ev_attribute(self, node: cst.Attribute, scope):
        base = self.ev(node.value, scope)
        return self.attribute(base, node.attr.value)

    def attribute(self, base, attr: str):
        if isinstance(base, Ref):
            path = canonical(f"{base.path}.{attr}")
            head = path.split(".")[0]
            if head in ("np", "tf") and attr in DTYPE_NAMES and path.count(".") == 1:
                return DType(_DTYPE_ALIASES.get(attr, attr))
            if path in ("np.newaxis", "tf.newaxis"):
                return None
            return Ref(path)
        if isinstance(base, (Model, Layer)):
            return self.model_attribute(base, attr)
        if isinstance(base, (Tensor, Array)):
            if attr == "shape":
                if base.shape is None:
                    return UNKNOWN
                if isinstance(base, Array) and not base.samples:
                    return tuple(base.shape)  # one sample's shape: x_train[0].shape
                return FullShape(base.shape)
            if attr == "dtype":
                return DType(base.dtype) if base.dtype else UNKNOWN
            if attr == "ndim":
                return len(base.shape) if base.shape is not None else UNKNOWN
            if attr == "T" and isinstance(base, Array):
                return Array(base.shape[::-1] if base.shape else None, base.dtype, base.node)
            return BoundMethod(base, attr)
        if isinstance(base, Instance):
            if attr in base.attrs:
                return base.attrs[attr]
            method = base.cls.methods.get(attr)
            if method is not None:
                return BoundMethod(base, attr, method)
            return BoundMethod(base, attr) if _is_keras_class(base.cls) else UNKNOWN
        if isinstance(base, PyClass):
            return base.methods.get(attr, UNKNOWN)
        if isinstance(base, (list, dict)) and attr in ("append", "extend", "get"):
            return BoundMethod(base, attr)
        if isinstance(base, LayerSlice) and attr == "trainable":
            return UNKNOWN
        return UNKNOWN

    def model_attribute(self, obj, attr: str):
        if attr == "trainable":
            return obj.trainable
        if isinstance(obj, Layer):
            if attr == "output" and obj.calls:
                return obj.calls[-1].result
            return BoundMethod(obj, attr)
        if attr == "layers":
            return LayerSlice(obj, True)
        if attr in ("input_shape", "output_shape"):
            shapes = obj.input_shapes if attr == "input_shape" else [obj.output_shape]
            if shapes and len(shapes) == 1 and shapes[0] is not None:
                return FullShape(shapes[0])
            return UNKNOWN
        if attr in ("output", "outputs", "input", "inputs"):
            items = obj.outputs if attr.startswith("output") else obj.inputs
            if attr.endswith("s"):
                return list(items) if items else UNKNOWN
            return items[0] if len(items) == 1 else UNKNOWN
        return BoundMethod(obj, attr)

    def _index(self, node: cst.Subscript, scope):
        if len(node.slice) != 1:
            return tuple(self._slice_value(s.slice, scope) for s in node.slice)
        return self._slice_value(node.slice[0].slice, scope)

    def _slice_value(self, element, scope):
        if isinstance(element, cst.Index):
            return self.ev(element.value, scope)
        if isinstance(element, cst.Slice):
            parts = [self.ev(p, scope) if p is not None else None
                     for p in (element.lower, element.upper, element.step)]
            if all(p is None or isinstance(p, int) for p in parts):
                return slice(*parts)
        return UNKNOWN

    def ev_subscript(self, node: cst.Subscript, scope):
        base = self.ev(node.value, scope)
        key = self._index(node, scope)
        if isinstance(base, (tuple, list)):
            if isinstance(key, (int, slice)) and not isinstance(key, bool):
                try:
                    item = base[key]
                except IndexError:
                    return UNKNOWN
                return tuple(item) if isinstance(base, FullShape) and isinstance(key, slice) else item
            return UNKNOWN
        if isinstance(base, dict):
            try:
                return base.get(key, UNKNOWN)
            except TypeError:
                return UNKNOWN
        if isinstance(base, LayerSlice):
            if isinstance(key, slice):
                whole = key == slice(None) or key == slice(0, None)
                return LayerSlice(base.model, base.whole and whole)
            return LayerSlice(base.model, False)
        if isinstance(base, Array) and base.shape is not None:
            return self.index_array(base, key, node)
        if isinstance(base, Tensor):
            return Tensor(None, base.dtype, node, sources=base.sources, eager=base.eager,
                          tags=base.tags & FLOW)
        return UNKNOWN

    def index_array(self, array: Array, key, node):
        keys = key if isinstance(key, tuple) else (key,)
        shape = list(array.shape)
        out, i = [], 0
        for k in keys:
            if k is None:
                out.append(1)
            elif k is Ellipsis:
                after = keys[keys.index(Ellipsis) + 1:]
                rest = sum(1 for a in after if a is not None)  # None adds an axis, takes none
                stop = len(shape) - rest
                out.extend(shape[i:stop])
                i = stop
            elif isinstance(k, slice):
                if i >= len(shape):
                    return Array(None, array.dtype, node)
                full = k == slice(None) or (k.step == -1 and k.start is None and k.stop is None)
                out.append(shape[i] if full else None)
                i += 1
            elif isinstance(k, int) and not isinstance(k, bool):
                i += 1
            else:
                return Array(None, array.dtype, node)
        out.extend(shape[i:])
        samples = array.samples
        if keys and keys[0] is None:
            samples = True  # x[None, ...]: a new sample axis
        elif keys and isinstance(keys[0], int) and not isinstance(keys[0], bool):
            samples = False  # x[0]: one sample
        return Array(tuple(out), array.dtype, node, samples=samples)

    def ev_ellipsis(self, node, scope):
        return Ellipsis

    def ev_call(self, node: cst.Call, scope):
        func = self.ev(node.func, scope)
        args, kwargs = [], {}
        for arg in node.args:
            value = self.ev(arg.value, scope)
            if arg.star == "*":
                if isinstance(value, (tuple, list)):
                    args.extend(value)
                else:
                    args.append(_STARRED)
            elif arg.star == "**":
                if isinstance(value, dict) and all(isinstance(k, str) for k in value):
                    kwargs.update(value)
                else:
                    kwargs[_STARRED] = UNKNOWN
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = value
            else:
                args.append(value)
        if _STARRED in args or _STARRED in kwargs:
            return UNKNOWN
        return self.apply(func, args, kwargs, node)

    # ----------------------------------------------------------------- calls
    def apply(self, func, args, kwargs, node):
        if isinstance(func, Ref):
            return self.call_library(func.path, args, kwargs, node)
        if isinstance(func, Function):
            return self.inline(func, args, kwargs, node)
        if isinstance(func, BoundMethod):
            return self.call_method(func, args, kwargs, node)
        if isinstance(func, Layer):
            return self.call_layer(func, args, kwargs, node)
        if isinstance(func, Model):
            return self.call_model(func, args, kwargs, node)
        if isinstance(func, PyClass):
            return self.instantiate(func, args, kwargs, node)
        if isinstance(func, Instance):
            method = func.cls.methods.get("call") or func.cls.methods.get("__call__")
            if method is not None:
                return self.call_instance(func, method, args, kwargs, node)
        return UNKNOWN

    def eval_defaults(self, params: cst.Parameters, scope) -> dict:
        defaults = {}
        for param in [*params.params, *params.kwonly_params, *params.posonly_params]:
            if param.default is not None:
                defaults[param.name.value] = self.ev(param.default, scope)
        return defaults

    def inline(self, function: Function, args, kwargs, node, default_only=False, bound=None):
        """Evaluate a user function's body with its arguments bound (depth-limited)."""
        self.called.add(function)
        if function in self.stack or len(self.stack) >= MAX_CALL_DEPTH:
            return UNKNOWN
        scope = Scope(function.scope)
        params = function.node.params
        positional = [*params.posonly_params, *params.params]
        values = ([bound] if bound is not None else []) + list(args)
        defaults = getattr(function, "defaults", {})
        for index, param in enumerate(positional):
            name = param.name.value
            if index < len(values):
                scope.vars[name] = values[index]
            elif name in kwargs:
                scope.vars[name] = kwargs[name]
            else:
                scope.vars[name] = defaults.get(name, UNKNOWN)
        for param in params.kwonly_params:
            name = param.name.value
            scope.vars[name] = kwargs.get(name, defaults.get(name, UNKNOWN))
        if isinstance(params.star_arg, cst.Param):
            extra = values[len(positional):]
            scope.vars[params.star_arg.name.value] = tuple(extra)
        if params.star_kwarg is not None:
            scope.vars[params.star_kwarg.name.value] = UNKNOWN
        if default_only:
            keep = positional[0].name.value if bound is not None and positional else None
            for name in list(scope.vars):
                if name not in defaults and name != keep:
                    scope.vars[name] = UNKNOWN
        self.stack.append(function)
        self.sites.append(node)
        try:
            if function.is_lambda:
                return self.ev(function.node.body, scope)
            self.exec_block(self._body(function.node.body), scope)
        finally:
            self.stack.pop()
            self.sites.pop()
        returns = scope.returns
        if not returns:
            return None
        first = returns[0]
        return first if all(r is first for r in returns) else UNKNOWN

    def instantiate(self, cls: PyClass, args, kwargs, node):
        instance = Instance(cls, {}, node)
        init = cls.methods.get("__init__")
        if init is not None:
            self.inline(init, args, kwargs, node, bound=instance)
        return instance

    def call_instance(self, instance: Instance, method, args, kwargs, node):
        """A subclassed Layer or Model called on tensors: its call() is a merge of the inputs."""
        tensors = [a for a in args if isinstance(a, Tensor)]
        previous = self.lambda_node
        if not _is_model_class(instance.cls):
            # a custom layer's call() is one merge; a subclassed Model's is ordinary code
            self.lambda_node = node
        try:
            result = self.inline(method, args, kwargs, node, bound=instance)
        finally:
            self.lambda_node = previous
        if len(tensors) >= 2 and isinstance(result, Tensor):
            self.facts.merges.append(Merge("layer", tensors, result, node, self.next_seq()))
        return result

    def symbolic_output(self, instance: Instance):
        """The output of a subclassed Model, evaluated once on a fresh pair of inputs."""
        if "__output__" in instance.attrs:
            return instance.attrs["__output__"]
        instance.attrs["__output__"] = UNKNOWN
        method = instance.cls.methods.get("call")
        if method is None:
            return UNKNOWN
        pair = []
        for _ in range(2):
            tensor = Tensor(None, "float32", method.node)
            tensor.sources = frozenset([tensor])
            pair.append(tensor)
        result = self.inline(method, [pair], {}, method.node, bound=instance)
        instance.attrs["__output__"] = result
        return result

    def call_method(self, method: BoundMethod, args, kwargs, node):
        obj, name = method.obj, method.name
        if method.function is not None:
            return self.inline(method.function, args, kwargs, node, bound=obj)
        if isinstance(obj, (Model, Instance)) or (isinstance(obj, Layer) and name == "get_weights"):
            if name == "compile":
                return self.record_compile(obj, args, kwargs, node)
            if name in ("fit", "predict", "evaluate", "train_on_batch", "predict_on_batch",
                        "test_on_batch"):
                x = args[0] if args else kwargs.get("x", UNKNOWN)
                y = args[1] if len(args) > 1 else kwargs.get("y", UNKNOWN)
                self.facts.fits.append(Fit(obj, name, node, self.next_seq(), self.epoch, x, y))
                return UNKNOWN
        if isinstance(obj, Model):
            if name == "add" and args:
                self.sequential_add(obj, args[0], node)
                return None
            if name == "get_layer":
                return self.get_layer(obj, args, kwargs)
            return UNKNOWN
        if isinstance(obj, Array):
            return self.array_method(obj, name, args, kwargs, node)
        if isinstance(obj, Tensor) and name == "numpy":
            return Array(obj.shape, obj.dtype, node)
        if isinstance(obj, list) and name == "append" and args:
            obj.append(args[0])
            return None
        if isinstance(obj, list) and name == "extend" and args and isinstance(args[0], (list, tuple)):
            obj.extend(args[0])
            return None
        if isinstance(obj, dict) and name == "get" and args:
            try:
                return obj.get(args[0], args[1] if len(args) > 1 else None)
            except TypeError:
                return UNKNOWN
        return UNKNOWN

    def get_layer(self, model: Model, args, kwargs):
        wanted = args[0] if args else kwargs.get("name", UNKNOWN)
        for layer in model_layers(model):
            if isinstance(wanted, str) and layer.config.get("name") == wanted:
                return layer
        return LayerSlice(model, False)

    # ------------------------------------------------------------- compile
    def record_compile(self, model, args, kwargs, node):
        params = ("optimizer", "loss", "metrics", "loss_weights")
        bound = dict(zip(params, args))
        bound.update(kwargs)
        fact = Compile(model, node, self.next_seq(), self.epoch, bound.get("loss", UNKNOWN),
                       bound.get("metrics", None))
        fact.outputs = model_outputs(self, model)
        fact.loss_facts = self.analyze_loss(fact.loss, fact.outputs)
        self.facts.compiles.append(fact)
        return None

    def analyze_loss(self, loss, outputs):
        """Evaluate a user loss with y_true (raw labels) and y_pred (the model's output)."""
        function, bound = None, None
        if isinstance(loss, Function):
            function = loss
        elif isinstance(loss, Instance):
            function, bound = loss.cls.methods.get("call"), loss
        if function is None or self.loss is not None:
            return None
        output = outputs[0] if outputs and len(outputs) == 1 else None
        y_pred = Tensor(output.shape if isinstance(output, Tensor) else None, "float32",
                        function.node, tags=frozenset({PRED}))
        y_true = Tensor(None, None, function.node, tags=frozenset({LABEL, "label"}))
        facts = LossFacts(function)
        self.loss = facts
        try:
            self.inline(function, [y_true, y_pred], {}, function.node, bound=bound)
        finally:
            self.loss = None
        return facts

    # ------------------------------------------------------------ library
    def call_library(self, path: str, args, kwargs, node):
        handler = _LIBRARY.get(path)
        if handler is not None:
            return handler(self, args, kwargs, node)
        name = ops.op_name(path)
        if name is not None:
            return self.call_op(path, name, args, kwargs, node)
        head, _, leaf = path.rpartition(".")
        if head == "keras.layers":
            if leaf in MERGE_FUNCTIONS:
                inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
                rest = {k: v for k, v in kwargs.items() if k != "inputs"}
                layer = Layer(MERGE_FUNCTIONS[leaf], bind(MERGE_FUNCTIONS[leaf], args[1:], rest), node)
                return self.call_layer(layer, [inputs], {}, node)
            return Layer(leaf, bind(leaf, args, kwargs), node)
        if head == "keras.applications" and leaf in APPLICATIONS:
            return self.make_application(leaf, args, kwargs, node)
        if path.startswith("np.random."):
            return self.numpy_random(leaf, args, kwargs, node)
        if path in ("keras.metrics.BinaryAccuracy", "keras.metrics.Accuracy",
                    "keras.metrics.CategoricalAccuracy") or path.startswith(("keras.", "tf.")):
            return Opaque(path)
        return UNKNOWN

    def keras1_merge(self, args, kwargs, node):
        """Keras 1's `merge([a, b], mode='sum'|'mul'|'ave'|'max'|'concat'|'dot'|'cos'|callable)`."""
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        mode = args[1] if len(args) > 1 else kwargs.get("mode", "sum")
        if isinstance(mode, str):
            kind = {"sum": "Add", "mul": "Multiply", "ave": "Average", "max": "Maximum",
                    "concat": "Concatenate", "dot": "Dot", "cos": "Dot"}.get(mode)
            if kind is None:
                return UNKNOWN
            config = {}
            if kind == "Concatenate":
                config["axis"] = kwargs.get("concat_axis", -1)
            elif kind == "Dot":
                config["axes"] = kwargs.get("dot_axes", -1)
                config["normalize"] = mode == "cos"
            return self.call_layer(Layer(kind, config, node), [inputs], {}, node)
        if isinstance(mode, (Function, Ref)):
            config = {"function": mode, "output_shape": kwargs.get("output_shape")}
            return self.call_layer(Layer("Lambda", config, node), [inputs], {}, node)
        return UNKNOWN

    def preprocess_input(self, args, kwargs, node):
        """`keras.applications.<family>.preprocess_input(x)`: same shape, float32."""
        value = args[0] if args else kwargs.get("x", UNKNOWN)
        if isinstance(value, Tensor):
            return Tensor(value.shape, "float32", node, sources=value.sources, eager=value.eager)
        if isinstance(value, Array):
            return Array(value.shape, "float32", node, samples=value.samples)
        return UNKNOWN

    def make_input(self, args, kwargs, node):
        shape = args[0] if args else kwargs.get("shape", None)
        batch_shape = kwargs.get("batch_shape", kwargs.get("batch_input_shape", None))
        dtype_value = kwargs.get("dtype", args[3] if len(args) > 3 else None)
        dtype = dtype_name(dtype_value) if dtype_value is not None else "float32"
        batch_in_shape = isinstance(shape, FullShape)
        if isinstance(shape, int) and not isinstance(shape, bool):
            shape = (shape,)
        full = None
        declared = UNKNOWN
        if batch_shape is not None and shape is None:
            if _is_shape(batch_shape):
                full = tuple(batch_shape)
                declared = full[1:]
        elif _is_shape(shape):
            declared = tuple(shape)
            full = (None, *declared)
        tensor = Tensor(None if batch_in_shape else full, dtype, node)
        tensor.sources = frozenset([tensor])
        shape_node = _argument(node, 0, "shape")
        self.facts.inputs.append(InputFact(tensor, node, None, declared, dtype,
                                           dtype_value is not None, batch_in_shape, shape_node))
        return tensor

    def make_sequential(self, args, kwargs, node):
        model = Model("Sequential", node, config={"name": kwargs.get("name")})
        model.factory = self.stack[-1] if self.stack else None
        items = args[0] if args else kwargs.get("layers", [])
        if isinstance(items, (list, tuple)):
            for item in items:
                self.sequential_add(model, item, node)
        elif items is not None:
            model.layers.append(UNKNOWN)
        return model

    def sequential_add(self, model: Model, item, node) -> None:
        if isinstance(item, Tensor) and self.facts.input_of(item) is not None and not model.layers:
            model.input_shapes = [item.shape]
            model.inputs = [item]
        elif isinstance(item, Layer) and item.kind == "InputLayer" and not model.layers:
            shape = item.config.get("input_shape", item.config.get("shape"))
            model.input_shapes = [(None, *shape)] if _is_shape(shape) else [None]
        elif isinstance(item, (Layer, Model)):
            if not model.layers and model.input_shapes is None and isinstance(item, Layer):
                declared = item.config.get("input_shape")
                if _is_shape(declared):
                    model.input_shapes = [(None, *declared)]
            model.layers.append(item)
        else:
            model.layers.append(UNKNOWN)
        if model.input_shapes and len(model.input_shapes) == 1:
            model.output_shape = fold_shape(model.layers, model.input_shapes[0])

    def make_model(self, args, kwargs, node):
        inputs = args[0] if args else kwargs.get("inputs", kwargs.get("input", UNKNOWN))
        outputs = args[1] if len(args) > 1 else kwargs.get("outputs", kwargs.get("output", UNKNOWN))
        if inputs is UNKNOWN and outputs is UNKNOWN and not args:
            return UNKNOWN
        model = Model("Model", node, config={"name": kwargs.get("name")})
        self.facts.models.append(model)
        ins = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        outs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        if isinstance(outputs, dict):
            outs = list(outputs.values())
        model.inputs = [t for t in ins if isinstance(t, Tensor)]
        model.outputs = [t if isinstance(t, Tensor) else UNKNOWN for t in outs]
        if len(model.inputs) == len(ins):
            model.input_shapes = [t.shape for t in model.inputs]
        if len(outs) == 1 and isinstance(outs[0], Tensor):
            model.output_shape = outs[0].shape
            model.output_dtype = outs[0].dtype
        model.factory = self.stack[-1] if self.stack else None
        return model

    def make_application(self, name, args, kwargs, node):
        config = bind_application(name, args, kwargs)
        model = Model(name, node, config=config)
        model.pretrained = is_pretrained(config)
        model.input_shapes = [application_input_shape(name, config)]
        model.output_shape = application_output_shape(name, config)
        self.facts.bases.append(model)
        return model

    def clone_model(self, args, kwargs, node):
        original = args[0] if args else kwargs.get("model", UNKNOWN)
        if not isinstance(original, Model):
            return UNKNOWN
        clone = Model(original.kind, node, layers=list(original.layers),
                      input_shapes=original.input_shapes, output_shape=original.output_shape,
                      config=dict(original.config))
        clone.factory = ("clone", original)
        clone.inputs, clone.outputs = original.inputs, original.outputs
        return clone

    # ------------------------------------------------------- layer calls
    def call_layer(self, layer: Layer, args, kwargs, node):
        if layer.kind == "Lambda":
            return self.call_lambda(layer, args, kwargs, node)
        value = args[0] if args else kwargs.get("inputs", UNKNOWN)
        if layer.kind in MERGE_LAYERS or isinstance(value, (list, tuple)):
            return self.merge(layer, value, node)
        if isinstance(value, (Layer, Model)):
            return UNKNOWN
        if not isinstance(value, Tensor):
            return UNKNOWN
        conflict = None
        result_shape = None
        if value.shape is not None:
            if layer.built_for is not None and layer.kind in WEIGHTED_LAYERS \
                    and _features(layer.built_for) != _features(value.shape) \
                    and None not in (_features(layer.built_for), _features(value.shape)):
                conflict = (f"{layer.kind} was built for inputs with {_features(layer.built_for)} "
                            f"features, but gets {_features(value.shape)}")
            else:
                try:
                    result_shape = output_shape(layer.kind, layer.config, value.shape)
                except ShapeConflict as exc:
                    conflict = str(exc)
        if isinstance(result_shape, list):
            result_shape = result_shape[0] if result_shape else None
        if layer.built_for is None and value.shape is not None:
            layer.built_for, layer.built_node = value.shape, node
        result = Tensor(None if conflict else result_shape, self.compute_dtype(layer), node,
                        sources=value.sources, eager=value.eager, tags=_layer_tags(layer))
        call = TowerCall(layer, value, result, node, self.next_seq(), kwargs.get("training"),
                         conflict, tuple(self.sites))
        result.producer = call
        layer.calls.append(call)
        self.facts.tower_calls.append(call)
        return result

    def compute_dtype(self, layer: Layer) -> str | None:
        """The dtype a layer's output has: its `dtype=` (a dtype or a policy such as
        'mixed_float16'), else the global policy's; None when not known."""
        if "dtype" not in layer.config:
            return self.policy
        return _policy_dtype(layer.config["dtype"])

    def set_policy(self, args, kwargs, node):
        value = args[0] if args else kwargs.get("policy", UNKNOWN)
        self.policy = _policy_dtype(value)
        return None

    def call_model(self, model: Model, args, kwargs, node):
        value = args[0] if args else kwargs.get("inputs", UNKNOWN)
        if isinstance(value, (list, tuple)):
            return self.call_head_model(model, value, node)
        if not isinstance(value, Tensor):
            if value is UNKNOWN:
                # called on something unknown: still a call (how, with training=?), for the
                # model's own record only; no tensor facts come of it
                model.calls.append(TowerCall(model, UNKNOWN, UNKNOWN, node, self.next_seq(),
                                             kwargs.get("training"), None, tuple(self.sites)))
            return UNKNOWN
        conflict, expected = None, None
        if model.input_shapes and len(model.input_shapes) == 1:
            expected = model.input_shapes[0]
        elif model.built_for is not None:
            expected = model.built_for
        if expected is not None and value.shape is not None and not _compatible(expected, value.shape):
            conflict = (f"`{model.name or model.kind}` expects shape {_fmt(expected)}, "
                        f"got {_fmt(value.shape)}")
            if model.input_shapes:
                # a declared Input only warns; Keras fails where a layer cannot take the shape
                # or its weights were sized for other features
                reason = _run_conflict(model, expected, value.shape, self.facts.tower_calls)
                conflict = f"{conflict}: {reason}" if reason else None
        out_shape = None
        if conflict is None:
            if model.kind == "Sequential":
                out_shape = fold_shape(model.layers, value.shape)
            elif model.output_shape is not None:
                out_shape = (value.shape[0] if value.shape else None, *model.output_shape[1:])
        if model.built_for is None and value.shape is not None and not model.input_shapes:
            model.built_for, model.built_node = value.shape, node
        tags = frozenset()
        if len(model.outputs) == 1 and isinstance(model.outputs[0], Tensor):
            tags = model.outputs[0].tags & {"bounded"}
        result = Tensor(out_shape, model.output_dtype or "float32", node, sources=value.sources,
                        eager=value.eager, tags=tags)
        call = TowerCall(model, value, result, node, self.next_seq(), kwargs.get("training"),
                         conflict, tuple(self.sites))
        result.producer = call
        model.calls.append(call)
        self.facts.tower_calls.append(call)
        return result

    def call_head_model(self, model: Model, values, node):
        """A model with several inputs (a comparator head) called on branch outputs."""
        operands = [v for v in values if isinstance(v, Tensor)]
        objects = [v for v in values if isinstance(v, (Layer, Model))]
        shape = model.output_shape
        tags = frozenset()
        if len(model.outputs) == 1 and isinstance(model.outputs[0], Tensor):
            tags = model.outputs[0].tags
        result = Tensor(shape, "float32", node,
                        sources=frozenset().union(*(t.sources for t in operands)), tags=tags)
        self.facts.merges.append(Merge("model", operands, result, node, self.next_seq(),
                                       objects=objects))
        return result

    def merge(self, layer: Layer, values, node):
        if not isinstance(values, (list, tuple)):
            return UNKNOWN
        objects = [v for v in values if isinstance(v, (Layer, Model))]
        operands = [v for v in values if isinstance(v, Tensor)]
        kind = MERGE_LAYERS.get(layer.kind, layer.kind)
        if kind == "concat":
            kind = _concat_kind(operands, layer.config.get("axis", -1))
        fact = Merge(kind, operands, None, node, self.next_seq(), objects=objects)
        self.facts.merges.append(fact)
        if objects or len(operands) != len(values):
            return UNKNOWN
        shapes = [t.shape for t in operands]
        shape = None
        if all(s is not None for s in shapes):
            try:
                shape = output_shape(layer.kind, layer.config, shapes)
            except ShapeConflict as exc:
                fact.conflict = str(exc)
        tags = frozenset()
        if kind == "subtract" and _two_branches(operands):
            tags = frozenset({"diff"})
        elif kind == "multiply" and len(operands) == 2 and operands[0] is operands[1] \
                and "diff" in operands[0].tags:
            tags = frozenset({"sq", "distance"})
        elif kind == "dot" and layer.config.get("normalize") is True:
            tags = frozenset({"similarity"})
        result = Tensor(shape if not isinstance(shape, list) else None, "float32", node,
                        sources=frozenset().union(*(t.sources for t in operands)), tags=tags)
        fact.result = result
        return result

    def call_lambda(self, layer: Layer, args, kwargs, node):
        value = args[0] if args else kwargs.get("inputs", UNKNOWN)
        function = layer.config.get("function", UNKNOWN)
        is_pair = isinstance(value, (list, tuple))
        operands = [v for v in value if isinstance(v, Tensor)] if is_pair else []
        objects = [v for v in value if isinstance(v, (Layer, Model))] if is_pair else []
        fact = None
        if is_pair:
            fact = Merge("lambda", operands, None, node, self.next_seq(), objects=objects)
            self.facts.merges.append(fact)
            if objects:
                return UNKNOWN
        elif not isinstance(value, Tensor):
            return UNKNOWN
        previous = self.lambda_node
        self.lambda_node = node
        conflicts_before = len(self.facts.merges)
        try:
            if isinstance(function, Function):
                result = self.inline(function, [list(value) if is_pair else value], {}, node)
            elif isinstance(function, Ref):
                result = self.call_library(function.path, [value], {}, node)
            else:
                result = UNKNOWN
        finally:
            self.lambda_node = previous
        inner_conflict = next((m.conflict for m in self.facts.merges[conflicts_before:]
                               if m.conflict), None)
        if fact is not None and inner_conflict:
            fact.conflict = inner_conflict
        if not isinstance(result, Tensor):
            declared = layer.config.get("output_shape")
            shape = (None, *declared) if _is_shape(declared) else None
            sources = frozenset().union(*(t.sources for t in operands)) if is_pair else value.sources
            result = Tensor(shape, "float32", node, sources=sources)
        else:
            result = Tensor(result.shape, result.dtype, node, sources=result.sources,
                            tags=result.tags)
        if fact is not None:
            fact.result = result
        return result

    # ---------------------------------------------------------------- ops
    def call_op(self, path, name, args, kwargs, node):
        bound = dict(zip(ops.params(name), args))
        bound.update(kwargs)
        x = bound.get("x", bound.get("values", UNKNOWN))
        if name == "cast":
            dtype = dtype_name(bound.get("dtype"))
            if isinstance(x, Tensor):
                return Tensor(x.shape, dtype, node, sources=x.sources, eager=x.eager,
                              tags=x.tags - {LABEL})
            if isinstance(x, Array):
                return Tensor(x.shape, dtype, node, eager=True)
            return UNKNOWN
        if name in ops.BINARY:
            return self.binary(_OP_FUNCTIONS[name], x, bound.get("y", UNKNOWN), node,
                               library=path)
        if name in ops.CONCAT:
            default = -1 if path.startswith("K.") and name != "stack" else 0
            return self.concat_op(path, x, bound.get("axis", default), node, stack=name == "stack")
        if not (_is_tensorish(x) or _is_number(x)):
            return UNKNOWN
        if _is_number(x):
            x = self.to_tensor(x, path, node)
        if name in ops.UNARY:
            return self.unary_op(name, x, node, library=path)
        if name in ops.CLIP:
            return self.derived(x, x.shape, node, path, tags=x.tags - {"sumsq"} | {"guarded"})
        if name in ops.REDUCE:
            try:
                shape = ops.reduce(x.shape, bound.get("axis"), bound.get("keepdims", False))
            except ShapeConflict:
                shape = None
            tags = set(x.tags & (FLOW | {"distance", "bounded"}))
            if "sq" in x.tags and name in ("reduce_sum", "sum"):
                tags |= {"sumsq", "distance"}
            if name.endswith("norm") and "diff" in x.tags:
                tags.add("distance")
            if "distance" in x.tags or "diff" in x.tags and name.endswith("norm"):
                tags.add("distance")
            return self.derived(x, shape, node, path, tags=frozenset(tags))
        return UNKNOWN

    def to_tensor(self, number, path, node):
        return Tensor((), None, node, eager=True)

    def derived(self, x, shape, node, path, tags):
        if isinstance(x, Array) and path.startswith("np."):
            return Array(shape, x.dtype, node)
        return Tensor(shape, x.dtype, node, sources=getattr(x, "sources", frozenset()),
                      eager=getattr(x, "eager", True), tags=tags)

    def unary_op(self, name, x, node, library="tf"):
        tags = set(x.tags & (FLOW | {"bounded"}))
        if name in ("abs", "absolute") and "diff" in x.tags:
            tags |= {"distance"}
        elif name == "square" and "diff" in x.tags:
            tags |= {"sq", "distance"}
        elif name == "sqrt":
            if "sumsq" in x.tags and not x.eager and not isinstance(x, Array):
                self.facts.sqrts.append(Sqrt(node, x, guarded=False))
            if x.tags & {"sumsq", "distance", "guarded"}:
                tags |= {"distance"}
        elif name == "negative" and "distance" in x.tags:
            tags |= {"negdist"}
        elif name == "exp" and "negdist" in x.tags:
            tags |= {"similarity"}
        elif name in ("tanh", "sigmoid"):
            tags |= {"bounded"} | (x.tags & {"distance"})
        elif name in ("relu",):
            tags |= x.tags & {"distance"}
        if self.loss is not None and name == "relu" and x.margin is not None:
            self.loss.margin, self.loss.margin_shape = x.margin, x.shape
        result = self.derived(x, x.shape, node, library, frozenset(tags))
        return result

    def concat_op(self, path, values, axis, node, stack=False):
        if not isinstance(values, (list, tuple)):
            return UNKNOWN
        operands = [v for v in values if _is_tensorish(v)]
        kind = "stack" if stack else _concat_kind(operands, axis)
        fact = Merge(kind, operands, None, node, self.next_seq(),
                     objects=[v for v in values if isinstance(v, (Layer, Model))])
        self.facts.merges.append(fact)
        if len(operands) != len(values):
            return UNKNOWN
        shape = None
        try:
            shape = (ops.stack if stack else ops.concat)([t.shape for t in operands], axis)
        except ShapeConflict as exc:
            fact.conflict = str(exc)
        if path.startswith("np.") and all(isinstance(t, Array) for t in operands) and operands:
            dtype = operands[0].dtype
            for t in operands[1:]:
                dtype = _promote(dtype, t.dtype)
            result = Array(shape, dtype, node)  # NumPy promotes; it is no tensor
            fact.result = result
            return result
        result = Tensor(shape, operands[0].dtype if operands else None, node,
                        sources=frozenset().union(*(getattr(t, "sources", frozenset())
                                                    for t in operands)),
                        eager=all(getattr(t, "eager", True) for t in operands))
        fact.result = result
        return result

    def binary(self, op, left, right, node, library=None):
        if op is None:
            return UNKNOWN
        if _is_number(left) and _is_number(right):
            return _fold(op, left, right)
        if isinstance(left, str) and isinstance(right, str) and op == "add":
            return left + right if len(left) + len(right) <= MAX_FOLDED else UNKNOWN
        if isinstance(left, (tuple, list)) or isinstance(right, (tuple, list)):
            return _sequence_op(op, left, right)
        if not (_is_tensorish(left) or _is_tensorish(right)):
            return UNKNOWN
        if not (_is_tensorish(left) or _is_number(left)) or \
                not (_is_tensorish(right) or _is_number(right)):
            return UNKNOWN
        return self.tensor_binary(op, left, right, node, library)

    def tensor_binary(self, op, left, right, node, library):
        both = _is_tensorish(left) and _is_tensorish(right)
        lshape = _shape_of(left) if _is_tensorish(left) else ()
        rshape = _shape_of(right) if _is_tensorish(right) else ()
        shape = None
        conflict = None
        if op != "matmul":
            try:
                shape = ops.broadcast(lshape, rshape)
            except ShapeConflict as exc:
                conflict = str(exc)
        if both:
            self.check_dtypes(op, left, right, node)
            if conflict:
                report = self.lambda_node or node
                self.facts.merges.append(Merge("op", [left, right], None, report,
                                               self.next_seq(), conflict=conflict))
        ltags = left.tags if isinstance(left, Tensor) else frozenset()
        rtags = right.tags if isinstance(right, Tensor) else frozenset()
        tags = set((ltags | rtags) & FLOW)
        if self.loss is not None and op in ("mul", "sub", "add", "div"):
            label_side = LABEL in ltags and PRED not in ltags or LABEL in rtags and PRED not in rtags
            pred_side = PRED in ltags and LABEL not in ltags or PRED in rtags and LABEL not in rtags
            if "label" in ltags | rtags:
                self.loss.uses_labels = True
            if label_side and pred_side and (LABEL in ltags) != (LABEL in rtags) \
                    and self.loss.uncast_node is None:
                self.loss.uncast_node = node
        margin = None
        if op == "sub" and _is_number(left) and PRED in rtags and LABEL not in rtags:
            margin = float(left)
        if self.loss is not None and op == "sub" and _is_number(left) and "label" in rtags:
            self.loss.binary_labels = True
        if op == "sub" and both and _two_branches([left, right]) \
                and "label" not in ltags | rtags:
            tags.add("diff")  # a residual y_pred - y_true is no distance between two branches
        if op == "sqdiff" and both and _two_branches([left, right]):
            tags |= {"sq", "distance"}
        if op == "pow" and _is_number(right) and right == 2 and "diff" in ltags:
            tags |= {"sq", "distance"}
        if op == "mul" and left is right and "diff" in ltags:
            tags |= {"sq", "distance"}
        if op == "add" and "sumsq" in ltags | rtags and not both:
            tags |= {"guarded", "distance"}
        elif op == "add" or op == "mul" and not both:
            tags |= (ltags | rtags) & {"distance"} if not both else set()
        if op == "max" and "sumsq" in ltags | rtags:
            tags |= {"guarded", "distance"}
        elif op == "max" and (ltags | rtags) & {"distance"}:
            tags |= {"distance"}
        if op == "max" and self.loss is not None:
            source = left if isinstance(left, Tensor) and left.margin is not None else right
            if isinstance(source, Tensor) and source.margin is not None:
                self.loss.margin, self.loss.margin_shape = source.margin, source.shape
        if op == "sub" and _is_number(left) and "distance" in rtags:
            tags.add("inverted")
        eager = all(getattr(v, "eager", True) for v in (left, right) if isinstance(v, Tensor))
        if isinstance(left, Array) and isinstance(right, Array) or \
                (isinstance(left, Array) and _is_number(right)) or \
                (_is_number(left) and isinstance(right, Array)):
            dtype = _array_dtype(op, left, right)
            samples = any(v.samples for v in (left, right) if isinstance(v, Array))
            return Array(None if conflict else shape, dtype, node, samples=samples)
        dtype = next((v.dtype for v in (left, right) if isinstance(v, Tensor) and v.dtype), None)
        sources = frozenset().union(*(v.sources for v in (left, right) if isinstance(v, Tensor)))
        result = Tensor(None if conflict else shape, dtype, node, sources=sources, eager=eager,
                        tags=frozenset(tags))
        result.margin = margin
        if not conflict and op in _OP_MERGES and self.lambda_node is None \
                and self.loss is None and _symbolic_branches(left, right):
            # `tf.abs(tower(a) - tower(b))` outside any Lambda: the op merges the branches
            self.facts.merges.append(Merge(_OP_MERGES[op], [left, right], result, node,
                                           self.next_seq()))
        return result

    def check_dtypes(self, op, left, right, node):
        """Different float dtypes meeting where at least one side is a concrete value."""
        ldt, rdt = left.dtype, right.dtype
        if not (ldt and rdt and ldt != rdt and ldt.startswith("float") and rdt.startswith("float")):
            return
        concrete = [isinstance(v, Array) or v.eager for v in (left, right)]
        if any(concrete):
            self.facts.arith.append(Arith(op, left, right, node, self.next_seq()))

    # -------------------------------------------------------------- numpy
    def numpy_random(self, leaf, args, kwargs, node):
        if leaf in ("rand", "randn"):
            dims = args
            if all(isinstance(d, int) for d in dims):
                return self.new_array(tuple(dims), "float64", node)
            return self.new_array(None, "float64", node)
        if leaf in ("random", "uniform", "normal", "randint", "choice", "standard_normal"):
            size = kwargs.get("size", None)
            if size is None:
                position = {"random": 0, "standard_normal": 0, "uniform": 2, "normal": 2,
                            "randint": 2, "choice": 1}[leaf]
                size = args[position] if len(args) > position else None
            shape = (size,) if isinstance(size, int) else tuple(size) if _is_shape(size) else None
            dtype = "int64" if leaf == "randint" else "float64"
            if leaf == "randint" and "dtype" in kwargs:
                dtype = dtype_name(kwargs["dtype"])
            return self.new_array(shape if size is not None else (), dtype, node)
        return UNKNOWN

    def new_array(self, shape, dtype, node):
        array = Array(shape, dtype, node)
        self.facts.arrays.append(array)
        return array

    def numpy_create(self, leaf, args, kwargs, node):
        shape_arg = args[0] if args else kwargs.get("shape", UNKNOWN)
        shape = (shape_arg,) if isinstance(shape_arg, int) else \
            tuple(shape_arg) if _is_shape(shape_arg) else None
        default = "float64"
        dtype_value = kwargs.get("dtype", args[1] if len(args) > 1 and leaf != "full" else None)
        dtype = dtype_name(dtype_value) if dtype_value is not None else default
        return self.new_array(shape, dtype, node)

    def numpy_array(self, args, kwargs, node):
        value = args[0] if args else kwargs.get("object", UNKNOWN)
        dtype_value = kwargs.get("dtype", args[1] if len(args) > 1 else None)
        if isinstance(value, Tensor):
            value = Array(value.shape, value.dtype, node)
        if isinstance(value, _Grown):
            described = _literal_shape(value.items) if value.items else None
            if described is not None:
                described = ((None, *described[0][1:]), described[1])  # how many: unknown
        else:
            described = _literal_shape(value) if not isinstance(value, Array) \
                else (value.shape, value.dtype)
        if described is None:  # contents unknown: still an array, of the dtype it was given
            return self.new_array(None, dtype_name(dtype_value), node)
        shape, dtype = described
        if dtype_value is not None:
            dtype = dtype_name(dtype_value)
        return self.new_array(shape, dtype, node)

    def array_method(self, array: Array, name, args, kwargs, node):
        if name == "astype" and args:
            result = self.new_array(array.shape, dtype_name(args[0]), node)
            result.samples = array.samples
            return result
        if name == "reshape":
            target = args[0] if len(args) == 1 else tuple(args)
            return Array(_reshape(array.shape, target), array.dtype, node, samples=array.samples)
        if name in ("copy",):
            return Array(array.shape, array.dtype, node, samples=array.samples)
        if name in ("ravel", "flatten"):
            return Array(None, array.dtype, node)
        return UNKNOWN

    def expand_dims(self, args, kwargs, node):
        value = args[0] if args else UNKNOWN
        axis = args[1] if len(args) > 1 else kwargs.get("axis", UNKNOWN)
        if not isinstance(value, Array) or value.shape is None or not isinstance(axis, int):
            return UNKNOWN
        shape = list(value.shape)
        position = axis if axis >= 0 else len(shape) + axis + 1
        shape.insert(position, 1)
        return Array(tuple(shape), value.dtype, node, samples=value.samples or position == 0)

    def stack(self, args, kwargs, node):
        values = args[0] if args else UNKNOWN
        axis = args[1] if len(args) > 1 else kwargs.get("axis", 0)
        if not isinstance(values, (list, tuple)) or not values \
                or not all(isinstance(v, Array) for v in values):
            return UNKNOWN
        try:
            shape = ops.stack([v.shape for v in values], axis)
        except ShapeConflict:
            return UNKNOWN
        if shape is None:
            return UNKNOWN
        return Array(shape, values[0].dtype, node, samples=axis == 0 or values[0].samples)

    def pad_sequences(self, args, kwargs, node):
        sequences = args[0] if args else kwargs.get("sequences", UNKNOWN)
        maxlen = args[1] if len(args) > 1 else kwargs.get("maxlen", None)
        dtype = dtype_name(kwargs.get("dtype", "int32"))
        count = len(sequences) if isinstance(sequences, (list, tuple)) else None
        array = self.new_array((count, maxlen if isinstance(maxlen, int) else None), dtype, node)
        array.maxlen = maxlen if isinstance(maxlen, int) else None
        return array

    def eager_tensor(self, args, kwargs, node, default_dtype=None, shape_first=False,
                     floatx=False):
        """`tf.constant`, `tf.Variable`, ...; `floatx`: the Keras backend's constant/variable,
        whose dtype defaults to floatx() (float32) whatever the value holds."""
        value = args[0] if args else kwargs.get("value", kwargs.get("initial_value",
                                                                    kwargs.get("shape", UNKNOWN)))
        dtype_value = kwargs.get("dtype", args[1] if len(args) > 1 and not shape_first else None)
        if shape_first:
            shape = (value,) if isinstance(value, int) else tuple(value) if _is_shape(value) else None
            dtype = dtype_name(dtype_value) if dtype_value is not None else default_dtype
            return Tensor(shape, dtype, node, eager=True)
        described = (value.shape, value.dtype) if isinstance(value, (Array, Tensor)) \
            else _literal_shape(value)
        if described is None:
            shape, dtype = None, None
        else:
            shape, dtype = described
            if not isinstance(value, (Array, Tensor)) and dtype == "float64":
                dtype = "float32"  # Python floats become float32 tensors
            if not isinstance(value, (Array, Tensor)) and dtype == "int64":
                dtype = "int32"
        if dtype_value is not None:
            dtype = dtype_name(dtype_value)
        elif floatx:
            dtype = "float32"
        return Tensor(shape, dtype, node, eager=True)

    def int_shape(self, args, kwargs, node):
        value = args[0] if args else UNKNOWN
        if isinstance(value, Tensor) and value.shape is not None:
            return FullShape(value.shape)
        return UNKNOWN

    def builtin_abs(self, args, kwargs, node):
        value = args[0] if args else UNKNOWN
        if _is_number(value):
            return abs(value)
        if _is_tensorish(value):
            return self.unary_op("abs", value, node)
        return UNKNOWN

    def builtin_sequence(self, kind):
        def convert(self, args, kwargs, node):
            value = args[0] if args else ()
            if isinstance(value, (tuple, list)):
                return kind(value)
            return UNKNOWN
        return convert

    def builtin_len(self, args, kwargs, node):
        value = args[0] if args else UNKNOWN
        if isinstance(value, (tuple, list, str, dict)):
            return len(value)
        if isinstance(value, Array) and value.shape and value.shape[0] is not None:
            return value.shape[0]
        return UNKNOWN


_AUG = {cst.AddAssign: "add", cst.SubtractAssign: "sub", cst.MultiplyAssign: "mul",
        cst.DivideAssign: "div", cst.PowerAssign: "pow", cst.FloorDivideAssign: "floordiv"}
_MISSING = object()
_STARRED = object()


class _Grown:
    """A list appended to in a loop: its length is unknown, the kind of its items is not.
    Only np.array() reads it (samples of one shape and dtype); anything else sees an
    unknown value."""

    __slots__ = ("items",)

    def __init__(self, items) -> None:
        self.items = list(items)


class _Enumerate:
    """`enumerate(x)`, kept only so a loop over `enumerate(model.layers)` is understood."""

    __slots__ = ("inner",)

    def __init__(self, inner) -> None:
        self.inner = inner


def _size(obj) -> int:
    return len(obj.layers) if isinstance(obj, Model) else len(obj)


def _mutables(scope: Scope) -> dict:
    """The lists, dicts and models visible from a scope, with their sizes."""
    out = {}
    while scope is not None:
        for value in scope.vars.values():
            if isinstance(value, (list, dict, Model)):
                out[id(value)] = (value, _size(value))
        scope = scope.parent
    return out


def _forget_mutations(before: dict, scope: Scope, grown: bool = False) -> None:
    """Lists and dicts that grew in a loop or a branch become unknown (a list appended to in
    a loop, `grown`, keeps its kind of items for np.array); a Sequential that got layers there
    gets an unknown layer (its output shape is no longer known)."""
    changed = {key for key, (obj, size) in before.items() if _size(obj) != size}
    if not changed:
        return
    for key in changed:
        obj = before[key][0]
        if isinstance(obj, Model):
            obj.layers.append(UNKNOWN)
            obj.output_shape = None
    while scope is not None:
        for name, value in list(scope.vars.items()):
            if id(value) in changed and isinstance(value, (list, dict)):
                scope.vars[name] = _Grown(value) if grown and isinstance(value, list) else UNKNOWN
        scope = scope.parent


def _dotted(node) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _alias_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return _dotted(alias.name).split(".")[0]


def _expects_error(node) -> bool:
    """`pytest.raises(...)`, `self.assertRaises(...)`, `self.assertRaisesRegex(...)`."""
    func = node.func if isinstance(node, cst.Call) else None
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", None)
    return name in ("raises", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp")


def _is_main_guard(test) -> bool:
    return (isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name)
            and test.left.value == "__name__")


def _is_shape(value) -> bool:
    return isinstance(value, (tuple, list)) and all(
        v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in value)


def _known_path(path: str) -> bool:
    """A name a star import really brings in (a layer, an application, an op we model):
    anything else stays unknown rather than becoming an invented Keras name."""
    head, _, leaf = path.rpartition(".")
    return (path in _LIBRARY or (head == "keras.layers" and leaf in LAYERS)
            or (head == "keras.applications" and leaf in APPLICATIONS)
            or ops.op_name(path) is not None or path in _STAR_CLASSES)


# Keras base classes a star import brings in, for `class Distance(Layer)`.
_STAR_CLASSES = frozenset({"keras.layers.Layer", "keras.Model", "keras.Sequential",
                           "keras.losses.Loss", "keras.metrics.Metric"})


def _is_model_class(cls: PyClass) -> bool:
    return any(base in ("keras.Model", "keras.Sequential") for base in cls.bases)


def _is_keras_class(cls: PyClass) -> bool:
    return any(base.startswith(("keras.", "tf.")) for base in cls.bases)


def _argument(call: cst.Call, position: int, keyword: str):
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None


def _features(shape):
    return shape[-1] if shape else None


def _compatible(expected, actual) -> bool:
    if len(expected) != len(actual):
        return False
    return all(e is None or a is None or e == a for e, a in zip(expected[1:], actual[1:]))


def _fmt(shape) -> str:
    from siamlint.analysis.values import format_shape

    return format_shape(shape)


def _two_branches(tensors) -> bool:
    """Two tensors derived from different inputs (or two concrete values)."""
    if len(tensors) != 2:
        return False
    a, b = tensors
    sa, sb = getattr(a, "sources", frozenset()), getattr(b, "sources", frozenset())
    if not sa and not sb:
        return True
    return bool(sa) and bool(sb) and sa != sb


_OP_MERGES = {"sub": "subtract", "sqdiff": "subtract", "add": "add", "mul": "multiply",
              "max": "maximum", "min": "minimum", "matmul": "dot"}


def _symbolic_branches(left, right) -> bool:
    """Two symbolic tensors derived from different Inputs."""
    return (isinstance(left, Tensor) and isinstance(right, Tensor) and not left.eager
            and not right.eager and bool(left.sources) and bool(right.sources)
            and left.sources != right.sources)


def _concat_kind(operands, axis) -> str:
    """"concat" joins features; "batch_concat" stacks samples (axis 0 of batched tensors,
    as contrastive losses such as NT-Xent do with the two views' embeddings)."""
    if axis == 0 and operands:
        ranks = {len(t.shape) for t in operands if t.shape is not None}
        symbolic = all(isinstance(t, Tensor) and not t.eager for t in operands)
        if symbolic or (ranks and min(ranks) >= 2):
            return "batch_concat"
    return "concat"


def _policy_dtype(value) -> str | None:
    """'float32', np.float16, 'mixed_float16', 'mixed_bfloat16' -> the compute dtype."""
    if isinstance(value, str) and value.startswith("mixed_"):
        return dtype_name(value[len("mixed_"):])
    return dtype_name(value)


def _layer_tags(layer: Layer) -> frozenset:
    activation = layer.config.get("activation")
    if layer.kind == "Activation":
        activation = layer.config.get("activation", layer.config.get("0"))
    if isinstance(activation, str) and activation in BOUNDED_ACTIVATIONS:
        return frozenset({"bounded"})
    if isinstance(activation, Ref) and activation.path.rpartition(".")[2] in BOUNDED_ACTIVATIONS:
        return frozenset({"bounded"})
    return frozenset()


def _fold(op, a, b):
    if isinstance(a, int) and isinstance(b, int) and (
            op == "mul" and a.bit_length() + b.bit_length() > 256
            or op == "pow" and a.bit_length() * max(b, 0) > 256):
        return UNKNOWN  # a constant that big is no shape: do not spend time computing it
    try:
        return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
                "div": lambda: a / b, "floordiv": lambda: a // b, "mod": lambda: a % b,
                "pow": lambda: a ** b if abs(b) < 64 else UNKNOWN, "max": lambda: max(a, b),
                "min": lambda: min(a, b)}.get(op, lambda: UNKNOWN)()
    except (ZeroDivisionError, OverflowError, ValueError):
        return UNKNOWN


def _sequence_op(op, left, right):
    if op == "add" and type(left) is type(right) and isinstance(left, (tuple, list)) \
            and not isinstance(left, FullShape):
        return left + right if len(left) + len(right) <= MAX_FOLDED else UNKNOWN
    if op == "mul":
        seq, count = (left, right) if isinstance(left, (tuple, list)) else (right, left)
        if isinstance(count, int) and not isinstance(count, bool) and 0 <= count * len(seq) <= 10_000:
            return seq * count
    return UNKNOWN


def _array_dtype(op, left, right):
    ldt = left.dtype if isinstance(left, Array) else None
    rdt = right.dtype if isinstance(right, Array) else None
    if ldt is None or rdt is None:
        known = ldt or rdt
        if op == "div" and known and known.startswith(("int", "uint")):
            return "float64"
        number = left if _is_number(left) else right
        if known and known.startswith(("int", "uint")) and isinstance(number, float):
            return "float64"
        return known
    return _promote(ldt, rdt)


def _reshape(shape, target):
    if not _is_shape(target) or shape is None:
        return None
    target = list(target)
    if target.count(-1) == 1 and None not in shape:
        total = 1
        for d in shape:
            total *= d
        known = 1
        for d in target:
            if d != -1:
                known *= d
        if known and total % known == 0:
            target[target.index(-1)] = total // known
    return tuple(None if d == -1 else d for d in target)


def model_layers(model: Model):
    for layer in model.layers:
        if isinstance(layer, (Layer, Model)):
            yield layer
            if isinstance(layer, Model):
                yield from model_layers(layer)


def model_outputs(interp: Interpreter, model) -> list:
    if isinstance(model, Instance):
        output = interp.symbolic_output(model)
        return [output] if isinstance(output, Tensor) else []
    if isinstance(model, Model):
        if model.outputs:
            return list(model.outputs)
        if model.output_shape is not None:
            return [Tensor(model.output_shape, "float32", model.node)]
    return []


def _run_conflict(model: Model, declared, actual, calls) -> str | None:
    """Why a model built for `declared` fails on `actual` (None when Keras runs it). Keras 3
    checks the rank and every axis against the Input, but lets a last axis of size 1 through
    (it squeezes it); that one fails only where it reaches weights. Measured against real
    Keras by tests/test_fuzz.py."""
    if len(declared) != len(actual):
        return "the rank differs"
    differ = [i for i, (d, a) in enumerate(zip(declared, actual))
              if i and d is not None and a is not None and d != a]
    if not differ:
        return None
    if differ != [len(declared) - 1] or actual[-1] != 1:
        return "Keras checks the input's shape against the model's Input"
    if model.kind == "Sequential":
        return _layers_conflict(model.layers, declared, actual)
    first = [c.tower for c in calls if model.inputs and c.arg is model.inputs[0]]
    weighted = [t for t in first if isinstance(t, Layer) and t.kind in WEIGHTED_LAYERS]
    if weighted:
        return (f"its {weighted[0].kind} has weights for {declared[-1]} features, "
                f"but gets {actual[-1]}")
    return None  # a functional model's other layers are not replayed


def _layers_conflict(layers, declared, actual) -> str | None:
    for layer in layers:
        if declared is None or actual is None:
            return None
        if isinstance(layer, Model) and layer.kind == "Sequential":
            reason = _layers_conflict(layer.layers, declared, actual)
            if reason:
                return reason
            declared, actual = fold_shape(layer.layers, declared), fold_shape(layer.layers, actual)
            continue
        if not isinstance(layer, Layer):
            return None
        if layer.kind in WEIGHTED_LAYERS and declared[-1] is not None and actual[-1] is not None \
                and declared[-1] != actual[-1]:
            return f"its {layer.kind} has weights for {declared[-1]} features, but gets {actual[-1]}"
        try:
            actual_next = output_shape(layer.kind, layer.config, actual)
        except ShapeConflict as exc:
            return f"its {layer.kind} cannot take {_fmt(actual)}: {exc}"
        try:
            declared_next = output_shape(layer.kind, layer.config, declared)
        except ShapeConflict:
            return None
        declared = declared_next[0] if isinstance(declared_next, list) and declared_next else declared_next
        actual = actual_next[0] if isinstance(actual_next, list) and actual_next else actual_next
        if isinstance(declared, list) or isinstance(actual, list):
            return None
    return None


def fold_shape(layers, shape):
    """The output shape of a Sequential's layers applied in order (None when unknown)."""
    for layer in layers:
        if shape is None:
            return None
        if isinstance(layer, Layer):
            try:
                shape = output_shape(layer.kind, layer.config, shape)
            except ShapeConflict:
                return None
            if isinstance(shape, list):
                shape = shape[0] if shape else None
        elif isinstance(layer, Model):
            if layer.kind == "Sequential":
                shape = fold_shape(layer.layers, shape)
            else:
                shape = layer.output_shape
        else:
            return None
    return shape


_DISPATCH = {
    cst.Name: Interpreter.ev_name,
    cst.Integer: Interpreter.ev_number,
    cst.Float: Interpreter.ev_number,
    cst.SimpleString: Interpreter.ev_string,
    cst.ConcatenatedString: Interpreter.ev_string,
    cst.Tuple: Interpreter.ev_tuple,
    cst.List: Interpreter.ev_tuple,
    cst.Dict: Interpreter.ev_dict,
    cst.UnaryOperation: Interpreter.ev_unary,
    cst.BinaryOperation: Interpreter.ev_binary,
    cst.Comparison: Interpreter.ev_compare,
    cst.IfExp: Interpreter.ev_ifexp,
    cst.Lambda: Interpreter.ev_lambda,
    cst.Attribute: Interpreter.ev_attribute,
    cst.Subscript: Interpreter.ev_subscript,
    cst.Call: Interpreter.ev_call,
    cst.Ellipsis: Interpreter.ev_ellipsis,
}

_LIBRARY = {
    "keras.Input": Interpreter.make_input,
    "keras.merge": Interpreter.keras1_merge,
    "keras.applications.preprocess_input": Interpreter.preprocess_input,
    "keras.mixed_precision.set_global_policy": Interpreter.set_policy,
    "keras.mixed_precision.set_dtype_policy": Interpreter.set_policy,
    "keras.config.set_dtype_policy": Interpreter.set_policy,
    "builtins.enumerate": lambda self, a, k, n: _Enumerate(a[0]) if len(a) == 1 else UNKNOWN,
    "builtins.reversed": lambda self, a, k, n: a[0] if a and isinstance(a[0], LayerSlice)
    else UNKNOWN,
    "keras.Sequential": Interpreter.make_sequential,
    "keras.Model": Interpreter.make_model,
    "keras.clone_model": Interpreter.clone_model,
    "keras.utils.pad_sequences": Interpreter.pad_sequences,
    "K.int_shape": Interpreter.int_shape,
    "K.floatx": lambda self, a, k, n: "float32",
    "K.epsilon": lambda self, a, k, n: 1e-7,
    "keras.config.floatx": lambda self, a, k, n: "float32",
    "keras.config.epsilon": lambda self, a, k, n: 1e-7,
    "np.dtype": lambda self, a, k, n: DType(dtype_name(a[0])) if a and dtype_name(a[0]) else UNKNOWN,
    "np.array": Interpreter.numpy_array,
    "np.zeros": lambda self, a, k, n: self.numpy_create("zeros", a, k, n),
    "np.ones": lambda self, a, k, n: self.numpy_create("ones", a, k, n),
    "np.empty": lambda self, a, k, n: self.numpy_create("empty", a, k, n),
    "np.full": lambda self, a, k, n: self.numpy_create("full", a, k, n),
    "np.expand_dims": Interpreter.expand_dims,
    "np.stack": Interpreter.stack,
    "tf.constant": Interpreter.eager_tensor,
    "K.constant": lambda self, a, k, n: self.eager_tensor(a, k, n, floatx=True),
    "tf.Variable": Interpreter.eager_tensor,
    "tf.convert_to_tensor": Interpreter.eager_tensor,
    "keras.ops.convert_to_tensor": Interpreter.eager_tensor,
    "tf.random.normal": lambda self, a, k, n: self.eager_tensor(a, k, n, "float32", True),
    "tf.random.uniform": lambda self, a, k, n: self.eager_tensor(a, k, n, "float32", True),
    "tf.zeros": lambda self, a, k, n: self.eager_tensor(a, k, n, "float32", True),
    "tf.ones": lambda self, a, k, n: self.eager_tensor(a, k, n, "float32", True),
    "keras.ops.zeros": lambda self, a, k, n: self.eager_tensor(a, k, n, "float32", True),
    "keras.ops.ones": lambda self, a, k, n: self.eager_tensor(a, k, n, "float32", True),
    "keras.random.normal": lambda self, a, k, n: self.eager_tensor(a, k, n, "float32", True),
    "keras.random.uniform": lambda self, a, k, n: self.eager_tensor(a, k, n, "float32", True),
    "builtins.abs": Interpreter.builtin_abs,
    "builtins.len": Interpreter.builtin_len,
    "builtins.list": Interpreter.builtin_sequence(None, list),
    "builtins.tuple": Interpreter.builtin_sequence(None, tuple),
    "builtins.print": lambda self, a, k, n: None,
    "builtins.super": lambda self, a, k, n: UNKNOWN,
}


def interpret(module: cst.Module, source: str = "") -> Facts:
    return Interpreter(module).run()
