"""Cases for the dtype rules SL201-SL203 (see siamlint.rules.cases for the convention)."""
from __future__ import annotations

CASES: dict[str, dict[str, list[str]]] = {}

# --------------------------------------------------------------------------- SL201
CASES["SL201"] = {
    "invalid": [
        # a float64 Variable minus float32 queries: TensorFlow raises
        """\
import numpy as np
import tensorflow as tf

prototypes = tf.Variable(np.zeros((3, 16)), dtype=tf.float64)
queries = tf.random.normal((3, 16), dtype=tf.float32)
d = tf.reduce_sum(tf.square(queries - prototypes), axis=1)  # SL201
""",
        # NumPy float64 against float32: upcast silently
        """\
import numpy as np

anchors = np.random.rand(5, 8)
probes = np.ones((5, 8), dtype=np.float32)
dist = np.linalg.norm(anchors - probes, axis=1)  # SL201
""",
        # inside a user distance function
        """\
import numpy as np
import tensorflow as tf


def l2_distance(a, b):
    return tf.norm(a - b, axis=-1)  # SL201


template = tf.constant(np.random.rand(2, 6), dtype="float64")
live = tf.constant([[0.5] * 6, [0.25] * 6])
print(l2_distance(template, live).numpy())
""",
        # a float32 NumPy array against a tensor cast to float64
        """\
import numpy as np
import tensorflow as tf

ref = np.random.rand(4, 32).astype(np.float32)
probe = tf.cast(tf.random.uniform((4, 32)), tf.float64)
sq = tf.reduce_sum(tf.square(ref - probe), axis=1)  # SL201
""",
        # keras.ops promotes
        """\
import numpy as np
import keras
from keras import ops

bank = ops.convert_to_tensor(np.random.rand(10, 8), dtype="float64")
query = ops.ones((10, 8))
scores = ops.sum(bank * query, axis=1)  # SL201
""",
        # Keras backend constants of two dtypes
        """\
from keras import backend as K

a = K.constant([[1.0, 2.0]], dtype="float64")
b = K.constant([[0.5, 0.5]])
gap = K.abs(a - b)  # SL201
""",
    ],
    "valid": [
        # float64 used consistently
        """\
import numpy as np

bank = np.random.rand(20, 16)
query = np.random.rand(1, 16)
dists = np.sqrt(np.sum((bank - query) ** 2, axis=1))
""",
        # both tensors float64 explicitly
        """\
import numpy as np
import tensorflow as tf

a = tf.constant(np.random.rand(4, 8), dtype=tf.float64)
b = tf.Variable(np.zeros((4, 8)), dtype="float64")
d = tf.norm(a - b, axis=1)
""",
        # cast before the distance
        """\
import numpy as np
import tensorflow as tf

prototypes = tf.Variable(np.zeros((3, 16)), dtype=tf.float64)
queries = tf.random.normal((3, 16))
d = tf.reduce_sum(tf.square(queries - tf.cast(prototypes, tf.float32)), axis=1)
""",
        # both arrays converted to float32
        """\
import numpy as np

a = np.random.rand(6, 4).astype("float32")
b = np.random.rand(6, 4).astype(np.float32)
gap = np.abs(a - b)
""",
        # dtypes that come from unknown functions
        """\
import numpy as np
from store import load_embeddings

gallery = load_embeddings("gallery")
probe = np.random.rand(1, 128)
dists = np.linalg.norm(gallery - probe, axis=1)
""",
        # a float64 Input inside a model: layers cast symbolic tensors
        """\
import tensorflow as tf

a = tf.keras.Input(shape=(8,), dtype="float64")
b = tf.keras.Input(shape=(8,), dtype="float64")
dense = tf.keras.layers.Dense(4)
diff = tf.keras.layers.Subtract()([dense(a), dense(b)])
""",
        # a float scalar and a float32 tensor
        """\
import tensorflow as tf

emb = tf.random.normal((4, 8))
scaled = emb * 0.5 - 1.0
""",
        # the Keras backend's constants default to floatx(), whatever the array holds
        """\
import numpy as np
from keras import backend as K

a = K.constant(np.random.rand(2, 6))
b = K.constant([[0.5] * 6, [0.25] * 6])
gap = K.abs(a - b)
""",
    ],
}

# --------------------------------------------------------------------------- SL202
CASES["SL202"] = {
    "invalid": [
        # float16 against float32 through a shared MLP
        """\
from tensorflow import keras
from tensorflow.keras import layers

shared_mlp = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(8)])
lhs = keras.Input(shape=(64,), dtype="float16")
rhs = keras.Input(shape=(64,), dtype="float32")
h_l = shared_mlp(lhs)
h_r = shared_mlp(rhs)  # SL202
""",
        # int32 token ids against the float32 default
        """\
import tensorflow as tf

embed = tf.keras.layers.Embedding(1000, 16)
pool = tf.keras.layers.GlobalAveragePooling1D()
q = tf.keras.Input(shape=(20,), dtype="int32")
d = tf.keras.Input(shape=(20,))
vq = pool(embed(q))
vd = pool(embed(d))  # SL202
""",
        # tf.float64 against the default, compared directly
        """\
import tensorflow as tf
from tensorflow.keras import layers

a = layers.Input(shape=(10,), dtype=tf.float64)
b = layers.Input(shape=(10,))
diff = layers.Subtract()([a, b])  # SL202
""",
        # np.float64 against "float32"
        """\
import numpy as np
from tensorflow.keras.layers import Input, Dense, Lambda
from tensorflow.keras import backend as K

left = Input(shape=(12,), dtype=np.float64)
right = Input(shape=(12,), dtype="float32")
encoder = Dense(6)
l_vec = encoder(left)
r_vec = encoder(right)  # SL202
dist = Lambda(lambda t: K.abs(t[0] - t[1]))([l_vec, r_vec])
""",
        # Keras 3, a tower factory called once
        """\
import keras
from keras import layers


def make_tower():
    return keras.Sequential([layers.Dense(16, activation="relu")])


tower = make_tower()
x1 = keras.Input(shape=(8,), dtype="float64")
x2 = keras.Input(shape=(8,))
e1 = tower(x1)
e2 = tower(x2)  # SL202
""",
        # a triplet with a float16 negative
        """\
from tensorflow.keras import layers, Model

embed = layers.Dense(16)
anchor = layers.Input(shape=(32,))
positive = layers.Input(shape=(32,))
negative = layers.Input(shape=(32,), dtype="float16")
ea = embed(anchor)
ep = embed(positive)
en = embed(negative)  # SL202
""",
    ],
    "valid": [
        # float64 for both
        """\
import numpy as np
import tensorflow as tf

a = tf.keras.Input(shape=(6,), dtype="float64")
b = tf.keras.Input(shape=(6,), dtype="float64")
tower = tf.keras.layers.Dense(4)
diff = tf.keras.layers.Subtract()([tower(a), tower(b)])
""",
        # "float32" and the default are the same dtype
        """\
from tensorflow import keras
from tensorflow.keras import layers

tower = layers.Dense(4)
a = keras.Input(shape=(6,), dtype="float32")
b = keras.Input(shape=(6,))
d = layers.Subtract()([tower(a), tower(b)])
""",
        # three spellings of float32
        """\
import numpy as np
import tensorflow as tf
from tensorflow.keras import backend as K

tower = tf.keras.layers.Dense(4)
a = tf.keras.Input(shape=(6,), dtype=tf.float32)
b = tf.keras.Input(shape=(6,), dtype=np.float32)
c = tf.keras.Input(shape=(6,), dtype=K.floatx())
ea, eb, ec = tower(a), tower(b), tower(c)
""",
        # a dtype from configuration is unknown
        """\
import json
import keras
from keras import layers

config = json.load(open("config.json"))
tower = layers.Dense(4)
a = keras.Input(shape=(6,), dtype=config["dtype"])
b = keras.Input(shape=(6,))
d = layers.Subtract()([tower(a), tower(b)])
""",
        # an image and its category id are not a pair
        """\
from tensorflow.keras import layers, Model

image = layers.Input(shape=(32, 32, 3))
category = layers.Input(shape=(1,), dtype="int32")
x = layers.GlobalAveragePooling2D()(layers.Conv2D(8, 3)(image))
c = layers.Flatten()(layers.Embedding(20, 8)(category))
joined = layers.Concatenate()([x, c])
model = Model([image, category], layers.Dense(1, activation="sigmoid")(joined))
""",
    ],
}

# --------------------------------------------------------------------------- SL203
CASES["SL203"] = {
    "invalid": [
        # an unguarded Euclidean Lambda
        """\
import tensorflow as tf
from tensorflow.keras import layers

tower = tf.keras.Sequential([layers.Dense(16)])
a = layers.Input(shape=(8,))
b = layers.Input(shape=(8,))
dist = layers.Lambda(lambda t: tf.sqrt(tf.reduce_sum(tf.square(t[0] - t[1]), axis=-1, keepdims=True)))([tower(a), tower(b)])  # SL203
""",
        # a user distance function with the Keras backend
        """\
from keras import backend as K
from keras.layers import Input, Dense, Lambda
from keras.models import Model


def euclidean_distance(vects):
    x, y = vects
    sum_square = K.sum(K.square(x - y), axis=1, keepdims=True)
    return K.sqrt(sum_square)  # SL203


shared = Dense(16)
a = Input(shape=(8,))
b = Input(shape=(8,))
distance = Lambda(euclidean_distance)([shared(a), shared(b)])
model = Model([a, b], distance)
""",
        # a subclassed distance layer with keras.ops
        """\
import keras
from keras import layers, ops


class DistanceLayer(layers.Layer):
    def call(self, a, b):
        return ops.sqrt(ops.sum(ops.square(a - b), axis=-1, keepdims=True))  # SL203


encoder = keras.Sequential([keras.Input((16,)), layers.Dense(8)])
x = keras.Input((16,))
y = keras.Input((16,))
distance = DistanceLayer()(encoder(x), encoder(y))
""",
        # a triplet loss over the stacked embeddings
        """\
import tensorflow as tf


def triplet_loss(y_true, y_pred):
    anchor, positive, negative = y_pred[:, :16], y_pred[:, 16:32], y_pred[:, 32:]
    pos = tf.sqrt(tf.reduce_sum(tf.square(anchor - positive), axis=-1))  # SL203
    neg = tf.sqrt(tf.reduce_sum(tf.square(anchor - negative), axis=-1))  # SL203
    return tf.reduce_mean(tf.maximum(pos - neg + 0.2, 0.0))


embed = tf.keras.layers.Dense(16)
a = tf.keras.Input(shape=(10,))
p = tf.keras.Input(shape=(10,))
n = tf.keras.Input(shape=(10,))
out = tf.keras.layers.Concatenate()([embed(a), embed(p), embed(n)])
model = tf.keras.Model([a, p, n], out)
model.compile(optimizer="adam", loss=triplet_loss)
""",
        # squares written with ** and tf.math.sqrt
        """\
import tensorflow as tf

KL = tf.keras.layers


def distance(pair):
    u, v = pair
    return tf.math.sqrt(tf.reduce_sum((u - v) ** 2, axis=1, keepdims=True))  # SL203


tower = tf.keras.Sequential([KL.Dense(8)])
i1 = KL.Input(shape=(4,))
i2 = KL.Input(shape=(4,))
d = KL.Lambda(distance)([tower(i1), tower(i2)])
""",
        # squared_difference
        """\
import tensorflow as tf
from tensorflow.keras import layers

enc = layers.Dense(8)
u = layers.Input(shape=(5,))
v = layers.Input(shape=(5,))
d = layers.Lambda(lambda t: tf.sqrt(tf.reduce_sum(tf.math.squared_difference(t[0], t[1]), 1, keepdims=True)))([enc(u), enc(v)])  # SL203
""",
        # one unguarded distance function behind two Lambdas: one report, where it is written
        """\
import tensorflow as tf
from tensorflow.keras import layers


def euclidean(pair):
    a, b = pair
    return tf.sqrt(tf.reduce_sum(tf.square(a - b), axis=1, keepdims=True))  # SL203


tower = tf.keras.Sequential([layers.Dense(8)])
anchor = layers.Input(shape=(6,))
positive = layers.Input(shape=(6,))
negative = layers.Input(shape=(6,))
ea, ep, en = tower(anchor), tower(positive), tower(negative)
d_pos = layers.Lambda(euclidean)([ea, ep])
d_neg = layers.Lambda(euclidean)([ea, en])
model = tf.keras.Model([anchor, positive, negative], layers.Concatenate()([d_pos, d_neg]))
""",
    ],
    "valid": [
        # the keras.io guard
        """\
import tensorflow as tf
from tensorflow.keras import layers


def euclidean_distance(vects):
    x, y = vects
    sum_square = tf.reduce_sum(tf.square(x - y), axis=1, keepdims=True)
    return tf.sqrt(tf.maximum(sum_square, tf.keras.backend.epsilon()))


tower = tf.keras.Sequential([layers.Dense(16)])
a = layers.Input(shape=(8,))
b = layers.Input(shape=(8,))
d = layers.Lambda(euclidean_distance)([tower(a), tower(b)])
""",
        # clip_by_value guard
        """\
import tensorflow as tf

enc = tf.keras.layers.Dense(8)
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(
    lambda t: tf.sqrt(tf.clip_by_value(tf.reduce_sum(tf.square(t[0] - t[1]), 1, keepdims=True), 1e-9, 1e9))
)([enc(a), enc(b)])
""",
        # an epsilon added inside the sqrt
        """\
import keras
from keras import layers, ops

enc = layers.Dense(8)
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
d = layers.Lambda(lambda t: ops.sqrt(ops.sum(ops.square(t[0] - t[1]), axis=1, keepdims=True) + 1e-7))([enc(a), enc(b)])
""",
        # NumPy evaluation after predict: no gradients
        """\
import numpy as np

emb_a = np.random.rand(10, 16)
emb_b = np.random.rand(10, 16)
dists = np.sqrt(np.sum((emb_a - emb_b) ** 2, axis=1))
""",
        # an eager TensorFlow evaluation
        """\
import tensorflow as tf

emb_a = tf.random.normal((10, 16))
emb_b = tf.random.normal((10, 16))
dists = tf.sqrt(tf.reduce_sum(tf.square(emb_a - emb_b), axis=1))
""",
        # the guard on its own line
        """\
from keras import backend as K
from keras.layers import Input, Dense, Lambda


def euclid(vects):
    x, y = vects
    sq = K.sum(K.square(x - y), axis=1, keepdims=True)
    sq = K.maximum(sq, K.epsilon())
    return K.sqrt(sq)


shared = Dense(8)
a = Input(shape=(4,))
b = Input(shape=(4,))
d = Lambda(euclid)([shared(a), shared(b)])
""",
        # a residual norm in a regression loss is not a distance between two branches
        """\
import tensorflow as tf


def residual_norm(y_true, y_pred):
    return tf.sqrt(tf.reduce_sum(tf.square(y_pred - y_true), axis=-1))


inp = tf.keras.Input(shape=(4,))
model = tf.keras.Model(inp, tf.keras.layers.Dense(2)(inp))
model.compile(optimizer="adam", loss=residual_norm)
""",
    ],
}
