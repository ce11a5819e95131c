"""A content cache, like ruff's: (siamlint version, settings, file content) -> diagnostics.

Entries are JSON files written atomically; an entry that is missing, corrupted, or written by
another version is ignored (never trusted, never a crash).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from siamlint import __version__
from siamlint.diagnostics import (
    Applicability,
    Diagnostic,
    Edit,
    Fix,
    Notice,
    Position,
    Severity,
)
from siamlint.engine import FileResult

DEFAULT_DIR = Path(".siamlint_cache")


def _position(p: Position) -> list[int]:
    return [p.line, p.column]


def _encode(d: Diagnostic) -> dict:
    fix = None
    if d.fix is not None:
        fix = {"message": d.fix.message, "applicability": d.fix.applicability.value,
               "edits": [[_position(e.start), _position(e.end), e.content, e.cell]
                         for e in d.fix.edits]}
    return {"code": d.code, "name": d.name, "severity": d.severity.value, "message": d.message,
            "start": _position(d.start), "end": _position(d.end), "help": d.help, "fix": fix,
            "cell": d.cell}


def _decode(obj: dict, path: str) -> Diagnostic:
    fix = None
    if obj["fix"] is not None:
        raw = obj["fix"]
        fix = Fix(raw["message"], tuple(Edit(Position(*s), Position(*e), c, cell)
                                        for s, e, c, cell in raw["edits"]),
                  Applicability(raw["applicability"]))
    return Diagnostic(obj["code"], obj["name"], Severity(obj["severity"]), obj["message"], path,
                      Position(*obj["start"]), Position(*obj["end"]), obj["help"], fix,
                      obj["cell"])


def _code_fingerprint() -> str:
    """siamlint's own sources (names, sizes, mtimes): an edited checkout never reads entries
    written by other code, even before its version number changes."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


class Cache:
    def __init__(self, folder: Path) -> None:
        self.root = Path(folder)
        self.folder = self.root / __version__
        self.code = _code_fingerprint()

    def key(self, data: bytes, fingerprint: str) -> str:
        digest = hashlib.sha256()
        digest.update(f"{__version__}\0{self.code}\0{fingerprint}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, display: str) -> FileResult | None:
        try:
            obj = json.loads(self._path(key).read_text(encoding="utf-8"))
            if not isinstance(obj, dict) or obj.get("key") != key:
                return None
            result = FileResult(display, source=obj["source"])
            result.diagnostics = [_decode(d, display) for d in obj["diagnostics"]]
            result.notices = [Notice(display, message) for message in obj["notices"]]
            return result
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        if result.errors:
            return  # failures are retried, never remembered
        obj = {"key": key, "source": result.source if result.diagnostics else "",
               "diagnostics": [_encode(d) for d in result.diagnostics],
               "notices": [n.message for n in result.notices]}
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._ignore_in_git()
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(obj, handle)
            os.replace(temp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def _ignore_in_git(self) -> None:
        marker = self.root / ".gitignore"
        if not marker.exists():
            marker.write_text("# created by siamlint\n*\n", encoding="utf-8")
