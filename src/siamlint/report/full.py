"""The default report, in the style of ruff and rustc: location, code, the source with the
span underlined, and `help:` with the fix written for the user's code."""
from __future__ import annotations

import io

from siamlint.report.summary import summary_line
from siamlint.text import split_lines

CONTEXT = 1  # source lines shown above and below the reported span


def _snippet(d, lines: list[str]):
    from rich.text import Text

    first = max(d.start.line - CONTEXT, 1)
    last_reported = max(d.end.line, d.start.line)
    if d.end.line > d.start.line and d.end.column == 1:
        last_reported -= 1  # a span ending at the start of a line does not cover that line
    last = min(last_reported + CONTEXT, len(lines))
    width = len(str(last))
    gutter = " " * width + " |"
    out = Text()
    out.append(gutter + "\n", style="blue")
    for number in range(first, last + 1):
        source = lines[number - 1].rstrip("\r\n").expandtabs(1)
        out.append(f"{number:>{width}} | ", style="blue")
        out.append(source + "\n")
        if d.start.line <= number <= last_reported:
            begin = d.start.column - 1 if number == d.start.line else len(source) - len(source.lstrip())
            end = d.end.column - 1 if number == d.end.line else len(source)
            end = max(end, begin + 1)
            out.append(gutter, style="blue")
            out.append(" " * (begin + 1) + "^" * (end - begin), style="bold red")
            if number == last_reported:
                out.append(f" {d.code}", style="bold red")
            out.append("\n")
    out.append(gutter + "\n", style="blue")
    return out


def render_diagnostic(d, source: str):
    from rich.text import Text

    text = Text()
    text.append(d.path, style="bold")
    cell = f"cell {d.cell}:" if d.cell is not None else ""
    text.append(f":{cell}{d.start.line}:{d.start.column}: ")
    style = "bold red" if d.severity.value == "error" else "bold yellow"
    text.append(d.code, style=style)
    if d.fix is not None:
        text.append(" [*]", style="cyan")
    text.append(f" {d.message}\n")
    lines = split_lines(source, keepends=False)
    if lines and d.start.line <= len(lines):
        text.append_text(_snippet(d, lines))
    if d.help:
        text.append(" " * len(str(d.start.line)) + " = ", style="blue")
        text.append("help", style="bold cyan")
        text.append(f": {d.help}\n")
    return text


def render(results, options) -> str:
    if not options.color and not any(r.diagnostics for r in results):
        return "" if options.quiet else summary_line(results) + "\n"  # no need for rich
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=options.color, no_color=not options.color,
                      width=10_000, soft_wrap=True, highlight=False, emoji=False, markup=False)
    for result in results:
        cells = getattr(result, "cell_sources", None) or {}
        for d in result.diagnostics:
            source = cells.get(d.cell, "") if d.cell is not None else result.source
            console.print(render_diagnostic(d, source))
    if not options.quiet:
        console.print(Text(summary_line(results), style="bold"))
    return buffer.getvalue()
