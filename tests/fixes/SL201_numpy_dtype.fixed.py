# fix mode: unsafe
import numpy as np

# enrolled templates, loaded once
enrolled = np.array(np.random.rand(5, 12), dtype="float32")
observed = np.array(np.random.rand(5, 12), dtype="float32")

scores = np.linalg.norm(enrolled - observed, axis=1)
print(scores)
