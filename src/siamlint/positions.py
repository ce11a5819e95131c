"""Source positions for reported nodes, computed once per file and only when needed.

libcst's PositionProvider is a full pass over the file (about two parses), so the engine
asks for it only after a rule has found something.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from siamlint.diagnostics import Edit, Fix, Position
from siamlint.rules.base import FixSpec
from siamlint.text import split_lines


class PositionIndex:
    def __init__(self, module: cst.Module) -> None:
        self._module = module
        self._ranges = None
        self._lines = None

    def _range(self, node):
        if self._ranges is None:
            wrapper = MetadataWrapper(self._module, unsafe_skip_copy=True)
            self._ranges = wrapper.resolve(PositionProvider)
        return self._ranges.get(node)

    def _line(self, number: int) -> str:
        if self._lines is None:
            self._lines = split_lines(self._module.code, keepends=False)
        return self._lines[number - 1] if 0 < number <= len(self._lines) else ""

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
            content = edit.content
            if edit.where == "replace" and getattr(edit.node, "lpar", None) \
                    and content.startswith("(") and content.endswith(")"):
                content = content[1:-1]  # the node's own parentheses stay in place
            if edit.where == "before":
                end = start
            elif edit.where == "after":
                start = end
            elif edit.where in ("next_line", "line_before"):
                # a new statement on its own line, indented like the node's first line
                line = self._line(start.line)
                indent = line[: len(line) - len(line.lstrip())]
                at = end.line + 1 if edit.where == "next_line" else start.line
                start = end = Position(at, 1)
                content = f"{indent}{content}\n"
            edits.append(Edit(start, end, content))
        return Fix(spec.message, tuple(edits), spec.applicability)
