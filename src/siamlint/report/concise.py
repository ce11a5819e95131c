"""One line per diagnostic: `path:line:col: CODE message`."""
from __future__ import annotations

from siamlint.report.summary import summary_line


def line(d) -> str:
    cell = f"cell {d.cell}:" if d.cell is not None else ""
    return f"{d.path}:{cell}{d.start.line}:{d.start.column}: {d.code} {d.message}"


def render(results, options) -> str:
    out = [line(d) for r in results for d in r.diagnostics]
    if not options.quiet:
        out.append(summary_line(results))
    return "\n".join(out) + "\n" if out else ""
