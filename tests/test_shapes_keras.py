"""Differential test: the static shape tables against real Keras 3.

Hundreds of seeded random layer configurations (valid and broken) are built with Keras on
`keras.Input(batch_shape=...)`. Where Keras gives a shape, ours must be the same or None;
where Keras raises, ours must raise ShapeConflict, except when Keras raised only because a
weight dimension is undefined (None), which this analysis reads as "unknown", not as an
error. Skipped when Keras is not installed (`pip install .[keras]`).
"""

from __future__ import annotations

import inspect
import os
import random
import re
from collections import Counter

import pytest

from siamlint.analysis import layers as L
from siamlint.analysis.applications import (
    application_input_shape,
    application_output_shape,
    application_problem,
)
from siamlint.analysis.values import Layer, ShapeConflict

os.environ["KERAS_BACKEND"] = "numpy"  # no TensorFlow needed; must precede the import
keras = pytest.importorskip("keras", reason="real Keras is needed for the differential shape test")

SEED, ROUNDS = 20240611, 9
# Keras' own messages when a weight (or Dot's contracted axis) meets an undefined dimension.
UNDEFINED_DIM = re.compile(r"fully-defined|must have a known shape|NoneType|values None|None \(at axis")


class Case:
    """One call: `kind(**kwargs)` on `shapes` (a list for merge layers)."""

    def __init__(self, kind, kwargs, shapes):
        self.kind, self.kwargs, self.shapes = kind, kwargs, shapes

    def __repr__(self):
        return f"{self.kind}({self.kwargs}) on {self.shapes}"


def _wrapped(value):
    """A ("Kind", kwargs) pair stands for a layer passed as an argument."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], dict)
    )


def keras_layer(kind, kwargs):
    kwargs = {k: keras_layer(*v) if _wrapped(v) else v for k, v in kwargs.items()}
    if kind == "Lambda":
        kwargs["function"] = lambda x: x
    return getattr(keras.layers, kind)(**kwargs)


def keras_shape(case):
    """Keras' output shape(s), or the exception it raised."""
    merge = L.LAYERS[case.kind].merge
    try:
        inputs = [keras.Input(batch_shape=s) for s in (case.shapes if merge else [case.shapes])]
        if case.kind.islower():  # functional helper: concatenate([a, b], axis=...)
            out = getattr(keras.layers, case.kind)(inputs, **case.kwargs)
        else:
            out = keras_layer(case.kind, case.kwargs)(inputs if merge else inputs[0])
    except Exception as error:  # noqa: BLE001 - any build/call failure is "Keras raises"
        return error
    return [tuple(o.shape) for o in out] if isinstance(out, (list, tuple)) else tuple(out.shape)


def keras_runs(case):
    """Whether Keras runs the layer eagerly on zeros of the input shape (None -> 2)."""
    import numpy as np

    merge = L.LAYERS[case.kind].merge
    arrays = [
        np.zeros([2 if d is None else d for d in s], "float32")
        for s in (case.shapes if merge else [case.shapes])
    ]
    try:
        if case.kind.islower():
            getattr(keras.layers, case.kind)(arrays, **case.kwargs)
        else:
            keras_layer(case.kind, case.kwargs)(arrays if merge else arrays[0])
    except Exception:  # noqa: BLE001
        return False
    return True


def our_shape(case):
    config = {k: Layer(v[0], dict(v[1])) if _wrapped(v) else v for k, v in case.kwargs.items()}
    try:
        return L.output_shape(case.kind, config, case.shapes)
    except ShapeConflict as conflict:
        return conflict


# --- random configurations -----------------------------------------------------------


def dims(r, n, lo=1, hi=12, none=0.1):
    return [None if r.random() < none else r.randint(lo, hi) for _ in range(n)]


def batch(r):
    return r.choice([None, None, None, 2, 4])


def image(r, rank, channels_last=True, none=0.1, wrong_rank=0.1):
    """(batch, spatial..., channels) or channels first; sometimes of the wrong rank."""
    if r.random() < wrong_rank:
        rank = r.choice([x for x in (0, 1, 2, 3) if x != rank])
    spatial, channels = dims(r, rank, 1, 12, none), r.randint(1, 6)
    return (batch(r), *spatial, channels) if channels_last else (batch(r), channels, *spatial)


def some(r, value, p=0.5):
    """value half the time, else leave the Keras default."""
    return {} if r.random() < p else value


def fmt(r):
    return r.choice([None, "channels_last", "channels_first"])


def conv(rank, variant):
    def make(r):
        kernel = r.randint(1, 5) if r.random() < 0.5 else tuple(r.randint(1, 5) for _ in range(rank))
        kw = {"kernel_size": kernel}
        if variant != "Depthwise":
            kw["filters"] = r.randint(1, 8)
        if variant in ("Separable", "Depthwise"):
            kw.update(some(r, {"depth_multiplier": r.randint(1, 3)}))
        strides = r.choice([1, 1, 2, 3])
        kw.update(some(r, {"strides": strides}))
        kw.update(some(r, {"dilation_rate": r.choice([1, 2]) if strides == 1 or r.random() < 0.1 else 1}))
        paddings = ["valid", "same"] + (["causal"] if rank == 1 and variant == "" else [])
        kw["padding"] = r.choice(paddings)
        kw["data_format"] = data_format = fmt(r)
        if variant == "" and r.random() < 0.2:
            kw["groups"] = 2
            kw["filters"] = 2 * r.randint(1, 4)
        if variant == "Transpose" and r.random() < 0.4:
            kw["output_padding"] = r.randint(0, 2)
        kind = {"Transpose": f"Conv{rank}DTranspose"}.get(variant, f"{variant}Conv{rank}D")
        return Case(kind, kw, image(r, rank, data_format != "channels_first"))

    return make


def pool(rank, name):
    def make(r):
        kw = {"pool_size": r.choice([1, 2, 3, (2,) * rank, tuple(r.randint(1, 4) for _ in range(rank))])}
        kw.update(some(r, {"strides": r.choice([None, 1, 2, 3])}))
        kw.update(some(r, {"padding": r.choice(["valid", "same"])}))
        kw["data_format"] = data_format = fmt(r)
        return Case(f"{name}{rank}D", kw, image(r, rank, data_format != "channels_first"))

    return make


def global_pool(rank, name):
    def make(r):
        kw = {"keepdims": r.random() < 0.5, "data_format": fmt(r)}
        return Case(f"{name}{rank}D", kw, image(r, rank, kw["data_format"] != "channels_first"))

    return make


def any_shape(r, lo_rank=1, hi_rank=4, none=0.1):
    return (batch(r), *dims(r, r.randint(lo_rank, hi_rank), 1, 8, none))


def flatten(r):
    return Case("Flatten", {}, any_shape(r, 0, 4))


def reshape(r):
    shape = (batch(r), *dims(r, r.randint(1, 3), 1, 6, none=0.1))
    rest = [d for d in shape[1:] if d is not None]
    size = 1
    for d in rest:
        size *= d
    choice = r.random()
    if choice < 0.3:
        target = (size,)
    elif choice < 0.6:
        target = (-1, rest[-1]) if rest else (-1,)
    elif choice < 0.75:
        target = (r.randint(1, 6), -1)
    else:
        target = tuple(r.randint(1, 6) for _ in range(r.randint(1, 3)))
    return Case("Reshape", {"target_shape": target}, shape)


def permute(r):
    n = r.randint(1, 3)
    order = list(range(1, n + 1))
    r.shuffle(order)
    shape = (batch(r), *dims(r, n if r.random() < 0.85 else n + 1, none=0.1))
    return Case("Permute", {"dims": tuple(order)}, shape)


def repeat_vector(r):
    return Case(
        "RepeatVector", {"n": r.randint(1, 5)}, any_shape(r, 1, 2 if r.random() < 0.8 else 3, none=0.05)
    )


def same(kind, **kwargs):
    return lambda r: Case(kind, dict(kwargs), any_shape(r, 1, 4, none=0.1))


def spatial_dropout(rank):
    def make(r):
        n = rank if r.random() < 0.8 else rank + r.choice([-1, 1])
        kw = {"rate": 0.3} | ({"data_format": fmt(r)} if rank > 1 else {})
        return Case(f"SpatialDropout{rank}D", kw, (batch(r), *dims(r, n + 1, none=0.05)))

    return make


def normalization(kind):
    def make(r):
        shape = (batch(r), *dims(r, r.randint(1, 3), none=0.03))
        axis = r.randint(-len(shape) - 1, len(shape))
        if kind == "BatchNormalization" and axis == 0:
            axis = -1
        if kind in ("LayerNormalization", "UnitNormalization") and r.random() < 0.3:
            axis = [a for a in range(1, len(shape))] or [-1]
        if kind == "Normalization" and r.random() < 0.2:
            axis = None
        if kind == "Normalization" and axis == 0:
            axis = -1
        return Case(kind, {"axis": axis}, shape)

    return make


def resize(kind):
    def make(r):
        kw = {"height": r.randint(1, 9), "width": r.randint(1, 9), "data_format": fmt(r)}
        rank = r.choice([2, 2, 2, 1]) if kind == "Resizing" else r.choice([2, 2, 1, 3])
        shape = image(r, rank, kw["data_format"] != "channels_first", wrong_rank=0)
        if rank == 1:  # a single image (height, width, channels), no batch axis
            shape = (r.randint(1, 9), *shape[1:], r.randint(1, 3))
        return Case(kind, kw, shape)

    return make


def crop(rank):
    def make(r):
        if rank == 1:
            kw = {"cropping": r.choice([r.randint(0, 4), (r.randint(0, 4), r.randint(0, 4))])}
        else:
            kw = {
                "cropping": r.choice(
                    [
                        r.randint(0, 3),
                        tuple(r.randint(0, 3) for _ in range(rank)),
                        tuple((r.randint(0, 3), r.randint(0, 3)) for _ in range(rank)),
                    ]
                )
            }
            kw["data_format"] = fmt(r)
        last = kw.get("data_format") != "channels_first"
        return Case(f"Cropping{rank}D", kw, image(r, rank, last, wrong_rank=0.05))

    return make


def zero_pad(rank):
    def make(r):
        kw = {
            "padding": r.choice(
                [r.randint(0, 3), tuple(r.randint(0, 3) for _ in range(rank if rank > 1 else 2))]
            )
        }
        if rank > 1 and r.random() < 0.5:
            kw["padding"] = tuple((r.randint(0, 3), r.randint(0, 3)) for _ in range(rank))
        kw["data_format"] = fmt(r)
        return Case(
            f"ZeroPadding{rank}D", kw, image(r, rank, kw["data_format"] != "channels_first", wrong_rank=0.05)
        )

    return make


def upsample(rank):
    def make(r):
        kw = {"size": r.randint(1, 3) if rank == 1 else tuple(r.randint(1, 3) for _ in range(rank))}
        if rank > 1:
            kw["data_format"] = fmt(r)
        return Case(
            f"UpSampling{rank}D",
            kw,
            image(r, rank, kw.get("data_format") != "channels_first", wrong_rank=0.05),
        )

    return make


def dense(r):
    return Case(
        "Dense", {"units": r.randint(1, 16)}, any_shape(r, 0 if r.random() < 0.1 else 1, 3, none=0.05)
    )


def embedding(r):
    return Case(
        "Embedding", {"input_dim": r.randint(2, 50), "output_dim": r.randint(1, 16)}, any_shape(r, 1, 2, 0.1)
    )


def rnn_config(r):
    kind = r.choice(["SimpleRNN", "LSTM", "GRU"])
    return kind, {
        "units": r.randint(1, 8),
        "return_sequences": r.random() < 0.5,
        "return_state": r.random() < 0.3,
    }


def sequence(r, ok=0.85):
    n = 2 if r.random() < ok else r.choice([1, 3])
    return (batch(r), *dims(r, n - 1, none=0.2), r.randint(1, 6))


def rnn(r):
    kind, kw = rnn_config(r)
    return Case(kind, kw, sequence(r))


def bidirectional(r):
    kw = {"layer": rnn_config(r) if r.random() < 0.93 else ("Dense", {"units": 3})}
    kw.update(some(r, {"merge_mode": r.choice(["concat", "sum", "mul", "ave", None])}, p=0.2))
    return Case("Bidirectional", kw, sequence(r))


def time_distributed(r):
    inner = r.choice(
        [
            ("Dense", {"units": r.randint(1, 6)}),
            ("Conv2D", {"filters": 3, "kernel_size": 2}),
            ("MaxPooling2D", {}),
            ("Flatten", {}),
            ("Dropout", {"rate": 0.1}),
        ]
    )
    inner_rank = {"Conv2D": 3, "MaxPooling2D": 3}.get(inner[0], r.randint(1, 3))
    if r.random() < 0.1:
        inner_rank = r.choice([1, 2]) if inner[0] in ("Conv2D", "MaxPooling2D") else 0
    shape = (batch(r), r.choice([None, 2, 5]), *dims(r, inner_rank, 2, 9, none=0.05))
    return Case("TimeDistributed", {"layer": inner}, shape)


def merge_shapes(r, n):
    base = dims(r, r.randint(1, 3), 1, 6, none=0.05)
    shapes = []
    for _ in range(n):
        s = list(base)
        roll = r.random()
        if roll < 0.15 and s:
            s[r.randrange(len(s))] = 1
        elif roll < 0.25 and s:
            s[r.randrange(len(s))] = r.randint(1, 6)
        elif roll < 0.35 and len(s) > 1:
            s = s[1:]  # a lower rank, broadcast from the right
        b = None if r.random() < 0.8 else r.choice([2, 3])
        shapes.append((b, *s))
    return shapes


def elementwise(kind):
    def make(r):
        n = 2 if kind.lower() == "subtract" and r.random() < 0.9 else r.randint(1, 3)
        return Case(kind, {}, merge_shapes(r, n))

    return make


def concatenate(kind):
    def make(r):
        base = (batch(r), *dims(r, r.randint(1, 3), 1, 6, none=0.05))
        axis = r.randint(-len(base), len(base) - 1) if r.random() < 0.9 else len(base)
        if axis in (0, -len(base)) and r.random() < 0.7:
            axis = -1
        shapes = []
        for _ in range(r.randint(1, 3)):
            s = list(base)
            if -len(s) <= axis < len(s):
                s[axis] = r.randint(1, 6)
            if r.random() < 0.1:
                s[r.randrange(1, len(s))] = r.randint(1, 6)
            if r.random() < 0.05:
                s.append(2)
            shapes.append(tuple(s))
        return Case(kind, {"axis": axis}, shapes)

    return make


def dot(kind):
    def make(r):
        s1 = (batch(r), *dims(r, r.randint(1, 3), 1, 6, none=0.03))
        s2 = (s1[0], *dims(r, r.randint(1, 3), 1, 6, none=0.03))
        a1, a2 = r.randint(1, len(s1) - 1), r.randint(1, len(s2) - 1)
        if r.random() < 0.7:
            s2 = tuple(s1[a1] if i == a2 else d for i, d in enumerate(s2))
        if r.random() < 0.5 and len(s1) == len(s2) and a1 == a2:
            axes = r.choice([a1, a1 - len(s1)])
        else:
            axes = (r.choice([a1, a1 - len(s1)]), r.choice([a2, a2 - len(s2)]))
        kw = {"axes": axes} | ({"normalize": r.random() < 0.5} if kind == "Dot" else {})
        return Case(kind, kw, [s1, s2])

    return make


def lambda_layer(r):
    return Case("Lambda", {"output_shape": tuple(dims(r, r.randint(1, 3), none=0.1))}, any_shape(r))


GENERATORS = [
    *(conv(rank, v) for rank in (1, 2, 3) for v in ("", "Transpose")),
    *(conv(rank, v) for rank in (1, 2) for v in ("Separable", "Depthwise")),
    *(pool(rank, name) for rank in (1, 2, 3) for name in ("MaxPooling", "AveragePooling")),
    *(global_pool(rank, name) for rank in (1, 2, 3) for name in ("GlobalAveragePooling", "GlobalMaxPooling")),
    flatten,
    reshape,
    reshape,
    permute,
    repeat_vector,
    dense,
    dense,
    embedding,
    rnn,
    rnn,
    bidirectional,
    bidirectional,
    time_distributed,
    lambda_layer,
    *(spatial_dropout(rank) for rank in (1, 2, 3)),
    *(
        normalization(k)
        for k in ("BatchNormalization", "LayerNormalization", "UnitNormalization", "Normalization")
    ),
    resize("Resizing"),
    resize("CenterCrop"),
    *(f(rank) for f in (crop, zero_pad, upsample) for rank in (1, 2, 3)),
    *(
        elementwise(k)
        for k in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "add", "subtract")
    ),
    concatenate("Concatenate"),
    concatenate("Concatenate"),
    concatenate("concatenate"),
    dot("Dot"),
    dot("Dot"),
    dot("dot"),
    same("Dropout", rate=0.2),
    same("GaussianNoise", stddev=0.1),
    same("Activation", activation="relu"),
    same("ReLU"),
    same("LeakyReLU"),
    same("ELU"),
    same("Softmax"),
    same("Rescaling", scale=0.5),
    same("Masking"),
    same("ActivityRegularization"),
    same("AlphaDropout", rate=0.1),
    same("GaussianDropout", rate=0.1),
    same("PReLU"),
    same("Identity"),
]


BAD_VALUES = (0, -1, -2, 2.5, True, None, "x", (1, 2, 3))


def broken(r):
    """A valid-looking call with one argument replaced by a bad value (constructor errors).
    Activation identifiers are left alone: the table does not check them."""
    case = r.choice([g for g in GENERATORS if g is not broken])(r)
    names = [k for k in case.kwargs if k not in ("layer", "activation")]
    if names:
        case.kwargs = {**case.kwargs, r.choice(names): r.choice(BAD_VALUES)}
    return case


GENERATORS += [broken] * 12


def cases():
    r = random.Random(SEED)
    return [make(r) for _ in range(ROUNDS) for make in GENERATORS]


def _has_undefined_dim(shapes):
    return any(None in s for s in (shapes if isinstance(shapes, list) else [shapes]))


def test_against_keras():
    counts, failures = Counter(), []
    all_cases = cases()
    for case in all_cases:
        theirs, ours = keras_shape(case), our_shape(case)
        if isinstance(theirs, Exception):
            if isinstance(ours, ShapeConflict):
                counts["conflict"] += 1
            elif UNDEFINED_DIM.search(str(theirs)) and _has_undefined_dim(case.shapes):
                counts["undefined weight dim"] += 1
            else:
                failures.append(
                    f"{case}: Keras raised {type(theirs).__name__}: {str(theirs)[:160]!r}; ours {ours}"
                )
        elif ours is None:
            counts["none"] += 1
        elif isinstance(ours, ShapeConflict) and not keras_runs(case):
            counts["conflict at run time"] += 1
        elif ours == theirs:
            counts["equal"] += 1
        else:
            failures.append(f"{case}: Keras {theirs}, ours {ours!r}")
    print(f"\n{len(all_cases)} configurations: {dict(counts)}")
    assert not failures, f"{len(failures)} disagreements:\n" + "\n".join(failures)
    assert len(all_cases) >= 300 and counts["conflict"] >= 100
    assert counts["none"] + counts["conflict at run time"] <= len(all_cases) // 50


def test_every_layer_is_exercised():
    """Every table entry Keras has is generated above (aliases share their class's entry)."""
    kinds = {case.kind for case in cases()} | {c.kwargs["layer"][0] for c in cases() if "layer" in c.kwargs}
    exercised = {id(L.LAYERS[k]) for k in kinds}
    keras_kinds = {k for k in L.LAYERS if k[0].isupper() and hasattr(keras.layers, k)}
    assert {k for k in keras_kinds if id(L.LAYERS[k]) not in exercised} == {"InputLayer"}


@pytest.mark.parametrize("kind", sorted(k for k in L.LAYERS if getattr(keras.layers, k, None) is not None))
def test_parameter_order_matches_keras(kind):
    """Positional arguments bind as in Keras' own signature (leading parameters agree)."""
    target = getattr(keras.layers, kind)
    signature = inspect.signature(target if kind.islower() else target.__init__)
    theirs = [p for p in signature.parameters if p not in ("self", "kwargs")]
    ours = list(L.LAYERS[kind].params)
    assert ours == theirs[: len(ours)], f"{kind}: ours {ours}, Keras {theirs}"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"shape": (28, 28, 1)},
        {"shape": (None, 3), "batch_size": 8},
        {"batch_shape": (4, 10)},
        {"shape": (5,)},
    ],
)
def test_input_layer_against_keras(kwargs):
    assert L.output_shape("InputLayer", kwargs, None) == tuple(keras.layers.InputLayer(**kwargs).output.shape)


# --- keras.applications: a few small backbones, built without weights -------------------

APPLICATION_CASES = [
    ("MobileNetV2", {"alpha": 0.35, "include_top": False, "input_shape": (96, 96, 3)}),
    ("MobileNetV2", {"alpha": 1.4, "include_top": False, "input_shape": (33, 33, 3), "pooling": "avg"}),
    ("MobileNet", {"alpha": 0.25, "include_top": False, "input_shape": (63, 63, 3)}),
    ("MobileNetV3Small", {"alpha": 0.75, "include_top": False, "input_shape": (40, 40, 3)}),
    ("MobileNetV3Small", {"include_top": True, "classes": 5}),
    ("DenseNet121", {"include_top": False, "input_shape": (61, 61, 3)}),
    ("EfficientNetB0", {"include_top": False, "input_shape": (37, 37, 3), "pooling": "max"}),
    ("ResNet50", {"include_top": False, "input_shape": (65, 65, 3)}),
    ("ResNet50", {"include_top": True, "input_shape": (64, 64, 3), "classes": 7}),
    ("VGG16", {"include_top": False, "input_shape": (63, 63, 3)}),
    ("Xception", {"include_top": False, "input_shape": (103, 103, 3)}),
    ("NASNetMobile", {"include_top": False, "input_shape": (35, 35, 3)}),
    # Refused by Keras before it would fetch any weights:
    ("ResNet50", {"include_top": False, "input_shape": (31, 31, 3)}),
    ("VGG16", {"include_top": True, "input_shape": (None, None, 3)}),
    ("InceptionV3", {"include_top": False, "input_shape": (74, 74, 3)}),
    ("ResNet50", {"weights": "imagenet", "include_top": True, "input_shape": (105, 105, 3)}),
    ("ResNet50", {"weights": "imagenet", "include_top": True, "classes": 10}),
    ("MobileNetV2", {"weights": "imagenet", "include_top": False, "input_shape": (96, 96, 1)}),
]


@pytest.mark.parametrize("name, config", APPLICATION_CASES)
def test_application_against_keras(name, config):
    config = {"weights": None, **config}
    extra = {"include_preprocessing": False} if name.startswith("MobileNetV3") else {}
    try:
        model = getattr(keras.applications, name)(**config, **extra)
    except ValueError as error:
        assert application_problem(name, config), f"Keras refused: {error}"
        assert application_output_shape(name, config) is None
        return
    assert config["weights"] is None, "only refused ImageNet configurations may ask for weights"
    assert application_problem(name, config) is None
    assert application_output_shape(name, config) == tuple(model.output.shape)
    assert application_input_shape(name, config) == tuple(model.input.shape)
