"""Cases for the branch rules SL401-SL403 (see siamlint.rules.cases for the convention)."""
from __future__ import annotations

CASES: dict[str, dict[str, list[str]]] = {}

# --------------------------------------------------------------------------- SL401
CASES["SL401"] = {
    "invalid": [
        # Concatenate of the two embeddings of a shared tower
        """\
from tensorflow import keras
from tensorflow.keras import layers

tower = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(16)])
a = keras.Input(shape=(20,))
b = keras.Input(shape=(20,))
vec_a = tower(a)
vec_b = tower(b)
pair = layers.Concatenate()([vec_a, vec_b])  # SL401
logits = layers.Dense(1, activation="sigmoid")(pair)
""",
        # tf.concat inside a Lambda
        """\
import tensorflow as tf

encoder = tf.keras.layers.Dense(16)
left = tf.keras.Input(shape=(8,))
right = tf.keras.Input(shape=(8,))
joined = tf.keras.layers.Lambda(lambda t: tf.concat([t[0], t[1]], axis=1))([encoder(left), encoder(right)])  # SL401
""",
        # Keras 2's functional concatenate
        """\
from keras.layers import Input, Dense, concatenate
from keras.models import Model

shared = Dense(64, activation="relu")
q1 = Input(shape=(300,))
q2 = Input(shape=(300,))
h1 = shared(q1)
h2 = shared(q2)
merged = concatenate([h1, h2])  # SL401
model = Model(input=[q1, q2], output=Dense(1, activation="sigmoid")(merged))
""",
        # keras.ops.concatenate in a Lambda, Keras 3
        """\
import keras
from keras import layers, ops

tower = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(8)])
u = keras.Input(shape=(10,))
v = keras.Input(shape=(10,))
both = layers.Lambda(lambda t: ops.concatenate(t, axis=-1))([tower(u), tower(v)])  # SL401
""",
        # twin towers from a factory, then concatenated
        """\
from tensorflow.keras import layers, Model, Sequential


def make_tower():
    return Sequential([layers.Dense(16, activation="relu")])


tower_a = make_tower()
tower_b = make_tower()
x1 = layers.Input(shape=(12,))
x2 = layers.Input(shape=(12,))
joined = layers.concatenate([tower_a(x1), tower_b(x2)], axis=-1)  # SL401
""",
        # the Keras backend's concatenate
        """\
import tensorflow as tf
from tensorflow.keras import backend as K

KL = tf.keras.layers
embed = KL.Dense(8)
a = KL.Input(shape=(4,))
b = KL.Input(shape=(4,))
cat = KL.Lambda(lambda t: K.concatenate([t[0], t[1]]))([embed(a), embed(b)])  # SL401
""",
    ],
    "valid": [
        # symmetric pair features [|a - b|, a * b]
        """\
import tensorflow as tf
from tensorflow.keras import layers

encoder = tf.keras.Sequential([layers.Dense(64, activation="relu")])
p = layers.Input(shape=(300,))
h = layers.Input(shape=(300,))
u, v = encoder(p), encoder(h)
diff = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([u, v])
prod = layers.Multiply()([u, v])
features = layers.Concatenate()([diff, prod])
""",
        # a distance concatenated with a metadata Input
        """\
import keras
from keras import layers, ops

tower = keras.Sequential([layers.Dense(16)])
a = keras.Input(shape=(8,))
b = keras.Input(shape=(8,))
meta = keras.Input(shape=(3,))
dist = layers.Lambda(lambda t: ops.abs(t[0] - t[1]))([tower(a), tower(b)])
joined = layers.Concatenate()([dist, meta])
""",
        # concatenation inside the tower (two paths over one input)
        """\
from tensorflow.keras import layers, Model, Input

inp = Input(shape=(32, 32, 3))
p1 = layers.GlobalAveragePooling2D()(layers.Conv2D(8, 3)(inp))
p2 = layers.GlobalMaxPooling2D()(layers.Conv2D(8, 5)(inp))
tower = Model(inp, layers.Concatenate()([p1, p2]))
a = Input(shape=(32, 32, 3))
b = Input(shape=(32, 32, 3))
diff = layers.Subtract()([tower(a), tower(b)])
""",
        # an image tower and a text tower: a two-tower model, not a Siamese pair
        """\
import tensorflow as tf
from tensorflow.keras import layers

image_tower = tf.keras.Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D()])
text_tower = tf.keras.Sequential([layers.Embedding(1000, 8), layers.GlobalAveragePooling1D()])
image = layers.Input(shape=(32, 32, 3))
caption = layers.Input(shape=(20,))
joined = layers.Concatenate()([image_tower(image), text_tower(caption)])
""",
        # one embedding next to the pair's distance
        """\
import tensorflow as tf
from tensorflow.keras import layers

tower = layers.Dense(16)
a = layers.Input(shape=(8,))
b = layers.Input(shape=(8,))
ea, eb = tower(a), tower(b)
features = layers.Concatenate()([ea, tf.abs(ea - eb)])
""",
        # stacking precomputed embeddings into one dataset
        """\
import numpy as np

emb_a = np.random.rand(50, 16)
emb_b = np.random.rand(50, 16)
dataset = np.concatenate([emb_a, emb_b], axis=0)
""",
        # both views' embeddings joined along the batch axis for an NT-Xent loss
        """\
import tensorflow as tf

projector = tf.keras.layers.Dense(16)
view_1 = tf.keras.Input(shape=(8,))
view_2 = tf.keras.Input(shape=(8,))
z_1, z_2 = projector(view_1), projector(view_2)
z = tf.concat([z_1, z_2], axis=0)
""",
        # a generic two-input model: two hand-written layers, concatenated
        """\
from keras import layers, models

input1 = layers.Input(shape=(10,), name="input1")
input2 = layers.Input(shape=(10,), name="input2")
x1 = layers.Dense(10, activation="relu")(input1)
x2 = layers.Dense(10, activation="relu")(input2)
combined = layers.concatenate([x1, x2])
output = layers.Dense(1, activation="sigmoid")(combined)
model = models.Model(inputs=[input1, input2], outputs=output)
""",
    ],
}

# --------------------------------------------------------------------------- SL402
CASES["SL402"] = {
    "invalid": [
        # a factory called once per branch
        """\
from tensorflow.keras import layers, Model, Sequential


def make_cnn():
    return Sequential([layers.Conv2D(8, 3, activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(16)])


cnn_1 = make_cnn()
cnn_2 = make_cnn()
face_1 = layers.Input(shape=(64, 64, 3))
face_2 = layers.Input(shape=(64, 64, 3))
v1 = cnn_1(face_1)
v2 = cnn_2(face_2)  # SL402
d = layers.Lambda(lambda t: abs(t[0] - t[1]))([v1, v2])
""",
        # the same Sequential written out twice
        """\
import tensorflow as tf

left_net = tf.keras.Sequential([tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(8)])
right_net = tf.keras.Sequential([tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(10,))
b = tf.keras.Input(shape=(10,))
ea = left_net(a)
eb = right_net(b)  # SL402
diff = tf.keras.layers.Subtract()([ea, eb])
""",
        # a clone of the first tower
        """\
import keras
from keras import layers

tower = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8)], name="tower")
twin = keras.models.clone_model(tower)
a = keras.Input(shape=(6,))
b = keras.Input(shape=(6,))
ea = tower(a)
eb = twin(b)  # SL402
score = layers.Dot(axes=1, normalize=True)([ea, eb])
""",
        # a factory called inline per branch
        """\
from tensorflow import keras
from tensorflow.keras import layers


def build_tower(shape):
    inp = keras.Input(shape=shape)
    x = layers.Dense(32, activation="relu")(inp)
    return keras.Model(inp, layers.Dense(16)(x))


in_a = keras.Input(shape=(20,))
in_b = keras.Input(shape=(20,))
emb_a = build_tower((20,))(in_a)
emb_b = build_tower((20,))(in_b)  # SL402
dist = layers.Lambda(lambda t: keras.backend.abs(t[0] - t[1]))([emb_a, emb_b])
""",
        # two identical Dense layers
        """\
from keras.layers import Input, Dense, Subtract

a = Input(shape=(16,))
b = Input(shape=(16,))
ha = Dense(64, activation="relu")(a)
hb = Dense(64, activation="relu")(b)  # SL402
diff = Subtract()([ha, hb])
""",
        # a helper that builds its layers inline, called once per branch
        """\
import tensorflow as tf
from tensorflow.keras import layers


def branch(x):
    x = layers.Dense(32, activation="relu")(x)
    return layers.Dense(16)(x)


a = layers.Input(shape=(8,))
b = layers.Input(shape=(8,))
ea = branch(a)
eb = branch(b)  # SL402
d = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([ea, eb])
""",
        # a subclassed Model with two towers from one factory
        """\
import tensorflow as tf
from tensorflow.keras import layers


def make_tower():
    return tf.keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(8)])


class SiameseModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.tower_a = make_tower()
        self.tower_b = make_tower()

    def call(self, inputs):
        a, b = inputs
        return tf.abs(self.tower_a(a) - self.tower_b(b))  # SL402


left = tf.keras.Input(shape=(10,))
right = tf.keras.Input(shape=(10,))
out = SiameseModel()([left, right])
""",
        # Keras 1's merge() of two towers from one factory
        """\
from keras import backend as K
from keras.layers import Input, Dense, merge
from keras.models import Sequential, Model


def create_base_network(dim):
    seq = Sequential()
    seq.add(Dense(128, input_shape=(dim,), activation="relu"))
    seq.add(Dense(64, activation="relu"))
    return seq


input_a = Input(shape=(784,))
input_b = Input(shape=(784,))
processed_a = create_base_network(784)(input_a)
processed_b = create_base_network(784)(input_b)  # SL402
distance = merge([processed_a, processed_b], mode=lambda x: K.abs(x[0] - x[1]), output_shape=lambda x: x[0])
""",
    ],
    "valid": [
        # one tower reused
        """\
from tensorflow.keras import layers, Sequential

tower = Sequential([layers.Dense(16)])
a = layers.Input(shape=(8,))
b = layers.Input(shape=(8,))
d = layers.Subtract()([tower(a), tower(b)])
""",
        # one tower stored in a dict
        """\
import numpy as np
from tensorflow.keras import layers, Model, Sequential


def make_tower():
    return Sequential([layers.Dense(16, activation="relu"), layers.Dense(8)])


towers = {"shared": make_tower()}
left = layers.Input(shape=(12,))
right = layers.Input(shape=(12,))
zl = towers["shared"](left)
zr = towers["shared"](right)
manhattan = layers.Lambda(lambda t: abs(t[0] - t[1]))([zl, zr])
""",
        # a helper returning tower(x)
        """\
import tensorflow as tf

encoder = tf.keras.Sequential([tf.keras.layers.Dense(8)])


def embed(x):
    return encoder(x)


a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([embed(a), embed(b)])
""",
        # a factory called once, its result reused
        """\
import keras
from keras import layers


def build_tower(shape):
    inp = keras.Input(shape=shape)
    return keras.Model(inp, layers.Dense(16)(inp))


tower = build_tower((20,))
in_a = keras.Input(shape=(20,))
in_b = keras.Input(shape=(20,))
d = layers.Subtract()([tower(in_a), tower(in_b)])
""",
        # two different towers (an image and a text encoder)
        """\
import tensorflow as tf
from tensorflow.keras import layers

image_tower = tf.keras.Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D(), layers.Dense(16)])
text_tower = tf.keras.Sequential([layers.Embedding(500, 16), layers.GlobalAveragePooling1D()])
img = layers.Input(shape=(32, 32, 3))
txt = layers.Input(shape=(10,))
score = layers.Dot(axes=1, normalize=True)([image_tower(img), text_tower(txt)])
""",
        # a model builder called twice: each model shares its own tower
        """\
from tensorflow.keras import layers, Model, Sequential


def build_siamese():
    tower = Sequential([layers.Dense(16)])
    a = layers.Input(shape=(8,))
    b = layers.Input(shape=(8,))
    return Model([a, b], layers.Subtract()([tower(a), tower(b)]))


first = build_siamese()
second = build_siamese()
""",
        # a Flatten per branch after the shared tower: Flatten has no weights
        """\
from tensorflow.keras import layers, Sequential

tower = Sequential([layers.Conv2D(8, 3), layers.MaxPooling2D()])
a = layers.Input(shape=(32, 32, 3))
b = layers.Input(shape=(32, 32, 3))
ea = layers.Flatten()(tower(a))
eb = layers.Flatten()(tower(b))
d = layers.Subtract()([ea, eb])
""",
        # a helper adds a pooling layer per call around the shared base
        """\
import keras
from keras import layers

base = keras.Sequential([layers.Conv2D(8, 3)])


def embed(x):
    return layers.GlobalAveragePooling2D()(base(x))


a = keras.Input(shape=(32, 32, 3))
b = keras.Input(shape=(32, 32, 3))
d = layers.Subtract()([embed(a), embed(b)])
""",
        # a two-tower model: inputs of different widths cannot share a tower
        """\
from tensorflow.keras import layers

user = layers.Input(shape=(20,))
item = layers.Input(shape=(30,))
u = layers.Dense(64, activation="relu")(user)
i = layers.Dense(64, activation="relu")(item)
score = layers.Dot(axes=1)([u, i])
""",
        # a generic two-input model: two hand-written layers, concatenated
        """\
from keras import layers, models

input1 = layers.Input(shape=(10,), name="input1")
input2 = layers.Input(shape=(10,), name="input2")
x1 = layers.Dense(10, activation="relu")(input1)
x2 = layers.Dense(10, activation="relu")(input2)
combined = layers.concatenate([x1, x2])
output = layers.Dense(1, activation="sigmoid")(combined)
model = models.Model(inputs=[input1, input2], outputs=output)
""",
        # a one-line helper returning the shared tower's output
        """\
import tensorflow as tf

encoder = tf.keras.Sequential([tf.keras.layers.Dense(8)])
def embed(x): return encoder(x)
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Subtract()([embed(a), embed(b)])
""",
    ],
}

# --------------------------------------------------------------------------- SL403
CASES["SL403"] = {
    "invalid": [
        # the encoder object itself in a merge
        """\
from tensorflow.keras import layers, Sequential

encoder = Sequential([layers.Dense(8)])
left = layers.Input(shape=(4,))
right = layers.Input(shape=(4,))
diff = layers.subtract([encoder, encoder])  # SL403
""",
        # two Models given to a distance Lambda
        """\
import tensorflow as tf
from tensorflow.keras import backend as K


def euclidean(vects):
    x, y = vects
    return K.sqrt(K.maximum(K.sum(K.square(x - y), axis=1, keepdims=True), K.epsilon()))


inp = tf.keras.Input(shape=(10,))
tower = tf.keras.Model(inp, tf.keras.layers.Dense(4)(inp))
a = tf.keras.Input(shape=(10,))
b = tf.keras.Input(shape=(10,))
dist = tf.keras.layers.Lambda(euclidean)([tower, tower])  # SL403
""",
        # a Dense layer object in a Dot
        """\
import keras
from keras import layers

embed = layers.Dense(16)
u = keras.Input(shape=(8,))
v = keras.Input(shape=(8,))
score = layers.Dot(axes=1)([embed, embed(v)])  # SL403
""",
        # tf.concat of layer objects
        """\
import tensorflow as tf

proj = tf.keras.layers.Dense(4)
a = tf.keras.Input(shape=(2,))
joined = tf.keras.layers.Lambda(lambda t: t)(tf.concat([proj, proj], axis=1))  # SL403
""",
        # a comparator head called on the towers instead of their outputs
        """\
from tensorflow.keras import layers, Model, Sequential

tower = Sequential([layers.Dense(8)])
ha = layers.Input(shape=(8,))
hb = layers.Input(shape=(8,))
head = Model([ha, hb], layers.Dense(1, activation="sigmoid")(layers.Subtract()([ha, hb])))
a = layers.Input(shape=(5,))
b = layers.Input(shape=(5,))
score = head([tower, tower])  # SL403
""",
        # one output and one model, Keras 2 Subtract
        """\
from keras.layers import Input, Dense, Subtract
from keras.models import Model

inp = Input(shape=(6,))
branch = Model(input=inp, output=Dense(3)(inp))
x1 = Input(shape=(6,))
diff = Subtract()([branch(x1), branch])  # SL403
""",
    ],
    "valid": [
        # the outputs of the encoder
        """\
from tensorflow.keras import layers, Sequential

encoder = Sequential([layers.Dense(8)])
left = layers.Input(shape=(4,))
right = layers.Input(shape=(4,))
diff = layers.subtract([encoder(left), encoder(right)])
""",
        # a helper returning encoder(x)
        """\
import tensorflow as tf

encoder = tf.keras.Sequential([tf.keras.layers.Dense(8)])


def embed(x):
    return encoder(x)


a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([embed(a), embed(b)])
""",
        # per-branch Models merged through their .output tensors
        """\
import tensorflow as tf
from tensorflow.keras import layers, Model

tower = tf.keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(16)])
in_a = layers.Input(shape=(26,))
in_b = layers.Input(shape=(26,))
branch_a = Model(in_a, tower(in_a))
branch_b = Model(in_b, tower(in_b))
diff = layers.Subtract()([branch_a.output, branch_b.output])
""",
        # a list of layers for a Sequential is not a merge
        """\
import keras
from keras import layers

encoder = keras.Sequential([layers.Dense(8)])
head = layers.Dense(1, activation="sigmoid")
model = keras.Sequential([encoder, head])
""",
        # Model(inputs=[...]) takes tensors; layers are not merged there
        """\
from tensorflow.keras import layers, Model

shared = layers.Dense(8)
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
model = Model(inputs=[a, b], outputs=layers.Concatenate()([layers.Subtract()([shared(a), shared(b)]), a]))
""",
        # a star import does not turn another module's helpers into Keras layers
        """\
from tensorflow.keras.layers import *
from tensorflow.keras.models import Model
from mytowers import *

a = Input(shape=(16,))
b = Input(shape=(16,))
diff = Subtract()([encode(a), encode(b)])
model = Model([a, b], Dense(1, activation="sigmoid")(diff))
""",
        # a one-line helper returning the encoder's output
        """\
import tensorflow as tf

encoder = tf.keras.Sequential([tf.keras.layers.Dense(8)])
def embed(x): return encoder(x)
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([embed(a), embed(b)])
""",
    ],
}

# Near-misses found on real-world code.
CASES["SL401"]["valid"].append(
    # a triplet packed for its loss: three embeddings, in an order the loss slices back
    """\
import tensorflow as tf
from tensorflow.keras.layers import Input, Dense, concatenate
from tensorflow.keras.models import Model


def triplet_loss(y_true, y_pred, alpha=0.4):
    a, p, n = y_pred[:, :16], y_pred[:, 16:32], y_pred[:, 32:]
    return tf.reduce_mean(tf.maximum(tf.reduce_sum(tf.square(a - p), 1) - tf.reduce_sum(tf.square(a - n), 1) + alpha, 0.0))


shared = Dense(16)
ia, ip, i_n = Input((8,)), Input((8,)), Input((8,))
model = Model([ia, ip, i_n], concatenate([shared(ia), shared(ip), shared(i_n)], axis=-1))
model.compile(optimizer="adam", loss=triplet_loss)
""")
CASES["SL401"]["valid"].append(
    # the pair packed as the model's output, for a loss that slices it back (NT-Xent style)
    """\
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Dense(16)])
a = tf.keras.Input((8,))
b = tf.keras.Input((8,))
packed = tf.keras.layers.concatenate([tower(a), tower(b)])
model = tf.keras.Model([a, b], packed)
""")
