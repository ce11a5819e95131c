# Shows SL301 (unfrozen-pretrained-base) and SL401 (concatenated-branch-embeddings): an
# ImageNet MobileNetV2 is the shared tower but is never frozen, so the first large
# gradients from the new head wreck its pretrained features (and its BatchNorm statistics);
# and the two embeddings are concatenated, so the score depends on which image comes
# first. Neither raises: the model trains, just badly. The fix is in
# 03_pretrained_concat_fixed.py.
import numpy as np
import keras
from keras import layers

IMAGE_SHAPE = (96, 96, 3)

# weights="imagenet" is the default: this base is pretrained, and left trainable.
base = keras.applications.MobileNetV2(
    input_shape=IMAGE_SHAPE, include_top=False, weights="imagenet", pooling="avg")

image = keras.Input(shape=IMAGE_SHAPE)
scaled = layers.Rescaling(1 / 127.5, offset=-1)(image)  # MobileNetV2 wants [-1, 1]
features = base(scaled)
tower = keras.Model(image, layers.Dense(128)(features), name="tower")

left = keras.Input(shape=IMAGE_SHAPE, name="left")
right = keras.Input(shape=IMAGE_SHAPE, name="right")
left_embedding = tower(left)
right_embedding = tower(right)

# Concatenation is not a comparison: [a, b] and [b, a] give different scores.
merged = layers.Concatenate()([left_embedding, right_embedding])
hidden = layers.Dense(64, activation="relu")(merged)
score = layers.Dense(1, activation="sigmoid")(hidden)

model = keras.Model([left, right], score)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
              metrics=["accuracy"])

images_a = np.random.uniform(0, 255, size=(8, *IMAGE_SHAPE)).astype("float32")
images_b = np.random.uniform(0, 255, size=(8, *IMAGE_SHAPE)).astype("float32")
same = np.random.randint(0, 2, size=(8, 1))
model.fit([images_a, images_b], same, epochs=1, batch_size=4)
