"""Name resolution: every way people spell Keras, TensorFlow and NumPy, to one canonical name.

Two levels: `canonical()` on dotted paths, and the interpreter binding the names a small
program imports (so the import statements themselves are read the right way).
"""
from __future__ import annotations

import ast

import libcst as cst
import pytest

from siamlint.analysis.names import canonical, imports_a_library

# ------------------------------------------------------------------ canonical()

CANONICAL = [
    # import tensorflow as tf
    ("tf.keras.layers.Dense", "keras.layers.Dense"),
    ("tf.keras.Input", "keras.Input"),
    ("tf.keras.Model", "keras.Model"),
    ("tf.keras.Sequential", "keras.Sequential"),
    ("tf.keras.layers.Input", "keras.Input"),
    ("tf.keras.models.Model", "keras.Model"),
    ("tf.keras.models.Sequential", "keras.Sequential"),
    ("tf.keras.backend", "K"),
    ("tf.keras.backend.epsilon", "K.epsilon"),
    ("tensorflow", "tf"),
    ("tensorflow.keras", "keras"),
    ("tensorflow.keras.layers", "keras.layers"),
    ("tensorflow.keras.layers.Dense", "keras.layers.Dense"),
    ("tensorflow.keras.Model", "keras.Model"),
    ("tensorflow.keras.Input", "keras.Input"),
    ("tensorflow.keras.backend.floatx", "K.floatx"),
    # import keras / from keras import layers, ops, Model / backend as K
    ("keras", "keras"),
    ("keras.layers", "keras.layers"),
    ("keras.layers.Dense", "keras.layers.Dense"),
    ("keras.Model", "keras.Model"),
    ("keras.Input", "keras.Input"),
    ("keras.ops", "keras.ops"),
    ("keras.ops.sum", "keras.ops.sum"),
    ("keras.ops.numpy.sqrt", "keras.ops.sqrt"),
    ("keras.ops.nn.relu", "keras.ops.relu"),
    ("keras.backend", "K"),
    ("keras.backend.sum", "K.sum"),
    ("keras.models.Model", "keras.Model"),
    ("keras.models.Sequential", "keras.Sequential"),
    ("keras.layers.Input", "keras.Input"),
    ("keras.Functional", "keras.Model"),
    # Keras 1/2 idioms
    ("keras.layers.merge.concatenate", "keras.layers.concatenate"),
    ("keras.layers.merge.Concatenate", "keras.layers.Concatenate"),
    ("keras.layers.merge.Subtract", "keras.layers.Subtract"),
    ("keras.layers.Merge", "keras.layers.Merge"),
    ("keras.engine.topology.Merge", "keras.layers.Merge"),
    ("keras.legacy.layers.Merge", "keras.layers.Merge"),
    ("keras.engine.topology.Input", "keras.Input"),
    ("keras.engine.topology.Layer", "keras.layers.Layer"),
    ("keras.engine.input_layer.Input", "keras.Input"),
    ("keras.engine.training.Model", "keras.Model"),
    ("keras.engine.Model", "keras.Model"),
    ("keras.engine.sequential.Sequential", "keras.Sequential"),
    ("keras.layers.core.Dense", "keras.layers.Dense"),
    ("keras.layers.core.Lambda", "keras.layers.Lambda"),
    ("keras.layers.convolutional.Conv2D", "keras.layers.Conv2D"),
    ("keras.layers.convolutional.Convolution2D", "keras.layers.Convolution2D"),
    ("keras.layers.pooling.MaxPooling2D", "keras.layers.MaxPooling2D"),
    ("keras.layers.recurrent.LSTM", "keras.layers.LSTM"),
    ("keras.layers.embeddings.Embedding", "keras.layers.Embedding"),
    ("keras.layers.normalization.BatchNormalization", "keras.layers.BatchNormalization"),
    ("keras.layers.wrappers.Bidirectional", "keras.layers.Bidirectional"),
    ("keras.layers.advanced_activations.LeakyReLU", "keras.layers.LeakyReLU"),
    ("keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences"),
    ("tf.keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences"),
    ("tf.keras.layers.experimental.preprocessing.Rescaling", "keras.layers.Rescaling"),
    # Keras 1's `merge` function is not its module: a name of its own, outside keras.layers
    ("keras.layers.merge", "keras.merge"),
    ("keras.engine.topology.merge", "keras.merge"),
    ("keras.merge.concatenate", "keras.layers.concatenate"),
    # tensorflow.python.keras, compat, tf_keras, keras.src
    ("tensorflow.python.keras.layers.Dense", "keras.layers.Dense"),
    ("tensorflow.python.keras.engine.training.Model", "keras.Model"),
    ("tensorflow.python.keras.backend", "K"),
    ("tensorflow.compat.v1.keras.layers.Dense", "keras.layers.Dense"),
    ("tf.compat.v1.keras.layers.Dense", "keras.layers.Dense"),
    ("tf_keras.layers.Dense", "keras.layers.Dense"),
    ("keras.src.layers.Dense", "keras.layers.Dense"),
    ("keras.api.layers.Dense", "keras.layers.Dense"),
    # applications: the submodule is dropped
    ("tensorflow.keras.applications.resnet50.ResNet50", "keras.applications.ResNet50"),
    ("keras.applications.mobilenet_v2.MobileNetV2", "keras.applications.MobileNetV2"),
    ("tf.keras.applications.MobileNetV2", "keras.applications.MobileNetV2"),
    ("keras.applications.ResNet50", "keras.applications.ResNet50"),
    # tf.math, tf.linalg, tf.nn, tf.norm
    ("tf.math.reduce_sum", "tf.reduce_sum"),
    ("tensorflow.math.reduce_sum", "tf.reduce_sum"),
    ("tf.math.square", "tf.square"),
    ("tf.math", "tf"),
    ("tf.math.l2_normalize", "tf.l2_normalize"),
    ("tf.nn.l2_normalize", "tf.l2_normalize"),
    ("tf.linalg.norm", "tf.norm"),
    ("tf.norm", "tf.norm"),
    ("tf.math.reduce_euclidean_norm", "tf.norm"),
    ("tf.compat.v1.reduce_sum", "tf.reduce_sum"),
    ("tf.float64", "tf.float64"),
    ("tf.dtypes.cast", "tf.cast"),
    ("tf.dtypes.float32", "tf.float32"),
    # numpy
    ("numpy", "np"),
    ("numpy.float32", "np.float32"),
    ("numpy.random.rand", "np.random.rand"),
    ("numpy.random.random_sample", "np.random.random"),
    ("numpy.asarray", "np.array"),
    ("numpy.linalg.norm", "np.linalg.norm"),
    # already canonical names are fixed points; unrelated names pass through
    ("K", "K"),
    ("np", "np"),
    ("tf", "tf"),
    ("torch.nn.Linear", "torch.nn.Linear"),
    ("kerasish.layers.Dense", "kerasish.layers.Dense"),
    ("numpyro.sample", "numpyro.sample"),
]


@pytest.mark.parametrize("dotted, expected", CANONICAL, ids=[c[0] for c in CANONICAL])
def test_canonical(dotted, expected):
    assert canonical(dotted) == expected


@pytest.mark.parametrize("dotted", sorted({expected for _, expected in CANONICAL}))
def test_canonical_is_idempotent(dotted):
    assert canonical(canonical(dotted)) == canonical(dotted)


def test_prefixes_match_whole_components_only():
    # "tensorflowx" is not "tensorflow", "numpyish" is not "numpy"
    assert canonical("tensorflowx.layers") == "tensorflowx.layers"
    assert canonical("numpyish.zeros") == "numpyish.zeros"
    assert canonical("keras_cv.layers.Dense") == "keras_cv.layers.Dense"


# --------------------------------------------- through the interpreter: bindings

def bindings(source: str):
    """Run a module body and return its top-level names (and the facts)."""
    from siamlint.analysis.interpreter import Interpreter, Scope

    module = cst.parse_module(source)
    interp = Interpreter(module)
    scope = Scope()
    interp.exec_block(module.body, scope)
    return scope.vars, interp.facts


def ref(value) -> str | None:
    from siamlint.analysis.values import Ref

    return value.path if isinstance(value, Ref) else None


IMPORTS = [
    ("import tensorflow as tf\nX = tf.keras.layers.Dense", "keras.layers.Dense"),
    ("import tensorflow as tf\nX = tf.keras.Input", "keras.Input"),
    ("import tensorflow as tf\nX = tf.keras.Model", "keras.Model"),
    ("import tensorflow as tf\nX = tf.math.reduce_sum", "tf.reduce_sum"),
    ("import tensorflow as tf\nX = tf.norm", "tf.norm"),
    ("import tensorflow as tf\nX = tf.keras.backend.epsilon", "K.epsilon"),
    ("import tensorflow\nX = tensorflow.keras.layers.Dense", "keras.layers.Dense"),
    ("import tensorflow.keras.layers\nX = tensorflow.keras.layers.Conv2D", "keras.layers.Conv2D"),
    ("from tensorflow import keras\nX = keras.layers.Dense", "keras.layers.Dense"),
    ("from tensorflow import keras\nX = keras.Model", "keras.Model"),
    ("from tensorflow.keras import layers\nX = layers.Dense", "keras.layers.Dense"),
    ("from tensorflow.keras import Model\nX = Model", "keras.Model"),
    ("from tensorflow.keras import Input\nX = Input", "keras.Input"),
    ("from tensorflow.keras.layers import Dense as D\nX = D", "keras.layers.Dense"),
    ("from tensorflow.keras.layers import *\nX = Dense", "keras.layers.Dense"),
    ("from tensorflow.keras.layers import *\nX = Input", "keras.Input"),
    ("from tensorflow.keras.layers import *\nX = Lambda", "keras.layers.Lambda"),
    ("from keras.layers import *\nX = concatenate", "keras.layers.concatenate"),
    ("from tensorflow.keras.models import *\nX = Model", "keras.Model"),
    ("import keras\nX = keras.layers.Dense", "keras.layers.Dense"),
    ("import keras\nX = keras.ops.norm", "keras.ops.norm"),
    ("from keras import layers\nX = layers.Subtract", "keras.layers.Subtract"),
    ("from keras import ops\nX = ops.sqrt", "keras.ops.sqrt"),
    ("from keras import ops\nX = ops.cast", "keras.ops.cast"),
    ("from keras import Model\nX = Model", "keras.Model"),
    ("from keras import backend as K\nX = K.sum", "K.sum"),
    ("import keras.backend as K\nX = K.epsilon", "K.epsilon"),
    ("from tensorflow.keras import backend as K\nX = K.square", "K.square"),
    ("from keras.models import Model, Sequential\nX = Sequential", "keras.Sequential"),
    ("from keras.models import Model\nX = Model", "keras.Model"),
    ("import keras\nX = keras.layers.merge.concatenate", "keras.layers.concatenate"),
    ("from keras.layers import merge\nX = merge", "keras.merge"),
    ("from keras.layers import merge\nX = merge.Concatenate", "keras.layers.Concatenate"),
    ("from keras.layers.merge import concatenate\nX = concatenate", "keras.layers.concatenate"),
    ("from keras.layers import Merge\nX = Merge", "keras.layers.Merge"),
    ("from keras.engine.topology import Input\nX = Input", "keras.Input"),
    ("from keras.engine.topology import Layer\nX = Layer", "keras.layers.Layer"),
    ("from keras.engine import Model\nX = Model", "keras.Model"),
    ("from tensorflow.python.keras.layers import Dense\nX = Dense", "keras.layers.Dense"),
    ("from tensorflow.python.keras import backend as K\nX = K.sqrt", "K.sqrt"),
    ("import tensorflow.python.keras as keras\nX = keras.layers.Dense", "keras.layers.Dense"),
    ("import tensorflow as tf\nKL = tf.keras.layers\nX = KL.Dense", "keras.layers.Dense"),
    ("import tensorflow as tf\nKM = tf.keras.models\nX = KM.Model", "keras.Model"),
    ("from tensorflow import keras\nL = keras.layers\nX = L.Conv2D", "keras.layers.Conv2D"),
    ("import tensorflow as tf\nK = tf.keras.backend\nX = K.epsilon", "K.epsilon"),
    ("import tensorflow as tf\nDense = tf.keras.layers.Dense\nX = Dense", "keras.layers.Dense"),
    ("import numpy as np\nX = np.float32", None),  # a dtype object, not a Ref (below)
    ("import numpy as np\nX = np.zeros", "np.zeros"),
    ("import numpy\nX = numpy.random.rand", "np.random.rand"),
    ("from numpy import array\nX = array", "np.array"),
    ("from numpy.linalg import norm\nX = norm", "np.linalg.norm"),
    ("from tensorflow.keras.applications import MobileNetV2\nX = MobileNetV2",
     "keras.applications.MobileNetV2"),
    ("from tensorflow.keras.applications.resnet50 import ResNet50\nX = ResNet50",
     "keras.applications.ResNet50"),
    ("import tensorflow as tf\nX = tf.keras.applications.VGG16", "keras.applications.VGG16"),
]


@pytest.mark.parametrize("source, expected", IMPORTS, ids=[s.replace("\n", "; ") for s, _ in IMPORTS])
def test_imports_bind_canonical_names(source, expected):
    names, _ = bindings(source)
    if expected is None:
        return
    assert ref(names["X"]) == expected


def test_numpy_and_tf_dtypes_are_dtype_objects():
    from siamlint.analysis.values import DType

    names, _ = bindings(
        "import numpy as np\nimport tensorflow as tf\n"
        "a = np.float32\nb = tf.float64\nc = np.float16\nd = tf.keras.backend.floatx()\n"
    )
    assert names["a"] == DType("float32")
    assert names["b"] == DType("float64")
    assert names["c"] == DType("float16")
    assert names["d"] == "float32"


def test_unknown_modules_stay_unknown_or_unrelated():
    from siamlint.analysis.values import UNKNOWN

    names, _ = bindings(
        "import torch\nfrom mylib import layers\nfrom . import keras\n"
        "A = torch.nn.Linear\nB = layers.Dense\nC = keras.layers.Dense\nD = undefined_name\n"
        "E = layers.Dense(3)\n"
    )
    assert ref(names["A"]) == "torch.nn.Linear"  # a name, but nothing Keras about it
    assert ref(names["B"]) == "mylib.layers.Dense"  # not Keras' layers
    assert names["C"] is UNKNOWN  # relative import: a local module named keras
    assert names["D"] is UNKNOWN
    assert names["E"] is UNKNOWN  # calling an unrelated library gives nothing


def test_star_import_resolves_keras_names_only_when_used():
    from siamlint.analysis.values import UNKNOWN

    names, _ = bindings("from tensorflow.keras.layers import *\ndef make_tower():\n    pass\n"
                        "X = make_tower\nY = Dense\n")
    assert ref(names["Y"]) == "keras.layers.Dense"
    assert ref(names["X"]) is None and names["X"] is not UNKNOWN  # the local function


def test_star_import_does_not_invent_names():
    from siamlint.analysis.values import UNKNOWN, Layer

    names, _ = bindings(
        "from tensorflow.keras.layers import *\nX = make_tower\nY = my_data\n"
        "a = Input((4,))\nm = max(a, 0)\nr = range(3)\nz = zip(a, a)\n"
    )
    assert names["X"] is UNKNOWN
    assert names["Y"] is UNKNOWN
    assert not any(isinstance(names[k], Layer) for k in ("m", "r", "z"))


def test_local_binding_shadows_import():
    from siamlint.analysis.values import UNKNOWN

    names, _ = bindings(
        "from tensorflow.keras.layers import Dense\nDense = load_something()\nX = Dense\n"
    )
    assert names["X"] is UNKNOWN


def test_aliases_record_the_files_own_names():
    _, facts = bindings(
        "import numpy as np\nimport tensorflow as tf\nfrom keras import backend as K\n"
        "from keras import layers\nKL = tf.keras.layers\n"
    )
    assert facts.aliases["np"] == "np"
    assert facts.aliases["tf"] == "tf"
    assert facts.aliases["K"] == "K"
    assert facts.aliases["keras.layers"] == "layers"  # first name wins


@pytest.mark.parametrize("source", [
    # the same little network in nine spellings
    ("import tensorflow as tf\n"
     "x = tf.keras.Input(shape=(8,))\ny = tf.keras.layers.Dense(4)(x)\nm = tf.keras.Model(x, y)\n"),
    ("from tensorflow import keras\n"
     "x = keras.Input(shape=(8,))\ny = keras.layers.Dense(4)(x)\nm = keras.Model(x, y)\n"),
    ("from tensorflow.keras import layers, Model, Input\n"
     "x = Input(shape=(8,))\ny = layers.Dense(4)(x)\nm = Model(x, y)\n"),
    ("from tensorflow.keras.layers import *\nfrom tensorflow.keras.models import Model\n"
     "x = Input(shape=(8,))\ny = Dense(4)(x)\nm = Model(x, y)\n"),
    ("import keras\nfrom keras import layers\n"
     "x = keras.Input(shape=(8,))\ny = layers.Dense(4)(x)\nm = keras.Model(x, y)\n"),
    ("from keras.layers import Input, Dense\nfrom keras.models import Model\n"
     "x = Input(shape=(8,))\ny = Dense(4)(x)\nm = Model(input=x, output=y)\n"),
    ("import tensorflow as tf\nKL = tf.keras.layers\nKM = tf.keras.models\n"
     "x = KL.Input(shape=(8,))\ny = KL.Dense(4)(x)\nm = KM.Model(inputs=x, outputs=y)\n"),
    ("from tensorflow.python.keras.layers import Input, Dense\n"
     "from tensorflow.python.keras.models import Model\n"
     "x = Input(shape=(8,))\ny = Dense(4)(x)\nm = Model(x, y)\n"),
    ("from keras.engine.topology import Input\nfrom keras.layers.core import Dense\n"
     "from keras.engine.training import Model\n"
     "x = Input(shape=(8,))\ny = Dense(4)(x)\nm = Model(input=x, output=y)\n"),
])
def test_one_network_every_spelling(source):
    from siamlint.analysis.values import Layer, Model, Tensor

    names, facts = bindings(source)
    assert len(facts.inputs) == 1
    assert isinstance(names["x"], Tensor) and names["x"].shape == (None, 8)
    assert isinstance(names["y"], Tensor) and names["y"].shape == (None, 4)
    (call,) = facts.tower_calls
    assert isinstance(call.tower, Layer) and call.tower.kind == "Dense"
    model = names["m"]
    assert isinstance(model, Model) and model.kind == "Model"
    assert model.inputs == [names["x"]] and model.outputs == [names["y"]]
    assert model.output_shape == (None, 4)


@pytest.mark.parametrize("source, op", [
    ("import tensorflow as tf\ny = tf.math.reduce_sum(x, axis=1)", "reduce_sum"),
    ("import tensorflow as tf\ny = tf.norm(x, axis=1)", "norm"),
    ("import tensorflow as tf\ny = tf.linalg.norm(x, axis=1)", "norm"),
    ("from keras import backend as K\ny = K.sum(x, axis=1)", "sum"),
    ("from keras import ops\ny = ops.sum(x, axis=1)", "sum"),
    ("import numpy as np\ny = np.sum(x, axis=1)", "sum"),
])
def test_reductions_through_every_spelling(source, op):
    from siamlint.analysis.values import Tensor

    names, _ = bindings("import tensorflow as tf\nx = tf.keras.Input((5, 3))\n" + source + "\n")
    assert isinstance(names["y"], Tensor)
    assert names["y"].shape == (None, 3)


@pytest.mark.parametrize("source", [
    "import keras", "import tensorflow as tf", "import numpy", "import os, numpy as np",
    "from tensorflow.keras.layers import Dense", "from tf_keras import layers",
    "from keras import *", "import tensorflow.keras", "def build():\n    import keras\n",
    "try:\n    import tensorflow\nexcept ImportError:\n    pass\n",
    "class M:\n    def f(self):\n        from numpy import float32\n",
])
def test_a_file_that_imports_a_library_is_analysed(source):
    assert imports_a_library(ast.parse(source))


@pytest.mark.parametrize("source", [
    "x = 1", "import os", "# import keras", "s = 'import keras'", "import keras_cv",
    "from mykeras import Dense", "from . import keras", "from .numpy import array",
    "from .. import tensorflow", "from models import *", "import tensorflow_hub",
    "numpy = 1\nkeras.layers.Dense(3)", "import kerastuner",
])
def test_a_file_that_imports_none_has_nothing_to_analyse(source):
    assert not imports_a_library(ast.parse(source))
