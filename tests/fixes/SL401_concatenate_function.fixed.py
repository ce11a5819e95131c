# fix mode: unsafe
from tensorflow.keras.layers import Dense, Input, concatenate, Lambda
from tensorflow.keras.models import Model, Sequential

enc = Sequential([Dense(8)])
a = Input(shape=(4,))
b = Input(shape=(4,))
joined = Lambda(lambda t: abs(t[0] - t[1]))([enc(a), enc(b)])
m = Model([a, b], Dense(1, activation="sigmoid")(joined))
