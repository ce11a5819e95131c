# fix mode: unsafe
import numpy as np
from tensorflow.keras import layers, Model

tok_a = layers.Input(shape=(18,), dtype="int32")
tok_b = layers.Input(shape=(18,), dtype="int32")
emb = layers.Embedding(400, 16)
bigru = layers.Bidirectional(layers.GRU(12))
vec_a = bigru(emb(tok_a))
vec_b = bigru(emb(tok_b))
pair_repr = layers.Lambda(lambda t: abs(t[0] - t[1]))([vec_a, vec_b])
logits = layers.Dense(1, activation="sigmoid")(pair_repr)
clf = Model([tok_a, tok_b], logits)
