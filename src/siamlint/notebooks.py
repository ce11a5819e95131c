"""Jupyter notebooks: code cells joined into one module, IPython syntax masked, positions
mapped back to `cell N` (1-based, counting code cells as ruff does) and a line in the cell.

Masking keeps every line (a masked line is replaced by one line), so line numbers of the
joined source map to cells by offset alone. Edits (for `--add-noqa` and fixes) carry their
cell and are applied to that cell's source only; outputs, metadata and everything else in
the JSON are written back as they were read.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

from siamlint.diagnostics import Diagnostic, Edit, FileError, Fix, Notice, Position
from siamlint.engine import FileResult, lint_bytes
from siamlint.text import split_lines

# Cell magics whose body is still Python; any other `%%magic` makes the cell not Python.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "autoreload"})
_LINE_MAGIC = re.compile(r"^(\s*)(?:%|!|\?)")
_ASSIGNED_MAGIC = re.compile(r"^(\s*[\w.\[\], ()*]+?\s*=\s*)(?:%|!)\S")
_HELP = re.compile(r"^(\s*)[\w.]+\?\??\s*$")


@dataclass
class NotebookResult(FileResult):
    """A notebook's result: `cell_sources` lets reporters show the cell's own lines."""

    cell_sources: dict = field(default_factory=dict)


class NotebookError(Exception):
    """Not a notebook siamlint can read (invalid JSON, not nbformat 4)."""


@dataclass
class Cell:
    number: int  # 1-based among code cells
    index: int  # position in the notebook's `cells` list
    source: str  # as written (newline-terminated when not empty)
    masked: str  # what is parsed
    first_line: int  # line of the joined source where this cell starts (1-based)
    lines: int


@dataclass
class Notebook:
    data: dict
    cells: list[Cell] = field(default_factory=list)
    joined: str = ""

    @property
    def original(self) -> str:
        """The joined cells as written (IPython lines not masked): the same lines as `joined`."""
        return "".join(cell.source for cell in self.cells)

    def locate(self, line: int) -> tuple[Cell, int] | None:
        """The cell holding a line of the joined source, and the line within it."""
        for cell in self.cells:
            if cell.lines and cell.first_line <= line < cell.first_line + cell.lines:
                return cell, line - cell.first_line + 1
        return None


def _cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    if not isinstance(source, str):
        return ""
    return source


def mask(source: str) -> str:
    """IPython syntax replaced, line for line, by Python that parses (and means nothing)."""
    lines = split_lines(source)
    if not lines:
        return source
    first = lines[0].lstrip()
    if first.startswith("%%"):
        magic = first[2:].split(None, 1)[0] if first[2:].strip() else ""
        if magic not in PYTHON_CELL_MAGICS:  # %%bash, %%writefile...: not Python at all
            return "".join("#" + line if line.strip() else line for line in lines)
        lines[0] = "#" + lines[0]
        start = 1
    else:
        start = 0
    continued = False
    for i in range(start, len(lines)):
        line = lines[i]
        body = line.rstrip("\r\n")
        newline = line[len(body):]
        if continued:  # the continuation of a magic line ending in a backslash
            lines[i] = "#" + body + newline
            continued = body.endswith("\\")
            continue
        assigned = _ASSIGNED_MAGIC.match(body)
        if assigned:
            lines[i] = assigned.group(1) + "__siamlint_magic__()" + newline
            continued = body.endswith("\\")
            continue
        magic = _LINE_MAGIC.match(body) or _HELP.match(body)
        if magic:
            lines[i] = magic.group(1) + "pass  #" + body[len(magic.group(1)):].replace("\\", "") + newline
            continued = body.endswith("\\")
    return "".join(lines)


def load(data: bytes) -> Notebook:
    """Parse notebook JSON and join its code cells; NotebookError when it is not one."""
    try:
        nb = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not a valid notebook: not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a valid notebook: invalid JSON at line {exc.lineno} "
                            f"column {exc.colno}: {exc.msg}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells", None), list):
        if isinstance(nb, dict) and "worksheets" in nb:
            raise NotebookError("not a valid notebook: nbformat 3 is not supported "
                                "(convert it with `jupyter nbconvert --to notebook`)")
        raise NotebookError("not a valid notebook: no `cells` list")
    notebook = Notebook(nb)
    parts = []
    line = 1
    number = 0
    for index, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = _cell_text(cell)
        if source and not source.endswith("\n"):
            source += "\n"
        masked = mask(source)
        count = len(split_lines(source))
        notebook.cells.append(Cell(number, index, source, masked, line, count))
        parts.append(masked)
        line += count
    notebook.joined = "".join(parts)
    return notebook


def language(nb: dict) -> str | None:
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    for key in ("kernelspec", "language_info"):
        info = meta.get(key)
        if isinstance(info, dict):
            name = info.get("language") or (info.get("name") if key == "language_info" else None)
            if isinstance(name, str):
                return name.lower()
    return None


# ---------------------------------------------------------------------------------------
# Positions: joined source -> cells


def _map_position(notebook: Notebook, pos: Position, cell: Cell | None, end: bool = False):
    found = notebook.locate(pos.line)
    if found is None or (cell is not None and found[0] is not cell):
        if cell is None:
            cell = notebook.cells[-1] if notebook.cells else None
            if cell is None:
                return None, pos
        # clamp into the cell: a span that runs past the cell's last line ends there
        last = split_lines(cell.source)[-1].rstrip("\r\n") if cell.lines else ""
        if end or pos.line >= cell.first_line + cell.lines:
            return cell, Position(max(cell.lines, 1), len(last) + 1)
        return cell, Position(1, 1)
    return found[0], Position(found[1], pos.column)


def to_cells(diagnostics: list[Diagnostic], notebook: Notebook) -> list[Diagnostic]:
    """Diagnostics (and their fix edits) with `cell` set and lines counted within the cell."""
    out = []
    for d in diagnostics:
        cell, start = _map_position(notebook, d.start, None)
        if cell is None:
            out.append(d)
            continue
        _, end = _map_position(notebook, d.end, cell, end=True)
        fix = d.fix
        if fix is not None:
            edits = []
            for e in fix.edits:
                ecell, estart = _map_position(notebook, e.start, None)
                _, eend = _map_position(notebook, e.end, ecell, end=True)
                edits.append(Edit(estart, eend, e.content, ecell.number if ecell else None))
            fix = Fix(fix.message, tuple(edits), fix.applicability)
        out.append(replace(d, start=start, end=end, cell=cell.number, fix=fix))
    return out


def edits_to_cells(edits: list[Edit], notebook: Notebook) -> list[Edit]:
    out = []
    for e in edits:
        cell, start = _map_position(notebook, e.start, None)
        _, end = _map_position(notebook, e.end, cell, end=True)
        out.append(Edit(start, end, e.content, cell.number if cell else None))
    return out


# ---------------------------------------------------------------------------------------
# Writing back


def _indent_of(data: bytes) -> int:
    match = re.match(rb"\s*\{\s*?\n( +)\"", data)
    return len(match.group(1)) if match else 1


def apply_cell_edits(data: bytes, edits: list[Edit]) -> bytes:
    """The notebook with edits (positions within their `cell`) applied to the cells' sources.

    Everything else (outputs, metadata, key order) is kept; the JSON is written as Jupyter
    writes it (indent as found, non-ASCII kept, trailing newline).
    """
    from siamlint.fixes.apply import apply_edits

    notebook = load(data)
    by_cell: dict[int, list[Edit]] = {}
    for e in edits:
        if e.cell is None:
            raise ValueError("a notebook edit must name its cell")
        by_cell.setdefault(e.cell, []).append(e)
    if not by_cell:
        return data
    for cell in notebook.cells:
        cell_edits = by_cell.get(cell.number)
        if not cell_edits:
            continue
        raw = notebook.data["cells"][cell.index]
        original = _cell_text(raw)
        new = apply_edits(original if original.endswith("\n") or not original else original + "\n",
                          cell_edits)
        if not original.endswith("\n") and new.endswith("\n"):
            new = new[:-1]  # the last line of a cell has no newline in nbformat
        if isinstance(raw.get("source"), list):
            raw["source"] = split_lines(new)
        else:
            raw["source"] = new
    text = json.dumps(notebook.data, indent=_indent_of(data), ensure_ascii=False)
    return (text + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------
# Linting


@dataclass
class NotebookLint:
    """What linting a notebook's joined source needs to be finished (suppression, mapping)."""

    notebook: Notebook | None
    skipped: bool = False


def lint(display: str, data: bytes, rules, result: NotebookResult) -> NotebookLint:
    """Lint a notebook into `result` (positions in the joined source, to be mapped after
    suppression with `finish`). Errors and notices go into the result; never raises."""
    try:
        notebook = load(data)
    except NotebookError as exc:
        result.errors.append(FileError(display, str(exc)))
        return NotebookLint(None, True)
    lang = language(notebook.data)
    if lang is not None and lang != "python":
        result.notices.append(Notice(display, f"not analysed: a {lang} notebook, not Python"))
        return NotebookLint(notebook, True)
    if not notebook.joined.strip():
        return NotebookLint(notebook, True)  # no code: nothing to report
    inner = lint_bytes(notebook.joined.encode("utf-8"), display, rules)
    result.diagnostics.extend(inner.diagnostics)
    result.errors.extend(inner.errors)
    result.notices.extend(inner.notices)
    result.source = notebook.joined
    return NotebookLint(notebook)


def finish(result, state: NotebookLint) -> None:
    """Map the result's diagnostics to cells and give the reporters each cell's source."""
    if state.notebook is None:
        return
    result.diagnostics = to_cells(result.diagnostics, state.notebook)
    result.diagnostics.sort(key=lambda d: (d.path, d.cell or 0, d.start.line, d.start.column, d.code))
    result.cell_sources = {cell.number: cell.source for cell in state.notebook.cells}
