# fix mode: safe
import keras

left = keras.Input(shape=(64, 64, 3))  # noqa: SL101
right = keras.Input(shape=(64, 64, 3))  # noqa: SL101, SL202
