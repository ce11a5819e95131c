# fix mode: safe
import keras
from keras import layers

backbone = keras.applications.ResNet50V2(include_top=False, pooling="avg")
img_a = keras.Input(shape=(224, 224, 3))
img_b = keras.Input(shape=(224, 224, 3))
emb_a, emb_b = backbone(img_a), backbone(img_b)
distance = layers.Lambda(lambda t: abs(t[0] - t[1]))([emb_a, emb_b])
model = keras.Model([img_a, img_b], layers.Dense(1, activation="sigmoid")(distance))
model.compile(optimizer="adam", loss="binary_crossentropy")
