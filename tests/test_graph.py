"""`siamlint graph FILE`: the inferred network as a tree (siamlint.graph.render_graph)."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from siamlint.graph import GraphError, render_graph

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cases"

SIAMESE = """\
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

IMG = 28


def euclidean_distance(vects):
    x, y = vects
    sum_square = tf.reduce_sum(tf.square(x - y), axis=1, keepdims=True)
    return tf.sqrt(tf.maximum(sum_square, tf.keras.backend.epsilon()))


inp = layers.Input((IMG, IMG, 1))
x = layers.Conv2D(4, (5, 5), activation="tanh")(inp)
x = layers.AveragePooling2D(pool_size=(2, 2))(x)
x = layers.Flatten()(x)
embedding_network = tf.keras.Model(inp, layers.Dense(10, activation="tanh")(x))
input_1 = layers.Input((IMG, IMG, 1))
input_2 = layers.Input((IMG, IMG, 1), dtype="float64")
tower_1 = embedding_network(input_1)
tower_2 = embedding_network(input_2)
merge_layer = layers.Lambda(euclidean_distance)([tower_1, tower_2])
siamese = tf.keras.Model(inputs=[input_1, input_2], outputs=merge_layer)
siamese.compile(loss="binary_crossentropy", optimizer="RMSprop", metrics=["accuracy"])
siamese.fit([np.zeros((4, IMG, IMG, 1)), np.zeros((4, IMG, IMG, 1))], np.zeros((4,)))
"""


def graph_of(tmp_path: Path, source: str, name: str = "net.py", **kwargs) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return render_graph(path, **kwargs)


def line_with(text: str, *needles: str) -> str:
    for line in text.splitlines():
        if all(n in line for n in needles):
            return line
    raise AssertionError(f"no line with {needles!r} in:\n{text}")


@pytest.fixture
def siamese(tmp_path):
    return graph_of(tmp_path, SIAMESE)


class TestSiamese:
    def test_header_names_the_file(self, siamese, tmp_path):
        assert siamese.splitlines()[0] == str(tmp_path / "net.py")

    def test_model_with_its_line(self, siamese):
        assert line_with(siamese, "siamese", "functional Model").endswith("line 24")

    def test_inputs_with_shape_dtype_and_line(self, siamese):
        assert "input_1  Input (None, 28, 28, 1) float32, line 19" in siamese
        assert "input_2  Input (None, 28, 28, 1) float64, line 20" in siamese

    def test_tower_calls_per_branch(self, siamese):
        first = line_with(siamese, "embedding_network (functional Model)", "line 21")
        second = line_with(siamese, "embedding_network (functional Model)", "line 22")
        for line in (first, second):
            assert "→ (None, 10) float32" in line
            assert "shared" in line
        lines = siamese.splitlines()
        # each call sits under its own Input
        assert lines.index(first) == lines.index(line_with(siamese, "input_1  Input")) + 1
        assert lines.index(second) == lines.index(line_with(siamese, "input_2  Input")) + 1

    def test_merge_with_operands_and_shape(self, siamese):
        merge = line_with(siamese, "merge", "Lambda(euclidean_distance)")
        assert "[embedding_network(input_1), embedding_network(input_2)]" in merge
        assert "→ (None, 1) float32 [distance]" in merge
        assert merge.endswith("line 23")

    def test_output_compile_and_fit(self, siamese):
        assert "output  (None, 1) float32 [distance]" in siamese
        compiled = line_with(siamese, "compile  loss=")
        assert 'loss="binary_crossentropy"' in compiled
        assert 'metrics=["accuracy"]' in compiled
        assert compiled.endswith("line 25")
        fit = line_with(siamese, "fit  x=")
        assert "[(4, 28, 28, 1) float64, (4, 28, 28, 1) float64]" in fit
        assert "y=(4,) float64" in fit
        assert fit.endswith("line 26")

    def test_the_tower_is_summarised_layer_by_layer(self, siamese):
        lines = siamese.splitlines()
        start = lines.index(line_with(siamese, "embedding_network  functional Model  [tower]"))
        tower = "\n".join(lines[start:])
        assert "inp  Input (None, 28, 28, 1) float32, line 14" in tower
        assert line_with(tower, "Conv2D(4, kernel_size=(5, 5), activation=\"tanh\")") \
            .endswith("→ (None, 24, 24, 4) float32, line 15")
        assert line_with(tower, "AveragePooling2D").endswith("→ (None, 12, 12, 4) float32, line 16")
        assert line_with(tower, "Flatten").endswith("→ (None, 576) float32, line 17")
        assert line_with(tower, "Dense(10, activation=\"tanh\")").endswith(
            "→ (None, 10) float32, line 18")
        assert "output  (None, 10) float32" in tower

    def test_tree_guides(self, siamese):
        assert "├── input_1  Input" in siamese
        assert "│   └── embedding_network" in siamese
        assert "└── fit  x=" in siamese

    def test_plain_text(self, siamese):
        assert "\x1b[" not in siamese  # no colour codes

    def test_ascii(self, tmp_path):
        text = graph_of(tmp_path, SIAMESE, ascii=True)
        assert text.isascii()
        assert "|-- input_1  Input (None, 28, 28, 1) float32, line 19" in text
        assert "-> (None, 1) float32" in text


def test_sequential_tower_built_by_its_first_call_and_add(tmp_path):
    text = graph_of(tmp_path, """\
        from tensorflow import keras
        from tensorflow.keras import layers

        encoder = keras.Sequential()
        encoder.add(layers.Dense(32, activation="relu"))
        encoder.add(layers.Dense(8))
        left = keras.Input(shape=(20,))
        right = keras.Input(shape=(20,))
        distance = layers.Subtract()([encoder(left), encoder(right)])
        head = layers.Dense(1, activation="sigmoid")(distance)
        model = keras.Model([left, right], head)
        model.compile(loss="binary_crossentropy", optimizer="adam")
    """)
    assert "input  (None, 20)  (built by its first call, line 9)" in text
    assert line_with(text, "Dense(32, activation=\"relu\")").endswith("→ (None, 32), line 5")
    assert line_with(text, "Dense(8)").endswith("→ (None, 8), line 6")
    merge = line_with(text, "merge subtract")
    assert "[encoder(left), encoder(right)]" in merge and "(None, 8)" in merge
    head = line_with(text, "head Dense(1")
    assert "→ (None, 1) float32 [bounded]" in head and head.endswith("line 10")


def test_twin_towers_that_do_not_share_weights(tmp_path):
    text = graph_of(tmp_path, """\
        from tensorflow import keras
        from tensorflow.keras import layers

        def make_tower():
            return keras.Sequential([keras.Input((16,)), layers.Dense(8)])

        a = keras.Input((16,))
        b = keras.Input((16,))
        tower_a = make_tower()
        tower_b = make_tower()
        d = layers.Subtract()([tower_a(a), tower_b(b)])
        model = keras.Model([a, b], d)
    """)
    assert "NOT shared: same architecture as tower_b, separate weights" in \
        line_with(text, "tower_a (Sequential, built by make_tower())", "line 11")
    assert "tower_a  Sequential, built by make_tower()  [tower], line 5" in text


def test_pretrained_base(tmp_path):
    text = graph_of(tmp_path, """\
        import tensorflow as tf

        base = tf.keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False,
                                                 weights="imagenet", pooling="avg")
        base.trainable = False
        inp = tf.keras.Input((96, 96, 3))
        out = tf.keras.layers.Dense(16)(base(inp, training=False))
        tower = tf.keras.Model(inp, out)
        a = tf.keras.Input((96, 96, 3))
        b = tf.keras.Input((96, 96, 3))
        model = tf.keras.Model([a, b], tf.keras.layers.Dot(axes=1, normalize=True)([tower(a), tower(b)]))
        model.compile(loss="mse")
        for layer in base.layers[-20:]:
            layer.trainable = True
    """)
    header = line_with(text, "base  MobileNetV2(")
    assert 'weights="imagenet"' in header and "include_top=False" in header
    assert 'pooling="avg"' in header and header.endswith("line 3")
    assert "input (None, 96, 96, 3) → output (None, 1280)" in text
    assert "trainable = False on the whole model, line 5" in text
    assert "trainable = True on some layers (after compile, line 12), line 14" in text
    assert "partly frozen: some layers" in text
    call = line_with(text, "base (MobileNetV2, keras.applications)")
    assert "→ (None, 1280) float32" in call and "training=False" in call
    assert "merge dot" in text and "[tower(a), tower(b)]" in text
    assert "[similarity]" in line_with(text, "merge dot")


def test_frozen_base(tmp_path):
    text = graph_of(tmp_path, """\
        from keras.applications import ResNet50
        base = ResNet50(weights="imagenet", include_top=False, pooling="max")
        base.trainable = False
    """)
    assert line_with(text, "base  ResNet50(").endswith("line 2")
    assert text.rstrip().endswith("frozen")
    assert "pretrained" in text


def test_subclassed_model(tmp_path):
    text = graph_of(tmp_path, """\
        import tensorflow as tf

        class PairNet(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.embed = tf.keras.Sequential([tf.keras.layers.Dense(8)])

            def call(self, inputs):
                a, b = inputs
                return tf.abs(self.embed(a) - self.embed(b))

        net = PairNet()
        net.compile(optimizer="adam", loss="mse")
    """)
    assert line_with(text, "net  PairNet, subclassed Model").endswith("line 12")
    assert "self.embed = Sequential, line 6" in text
    assert "branch 1" in text and "branch 2" in text
    assert line_with(text, "PairNet.embed (Sequential)", "shared").endswith("line 10")
    assert 'compile  loss="mse", line 13' in text


def test_user_loss_and_keras_loss_objects(tmp_path):
    text = graph_of(tmp_path, """\
        import tensorflow as tf

        def contrastive(margin=1.0):
            def loss(y_true, y_pred):
                y_true = tf.cast(y_true, y_pred.dtype)
                return tf.reduce_mean(y_true * tf.square(y_pred)
                                      + (1 - y_true) * tf.square(tf.maximum(margin - y_pred, 0)))
            return loss

        inp = tf.keras.Input((4,))
        m = tf.keras.Model(inp, tf.keras.layers.Dense(1)(inp))
        m.compile(loss=contrastive(margin=2.0), metrics=[tf.keras.metrics.BinaryAccuracy()])
        m2 = tf.keras.Model(inp, tf.keras.layers.Dense(1)(inp))
        m2.compile(loss=tf.keras.losses.BinaryCrossentropy(), optimizer="adam")
    """)
    assert "loss=loss (user function), margin 2" in text
    assert "metrics=[tf.keras.metrics.BinaryAccuracy()]" in text
    assert "loss=keras.losses.BinaryCrossentropy()" in text


def test_model_built_but_never_compiled(tmp_path):
    text = graph_of(tmp_path, """\
        from keras import Input, Model, layers
        def main():
            x = Input((3,))
            model = Model(x, layers.Dense(2)(x))
            model.summary()
    """)
    assert line_with(text, "model  functional Model").endswith("line 4")
    assert "x  Input (None, 3) float32, line 3" in text


def test_conflicts_are_shown(tmp_path):
    text = graph_of(tmp_path, """\
        from tensorflow import keras
        tower = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(4)])
        a = keras.Input((28, 28, 1))
        b = keras.Input((32, 32, 3))
        model = keras.Model([a, b], keras.layers.Subtract()([tower(a), tower(b)]))
    """)
    assert "CONFLICT: `tower` expects shape (None, 28, 28, 1), got (None, 32, 32, 3)" in \
        line_with(text, "tower (Sequential)", "line 5", "CONFLICT")


def test_no_keras_model(tmp_path):
    text = graph_of(tmp_path, "print('hello')\n")
    assert "no Keras model found" in text


def test_inputs_outside_any_model(tmp_path):
    text = graph_of(tmp_path, """\
        from keras import Input, layers
        a = Input((3,))
        y = layers.Dense(2)(a)
    """)
    assert "a  Input (None, 3) float32, line 2" in text
    assert "Dense(2) → (None, 2) float32, line 3" in text


def test_notebook_positions_are_cells(tmp_path):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Siamese\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["%matplotlib inline\n", "import tensorflow as tf\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["enc = tf.keras.Sequential([tf.keras.Input((16,)), tf.keras.layers.Dense(8)])\n",
                    "a = tf.keras.Input((16,))\n", "b = tf.keras.Input((16,))\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["m = tf.keras.Model([a, b], tf.keras.layers.Subtract()([enc(a), enc(b)]))\n"]},
    ]
    path = tmp_path / "pair.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    text = render_graph(path)
    assert "a  Input (None, 16) float32, cell 2, line 2" in text
    assert line_with(text, "m  functional Model").endswith("cell 3, line 1")


# -------------------------------------------------------------------- errors

def test_syntax_error_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.py"
    path.write_text("import tensorflow as tf\n\nmodel = tf.keras.Model(\n    inputs=a\n    outputs=b)\n")
    with pytest.raises(GraphError) as info:
        render_graph(path)
    message = info.value.format_message()
    assert str(path) in message
    assert "SyntaxError" in message
    assert "line 4" in message or "line 3" in message
    assert "Traceback" not in message
    assert info.value.exit_code == 1


def test_syntax_error_through_a_click_command(tmp_path):
    """A command that lets GraphError escape prints one line, no traceback."""
    path = tmp_path / "broken.py"
    path.write_text("def f(:\n    pass\n")

    @click.command()
    @click.argument("file", type=click.Path(path_type=Path))
    def graph(file):
        click.echo(render_graph(file), nl=False)

    result = CliRunner().invoke(graph, [str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    assert "SyntaxError at line 1" in result.output
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("make, expected", [
    (lambda p: p / "missing.py", "cannot read"),
    (lambda p: p, "is a directory"),
])
def test_unreadable_paths(tmp_path, make, expected):
    with pytest.raises(GraphError, match=expected):
        render_graph(make(tmp_path))


def test_binary_file(tmp_path):
    path = tmp_path / "blob.py"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(GraphError, match="binary"):
        render_graph(path)


def test_invalid_notebook(tmp_path):
    path = tmp_path / "bad.ipynb"
    path.write_text("{not json")
    with pytest.raises(GraphError, match="not a valid notebook"):
        render_graph(path)


def test_internal_error_is_reported_without_traceback(tmp_path, monkeypatch):
    from siamlint import graph

    def boom(module):
        raise RuntimeError("something broke\nsecond line")

    monkeypatch.setattr(graph, "_analyse", boom)
    path = tmp_path / "net.py"
    path.write_text("x = 1\n")
    with pytest.raises(GraphError) as info:
        render_graph(path)
    assert info.value.exit_code == 2
    assert "internal error" in info.value.format_message()
    assert "RuntimeError: something broke" in info.value.format_message()
    assert "second line" not in info.value.format_message()


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")
def test_every_corpus_case_renders():
    for path in sorted(CORPUS.glob("*.py")):
        text = render_graph(path)
        assert text.startswith(str(path)), path
