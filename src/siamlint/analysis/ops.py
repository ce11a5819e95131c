"""Tensor and array ops people write distances and losses with: a table from canonical name
to kind and parameter order, and the shape rules (broadcasting, reductions, concatenation)."""
from __future__ import annotations

from siamlint.analysis.values import Shape, ShapeConflict, format_shape

UNARY = frozenset({
    "abs", "absolute", "square", "sqrt", "exp", "log", "negative", "relu", "sigmoid", "tanh",
    "softplus", "stop_gradient", "identity", "sign", "l2_normalize", "elu", "selu", "softsign",
    "log1p", "expm1", "rsqrt", "reciprocal", "cos", "sin", "round", "floor", "ceil",
})
BINARY = frozenset({
    "subtract", "add", "multiply", "divide", "truediv", "maximum", "minimum", "pow", "power",
    "squared_difference", "divide_no_nan",
})
REDUCE = frozenset({"reduce_sum", "sum", "reduce_mean", "mean", "reduce_max", "max",
                    "reduce_min", "min", "reduce_prod", "prod", "norm", "linalg.norm"})
# Ops joining a list of tensors. Stacking adds an axis and is not a concatenation
# (tf.stack([a, b], axis=1) of two (None, 8) is (None, 2, 8), not (None, 16)): its shape rule
# is `stack` below, and the interpreter dispatches on the name.
STACK = frozenset({"stack"})
CONCAT = frozenset({"concat", "concatenate"}) | STACK
CLIP = frozenset({"clip_by_value", "clip"})
PREFIXES = ("tf.", "K.", "keras.ops.", "np.")


def op_name(path: str) -> str | None:
    """`tf.reduce_sum` -> `reduce_sum`; None for what is not a tensor op we model."""
    for prefix in PREFIXES:
        if path.startswith(prefix):
            name = path[len(prefix):]
            if name in UNARY or name in BINARY or name in REDUCE or name in CONCAT \
                    or name in STACK or name in CLIP or name == "cast":
                return name
    return None


def params(name: str) -> tuple[str, ...]:
    if name in REDUCE:
        return ("x", "ord", "axis", "keepdims") if name.endswith("norm") else ("x", "axis", "keepdims")
    if name in CONCAT or name in STACK:
        return ("values", "axis")
    if name in CLIP:
        return ("x", "min", "max")
    if name == "cast":
        return ("x", "dtype")
    if name in BINARY:
        return ("x", "y")
    return ("x",)


def broadcast(a: Shape | None, b: Shape | None) -> Shape | None:
    """NumPy/TensorFlow broadcasting of two static shapes; raises when dims cannot match."""
    if a is None or b is None:
        return None
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x is None or y is None:
            known = x if y is None else y
            out.append(None if known in (None, 1) else known)
        elif x == y or y == 1:
            out.append(x)
        elif x == 1:
            out.append(y)
        else:
            raise ShapeConflict(f"shapes {format_shape(a)} and {format_shape(b)} cannot be combined")
    return tuple(reversed(out))


def _axes(axis, rank: int):
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in axes):
        return None
    out = set()
    for x in axes:
        if not -rank <= x < rank:
            raise ShapeConflict(f"axis {x} is out of range for a tensor of rank {rank}")
        out.add(x % rank)
    return out


def reduce(shape: Shape | None, axis, keepdims) -> Shape | None:
    if shape is None or not isinstance(keepdims, (bool, type(None))):
        return None
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = _axes(axis, len(shape))
    if axes is None:
        return None
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def concat(shapes: list[Shape | None], axis) -> Shape | None:
    if any(s is None for s in shapes) or not isinstance(axis, int) or not shapes:
        return None
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes):
        raise ShapeConflict("cannot concatenate tensors of ranks "
                            + ", ".join(str(len(s)) for s in shapes))
    (ax,) = _axes(axis, rank)
    out = list(shapes[0])
    for s in shapes[1:]:
        for i in range(rank):
            if i == ax:
                out[i] = None if out[i] is None or s[i] is None else out[i] + s[i]
            elif out[i] is not None and s[i] is not None and out[i] != s[i]:
                raise ShapeConflict(
                    "cannot concatenate " + " and ".join(format_shape(x) for x in shapes)
                    + f" along axis {axis}: they differ on another axis")
            elif out[i] is None:
                out[i] = s[i]
    return tuple(out)


def stack(shapes: list[Shape | None], axis) -> Shape | None:
    """`tf.stack`/`ops.stack`: equal shapes, a new axis of len(shapes) at `axis`."""
    if any(s is None for s in shapes) or not isinstance(axis, int) or not shapes:
        return None
    first = shapes[0]
    for s in shapes[1:]:
        if len(s) != len(first) or any(x is not None and y is not None and x != y
                                        for x, y in zip(s, first)):
            raise ShapeConflict("cannot stack " + " and ".join(format_shape(x) for x in shapes)
                                + ": stacked tensors must have one shape")
    merged = tuple(next((d for d in dims if d is not None), None) for dims in zip(*shapes))
    rank = len(first) + 1
    if not -rank <= axis < rank:
        raise ShapeConflict(f"axis {axis} is out of range for stacking tensors of rank {len(first)}")
    position = axis % rank
    return (*merged[:position], len(shapes), *merged[position:])
