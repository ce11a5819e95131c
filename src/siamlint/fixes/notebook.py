"""Fixing a notebook: lint the joined cells, apply the wanted fixes to the cells they belong
to (each edit knows its cell), re-lint, until nothing more applies.

Edits are computed on the joined source, where IPython lines are masked; a fix that would
rewrite a masked line is not applied (the masked text is not what the user wrote). Inserting
a line next to one is fine. Outputs, metadata and every other part of the JSON are kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from siamlint.diagnostics import Diagnostic
from siamlint.fixes.apply import apply_fixes, wanted
from siamlint.fixes.run import MAX_ROUNDS
from siamlint.text import split_lines


@dataclass
class FixedNotebook:
    before: bytes
    after: bytes
    result: object  # NotebookResult, finished (diagnostics mapped to cells)
    before_source: str = ""  # the joined cells as written, for --diff
    after_source: str = ""
    applied: list[Diagnostic] = field(default_factory=list)  # positions within their cell
    not_applied: list[Diagnostic] = field(default_factory=list)
    original: object = None  # the result before fixing (when nothing is written)

    @property
    def changed(self) -> bool:
        return self.after != self.before


def _touches_masked(diagnostic: Diagnostic, masked: list[str], original: list[str]) -> bool:
    for edit in diagnostic.fix.edits:
        if edit.start == edit.end:
            continue  # an insertion rewrites no line
        last = edit.end.line - (1 if edit.end.column == 1 and edit.end.line > edit.start.line
                                else 0)
        for line in range(edit.start.line, last + 1):
            if 0 < line <= len(masked) and masked[line - 1] != original[line - 1]:
                return True
    return False


def fix_notebook(display: str, data: bytes, rules, unsafe: bool, keep) -> FixedNotebook:
    from siamlint import notebooks

    def lint(source: bytes):
        result = notebooks.NotebookResult(display)
        state = notebooks.lint(display, source, rules, result)
        keep(result)
        return result, state

    result, state = lint(data)
    fixed = FixedNotebook(data, data, result)
    first_state = state
    if state.notebook is not None:
        fixed.before_source = fixed.after_source = state.notebook.original
    for _ in range(MAX_ROUNDS):
        notebook = state.notebook
        if notebook is None or state.skipped or result.errors:
            break
        candidates = [d for d in result.diagnostics if wanted(d, unsafe)]
        masked, original = split_lines(notebook.joined), split_lines(notebook.original)
        candidates = [d for d in candidates if not _touches_masked(d, masked, original)]
        if not candidates:
            break
        outcome = apply_fixes(notebook.joined, candidates, unsafe)
        edits = [e for d in outcome.applied for e in d.fix.edits]
        new = notebooks.apply_cell_edits(fixed.after, notebooks.edits_to_cells(edits, notebook))
        if new == fixed.after:
            break
        try:
            cst.parse_module(notebooks.load(new).joined)
        except (cst.ParserSyntaxError, notebooks.NotebookError):
            fixed.not_applied.extend(notebooks.to_cells(outcome.applied, notebook))
            break
        fixed.applied.extend(notebooks.to_cells(outcome.applied, notebook))
        fixed.after = new
        result, state = lint(new)
    if fixed.changed and state.notebook is not None:
        fixed.after_source = state.notebook.original
    if result is not fixed.result:
        notebooks.finish(fixed.result, first_state)
        fixed.original = fixed.result
    notebooks.finish(result, state)
    fixed.result = result
    if fixed.original is None:
        fixed.original = result
    return fixed
