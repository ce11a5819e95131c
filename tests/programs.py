"""Hypothesis strategies that write syntactically valid Python from Keras-like building
blocks, for fuzzing siamlint (tests/test_fuzz.py) and for property tests of `--fix`.

Everything here only *writes* source text; nothing imports Keras. Main entry points:

- `siamese_programs(...)`: a complete Siamese network (two Inputs, a tower applied to both or
  two towers, a merge or distance, a head, a Model, maybe compile), with or without one
  deliberate defect (`DEFECTS`), in one of many import styles (`STYLES`). Returns a `Program`
  whose metadata says what was built and which line does what, so that an oracle (real
  Keras, or a fix's re-lint) can judge the result.
- `chaos_programs()`: valid Python that uses Keras names in odd ways (unusual arguments,
  layers called on layers, loops, classes, NumPy dtype arithmetic, noqa comments): for
  "never crash" properties, not for verdicts.
- `keras_programs()`: either of the two.
- `mutated(source)`: a strategy of near-Python (characters inserted, deleted, swapped) for
  parser robustness.
- Smaller blocks, usable alone: `import_styles()`, `input_specs()`, `layer_stacks(spec)`,
  and `Writer` (spells Keras names in a style and writes the imports the body used), e.g.

      w = Writer("from_layers")
      w.emit(f"x = {w.Input}(shape=(8,))")
      w.emit(f"y = {w.layer('Dense')}(4)(x)", role="tower")
      program = w.finish()  # "from keras.layers import Dense, Input" + the body

- `siamese_in_styles()`: the same network written in several styles (a list of Programs),
  for properties that must not depend on how Keras was imported.

`Program.source` always parses with `ast.parse` (tests/test_fuzz.py checks this).
Programs whose `keras3` is true use only `keras` (no TensorFlow), so they run under
`KERAS_BACKEND=numpy`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

# ----------------------------------------------------------------------------- styles
# name -> runs with Keras 3 alone (no TensorFlow import)
STYLES = {
    "keras": True,  # import keras; keras.layers.Dense
    "keras_as": True,  # import keras as kr; kr.layers.Dense
    "from_keras": True,  # from keras import layers, Input, Model; layers.Dense
    "from_keras_as": True,  # from keras import layers as L, models as M, ops as O
    "from_layers": True,  # from keras.layers import Dense, Input
    "from_layers_as": True,  # from keras.layers import Dense as MyDense
    "star": True,  # from keras.layers import *; from keras.models import *
    "tf": False,  # import tensorflow as tf; tf.keras.layers.Dense
    "from_tf": False,  # from tensorflow import keras; keras.layers.Dense
    "from_tf_layers": False,  # from tensorflow.keras.layers import Dense
    "tf_keras": False,  # import tf_keras as keras (Keras 2)
}
KERAS3_STYLES = tuple(name for name, runs in STYLES.items() if runs)


def import_styles(keras3_only: bool = False):
    """A style name from STYLES (only those that run with Keras 3 alone, if asked)."""
    return st.sampled_from(KERAS3_STYLES if keras3_only else tuple(STYLES))

_TF_OPS = {"abs": "tf.abs", "sum": "tf.reduce_sum", "sqrt": "tf.sqrt", "square": "tf.square",
           "maximum": "tf.maximum", "mean": "tf.reduce_mean"}
_K_OPS = {"abs": "K.abs", "sum": "K.sum", "sqrt": "K.sqrt", "square": "K.square",
          "maximum": "K.maximum", "mean": "K.mean"}


class Writer:
    """Spells Keras names in one import style and collects the lines of a program; the
    import header is written last, from the names actually used."""

    def __init__(self, style: str, alias: str = "kr", prefix: str = "My") -> None:
        self.style = style
        self.alias = alias  # the module alias for keras_as / from_keras_as
        self.prefix = prefix  # the name prefix for from_layers_as
        self.lines: list[str] = []
        self.roles: dict[str, list[int]] = {}
        self.layers: set[str] = set()
        self.top: set[str] = set()  # Input, Model, Sequential
        self.need_ops = False
        self.need_np = False

    # -- spelling
    def layer(self, kind: str) -> str:
        self.layers.add(kind)
        s = self.style
        if s in ("keras", "from_tf", "tf_keras"):
            return f"keras.layers.{kind}"
        if s == "keras_as":
            return f"{self.alias}.layers.{kind}"
        if s == "from_keras":
            return f"layers.{kind}"
        if s == "from_keras_as":
            return f"{self.alias}L.{kind}"
        if s == "from_layers_as":
            return f"{self.prefix}{kind}"
        if s == "tf":
            return f"tf.keras.layers.{kind}"
        return kind  # from_layers, star, from_tf_layers

    def _top(self, name: str) -> str:
        self.top.add(name)
        s = self.style
        if s in ("keras", "from_tf", "tf_keras"):
            return f"keras.{name}"
        if s == "keras_as":
            return f"{self.alias}.{name}"
        if s == "tf":
            return f"tf.keras.{name}"
        if s == "from_keras_as":
            return name if name == "Input" else f"{self.alias}M.{name}"
        if s == "from_layers_as" and name == "Input":
            return f"{self.prefix}Input"
        return name

    @property
    def Input(self) -> str:  # noqa: N802 - spelled as in Keras
        return self._top("Input")

    @property
    def Model(self) -> str:  # noqa: N802
        return self._top("Model")

    @property
    def Sequential(self) -> str:  # noqa: N802
        return self._top("Sequential")

    def op(self, name: str) -> str:
        """A backend op (abs, sum, sqrt, square, maximum, mean) in this style's spelling."""
        self.need_ops = True
        s = self.style
        if s in ("tf", "from_tf", "from_tf_layers"):
            return _TF_OPS[name]
        if s == "tf_keras":
            return _K_OPS[name]
        if s == "keras":
            return f"keras.ops.{name}"
        if s == "keras_as":
            return f"{self.alias}.ops.{name}"
        if s == "from_keras_as":
            return f"{self.alias}O.{name}"
        return f"ops.{name}"

    @property
    def np(self) -> str:
        self.need_np = True
        return "np"

    # -- lines
    def emit(self, line: str, role: str | None = None) -> int:
        self.lines.append(line)
        if role is not None:
            self.roles.setdefault(role, []).append(len(self.lines))
        return len(self.lines)

    def header(self) -> list[str]:
        s, out = self.style, []
        if self.need_np:
            out.append("import numpy as np")
        layers = sorted(self.layers)
        top = sorted(self.top)
        if s == "keras":
            out.append("import keras")
        elif s == "keras_as":
            out.append(f"import keras as {self.alias}")
        elif s == "from_keras":
            names = (["layers"] if layers else []) + (["ops"] if self.need_ops else []) + top
            out.append(f"from keras import {', '.join(names)}" if names else "import keras")
        elif s == "from_keras_as":
            out.append(f"from keras import layers as {self.alias}L, models as {self.alias}M, "
                       f"ops as {self.alias}O")
            out.append("from keras import Input")
        elif s == "from_layers":
            names = layers + (["Input"] if "Input" in top else [])
            if names:
                out.append(f"from keras.layers import {', '.join(names)}")
            models = [n for n in top if n != "Input"]
            if models:
                out.append(f"from keras.models import {', '.join(models)}")
            if self.need_ops:
                out.append("from keras import ops")
        elif s == "from_layers_as":
            names = layers + (["Input"] if "Input" in top else [])
            if names:
                out.append("from keras.layers import "
                           + ", ".join(f"{n} as {self.prefix}{n}" for n in names))
            models = [n for n in top if n != "Input"]
            if models:
                out.append(f"from keras.models import {', '.join(models)}")
            if self.need_ops:
                out.append("from keras import ops")
        elif s == "star":
            out += ["from keras.layers import *", "from keras.models import *"]
            if self.need_ops:
                out.append("from keras import ops")
        elif s == "tf":
            out.append("import tensorflow as tf")
        elif s == "from_tf":
            out += ["import tensorflow as tf", "from tensorflow import keras"]
        elif s == "from_tf_layers":
            out.append("import tensorflow as tf")
            names = layers + (["Input"] if "Input" in top else [])
            if names:
                out.append(f"from tensorflow.keras.layers import {', '.join(names)}")
            models = [n for n in top if n != "Input"]
            if models:
                out.append(f"from tensorflow.keras.models import {', '.join(models)}")
        elif s == "tf_keras":
            out += ["import tf_keras as keras", "from tf_keras import backend as K"]
        return out

    def finish(self, **meta) -> Program:
        head = self.header() + [""]
        shift = len(head)
        roles = {role: tuple(n + shift for n in lines) for role, lines in self.roles.items()}
        source = "\n".join(head + self.lines) + "\n"
        return Program(source=source, style=self.style, keras3=STYLES[self.style],
                       roles=roles, header_lines=shift, **meta)


@dataclass(frozen=True)
class Program:
    source: str
    style: str
    keras3: bool  # runs with Keras 3 alone (KERAS_BACKEND=numpy)
    roles: dict = field(default_factory=dict)  # role -> line numbers (1-based, in source)
    defect: str | None = None  # one of DEFECTS, None for a sound network
    input_shapes: tuple = ()  # the two pair Inputs' declared shapes (without the batch axis)
    shared: bool = True  # both branches go through one tower object
    kind: str = "siamese"  # "siamese" or "chaos"
    header_lines: int = 0  # the imports (and a blank line) before the body
    tower_layers: tuple = ()  # the layer kinds of the (first) tower, in order
    tower_shape: tuple = ()  # the input shape the tower was built for (where its form fixes one)

    def body_line(self, line: int) -> int:
        """A line number counted from the first line after the imports."""
        return line - self.header_lines

    def role_of(self, line: int) -> str | None:
        for role, lines in self.roles.items():
            if line in lines:
                return role
        return None


# ----------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class InputSpec:
    kind: str  # vector, image, sequence, tokens
    shape: tuple
    dtype: str | None = None


def _vector():
    return st.builds(lambda n: InputSpec("vector", (n,)), st.integers(2, 16))


def _image():
    return st.builds(lambda h, w, c: InputSpec("image", (h, w, c)),
                     st.integers(3, 12), st.integers(3, 12), st.sampled_from([1, 3]))


def _sequence():
    return st.builds(lambda t, f: InputSpec("sequence", (t, f)),
                     st.integers(2, 10), st.integers(1, 8))


def _tokens():
    return st.builds(lambda t: InputSpec("tokens", (t,), "int32"), st.integers(2, 12))


def input_specs(kinds=("vector", "image", "sequence", "tokens")):
    makers = {"vector": _vector, "image": _image, "sequence": _sequence, "tokens": _tokens}
    return st.one_of([makers[k]() for k in kinds])


@st.composite
def _other_shape(draw, spec: InputSpec) -> tuple:
    """A shape of the same kind that differs from `spec.shape` in one or more axes."""
    shape = list(spec.shape)
    axis = draw(st.integers(0, len(shape) - 1))
    bump = draw(st.sampled_from([-2, -1, 1, 2, 3, 8]))
    shape[axis] = max(1, shape[axis] + bump)
    if tuple(shape) == spec.shape:
        shape[axis] += 1
    if draw(st.booleans()) and spec.kind == "image":
        shape[0], shape[1] = shape[1], shape[0]  # transposed scans
        if tuple(shape) == spec.shape:
            shape[0] += 1
    return tuple(shape)


def shape_text(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


# ----------------------------------------------------------------------------- layer stacks
# (kind, argument text); the last Dense's units is the stack's width (None if no Dense ends it)
_ACTS = st.sampled_from([None, "relu", "tanh", "sigmoid", "linear"])


@st.composite
def _dense(draw, units=None):
    units = units if units is not None else draw(st.integers(1, 16))
    act = draw(_ACTS)
    return ("Dense", f"{units}" + (f", activation={act!r}" if act else "")), units


@st.composite
def _dense_tail(draw, low=0, high=2, last_units=None):
    out, width = [], None
    count = draw(st.integers(low, high))
    for i in range(count):
        if i and draw(st.booleans()):
            out.append(draw(st.sampled_from([("Dropout", "0.1"), ("BatchNormalization", ""),
                                             ("LayerNormalization", ""),
                                             ("Activation", "'relu'")])))
        units = last_units if i == count - 1 else None
        layer, width = draw(_dense(units))
        out.append(layer)
    return out, width


@st.composite
def layer_stacks(draw, spec: InputSpec, last_units=None):
    """Layers that map `spec` to an embedding; (list of (kind, args), final width or None).

    Sizes are small and drawn freely, so some stacks are invalid for their input (a kernel
    larger than the image): real Keras is the judge of that, not this generator."""
    layers: list = []
    if spec.kind == "image":
        for _ in range(draw(st.integers(0, 2))):
            filters, kernel = draw(st.integers(2, 8)), draw(st.integers(1, 4))
            padding = draw(st.sampled_from([None, "same", "valid"]))
            act = draw(_ACTS)
            args = f"{filters}, {kernel}" + (f", padding={padding!r}" if padding else "") \
                + (f", activation={act!r}" if act else "")
            layers.append(("Conv2D", args))
            if draw(st.booleans()):
                layers.append((draw(st.sampled_from(["MaxPooling2D", "AveragePooling2D"])),
                               draw(st.sampled_from(["", "2", "(2, 2)"]))))
        layers.append((draw(st.sampled_from(["Flatten", "GlobalAveragePooling2D",
                                              "GlobalMaxPooling2D"])), ""))
    elif spec.kind == "sequence":
        choice = draw(st.sampled_from(["rnn", "rnn_seq", "conv", "flatten"]))
        units = draw(st.integers(1, 8))
        if choice == "rnn":
            layers.append((draw(st.sampled_from(["LSTM", "GRU", "SimpleRNN"])), f"{units}"))
        elif choice == "rnn_seq":
            layers.append((draw(st.sampled_from(["LSTM", "GRU"])), f"{units}, return_sequences=True"))
            layers.append((draw(st.sampled_from(["GlobalMaxPooling1D", "GlobalAveragePooling1D"])), ""))
        elif choice == "conv":
            layers.append(("Conv1D", f"{units}, {draw(st.integers(1, 3))}, activation='relu'"))
            layers.append(("GlobalAveragePooling1D", ""))
        else:
            layers.append(("Flatten", ""))
    elif spec.kind == "tokens":
        layers.append(("Embedding", f"{draw(st.integers(10, 100))}, {draw(st.integers(2, 8))}"))
        layers.append(draw(st.sampled_from([("GlobalAveragePooling1D", ""), ("LSTM", "4"),
                                            ("GRU", "3"), ("Flatten", "")])))
    low = 1 if spec.kind == "vector" or last_units is not None else 0
    tail, width = draw(_dense_tail(low=low, last_units=last_units))
    layers += tail
    return layers, width


def _calls(w: Writer, layers, x: str) -> str:
    out = x
    for kind, args in layers:
        out = f"{w.layer(kind)}({args})({out})"
    return out


def _seq_items(w: Writer, layers) -> list[str]:
    return [f"{w.layer(kind)}({args})" for kind, args in layers]


# ----------------------------------------------------------------------------- towers
TOWERS = ("sequential_input", "sequential", "functional", "factory_sequential",
          "factory_functional", "add_loop")


def _write_tower(w: Writer, form: str, name: str, shape, layers, role: str) -> str:
    """Define a tower named `name` (built for `shape` where the form fixes one); return the
    expression that is the tower object."""
    items = _seq_items(w, layers)
    if form == "sequential_input":
        w.emit(f"{name} = {w.Sequential}([{w.Input}(shape={shape_text(shape)}), "
               + ", ".join(items) + "])", role)
        return name
    if form == "sequential":  # no Input: fixed by its first call
        w.emit(f"{name} = {w.Sequential}([", role)
        for item in items:
            w.emit(f"    {item},")
        w.emit("])")
        return name
    if form == "functional":
        w.emit(f"{name}_in = {w.Input}(shape={shape_text(shape)})", role)
        x = f"{name}_in"
        for kind, args in layers:
            w.emit(f"{name}_x = {w.layer(kind)}({args})({x})")
            x = f"{name}_x"
        w.emit(f"{name} = {w.Model}({name}_in, {x}, name={name!r})", role)
        return name
    if form == "add_loop":
        w.emit(f"{name} = {w.Sequential}()", role)
        w.emit(f"{name}.add({w.Input}(shape={shape_text(shape)}))", role)
        for item in items:
            w.emit(f"{name}.add({item})", role)
        return name
    if form == "factory_sequential":
        w.emit(f"def make_{name}():")
        w.emit(f"    return {w.Sequential}([{w.Input}(shape={shape_text(shape)}), "
               + ", ".join(items) + "])")
        w.emit(f"{name} = make_{name}()", role)
        return name
    if form == "factory_functional":
        w.emit(f"def build_{name}(input_shape={shape_text(shape)}):")
        w.emit(f"    inp = {w.Input}(shape=input_shape)")
        w.emit(f"    x = {_calls(w, layers, 'inp')}")
        w.emit(f"    return {w.Model}(inp, x)")
        w.emit(f"{name} = build_{name}()", role)
        return name
    raise ValueError(form)


# ----------------------------------------------------------------------------- merges
MERGES = ("subtract", "subtract_fn", "concatenate", "dot", "add", "multiply", "average",
          "l1_lambda", "l2_lambda", "distance_function", "ops_direct")


def _write_merge(w: Writer, form: str, a: str, b: str) -> str:
    L = w.layer
    if form == "subtract":
        line = f"merged = {L('Subtract')}()([{a}, {b}])"
    elif form == "subtract_fn":
        line = f"merged = {L('subtract')}([{a}, {b}])"
    elif form == "concatenate":
        line = f"merged = {L('Concatenate')}(axis=-1)([{a}, {b}])"
    elif form == "dot":
        line = f"merged = {L('Dot')}(axes=1, normalize=True)([{a}, {b}])"
    elif form == "add":
        line = f"merged = {L('Add')}()([{a}, {b}])"
    elif form == "multiply":
        line = f"merged = {L('Multiply')}()([{a}, {b}])"
    elif form == "average":
        line = f"merged = {L('Average')}()([{a}, {b}])"
    elif form == "l1_lambda":
        line = f"merged = {L('Lambda')}(lambda t: {w.op('abs')}(t[0] - t[1]))([{a}, {b}])"
    elif form == "l2_lambda":
        line = (f"merged = {L('Lambda')}(lambda t: {w.op('sqrt')}({w.op('maximum')}("
                f"{w.op('sum')}({w.op('square')}(t[0] - t[1]), axis=1, keepdims=True), 1e-7)))"
                f"([{a}, {b}])")
    elif form == "distance_function":
        w.emit("def euclidean_distance(vects):")
        w.emit("    x, y = vects")
        w.emit(f"    total = {w.op('sum')}({w.op('square')}(x - y), axis=1, keepdims=True)")
        w.emit(f"    return {w.op('sqrt')}({w.op('maximum')}(total, 1e-7))")
        line = f"merged = {L('Lambda')}(euclidean_distance)([{a}, {b}])"
    elif form == "ops_direct":
        line = f"merged = {w.op('abs')}({a} - {b})"
    else:
        raise ValueError(form)
    w.emit(line, "merge")
    return "merged"


# ----------------------------------------------------------------------------- Siamese pairs
DEFECTS = (
    "input_shape_mismatch",  # the pair's Inputs differ (SL101)
    "tower_shape_mismatch",  # the tower is built for another shape than the Inputs (SL102)
    "merge_width_mismatch",  # the branches end in different widths before the merge (SL103)
    "batch_axis",  # one Input's shape holds a leading None (SL105)
    "unshared",  # one tower per branch: runs, not Siamese (SL402, a warning)
)


_ALIASES = st.sampled_from(["kr", "K", "keras3", "k"])
_PREFIXES = st.sampled_from(["My", "K", "L_"])


@st.composite
def siamese_programs(draw, styles=tuple(STYLES), defects=(None, *DEFECTS), merges=MERGES,
                     towers=TOWERS, kinds=("vector", "image", "sequence", "tokens"),
                     compile_model=None):
    """One Siamese network (see the module docstring); `defects` may include None (sound)."""
    style = draw(st.sampled_from(styles))
    writer = Writer(style, alias=draw(_ALIASES), prefix=draw(_PREFIXES))
    return _siamese(draw, writer, defects, merges, towers, kinds, compile_model)


@st.composite
def siamese_in_styles(draw, styles=tuple(STYLES), defects=(None, *DEFECTS), merges=MERGES,
                      towers=TOWERS, kinds=("vector", "image", "sequence", "tokens"),
                      compile_model=None):
    """The same network (shapes, layers, towers, merge, defect) written in each of `styles`:
    a list of Programs, one per style, whose bodies differ only in how names are spelled."""
    alias, prefix = draw(_ALIASES), draw(_PREFIXES)
    record: list = []

    def recording(strategy):
        value = draw(strategy)
        record.append(value)
        return value

    out = [_siamese(recording, Writer(styles[0], alias, prefix), defects, merges, towers,
                    kinds, compile_model)]
    for style in styles[1:]:
        replay = iter(record)
        out.append(_siamese(lambda strategy: next(replay), Writer(style, alias, prefix),
                            defects, merges, towers, kinds, compile_model))
    return out


def _siamese(draw, w: Writer, defects, merges, towers, kinds, compile_model) -> Program:
    """Every draw here is independent of the style, so siamese_in_styles can replay them."""
    defect = draw(st.sampled_from(defects))
    spec = draw(input_specs(kinds))
    form = draw(st.sampled_from(towers))
    merge = draw(st.sampled_from(merges))
    shape_a = shape_b = spec.shape
    tower_shape = spec.shape
    if defect == "input_shape_mismatch":
        shape_b = draw(_other_shape(spec))
    elif defect == "tower_shape_mismatch":
        tower_shape = draw(_other_shape(spec))
        if form == "sequential":  # an Input-less Sequential takes any first shape
            form = draw(st.sampled_from([t for t in towers if t != "sequential"] or ["functional"]))
    elif defect == "batch_axis":
        shape_b = (None, *spec.shape)
    width = None if defect != "merge_width_mismatch" else draw(st.integers(2, 12))
    layers, _ = draw(layer_stacks(spec, last_units=width))
    dtype = f", dtype={spec.dtype!r}" if spec.dtype else ""
    w.emit(f"left_input = {w.Input}(shape={shape_text(shape_a)}{dtype})", "input_a")
    w.emit(f"right_input = {w.Input}(shape={shape_text(shape_b)}{dtype})", "input_b")
    shared = defect not in ("unshared", "merge_width_mismatch")
    tower = _write_tower(w, form, "encoder", tower_shape, layers, "tower")
    if shared:
        w.emit(f"left = {tower}(left_input)", "call_a")
        w.emit(f"right = {tower}(right_input)", "call_b")
    else:
        other_layers = layers
        if defect == "merge_width_mismatch":
            other_width = draw(st.integers(2, 12).filter(lambda n: n != width))
            other_layers = [*layers[:-1], ("Dense", str(other_width))]
        other_form = form if form != "sequential" else "functional"
        other = _write_tower(w, other_form, "encoder_b", tower_shape, other_layers, "tower")
        w.emit(f"left = {tower}(left_input)", "call_a")
        w.emit(f"right = {other}(right_input)", "call_b")
    merged = _write_merge(w, merge, "left", "right")
    out = merged
    if draw(st.booleans()) or merge in ("subtract", "subtract_fn", "add", "multiply",
                                        "average", "concatenate", "ops_direct", "l1_lambda"):
        w.emit(f"score = {w.layer('Dense')}(1, activation='sigmoid')({merged})", "head")
        out = "score"
    w.emit(f"model = {w.Model}(inputs=[left_input, right_input], outputs={out})", "model")
    if compile_model if compile_model is not None else draw(st.booleans()):
        w.emit("model.compile(optimizer='adam', loss='binary_crossentropy')", "compile")
    return w.finish(defect=defect, input_shapes=(shape_a, shape_b), shared=shared,
                    tower_layers=tuple(kind for kind, _ in layers), tower_shape=tower_shape)


# ----------------------------------------------------------------------------- chaos
# Values that Keras APIs receive in real (and broken) code.
_INTS = st.one_of(st.integers(-3, 20), st.sampled_from([0, 1, 10**6, 2**31, -(2**31)]))
_SCALARS = st.one_of(_INTS, st.sampled_from(["None", "True", "False", "0.5", "1e-07", "-1.0",
                                              "'same'", "'valid'", "'relu'", "'float64'",
                                              "'float32'", "'int32'", "'imagenet'", "''",
                                              "'channels_first'", "float('nan')",
                                              "np.float64", "np.float32", "tf.float64"]))
_SHAPES = st.one_of(
    st.lists(st.one_of(st.integers(-2, 64), st.just("None")), max_size=5).map(
        lambda dims: "(" + ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "") + ")"),
    st.lists(st.integers(0, 9), max_size=4).map(lambda dims: "[" + ", ".join(map(str, dims)) + "]"),
    st.sampled_from(["3", "None", "'x'", "(3.5,)", "((2, 3),)", "()", "(None,)",
                     "model.output_shape", "x.shape", "x.shape[1:]", "(None,) + (4,)",
                     "(8,) * 3", "tuple(range(3))", "x_train.shape[1:]", "base.input_shape"]))
_LAYER_KW = ["units", "filters", "kernel_size", "axis", "axes", "pool_size", "rate",
             "activation", "padding", "strides", "return_sequences", "input_shape",
             "input_dim", "output_dim", "input_length", "name", "dtype", "target_shape",
             "dims", "n", "size", "cropping", "normalize", "trainable", "data_format",
             "weights", "include_top", "layer", "function", "output_shape", "mask_zero",
             "use_bias", "epsilon", "momentum", "dilation_rate", "groups", "depth_multiplier"]
_ALL_LAYERS = ["Dense", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D",
               "DepthwiseConv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling2D",
               "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
               "Flatten", "Reshape", "Permute", "RepeatVector", "Dropout", "SpatialDropout2D",
               "BatchNormalization", "LayerNormalization", "UnitNormalization", "Activation",
               "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "LSTM", "GRU", "SimpleRNN",
               "Bidirectional", "TimeDistributed", "Embedding", "Masking", "Lambda",
               "Concatenate", "Subtract", "Add", "Multiply", "Average", "Maximum", "Minimum",
               "Dot", "concatenate", "subtract", "add", "dot", "multiply", "Cropping2D",
               "ZeroPadding2D", "UpSampling2D", "Resizing", "Rescaling", "CenterCrop",
               "Normalization", "InputLayer", "Identity", "GaussianNoise", "Wrapper",
               "NotAKerasLayer"]
_APPS = ["MobileNetV2", "ResNet50", "VGG16", "EfficientNetB0", "InceptionV3", "Xception",
         "DenseNet121", "ConvNeXtTiny", "NASNetMobile", "NotAnApplication"]
_NAMES = ["x", "y", "a", "b", "t", "m", "base", "model", "layer", "enc", "inp", "out", "d",
          "x_train", "emb", "arr", "loss", "dist"]


class _Chaos:
    def __init__(self, draw, w: Writer) -> None:
        self.draw, self.w = draw, w
        self.defined: list[str] = []

    def name(self) -> str:
        d = self.draw
        if self.defined and d(st.integers(0, 3)):
            return d(st.sampled_from(self.defined))
        return d(st.sampled_from(_NAMES))

    def new_name(self) -> str:
        name = self.draw(st.sampled_from(_NAMES))
        self.defined.append(name)
        return name

    def value(self, depth: int) -> str:
        d = self.draw
        pick = d(st.integers(0, 9 if depth < 3 else 3))
        if pick == 0:
            return str(d(_SCALARS))
        if pick == 1:
            return d(_SHAPES)
        if pick in (2, 3):
            return self.name()
        if pick == 4:
            return self.layer(depth + 1)
        if pick == 5:
            return f"{self.w.Input}(shape={d(_SHAPES)})"
        if pick == 6:
            return f"[{self.value(depth + 1)}, {self.value(depth + 1)}]"
        if pick == 7:
            op = d(st.sampled_from(["-", "+", "*", "/", "@", "**", "//", "%"]))
            return f"({self.value(depth + 1)} {op} {self.value(depth + 1)})"
        if pick == 8:
            attr = d(st.sampled_from(["shape", "output_shape", "input_shape", "layers",
                                      "output", "input", "dtype", "trainable", "outputs",
                                      "inputs", "T", "ndim"]))
            return f"{self.name()}.{attr}"
        return f"{self.name()}({self.args(depth + 1)})"

    def args(self, depth: int) -> str:
        d = self.draw
        parts = [self.value(depth) for _ in range(d(st.integers(0, 2)))]
        for kw in d(st.lists(st.sampled_from(_LAYER_KW), max_size=3, unique=True)):
            parts.append(f"{kw}={self.value(depth)}")
        if d(st.integers(0, 9)) == 0:
            parts.append(f"*{self.name()}")
        if d(st.integers(0, 9)) == 0:
            parts.append(f"**{self.name()}")
        return ", ".join(parts)

    def layer(self, depth: int) -> str:
        return f"{self.w.layer(self.draw(st.sampled_from(_ALL_LAYERS)))}({self.args(depth)})"

    def statement(self, depth: int) -> list[str]:
        d, w = self.draw, self.w
        kinds = ["assign_input", "assign_layer", "call", "merge", "model", "sequential",
                 "arith", "numpy", "compile", "fit", "trainable", "application", "expr",
                 "distance", "noqa", "augassign", "unpack", "subscript"]
        if depth < 2:
            kinds += ["def", "if", "for", "class", "with", "try", "loss", "lambda_layer"]
        kind = d(st.sampled_from(kinds))
        if kind == "assign_input":
            dtype = d(st.sampled_from(["", ", dtype='float64'", ", dtype='int32'", ", dtype=np.float64",
                                       ", batch_size=4", ", name='in'", ", sparse=True"]))
            return [f"{self.new_name()} = {w.Input}(shape={d(_SHAPES)}{dtype})"]
        if kind == "assign_layer":
            return [f"{self.new_name()} = {self.layer(depth)}"]
        if kind == "call":
            return [f"{self.new_name()} = {self.name()}({self.value(depth)})"]
        if kind == "merge":
            layer = d(st.sampled_from(["Concatenate", "Subtract", "Dot", "Add", "Multiply",
                                       "Average", "concatenate", "subtract", "dot"]))
            kw = d(st.sampled_from(["", "axis=-1", "axis=1", "axis=0", "axis=2", "axes=1",
                                    "axes=(1, 2)", "axes=-1", "normalize=True"]))
            if layer.islower():
                return [f"{self.new_name()} = {w.layer(layer)}([{self.name()}, {self.name()}]"
                        + (f", {kw}" if kw else "") + ")"]
            return [f"{self.new_name()} = {w.layer(layer)}({kw})([{self.name()}, {self.name()}])"]
        if kind == "model":
            return [f"{self.new_name()} = {w.Model}({self.value(depth)}, {self.value(depth)})"]
        if kind == "sequential":
            items = ", ".join(self.layer(depth + 1) for _ in range(d(st.integers(0, 3))))
            return [f"{self.new_name()} = {w.Sequential}([{items}])"]
        if kind == "arith":
            op = d(st.sampled_from(["-", "+", "*", "/", "@"]))
            return [f"{self.new_name()} = {self.name()} {op} {self.name()}"]
        if kind == "numpy":
            fn = d(st.sampled_from(["ones", "zeros", "random.rand", "array", "empty",
                                    "random.random", "asarray", "stack", "concatenate"]))
            dtype = d(st.sampled_from(["", ", dtype='float64'", ", dtype=np.float32", ", dtype=int"]))
            if fn == "random.rand":
                args = [str(n) for n in d(st.lists(st.integers(0, 9), max_size=4))]
            else:
                args = [d(_SHAPES)] + ([dtype.lstrip(", ")] if dtype else [])
            astype = d(st.sampled_from(["", ".astype('float64')", ".astype(np.float32)", ".reshape(-1)",
                                        "[0]", "[:, None]", ".T"]))
            return [f"{self.new_name()} = {w.np}.{fn}({', '.join(args)}){astype}"]
        if kind == "compile":
            loss = d(st.sampled_from(["'binary_crossentropy'", "'mse'", "contrastive_loss",
                                      "loss", "'contrastive'", "None"]))
            metrics = d(st.sampled_from(["", ", metrics=['accuracy']", ", metrics=['acc', 'mae']"]))
            return [f"{self.name()}.compile(optimizer='adam', loss={loss}{metrics})"]
        if kind == "fit":
            method = d(st.sampled_from(["fit", "predict", "evaluate", "train_on_batch"]))
            return [f"{self.name()}.{method}([{self.name()}, {self.name()}], {self.value(depth)})"]
        if kind == "trainable":
            target = d(st.sampled_from([self.name(), f"{self.name()}.layers[0]",
                                        f"{self.name()}.layers[-2]"]))
            return [f"{target}.trainable = {d(st.sampled_from(['False', 'True', 'flag']))}"]
        if kind == "application":
            app = d(st.sampled_from(_APPS))
            prefix = "keras" if w.style in ("keras", "from_tf", "tf_keras", "from_keras",
                                            "from_layers", "from_layers_as", "star") else \
                ("tf.keras" if w.style in ("tf", "from_tf_layers") else w.alias)
            if w.style in ("from_keras", "from_layers", "from_layers_as", "star"):
                return [f"import keras", f"{self.new_name()} = {prefix}.applications.{app}({self.args(depth)})"]
            return [f"{self.new_name()} = {prefix}.applications.{app}({self.args(depth)})"]
        if kind == "expr":
            return [self.value(depth)]
        if kind == "distance":
            fn = d(st.sampled_from(["abs", "sqrt", "square", "sum", "mean"]))
            return [f"{self.new_name()} = {w.op(fn)}({self.name()} - {self.name()})"]
        if kind == "noqa":
            comment = d(st.sampled_from(["# noqa", "# noqa: SL101", "# noqa: SL101, SL103",
                                         "# noqa: XYZ999", "# siamlint: noqa", "# noqa:SL201",
                                         "# NOQA", "# noqa: branch-input-shape-mismatch"]))
            return [f"{self.new_name()} = {self.value(depth)}  {comment}"]
        if kind == "augassign":
            return [f"{self.name()} {d(st.sampled_from(['+=', '-=', '*=', '/=']))} {self.value(depth)}"]
        if kind == "unpack":
            return [f"{self.new_name()}, {self.new_name()} = {self.value(depth)}"]
        if kind == "subscript":
            return [f"{self.new_name()} = {self.name()}[{d(st.sampled_from(['0', '-1', '1:', ':, 0', '...', 'None', ':']))}]"]
        if kind == "lambda_layer":
            body = d(st.sampled_from(["t[0] - t[1]", "abs(t[0] - t[1])", "t", "t[0]",
                                      f"{w.op('sqrt')}({w.op('sum')}({w.op('square')}(t[0] - t[1]), axis=1))"]))
            return [f"{self.new_name()} = {w.layer('Lambda')}(lambda t: {body})([{self.name()}, {self.name()}])"]
        body = self.block(depth + 1)
        if kind == "def":
            fname = d(st.sampled_from(["make_tower", "build", "encoder", "factory", "f", "g"]))
            params = d(st.sampled_from(["", "x", "x, y", "shape=(8,)", "x, units=4", "*args, **kwargs",
                                        f"x, layer={w.layer('Dense')}(3)"]))
            deco = d(st.sampled_from(["", "@staticmethod", "@functools.lru_cache", "@tf.function"]))
            self.defined.append(fname)
            ret = [f"    return {self.value(depth)}"] if d(st.booleans()) else []
            return ([deco] if deco else []) + [f"def {fname}({params}):"] + self.indent(body) + ret
        if kind == "if":
            cond = d(st.sampled_from(["True", "False", "x", "__name__ == '__main__'", "flag",
                                      "len(x) > 2"]))
            out = [f"if {cond}:"] + self.indent(body)
            if d(st.booleans()):
                out += ["else:"] + self.indent(self.block(depth + 1))
            return out
        if kind == "for":
            it = d(st.sampled_from(["range(3)", f"{self.name()}.layers", f"{self.name()}.layers[:-4]",
                                    f"enumerate({self.name()}.layers)", "[1, 2]", "x"]))
            target = d(st.sampled_from(["layer", "i", "i, layer", "_"]))
            return [f"for {target} in {it}:"] + self.indent(body)
        if kind == "class":
            base = d(st.sampled_from(["", f"({w.Model})", f"({w.layer('Layer')})", "(object)"]))
            method = d(st.sampled_from(["__init__(self)", "call(self, inputs)",
                                        "build(self, input_shape)", "__call__(self, x)"]))
            return [f"class Net{len(self.defined)}{base}:", f"    def {method}:"] + \
                self.indent(self.indent(body))
        if kind == "with":
            manager = d(st.sampled_from(["tf.device('/cpu:0')", "strategy.scope()", "open('f')"]))
            return [f"with {manager}:"] + self.indent(body)
        if kind == "try":
            return ["try:"] + self.indent(body) + ["except Exception:", "    pass"]
        if kind == "loss":
            name = d(st.sampled_from(["contrastive_loss", "loss", "my_loss"]))
            self.defined.append(name)
            return [f"def {name}(y_true, y_pred, margin=1.0):",
                    f"    square_pred = {w.op('square')}(y_pred)",
                    f"    margin_square = {w.op('square')}({w.op('maximum')}(margin - y_pred, 0))",
                    f"    return {w.op('mean')}(y_true * square_pred + (1 - y_true) * margin_square)"]
        raise ValueError(kind)

    def block(self, depth: int) -> list[str]:
        out = []
        for _ in range(self.draw(st.integers(1, 3))):
            out += self.statement(depth)
        return out

    @staticmethod
    def indent(lines: list[str]) -> list[str]:
        return ["    " + line for line in lines]


@st.composite
def chaos_programs(draw, styles=tuple(STYLES), max_statements: int = 12):
    """Valid Python that uses Keras names in odd and broken ways (never run; for 'no crash')."""
    style = draw(st.sampled_from(styles))
    w = Writer(style, alias=draw(st.sampled_from(["kr", "K", "keras3"])),
               prefix=draw(st.sampled_from(["My", "L_"])))
    chaos = _Chaos(draw, w)
    w.need_np = True  # the shape and dtype values mention np.* freely
    if style not in ("tf", "from_tf", "from_tf_layers"):
        w.emit("import tensorflow as tf") if draw(st.booleans()) else w.emit("tf = None")
    for _ in range(draw(st.integers(1, max_statements))):
        for line in chaos.statement(0):
            w.emit(line)
    return w.finish(kind="chaos")


def keras_programs(styles=tuple(STYLES)):
    return st.one_of(siamese_programs(styles=styles), chaos_programs(styles=styles))


# ----------------------------------------------------------------------------- near-Python
_SNIPPETS = ["(", ")", "[", "]", "{", "}", ":", ",", "\n", "    ", "\t", "\\\n", "'", '"',
             "'''", '"""', "f'", "f\"{", "#", "# noqa", "lambda", "def ", "class ", "import ",
             "keras", ".", "=", "==", "->", "@", "*", "**", "\r", "\r\n", "\x0c", "é", "\u2028",
             "\ufeff", "async ", "await ", "yield", "match ", "case ", "0x", "1e", "_", "\\",
             "if ", "else", "return"]


@st.composite
def mutated(draw, base=None):
    """Near-Python: a generated program (or `base`) with a few random edits."""
    source = draw(keras_programs().map(lambda p: p.source)) if base is None else base
    for _ in range(draw(st.integers(1, 4))):
        if not source:
            source = draw(st.sampled_from(_SNIPPETS))
            continue
        at = draw(st.integers(0, len(source)))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        if edit == "insert":
            source = source[:at] + draw(st.sampled_from(_SNIPPETS)) + source[at:]
        elif edit == "delete":
            end = min(len(source), at + draw(st.integers(1, 8)))
            source = source[:at] + source[end:]
        elif edit == "replace" and at < len(source):
            source = source[:at] + draw(st.sampled_from(_SNIPPETS)) + source[at + 1:]
        else:
            end = min(len(source), at + draw(st.integers(1, 40)))
            source = source[:end] + source[at:end] + source[end:]
    return source


token_soup = st.lists(st.sampled_from(_SNIPPETS), max_size=40).map("".join)
