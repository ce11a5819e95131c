"""Cases for the loss rules SL501-SL504 (see siamlint.rules.cases for the convention)."""
from __future__ import annotations

CASES: dict[str, dict[str, list[str]]] = {}

_CONTRASTIVE_TF = """\
def contrastive_loss(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    square_pred = tf.square(y_pred)
    margin_square = tf.square(tf.maximum(1.0 - y_pred, 0.0))
    return tf.reduce_mean(y_true * square_pred + (1 - y_true) * margin_square)
"""

# --------------------------------------------------------------------------- SL501
CASES["SL501"] = {
    "invalid": [
        # an element-wise product of the embeddings as the output
        """\
import keras
from keras import layers, ops


def contrastive_loss(y_true, y_pred):
    y_true = ops.cast(y_true, y_pred.dtype)
    return ops.mean(y_true * ops.square(y_pred) + (1 - y_true) * ops.square(ops.maximum(1.0 - y_pred, 0.0)))


shared = keras.Sequential([layers.Dense(64)])
u = keras.Input(shape=(32,))
v = keras.Input(shape=(32,))
prod = layers.Multiply()([shared(u), shared(v)])
model = keras.Model([u, v], prod)
model.compile(optimizer="adam", loss=contrastive_loss)  # SL501
""",
        # the two embeddings as two outputs
        """\
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

tower = tf.keras.Sequential([tf.keras.layers.Dense(16)])
a = tf.keras.Input(shape=(8,))
b = tf.keras.Input(shape=(8,))
model = tf.keras.Model(inputs=[a, b], outputs=[tower(a), tower(b)])
model.compile(optimizer="adam", loss=contrastive_loss)  # SL501
""",
        # a Subtract output, not reduced to a distance
        """\
from keras import backend as K
from keras.layers import Input, Dense, Subtract
from keras.models import Model


def contrastive_loss(y_true, y_pred):
    y_true = K.cast(y_true, K.floatx())
    return K.mean(y_true * K.square(y_pred) + (1 - y_true) * K.square(K.maximum(1 - y_pred, 0)))


shared = Dense(32)
a = Input(shape=(10,))
b = Input(shape=(10,))
diff = Subtract()([shared(a), shared(b)])
model = Model(input=[a, b], output=diff)
model.compile(loss=contrastive_loss, optimizer="rmsprop")  # SL501
""",
        # an absolute difference Lambda without the sum
        """\
import tensorflow as tf
from tensorflow.keras import layers

""" + _CONTRASTIVE_TF + """

tower = tf.keras.Sequential([layers.Dense(16)])
a = layers.Input(shape=(8,))
b = layers.Input(shape=(8,))
gap = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([tower(a), tower(b)])
model = tf.keras.Model([a, b], gap)
model.compile(optimizer="adam", loss=contrastive_loss)  # SL501
""",
        # a loss factory with a margin argument
        """\
import tensorflow as tf


def contrastive(margin=1.0):
    def loss(y_true, y_pred):
        y_true = tf.cast(y_true, y_pred.dtype)
        return tf.reduce_mean(y_true * tf.square(y_pred) + (1 - y_true) * tf.square(tf.maximum(margin - y_pred, 0)))

    return loss


embed = tf.keras.Sequential([tf.keras.layers.Dense(128)])
a = tf.keras.Input(shape=(20,))
b = tf.keras.Input(shape=(20,))
out = tf.keras.layers.Lambda(lambda t: t[0] * t[1])([embed(a), embed(b)])
model = tf.keras.Model([a, b], out)
model.compile(optimizer="adam", loss=contrastive(margin=1.0))  # SL501
""",
        # a Loss subclass
        """\
import tensorflow as tf


class ContrastiveLoss(tf.keras.losses.Loss):
    def __init__(self, margin=1.0):
        super().__init__()
        self.margin = margin

    def call(self, y_true, y_pred):
        y_true = tf.cast(y_true, y_pred.dtype)
        return tf.reduce_mean(y_true * tf.square(y_pred) + (1 - y_true) * tf.square(tf.nn.relu(self.margin - y_pred)))


tower = tf.keras.Sequential([tf.keras.layers.Dense(64)])
a = tf.keras.Input(shape=(8,))
b = tf.keras.Input(shape=(8,))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([tower(a), tower(b)]))
model.compile(optimizer="adam", loss=ContrastiveLoss(margin=2.0))  # SL501
""",
    ],
    "valid": [
        # a Euclidean distance with keepdims: (None, 1)
        """\
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

def euclidean_distance(vects):
    x, y = vects
    sum_square = tf.reduce_sum(tf.square(x - y), axis=1, keepdims=True)
    return tf.sqrt(tf.maximum(sum_square, tf.keras.backend.epsilon()))


tower = tf.keras.Sequential([tf.keras.layers.Dense(16)])
a = tf.keras.Input(shape=(8,))
b = tf.keras.Input(shape=(8,))
d = tf.keras.layers.Lambda(euclidean_distance)([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # a distance without keepdims: (None,)
        """\
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

tower = tf.keras.Sequential([tf.keras.layers.Dense(16)])
a = tf.keras.Input(shape=(8,))
b = tf.keras.Input(shape=(8,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # an output width from argparse is unknown
        """\
import argparse
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

args = argparse.ArgumentParser().parse_args()
tower = tf.keras.Sequential([tf.keras.layers.Dense(16)])
a = tf.keras.Input(shape=(8,))
b = tf.keras.Input(shape=(8,))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([tower(a), tower(b)])
out = tf.keras.layers.Dense(args.outputs)(d)
model = tf.keras.Model([a, b], out)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # binary cross-entropy is not a margin loss
        """\
from tensorflow.keras import layers, Model

shared = layers.Dense(32)
a = layers.Input(shape=(10,))
b = layers.Input(shape=(10,))
diff = layers.Subtract()([shared(a), shared(b)])
model = Model([a, b], diff)
model.compile(optimizer="adam", loss="binary_crossentropy")
""",
        # a cosine Dot gives one value per pair
        """\
import keras
from keras import layers, ops


def contrastive_loss(y_true, y_pred):
    y_true = ops.cast(y_true, "float32")
    return ops.mean(y_true * ops.square(y_pred) + (1 - y_true) * ops.square(ops.maximum(1.0 - y_pred, 0.0)))


tower = keras.Sequential([layers.Dense(16)])
a = keras.Input(shape=(8,))
b = keras.Input(shape=(8,))
sim = layers.Dot(axes=1, normalize=True)([tower(a), tower(b)])
model = keras.Model([a, b], sim)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # a batch-wise contrastive loss computes its own distances from the embeddings
        """\
import tensorflow as tf


def batch_contrastive(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    d = tf.sqrt(tf.maximum(tf.reduce_sum(tf.square(y_pred[:, None] - y_pred[None]), axis=-1), 1e-9))
    return tf.reduce_mean(y_true * tf.square(d) + (1.0 - y_true) * tf.square(tf.nn.relu(1.0 - d)))


inp = tf.keras.Input(shape=(32,))
embed = tf.keras.Model(inp, tf.keras.layers.Dense(64)(inp))
embed.compile(optimizer="adam", loss=batch_contrastive)
""",
    ],
}

# --------------------------------------------------------------------------- SL502
CASES["SL502"] = {
    "invalid": [
        # the Keras backend one-liner
        """\
from keras import backend as K


def contrastive_loss(y_true, y_pred):
    margin = 1
    return K.mean(y_true * K.square(y_pred) + (1 - y_true) * K.square(K.maximum(margin - y_pred, 0)))  # SL502


def euclidean(vects):
    x, y = vects
    return K.sqrt(K.maximum(K.sum(K.square(x - y), axis=1, keepdims=True), K.epsilon()))


from keras.layers import Input, Dense, Lambda
from keras.models import Model

shared = Dense(8)
a = Input(shape=(4,))
b = Input(shape=(4,))
model = Model([a, b], Lambda(euclidean)([shared(a), shared(b)]))
model.compile(loss=contrastive_loss, optimizer="rmsprop")
""",
        # TensorFlow, intermediate variables
        """\
import numpy as np
import tensorflow as tf


def contrastive_loss(y_true, y_pred):
    square_pred = tf.square(y_pred)
    margin_square = tf.square(tf.maximum(1.0 - y_pred, 0.0))
    return tf.reduce_mean(y_true * square_pred + (1 - y_true) * margin_square)  # SL502


tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
model.fit([np.random.rand(4, 4), np.random.rand(4, 4)], np.array([1, 0, 0, 1]))
""",
        # a Loss subclass
        """\
import tensorflow as tf


class ContrastiveLoss(tf.keras.losses.Loss):
    def __init__(self, margin=1.0, name="contrastive"):
        super().__init__(name=name)
        self.margin = margin

    def call(self, y_true, y_pred):
        positive = y_true * tf.square(y_pred)  # SL502
        negative = (1 - y_true) * tf.square(tf.maximum(self.margin - y_pred, 0.0))
        return tf.reduce_mean(positive + negative, axis=-1)


net = tf.keras.Sequential([tf.keras.layers.Dense(8)])
x1 = tf.keras.Input(shape=(4,))
x2 = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([net(x1), net(x2)])
model = tf.keras.Model([x1, x2], d)
model.compile(optimizer="adam", loss=ContrastiveLoss())
""",
        # a loss factory
        """\
import tensorflow as tf


def make_contrastive(margin):
    def loss(y_true, y_pred):
        near = tf.square(y_pred)
        far = tf.square(tf.maximum(margin - y_pred, 0.0))
        return tf.reduce_mean(y_true * near + (1 - y_true) * far)  # SL502

    return loss


embedder = tf.keras.Sequential([tf.keras.layers.Dense(6)])
a = tf.keras.Input(shape=(8,))
b = tf.keras.Input(shape=(8,))
dist = tf.keras.layers.Lambda(lambda t: tf.sqrt(tf.maximum(tf.reduce_sum(tf.square(t[0] - t[1]), axis=1, keepdims=True), 1e-9)))([embedder(a), embedder(b)])
model = tf.keras.Model([a, b], dist)
model.compile(optimizer="adam", loss=make_contrastive(1.0))
""",
        # keras.ops, the subtraction written first
        """\
import keras
from keras import layers, ops


def contrastive_loss(y_true, y_pred):
    far = ops.square(ops.maximum(1.0 - y_pred, 0.0))
    near = ops.square(y_pred)
    return ops.mean((1 - y_true) * far + y_true * near)  # SL502


tower = keras.Sequential([layers.Dense(8)])
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
d = layers.Lambda(lambda t: ops.sqrt(ops.maximum(ops.sum(ops.square(t[0] - t[1]), axis=1, keepdims=True), 1e-7)))([tower(a), tower(b)])
model = keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
    ],
    "valid": [
        # cast to y_pred's dtype first
        """\
import tensorflow as tf


def contrastive_loss(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    return tf.reduce_mean(y_true * tf.square(y_pred) + (1 - y_true) * tf.square(tf.maximum(1.0 - y_pred, 0.0)))


tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # K.cast to K.floatx()
        """\
from keras import backend as K
from keras.layers import Input, Dense, Lambda
from keras.models import Model


def contrastive_loss(y_true, y_pred):
    y_true = K.cast(y_true, K.floatx())
    return K.mean(y_true * K.square(y_pred) + (1.0 - y_true) * K.square(K.maximum(1.0 - y_pred, 0.0)))


shared = Dense(8)
a = Input(shape=(4,))
b = Input(shape=(4,))
d = Lambda(lambda t: K.sqrt(K.maximum(K.sum(K.square(t[0] - t[1]), axis=1, keepdims=True), K.epsilon())))([shared(a), shared(b)])
model = Model([a, b], d)
model.compile(loss=contrastive_loss, optimizer="rmsprop")
""",
        # float labels are passed to fit
        """\
import numpy as np
import tensorflow as tf


def contrastive_loss(y_true, y_pred):
    return tf.reduce_mean(y_true * tf.square(y_pred) + (1 - y_true) * tf.square(tf.maximum(1.0 - y_pred, 0.0)))


tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
labels = np.random.randint(0, 2, size=(8,)).astype("float32")
model.fit([np.random.rand(8, 4), np.random.rand(8, 4)], labels)
""",
        # ops.cast to a dtype string
        """\
import keras
from keras import layers, ops


def contrastive_loss(y_true, y_pred):
    y_true = ops.cast(y_true, "float32")
    return ops.mean(y_true * ops.square(y_pred) + (1 - y_true) * ops.square(ops.maximum(1.0 - y_pred, 0.0)))


tower = keras.Sequential([layers.Dense(8)])
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
d = layers.Lambda(lambda t: ops.sqrt(ops.maximum(ops.sum(ops.square(t[0] - t[1]), axis=1, keepdims=True), 1e-7)))([tower(a), tower(b)])
model = keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # the cast labels under another name
        """\
import tensorflow as tf


def contrastive_loss(y_true, y_pred):
    labels = tf.cast(y_true, tf.float32)
    positive = labels * tf.square(y_pred)
    negative = (1.0 - labels) * tf.square(tf.nn.relu(1.0 - y_pred))
    return tf.reduce_mean(positive + negative)


tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # a built-in loss
        """\
from tensorflow.keras import layers, Model

shared = layers.Dense(8)
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
d = layers.Subtract()([shared(a), shared(b)])
model = Model([a, b], layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss="binary_crossentropy")
""",
        # a regression residual: labels are float targets there
        """\
import tensorflow as tf


def residual_norm(y_true, y_pred):
    return tf.sqrt(tf.reduce_sum(tf.square(y_pred - y_true), axis=-1) + 1e-9)


inp = tf.keras.Input(shape=(4,))
model = tf.keras.Model(inp, tf.keras.layers.Dense(2)(inp))
model.compile(optimizer="adam", loss=residual_norm)
""",
        # labels built in a loop, then cast to float32 for fit
        """\
import numpy as np
import keras
from keras import ops


def make_pairs(x):
    pairs = []
    labels = []
    for idx in range(len(x)):
        pairs += [[x[idx], x[idx]]]
        labels += [0]
    return np.array(pairs), np.array(labels).astype("float32")


def contrastive_loss(y_true, y_pred):
    return ops.mean((1 - y_true) * ops.square(y_pred) + y_true * ops.square(ops.maximum(1.0 - y_pred, 0)))


pairs_train, labels_train = make_pairs(np.random.rand(100, 16).astype("float32"))
tower = keras.Sequential([keras.layers.Dense(8)])
a = keras.Input((16,))
b = keras.Input((16,))
d = keras.layers.Lambda(lambda t: ops.sqrt(ops.maximum(ops.sum(ops.square(t[0] - t[1]), axis=1, keepdims=True), 1e-7)))([tower(a), tower(b)])
model = keras.Model([a, b], d)
model.compile(loss=contrastive_loss, optimizer="RMSprop")
model.fit([pairs_train[:, 0], pairs_train[:, 1]], labels_train, epochs=1)
""",
    ],
}

# --------------------------------------------------------------------------- SL503
CASES["SL503"] = {
    "invalid": [
        # a sigmoid head trained with a margin-1 contrastive loss
        """\
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

tower = tf.keras.Sequential([tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(18,))
b = tf.keras.Input(shape=(18,))
gap = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([tower(a), tower(b)])
out = tf.keras.layers.Dense(1, activation="sigmoid")(gap)
model = tf.keras.Model([a, b], out)
model.compile(optimizer="adam", loss=contrastive_loss)  # SL503
""",
        # a tanh Activation at the end
        """\
from keras import backend as K
from keras.layers import Input, Dense, Lambda, Activation
from keras.models import Model


def contrastive_loss(y_true, y_pred):
    y_true = K.cast(y_true, K.floatx())
    return K.mean(y_true * K.square(y_pred) + (1 - y_true) * K.square(K.maximum(1 - y_pred, 0)))


shared = Dense(8)
a = Input(shape=(4,))
b = Input(shape=(4,))
d = Lambda(lambda t: K.sum(K.abs(t[0] - t[1]), axis=1, keepdims=True))([shared(a), shared(b)])
out = Activation("tanh")(d)
model = Model([a, b], out)
model.compile(loss=contrastive_loss, optimizer="adam")  # SL503
""",
        # a sigmoid applied to the distance in a Lambda
        """\
import tensorflow as tf
from tensorflow.keras import layers

""" + _CONTRASTIVE_TF + """

tower = tf.keras.Sequential([layers.Dense(8)])
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
d = layers.Lambda(lambda t: tf.sigmoid(tf.norm(t[0] - t[1], axis=1, keepdims=True)))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)  # SL503
""",
        # activation=tf.nn.sigmoid
        """\
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

shared = tf.keras.layers.Dense(16)
a = tf.keras.Input(shape=(6,))
b = tf.keras.Input(shape=(6,))
diff = tf.keras.layers.Subtract()([shared(a), shared(b)])
out = tf.keras.layers.Dense(1, activation=tf.nn.sigmoid)(diff)
model = tf.keras.Model([a, b], out)
model.compile(optimizer="adam", loss=contrastive_loss)  # SL503
""",
        # margin 2 on a sigmoid, keras.ops and keras.activations
        """\
import keras
from keras import layers, ops


def contrastive_loss(y_true, y_pred):
    y_true = ops.cast(y_true, y_pred.dtype)
    return ops.mean(y_true * ops.square(y_pred) + (1 - y_true) * ops.square(ops.maximum(2.0 - y_pred, 0.0)))


tower = keras.Sequential([layers.Dense(8)])
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
gap = layers.Lambda(lambda t: ops.abs(t[0] - t[1]))([tower(a), tower(b)])
out = layers.Activation(keras.activations.sigmoid)(layers.Dense(1)(gap))
model = keras.Model([a, b], out)
model.compile(optimizer="adam", loss=contrastive_loss)  # SL503
""",
        # the keras.io contrastive example: a sigmoid head under a margin-1 loss
        """\
import numpy as np
import keras
from keras import ops


def make_pairs(x):
    pairs = []
    labels = []
    for idx in range(len(x)):
        pairs += [[x[idx], x[idx]]]
        labels += [0]
    return np.array(pairs), np.array(labels).astype("float32")


def euclidean_distance(vects):
    x, y = vects
    sum_square = ops.sum(ops.square(x - y), axis=1, keepdims=True)
    return ops.sqrt(ops.maximum(sum_square, keras.backend.epsilon()))


def loss(margin=1):
    def contrastive_loss(y_true, y_pred):
        square_pred = ops.square(y_pred)
        margin_square = ops.square(ops.maximum(margin - (y_pred), 0))
        return ops.mean((1 - y_true) * square_pred + (y_true) * margin_square)

    return contrastive_loss


pairs_train, labels_train = make_pairs(np.random.rand(100, 28, 28).astype("float32"))
inp = keras.layers.Input((28, 28, 1))
x = keras.layers.Flatten()(inp)
embedding_network = keras.Model(inp, keras.layers.Dense(10, activation="tanh")(x))
input_1 = keras.layers.Input((28, 28, 1))
input_2 = keras.layers.Input((28, 28, 1))
merge_layer = keras.layers.Lambda(euclidean_distance, output_shape=(1,))([embedding_network(input_1), embedding_network(input_2)])
normal_layer = keras.layers.BatchNormalization()(merge_layer)
output_layer = keras.layers.Dense(1, activation="sigmoid")(normal_layer)
siamese = keras.Model(inputs=[input_1, input_2], outputs=output_layer)
siamese.compile(loss=loss(margin=1), optimizer="RMSprop", metrics=["accuracy"])  # SL503
siamese.fit([pairs_train[:, 0], pairs_train[:, 1]], labels_train, batch_size=16, epochs=1)
""",
    ],
    "valid": [
        # a sigmoid inside the tower, an unbounded softplus head
        """\
import keras
from keras import layers
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

tower = keras.Sequential([keras.Input(shape=(24,)), layers.Dense(32, activation="sigmoid"), layers.Dense(12)])
u = keras.Input(shape=(24,))
v = keras.Input(shape=(24,))
gap = layers.Lambda(lambda t: abs(t[0] - t[1]))([tower(u), tower(v)])
head = layers.Dense(1, activation="softplus")(gap)
model = keras.Model([u, v], head)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # tanh embeddings, the contrastive loss on the raw Euclidean distance
        """\
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

def euclidean_distance(vects):
    x, y = vects
    sum_square = tf.reduce_sum(tf.square(x - y), axis=1, keepdims=True)
    return tf.sqrt(tf.maximum(sum_square, tf.keras.backend.epsilon()))


inp = tf.keras.layers.Input((16,))
embedding_network = tf.keras.Model(inp, tf.keras.layers.Dense(10, activation="tanh")(inp))
a = tf.keras.layers.Input((16,))
b = tf.keras.layers.Input((16,))
d = tf.keras.layers.Lambda(euclidean_distance)([embedding_network(a), embedding_network(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # a sigmoid head with binary cross-entropy
        """\
from tensorflow.keras import layers, Model

shared = layers.Dense(8)
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
d = layers.Subtract()([shared(a), shared(b)])
model = Model([a, b], layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss="binary_crossentropy")
""",
        # a margin below 1 can be exceeded by a sigmoid
        """\
import tensorflow as tf


def contrastive_loss(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    return tf.reduce_mean(y_true * tf.square(y_pred) + (1 - y_true) * tf.square(tf.maximum(0.5 - y_pred, 0.0)))


shared = tf.keras.layers.Dense(8)
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([shared(a), shared(b)])
model = tf.keras.Model([a, b], tf.keras.layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss=contrastive_loss)
""",
        # an activation from configuration is unknown
        """\
import json
import tensorflow as tf

""" + _CONTRASTIVE_TF + """

config = json.load(open("config.json"))
shared = tf.keras.layers.Dense(8)
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([shared(a), shared(b)])
model = tf.keras.Model([a, b], tf.keras.layers.Dense(1, activation=config["activation"])(d))
model.compile(optimizer="adam", loss=contrastive_loss)
""",
    ],
}

# --------------------------------------------------------------------------- SL504
CASES["SL504"] = {
    "invalid": [
        # the keras.io layout with accuracy
        """\
import numpy as np
import tensorflow as tf


def euclidean_distance(vects):
    x, y = vects
    sum_square = tf.reduce_sum(tf.square(x - y), axis=1, keepdims=True)
    return tf.sqrt(tf.maximum(sum_square, tf.keras.backend.epsilon()))


""" + _CONTRASTIVE_TF + """

inp = tf.keras.layers.Input((28, 28, 1))
x = tf.keras.layers.Flatten()(inp)
embedding_network = tf.keras.Model(inp, tf.keras.layers.Dense(10, activation="tanh")(x))
input_1 = tf.keras.layers.Input((28, 28, 1))
input_2 = tf.keras.layers.Input((28, 28, 1))
merge_layer = tf.keras.layers.Lambda(euclidean_distance)([embedding_network(input_1), embedding_network(input_2)])
siamese = tf.keras.Model(inputs=[input_1, input_2], outputs=merge_layer)
siamese.compile(loss=contrastive_loss, optimizer="RMSprop", metrics=["accuracy"])  # SL504
""",
        # an L1 distance with "acc"
        """\
from keras import backend as K
from keras.layers import Input, Dense, Lambda
from keras.models import Model

shared = Dense(8)
a = Input(shape=(4,))
b = Input(shape=(4,))
d = Lambda(lambda t: K.sum(K.abs(t[0] - t[1]), axis=1, keepdims=True))([shared(a), shared(b)])
model = Model([a, b], d)
model.compile(loss="mse", optimizer="adam", metrics=["acc"])  # SL504
""",
        # binary_accuracy with tf.norm
        """\
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss="mse", metrics=["binary_accuracy"])  # SL504
""",
        # a BinaryAccuracy object
        """\
import keras
from keras import layers, ops

tower = keras.Sequential([layers.Dense(8)])
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
d = layers.Lambda(lambda t: ops.sqrt(ops.maximum(ops.sum(ops.square(t[0] - t[1]), axis=1, keepdims=True), 1e-7)))([tower(a), tower(b)])
model = keras.Model([a, b], d)
model.compile(optimizer="adam", loss="mse", metrics=[keras.metrics.BinaryAccuracy()])  # SL504
""",
        # Subtract, then an L1 reduction; metrics given as a string
        """\
import tensorflow as tf
from tensorflow.keras import layers

shared = layers.Dense(8)
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
diff = layers.Subtract()([shared(a), shared(b)])
dist = layers.Lambda(lambda d: tf.reduce_sum(tf.abs(d), axis=1, keepdims=True))(diff)
model = tf.keras.Model([a, b], dist)
model.compile(optimizer="adam", loss="mse", metrics="accuracy")  # SL504
""",
    ],
    "valid": [
        # exp(-L1) is a similarity: high for similar pairs
        """\
from keras import backend as K
from keras.layers import Input, Embedding, LSTM, Lambda
from keras.models import Model

embed = Embedding(1000, 32)
lstm = LSTM(16)
a = Input(shape=(20,))
b = Input(shape=(20,))
malstm = Lambda(lambda t: K.exp(-K.sum(K.abs(t[0] - t[1]), axis=1, keepdims=True)))([lstm(embed(a)), lstm(embed(b))])
model = Model([a, b], malstm)
model.compile(loss="mean_squared_error", optimizer="adam", metrics=["accuracy"])
""",
        # a cosine Dot
        """\
import tensorflow as tf
from tensorflow.keras import layers

tower = tf.keras.Sequential([layers.Dense(16)])
a = layers.Input(shape=(8,))
b = layers.Input(shape=(8,))
sim = layers.Dot(axes=1, normalize=True)([tower(a), tower(b)])
model = tf.keras.Model([a, b], sim)
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
""",
        # a sigmoid head after the distance
        """\
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([tower(a), tower(b)])
model = tf.keras.Model([a, b], tf.keras.layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
""",
        # a distance measured with mae only
        """\
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
""",
        # a custom metric that thresholds the distance
        """\
import tensorflow as tf


def pair_accuracy(y_true, y_pred):
    return tf.reduce_mean(tf.cast(tf.equal(tf.cast(y_pred < 0.5, y_true.dtype), y_true), tf.float32))


tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss="mse", metrics=[pair_accuracy])
""",
        # 1 - distance is not a distance any more
        """\
import tensorflow as tf
from tensorflow.keras import layers

tower = layers.Dense(8)
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
d = layers.Lambda(lambda t: 1.0 - tf.reduce_mean(tf.abs(t[0] - t[1]), axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
""",
        # MaLSTM: exp(-L1) through a two-argument helper, with accuracy
        """\
from keras.models import Model
from keras.layers import Input, Embedding, LSTM, Lambda
import keras.backend as K


def exponent_neg_manhattan_distance(left, right):
    return K.exp(-K.sum(K.abs(left - right), axis=1, keepdims=True))


left_input = Input(shape=(40,), dtype="int32")
right_input = Input(shape=(40,), dtype="int32")
embedding_layer = Embedding(5000, 300, input_length=40, trainable=False)
shared_lstm = LSTM(50)
left_output = shared_lstm(embedding_layer(left_input))
right_output = shared_lstm(embedding_layer(right_input))
malstm_distance = Lambda(function=lambda x: exponent_neg_manhattan_distance(x[0], x[1]), output_shape=lambda x: (x[0][0], 1))([left_output, right_output])
malstm = Model([left_input, right_input], [malstm_distance])
malstm.compile(loss="mean_squared_error", optimizer="adam", metrics=["accuracy"])
""",
    ],
}

# A near-miss found on real-world code (keras.io): float labels made by a helper.
CASES["SL502"]["valid"].append(
    """\
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def make_pairs(x):
    pairs, labels = [], []
    for i in range(len(x)):
        pairs += [[x[i], x[i]]]
        labels += [1]
    return np.array(pairs), np.array(labels).astype("float32")


enc = layers.Dense(4)
a, b = layers.Input((8,)), layers.Input((8,))
d = layers.Lambda(lambda v: tf.sqrt(tf.maximum(tf.reduce_sum(tf.square(v[0] - v[1]), 1, keepdims=True), 1e-7)))([enc(a), enc(b)])
model = keras.Model([a, b], d)


def contrastive_loss(y_true, y_pred):
    return tf.reduce_mean((1 - y_true) * tf.square(y_pred) + y_true * tf.square(tf.maximum(1.0 - y_pred, 0)))


model.compile(loss=contrastive_loss, optimizer="adam")
pairs, labels = make_pairs(np.zeros((4, 8)))
model.fit([pairs[:, 0], pairs[:, 1]], labels)
""")
CASES["SL502"]["valid"].append(
    # labels declared float32 while their contents come from a file
    """\
import numpy as np
import keras
from keras import ops

y = np.array(open("labels.txt").read().split(), dtype="float32")
a, b = keras.Input((8,)), keras.Input((8,))
tower = keras.layers.Dense(4)
d = keras.layers.Lambda(lambda t: ops.sqrt(ops.maximum(ops.sum(ops.square(t[0] - t[1]), axis=1, keepdims=True), 1e-7)))([tower(a), tower(b)])
model = keras.Model([a, b], d)


def contrastive_loss(y_true, y_pred):
    return ops.mean(y_true * ops.square(y_pred) + (1 - y_true) * ops.square(ops.maximum(1 - y_pred, 0)))


model.compile(optimizer="adam", loss=contrastive_loss)
model.fit([np.zeros((32, 8), "float32"), np.zeros((32, 8), "float32")], y)
""")
