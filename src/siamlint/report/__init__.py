"""Output formats: one module each, loaded only when chosen (rich is slow to import)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass

FORMATS = ("full", "concise", "json")


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    quiet: bool = False
    verbose: bool = False


def render(fmt: str, results, options: ReportOptions) -> str:
    """The report of all results as one string in the chosen format."""
    module = importlib.import_module(f"siamlint.report.{fmt}")
    return module.render(results, options)
