"""GitHub Actions workflow commands: one `::error`/`::warning` annotation per diagnostic.

    ::error file=model.py,line=3,col=1,endLine=3,endColumn=9,title=SL101::message
"""
from __future__ import annotations


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def line(d) -> str:
    level = "error" if d.severity.value == "error" else "warning"
    message = d.message if d.cell is None else f"cell {d.cell}: {d.message}"
    props = ",".join([
        f"file={_escape_property(d.path)}",
        f"line={d.start.line}",
        f"col={d.start.column}",
        f"endLine={d.end.line}",
        f"endColumn={d.end.column}",
        f"title={_escape_property(d.code)}",
    ])
    return f"::{level} {props}::{_escape_data(message)}"


def render(results, options) -> str:
    return "".join(line(d) + "\n" for r in results for d in r.diagnostics)
