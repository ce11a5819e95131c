# fix mode: safe
import tensorflow as tf
from tensorflow.keras import layers

tower = tf.keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(8)])
a = layers.Input(shape=(14,))
b = layers.Input(shape=(14,))
dist = layers.Lambda(
    lambda t: tf.sqrt(tf.reduce_sum(tf.square(t[0] - t[1]), axis=-1, keepdims=True))  # L2
)([tower(a), tower(b)])
model = tf.keras.Model([a, b], dist)
