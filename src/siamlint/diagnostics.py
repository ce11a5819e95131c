"""What a rule reports: plain frozen dataclasses shared by the engine, fixes and reporters."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # fails (or is certainly wrong) when run
    WARNING = "warning"  # runs, but very likely not what the author wants


class Applicability(str, Enum):
    SAFE = "safe"  # keeps what the user clearly meant; applied by --fix
    UNSAFE = "unsafe"  # changes what the model computes; only with --unsafe-fixes


@dataclass(frozen=True, order=True)
class Position:
    """1-based line and column, as editors and ruff print them."""

    line: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text between start (inclusive) and end (exclusive) with `content`.

    `cell` is the notebook cell the positions refer to (None for a .py file).
    """

    start: Position
    end: Position
    content: str
    cell: int | None = None


@dataclass(frozen=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    start: Position
    end: Position
    help: str = ""
    fix: Fix | None = None
    cell: int | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.start.line, self.start.column, self.code)


@dataclass(frozen=True)
class FileError:
    """A path that could not be linted at all (missing, unreadable, internal error): exit 2."""

    path: str
    message: str
    detail: str = field(default="", compare=False)  # a traceback, shown with --verbose


@dataclass(frozen=True)
class Notice:
    """A file that was read but could not be analysed (not a syntax error, not a failure)."""

    path: str
    message: str
