"""What a Keras layer call returns, shape-wise, worked out without Keras.

One table entry per layer class (and per functional merge helper such as `concatenate`),
each mirroring that layer's `compute_output_shape` in Keras 3 together with the checks its
`__init__`, `InputSpec` and `build` make, so that the linter reports exactly what Keras
would raise, in the words of a shape, before anything runs. tests/test_shapes_keras.py
holds the table to real Keras.

Shapes include the batch axis. `output_shape` returns None when it cannot tell (a config
value that is not a plain constant, an unknown input), and raises `ShapeConflict` where
Keras would raise. A None dimension means "not known here", not "None in Keras": where Keras
only needs a dimension to create weights (the last axis of a Dense input, a conv's input
channels, an RNN's features), the output is still given, because a None there is much more
often a dimension this analysis lost than one the program left undefined.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .values import Layer, Shape, ShapeConflict, format_shape

Rule = Callable[[Mapping[str, Any], Any], "Shape | list[Shape] | None"]


@dataclass(frozen=True)
class LayerSpec:
    """A layer class: its constructor's parameter order, Keras' defaults, and its shape rule.

    `merge` layers are called on a list of tensors; their rule gets the list of shapes.
    Rules are meant to be called through `output_shape`, which gives them the config with
    the defaults filled in and turns an unknown value into a None result.
    """

    params: tuple[str, ...]
    output_shape: Rule
    merge: bool = False
    defaults: Mapping[str, Any] = field(default_factory=dict)


class _Unknowable(Exception):
    """A rule read a config value or dimension that is not known statically."""


def _constant(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    return isinstance(value, (tuple, list)) and all(_constant(v) for v in value)


class _Config(Mapping):
    """A layer's bound arguments over Keras' defaults, as a rule sees them.

    Reading a missing argument or one that is not a plain constant (nor a wrapped Layer)
    aborts the rule, which is how "unknown config value" becomes a None result.
    """

    def __init__(self, kind: str, spec: LayerSpec, config: Mapping[str, Any]):
        self.kind = kind
        self._values = {**spec.defaults, **config}

    def __getitem__(self, key: str) -> Any:
        if key not in self._values:
            raise _Unknowable(key)
        value = self._values[key]
        if isinstance(value, Layer) or _constant(value):
            return value
        raise _Unknowable(key)

    def known(self, key: str, default: Any) -> Any:
        """The value if it is known, else `default`: for arguments that are only checked."""
        try:
            return self[key]
        except _Unknowable:
            return default

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


# --- argument checks, as Keras' argument_validation makes them --------------------------


def _is_int(value: Any, bools: bool = True) -> bool:
    """Keras mostly takes `isinstance(x, int)`, so True passes for 1; a few layers refuse it."""
    return isinstance(value, int) and (bools or not isinstance(value, bool))


def _positive(cfg: _Config, name: str, bools: bool = True) -> int:
    value = cfg[name]
    if not _is_int(value, bools) or value <= 0:
        raise ShapeConflict(f"{cfg.kind}: `{name}` must be a positive integer, got {value!r}")
    return int(value)


def _ints(cfg: _Config, value: Any, n: int, name: str, allow_zero: bool = False) -> tuple[int, ...]:
    """An int or a sequence of n ints, as a tuple of n (Keras' `standardize_tuple`)."""
    values = (value,) * n if _is_int(value) else value
    low = 0 if allow_zero else 1
    if (
        not isinstance(values, (tuple, list))
        or len(values) != n
        or not all(_is_int(v) and v >= low for v in values)
    ):
        bound = ">= 0" if allow_zero else "> 0"
        raise ShapeConflict(f"{cfg.kind}: `{name}` must be an int or {n} ints {bound}, got {value!r}")
    return tuple(int(v) for v in values)


def _pairs(cfg: _Config, name: str, n: int) -> tuple[tuple[int, int], ...]:
    """Cropping/padding per spatial axis: an int, n ints, or n (before, after) pairs."""
    value = cfg[name]
    if _is_int(value):
        value = (value,) * n
    if not isinstance(value, (tuple, list)) or len(value) != n:
        raise ShapeConflict(f"{cfg.kind}: `{name}` must be an int or {n} values, got {value!r}")
    return tuple(_ints(cfg, v, 2, name, allow_zero=True) for v in value)


def _channels_last(cfg: _Config, checked_only: bool = False) -> bool:
    value = cfg.known("data_format", None) if checked_only else cfg["data_format"]
    if value not in (None, "channels_last", "channels_first"):
        raise ShapeConflict(f"{cfg.kind}: unknown data_format {value!r}")
    return value != "channels_first"


def _padding(cfg: _Config, allowed: tuple[str, ...] = ("valid", "same")) -> str:
    value = cfg["padding"]
    value = value.lower() if isinstance(value, str) else value
    if value not in allowed:
        raise ShapeConflict(f"{cfg.kind}: `padding` must be one of {allowed}, got {cfg['padding']!r}")
    return value


def _ndim(cfg: _Config, shape: Shape, ndim: int, at_least: bool = False) -> None:
    if (len(shape) < ndim) if at_least else (len(shape) != ndim):
        which = "at least " if at_least else ""
        raise ShapeConflict(
            f"{cfg.kind} expects {which}{ndim}D input (with batch axis), "
            f"got {len(shape)}D {format_shape(shape)}"
        )


def _axes_in_range(cfg: _Config, shape: Shape, axes: Any) -> None:
    for axis in axes if isinstance(axes, (tuple, list)) else [axes]:
        if not _is_int(axis) or not -len(shape) <= axis < len(shape):
            raise ShapeConflict(f"{cfg.kind}: axis {axis} is out of range for input {format_shape(shape)}")


def _spatial(shape: Shape, last: bool) -> Shape:
    return shape[1:-1] if last else shape[2:]


def _with_spatial(shape: Shape, spatial: Sequence, channels: Any, last: bool) -> Shape:
    return (shape[0], *spatial, channels) if last else (shape[0], channels, *spatial)


# --- convolutions and pooling ----------------------------------------------------------


def _window_out(cfg: _Config, shape: Shape, n: Any, size: int, stride: int, padding: str, dilation: int = 1):
    """Output length of a conv/pool window along one axis ("causal" pads like "same")."""
    if n is None:
        return None
    if padding != "valid":
        return (n - 1) // stride + 1
    out = (n - dilation * (size - 1) - 1) // stride + 1
    if out <= 0:
        raise ShapeConflict(
            f"{cfg.kind}: window {size}"
            + (f" (dilation {dilation})" if dilation > 1 else "")
            + f" does not fit in input {format_shape(shape)} with 'valid' padding: "
            f"output size would be {out}"
        )
    return out


def _transpose_out(n: Any, size: int, stride: int, padding: str, dilation: int, extra: Any):
    """Conv transpose output length (Keras' `_get_output_shape_given_tf_padding`)."""
    if n is None:
        return None
    size = (size - 1) * dilation + 1
    if padding == "valid":
        return (n - 1) * stride + size + (max(size, stride) - size if extra is None else extra)
    return n * stride if extra is None else (n - 1) * stride + size % 2 + extra


def _conv(rank: int, variant: str = "conv") -> Rule:
    """Conv1D..3D ("conv"), SeparableConv ("separable"), DepthwiseConv ("depthwise"),
    ConvNDTranspose ("transpose")."""

    def rule(cfg: _Config, shape: Shape):
        _ndim(cfg, shape, rank + 2)
        last = _channels_last(cfg)
        kernel = _ints(cfg, cfg["kernel_size"], rank, "kernel_size")
        strides = _ints(cfg, cfg["strides"], rank, "strides")
        dilation = _ints(cfg, cfg["dilation_rate"], rank, "dilation_rate")
        causal = variant == "conv" and rank == 1
        padding = _padding(cfg, ("valid", "same", "causal") if causal else ("valid", "same"))
        channels = shape[-1] if last else shape[1]
        if variant == "depthwise":
            multiplier = _positive(cfg, "depth_multiplier")
            filters = None if channels is None else multiplier * channels
        else:
            filters = _positive(cfg, "filters")
        if variant == "separable":
            _positive(cfg, "depth_multiplier")
        if variant in ("conv", "transpose") and max(strides) > 1 and max(dilation) > 1:
            raise ShapeConflict(f"{cfg.kind}: strides > 1 cannot be combined with dilation_rate > 1")
        if variant == "conv":
            groups = _positive(cfg, "groups")
            if filters % groups or (channels is not None and channels % groups):
                raise ShapeConflict(
                    f"{cfg.kind}: groups={groups} must divide both filters={filters} and the "
                    f"input channels of {format_shape(shape)}"
                )
        dims = _spatial(shape, last)
        if variant == "transpose":
            extra = cfg["output_padding"]
            extra = (None,) * rank if extra is None else _ints(cfg, extra, rank, "output_padding", True)
            if any(e is not None and e >= s for e, s in zip(extra, strides)):
                raise ShapeConflict(f"{cfg.kind}: output_padding must be smaller than strides")
            out = [
                _transpose_out(*a, padding, d, e)
                for a, d, e in zip(zip(dims, kernel, strides), dilation, extra)
            ]
        else:
            out = [
                _window_out(cfg, shape, *a, padding, d) for a, d in zip(zip(dims, kernel, strides), dilation)
            ]
        return _with_spatial(shape, out, filters, last)

    return rule


def _pool(rank: int) -> Rule:
    def rule(cfg: _Config, shape: Shape):
        _ndim(cfg, shape, rank + 2)
        last = _channels_last(cfg)
        size = _ints(cfg, cfg["pool_size"], rank, "pool_size")
        strides = size if cfg["strides"] is None else _ints(cfg, cfg["strides"], rank, "strides")
        padding = cfg["padding"]  # pooling does not lower-case it: "SAME" fails in Keras
        if padding not in ("valid", "same"):
            raise ShapeConflict(f"{cfg.kind}: `padding` must be 'valid' or 'same', got {padding!r}")
        out = [_window_out(cfg, shape, *a, padding) for a in zip(_spatial(shape, last), size, strides)]
        return _with_spatial(shape, out, shape[-1] if last else shape[1], last)

    return rule


def _global_pool(rank: int) -> Rule:
    def rule(cfg: _Config, shape: Shape):
        _ndim(cfg, shape, rank + 2)
        last = _channels_last(cfg)
        channels = shape[-1] if last else shape[1]
        if cfg["keepdims"]:
            return _with_spatial(shape, (1,) * rank, channels, last)
        return (shape[0], channels)

    return rule


# --- reshaping -------------------------------------------------------------------------


def _flatten(cfg: _Config, shape: Shape):
    rest = shape[1:]
    return (shape[0], None if None in rest else math.prod(rest))


def _reshape(cfg: _Config, shape: Shape):
    target = cfg["target_shape"]
    if not isinstance(target, (tuple, list, str)):  # Keras takes tuple(target_shape)
        raise ShapeConflict(f"Reshape: target_shape must be a tuple, got {target!r}")
    target = tuple(d if _is_int(d) else None for d in target)
    if any(d is not None and d < -1 for d in target) or target.count(-1) > 1:
        raise ShapeConflict(
            f"Reshape: target_shape {target} may hold at most one -1 and no other negative size"
        )
    rest = shape[1:]
    if None in rest or None in target:
        return (shape[0], *(None if d == -1 else d for d in target))
    size = math.prod(rest)
    known = math.prod(d for d in target if d != -1)
    if (-1 not in target and known != size) or (-1 in target and (known == 0 or size % known)):
        raise ShapeConflict(
            f"Reshape: cannot reshape input {format_shape(shape)} ({size} values per sample) "
            f"to target_shape {format_shape((None, *target), batch=False)}"
        )
    return (shape[0], *(size // known if d == -1 else d for d in target))


def _permute(cfg: _Config, shape: Shape):
    dims = cfg["dims"]
    order = sorted(d if _is_int(d) else 0 for d in dims) if isinstance(dims, (tuple, list)) else None
    if order is None or order != list(range(1, len(order) + 1)):
        raise ShapeConflict(f"Permute: dims must be a permutation of 1..n, got {dims!r}")
    _ndim(cfg, shape, len(dims) + 1)
    return (shape[0], *(shape[d] for d in dims))


def _repeat_vector(cfg: _Config, shape: Shape):
    _ndim(cfg, shape, 2)
    return (shape[0], _positive(cfg, "n", bools=False), shape[1])


def _crop(rank: int) -> Rule:
    def rule(cfg: _Config, shape: Shape):
        _ndim(cfg, shape, rank + 2)
        last = rank == 1 or _channels_last(cfg)
        if rank == 1:
            crops = (_ints(cfg, cfg["cropping"], 2, "cropping", allow_zero=True),)
        else:
            crops = _pairs(cfg, "cropping", rank)
        out = [None if n is None else n - sum(c) for n, c in zip(_spatial(shape, last), crops)]
        if any(n is not None and n <= 0 for n in out):
            raise ShapeConflict(f"{cfg.kind}: cropping {crops} leaves nothing of input {format_shape(shape)}")
        return _with_spatial(shape, out, shape[-1] if last else shape[1], last)

    return rule


def _zero_pad(rank: int) -> Rule:
    def rule(cfg: _Config, shape: Shape):
        _ndim(cfg, shape, rank + 2)
        last = _channels_last(cfg)
        if rank == 1:
            pads = (_ints(cfg, cfg["padding"], 2, "padding", allow_zero=True),)
        else:
            pads = _pairs(cfg, "padding", rank)
        out = [None if n is None else n + sum(p) for n, p in zip(_spatial(shape, last), pads)]
        return _with_spatial(shape, out, shape[-1] if last else shape[1], last)

    return rule


def _upsample(rank: int) -> Rule:
    def rule(cfg: _Config, shape: Shape):
        _ndim(cfg, shape, rank + 2)
        last = rank == 1 or _channels_last(cfg)
        size = (_positive(cfg, "size", bools=False),) if rank == 1 else _ints(cfg, cfg["size"], rank, "size")
        out = [None if n is None else n * k for n, k in zip(_spatial(shape, last), size)]
        return _with_spatial(shape, out, shape[-1] if last else shape[1], last)

    return rule


def _resize(cfg: _Config, shape: Shape):
    """Resizing/CenterCrop: a 4D input is a batch of images, a 3D one a single image."""
    if len(shape) not in (3, 4):
        raise ShapeConflict(
            f"{cfg.kind} expects a 4D batch of images (or one 3D image), got {format_shape(shape)}"
        )
    first = (len(shape) - 3) + (not _channels_last(cfg))
    size = [cfg["height"], cfg["width"]]
    if None in size:
        raise _Unknowable("height")
    if not all(_is_int(d) and d >= 0 for d in size):
        raise ShapeConflict(f"{cfg.kind}: height and width must be sizes, got {size[0]!r} and {size[1]!r}")
    out = list(shape)
    out[first : first + 2] = size
    return tuple(out)


# --- core, normalization, recurrent ----------------------------------------------------


def _same(ndim: int | None = None, axis: tuple[type, ...] = (), rate: str | None = None) -> Rule:
    """Layers that keep the shape. Some take a fixed rank (and a data_format), an `axis` of
    the given types that must exist, or a `rate` in [0, 1]; an unknown one is not checked."""

    def rule(cfg: _Config, shape: Shape):
        if ndim is not None:
            _ndim(cfg, shape, ndim)
            _channels_last(cfg, checked_only=True)
        value = cfg.known(rate, 0) if rate else 0
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ShapeConflict(f"{cfg.kind}: `{rate}` must be a number between 0 and 1, got {value!r}")
        value = cfg.known("axis", -1) if axis else -1
        if not isinstance(value, axis or int):
            raise ShapeConflict(f"{cfg.kind}: invalid axis {value!r}")
        if value is not None:
            _axes_in_range(cfg, shape, int(value) if isinstance(value, float) else value)
        return shape

    return rule


def _dense(cfg: _Config, shape: Shape):
    _ndim(cfg, shape, 2, at_least=True)
    return (*shape[:-1], _positive(cfg, "units"))


def _embedding(cfg: _Config, shape: Shape):
    """Appends output_dim; Keras 2's `input_length` fills in unknown sequence lengths."""
    _positive(cfg, "input_dim", bools=False)
    length = cfg["input_length"]
    lengths = length if isinstance(length, (tuple, list)) else [length]
    if length is not None and len(lengths) == len(shape) - 1:
        shape = (shape[0], *(d if d is not None else n for d, n in zip(shape[1:], lengths)))
    return (*shape, _positive(cfg, "output_dim", bools=False))


def _input_layer(cfg: _Config, shape: Any):
    """An InputLayer's output is its own declared shape, whatever it is given."""
    batch_shape = cfg["batch_shape"] or cfg["batch_input_shape"]
    if batch_shape is None:
        dims = cfg["shape"] if cfg["shape"] is not None else cfg["input_shape"]
        batch_shape = (cfg["batch_size"], *dims) if isinstance(dims, (tuple, list)) else ()
    if not batch_shape or not all(d is None or _is_int(d) for d in batch_shape):
        raise _Unknowable("shape")
    return tuple(batch_shape)


_STATES = {"SimpleRNN": 1, "GRU": 1, "LSTM": 2}


def _rnn(cfg: _Config, shape: Shape):
    _ndim(cfg, shape, 3)
    units = _positive(cfg, "units", bools=cfg.kind != "LSTM")  # LSTM alone refuses units=True
    out = (shape[0], shape[1], units) if cfg["return_sequences"] else (shape[0], units)
    if cfg["return_state"]:
        return [out] + [(shape[0], units)] * _STATES[cfg.kind]
    return out


def _bidirectional(cfg: _Config, shape: Shape):
    inner, mode = cfg["layer"], cfg["merge_mode"]
    if not isinstance(inner, Layer):
        raise _Unknowable("layer")
    if inner.kind not in _STATES:
        if inner.kind in LAYERS:
            raise ShapeConflict(
                f"Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN), not {inner.kind}"
            )
        raise _Unknowable("layer")
    if mode not in ("concat", "sum", "mul", "ave", None):
        raise ShapeConflict(f"Bidirectional: unknown merge_mode {mode!r}")
    forward = output_shape(inner.kind, inner.config, shape)
    if forward is None:
        return None
    out, states = (forward[0], forward[1:]) if isinstance(forward, list) else (forward, [])
    outs = [out, out] if mode is None else [(*out[:-1], out[-1] * 2) if mode == "concat" else out]
    result = outs + states + states
    return result if len(result) > 1 else result[0]


def _time_distributed(cfg: _Config, shape: Shape):
    inner = cfg["layer"]
    if not isinstance(inner, Layer):
        raise _Unknowable("layer")
    _ndim(cfg, shape, 3, at_least=True)
    step = output_shape(inner.kind, inner.config, (shape[0], *shape[2:]))
    if not isinstance(step, tuple):
        return None
    return (step[0], shape[1], *step[1:])


def _lambda(cfg: _Config, shape: Any):
    """Only an explicit `output_shape` (without batch axis) tells; the function is opaque."""
    declared = cfg["output_shape"]
    first = shape[0] if isinstance(shape, list) else shape
    if declared is not None and not isinstance(declared, (tuple, list)):
        raise ShapeConflict(f"Lambda: output_shape must be a tuple (without batch axis), got {declared!r}")
    if declared is None or first is None:
        return None
    if all(d is None or _is_int(d) for d in declared):
        return (first[0], *declared)
    if all(isinstance(s, (tuple, list)) for s in declared):
        return [(first[0], *s) for s in declared]
    return None


# --- merging ---------------------------------------------------------------------------


def _inputs(cfg: _Config, shapes: Any, count: int | None = None) -> list[Shape]:
    """The list of input shapes of a merge; an unknown one aborts the rule."""
    if isinstance(shapes, tuple) and shapes and all(isinstance(s, tuple) for s in shapes):
        shapes = list(shapes)
    if not isinstance(shapes, list) or not shapes:
        raise ShapeConflict(f"{cfg.kind} must be called on a list of tensors, got {format_shape(shapes)}")
    if count is not None and len(shapes) != count:
        raise ShapeConflict(f"{cfg.kind} must be called on exactly {count} tensors, got {len(shapes)}")
    if any(s is None for s in shapes):
        raise _Unknowable("inputs")
    return shapes


def _shapes(shapes: list[Shape]) -> str:
    return " and ".join(format_shape(s) for s in shapes)


def _elementwise(count: int | None = None) -> Rule:
    """Add, Subtract, Multiply, Average, Maximum, Minimum: equal shapes, or broadcastable
    (aligned on the right, 1 stretches), batch axis aside."""

    def rule(cfg: _Config, shapes: Any):
        shapes = _inputs(cfg, shapes, count)
        batches = {s[0] for s in shapes} - {None}
        if len(batches) > 1:
            raise ShapeConflict(f"{cfg.kind}: inputs have different batch sizes: {_shapes(shapes)}")
        out: tuple = shapes[0][1:]
        for s in shapes[1:]:
            a, b = sorted((out, s[1:]), key=len, reverse=True)
            tail = []
            for i, j in zip(a[len(a) - len(b) :], b):
                if i is not None and j is not None and 1 not in (i, j) and i != j:
                    raise ShapeConflict(f"{cfg.kind}: inputs have incompatible shapes {_shapes(shapes)}")
                tail.append(None if i is None or j is None else j if i == 1 else i)
            out = (*a[: len(a) - len(b)], *tail)
        return (batches.pop() if batches else None, *out)

    return rule


def _concatenate(cfg: _Config, shapes: Any):
    shapes, given = _inputs(cfg, shapes), cfg["axis"]
    if not _is_int(given):
        raise ShapeConflict(f"{cfg.kind}: axis must be an integer, got {given!r}")
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes) or not -rank <= given < rank:
        raise ShapeConflict(
            f"{cfg.kind}(axis={given}): inputs must have one rank, with that axis: {_shapes(shapes)}"
        )
    axis = given % rank
    for i in range(rank):
        if i != axis and len({s[i] for s in shapes} - {None}) > 1:
            raise ShapeConflict(
                f"{cfg.kind}(axis={given}) needs equal shapes except on that axis: {_shapes(shapes)}"
            )
    sizes = [s[axis] for s in shapes]
    return (*shapes[0][:axis], None if None in sizes else sum(sizes), *shapes[0][axis + 1 :])


def _dot(cfg: _Config, shapes: Any):
    (s1, s2), axes = _inputs(cfg, shapes, 2), cfg["axes"]
    if _is_int(axes):
        axes = (axes % len(s1), axes % len(s2)) if axes < 0 else (axes, axes)
    if not (isinstance(axes, (tuple, list)) and len(axes) == 2 and all(_is_int(a) for a in axes)):
        raise ShapeConflict(f"{cfg.kind}: axes must be an int or a pair of ints, got {axes!r}")
    if not all(-len(s) <= a < len(s) for s, a in zip((s1, s2), axes)):
        raise ShapeConflict(f"{cfg.kind}: axes {tuple(axes)} out of range for inputs {_shapes(shapes)}")
    a1, a2 = axes[0] % len(s1), axes[1] % len(s2)
    if 0 in (a1, a2):
        raise ShapeConflict(f"{cfg.kind}: cannot take the dot product over the batch axis")
    d1, d2 = s1[a1], s2[a2]
    if d1 is not None and d2 is not None and d1 != d2:
        raise ShapeConflict(
            f"{cfg.kind}: axis {a1} of {format_shape(s1)} has size {d1} but axis {a2} of "
            f"{format_shape(s2)} has size {d2}"
        )
    out = (*s1[:a1], *s1[a1 + 1 :], *s2[1:a2], *s2[a2 + 1 :])
    return out + (1,) if len(out) == 1 else out


# --- the tables ------------------------------------------------------------------------

_ACT = "activation use_bias"
_INIT = (
    "kernel_initializer bias_initializer kernel_regularizer bias_regularizer activity_regularizer "
    "kernel_constraint bias_constraint"
)
_SEP = (
    "depthwise_initializer pointwise_initializer bias_initializer depthwise_regularizer "
    "pointwise_regularizer bias_regularizer activity_regularizer depthwise_constraint "
    "pointwise_constraint bias_constraint"
)
_DW = (
    "depthwise_initializer bias_initializer depthwise_regularizer bias_regularizer activity_regularizer "
    "depthwise_constraint bias_constraint"
)
_RNN_REG = (
    "kernel_regularizer recurrent_regularizer bias_regularizer activity_regularizer kernel_constraint "
    "recurrent_constraint bias_constraint"
)
_RNN_INIT = f"kernel_initializer recurrent_initializer bias_initializer {_RNN_REG}"
_WINDOW = {"strides": 1, "padding": "valid", "data_format": None, "dilation_rate": 1}
_POOL = {"strides": None, "padding": "valid", "data_format": None}


def _spec(params: str, rule: Rule, merge: bool = False, **defaults: Any) -> LayerSpec:
    return LayerSpec(tuple(params.split()), rule, merge, defaults)


LAYERS: dict[str, LayerSpec] = {
    "InputLayer": _spec(
        "shape batch_size dtype sparse ragged batch_shape input_tensor optional name",
        _input_layer,
        shape=None,
        batch_size=None,
        batch_shape=None,
        input_shape=None,
        batch_input_shape=None,
    ),
    "Dense": _spec(f"units {_ACT} {_INIT}", _dense),
    "Embedding": _spec(
        "input_dim output_dim embeddings_initializer embeddings_regularizer embeddings_constraint mask_zero "
        "weights",
        _embedding,
        input_length=None,
    ),
    "Flatten": _spec("data_format", _flatten),
    "Reshape": _spec("target_shape", _reshape),
    "Permute": _spec("dims", _permute),
    "RepeatVector": _spec("n", _repeat_vector),
    "Lambda": _spec("function output_shape mask arguments", _lambda, output_shape=None),
    "Resizing": _spec(
        "height width interpolation crop_to_aspect_ratio pad_to_aspect_ratio fill_mode fill_value antialias "
        "data_format",
        _resize,
        data_format=None,
    ),
    "CenterCrop": _spec("height width data_format", _resize, data_format=None),
    "Cropping1D": _spec("cropping", _crop(1), cropping=(1, 1)),
    "Cropping2D": _spec("cropping data_format", _crop(2), cropping=((0, 0), (0, 0)), data_format=None),
    "Cropping3D": _spec("cropping data_format", _crop(3), cropping=((1, 1),) * 3, data_format=None),
    "ZeroPadding1D": _spec("padding data_format", _zero_pad(1), padding=1, data_format=None),
    "ZeroPadding2D": _spec("padding data_format", _zero_pad(2), padding=(1, 1), data_format=None),
    "ZeroPadding3D": _spec("padding data_format", _zero_pad(3), padding=((1, 1),) * 3, data_format=None),
    "UpSampling1D": _spec("size", _upsample(1), size=2),
    "UpSampling2D": _spec("size data_format interpolation", _upsample(2), size=(2, 2), data_format=None),
    "UpSampling3D": _spec("size data_format", _upsample(3), size=(2, 2, 2), data_format=None),
    "Bidirectional": _spec("layer merge_mode weights backward_layer", _bidirectional, merge_mode="concat"),
    "TimeDistributed": _spec("layer", _time_distributed),
    "Concatenate": _spec("axis", _concatenate, merge=True, axis=-1),
    "Dot": _spec("axes normalize", _dot, merge=True),
    "Subtract": _spec("", _elementwise(2), merge=True),
    "BatchNormalization": _spec(
        "axis momentum epsilon center scale beta_initializer gamma_initializer moving_mean_initializer "
        "moving_variance_initializer beta_regularizer gamma_regularizer beta_constraint gamma_constraint "
        "renorm renorm_clipping renorm_momentum synchronized",
        _same(axis=(int, float)),  # Keras takes int(axis)
        axis=-1,
    ),
    "LayerNormalization": _spec(
        "axis epsilon center scale beta_initializer gamma_initializer beta_regularizer gamma_regularizer "
        "beta_constraint gamma_constraint",
        _same(axis=(int, list, tuple)),
        axis=-1,
    ),
    "UnitNormalization": _spec("axis", _same(axis=(int, list, tuple)), axis=-1),
    "Normalization": _spec("axis mean variance invert", _same(axis=(int, tuple, list, type(None))), axis=-1),
    "SpatialDropout1D": _spec("rate seed name dtype", _same(3, rate="rate")),
    "SpatialDropout2D": _spec("rate data_format seed name dtype", _same(4, rate="rate")),
    "SpatialDropout3D": _spec("rate data_format seed name dtype", _same(5, rate="rate")),
}

for _kind, _params, _rate in (
    ("Dropout", "rate noise_shape seed", "rate"),
    ("AlphaDropout", "rate noise_shape seed", "rate"),
    ("GaussianDropout", "rate seed", "rate"),
    ("GaussianNoise", "stddev seed", "stddev"),
):
    LAYERS[_kind] = _spec(_params, _same(rate=_rate))
for _kind, _params in {
    "Activation": "activation",
    "ReLU": "max_value negative_slope threshold",
    "LeakyReLU": "negative_slope",
    "PReLU": "alpha_initializer alpha_regularizer alpha_constraint shared_axes",
    "ELU": "alpha",
    "Softmax": "axis",
    "Rescaling": "scale offset",
    "Masking": "mask_value",
    "ActivityRegularization": "l1 l2",
    "Identity": "",
}.items():
    LAYERS[_kind] = _spec(_params, _same())

for _rank in (1, 2, 3):
    _d = f"{_rank}D"
    LAYERS[f"Conv{_d}"] = _spec(
        f"filters kernel_size strides padding data_format dilation_rate groups {_ACT} {_INIT}",
        _conv(_rank),
        groups=1,
        **_WINDOW,
    )
    _formats = "data_format output_padding" if _rank == 3 else "output_padding data_format"  # sic, Keras 3
    LAYERS[f"Conv{_d}Transpose"] = _spec(
        f"filters kernel_size strides padding {_formats} dilation_rate {_ACT} {_INIT}",
        _conv(_rank, "transpose"),
        output_padding=None,
        **_WINDOW,
    )
    LAYERS[f"MaxPooling{_d}"] = _spec(
        "pool_size strides padding data_format name", _pool(_rank), pool_size=2, **_POOL
    )
    LAYERS[f"AveragePooling{_d}"] = _spec("pool_size strides padding data_format name", _pool(_rank), **_POOL)
    for _g in ("GlobalAveragePooling", "GlobalMaxPooling"):
        LAYERS[f"{_g}{_d}"] = _spec(
            "data_format keepdims", _global_pool(_rank), data_format=None, keepdims=False
        )
    if _rank < 3:
        LAYERS[f"SeparableConv{_d}"] = _spec(
            f"filters kernel_size strides padding data_format dilation_rate depth_multiplier {_ACT} {_SEP}",
            _conv(_rank, "separable"),
            depth_multiplier=1,
            **_WINDOW,
        )
        LAYERS[f"DepthwiseConv{_d}"] = _spec(
            f"kernel_size strides padding depth_multiplier data_format dilation_rate {_ACT} {_DW}",
            _conv(_rank, "depthwise"),
            depth_multiplier=1,
            **_WINDOW,
        )

_RNN_TAIL = "dropout recurrent_dropout seed return_sequences return_state go_backwards stateful unroll"
_RNN_DEFAULTS = {"return_sequences": False, "return_state": False}
LAYERS["SimpleRNN"] = _spec(
    f"units activation use_bias {_RNN_INIT} dropout recurrent_dropout return_sequences return_state "
    "go_backwards stateful unroll seed",
    _rnn,
    **_RNN_DEFAULTS,
)
LAYERS["LSTM"] = _spec(
    "units activation recurrent_activation use_bias kernel_initializer recurrent_initializer "
    f"bias_initializer unit_forget_bias {_RNN_REG} {_RNN_TAIL} use_cudnn",
    _rnn,
    **_RNN_DEFAULTS,
)
LAYERS["GRU"] = _spec(
    f"units activation recurrent_activation use_bias {_RNN_INIT} {_RNN_TAIL} reset_after use_cudnn",
    _rnn,
    **_RNN_DEFAULTS,
)

for _kind in ("Add", "Multiply", "Average", "Maximum", "Minimum"):
    LAYERS[_kind] = _spec("", _elementwise(), merge=True)
# The functional helpers take the tensors first: `concatenate([a, b], axis=1)`.
for _kind in ("add", "subtract", "multiply", "average", "maximum", "minimum"):
    LAYERS[_kind] = _spec("inputs", LAYERS[_kind.capitalize()].output_shape, merge=True)
LAYERS["concatenate"] = _spec("inputs axis", _concatenate, merge=True, axis=-1)
LAYERS["dot"] = _spec("inputs axes", _dot, merge=True, axes=-1)

# Keras' other names for the same classes.
for _alias, _kind in {
    **{f"Convolution{d}D": f"Conv{d}D" for d in "123"},
    **{f"Convolution{d}DTranspose": f"Conv{d}DTranspose" for d in "123"},
    **{f"SeparableConvolution{d}D": f"SeparableConv{d}D" for d in "12"},
    **{f"MaxPool{d}D": f"MaxPooling{d}D" for d in "123"},
    **{f"AvgPool{d}D": f"AveragePooling{d}D" for d in "123"},
    **{f"GlobalAvgPool{d}D": f"GlobalAveragePooling{d}D" for d in "123"},
    **{f"GlobalMaxPool{d}D": f"GlobalMaxPooling{d}D" for d in "123"},
}.items():
    LAYERS[_alias] = LAYERS[_kind]


def bind(kind: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Name a constructor call's arguments the way Keras does: positional by the
    signature's order, keywords over them. An unknown kind keeps its keywords only."""
    spec = LAYERS.get(kind)
    bound = dict(zip(spec.params, args)) if spec else {}
    bound.update(kwargs)
    return bound


def output_shape(kind: str, config: Mapping[str, Any], input_shape: Any) -> Shape | list[Shape] | None:
    """The output shape (or list of shapes) of a `kind` layer with `config` called on
    `input_shape` (a list of shapes for merge layers); None when it cannot be told;
    `ShapeConflict` where Keras would raise."""
    spec = LAYERS.get(kind)
    if spec is None or (input_shape is None and kind != "InputLayer"):
        return None
    if isinstance(input_shape, list) and not spec.merge and kind != "Lambda":
        return None  # a list given to a one-input layer: not a case the table speaks for
    try:
        return spec.output_shape(_Config(kind, spec, config), input_shape)
    except _Unknowable:
        return None
