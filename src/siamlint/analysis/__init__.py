"""What does this code build? One pass per file from the libcst tree to Facts."""
from __future__ import annotations


def analyze(module, source: str):
    from siamlint.analysis.interpreter import interpret
    from siamlint.positions import PositionIndex

    facts = interpret(module, source)
    facts.positions = PositionIndex(module)
    return facts
