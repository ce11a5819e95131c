"""Which files to lint, and reading them: discovery honours .gitignore and skips environments."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

SKIPPED_DIRS = frozenset({".git", "__pycache__", "build", "dist", "node_modules", "site-packages"})
SOURCE_SUFFIXES = (".py", ".ipynb")  # notebooks are linted cell by cell (notebooks.py)


@dataclass(frozen=True)
class Discovery:
    files: list[Path]
    missing: list[Path]  # named paths that do not exist


def _load_gitignore(folder: Path) -> pathspec.PathSpec | None:
    try:
        text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    import pathspec  # here, not at the top: a run on named files never reads a .gitignore

    spec = pathspec.GitIgnoreSpec.from_lines(text.splitlines())
    return spec if spec.patterns else None


def _absolute(path: Path) -> Path:
    """Absolute and normalised (`..` removed) without resolving symlinks, as git sees paths."""
    return Path(os.path.abspath(path))


def _ancestor_ignores(folder: Path) -> list[tuple[Path, pathspec.PathSpec]]:
    """The .gitignore files of the folders above `folder` (absolute), up to the repository root."""
    found: list[tuple[Path, pathspec.PathSpec]] = []
    if (folder / ".git").exists():
        return found  # the folder is the repository root: nothing above it applies
    for parent in folder.parents:
        spec = _load_gitignore(parent)
        if spec is not None:
            found.append((parent, spec))
        if (parent / ".git").exists():
            break
    return found[::-1]


def _ignored(path: Path, is_dir: bool, specs: list[tuple[Path, pathspec.PathSpec]]) -> bool:
    """`path` and every base in `specs` are absolute. The deepest .gitignore that has a say wins."""
    ignored = False
    for base, spec in specs:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        result = spec.check_file(rel + "/" if is_dir else rel)
        if result.include is not None:
            ignored = result.include
    return ignored


def _skip_dir(entry: os.DirEntry) -> bool:
    name = entry.name
    if name in SKIPPED_DIRS or name.startswith("."):
        return True
    # a virtualenv/venv (pyvenv.cfg) or a conda environment (conda-meta/), whatever its name
    return (os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))
            or os.path.isdir(os.path.join(entry.path, "conda-meta")))


def _walk(root: Path, respect_gitignore: bool) -> Iterator[Path]:
    """Depth-first, never following directory symlinks (so symlink loops cannot trap us).

    Paths are yielded as the user wrote the root (`src/a.py`, `./a.py`); .gitignore patterns
    are matched on absolute paths, so a relative root such as `.` still sees the .gitignore
    files of the folders above it.
    """
    abs_root = _absolute(root)
    top_specs = _ancestor_ignores(abs_root) if respect_gitignore else []
    stack: list[tuple[Path, Path, list]] = [(root, abs_root, top_specs)]
    real_root = root.resolve()
    while stack:
        folder, abs_folder, specs = stack.pop()
        if respect_gitignore:
            own = _load_gitignore(folder)
            if own is not None:
                specs = [*specs, (abs_folder, own)]
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # an unreadable folder is skipped, as git does
        subdirs = []
        for entry in entries:
            path, abs_path = Path(entry.path), abs_folder / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not _skip_dir(entry) and not _ignored(abs_path, True, specs):
                        subdirs.append((path, abs_path, specs))
                    continue
                if not entry.name.endswith(SOURCE_SUFFIXES) or not entry.is_file():
                    continue
                if entry.is_symlink() and not path.resolve().is_relative_to(real_root):
                    continue  # a link out of the tree is linted only when named explicitly
            except OSError:
                continue
            if not _ignored(abs_path, False, specs):
                yield path
        stack.extend(sorted(subdirs, key=lambda item: item[0].as_posix(), reverse=True))


def discover(paths: Iterable[Path], respect_gitignore: bool = True) -> Discovery:
    """Expand the paths given on the command line into the files to lint, sorted and unique.

    A named file is always linted, whatever its name and whatever .gitignore says. A named
    folder is walked, except one whose name says it is a source file (`model.py/`): that is
    kept as a file, so reading it reports "is a directory" instead of silently linting
    nothing.
    """
    files: set[Path] = set()
    missing: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.name.endswith(SOURCE_SUFFIXES):
            files.update(_walk(path, respect_gitignore))
        elif path.exists() or path.is_symlink():
            files.add(path)  # named explicitly: always linted, whatever its name
        else:
            missing.append(path)
    return Discovery(sorted(files, key=lambda p: p.as_posix()), missing)


def display_path(path: Path) -> str:
    """A path as users want to read it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()
