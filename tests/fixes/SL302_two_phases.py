# fix mode: unsafe
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

tower = tf.keras.Sequential([layers.Dense(8), layers.Dense(4)])
a = layers.Input(shape=(3,))
b = layers.Input(shape=(3,))
net = tf.keras.Model([a, b], layers.Dense(1)(layers.Subtract()([tower(a), tower(b)])))
net.compile(optimizer="adam", loss="mse")
net.fit([np.zeros((2, 3)), np.zeros((2, 3))], np.zeros((2,)))

# phase 2: train the head only
for layer in tower.layers: layer.trainable = False
net.fit([np.zeros((2, 3)), np.zeros((2, 3))], np.zeros((2,)))

# phase 3: fine-tune everything (two changes, one recompile)
tower.layers[0].trainable = True
tower.layers[1].trainable = True
net.fit([np.zeros((2, 3)), np.zeros((2, 3))], np.zeros((2,)))
