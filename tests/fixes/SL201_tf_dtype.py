# fix mode: unsafe
import numpy as np
import tensorflow as tf

prototypes = tf.Variable(np.zeros((3, 16)), dtype=tf.float64, trainable=False)
queries = tf.random.normal((3, 16), dtype=tf.float32)

sq_dist = tf.reduce_sum(tf.square(queries - prototypes), axis=1)
