# fix mode: safe
import numpy as np
import tensorflow as tf

x_train = np.random.rand(100, 28, 28)
left = tf.keras.Input(shape=x_train.shape[1:])  # the batch axis sneaks in here
right = tf.keras.Input(shape=x_train.shape[1:])

backbone = tf.keras.Sequential([tf.keras.Input(shape=(64,)), tf.keras.layers.Dense(8)])
head_in = tf.keras.Input(shape=backbone.output_shape[1:])
