# fix mode: safe
import keras

left = keras.Input(shape=(64, 64, 3))
right = keras.Input(shape=(64, 64, 3))
