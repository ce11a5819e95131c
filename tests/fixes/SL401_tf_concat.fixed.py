# fix mode: unsafe
import tensorflow as tf


class PairClassifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = tf.keras.Sequential([tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(16)])
        self.out = tf.keras.layers.Dense(1, activation="sigmoid")

    def call(self, inputs):
        a, b = inputs
        joined = tf.abs(self.encoder(a) - self.encoder(b))
        return self.out(joined)


model = PairClassifier()
model.compile(optimizer="adam", loss="binary_crossentropy")
