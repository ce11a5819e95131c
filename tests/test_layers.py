"""Unit tests of the static layer shape table (siamlint.analysis.layers)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siamlint.analysis.applications import (
    APPLICATIONS,
    application_input_shape,
    application_output_shape,
    application_problem,
    bind_application,
    is_pretrained,
)
from siamlint.analysis.layers import LAYERS, bind, output_shape
from siamlint.analysis.values import UNKNOWN, Layer, ShapeConflict, Tensor

N = None
LSTM = Layer("LSTM", {"units": 8})
LSTM_SEQ_STATE = Layer("LSTM", {"units": 8, "return_sequences": True, "return_state": True})

KNOWN = [
    ("InputLayer", {"shape": (28, 28, 1)}, None, (N, 28, 28, 1)),
    ("InputLayer", {"shape": (10,), "batch_size": 4}, None, (4, 10)),
    ("InputLayer", {"batch_shape": (2, 5)}, (N, 9), (2, 5)),
    ("InputLayer", {"input_shape": (64, 64, 3)}, None, (N, 64, 64, 3)),  # Keras 2 spelling
    ("Dense", {"units": 64}, (N, 128), (N, 64)),
    ("Dense", {"units": 4}, (N, 10, 16), (N, 10, 4)),  # Keras 3: the last axis only
    ("Dense", {"units": 4}, (N, None), (N, 4)),  # unknown weight dim: still the output
    ("Conv2D", {"filters": 32, "kernel_size": 3}, (N, 28, 28, 1), (N, 26, 26, 32)),
    (
        "Conv2D",
        {"filters": 32, "kernel_size": (3, 5), "padding": "same", "strides": 2},
        (N, 28, 27, 1),
        (N, 14, 14, 32),
    ),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "dilation_rate": 2}, (N, 10, 10, 3), (N, 6, 6, 8)),
    (
        "Conv2D",
        {"filters": 8, "kernel_size": 3, "data_format": "channels_first"},
        (N, 3, 10, 12),
        (N, 8, 8, 10),
    ),
    ("Conv2D", {"filters": 8, "kernel_size": 3}, (N, None, 10, 3), (N, None, 8, 8)),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "groups": 2}, (N, 10, 10, 4), (N, 8, 8, 8)),
    (
        "Conv1D",
        {"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
        (N, 20, 2),
        (N, 20, 4),
    ),
    ("Conv1D", {"filters": 4, "kernel_size": 5, "strides": 3}, (N, 20, 2), (N, 6, 4)),
    ("Conv3D", {"filters": 2, "kernel_size": 2}, (N, 4, 5, 6, 1), (N, 3, 4, 5, 2)),
    (
        "SeparableConv2D",
        {"filters": 16, "kernel_size": 3, "depth_multiplier": 2},
        (N, 9, 9, 3),
        (N, 7, 7, 16),
    ),
    ("SeparableConv1D", {"filters": 16, "kernel_size": 3, "padding": "same"}, (N, 9, 3), (N, 9, 16)),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2}, (N, 9, 9, 3), (N, 7, 7, 6)),
    ("DepthwiseConv2D", {"kernel_size": 3}, (N, 9, 9, None), (N, 7, 7, None)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2}, (N, 7, 7, 8), (N, 15, 15, 4)),
    (
        "Conv2DTranspose",
        {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
        (N, 7, 7, 8),
        (N, 14, 14, 4),
    ),
    (
        "Conv2DTranspose",
        {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 1},
        (N, 7, 7, 8),
        (N, 16, 16, 4),
    ),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 2, "strides": 3}, (N, 5, 2), (N, 15, 4)),
    ("MaxPooling2D", {}, (N, 28, 28, 3), (N, 14, 14, 3)),
    ("MaxPooling2D", {"pool_size": 3, "strides": 2}, (N, 28, 28, 3), (N, 13, 13, 3)),
    ("MaxPooling2D", {"pool_size": 2, "padding": "same"}, (N, 7, 7, 3), (N, 4, 4, 3)),
    ("AveragePooling1D", {"pool_size": 4, "strides": 1}, (N, 10, 3), (N, 7, 3)),
    ("MaxPooling3D", {"data_format": "channels_first"}, (N, 3, 8, 8, 8), (N, 3, 4, 4, 4)),
    ("MaxPool2D", {}, (N, 8, 8, 1), (N, 4, 4, 1)),  # alias
    ("GlobalAveragePooling2D", {}, (N, 7, 7, 2048), (N, 2048)),
    ("GlobalMaxPooling2D", {"keepdims": True}, (N, 7, 7, 512), (N, 1, 1, 512)),
    ("GlobalAveragePooling1D", {"data_format": "channels_first"}, (N, 16, 100), (N, 16)),
    ("Flatten", {}, (N, 7, 7, 64), (N, 3136)),
    ("Flatten", {}, (N, None, 7), (N, None)),
    ("Flatten", {}, (N,), (N, 1)),
    ("Reshape", {"target_shape": (7, 7, 64)}, (N, 3136), (N, 7, 7, 64)),
    ("Reshape", {"target_shape": (-1, 8)}, (N, 4, 6), (N, 3, 8)),
    ("Reshape", {"target_shape": (-1, 8)}, (N, None, 8), (N, None, 8)),
    ("Permute", {"dims": (2, 1)}, (N, 10, 64), (N, 64, 10)),
    ("RepeatVector", {"n": 3}, (N, 32), (N, 3, 32)),
    ("Dropout", {"rate": 0.5}, (N, 10), (N, 10)),
    ("Dropout", {"rate": UNKNOWN}, (N, 10), (N, 10)),  # a rate that is only checked need not be known
    ("BatchNormalization", {"axis": UNKNOWN}, (N, 10), (N, 10)),
    ("BatchNormalization", {"axis": 1.0}, (N, 10), (N, 10)),  # Keras takes int(axis)
    ("Conv1D", {"filters": 2, "kernel_size": 3, "strides": True}, (N, 9, 1), (N, 7, 2)),  # True is 1 to Keras
    ("SpatialDropout2D", {"rate": 0.5}, (N, 8, 8, 3), (N, 8, 8, 3)),
    ("BatchNormalization", {"axis": 1}, (N, 3, 8, 8), (N, 3, 8, 8)),
    ("LayerNormalization", {"axis": [1, 2]}, (N, 3, 8), (N, 3, 8)),
    ("UnitNormalization", {}, (N, 128), (N, 128)),
    ("Normalization", {"axis": None}, (N, 5), (N, 5)),
    ("Activation", {"activation": "sigmoid"}, (N, 1), (N, 1)),
    ("Lambda", {"output_shape": (1,)}, [(N, 128), (N, 128)], (N, 1)),
    ("Lambda", {"output_shape": (4,)}, (8, 2), (8, 4)),
    ("Resizing", {"height": 64, "width": 32}, (N, 128, 128, 3), (N, 64, 32, 3)),
    ("Resizing", {"height": 64, "width": 32}, (100, 100, 3), (64, 32, 3)),  # one image, no batch axis
    (
        "CenterCrop",
        {"height": 20, "width": 20, "data_format": "channels_first"},
        (N, 3, 32, 32),
        (N, 3, 20, 20),
    ),
    ("Cropping1D", {"cropping": (1, 2)}, (N, 10, 3), (N, 7, 3)),
    ("Cropping2D", {"cropping": ((1, 2), (3, 4))}, (N, 10, 10, 3), (N, 7, 3, 3)),
    ("Cropping2D", {"cropping": 2}, (N, 10, N, 3), (N, 6, N, 3)),
    ("Cropping3D", {}, (N, 4, 4, 4, 1), (N, 2, 2, 2, 1)),
    ("ZeroPadding1D", {"padding": 2}, (N, 10, 3), (N, 14, 3)),
    ("ZeroPadding2D", {"padding": ((1, 0), (2, 3))}, (N, 10, 10, 3), (N, 11, 15, 3)),
    ("ZeroPadding3D", {"padding": 1, "data_format": "channels_first"}, (N, 1, 2, 2, 2), (N, 1, 4, 4, 4)),
    ("UpSampling1D", {"size": 3}, (N, 4, 2), (N, 12, 2)),
    ("UpSampling2D", {}, (N, 7, 7, 3), (N, 14, 14, 3)),
    ("UpSampling3D", {"size": (1, 2, 3)}, (N, 2, 2, 2, 1), (N, 2, 4, 6, 1)),
    ("Embedding", {"input_dim": 1000, "output_dim": 64}, (N, 20), (N, 20, 64)),
    ("Embedding", {"input_dim": 1000, "output_dim": 64, "input_length": 20}, (N, N), (N, 20, 64)),  # Keras 2
    ("LSTM", {"units": 8}, (N, 20, 3), (N, 8)),
    ("GRU", {"units": 8, "return_sequences": True}, (N, 20, 3), (N, 20, 8)),
    ("LSTM", {"units": 8, "return_state": True}, (N, 20, 3), [(N, 8), (N, 8), (N, 8)]),
    (
        "SimpleRNN",
        {"units": 8, "return_state": True, "return_sequences": True},
        (N, N, 3),
        [(N, N, 8), (N, 8)],
    ),
    ("Bidirectional", {"layer": LSTM}, (N, 20, 3), (N, 16)),
    ("Bidirectional", {"layer": LSTM, "merge_mode": "sum"}, (N, 20, 3), (N, 8)),
    ("Bidirectional", {"layer": LSTM, "merge_mode": None}, (N, 20, 3), [(N, 8), (N, 8)]),
    ("Bidirectional", {"layer": LSTM_SEQ_STATE}, (N, 20, 3), [(N, 20, 16)] + [(N, 8)] * 4),
    ("TimeDistributed", {"layer": Layer("Dense", {"units": 5})}, (N, 10, 3), (N, 10, 5)),
    (
        "TimeDistributed",
        {"layer": Layer("Conv2D", {"filters": 4, "kernel_size": 3})},
        (N, 6, 9, 9, 1),
        (N, 6, 7, 7, 4),
    ),
    ("Concatenate", {}, [(N, 4), (N, 6)], (N, 10)),
    ("Concatenate", {"axis": 1}, [(N, 2, 3), (N, None, 3)], (N, None, 3)),
    ("concatenate", {"axis": -2}, [(N, 2, 3), (N, 5, 3), (N, 1, 3)], (N, 8, 3)),
    ("Add", {}, [(N, 8), (N, 8)], (N, 8)),
    ("Add", {}, [(N, 4, 8), (N, 8)], (N, 4, 8)),  # lower rank broadcasts from the right
    ("Multiply", {}, [(N, 1, 8), (N, 4, 1)], (N, 4, 8)),
    ("Subtract", {}, [(4, 8), (N, 8)], (4, 8)),
    ("Average", {}, [(N, 8), (N, N), (N, 8)], (N, N)),
    ("maximum", {}, [(N, 8), (N, 8)], (N, 8)),
    ("Dot", {"axes": 1}, [(N, 8), (N, 8)], (N, 1)),
    ("Dot", {"axes": 1, "normalize": True}, [(N, 8), (N, 8)], (N, 1)),
    ("Dot", {"axes": (2, 2)}, [(N, 3, 8), (N, 5, 8)], (N, 3, 5)),
    ("Dot", {"axes": (1, 2)}, [(N, 3, 8), (N, 5, 3)], (N, 8, 5)),
    ("dot", {}, [(N, 4), (N, 4)], (N, 1)),
    ("Dot", {"axes": -1}, [(N, N), (N, 4)], (N, 1)),  # unknown size: not a conflict
]

CONFLICTS = [
    ("Dense", {"units": 0}, (N, 4), "positive integer"),
    ("Dense", {"units": 4}, (N,), "at least 2D"),
    ("Conv2D", {"filters": 8, "kernel_size": 3}, (N, 28, 28), "expects 4D input"),
    ("Conv2D", {"filters": 8, "kernel_size": 3}, (N, 2, 28, 1), "does not fit"),
    (
        "Conv2D",
        {"filters": 8, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
        (N, 9, 9, 1),
        "dilation_rate",
    ),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "groups": 3}, (N, 9, 9, 3), "groups=3"),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "groups": 2}, (N, 9, 9, 3), "groups=2"),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "padding": "causal"}, (N, 9, 9, 3), "padding"),
    ("Conv2D", {"filters": 8, "kernel_size": (3, 3, 3)}, (N, 9, 9, 3), "kernel_size"),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "data_format": "NHWC"}, (N, 9, 9, 3), "data_format"),
    ("Conv1D", {"filters": 8, "kernel_size": 3}, (N, 9, 9, 3), "expects 3D input"),
    ("SeparableConv1D", {"filters": 8, "kernel_size": 3, "padding": "causal"}, (N, 9, 3), "padding"),
    (
        "Conv2DTranspose",
        {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 2},
        (N, 7, 7, 8),
        "output_padding",
    ),
    ("MaxPooling2D", {}, (N, 28, 28), "expects 4D"),
    ("MaxPooling2D", {"pool_size": 3}, (N, 2, 8, 1), "does not fit"),
    ("MaxPooling2D", {"padding": "SAME"}, (N, 8, 8, 1), "padding"),
    ("GlobalAveragePooling2D", {}, (N, 7, 512), "expects 4D"),
    ("Reshape", {"target_shape": (5, 5)}, (N, 24), "cannot reshape"),
    ("Reshape", {"target_shape": (-1, 5)}, (N, 24), "cannot reshape"),
    ("Reshape", {"target_shape": (-1, -1)}, (N, 24), "at most one -1"),
    ("Permute", {"dims": (1, 3)}, (N, 2, 3), "permutation"),
    ("Permute", {"dims": (2, 1)}, (N, 2, 3, 4), "expects 3D"),
    ("RepeatVector", {"n": 3}, (N, 4, 5), "expects 2D"),
    ("SpatialDropout1D", {"rate": 0.1}, (N, 4), "expects 3D"),
    ("SpatialDropout2D", {"rate": 0.1, "data_format": "NHWC"}, (N, 4, 4, 1), "data_format"),
    ("Dropout", {"rate": 1.5}, (N, 4), "between 0 and 1"),
    ("GaussianNoise", {"stddev": None}, (N, 4), "between 0 and 1"),
    ("BatchNormalization", {"axis": [1]}, (N, 4), "invalid axis"),
    ("Normalization", {"axis": "x"}, (N, 4), "invalid axis"),
    ("Lambda", {"output_shape": 3}, (N, 4), "must be a tuple"),
    ("Resizing", {"height": -1, "width": 4}, (N, 8, 8, 3), "must be sizes"),
    ("RepeatVector", {"n": True}, (N, 4), "positive integer"),  # RepeatVector refuses a bool
    ("LSTM", {"units": True}, (N, 4, 3), "positive integer"),
    ("BatchNormalization", {"axis": 3}, (N, 4, 5), "out of range"),
    ("LayerNormalization", {"axis": [1, -4]}, (N, 4, 5), "out of range"),
    ("CenterCrop", {"height": 2, "width": 2}, (N, 4, 5, 6, 3), "4D batch"),
    ("Cropping1D", {"cropping": (3, 3)}, (N, 5, 2), "leaves nothing"),
    ("Cropping2D", {"cropping": ((1, 1), (2, 3))}, (N, 8, 5, 2), "leaves nothing"),
    ("ZeroPadding2D", {"padding": (1, 2, 3)}, (N, 8, 5, 2), "padding"),
    ("Embedding", {"input_dim": 0, "output_dim": 8}, (N, 5), "input_dim"),
    ("LSTM", {"units": 8}, (N, 32), "expects 3D"),
    ("GRU", {"units": 8}, (N, 4, 4, 3), "expects 3D"),
    ("Bidirectional", {"layer": Layer("Dense", {"units": 4})}, (N, 4, 3), "recurrent layer"),
    ("Bidirectional", {"layer": LSTM, "merge_mode": "max"}, (N, 4, 3), "merge_mode"),
    ("Bidirectional", {"layer": LSTM}, (N, 4), "expects 3D"),
    ("TimeDistributed", {"layer": Layer("Dense", {"units": 5})}, (N, 10), "at least 3D"),
    (
        "TimeDistributed",
        {"layer": Layer("Conv2D", {"filters": 4, "kernel_size": 3})},
        (N, 6, 9, 1),
        "expects 4D",
    ),
    ("Concatenate", {}, [(N, 4), (N, 4, 2)], "one rank"),
    ("Concatenate", {"axis": 1}, [(N, 4, 2), (N, 4, 3)], "equal shapes except"),
    ("Concatenate", {"axis": 3}, [(N, 4, 2), (N, 4, 2)], "with that axis"),
    ("Concatenate", {}, (N, 4), "list of tensors"),
    ("Concatenate", {"axis": "x"}, [(N, 4), (N, 4)], "axis must be an integer"),
    ("Add", {}, [(N, 8), (N, 7)], "incompatible shapes (None, 8) and (None, 7)"),
    ("Add", {}, [(2, 8), (3, 8)], "batch sizes"),
    ("Maximum", {}, [(N, 4, 8), (N, 3, 8)], "incompatible"),
    ("Subtract", {}, [(N, 8), (N, 8), (N, 8)], "exactly 2"),
    ("subtract", {}, [(N, 8)], "exactly 2"),
    ("Dot", {"axes": 1}, [(N, 8), (N, 7)], "has size 8"),
    ("Dot", {"axes": 0}, [(N, 8), (N, 8)], "batch axis"),
    ("Dot", {"axes": (1, 3)}, [(N, 8), (N, 8)], "out of range"),
    ("Dot", {"axes": 1}, [(N, 8), (N, 8), (N, 8)], "exactly 2"),
]

UNKNOWN_CASES = [
    ("Dense", {"units": UNKNOWN}, (N, 4)),
    ("Dense", {"units": object()}, (N, 4)),  # not a plain constant
    ("Dense", {"units": 4}, None),
    ("Conv2D", {"filters": 8, "kernel_size": (3, UNKNOWN)}, (N, 9, 9, 1)),
    ("Conv2D", {"kernel_size": 3}, (N, 9, 9, 1)),  # a required argument missing
    ("AveragePooling2D", {}, (N, 8, 8, 1)),  # pool_size has no default here
    ("Reshape", {"target_shape": UNKNOWN}, (N, 24)),
    ("Concatenate", {"axis": UNKNOWN}, [(N, 4), (N, 4)]),
    ("Concatenate", {}, [(N, 4), None]),
    ("Add", {}, [None, (N, 4)]),
    ("Lambda", {"function": UNKNOWN}, (N, 4)),
    ("Lambda", {"output_shape": UNKNOWN}, (N, 4)),
    ("Bidirectional", {"layer": UNKNOWN}, (N, 4, 3)),
    ("Bidirectional", {"layer": Layer("MyRNN", {})}, (N, 4, 3)),
    ("Bidirectional", {"layer": Layer("LSTM", {"units": UNKNOWN})}, (N, 4, 3)),
    ("TimeDistributed", {"layer": Layer("MyLayer", {})}, (N, 4, 3)),
    ("MyCustomLayer", {}, (N, 4)),
    ("InputLayer", {"shape": UNKNOWN}, None),
]


@pytest.mark.parametrize("kind, config, shape, expected", KNOWN)
def test_known_shapes(kind, config, shape, expected):
    assert output_shape(kind, config, shape) == expected


@pytest.mark.parametrize("kind, config, shape, message", CONFLICTS)
def test_conflicts(kind, config, shape, message):
    with pytest.raises(ShapeConflict, match=message.replace("(", r"\(").replace(")", r"\)")):
        output_shape(kind, config, shape)


@pytest.mark.parametrize("kind, config, shape", UNKNOWN_CASES)
def test_unknown(kind, config, shape):
    assert output_shape(kind, config, shape) is None


def test_conflict_message_names_shapes_as_keras_prints_them():
    with pytest.raises(ShapeConflict) as info:
        output_shape("Conv2D", {"filters": 8, "kernel_size": 5}, (None, 3, 3, 1))
    assert "(None, 3, 3, 1)" in str(info.value)


@pytest.mark.parametrize(
    "kind, args, kwargs, expected",
    [
        ("Dense", [64, "relu"], {}, {"units": 64, "activation": "relu"}),
        (
            "Conv2D",
            [32, 3, 2],
            {"padding": "same"},
            {"filters": 32, "kernel_size": 3, "strides": 2, "padding": "same"},
        ),
        (
            "DepthwiseConv2D",
            [3, 1, "same", 2],
            {},
            {"kernel_size": 3, "strides": 1, "padding": "same", "depth_multiplier": 2},
        ),
        ("LSTM", [16], {"return_sequences": True}, {"units": 16, "return_sequences": True}),
        ("Dropout", [0.5], {"rate": 0.2}, {"rate": 0.2}),  # keywords win
        ("concatenate", ["xs", 1], {}, {"inputs": "xs", "axis": 1}),
        ("Dot", [1], {}, {"axes": 1}),
        ("MyLayer", [1, 2], {"a": 3}, {"a": 3}),
    ],
)
def test_bind(kind, args, kwargs, expected):
    assert bind(kind, args, kwargs) == expected


def test_bound_positional_arguments_feed_the_rule():
    assert output_shape("Conv2D", bind("Conv2D", [16, 3, 2, "same"], {}), (None, 32, 32, 3)) == (
        None,
        16,
        16,
        16,
    )


def test_every_merge_layer_is_marked():
    merges = {k for k, spec in LAYERS.items() if spec.merge}
    assert {"Add", "Subtract", "Concatenate", "Dot", "concatenate", "dot", "add"} <= merges
    assert not {"Dense", "Lambda", "Bidirectional"} & merges


# Never anything but a shape, a list of shapes, None or ShapeConflict, whatever the config.
constants = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 12)
    | st.floats(-2, 2)
    | st.sampled_from(["same", "valid", "x"]),
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple),
    max_leaves=6,
)
names = st.sampled_from(
    sorted({p for spec in LAYERS.values() for p in spec.params} | {"input_length", "input_shape"})
)
dims = st.none() | st.integers(0, 10)
shapes = st.lists(dims, min_size=1, max_size=6).map(tuple)


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from(sorted(LAYERS)),
    config=st.dictionaries(names, constants, max_size=5),
    shape=shapes | st.lists(shapes, min_size=1, max_size=3),
    inner=st.sampled_from(["LSTM", "Dense", "Conv2D", "GRU"]),
)
def test_never_crashes(kind, config, shape, inner):
    if "layer" in config:
        config["layer"] = Layer(inner, {"units": 3, "filters": 2, "kernel_size": 1})
    try:
        result = output_shape(kind, config, shape)
    except ShapeConflict as conflict:
        assert str(conflict)
        return
    for out in result if isinstance(result, list) else [result]:
        assert out is None or isinstance(out, tuple)


# --- keras.applications ------------------------------------------------------------------

APP_OUTPUTS = [
    ("ResNet50", {}, (N, 1000)),
    ("ResNet50", {"include_top": True, "weights": None, "classes": 2}, (N, 2)),
    ("ResNet50", {"include_top": False}, (N, N, N, 2048)),
    ("ResNet50", {"include_top": False, "input_shape": (105, 105, 3)}, (N, 4, 4, 2048)),
    ("ResNet50", {"include_top": False, "pooling": "avg"}, (N, 2048)),
    ("MobileNetV2", {"include_top": False, "input_shape": (96, 96, 3), "pooling": "max"}, (N, 1280)),
    ("MobileNetV2", {"include_top": False, "input_shape": (96, 96, 3)}, (N, 3, 3, 1280)),
    ("MobileNetV2", {"include_top": False, "alpha": 1.3, "pooling": "avg"}, (N, 1664)),
    ("MobileNet", {"include_top": False, "alpha": 0.5, "input_shape": (128, 128, 3)}, (N, 4, 4, 512)),
    ("MobileNetV3Small", {"include_top": False, "input_shape": (224, 224, 3)}, (N, 7, 7, 576)),
    ("VGG16", {"include_top": False, "input_shape": (100, 100, 3)}, (N, 3, 3, 512)),
    ("EfficientNetB0", {"include_top": False, "pooling": "avg"}, (N, 1280)),
    ("EfficientNetB3", {"include_top": False, "input_shape": (300, 300, 3)}, (N, 10, 10, 1536)),
    ("InceptionV3", {"include_top": False, "input_shape": (299, 299, 3)}, (N, 8, 8, 2048)),
    ("Xception", {"include_top": False, "input_shape": (299, 299, 3)}, (N, 10, 10, 2048)),
    ("DenseNet121", {"include_top": False, "input_shape": (224, 224, 3)}, (N, 7, 7, 1024)),
    ("ConvNeXtTiny", {"include_top": False, "input_shape": (64, 64, 3)}, (N, 2, 2, 768)),
    ("NASNetMobile", {"include_top": False}, (N, 7, 7, 1056)),  # NASNetMobile defaults to 224 even then
    ("NASNetLarge", {"include_top": False, "input_shape": (331, 331, 3)}, (N, 11, 11, 4032)),
    ("ResNet50", {"include_top": False, "input_tensor": Tensor((N, 64, 64, 3), "float32")}, (N, 2, 2, 2048)),
    ("ResNet50", {"include_top": False, "input_shape": UNKNOWN}, (N, N, N, 2048)),
    ("ResNet50", {"include_top": UNKNOWN}, None),
    ("ResNet50", {"include_top": False, "pooling": UNKNOWN}, None),
    ("ResNet50", {"include_top": True, "classes": UNKNOWN, "weights": None}, (N, N)),
    ("MobileNet", {"include_top": False, "alpha": UNKNOWN, "pooling": "avg"}, (N, N)),
    ("ResNet50", {"input_shape": (128, 128, 3)}, None),  # Keras refuses it: see APP_PROBLEMS
]

APP_INPUTS = [
    ("ResNet50", {}, (N, 224, 224, 3)),
    ("EfficientNetB4", {"weights": None}, (N, 380, 380, 3)),
    ("ResNet50", {"include_top": False}, (N, N, N, 3)),
    ("ResNet50", {"include_top": False, "input_shape": [64, 64, 3]}, (N, 64, 64, 3)),
    ("MobileNetV3Large", {}, (N, N, N, 3)),
    ("NASNetMobile", {"include_top": False}, (N, 224, 224, 3)),
    ("ResNet50", {"input_shape": UNKNOWN}, (N, 224, 224, 3)),  # ImageNet classifier: fixed size
    ("ResNet50", {"include_top": False, "weights": None, "input_shape": UNKNOWN}, (N, N, N, N)),
]

APP_PROBLEMS = [
    ("ResNet50", {"input_shape": (128, 128, 3)}, "must be 224x224x3"),
    ("ResNet50", {"classes": 10}, "classes must be 1000"),
    ("ResNet50", {"include_top": False, "input_shape": (28, 28, 3)}, "at least 32x32"),
    ("InceptionV3", {"include_top": False, "input_shape": (74, 74, 3)}, "at least 75x75"),
    ("ResNet50", {"include_top": False, "input_shape": (64, 64, 1)}, "3 input channels"),
    ("VGG16", {"weights": None, "input_shape": (None, None, 3)}, "fixed input size"),
    ("NASNetLarge", {"include_top": False, "input_shape": (None, None, 3)}, "fixed input size"),
    ("ResNet50", {"input_shape": (224, 224)}, "(height, width, channels)"),
]

APP_FINE = [
    ("ResNet50", {"weights": None, "input_shape": (128, 128, 3)}),
    ("ResNet50", {"weights": None, "include_top": False, "input_shape": (64, 64, 1)}),
    ("MobileNetV2", {"input_shape": (160, 160, 3)}),  # one of its ImageNet sizes
    ("MobileNetV3Small", {"input_shape": (100, 100, 3)}),  # any size, even with the classifier
    ("ResNet50", {"include_top": False, "input_shape": UNKNOWN}),
]


@pytest.mark.parametrize("name, config, expected", APP_OUTPUTS)
def test_application_output_shape(name, config, expected):
    assert application_output_shape(name, config) == expected


@pytest.mark.parametrize("name, config, expected", APP_INPUTS)
def test_application_input_shape(name, config, expected):
    assert application_input_shape(name, config) == expected


@pytest.mark.parametrize("name, config, message", APP_PROBLEMS)
def test_application_problem(name, config, message):
    assert message in (application_problem(name, config) or "")


@pytest.mark.parametrize("name, config", APP_FINE)
def test_application_fine(name, config):
    assert application_problem(name, config) is None


@pytest.mark.parametrize(
    "config, expected",
    [
        ({}, True),
        ({"weights": "imagenet"}, True),
        ({"weights": None}, False),
        ({"weights": "w.h5"}, True),
        ({"weights": UNKNOWN}, None),
    ],
)
def test_is_pretrained(config, expected):
    assert is_pretrained(config) is expected


def test_bind_application_follows_each_family_order():
    assert bind_application("ResNet50", [False, None], {}) == {"include_top": False, "weights": None}
    assert bind_application("MobileNetV2", [(96, 96, 3), 0.5], {"include_top": False}) == {
        "input_shape": (96, 96, 3),
        "alpha": 0.5,
        "include_top": False,
    }
    assert bind_application("NASNetMobile", [None, False], {})["include_top"] is False


def test_every_requested_application_is_known():
    names = (
        "ResNet50 ResNet101 ResNet152 ResNet50V2 ResNet101V2 ResNet152V2 VGG16 VGG19 MobileNet MobileNetV2 "
        "MobileNetV3Small MobileNetV3Large InceptionV3 InceptionResNetV2 Xception DenseNet121 DenseNet169 "
        "DenseNet201 NASNetMobile NASNetLarge"
    ).split()
    names += [f"EfficientNetB{i}" for i in range(8)] + [
        f"EfficientNetV2{v}" for v in ["B0", "B1", "B2", "B3", "S", "M", "L"]
    ]
    names += [f"ConvNeXt{v}" for v in ("Tiny", "Small", "Base", "Large", "XLarge")]
    assert set(names) <= set(APPLICATIONS)
    assert all(spec.factor == 32 for spec in APPLICATIONS.values())
