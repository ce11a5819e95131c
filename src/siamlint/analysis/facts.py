"""Facts: what a file builds, recorded once by the interpreter and queried by every rule.

Each record keeps the CST node where the user must act, so rules never walk the tree.
Events that depend on order (compile, fit, trainable changes) carry a sequence number.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class InputFact:
    tensor: Any
    node: Any  # the Input(...) call
    name: str | None  # the variable it was bound to
    declared: Any  # the shape as written (without batch axis), or UNKNOWN
    dtype: str | None
    dtype_explicit: bool
    batch_in_shape: bool = False  # shape= already held the batch axis (SL105)
    shape_node: Any = None


@dataclass(eq=False)
class TowerCall:
    """A layer or model (the tower) applied to one tensor."""

    tower: Any  # values.Layer or values.Model
    arg: Any  # the tensor it was called on
    result: Any
    node: Any  # the call expression
    seq: int
    training: Any = None  # the value of training=, None when not given
    conflict: str | None = None  # Keras would raise here: why
    sites: tuple = ()  # the calls of user functions being inlined when it ran, outermost first


@dataclass(eq=False)
class Merge:
    """Two or more tensors combined: a merge layer, a Lambda on a list, an op on two tensors."""

    kind: str  # "concat", "subtract", "add", "multiply", "dot", "lambda", "op", ...
    operands: list
    result: Any
    node: Any
    seq: int
    conflict: str | None = None
    objects: list = field(default_factory=list)  # layer/model objects passed instead of tensors


@dataclass(eq=False)
class Arith:
    """Arithmetic between two concrete or symbolic values whose dtypes are known."""

    op: str
    left: Any
    right: Any
    node: Any
    seq: int


@dataclass(eq=False)
class Sqrt:
    node: Any
    operand: Any
    guarded: bool


@dataclass(eq=False)
class Trainable:
    """`x.trainable = value` (target: a Layer, Model, or a slice of a model's layers)."""

    target: Any
    value: Any
    node: Any
    seq: int
    epoch: int = 0  # facts of one run (the module, or one uncalled function) compare
    per_layer: bool = False  # set through a loop over `model.layers[...]`


@dataclass(eq=False)
class Compile:
    model: Any
    node: Any
    seq: int
    epoch: int = 0  # facts of one run (the module, or one uncalled function) compare
    loss: Any = None
    metrics: Any = None
    loss_facts: Any = None  # LossFacts of a user loss, when it could be read
    outputs: list = field(default_factory=list)  # the compiled model's output tensors


@dataclass(eq=False)
class Fit:
    model: Any
    method: str  # fit, predict, evaluate, train_on_batch
    node: Any
    seq: int
    epoch: int = 0  # facts of one run (the module, or one uncalled function) compare
    x: Any = None
    y: Any = None


@dataclass(eq=False)
class LossFacts:
    """How y_true and y_pred flow through a user loss evaluated with the model's output."""

    function: Any
    uncast_node: Any = None  # first expression combining raw y_true with y_pred terms
    margin: float | None = None  # the constant m in `max(m - y_pred, 0)` / `relu(m - y_pred)`
    margin_shape: Any = None  # the shape of `m - y_pred` there (None when not known)
    uses_labels: bool = False
    binary_labels: bool = False  # `1 - y_true` somewhere: labels are 0/1 classes, not targets


@dataclass
class Facts:
    module: Any = None
    inputs: list[InputFact] = field(default_factory=list)
    tower_calls: list[TowerCall] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    arith: list[Arith] = field(default_factory=list)
    sqrts: list[Sqrt] = field(default_factory=list)
    bases: list = field(default_factory=list)  # pretrained keras.applications Models
    trainable: list[Trainable] = field(default_factory=list)
    compiles: list[Compile] = field(default_factory=list)
    fits: list[Fit] = field(default_factory=list)
    arrays: list = field(default_factory=list)  # NumPy arrays and pad_sequences results
    models: list = field(default_factory=list)  # functional Models built in the file
    limits: list[str] = field(default_factory=list)  # analysis bounds that were hit
    aliases: dict = field(default_factory=dict)  # canonical module -> the file's name for it
    positions: Any = None  # PositionIndex: lines for messages, computed only when asked

    def line(self, node) -> int:
        return self.positions.span(node)[0].line

    def input_of(self, tensor) -> InputFact | None:
        for fact in self.inputs:
            if fact.tensor is tensor:
                return fact
        return None
