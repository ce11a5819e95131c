# fix mode: safe
import numpy as np
import tensorflow as tf

K = tf.keras.backend


def siamese_loss(y_true, y_pred):
    """Contrastive loss with margin 1."""
    y_true = K.cast(y_true, y_pred.dtype)
    sq = K.square(y_pred)
    hinge = K.square(K.relu(1.0 - y_pred))
    return K.mean(y_true * sq + (1 - y_true) * hinge)


tower = tf.keras.Sequential([tf.keras.layers.Dense(8)])
a = tf.keras.Input(shape=(6,))
b = tf.keras.Input(shape=(6,))
d = tf.keras.layers.Lambda(lambda t: tf.norm(t[0] - t[1], axis=1, keepdims=True))([tower(a), tower(b)])
model = tf.keras.Model([a, b], d)
model.compile(optimizer="adam", loss=siamese_loss)
model.fit([np.zeros((4, 6)), np.zeros((4, 6))], np.array([0, 1, 0, 1]), verbose=0)
