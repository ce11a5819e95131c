"""Applying diagnostics' fixes to source text, and writing the result back safely."""
