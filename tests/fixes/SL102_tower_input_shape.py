# fix mode: unsafe
import keras
from keras import layers

encoder_in = keras.Input(shape=(128,))
encoder = keras.Model(encoder_in, layers.Dense(32)(encoder_in))

query = keras.Input(shape=(100,))
doc = keras.Input(shape=(100,))
q_vec = encoder(query)
d_vec = encoder(doc)
