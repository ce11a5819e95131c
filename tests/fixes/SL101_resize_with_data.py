# fix mode: unsafe
import numpy as np
import tensorflow as tf

# the query scans come from another scanner: 150 rows instead of 155
reference_scan = tf.keras.Input(shape=(155, 220, 1), name="reference")
query_scan = tf.keras.Input(shape=(150, 220, 1), name="query")
signet = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 5, strides=2), tf.keras.layers.GlobalAveragePooling2D()])
ref_vec = signet(reference_scan)
qry_vec = signet(query_scan)
l1 = tf.keras.layers.Lambda(lambda v: tf.abs(v[0] - v[1]))([ref_vec, qry_vec])
verifier = tf.keras.Model([reference_scan, query_scan], tf.keras.layers.Dense(1, activation="sigmoid")(l1))
verifier.compile(optimizer="adam", loss="binary_crossentropy")
verifier.fit([np.random.rand(2, 155, 220, 1), np.random.rand(2, 150, 220, 1)], np.array([1, 0]), verbose=0)
