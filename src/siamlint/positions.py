"""Source positions for reported nodes, computed once per file and only when needed.

libcst's PositionProvider is a full pass over the file (about two parses), so the engine
asks for it only after a rule has found something.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from siamlint.diagnostics import Edit, Fix, Position
from siamlint.rules.base import FixSpec


class PositionIndex:
    def __init__(self, module: cst.Module) -> None:
        self._module = module
        self._ranges = None

    def _range(self, node):
        if self._ranges is None:
            wrapper = MetadataWrapper(self._module, unsafe_skip_copy=True)
            self._ranges = wrapper.resolve(PositionProvider)
        return self._ranges.get(node)

    def span(self, node) -> tuple[Position, Position]:
        """1-based (line, column) of the node's first and one-past-last character."""
        code_range = self._range(node) if node is not None else None
        if code_range is None:
            return Position(1, 1), Position(1, 1)
        return (Position(code_range.start.line, code_range.start.column + 1),
                Position(code_range.end.line, code_range.end.column + 1))

    def fix(self, spec: FixSpec | None) -> Fix | None:
        if spec is None:
            return None
        edits = []
        for edit in spec.edits:
            start, end = self.span(edit.node)
            if edit.where == "before":
                end = start
            elif edit.where == "after":
                start = end
            edits.append(Edit(start, end, edit.content))
        return Fix(spec.message, tuple(edits), spec.applicability)
