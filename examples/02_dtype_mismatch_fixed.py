# The fix for 02_dtype_mismatch.py: every embedding is float32 (the enrolled ones are cast
# once, where they are made), the Euclidean distance clamps the sum of squares with an
# epsilon before sqrt, the loss casts y_true to y_pred's dtype before mixing them, and the
# model reports a pair accuracy that knows a small distance means "same".
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


def euclidean_distance(pair):
    a, b = pair
    squared = tf.reduce_sum(tf.square(a - b), axis=1, keepdims=True)
    return tf.sqrt(tf.maximum(squared, tf.keras.backend.epsilon()))


def contrastive_loss(y_true, y_pred, margin=1.0):
    y_true = tf.cast(y_true, y_pred.dtype)
    similar = y_true * tf.square(y_pred)
    dissimilar = (1 - y_true) * tf.square(tf.maximum(margin - y_pred, 0.0))
    return tf.reduce_mean(similar + dissimilar)


def pair_accuracy(y_true, y_pred, threshold=0.5):
    predicted_same = tf.cast(y_pred < threshold, y_pred.dtype)
    return tf.reduce_mean(tf.cast(tf.equal(tf.cast(y_true, y_pred.dtype), predicted_same), "float32"))


tower = tf.keras.Sequential([
    layers.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(16),
], name="tower")

left = layers.Input(shape=(20,))
right = layers.Input(shape=(20,))
distance = layers.Lambda(euclidean_distance)([tower(left), tower(right)])
model = tf.keras.Model([left, right], distance)
model.compile(optimizer="adam", loss=contrastive_loss, metrics=[pair_accuracy])

x_left = np.random.rand(64, 20).astype("float32")
x_right = np.random.rand(64, 20).astype("float32")
same = np.random.randint(0, 2, size=(64, 1))  # int64 labels: 1 = same identity
model.fit([x_left, x_right], same, epochs=1, batch_size=16)

# Verification against enrolled identities, stored as float32 like the model's output.
enrolled = tf.constant(np.random.rand(5, 16), dtype=tf.float32)
query = tower(tf.random.uniform((1, 20)))  # tf.float32
scores = tf.norm(enrolled - query, axis=1)
print("closest identity:", int(tf.argmin(scores)))
