"""The abstract interpreter, per value kind: constants, dtypes, NumPy arrays, tensors, layers
and models, control flow, inlining, and the Facts it records (with their source lines).

Tests marked xfail(strict=True) are known interpreter bugs: each reason says what is wrong.
"""
from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from siamlint.analysis import analyze
from siamlint.analysis.interpreter import Interpreter, Scope, interpret
from siamlint.analysis.pairs import pairs
from siamlint.analysis.values import (
    UNKNOWN,
    Array,
    DType,
    FullShape,
    Layer,
    LayerSlice,
    Model,
    Tensor,
)

N = None
TF = "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n" \
     "from tensorflow.keras import layers\nfrom tensorflow.keras import backend as K\n"


def _dedent(source: str) -> str:
    if source.startswith(TF):
        return TF + textwrap.dedent(source[len(TF):])
    return textwrap.dedent(source)


def run(source: str):
    """Evaluate a module body; return its top-level names and the Facts recorded."""
    module = cst.parse_module(_dedent(source))
    interp = Interpreter(module)
    scope = Scope()
    interp.exec_block(module.body, scope)
    return scope.vars, interp.facts


def names(source: str):
    return run(source)[0]


def facts_of(source: str):
    """The whole pipeline (module, then uncalled functions) with positions attached."""
    source = _dedent(source)
    return analyze(cst.parse_module(source), source)


def shape(value):
    assert isinstance(value, (Tensor, Array)), value
    return value.shape


def dtype(value):
    assert isinstance(value, (Tensor, Array)), value
    return value.dtype


# ------------------------------------------------------------ constant folding

class TestConstants:
    def test_module_constants_in_a_shape(self):
        v = names("IMG = 64\nshape = (IMG, IMG, 3)\n")
        assert v["shape"] == (64, 64, 3)

    def test_tuple_repetition_and_concatenation(self):
        v = names("IMG = 64\nshape = (IMG,) * 2 + (3,)\nalso = 2 * (IMG,) + (1,)\n")
        assert v["shape"] == (64, 64, 3)
        assert v["also"] == (64, 64, 1)

    def test_arithmetic(self):
        v = names("a = 7 // 2\nb = 2 ** 3\nc = 10 / 4\nd = -3\ne = 7 % 4\nf = 1_000\ng = 0x10\n")
        assert (v["a"], v["b"], v["c"], v["d"], v["e"], v["f"], v["g"]) == (3, 8, 2.5, -3, 3, 1000, 16)

    def test_division_by_zero_is_unknown(self):
        assert names("a = 1 / 0\n")["a"] is UNKNOWN

    def test_strings(self):
        v = names('a = "float" + "32"\nb = "a" "b"\n')
        assert v["a"] == "float32"
        assert v["b"] == "ab"

    def test_lists_and_dicts(self):
        v = names('lst = [1, 2]\nlst.append(3)\nd = {"a": 1}\nd["b"] = 2\ng = d.get("b")\n'
                  'h = d["a"]\n')
        assert v["lst"] == [1, 2, 3]
        assert v["g"] == 2
        assert v["h"] == 1

    def test_indexing_and_slicing(self):
        v = names("t = (1, 2, 3)\na = t[0]\nb = t[1:]\nc = t[-1]\nd = t[7]\n")
        assert (v["a"], v["b"], v["c"]) == (1, (2, 3), 3)
        assert v["d"] is UNKNOWN

    def test_len(self):
        assert names("n = len((1, 2, 3))\n")["n"] == 3

    def test_starred_tuple(self):
        assert names("base = (28, 28)\nshape = (*base, 1)\n")["shape"] == (28, 28, 1)

    def test_conditional_expression(self):
        v = names("a = 1 if cond else 1\nb = 1 if cond else 2\nc = 1 if True else 2\n")
        assert v["a"] == 1
        assert v["b"] is UNKNOWN
        assert v["c"] == 1

    def test_unknown_names_and_calls_stay_unknown(self):
        v = names("import argparse\nargs = parser.parse_args()\nsize = args.size\n"
                  "shape = (size, size, 3)\n")
        assert v["size"] is UNKNOWN
        assert v["shape"] == (UNKNOWN, UNKNOWN, 3)


class TestFunctionsAndArguments:
    def test_defaults_and_keywords(self):
        v = names("""
            def f(x, n=3, *, k=2):
                return (x, n, k)
            a = f(1)
            b = f(1, k=5)
            c = f(1, 7)
            d = f(x=2)
        """)
        assert v["a"] == (1, 3, 2)
        assert v["b"] == (1, 3, 5)
        assert v["c"] == (1, 7, 2)
        assert v["d"] == (2, 3, 2)

    def test_defaults_are_evaluated_where_the_function_is_defined(self):
        v = names("""
            N = 3
            def f(n=N):
                return n
            N = 5
            r = f()
        """)
        assert v["r"] == 3

    def test_star_args(self):
        v = names("""
            def f(a, b=2, *args, c=3, **kw):
                return (a, b, args, c)
            r = f(1, 5, 6, 7, c=9, z=1)
        """)
        assert v["r"] == (1, 5, (6, 7), 9)

    def test_lambda(self):
        v = names("g = lambda s, k=2: s * k\na = g(3)\nb = g(3, k=4)\n")
        assert (v["a"], v["b"]) == (6, 12)

    def test_closure_sees_the_enclosing_call(self):
        v = names("""
            def outer(m=1):
                def inner(x):
                    return x + m
                return inner
            f = outer(m=10)
            r = f(5)
        """)
        assert v["r"] == 15

    def test_a_function_returning_different_values_is_unknown(self):
        v = names("""
            def f(flag):
                if flag:
                    return 1
                return 2
            r = f(unknown_flag)
        """)
        assert v["r"] is UNKNOWN

    def test_one_line_function_body(self):
        v = names("def one(x): return x\nr = one(4)\nif True: t = 5\n")
        assert v["r"] == 4
        assert v["t"] == 5


class TestBinding:
    def test_tuple_unpacking(self):
        v = names("a, b = 1, 2\n(c, d), e = (1, 2), 3\n[f, g] = [4, 5]\n")
        assert (v["a"], v["b"], v["c"], v["d"], v["e"], v["f"], v["g"]) == (1, 2, 1, 2, 3, 4, 5)

    def test_unpacking_that_does_not_fit_is_unknown(self):
        v = names("a, *b = (1, 2, 3)\nc, d = (1, 2, 3)\ne, f = something()\n")
        assert all(v[k] is UNKNOWN for k in "abcdef")

    def test_augmented_assignment(self):
        v = names("h = 1\nh += 4\nshape = (28,)\nshape += (1,)\nk = 10\nk //= 3\nm = 2\nm **= 3\n")
        assert v["h"] == 5
        assert v["shape"] == (28, 1)
        assert v["k"] == 3
        assert v["m"] == 8

    def test_annotated_assignment(self):
        assert names("x: int = 3\ny: int\n")["x"] == 3

    def test_chained_assignment(self):
        v = names("a = b = (8,)\n")
        assert v["a"] == v["b"] == (8,)


class TestControlFlow:
    def test_if_else_binding_different_values_makes_the_name_unknown(self):
        v = names("if cond:\n    z = 1\nelse:\n    z = 2\n")
        assert v["z"] is UNKNOWN

    def test_if_else_binding_the_same_value_keeps_it(self):
        v = names("y = 7\nif cond:\n    y = 7\n")
        assert v["y"] == 7

    def test_if_binding_only_one_branch_is_unknown(self):
        v = names("x = 1\nif cond:\n    x = 2\nif cond:\n    only = 1\n")
        assert v["x"] is UNKNOWN
        assert v["only"] is UNKNOWN

    def test_constant_conditions_pick_their_branch(self):
        v = names("DEBUG = False\nif DEBUG:\n    s = 1\nelse:\n    s = 2\n"
                  "if True:\n    t = 3\nelse:\n    t = 4\n")
        assert v["s"] == 2
        assert v["t"] == 3

    def test_elif_chain(self):
        v = names("if a:\n    s = 1\nelif b:\n    s = 2\nelse:\n    s = 3\n")
        assert v["s"] is UNKNOWN

    def test_main_guard_runs(self):
        v = names('if __name__ == "__main__":\n    s = 5\n')
        assert v["s"] == 5

    def test_loops_make_what_they_assign_unknown(self):
        v = names("""
            n = 0
            for i in range(3):
                n += 1
            k = 5
            while cond:
                k = k + 1
            kept = 1
            for j in items:
                pass
        """)
        assert v["n"] is UNKNOWN
        assert v["i"] is UNKNOWN
        assert v["k"] is UNKNOWN
        assert v["kept"] == 1

    def test_loop_building_layers_leaves_the_tensor_unknown(self):
        v = names(TF + """
            x = keras.Input((4,))
            h = x
            for units in (64, 32):
                h = layers.Dense(units)(h)
        """)
        assert v["h"] is UNKNOWN
        assert v["x"].shape == (N, 4)

    def test_with_and_try(self):
        v = names("""
            with strategy.scope() as s:
                w = 4
            try:
                t = 1
            except Exception:
                t = 2
            try:
                t2 = 1
            except Exception:
                pass
        """)
        assert v["w"] == 4
        assert v["s"] is UNKNOWN
        assert v["t"] is UNKNOWN
        assert v["t2"] == 1


class TestRecursion:
    def test_mutual_recursion_terminates(self):
        v = names("""
            def a(n):
                return b(n)
            def b(n):
                return a(n)
            r = a(3)
        """)
        assert v["r"] is UNKNOWN

    def test_self_recursion_terminates(self):
        v = names("""
            def fact(n):
                if n == 0:
                    return 1
                return n * fact(n - 1)
            q = fact(4)
        """)
        assert v["q"] is UNKNOWN

    def test_deep_call_chains_are_cut(self):
        chain = "def chain0(v):\n    return v\n" + "".join(
            f"def chain{i}(v):\n    return chain{i - 1}(v)\n" for i in range(1, 30))
        v = names(chain + "deep = chain29(5)\nshallow = chain3(5)\n")
        assert v["deep"] is UNKNOWN
        assert v["shallow"] == 5

    def test_recursive_tower_builder_and_method(self):
        facts = facts_of(TF + """
            def block(x, depth):
                x = layers.Dense(8)(x)
                return block(x, depth - 1)
            class Net(keras.Model):
                def call(self, x):
                    return self.call(x)
            out = block(keras.Input((4,)), 3)
            m = Net()
            y = m(keras.Input((4,)))
        """)
        assert len(facts.inputs) == 2

    def test_mutually_recursive_uncalled_functions(self):
        facts = facts_of("def a():\n    return b()\ndef b():\n    return a()\n")
        assert facts.limits == []


# ---------------------------------------------------------------------- dtypes

class TestDTypes:
    @pytest.mark.parametrize("expr, expected", [
        ("np.float32", DType("float32")),
        ("np.float64", DType("float64")),
        ("tf.float64", DType("float64")),
        ("tf.float16", DType("float16")),
        ("np.dtype('float32')", DType("float32")),
        ("np.dtype(np.float64)", DType("float64")),
        ("K.floatx()", "float32"),
        ("keras.backend.floatx()", "float32"),
        ("'float32'", "float32"),
    ])
    def test_dtype_spellings(self, expr, expected):
        assert names(TF + f"d = {expr}\n")["d"] == expected

    @pytest.mark.parametrize("dtype_expr, expected", [
        ("np.float32", "float32"),
        ("tf.float64", "float64"),
        ("'float16'", "float16"),
        ("np.dtype('float64')", "float64"),
        ("K.floatx()", "float32"),
        ("'double'", "float64"),
    ])
    def test_input_dtype(self, dtype_expr, expected):
        v, facts = run(TF + f"x = keras.Input((3,), dtype={dtype_expr})\n")
        assert dtype(v["x"]) == expected
        assert facts.inputs[0].dtype == expected
        assert facts.inputs[0].dtype_explicit

    def test_input_default_dtype(self):
        v, facts = run(TF + "x = keras.Input((3,))\n")
        assert dtype(v["x"]) == "float32"
        assert not facts.inputs[0].dtype_explicit

    @pytest.mark.parametrize("cast, expected", [
        ("tf.cast(t, tf.float64)", "float64"),
        ("tf.cast(t, dtype='float16')", "float16"),
        ("K.cast(t, 'float16')", "float16"),
        ("K.cast(t, K.floatx())", "float32"),
        ("keras.ops.cast(t, 'int32')", "int32"),
        ("tf.dtypes.cast(t, tf.dtypes.float16)", "float16"),
        ("tf.experimental.numpy.asarray(t)", None),  # not modelled: unknown, never wrong
    ])
    def test_casts_of_tensors(self, cast, expected):
        v = names(TF + f"t = keras.Input((4,), dtype='float64')\nc = {cast}\n")
        if expected is None:
            assert not isinstance(v["c"], Tensor) or v["c"].dtype in (None, "float64")
        else:
            assert shape(v["c"]) == (N, 4)
            assert dtype(v["c"]) == expected

    def test_ops_cast_through_from_import(self):
        v = names("from keras import ops, Input\nt = Input((4,))\nc = ops.cast(t, 'float16')\n")
        assert dtype(v["c"]) == "float16"

    def test_astype(self):
        v = names(TF + "a = np.ones((3, 4))\nb = a.astype(np.float32)\nc = a.astype('float16')\n"
                       "d = a.astype(tf.float64)\n")
        assert (shape(v["b"]), dtype(v["b"])) == ((3, 4), "float32")
        assert dtype(v["c"]) == "float16"
        assert dtype(v["d"]) == "float64"

    def test_cast_of_an_array_is_a_tensor(self):
        v = names(TF + "a = np.ones((3, 4))\nt = tf.cast(a, tf.float32)\n")
        assert isinstance(v["t"], Tensor)
        assert (shape(v["t"]), dtype(v["t"])) == ((3, 4), "float32")

    def test_numpy_promotion(self):
        v = names(TF + """
            a = np.ones((2, 3), dtype="int32") * 0.5
            b = np.ones((2, 3), dtype="float32") + np.ones((2, 3))
            c = np.ones((2, 3), dtype="int32") + np.ones((2, 3), dtype="int64")
            d = np.ones((2, 3), dtype="float32") * 2
        """)
        assert dtype(v["a"]) == "float64"
        assert dtype(v["b"]) == "float64"
        assert dtype(v["c"]) == "int64"
        assert dtype(v["d"]) == "float32"

    def test_eager_float64_meeting_a_float32_tensor_is_recorded(self):
        _, facts = run(TF + """
            eager = tf.constant([[1.0, 2.0, 3.0]], dtype=tf.float64)
            mix = eager + keras.Input((3,))
        """)
        (arith,) = facts.arith
        assert arith.op == "add"
        assert {arith.left.dtype, arith.right.dtype} == {"float32", "float64"}

    def test_same_dtypes_record_no_arith(self):
        _, facts = run(TF + "eager = tf.constant([[1.0, 2.0, 3.0]])\nmix = eager + keras.Input((3,))\n")
        assert facts.arith == []

    def test_python_literals_become_float32_and_int32_tensors(self):
        v = names(TF + "c = tf.constant([1.0, 2.0])\ni = tf.constant([1, 2])\n")
        assert (shape(v["c"]), dtype(v["c"])) == ((2,), "float32")
        assert dtype(v["i"]) == "int32"

    def test_layers_cast_to_their_dtype(self):
        v = names(TF + """
            a = keras.Input((4,), dtype="float64")
            b = layers.Dense(3)(a)
            c = layers.Dense(3, dtype="float64")(keras.Input((4,)))
        """)
        assert dtype(v["b"]) == "float32"
        assert dtype(v["c"]) == "float64"

    def test_mixed_precision_policy_is_not_float32(self):
        v = names(TF + "d = layers.Dense(3, dtype='mixed_float16')(keras.Input((4,)))\n")
        assert dtype(v["d"]) in (None, "float16")


# ------------------------------------------------------------------ NumPy arrays

class TestArrays:
    @pytest.mark.parametrize("expr, expected_shape, expected_dtype", [
        ("np.zeros((10, 28, 28, 1), dtype=np.float32)", (10, 28, 28, 1), "float32"),
        ("np.zeros(5, np.float32)", (5,), "float32"),
        ("np.ones((3, 4))", (3, 4), "float64"),
        ("np.empty((3,), dtype=np.int32)", (3,), "int32"),
        ("np.full((2, 2), 7.0)", (2, 2), "float64"),
        ("np.random.rand(10, 28, 28, 1)", (10, 28, 28, 1), "float64"),
        ("np.random.random((10, 5))", (10, 5), "float64"),
        ("np.random.randint(0, 2, size=(10,))", (10,), "int64"),
        ("np.random.normal(0, 1, (4, 3))", (4, 3), "float64"),
        ("np.array([[1, 2], [3, 4]])", (2, 2), "int64"),
        ("np.array([[1.0, 2], [3, 4]], dtype=np.float32)", (2, 2), "float32"),
        ("np.array([1, 2, 3])", (3,), "int64"),
        ("np.array([0.5, 1])", (2,), "float64"),
        ("np.asarray([1, 2], dtype='float32')", (2,), "float32"),
    ])
    def test_creation(self, expr, expected_shape, expected_dtype):
        v, facts = run(TF + f"a = {expr}\n")
        assert isinstance(v["a"], Array)
        assert (shape(v["a"]), dtype(v["a"])) == (expected_shape, expected_dtype)
        assert v["a"] in facts.arrays

    def test_ragged_literal_is_an_array_of_unknown_shape(self):
        a = names(TF + "a = np.array([[1, 2], [3]])\n")["a"]
        assert isinstance(a, Array) and a.shape is None and a.dtype is None

    def test_unknown_contents_keep_the_declared_dtype(self):
        src = TF + "a = np.array(load(), dtype='float32')\nb = np.array(load()).astype('float32')\n"
        bound = names(src)
        assert bound["a"].dtype == "float32" and bound["b"].dtype == "float32"

    def test_shape_slicing_of_a_known_array(self):
        v = names(TF + """
            x_train = np.zeros((100, 28, 28, 1))
            s = x_train.shape[1:]
            n = x_train.shape[0]
            full = x_train.shape
            nd = x_train.ndim
            count = len(x_train)
        """)
        assert v["s"] == (28, 28, 1) and type(v["s"]) is tuple
        assert v["n"] == 100
        assert isinstance(v["full"], FullShape) and v["full"] == (100, 28, 28, 1)
        assert v["nd"] == 4
        assert v["count"] == 100

    @pytest.mark.parametrize("expr, expected", [
        ("np.zeros((6, 4)).reshape(2, 3, 4)", (2, 3, 4)),
        ("np.zeros((6, 4)).reshape((-1, 2, 2))", (6, 2, 2)),
        ("np.zeros((6, 4)).reshape(-1, 24)", (1, 24)),
        ("np.expand_dims(np.zeros((5, 28, 28)), -1)", (5, 28, 28, 1)),
        ("np.expand_dims(np.zeros((28, 28)), axis=0)", (1, 28, 28)),
        ("np.zeros((28, 28))[None, ...]", (1, 28, 28)),
        ("np.zeros((28, 28))[None]", (1, 28, 28)),
        ("np.zeros((5, 28, 28))[:, :, :, None]", (5, 28, 28, 1)),
        ("np.zeros((5, 28, 28))[0]", (28, 28)),
        ("np.zeros((5, 28, 28))[:3]", (None, 28, 28)),
        ("np.stack([np.zeros((28, 28)), np.zeros((28, 28))])", (2, 28, 28)),
        ("np.zeros((3, 4)).T", (4, 3)),
        ("np.zeros((3, 4)).copy()", (3, 4)),
    ])
    def test_shape_transformations(self, expr, expected):
        assert shape(names(TF + f"a = {expr}\n")["a"]) == expected

    def test_ellipsis_then_new_axis(self):
        assert shape(names(TF + "a = np.zeros((5, 28, 28))[..., None]\n")["a"]) == (5, 28, 28, 1)

    def test_ellipsis_then_new_axis_is_never_a_wrong_rank_four_layout(self):
        # whatever the interpreter answers, the channel axis must not land in the middle
        a = names(TF + "a = np.zeros((5, 28, 28))[..., None]\n")["a"]
        assert isinstance(a, Array)

    def test_mnist_preprocessing_chain(self):
        a = names(TF + "x = np.zeros((600, 784), dtype='uint8')\n"
                       "a = x.reshape(-1, 28, 28, 1).astype('float32') / 255\n")["a"]
        assert (shape(a), dtype(a)) == ((600, 28, 28, 1), "float32")

    def test_loaded_data_is_unknown(self):
        v = names(TF + "(xt, yt), (xv, yv) = keras.datasets.mnist.load_data()\n"
                       "x4 = xt.reshape(-1, 28, 28, 1)\n")
        assert v["xt"] is UNKNOWN and v["x4"] is UNKNOWN

    def test_np_newaxis(self):
        v = names(TF + "a = np.zeros((5, 28, 28))[:, np.newaxis]\n")
        assert shape(v["a"]) == (5, 1, 28, 28)

    def test_np_concatenate_is_an_array(self):
        v = names(TF + "z = np.concatenate([np.zeros((3, 4)), np.zeros((2, 4))])\n")
        assert isinstance(v["z"], Array) and shape(v["z"]) == (5, 4)

    @pytest.mark.parametrize("expr, expected", [
        ("np.zeros((5, 28, 28), dtype='uint8') / 255", "float64"),
        ("np.zeros((5, 28, 28), dtype='uint8') / 255.0", "float64"),
        ("np.zeros((5, 28, 28), dtype='float32') / 255", "float32"),
        ("np.zeros((5, 28, 28), dtype='float32') / 255.0", "float32"),
        ("np.zeros((5, 28, 28), dtype='uint8').astype('float32') / 255.0", "float32"),
    ])
    def test_scaling(self, expr, expected):
        a = names(TF + f"a = {expr}\n")["a"]
        assert (shape(a), dtype(a)) == ((5, 28, 28), expected)

    def test_stack_on_another_axis_is_unknown_not_wrong(self):
        a = names(TF + "a = np.stack([np.zeros((10, 8)), np.zeros((10, 8))], axis=1)\n")["a"]
        assert a is UNKNOWN or shape(a) == (10, 2, 8)

    def test_pad_sequences(self):
        v = names("from keras.preprocessing.sequence import pad_sequences\n"
                  "a = pad_sequences([[1, 2], [3]], maxlen=10)\n")
        assert (shape(v["a"]), dtype(v["a"]), v["a"].maxlen) == ((2, 10), "int32", 10)


# ------------------------------------------------------------- tensors and ops

class TestTensors:
    def test_input_shapes(self):
        v, facts = run(TF + """
            x_train = np.zeros((100, 28, 28, 1))
            i1 = keras.Input(shape=(28, 28, 1), name="img")
            i2 = keras.Input((10,))
            i3 = keras.Input(10)
            i4 = keras.Input(batch_shape=(32, 10))
            i5 = keras.Input(shape=x_train.shape[1:])
            i6 = layers.Input(shape=(x_train.shape[1],))
            i7 = keras.Input(shape=(None, 3))
        """)
        assert shape(v["i1"]) == (N, 28, 28, 1)
        assert shape(v["i2"]) == (N, 10)
        assert shape(v["i3"]) == (N, 10)
        assert shape(v["i4"]) == (32, 10)
        assert shape(v["i5"]) == (N, 28, 28, 1)
        assert shape(v["i6"]) == (N, 28)
        assert shape(v["i7"]) == (N, N, 3)
        assert [f.name for f in facts.inputs] == ["i1", "i2", "i3", "i4", "i5", "i6", "i7"]
        assert facts.inputs[0].declared == (28, 28, 1)
        assert all(f.tensor.sources == frozenset([f.tensor]) for f in facts.inputs)

    def test_input_given_the_full_array_shape(self):
        v, facts = run(TF + "x = np.zeros((100, 28, 28, 1))\ni = keras.Input(shape=x.shape)\n")
        (fact,) = facts.inputs
        assert fact.batch_in_shape
        assert fact.declared == (100, 28, 28, 1)
        assert v["i"].shape is None  # never a made-up shape

    def test_unknown_input_shape(self):
        v, facts = run(TF + "i = keras.Input(shape=args.shape)\n")
        assert v["i"].shape is None
        assert facts.inputs[0].declared is UNKNOWN

    def test_tensor_shape_slicing(self):
        v = names(TF + "t = keras.Input((5, 7))\na = t.shape[1:]\nb = K.int_shape(t)[1:]\n"
                       "c = K.int_shape(t)\ni = keras.Input(shape=t.shape[1:])\n")
        assert v["a"] == (5, 7)
        assert v["b"] == (5, 7)
        assert isinstance(v["c"], FullShape) and v["c"] == (N, 5, 7)
        assert shape(v["i"]) == (N, 5, 7)

    def test_layer_chain(self):
        v, facts = run(TF + """
            inp = keras.Input(shape=(28, 28, 1))
            x = layers.Conv2D(32, 3, activation="relu")(inp)
            x = layers.MaxPooling2D()(x)
            x = layers.Flatten()(x)
            out = layers.Dense(10)(x)
        """)
        assert [c.tower.kind for c in facts.tower_calls] == ["Conv2D", "MaxPooling2D", "Flatten",
                                                             "Dense"]
        assert [c.result.shape for c in facts.tower_calls] == [
            (N, 26, 26, 32), (N, 13, 13, 32), (N, 5408), (N, 10)]
        assert shape(v["out"]) == (N, 10)
        assert v["out"].sources == frozenset([v["inp"]])
        assert v["out"].producer is facts.tower_calls[-1]

    @pytest.mark.parametrize("expr, expected", [
        ("tf.reduce_sum(tf.square(a - b), axis=1, keepdims=True)", (N, 1)),
        ("tf.reduce_sum(tf.square(a - b), axis=-1)", (N,)),
        ("tf.math.reduce_sum(a, 1)", (N,)),
        ("tf.norm(a - b, axis=1, keepdims=True)", (N, 1)),
        ("tf.norm(a - b)", ()),
        ("tf.linalg.norm(a - b, axis=-1)", (N,)),
        ("K.sqrt(K.sum(K.square(a - b), axis=1, keepdims=True))", (N, 1)),
        ("K.abs(a - b)", (N, 8)),
        ("K.maximum(a, K.epsilon())", (N, 8)),
        ("K.clip(a, 0.0, 1.0)", (N, 8)),
        ("keras.ops.norm(a - b, axis=1, keepdims=True)", (N, 1)),
        ("keras.ops.sum(keras.ops.square(a - b), axis=1)", (N,)),
        ("tf.math.squared_difference(a, b)", (N, 8)),
        ("tf.maximum(a, 0.5)", (N, 8)),
        ("tf.nn.l2_normalize(a, axis=1)", (N, 8)),
        ("tf.concat([a, b], axis=1)", (N, 16)),
        ("K.concatenate([a, b])", (N, 16)),
        ("tf.reduce_mean(a, axis=0)", (8,)),
        ("a * b", (N, 8)),
        ("a - 1.0", (N, 8)),
        ("1 - a", (N, 8)),
        ("a ** 2", (N, 8)),
        ("-a", (N, 8)),
        ("abs(a - b)", (N, 8)),
    ])
    def test_ops(self, expr, expected):
        v = names(TF + f"a = keras.Input((8,))\nb = keras.Input((8,))\nr = {expr}\n")
        assert shape(v["r"]) == expected

    def test_broadcast_conflict_is_recorded_not_raised(self):
        v, facts = run(TF + "r = keras.Input((8,)) + keras.Input((3,))\n")
        assert shape(v["r"]) is None
        (merge,) = facts.merges
        assert merge.kind == "op" and "cannot be combined" in merge.conflict

    @pytest.mark.parametrize("expr", ["tf.stack([a, b], axis=1)", "K.stack([a, b], axis=1)",
                                      "keras.ops.stack([a, b], axis=1)"])
    def test_stack_is_not_a_concatenation(self, expr):
        r = names(TF + f"a = keras.Input((8,))\nb = keras.Input((8,))\nr = {expr}\n")["r"]
        assert not isinstance(r, Tensor) or r.shape in (None, (N, 2, 8))

    @pytest.mark.parametrize("shapes, axis, expected", [
        ([(N, 8), (N, 8)], 1, (N, 2, 8)),
        ([(N, 8), (N, 8)], 0, (2, N, 8)),
        ([(N, 8), (N, 8), (N, 8)], -1, (N, 8, 3)),
        ([(N, 8), (4, N)], 1, (4, 2, 8)),
        ([(N, 8), None], 1, None),
    ])
    def test_ops_stack_shape_rule(self, shapes, axis, expected):
        from siamlint.analysis import ops

        assert ops.stack(shapes, axis) == expected

    @pytest.mark.parametrize("shapes, axis", [([(N, 8), (N, 9)], 1), ([(N, 8), (N, 8, 1)], 0),
                                              ([(N, 8), (N, 8)], 3)])
    def test_ops_stack_conflicts(self, shapes, axis):
        from siamlint.analysis import ops
        from siamlint.analysis.values import ShapeConflict

        with pytest.raises(ShapeConflict):
            ops.stack(shapes, axis)

    @pytest.mark.parametrize("expr", ["tf.stack([a, b], axis=1)", "K.stack([a, b], axis=1)",
                                      "keras.ops.stack([a, b], axis=1)"])
    def test_stack_shape(self, expr):
        v, facts = run(TF + f"a = keras.Input((8,))\nb = keras.Input((8,))\nr = {expr}\n")
        assert shape(v["r"]) == (N, 2, 8)
        (merge,) = facts.merges
        assert merge.kind == "stack" and merge.operands == [v["a"], v["b"]]

    def test_distance_tags(self):
        v = names(TF + """
            a = keras.Input((8,)); b = keras.Input((8,))
            diff = a - b
            d = tf.sqrt(tf.reduce_sum(tf.square(diff), axis=1, keepdims=True))
            same = a - a
        """)
        assert "diff" in v["diff"].tags
        assert "distance" in v["d"].tags
        assert "diff" not in v["same"].tags


# ------------------------------------------------------------- layers and models

class TestModels:
    def test_functional_model(self):
        v = names(TF + """
            inp = keras.Input(shape=(28, 28, 1))
            out = layers.Dense(10)(layers.Flatten()(inp))
            m = keras.Model(inp, out, name="enc")
            m2 = keras.Model(inputs=[inp], outputs=[out])
        """)
        m = v["m"]
        assert isinstance(m, Model) and m.kind == "Model"
        assert m.inputs == [v["inp"]] and m.outputs == [v["out"]]
        assert m.input_shapes == [(N, 28, 28, 1)]
        assert m.output_shape == (N, 10)
        assert m.config["name"] == "enc"
        assert v["m2"].output_shape == (N, 10)

    def test_keras1_model_keywords(self):
        v = names("from keras.layers import Input, Dense\nfrom keras.models import Model\n"
                  "a = Input(shape=(8,))\nb = Input(shape=(8,))\n"
                  "m = Model(input=[a, b], output=Dense(1)(a))\n")
        assert v["m"].inputs == [v["a"], v["b"]]
        assert v["m"].input_shapes == [(N, 8), (N, 8)]
        assert v["m"].output_shape == (N, 1)

    def test_model_with_two_inputs(self):
        v = names(TF + """
            a = keras.Input((3,)); b = keras.Input((4,))
            m = keras.Model(inputs=[a, b], outputs=layers.concatenate([a, b]))
        """)
        assert v["m"].input_shapes == [(N, 3), (N, 4)]
        assert v["m"].output_shape == (N, 7)

    def test_model_attributes(self):
        v = names(TF + """
            inp = keras.Input((4,))
            m = keras.Model(inp, layers.Dense(2)(inp))
            o = m.output
            i = m.input
            s = m.output_shape
            ins = m.input_shape
        """)
        assert shape(v["o"]) == (N, 2)
        assert v["i"] is v["inp"]
        assert v["s"] == (N, 2)
        assert v["ins"] == (N, 4)

    def test_sequential_with_input(self):
        m = names(TF + "m = keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.Dense(2)])\n")["m"]
        assert m.kind == "Sequential"
        assert m.input_shapes == [(N, 8)]
        assert m.output_shape == (N, 2)
        assert [layer.kind for layer in m.layers] == ["Dense", "Dense"]

    def test_sequential_with_input_shape_argument(self):
        v = names(TF + """
            s1 = keras.Sequential([layers.Dense(4, input_shape=(8,)), layers.Dense(2)])
            s2 = keras.Sequential([layers.InputLayer(input_shape=(8,)), layers.Dense(2)])
        """)
        assert (v["s1"].input_shapes, v["s1"].output_shape) == ([(N, 8)], (N, 2))
        assert (v["s2"].input_shapes, v["s2"].output_shape) == ([(N, 8)], (N, 2))

    def test_sequential_add(self):
        m = names(TF + """
            m = keras.Sequential()
            m.add(layers.Dense(4, input_shape=(16,)))
            m.add(layers.Dense(3))
        """)["m"]
        assert m.input_shapes == [(N, 16)]
        assert m.output_shape == (N, 3)
        assert len(m.layers) == 2

    def test_sequential_without_input_is_built_by_its_first_call(self):
        v, facts = run(TF + """
            s = keras.Sequential([layers.Dense(4), layers.Dense(2)])
            a = keras.Input((10,))
            b = keras.Input((12,))
            ya = s(a)
            yb = s(b)
        """)
        assert v["s"].input_shapes is None and v["s"].output_shape is None
        assert shape(v["ya"]) == (N, 2)
        first, second = facts.tower_calls
        assert first.conflict is None
        assert second.conflict is not None and "(None, 10)" in second.conflict
        assert v["s"].built_for == (N, 10)

    def test_nested_sequential(self):
        v = names(TF + """
            inner = keras.Sequential([layers.Dense(4)])
            outer = keras.Sequential([keras.Input((8,)), inner, layers.Dense(1)])
        """)
        assert v["outer"].output_shape == (N, 1)

    def test_tower_factory_called_twice_gives_two_towers(self):
        v, facts = run(TF + """
            def tower(shape, units=16):
                inp = keras.Input(shape=shape)
                x = layers.Flatten()(inp)
                x = layers.Dense(units)(x)
                return keras.Model(inp, x)
            t1 = tower((28, 28, 1))
            t2 = tower((32, 32, 3), units=8)
        """)
        t1, t2 = v["t1"], v["t2"]
        assert t1 is not t2
        assert t1.input_shapes == [(N, 28, 28, 1)] and t1.output_shape == (N, 16)
        assert t2.input_shapes == [(N, 32, 32, 3)] and t2.output_shape == (N, 8)
        assert t1.factory is t2.factory and t1.factory.name == "tower"
        assert [f.declared for f in facts.inputs] == [(28, 28, 1), (32, 32, 3)]

    def test_sequential_factory_with_two_shapes(self):
        v = names(TF + """
            def tower(input_shape):
                return keras.Sequential([layers.Flatten(input_shape=input_shape), layers.Dense(16)])
            ta = tower((28, 28))
            tb = tower((32, 32, 3))
        """)
        assert v["ta"].input_shapes == [(N, 28, 28)]
        assert v["tb"].input_shapes == [(N, 32, 32, 3)]
        assert v["ta"].output_shape == v["tb"].output_shape == (N, 16)

    def test_shared_tower_on_two_inputs_is_a_pair(self):
        v, facts = run(TF + """
            enc = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
            a = keras.Input((8,), name="left")
            b = keras.Input((8,), name="right")
            ea = enc(a)
            eb = enc(b)
        """)
        (pair,) = pairs(facts)
        assert pair.tower is v["enc"]
        assert (pair.first.name, pair.second.name) == ("a", "b")
        assert pair.second_call.result is v["eb"]

    def test_model_called_on_the_wrong_shape_is_a_conflict(self):
        _, facts = run(TF + """
            tower = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(4)])
            t = tower(keras.Input((32, 32, 3)))
        """)
        (call,) = facts.tower_calls
        assert "expects shape (None, 28, 28, 1), got (None, 32, 32, 3)" in call.conflict
        assert call.result.shape is None

    def test_dense_built_for_one_size_called_on_another(self):
        _, facts = run(TF + """
            dense = layers.Dense(8)
            ya = dense(keras.Input((4,)))
            yb = dense(keras.Input((6,)))
        """)
        first, second = facts.tower_calls
        assert first.conflict is None
        assert "built for inputs with 4 features, but gets 6" in second.conflict

    @pytest.mark.parametrize("expr, kind, expected", [
        ("layers.Concatenate()([a, b])", "concat", (N, 16)),
        ("layers.concatenate([a, b], axis=-1)", "concat", (N, 16)),
        ("layers.Subtract()([a, b])", "subtract", (N, 8)),
        ("layers.subtract([a, b])", "subtract", (N, 8)),
        ("layers.Add()([a, b])", "add", (N, 8)),
        ("layers.Multiply()([a, b])", "multiply", (N, 8)),
        ("layers.Dot(axes=1, normalize=True)([a, b])", "dot", (N, 1)),
        ("layers.dot([a, b], axes=1)", "dot", (N, 1)),
        ("layers.Average()([a, b])", "average", (N, 8)),
    ])
    def test_merges(self, expr, kind, expected):
        v, facts = run(TF + f"a = keras.Input((8,))\nb = keras.Input((8,))\nr = {expr}\n")
        (merge,) = facts.merges
        assert merge.kind == kind
        assert merge.operands == [v["a"], v["b"]]
        assert merge.result is v["r"] and shape(v["r"]) == expected
        assert v["r"].sources == frozenset([v["a"], v["b"]])

    def test_merge_of_unequal_dims_is_a_conflict(self):
        _, facts = run(TF + """
            c1 = layers.Concatenate(axis=-1)([keras.Input((4, 3)), keras.Input((5, 3))])
            c2 = layers.Subtract()([keras.Input((4,)), keras.Input((5,))])
            c3 = layers.Concatenate(axis=1)([keras.Input((4, 3)), keras.Input((5, 3))])
        """)
        c1, c2, c3 = facts.merges
        assert c1.conflict and c2.conflict
        assert c3.conflict is None and c3.result.shape == (N, 9, 3)

    def test_layer_objects_passed_to_a_merge_are_recorded(self):
        v, facts = run(TF + """
            enc = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
            r = layers.Subtract()([enc, enc])
        """)
        (merge,) = facts.merges
        assert merge.objects == [v["enc"], v["enc"]]
        assert v["r"] is UNKNOWN

    def test_keras1_merge_layer_class(self):
        v = names("from keras.layers import Merge, Dense\nfrom keras.models import Sequential\n"
                  "left = Sequential()\nleft.add(Dense(4, input_dim=8))\n"
                  "m = Merge([left, left], mode='concat')\n")
        assert isinstance(v["m"], Layer) and v["m"].kind == "Merge"

    def test_keras1_merge_function(self):
        v, facts = run("from keras.layers import Input, Dense, merge\n"
                       "a = Input(shape=(8,)); b = Input(shape=(8,))\n"
                       "shared = Dense(4)\n"
                       "m = merge([shared(a), shared(b)], mode='concat', concat_axis=-1)\n")
        (merge,) = facts.merges
        assert merge.kind == "concat"
        assert shape(v["m"]) == (N, 8)


class TestLambdaDistances:
    SOURCE = TF + """
        def euclidean(vects):
            x, y = vects
            s = K.sum(K.square(x - y), axis=1, keepdims=True)
            return K.sqrt(K.maximum(s, K.epsilon()))
        def manhattan(pair):
            return K.exp(-K.sum(K.abs(pair[0] - pair[1]), axis=1, keepdims=True))
        def unguarded(v):
            a, b = v
            return tf.sqrt(tf.reduce_sum(tf.square(a - b), axis=-1))
        def norm(v):
            return tf.norm(v[0] - v[1], axis=1, keepdims=True)
        enc = layers.Dense(8)
        a = keras.Input((4,)); b = keras.Input((4,))
        ea = enc(a); eb = enc(b)
        d1 = layers.Lambda(euclidean)([ea, eb])
        d2 = layers.Lambda(manhattan)([ea, eb])
        d3 = layers.Lambda(unguarded)([ea, eb])
        d4 = layers.Lambda(lambda t: K.abs(t[0] - t[1]))([ea, eb])
        d5 = layers.Lambda(euclidean, output_shape=(1,))([ea, eb])
        d6 = layers.Lambda(norm)([ea, eb])
        d7 = layers.Lambda(opaque_function, output_shape=(1,))([ea, eb])
        d8 = layers.Lambda(opaque_function)([ea, eb])
    """

    @pytest.fixture(scope="class")
    @classmethod
    def result(cls):
        return run(cls.SOURCE)

    @pytest.mark.parametrize("name, expected, tag", [
        ("d1", (N, 1), "distance"),
        ("d2", (N, 1), "similarity"),
        ("d3", (N,), "distance"),
        ("d4", (N, 8), "distance"),
        ("d5", (N, 1), "distance"),
        ("d6", (N, 1), "distance"),
        ("d7", (N, 1), None),
        ("d8", None, None),
    ])
    def test_lambda_result(self, result, name, expected, tag):
        v, _ = result
        assert shape(v[name]) == expected
        if tag:
            assert tag in v[name].tags
        assert v[name].sources == frozenset([v["a"], v["b"]])

    def test_each_lambda_is_a_merge_of_the_two_branches(self, result):
        v, facts = result
        lambdas = [m for m in facts.merges if m.kind == "lambda"]
        assert len(lambdas) == 8
        for merge in lambdas:
            assert merge.operands == [v["ea"], v["eb"]]

    def test_sqrt_guards(self, result):
        _, facts = result
        # only `unguarded` takes the square root of a raw sum of squares
        (sqrt,) = facts.sqrts
        assert not sqrt.guarded


class TestSubclassedModel:
    SOURCE = TF + """
        class Siamese(keras.Model):
            def __init__(self, dim=8):
                super().__init__()
                self.encoder = keras.Sequential([layers.Dense(16), layers.Dense(dim)])
                self.head = layers.Dense(1, activation="sigmoid")

            def call(self, inputs):
                a, b = inputs
                ea = self.encoder(a)
                eb = self.encoder(b)
                return self.head(tf.abs(ea - eb))

        model = Siamese()
        x1 = keras.Input((32,))
        x2 = keras.Input((32,))
        out = model([x1, x2])
    """

    def test_encoder_attribute_called_on_two_inputs(self):
        v, facts = run(self.SOURCE)
        encoder = v["model"].attrs["encoder"]
        assert isinstance(encoder, Model) and encoder.kind == "Sequential"
        calls = [c for c in facts.tower_calls if c.tower is encoder]
        assert [c.arg for c in calls] == [v["x1"], v["x2"]]
        assert [c.result.shape for c in calls] == [(N, 8), (N, 8)]
        assert shape(v["out"]) == (N, 1)
        assert "bounded" in v["out"].tags

    def test_the_two_inputs_are_a_pair_through_the_encoder(self):
        v, facts = run(self.SOURCE)
        (pair,) = pairs(facts)
        assert pair.tower is v["model"].attrs["encoder"]
        assert (pair.first.tensor, pair.second.tensor) == (v["x1"], v["x2"])

    def test_uncalled_subclass_compiled(self):
        facts = facts_of(TF + """
            class Siamese(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.encoder = layers.Dense(8)
                def call(self, inputs):
                    return tf.abs(self.encoder(inputs[0]) - self.encoder(inputs[1]))
            model = Siamese()
            model.compile(loss="mse", optimizer="adam")
        """)
        (compiled,) = facts.compiles
        assert compiled.loss == "mse"
        # evaluated on a fresh symbolic pair: the encoder is seen twice, shapes unknown
        assert len(facts.tower_calls) == 2


# -------------------------------------------------- trainable and pretrained bases

class TestTrainable:
    def test_base_and_layer_loops(self):
        v, facts = run(TF + """
            base = keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False,
                                                  weights="imagenet")
            base.trainable = True
            for layer in base.layers[:100]:
                layer.trainable = False
            for l in base.layers:
                l.trainable = False
            n = 15
            for layer in base.layers[:n]:
                layer.trainable = False
            for layer in base.layers[-4:]:
                layer.trainable = True
        """)
        base = v["base"]
        assert facts.bases == [base] and base.pretrained
        t = facts.trainable
        assert [(x.target, x.value, x.per_layer, x.whole) for x in t] == [
            (base, True, False, True),
            (base, False, True, False),
            (base, False, True, True),
            (base, False, True, False),
            (base, True, True, False),
        ]
        assert [x.seq for x in t] == sorted(x.seq for x in t)
        assert isinstance(v["layer"], (LayerSlice, type(UNKNOWN)))

    def test_frozen_base(self):
        v = names(TF + """
            base = keras.applications.ResNet50(weights="imagenet", include_top=False)
            base.trainable = False
            scratch = keras.applications.ResNet50(weights=None, include_top=False)
        """)
        assert v["base"].trainable is False
        assert v["base"].pretrained and not v["scratch"].pretrained

    def test_trainable_of_a_single_layer(self):
        v, facts = run(TF + "d = layers.Dense(3)\nd.trainable = False\n")
        (fact,) = facts.trainable
        assert fact.target is v["d"] and fact.value is False and not fact.per_layer

    def test_trainable_set_inside_an_if_in_the_loop(self):
        _, facts = run(TF + """
            base = keras.applications.VGG16(weights="imagenet", include_top=False)
            for layer in base.layers:
                if "block5" not in layer.name:
                    layer.trainable = False
        """)
        (fact,) = facts.trainable
        assert fact.per_layer and fact.value is False

    def test_enumerate_over_layers(self):
        v, facts = run(TF + """
            base = keras.applications.VGG16(weights="imagenet", include_top=False)
            for i, layer in enumerate(base.layers):
                if i < 10:
                    layer.trainable = False
        """)
        (fact,) = facts.trainable
        assert fact.target is v["base"] and fact.per_layer and fact.value is False


# ------------------------------------------------------ compile, fit, whole program

class TestWholeProgram:
    def test_uncalled_functions_run_with_their_defaults(self):
        facts = facts_of(TF + """
            def build(shape=(28, 28, 1), units=8):
                inp = keras.Input(shape)
                return keras.Model(inp, layers.Dense(units)(layers.Flatten()(inp)))
            def needs_an_argument(shape):
                return keras.Input(shape)
        """)
        assert [f.declared for f in facts.inputs] == [(28, 28, 1), UNKNOWN]
        assert [c.result.shape for c in facts.tower_calls] == [(N, 784), (N, 8)]

    def test_called_functions_are_not_run_again(self):
        facts = facts_of(TF + """
            def build():
                return keras.Input((4,))
            x = build()
        """)
        assert len(facts.inputs) == 1

    def test_compile_and_fit(self):
        facts = facts_of(TF + """
            inp = keras.Input((4,))
            m = keras.Model(inp, layers.Dense(1, activation="sigmoid")(inp))
            m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            m.fit(np.zeros((10, 4)), np.zeros((10,)), epochs=2)
            p = m.predict(np.zeros((3, 4)))
        """)
        (compiled,) = facts.compiles
        assert compiled.loss == "binary_crossentropy"
        assert compiled.metrics == ["accuracy"]
        assert [o.shape for o in compiled.outputs] == [(N, 1)]
        fit, predict = facts.fits
        assert (fit.method, predict.method) == ("fit", "predict")
        assert fit.x.shape == (10, 4) and fit.y.shape == (10,)
        assert fit.seq > compiled.seq

    def test_user_loss_with_margin(self):
        facts = facts_of(TF + """
            def loss(margin=1):
                def contrastive_loss(y_true, y_pred):
                    y_true = tf.cast(y_true, y_pred.dtype)
                    return tf.reduce_mean((1 - y_true) * tf.square(y_pred)
                                          + y_true * tf.square(tf.maximum(margin - y_pred, 0)))
                return contrastive_loss
            inp = keras.Input((4,))
            m = keras.Model(inp, layers.Dense(1)(inp))
            m.compile(loss=loss(margin=2), optimizer="adam")
        """)
        (compiled,) = facts.compiles
        assert compiled.loss_facts.margin == 2.0
        assert compiled.loss_facts.uses_labels
        assert compiled.loss_facts.uncast_node is None

    def test_analysis_limit_is_reported_not_raised(self, monkeypatch):
        from siamlint.analysis import interpreter

        monkeypatch.setattr(interpreter, "MAX_STEPS", 50)
        facts = interpret(cst.parse_module("x = 1\n" * 100))
        assert facts.limits and "50 steps" in facts.limits[0]


# ------------------------------------------------------------ facts and positions

class TestPositions:
    SOURCE = """\
        import tensorflow as tf
        from tensorflow.keras import layers

        def distance(v):
            a, b = v
            return tf.sqrt(tf.reduce_sum(tf.square(a - b), axis=1, keepdims=True))

        enc = tf.keras.Sequential([layers.Dense(8)])
        left = tf.keras.Input((4,))
        right = tf.keras.Input((4,))
        ea = enc(left)
        eb = enc(right)
        d = layers.Lambda(distance)([ea, eb])
        model = tf.keras.Model([left, right], d)
        enc.trainable = False
        model.compile(loss="mse", optimizer="adam")
        model.fit([x1, x2], y)
    """

    @pytest.fixture(scope="class")
    @classmethod
    def facts(cls):
        return facts_of(cls.SOURCE)

    def test_input_lines(self, facts):
        assert [(f.name, facts.line(f.node)) for f in facts.inputs] == [("left", 9), ("right", 10)]
        assert all(isinstance(f.node, cst.Call) for f in facts.inputs)

    def test_tower_call_lines(self, facts):
        assert [facts.line(c.node) for c in facts.tower_calls] == [11, 12]
        assert all(isinstance(c.node, cst.Call) for c in facts.tower_calls)

    def test_merge_and_sqrt_lines(self, facts):
        (merge,) = facts.merges
        assert merge.kind == "lambda" and facts.line(merge.node) == 13
        (sqrt,) = facts.sqrts
        assert facts.line(sqrt.node) == 6
        assert not sqrt.guarded

    def test_trainable_compile_fit_lines(self, facts):
        (trainable,) = facts.trainable
        assert facts.line(trainable.node) == 15
        (compiled,) = facts.compiles
        assert facts.line(compiled.node) == 16
        (fit,) = facts.fits
        assert facts.line(fit.node) == 17
        assert trainable.seq < compiled.seq < fit.seq

    def test_the_positions_are_the_nodes_of_this_module(self, facts):
        code = facts.module.code
        span = facts.positions.span(facts.inputs[0].node)
        line = code.splitlines()[span[0].line - 1]
        assert line[span[0].column - 1:span[1].column - 1] == "tf.keras.Input((4,))"
