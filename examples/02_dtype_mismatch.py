# Shows the dtype and loss mistakes of a contrastive Siamese network:
#   SL201 (mixed-dtype-arithmetic): enrolled embeddings kept in float64 meet float32 query
#         embeddings in a distance; TensorFlow raises "cannot compute Sub as input #1 was
#         expected to be a double tensor but is a float tensor".
#   SL203 (unguarded-sqrt-in-distance): sqrt of the sum of squares with no epsilon; an
#         identical pair gives a NaN gradient.
#   SL502 (uncast-labels-in-loss): the loss multiplies the integer labels by float
#         distances; tf-keras (Keras 2) raises in fit().
#   SL504 (accuracy-on-distance-output): "accuracy" on a distance, where label 1 (same)
#         means a *small* output, reports nonsense.
# The fix is in 02_dtype_mismatch_fixed.py.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


def euclidean_distance(pair):
    a, b = pair
    return tf.sqrt(tf.reduce_sum(tf.square(a - b), axis=1, keepdims=True))


def contrastive_loss(y_true, y_pred, margin=1.0):
    similar = y_true * tf.square(y_pred)
    dissimilar = (1 - y_true) * tf.square(tf.maximum(margin - y_pred, 0.0))
    return tf.reduce_mean(similar + dissimilar)


tower = tf.keras.Sequential([
    layers.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(16),
], name="tower")

left = layers.Input(shape=(20,))
right = layers.Input(shape=(20,))
distance = layers.Lambda(euclidean_distance)([tower(left), tower(right)])
model = tf.keras.Model([left, right], distance)
model.compile(optimizer="adam", loss=contrastive_loss, metrics=["accuracy"])

x_left = np.random.rand(64, 20).astype("float32")
x_right = np.random.rand(64, 20).astype("float32")
same = np.random.randint(0, 2, size=(64, 1))  # int64 labels: 1 = same identity
model.fit([x_left, x_right], same, epochs=1, batch_size=16)

# Verification against enrolled identities, stored as float64 (NumPy's default).
enrolled = tf.constant(np.random.rand(5, 16))  # tf.float64
query = tower(tf.random.uniform((1, 20)))  # tf.float32
scores = tf.norm(enrolled - query, axis=1)  # raises: float64 - float32
print("closest identity:", int(tf.argmin(scores)))
