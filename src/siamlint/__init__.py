"""siamlint: a static-analysis linter for Keras Siamese networks."""

__version__ = "0.1.0"
