"""The closing line that human-readable formats share."""
from __future__ import annotations

from siamlint.diagnostics import Applicability


def summary_line(results) -> str:
    diagnostics = [d for r in results for d in r.diagnostics]
    if not diagnostics:
        failed = sum(1 for r in results if r.errors)
        if failed:
            return f"No problems found; {failed} file{'s' if failed != 1 else ''} could not be checked."
        return "All checks passed!"
    files = len({d.path for d in diagnostics})
    safe = sum(d.fix is not None and d.fix.applicability is Applicability.SAFE for d in diagnostics)
    unsafe = sum(d.fix is not None and d.fix.applicability is Applicability.UNSAFE
                 for d in diagnostics)
    problems = "problem" if len(diagnostics) == 1 else "problems"
    in_files = "file" if files == 1 else "files"
    tail = []
    if safe:
        tail.append(f"{safe} fixable with --fix")
    if unsafe:
        tail.append(f"{unsafe} more with --unsafe-fixes")
    extra = f" ({', '.join(tail)})" if tail else ""
    return f"Found {len(diagnostics)} {problems} in {files} {in_files}{extra}."
