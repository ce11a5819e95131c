# fix mode: unsafe
import numpy as np
from tensorflow.keras import layers, models, optimizers

tower = models.Sequential([layers.Input(shape=(20,)), layers.Dense(32, activation="relu"), layers.Dense(8)])
p = layers.Input(shape=(20,))
q = layers.Input(shape=(20,))
dist = layers.Lambda(lambda t: abs(t[0] - t[1]))([tower(p), tower(q)])
net = models.Model([p, q], layers.Dense(1, activation="sigmoid")(dist))
net.compile(
    optimizer=optimizers.Adam(1e-3),  # phase 1
    loss="binary_crossentropy",
)
net.fit([np.random.rand(4, 20), np.random.rand(4, 20)], np.array([1, 1, 0, 0]), verbose=0)

# phase 2: freeze the first layer
for layer in tower.layers[:1]:
    layer.trainable = False
net.fit([np.random.rand(4, 20), np.random.rand(4, 20)], np.array([1, 1, 0, 0]), verbose=0)
