"""ruff's JSON fields (code, message, filename, location, end_location, fix, url) plus name and severity."""
from __future__ import annotations

import json
from pathlib import Path

DOCS_URL = "https://siamlint.readthedocs.io/en/latest/rules/{code}/"


def _location(position) -> dict:
    return {"row": position.line, "column": position.column}


def _fix(fix) -> dict | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [{"content": e.content, "location": _location(e.start),
                   "end_location": _location(e.end)} for e in fix.edits],
    }


def as_dict(d) -> dict:
    obj = {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "filename": str(Path(d.path).resolve()),
        "location": _location(d.start),
        "end_location": _location(d.end),
        "fix": _fix(d.fix),
        "url": DOCS_URL.format(code=d.code),
        "help": d.help,
    }
    if d.cell is not None:
        obj["cell"] = d.cell
    return obj


def render(results, options) -> str:
    return json.dumps([as_dict(d) for r in results for d in r.diagnostics], indent=2) + "\n"
