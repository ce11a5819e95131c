"""Cases for the shape rules SL101-SL106 (see siamlint.rules.cases for the convention)."""
from __future__ import annotations

CASES: dict[str, dict[str, list[str]]] = {}

# --------------------------------------------------------------------------- SL101
CASES["SL101"] = {
    "invalid": [
        # an Input-less Sequential tower fixed by its first call
        """\
import tensorflow as tf

tower = tf.keras.Sequential([
    tf.keras.layers.Conv2D(16, 3, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(32),
])
input_a = tf.keras.Input(shape=(64, 64, 3))
input_b = tf.keras.Input(shape=(32, 32, 3))
emb_a = tower(input_a)
emb_b = tower(input_b)  # SL101
distance = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([emb_a, emb_b])
model = tf.keras.Model([input_a, input_b], tf.keras.layers.Dense(1, activation="sigmoid")(distance))
""",
        # a tower factory building a functional Model for one shape
        """\
from tensorflow.keras import layers, Model, Input


def build_tower(shape):
    inp = Input(shape=shape)
    x = layers.Flatten()(inp)
    x = layers.Dense(64, activation="relu")(x)
    return Model(inp, x)


tower = build_tower((28, 28, 1))
left = Input(shape=(28, 28, 1))
right = Input(shape=(28, 28, 3))
diff = layers.Subtract()([tower(left), tower(right)])  # SL101
model = Model([left, right], layers.Dense(1, activation="sigmoid")(diff))
""",
        # Keras 2: no shared tower, the branches are compared directly
        """\
from keras import backend as K
from keras.layers import *
from keras.models import Model

left_in = Input(shape=(100,))
right_in = Input(shape=(80,))
left_vec = Dense(32, activation="relu")(left_in)
right_vec = Dense(32, activation="relu")(right_in)  # SL101
dist = Lambda(lambda t: K.abs(t[0] - t[1]))([left_vec, right_vec])
model = Model(input=[left_in, right_in], output=Dense(1, activation="sigmoid")(dist))
""",
        # Keras 3, a Sequential built with .add(), a user distance function
        """\
import keras
from keras import ops


def euclidean(vects):
    x, y = vects
    s = ops.sum(ops.square(x - y), axis=1, keepdims=True)
    return ops.sqrt(ops.maximum(s, keras.backend.epsilon()))


net = keras.Sequential()
net.add(keras.layers.Flatten())
net.add(keras.layers.Dense(64))
a = keras.Input((28, 28))
b = keras.Input((28, 32))
fa = net(a)
fb = net(b)  # SL101
d = keras.layers.Lambda(euclidean)([fa, fb])
model = keras.Model([a, b], d)
""",
        # a local alias for the layers module, shapes from a constant expression
        """\
import tensorflow as tf

KL = tf.keras.layers
IMG = 96
encoder = tf.keras.Sequential([KL.Conv2D(8, 3), KL.GlobalMaxPooling2D()], name="encoder")
anchor = KL.Input(shape=(IMG, IMG, 3))
positive = KL.Input(shape=(IMG * 2, IMG * 2, 3))
za = encoder(anchor)
zp = encoder(positive)  # SL101
out = KL.Dot(axes=1, normalize=True)([za, zp])
""",
        # a triplet whose negative differs
        """\
from tensorflow import keras
from tensorflow.keras import layers


def make_embedding():
    return keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(16)])


embedding = make_embedding()
anchor = layers.Input(name="anchor", shape=(40,))
positive = layers.Input(name="positive", shape=(40,))
negative = layers.Input(name="negative", shape=(48,))
ea = embedding(anchor)
ep = embedding(positive)
en = embedding(negative)  # SL101
model = keras.Model([anchor, positive, negative], [ea, ep, en])
""",
        # a subclassed Model applying its tower to both inputs
        """\
import keras
from keras import layers, ops


class Siamese(keras.Model):
    def __init__(self):
        super().__init__()
        self.tower = keras.Sequential([layers.Dense(16)])

    def call(self, inputs):
        a, b = inputs
        return ops.abs(self.tower(a) - self.tower(b))  # SL101


a = keras.Input((10,))
b = keras.Input((12,))
out = Siamese()([a, b])
""",
        # Keras 1's merge() with a distance function
        """\
from keras import backend as K
from keras.layers import Input, Dense, merge
from keras.models import Model

shared = Dense(16, activation="relu")
left = Input(shape=(30,))
right = Input(shape=(20,))
h_left = shared(left)
h_right = shared(right)  # SL101
distance = merge([h_left, h_right], mode=lambda x: K.abs(x[0] - x[1]), output_shape=lambda x: x[0])
model = Model(input=[left, right], output=Dense(1, activation="sigmoid")(distance))
""",
    ],
    "valid": [
        # the same shape written as a list and as a tuple
        """\
import tensorflow as tf
from tensorflow.keras import layers

tower = tf.keras.Sequential([layers.Conv2D(16, 3), layers.GlobalAveragePooling2D()])
img_a = layers.Input(shape=[64, 64, 3])
img_b = layers.Input(shape=(64, 64, 3))
d = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([tower(img_a), tower(img_b)])
model = tf.keras.Model([img_a, img_b], layers.Dense(1, activation="sigmoid")(d))
""",
        # the same shape through a constant expression and positionally
        """\
from tensorflow import keras
from tensorflow.keras import layers

IMG = 105
SHAPE = (IMG,) * 2 + (1,)
tower = keras.Sequential([keras.Input(shape=SHAPE), layers.Conv2D(8, 3), layers.Flatten()])
first = keras.Input(SHAPE)
second = keras.Input(shape=(105, 105, 1))
diff = layers.Subtract()([tower(first), tower(second)])
""",
        # an input resized with Resizing before the shared tower
        """\
import keras
from keras import layers

tower = keras.Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D(), layers.Dense(16)])
big = keras.Input(shape=(64, 64, 3))
small = keras.Input(shape=(32, 32, 3))
small_up = layers.Resizing(64, 64)(small)
emb_big = tower(big)
emb_small = tower(small_up)
score = layers.Dot(axes=1, normalize=True)([emb_big, emb_small])
""",
        # a shape from argparse is unknown
        """\
import argparse
import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--size", type=int, default=64)
args = parser.parse_args()
tower = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3), tf.keras.layers.GlobalAveragePooling2D()])
query = tf.keras.Input(shape=(args.size, args.size, 3))
reference = tf.keras.Input(shape=(64, 64, 3))
q = tower(query)
r = tower(reference)
dist = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([q, r])
""",
        # `if` branches assign different shapes: unknown
        """\
import os
from tensorflow.keras import layers, Model, Sequential

if os.environ.get("LARGE"):
    shape_b = (128, 128, 3)
else:
    shape_b = (64, 64, 3)
tower = Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D()])
a = layers.Input(shape=(64, 64, 3))
b = layers.Input(shape=shape_b)
merged = layers.Subtract()([tower(a), tower(b)])
model = Model([a, b], merged)
""",
        # a shape from an unknown function, and a distance merged with a metadata Input
        """\
import tensorflow as tf
from mylib import image_shape

K = tf.keras.backend
tower = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(32)])
a = tf.keras.Input(shape=image_shape())
b = tf.keras.Input(shape=(28, 28))
meta = tf.keras.Input(shape=(5,))
dist = tf.keras.layers.Lambda(lambda t: K.abs(t[0] - t[1]))([tower(a), tower(b)])
joined = tf.keras.layers.Concatenate()([dist, meta])
model = tf.keras.Model([a, b, meta], tf.keras.layers.Dense(1, activation="sigmoid")(joined))
""",
        # an image and its metadata are different modalities, not a pair
        """\
from tensorflow.keras import layers, Model

image = layers.Input(shape=(64, 64, 3))
meta = layers.Input(shape=(12,))
x = layers.Conv2D(8, 3, activation="relu")(image)
x = layers.GlobalAveragePooling2D()(x)
m = layers.Dense(8, activation="relu")(meta)
joined = layers.Concatenate()([x, m])
model = Model([image, meta], layers.Dense(1, activation="sigmoid")(joined))
""",
        # a star import, a Keras 2 one-shot network built with .add()
        """\
from tensorflow.keras.layers import *
from tensorflow.keras.models import Model, Sequential
from tensorflow.keras import backend as K

input_shape = (105, 105, 1)
left_input = Input(input_shape)
right_input = Input(input_shape)
convnet = Sequential()
convnet.add(Conv2D(64, (10, 10), activation="relu", input_shape=input_shape))
convnet.add(MaxPooling2D())
convnet.add(Flatten())
convnet.add(Dense(128, activation="sigmoid"))
encoded_l = convnet(left_input)
encoded_r = convnet(right_input)
L1_distance = Lambda(lambda tensors: K.abs(tensors[0] - tensors[1]))([encoded_l, encoded_r])
siamese_net = Model(inputs=[left_input, right_input], outputs=Dense(1, activation="sigmoid")(L1_distance))
""",
        # a leading None holding the batch axis is SL105's finding, not a pair mismatch
        """\
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Conv2D(4, 3), tf.keras.layers.GlobalAveragePooling2D()])
a = tf.keras.Input(shape=(64, 64, 3))
b = tf.keras.Input(shape=(None, 64, 64, 3))
d = tf.keras.layers.Subtract()([tower(a), tower(b)])
""",
    ],
}

# --------------------------------------------------------------------------- SL102
CASES["SL102"] = {
    "invalid": [
        # a Sequential with an Input, called on a pair of another size
        """\
from tensorflow import keras
from tensorflow.keras import layers

encoder = keras.Sequential([keras.Input(shape=(96, 96, 3)), layers.Flatten(), layers.Dense(32)])
anchor = keras.Input(shape=(112, 112, 3))
positive = keras.Input(shape=(112, 112, 3))
za = encoder(anchor)  # SL102
zp = encoder(positive)  # SL102
d = layers.Lambda(lambda t: abs(t[0] - t[1]))([za, zp])
""",
        # a function-built Model for a rank-3 image, called on rank-2 inputs
        """\
import tensorflow as tf


def build_encoder(shape):
    inp = tf.keras.Input(shape=shape)
    x = tf.keras.layers.Flatten()(inp)
    return tf.keras.Model(inp, tf.keras.layers.Dense(16)(x))


encoder = build_encoder((28, 28, 1))
left = tf.keras.Input(shape=(28, 28))
right = tf.keras.Input(shape=(28, 28))
l_vec = encoder(left)  # SL102
r_vec = encoder(right)  # SL102
""",
        # a first layer with input_shape= fixes the Sequential
        """\
from tensorflow.keras.layers import Dense, Input, Subtract
from tensorflow.keras.models import Sequential, Model

mlp = Sequential()
mlp.add(Dense(32, activation="relu", input_shape=(20,)))
mlp.add(Dense(8))
u = Input(shape=(24,))
v = Input(shape=(24,))
diff = Subtract()([mlp(u), mlp(v)])  # SL102
""",
        # a factory whose default shape is not the pair's
        """\
import keras
from keras import layers


def make_tower(input_shape=(64,)):
    inputs = keras.Input(shape=input_shape)
    x = layers.Dense(32, activation="relu")(inputs)
    return keras.Model(inputs, layers.Dense(16)(x), name="tower")


tower = make_tower()
x1 = keras.Input(shape=(128,))
x2 = keras.Input(shape=(128,))
e1 = tower(x1)  # SL102
e2 = tower(x2)  # SL102
""",
        # a comparator head built for 32 features gets the 16-wide difference
        """\
import tensorflow as tf
from tensorflow.keras import layers, Model

shared = tf.keras.Sequential([layers.Dense(16, activation="relu")])
a = layers.Input(shape=(10,))
b = layers.Input(shape=(10,))
diff = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([shared(a), shared(b)])
head_in = layers.Input(shape=(32,))
head = Model(head_in, layers.Dense(1, activation="sigmoid")(head_in))
score = head(diff)  # SL102
""",
        # Keras 2 idioms: Model(input=, output=)
        """\
from keras.layers import Input, Dense, Flatten
from keras.models import Model

seq_in = Input(shape=(50, 8))
h = Dense(16)(Flatten()(seq_in))
base_network = Model(input=seq_in, output=h)
input_a = Input(shape=(8, 50))
input_b = Input(shape=(8, 50))
processed_a = base_network(input_a)  # SL102
processed_b = base_network(input_b)  # SL102
""",
    ],
    "valid": [
        # a tower built for a list shape called on tuple-shaped Inputs
        """\
from tensorflow import keras
from tensorflow.keras import layers

encoder = keras.Sequential([keras.Input(shape=[64, 64, 3]), layers.Flatten(), layers.Dense(32)])
a = keras.Input(shape=(64, 64, 3))
b = keras.Input(shape=(64, 64, 3))
d = layers.Subtract()([encoder(a), encoder(b)])
""",
        # an Input-less Sequential fixed by its first call, called again on the same shape
        """\
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3), tf.keras.layers.GlobalAveragePooling2D()])
a = tf.keras.Input(shape=(48, 48, 3))
b = tf.keras.Input(shape=(48, 48, 3))
ea = tower(a)
eb = tower(b)
""",
        # Resizing to the tower's shape first
        """\
import keras
from keras import layers

tower = keras.Sequential([keras.Input(shape=(64, 64, 3)), layers.Conv2D(8, 3), layers.Flatten()])
photo = keras.Input(shape=(128, 128, 3))
sketch = keras.Input(shape=(128, 128, 3))
resize = layers.Resizing(64, 64)
e_photo = tower(resize(photo))
e_sketch = tower(resize(sketch))
""",
        # a fully convolutional tower takes any spatial size
        """\
from tensorflow.keras import layers, Model, Input

inp = Input(shape=(None, None, 3))
x = layers.Conv2D(16, 3, activation="relu")(inp)
tower = Model(inp, layers.GlobalAveragePooling2D()(x))
a = Input(shape=(80, 80, 3))
b = Input(shape=(80, 80, 3))
dist = layers.Subtract()([tower(a), tower(b)])
""",
        # a tower built for a shape from argparse
        """\
import argparse
import tensorflow as tf

args = argparse.ArgumentParser().parse_args()
tower = tf.keras.Sequential([tf.keras.Input(shape=(args.dim,)), tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(32,))
b = tf.keras.Input(shape=(32,))
ea, eb = tower(a), tower(b)
""",
        # the tower's shape and the Inputs' through one constant expression
        """\
from tensorflow import keras
from tensorflow.keras import layers

IMG = 32
tower = keras.Sequential([keras.Input(shape=(IMG,) * 2 + (3,)), layers.Flatten(), layers.Dense(8)])
a = keras.Input(shape=(IMG, IMG, 3))
b = keras.Input(shape=[32, 32, 3])
ea, eb = tower(a), tower(b)
""",
        # the Inputs hold a batch axis: SL105 reports them, not the tower calls
        """\
import numpy as np
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.Input(shape=(64, 64, 3)), tf.keras.layers.Conv2D(4, 3), tf.keras.layers.Flatten()])
a = tf.keras.Input(shape=(None, 64, 64, 3))
b = tf.keras.Input(shape=(None, 64, 64, 3))
d = tf.keras.layers.Subtract()([tower(a), tower(b)])
""",
    ],
}

# --------------------------------------------------------------------------- SL103
CASES["SL103"] = {
    "invalid": [
        # eager keras.ops embeddings of widths 32 and 16
        """\
import keras
from keras import ops

user_vecs = ops.ones((4, 32))
item_vecs = ops.zeros((4, 16))
gap = ops.abs(user_vecs - item_vecs)  # SL103
""",
        # one trunk, two projection widths, then Subtract
        """\
import tensorflow as tf
from tensorflow.keras import layers

trunk = tf.keras.Sequential([layers.Dense(32, activation="relu")])
user = layers.Input(shape=(20,))
item = layers.Input(shape=(20,))
u_vec = layers.Dense(64)(trunk(user))
i_vec = layers.Dense(48)(trunk(item))
diff = layers.Subtract()([u_vec, i_vec])  # SL103
""",
        # a Lambda distance with a user function on widths 128 and 64
        """\
from keras import backend as K
from keras.layers import Input, Dense, Lambda
from keras.models import Model


def euclidean_distance(vects):
    x, y = vects
    return K.sqrt(K.maximum(K.sum(K.square(x - y), axis=1, keepdims=True), K.epsilon()))


shared = Dense(256, activation="relu")
a = Input(shape=(30,))
b = Input(shape=(30,))
ea = Dense(128)(shared(a))
eb = Dense(64)(shared(b))
distance = Lambda(euclidean_distance)([ea, eb])  # SL103
""",
        # a cosine Dot of 64- and 48-wide embeddings
        """\
import keras
from keras import layers

trunk = keras.Sequential([layers.Dense(32, activation="relu")])
u = keras.Input(shape=(16,))
v = keras.Input(shape=(16,))
u_vec = layers.Dense(64)(trunk(u))
v_vec = layers.Dense(48)(trunk(v))
score = layers.Dot(axes=1, normalize=True)([u_vec, v_vec])  # SL103
""",
        # precomputed NumPy embeddings of different widths
        """\
import numpy as np

gallery = np.random.rand(10, 128)
probe = np.random.rand(10, 64)
dists = np.linalg.norm(gallery - probe, axis=1)  # SL103
""",
        # tf.norm on eager tensors of different widths
        """\
import tensorflow as tf

enrolled = tf.random.normal((8, 256))
live = tf.random.normal((8, 128))
scores = tf.norm(enrolled - live, axis=1)  # SL103
""",
        # stacking embeddings of different widths
        """\
import tensorflow as tf

anchors = tf.random.normal((4, 32))
positives = tf.random.normal((4, 16))
pairs = tf.stack([anchors, positives], axis=1)  # SL103
""",
    ],
    "valid": [
        # concatenation along the feature axis is fine whatever the widths
        """\
import tensorflow as tf
from tensorflow.keras import layers

tower = tf.keras.Sequential([layers.Dense(32)])
a = layers.Input(shape=(10,))
b = layers.Input(shape=(10,))
meta = layers.Input(shape=(5,))
dist = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([tower(a), tower(b)])
joined = layers.Concatenate()([dist, meta])
""",
        # broadcasting a single probe against a gallery
        """\
import numpy as np

gallery = np.random.rand(100, 64)
probe = np.random.rand(1, 64)
dists = np.linalg.norm(gallery - probe, axis=1)
""",
        # one width written two ways
        """\
from tensorflow.keras import layers, Model

DIM = 64
shared = layers.Dense(128, activation="relu")
a = layers.Input(shape=(20,))
b = layers.Input(shape=(20,))
ea = layers.Dense(DIM)(shared(a))
eb = layers.Dense(2 * 32)(shared(b))
diff = layers.Subtract()([ea, eb])
""",
        # a width from argparse is unknown
        """\
import argparse
import keras
from keras import layers, ops

args = argparse.ArgumentParser().parse_args()
trunk = keras.Sequential([layers.Dense(32, activation="relu")])
u = keras.Input(shape=(16,))
v = keras.Input(shape=(16,))
u_vec = layers.Dense(args.dim)(trunk(u))
v_vec = layers.Dense(64)(trunk(v))
gap = layers.Lambda(lambda t: ops.abs(t[0] - t[1]))([u_vec, v_vec])
""",
        # symmetric pair features [|a - b|, a * b] concatenated
        """\
import tensorflow as tf
from tensorflow.keras import layers

encoder = tf.keras.Sequential([layers.Dense(64, activation="relu")])
p = layers.Input(shape=(300,))
h = layers.Input(shape=(300,))
u, v = encoder(p), encoder(h)
features = layers.Concatenate()([tf.abs(u - v), u * v])
""",
        # widths set in `if` branches are unknown
        """\
import sys
from tensorflow.keras import layers

if len(sys.argv) > 1:
    width = 128
else:
    width = 64
trunk = layers.Dense(32, activation="relu")
a = layers.Input(shape=(8,))
b = layers.Input(shape=(8,))
diff = layers.Subtract()([layers.Dense(width)(trunk(a)), layers.Dense(64)(trunk(b))])
""",
        # stacking embeddings of one width
        """\
import tensorflow as tf

tower = tf.keras.layers.Dense(16)
a = tf.keras.Input(shape=(8,))
b = tf.keras.Input(shape=(8,))
pair = tf.stack([tower(a), tower(b)], axis=1)
""",
        # layers added in a loop: the tower's output width is not known statically
        """\
import tensorflow as tf
from tensorflow.keras import layers

tower = tf.keras.Sequential([tf.keras.Input(shape=(32, 32, 3))])
for _ in range(2):
    tower.add(layers.Conv2D(8, 3))
tower.add(layers.Flatten())
a = tf.keras.Input(shape=(32, 32, 3))
b = tf.keras.Input(shape=(32, 32, 3))
reference = layers.Dense(6272)(layers.Flatten()(b))
d = layers.Subtract()([tower(a), reference])
""",
    ],
}

# --------------------------------------------------------------------------- SL104
CASES["SL104"] = {
    "invalid": [
        # token Inputs of lengths 20 and 60 through one Embedding
        """\
from tensorflow import keras
from tensorflow.keras import layers

embedding = layers.Embedding(10000, 64)
gru = layers.GRU(32)
question = keras.Input(shape=(20,))
answer = keras.Input(shape=(60,))
q_vec = gru(embedding(question))
a_vec = gru(embedding(answer))  # SL104
sim = layers.Dot(axes=1, normalize=True)([q_vec, a_vec])
""",
        # the two sides padded to different lengths for variable-length Inputs
        """\
import numpy as np
from tensorflow.keras.layers import Input, Embedding, LSTM, Dense, Lambda
from tensorflow.keras.models import Model
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras import backend as K

left = Input(shape=(None,))
right = Input(shape=(None,))
embed = Embedding(5000, 50)
lstm = LSTM(32)
h_left = lstm(embed(left))
h_right = lstm(embed(right))  # SL104
dist = Lambda(lambda t: K.exp(-K.sum(K.abs(t[0] - t[1]), axis=1, keepdims=True)))([h_left, h_right])
model = Model([left, right], dist)
model.compile(optimizer="adam", loss="mse")
x_left = pad_sequences([[1, 2, 3], [4, 5]], maxlen=30)
x_right = pad_sequences([[6, 7], [8, 9, 10]], maxlen=40)
model.fit([x_left, x_right], np.array([1.0, 0.0]))
""",
        # two Embeddings of different widths feed one LSTM
        """\
from tensorflow.keras.layers import Input, Embedding, LSTM, Subtract
from tensorflow.keras.models import Model

MAXLEN = 12
in_a = Input(shape=(MAXLEN,))
in_b = Input(shape=(MAXLEN,))
emb_a = Embedding(250, 100)(in_a)
emb_b = Embedding(250, 50)(in_b)
lstm = LSTM(16)
h_a = lstm(emb_a)
h_b = lstm(emb_b)  # SL104
diff = Subtract()([h_a, h_b])
""",
        # a Sequential text encoder, Inputs of lengths 50 and 100
        """\
import keras
from keras import layers

encoder = keras.Sequential([layers.Embedding(2000, 32), layers.GlobalAveragePooling1D()])
title = keras.Input(shape=(50,), dtype="int32")
body = keras.Input(shape=(100,), dtype="int32")
t_vec = encoder(title)
b_vec = encoder(body)  # SL104
score = layers.Dot(axes=1, normalize=True)([t_vec, b_vec])
""",
        # lengths from two constants, a Keras 2 merge module
        """\
from keras.layers import Input, Embedding, Bidirectional, LSTM
from keras.layers.merge import subtract
from keras.models import Model

Q_LEN = 25
A_LEN = 2 * Q_LEN
q = Input(shape=(Q_LEN,))
a = Input(shape=(A_LEN,))
shared = Embedding(8000, 64)
encoder = Bidirectional(LSTM(32))
q_enc = encoder(shared(q))
a_enc = encoder(shared(a))  # SL104
model = Model(input=[q, a], output=subtract([q_enc, a_enc]))
""",
    ],
    "valid": [
        # one MAXLEN written as a tuple and as a list
        """\
from tensorflow import keras
from tensorflow.keras import layers

MAXLEN = 40
embedding = layers.Embedding(10000, 64)
gru = layers.GRU(32)
s1 = keras.Input(shape=(MAXLEN,))
s2 = keras.Input(shape=[MAXLEN])
v1 = gru(embedding(s1))
v2 = gru(embedding(s2))
""",
        # both sides padded to one maxlen
        """\
import numpy as np
import tensorflow as tf
from tensorflow.keras.preprocessing.sequence import pad_sequences

MAXLEN = 30
encoder = tf.keras.Sequential([tf.keras.layers.Embedding(3000, 32), tf.keras.layers.LSTM(16)])
a = tf.keras.Input(shape=(None,))
b = tf.keras.Input(shape=(None,))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([encoder(a), encoder(b)])
model = tf.keras.Model([a, b], tf.keras.layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss="binary_crossentropy")
xa = pad_sequences([[1, 2], [3, 4, 5]], maxlen=MAXLEN)
xb = pad_sequences([[6], [7, 8]], maxlen=MAXLEN)
model.fit([xa, xb], np.array([1, 0]))
""",
        # a maxlen from argparse
        """\
import argparse
import keras
from keras import layers

args = argparse.ArgumentParser().parse_args()
encoder = keras.Sequential([layers.Embedding(2000, 32), layers.GlobalAveragePooling1D()])
title = keras.Input(shape=(args.maxlen,))
body = keras.Input(shape=(100,))
sim = layers.Dot(axes=1, normalize=True)([encoder(title), encoder(body)])
""",
        # one encoder from a factory called once, reused
        """\
from tensorflow.keras import layers, Model, Sequential


def text_encoder(vocab, dim):
    return Sequential([layers.Embedding(vocab, dim), layers.Bidirectional(layers.LSTM(16))])


encoder = text_encoder(5000, 64)
q1 = layers.Input(shape=(35,))
q2 = layers.Input(shape=(35,))
diff = layers.Subtract()([encoder(q1), encoder(q2)])
model = Model([q1, q2], layers.Dense(1, activation="sigmoid")(diff))
""",
        # a text pair of equal lengths next to a short metadata Input
        """\
import tensorflow as tf
from tensorflow.keras import layers

embed = layers.Embedding(4000, 32)
pool = layers.GlobalAveragePooling1D()
a = layers.Input(shape=(30,))
b = layers.Input(shape=(30,))
meta = layers.Input(shape=(4,))
dist = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([pool(embed(a)), pool(embed(b))])
joined = layers.Concatenate()([dist, meta])
""",
    ],
}

# --------------------------------------------------------------------------- SL105
CASES["SL105"] = {
    "invalid": [
        # shape= from a model's output_shape
        """\
from tensorflow import keras
from tensorflow.keras import layers

backbone = keras.Sequential([keras.Input(shape=(64, 64, 3)), layers.Conv2D(8, 3), layers.GlobalAveragePooling2D()])
head_in = keras.Input(shape=backbone.output_shape)  # SL105
""",
        # shape= from an array's .shape
        """\
import numpy as np
import tensorflow as tf

x_train = np.random.rand(100, 28, 28)
left = tf.keras.Input(shape=x_train.shape)  # SL105
right = tf.keras.Input(shape=x_train.shape[1:])
""",
        # shape= from K.int_shape
        """\
from keras import backend as K
from keras.layers import Input, Dense

features = Input(shape=(32,))
hidden = Dense(16)(features)
probe = Input(shape=K.int_shape(hidden))  # SL105
""",
        # shape= from a model's input_shape, through a variable
        """\
import tensorflow as tf

encoder = tf.keras.Sequential([tf.keras.Input(shape=(12,)), tf.keras.layers.Dense(4)])
shape = encoder.input_shape
query = tf.keras.Input(shape=shape)  # SL105
document = tf.keras.Input(shape=shape)  # SL105
""",
        # Keras 3, a zeros array's shape
        """\
import numpy as np
import keras

N = 1000
X = np.zeros((N, 128), dtype="float32")
inp = keras.Input(X.shape)  # SL105
""",
        # a leading None beside a partner declared without it
        """\
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3), tf.keras.layers.GlobalAveragePooling2D()])
query = tf.keras.Input(shape=(64, 64, 3))
reference = tf.keras.Input(shape=(None, 64, 64, 3))  # SL105
d = tf.keras.layers.Subtract()([tower(query), tower(reference)])
""",
        # a leading None on Inputs of a tower built for (32, 32, 3)
        """\
from tensorflow import keras
from tensorflow.keras import layers

encoder = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Flatten(), layers.Dense(8)])
a = keras.Input(shape=(None, 32, 32, 3))  # SL105
b = keras.Input(shape=(None, 32, 32, 3))  # SL105
ea, eb = encoder(a), encoder(b)
""",
        # an Input built by a helper called twice: one report, where it is written
        """\
import numpy as np
import tensorflow as tf

x_train = np.random.rand(64, 20)


def branch_input():
    return tf.keras.Input(shape=x_train.shape)  # SL105


left = branch_input()
right = branch_input()
""",
    ],
    "valid": [
        # the per-sample shape
        """\
import numpy as np
import tensorflow as tf

x_a = np.random.rand(100, 20, 6)
a = tf.keras.Input(shape=x_a.shape[1:])
b = tf.keras.Input(shape=x_a.shape[1:])
""",
        # batch_shape= is meant to hold the batch axis
        """\
from tensorflow import keras
from tensorflow.keras import layers

encoder = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(8)])
head_in = keras.Input(batch_shape=encoder.output_shape)
""",
        # variable-length sequences: a leading None that is not a batch axis
        """\
import keras
from keras import layers

tokens = keras.Input(shape=(None,), dtype="int32")
frames = keras.Input(shape=(None, 64))
x = layers.LSTM(16)(frames)
""",
        # output_shape without its batch axis
        """\
from tensorflow.keras import layers, Sequential, Input

backbone = Sequential([Input(shape=(32, 32, 3)), layers.Conv2D(4, 3), layers.Flatten()])
head_in = Input(shape=backbone.output_shape[1:])
""",
        # K.int_shape without the batch axis
        """\
from keras import backend as K
from keras.layers import Input, Dense

features = Input(shape=(32,))
hidden = Dense(16)(features)
probe = Input(shape=K.int_shape(hidden)[1:])
""",
        # a shape from argparse
        """\
import argparse
import tensorflow as tf

args = argparse.ArgumentParser().parse_args()
query = tf.keras.Input(shape=args.shape)
""",
        # one sample's shape
        """\
import numpy as np
import tensorflow as tf

x_train = np.random.rand(100, 28, 28, 1).astype("float32") / 255.0
a = tf.keras.Input(shape=x_train[0].shape)
b = tf.keras.Input(x_train[0, ...].shape)
""",
        # sequences of 16-vectors beside 16-vectors: a leading None is a time axis there
        """\
import keras
from keras import layers

frames = keras.Input(shape=(None, 16))
summary = keras.Input(shape=(16,))
h = layers.LSTM(16)(frames)
""",
    ],
}

# --------------------------------------------------------------------------- SL106
CASES["SL106"] = {
    "invalid": [
        # grayscale scans for RGB Inputs
        """\
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

tower = keras.Sequential([keras.Input(shape=(96, 96, 3)), layers.Conv2D(4, 3), layers.GlobalAveragePooling2D()])
a = keras.Input(shape=(96, 96, 3))
b = keras.Input(shape=(96, 96, 3))
d = layers.Lambda(lambda t: abs(t[0] - t[1]))([tower(a), tower(b)])
net = keras.Model([a, b], layers.Dense(1, activation="sigmoid")(d))
net.compile(optimizer="adam", loss="binary_crossentropy")
scans = np.random.rand(6, 96, 96)
net.fit([scans, scans], np.random.randint(0, 2, size=(6,)))  # SL106
""",
        # transposed sequences to predict
        """\
import numpy as np
import tensorflow as tf

encoder = tf.keras.Sequential([tf.keras.layers.LSTM(16)])
a = tf.keras.Input(shape=(100, 13))
b = tf.keras.Input(shape=(100, 13))
dist = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([encoder(a), encoder(b)])
model = tf.keras.Model(inputs=[a, b], outputs=dist)
left = np.random.rand(4, 13, 100)
right = np.random.rand(4, 13, 100)
print(model.predict([left, right]))  # SL106
""",
        # flattened images to evaluate
        """\
import numpy as np
from tensorflow.keras import layers, Model

tower = layers.Dense(16)
flat = layers.Flatten()
i1 = layers.Input(shape=(28, 28, 1))
i2 = layers.Input(shape=(28, 28, 1))
diff = layers.Subtract()([tower(flat(i1)), tower(flat(i2))])
model = Model([i1, i2], layers.Dense(1, activation="sigmoid")(diff))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
x1 = np.random.rand(10, 784)
x2 = np.random.rand(10, 784)
model.evaluate([x1, x2], np.ones(10))  # SL106
""",
        # Keras 3, 64 features for 32-wide Inputs, x= keyword
        """\
import numpy as np
import keras
from keras import layers

shared = layers.Dense(8)
u = keras.Input(shape=(32,))
v = keras.Input(shape=(32,))
model = keras.Model([u, v], layers.Subtract()([shared(u), shared(v)]))
model.compile(optimizer="adam", loss="mse")
xu = np.zeros((16, 64), dtype="float32")
xv = np.zeros((16, 64), dtype="float32")
model.fit(x=[xu, xv], y=np.zeros((16, 8)))  # SL106
""",
        # reshaped to the wrong layout
        """\
import numpy as np
import tensorflow as tf

mlp = tf.keras.Sequential([tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(784,))
b = tf.keras.Input(shape=(784,))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([mlp(a), mlp(b)]))
pairs = np.random.rand(20, 784)
images = pairs.reshape(-1, 28, 28)
model.predict([images, images])  # SL106
""",
    ],
    "valid": [
        # Keras adds a missing trailing axis of size 1
        """\
import numpy as np
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Conv2D(4, 3), tf.keras.layers.GlobalAveragePooling2D()])
a = tf.keras.Input(shape=(28, 28, 1))
b = tf.keras.Input(shape=(28, 28, 1))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([tower(a), tower(b)])
model = tf.keras.Model([a, b], tf.keras.layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit([np.random.rand(8, 28, 28), np.random.rand(8, 28, 28)], np.random.randint(0, 2, size=(8,)))
""",
        # token Inputs of any length take padded arrays
        """\
import numpy as np
from tensorflow.keras import layers, Model
from tensorflow.keras.preprocessing.sequence import pad_sequences

enc = layers.LSTM(8)
emb = layers.Embedding(100, 8)
a = layers.Input(shape=(None,))
b = layers.Input(shape=(None,))
model = Model([a, b], layers.Subtract()([enc(emb(a)), enc(emb(b))]))
xa = pad_sequences([[1, 2, 3]], maxlen=30)
xb = pad_sequences([[4, 5]], maxlen=30)
model.predict([xa, xb])
""",
        # data loaded from disk: unknown shapes
        """\
import numpy as np
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(64,))
b = tf.keras.Input(shape=(64,))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([tower(a), tower(b)]))
data = np.load("pairs.npz")
model.predict([data["left"], data["right"]])
""",
        # the channel axis added with expand_dims
        """\
import numpy as np
import keras
from keras import layers

tower = keras.Sequential([layers.Conv2D(4, 3), layers.Flatten()])
a = keras.Input(shape=(28, 28, 1))
b = keras.Input(shape=(28, 28, 1))
model = keras.Model([a, b], layers.Subtract()([tower(a), tower(b)]))
raw = np.random.rand(5, 28, 28)
x = np.expand_dims(raw, -1)
model.predict([x, x])
""",
        # a tf.data pipeline: no static arrays
        """\
import tensorflow as tf
from mydata import make_dataset

tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(10,))
b = tf.keras.Input(shape=(10,))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([tower(a), tower(b)]))
model.compile(optimizer="adam", loss="mse")
model.fit(make_dataset(), epochs=3)
""",
        # sizes from argparse
        """\
import argparse
import numpy as np
from tensorflow.keras import layers, Model

args = argparse.ArgumentParser().parse_args()
shared = layers.Dense(4)
a = layers.Input(shape=(16,))
b = layers.Input(shape=(16,))
model = Model([a, b], layers.Subtract()([shared(a), shared(b)]))
x = np.random.rand(8, args.features)
model.predict([x, x])
""",
        # arrays fed to Inputs whose shape holds a batch axis: SL105 reports the Inputs
        """\
import numpy as np
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.Input(shape=(16,)), tf.keras.layers.Dense(4)])
a = tf.keras.Input(shape=(None, 16))
b = tf.keras.Input(shape=(None, 16))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([tower(a), tower(b)]))
model.predict([np.random.rand(4, 16), np.random.rand(4, 16)])
""",
        # the channel axis added with np.newaxis and with None
        """\
import numpy as np
from tensorflow.keras import layers, Model

tower = layers.Conv2D(4, 3)
pool = layers.GlobalAveragePooling2D()
a = layers.Input(shape=(28, 28, 1))
b = layers.Input(shape=(28, 28, 1))
model = Model([a, b], layers.Subtract()([pool(tower(a)), pool(tower(b))]))
raw = np.random.rand(10, 28, 28)
model.predict([raw[..., np.newaxis], raw[..., None]])
""",
    ],
}

# Near-misses and misses found on real-world code.
CASES["SL101"]["valid"].append(
    # a bare shared layer that takes both shapes (same-padded convolution): nothing to fix
    """\
from keras.layers import Input, Conv2D

a = Input(shape=(32, 32, 3))
b = Input(shape=(64, 64, 3))
conv = Conv2D(16, (3, 3), padding="same")
conved_a = conv(a)
conved_b = conv(b)
""")
CASES["SL101"]["invalid"].append(
    # built in a method nothing in the file calls
    """\
import tensorflow as tf
from tensorflow.keras import layers


class SiameseBuilder:
    def __init__(self, units=16):
        self.units = units

    def build(self):
        tower = tf.keras.Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D()])
        left = layers.Input(shape=(64, 64, 3))
        right = layers.Input(shape=(32, 32, 3))
        a = tower(left)
        b = tower(right)  # SL101
        return tf.keras.Model([left, right], layers.Subtract()([a, b]))
""")
