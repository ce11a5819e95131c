"""Abstract values: what a name holds, as far as reading the code (never running it) can tell.

Anything the interpreter cannot know is `UNKNOWN`; rules stay silent on it. Shapes always
include the batch axis, as Keras prints them: `(None, 64, 64, 3)`; a dimension that is not
known statically is `None`, a shape whose rank is unknown is `None` as a whole.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class _Unknown:
    """The one value for 'cannot be known statically'."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()

Dim = int | None
Shape = tuple[Dim, ...]


class ShapeConflict(Exception):
    """Keras would raise here (a ValueError at build or call time): the message says why."""


def format_shape(shape: Shape | None, batch: bool = True) -> str:
    """A shape the way Keras prints it: `(None, 64, 64, 3)`; `(64, 64, 3)` without batch axis."""
    if shape is None:
        return "(?)"
    dims = shape if batch else shape[1:]
    inner = ", ".join("None" if d is None else str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


@dataclass(eq=False)
class Tensor:
    """A symbolic (or eager) tensor: static shape with batch axis, dtype, and where it came from.

    `sources` are the Input tensors it is derived from (by identity), so a merge can tell
    whether its operands come from two different branches; `producer` is the TowerCall that
    produced it (None when the last step was an op, a merge or an Input); `tags` describe what
    it computes ("diff", "distance", "similarity", "sumsq", "bounded", "y_true", "y_pred").
    """

    shape: Shape | None
    dtype: str | None
    node: Any = None
    name: str | None = None
    sources: frozenset = frozenset()
    producer: Any = None
    eager: bool = False  # a concrete tensor (tf.constant, tf.Variable, ops.ones), not a placeholder
    tags: frozenset = frozenset()
    margin: float | None = None  # a constant `m - y_pred` inside a loss: the contrastive margin


@dataclass(eq=False)
class Array:
    """A NumPy array (or a Python nested list turned into one): shape and dtype."""

    shape: Shape | None  # full shape, first axis = samples
    dtype: str | None
    node: Any = None
    name: str | None = None
    maxlen: int | None = None  # the length pad_sequences padded it to
    sources: frozenset = frozenset()
    tags: frozenset = frozenset()
    eager: bool = True
    samples: bool = True  # the first axis holds the samples (not after `x[0]`)


@dataclass(eq=False)
class Layer:
    """A layer object before or after being called: its Keras class and bound configuration.

    `config` maps Keras' parameter names to evaluated values (Python constants, other abstract
    values, or UNKNOWN). `built_for` is the input shape of its first call, which fixes a
    layer's weights (and a Sequential without an Input).
    """

    kind: str
    config: dict[str, Any] = field(default_factory=dict)
    node: Any = None
    name: str | None = None
    built_for: Shape | None = None
    built_node: Any = None
    calls: list = field(default_factory=list)
    trainable: Any = True


@dataclass(eq=False)
class Model:
    """A functional Model, a Sequential, or a keras.applications base.

    `input_shapes` are the shapes (with batch axis) it was built for (None entries unknown);
    `layers` the Sequential's layers in order; `outputs` the output tensors of a functional model.
    """

    kind: str  # "Model", "Sequential", or an application name such as "MobileNetV2"
    node: Any = None
    name: str | None = None
    inputs: list = field(default_factory=list)
    outputs: list = field(default_factory=list)
    layers: list = field(default_factory=list)
    input_shapes: list | None = None
    output_shape: Shape | None = None
    output_dtype: str | None = None
    pretrained: bool = False
    trainable: Any = True
    calls: list = field(default_factory=list)
    compiled: list = field(default_factory=list)
    built_for: Shape | None = None
    built_node: Any = None
    factory: Any = None  # the user function that built it, if any
    config: dict[str, Any] = field(default_factory=dict)


class FullShape(tuple):
    """A shape that still holds the batch (sample) axis: `array.shape`, `model.input_shape`,
    `K.int_shape(t)`. Passing one to `Input(shape=...)` gives the tensor an axis too many."""


@dataclass(frozen=True)
class Ref:
    """A module, class or function of Keras, TensorFlow or NumPy, by canonical dotted name."""

    path: str


@dataclass(frozen=True)
class DType:
    """A dtype object (`np.float32`, `tf.float64`), distinct from the string naming it."""

    name: str


@dataclass(eq=False)
class Function:
    """A user-defined function (or lambda) with its defining scope, so calls can be inlined."""

    node: Any
    name: str
    scope: Any
    is_lambda: bool = False
    defaults: dict[str, Any] = field(default_factory=dict)  # evaluated where it was defined


@dataclass(eq=False)
class PyClass:
    """A class defined in the file: its methods and the canonical names of its bases."""

    node: Any
    name: str
    methods: dict[str, Any]
    bases: tuple[str, ...]
    scope: Any = None


@dataclass(eq=False)
class Instance:
    """An instance of a user class (a subclassed Model, Loss or Layer); attributes as a dict."""

    cls: Any
    attrs: dict[str, Any] = field(default_factory=dict)
    node: Any = None


@dataclass(frozen=True)
class Opaque:
    """An object of a library class we do not model (an optimizer, a metric, a callback)."""

    path: str


@dataclass(eq=False)
class LayerSlice:
    """`model.layers`, `model.layers[:n]`, one layer of it (a loop variable, `get_layer()`)."""

    model: Any
    whole: bool = True


@dataclass(eq=False)
class BoundMethod:
    obj: Any
    name: str
    function: Any = None  # a user method (Function) when obj is an Instance
