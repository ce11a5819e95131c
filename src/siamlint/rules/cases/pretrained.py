"""Cases for the pretrained-base rules SL301-SL303 (see siamlint.rules.cases)."""
from __future__ import annotations

CASES: dict[str, dict[str, list[str]]] = {}

# --------------------------------------------------------------------------- SL301
CASES["SL301"] = {
    "invalid": [
        # an ImageNet MobileNetV2 called on both branches, never frozen
        """\
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(  # SL301
    weights="imagenet", include_top=False, input_shape=(96, 96, 3), pooling="avg"
)
a = tf.keras.Input(shape=(96, 96, 3))
b = tf.keras.Input(shape=(96, 96, 3))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([base(a), base(b)])
model = tf.keras.Model([a, b], tf.keras.layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss="binary_crossentropy")
""",
        # the default weights are ImageNet's; the base sits in a Sequential tower
        """\
from tensorflow.keras.applications import ResNet50V2
from tensorflow.keras import layers, Sequential, Model

backbone = ResNet50V2(include_top=False, pooling="avg", input_shape=(128, 128, 3))  # SL301
tower = Sequential([backbone, layers.Dense(64)])
left = layers.Input(shape=(128, 128, 3))
right = layers.Input(shape=(128, 128, 3))
diff = layers.Subtract()([tower(left), tower(right)])
model = Model([left, right], layers.Dense(1, activation="sigmoid")(diff))
model.compile(optimizer="adam", loss="binary_crossentropy")
""",
        # a functional tower around EfficientNetB0
        """\
import keras
from keras import layers
from keras.applications import EfficientNetB0

base = EfficientNetB0(include_top=False, weights="imagenet", input_shape=(64, 64, 3))  # SL301
inp = keras.Input(shape=(64, 64, 3))
x = base(inp)
x = layers.GlobalAveragePooling2D()(x)
tower = keras.Model(inp, layers.Dense(32)(x))
a = keras.Input(shape=(64, 64, 3))
b = keras.Input(shape=(64, 64, 3))
model = keras.Model([a, b], layers.Subtract()([tower(a), tower(b)]))
model.compile(optimizer="adam", loss="mse")
""",
        # the module path of the application
        """\
import tensorflow as tf

KL = tf.keras.layers
resnet = tf.keras.applications.resnet50.ResNet50(include_top=False, pooling="max", input_shape=(224, 224, 3))  # SL301
q = KL.Input(shape=(224, 224, 3))
r = KL.Input(shape=(224, 224, 3))
eq = resnet(q)
er = resnet(r)
model = tf.keras.Model([q, r], KL.Subtract()([eq, er]))
model.compile(optimizer="adam", loss="mse")
""",
        # built inside a tower factory that is called once
        """\
import numpy as np
from tensorflow.keras.applications import VGG16
from tensorflow.keras.layers import GlobalAveragePooling2D, Input, Lambda
from tensorflow.keras.models import Sequential, Model
from tensorflow.keras import backend as K


def make_tower():
    vgg = VGG16(include_top=False, weights="imagenet", input_shape=(64, 64, 3))  # SL301
    return Sequential([vgg, GlobalAveragePooling2D()])


tower = make_tower()
a = Input(shape=(64, 64, 3))
b = Input(shape=(64, 64, 3))
dist = Lambda(lambda t: K.abs(t[0] - t[1]))([tower(a), tower(b)])
model = Model([a, b], dist)
model.compile(optimizer="adam", loss="mse")
model.fit([np.random.rand(2, 64, 64, 3), np.random.rand(2, 64, 64, 3)], np.zeros((2, 512)))
""",
    ],
    "valid": [
        # weights=None: trained from scratch
        """\
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(64, 64, 3), pooling="avg")
a = tf.keras.Input(shape=(64, 64, 3))
b = tf.keras.Input(shape=(64, 64, 3))
d = tf.keras.layers.Subtract()([base(a), base(b)])
""",
        # frozen before compile
        """\
import keras
from keras import layers

backbone = keras.applications.ResNet50V2(include_top=False, pooling="avg", input_shape=(96, 96, 3))
backbone.trainable = False
a = keras.Input(shape=(96, 96, 3))
b = keras.Input(shape=(96, 96, 3))
d = layers.Subtract()([backbone(a, training=False), backbone(b, training=False)])
model = keras.Model([a, b], d)
model.compile(optimizer="adam", loss="mse")
""",
        # frozen layer by layer in a loop
        """\
from tensorflow.keras.applications import VGG16
from tensorflow.keras import layers, Model

vgg = VGG16(include_top=False, weights="imagenet", input_shape=(64, 64, 3), pooling="avg")
for layer in vgg.layers:
    layer.trainable = False
a = layers.Input(shape=(64, 64, 3))
b = layers.Input(shape=(64, 64, 3))
model = Model([a, b], layers.Subtract()([vgg(a), vgg(b)]))
model.compile(optimizer="adam", loss="mse")
""",
        # all but the last 20 layers frozen by slicing
        """\
import tensorflow as tf

base = tf.keras.applications.ResNet50(include_top=False, pooling="avg", input_shape=(128, 128, 3))
for layer in base.layers[:-20]:
    layer.trainable = False
a = tf.keras.Input(shape=(128, 128, 3))
b = tf.keras.Input(shape=(128, 128, 3))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([base(a), base(b)]))
model.compile(optimizer="adam", loss="mse")
""",
        # frozen, then unfrozen and recompiled for fine-tuning
        """\
import numpy as np
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(include_top=False, input_shape=(64, 64, 3), pooling="avg")
base.trainable = False
a = tf.keras.Input(shape=(64, 64, 3))
b = tf.keras.Input(shape=(64, 64, 3))
d = tf.keras.layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([base(a, training=False), base(b, training=False)])
model = tf.keras.Model([a, b], tf.keras.layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss="binary_crossentropy")
x = [np.random.rand(4, 64, 64, 3), np.random.rand(4, 64, 64, 3)]
model.fit(x, np.array([1, 0, 1, 0]))
base.trainable = True
model.compile(optimizer=tf.keras.optimizers.Adam(1e-5), loss="binary_crossentropy")
model.fit(x, np.array([1, 0, 1, 0]))
""",
        # a base used only to precompute features, not as a tower
        """\
import numpy as np
import tensorflow as tf

base = tf.keras.applications.EfficientNetB0(include_top=False, pooling="avg")
features = base.predict(np.random.rand(8, 224, 224, 3))
""",
        # weights from a command-line flag
        """\
import argparse
import tensorflow as tf

args = argparse.ArgumentParser().parse_args()
base = tf.keras.applications.MobileNetV2(weights=args.weights, include_top=False, pooling="avg")
a = tf.keras.Input(shape=(96, 96, 3))
b = tf.keras.Input(shape=(96, 96, 3))
d = tf.keras.layers.Subtract()([base(a), base(b)])
""",
        # an inference-only script: the base is never trained, so never harmed
        """\
import numpy as np
import tensorflow as tf

base = tf.keras.applications.ResNet50(include_top=False, pooling="avg", input_shape=(224, 224, 3))
a = tf.keras.Input(shape=(224, 224, 3))
b = tf.keras.Input(shape=(224, 224, 3))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1))([base(a), base(b)])
scorer = tf.keras.Model([a, b], d)
print(scorer.predict([np.random.rand(1, 224, 224, 3), np.random.rand(1, 224, 224, 3)]))
""",
        # the lower layers frozen through enumerate()
        """\
import tensorflow as tf

base = tf.keras.applications.VGG16(include_top=False, weights="imagenet", pooling="avg", input_shape=(64, 64, 3))
for i, layer in enumerate(base.layers):
    if i < 15:
        layer.trainable = False
a = tf.keras.Input(shape=(64, 64, 3))
b = tf.keras.Input(shape=(64, 64, 3))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([base(a), base(b)]))
model.compile(optimizer="adam", loss="mse")
""",
    ],
}

# --------------------------------------------------------------------------- SL302
CASES["SL302"] = {
    "invalid": [
        # frozen through get_layer after compile and fit
        """\
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

encoder = tf.keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(16)], name="encoder")
p = layers.Input(shape=(12,))
q = layers.Input(shape=(12,))
d = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([encoder(p), encoder(q)])
net = tf.keras.Model([p, q], layers.Dense(1, activation="sigmoid")(d))
net.compile(optimizer="adam", loss="binary_crossentropy")
x = [np.random.rand(8, 12), np.random.rand(8, 12)]
y = np.random.randint(0, 2, size=(8,))
net.fit(x, y, epochs=1)
net.get_layer("encoder").trainable = False  # SL302
net.fit(x, y, epochs=1)
""",
        # frozen after compile, before the first fit
        """\
import numpy as np
import keras
from keras import layers

base = keras.applications.MobileNetV2(include_top=False, pooling="avg", input_shape=(64, 64, 3))
a = keras.Input(shape=(64, 64, 3))
b = keras.Input(shape=(64, 64, 3))
model = keras.Model([a, b], layers.Subtract()([base(a, training=False), base(b, training=False)]))
model.compile(optimizer="adam", loss="mse")
base.trainable = False  # SL302
model.fit([np.random.rand(2, 64, 64, 3)] * 2, np.zeros((2, 1280)))
""",
        # top layers unfrozen in a loop, then trained without compiling again
        """\
import numpy as np
import tensorflow as tf

base = tf.keras.applications.ResNet50V2(include_top=False, pooling="avg", input_shape=(96, 96, 3))
base.trainable = False
a = tf.keras.Input(shape=(96, 96, 3))
b = tf.keras.Input(shape=(96, 96, 3))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([base(a, training=False), base(b, training=False)]))
model.compile(optimizer="adam", loss="mse")
x = [np.random.rand(2, 96, 96, 3), np.random.rand(2, 96, 96, 3)]
model.fit(x, np.zeros((2, 2048)))
for layer in base.layers[-10:]:
    layer.trainable = True  # SL302
model.fit(x, np.zeros((2, 2048)))
""",
        # a Sequential tower frozen after the Siamese model is compiled
        """\
from tensorflow.keras import layers, Model, Sequential

tower = Sequential([layers.Dense(16, activation="relu")])
a = layers.Input(shape=(6,))
b = layers.Input(shape=(6,))
siamese = Model([a, b], layers.Subtract()([tower(a), tower(b)]))
siamese.compile(optimizer="adam", loss="mse")
tower.trainable = False  # SL302
""",
        # Keras 3, a layer frozen by index after compile
        """\
import numpy as np
import keras
from keras import layers

shared = keras.Sequential([layers.Dense(8), layers.Dense(4)])
u = keras.Input(shape=(3,))
v = keras.Input(shape=(3,))
model = keras.Model([u, v], layers.Subtract()([shared(u), shared(v)]))
model.compile(optimizer="sgd", loss="mse")
model.fit([np.ones((2, 3)), np.ones((2, 3))], np.zeros((2, 4)))
model.layers[2].trainable = False  # SL302
model.fit([np.ones((2, 3)), np.ones((2, 3))], np.zeros((2, 4)))
""",
        # a fine-tuning helper that never compiles
        """\
import numpy as np
import tensorflow as tf


def fine_tune(model, base, x, y):
    base.trainable = True  # SL302
    model.fit(x, y, epochs=2)


base = tf.keras.applications.MobileNetV2(include_top=False, pooling="avg", input_shape=(64, 64, 3))
base.trainable = False
a = tf.keras.Input(shape=(64, 64, 3))
b = tf.keras.Input(shape=(64, 64, 3))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([base(a, training=False), base(b, training=False)]))
model.compile(optimizer="adam", loss="mse")
x = [np.random.rand(2, 64, 64, 3), np.random.rand(2, 64, 64, 3)]
model.fit(x, np.zeros((2, 1280)))
fine_tune(model, base, x, np.zeros((2, 1280)))
""",
    ],
    "valid": [
        # frozen before compile
        """\
import tensorflow as tf
from tensorflow.keras import layers

tower = tf.keras.Sequential([layers.Dense(16)])
tower.trainable = False
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
model = tf.keras.Model([a, b], layers.Subtract()([tower(a), tower(b)]))
model.compile(optimizer="adam", loss="mse")
""",
        # changed after compile, then compiled again
        """\
import numpy as np
from tensorflow.keras import layers, Model, Sequential

encoder = Sequential([layers.Dense(16)], name="encoder")
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
model = Model([a, b], layers.Subtract()([encoder(a), encoder(b)]))
model.compile(optimizer="adam", loss="mse")
model.fit([np.ones((2, 4))] * 2, np.zeros((2, 16)))
model.get_layer("encoder").trainable = False
model.compile(optimizer="adam", loss="mse")
model.fit([np.ones((2, 4))] * 2, np.zeros((2, 16)))
""",
        # the last layers unfrozen in a loop, then recompiled
        """\
import numpy as np
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(include_top=False, pooling="avg", input_shape=(64, 64, 3))
base.trainable = False
a = tf.keras.Input(shape=(64, 64, 3))
b = tf.keras.Input(shape=(64, 64, 3))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([base(a, training=False), base(b, training=False)]))
model.compile(optimizer="adam", loss="mse")
x = [np.random.rand(2, 64, 64, 3), np.random.rand(2, 64, 64, 3)]
model.fit(x, np.zeros((2, 1280)))
for layer in base.layers[-20:]:
    layer.trainable = True
model.compile(optimizer=tf.keras.optimizers.Adam(1e-5), loss="mse")
model.fit(x, np.zeros((2, 1280)))
""",
        # a fine-tuning helper that compiles again
        """\
import keras


def fine_tune(model, base, x, y):
    base.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="mse")
    model.fit(x, y)


def build():
    base = keras.applications.MobileNetV2(include_top=False, pooling="avg", input_shape=(64, 64, 3))
    base.trainable = False
    a = keras.Input(shape=(64, 64, 3))
    b = keras.Input(shape=(64, 64, 3))
    model = keras.Model([a, b], keras.layers.Subtract()([base(a, training=False), base(b, training=False)]))
    model.compile(optimizer="adam", loss="mse")
    return model, base
""",
        # a second model is built (and compiled) after the first
        """\
from tensorflow.keras import layers, Model, Sequential

tower = Sequential([layers.Dense(8)])
a = layers.Input(shape=(4,))
b = layers.Input(shape=(4,))
pretrain = Model(a, tower(a))
pretrain.compile(optimizer="adam", loss="mse")
tower.trainable = False
siamese = Model([a, b], layers.Subtract()([tower(a), tower(b)]))
siamese.compile(optimizer="adam", loss="mse")
""",
        # an optional fine-tuning phase compiles in the same branch
        """\
import os
import tensorflow as tf

base = tf.keras.applications.ResNet50V2(include_top=False, pooling="avg", input_shape=(96, 96, 3))
base.trainable = False
a = tf.keras.Input(shape=(96, 96, 3))
b = tf.keras.Input(shape=(96, 96, 3))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([base(a, training=False), base(b, training=False)]))
model.compile(optimizer="adam", loss="mse")
if os.environ.get("FINE_TUNE"):
    base.trainable = True
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-5), loss="mse")
""",
        # after training, a new base is frozen for feature extraction: it was never compiled
        """\
import numpy as np
import tensorflow as tf

tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(4,))
model = tf.keras.Model([a, b], tf.keras.layers.Subtract()([tower(a), tower(b)]))
model.compile(optimizer="adam", loss="mse")
model.fit([np.ones((2, 4)), np.ones((2, 4))], np.zeros((2, 8)))
extractor = tf.keras.applications.MobileNetV2(include_top=False, pooling="avg")
extractor.trainable = False
features = extractor.predict(np.random.rand(2, 224, 224, 3))
""",
    ],
}

# --------------------------------------------------------------------------- SL303
CASES["SL303"] = {
    "invalid": [
        # frozen, called on the images in training mode
        """\
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(include_top=False, input_shape=(96, 96, 3), pooling="avg")
base.trainable = False
images = tf.keras.Input(shape=(96, 96, 3))
features = base(images)  # SL303
tower = tf.keras.Model(images, tf.keras.layers.Dense(32)(features))
""",
        # both branches through the frozen base
        """\
import keras
from keras import layers

backbone = keras.applications.EfficientNetB0(include_top=False, pooling="avg", input_shape=(64, 64, 3))
backbone.trainable = False
a = keras.Input(shape=(64, 64, 3))
b = keras.Input(shape=(64, 64, 3))
fa = backbone(a)  # SL303
fb = backbone(b)  # SL303
model = keras.Model([a, b], layers.Subtract()([fa, fb]))
""",
        # frozen through the constructor's trainable=False
        """\
from tensorflow.keras.applications import ResNet50V2
from tensorflow.keras import layers, Model

base = ResNet50V2(include_top=False, pooling="avg", input_shape=(128, 128, 3), trainable=False)
inp = layers.Input(shape=(128, 128, 3))
tower = Model(inp, layers.Dense(16)(base(inp)))  # SL303
""",
        # training=True on a frozen base
        """\
import tensorflow as tf

base = tf.keras.applications.ResNet50(include_top=False, pooling="avg", input_shape=(224, 224, 3))
base.trainable = False
inp = tf.keras.Input(shape=(224, 224, 3))
x = base(inp, training=True)  # SL303
""",
        # frozen layer by layer, called inside a tower function
        """\
from tensorflow.keras.applications import VGG16
from tensorflow.keras import layers, Model

vgg = VGG16(include_top=False, weights="imagenet", pooling="avg", input_shape=(64, 64, 3))
for layer in vgg.layers:
    layer.trainable = False
project = layers.Dense(32)


def embed(x):
    return project(vgg(x))  # SL303


a = layers.Input(shape=(64, 64, 3))
b = layers.Input(shape=(64, 64, 3))
model = Model([a, b], layers.Subtract()([embed(a), embed(b)]))
""",
        # the transfer-learning guide's layout, without training=False, then fine-tuned
        """\
import tensorflow as tf
from tensorflow.keras import layers

IMG_SHAPE = (160, 160) + (3,)
base_model = tf.keras.applications.MobileNetV2(input_shape=IMG_SHAPE, include_top=False, weights="imagenet")
base_model.trainable = False
preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input
pool = tf.keras.layers.GlobalAveragePooling2D()


def embed(inputs):
    x = preprocess_input(inputs)
    x = base_model(x)  # SL303
    return pool(x)


a = tf.keras.Input(shape=IMG_SHAPE)
b = tf.keras.Input(shape=IMG_SHAPE)
d = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([embed(a), embed(b)])
model = tf.keras.Model([a, b], layers.Dense(1, activation="sigmoid")(d))
model.compile(optimizer="adam", loss="binary_crossentropy")
base_model.trainable = True
for layer in base_model.layers[:100]:
    layer.trainable = False
model.compile(optimizer=tf.keras.optimizers.RMSprop(1e-5), loss="binary_crossentropy")
""",
    ],
    "valid": [
        # training=False
        """\
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(include_top=False, input_shape=(96, 96, 3), pooling="avg")
base.trainable = False
images = tf.keras.Input(shape=(96, 96, 3))
features = base(images, training=False)
""",
        # not frozen: fine-tuned from the start (SL301's business, not SL303's)
        """\
import keras

backbone = keras.applications.EfficientNetB0(include_top=False, pooling="avg", input_shape=(64, 64, 3))
a = keras.Input(shape=(64, 64, 3))
fa = backbone(a)
""",
        # a randomly initialised base
        """\
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(weights=None, include_top=False, pooling="avg", input_shape=(64, 64, 3))
base.trainable = False
inp = tf.keras.Input(shape=(64, 64, 3))
out = base(inp)
""",
        # training=False through a constant
        """\
from tensorflow.keras.applications import ResNet50V2
from tensorflow.keras import layers

TRAINING = False
base = ResNet50V2(include_top=False, pooling="avg", input_shape=(96, 96, 3))
base.trainable = False
inp = layers.Input(shape=(96, 96, 3))
out = base(inp, training=TRAINING)
""",
        # training from a command-line flag is unknown
        """\
import argparse
import tensorflow as tf

args = argparse.ArgumentParser().parse_args()
base = tf.keras.applications.MobileNetV2(include_top=False, pooling="avg", input_shape=(64, 64, 3))
base.trainable = False
inp = tf.keras.Input(shape=(64, 64, 3))
out = base(inp, training=args.train_base)
""",
        # called with training=False inside a tower function
        """\
import keras
from keras import layers

base = keras.applications.MobileNetV2(include_top=False, pooling="avg", input_shape=(64, 64, 3))
base.trainable = False


def tower(x):
    return layers.Dense(16)(base(x, training=False))


a = keras.Input(shape=(64, 64, 3))
b = keras.Input(shape=(64, 64, 3))
model = keras.Model([a, b], layers.Subtract()([tower(a), tower(b)]))
""",
    ],
}
