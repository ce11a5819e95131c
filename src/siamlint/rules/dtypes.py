"""Dtype rules: values of different float dtypes meeting, pair Inputs of different dtypes,
and Euclidean distances whose sqrt has no epsilon guard."""
from __future__ import annotations

from siamlint.analysis.pairs import once_per_node, pairs
from siamlint.analysis.values import Array
from siamlint.diagnostics import Severity
from siamlint.rules.base import Docs, Finding, Rule, register

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
        yield Finding(fact.node, message, help_text)


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
        yield Finding(sqrt.node, message, help_text)


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
))
