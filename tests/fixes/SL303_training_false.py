# fix mode: safe
import keras

base = keras.applications.MobileNetV2(include_top=False, pooling="avg", input_shape=(96, 96, 3))
base.trainable = False
left = keras.Input(shape=(96, 96, 3))
right = keras.Input(shape=(96, 96, 3))
features_l = base(left)
features_r = base(
    right,  # the probe
)
distance = keras.layers.Lambda(lambda t: abs(t[0] - t[1]))([features_l, features_r])
model = keras.Model([left, right], keras.layers.Dense(1, activation="sigmoid")(distance))
model.compile(optimizer="adam", loss="binary_crossentropy")
