"""Canonical names for what a file imports, without importing anything.

Every spelling of a Keras, TensorFlow or NumPy object is normalised to one dotted name:
`tf.keras.layers.Dense`, `tensorflow.python.keras.layers.Dense`, `keras.layers.core.Dense`
and `from keras.layers import Dense as D` all become `keras.layers.Dense`; the backend module
(`keras.backend`, `tf.keras.backend`, `from keras import backend as K`) becomes `K`; TensorFlow
functions become `tf.<name>` (`tf.math.reduce_sum` -> `tf.reduce_sum`); NumPy becomes `np`.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from itertools import chain

# Longest prefix first: (prefix, replacement). Applied repeatedly until nothing changes.
_PREFIXES = (
    ("tensorflow.python.keras", "keras"),
    ("tensorflow.contrib.keras.python.keras", "keras"),
    ("tensorflow.contrib.keras", "keras"),
    ("tensorflow.compat.v1.keras", "keras"),
    ("tensorflow.compat.v2.keras", "keras"),
    ("tensorflow.keras", "keras"),
    ("tensorflow", "tf"),
    ("tf.keras", "keras"),
    ("tf.compat.v1", "tf"),
    ("tf.compat.v2", "tf"),
    ("tf.math", "tf"),
    ("tf.linalg", "tf"),
    ("tf.nn", "tf"),
    ("tf.dtypes", "tf"),
    ("tf_keras", "keras"),
    ("keras.src", "keras"),
    ("keras.api", "keras"),
    ("keras._tf_keras.keras", "keras"),
    ("keras.backend", "K"),
    ("keras.ops.numpy", "keras.ops"),
    ("keras.ops.nn", "keras.ops"),
    ("keras.ops.math", "keras.ops"),
    ("keras.models", "keras"),
    ("keras.engine.topology", "keras.layers"),
    ("keras.engine.training", "keras"),
    ("keras.engine.sequential", "keras"),
    ("keras.engine.functional", "keras"),
    ("keras.engine.input_layer", "keras.layers"),
    ("keras.engine.base_layer", "keras.layers"),
    ("keras.engine", "keras.layers"),
    ("keras.layers.merge", "keras.layers"),
    ("keras.merge", "keras.layers"),
    ("keras.layers.experimental.preprocessing", "keras.layers"),
    ("keras.layers.experimental", "keras.layers"),
    ("keras.legacy.layers", "keras.layers"),
    ("keras.layers.merging", "keras.layers"),
    ("keras.layers.core", "keras.layers"),
    ("keras.layers.convolutional", "keras.layers"),
    ("keras.layers.pooling", "keras.layers"),
    ("keras.layers.recurrent", "keras.layers"),
    ("keras.layers.normalization", "keras.layers"),
    ("keras.layers.embeddings", "keras.layers"),
    ("keras.layers.wrappers", "keras.layers"),
    ("keras.layers.advanced_activations", "keras.layers"),
    ("keras.layers.preprocessing", "keras.layers"),
    ("keras.preprocessing.sequence", "keras.utils"),
    ("keras.preprocessing.image", "keras.utils"),
    ("numpy", "np"),
)

# Keras 1's `merge([a, b], mode=...)` is a function named like the module `keras.layers.merge`
# (whose members collapse to `keras.layers.X`): it gets a name of its own, outside
# `keras.layers` so that calling it never reads as constructing a layer class.
_FUNCTIONS = {"keras.layers.merge": "keras.merge"}

# keras.layers.Input is keras.Input; keras.Model.Model-style Keras 1 paths collapse too.
_ALIASES = {
    "keras.layers.Input": "keras.Input",
    "keras.layers.Model": "keras.Model",
    "keras.Functional": "keras.Model",
    "keras.layers.Sequential": "keras.Sequential",
    "keras.layers.Merge": "keras.layers.Merge",
    "keras.utils.sequence.pad_sequences": "keras.utils.pad_sequences",
    "tf.reduce_euclidean_norm": "tf.norm",
    "np.random.random_sample": "np.random.random",
    "np.random.sample": "np.random.random",
    "np.asarray": "np.array",
    "np.asanyarray": "np.array",
    "K.variable": "K.constant",
}


@lru_cache(maxsize=4096)
def canonical(dotted: str) -> str:
    """The one name for a dotted path, e.g. `tensorflow.keras.layers.Dense` -> `keras.layers.Dense`."""
    name = dotted
    changed = True
    while changed:
        changed = False
        if name in _FUNCTIONS:
            name = _FUNCTIONS[name]
        if name in _FUNCTIONS.values():
            break
        for prefix, replacement in _PREFIXES:
            if name == prefix or name.startswith(prefix + "."):
                new = replacement + name[len(prefix):]
                if new != name:
                    name, changed = new, True
                break
    parts = name.split(".")
    # keras.applications.<module>.<Model> -> keras.applications.<Model>
    if len(parts) == 4 and parts[:2] == ["keras", "applications"] and parts[2].islower():
        name = f"keras.applications.{parts[3]}"
    return _ALIASES.get(name, name)


# Names a star import from these modules can bring in (looked up lazily by the interpreter).
STAR_MODULES = ("keras.layers", "keras", "keras.models", "K", "keras.ops", "tf", "np")


# The top-level modules whose imports bind a name of one of those namespaces (`tf`, `K` and
# `np` are namespaces too: `import np` would bind NumPy).
_LIBRARIES = frozenset({"keras", "tensorflow", "tf_keras", "numpy", "tf", "K", "np"})


def imports_a_library(tree: ast.Module) -> bool:
    """Whether Python's tree of a file imports Keras, TensorFlow or NumPy anywhere. Every name
    siamlint understands comes through such an import, so a file without one has nothing
    to analyse. The top-level statements are looked at first: that is where imports are."""
    for node in chain(tree.body, ast.walk(tree)):
        if isinstance(node, ast.Import):
            if any(alias.name.partition(".")[0] in _LIBRARIES for alias in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module.partition(".")[0] in _LIBRARIES:
                return True
    return False
