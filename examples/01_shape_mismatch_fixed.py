# The fix for 01_shape_mismatch.py: both images of a pair have one shape (IMAGE_SHAPE), so
# the shared tower takes both. If the candidates really come at 32x32, resize them to the
# pair's shape before the tower (layers.Resizing(64, 64)), or resize the data beforehand.
import numpy as np
import keras
from keras import layers

IMAGE_SHAPE = (64, 64, 3)

# The shared tower: one model object, used for both images of the pair.
tower = keras.Sequential([
    keras.Input(shape=IMAGE_SHAPE),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(128),
], name="tower")

anchor = keras.Input(shape=IMAGE_SHAPE, name="anchor")
candidate = keras.Input(shape=IMAGE_SHAPE, name="candidate")

anchor_embedding = tower(anchor)
candidate_embedding = tower(candidate)

# L1 distance between the embeddings, then a similarity score.
distance = layers.Lambda(lambda pair: keras.ops.abs(pair[0] - pair[1]))(
    [anchor_embedding, candidate_embedding])
score = layers.Dense(1, activation="sigmoid")(distance)

model = keras.Model([anchor, candidate], score)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

pairs_a = np.random.rand(16, *IMAGE_SHAPE).astype("float32")
pairs_b = np.random.rand(16, *IMAGE_SHAPE).astype("float32")
same = np.random.randint(0, 2, size=(16, 1))
model.fit([pairs_a, pairs_b], same, epochs=1, batch_size=8)
