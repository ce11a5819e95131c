# The fix for 03_pretrained_concat.py: the ImageNet base is frozen before compile() (so
# only the new layers learn at first; freezing keeps the pretrained features and BatchNorm
# statistics, it does not change any shape) and is called with training=False (so its
# BatchNorm layers stay in inference mode even when it is unfrozen later for fine-tuning).
# The branches are compared with a symmetric distance, |a - b|, instead of concatenated.
import numpy as np
import keras
from keras import layers

IMAGE_SHAPE = (96, 96, 3)

base = keras.applications.MobileNetV2(
    input_shape=IMAGE_SHAPE, include_top=False, weights="imagenet", pooling="avg")
base.trainable = False

image = keras.Input(shape=IMAGE_SHAPE)
scaled = layers.Rescaling(1 / 127.5, offset=-1)(image)  # MobileNetV2 wants [-1, 1]
features = base(scaled, training=False)
tower = keras.Model(image, layers.Dense(128)(features), name="tower")

left = keras.Input(shape=IMAGE_SHAPE, name="left")
right = keras.Input(shape=IMAGE_SHAPE, name="right")
left_embedding = tower(left)
right_embedding = tower(right)

# A symmetric comparison: swapping the two images gives the same score.
distance = layers.Lambda(lambda pair: keras.ops.abs(pair[0] - pair[1]))(
    [left_embedding, right_embedding])
hidden = layers.Dense(64, activation="relu")(distance)
score = layers.Dense(1, activation="sigmoid")(hidden)

model = keras.Model([left, right], score)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
              metrics=["accuracy"])

images_a = np.random.uniform(0, 255, size=(8, *IMAGE_SHAPE)).astype("float32")
images_b = np.random.uniform(0, 255, size=(8, *IMAGE_SHAPE)).astype("float32")
same = np.random.randint(0, 2, size=(8, 1))
model.fit([images_a, images_b], same, epochs=1, batch_size=4)
