"""The closing line that human-readable formats share."""
from __future__ import annotations


def summary_line(results) -> str:
    diagnostics = [d for r in results for d in r.diagnostics]
    if not diagnostics:
        return "All checks passed!"
    files = len({d.path for d in diagnostics})
    fixable = sum(d.fix is not None for d in diagnostics)
    problems = "problem" if len(diagnostics) == 1 else "problems"
    in_files = "file" if files == 1 else "files"
    tail = f" ({fixable} fixable with --fix)" if fixable else ""
    return f"Found {len(diagnostics)} {problems} in {files} {in_files}{tail}."
