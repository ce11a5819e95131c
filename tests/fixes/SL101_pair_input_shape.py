# fix mode: unsafe
import keras
from keras import layers

tower = keras.Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D()])
input_a = keras.Input(shape=(64, 64, 3))
input_b = keras.Input(shape=(32, 32, 3))  # the second camera
emb_a = tower(input_a)
emb_b = tower(input_b)
distance = layers.Lambda(lambda t: abs(t[0] - t[1]))([emb_a, emb_b])
