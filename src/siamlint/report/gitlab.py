"""GitLab Code Quality report (a JSON array of issues), for merge-request widgets.

Each issue: description, check_name, fingerprint (stable across runs and line moves: the
file, code, message and the issue's rank among identical ones), severity, location.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

SEVERITY = {"error": "major", "warning": "minor"}


def _path(path: str) -> str:
    root = os.environ.get("CI_PROJECT_DIR")
    p = Path(path)
    if root and p.is_absolute():
        try:
            return p.resolve().relative_to(Path(root).resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return p.as_posix()


def render(results, options) -> str:
    issues = []
    seen: dict[str, int] = {}
    for r in results:
        for d in r.diagnostics:
            path = _path(d.path)
            key = f"{path}\0{d.code}\0{d.cell}\0{d.message}"
            rank = seen[key] = seen.get(key, -1) + 1
            fingerprint = hashlib.sha256(f"{key}\0{rank}".encode()).hexdigest()
            description = d.message if d.cell is None else f"cell {d.cell}: {d.message}"
            issues.append({
                "description": f"{d.code} {description}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": SEVERITY[d.severity.value],
                "location": {
                    "path": path,
                    "positions": {
                        "begin": {"line": d.start.line, "column": d.start.column},
                        "end": {"line": d.end.line, "column": d.end.column},
                    },
                },
            })
    return json.dumps(issues, indent=2) + "\n"
