# fix mode: unsafe
import numpy as np

bank = np.random.rand(20, 16).astype(np.float32)
query = np.random.rand(1, 16).astype(np.float32)
dists = np.sqrt(np.sum((bank - query) ** 2, axis=1))
