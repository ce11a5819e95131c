# fix mode: safe
import numpy as np
from tensorflow import keras
import tensorflow as tf


def contrastive(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    return (y_true * y_pred ** 2 + (1 - y_true) * keras.activations.relu(1.0 - y_pred) ** 2)


tower = keras.Sequential([keras.layers.Dense(8)])
a = keras.Input(shape=(6,))
b = keras.Input(shape=(6,))
d = keras.layers.Lambda(lambda t: abs(t[0] - t[1]))([tower(a), tower(b)])
model = keras.Model([a, b], keras.layers.Dense(1)(d))
model.compile(optimizer="adam", loss=contrastive)
model.fit([np.zeros((4, 6)), np.zeros((4, 6))], np.array([0, 1, 0, 1]), verbose=0)
