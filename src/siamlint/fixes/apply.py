"""Apply the edits of fixes to a source text: one pass, non-overlapping, all-or-nothing per fix.

Edits are positioned by 1-based (line, column) in characters, as diagnostics report them.
Overlapping fixes are resolved deterministically: in diagnostic order, the first wins and
the others are returned as not applied (a later run may apply them).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from siamlint.diagnostics import Applicability, Diagnostic, Edit
from siamlint.text import split_lines


@dataclass
class FixOutcome:
    text: str
    applied: list[Diagnostic] = field(default_factory=list)
    skipped: list[Diagnostic] = field(default_factory=list)  # overlapped an applied fix


def line_offsets(text: str) -> list[int]:
    """Offset of the first character of every line (and one past the end)."""
    offsets = [0]
    for line in split_lines(text):
        offsets.append(offsets[-1] + len(line))
    return offsets


def to_offset(offsets: list[int], text_length: int, line: int, column: int) -> int:
    if line > len(offsets) - 1:
        return text_length
    return min(offsets[line - 1] + column - 1, text_length)


def newline_of(text: str) -> str:
    """The file's line ending, so inserted lines match it."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def wanted(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and bool(fix.edits) and (
        fix.applicability is Applicability.SAFE or unsafe)


def _span(offsets: list[int], length: int, edit: Edit) -> tuple[int, int]:
    return (to_offset(offsets, length, edit.start.line, edit.start.column),
            to_offset(offsets, length, edit.end.line, edit.end.column))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits in one pass; inserted lines take the file's line ending."""
    offsets = line_offsets(text)
    newline = newline_of(text)
    planned = sorted((*_span(offsets, len(text), e), e.content) for e in edits)
    pieces, cursor = [], 0
    unterminated = bool(text) and text[-1] not in "\r\n"
    for start, end, content in planned:
        if start == len(text) and unterminated and content.endswith("\n"):
            content = "\n" + content  # a line added after a last line that has no newline
            unterminated = False
        pieces.append(text[cursor:start])
        pieces.append(content.replace("\n", newline) if newline != "\n" else content)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool = False) -> FixOutcome:
    offsets = line_offsets(text)
    taken: list[tuple[int, int]] = []
    chosen: list[Edit] = []
    outcome = FixOutcome(text)
    for diagnostic in diagnostics:
        if not wanted(diagnostic, unsafe):
            continue
        spans = [_span(offsets, len(text), edit) for edit in diagnostic.fix.edits]
        if any(_overlaps(s, e, ts, te) for s, e in spans for ts, te in taken):
            outcome.skipped.append(diagnostic)
            continue
        taken.extend(spans)
        chosen.extend(diagnostic.fix.edits)
        outcome.applied.append(diagnostic)
    outcome.text = apply_edits(text, chosen)
    return outcome


def _overlaps(start, end, other_start, other_end) -> bool:
    """Spans overlap when they share a character; two insertions at one point also clash."""
    if start == end and other_start == other_end:
        return start == other_start
    return start < other_end and other_start < end
