# fix mode: safe
from tensorflow import keras
from tensorflow.keras import backend as K


def l2(vectors):
    x, y = vectors
    return K.sqrt(K.maximum(K.sum(K.square(x - y), axis=1, keepdims=True), K.epsilon()))


net = keras.Sequential([keras.layers.Dense(16)])
ref = keras.Input(shape=(40,))
qry = keras.Input(shape=(40,))
d = keras.layers.Lambda(l2)([net(ref), net(qry)])
