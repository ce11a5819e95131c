"""Dtype rules: values of different float dtypes meeting, pair Inputs of different dtypes,
and Euclidean distances whose sqrt has no epsilon guard."""
from __future__ import annotations

from siamlint.lazy import cst

from siamlint.analysis.pairs import once_per_node, pairs
from siamlint.analysis.values import Array
from siamlint.diagnostics import Applicability, Severity
from siamlint.rules.base import Docs, Finding, FixSpec, NodeEdit, Rule, register

_OPS = {"sub": "-", "add": "+", "mul": "*", "div": "/", "pow": "**", "max": "maximum",
        "min": "minimum", "sqdiff": "squared_difference"}


def _kind(value) -> str:
    return "NumPy array" if isinstance(value, Array) else "tensor"


_TF_OPS = {"sub": "Sub", "add": "AddV2", "mul": "Mul", "div": "RealDiv", "pow": "Pow",
           "max": "Maximum", "min": "Minimum", "sqdiff": "SquaredDifference"}
_WIDTH = {"float16": 16, "bfloat16": 16, "float32": 32, "float64": 64}


def _outcome(op, left, right) -> str:
    left_np, right_np = isinstance(left, Array), isinstance(right, Array)
    if left_np and right_np:
        wide = max(left.dtype, right.dtype, key=lambda d: _WIDTH.get(d, 0))
        return (f"NumPy silently upcasts the result to {wide}: it runs, in a dtype nobody "
                "chose, and the narrower side is computed at the wider width")
    if not left_np and not right_np:
        expected, got = ("a double", "a float") if left.dtype == "float64" else ("a float", "a double")
        return (f"TensorFlow ops never promote: this raises InvalidArgumentError (\"cannot "
                f"compute {_TF_OPS.get(op, 'the op')} as input #1 was expected to be "
                f"{expected} tensor but is {got} tensor\"); keras.ops would promote to "
                "the wider dtype silently")
    array, tensor = (left, right) if left_np else (right, left)
    loses = _WIDTH.get(array.dtype, 0) > _WIDTH.get(tensor.dtype, 0)
    return (f"TensorFlow converts the NumPy operand to the tensor's {tensor.dtype}: it runs by "
            "accident" + (", and the NumPy side loses its precision" if loses else ""))


def check_mixed_dtypes(facts):
    seen = set()
    for fact in facts.arith:
        if id(fact.node) in seen:
            continue
        seen.add(id(fact.node))
        left, right = fact.left, fact.right
        lname = left.name or f"a {left.dtype} {_kind(left)}"
        rname = right.name or f"a {right.dtype} {_kind(right)}"
        message = (f"{lname} ({left.dtype}) and {rname} ({right.dtype}) meet in "
                   f"`{_OPS.get(fact.op, fact.op)}`: {_outcome(fact.op, left, right)}")
        target = left if left.dtype != "float32" else right
        help_text = (f"use one dtype for both sides: create {target.name or 'the ' + target.dtype + ' side'} "
                     "as float32 (`dtype=\"float32\"`, `.astype(\"float32\")`), or cast it "
                     "before the distance (`tf.cast(x, tf.float32)`)")
        yield Finding(fact.node, message, help_text, _dtype_fix(facts, left, right))


_DTYPE_NAMES = {"float16": "float16", "half": "float16", "bfloat16": "bfloat16",
                "float32": "float32", "single": "float32", "float64": "float64",
                "double": "float64"}
# Calls that keep the dtype of their first argument when given none of their own.
_PASS_THROUGH = frozenset({"np.array", "tf.constant", "tf.Variable", "tf.convert_to_tensor",
                           "keras.ops.convert_to_tensor"})
_CASTS = frozenset({"tf.cast", "K.cast", "keras.ops.cast"})


def _dtype_literal(facts, node):
    """(dtype, style module) for `"float64"`, `np.float64`, `tf.double`; None otherwise."""
    from siamlint.fixes.imports import resolve

    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001  (an f-string or bytes: not a dtype literal)
            return None
        return (_DTYPE_NAMES[value], "str") if value in _DTYPE_NAMES else None
    if isinstance(node, cst.Attribute) and node.attr.value in _DTYPE_NAMES:
        module = resolve(facts, node.value)
        if module in ("np", "tf"):
            return _DTYPE_NAMES[node.attr.value], module
    return None


def _literals_of(facts, value, found):
    """The dtype literals that decide the dtype of the expression `value`."""
    from siamlint.fixes.imports import dotted, resolve

    if not isinstance(value, cst.Call):
        return
    func = value.func
    path = resolve(facts, func) or ""
    own = []
    for i, arg in enumerate(value.args):
        keyword = arg.keyword.value if arg.keyword is not None else None
        positional_dtype = keyword is None and not arg.star and (
            (i == 0 and isinstance(func, cst.Attribute) and func.attr.value == "astype")
            or (i == 1 and path in _CASTS))
        if keyword == "dtype" or positional_dtype:
            own.append(arg.value)
    if own:
        found.extend(own)
        return
    if path in _PASS_THROUGH and value.args and value.args[0].keyword is None:
        _literals_of(facts, value.args[0].value, found)
    elif isinstance(func, cst.Attribute) and not dotted(func):
        _literals_of(facts, func.value, found)  # `np.ones(3, dtype=...).reshape(...)`


def _dtype_fix(facts, left, right):
    """Make one side's dtype literal the other side's dtype (float32 wins when it can)."""
    sides = sorted([(left, right), (right, left)], key=lambda p: p[0].dtype == "float32")
    for target, other in sides:
        if other.dtype not in _WIDTH or not target.name:
            continue
        value = _single_assignment(facts, target.name)
        if value is None:
            continue
        found = []
        _literals_of(facts, value, found)
        literals = [(n, _dtype_literal(facts, n)) for n in found]
        if len(literals) != 1 or literals[0][1] is None or literals[0][1][0] != target.dtype:
            continue
        node, (_, style) = literals[0]
        if style == "str":
            quote = node.quote
            content = f"{node.prefix}{quote}{other.dtype}{quote}"
            edit = NodeEdit(node, content)
        elif style == "np" and other.dtype == "bfloat16":
            continue
        else:
            edit = NodeEdit(node.attr, other.dtype)
        return FixSpec(f"Create {target.name} as {other.dtype}, like {other.name or 'the other side'}",
                       (edit,), Applicability.UNSAFE)
    return None


def _single_assignment(facts, name):
    """The value of the one `name = value` in the file (None when it is bound otherwise too)."""
    table = getattr(facts, "_assignments", None)
    if table is None:
        from siamlint.fixes.imports import Assignments

        table = facts._assignments = Assignments.of(facts.module)
    if name in table.other or len(table.values.get(name, ())) != 1:
        return None
    return table.values[name][0]


SL201 = register(Rule(
    code="SL201",
    name="mixed-dtype-arithmetic",
    severity=Severity.ERROR,
    summary="values created with different float dtypes meet in arithmetic or a distance",
    docs=Docs(
        what="Values created with different float dtypes (`np.float64` vs `np.float32`, "
        "`tf.float64` vs `tf.float32`, `\"float64\"` strings, `tf.cast`, `.astype`) meet in "
        "arithmetic or a distance.",
        why="What happens depends on who computes it. TensorFlow ops never promote: "
        "`float64 - float32` raises InvalidArgumentError (\"cannot compute Sub as input #1 "
        "was expected to be a double tensor but is a float tensor\"), in Keras 3 and Keras 2. "
        "NumPy upcasts silently to float64; a TF float32 tensor minus a NumPy float64 array "
        "converts the array; keras.ops promotes to float64. Where it does not raise, the code "
        "works by accident and computes in a dtype nobody chose. (The seed article blames "
        "NumPy; NumPy never raises here.)",
        example="prototypes = tf.Variable(np.zeros((3, 16)), dtype=tf.float64)\n"
        "queries = tf.random.normal((3, 16), dtype=tf.float32)\n"
        "d = tf.reduce_sum(tf.square(queries - prototypes), axis=1)  # SL201",
        fix="Create both sides as float32 (Keras' default), or cast one before the distance: "
        "`tf.cast(prototypes, tf.float32)`.",
    ),
    check=once_per_node(check_mixed_dtypes),
    fixable=True,
))


def check_pair_dtypes(facts):
    reported = set()
    for pair in pairs(facts):
        a, b = pair.first, pair.second
        if not a.dtype or not b.dtype or a.dtype == b.dtype or id(pair.node) in reported:
            continue
        reported.add(id(pair.node))
        how = lambda f: "" if f.dtype_explicit else " (the default)"
        message = (f"{b.name or 'the second input'} is declared {b.dtype}{how(b)} but its pair "
                   f"{a.name or 'the first input'} is {a.dtype}{how(a)}")
        common = a.dtype if a.dtype_explicit and not b.dtype_explicit else b.dtype
        if not a.dtype_explicit and b.dtype_explicit:
            common = a.dtype
        help_text = (f"declare both Inputs with one dtype (dtype=\"{common}\"); layers cast their "
                     "inputs, so this runs, but the two branches are fed different data types")
        yield Finding(pair.node, message, help_text)


SL202 = register(Rule(
    code="SL202",
    name="branch-input-dtype-mismatch",
    severity=Severity.WARNING,
    summary="the two Inputs of a pair declare different dtypes",
    docs=Docs(
        what="The two Inputs of a pair declare different dtypes (float16 vs float32, int32 "
        "token ids vs the float32 default, `np.float64` vs the default).",
        why="It never raises on its own: Keras layers cast their inputs to the layer's dtype "
        "(Dense autocasts, Embedding casts its indices). But the two branches of one network "
        "are fed different data types, which hides a preprocessing difference between them "
        "and loses precision on one side.",
        example="lhs = keras.Input(shape=(64,), dtype=\"float16\")\n"
        "rhs = keras.Input(shape=(64,), dtype=\"float32\")\n"
        "h_r = shared_mlp(rhs)  # SL202",
        fix="Declare both Inputs with the same dtype (`dtype=\"float32\"`, or `\"int32\"` for "
        "both token inputs).",
    ),
    check=once_per_node(check_pair_dtypes),
))


def check_unguarded_sqrt(facts):
    for sqrt in facts.sqrts:
        if sqrt.guarded:
            continue
        message = ("sqrt of a sum of squared differences with no epsilon guard: identical pairs "
                   "give a distance of 0, where the gradient of sqrt is infinite, and the loss "
                   "turns to nan")
        help_text = ("guard the sum before the sqrt: `sqrt(maximum(sum_square, epsilon()))` "
                     "(K.maximum/K.epsilon, ops.maximum, or tf.maximum with "
                     "tf.keras.backend.epsilon())")
        yield Finding(sqrt.node, message, help_text, _guard_fix(facts, sqrt.node))


def _guard_fix(facts, node):
    """`tf.sqrt(s)` -> `tf.sqrt(tf.maximum(s, tf.keras.backend.epsilon()))`, in the backend
    the sqrt is written with (K, keras.ops, tf, or names imported from them)."""
    from siamlint.fixes.imports import Importer, resolve

    if not isinstance(node, cst.Call) or len(node.args) != 1 or node.args[0].keyword \
            is not None or node.args[0].star:
        return None
    func = node.func
    imports = Importer(facts, node)
    if isinstance(func, cst.Attribute) and func.attr.value == "sqrt":
        module = resolve(facts, func.value)
        prefix = facts.module.code_for_node(func.value)
        maximum = f"{prefix}.maximum"
    elif isinstance(func, cst.Name):
        path = resolve(facts, func) or ""
        module = path[: -len(".sqrt")] if path.endswith(".sqrt") else None
        prefix = None
        maximum = imports.expr(f"{module}.maximum") if module else None
    else:
        return None
    if module == "K":
        epsilon = f"{prefix}.epsilon" if prefix else imports.expr("K.epsilon")
    elif module == "tf":
        tf = imports.expr("tf")
        epsilon = tf and f"{tf}.keras.backend.epsilon"
    elif module == "keras.ops":
        keras = imports.expr("keras", allow_import=False)
        backend = imports.expr("K", allow_import=False)
        epsilon = (f"{keras}.config.epsilon" if keras else f"{backend}.epsilon" if backend
                   else f"{imports.expr('keras')}.config.epsilon")
    else:
        return None
    extra = imports.edits()
    if maximum is None or epsilon is None or extra is None:
        return None
    value = node.args[0].value
    return FixSpec(f"Guard the sqrt with `{maximum}(..., {epsilon}())`",
                   (NodeEdit(value, f"{maximum}(", "before"),
                    NodeEdit(value, f", {epsilon}())", "after"), *extra),
                   Applicability.SAFE)


SL203 = register(Rule(
    code="SL203",
    name="unguarded-sqrt-in-distance",
    severity=Severity.WARNING,
    summary="a Euclidean distance takes sqrt of a sum of squares with no epsilon guard",
    docs=Docs(
        what="A Euclidean distance that gradients flow through (a Lambda or layer in a model, "
        "or a loss) takes `sqrt` of a sum of squares with no epsilon guard. "
        "`maximum(x, epsilon())`, `clip_by_value` and `sqrt(x + eps)` are guards; an eager "
        "or NumPy evaluation is not flagged.",
        why="For identical pairs the sum is 0 and d sqrt(x)/dx is infinite there: the "
        "gradients become nan and so does the loss (measured on random pairs in both "
        "versions). It works until the first duplicate pair, then training is ruined.",
        example="dist = layers.Lambda(lambda t: tf.sqrt(tf.reduce_sum(tf.square(t[0] - t[1]), "
        "axis=-1, keepdims=True)))([a, b])  # SL203",
        fix="`tf.sqrt(tf.maximum(sum_square, tf.keras.backend.epsilon()))`, as the keras.io "
        "Siamese example does.",
    ),
    check=once_per_node(check_unguarded_sqrt),
    fixable=True,
))
