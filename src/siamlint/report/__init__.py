"""Output formats: one module each, loaded only when chosen (rich is slow to import)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass

FORMATS = ("full", "concise", "json", "json-lines", "github", "sarif", "junit", "gitlab")


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    quiet: bool = False
    verbose: bool = False


def render(fmt: str, results, options: ReportOptions) -> str:
    """The report of all results as one string in the chosen format."""
    module = importlib.import_module(f"siamlint.report.{fmt.replace('-', '_')}")
    return module.render(results, options)


def location_text(d) -> str:
    """`cell N:line:col` for a notebook, `line:col` otherwise (after the path)."""
    cell = f"cell {d.cell}:" if d.cell is not None else ""
    return f"{cell}{d.start.line}:{d.start.column}"
