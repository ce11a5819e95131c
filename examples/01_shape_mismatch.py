# Shows SL101 (branch-input-shape-mismatch): the two images of a pair are declared with
# different sizes, 64x64x3 and 32x32x3, and sent through one shared tower. Keras 3 fixes an
# Input-less Sequential to the shape of its first call, so the second call raises
# "Input 0 ... is incompatible with the layer: expected shape=(None, 64, 64, 3),
# found shape=(None, 32, 32, 3)". The fix is in 01_shape_mismatch_fixed.py.
import numpy as np
import keras
from keras import layers

# The shared tower: one model object, used for both images of the pair.
tower = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(128),
], name="tower")

anchor = keras.Input(shape=(64, 64, 3), name="anchor")
candidate = keras.Input(shape=(32, 32, 3), name="candidate")  # not the anchor's shape

anchor_embedding = tower(anchor)
candidate_embedding = tower(candidate)  # raises: the tower was built for 64x64x3

# L1 distance between the embeddings, then a similarity score.
distance = layers.Lambda(lambda pair: keras.ops.abs(pair[0] - pair[1]))(
    [anchor_embedding, candidate_embedding])
score = layers.Dense(1, activation="sigmoid")(distance)

model = keras.Model([anchor, candidate], score)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

pairs_a = np.random.rand(16, 64, 64, 3).astype("float32")
pairs_b = np.random.rand(16, 32, 32, 3).astype("float32")
same = np.random.randint(0, 2, size=(16, 1))
model.fit([pairs_a, pairs_b], same, epochs=1, batch_size=8)
